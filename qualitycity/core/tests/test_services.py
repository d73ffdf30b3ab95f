"""The platform calendar service (with admin overrides) and the rule book."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from qualitycity.core import services
from qualitycity.core.models import AuditRecord, CalendarDay, Rule

pytestmark = pytest.mark.django_db


def test_add_workdays_across_national_day_2026() -> None:
    assert services.add_workdays(dt.date(2026, 9, 30), 1) == dt.date(2026, 10, 8)
    assert services.add_workdays(dt.date(2026, 10, 8), 2) == dt.date(2026, 10, 10)


def test_admin_override_takes_precedence_and_is_audited(cast) -> None:
    staff = cast("sysadmin")
    assert services.is_workday(dt.date(2026, 12, 31)) is True
    services.set_calendar_day(actor=staff, date=dt.date(2026, 12, 31), is_workday=False, name="调休")
    assert services.is_workday(dt.date(2026, 12, 31)) is False
    assert AuditRecord.objects.filter(object_type="core.calendarday", action="create").count() == 1


def test_2027_is_an_error_until_entered(cast) -> None:
    with pytest.raises(services.CalendarNotAvailable):
        services.add_workdays(dt.date(2027, 3, 1), 1)
    assert services.missing_calendar_years(dt.date(2026, 11, 28)) == [2027]
    CalendarDay.objects.create(date=dt.date(2027, 1, 1), is_workday=False, name="元旦")
    assert services.add_workdays(dt.date(2027, 3, 1), 1) == dt.date(2027, 3, 2)
    assert services.missing_calendar_years(dt.date(2026, 11, 28)) == []


def test_home_page_warns_when_next_year_is_missing(login) -> None:
    page = login("sysadmin").get("/").content.decode()
    assert "2027" in page


def test_rule_as_in_force_on_a_date(cast) -> None:
    assert services.rule("complaint-acceptance", dt.date(2025, 1, 1)).effective_from == dt.date(2019, 12, 1)
    assert services.rule("complaint-acceptance", dt.date(2026, 5, 1)).effective_from == dt.date(2026, 4, 15)
    new = services.add_rule_version(
        actor=cast("sysadmin"),
        key="complaint-acceptance",
        value=Decimal(5),
        effective_from=dt.date(2027, 1, 1),
        legal_source="test",
    )
    assert services.rule_value("complaint-acceptance", dt.date(2027, 2, 1)) == Decimal(5)
    assert services.rule_value("complaint-acceptance", dt.date(2026, 12, 31)) == Decimal(7)
    assert new.name == Rule.objects.get(key="complaint-acceptance", effective_from=dt.date(2019, 12, 1)).name


def test_rule_version_must_be_later(cast) -> None:
    with pytest.raises(ValidationError):
        services.add_rule_version(
            actor=cast("sysadmin"),
            key="complaint-acceptance",
            value=Decimal(5),
            effective_from=dt.date(2020, 1, 1),
            legal_source="test",
        )


def test_rule_before_any_version_is_an_error() -> None:
    with pytest.raises(ValidationError):
        services.rule("penalty-publication", dt.date(2000, 1, 1))


def test_every_shipped_rule_names_its_source() -> None:
    rules = Rule.objects.all()
    assert rules.count() >= 30
    assert all(r.legal_source for r in rules)


def test_home_lists_imports_waiting_for_confirmation(login, cast) -> None:
    from qualitycity.core.choices import JobKind, JobStatus
    from qualitycity.core.models import Job

    Job.objects.create(
        kind=JobKind.IMPORT_VALIDATE,
        name="导入市场主体：a.xlsx",
        owner=cast("staff"),
        status=JobStatus.AWAITING_CONFIRMATION,
    )
    page = login("staff").get("/").content.decode()
    assert "导入市场主体：a.xlsx" in page
    assert "/jobs/" in page

"""Domain operations of the platform core: the working-day calendar, the rule book.

Other apps call these, never the models directly, for deadlines and statutory numbers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qualitycity.core import audit
from qualitycity.core.models import CalendarDay, Rule
from qualitycity.core.workdays import CalendarNotAvailable, WorkdayCalendar

__all__ = [
    "CalendarNotAvailable",
    "add_calendar_days",
    "add_workdays",
    "calendar",
    "is_workday",
    "missing_calendar_years",
    "rule",
    "rule_deadline",
    "rule_value",
    "set_calendar_day",
    "workdays_between",
]

_calendars: dict[tuple[Any, Any], WorkdayCalendar] = {}


def _overrides(year: int) -> Mapping[dt.date, tuple[bool, str]]:
    rows = CalendarDay.objects.filter(date__year=year).values_list("date", "is_workday", "name")
    return {d: (w, n) for d, w, n in rows}


def calendar() -> WorkdayCalendar:
    """The platform's working-day calendar: admin overrides over the national holiday data.

    Rebuilt when the override table changes (checked with one cheap query, so every process,
    web or worker, sees an admin's edit at once)."""
    from django.db.models import Count, Max

    stats = CalendarDay.objects.aggregate(n=Count("pk"), last=Max("updated_at"))
    version = (stats["n"], stats["last"])
    cal = _calendars.get(version)
    if cal is None:
        _calendars.clear()
        cal = _calendars[version] = WorkdayCalendar(overrides=_overrides)
    return cal


def invalidate_calendar() -> None:
    _calendars.clear()


def is_workday(day: dt.date) -> bool:
    return calendar().is_workday(day)


def add_workdays(start: dt.date, days: int) -> dt.date:
    """The `days`-th working day after `start` (the start day not counted)."""
    return calendar().add_workdays(start, days)


def workdays_between(start: dt.date, end: dt.date) -> int:
    return calendar().workdays_between(start, end)


def add_calendar_days(start: dt.date, days: int) -> dt.date:
    """A calendar-day period's last day, moved to the next working day if it is a rest day
    (民法典 Art 201, 203)."""
    return calendar().add_calendar_days(start, days)


def missing_calendar_years(today: dt.date | None = None) -> list[int]:
    """This year and next year, where neither library data nor admin entries exist."""
    today = today or timezone.localdate()
    return calendar().missing_years([today.year, today.year + 1])


@transaction.atomic
def set_calendar_day(*, actor: Any, date: dt.date, is_workday: bool, name: str = "") -> CalendarDay:
    """Enter or change an override day (a holiday or a make-up workday)."""
    existing = CalendarDay.objects.filter(date=date).first()
    before = audit.snapshot(existing) if existing else None
    day, _created = CalendarDay.objects.update_or_create(
        date=date, defaults={"is_workday": is_workday, "name": name, "updated_by": actor}
    )
    audit.record_change(actor=actor, obj=day, before=before)
    transaction.on_commit(invalidate_calendar)
    return day


def rule(key: str, on: dt.date | None = None) -> Rule:
    """The version of rule `key` in force on `on` (default today)."""
    on = on or timezone.localdate()
    found = Rule.objects.filter(key=key, effective_from__lte=on).order_by("-effective_from").first()
    if found is None:
        raise ValidationError(
            _("No rule {key} is in force on {date}.").format(key=key, date=on.isoformat()),
            code="rule_missing",
        )
    return found


def rule_value(key: str, on: dt.date | None = None) -> Decimal:
    return rule(key, on).value


def rule_deadline(key: str, start: dt.date, on: dt.date | None = None) -> dt.date:
    """The last day of the period rule `key` sets, counted from `start` in the rule's unit:
    working days, or calendar days ending on a working day (民法典 Art 201, 203). The rule's
    version is the one in force on `on` (default `start`). Raises `CalendarNotAvailable` for a
    year without holiday data."""
    found = rule(key, on or start)
    days = int(found.value)
    if found.unit == "working_days":
        return add_workdays(start, days)
    if found.unit == "calendar_days":
        return add_calendar_days(start, days)
    raise ValidationError(_("Rule {key} is not a period in days.").format(key=key), code="rule_not_a_period")


@transaction.atomic
def add_rule_version(
    *, actor: Any, key: str, value: Decimal, effective_from: dt.date, legal_source: str, note: str = ""
) -> Rule:
    """A new version of a rule from a later date; earlier cases keep the old one."""
    current = Rule.objects.filter(key=key).order_by("-effective_from").first()
    if current is None:
        raise ValidationError(_("Unknown rule {key}.").format(key=key), code="rule_missing")
    if effective_from <= current.effective_from:
        raise ValidationError(
            _("A new version must take effect after {date}.").format(date=current.effective_from),
            code="rule_not_later",
        )
    new = Rule.objects.create(
        key=key,
        name=current.name,
        value=value,
        unit=current.unit,
        legal_source=legal_source,
        effective_from=effective_from,
        note=note,
        created_by=actor,
        updated_by=actor,
    )
    audit.record_change(actor=actor, obj=new, before=None)
    return new

"""Joint punishment: restrictions with reasons, restricted entities, department notices."""

from __future__ import annotations

import datetime as dt

import pytest

from qualitycity.core.models import Department
from qualitycity.credit import punishment
from qualitycity.credit.events import record_event
from qualitycity.credit.models import (
    JointPunishmentNotice,
    JointPunishmentRule,
    ListEntry,
    RiskAssessment,
    RiskModel,
)
from qualitycity.registry.tests.factories import entity

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def rules() -> None:
    punishment.ensure_default_rules()


MARCH_2026 = D(2026, 3, 1)


def _serious(e, listed_on=MARCH_2026, **extra):
    return ListEntry.objects.create(
        entity=e, kind="serious_violation", ground="abnormal_three_years", listed_on=listed_on, **extra
    )


def test_default_rules_are_installed_once(rules) -> None:
    assert JointPunishmentRule.objects.count() == 3
    assert punishment.ensure_default_rules() == 0
    serious = JointPunishmentRule.objects.get(condition="on_serious_list")
    assert set(serious.notify_departments.values_list("code", flat=True)) >= {"fgw", "gxj", "pbc-jc"}


def test_serious_list_blocks_the_quality_award_with_its_reason(rules) -> None:
    e = entity("140525")
    assert punishment.restrictions(e, "quality_award", on=D(2026, 6, 1)) == []
    _serious(e)
    found = punishment.restrictions(e, "quality_award", on=D(2026, 6, 1))
    assert [r.rule.condition for r in found] == ["on_serious_list"]
    assert "2026-03-01" in found[0].reason
    assert punishment.restrictions(e, "quality_award", on=D(2026, 2, 28)) == []


def test_removed_listing_no_longer_restricts_after_removal(rules) -> None:
    e = entity("140525")
    _serious(e, status="removed", removed_on=D(2026, 5, 1))
    assert punishment.restrictions(e, "subsidy", on=D(2026, 4, 30)) != []
    assert punishment.restrictions(e, "subsidy", on=D(2026, 5, 2)) == []


def test_abnormal_list_restricts_only_its_actions(rules) -> None:
    e = entity("140525")
    ListEntry.objects.create(
        entity=e, kind="abnormal_operations", ground="unreachable", listed_on=D(2026, 1, 5)
    )
    on = D(2026, 6, 1)
    assert [r.rule.condition for r in punishment.restrictions(e, "quality_award", on=on)] == [
        "on_abnormal_list"
    ]
    assert punishment.restrictions(e, "government_procurement", on=on) == []


def test_heavier_penalty_within_three_years(rules, cast) -> None:
    e = entity("140525")
    record_event(
        actor=cast("staff"),
        entity=e,
        kind="penalty",
        occurred_on=D(2023, 6, 2),
        summary="罚款20万元",
        details={"heavier": True},
    )
    record_event(
        actor=cast("staff"),
        entity=e,
        kind="penalty",
        occurred_on=D(2025, 1, 2),
        summary="警告",
        details={"heavier": False},
    )
    assert len(punishment.restrictions(e, "quality_award", on=D(2026, 6, 1))) == 1
    assert punishment.restrictions(e, "quality_award", on=D(2026, 6, 2)) == []


def test_risk_class_rule_when_configured() -> None:
    e = entity("140525")
    model = RiskModel.objects.create(
        name="m", classes=[{"code": "A", "min_score": 0}, {"code": "D", "min_score": 60}]
    )
    RiskAssessment.objects.create(
        entity=e, model=model, assessed_at="2026-01-01T00:00:00Z", score=70, risk_class="D"
    )
    JointPunishmentRule.objects.create(
        name="D",
        condition="risk_class",
        params={"classes": ["D"]},
        restricted_actions=["subsidy"],
        legal_basis="local",
    )
    assert len(punishment.restrictions(e, "subsidy")) == 1


def test_restricted_entities_is_set_based_and_matches(rules) -> None:
    listed = entity("140525")
    _serious(listed)
    entity("140525")
    found = list(punishment.restricted_entities("quality_award", on=D(2026, 6, 1)))
    assert found == [listed]


def test_notices_go_once_to_each_department(rules, cast) -> None:
    e = entity("140525")
    _serious(e)
    created = punishment.refresh_notices(actor=None, entity_ids=[e.pk], on=D(2026, 6, 1))
    rule = JointPunishmentRule.objects.get(condition="on_serious_list")
    assert created == rule.notify_departments.count()
    assert punishment.refresh_notices(actor=None, entity_ids=[e.pk], on=D(2026, 6, 1)) == 0


def test_event_change_refreshes_notices(rules, cast, django_capture_on_commit_callbacks) -> None:
    e = entity("140525")
    _serious(e, listed_on=D(2020, 1, 1))
    with django_capture_on_commit_callbacks(execute=True):
        record_event(
            actor=cast("staff"), entity=e, kind="list_entry", occurred_on=D(2020, 1, 1), summary="列入"
        )
    gxj = Department.objects.get(code="gxj")
    assert JointPunishmentNotice.objects.filter(entity=e, department=gxj).count() == 1


def test_reporter_sees_and_reads_their_department_notices(rules, login) -> None:
    e = entity("140525")
    _serious(e)
    punishment.refresh_notices(actor=None, entity_ids=[e.pk])
    client = login("reporter_gxj")
    page = client.get("/credit/joint-punishment-notices/")
    assert page.status_code == 200
    assert e.name in page.content.decode()
    notice = JointPunishmentNotice.objects.get(entity=e, department__code="gxj")
    other = JointPunishmentNotice.objects.get(entity=e, department__code="fgw")
    assert client.post(f"/credit/joint-punishment-notices/{other.pk}/read/").status_code == 404
    assert client.post(f"/credit/joint-punishment-notices/{notice.pk}/read/").status_code == 302
    notice.refresh_from_db()
    other.refresh_from_db()
    assert notice.read_at is not None
    assert other.read_at is None


def test_restricted_page_is_scoped(rules, login) -> None:
    own = entity("140525")
    other = entity("140581")
    _serious(own)
    _serious(other)
    page = login("zezhou").get("/credit/restricted-entities/?action=quality_award").content.decode()
    assert own.name in page
    assert other.name not in page
    assert login("auditor").get("/credit/restricted-entities/").status_code == 403

"""The tiny demo's complaints and tip-offs: every status, both rule versions, clocks and the
cases' handling limits as the services keep them, the demo enterprise's ODR cases."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

import pytest
from django.utils import timezone

from qualitycity.complaints import clocks
from qualitycity.complaints.choices import CaseKind, CaseStatus, ClockState, Outcome, PublicationStatus
from qualitycity.complaints.demo import ORDER_121, START, generate_complaints, handling_flags
from qualitycity.complaints.models import CaseAction, CaseClock, CaseCounter, ComplaintCase, OdrMessage
from qualitycity.core.demo import DemoContext, fact
from qualitycity.core.services import CalendarNotAvailable, add_workdays, rule
from qualitycity.credit.models import CreditEvent
from qualitycity.registry.demo import generate_entities
from qualitycity.registry.models import EntityTag

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo() -> list[str]:
    lines: list[str] = []
    ctx = DemoContext(scale="tiny", entities=500, rng=random.Random(2023), out=lines.append)
    generate_entities(ctx)
    generate_complaints(ctx)
    return lines


def test_tiny_demo_has_every_status_both_rule_versions_and_consistent_clocks(demo) -> None:
    today = timezone.localdate()
    cases = list(ComplaintCase.objects.select_related("respondent"))
    assert 300 <= len(cases) <= 360
    statuses = Counter(c.status for c in cases)
    for status in (
        CaseStatus.RECEIVED,
        CaseStatus.ACCEPTED,
        CaseStatus.MEDIATING,
        CaseStatus.PAUSED,
        CaseStatus.INVESTIGATING,
        CaseStatus.REJECTED,
        CaseStatus.CLOSED,
    ):
        assert statuses[status] >= 1, status
    outcomes = Counter(c.outcome for c in cases)
    for outcome in Outcome.values:
        assert outcomes[outcome] >= 1, outcome
    assert {c.kind for c in cases} == set(CaseKind.values)
    assert min(c.received_on for c in cases) >= START
    assert max(c.received_on for c in cases) <= today
    assert {c.received_on >= ORDER_121 for c in cases} == {True, False}
    assert ComplaintCase.objects.filter(split_from__isnull=False).exists()

    clock_rows = list(CaseClock.objects.select_related("case", "rule"))
    versions = {c.rule.effective_from for c in clock_rows if c.name == "accept"}
    assert versions == {dt.date(2019, 12, 1), ORDER_121}
    for clock in clock_rows:
        assert clock.rule == rule(clocks.RULE_KEYS[clock.name], on=clock.case.received_on)
        assert clock.days == int(clock.rule.value)
        try:
            due = add_workdays(clock.started_on, clock.days + clock.extension_days + clock.paused_days)
        except CalendarNotAvailable:  # a mediation running into 2027
            due = None
        assert clock.due_on == due, (clock.case.number, clock.name)
    states = Counter(clocks.state(c, today) for c in clock_rows)
    assert states[ClockState.OVERDUE] >= 1
    assert states[ClockState.DUE_SOON] >= 1
    assert states[ClockState.PAUSED] >= 1
    assert states[ClockState.MET] > states[ClockState.MISSED] >= 1

    # the bulk's handling limits and on-time flags are what refresh_case computes
    by_case: dict[int, list[tuple[str, dt.date | None, dt.date | None]]] = {}
    for c in clock_rows:
        by_case.setdefault(c.case_id, []).append((c.name, c.due_on, c.stopped_on))
    for case in cases:
        stored = (case.handling_due, case.on_time)
        assert handling_flags(by_case.get(case.pk, []), today) == stored, case.number
        clocks.refresh_case(case, today)
        assert (case.handling_due, case.on_time) == stored, case.number
    assert {c.on_time for c in cases} == {True, False, None}


def test_tiny_demo_handles_cases_as_the_workflow_does(demo) -> None:
    cases = list(ComplaintCase.objects.all())
    for case in cases:
        if case.status in (CaseStatus.CLOSED, CaseStatus.REJECTED):
            assert case.closed_on is not None
            assert case.closed_on >= case.received_on
            assert case.outcome
        if case.accepted_on is not None:
            assert case.received_on <= case.accepted_on <= (case.closed_on or case.accepted_on)
        if case.status == CaseStatus.REJECTED:
            assert case.rejection_ground
        if case.publication_status == PublicationStatus.PUBLISHED:
            assert case.published_text
            assert case.complainant_phone not in case.published_text
            assert case.complainant_name not in case.published_text
        actions = list(CaseAction.objects.filter(case=case).order_by("at", "pk"))
        assert actions[0].action == "received"
        assert actions[0].at == case.received_at
        if case.kind == CaseKind.COMPLAINT and case.complainant_phone and case.received_on >= ORDER_121:
            assert case.complainant_id_number
    publications = Counter(c.publication_status for c in cases)
    assert publications[PublicationStatus.PUBLISHED] >= 1
    assert publications[PublicationStatus.PENDING_REVIEW] >= 1
    assert Counter(c.channel for c in cases).most_common(1)[0][0] == "12315"
    assert {c.respondent_id is None for c in cases} == {True, False}
    assert CreditEvent.objects.filter(source_model="complaints.complaintcase").exists()
    assert OdrMessage.objects.filter(is_proposal=True, agreed_at__isnull=False).exists()
    assert any(c.satisfaction for c in cases)
    # numbers follow on from the counters, so the intake's next number is free
    for counter in CaseCounter.objects.all():
        prefix = f"{counter.prefix}-{counter.year}-"
        last = max(int(c.number.removeprefix(prefix)) for c in cases if c.number.startswith(prefix))
        assert counter.last == last


def test_the_demo_enterprise_has_open_complaints_to_answer_through_odr(demo) -> None:
    uscc = fact("enterprise_uscc")
    assert EntityTag.objects.filter(entity__uscc=uscc, tag="odr").exists()
    mine = ComplaintCase.objects.filter(respondent__uscc=uscc, kind=CaseKind.COMPLAINT)
    open_ = mine.filter(status__in=[CaseStatus.RECEIVED, CaseStatus.ACCEPTED, CaseStatus.MEDIATING])
    assert open_.count() >= 3
    assert OdrMessage.objects.filter(
        case__in=open_, is_proposal=True, agreed_at__isnull=True, rejected_at__isnull=True
    ).exists()
    assert mine.filter(outcome=Outcome.SETTLED).exists()

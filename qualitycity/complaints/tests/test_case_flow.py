"""Intake, clocks and transitions of complaints and tip-offs, against the rule book."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from qualitycity.complaints.choices import CaseStatus, ClockState
from qualitycity.complaints.models import CaseClock, ComplaintCase, OdrMessage
from qualitycity.complaints.services import (
    Submission,
    TransitionError,
    accept,
    clocks_of,
    close,
    complainant_decides,
    decide,
    extend_verification,
    pause,
    reject,
    respond,
    resume,
    start_mediation,
    submit,
)
from qualitycity.core.models import Rule
from qualitycity.credit.models import CreditEvent
from qualitycity.registry.tests.factories import entity

pytestmark = pytest.mark.django_db
TZ = timezone.get_default_timezone()


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=TZ)


def complaint(**fields) -> Submission:
    data = {
        "kinds": ["complaint"],
        "subject": "电饭煲",
        "facts": "购买的电饭煲使用一周后无法加热，商家拒绝退换。",
        "request": "退货退款",
        "respondent_name": "晋城市某某电器商行",
        "respondent_address": "晋城市城区泽州路88号",
        "complainant_name": "李四",
        "complainant_phone": "13912345678",
        "complainant_address": "晋城市城区凤台街10号",
        "complainant_id_number": "140502199001011234",
    }
    data.update(fields)
    return Submission(**data)


def received(day: dt.date, **fields) -> ComplaintCase:
    return submit(complaint(received_at=at(day), **fields), actor=None, channel="12315").cases[0]


def test_missing_fields_are_each_named():
    with pytest.raises(ValidationError) as exc:
        submit(Submission(kinds=["complaint"], facts=""), actor=None, channel="portal")
    named = set(exc.value.message_dict)
    assert {
        "facts",
        "respondent_name",
        "subject",
        "request",
        "complainant_name",
        "complainant_phone",
    } <= named
    assert not ComplaintCase.objects.exists()


def test_a_bad_respondent_uscc_is_refused_on_its_field():
    with pytest.raises(ValidationError) as exc:
        submit(complaint(respondent_uscc="91140500MA0ABCDEF1"), actor=None, channel="portal")
    assert "respondent_uscc" in exc.value.message_dict


def test_a_registered_respondent_routes_to_its_county_bureau():
    shop = entity(county="140581")
    case = submit(complaint(respondent_uscc=shop.uscc.lower()), actor=None, channel="portal").cases[0]
    assert case.respondent == shop
    assert case.respondent_name == shop.name
    assert case.county.code == "140581"
    assert case.handling_department.code == "samr-gp"
    assert case.number.startswith(f"TS-{timezone.localdate().year}-")
    assert len(case.receipt_code) >= 16


def test_both_kinds_split_into_two_numbered_cases():
    result = submit(complaint(kinds=["complaint", "tip_off"]), actor=None, channel="portal")
    first, second = result.cases
    assert first.number.startswith("TS-")
    assert second.number.startswith("JB-")
    assert second.split_from == first
    assert {c.name for c in CaseClock.objects.filter(case=second)} == {"verify"}


def test_an_identical_repeat_within_minutes_is_merged():
    one = submit(complaint(), actor=None, channel="portal")
    two = submit(complaint(), actor=None, channel="portal")
    assert two.merged
    assert [c.pk for c in two.cases] == [c.pk for c in one.cases]
    three = submit(complaint(facts="另一件事：充电器发热严重。"), actor=None, channel="portal")
    assert not three.merged
    assert three.cases[0].duplicate_of == one.cases[0]


def test_accept_clock_across_spring_festival_and_national_day_2026():
    # 春节 2026: 15–23 February off, Saturdays 14 and 28 February make-up working days
    spring = received(dt.date(2026, 2, 12))
    assert clocks_of(spring)[0].due == dt.date(2026, 2, 28)
    # 国庆 2026: 1–7 October off, Saturday 10 October a make-up working day
    autumn = received(dt.date(2026, 9, 28))
    assert clocks_of(autumn)[0].due == dt.date(2026, 10, 13)


def test_the_date_received_decides_the_rule_version():
    Rule.objects.filter(key="complaint-acceptance", effective_from=dt.date(2026, 4, 15)).update(value=10)
    before = received(dt.date(2026, 4, 14))
    after = received(dt.date(2026, 4, 16), complainant_phone="13800000001")
    (b,) = clocks_of(before)
    (a,) = clocks_of(after)
    assert b.rule_version == "complaint-acceptance@2019-12-01"
    assert b.due == dt.date(2026, 4, 23)
    assert a.rule_version == "complaint-acceptance@2026-04-15"
    assert a.due == dt.date(2026, 4, 30)
    assert not a.rule_confirmed
    assert b.rule_confirmed


def test_closing_an_unaccepted_case_is_refused_with_the_reason():
    case = received(dt.date(2026, 11, 2))
    with pytest.raises(TransitionError) as exc:
        close(case, actor=None, outcome="mediated")
    assert exc.value.code == "out_of_order"
    with pytest.raises(TransitionError) as exc:
        start_mediation(case, actor=None)
    assert exc.value.code == "out_of_order"
    assert ComplaintCase.objects.get(pk=case.pk).status == CaseStatus.RECEIVED


def test_mediation_pauses_for_testing_and_the_due_date_moves(cast):
    staff = cast("staff")
    shop = entity()
    case = received(dt.date(2026, 6, 1), respondent_uscc=shop.uscc)
    accept(case, actor=staff, on=dt.date(2026, 6, 2))
    start_mediation(case, actor=staff)
    clock = CaseClock.objects.get(case=case, name="mediation")
    # 45 working days from 2 June 2026 (端午 19 June off) — a mediation started in late
    # 2026 would run into 2027, whose holidays are not in the calendar yet
    due = clock.due_on
    pause(case, actor=staff, reason="送检测机构检测", on=dt.date(2026, 6, 8))
    assert clocks_of(case)[-1].state == ClockState.PAUSED
    resume(case, actor=staff, on=dt.date(2026, 6, 15))
    clock.refresh_from_db()
    assert clock.paused_days == 5
    assert clock.due_on > due
    close(case, actor=staff, outcome="mediated", amount_recovered=Decimal("299.00"), on=dt.date(2026, 6, 30))
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    assert case.publication_status == "pending_review"
    event = CreditEvent.objects.get(entity=shop, kind="complaint")
    assert event.details["substantiated"]
    assert case.number in event.summary
    assert {c.name: c.state for c in clocks_of(case)} == {
        "accept": ClockState.MET,
        "mediation": ClockState.MET,
    }


def test_time_barred_ground_needs_three_years_and_a_day():
    inside = received(dt.date(2026, 11, 2), harm_known_on=dt.date(2023, 11, 2))
    with pytest.raises(TransitionError) as exc:
        reject(inside, actor=None, ground="time_barred")
    assert exc.value.code == "not_time_barred"
    late = received(dt.date(2026, 11, 3), harm_known_on=dt.date(2023, 11, 2), complainant_phone="13800000002")
    reject(late, actor=None, ground="time_barred", on=dt.date(2026, 11, 4))
    late.refresh_from_db()
    assert late.status == CaseStatus.REJECTED
    assert late.rejection_ground == "time_barred"
    with pytest.raises(TransitionError):
        reject(received(dt.date(2026, 11, 2), complainant_phone="13800000003"), actor=None, ground="because")


def test_tip_off_decision_extends_once_and_tells_the_real_name_reporter():
    case = submit(
        complaint(kinds=["tip_off"], received_at=at(dt.date(2026, 11, 2))), actor=None, channel="12345"
    ).cases[0]
    (verify,) = clocks_of(case)
    assert verify.name == "verify"
    assert verify.due == dt.date(2026, 11, 23)
    extend_verification(case, actor=None, approval="局长批准延长")
    assert clocks_of(case)[0].due == dt.date(2026, 12, 14)
    with pytest.raises(TransitionError):
        extend_verification(case, actor=None, approval="再次延长")
    decide(case, actor=None, opened=True, on=dt.date(2026, 11, 20))
    names = {c.name: c for c in clocks_of(case)}
    assert names["verify"].state == ClockState.MET
    assert names["reporter_notice"].due == dt.date(2026, 11, 27)


def test_odr_proposal_agreed_by_the_complainant_settles_the_case(cast):
    shop = entity()
    owner = cast("enterprise")
    owner.uscc = shop.uscc
    owner.save()
    case = received(dt.date(2026, 11, 2), respondent_uscc=shop.uscc)
    with pytest.raises(TransitionError):
        respond(case, user=cast("staff"), text="我们同意退款")
    proposal = respond(case, user=owner, text="同意全额退款", proposed_amount=Decimal("299"))
    complainant_decides(case, proposal=proposal, agree=True)
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    assert case.outcome == "settled"
    assert case.amount_recovered == Decimal("299")
    assert OdrMessage.objects.get(pk=proposal.pk).agreed_at is not None


def test_on_time_rate_counts_due_cases_and_moves_when_one_closes_late():
    from qualitycity.complaints.clocks import refresh_case
    from qualitycity.complaints.indicators import on_time_by, on_time_rate

    quick = received(dt.date(2026, 6, 1))
    accept(quick, actor=None, on=dt.date(2026, 6, 3))
    close(quick, actor=None, outcome="withdrawn", on=dt.date(2026, 6, 4))
    late = received(dt.date(2026, 6, 1), complainant_phone="13800000009")  # never accepted: overdue
    open_case = received(dt.date(2026, 11, 26), complainant_phone="13800000010")  # not yet due
    period = {"start": dt.date(2026, 1, 1), "end": dt.date(2026, 12, 31), "today": dt.date(2026, 11, 28)}
    for case in (quick, late, open_case):  # the flags as of the period's today, not the machine's
        refresh_case(case, today=period["today"])
    assert on_time_rate(**period) | {"definition": ""} == {
        "due": 2,
        "on_time": 1,
        "rate": 50.0,
        "definition": "",
    }
    accept(late, actor=None, on=dt.date(2026, 7, 1))
    late.refresh_from_db()
    assert late.on_time is False
    assert open_case.handling_due > period["today"]
    months = {row["key"]: row for row in on_time_by("month", **period)}
    assert months["2026-06"]["due"] == 2
    assert months["2026-06"]["rate"] == 50.0

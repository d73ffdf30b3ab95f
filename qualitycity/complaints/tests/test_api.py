"""The complaints API: public and staff intake, the case by number (scoped, masked, by receipt
code), transitions and the on-time rate."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from qualitycity.complaints.choices import CaseStatus
from qualitycity.complaints.indicators import DEFINITION
from qualitycity.complaints.models import CaseAction, ComplaintCase
from qualitycity.complaints.services import Submission, accept, close, submit
from qualitycity.registry.tests.factories import entity

pytestmark = pytest.mark.django_db
TZ = timezone.get_default_timezone()
NOW = dt.datetime(2026, 11, 2, 10, 30, tzinfo=TZ)  # a Monday
TODAY = NOW.date()
URL = "/api/v1/complaints"


@pytest.fixture(autouse=True)
def _frozen_clock(monkeypatch) -> None:
    """Intake stamps the current time and clocks count from today: both are fixed."""
    real = timezone.localdate

    def localdate(value=None, timezone=None):
        return TODAY if value is None else real(value, timezone)

    monkeypatch.setattr(timezone, "now", lambda: NOW)
    monkeypatch.setattr(timezone, "localdate", localdate)


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=TZ)


def payload(**fields) -> dict:
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
    return data


def post(client: Client, data: dict, **extra):
    return client.post(URL, data, content_type="application/json", **extra)


def staff_client(cast, password, name: str = "staff") -> Client:
    cast(name)
    response = Client().post(
        "/api/v1/auth/token", {"username": name, "password": password}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    return Client(headers={"Authorization": f"Bearer {response.json()['token']}"})


def received(day: dt.date, county: str = "140525", **fields) -> ComplaintCase:
    """A complaint about a registered entity of `county`, received by 12315 on `day`."""
    shop = fields.pop("respondent", None) or entity(county)
    data = payload(respondent_name=shop.name, respondent_uscc=shop.uscc, received_at=at(day), **fields)
    return submit(Submission(**data), actor=None, channel="12315").cases[0]


# --- intake ---------------------------------------------------------------------------------


def test_public_intake_is_201_with_number_receipt_and_clocks() -> None:
    response = post(Client(), payload())
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["merged"] is False
    (created,) = body["cases"]
    case = ComplaintCase.objects.get()
    assert created["number"] == case.number == "TS-2026-000001"
    assert created["receipt_code"] == case.receipt_code
    assert created["channel"] == "api"
    assert created["status"] == "received"
    assert created["clocks"] == [
        {
            "name": "accept",
            "label": created["clocks"][0]["label"],
            "started_on": "2026-11-02",
            "due": "2026-11-11",
            "state": "running",
            "rule_version": "complaint-acceptance@2026-04-15",
            "rule_source": created["clocks"][0]["rule_source"],
            "rule_confirmed": False,
            "paused_days": 0,
            "extension_days": 0,
            "stopped_on": None,
        }
    ]
    assert case.created_by is None
    assert CaseAction.objects.get(case=case).party == "complainant"


def test_complaint_and_tip_off_in_one_submission_are_two_cases() -> None:
    body = post(Client(), payload(kinds=["complaint", "tip_off"])).json()
    assert [c["number"] for c in body["cases"]] == ["TS-2026-000001", "JB-2026-000001"]
    assert [c["clocks"][0]["name"] for c in body["cases"]] == ["accept", "verify"]
    assert body["cases"][1]["clocks"][0]["rule_version"] == "lead-case-decision@2019-07-01"


def test_missing_fields_are_422_naming_each_field() -> None:
    response = post(Client(), {"kinds": ["complaint"], "facts": "  "})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_error"
    fields = {d["field"] for d in body["details"]}
    assert fields == {
        "facts",
        "respondent_name",
        "respondent_address",
        "subject",
        "request",
        "complainant_name",
        "complainant_phone",
        "complainant_address",
        "complainant_id_number",
    }
    assert not ComplaintCase.objects.exists()


def test_no_kind_is_422_on_kinds() -> None:
    response = post(Client(), payload(kinds=[]))
    assert response.status_code == 422
    assert [d["field"] for d in response.json()["details"]] == ["kinds"]


def test_a_bad_respondent_uscc_is_422_on_its_field() -> None:
    response = post(Client(), payload(respondent_uscc="91140500MA0ABCDEF1"))
    assert response.status_code == 422
    assert {d["field"] for d in response.json()["details"]} == {"respondent_uscc"}
    assert not ComplaintCase.objects.exists()


def test_an_overlong_field_is_422_before_the_intake() -> None:
    response = post(Client(), payload(complainant_name="李" * 51))
    assert response.status_code == 422
    assert response.json()["details"][0]["field"] == "complainant_name"


def test_anonymous_backdating_and_channel_are_ignored() -> None:
    response = post(Client(), payload(received_at="2026-10-09T09:00:00+08:00", channel="12315"))
    assert response.status_code == 201
    case = ComplaintCase.objects.get()
    assert case.received_at == NOW
    assert case.channel == "api"
    assert response.json()["cases"][0]["clocks"][0]["started_on"] == "2026-11-02"


def test_staff_token_backdating_is_honoured_and_every_clock_counts_from_it(cast, password) -> None:
    client = staff_client(cast, password)
    response = post(client, payload(received_at="2026-10-09T09:00:00", channel="12315"))
    assert response.status_code == 201, response.content
    case = ComplaintCase.objects.get()
    assert case.received_at == at(dt.date(2026, 10, 9), 9)
    assert case.channel == "12315"
    assert case.created_by.username == "staff"
    (clock,) = response.json()["cases"][0]["clocks"]
    # 10 October 2026 (a Saturday) is a make-up working day after National Day
    assert (clock["started_on"], clock["due"], clock["state"]) == ("2026-10-09", "2026-10-19", "overdue")


def test_staff_backdating_before_order_121_counts_by_order_20(cast, password) -> None:
    response = post(staff_client(cast, password), payload(received_at="2026-04-14T16:00:00+08:00"))
    assert response.status_code == 201
    assert response.json()["cases"][0]["clocks"][0]["rule_version"] == "complaint-acceptance@2019-12-01"


def test_staff_may_not_name_the_portal_channel(cast, password) -> None:
    response = post(staff_client(cast, password), payload(channel="portal"))
    assert response.status_code == 422
    assert response.json()["details"][0]["field"] == "channel"


def test_a_role_that_may_not_add_cases_is_403(cast, password) -> None:
    response = post(staff_client(cast, password, "leader"), payload())
    assert response.status_code == 403
    assert not ComplaintCase.objects.exists()


def test_a_bad_token_is_401_not_the_public() -> None:
    response = post(Client(headers={"Authorization": "Bearer forged"}), payload())
    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"
    assert not ComplaintCase.objects.exists()


def test_an_identical_repeat_is_200_merged_with_the_earlier_case() -> None:
    first = post(Client(), payload()).json()
    response = post(Client(), payload())
    assert response.status_code == 200
    assert response.json() == {**first, "merged": True}
    assert ComplaintCase.objects.count() == 1


def test_public_intake_is_throttled_per_address(settings) -> None:
    settings.QCITY_COMPLAINT_SUBMISSIONS_PER_MINUTE = 2
    client = Client()
    for n in range(2):
        response = post(client, payload(complainant_phone=f"1391234567{n}"))
        assert response.status_code == 201
    refused = post(client, payload(complainant_phone="13912345679"))
    assert refused.status_code == 429
    assert refused.json()["code"] == "throttled"
    assert int(refused["Retry-After"]) > 0
    assert ComplaintCase.objects.count() == 2
    # a repeat of what was sent still gets its case back; another address is not affected
    assert post(client, payload(complainant_phone="13912345670")).status_code == 200
    assert post(client, payload(complainant_phone="13912345679"), REMOTE_ADDR="10.0.0.2").status_code == 201


# --- reading a case -------------------------------------------------------------------------


def test_staff_read_within_their_scope(cast, password) -> None:
    own = received(dt.date(2026, 10, 26), county="140525")
    other = received(dt.date(2026, 10, 26), county="140581", complainant_phone="13800000001")
    zezhou = staff_client(cast, password, "zezhou")
    body = zezhou.get(f"{URL}/{own.number}").json()
    assert body["number"] == own.number
    assert body["complainant"]["name"] == "李四"
    assert body["personal_data_masked"] is False
    assert body["county"] == "140525"
    assert body["handling_department"] == "samr-zz"
    assert body["respondent"]["is_registered"] is True
    assert [c["name"] for c in body["clocks"]] == ["accept"]
    assert "receipt_code" not in body
    response = zezhou.get(f"{URL}/{other.number}")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert staff_client(cast, password).get(f"{URL}/{other.number.lower()}").status_code == 200


def test_the_receipt_code_opens_a_case_masked() -> None:
    case = received(dt.date(2026, 10, 26), facts="我叫李四，电话13912345678，电饭煲坏了。")
    client = Client()
    body = client.get(f"{URL}/{case.number}", {"code": case.receipt_code}).json()
    assert body["number"] == case.number
    assert body["personal_data_masked"] is True
    assert body["complainant"]["name"] == "李*"
    assert "13912345678" not in body["facts"]
    assert "李四" not in body["facts"]
    assert client.get(f"{URL}/{case.number}", {"code": "wrong"}).status_code == 404
    assert client.get(f"{URL}/{case.number}").status_code == 401


def test_guessing_receipt_codes_is_throttled(settings) -> None:
    settings.QCITY_COMPLAINT_TRACK_MISSES_PER_MINUTE = 2
    case = received(dt.date(2026, 10, 26))
    client = Client()
    for guess in ("a", "b"):
        assert client.get(f"{URL}/{case.number}", {"code": guess}).status_code == 404
    response = client.get(f"{URL}/{case.number}", {"code": case.receipt_code})
    assert response.status_code == 429
    assert response.json()["code"] == "throttled"


def test_the_respondent_enterprise_reads_its_complaints_masked(cast, password) -> None:
    shop = entity("140525")
    owner = cast("enterprise")
    owner.uscc = shop.uscc
    owner.save()
    own = received(dt.date(2026, 10, 26), respondent=shop)
    tip_off = received(
        dt.date(2026, 10, 26), respondent=shop, kinds=["tip_off"], complainant_phone="13800000002"
    )
    other = received(dt.date(2026, 10, 26), complainant_phone="13800000003")
    client = staff_client(cast, password, "enterprise")
    body = client.get(f"{URL}/{own.number}").json()
    assert body["personal_data_masked"] is True
    assert body["complainant"] == {
        "name": "李*",
        "phone": "139****5678",
        "id_number": body["complainant"]["id_number"],
        "address": body["complainant"]["address"],
    }
    assert "199001011234" not in body["complainant"]["id_number"]
    assert client.get(f"{URL}/{tip_off.number}").status_code == 404
    assert client.get(f"{URL}/{other.number}").status_code == 404


# --- transitions ----------------------------------------------------------------------------


def test_a_transition_out_of_order_is_409_and_changes_nothing(cast, password) -> None:
    case = received(dt.date(2026, 10, 26))
    actions = CaseAction.objects.filter(case=case).count()
    client = staff_client(cast, password)
    response = client.post(f"{URL}/{case.number}/start-mediation", {}, content_type="application/json")
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "out_of_order"
    assert body["message"]
    case.refresh_from_db()
    assert case.status == CaseStatus.RECEIVED
    assert CaseAction.objects.filter(case=case).count() == actions


def test_accept_then_mediate_through_the_api(cast, password) -> None:
    case = received(dt.date(2026, 10, 26))
    client = staff_client(cast, password)
    body = client.post(
        f"{URL}/{case.number}/accept", {"note": "材料齐全"}, content_type="application/json"
    ).json()
    assert body["status"] == "accepted"
    assert body["accepted_on"] == "2026-11-02"
    assert {c["name"]: c["state"] for c in body["clocks"]} == {"accept": "met"}
    body = client.post(f"{URL}/{case.number}/start-mediation", {}, content_type="application/json").json()
    assert body["status"] == "mediating"
    assert [c["name"] for c in body["clocks"]] == ["accept", "mediation"]
    response = client.post(f"{URL}/{case.number}/pause-clock", {}, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["code"] == "reason_required"
    assert response.json()["details"][0]["field"] == "reason"
    body = client.post(
        f"{URL}/{case.number}/close",
        {"outcome": "mediated", "amount_recovered": "299.00"},
        content_type="application/json",
    ).json()
    assert (body["status"], body["outcome"], body["amount_recovered"]) == ("closed", "mediated", "299.00")


def test_missing_transition_fields_are_422_on_the_field(cast, password) -> None:
    case = received(dt.date(2026, 10, 26))
    client = staff_client(cast, password)
    response = client.post(f"{URL}/{case.number}/reject", {}, content_type="application/json")
    assert response.status_code == 422
    assert (response.json()["code"], response.json()["details"][0]["field"]) == ("ground_required", "ground")
    response = client.post(
        f"{URL}/{case.number}/transfer",
        {"department": "nowhere", "reason": "管辖"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["details"][0]["field"] == "department"
    response = client.post(f"{URL}/{case.number}/launch", {}, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["details"][0]["field"] == "transition"


def test_a_transfer_moves_the_case_to_another_unit(cast, password) -> None:
    case = received(dt.date(2026, 10, 26), county="140525")
    client = staff_client(cast, password)
    body = client.post(
        f"{URL}/{case.number}/transfer",
        {"department": "samr-gp", "reason": "被投诉人实际经营地在高平市", "disputed": True},
        content_type="application/json",
    ).json()
    assert (body["handling_department"], body["county"]) == ("samr-gp", "140581")
    assert [c["name"] for c in body["clocks"]] == ["accept", "jurisdiction"]


def test_transitions_need_change_within_scope(cast, password) -> None:
    case = received(dt.date(2026, 10, 26), county="140581")
    zezhou = staff_client(cast, password, "zezhou")
    assert zezhou.post(f"{URL}/{case.number}/accept", {}, content_type="application/json").status_code == 404
    leader = staff_client(cast, password, "leader")
    assert leader.post(f"{URL}/{case.number}/accept", {}, content_type="application/json").status_code == 403
    assert (
        Client().post(f"{URL}/{case.number}/accept", {}, content_type="application/json").status_code == 401
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.RECEIVED


# --- statistics -----------------------------------------------------------------------------


@pytest.fixture
def rate_cases() -> dict[str, ComplaintCase]:
    """Complaints of 2026 in two counties: on time, overdue, late, not yet due."""
    quick = received(dt.date(2026, 6, 1))
    accept(quick, actor=None, on=dt.date(2026, 6, 3))
    close(quick, actor=None, outcome="withdrawn", on=dt.date(2026, 6, 4))
    never = received(dt.date(2026, 6, 1), complainant_phone="13800000009")  # never accepted: overdue
    late = received(dt.date(2026, 7, 1), county="140581", complainant_phone="13800000010")
    accept(late, actor=None, on=dt.date(2026, 7, 20))  # after its 7 working days
    gaoping_quick = received(dt.date(2026, 7, 1), county="140581", complainant_phone="13800000011")
    accept(gaoping_quick, actor=None, on=dt.date(2026, 7, 2))
    fresh = received(dt.date(2026, 10, 30), complainant_phone="13800000012")  # not yet due
    tip_off = received(dt.date(2026, 6, 1), kinds=["tip_off"], complainant_phone="13800000013")
    return {
        "quick": quick,
        "never": never,
        "late": late,
        "gaoping_quick": gaoping_quick,
        "fresh": fresh,
        "tip_off": tip_off,
    }


def hand_count(cases: list[ComplaintCase], start: dt.date, end: dt.date) -> tuple[int, int]:
    """The indicator's definition, counted case by case."""
    due = on_time = 0
    for case in cases:
        case.refresh_from_db()
        if case.kind != "complaint" or case.handling_due is None or not start <= case.handling_due <= end:
            continue
        if case.on_time is None and case.handling_due >= TODAY:
            continue
        due += 1
        on_time += case.on_time is True
    return due, on_time


def test_on_time_rate_matches_a_hand_count(cast, password, rate_cases) -> None:
    client = staff_client(cast, password)
    body = client.get(f"{URL}/stats/on-time-rate", {"from": "2026-01-01", "to": "2026-12-31"}).json()
    assert hand_count(list(rate_cases.values()), dt.date(2026, 1, 1), dt.date(2026, 12, 31)) == (4, 2)
    assert (body["due"], body["on_time"], body["rate"]) == (4, 2, 50.0)
    assert body["definition"] == str(DEFINITION)
    county = client.get(
        f"{URL}/stats/on-time-rate", {"from": "2026-01-01", "to": "2026-12-31", "county": "140581"}
    ).json()
    assert (county["due"], county["on_time"], county["county"]) == (2, 1, "140581")
    june = client.get(f"{URL}/stats/on-time-rate", {"from": "2026-06-01", "to": "2026-06-30"}).json()
    assert (june["due"], june["on_time"], june["rate"]) == (2, 1, 50.0)


def test_on_time_rate_by_county_and_month(cast, password, rate_cases) -> None:
    client = staff_client(cast, password)
    period = {"from": "2026-01-01", "to": "2026-12-31"}
    rows = client.get(f"{URL}/stats/on-time-rate/by/county", period).json()["rows"]
    assert [(r["key"], r["due"], r["on_time"], r["rate"]) for r in rows] == [
        ("140525", 2, 1, 50.0),
        ("140581", 2, 1, 50.0),
    ]
    months = client.get(f"{URL}/stats/on-time-rate/by/month", period).json()["rows"]
    assert [(r["key"], r["due"], r["on_time"]) for r in months] == [("2026-06", 2, 1), ("2026-07", 2, 1)]
    tip_offs = client.get(f"{URL}/stats/on-time-rate", {**period, "kind": "tip_off"}).json()
    assert (tip_offs["due"], tip_offs["on_time"]) == (1, 0)


def test_on_time_rate_is_scoped_and_checked(cast, password, rate_cases) -> None:
    zezhou = staff_client(cast, password, "zezhou")
    body = zezhou.get(f"{URL}/stats/on-time-rate", {"from": "2026-01-01", "to": "2026-12-31"}).json()
    assert (body["due"], body["on_time"]) == (2, 1)
    response = zezhou.get(f"{URL}/stats/on-time-rate", {"county": "999999"})
    assert response.status_code == 422
    assert response.json()["details"][0]["field"] == "county"
    response = zezhou.get(f"{URL}/stats/on-time-rate", {"from": "2026-12-31", "to": "2026-01-01"})
    assert response.json()["details"][0]["field"] == "from"
    assert zezhou.get(f"{URL}/stats/on-time-rate/by/weekday").status_code == 422
    assert staff_client(cast, password, "enterprise").get(f"{URL}/stats/on-time-rate").status_code == 403
    assert Client().get(f"{URL}/stats/on-time-rate").status_code == 401

"""The spot-check API: sampling records, lab reports and their row errors, the objection window,
a re-test, disposal steps, pass rates, data scope and authentication."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone, translation

from qualitycity.core.models import AuditRecord, User
from qualitycity.core.uscc import generate
from qualitycity.registry.models import Entity
from qualitycity.registry.tests.factories import entity
from qualitycity.spotchecks import services
from qualitycity.spotchecks.models import Disposal, Sample, SampleNotice, SpotCheckPlan, TestReport
from qualitycity.spotchecks.tests import factories as f

pytestmark = pytest.mark.django_db

API = "/api/v1/spotchecks"
_serial = itertools.count(1)


@pytest.fixture
def api(cast, password):
    """`api("staff")` → a client with a bearer token of that cast member (extra fields, such as
    a lab's or an enterprise's `uscc`, set when the member is first created)."""

    def _api(name: str, **extra: Any) -> Client:
        cast(name, **extra)
        response = Client().post(
            "/api/v1/auth/token", {"username": name, "password": password}, content_type="application/json"
        )
        assert response.status_code == 200, response.content
        return Client(headers={"Authorization": f"Bearer {response.json()['token']}"})

    return _api


@pytest.fixture
def setup(cast):
    items = f.flour_items()
    labs = (f.lab(), f.lab(), f.lab())
    plan = f.plan(labs=list(labs))
    return {"staff": cast("staff"), "items": items, "labs": labs, "plan": plan}


def _post(client: Client, path: str, data: dict[str, Any]) -> Any:
    return client.post(f"{API}{path}", data, content_type="application/json")


def _fields(response: Any) -> set[str]:
    return {d["field"] for d in response.json()["details"]}


def _messages(response: Any, field: str) -> list[str]:
    return [d["message"] for d in response.json()["details"] if d["field"] == field]


def _sample_json(spot_plan: SpotCheckPlan, lab: Any, seller: Entity, **fields: Any) -> dict[str, Any]:
    sampled_at = timezone.localtime() - dt.timedelta(days=3)
    data: dict[str, Any] = {
        "number": f"API{next(_serial):06d}",
        "plan": spot_plan.number,
        "category": f.FLOUR,
        "county": seller.county.code,
        "link_type": "distribution",
        "place": "泽州县金村镇测试超市",
        "sampled_unit": {"uscc": seller.uscc},
        "product_name": "小麦粉",
        "brand": "太行",
        "batch_number": "B20261101",
        "production_date": (sampled_at.date() - dt.timedelta(days=20)).isoformat(),
        "quantity": "4",
        "backup_quantity": "2",
        "quantity_unit": "袋",
        "samplers": ["李抽样", "王抽样"],
        "sampled_at": sampled_at.isoformat(),
        "institution": lab.uscc,
    }
    data.update(fields)
    return data


def _results(values: dict[str, str]) -> list[dict[str, str]]:
    return [{"item": name, "value": value} for name, value in values.items()]


def _report_json(values: dict[str, str], **fields: Any) -> dict[str, Any]:
    return {
        "number": f"R-API-{next(_serial):06d}",
        "issued_on": timezone.localdate().isoformat(),
        "results": _results(values),
        **fields,
    }


# --- sampling records ---------------------------------------------------------------------------


def test_create_sample_returns_201_with_the_new_id(setup, api) -> None:
    seller = entity("140525", name="泽州县测试粮油店")
    producer_uscc = generate("9", "1", "370100", 515151)  # 济南市: not in the register
    payload = _sample_json(
        setup["plan"],
        setup["labs"][0],
        seller,
        producer={"uscc": producer_uscc, "name": "山东某面粉有限公司", "address": "山东省济南市"},
    )
    response = _post(api("staff"), "/samples", payload)
    assert response.status_code == 201, response.content
    body = response.json()
    sample = Sample.objects.get(pk=body["id"])
    assert sample.number == payload["number"]
    assert body["status"] == "sampled"
    assert body["conclusion"] == "pending"
    assert body["samplers"] == ["李抽样", "王抽样"]
    assert body["sampled_unit"] == {"uscc": seller.uscc, "name": seller.name, "is_registered": True}
    assert body["producer"]["uscc"] == producer_uscc
    assert body["producer"]["is_registered"] is False
    assert Entity.objects.get(uscc=producer_uscc).registration_status == "unregistered"
    assert AuditRecord.objects.filter(
        action="create", object_type__icontains="sample", object_id=str(sample.pk)
    ).exists()


def test_bad_sample_is_422_naming_every_field(setup, api) -> None:
    first = f.sample(setup["plan"], setup["staff"])
    before = Sample.objects.count()
    payload = _sample_json(
        setup["plan"], setup["labs"][0], first.sampled_unit, number=first.number, samplers=["李抽样"]
    )
    response = _post(api("staff"), "/samples", payload)
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["code"] == "validation_error"
    assert {"number", "samplers"} <= _fields(response)
    assert first.number in _messages(response, "number")[0]
    assert Sample.objects.count() == before


def test_sample_with_unknown_references_names_them(setup, api) -> None:
    seller = entity("140525")
    payload = _sample_json(
        setup["plan"], setup["labs"][0], seller, plan="NO-SUCH-PLAN", category="no-such-category"
    )
    response = _post(api("staff"), "/samples", payload)
    assert response.status_code == 422
    assert _fields(response) == {"plan", "category"}


def test_county_officer_samples_under_the_city_plan_in_its_own_county_only(setup, api) -> None:
    zezhou = api("zezhou")
    own = _post(zezhou, "/samples", _sample_json(setup["plan"], setup["labs"][0], entity("140525")))
    assert own.status_code == 201, own.content
    assert own.json()["county"] == "140525"
    other = _post(zezhou, "/samples", _sample_json(setup["plan"], setup["labs"][0], entity("140581")))
    assert other.status_code == 422
    assert _fields(other) == {"county"}
    assert not Sample.objects.filter(county__code="140581").exists()


def test_receipt_twice_is_409_already_received(setup, api) -> None:
    sample = f.sample(setup["plan"], setup["staff"], delivered=False)
    staff = api("staff")
    on = (sample.sampled_on + dt.timedelta(days=1)).isoformat()
    first = _post(staff, f"/samples/{sample.pk}/receipt", {"received_on": on})
    assert first.status_code == 200, first.content
    assert first.json()["status"] == "delivered"
    assert first.json()["delivered_on"] == on
    again = _post(staff, f"/samples/{sample.pk}/receipt", {"received_on": on})
    assert again.status_code == 409
    assert again.json()["code"] == "already_received"


# --- lab reports --------------------------------------------------------------------------------


def test_failing_result_makes_the_sample_unqualified(setup, api) -> None:
    producer = entity("140581", name="高平市面粉厂")
    seller = entity("140525", name="泽州县便民超市")
    sample = f.sample(setup["plan"], setup["staff"], producer=producer, seller=seller)
    lead = setup["items"][0]
    rows = [
        {"item": lead.pk, "value": 0.35, "unit": "mg/kg"},  # by id, a JSON number
        {"item": "苯甲酸及其钠盐(以苯甲酸计)", "value": "未检出"},
        {"item": "玉米赤霉烯酮", "value": "12", "verdict": "合格"},
    ]
    response = _post(api("staff"), f"/samples/{sample.pk}/results", _report_json({}, results=rows))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["conclusion"] == "unqualified"
    assert body["status"] == "reported"
    assert "铅(以Pb计) 0.35" in body["failed_items"]
    [report] = body["reports"]
    assert report["conclusion"] == "unqualified"
    assert report["institution"] == sample.institution.uscc
    verdicts = {r["item"]: (r["value"], r["verdict"], r["limit"]) for r in report["results"]}
    assert verdicts["铅(以Pb计)"] == ("0.35", "fail", "≤0.2 mg/kg")
    assert verdicts["玉米赤霉烯酮"][1] == "pass"
    assert {n["party"]: n["uscc"] for n in body["notices"]} == {
        "sampled_unit": seller.uscc,
        "producer": producer.uscc,
    }
    assert body["disposal"] == Disposal.objects.get(sample=sample).number


def test_result_for_an_item_the_lab_is_not_qualified_for_is_422_on_its_row(setup, api) -> None:
    narrow = f.lab(items=setup["items"][:1])  # lead only
    plan = f.plan(labs=[narrow])
    sample = f.sample(plan, setup["staff"])
    values = {"玉米赤霉烯酮": "12", "铅(以Pb计)": "0.05"}
    response = _post(api("staff"), f"/samples/{sample.pk}/results", _report_json(values))
    assert response.status_code == 422, response.content
    assert _fields(response) == {"results[0].item"}
    assert "玉米赤霉烯酮" in _messages(response, "results[0].item")[0]
    assert not TestReport.objects.filter(sample=sample).exists()
    sample.refresh_from_db()
    assert sample.conclusion == "pending"


def test_wrong_unit_is_422_on_the_unit_of_its_row(setup, api) -> None:
    sample = f.sample(setup["plan"], setup["staff"])
    rows = [{"item": "铅(以Pb计)", "value": "0.05", "unit": "g/kg"}, {"item": "玉米赤霉烯酮", "value": "x"}]
    response = _post(api("staff"), f"/samples/{sample.pk}/results", _report_json({}, results=rows))
    assert response.status_code == 422
    assert _fields(response) == {"results[0].unit", "results[1].value"}
    assert "mg/kg" in _messages(response, "results[0].unit")[0]
    assert not TestReport.objects.exists()


def test_unknown_item_name_is_422_on_its_row(setup, api) -> None:
    sample = f.sample(setup["plan"], setup["staff"])
    rows = [{"item": "铅(以Pb计)", "value": "0.05"}, {"item": "不存在的项目", "value": "1"}]
    response = _post(api("staff"), f"/samples/{sample.pk}/results", _report_json({}, results=rows))
    assert response.status_code == 422
    assert _fields(response) == {"results[1].item"}
    assert "不存在的项目" in _messages(response, "results[1].item")[0]


def test_report_for_a_sample_not_yet_delivered_is_422_on_sample(setup, api) -> None:
    sample = f.sample(setup["plan"], setup["staff"], delivered=False)
    response = _post(api("staff"), f"/samples/{sample.pk}/results", _report_json(f.PASSING))
    assert response.status_code == 422
    assert _fields(response) == {"sample"}
    assert sample.number in _messages(response, "sample")[0]
    assert not TestReport.objects.exists()


def test_lab_reports_only_samples_sent_to_its_institution(setup, api) -> None:
    own_lab, other_lab = setup["labs"][0], setup["labs"][1]
    mine = f.sample(setup["plan"], setup["staff"], institution=own_lab)
    theirs = f.sample(setup["plan"], setup["staff"], institution=other_lab)
    lab = api("lab", uscc=own_lab.uscc)
    listed = lab.get(f"{API}/samples").json()
    assert [s["id"] for s in listed["results"]] == [mine.pk]
    refused = _post(lab, f"/samples/{theirs.pk}/results", _report_json(f.PASSING))
    assert refused.status_code == 404
    assert not TestReport.objects.filter(sample=theirs).exists()
    claimed = _post(lab, f"/samples/{mine.pk}/results", _report_json(f.PASSING, institution=other_lab.uscc))
    assert claimed.status_code == 403
    accepted = _post(lab, f"/samples/{mine.pk}/results", _report_json(f.PASSING))
    assert accepted.status_code == 201, accepted.content
    assert accepted.json()["conclusion"] == "qualified"
    assert TestReport.objects.get(sample=mine).institution == own_lab


# --- objections and the re-test -----------------------------------------------------------------


def _failed(setup: dict[str, Any], issued_days_ago: int = 10, **kw: Any) -> tuple[Sample, Entity]:
    producer = kw.pop("producer", None) or entity("140525", name=f"泽州县面粉厂{next(_serial)}")
    sample = f.sample(setup["plan"], setup["staff"], producer=producer, **kw)
    f.report(
        sample, setup["staff"], f.FAILING, issued_on=timezone.localdate() - dt.timedelta(days=issued_days_ago)
    )
    sample.refresh_from_db()
    return sample, producer


def test_objection_after_the_window_is_422_naming_the_window(setup, api) -> None:
    sample, _producer = _failed(setup, issued_days_ago=25)
    notice = SampleNotice.objects.get(sample=sample, party="producer")
    staff = api("staff")
    received = timezone.localdate() - dt.timedelta(days=24)
    served = _post(
        staff, f"/notices/{notice.pk}/receipt", {"received_on": received.isoformat(), "method": "in_person"}
    )
    assert served.status_code == 200, served.content
    due = dt.date.fromisoformat(served.json()["objection_due"])
    assert due < timezone.localdate()
    again = _post(
        staff, f"/notices/{notice.pk}/receipt", {"received_on": received.isoformat(), "method": "post"}
    )
    assert again.status_code == 409
    assert again.json()["code"] == "already_served"
    response = _post(staff, f"/notices/{notice.pk}/objections", {"reason": "对铅检测结果有异议"})
    assert response.status_code == 422, response.content
    assert _fields(response) == {"submitted_on"}
    message = _messages(response, "submitted_on")[0]
    assert str(due.year) in message
    assert str(due.day) in message
    assert str(received.day) in message
    assert not sample.objections.exists()


def test_retest_flow_through_the_api(setup, api) -> None:
    sample, producer = _failed(setup)
    first_lab = sample.institution
    notice = SampleNotice.objects.get(sample=sample, party="producer")
    staff = api("staff")
    received = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    assert (
        _post(staff, f"/notices/{notice.pk}/receipt", {"received_on": received, "method": "post"}).status_code
        == 200
    )

    # another enterprise cannot object to this notice; the producer can, today
    stranger = entity("140525")
    assert (
        _post(
            api("enterprise", uscc=stranger.uscc), f"/notices/{notice.pk}/objections", {"reason": "x"}
        ).status_code
        == 404
    )
    User.objects.filter(username="enterprise").update(uscc=producer.uscc)
    enterprise = api("enterprise")
    submitted = _post(
        enterprise,
        f"/notices/{notice.pk}/objections",
        {"reason": "对铅检测结果有异议", "submitted_on": "2000-01-01", "contested_items": ["铅(以Pb计)"]},
    )
    assert submitted.status_code == 201, submitted.content
    objection = submitted.json()
    assert objection["submitted_on"] == timezone.localdate().isoformat()  # an enterprise cannot backdate
    assert objection["contested_items"] == [setup["items"][0].pk]
    assert objection["status"] == "submitted"

    decided = _post(staff, f"/objections/{objection['id']}/decision", {"accept": True, "note": "受理"})
    assert decided.status_code == 200, decided.content
    decision = decided.json()
    assert decision["status"] == "retest_assigned"
    retest_uscc = decision["retest_institution"]
    assert retest_uscc in {lab.uscc for lab in setup["labs"]} - {first_lab.uscc}
    assert decision["retest_draw"]["picked"] == retest_uscc
    twice = _post(staff, f"/objections/{objection['id']}/decision", {"accept": False, "note": "x"})
    assert twice.status_code == 409
    assert twice.json()["code"] == "already_decided"

    # the first lab cannot enter the re-test; the re-test lab sees the sample it re-tests
    retest_lab = api("lab", uscc=retest_uscc)
    assert retest_lab.get(f"{API}/samples/{sample.pk}").status_code == 200
    response = _post(
        retest_lab, f"/samples/{sample.pk}/results", _report_json(f.PASSING, objection=objection["id"])
    )
    assert response.status_code == 201, response.content
    body = staff.get(f"{API}/samples/{sample.pk}").json()
    assert body["conclusion"] == "qualified"
    assert [(r["institution"], r["is_retest"]) for r in body["reports"]] == [
        (first_lab.uscc, False),
        (retest_uscc, True),
    ]
    [final] = body["objections"]
    assert final["status"] == "decided"
    assert final["outcome"] == "overturned"
    assert final["retest_report"] == body["reports"][1]["number"]
    disposal = staff.get(f"{API}/disposals/{body['disposal_id']}").json()
    assert disposal["status"] == "closed"
    assert disposal["allowed_steps"] == []
    listed = staff.get(f"{API}/objections?status=decided").json()
    assert [o["id"] for o in listed["results"]] == [objection["id"]]


def test_retest_report_names_the_objection_of_its_own_sample(setup, api) -> None:
    sample, _producer = _failed(setup)
    other = f.sample(setup["plan"], setup["staff"])
    notice = SampleNotice.objects.get(sample=sample, party="producer")
    services.acknowledge_notice(notice, actor=setup["staff"])
    objection = services.submit_objection(notice, actor=setup["staff"], reason="复检")
    services.decide_objection(objection, actor=setup["staff"], accept=True)
    response = _post(
        api("staff"), f"/samples/{other.pk}/results", _report_json(f.PASSING, objection=objection.pk)
    )
    assert response.status_code == 422
    assert _fields(response) == {"objection"}
    assert not TestReport.objects.filter(sample=other).exists()


# --- disposal -----------------------------------------------------------------------------------


def test_disposal_step_out_of_order_is_422(setup, api) -> None:
    castings = f.item(
        f.CASTINGS,
        "抗拉强度",
        limit_kind="min",
        limit_min=Decimal(400),
        limit_max=None,
        unit="MPa",
        limit_standard=None,
    )
    plab = f.lab(codes=(f.CASTINGS,))
    plan = f.plan(programme="product", codes=(f.CASTINGS,), labs=[plab])
    producer = entity("140525", name="泽州县铸造厂")
    sample = f.sample(
        plan,
        setup["staff"],
        producer=producer,
        seller=producer,
        link_type="production",
        product_name="球墨铸铁管件",
    )
    staff = api("staff")
    reported = _post(
        staff,
        f"/samples/{sample.pk}/results",
        _report_json({}, results=[{"item": castings.pk, "value": "350", "unit": "MPa"}]),
    )
    assert reported.status_code == 201, reported.content
    disposal_id = reported.json()["disposal_id"]
    detail = staff.get(f"{API}/disposals/{disposal_id}").json()
    assert detail["allowed_steps"][0] == "order_correction"
    today = timezone.localdate()
    refused = _post(
        staff, f"/disposals/{disposal_id}/steps", {"kind": "suspension", "done_on": today.isoformat()}
    )
    assert refused.status_code == 422, refused.content
    assert _fields(refused) == {"kind"}
    early = _post(staff, f"/disposals/{disposal_id}/close", {"measures_taken": "已整改"})
    assert early.status_code == 422
    assert "status" in _fields(early)
    ordered = _post(
        staff,
        f"/disposals/{disposal_id}/steps",
        {
            "kind": "order_correction",
            "done_on": today.isoformat(),
            "deadline": (today + dt.timedelta(days=20)).isoformat(),
        },
    )
    assert ordered.status_code == 201, ordered.content
    assert [s["kind"] for s in ordered.json()["steps"]] == ["order_correction"]
    assert ordered.json()["allowed_steps"] == ["recheck", "penalty", "recall"]
    passed = _post(
        staff,
        f"/disposals/{disposal_id}/steps",
        {"kind": "recheck", "done_on": today.isoformat(), "passed": True},
    )
    assert passed.json()["can_close"] is True
    closed = _post(staff, f"/disposals/{disposal_id}/close", {"measures_taken": "整改后复查合格"})
    assert closed.status_code == 200, closed.content
    assert closed.json()["status"] == "closed"
    after = _post(staff, f"/disposals/{disposal_id}/steps", {"kind": "penalty", "done_on": today.isoformat()})
    assert after.status_code == 409
    assert after.json()["code"] == "closed"


# --- pass rates ---------------------------------------------------------------------------------


def test_pass_rates_match_a_hand_count(setup, api) -> None:
    staff_user = setup["staff"]
    outcomes = [  # (county, result): None is a sample still at the lab
        ("140525", f.PASSING),
        ("140525", f.PASSING),
        ("140525", f.FAILING),
        ("140525", None),
        ("140581", f.PASSING),
        ("140581", f.FAILING),
    ]
    for county, values in outcomes:
        sample = f.sample(setup["plan"], staff_user, seller=entity(county))
        if values is not None:
            f.report(sample, staff_user, values)
    castings = f.item(
        f.CASTINGS, "抗拉强度", limit_kind="min", limit_min=Decimal(400), limit_max=None, unit="MPa"
    )
    plab = f.lab(codes=(f.CASTINGS,))
    product = f.sample(f.plan(programme="product", codes=(f.CASTINGS,), labs=[plab]), staff_user)
    services.enter_report(
        product,
        actor=staff_user,
        institution=plab,
        number="P-RATE",
        issued_on=timezone.localdate(),
        rows=[services.ResultRow(item=castings, value_text="450")],
    )
    staff = api("staff")

    food = staff.get(f"{API}/pass-rates?programme=food&by=county").json()
    # by hand: 5 concluded food batches, 3 qualified; 泽州 2 of 3, 高平 1 of 2
    assert (food["total"], food["qualified"], food["unqualified"], food["rate"]) == (5, 3, 2, 60.0)
    rows = {r["key"]: (r["total"], r["qualified"], r["rate"]) for r in food["rows"]}
    assert rows == {"140525": (3, 2, 66.67), "140581": (2, 1, 50.0)}
    assert staff.get(food["drill_url"]).json()["count"] == 5
    gaoping_row = next(r for r in food["rows"] if r["key"] == "140581")
    assert staff.get(gaoping_row["drill_url"]).json()["count"] == 2

    everything = staff.get(f"{API}/pass-rates").json()
    assert (everything["total"], everything["qualified"]) == (6, 4)
    assert everything["definition"] is None

    indicator = staff.get(f"{API}/pass-rates?indicator=food").json()
    assert (indicator["total"], indicator["qualified"]) == (5, 3)
    with translation.override("zh-hans"):
        assert indicator["definition"] == str(services.INDICATORS["food"].definition)
    empty = staff.get(f"{API}/pass-rates?programme=food&from=2000-01-01&to=2000-12-31").json()
    assert (empty["total"], empty["rate"]) == (0, None)

    county = api("zezhou").get(f"{API}/pass-rates?programme=food").json()
    assert (county["total"], county["qualified"]) == (3, 2)

    bad = staff.get(f"{API}/pass-rates?by=colour&county=999999")
    assert bad.status_code == 422
    assert _fields(bad) == {"by", "county"}


# --- plans --------------------------------------------------------------------------------------


def _plan_json(**fields: Any) -> dict[str, Any]:
    year = timezone.localdate().year
    data: dict[str, Any] = {
        "number": f"JC-API-{next(_serial):04d}",
        "name": "晋城市小麦粉专项抽检",
        "programme": "food",
        "purpose": "supervision",
        "level": "city",
        "year": year,
        "organiser": "samr-jc",
        "categories": [f.FLOUR],
        "counties": ["140525", "140581"],
        "batches_planned": 40,
        "institutions": [],
        "start_date": f"{year}-01-01",
        "end_date": f"{year}-12-31",
    }
    data.update(fields)
    return data


def test_create_plan_and_read_it_back(setup, api) -> None:
    staff = api("staff")
    lab = setup["labs"][0]
    response = _post(staff, "/plans", _plan_json(institutions=[lab.uscc]))
    assert response.status_code == 201, response.content
    body = response.json()
    plan = SpotCheckPlan.objects.get(pk=body["id"])
    assert body["counties"] == ["140525", "140581"]
    assert body["institutions"] == [lab.uscc]
    assert list(plan.institutions.all()) == [lab]
    assert AuditRecord.objects.filter(
        action="create", object_id=str(plan.pk), object_type__icontains="plan"
    ).exists()
    listed = staff.get(f"{API}/plans?programme=food&year={plan.year}").json()
    assert plan.pk in [p["id"] for p in listed["results"]]
    assert staff.get(f"{API}/plans?programme=product").json()["count"] == 0
    assert staff.get(f"{API}/plans/{plan.pk}").json()["number"] == plan.number


def test_plan_lab_must_be_qualified_for_its_categories(setup, api) -> None:
    castings_lab = f.lab(codes=(f.CASTINGS,), name="晋城市铸件检测站")
    response = _post(
        api("staff"), "/plans", _plan_json(institutions=[castings_lab.uscc], end_date="2000-01-01")
    )
    assert response.status_code == 422, response.content
    assert _fields(response) == {"institutions", "end_date"}
    messages = " ".join(_messages(response, "institutions"))
    assert "晋城市铸件检测站" in messages
    assert "小麦粉" in messages
    assert not SpotCheckPlan.objects.filter(organiser__code="samr-jc", name="晋城市小麦粉专项抽检").exists()


# --- scope and authentication -------------------------------------------------------------------


def test_county_officer_does_not_see_a_sample_of_another_county(setup, api) -> None:
    sample = f.sample(setup["plan"], setup["staff"], seller=entity("140525"))
    gaoping = api("gaoping")
    response = gaoping.get(f"{API}/samples/{sample.pk}")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert gaoping.get(f"{API}/samples").json()["count"] == 0
    assert (
        _post(
            gaoping, f"/samples/{sample.pk}/receipt", {"received_on": timezone.localdate().isoformat()}
        ).status_code
        == 404
    )
    zezhou = api("zezhou")
    assert zezhou.get(f"{API}/samples/{sample.pk}").json()["number"] == sample.number


def test_anonymous_request_is_401(setup) -> None:
    sample = f.sample(setup["plan"], setup["staff"])
    client = Client()
    for response in (
        client.get(f"{API}/samples"),
        client.get(f"{API}/pass-rates"),
        client.post(
            f"{API}/samples/{sample.pk}/results", _report_json(f.PASSING), content_type="application/json"
        ),
    ):
        assert response.status_code == 401
        assert response.json()["code"] == "unauthorized"
    assert not TestReport.objects.exists()


def test_sample_list_filters_by_codes(setup, api) -> None:
    producer = entity("140581")
    failed, _p = _failed(setup, producer=producer)
    passed = f.sample(setup["plan"], setup["staff"], seller=entity("140581"))
    f.report(passed, setup["staff"], f.PASSING)
    staff = api("staff")

    def ids(query: str) -> set[int]:
        response = staff.get(f"{API}/samples?{query}")
        assert response.status_code == 200, response.content
        return {s["id"] for s in response.json()["results"]}

    assert ids(f"producer={producer.uscc}") == {failed.pk}
    assert ids("conclusion=unqualified") == {failed.pk}
    assert ids("county=140581") == {passed.pk}
    assert ids("county=140500") == {failed.pk, passed.pk}  # the city: all its counties
    assert ids("category=food-01") == {failed.pk, passed.pk}  # a parent category
    assert ids("programme=product") == set()
    bad = staff.get(f"{API}/samples?programme=cars")
    assert bad.status_code == 422
    assert _fields(bad) == {"programme"}


def test_enterprise_acknowledges_its_notice_and_reads_its_sample_without_the_bureau_fields(
    setup, api
) -> None:
    seller = entity("140525", name="泽州县测试便利店")
    sample, producer = _failed(setup, seller=seller)
    own = SampleNotice.objects.get(sample=sample, party="producer")
    sellers = SampleNotice.objects.get(sample=sample, party="sampled_unit")
    enterprise = api("enterprise", uscc=producer.uscc)
    body = enterprise.get(f"{API}/samples/{sample.pk}").json()
    assert (body["samplers"], body["unit_price"], body["amount_paid"]) == ([], None, None)
    assert [n["id"] for n in body["notices"]] == [own.pk]
    assert body["disposal"] is None
    assert api("staff").get(f"{API}/samples/{sample.pk}").json()["samplers"] == ["李抽样", "王抽样"]
    backdated = (timezone.localdate() - dt.timedelta(days=5)).isoformat()
    response = _post(enterprise, f"/notices/{own.pk}/receipt", {"received_on": backdated, "method": "post"})
    assert response.status_code == 200, response.content
    assert (response.json()["received_on"], response.json()["method"]) == (
        timezone.localdate().isoformat(),
        "platform",
    )
    other = _post(enterprise, f"/notices/{sellers.pk}/receipt", {"received_on": backdated, "method": "post"})
    assert other.status_code == 404
    sellers.refresh_from_db()
    assert sellers.received_on is None
    assert enterprise.get(f"{API}/samples?producer={producer.uscc}").json()["count"] == 1

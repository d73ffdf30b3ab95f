"""The random-inspection API: tasks, the commitment before and the seed after the draw, refusals
with stable codes, results by drawn inspectors, publication, and who may do what."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.test import Client
from django.utils import timezone

from qualitycity.core.models import AuditRecord
from qualitycity.inspections.choices import DrawStatus, ResultStatus, TaskStatus
from qualitycity.inspections.models import (
    Draw,
    DrawTarget,
    InspectionPlan,
    InspectionResult,
    InspectionTask,
)
from qualitycity.inspections.services import approve_task, draw_task, task_items
from qualitycity.inspections.tests import factories as f
from qualitycity.inspections.tests.test_draw import classify, zezhou_filter, zezhou_pool
from qualitycity.registry.tests.factories import entity

pytestmark = pytest.mark.django_db
JSON = "application/json"


@pytest.fixture
def api(cast, password):
    """`api("staff")` → a client with that cast member's bearer token."""

    def _client(name: str) -> Client:
        cast(name)
        response = Client().post(
            "/api/v1/auth/token", {"username": name, "password": password}, content_type=JSON
        )
        assert response.status_code == 200, response.content
        return Client(headers={"Authorization": f"Bearer {response.json()['token']}"})

    return _client


@pytest.fixture
def staff_api(api):
    return api("staff")


@pytest.fixture
def ready(cast):
    """An approvable task over a pool of 泽州 entities, with three inspectors."""
    zezhou_pool(3)
    task = f.task(pool_filter=zezhou_filter(), ratios={"A": "50", "B": "50", "C": "50", "D": "50"})
    crew = f.inspectors(task.lead_department, 3)
    return task, crew


@pytest.fixture
def drawn(cast, ready):
    task, crew = ready
    staff = cast("staff")
    approve_task(task, actor=staff)
    draw = draw_task(task, actor=staff)
    task.refresh_from_db()
    return task, draw, crew


def _create_payload(lead_code: str = "samr-jc", plan_code: str | None = None, **extra) -> dict:
    lead = f.department(lead_code)
    plan, _ = InspectionPlan.objects.get_or_create(
        department=f.department(plan_code or lead_code),
        year=2026,
        name="2026年度双随机抽查计划",
        defaults={"ratios": f.RATIOS},
    )
    item = f.check_item(lead)
    data = {
        "plan": plan.pk,
        "name": "2026年产品质量双随机抽查（接口）",
        "lead_department": lead.code,
        "check_items": [item.pk],
        "pool_filter": zezhou_filter(),
        "ratios": {"A": "3", "B": "5", "C": "10", "D": "30", "-": "5"},
        "start_date": "2026-09-01",
        "end_date": "2026-10-30",
    }
    data.update(extra)
    return data


# --- tasks ----------------------------------------------------------------------------------


def test_create_task_numbers_it_records_the_audit_and_keeps_it_a_draft(staff_api):
    payload = _create_payload(participating_departments=["gxj"])
    before = AuditRecord.objects.filter(action="create", object_type="inspections.inspectiontask").count()
    response = staff_api.post("/api/v1/inspections/tasks", payload, content_type=JSON)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["number"] == "SJ-2026-0001"
    assert body["status"] == TaskStatus.DRAFT
    assert body["participating_departments"] == ["gxj"]
    assert body["pool_filter"] == zezhou_filter()
    assert body["inspectors_per_target"] == 2
    assert body["commitment"] is None
    assert body["current_draw"] is None
    assert body["publication"]["state"] == "not_due"
    task = InspectionTask.objects.get(number="SJ-2026-0001")
    assert task.created_by.username == "staff"
    after = AuditRecord.objects.filter(action="create", object_type="inspections.inspectiontask").count()
    assert after == before + 1
    second = staff_api.post("/api/v1/inspections/tasks", payload, content_type=JSON)
    assert second.json()["number"] == "SJ-2026-0002"


def test_create_task_with_a_taken_number_is_422_on_the_number(staff_api):
    payload = _create_payload(number="SJ-2026-0042")
    assert staff_api.post("/api/v1/inspections/tasks", payload, content_type=JSON).status_code == 201
    response = staff_api.post("/api/v1/inspections/tasks", payload, content_type=JSON)
    assert response.status_code == 422
    assert response.json()["details"][0]["field"] == "number"


def test_bad_ratios_are_422_naming_the_classes(staff_api):
    count = InspectionTask.objects.count()
    response = staff_api.post(
        "/api/v1/inspections/tasks",
        _create_payload(ratios={"A": "120", "B": "5", "C": "-1"}),
        content_type=JSON,
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_ratio"
    assert "A=120" in body["message"]
    assert "C=-1" in body["message"]
    assert sorted(d["field"] for d in body["details"]) == ["ratios.A", "ratios.C"]
    assert InspectionTask.objects.count() == count


def test_an_unknown_risk_class_in_the_ratios_is_422_naming_it(staff_api):
    response = staff_api.post(
        "/api/v1/inspections/tasks", _create_payload(ratios={"A": "3", "X": "5"}), content_type=JSON
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_ratio"
    assert [d["field"] for d in body["details"]] == ["ratios.X"]


def test_unknown_references_are_422_per_field(staff_api):
    response = staff_api.post(
        "/api/v1/inspections/tasks",
        _create_payload(
            lead_department="nope",
            check_items=[-1],
            pool_filter={"county_id": -1},
            end_date="2026-08-01",
        ),
        content_type=JSON,
    )
    assert response.status_code == 422
    fields = {d["field"] for d in response.json()["details"]}
    assert {"lead_department", "check_items", "pool_filter.county_id", "end_date"} <= fields


def test_unknown_pool_filter_keys_are_refused(staff_api):
    response = staff_api.post(
        "/api/v1/inspections/tasks", _create_payload(pool_filter={"risk_class": "D"}), content_type=JSON
    )
    assert response.status_code == 422
    assert response.json()["details"][0]["field"] == "pool_filter.risk_class"


def test_a_county_officer_creates_tasks_of_their_county_bureau_only(api):
    client = api("zezhou")
    own = client.post("/api/v1/inspections/tasks", _create_payload("samr-zz"), content_type=JSON)
    assert own.status_code == 201, own.content
    assert own.json()["lead_department"] == "samr-zz"
    count = InspectionTask.objects.count()
    payload = _create_payload("samr-jc", plan_code="samr-zz")
    response = client.post("/api/v1/inspections/tasks", payload, content_type=JSON)
    assert response.status_code == 422
    assert response.json()["details"][0]["field"] == "lead_department"
    assert InspectionTask.objects.count() == count


@pytest.mark.parametrize("who", ["anonymous", "enterprise", "leader", "inspector"])
def test_only_roles_that_may_add_tasks_create_them(api, who):
    client = Client() if who == "anonymous" else api(who)
    payload = _create_payload()
    count, audits = InspectionTask.objects.count(), AuditRecord.objects.count()
    response = client.post("/api/v1/inspections/tasks", payload, content_type=JSON)
    assert response.status_code == (401 if who == "anonymous" else 403)
    assert set(response.json()) == {"code", "message", "details"}
    assert InspectionTask.objects.count() == count
    assert AuditRecord.objects.count() == audits


def test_an_enterprise_token_sees_no_task(api, ready):
    client = api("enterprise")
    task, _crew = ready
    assert client.get("/api/v1/inspections/tasks").status_code == 403
    assert client.get(f"/api/v1/inspections/tasks/{task.pk}").status_code == 403
    assert client.post(f"/api/v1/inspections/tasks/{task.pk}/approve").status_code == 403


def test_task_list_and_detail(staff_api, ready):
    task, _crew = ready
    body = staff_api.get("/api/v1/inspections/tasks", {"status": "draft"}).json()
    assert [t["number"] for t in body["results"]] == [task.number]
    detail = staff_api.get(f"/api/v1/inspections/tasks/{task.pk}").json()
    assert detail["number"] == task.number
    assert detail["lead_department"] == "samr-jc"
    assert staff_api.get("/api/v1/inspections/tasks/-1").status_code == 404


# --- approval and the draw ------------------------------------------------------------------


def test_approval_returns_the_commitment_and_never_the_seed(staff_api, ready):
    task, _crew = ready
    response = staff_api.post(f"/api/v1/inspections/tasks/{task.pk}/approve")
    assert response.status_code == 200, response.content
    body = response.json()
    draw = Draw.objects.get(task=task)
    assert body["commitment"] == draw.commitment
    assert body["status"] == DrawStatus.COMMITTED
    assert body["seed"] is None
    assert body["targets"] is None
    for url in (f"/api/v1/inspections/draws/{draw.pk}", "/api/v1/inspections/draws"):
        assert draw.seed not in staff_api.get(url).content.decode()
    detail = staff_api.get(f"/api/v1/inspections/tasks/{task.pk}").json()
    assert detail["commitment"] == draw.commitment
    assert detail["status"] == TaskStatus.APPROVED
    again = staff_api.post(f"/api/v1/inspections/tasks/{task.pk}/approve")
    assert again.status_code == 409
    assert again.json()["code"] == "not_draft"


def test_the_draw_reveals_the_seed_of_the_commitment_and_a_second_draw_is_409(staff_api, ready):
    task, crew = ready
    committed = staff_api.post(f"/api/v1/inspections/tasks/{task.pk}/approve").json()
    response = staff_api.post(f"/api/v1/inspections/tasks/{task.pk}/draw")
    assert response.status_code == 200, response.content
    body = response.json()
    assert hashlib.sha256(body["seed"].encode()).hexdigest() == committed["commitment"] == body["commitment"]
    assert body["status"] == DrawStatus.DRAWN
    assert body["pool_size"] == 12
    assert len(body["targets"]) == body["target_count"] == 8
    codes = {i.code for i in crew}
    for target in body["targets"]:
        assert len(target["inspectors"]) == 2
        assert set(target["inspectors"]) <= codes
        assert target["risk_class"] in {"A", "B", "C", "D"}
    assert len(body["pool_hash"]) == 64
    assert len(body["staffing_hash"]) == 64
    second = staff_api.post(f"/api/v1/inspections/tasks/{task.pk}/draw")
    assert second.status_code == 409
    assert second.json()["code"] == "already_drawn"
    assert set(second.json()) == {"code", "message", "details"}
    assert Draw.objects.filter(task=task, drawn_at__isnull=False).count() == 1
    listed = staff_api.get("/api/v1/inspections/draws", {"task_id": task.pk}).json()
    assert listed["count"] == 1
    assert listed["results"][0]["seed"] == body["seed"]
    single = staff_api.get(f"/api/v1/inspections/draws/{body['id']}").json()
    assert single["targets"] == body["targets"]


def test_a_leader_approves_and_only_staff_or_county_officers_draw(api, ready):
    task, _crew = ready
    for who in ("zezhou", "inspector", "enterprise"):
        assert api(who).post(f"/api/v1/inspections/tasks/{task.pk}/approve").status_code == 403
    leader = api("leader")
    response = leader.post(f"/api/v1/inspections/tasks/{task.pk}/approve")
    assert response.status_code == 200, response.content
    assert response.json()["commitment"] == Draw.objects.get(task=task).commitment
    assert leader.post(f"/api/v1/inspections/tasks/{task.pk}/draw").status_code == 403
    assert api("inspector").post(f"/api/v1/inspections/tasks/{task.pk}/draw").status_code == 403
    task.refresh_from_db()
    assert task.status == TaskStatus.APPROVED
    assert not Draw.objects.filter(task=task, drawn_at__isnull=False).exists()


def test_a_county_officer_draws_a_task_of_their_county(api, cast):
    zezhou_pool(2)
    lead = f.department("samr-zz")
    task = f.task(lead=lead, pool_filter=zezhou_filter(), ratios={"A": "100"})
    f.inspectors(lead, 2)
    approve_task(task, actor=cast("staff"))
    response = api("zezhou").post(f"/api/v1/inspections/tasks/{task.pk}/draw")
    assert response.status_code == 200, response.content
    assert response.json()["target_count"] == 2


def test_drawing_an_unapproved_task_is_409(staff_api, ready):
    task, _crew = ready
    response = staff_api.post(f"/api/v1/inspections/tasks/{task.pk}/draw")
    assert response.status_code == 409
    assert response.json()["code"] == "not_approved"


def test_an_unstaffable_draw_is_422_naming_the_targets(staff_api, cast):
    pool = [entity() for _ in range(2)]
    classify(pool, "A")
    task = f.task(pool_filter=zezhou_filter(), ratios={"A": "100"})
    f.inspectors(task.lead_department, 1)
    approve_task(task, actor=cast("staff"))
    response = staff_api.post(f"/api/v1/inspections/tasks/{task.pk}/draw")
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "unstaffable"
    assert {d["field"] for d in body["details"]} == {f"targets.{e.uscc}" for e in pool}
    task.refresh_from_db()
    assert task.status == TaskStatus.APPROVED


def test_approving_a_task_with_an_empty_pool_is_422(staff_api):
    task = f.task(pool_filter={"tag": "time_honoured"})
    response = staff_api.post(f"/api/v1/inspections/tasks/{task.pk}/approve")
    assert response.status_code == 422
    assert response.json()["code"] == "empty_pool"


def test_verify_reports_the_draw_verified(staff_api, drawn):
    _task, draw, _unused = drawn
    body = staff_api.get(f"/api/v1/inspections/draws/{draw.pk}/verify").json()
    assert body == {"ok": True, "targets": 8, "inspectors": 3, "differences": []}


def test_redo_needs_a_reason_and_seals_a_new_commitment(staff_api, drawn):
    task, draw, _unused = drawn
    blank = staff_api.post(f"/api/v1/inspections/tasks/{task.pk}/redo", {"reason": " "}, content_type=JSON)
    assert blank.status_code == 422
    assert blank.json()["code"] == "reason_required"
    response = staff_api.post(
        f"/api/v1/inspections/tasks/{task.pk}/redo", {"reason": "名录库数据有误"}, content_type=JSON
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["supersedes"] == draw.pk
    assert body["redo_reason"] == "名录库数据有误"
    assert body["seed"] is None
    assert body["commitment"] != draw.commitment
    again = staff_api.post(f"/api/v1/inspections/tasks/{task.pk}/redo", {"reason": "再来"}, content_type=JSON)
    assert again.status_code == 409
    assert again.json()["code"] == "not_drawn"


def test_a_county_officer_does_not_see_city_tasks(api, drawn):
    task, draw, _unused = drawn
    client = api("zezhou")
    assert client.get(f"/api/v1/inspections/tasks/{task.pk}").status_code == 404
    assert client.get(f"/api/v1/inspections/draws/{draw.pk}").status_code == 404
    assert client.post(f"/api/v1/inspections/tasks/{task.pk}/draw").status_code == 404
    assert client.get("/api/v1/inspections/tasks").json()["count"] == 0


# --- results and publication ----------------------------------------------------------------


def _result_payload(task, target, by=None, code="no_problem", **extra) -> dict:
    data = {
        "task": task.number,
        "uscc": target.uscc,
        "department": task.lead_department.code,
        "inspected_on": "2026-09-15",
        "items": [
            {"check_item": item.pk, "category": code, "note": ""}
            for item in task_items(task, task.lead_department)
        ],
        "note": "现场检查",
    }
    if by is not None:
        data["entered_by"] = by.code
    data.update(extra)
    return data


def _crew(target):
    return [a.inspector for a in target.assignments.select_related("inspector").order_by("slot")]


def test_a_result_for_an_entity_not_drawn_is_422_not_drawn(staff_api, drawn):
    task, _draw, crew = drawn
    outsider = entity()
    payload = {**_result_payload(task, DrawTarget.objects.first(), crew[0]), "uscc": outsider.uscc}
    response = staff_api.post("/api/v1/inspections/results", payload, content_type=JSON)
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "not_drawn"
    assert outsider.uscc in body["message"]
    assert body["details"] == [{"field": "uscc", "message": body["message"]}]
    assert not InspectionResult.objects.exists()


def test_a_result_with_a_wrong_date_and_no_items_is_422_per_field(staff_api, drawn):
    task, draw, _unused = drawn
    target = DrawTarget.objects.filter(draw=draw).first()
    payload = _result_payload(task, target, _crew(target)[0], inspected_on="2026-08-01", items=[])
    response = staff_api.post("/api/v1/inspections/results", payload, content_type=JSON)
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_error"
    assert {"items", "inspected_on"} <= {d["field"] for d in body["details"]}


def test_result_entry_confirmation_and_publication(staff_api, drawn):
    task, draw, _unused = drawn
    targets = list(DrawTarget.objects.filter(draw=draw).order_by("position"))
    ids = []
    for target in targets:
        first, second = _crew(target)
        response = staff_api.post(
            "/api/v1/inspections/results", _result_payload(task, target, first), content_type=JSON
        )
        assert response.status_code == 201, response.content
        body = response.json()
        assert body["status"] == ResultStatus.SUBMITTED
        assert body["submitted_by"] == first.code
        same = staff_api.post(
            f"/api/v1/inspections/results/{body['id']}/confirm", {"inspector": first.code}, content_type=JSON
        )
        assert same.status_code == 422
        confirmed = staff_api.post(
            f"/api/v1/inspections/results/{body['id']}/confirm", {"inspector": second.code}, content_type=JSON
        )
        assert confirmed.status_code == 200
        assert confirmed.json()["confirmed_by"] == second.code
        ids.append(body["id"])
    listed = staff_api.get("/api/v1/inspections/results", {"task": task.number}).json()
    assert sorted(r["id"] for r in listed["results"]) == sorted(ids)
    clock = staff_api.get(f"/api/v1/inspections/tasks/{task.pk}/publication").json()
    assert clock["expected"] == clock["confirmed"] == len(targets)
    assert clock["published"] == 0
    assert clock["due"] == "2026-11-27"
    published = staff_api.post(f"/api/v1/inspections/tasks/{task.pk}/publish")
    assert published.status_code == 200, published.content
    body = published.json()
    assert body["published_now"] == body["published"] == len(targets)
    late = timezone.localdate() > dt.date(2026, 11, 27)
    assert body["state"] == ("published_late" if late else "published")
    again = staff_api.post(f"/api/v1/inspections/tasks/{task.pk}/publish")
    assert again.status_code == 409
    assert again.json()["code"] == "nothing_to_publish"


def test_an_inspector_enters_a_result_as_themself_by_default(api, cast, drawn):
    task, draw, _unused = drawn
    target = DrawTarget.objects.filter(draw=draw).first()
    first = _crew(target)[0]
    first.user = cast("inspector")
    first.save(update_fields=["user"])
    client = api("inspector")
    response = client.post("/api/v1/inspections/results", _result_payload(task, target), content_type=JSON)
    assert response.status_code == 201, response.content
    assert response.json()["submitted_by"] == first.code
    own = client.post(f"/api/v1/inspections/results/{response.json()['id']}/confirm", {}, content_type=JSON)
    assert own.status_code == 422
    assert InspectionResult.objects.get().status == ResultStatus.SUBMITTED


def test_a_user_who_is_not_a_drawn_inspector_must_name_one(staff_api, drawn):
    task, draw, _unused = drawn
    target = DrawTarget.objects.filter(draw=draw).first()
    response = staff_api.post("/api/v1/inspections/results", _result_payload(task, target), content_type=JSON)
    assert response.status_code == 422
    assert response.json()["details"][0]["field"] == "entered_by"


def test_an_enterprise_token_cannot_enter_results(api, drawn):
    task, draw, _unused = drawn
    target = DrawTarget.objects.filter(draw=draw).first()
    response = api("enterprise").post(
        "/api/v1/inspections/results", _result_payload(task, target, _crew(target)[0]), content_type=JSON
    )
    assert response.status_code == 403
    assert not InspectionResult.objects.exists()


def test_publication_before_the_draw(staff_api, ready):
    task, _crew = ready
    body = staff_api.get(f"/api/v1/inspections/tasks/{task.pk}/publication").json()
    assert body["state"] == "not_due"
    assert body["expected"] == 0
    response = staff_api.post(f"/api/v1/inspections/tasks/{task.pk}/publish")
    assert response.status_code == 409
    assert response.json()["code"] == "not_drawn"

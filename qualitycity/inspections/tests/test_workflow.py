"""The random-inspection workflow through its pages: a draft task from a plan, approval, the
draw as a background job (and its refusal), redo, checking a draw, the inspector's result
sheet and the second inspector's confirmation, publication, to-dos and the home panel."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from django.utils.translation import gettext

from qualitycity.core import todo
from qualitycity.core.choices import JobStatus, Role
from qualitycity.core.models import AuditRecord, Department, Division, Job, User
from qualitycity.core.testing.users import user
from qualitycity.credit.models import CreditEvent
from qualitycity.inspections.choices import DrawStatus, ResultStatus, TaskStatus
from qualitycity.inspections.models import (
    Draw,
    DrawAssignment,
    DrawTarget,
    InspectionPlan,
    InspectionResult,
    InspectionTask,
    Inspector,
    InspectorConflict,
    ResultAttachment,
    ResultCategory,
)
from qualitycity.inspections.services import approve_task, draw_task
from qualitycity.inspections.tasks import DRAW_JOB
from qualitycity.inspections.tests import factories as f
from qualitycity.inspections.tests.test_draw import classify, zezhou_filter
from qualitycity.registry.tests.factories import entity

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 28)  # a Saturday; the test tasks' publication fell due on 27 November


@pytest.fixture(autouse=True)
def _frozen_today(monkeypatch) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


@pytest.fixture
def staff(cast):
    return cast("staff")


def account(name: str, role: str = Role.INSPECTOR, department: str = "samr-jc") -> User:
    obj = User(username=name, role=role, department=Department.objects.get(code=department))
    obj.set_password("x")
    obj.save()
    return obj


def logged_in(member: User) -> Client:
    client = Client()
    client.force_login(member)
    return client


def pool(n: int = 3, risk_class: str = "B", county: str = "140525") -> list:
    made = [entity(county) for _ in range(n)]
    classify(made, risk_class)
    return made


@pytest.fixture
def approved(staff):
    """An approved task over three class-B entities of 泽州, two inspectors with accounts."""
    entities = pool()
    task = f.task(pool_filter=zezhou_filter(), ratios={"B": "100"}, is_directed=True)
    crew = f.inspectors(task.lead_department, 2)
    crew[0].user = user("inspector")
    crew[0].save(update_fields=["user"])
    crew[1].user = account("inspector_two")
    crew[1].save(update_fields=["user"])
    approve_task(task, actor=staff)
    task.refresh_from_db()
    return task, crew, entities


@pytest.fixture
def drawn(staff, approved):
    task, crew, entities = approved
    draw = draw_task(task, actor=staff)
    task.refresh_from_db()
    return task, draw, crew, entities


def page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


# ---------------------------------------------------------------- the draft task


@pytest.fixture
def plan() -> InspectionPlan:
    return InspectionPlan.objects.create(
        department=f.department(),
        year=2026,
        name="2026年度产品质量抽查计划",
        ratios={"A": "3", "B": "5", "C": "10", "D": "30", "-": "5"},
        inspectors_per_target=3,
    )


def task_form_data(plan: InspectionPlan, items: list, **overrides) -> dict:
    data = {
        "plan": plan.pk,
        "name": "2026年产品质量双随机抽查",
        "number": "",
        "lead_department": plan.department_id,
        "check_items": [i.pk for i in items],
        "is_directed": "on",
        "county_id": Division.objects.get(code="140525").pk,
        "industry": "C33",
        "inspectors_per_target": "2",
        "start_date": "2026-09-01",
        "end_date": "2026-10-30",
        "ratio_A": "3",
        "ratio_B": "5",
        "ratio_C": "10",
        "ratio_D": "30",
        "ratio_unclassified": "5",
        "note": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_staff_creates_a_draft_from_a_plan_with_its_defaults_and_the_next_number(login, plan):
    items = [f.check_item(plan.department) for _ in range(2)]
    client = login("staff")
    assert plan.name in page(client, "/inspections/tasks/add/")
    form = page(client, f"/inspections/tasks/add/?plan={plan.pk}")
    assert 'name="ratio_D" value="30"' in form
    assert 'hx-trigger="load, change from:#task-form delay:300ms"' in form
    assert 'name="inspectors_per_target" value="3"' in form
    response = client.post("/inspections/tasks/add/", task_form_data(plan, items))
    assert response.status_code == 302
    task = InspectionTask.objects.get()
    assert response["Location"] == f"/inspections/tasks/{task.pk}/"
    assert task.number == "SJ-2026-0001"
    assert task.status == TaskStatus.DRAFT
    assert task.plan == plan
    assert task.pool_filter == {"county_id": Division.objects.get(code="140525").pk, "industry": "C33"}
    assert task.ratios == {"A": "3", "B": "5", "C": "10", "D": "30", "-": "5"}
    assert set(task.check_items.all()) == set(items)
    assert task.is_directed
    assert (
        AuditRecord.objects.filter(object_type="inspections.inspectiontask", object_id=str(task.pk)).count()
        == 1
    )
    detail = page(client, f"/inspections/tasks/{task.pk}/")
    assert "SJ-2026-0001" in detail
    assert "泽州县" in detail
    assert "C33" in detail
    client.post("/inspections/tasks/add/", task_form_data(plan, items, name="第二个任务"))
    assert InspectionTask.objects.get(name="第二个任务").number == "SJ-2026-0002"


def test_task_form_refuses_bad_ratios_foreign_items_and_too_few_inspectors(login, plan):
    ours = f.check_item(plan.department)
    theirs = f.check_item(f.department("gxj"))
    client = login("staff")
    response = client.post(
        "/inspections/tasks/add/",
        task_form_data(plan, [ours, theirs], ratio_A="120", ratio_B="5.555", inspectors_per_target="1"),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"ratio_A", "ratio_B", "check_items", "inspectors_per_target"}
    assert form.errors["check_items"] == [
        gettext("Not items of the task's departments: {items}").format(items=theirs)
    ]
    assert form.errors["inspectors_per_target"] == [
        gettext("Every target needs at least {n} inspectors.").format(n=2)
    ]
    assert not InspectionTask.objects.exists()


def test_a_joint_task_needs_items_of_every_department_and_a_filter_makes_it_directed(login, plan):
    ours = f.check_item(plan.department)
    other = f.department("gxj")
    client = login("staff")
    response = client.post(
        "/inspections/tasks/add/",
        task_form_data(plan, [ours], participating_departments=[other.pk], is_directed=None),
    )
    form = response.context["form"]
    assert form.errors["check_items"] == [
        gettext("Choose at least one check item of {departments}.").format(departments=other.name)
    ]
    assert "is_directed" in form.errors
    assert not InspectionTask.objects.exists()


def test_pool_size_is_counted_live_per_risk_class(login):
    pool(3, "B")
    pool(1, "D")
    pool(2, "B", county="140581")
    client = login("staff")
    url = "/inspections/tasks/pool-size/?lead_department={}&county_id={}&ratio_B=50&ratio_D=100".format(
        f.department().pk, Division.objects.get(code="140525").pk
    )
    response = client.get(url, headers={"HX-Request": "true"})
    assert response.status_code == 200
    pool_info = response.context["pool"]
    assert pool_info["total"] == 4
    assert pool_info["targets"] == 3
    assert {r["risk_class"]: (r["pool"], r["targets"]) for r in pool_info["rows"]}["B"] == (3, 2)
    assert "<html" not in response.content.decode()
    assert login("inspector").get(url).status_code == 403


def test_only_a_draft_is_edited_and_only_by_task_managers(login, staff, approved):
    task, _crew, _entities = approved
    assert login("inspector").get("/inspections/tasks/add/").status_code == 403
    assert login("leader").get(f"/inspections/tasks/{task.pk}/change/").status_code == 403
    response = login("staff").get(f"/inspections/tasks/{task.pk}/change/")
    assert response.status_code == 302
    assert response["Location"] == f"/inspections/tasks/{task.pk}/"
    draft = f.task(pool_filter=zezhou_filter(), is_directed=True)
    client = login("staff")
    data = task_form_data(
        draft.plan, list(draft.check_items.all()), number=draft.number, name="改过的名称", industry=""
    )
    assert client.post(f"/inspections/tasks/{draft.pk}/change/", data).status_code == 302
    draft.refresh_from_db()
    assert draft.name == "改过的名称"
    assert draft.pool_filter == {"county_id": zezhou_filter()["county_id"]}


def test_county_officer_sees_and_creates_only_in_their_county(login):
    zezhou = f.department("samr-zz")
    task = f.task(lead=zezhou, pool_filter={}, is_directed=False)
    assert page(login("zezhou"), f"/inspections/tasks/{task.pk}/")
    assert login("gaoping").get(f"/inspections/tasks/{task.pk}/").status_code == 404
    plan = InspectionPlan.objects.create(department=zezhou, year=2026, name="泽州县计划", ratios={"B": "5"})
    item = f.check_item(zezhou)
    response = login("gaoping").get(f"/inspections/tasks/add/?plan={plan.pk}")
    assert response.status_code == 404
    data = task_form_data(plan, [item], lead_department=f.department().pk)
    response = login("zezhou").post("/inspections/tasks/add/", data)
    assert "lead_department" in response.context["form"].errors


# ---------------------------------------------------------------- approval, draw, redo


def test_leader_approves_and_the_commitment_is_published(login):
    pool()
    task = f.task(pool_filter=zezhou_filter(), is_directed=True)
    f.inspectors(task.lead_department, 2)
    assert login("inspector").post(f"/inspections/tasks/{task.pk}/approve/").status_code == 403
    task.refresh_from_db()
    assert task.status == TaskStatus.DRAFT
    client = login("leader")
    assert 'id="approve"' in page(client, f"/inspections/tasks/{task.pk}/")
    response = client.post(f"/inspections/tasks/{task.pk}/approve/", follow=True)
    draw = Draw.objects.get(task=task)
    content = response.content.decode()
    assert draw.commitment in content
    assert "sha256sum" in content
    assert draw.seed not in content
    task.refresh_from_db()
    assert task.status == TaskStatus.APPROVED
    assert task.approved_by == user("leader")


def test_approval_refused_shows_the_reason(login):
    task = f.task(pool_filter={"tag": "time_honoured"}, is_directed=True)
    response = login("staff").post(f"/inspections/tasks/{task.pk}/approve/", follow=True)
    assert (
        gettext("The target pool of this task is empty: no entity matches its filter.")
        in response.content.decode()
    )
    task.refresh_from_db()
    assert task.status == TaskStatus.DRAFT
    assert not Draw.objects.exists()


def test_the_draw_runs_as_a_job_and_the_page_shows_the_targets(
    login, approved, django_capture_on_commit_callbacks, run_worker
):
    task, _crew, entities = approved
    assert login("leader").post(f"/inspections/tasks/{task.pk}/draw/").status_code == 403
    client = login("staff")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/inspections/tasks/{task.pk}/draw/")
    assert response.status_code == 302
    assert response["Location"] == f"/inspections/tasks/{task.pk}/"
    job = Job.objects.get(kind=DRAW_JOB)
    assert job.params["task"] == task.pk
    assert job.owner == user("staff")
    running = page(client, f"/inspections/tasks/{task.pk}/")
    assert 'id="draw-job"' in running
    assert 'hx-trigger="every 1s"' in running
    assert 'id="draw"' not in running
    run_worker()
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert job.result["targets"] == 3
    task.refresh_from_db()
    assert task.status == TaskStatus.DRAWN
    poll = client.get(f"/inspections/tasks/{task.pk}/draw-status/", headers={"HX-Request": "true"})
    assert poll["HX-Refresh"] == "true"
    detail = page(client, f"/inspections/tasks/{task.pk}/")
    for e in entities:
        assert e.name in detail
        assert e.uscc in detail
    assert 'class="risk-class">B<' in detail
    assert "2026年11月27日" in detail or "Nov. 27, 2026" in detail
    assert 'id="publication-state"' in detail
    assert "coverage-chart" in detail
    inspector_view = page(login("inspector"), f"/inspections/tasks/{task.pk}/")
    assert entities[0].name in inspector_view
    assert 'class="risk-class"' not in inspector_view


def test_a_failed_draw_shows_the_targets_that_cannot_be_staffed(
    login, approved, django_capture_on_commit_callbacks, run_worker
):
    task, crew, entities = approved
    victim = entities[0]
    InspectorConflict.objects.create(
        inspector=crew[0], entity=victim, kind="relative", declared_on=dt.date(2026, 1, 5)
    )
    client = login("staff")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/inspections/tasks/{task.pk}/draw/")
    run_worker()
    job = Job.objects.get(kind=DRAW_JOB)
    assert job.status == JobStatus.FAILED
    assert victim.uscc in job.error
    assert job.result["code"] == "unstaffable"
    task.refresh_from_db()
    assert task.status == TaskStatus.APPROVED
    assert not DrawTarget.objects.exists()
    detail = page(client, f"/inspections/tasks/{task.pk}/")
    assert "draw-error" in detail
    assert victim.name in detail
    assert gettext("fewer eligible inspectors than required") in detail
    assert 'id="draw"' in detail
    assert victim.uscc in page(client, f"/jobs/{job.pk}/")


def test_a_second_draw_request_is_refused_while_one_runs(login, approved, django_capture_on_commit_callbacks):
    task, _crew, _entities = approved
    client = login("staff")
    with django_capture_on_commit_callbacks(execute=False):
        client.post(f"/inspections/tasks/{task.pk}/draw/")
        response = client.post(f"/inspections/tasks/{task.pk}/draw/", follow=True)
    assert gettext("A draw of this task is already running.") in response.content.decode()
    assert Job.objects.filter(kind=DRAW_JOB).count() == 1


def test_redo_needs_a_reason_and_keeps_the_superseded_draw_visible(login, drawn):
    task, first, _crew, _entities = drawn
    client = login("staff")
    response = client.post(f"/inspections/tasks/{task.pk}/redo/", {"reason": " "}, follow=True)
    assert gettext("A redo needs a reason.") in response.content.decode()
    assert login("zezhou").post(f"/inspections/tasks/{task.pk}/redo/", {"reason": "x"}).status_code == 403
    response = client.post(
        f"/inspections/tasks/{task.pk}/redo/", {"reason": "名录库数据有误，经局长批准重抽"}, follow=True
    )
    second = Draw.objects.get(task=task, sequence=2)
    content = response.content.decode()
    assert second.commitment in content
    assert "名录库数据有误，经局长批准重抽" in content
    first.refresh_from_db()
    assert first.status == DrawStatus.SUPERSEDED
    assert 'class="draw-superseded"' in content
    task.refresh_from_db()
    assert task.status == TaskStatus.APPROVED


def test_the_check_page_verifies_the_draw_and_offers_the_snapshots_to_bureau_users(login, drawn):
    _task, draw, _crew, entities = drawn
    client = login("staff")
    content = page(client, f"/inspections/draws/{draw.pk}/check/")
    assert draw.seed in content
    assert draw.pool_hash in content
    assert draw.staffing_hash in content
    assert "qcity-draw-v1" in content
    assert "Every entity&#x27;s key is" in content
    response = client.post(f"/inspections/draws/{draw.pk}/check/")
    assert f"draw {draw.pk} verified: 3 targets, 2 inspectors" in response.content.decode()
    pool_text = client.get(f"/inspections/draws/{draw.pk}/pool.txt")
    assert pool_text.status_code == 200
    assert pool_text.content.decode() == "\n".join(sorted(f"{e.uscc},B" for e in entities))
    staffing = client.get(f"/inspections/draws/{draw.pk}/staffing.json").json()
    assert staffing["per_target"] == 2
    assert AuditRecord.objects.filter(action="export", object_id=str(draw.pk)).count() == 2
    inspector = login("inspector")
    assert "download-pool" not in page(inspector, f"/inspections/draws/{draw.pk}/check/")
    assert inspector.get(f"/inspections/draws/{draw.pk}/pool.txt").status_code == 403
    DrawTarget.objects.filter(draw=draw, position=1).update(risk_class="D")
    response = client.post(f"/inspections/draws/{draw.pk}/check/")
    assert f"draw {draw.pk} FAILED verification" in response.content.decode()


# ---------------------------------------------------------------- results


def sheet(task: InspectionTask, code: str = "no_problem", **extra) -> dict:
    category = ResultCategory.objects.get(code=code)
    data: dict = {"inspected_on": "2026-09-15", "note": "现场检查，未发现问题"}
    for item in task.check_items.filter(department=task.lead_department):
        data[f"item_{item.pk}_category"] = category.pk
        data[f"item_{item.pk}_note"] = "正常"
    data.update(extra)
    return data


def test_an_inspector_enters_the_result_and_a_second_one_confirms(login, drawn):
    task, draw, crew, _entities = drawn
    target = DrawTarget.objects.filter(draw=draw).order_by("position").first()
    first, second = logged_in(crew[0].user), logged_in(crew[1].user)
    listing = page(first, "/inspections/my-inspections/")
    assert target.entity.name in listing
    assert listing.count(gettext("Enter the result")) == 3
    url = f"/inspections/drawn-targets/{target.pk}/departments/{task.lead_department_id}/result/"
    form = page(first, url)
    assert 'accept="image/*"' in form
    assert 'capture="environment"' in form
    assert "multiple" in form
    photo = SimpleUploadedFile("现场.jpg", b"\xff\xd8\xff\xe0jpeg", content_type="image/jpeg")
    record = SimpleUploadedFile("记录.pdf", b"%PDF-1.4", content_type="application/pdf")
    response = first.post(url, {**sheet(task), "photos": [photo], "documents": [record]})
    result = InspectionResult.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/inspections/results/{result.pk}/"
    assert result.status == ResultStatus.SUBMITTED
    assert result.submitted_by == crew[0]
    assert result.items.count() == 1
    assert ResultAttachment.objects.filter(result=result).count() == 2
    photo_row = ResultAttachment.objects.get(result=result, is_photo=True)
    assert first.get(f"/inspections/results/{result.pk}/attachments/{photo_row.pk}/").status_code == 200
    assert 'id="confirm"' not in page(first, f"/inspections/results/{result.pk}/")
    assert first.post(f"/inspections/results/{result.pk}/confirm/", follow=True).status_code == 200
    result.refresh_from_db()
    assert result.status == ResultStatus.SUBMITTED
    assert gettext("Check and confirm") in page(second, "/inspections/my-inspections/")
    assert 'id="confirm"' in page(second, f"/inspections/results/{result.pk}/")
    second.post(f"/inspections/results/{result.pk}/confirm/")
    result.refresh_from_db()
    assert result.status == ResultStatus.CONFIRMED
    assert result.confirmed_by == crew[1]
    assert CreditEvent.objects.filter(source_id=str(result.pk), kind="inspection_result").count() == 1
    assert first.get(url).status_code == 302  # already on record: shows the result


def test_result_errors_are_shown_on_their_fields(login, drawn):
    task, draw, crew, _entities = drawn
    target = DrawTarget.objects.filter(draw=draw).first()
    client = logged_in(crew[0].user)
    url = f"/inspections/drawn-targets/{target.pk}/departments/{task.lead_department_id}/result/"
    item = task.check_items.get(department=task.lead_department)
    response = client.post(url, sheet(task, inspected_on="2026-08-01", **{f"item_{item.pk}_category": ""}))
    form = response.context["form"]
    assert set(form.errors) == {f"item_{item.pk}_category"}
    response = client.post(url, sheet(task, inspected_on="2026-08-01"))
    form = response.context["form"]
    assert form.errors["inspected_on"] == [
        gettext("The inspection date must lie between the task's start (%(start)s) and today.")
        % {"start": "2026-09-01"}
    ]
    bad = SimpleUploadedFile("病毒.exe", b"MZ", content_type="application/octet-stream")
    response = client.post(url, {**sheet(task), "documents": [bad]})
    assert "documents" in response.context["form"].errors
    assert not InspectionResult.objects.exists()


def test_only_an_inspector_drawn_for_the_target_enters_its_result(login, drawn):
    task, draw, _crew, _entities = drawn
    target = DrawTarget.objects.filter(draw=draw).first()
    url = f"/inspections/drawn-targets/{target.pk}/departments/{task.lead_department_id}/result/"
    (outsider,) = f.inspectors(task.lead_department, 1)
    outsider.user = account("inspector_three")
    outsider.save(update_fields=["user"])
    assert logged_in(outsider.user).get(url).status_code == 403
    assert logged_in(outsider.user).post(url, sheet(task)).status_code == 403
    assert login("staff").get(url).status_code == 403
    assert login("staff").get("/inspections/my-inspections/").status_code == 200
    assert not InspectionResult.objects.exists()


def test_publish_and_the_publication_clock(login, drawn):
    task, draw, crew, _entities = drawn
    staff_client = login("staff")
    detail = page(staff_client, f"/inspections/tasks/{task.pk}/")
    assert "state-overdue" in detail
    assert 'id="publish"' not in detail
    for target in DrawTarget.objects.filter(draw=draw):
        url = f"/inspections/drawn-targets/{target.pk}/departments/{task.lead_department_id}/result/"
        logged_in(crew[0].user).post(url, sheet(task))
        result = InspectionResult.objects.get(target=target)
        logged_in(crew[1].user).post(f"/inspections/results/{result.pk}/confirm/")
    assert 'id="publish"' in page(staff_client, f"/inspections/tasks/{task.pk}/")
    assert login("leader").post(f"/inspections/tasks/{task.pk}/publish/").status_code == 403
    response = staff_client.post(f"/inspections/tasks/{task.pk}/publish/", follow=True)
    assert gettext("{n} results were published.").format(n=3) in response.content.decode()
    task.refresh_from_db()
    assert task.status == TaskStatus.CLOSED
    assert task.published_at is not None
    assert "state-published_late" in page(staff_client, f"/inspections/tasks/{task.pk}/")


# ---------------------------------------------------------------- to-dos and the home panel


def test_inspector_to_dos_follow_the_results(drawn):
    task, draw, crew, _entities = drawn
    to_enter = gettext("Random-inspection results to enter")
    titles = {i.title: i.count for i in todo.items_for(crew[0].user)}
    assert titles[to_enter] == 3
    target = DrawTarget.objects.filter(draw=draw).first()
    url = f"/inspections/drawn-targets/{target.pk}/departments/{task.lead_department_id}/result/"
    logged_in(crew[0].user).post(url, sheet(task))
    assert {i.title: i.count for i in todo.items_for(crew[0].user)}[to_enter] == 2
    second = {i.title: i.count for i in todo.items_for(crew[1].user)}
    assert second[gettext("Random-inspection results to confirm")] == 1
    assert second[to_enter] == 2


def test_overdue_publication_shows_as_to_do_and_on_the_home_panel(login, staff, drawn, approved):
    task, _draw, _crew, _entities = drawn
    titles = [i.title for i in todo.items_for(staff)]
    overdue = gettext("Overdue: publish the results of {task}")
    assert overdue.format(task=task) in titles
    home = page(login("staff"), "/")
    assert gettext("Publication of random-inspection results") in home
    assert "publication-overdue" in home
    panel = next(p for p in todo.panels_for(staff) if p.template == "inspections/panel_publication.html")
    assert {s["state"]: s["count"] for s in panel.context["states"]} == {
        "due": 0,
        "due_soon": 0,
        "overdue": 1,
    }
    listing = page(login("staff"), "/inspections/tasks/publication/?state=overdue")
    assert task.number in listing
    assert task.number not in page(login("staff"), "/inspections/tasks/publication/?state=due_soon")
    assert todo.panels_for(user("inspector")) == [] or all(
        p.template != "inspections/panel_publication.html" for p in todo.panels_for(user("inspector"))
    )
    head, tail = overdue.split("{task}")
    assert not [
        i for i in todo.items_for(user("gaoping")) if i.title.startswith(head) and i.title.endswith(tail)
    ]


def test_approved_tasks_wait_in_the_drawers_to_dos(staff, approved):
    task, _crew, _entities = approved
    draw_title = gettext("Draw the targets and inspectors of {task}")
    assert draw_title.format(task=task) in [i.title for i in todo.items_for(staff)]
    head, tail = draw_title.split("{task}")
    assert not [
        i for i in todo.items_for(user("leader")) if i.title.startswith(head) and i.title.endswith(tail)
    ]


def test_the_menu_offers_my_inspections_to_inspectors_only(drawn):
    _task, _draw, crew, _entities = drawn
    assert "/inspections/my-inspections/" in page(logged_in(crew[0].user), "/")
    assert "/inspections/my-inspections/" not in page(logged_in(user("leader")), "/")


def test_assignments_of_the_fixture_draw_cover_both_inspectors(drawn):
    """Guards the fixture the result tests rely on: two inspectors on every target."""
    _task, draw, crew, _entities = drawn
    for target in DrawTarget.objects.filter(draw=draw):
        assert set(DrawAssignment.objects.filter(target=target).values_list("inspector_id", flat=True)) == {
            crew[0].pk,
            crew[1].pk,
        }
    assert Inspector.objects.filter(user__isnull=False).count() == 2


def test_coverage_counts_only_the_targets_with_a_confirmed_result(drawn):
    task, draw, crew, _entities = drawn
    target = DrawTarget.objects.filter(draw=draw).first()
    url = f"/inspections/drawn-targets/{target.pk}/departments/{task.lead_department_id}/result/"
    logged_in(crew[0].user).post(url, sheet(task))
    result = InspectionResult.objects.get()
    logged_in(crew[1].user).post(f"/inspections/results/{result.pk}/confirm/")
    page_context = logged_in(user("staff")).get(f"/inspections/tasks/{task.pk}/").context
    assert [(r["drawn"], r["inspected"]) for r in page_context["coverage"]] == [(3, 1)]

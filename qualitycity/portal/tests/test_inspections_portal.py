"""Public pages of random inspections (一公开): the commitment before the draw, the seed after it,
a re-run anyone can start, and never the risk class or an inspector's name."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client

from qualitycity.inspections import algorithm
from qualitycity.inspections.models import DrawAssignment, DrawTarget, InspectionTask, ResultCategory
from qualitycity.inspections.services import (
    ItemEntry,
    approve_task,
    confirm_result,
    draw_task,
    publish_results,
    redo_draw,
    submit_result,
    task_items,
)
from qualitycity.inspections.tests import factories as f
from qualitycity.inspections.tests.test_draw import classify, zezhou_filter
from qualitycity.registry.tests.factories import entity

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(cast):
    return cast("staff")


#: A risk class no page may show: easy to find if it leaks anywhere.
SECRET_CLASS = "QX9Z"


@pytest.fixture
def task(staff):
    """An approvable task over four entities of one class; everyone drawn (100 %)."""
    pool = [entity() for _ in range(4)]
    classify(pool, SECRET_CLASS)
    obj = f.task(pool_filter=zezhou_filter(), ratios={SECRET_CLASS: "100"}, name="公开页面抽查任务")
    f.inspectors(obj.lead_department, 3, name="王小明")
    obj.pool = pool
    return obj


def english_client(**kwargs) -> Client:
    """A visitor who chose English: the assertions read the English source strings."""
    client = Client(**kwargs)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _page(url: str, client: Client | None = None) -> str:
    response = (client or english_client()).get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def _assert_no_class(text: str) -> None:
    assert SECRET_CLASS not in text


def test_a_draft_task_is_not_public(task):
    assert english_client().get(f"/public/inspections/tasks/{task.number}/").status_code == 404
    assert task.number not in _page("/public/inspections/tasks/")


def test_the_commitment_is_public_before_the_draw_and_the_seed_is_not(task, staff):
    draw = approve_task(task, actor=staff)
    listing = _page("/public/inspections/tasks/")
    detail = _page(f"/public/inspections/tasks/{task.number}/")
    check = _page(f"/public/inspections/draws/{draw.pk}/")
    for page in (listing, detail, check):
        assert draw.commitment in page
        assert draw.seed not in page
    assert task.lead_department.name in detail
    assert all(item.name in detail for item in task.check_items.all())
    assert "Re-run the draw" not in check
    assert english_client().get(f"/public/inspections/draws/{draw.pk}/seed.txt").status_code == 404
    assert english_client().get(f"/public/inspections/draws/{draw.pk}/pool.txt").status_code == 404


def test_after_the_draw_the_seed_of_the_commitment_and_the_targets_are_public(task, staff):
    draw = approve_task(task, actor=staff)
    draw_task(task, actor=staff)
    draw.refresh_from_db()
    cache.clear()  # the portal's pages are cached for a minute
    detail = _page(f"/public/inspections/tasks/{task.number}/")
    check = _page(f"/public/inspections/draws/{draw.pk}/")
    for page in (detail, check):
        assert draw.seed in page
        assert draw.commitment in page
        assert draw.pool_hash in page
        _assert_no_class(page)
        assert "王小明" not in page
    assert hashlib.sha256(draw.seed.encode("utf-8")).hexdigest() == draw.commitment
    for e in task.pool:
        assert e.name in detail
        assert e.uscc in detail
    seed = english_client().get(f"/public/inspections/draws/{draw.pk}/seed.txt")
    assert seed["Content-Type"] == "text/plain; charset=utf-8"
    assert hashlib.sha256(seed.content.decode().strip().encode()).hexdigest() == draw.commitment
    assert "How the draw works" in check
    assert "SHA-256(seed" in check


def test_the_public_pool_is_the_sorted_usccs_without_classes(task, staff):
    approve_task(task, actor=staff)
    draw = draw_task(task, actor=staff)
    internal = algorithm.decompress(draw.pool_snapshot).decode()
    assert internal.count(f",{SECRET_CLASS}") == 4  # the snapshot has the classes; the page must not
    body = english_client().get(f"/public/inspections/draws/{draw.pk}/pool.txt").content.decode()
    assert body == "".join(f"{u}\n" for u in sorted(e.uscc for e in task.pool))
    _assert_no_class(body)


def test_anyone_can_rerun_the_draw_and_is_told_it_is_verified(task, staff):
    approve_task(task, actor=staff)
    draw = draw_task(task, actor=staff)
    client = english_client(enforce_csrf_checks=True)
    page = _page(f"/public/inspections/draws/{draw.pk}/", client)
    assert "Re-run the draw" in page
    token = client.cookies["csrftoken"].value
    refused = english_client(enforce_csrf_checks=True).post(f"/public/inspections/draws/{draw.pk}/")
    assert refused.status_code == 403
    response = client.post(f"/public/inspections/draws/{draw.pk}/", {"csrfmiddlewaretoken": token})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Verified" in text
    assert "Not verified" not in text
    _assert_no_class(text)


def test_a_tampered_draw_is_reported_with_its_differences(task, staff):
    approve_task(task, actor=staff)
    draw = draw_task(task, actor=staff)
    first = DrawAssignment.objects.filter(draw=draw).order_by("target__position", "slot").first()
    DrawAssignment.objects.filter(pk=first.pk).update(slot=9)
    response = english_client().post(f"/public/inspections/draws/{draw.pk}/")
    text = response.content.decode()
    assert "Not verified" in text
    assert "assignments differ" in text


def test_the_rerun_is_rate_limited(task, staff, settings):
    approve_task(task, actor=staff)
    draw = draw_task(task, actor=staff)
    settings.QCITY_PORTAL_RATE_LIMIT = 2
    client = english_client(REMOTE_ADDR="10.9.8.5")
    statuses = [client.post(f"/public/inspections/draws/{draw.pk}/").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_a_redone_draw_stays_listed_with_its_reason(task, staff):
    approve_task(task, actor=staff)
    first = draw_task(task, actor=staff)
    second = redo_draw(task, actor=staff, reason="名录库数据有误，经局长批准重抽")
    detail = _page(f"/public/inspections/tasks/{task.number}/")
    assert first.seed in detail
    assert second.commitment in detail
    assert second.seed not in detail
    assert "名录库数据有误，经局长批准重抽" in detail
    old = _page(f"/public/inspections/draws/{first.pk}/")
    assert "名录库数据有误，经局长批准重抽" in old


def test_check_item_lists_show_items_in_force_per_department():
    jc = f.department("samr-jc")
    gxj = f.department("gxj")
    item = f.check_item(jc, sub_item="标识标注", ratio_and_frequency="5%，每年一次")
    withdrawn = f.check_item(jc, name="已废止的检查事项", is_active=False)
    other = f.check_item(gxj, name="工信部门检查事项")
    page = _page("/public/inspections/check-items/")
    for text in (item.name, item.sub_item, item.legal_basis, item.ratio_and_frequency, other.name, gxj.name):
        assert text in page
    assert withdrawn.name not in page
    only_jc = _page("/public/inspections/check-items/?department=samr-jc")
    assert item.name in only_jc
    assert other.name not in only_jc


def _publish_all(task, staff, category="corrected"):
    draw = draw_task(task, actor=staff)
    task.refresh_from_db()
    problem = ResultCategory.objects.get(code=category)
    for target in DrawTarget.objects.filter(draw=draw):
        crew = [a.inspector for a in DrawAssignment.objects.filter(target=target).order_by("slot")]
        result = submit_result(
            actor=staff,
            task=task,
            target=target,
            department=task.lead_department,
            inspected_on=dt.date(2026, 9, 15),
            items=[ItemEntry(i, problem, "内部备注") for i in task_items(task, task.lead_department)],
            entered_by=crew[0],
            note="检查员王小明现场记录",
        )
        confirm_result(result, actor=staff, inspector=crew[1])
    publish_results(task, actor=staff)
    return draw


def test_published_results_without_class_note_or_inspector(task, staff):
    approve_task(task, actor=staff)
    _publish_all(task, staff)
    unpublished = f.task(pool_filter=zezhou_filter(), ratios={SECRET_CLASS: "100"}, name="未公开任务")
    f.inspectors(unpublished.lead_department, 1)
    page = _page("/public/inspections/results/")
    for e in task.pool:
        assert e.name in page
        assert e.uscc in page
    assert task.number in page
    assert ResultCategory.objects.get(code="corrected").name in page
    assert all(i.name in page for i in task.check_items.all())
    assert "王小明" not in page
    assert "内部备注" not in page
    assert "张三丰" not in page
    assert unpublished.number not in page
    _assert_no_class(page)
    assert "4 results" in page
    filtered = _page("/public/inspections/results/?department=samr-jc&year=2026&result=corrected")
    assert "4 results" in filtered
    assert "0 results" in _page("/public/inspections/results/?year=2025")
    assert "0 results" in _page("/public/inspections/results/?result=no_problem")
    assert "0 results" in _page("/public/inspections/results/?department=gxj")


def test_submitted_but_unpublished_results_stay_internal(task, staff):
    approve_task(task, actor=staff)
    draw = draw_task(task, actor=staff)
    task.refresh_from_db()
    target = DrawTarget.objects.filter(draw=draw).first()
    crew = [a.inspector for a in DrawAssignment.objects.filter(target=target).order_by("slot")]
    submit_result(
        actor=staff,
        task=task,
        target=target,
        department=task.lead_department,
        inspected_on=dt.date(2026, 9, 15),
        items=[
            ItemEntry(i, ResultCategory.objects.get(code="no_problem"))
            for i in task_items(task, task.lead_department)
        ],
        entered_by=crew[0],
    )
    assert "0 results" in _page("/public/inspections/results/")


def test_home_links_the_inspection_pages():
    page = _page("/public/")
    for url in (
        "/public/inspections/check-items/",
        "/public/inspections/tasks/",
        "/public/inspections/results/",
    ):
        assert url in page


def test_every_inspection_page_needs_no_login_and_is_read_only_but_the_rerun(task, staff):
    approve_task(task, actor=staff)
    draw = draw_task(task, actor=staff)
    assert InspectionTask.objects.get(pk=task.pk).status == "drawn"
    for url in (
        "/public/inspections/check-items/",
        "/public/inspections/tasks/",
        f"/public/inspections/tasks/{task.number}/",
        "/public/inspections/results/",
        f"/public/inspections/draws/{draw.pk}/seed.txt",
    ):
        assert english_client().get(url).status_code == 200
        assert english_client().post(url).status_code == 405
    assert english_client().get("/public/inspections/draws/-1/").status_code == 404

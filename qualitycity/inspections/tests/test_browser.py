"""The inspector's result sheet in a real browser: entered on a tablet (768×1024) with a photo,
confirmed by the second inspector on a phone, then seen by bureau staff on the task page."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from qualitycity.core.choices import Role
from qualitycity.core.models import Department, User
from qualitycity.core.testing.users import PASSWORD, user
from qualitycity.core.tests.test_browser import CHROMIUM, browser, log_in, shot  # noqa: F401  (fixtures)
from qualitycity.inspections.choices import ResultStatus
from qualitycity.inspections.models import InspectionResult, ResultAttachment
from qualitycity.inspections.services import approve_task, draw_task
from qualitycity.inspections.tests import factories as f
from qualitycity.inspections.tests.test_draw import classify, zezhou_filter
from qualitycity.registry.tests.factories import entity

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed"),
]

TABLET = {"width": 768, "height": 1024}
PHONE = {"width": 390, "height": 844}
#: A 1×1 PNG: enough for the upload and the thumbnail.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


def _context(browser, live_server, viewport):  # noqa: F811
    context = browser.new_context(locale="zh-CN", viewport=viewport, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.base = live_server.url
    return context, page


def test_inspector_enters_a_result_on_a_tablet_and_a_second_one_confirms(
    browser,  # noqa: F811
    live_server,
    transactional_db,
    tmp_path,
) -> None:
    staff = user("staff")
    targets = [entity(name=f"晋城市泽州县平板检查{i}铸造有限公司") for i in range(2)]
    classify(targets, "B")
    task = f.task(
        pool_filter=zezhou_filter(), ratios={"B": "100"}, is_directed=True, name="铸造企业双随机抽查"
    )
    crew = f.inspectors(task.lead_department, 2)
    crew[0].user = user("inspector")
    second = User(
        username="inspector_two", role=Role.INSPECTOR, department=Department.objects.get(code="samr-jc")
    )
    second.set_password(PASSWORD)
    second.save()
    crew[1].user = second
    for inspector in crew:
        inspector.save(update_fields=["user"])
    approve_task(task, actor=staff)
    draw_task(task, actor=staff)
    photo = tmp_path / "现场照片.png"
    photo.write_bytes(PNG)

    # 1. the first inspector, on a tablet: my inspections → the sheet → submit
    context, page = _context(browser, live_server, TABLET)
    log_in(page, "inspector")
    page.goto(page.base + "/inspections/my-inspections/")
    page.wait_for_selector(".work-list li.work-enter")
    shot(page, "inspections-my-inspections-tablet")
    page.click(".work-list li.work-enter a.bigbutton >> nth=0")
    page.wait_for_selector("form.result-form")
    assert page.evaluate("document.documentElement.scrollWidth") <= TABLET["width"]
    submit_box = page.locator("#submit-result").bounding_box()
    assert submit_box is not None
    assert submit_box["height"] >= 44
    select_box = page.locator("select.item-category >> nth=0").bounding_box()
    assert select_box is not None
    assert select_box["height"] >= 44
    page.fill("#id_inspected_on", "2026-09-15")
    for select in page.locator("select.item-category").all():
        select.select_option(label="发现问题已责令改正")
    page.locator("input.item-note >> nth=0").fill("消防通道堆放杂物，已当场责令清理")
    page.fill("#id_note", "现场检查，企业负责人在场")
    page.set_input_files("#id_photos", str(photo))
    shot(page, "inspections-result-form-tablet")
    page.click("#submit-result")
    page.wait_for_selector("#result-status")
    result = InspectionResult.objects.get()
    assert result.status == ResultStatus.SUBMITTED
    assert result.submitted_by == crew[0]
    assert result.category.code == "corrected"
    assert ResultAttachment.objects.get(result=result).is_photo
    assert page.locator("#confirm").count() == 0
    context.close()

    # 2. the second inspector, on a phone: the result page → confirm
    context, page = _context(browser, live_server, PHONE)
    log_in(page, "inspector_two")
    page.goto(page.base + "/inspections/my-inspections/")
    page.click(".work-list li.work-confirm a.bigbutton")
    page.wait_for_selector("#confirm")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.locator(".photos img").count() == 1
    shot(page, "inspections-result-confirm-phone")
    page.click("#confirm")
    page.wait_for_selector(".messages .msg-success")
    result.refresh_from_db()
    assert result.status == ResultStatus.CONFIRMED
    assert result.confirmed_by == crew[1]
    context.close()

    # 3. bureau staff see it on the task page, with the coverage chart
    context, page = _context(browser, live_server, {"width": 1366, "height": 900})
    log_in(page, "staff")
    page.goto(page.base + f"/inspections/tasks/{task.pk}/")
    page.wait_for_selector("#coverage-chart svg")
    assert "发现问题已责令改正" in page.inner_text("section.results")
    shot(page, "inspections-task-detail")
    context.close()

"""The 工信局 reporter files a quarterly progress report on a tablet with an evidence file, and
bureau staff accept it on the desktop; the indicator then shows the accepted value."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from qualitycity.core.testing.users import user
from qualitycity.core.tests.test_browser import CHROMIUM, browser, log_in, shot  # noqa: F401  (fixtures)
from qualitycity.plan.choices import ReportStatus
from qualitycity.plan.models import ProgressReport
from qualitycity.plan.tests import factories as f

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed"),
]

TABLET = {"width": 768, "height": 1024}
DESKTOP = {"width": 1366, "height": 900}


def _page(browser, live_server, viewport):  # noqa: F811
    context = browser.new_context(locale="zh-CN", viewport=viewport, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.base = live_server.url
    return context, page


def test_reporter_files_a_quarterly_report_and_the_bureau_accepts_it(
    browser,  # noqa: F811
    live_server,
    transactional_db,
    tmp_path,
    settings,
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    user("reporter_gxj")
    user("staff")
    p = f.plan()
    m = f.measure(p, 3, title="实施制造业质量提升行动")
    ind = f.indicator(
        p, "above-scale", name="规上工业企业数", measure=m, unit="家", target_value=Decimal("500")
    )
    report = f.report(m, period="2026-Q3")
    evidence = tmp_path / "三季度工作台账.pdf"
    evidence.write_bytes(b"%PDF-1.4\n% evidence\n")

    # 1. the reporter, on a tablet: my reports → fill in → evidence → submit
    context, page = _page(browser, live_server, TABLET)
    log_in(page, "reporter_gxj")
    page.goto(page.base + "/plan/my-reports/")
    page.click("table.my-reports a.button")
    page.wait_for_selector("form.report-form")
    page.fill("#id_work_done", "开展铸造行业质量提升专项行动，走访企业32家。")
    page.fill("#id_figures", "新增规上工业企业12家")
    page.fill(f"#id_value_{ind.pk}", "468")
    page.set_input_files("#id_evidence", str(evidence))
    assert page.evaluate("document.documentElement.scrollWidth") <= TABLET["width"]
    shot(page, "plan-report-form-tablet")
    page.click("#submit-report")
    page.wait_for_url(f"**/plan/reports/{report.pk}/")
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert report.attachments.count() == 1
    context.close()

    # 2. bureau staff, on the desktop: the report → review → accept with a score
    context, page = _page(browser, live_server, DESKTOP)
    log_in(page, "staff")
    page.goto(page.base + f"/plan/reports/{report.pk}/")
    page.click("#review-report")
    page.wait_for_selector("form.review-form")
    assert "三季度工作台账.pdf" in page.content()
    page.check("input[name=decision][value=accept]")
    page.fill("#id_quality_score", "90")
    page.fill("#id_comment", "材料齐全")
    shot(page, "plan-report-review-desktop")
    page.click("#send-review")
    page.wait_for_url(f"**/plan/reports/{report.pk}/")
    report = ProgressReport.objects.get(pk=report.pk)
    assert report.status == ReportStatus.ACCEPTED
    assert report.quality_score == 90
    page.goto(page.base + f"/plan/indicators/{ind.pk}/")
    assert "468" in page.inner_text("#indicator-current")
    shot(page, "plan-indicator-after-accept")
    context.close()

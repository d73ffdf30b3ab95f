"""Lab result entry in a real browser: the lab's user on a tablet receives a sample, enters its
report item by item (a wrong unit is named on its row), the sample turns unqualified; bureau
staff then see it on the pass-rate page with its chart and county map."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.utils import timezone

from qualitycity.core.testing.users import user
from qualitycity.core.tests.test_browser import CHROMIUM, browser, log_in, shot  # noqa: F401  (fixtures)
from qualitycity.registry.tests.factories import entity
from qualitycity.spotchecks.choices import Conclusion, SampleStatus
from qualitycity.spotchecks.models import Disposal, Sample
from qualitycity.spotchecks.tests import factories as f

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed"),
]

TABLET = {"width": 768, "height": 1024}


def _page(browser, live_server, viewport):  # noqa: F811
    context = browser.new_context(locale="zh-CN", viewport=viewport, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.base = live_server.url
    return context, page


def test_lab_enters_a_report_on_a_tablet_and_staff_see_the_pass_rate(
    browser,  # noqa: F811
    live_server,
    transactional_db,
) -> None:
    staff = user("staff")
    items = f.flour_items()
    lab, other = f.lab(name="晋城市食品检验检测中心"), f.lab()
    plan = f.plan(labs=[lab, other])
    producer = entity("140525", name="泽州县丹河面粉有限公司")
    sample = f.sample(plan, staff, producer=producer, delivered=False, institution=lab)
    user("lab", uscc=lab.uscc)

    context, page = _page(browser, live_server, TABLET)
    log_in(page, "lab")
    page.goto(page.base + "/spotchecks/lab/")
    page.wait_for_selector(f"text={sample.number}")
    shot(page, "spotchecks-lab-work-tablet")
    page.click(f"a:has-text('{sample.number}')")
    page.wait_for_selector("#receive")
    page.fill("#received_on", (sample.sampled_on + timezone.timedelta(days=1)).isoformat())
    page.click("#receive")
    page.wait_for_selector("#enter-report")
    page.click("#enter-report")
    page.wait_for_selector("form.report-form")
    assert page.evaluate("document.documentElement.scrollWidth") <= TABLET["width"]
    lead, benzoic, zearalenone = items
    page.fill("#id_number", "JCSJ-2026-0001")
    page.fill(f"#item_{lead.pk}_value", "0.35")
    page.fill(f"input[name=item_{lead.pk}_unit]", "g/kg")
    page.fill(f"#item_{benzoic.pk}_value", "未检出")
    page.fill(f"#item_{zearalenone.pk}_value", "12")
    page.click("#submit-report")
    page.wait_for_selector(".item-row.has-error")
    assert "mg/kg" in page.inner_text(".item-row.has-error")
    shot(page, "spotchecks-report-entry-error-tablet")
    page.fill(f"input[name=item_{lead.pk}_unit]", "mg/kg")
    page.click("#submit-report")
    page.wait_for_selector(".conclusion-unqualified")
    shot(page, "spotchecks-sample-unqualified-tablet")
    context.close()

    sample.refresh_from_db()
    assert sample.status == SampleStatus.REPORTED
    assert sample.conclusion == Conclusion.UNQUALIFIED
    assert Disposal.objects.filter(sample=sample).exists()

    context, page = _page(browser, live_server, {"width": 1366, "height": 900})
    log_in(page, "staff")
    page.goto(page.base + "/spotchecks/pass-rates/")
    page.wait_for_selector("#rates-month-chart svg")
    page.wait_for_selector("#rates-map-chart svg path")
    assert "0.00%" in page.inner_text("#indicator-food")
    shot(page, "spotchecks-pass-rates")
    page.click("#indicator-food a:has-text('1')")
    page.wait_for_selector(f"text={sample.number}")
    assert Sample.objects.filter(conclusion=Conclusion.UNQUALIFIED).count() == 1
    context.close()

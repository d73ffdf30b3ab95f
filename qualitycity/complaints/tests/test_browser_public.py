"""The public complaint story in a real browser: a consumer fills the public form (finding the
shop in the register as they type), gets the receipt, the shop answers through its ODR page
with a settlement proposal, the consumer agrees through the tracking link, and the published
record shows no personal data."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from qualitycity.complaints import disclosure
from qualitycity.complaints.choices import CaseStatus, Outcome
from qualitycity.complaints.models import ComplaintCase, OdrMessage
from qualitycity.core.testing.users import user
from qualitycity.core.tests.test_browser import CHROMIUM, browser, log_in, page, shot  # noqa: F401  (fixtures)
from qualitycity.registry.models import EntityTag
from qualitycity.registry.tests.factories import entity

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed"),
]

NAME, PHONE, ID_NUMBER = "李四", "13912345678", "140502199001011230"
ADDRESS = "晋城市城区凤台街10号院3号楼2单元501室"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def odr_urls(settings):
    """The enterprise pages, through the test URL conf until complaints/urls.py includes them."""
    try:
        reverse("complaints:enterprise_complaint_list")
    except NoReverseMatch:
        settings.ROOT_URLCONF = "qualitycity.complaints.tests.test_disclosure"


def test_consumer_complains_enterprise_proposes_consumer_agrees(
    page,  # noqa: F811
    browser,  # noqa: F811
    live_server,
    transactional_db,
    odr_urls,
    settings,
    tmp_path,
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    shop = entity("140525", name="晋城市泽州县浏览器家电有限公司")
    EntityTag.objects.create(entity=shop, tag="odr")
    EntityTag.objects.create(entity=shop, tag="first_compensation")
    user("enterprise", uscc=shop.uscc)
    photo = tmp_path / "发票.png"
    photo.write_bytes(PNG)

    # 1. the consumer fills the public form, without an account
    page.goto(page.base + "/public/")
    page.click("a.portalnav")
    page.wait_for_selector("form.complaintform")
    page.click("#submit-complaint")  # nothing filled in: every missing field is named
    page.wait_for_selector("#form-errors")
    assert page.locator("#field-facts .error").count() == 1
    assert page.locator("#field-complainant_id_number .error").count() == 1
    shot(page, "complaints-public-form-errors")
    page.check("input[name=kind][value=complaint]")
    page.fill("#id_complainant_name", NAME)
    page.fill("#id_complainant_phone", PHONE)
    page.fill("#id_complainant_id_number", ID_NUMBER)
    page.fill("#id_complainant_address", ADDRESS)
    page.fill("#id_respondent_name", "浏览器家电")
    page.wait_for_selector(f"input[name=picked_uscc][value='{shop.uscc}']")
    page.check(f"input[name=picked_uscc][value='{shop.uscc}']")
    page.fill("#id_subject", "电饭煲")
    page.fill("#id_amount", "299")
    page.fill("#id_facts", f"本人{NAME}在该店购买的电饭煲使用一周后无法加热，商家拒绝退换，请联系{PHONE}。")
    page.fill("#id_request", "退货退款")
    page.fill("#id_harm_known_on", "2026-11-01")
    page.set_input_files("#id_attachments", str(photo))
    shot(page, "complaints-public-form")
    page.click("#submit-complaint")

    # 2. the receipt: case number, receipt code, the tracking link
    page.wait_for_url("**/public/complaints/receipt/**")
    page.wait_for_selector("#receipt .case-number")
    number = page.inner_text("#receipt .case-number").strip()
    code = page.inner_text("#receipt .receipt-code").strip()
    tracking = page.get_attribute("#receipt a.track-link", "href")
    case = ComplaintCase.objects.get(number=number)
    assert case.receipt_code == code
    assert case.respondent == shop
    assert case.attachments.count() == 1
    shot(page, "complaints-receipt")

    # 3. the shop answers with a proposal on its ODR page (personal data masked)
    shop_context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
    shop_page = shop_context.new_page()
    shop_page.set_default_timeout(15_000)
    shop_page.base = page.base
    log_in(shop_page, "enterprise")
    shop_page.goto(shop_page.base + reverse("complaints:enterprise_complaint_list"))
    shop_page.wait_for_selector("table.enterprise-complaints")
    assert number in shop_page.content()
    shot(shop_page, "complaints-enterprise-list")
    shop_page.click(f"text={number}")
    shop_page.wait_for_selector("#answer-form")
    content = shop_page.content()
    for value in (NAME, PHONE, ID_NUMBER, ADDRESS):
        assert value not in content
    assert "李*" in content
    shop_page.fill("#id_text", "非常抱歉，同意全额退款，请将电饭煲寄回。")
    shop_page.fill("#id_proposed_amount", "299")
    shop_page.click("#answer-form button[type=submit]")
    shop_page.wait_for_selector("ol.timeline li.party-respondent")
    shot(shop_page, "complaints-enterprise-answered")
    proposal = OdrMessage.objects.get(case=case, is_proposal=True)
    shop_context.close()

    # 4. the consumer follows the link and agrees
    page.goto(page.base + tracking)
    page.wait_for_selector(f"#proposal-{proposal.pk}")
    assert "同意全额退款" in page.content()
    shot(page, "complaints-track-proposal")
    page.click(f"#proposal-{proposal.pk} button[value=agree]")
    page.wait_for_selector("#done")
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    assert case.outcome == Outcome.SETTLED
    assert page.get_attribute(".case-status", "data-status") == "closed"
    shot(page, "complaints-track-settled")

    # 5. rate the handling
    page.check("#rating input[name=score][value='5']")
    page.click("#rating button[type=submit]")
    page.wait_for_selector("#done")
    case.refresh_from_db()
    assert case.satisfaction == 5

    # 6. once published, the record names the shop and no one else
    disclosure.approve(case, actor=None, text=disclosure.prepare_publication(case))
    assert disclosure.publish_due(timezone.localdate() + dt.timedelta(days=14))["published"] == 1
    page.goto(page.base + "/public/complaints/published/")
    page.wait_for_selector("table.published-records")
    content = page.content()
    assert shop.name in content
    for value in (NAME, PHONE, ID_NUMBER, ADDRESS):
        assert value not in content
    shot(page, "complaints-published")
    page.click(f"table.published-records a[href*='{shop.uscc}']")
    page.wait_for_selector("section.commitments")
    assert page.inner_text("strong.total") == "1"
    shot(page, "complaints-respondent-record")

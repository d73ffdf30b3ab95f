"""The public side of complaints: the intake form (no account), the receipt, the limits against
abuse, following a case by its receipt, and the published complaints (never personal data)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from qualitycity.complaints import disclosure
from qualitycity.complaints.choices import CaseStatus, Outcome, PublicationStatus
from qualitycity.complaints.models import CaseAction, CaseAttachment, ComplaintCase, OdrMessage
from qualitycity.complaints.services import accept, close, respond, start_mediation
from qualitycity.registry.models import EntityTag
from qualitycity.registry.tests.factories import entity

pytestmark = pytest.mark.django_db

#: A resident ID number with a valid check character (GB 11643).
ID_NUMBER = "140502199001011230"
NAME, PHONE, ADDRESS = "李四", "13912345678", "晋城市城区凤台街10号院3号楼2单元501室"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def form(**fields) -> dict:
    data = {
        "kind": "complaint",
        "complainant_name": NAME,
        "complainant_phone": PHONE,
        "complainant_id_number": ID_NUMBER,
        "complainant_address": ADDRESS,
        "respondent_name": "晋城市某某电器商行",
        "respondent_address": "晋城市城区泽州路88号",
        "subject": "电饭煲",
        "amount": "299.00",
        "facts": "购买的电饭煲使用一周后无法加热，商家拒绝退换。",
        "request": "退货退款",
        "harm_known_on": "2026-11-01",
        "website": "",
    }
    data.update(fields)
    return data


def post(data: dict, address: str = "10.1.1.1", **extra):
    return Client(REMOTE_ADDR=address).post("/public/complaints/", data, **extra)


def receipt_of(response) -> str:
    assert response.status_code == 302, response.content.decode()[:2000]
    page = Client().get(response["Location"])
    assert page.status_code == 200
    return page.content.decode()


def track_url(case: ComplaintCase) -> str:
    return f"/public/complaints/track/?number={case.number}&code={case.receipt_code}"


def test_the_form_needs_no_login() -> None:
    response = Client().get("/public/complaints/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'name="website"' in html
    assert "hx-get=" in html
    assert response["Cache-Control"].startswith("max-age=0")


def test_missing_fields_are_each_named_on_the_form() -> None:
    response = post({"kind": "complaint", "website": ""})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {
        "complainant_name",
        "complainant_phone",
        "complainant_address",
        "complainant_id_number",  # Order 121: real identity from 2026-04-15
        "respondent_name",
        "subject",
        "facts",
        "request",
    } <= set(errors)
    assert 'id="form-errors"' in response.content.decode()
    assert not ComplaintCase.objects.exists()


def test_a_type_error_and_missing_fields_are_named_together() -> None:
    response = post(form(amount="abc", facts="", subject=""))
    assert {"amount", "facts", "subject"} == set(response.context["form"].errors)
    assert not ComplaintCase.objects.exists()


def test_a_bad_id_number_and_a_missing_kind_are_refused_on_their_fields() -> None:
    response = post(form(kind="", complainant_id_number="140502199001011234"))
    assert set(response.context["form"].errors) == {"kind", "complainant_id_number"}
    assert not ComplaintCase.objects.exists()


def test_a_complete_complaint_gets_a_printable_receipt() -> None:
    response = post(form())
    html = receipt_of(response)
    case = ComplaintCase.objects.get()
    assert case.channel == "portal"
    assert case.complainant_name == NAME
    assert case.amount == Decimal("299.00")
    assert case.number in html
    assert case.receipt_code in html
    assert track_url(case).replace("&", "&amp;") in html
    assert "window.print()" in html
    assert CaseAction.objects.get(case=case).party == "complainant"


def test_complaint_and_tip_off_give_two_numbers_on_the_receipt() -> None:
    html = receipt_of(post(form(kind="both")))
    complaint, tip_off = ComplaintCase.objects.order_by("pk")
    assert complaint.number.startswith("TS-")
    assert tip_off.number.startswith("JB-")
    for case in (complaint, tip_off):
        assert case.number in html
        assert case.receipt_code in html


def test_an_anonymous_tip_off_needs_no_personal_data() -> None:
    data = form(kind="tip_off", is_anonymous="on", complainant_name="", complainant_phone="")
    data.update(complainant_id_number="", complainant_address="", subject="", request="")
    receipt_of(post(data))
    case = ComplaintCase.objects.get()
    assert case.is_anonymous
    assert case.complainant_name == case.complainant_phone == ""


def test_the_honeypot_rejects_silently() -> None:
    response = post(form(website="http://spam.example"))
    assert response.status_code == 200
    assert not ComplaintCase.objects.exists()
    assert "case-number" not in response.content.decode()


def test_the_sixth_submission_in_a_minute_is_refused_and_another_address_is_not(settings) -> None:
    settings.QCITY_COMPLAINT_SUBMISSIONS_PER_MINUTE = 5
    for n in range(5):
        assert post(form(facts=f"第{n}件事：电饭煲无法加热。")).status_code == 302
    refused = post(form(facts="第六件事：电饭煲漏电。"))
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) >= 1
    html = refused.content.decode()
    assert 'id="throttled"' in html
    assert "第六件事：电饭煲漏电。" in html  # nothing the sender typed is lost
    assert ComplaintCase.objects.count() == 5
    assert post(form(facts="另一个人的事。"), address="10.1.1.2").status_code == 302
    assert ComplaintCase.objects.count() == 6


def test_a_repeat_over_the_limit_returns_the_existing_receipt(settings) -> None:
    settings.QCITY_COMPLAINT_SUBMISSIONS_PER_MINUTE = 2
    post(form(facts="第一件事。"))
    post(form(facts="第二件事。"))
    assert post(form(facts="第三件事。")).status_code == 429
    again = post(form(facts="第二件事。"))
    html = receipt_of(again)
    second = ComplaintCase.objects.get(facts="第二件事。")
    assert second.number in html
    assert ComplaintCase.objects.count() == 2


def test_the_hourly_limit_counts_too(settings) -> None:
    settings.QCITY_COMPLAINT_SUBMISSIONS_PER_MINUTE = 100
    settings.QCITY_COMPLAINT_SUBMISSIONS_PER_HOUR = 3
    statuses = [post(form(facts=f"第{n}件事。")).status_code for n in range(4)]
    assert statuses == [302, 302, 302, 429]


def test_attachments_are_kept_and_checked(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path
    bad = post(
        form(attachments=[SimpleUploadedFile("invoice.jpg", b"MZ not a picture", content_type="image/jpeg")])
    )
    assert bad.status_code == 200
    assert "attachments" in bad.context["form"].errors
    settings.QCITY_COMPLAINT_ATTACHMENT_MAX_BYTES = 32
    big = post(form(attachments=[SimpleUploadedFile("photo.png", PNG, content_type="image/png")]))
    assert "attachments" in big.context["form"].errors
    settings.QCITY_COMPLAINT_ATTACHMENT_MAX_BYTES = 1024
    ok = post(
        form(
            attachments=[
                SimpleUploadedFile("photo.png", PNG, content_type="image/png"),
                SimpleUploadedFile("receipt.pdf", b"%PDF-1.7\n%%EOF", content_type="application/pdf"),
            ]
        )
    )
    receipt_of(ok)
    assert sorted(CaseAttachment.objects.values_list("name", flat=True)) == ["photo.png", "receipt.pdf"]


def test_the_respondent_is_found_in_the_register() -> None:
    shop = entity("140581", name="高平市门户电器有限公司")
    found = Client().get("/public/complaints/respondent-lookup/", {"q": "门户电器", "format": "json"}).json()
    assert found["results"] == [{"name": shop.name, "uscc": shop.uscc, "county": shop.county.name}]
    fragment = Client().get(
        "/public/complaints/respondent-lookup/",
        {"respondent_name": "门户电器"},
        headers={"HX-Request": "true"},
    )
    assert "<html" not in fragment.content.decode()
    assert f'value="{shop.uscc}"' in fragment.content.decode()
    receipt_of(post(form(respondent_name="门户电器", respondent_address="", picked_uscc=shop.uscc)))
    case = ComplaintCase.objects.get()
    assert case.respondent == shop
    assert case.respondent_name == shop.name
    assert case.county.code == "140581"


def test_an_intake_error_is_put_on_its_field() -> None:
    response = post(form(respondent_uscc="91140500MA0ABCDEF1"))
    assert response.status_code == 200
    assert "respondent_uscc" in response.context["form"].errors


# --- following a case -----------------------------------------------------------------------


@pytest.fixture
def case() -> ComplaintCase:
    receipt_of(post(form()))
    return ComplaintCase.objects.get()


def test_a_wrong_number_or_code_is_the_same_neutral_not_found(case) -> None:
    wrong_code = Client().get("/public/complaints/track/", {"number": case.number, "code": "x" * 16})
    wrong_number = Client().get(
        "/public/complaints/track/", {"number": "TS-2026-999999", "code": case.receipt_code}
    )
    for response in (wrong_code, wrong_number):
        assert response.status_code == 404
        html = response.content.decode()
        assert 'id="not-found"' in html
        assert case.receipt_code not in html
        assert "case-summary" not in html
    assert Client().get("/public/complaints/track/").status_code == 200


def test_guessing_receipts_is_rate_limited(case, settings) -> None:
    settings.QCITY_COMPLAINT_TRACK_MISSES_PER_MINUTE = 3
    guesser = Client(REMOTE_ADDR="10.6.6.6")
    statuses = [
        guesser.get("/public/complaints/track/", {"number": case.number, "code": f"guess{n}"}).status_code
        for n in range(4)
    ]
    assert statuses == [404, 404, 404, 429]
    # the rightful holder elsewhere is not affected
    assert Client(REMOTE_ADDR="10.6.6.7").get(track_url(case)).status_code == 200


def test_tracking_shows_status_clocks_and_timeline_without_staff_names(case, cast) -> None:
    staff = cast("staff")
    staff.first_name, staff.last_name = "办案", "王"
    staff.save()
    accept(case, actor=staff, note="经办人王办案受理")
    response = Client().get(track_url(case))
    assert response.status_code == 200
    html = response.content.decode()
    assert case.number in html
    assert 'data-status="accepted"' in html
    due = response.context["clocks"][0]["due"]
    assert f"{due.year}年{due.month}月{due.day}日" in html
    assert "王办案" not in html
    assert response["X-Robots-Tag"] == "noindex"


def test_the_complainant_agrees_to_a_proposal_and_the_case_is_settled(cast) -> None:
    shop = entity()
    EntityTag.objects.create(entity=shop, tag="odr")
    owner = cast("enterprise", uscc=shop.uscc)
    receipt_of(post(form(respondent_uscc=shop.uscc)))
    case = ComplaintCase.objects.get()
    proposal = respond(case, user=owner, text="同意全额退款", proposed_amount=Decimal("299"))
    page = Client().get(track_url(case)).content.decode()
    assert "同意全额退款" in page
    assert f'id="proposal-{proposal.pk}"' in page
    response = Client().post(
        "/public/complaints/track/",
        {"number": case.number, "code": case.receipt_code, "proposal": proposal.pk, "action": "agree"},
    )
    assert response.status_code == 302
    assert response["Location"].endswith("&done=agree")
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    assert case.outcome == Outcome.SETTLED
    assert case.amount_recovered == Decimal("299")
    after = Client().get(response["Location"])
    assert 'id="done"' in after.content.decode()
    assert 'id="rating"' in after.content.decode()


def test_the_complainant_declines_and_replies(cast) -> None:
    shop = entity()
    owner = cast("enterprise", uscc=shop.uscc)
    receipt_of(post(form(respondent_uscc=shop.uscc)))
    case = ComplaintCase.objects.get()
    proposal = respond(case, user=owner, text="退一半", proposed_amount=Decimal("150"))
    base = {"number": case.number, "code": case.receipt_code}
    assert (
        Client()
        .post("/public/complaints/track/", {**base, "proposal": proposal.pk, "action": "decline"})
        .status_code
        == 302
    )
    assert (
        Client()
        .post("/public/complaints/track/", {**base, "action": "reply", "text": "希望全额退款"})
        .status_code
        == 302
    )
    proposal.refresh_from_db()
    assert proposal.rejected_at is not None
    assert OdrMessage.objects.get(case=case, party="complainant").text == "希望全额退款"
    case.refresh_from_db()
    assert case.status == CaseStatus.RECEIVED
    again = Client().post("/public/complaints/track/", {**base, "proposal": proposal.pk, "action": "agree"})
    assert again.status_code == 400
    assert 'id="track-error"' in again.content.decode()


def test_the_complainant_rates_the_handling_once_after_closure(case) -> None:
    base = {"number": case.number, "code": case.receipt_code, "action": "rate", "score": "5"}
    assert Client().post("/public/complaints/track/", base).status_code == 400
    accept(case, actor=None)
    close(case, actor=None, outcome=Outcome.WITHDRAWN)
    assert Client().post("/public/complaints/track/", {**base, "comment": "满意"}).status_code == 302
    case.refresh_from_db()
    assert case.satisfaction == 5
    assert CaseAction.objects.get(case=case, action="complainant-rating").party == "complainant"
    assert Client().post("/public/complaints/track/", {**base, "score": "1"}).status_code == 400
    assert ComplaintCase.objects.get(pk=case.pk).satisfaction == 5


# --- published complaints -------------------------------------------------------------------


def _published(shop, cast, **fields) -> ComplaintCase:
    data = form(
        respondent_uscc=shop.uscc,
        facts=f"本人{NAME}，电话{PHONE}，身份证{ID_NUMBER}，住{ADDRESS}。在{shop.name}购买的电饭煲无法加热，王先生拒绝退换。",
        request=f"退货退款，联系{NAME}",
        **fields,
    )
    receipt_of(post(data))
    case = ComplaintCase.objects.get(facts=data["facts"])
    staff = cast("staff")
    accept(case, actor=staff)
    start_mediation(case, actor=staff)
    close(case, actor=staff, outcome=Outcome.MEDIATED, amount_recovered=Decimal("299"))
    disclosure.approve(case, actor=staff, text=disclosure.prepare_publication(case))
    later = timezone.localdate() + dt.timedelta(days=14)
    disclosure.publish_due(later)
    case.refresh_from_db()
    assert case.publication_status == PublicationStatus.PUBLISHED
    return case


def _assert_no_personal_data(html: str) -> None:
    for value in (NAME, PHONE, ID_NUMBER, ADDRESS, "凤台街10号", "501室", "王先生"):
        assert value not in html, value


def test_published_records_contain_no_personal_data_of_the_case(cast) -> None:
    shop = entity("140525", name="晋城市泽州县公示电器有限公司")
    EntityTag.objects.create(entity=shop, tag="first_compensation")
    case = _published(shop, cast)
    listing = Client().get("/public/complaints/published/")
    assert listing.status_code == 200
    html = listing.content.decode()
    _assert_no_personal_data(html)
    assert shop.name in html
    assert "电饭煲" in html
    assert case.receipt_code not in html
    detail = Client().get(f"/public/complaints/respondents/{shop.uscc}/")
    assert detail.status_code == 200
    page = detail.content.decode()
    _assert_no_personal_data(page)
    assert detail.context["total"] == 1
    assert detail.context["first_payout_commitment"]
    assert not detail.context["is_odr"]
    assert Client().get("/public/complaints/respondents/91140525MA0000000X/").status_code == 404


def test_published_records_filter_by_county_category_and_year(cast) -> None:
    zezhou = _published(entity("140525"), cast)
    gaoping = _published(entity("140581"), cast, complainant_phone="13800000002")
    year = zezhou.closed_on.year

    def shown(**params) -> set[int]:
        response = Client().get("/public/complaints/published/", params)
        return {row["case"].pk for row in response.context["rows"]}

    assert shown() == {zezhou.pk, gaoping.pk}
    assert shown(county="140581") == {gaoping.pk}
    category = zezhou.object_category
    assert category is not None
    assert zezhou.pk in shown(category=category.code)
    assert shown(category="no-such-code") == set()
    assert shown(year=str(year)) == {zezhou.pk, gaoping.pk}
    assert shown(year=str(year - 1)) == set()


def test_unpublished_complaints_are_not_shown(case) -> None:
    response = Client().get("/public/complaints/published/")
    assert response.context["rows"] == []
    assert case.respondent_name not in response.content.decode()

"""Disclosure of handled complaints (消费投诉信息公示): masking personal data inside free text,
the publication workflow under the disclosure policy, the complainant's rating, and the
respondent enterprise's ODR pages (masked)."""

from __future__ import annotations

import datetime as dt
import random
import re
from decimal import Decimal
from importlib import import_module

import pytest
from django.test import Client
from django.urls import NoReverseMatch, include, path, reverse
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from qualitycity.complaints import disclosure, views_enterprise
from qualitycity.complaints import urls as complaints_urls
from qualitycity.complaints.choices import CaseStatus, Outcome, PublicationStatus
from qualitycity.complaints.disclosure import mask_free_text
from qualitycity.complaints.models import CaseAction, ComplaintCase, DisclosurePolicy, OdrMessage
from qualitycity.complaints.services import (
    Submission,
    TransitionError,
    accept,
    close,
    respond,
    start_mediation,
    submit,
)
from qualitycity.complaints.texts import generate
from qualitycity.registry.models import EntityTag
from qualitycity.registry.tests.factories import entity

TZ = timezone.get_default_timezone()

# --- a URL conf with the enterprise pages, until complaints/urls.py includes them ----------


def _complaints_patterns() -> list:
    names = {getattr(p, "name", None) for p in complaints_urls.urlpatterns}
    return [*complaints_urls.urlpatterns, *(p for p in views_enterprise.urlpatterns if p.name not in names)]


#: The project's URL conf (loaded by name, as Django loads it: the domain layer never imports the
#: project's modules) with the enterprise pages added to the complaints namespace.
_root_patterns = import_module("qualitycity.project.urls").urlpatterns
urlpatterns = [
    path("complaints/", include((_complaints_patterns(), "complaints"))),
    *(p for p in _root_patterns if not str(p.pattern).startswith("complaints/")),
]


@pytest.fixture
def enterprise_urls(settings):
    """This URL conf when the project's does not route the enterprise pages yet."""
    try:
        reverse("complaints:enterprise_complaint_list")
    except NoReverseMatch:
        settings.ROOT_URLCONF = __name__


# --- masking inside free text ---------------------------------------------------------------

MOBILE_PATTERN = re.compile(r"1[3-9]\d(?:[- ]?\d){8}")
ID_PATTERN = re.compile(r"\d{17}[\dXx]")

mobiles = st.builds(
    lambda second, rest: f"1{second}{rest}",
    st.sampled_from("3456789"),
    st.text(alphabet="0123456789", min_size=9, max_size=9),
)
mobile_forms = st.builds(
    lambda number, form: form.format(number[:3], number[3:7], number[7:]),
    mobiles,
    st.sampled_from(["{}{}{}", "{}-{}-{}", "{} {} {}", "+86{}{}{}", "+86 {} {} {}", "0086-{}-{}-{}"]),
)
id_numbers = st.builds(
    lambda region, birthday, sequence, check: f"{region}{birthday:%Y%m%d}{sequence}{check}",
    st.text(alphabet="0123456789", min_size=6, max_size=6),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2029, 12, 31)),
    st.text(alphabet="0123456789", min_size=3, max_size=3),
    st.sampled_from("0123456789Xx"),
)
any_ids = st.one_of(
    id_numbers,
    st.builds(
        lambda body, check: body + check,
        st.text(alphabet="0123456789", min_size=17, max_size=17),
        st.sampled_from("0123456789Xx"),
    ),
)
#: Text around the personal data: Chinese prose, digits, separators and anything else.
prose = st.one_of(
    st.text(max_size=40),
    st.text(alphabet="消费者本人我叫王李张先生女士号楼单元室电话手机0123456789 -:：，。", max_size=40),
)


@settings(max_examples=300, deadline=None)
@given(before=prose, number=mobile_forms, after=prose)
def test_no_mobile_number_stays_visible_and_masking_is_idempotent(before, number, after):
    masked = mask_free_text(before + number + after)
    assert MOBILE_PATTERN.search(masked) is None
    assert mask_free_text(masked) == masked


@settings(max_examples=300, deadline=None)
@given(before=prose, id_number=any_ids, after=prose)
def test_no_id_number_stays_visible_and_masking_is_idempotent(before, id_number, after):
    masked = mask_free_text(before + id_number + after)
    assert ID_PATTERN.search(masked) is None
    assert id_number not in masked
    assert mask_free_text(masked) == masked


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(st.text(), prose))
def test_masking_any_text_is_idempotent(text):
    masked = mask_free_text(text)
    assert mask_free_text(masked) == masked


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("消费者张三于5月3号在店里购买了手机。", "消费者张*于5月3号在店里购买了手机。"),
        ("我叫王小明，电话13912345678。", "我叫王**，电话139****5678。"),
        ("投诉人：赵六，本人欧阳娜娜", "投诉人：赵*，本人欧***"),
        ("店员李小红女士态度恶劣，联系了商家王先生。", "店员***女士态度恶劣，联系了商家*先生。"),
        ("一位姓张的经理说不退，老百姓生活不易。", "一位姓*的经理说不退，老百姓生活不易。"),
        ("我家住阳光小区3号楼2单元501室，快递放在1-2-301门口。", "我家住阳光小区***，快递放在***门口。"),
        ("邮箱wangxm@example.com，微信号wxm_1988", "邮箱w***@example.com，微信号w***"),
        ("座机0356-2345678，联系电话 2345678", "座机0356-***5678，联系电话 *****78"),
        ("退款请打到银行卡6222 0212 3456 7890 123", "退款请打到银行卡**** **** **** ***0 123"),
        ("身份证号14050219900101123X", "身份证号1405**********123X"),
        ("订单号1234567890123456789", "订单号***************6789"),
        # no personal data: left as it is
        ("本人于2024年5月3号购买，地铁2号线旁的店，贴了一层膜。", None),
        ("消费者向商家反映，本人和朋友一起去的，金额1299元。", None),
    ],
)
def test_personal_data_in_free_text_is_masked(text, expected):
    assert mask_free_text(text) == (text if expected is None else expected)


def test_the_complainants_own_details_are_masked_wherever_they_appear():
    known = {
        "name": "李四",
        "phone": "0356-7654321",
        "id": "140502199001011234",
        "address": "晋城市城区凤台街10号",
    }
    text = "李四的地址是晋城市城区凤台街10号，座机0356-7654321，李四本人140502199001011234。"
    masked = mask_free_text(text, known)
    for value in known.values():
        assert value not in masked
    assert masked.startswith("李*的地址是晋城市城区***")
    assert mask_free_text(masked, known) == masked


def test_realistic_complaint_texts_without_personal_data_are_left_readable():
    rng = random.Random(2026)
    for _ in range(200):
        sample = generate(rng)
        for text in (sample["facts"], sample["request"], sample["subject"]):
            assert mask_free_text(text) == text


# --- the publication workflow ---------------------------------------------------------------

COMPLAINANT = {
    "complainant_name": "李四",
    "complainant_phone": "13912345678",
    "complainant_id_number": "140502199001011234",
    "complainant_address": "晋城市城区凤台街10号院3号楼2单元501室",
}


def _complaint(respondent=None, **fields) -> ComplaintCase:
    data = {
        "kinds": ["complaint"],
        "subject": "电饭煲",
        "facts": "本人李四购买的电饭煲使用一周后无法加热，电话13912345678，商家拒绝退换。",
        "request": "退货退款，请联系李四",
        "respondent_name": respondent.name if respondent else "晋城市某某电器商行",
        "respondent_uscc": respondent.uscc if respondent else "",
        "respondent_address": "晋城市城区泽州路88号",
        "received_at": dt.datetime(2026, 6, 1, 10, tzinfo=TZ),
        **COMPLAINANT,
    }
    data.update(fields)
    return submit(Submission(**data), actor=None, channel="12315").cases[0]


def _closed(respondent=None, outcome: str = Outcome.MEDIATED, on=dt.date(2026, 6, 10), **fields):
    case = _complaint(respondent, **fields)
    accept(case, actor=None, on=dt.date(2026, 6, 2))
    start_mediation(case, actor=None)
    return close(case, actor=None, outcome=outcome, amount_recovered=Decimal("299.00"), on=on)


def _assert_no_personal_data(text: str) -> None:
    for value in COMPLAINANT.values():
        assert value not in text
    assert "13912345678" not in text


@pytest.mark.django_db
def test_the_draft_masks_the_facts_and_states_the_outcome():
    case = _closed()
    assert case.publication_status == PublicationStatus.PENDING_REVIEW
    draft = disclosure.prepare_publication(case)
    _assert_no_personal_data(draft)
    assert "李*" in draft
    assert "139****5678" in draft
    assert str(Outcome.MEDIATED.label) in draft
    assert "299.00" in draft
    assert ComplaintCase.objects.get(pk=case.pk).published_text == ""


@pytest.mark.django_db
def test_approved_complaints_are_published_after_the_delay_and_taken_down_after_the_keep_years(cast):
    staff = cast("staff")
    case = _closed(on=dt.date(2026, 6, 10))
    disclosure.approve(
        case, actor=staff, text=disclosure.prepare_publication(case) + "\n投诉人李四电话13912345678"
    )
    case.refresh_from_db()
    assert case.publication_status == PublicationStatus.APPROVED
    _assert_no_personal_data(case.published_text)
    # 5 working days after Wednesday 10 June 2026 (端午 19 June is later): Wednesday 17 June
    assert disclosure.publish_due(dt.date(2026, 6, 16)) == {"published": 0, "unpublished": 0, "waiting": 0}
    assert disclosure.publish_due(dt.date(2026, 6, 17))["published"] == 1
    case.refresh_from_db()
    assert case.publication_status == PublicationStatus.PUBLISHED
    assert list(disclosure.published_cases(dt.date(2026, 6, 17))) == [case]
    assert disclosure.publish_due(dt.date(2026, 6, 18)) == {"published": 0, "unpublished": 0, "waiting": 0}
    published_on = timezone.localdate(case.published_at)
    later = published_on.replace(year=published_on.year + 3) + dt.timedelta(days=1)
    assert disclosure.publish_due(later)["unpublished"] == 1
    case.refresh_from_db()
    assert case.publication_status == PublicationStatus.NOT_APPLICABLE
    assert list(disclosure.published_cases(later)) == []
    actions = list(
        CaseAction.objects.filter(case=case, action__startswith="publication-").values_list(
            "action", flat=True
        )
    )
    assert actions == ["publication-approve", "publication-publish", "publication-expire"]


@pytest.mark.django_db
def test_a_withheld_complaint_is_never_published(cast):
    staff = cast("staff")
    case = _closed()
    with pytest.raises(TransitionError) as exc:
        disclosure.withhold(case, actor=staff, reason=" ")
    assert exc.value.code == "reason_required"
    disclosure.withhold(case, actor=staff, reason="涉及未成年人")
    assert disclosure.publish_due(dt.date(2026, 9, 1))["published"] == 0
    case.refresh_from_db()
    assert case.publication_status == PublicationStatus.WITHHELD
    assert CaseAction.objects.get(case=case, action="publication-withhold").note == "涉及未成年人"


@pytest.mark.django_db
def test_without_staff_review_the_draft_is_published():
    DisclosurePolicy.objects.update(require_review=False)
    case = _closed()
    assert disclosure.publish_due(dt.date(2026, 6, 17))["published"] == 1
    case.refresh_from_db()
    assert case.publication_status == PublicationStatus.PUBLISHED
    assert case.published_text == disclosure.prepare_publication(case)


@pytest.mark.django_db
def test_only_a_closed_complaint_can_be_approved(cast):
    case = _complaint()
    with pytest.raises(TransitionError) as exc:
        disclosure.approve(case, actor=cast("staff"), text="x")
    assert exc.value.code == "out_of_order"


@pytest.mark.django_db
def test_respondent_summary_counts_published_complaints_and_commitments(cast):
    shop = entity()
    EntityTag.objects.create(entity=shop, tag="odr")
    EntityTag.objects.create(entity=shop, tag="first_compensation")
    owner = cast("enterprise", uscc=shop.uscc)
    one = _closed(shop)
    two = _complaint(shop, complainant_phone="13800000002", facts="另一件事：电饭煲漏电。")
    respond(two, user=owner, text="同意退货", proposed_amount=Decimal("100"))
    from qualitycity.complaints.services import complainant_decides

    complainant_decides(two, proposal=OdrMessage.objects.get(case=two), agree=True)
    _complaint(shop, complainant_phone="13800000003", facts="第三件事，未办结。")
    DisclosurePolicy.objects.update(require_review=False)
    later = timezone.localdate() + dt.timedelta(days=14)  # the settlement closed today
    assert disclosure.publish_due(later)["published"] == 2
    summary = disclosure.respondent_summary(shop, later)
    assert summary["total"] == 2
    assert dict(summary["by_outcome"]) == {str(Outcome.MEDIATED.label): 1, str(Outcome.SETTLED.label): 1}
    assert sum(n for _name, n in summary["by_category"]) == 2
    assert summary["odr_answered"] == 1
    assert summary["is_odr"]
    assert summary["first_payout_commitment"]
    assert {c.pk for c in summary["cases"]} == {one.pk, two.pk}


# --- the complainant's rating ---------------------------------------------------------------


@pytest.mark.django_db
def test_the_complainant_rates_once_after_closure():
    case = _complaint()
    with pytest.raises(TransitionError) as exc:
        disclosure.record_satisfaction(case, score=5)
    assert exc.value.code == "out_of_order"
    case = _closed()
    with pytest.raises(TransitionError):
        disclosure.record_satisfaction(case, score=6)
    disclosure.record_satisfaction(case, score=4, comment="处理及时")
    case.refresh_from_db()
    assert case.satisfaction == 4
    action = CaseAction.objects.get(case=case, action="complainant-rating")
    assert action.party == "complainant"
    assert action.actor is None
    assert action.note == "4/5 处理及时"
    with pytest.raises(TransitionError) as exc:
        disclosure.record_satisfaction(case, score=1)
    assert exc.value.code == "already_rated"


# --- the respondent enterprise's ODR pages --------------------------------------------------


@pytest.fixture
def shop_owner(cast):
    shop = entity()
    EntityTag.objects.create(entity=shop, tag="first_compensation")
    owner = cast("enterprise", uscc=shop.uscc)
    client = Client()
    client.force_login(owner)
    return shop, owner, client


@pytest.mark.django_db
def test_the_enterprise_sees_its_complaints_masked_and_never_tip_offs(shop_owner, enterprise_urls):
    shop, _owner, client = shop_owner
    case = _complaint(shop, received_at=timezone.now())
    tip_off = _complaint(shop, kinds=["tip_off"], facts="举报：无证经营。", received_at=timezone.now())
    other = _complaint(entity(), complainant_phone="13800000009", received_at=timezone.now())
    listing = client.get("/complaints/odr/")
    assert listing.status_code == 200
    page = listing.content.decode()
    assert case.number in page
    assert tip_off.number not in page
    assert other.number not in page
    assert "先行赔付" in page or "first payout" in page
    detail = client.get(f"/complaints/odr/{case.number}/")
    assert detail.status_code == 200
    html = detail.content.decode()
    _assert_no_personal_data(html)
    assert "李*" in html
    assert "139****5678" in html
    assert client.get(f"/complaints/odr/{tip_off.number}/").status_code == 404
    assert client.get(f"/complaints/odr/{other.number}/").status_code == 404


@pytest.mark.django_db
def test_the_enterprise_answers_with_a_proposal(shop_owner, enterprise_urls):
    shop, owner, client = shop_owner
    case = _complaint(shop, received_at=timezone.now())
    response = client.post(
        f"/complaints/odr/{case.number}/", {"text": "同意全额退款", "proposed_amount": "299"}
    )
    assert response.status_code == 302
    message = OdrMessage.objects.get(case=case)
    assert message.author == owner
    assert message.is_proposal
    assert message.proposed_amount == Decimal("299")
    refused = client.post(f"/complaints/odr/{case.number}/", {"text": "", "proposed_amount": "-1"})
    assert refused.status_code == 200
    assert OdrMessage.objects.filter(case=case).count() == 1


@pytest.mark.django_db
def test_a_closed_case_takes_no_answer(shop_owner, enterprise_urls):
    shop, _owner, client = shop_owner
    case = _closed(shop)
    assert case.status == CaseStatus.CLOSED
    response = client.post(f"/complaints/odr/{case.number}/", {"text": "迟到的答复"})
    assert response.status_code == 302
    assert not OdrMessage.objects.filter(case=case).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["staff", "zezhou", "auditor"])
def test_only_enterprise_users_open_the_odr_pages(cast, role, enterprise_urls):
    client = Client()
    client.force_login(cast(role))
    assert client.get("/complaints/odr/").status_code == 403
    assert Client().get("/complaints/odr/").status_code == 302

"""The enterprise's spot-check pages: its failed sample with the item values, acknowledging the
result (the objection window starts), an objection within the window, the refusal after it
naming the window; another entity's sample is not found and other roles are refused."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.translation import gettext

from qualitycity.core.navigation import menu_for
from qualitycity.core.services import add_workdays
from qualitycity.registry.tests.factories import entity
from qualitycity.spotchecks import services
from qualitycity.spotchecks.models import Objection, SampleNotice, TestItem
from qualitycity.spotchecks.tests import factories as f
from qualitycity.spotchecks.views_enterprise import enterprise_todos

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 15)
LEAD = "铅(以Pb计)"


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    """Windows count working days from today: freeze it inside a year with calendar data."""
    real = timezone.localdate

    def localdate(value=None, timezone=None):
        return TODAY if value is None else real(value, timezone)

    monkeypatch.setattr(timezone, "localdate", localdate)
    return TODAY


def zh(message: str) -> str:
    with translation.override("zh-hans"):
        return gettext(message)


def zh_date(day: dt.date) -> str:
    with translation.override("zh-hans"):
        return date_format(day, "DATE_FORMAT")


@pytest.fixture
def world(cast):
    staff = cast("staff")
    f.flour_items()
    labs = [f.lab(), f.lab()]
    plan = f.plan(labs=labs)
    mill = entity("140525", name="泽州县金谷面粉有限公司")
    owner = cast("enterprise", uscc=mill.uscc)
    return {"staff": staff, "plan": plan, "mill": mill, "owner": owner}


def failed_sample(world, *, producer=None, seller=None):
    """Sampled on 4 May, reported on 8 May: lead 0.35 mg/kg against ≤0.2 mg/kg."""
    sampled = timezone.make_aware(dt.datetime(2026, 5, 4, 10, 0))
    sample = f.sample(
        world["plan"],
        world["staff"],
        producer=producer or world["mill"],
        seller=seller or entity("140525", name="泽州县惠民超市"),
        sampled_at=sampled,
    )
    f.report(sample, world["staff"], f.FAILING, issued_on=dt.date(2026, 5, 8))
    sample.refresh_from_db()
    return sample


def detail_url(sample) -> str:
    return f"/spotchecks/my/{sample.number}/"


def ack_url(sample, notice) -> str:
    return f"/spotchecks/my/{sample.number}/notices/{notice.pk}/acknowledge/"


def objection_url(sample, notice) -> str:
    return f"/spotchecks/my/{sample.number}/notices/{notice.pk}/objection/"


def result_row(html: str, item: str) -> str:
    match = re.search(r'<tr class="verdict-row-\w+"><td>' + re.escape(item) + r"</td>(.*?)</tr>", html, re.S)
    assert match is not None, f"no result row for {item}"
    return match.group(1)


def mine(sample) -> SampleNotice:
    return SampleNotice.objects.get(sample=sample, party="producer")


def test_the_enterprise_sees_its_failed_sample_with_the_values(world, login):
    sample = failed_sample(world)
    client = login("enterprise")
    listing = client.get("/spotchecks/my/")
    assert listing.status_code == 200
    assert sample.number in listing.content.decode()
    response = client.get(detail_url(sample))
    assert response.status_code == 200
    html = response.content.decode()
    lead = result_row(html, LEAD)
    assert "<td>0.35</td>" in lead
    assert "<td>mg/kg</td>" in lead
    assert "≤0.2 mg/kg" in lead
    assert zh("Fail") in lead
    assert zh("Pass") in result_row(html, "玉米赤霉烯酮")
    assert zh("Acknowledge receipt") in html
    assert ack_url(sample, mine(sample)) in html
    for secret in ("李抽样", "王抽样", "25.00", "150.00"):
        assert secret not in html


def test_acknowledging_records_receipt_and_starts_the_window(world, login):
    sample = failed_sample(world)
    notice = mine(sample)
    client = login("enterprise")
    response = client.post(ack_url(sample, notice))
    assert response.status_code == 302
    assert response["Location"] == detail_url(sample)
    notice.refresh_from_db()
    assert notice.received_on == TODAY
    assert notice.method == "platform"
    assert notice.acknowledged_by == world["owner"]
    due = add_workdays(TODAY, 7)  # food: 7 working days from receipt (食品安全法 Art 88)
    assert notice.objection_due == due
    # the seller's notice is the seller's to acknowledge
    assert SampleNotice.objects.get(sample=sample, party="sampled_unit").received_on is None
    html = client.get(detail_url(sample)).content.decode()
    assert re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", zh_date(due))
    assert zh_date(due) in html
    assert ack_url(sample, notice) not in html  # the acknowledge button is gone
    assert objection_url(sample, notice) in html


def test_an_objection_within_the_window_is_submitted(world, login):
    sample = failed_sample(world)
    notice = mine(sample)
    client = login("enterprise")
    client.post(ack_url(sample, notice))
    lead = TestItem.objects.get(name=LEAD)
    response = client.post(
        objection_url(sample, notice),
        {
            f"n{notice.pk}-reason": "样品运输温度不符合要求，申请复检",
            f"n{notice.pk}-contested_items": [lead.pk],
        },
    )
    assert response.status_code == 302
    objection = Objection.objects.get(sample=sample)
    assert objection.notice == notice
    assert objection.reason == "样品运输温度不符合要求，申请复检"
    assert list(objection.contested_items.all()) == [lead]
    assert objection.status == "submitted"
    assert objection.created_by == world["owner"]
    html = client.get(detail_url(sample)).content.decode()
    assert zh("Objection pending") in html
    assert objection_url(sample, notice) not in html  # no second objection while one is handled


def test_an_objection_after_the_window_is_refused_naming_the_window(world, login):
    sample = failed_sample(world)
    notice = mine(sample)
    services.serve_notice(notice, actor=world["staff"], received_on=dt.date(2026, 5, 11), method="post")
    notice.refresh_from_db()
    assert notice.objection_due < TODAY
    client = login("enterprise")
    page = client.get(detail_url(sample)).content.decode()
    assert objection_url(sample, notice) not in page  # the form is not offered after the window
    response = client.post(objection_url(sample, notice), {f"n{notice.pk}-reason": "逾期提出的异议"})
    assert response.status_code == 200
    with translation.override("zh-hans"), pytest.raises(ValidationError) as refused:
        services.submit_objection(notice, actor=world["owner"], reason="逾期提出的异议")
    message = refused.value.message_dict["submitted_on"][0]
    assert zh_date(notice.objection_due) in message
    assert zh_date(notice.received_on) in message
    assert escape(message) in response.content.decode()
    assert not Objection.objects.exists()


def test_another_entitys_sample_is_not_found(world, login):
    own = failed_sample(world)
    other = failed_sample(world, producer=entity("140581", name="高平市面粉厂"))
    other_notice = SampleNotice.objects.get(sample=other, party="producer")
    client = login("enterprise")
    assert other.number not in client.get("/spotchecks/my/").content.decode()
    assert client.get(detail_url(other)).status_code == 404
    assert client.post(ack_url(other, other_notice)).status_code == 404
    assert (
        client.post(objection_url(other, other_notice), {f"n{other_notice.pk}-reason": "x"}).status_code
        == 404
    )
    # the seller's notice of the entity's own sample is not the entity's either
    seller_notice = SampleNotice.objects.get(sample=own, party="sampled_unit")
    assert client.post(ack_url(own, seller_notice)).status_code == 404
    seller_notice.refresh_from_db()
    other_notice.refresh_from_db()
    assert seller_notice.received_on is None
    assert other_notice.received_on is None
    assert not Objection.objects.exists()


@pytest.mark.parametrize("role", ["staff", "leader", "zezhou", "inspector", "lab"])
def test_other_roles_are_refused(world, login, role):
    sample = failed_sample(world)
    notice = mine(sample)
    client = login(role)
    assert client.get("/spotchecks/my/").status_code == 403
    assert client.get(detail_url(sample)).status_code == 403
    assert client.post(ack_url(sample, notice)).status_code == 403
    assert client.post(objection_url(sample, notice), {f"n{notice.pk}-reason": "x"}).status_code == 403
    notice.refresh_from_db()
    assert notice.received_on is None


def test_anonymous_visitors_are_sent_to_the_login(world):
    sample = failed_sample(world)
    response = Client().get(detail_url(sample))
    assert response.status_code == 302
    assert "/login" in response["Location"]


def test_the_steps_take_post_only(world, login):
    sample = failed_sample(world)
    client = login("enterprise")
    assert client.get(ack_url(sample, mine(sample))).status_code == 405
    assert mine(sample).received_on is None


def test_to_dos_name_results_to_acknowledge_then_the_open_window(world, cast):
    sample = failed_sample(world)
    owner = world["owner"]
    acknowledge = zh("Acknowledge the failed spot-check result of {product} ({number})")
    window = zh("Objection window open: {product} ({number})")
    with translation.override("zh-hans"):
        items = enterprise_todos(owner)
    assert [i.title for i in items] == [acknowledge.format(product=sample.product_name, number=sample.number)]
    assert items[0].url == detail_url(sample)
    notice = services.acknowledge_notice(mine(sample), actor=owner)
    with translation.override("zh-hans"):
        items = enterprise_todos(owner)
    assert [i.title for i in items] == [window.format(product=sample.product_name, number=sample.number)]
    assert items[0].due == notice.objection_due
    services.submit_objection(notice, actor=owner, reason="申请复检")
    assert enterprise_todos(owner) == []
    assert enterprise_todos(cast("staff")) == []


def test_the_menu_offers_my_spot_checks_to_enterprise_users_only(world, cast):
    def urls(user):
        return [item["url"] for group in menu_for(user, "/") for item in group["items"]]

    assert "/spotchecks/my/" in urls(world["owner"])
    assert "/spotchecks/my/" not in urls(cast("staff"))

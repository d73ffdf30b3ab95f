"""Public pages of spot checks and sampling: published supervision results only, the failed
items with their values and limits, "objection pending" instead of a final failure, the
period's summary, filters and pages; never the samplers, prices, notes or a person's name."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone, translation
from django.utils.translation import gettext

from qualitycity.portal import views_spotchecks
from qualitycity.registry.tests.factories import entity
from qualitycity.spotchecks import services
from qualitycity.spotchecks.models import Sample, SampleNotice
from qualitycity.spotchecks.tests import factories as f

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 15)
RESULTS = "/public/spotchecks/results/"
UNQUALIFIED = "/public/spotchecks/unqualified/"


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    """Reports and objections use today's date; freeze it inside a year with calendar data."""
    real = timezone.localdate

    def localdate(value=None, timezone=None):
        return TODAY if value is None else real(value, timezone)

    monkeypatch.setattr(timezone, "localdate", localdate)
    return TODAY


def at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, 10, 0))


@pytest.fixture
def world(cast):
    staff = cast("staff")
    f.flour_items()
    labs = [f.lab(name="晋城市食品检验检测中心"), f.lab(), f.lab()]
    plan = f.plan(labs=labs)
    return {"staff": staff, "plan": plan, "labs": labs}


def take(world, values, *, day=dt.date(2026, 5, 20), publish=True, **fields):
    """A flour sample sampled on `day`, reported today with `values`, published."""
    fields.setdefault("producer", entity("140525", name="泽州县金谷面粉有限公司"))
    fields.setdefault("institution", world["labs"][0])
    sample = f.sample(world["plan"], world["staff"], sampled_at=at(day), **fields)
    f.report(sample, world["staff"], values, issued_on=TODAY)
    sample.refresh_from_db()
    if publish:
        services.publish_samples([sample], actor=world["staff"])
        sample.refresh_from_db()
    return sample


def page(url: str) -> str:
    cache.clear()  # the portal's pages are cached for a minute
    response = Client().get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def row(html: str, sample: Sample) -> str:
    """The table row of one sample."""
    match = re.search(rf'<tr id="sample-{re.escape(sample.number)}"[^>]*>(.*?)</tr>', html, re.S)
    assert match is not None, f"no row for {sample.number}"
    return match.group(1)


def summary(html: str) -> dict[str, str]:
    return dict(re.findall(r'data-n="(\w+)">([^<]*)<', html))


def zh(message: str) -> str:
    with translation.override("zh-hans"):
        return gettext(message)


def test_only_published_supervision_results_are_listed(world):
    shown = take(world, f.PASSING, product_name="雪花小麦粉")
    unpublished = take(world, f.PASSING, product_name="未公布小麦粉", publish=False)
    monitoring_plan = f.plan(labs=world["labs"], purpose="risk_monitoring")
    monitored = f.sample(
        monitoring_plan, world["staff"], sampled_at=at(dt.date(2026, 5, 21)), product_name="监测小麦粉"
    )
    f.report(monitored, world["staff"], f.FAILING, issued_on=TODAY)
    Sample.objects.filter(pk=monitored.pk).update(published_at=timezone.now())  # never public
    html = page(RESULTS)
    assert shown.number in html
    assert "雪花小麦粉" in html
    assert unpublished.number not in html
    assert "未公布小麦粉" not in html
    assert monitored.number not in html
    assert "监测小麦粉" not in html
    assert monitored.number not in page(UNQUALIFIED)


def test_a_failed_sample_shows_its_failed_items_with_value_and_limit(world):
    seller = entity("140525", name="泽州县惠民超市")
    failed = take(
        world, f.FAILING, seller=seller, brand="金谷", specification="10kg/袋", batch_number="B20260301"
    )
    html = page(RESULTS)
    cells = row(html, failed)
    assert zh("Unqualified") in cells
    assert "铅(以Pb计)" in cells
    assert "0.35 mg/kg" in cells
    assert "≤0.2 mg/kg" in cells
    # items that passed are not listed as failures
    assert "玉米赤霉烯酮" not in cells
    for text in ("金谷", "10kg/袋", "B20260301", "2026-03-01", "泽州县金谷面粉有限公司", "泽州县惠民超市"):
        assert text in cells
    assert "晋城市食品检验检测中心" in cells
    listing = page(UNQUALIFIED)
    assert "0.35 mg/kg" in row(listing, failed)
    assert "≤0.2 mg/kg" in row(listing, failed)


def test_a_failed_result_under_objection_is_shown_as_objection_pending(world):
    contested = take(world, f.FAILING, product_name="有异议小麦粉")
    final = take(world, f.FAILING, product_name="无异议小麦粉")
    notice = SampleNotice.objects.get(sample=contested, party="producer")
    services.acknowledge_notice(notice, actor=world["staff"])
    services.submit_objection(notice, actor=world["staff"], reason="对铅的检验结果有异议")
    html = page(RESULTS)
    pending = row(html, contested)
    assert zh("Objection pending") in pending
    assert zh("Unqualified") not in pending
    assert zh("Objection pending") not in row(html, final)
    assert zh("Unqualified") in row(html, final)
    assert summary(html)["pending"] == "1"
    assert zh("Objection pending") in row(page(UNQUALIFIED), contested)


def test_samplers_prices_notes_and_personal_names_never_appear(world):
    operator = "张秀英"
    shop = entity("140525", name=operator, entity_type="individual_business", legal_representative=operator)
    named = entity(
        "140525", name="泽州县王建国粮油店", entity_type="individual_business", legal_representative="王建国"
    )
    first = take(world, f.FAILING, seller=shop, note="内部备注：复核抽样单", unit_price=Decimal("37.80"))
    second = take(world, f.PASSING, seller=named, amount_paid=Decimal("123.45"))
    for html in (page(RESULTS), page(UNQUALIFIED)):
        for secret in ("李抽样", "王抽样", "37.80", "123.45", "25.00", "150.00", "内部备注", "复核抽样单"):
            assert secret not in html
        assert operator not in html
        assert "王建国" not in html
    html = page(RESULTS)
    assert "张**" in row(html, first)
    assert "泽州县王**粮油店" in row(html, second)


def test_the_summary_counts_batches_qualified_and_the_pass_rate_of_the_period(world):
    take(world, f.PASSING, day=dt.date(2026, 4, 10))
    take(world, f.PASSING, day=dt.date(2026, 5, 10))
    take(world, f.PASSING, day=dt.date(2026, 5, 12))
    take(world, f.FAILING, day=dt.date(2026, 5, 20))
    assert summary(page(RESULTS)) == {"total": "4", "qualified": "3", "unqualified": "1", "rate": "75.00%"}
    may = summary(page(f"{RESULTS}?year=2026&period=m5"))
    assert may == {"total": "3", "qualified": "2", "unqualified": "1", "rate": "66.67%"}
    assert summary(page(f"{RESULTS}?year=2026&period=q2"))["total"] == "4"
    assert summary(page(f"{RESULTS}?year=2026&period=q1"))["total"] == "0"
    assert summary(page(f"{RESULTS}?year=2025"))["total"] == "0"


def test_period_category_and_conclusion_filters(world):
    april = take(world, f.PASSING, day=dt.date(2026, 4, 10), product_name="四月小麦粉")
    may = take(world, f.FAILING, day=dt.date(2026, 5, 20), product_name="五月小麦粉")
    oil_item = f.item("food-02-01", "酸价(以KOH计)", limit_max=Decimal("3"), unit="mg/g")
    oil_lab = f.lab(codes=("food-02-01",))
    oil_plan = f.plan(codes=("food-02-01",), labs=[oil_lab])
    oil = f.sample(oil_plan, world["staff"], sampled_at=at(dt.date(2026, 5, 5)), product_name="大豆油")
    services.enter_report(
        oil,
        actor=world["staff"],
        institution=oil_lab,
        number="OIL-1",
        issued_on=TODAY,
        rows=[services.ResultRow(item=oil_item, value_text="1.2")],
    )
    services.publish_samples([Sample.objects.get(pk=oil.pk)], actor=world["staff"])

    html = page(f"{RESULTS}?year=2026&period=m4")
    assert april.number in html
    assert may.number not in html
    assert oil.number not in html

    grain = page(f"{RESULTS}?category=food-01")
    assert april.number in grain
    assert may.number in grain
    assert oil.number not in grain
    assert summary(grain)["total"] == "2"
    oils = page(f"{RESULTS}?category=food-02")
    assert oil.number in oils
    assert april.number not in oils
    # the 大类 on offer are those of published samples
    assert 'value="food-01"' in html
    assert 'value="food-02"' in html
    assert 'value="food-03"' not in html

    qualified = page(f"{RESULTS}?result=qualified")
    assert april.number in qualified
    assert oil.number in qualified
    assert may.number not in qualified
    unqualified = page(f"{RESULTS}?result=unqualified")
    assert may.number in unqualified
    assert april.number not in unqualified
    listing = page(UNQUALIFIED)
    assert may.number in listing
    assert april.number not in listing
    assert oil.number not in listing
    assert may.number not in page(f"{UNQUALIFIED}?year=2026&period=m4")


def test_results_are_paginated(world, monkeypatch):
    monkeypatch.setattr(views_spotchecks, "PAGE_SIZE", 2)
    samples = [take(world, f.PASSING, day=dt.date(2026, 5, d)) for d in (10, 11, 12)]
    first, second = page(RESULTS), page(f"{RESULTS}?page=2")
    assert samples[2].number in first
    assert samples[1].number in first
    assert samples[0].number not in first
    assert samples[0].number in second
    assert samples[2].number not in second
    assert "page=2" in first
    # the summary covers the whole period, not one page
    assert summary(second)["total"] == "3"


def test_the_pages_are_linked_from_the_portal_home():
    html = page("/public/")
    assert f'href="{RESULTS}"' in html
    assert f'href="{UNQUALIFIED}"' in html
    assert zh("Spot checks and sampling") in html


def test_the_pages_are_get_only_cached_and_rate_limited(world, settings):
    sample = take(world, f.PASSING)
    assert Client().post(RESULTS).status_code == 405
    first = page(RESULTS)
    assert sample.number in first
    later = take(world, f.PASSING, day=dt.date(2026, 5, 21))
    assert later.number not in Client().get(RESULTS).content.decode()  # served from the cache
    settings.QCITY_PORTAL_RATE_LIMIT = 2
    cache.clear()
    client = Client(REMOTE_ADDR="10.9.8.7")
    assert [client.get(UNQUALIFIED).status_code for _ in range(3)] == [200, 200, 429]

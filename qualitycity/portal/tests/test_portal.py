"""The public portal: no login, masked personal data, nothing internal, rate limit."""

from __future__ import annotations

import pytest
from django.test import Client

from qualitycity.registry.tests.factories import entity

pytestmark = pytest.mark.django_db


def test_home_needs_no_login_and_names_the_bureau() -> None:
    response = Client().get("/public/")
    assert response.status_code == 200
    assert "晋城市市场监督管理局" in response.content.decode()


def test_search_masks_the_legal_representative() -> None:
    e = entity("140525", name="晋城市泽州县公开查询铸造有限公司", legal_representative="欧阳娜娜")
    page = Client().get("/public/entities/", {"q": "公开查询"}).content.decode()
    assert e.name in page
    assert "欧***" in page
    assert "欧阳娜娜" not in page


def test_search_by_pinyin_initials() -> None:
    e = entity("140525", name="晋城市泽州县拼音铸造有限公司")
    page = Client().get("/public/entities/", {"q": "jcszzxpy"}).content.decode()
    assert e.name in page


def test_portal_is_read_only() -> None:
    assert Client().post("/public/entities/", {"q": "x"}).status_code == 405


def test_internal_pages_are_not_reachable_from_the_portal() -> None:
    client = Client()
    for url in ("/registry/market-entities/", "/audit-records/", "/users/", "/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/login/")


def test_rate_limit_per_address(settings) -> None:
    settings.QCITY_PORTAL_RATE_LIMIT = 3
    client = Client(REMOTE_ADDR="10.9.8.7")
    statuses = [client.get("/public/").status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 429, 429]
    assert Client(REMOTE_ADDR="10.9.8.6").get("/public/").status_code == 200


def test_entity_page_shows_public_records_only() -> None:
    import datetime as dt

    from qualitycity.credit.models import CreditEvent, ListEntry, RiskAssessment, RiskModel

    e = entity("140525", legal_representative="张三丰")
    CreditEvent.objects.create(
        entity=e, kind="penalty", occurred_on=dt.date(2025, 3, 1), summary="公开的处罚", is_public=True
    )
    CreditEvent.objects.create(
        entity=e, kind="complaint", occurred_on=dt.date(2025, 3, 2), summary="内部的投诉", is_public=False
    )
    CreditEvent.objects.create(
        entity=e,
        kind="penalty",
        occurred_on=dt.date(2021, 3, 1),
        summary="已过公示期",
        is_public=True,
        public_until=dt.date(2024, 3, 1),
    )
    ListEntry.objects.create(
        entity=e, kind="abnormal_operations", ground="unreachable", listed_on=dt.date(2025, 4, 1)
    )
    model = RiskModel.objects.create(
        name="m", classes=[{"code": "A", "min_score": 0}, {"code": "D", "min_score": 60}]
    )
    RiskAssessment.objects.create(
        entity=e, model=model, assessed_at="2026-01-01T00:00:00Z", score=77, risk_class="D"
    )
    page = Client().get(f"/public/entities/{e.uscc}/").content.decode()
    assert "公开的处罚" in page
    assert "内部的投诉" not in page
    assert "已过公示期" not in page
    assert "张**" in page
    assert "张三丰" not in page
    assert "77.00" not in page
    assert Client().get("/public/entities/91140525MA0000000X/").status_code == 404

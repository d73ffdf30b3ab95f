"""Credit API: archive and restrictions, same scope as the UI."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from qualitycity.credit import punishment
from qualitycity.credit.events import record_event
from qualitycity.credit.models import ListEntry
from qualitycity.registry.tests.factories import entity

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(cast, password) -> Client:
    cast("zezhou")
    token = (
        Client()
        .post(
            "/api/v1/auth/token",
            {"username": "zezhou", "password": password},
            content_type="application/json",
        )
        .json()["token"]
    )
    return Client(headers={"Authorization": f"Bearer {token}"})


def test_archive_lists_events_newest_first(api, cast) -> None:
    e = entity("140525")
    for day, kind in ((dt.date(2024, 1, 2), "honour"), (dt.date(2025, 3, 4), "penalty")):
        record_event(actor=cast("staff"), entity=e, kind=kind, occurred_on=day, summary=kind)
    body = api.get(f"/api/v1/entities/{e.uscc}/archive").json()
    assert body["count"] == 2
    assert [ev["kind"] for ev in body["events"]] == ["penalty", "honour"]
    assert api.get(f"/api/v1/entities/{e.uscc}/archive?kind=honour").json()["count"] == 1
    assert api.get(f"/api/v1/entities/{e.uscc}/archive?kind=nonsense").status_code == 422


def test_restrictions_endpoint(api) -> None:
    punishment.ensure_default_rules()
    e = entity("140525")
    free = api.get(f"/api/v1/entities/{e.uscc}/restrictions?action=quality_award").json()
    assert free["restricted"] is False
    ListEntry.objects.create(
        entity=e, kind="serious_violation", ground="abnormal_three_years", listed_on=dt.date(2025, 1, 1)
    )
    blocked = api.get(f"/api/v1/entities/{e.uscc}/restrictions?action=quality_award").json()
    assert blocked["restricted"] is True
    assert blocked["restrictions"][0]["condition"] == "on_serious_list"
    bad = api.get(f"/api/v1/entities/{e.uscc}/restrictions?action=fly")
    assert bad.status_code == 422
    assert bad.json()["details"][0]["field"] == "action"


def test_other_county_and_invalid_uscc(api) -> None:
    other = entity("140581")
    assert api.get(f"/api/v1/entities/{other.uscc}/archive").status_code == 404
    response = api.get("/api/v1/entities/91140525MA0000000X/restrictions?action=subsidy")
    assert response.status_code == 422
    assert response.json()["details"][0]["field"] == "uscc"


def test_entity_carries_risk_class_and_lists_for_internal_users(api, cast, password) -> None:
    from qualitycity.credit.models import RiskAssessment, RiskModel

    e = entity("140525")
    ListEntry.objects.create(
        entity=e, kind="abnormal_operations", ground="unreachable", listed_on=dt.date(2025, 1, 1)
    )
    model = RiskModel.objects.create(
        name="m", classes=[{"code": "A", "min_score": 0}, {"code": "C", "min_score": 40}]
    )
    RiskAssessment.objects.create(
        entity=e, model=model, assessed_at="2026-01-01T00:00:00Z", score=45, risk_class="C"
    )
    body = api.get(f"/api/v1/entities/{e.uscc}").json()
    assert body["risk_class"] == "C"
    assert body["lists"][0]["ground"] == "unreachable"
    cast("enterprise", uscc=e.uscc)
    token = (
        Client()
        .post(
            "/api/v1/auth/token",
            {"username": "enterprise", "password": password},
            content_type="application/json",
        )
        .json()["token"]
    )
    own = Client(headers={"Authorization": f"Bearer {token}"}).get(f"/api/v1/entities/{e.uscc}").json()
    assert own["risk_class"] is None
    assert own["lists"][0]["kind"] == "abnormal_operations"

"""The city overview: its numbers match the modules' own figures, every card and alert has a
link, the data endpoint answers JSON, and a county officer's map covers their county only."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import Count
from django.test import Client
from django.utils import timezone

from qualitycity.complaints import indicators as complaint_indicators
from qualitycity.complaints.choices import ClockState
from qualitycity.complaints.filters import running_clocks
from qualitycity.complaints.models import ComplaintCase
from qualitycity.complaints.tests.test_stats import case
from qualitycity.core.testing.users import user
from qualitycity.credit.models import RiskAssessment
from qualitycity.inspections.tests.test_draw import classify
from qualitycity.plan import overview
from qualitycity.plan.choices import ReportStatus
from qualitycity.plan.indicators import current
from qualitycity.plan.models import OverviewSnapshot, ProgressReport
from qualitycity.plan.tests.test_assessment import make_plan
from qualitycity.registry.tests.factories import entity

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 8, 15)
D = dt.date


@pytest.fixture
def data(db) -> dict:
    made = make_plan()
    shop_zz, shop_gp = entity("140525"), entity("140581")
    made["cases"] = [
        case(D(2026, 3, 3), shop_zz, due=D(2026, 3, 12), on_time=True),
        case(D(2026, 3, 5), shop_zz, due=D(2026, 3, 14), on_time=False),
        case(D(2026, 4, 2), shop_gp, due=D(2026, 4, 11), on_time=True),
    ]
    classify([entity("140525"), entity("140525")], "D")
    classify([entity("140525")], "B")
    classify([entity("140581")], "A")
    return made


def test_the_numbers_match_the_sources(data) -> None:
    leader = user("leader")
    plan = data["plan"]
    got = overview.overview_data(plan, leader, TODAY)
    # cards: the plan's indicators with `plan.indicators.current`
    assert [c["code"] for c in got["cards"]] == ["i1", "i2", "i3"]
    for card, ind in zip(got["cards"], data["indicators"], strict=True):
        cur = current(ind, on=TODAY, user=leader)
        assert card["status"] == cur.status
        assert card["value"] == ("" if cur.value is None else overview._number(cur.value))
    # map: complaint on-time rate by county
    rates = {
        r["key"]: r
        for r in complaint_indicators.on_time_by(
            "county", start=D(2026, 1, 1), end=TODAY, user=leader, today=TODAY
        )
    }
    counties = {c["code"]: c for c in got["map"]["counties"]}
    assert set(counties) == {"140502", "140521", "140522", "140524", "140525", "140581"}
    assert counties["140525"]["on_time"]["value"] == rates["140525"]["rate"] == 50.0
    assert counties["140581"]["on_time"]["value"] == rates["140581"]["rate"] == 100.0
    assert counties["140502"]["on_time"]["value"] is None
    # entities by risk class: the current assessments
    assert counties["140525"]["risk"]["classes"]["D"] == 2
    assert counties["140525"]["risk"]["value"] == 2
    assert counties["140525"]["risk"]["classes"]["B"] == 1
    assert counties["140581"]["risk"]["classes"]["A"] == 1
    direct = dict(
        RiskAssessment.objects.filter(is_current=True, risk_class="D")
        .values_list("entity__county__code")
        .annotate(n=Count("pk"))
    )
    assert {k: v["risk"]["value"] for k, v in counties.items() if v["risk"]["value"]} == direct
    # overdue items: complaints with an overdue clock
    overdue = dict(
        ComplaintCase.objects.filter(pk__in=running_clocks(ClockState.OVERDUE, today=TODAY).values("case_id"))
        .values_list("county__code")
        .annotate(n=Count("pk"))
    )
    assert {
        k: v["overdue"]["complaints"] for k, v in counties.items() if v["overdue"]["complaints"]
    } == overdue
    # pass rate: a source now, with no batch in this test's data
    layers = {layer["key"]: layer for layer in got["map"]["layers"]}
    assert layers["pass_rate"]["available"] is True
    assert all(c["pass_rate"]["value"] is None and c["pass_rate"]["batches"] == 0 for c in counties.values())
    # trends: twelve months ending with this one
    assert len(got["trends"]["labels"]) == 12
    assert got["trends"]["labels"][-1] == "2026-08"
    assert got["trends"]["due"][got["trends"]["labels"].index("2026-03")] == 2


def test_every_card_and_alert_has_a_link(data) -> None:
    got = overview.overview_data(data["plan"], user("leader"), TODAY)
    assert got["cards"]
    assert all(c["url"] for c in got["cards"])
    kinds = {a["kind"] for a in got["alerts"]}
    assert {"risk", "reports"} <= kinds
    assert all(a["url"] for a in got["alerts"])
    for county in got["map"]["counties"]:
        assert county["on_time"]["url"]
        assert county["risk"]["url"]
        assert county["overdue"]["url"]


def test_the_alerts_name_the_late_reports_and_link_to_them(login, data) -> None:
    got = overview.overview_data(data["plan"], user("leader"), TODAY)
    late = [a for a in got["alerts"] if a["kind"] == "reports"]
    assert [a["count"] for a in late] == [1]  # swj's Q2 report; gxj's Q3 report is not due
    assert ProgressReport.objects.filter(status=ReportStatus.DRAFT, due_on__lt=TODAY).count() == 1
    page = login("leader").get(late[0]["url"])
    assert page.status_code == 200


def test_the_page_and_the_data_endpoint(login, data) -> None:
    client = login("leader")
    plan = data["plan"]
    page = client.get(f"/plan/overview/?plan={plan.pk}")
    assert page.status_code == 200
    body = page.content.decode()
    assert 'id="ov-cards"' in body
    assert "core/geo/jincheng_counties.geojson" in body
    assert "qcityOverview" in body
    full = client.get(f"/plan/overview/?plan={plan.pk}&display=1").content.decode()
    assert 'class="ov-display"' in full
    json_data = client.get(f"/plan/overview/data/?plan={plan.pk}").json()
    assert json_data["plan"]["id"] == plan.pk
    assert {"cards", "map", "trends", "alerts", "as_of"} <= set(json_data)
    assert login("enterprise").get(f"/plan/overview/data/?plan={plan.pk}").status_code == 403


def test_a_county_officers_map_is_limited_to_their_county(data) -> None:
    officer = user("zezhou")
    got = overview.overview_data(data["plan"], officer, TODAY)
    assert [c["code"] for c in got["map"]["counties"]] == ["140525"]
    assert got["scope"] == "泽州县"
    zz = got["map"]["counties"][0]
    assert zz["risk"]["classes"]["D"] == 2
    assert zz["on_time"]["due"] == 2
    # nothing of 高平 leaks into the trends either
    assert got["trends"]["due"][got["trends"]["labels"].index("2026-04")] == 0


def test_the_cache_keeps_the_figures_per_scope(data, settings) -> None:
    settings.DEBUG = False
    plan = data["plan"]
    first = overview.cached_overview(plan, user("leader"), TODAY)
    ComplaintCase.objects.update(on_time=True)
    assert overview.cached_overview(plan, user("leader"), TODAY)["as_of"] == first["as_of"]
    fresh = overview.cached_overview(plan, user("leader"), TODAY, refresh=True)
    zz = next(c for c in fresh["map"]["counties"] if c["code"] == "140525")
    assert zz["on_time"]["value"] == 100.0
    assert len(overview.cached_overview(plan, user("zezhou"), TODAY)["map"]["counties"]) == 1


def test_an_old_snapshot_is_shown_while_the_worker_computes_a_new_one(
    data, settings, run_worker, django_capture_on_commit_callbacks
) -> None:
    settings.DEBUG = False
    plan, leader = data["plan"], user("leader")
    first = overview.cached_overview(plan, leader, TODAY)
    assert "stale" not in first
    ComplaintCase.objects.update(on_time=True)
    OverviewSnapshot.objects.update(computed_at=timezone.now() - dt.timedelta(minutes=5))
    with django_capture_on_commit_callbacks(execute=True):
        shown = overview.cached_overview(plan, leader, TODAY)
    assert shown["stale"] is True
    assert shown["map"] == first["map"]  # the old figures, said to be old
    with django_capture_on_commit_callbacks(execute=True):
        overview.cached_overview(plan, leader, TODAY)  # asked again: no second refresh queued
    run_worker()
    snapshot = OverviewSnapshot.objects.get()
    assert snapshot.refresh_queued_at is None
    assert snapshot.computed_at > timezone.now() - dt.timedelta(minutes=1)
    now = overview.cached_overview(plan, leader, TODAY)
    assert "stale" not in now
    zz = next(c for c in now["map"]["counties"] if c["code"] == "140525")
    assert zz["on_time"]["value"] == 100.0
    page = Client()
    page.force_login(leader)
    OverviewSnapshot.objects.all().delete()  # the page counts its own today: a new snapshot
    assert "ov-stale" not in page.get(f"/plan/overview/?plan={plan.pk}").content.decode()
    OverviewSnapshot.objects.update(computed_at=timezone.now() - dt.timedelta(minutes=5))
    assert "ov-stale" in page.get(f"/plan/overview/?plan={plan.pk}").content.decode()
    assert timezone.now()

"""Credit-risk classes: every rule of the default model at its window edges, caps, overrides,
a five-class model, the stored explanation and history, re-scoring by job and by task, the
distribution within scope, who sees the entity-page section, and the calibration on
demo-like data (domain-rules §2, §11)."""

from __future__ import annotations

import datetime as dt
import itertools
import random
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from qualitycity.core.choices import JobKind, JobStatus
from qualitycity.core.models import Division, Industry, Job
from qualitycity.credit import risk
from qualitycity.credit.models import (
    AnnualReport,
    CreditEvent,
    ListEntry,
    RiskAssessment,
    RiskIndicator,
    RiskModel,
)
from qualitycity.credit.risk import (
    DEFAULT_MODEL,
    Assessment,
    BatchStats,
    EntityFact,
    EventFact,
    Facts,
    IndicatorSpec,
    ListFact,
    ModelSpec,
    ReportFact,
    months_before,
    score_entity,
)
from qualitycity.credit.services import record_event
from qualitycity.registry.models import Entity
from qualitycity.registry.tests.factories import entity, make_uscc

ON = dt.date(2026, 11, 28)
_pk = itertools.count(1000)


# --- pure scoring (no database) ----------------------------------------------------------------


def default_spec(classes: list[dict[str, Any]] | None = None) -> ModelSpec:
    indicators = [
        IndicatorSpec(i + 1, group, rule, name, Decimal(points), Decimal(cap) if cap else None, params)
        for i, (group, rule, name, points, cap, params) in enumerate(DEFAULT_MODEL["indicators"])
    ]
    return ModelSpec(0, classes or DEFAULT_MODEL["classes"], indicators)


def ev(kind: str, occurred_on: dt.date, severity: str = "info", **details: Any) -> EventFact:
    return EventFact(next(_pk), kind, occurred_on, severity, details)


def facts(
    events: list[EventFact] = (),  # type: ignore[assignment]
    lists: list[ListFact] = (),  # type: ignore[assignment]
    reports: list[ReportFact] = (),  # type: ignore[assignment]
    *,
    established: dt.date | None = dt.date(2010, 1, 1),
    industry: str = "3391",
    representative: str = "张三丰",
    pk: int = 1,
) -> Facts:
    by_kind: dict[str, list[EventFact]] = {}
    for e in events:
        by_kind.setdefault(e.kind, []).append(e)
    return Facts(
        EntityFact(pk, established, 7, industry, representative, 55),
        by_kind,
        list(lists),
        {r.year: r for r in reports},
    )


def score(f: Facts, *, stats: BatchStats | None = None, classes: Any = None, on: dt.date = ON) -> Assessment:
    return score_entity(f, default_spec(classes), on, stats)


def points(a: Assessment) -> dict[str, str]:
    return {c["name"]: c["points"] for c in a.contributions}


def test_clean_old_entity_scores_zero_in_class_a() -> None:
    a = score(facts())
    assert (a.score, a.risk_class, a.contributions, a.override) == (Decimal("0.00"), "A", [], "")


def test_age_bands_at_their_edges() -> None:
    one_year = months_before(ON, 12)
    three_years = months_before(ON, 36)
    assert points(score(facts(established=one_year + dt.timedelta(days=1)))) == {"成立不满 1 年": "5.00"}
    assert points(score(facts(established=one_year))) == {"成立 1–3 年": "3.00"}
    assert points(score(facts(established=three_years + dt.timedelta(days=1)))) == {"成立 1–3 年": "3.00"}
    assert points(score(facts(established=three_years))) == {}
    assert points(score(facts(established=None))) == {}


def test_high_risk_industry_by_gbt4754_prefix() -> None:
    assert points(score(facts(industry="1351"))) == {"属高风险行业": "10.00"}  # 135 meat processing
    assert points(score(facts(industry="3435"))) == {"属高风险行业": "10.00"}  # lifts
    assert points(score(facts(industry="1320"))) == {}  # 132 feed is not food production
    assert points(score(facts(industry="3391"))) == {}
    assert points(score(facts(industry=""))) == {}


def test_more_than_two_registration_changes_in_twelve_months() -> None:
    edge = months_before(ON, 12)
    three = [
        ev("registration_change", edge, field="address"),
        ev("registration_change", ON, field="legal_representative"),
        ev("registration_change", ON - dt.timedelta(days=30), field="address"),
    ]
    assert points(score(facts(three))) == {"12 个月内法定代表人或住所变更超过 2 次": "5.00"}
    too_old = [ev("registration_change", edge - dt.timedelta(days=1), field="address"), *three[1:]]
    assert points(score(facts(too_old))) == {}
    other_field = [ev("registration_change", ON, field="name"), *three[1:]]
    assert points(score(facts(other_field))) == {}


def test_licence_expired_or_revoked_unless_a_later_event_says_valid() -> None:
    expired = ev("other", ON - dt.timedelta(days=100), licence="expired", licence_no="SC1")
    a = score(facts([expired]))
    assert points(a) == {"许可证过期或被吊销": "10.00"}
    assert a.contributions[0]["events"] == [expired.pk]
    renewed = ev("other", ON - dt.timedelta(days=10), licence="valid", licence_no="SC1")
    assert points(score(facts([expired, renewed]))) == {}
    revoked = ev("penalty", ON - dt.timedelta(days=10), licence="revoked", licence_no="SC2")
    assert "许可证过期或被吊销" in points(score(facts([expired, renewed, revoked])))


def test_unreachable_listing_counts_twice_and_raises_to_c() -> None:
    entry = ListFact(71, "abnormal_operations", "unreachable")
    a = score(facts(lists=[entry]))
    assert points(a) == {"通过登记的住所或者经营场所无法联系": "15.00", "列入经营异常名录": "15.00"}
    assert a.contributions[0]["list_entries"] == [71]
    assert (a.score, a.risk_class, a.override) == (Decimal("30.00"), "C", "on_abnormal_list")


def test_last_years_annual_report_missing_late_or_false() -> None:
    assert points(score(facts(reports=[ReportFact(5, 2025, "missing")]))) == {"上年度年报未报送": "15.00"}
    assert points(score(facts(reports=[ReportFact(5, 2025, "filed_late")]))) == {"上年度年报逾期报送": "5.00"}
    assert points(score(facts(reports=[ReportFact(5, 2025, "false")]))) == {
        "上年度年报隐瞒真实情况、弄虚作假": "15.00"
    }
    assert points(score(facts(reports=[ReportFact(5, 2024, "missing")]))) == {}
    # before 30 June the 2025 report is not yet due: the latest due one is 2024
    assert risk.report_year(dt.date(2026, 6, 30)) == 2024
    assert risk.report_year(dt.date(2026, 7, 1)) == 2025


def test_inspection_problems_each_ten_capped_at_twenty() -> None:
    day = ON - dt.timedelta(days=10)
    one = [ev("inspection_result", day, "minor")]
    assert points(score(facts(one))) == {"检查发现问题（24 个月，每次）": "10.00"}
    three = [ev("inspection_result", day, s) for s in ("minor", "serious", "severe")]
    a = score(facts([*three, ev("inspection_result", day, "info")]))
    assert points(a) == {"检查发现问题（24 个月，每次）": "20.00"}
    assert (a.contributions[0]["count"], a.contributions[0]["capped"]) == (3, True)
    assert sorted(a.contributions[0]["events"]) == sorted(e.pk for e in three)


def test_failed_spot_check_window_edge_and_cap() -> None:
    edge = months_before(ON, 24)
    assert points(score(facts([ev("spot_check_result", edge, "serious")]))) == {
        "抽查抽检不合格批次（24 个月，每批次）": "15.00"
    }
    assert points(score(facts([ev("spot_check_result", edge - dt.timedelta(days=1), "serious")]))) == {}
    assert points(score(facts([ev("spot_check_result", ON, "info")]))) == {}
    three = [ev("spot_check_result", ON, "severe") for _ in range(3)]
    assert points(score(facts(three))) == {"抽查抽检不合格批次（24 个月，每批次）": "30.00"}


def test_refused_inspection_counts_once() -> None:
    refusals = [ev("inspection_result", ON, "serious", refused=True) for _ in range(2)]
    got = points(score(facts(refusals)))
    assert got["拒绝、阻碍检查（24 个月）"] == "20.00"
    old = ev("inspection_result", months_before(ON, 24) - dt.timedelta(days=1), refused=True)
    assert points(score(facts([old]))) == {}


def test_complaints_above_industry_peers() -> None:
    stats = BatchStats(complaint_thresholds={(7, 12, 2.0): 2.5})
    three = [ev("complaint", ON - dt.timedelta(days=d)) for d in (1, 2, 3)]
    assert points(score(facts(three), stats=stats)) == {"年投诉量高于同行业均值 2 个标准差": "10.00"}
    low = BatchStats(complaint_thresholds={(7, 12, 2.0): 3.0})
    assert points(score(facts(three), stats=low)) == {}
    # below the minimum count of 3 nothing stands out, whatever the peers
    zero = BatchStats(complaint_thresholds={(7, 12, 2.0): 0.0})
    assert points(score(facts(three[:2]), stats=zero)) == {}
    old = [ev("complaint", months_before(ON, 12) - dt.timedelta(days=1)), *three[:2]]
    assert points(score(facts(old), stats=stats)) == {}


def test_substantiated_tip_offs_each_ten_capped_at_twenty() -> None:
    got = points(score(facts([ev("tip_off", ON, substantiated=True)])))
    assert got == {"举报查实（24 个月，每件）": "10.00"}
    assert points(score(facts([ev("tip_off", ON, substantiated=False)]))) == {}
    three = [ev("tip_off", ON, substantiated=True) for _ in range(3)]
    assert points(score(facts(three))) == {"举报查实（24 个月，每件）": "20.00"}


def test_penalties_heavier_twenty_capped_at_thirty_in_36_months() -> None:
    name = "行政处罚（36 个月，每次；较重处罚 20 分）"
    edge = months_before(ON, 36)
    assert points(score(facts([ev("penalty", edge)]))) == {name: "10.00"}
    assert points(score(facts([ev("penalty", edge - dt.timedelta(days=1))]))) == {}
    assert points(score(facts([ev("penalty", ON, heavier=True)]))) == {name: "20.00"}
    two = [ev("penalty", ON), ev("penalty", ON, heavier=True)]
    assert points(score(facts(two))) == {name: "30.00"}
    assert points(score(facts([*two, ev("penalty", ON, heavier=True)]))) == {name: "30.00"}


def test_serious_list_puts_entity_in_the_highest_class() -> None:
    a = score(facts(lists=[ListFact(9, "serious_violation", "serious_violation")]))
    assert (a.score, a.risk_class, a.override) == (Decimal("0.00"), "D", "on_serious_list")


def test_abnormal_list_means_at_least_c_but_not_lower_than_the_score() -> None:
    entry = ListFact(9, "abnormal_status", "annual_report_not_filed")
    a = score(facts(lists=[entry]))
    assert (a.score, a.risk_class, a.override) == (Decimal("15.00"), "C", "on_abnormal_list")
    heavy = [ev("penalty", ON, heavier=True), ev("penalty", ON, heavier=True)]
    b = score(facts(heavy, lists=[entry], reports=[ReportFact(1, 2025, "missing")]))
    assert (b.score, b.risk_class, b.override) == (Decimal("60.00"), "D", "")


def test_legal_representative_of_a_serious_list_entity_in_the_same_county() -> None:
    stats = BatchStats(serious_representatives={("张三丰", 55): [99]})
    a = score(facts(), stats=stats)
    assert points(a) == {"法定代表人兼任严重违法失信企业的法定代表人": "10.00"}
    assert a.contributions[0]["entities"] == [99]
    assert points(score(facts(representative="李四"), stats=stats)) == {}
    assert points(score(facts(), stats=BatchStats(serious_representatives={("张三丰", 56): [99]}))) == {}
    assert points(score(facts(pk=99), stats=stats)) == {}  # not related to itself


def test_honours_lower_the_score_but_never_below_zero() -> None:
    day = ON - dt.timedelta(days=100)
    a = score(
        facts(
            [
                ev("honour", day, "positive"),
                ev("honour", day, "positive", contract_credit=True),
                ev("certification", day, "positive"),
                ev("certification", day, "positive"),
                ev("penalty", day, heavier=True),
            ]
        )
    )
    assert points(a)["获得质量奖（3 年）"] == "-10.00"
    assert points(a)["守合同重信用（3 年）"] == "-5.00"
    assert points(a)["有效管理体系认证（3 年）"] == "-3.00"
    assert a.score == Decimal("2.00")
    assert score(facts([ev("honour", day, "positive")])).score == Decimal("0.00")
    too_old = months_before(ON, 36) - dt.timedelta(days=1)
    assert points(score(facts([ev("honour", too_old, "positive")]))) == {}


def test_thresholds_of_the_default_classes() -> None:
    heavier = [ev("penalty", ON, heavier=True)]
    assert score(facts(heavier)).risk_class == "B"  # 20
    assert score(facts([*heavier, ev("spot_check_result", ON, "serious")])).risk_class == "B"  # 35
    assert score(facts([*heavier, *heavier, ev("inspection_result", ON, "minor")])).risk_class == "C"  # 40
    many = [
        *heavier,
        *heavier,
        ev("spot_check_result", ON, "serious"),
        ev("spot_check_result", ON, "serious"),
    ]
    assert score(facts(many)).risk_class == "D"  # 30 + 30


FIVE = [
    {"code": "A", "min_score": 0},
    {"code": "B", "min_score": 15},
    {"code": "C", "min_score": 30},
    {"code": "D", "min_score": 45},
    {"code": "E", "min_score": 60},
]


def test_five_class_model_overrides_default_to_highest_and_third() -> None:
    serious = ListFact(9, "serious_violation", "serious_violation")
    abnormal = ListFact(8, "abnormal_operations", "annual_report_not_filed")
    assert score(facts(lists=[serious]), classes=FIVE).risk_class == "E"
    assert score(facts(lists=[abnormal]), classes=FIVE).risk_class == "C"
    assert score(facts([ev("penalty", ON, heavier=True)]), classes=FIVE).risk_class == "B"


def test_five_class_model_states_its_own_overrides() -> None:
    classes = [dict(c) for c in FIVE]
    classes[3]["at_least_if"] = ["on_abnormal_list"]
    classes[4]["at_least_if"] = ["on_serious_list"]
    abnormal = ListFact(8, "abnormal_operations", "annual_report_not_filed")
    a = score(facts(lists=[abnormal]), classes=classes)
    assert (a.risk_class, a.override) == ("D", "on_abnormal_list")


# --- recompute, storage and history ------------------------------------------------------------


def event(e: Entity, kind: str, occurred_on: dt.date, severity: str = "info", **details: Any) -> CreditEvent:
    return CreditEvent.objects.create(
        entity=e, kind=kind, occurred_on=occurred_on, severity=severity, summary=kind, details=details
    )


def current(e: Entity) -> RiskAssessment:
    return RiskAssessment.objects.get(entity=e, is_current=True)


@pytest.mark.django_db
def test_migration_ships_the_default_model_once() -> None:
    model = RiskModel.objects.get(name=DEFAULT_MODEL["name"])
    assert model.is_active
    assert [c["code"] for c in model.classes] == ["A", "B", "C", "D"]
    assert RiskIndicator.objects.filter(model=model).count() == len(DEFAULT_MODEL["indicators"]) == 20
    assert risk.ensure_default_model().pk == model.pk
    assert RiskModel.objects.filter(name=DEFAULT_MODEL["name"]).count() == 1


@pytest.mark.django_db
def test_recompute_stores_contributions_naming_the_events() -> None:
    e = entity("140525", date_established=dt.date(2000, 1, 1))
    failed = event(e, "spot_check_result", months_before(ON, 24), "serious")
    event(e, "spot_check_result", months_before(ON, 24) - dt.timedelta(days=1), "serious")
    event(e, "spot_check_result", ON + dt.timedelta(days=1), "serious")  # after the date scored
    result = risk.recompute(entity_ids=[e.pk], on=ON)
    assert (result["scored"], result["written"], result["by_class"]) == (1, 1, {"A": 1})
    a = current(e)
    assert (a.score, a.risk_class, a.override) == (Decimal("15.00"), "A", "")
    assert a.model == RiskModel.objects.get(name=DEFAULT_MODEL["name"])
    (contribution,) = a.contributions
    assert contribution["events"] == [failed.pk]
    assert contribution["points"] == "15.00"
    assert risk.current_class(e) == "A"
    assert risk.current_classes([e.pk]) == {e.pk: "A"}


@pytest.mark.django_db
def test_history_is_kept_and_unchanged_scores_write_nothing() -> None:
    e = entity("140525", date_established=dt.date(2000, 1, 1))
    risk.recompute(entity_ids=[e.pk], on=ON)
    first = current(e)
    assert risk.recompute(entity_ids=[e.pk], on=ON)["written"] == 0
    event(e, "penalty", ON, "serious", heavier=True)
    event(e, "penalty", ON, "serious", heavier=True)
    assert risk.recompute(entity_ids=[e.pk], on=ON)["written"] == 1
    rows = list(RiskAssessment.objects.filter(entity=e).order_by("pk"))
    assert [(r.risk_class, r.score, r.is_current) for r in rows] == [
        ("A", Decimal("0.00"), False),
        ("B", Decimal("30.00"), True),
    ]
    assert rows[0].pk == first.pk


@pytest.mark.django_db
def test_recompute_all_skips_closed_entities_and_uses_lists_and_reports() -> None:
    zz = Division.objects.get(code="140525")
    listed = entity("140525", date_established=dt.date(2000, 1, 1))
    ListEntry.objects.create(
        entity=listed, kind="serious_violation", ground="serious_violation", listed_on=ON
    )
    late = entity("140525", date_established=dt.date(2000, 1, 1), legal_representative="李四")
    AnnualReport.objects.create(entity=late, year=2025, status="filed_late")
    namesake = entity(
        "140525", date_established=dt.date(2000, 1, 1), legal_representative=listed.legal_representative
    )
    closed = entity("140525", registration_status="cancelled")
    result = risk.recompute(on=ON)
    assert result["scored"] == Entity.objects.filter(registration_status__in=risk.ACTIVE_STATUSES).count()
    assert (current(listed).risk_class, current(listed).override) == ("D", "on_serious_list")
    assert current(late).score == Decimal("5.00")
    assert current(namesake).contributions[0]["entities"] == [listed.pk]
    assert not RiskAssessment.objects.filter(entity=closed).exists()
    assert listed.county == zz


@pytest.mark.django_db
def test_peer_thresholds_from_the_whole_industry() -> None:
    loud = entity("140525", date_established=dt.date(2000, 1, 1))
    quiet = [entity("140581", date_established=dt.date(2000, 1, 1)) for _ in range(9)]
    for _ in range(4):
        event(loud, "complaint", ON - dt.timedelta(days=5))
    event(quiet[0], "complaint", ON - dt.timedelta(days=5))
    industry = Industry.objects.get(code="3391")
    thresholds = risk.peer_thresholds(ON, 12, 2.0)
    # ten entities: mean 0.5, sd 1.2042 → 2.908
    assert round(thresholds[industry.pk], 3) == 2.908
    risk.recompute(on=ON)
    assert [c["name"] for c in current(loud).contributions] == ["年投诉量高于同行业均值 2 个标准差"]
    assert current(quiet[0]).contributions == []


@pytest.mark.django_db
def test_recompute_reports_progress_in_chunks(tmp_path) -> None:
    for _ in range(5):
        entity("140525")
    seen: list[tuple[int, int]] = []

    class Recorder:
        def set(self, done: int, total: int | None = None, *, force: bool = False) -> None:
            seen.append((done, total or 0))

    result = risk.recompute(on=ON, progress=Recorder(), chunk_size=2)  # type: ignore[arg-type]
    total = Entity.objects.filter(registration_status__in=risk.ACTIVE_STATUSES).count()
    assert result["scored"] == total
    assert seen[0] == (0, total)
    assert seen[-1] == (total, total)
    assert len(seen) == 1 + (total + 1) // 2


# --- the job and the task -----------------------------------------------------------------------


@pytest.mark.django_db
def test_staff_recompute_all_through_the_job(login, run_worker, django_capture_on_commit_callbacks) -> None:
    e = entity("140525", date_established=dt.date(2000, 1, 1))
    event(e, "penalty", timezone.localdate(), "serious", heavier=True)
    client = login("staff")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/credit/risk-assessments/recompute/")
    job = Job.objects.get(kind=JobKind.RISK_RECOMPUTE)
    assert response.status_code == 302
    assert response["Location"] == f"/jobs/{job.pk}/"
    run_worker()
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert (
        job.result["scored"]
        == job.total
        == Entity.objects.filter(registration_status__in=risk.ACTIVE_STATUSES).count()
    )
    assert (current(e).risk_class, current(e).score) == ("B", Decimal("20.00"))


@pytest.mark.parametrize("role", ["leader", "inspector", "zezhou", "enterprise", "reporter_gxj"])
@pytest.mark.django_db
def test_only_staff_may_start_a_recompute(login, role) -> None:
    response = login(role).post("/credit/risk-assessments/recompute/")
    assert response.status_code == 403
    assert not Job.objects.exists()


@pytest.mark.django_db
def test_recompute_needs_login_and_post(client, login) -> None:
    response = client.post("/credit/risk-assessments/recompute/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
    assert login("staff").get("/credit/risk-assessments/recompute/").status_code == 405
    assert not Job.objects.exists()


@pytest.mark.django_db
def test_recorded_event_rescores_the_entity_in_the_background(
    cast, run_worker, django_capture_on_commit_callbacks
) -> None:
    e = entity("140525", date_established=dt.date(2000, 1, 1))
    other = entity("140525", date_established=dt.date(2000, 1, 1))
    with django_capture_on_commit_callbacks(execute=True):
        penalty = record_event(
            actor=cast("staff"),
            entity=e,
            kind="penalty",
            occurred_on=timezone.localdate(),
            summary="行政处罚",
            severity="serious",
            details={"heavier": True},
        )
    assert not RiskAssessment.objects.exists()  # queued, not yet run
    run_worker()
    a = current(e)
    assert (a.risk_class, a.score) == ("B", Decimal("20.00"))
    assert a.contributions[0]["events"] == [penalty.pk]
    assert not RiskAssessment.objects.filter(entity=other).exists()


# --- distribution and pages ---------------------------------------------------------------------


def assess(e: Entity, risk_class: str, *, days_ago: int = 0, is_current: bool = True) -> RiskAssessment:
    return RiskAssessment.objects.create(
        entity=e,
        model=risk.active_model(),
        assessed_at=timezone.now() - dt.timedelta(days=days_ago),
        score=Decimal("0"),
        risk_class=risk_class,
        contributions=[],
        is_current=is_current,
    )


@pytest.mark.django_db
def test_distribution_within_scope_with_change_since_last_month(cast) -> None:
    zz = entity("140525")
    assess(zz, "A", days_ago=40, is_current=False)
    assess(zz, "C")
    assess(entity("140525"), "A")
    assess(entity("140581"), "D")
    mine = risk.distribution(cast("zezhou"), "county")
    assert [r["name"] for r in mine["rows"]] == ["泽州县"]
    assert [(t["code"], t["n"], t["delta"]) for t in mine["totals"]] == [
        ("A", 1, 0),
        ("B", 0, 0),
        ("C", 1, 1),
        ("D", 0, 0),
    ]
    everyone = risk.distribution(cast("leader"), "county")
    assert [r["name"] for r in everyone["rows"]] == ["泽州县", "高平市"]
    assert everyone["total"] == 3
    sections = risk.distribution(cast("leader"), "industry_section")
    assert [(r["name"], r["total"]) for r in sections["rows"]] == [("C 制造业", 3)]


@pytest.mark.django_db
def test_distribution_page_for_a_county_officer(login) -> None:
    assess(entity("140525"), "B")
    assess(entity("140581"), "D")
    page = login("zezhou").get("/credit/risk-assessments/distribution/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "泽州县" in html
    assert "高平市" not in html
    assert "credit/risk-assessments/recompute/" not in html  # no re-score button for them
    staff_html = login("staff").get("/credit/risk-assessments/distribution/").content.decode()
    assert "credit/risk-assessments/recompute/" in staff_html


@pytest.mark.parametrize("role", ["enterprise", "reporter_gxj", "sysadmin", "auditor"])
@pytest.mark.django_db
def test_distribution_page_refused_outside_the_bureau(login, role) -> None:
    assert login(role).get("/credit/risk-assessments/distribution/").status_code == 403


@pytest.mark.django_db
def test_entity_page_section_explains_the_class(login) -> None:
    e = entity("140525", date_established=dt.date(2000, 1, 1))
    penalty = event(e, "penalty", timezone.localdate(), "serious", heavier=True)
    risk.recompute(entity_ids=[e.pk])
    html = login("zezhou").get(f"/registry/market-entities/{e.pk}/").content.decode()
    assert "信用风险一般" in html
    assert "行政处罚（36 个月，每次；较重处罚 20 分）" in html
    assert f"/credit/credit-events/{penalty.pk}/" in html
    assert login("gaoping").get(f"/registry/market-entities/{e.pk}/").status_code == 404


@pytest.mark.django_db
def test_enterprise_user_never_sees_the_risk_section(cast, client) -> None:
    e = entity("140525", date_established=dt.date(2000, 1, 1))
    event(e, "penalty", timezone.localdate(), "serious", heavier=True)
    risk.recompute(entity_ids=[e.pk])
    client.force_login(cast("enterprise", uscc=e.uscc))
    page = client.get(f"/registry/market-entities/{e.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "信用风险一般" not in html
    assert "行政处罚（36 个月" not in html
    assert risk.current_class(e) == "B"


@pytest.mark.django_db
def test_risk_model_page_links_to_the_distribution(login) -> None:
    model = risk.active_model()
    html = login("staff").get(f"/credit/risk-models/{model.pk}/").content.decode()
    assert "/credit/risk-assessments/distribution/" in html
    assert "属高风险行业" in html
    assert "credit/risk-assessments/recompute/" in html
    leader_html = login("leader").get(f"/credit/risk-models/{model.pk}/").content.decode()
    assert "credit/risk-assessments/recompute/" not in leader_html
    bare = RiskModel.objects.create(
        name="bare", classes=[{"code": "A", "min_score": 0}, {"code": "D", "min_score": 60}]
    )
    bare_html = login("inspector").get(f"/credit/risk-models/{bare.pk}/").content.decode()
    assert "/credit/risk-assessments/distribution/" in bare_html
    assert (
        "credit/risk-assessments/recompute/"
        not in login("staff").get(f"/credit/risk-models/{bare.pk}/").content.decode()
    )


# --- calibration on demo-like data (domain-rules §11) ---------------------------------------


@pytest.mark.django_db
def test_on_demo_like_data_most_entities_are_a_or_b_and_d_a_few_percent() -> None:
    rng = random.Random(2023)
    counties = list(Division.objects.filter(code__in=["140525", "140581", "140502"]))
    industries = list(Industry.objects.filter(code__in=["3391", "1351", "3011", "5211", "6210", "2730"]))
    Entity.objects.bulk_create(
        Entity(
            uscc=make_uscc(),
            name=f"样例企业{i}",
            entity_type="enterprise",
            legal_representative=f"法人{i}",
            date_established=ON - dt.timedelta(days=rng.randint(30, 365 * 25)),
            county=rng.choice(counties),
            industry=rng.choice(industries),
        )
        for i in range(1000)
    )
    ids = list(Entity.objects.values_list("pk", flat=True))

    def day(months: int) -> dt.date:
        return ON - dt.timedelta(days=rng.randint(0, months * 30))

    events: list[CreditEvent] = []
    lists: list[ListEntry] = []
    reports: list[AnnualReport] = []
    for pk in ids:
        r = rng.random
        if r() < 0.04:
            events.append(
                CreditEvent(entity_id=pk, kind="inspection_result", occurred_on=day(24), severity="minor")
            )
        if r() < 0.03:
            events.append(
                CreditEvent(entity_id=pk, kind="spot_check_result", occurred_on=day(24), severity="serious")
            )
        if r() < 0.03:
            events.append(
                CreditEvent(
                    entity_id=pk, kind="penalty", occurred_on=day(36), details={"heavier": r() < 0.15}
                )
            )
        if r() < 0.01:
            events.append(
                CreditEvent(
                    entity_id=pk, kind="tip_off", occurred_on=day(24), details={"substantiated": True}
                )
            )
        events.extend(
            CreditEvent(entity_id=pk, kind="complaint", occurred_on=day(12))
            for _ in range(rng.choice([0] * 9 + [1, 2, 6]))
        )
        if r() < 0.06:
            events.append(
                CreditEvent(entity_id=pk, kind="certification", occurred_on=day(36), severity="positive")
            )
        report = r()
        status = "missing" if report < 0.03 else "filed_late" if report < 0.1 else "filed"
        reports.append(AnnualReport(entity_id=pk, year=2025, status=status))
        listing = r()
        if listing < 0.015:
            lists.append(
                ListEntry(
                    entity_id=pk, kind="serious_violation", ground="serious_violation", listed_on=day(24)
                )
            )
        elif listing < 0.065:
            ground = "unreachable" if r() < 0.4 else "annual_report_not_filed"
            lists.append(
                ListEntry(entity_id=pk, kind="abnormal_operations", ground=ground, listed_on=day(24))
            )
    CreditEvent.objects.bulk_create(events)
    ListEntry.objects.bulk_create(lists)
    AnnualReport.objects.bulk_create(reports)
    result = risk.recompute(on=ON)
    by_class = result["by_class"]
    n = result["scored"]
    assert n == 1000
    assert (by_class.get("A", 0) + by_class.get("B", 0)) / n >= 0.85
    assert 0.01 <= by_class.get("D", 0) / n <= 0.05
    assert by_class.get("C", 0) / n <= 0.10

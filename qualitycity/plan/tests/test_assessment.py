"""The yearly assessment: the weights must sum to 100, and the scores and ranking match a hand
computation on a small data set (table in `small_plan`)."""

from __future__ import annotations

import datetime as dt
import html
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from qualitycity.core.models import AuditRecord, Department, Division
from qualitycity.core.spreadsheets import read_table
from qualitycity.plan import assessment
from qualitycity.plan.choices import Direction, IndicatorKind, ReportFrequency, ReportStatus
from qualitycity.plan.models import AssessmentScheme, Indicator, IndicatorValue, Measure, Plan, ProgressReport

pytestmark = pytest.mark.django_db
TZ = timezone.get_default_timezone()
TODAY = dt.date(2026, 8, 15)
D = dt.date


def at(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, 16, tzinfo=TZ)


def make_plan() -> dict:
    """A plan of Jincheng, quarterly reports, year 2026, as of 2026-08-15:

    | department | indicators (status)      | measures     | reports due by 08-15 (on time?) | accepted quality | Q2 accepted |
    | 市工信局 gxj | I1 attained, I2 no data | M1 lead, M2 lead | Q1 M1 yes, Q2 M1 yes, Q2 M2 no | 70, 80, 90       | M1, M2      |
    | 市商务局 swj | I3 attained              | M1 co        | Q2 M1 not submitted            | —                | —           |

    gxj: attainment 1/2 = 50, timeliness 2/3 = 66.67, quality 80, progress 2/2 = 100
         total (40/20/20/20) = 20 + 13.334 + 16 + 20 = 69.33, rank 1
    swj: attainment 1/1 = 100, timeliness 0/1 = 0, quality — (0), progress 0/1 = 0
         total = 40, rank 2"""
    gxj, swj = Department.objects.get(code="gxj"), Department.objects.get(code="swj")
    plan = Plan.objects.create(
        title="测试质量强市实施方案",
        division=Division.objects.get(code="140500"),
        start_year=2025,
        target_year=2027,
        report_frequency=ReportFrequency.QUARTERLY,
    )

    def indicator(code: str, dept: Department, value: str | None) -> Indicator:
        ind = Indicator.objects.create(
            plan=plan,
            code=code,
            name=f"测试指标{code}",
            direction=Direction.AT_LEAST,
            target_value=Decimal("90"),
            unit="%",
            target_year=2027,
            responsible_department=dept,
            kind=IndicatorKind.REPORTED,
        )
        if value is not None:
            IndicatorValue.objects.create(
                indicator=ind,
                as_of=D(2026, 6, 30),
                value=Decimal(value),
                kind=IndicatorKind.REPORTED,
                is_accepted=True,
            )
        return ind

    i1, i2, i3 = indicator("i1", gxj, "95"), indicator("i2", gxj, None), indicator("i3", swj, "96.5")

    def measure(n: int, lead: Department) -> Measure:
        return Measure.objects.create(
            plan=plan,
            number=n,
            label=f"({n})",
            chapter="一",
            title=f"措施{n}",
            text="…",
            lead_department=lead,
        )

    m1, m2 = measure(1, gxj), measure(2, gxj)
    m1.co_departments.add(swj)

    def report(dept, m, period, start, end, due, submitted, status, score=None) -> ProgressReport:
        return ProgressReport.objects.create(
            plan=plan,
            department=dept,
            measure=m,
            period=period,
            period_start=start,
            period_end=end,
            due_on=due,
            submitted_at=at(submitted) if submitted else None,
            status=status,
            quality_score=score,
        )

    q1 = ("2026-Q1", D(2026, 1, 1), D(2026, 3, 31), D(2026, 4, 15))
    q2 = ("2026-Q2", D(2026, 4, 1), D(2026, 6, 30), D(2026, 7, 15))
    q3 = ("2026-Q3", D(2026, 7, 1), D(2026, 9, 30), D(2026, 10, 15))
    report(gxj, m1, *q1, D(2026, 4, 14), ReportStatus.ACCEPTED, 70)
    report(gxj, m1, *q2, D(2026, 7, 10), ReportStatus.ACCEPTED, 80)
    report(gxj, m2, *q2, D(2026, 7, 20), ReportStatus.ACCEPTED, 90)
    report(swj, m1, *q2, None, ReportStatus.DRAFT)
    report(gxj, m2, *q3, None, ReportStatus.DRAFT)  # not due yet: not counted
    return {"plan": plan, "gxj": gxj, "swj": swj, "indicators": (i1, i2, i3), "measures": (m1, m2)}


@pytest.fixture
def small_plan(db) -> dict:
    return make_plan()


@pytest.mark.parametrize(
    "weights",
    [
        {"weight_indicators": 40, "weight_timeliness": 20, "weight_quality": 20, "weight_progress": 30},
        {"weight_indicators": 40, "weight_timeliness": 20, "weight_quality": 20, "weight_progress": 10},
        {"weight_indicators": 0, "weight_timeliness": 0, "weight_quality": 0, "weight_progress": 0},
    ],
)
def test_weights_not_summing_to_100_are_refused(weights) -> None:
    with pytest.raises(ValidationError) as exc:
        assessment.validate_weights(weights)
    total = sum(weights.values())
    assert exc.value.code == "weights_sum"
    assert str(total) in exc.value.messages[0]


def test_weights_summing_to_100_pass_and_the_default_scheme_does() -> None:
    assessment.validate_weights(
        {"weight_indicators": 25, "weight_timeliness": 25, "weight_quality": 25, "weight_progress": 25}
    )
    assessment.validate_weights(AssessmentScheme())
    with pytest.raises(ValidationError):
        assessment.validate_weights({"weight_indicators": 50, "weight_timeliness": 50})


def test_scores_and_ranking_match_the_hand_computation(small_plan) -> None:
    scheme = AssessmentScheme(plan=small_plan["plan"], year=2026)
    rows = assessment.scores(scheme, today=TODAY)
    by_code = {r.department.code: r for r in rows}
    gxj, swj = by_code["gxj"], by_code["swj"]
    assert (gxj.indicators, gxj.timeliness, gxj.quality, gxj.progress) == (
        Decimal("50.00"),
        Decimal("66.67"),
        Decimal("80.00"),
        Decimal("100.00"),
    )
    assert gxj.total == Decimal("69.33")
    assert gxj.rank == 1
    assert (swj.indicators, swj.timeliness, swj.quality, swj.progress) == (
        Decimal("100.00"),
        Decimal("0.00"),
        None,
        Decimal("0.00"),
    )
    assert swj.total == Decimal("40.00")
    assert swj.rank == 2
    assert [r.department.code for r in rows] == ["gxj", "swj"]

    # other weights change the order: indicators only → swj first
    scheme.weight_indicators, scheme.weight_timeliness, scheme.weight_quality, scheme.weight_progress = (
        100,
        0,
        0,
        0,
    )
    rows = assessment.scores(scheme, today=TODAY)
    assert [(r.department.code, r.total, r.rank) for r in rows] == [
        ("swj", Decimal("100.00"), 1),
        ("gxj", Decimal("50.00"), 2),
    ]


def test_equal_totals_share_a_rank(small_plan) -> None:
    scheme = AssessmentScheme(
        plan=small_plan["plan"],
        year=2026,
        weight_indicators=0,
        weight_timeliness=0,
        weight_quality=100,
        weight_progress=0,
    )
    ProgressReport.objects.filter(department=small_plan["swj"]).update(
        status=ReportStatus.ACCEPTED, quality_score=80
    )
    rows = assessment.scores(scheme, today=TODAY)
    assert [r.rank for r in rows] == [1, 1]


def test_the_scheme_form_refuses_bad_weights_and_saves_good_ones(login, small_plan) -> None:
    plan = small_plan["plan"]
    client = login("staff")
    url = f"/plan/assessment/?plan={plan.pk}&year=2026"
    bad = {"plan": plan.pk, "year": 2026, "weight_indicators": 50, "weight_timeliness": 30,
           "weight_quality": 20, "weight_progress": 20, "note": ""}  # fmt: skip
    response = client.post(url, bad)
    assert response.status_code == 200
    assert "120" in response.content.decode()
    assert not AssessmentScheme.objects.filter(plan=plan, year=2026).exists()
    response = client.post(url, {**bad, "weight_indicators": 30})
    assert response.status_code == 302
    scheme = AssessmentScheme.objects.get(plan=plan, year=2026)
    assert (scheme.weight_indicators, scheme.weight_progress) == (30, 20)
    # a leader reads it but may not change it
    leader = login("leader")
    assert leader.get(url).status_code == 200
    assert leader.post(url, {**bad, "weight_indicators": 30}).status_code == 403


def test_the_page_shows_formulas_ranking_print_styles_and_exports(login, small_plan) -> None:
    plan = small_plan["plan"]
    client = login("leader")
    page = client.get(f"/plan/assessment/?plan={plan.pk}&year=2026").content.decode()
    assert "@media print" in page
    assert 'id="ranking"' in page
    for text in assessment.FORMULAS.values():
        assert html.escape(str(text)) in page
    response = client.get(f"/plan/assessment/?plan={plan.pk}&year=2026&export=xlsx")
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    table = read_table(io.BytesIO(content), filename="x.xlsx")
    assert len(table.headers) == 7
    assert len(list(table.rows)) == 2
    assert AuditRecord.objects.filter(object_type="plan.assessment").exists()
    summary = client.get(f"/plan/assessment/summary/?plan={plan.pk}&year=2026")
    assert summary.status_code == 200
    assert "summary-report" in summary.content.decode()


def test_enterprise_users_do_not_see_the_assessment(login, small_plan) -> None:
    assert login("enterprise").get("/plan/assessment/").status_code == 403

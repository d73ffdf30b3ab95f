"""Demo data of the plan module: two years of quarterly progress reports of the responsible
departments in every state, accepted indicator values that put the reported indicators in each
status, and a second, illustrative plan (2026–2027) whose targets are still ahead."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from qualitycity.core.demo import DemoContext, register_generator
from qualitycity.core.models import Department, Division, User
from qualitycity.core.services import CalendarNotAvailable, add_workdays, rule_value
from qualitycity.plan.choices import Direction, IndicatorKind, ReportFrequency, ReportStatus
from qualitycity.plan.models import Indicator, IndicatorValue, Measure, Plan, ProgressReport

WORK = [
    "召开专题推进会，细化年度任务分工，明确责任人和时间节点。",
    "会同相关部门开展联合调研，梳理重点企业质量提升需求清单。",
    "组织政策宣讲和培训，覆盖企业负责人和质量管理人员。",
    "完成阶段性督导检查，对发现的问题建立台账、限期整改。",
    "推动重点项目落地，协调解决用地、资金和标准等方面的困难。",
    "总结典型经验做法，报送市质量强市领导组办公室。",
]
COMMENTS = [
    "请补充量化指标完成情况及佐证材料。",
    "工作举措较笼统，请结合本部门职责细化。",
    "请说明进度滞后的原因及下一步措施。",
]


def _quarters(start_year: int, today: dt.date) -> list[tuple[str, dt.date, dt.date]]:
    """The quarters from `start_year` that have ended by `today`."""
    out = []
    for year in range(start_year, today.year + 1):
        for q in range(1, 5):
            first = dt.date(year, 3 * q - 2, 1)
            last = (dt.date(year + (q == 4), (3 * q) % 12 + 1, 1)) - dt.timedelta(days=1)
            if last < today:
                out.append((f"{year}-Q{q}", first, last))
    return out


def _due(period_end: dt.date) -> dt.date:
    days = int(rule_value("plan-report-due", on=period_end)) if _has_rule() else 10
    try:
        return add_workdays(period_end, days)
    except CalendarNotAvailable:
        return period_end + dt.timedelta(days=14)


def _has_rule() -> bool:
    from qualitycity.core.models import Rule

    return Rule.objects.filter(key="plan-report-due").exists()


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=timezone.get_current_timezone())


def _reports(ctx: DemoContext, plan: Plan, today: dt.date) -> dict[str, int]:
    rng = ctx.rng
    staff = User.objects.filter(username="staff").first()
    reporters = {u.department_id: u for u in User.objects.filter(role="reporter")}
    quarters = _quarters(2025, today)
    tally: dict[str, int] = {}
    rows = []
    for measure in (
        Measure.objects.filter(plan=plan).select_related("lead_department").prefetch_related("co_departments")
    ):
        departments = [measure.lead_department, *measure.co_departments.all()]
        for n, (period, first, last) in enumerate(quarters):
            latest = n == len(quarters) - 1
            due = _due(last)
            for department in departments:
                status, submitted, reviewed, score, comment = _fate(rng, latest, due, today)
                report = ProgressReport(
                    plan=plan,
                    department=department,
                    measure=measure,
                    period=period,
                    period_start=first,
                    period_end=last,
                    due_on=due,
                    status=status,
                    work_done="" if status == ReportStatus.DRAFT else f"{period}：" + rng.choice(WORK),
                    figures=""
                    if status == ReportStatus.DRAFT
                    else f"完成年度任务的{rng.randint(40, 100)}%。",
                    submitted_at=_at(submitted) if submitted else None,
                    submitted_by=reporters.get(department.pk) if submitted else None,
                    reviewed_at=_at(reviewed, 15) if reviewed else None,
                    reviewed_by=staff if reviewed else None,
                    review_comment=comment,
                    quality_score=score,
                )
                rows.append(report)
                key = str(status) if not (status == ReportStatus.DRAFT and due < today) else "missing"
                tally[key] = tally.get(key, 0) + 1
    ProgressReport.objects.bulk_create(rows, batch_size=2000)
    return tally


def _fate(
    rng: Any, latest: bool, due: dt.date, today: dt.date
) -> tuple[str, dt.date | None, dt.date | None, int | None, str]:
    """A report's state: older quarters mostly accepted (some late), the latest quarter mixed."""
    roll = rng.random()
    if latest:
        if roll < 0.35:
            return ReportStatus.SUBMITTED, min(due, today), None, None, ""
        if roll < 0.5:
            return ReportStatus.RETURNED, min(due, today), today, None, rng.choice(COMMENTS)
        if roll < 0.7:
            return ReportStatus.DRAFT, None, None, None, ""
    elif roll < 0.04:
        return ReportStatus.DRAFT, None, None, None, ""  # never filed: missing
    late = rng.random() < 0.15
    submitted = (
        due + dt.timedelta(days=rng.randint(1, 12)) if late else due - dt.timedelta(days=rng.randint(0, 8))
    )
    submitted = min(submitted, today)
    reviewed = min(submitted + dt.timedelta(days=rng.randint(1, 7)), today)
    return ReportStatus.ACCEPTED, submitted, reviewed, rng.randint(65, 98), ""


def _meets(direction: str, value: Decimal, target: Decimal) -> bool:
    if direction == Direction.AT_MOST:
        return value <= target
    if direction == Direction.EQUAL:
        return value == target
    return value >= target


def _demo_value(rng: Any, direction: str, target: Decimal, unit: str, attained: bool) -> Decimal:
    """A plausible year-end value: whole numbers for counts, at most 100 for percentages."""
    if unit != "%" and target == target.to_integral_value():
        whole = int(target)
        if direction == Direction.AT_MOST:
            return Decimal(max(whole - rng.randint(0, 2), 0) if attained else whole + rng.randint(1, 3))
        return Decimal(
            whole + rng.randint(0, 2) if attained else max(whole - rng.randint(1, max(whole // 3, 1)), 0)
        )
    if direction == Direction.AT_MOST:
        factor = Decimal("0.95") if attained else Decimal("1.08")
    elif attained:
        factor = Decimal("1.02")
    else:
        factor = Decimal(str(rng.choice(["0.7", "0.85", "0.92"])))
    value = (target * factor).quantize(Decimal("0.01"))
    if unit == "%":
        value = min(value, Decimal("100"))
    if attained != _meets(direction, value, target):
        value = target
    return value


def _values(ctx: DemoContext, plan: Plan) -> dict[str, int]:
    """Accepted year-end values of most reported indicators: about two in three attained."""
    rng = ctx.rng
    tally = {"attained": 0, "not attained": 0, "no data": 0}
    reported = list(Indicator.objects.filter(plan=plan, kind=IndicatorKind.REPORTED).order_by("order", "pk"))
    for n, indicator in enumerate(reported):
        if indicator.target_value is None or n % 7 == 6:
            tally["no data"] += 1
            continue
        attained = rng.random() < 0.65
        value = _demo_value(rng, indicator.direction, indicator.target_value, indicator.unit, attained)
        IndicatorValue.objects.create(
            indicator=indicator,
            as_of=dt.date(indicator.target_year, 12, 31),
            value=value,
            kind=IndicatorKind.REPORTED,
            is_accepted=True,
            note="2025年度统计，责任单位报送，市市场监管局审核",
        )
        tally["attained" if attained else "not attained"] += 1
    return tally


def _second_plan(today: dt.date) -> Plan:
    """A plan whose targets lie ahead, so that 进度正常 and 预警 can be seen."""
    city = Division.objects.get(code="140500")
    plan, _ = Plan.objects.get_or_create(
        title="晋城市质量提升行动年度计划（2026—2027年，示例）",
        division=city,
        defaults={
            "document_number": "示例",
            "issuer": "晋城市质量强市工作领导组办公室",
            "start_year": 2026,
            "target_year": 2027,
            "report_frequency": ReportFrequency.QUARTERLY,
            "guiding_text": "演示用计划：目标年份在后，用于展示“进度正常”和“预警”两种状态。",
        },
    )
    samr = Department.objects.get(code="samr-jc")
    specs = [
        (
            "brand-firms-2027",
            "新培育品牌企业",
            "15",
            "6",
            "家",
        ),  # straight-line share by Sept 2026 ≈ 37 %: 6/15 on track
        ("standards-2027", "主导或参与制定标准", "40", "8", "项"),  # 8/40 behind the path: warning
        ("quality-awards-2027", "市级以上质量奖获奖企业", "6", "3", "家"),
    ]
    for order, (code, name, target, value, unit) in enumerate(specs):
        indicator, _ = Indicator.objects.get_or_create(
            plan=plan,
            code=code,
            defaults={
                "name": name,
                "direction": Direction.AT_LEAST,
                "target_value": Decimal(target),
                "unit": unit,
                "target_year": 2027,
                "baseline_value": Decimal("0"),
                "baseline_year": 2025,
                "responsible_department": samr,
                "kind": IndicatorKind.REPORTED,
                "order": order,
            },
        )
        IndicatorValue.objects.get_or_create(
            indicator=indicator,
            as_of=dt.date(2026, 9, 30),
            defaults={"value": Decimal(value), "kind": IndicatorKind.REPORTED, "is_accepted": True},
        )
    return plan


@register_generator("quality plan", exists=lambda: ProgressReport.objects.exists())
def demo_plan(ctx: DemoContext) -> None:
    plan = Plan.objects.filter(is_default=True).order_by("pk").first()
    if plan is None:
        ctx.out("  no plan loaded; skipped")
        return
    if ProgressReport.objects.filter(plan=plan).exists():
        ctx.out("  progress reports already there; skipped")
        return
    today = timezone.localdate()
    with transaction.atomic():
        reports = _reports(ctx, plan, today)
        values = _values(ctx, plan)
        second = _second_plan(today)
    ctx.out(
        f"  {sum(reports.values())} progress reports {reports}; reported indicator values {values}; "
        f"second plan: {second.title}"
    )

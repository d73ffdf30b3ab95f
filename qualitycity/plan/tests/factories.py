"""Test data of the plan module, built with the ORM (a small plan led by 工信局 and the bureau)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from qualitycity.core.models import Department, Division
from qualitycity.plan.models import Indicator, Measure, Plan, ProgressReport


def plan(**extra: Any) -> Plan:
    fields = {
        "title": "晋城市质量强市建设实施方案(测试)",
        "document_number": "晋市政发〔2023〕18号",
        "division": Division.objects.get(code="140500"),
        "start_year": 2023,
        "target_year": 2025,
        "report_frequency": "quarterly",
        "is_default": True,
        **extra,
    }
    return Plan.objects.create(**fields)


def measure(
    p: Plan, number: int = 3, lead: str = "gxj", co: tuple[str, ...] = ("samr-jc",), **extra: Any
) -> Measure:
    m = Measure.objects.create(
        plan=p,
        number=number,
        label=extra.pop("label", f"({number})"),
        chapter="推动经济质量效益型发展",
        title=extra.pop("title", f"措施{number}"),
        text="……",
        lead_department=Department.objects.get(code=lead),
        **extra,
    )
    m.co_departments.set(Department.objects.filter(code__in=co))
    return m


def indicator(p: Plan, code: str = "ind", **extra: Any) -> Indicator:
    fields: dict[str, Any] = {
        "plan": p,
        "code": code,
        "name": extra.pop("name", f"指标{code}"),
        "direction": "gte",
        "target_value": Decimal("100"),
        "unit": "家",
        "target_year": 2025,
        "responsible_department": Department.objects.get(code=extra.pop("department", "gxj")),
        "kind": "reported",
        **extra,
    }
    return Indicator.objects.create(**fields)


def report(m: Measure, department: str = "gxj", period: str = "2024-Q1") -> ProgressReport:
    from qualitycity.plan.reports import due_on, parse_period

    p = parse_period(period)
    return ProgressReport.objects.create(
        plan=m.plan,
        measure=m,
        department=Department.objects.get(code=department),
        period=p.code,
        period_start=p.start,
        period_end=p.end,
        due_on=due_on(p.end),
    )


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)

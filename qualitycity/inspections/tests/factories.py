"""Test data for inspections: check items, inspectors, plans and tasks ready to approve."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from qualitycity.core.models import Department
from qualitycity.inspections.models import CheckItem, InspectionPlan, InspectionTask, Inspector

_serial = itertools.count(1)
RATIOS = {"A": "3", "B": "5", "C": "10", "D": "30", "-": "5"}


def department(code: str = "samr-jc") -> Department:
    return Department.objects.get(code=code)


def check_item(dept: Department, **fields: Any) -> CheckItem:
    n = next(_serial)
    defaults: dict[str, Any] = {
        "department": dept,
        "number": f"{dept.code}-{n:03d}",
        "name": f"检查事项{n}",
        "legal_basis": "《中华人民共和国产品质量法》第十五条",
        "inspecting_body": dept.name,
        "target_type": "生产企业",
        "check_method": "现场检查",
        "weight": "key",
    }
    defaults.update(fields)
    return CheckItem.objects.create(**defaults)


def inspectors(dept: Department, n: int, **fields: Any) -> list[Inspector]:
    made = []
    for _ in range(n):
        k = next(_serial)
        defaults: dict[str, Any] = {
            "code": f"T{k:05d}",
            "name": f"检查员{k}",
            "department": dept,
            "certificate_number": f"14050{k:07d}",
            "certificate_expiry": dt.date(2030, 12, 31),
            "status": "active",
        }
        defaults.update(fields)
        made.append(Inspector.objects.create(**defaults))
    return made


def task(
    *,
    lead: Department | None = None,
    participating: list[Department] | None = None,
    pool_filter: dict[str, Any] | None = None,
    ratios: dict[str, str] | None = None,
    per_target: int = 2,
    start: dt.date = dt.date(2026, 9, 1),
    end: dt.date = dt.date(2026, 10, 30),
    **fields: Any,
) -> InspectionTask:
    lead = lead or department()
    plan, _ = InspectionPlan.objects.get_or_create(
        department=lead, year=start.year, name=f"{start.year}年度双随机抽查计划", defaults={"ratios": RATIOS}
    )
    obj = InspectionTask.objects.create(
        number=f"SJ-TEST-{next(_serial):05d}",
        name=fields.pop("name", "产品质量双随机抽查"),
        plan=plan,
        lead_department=lead,
        pool_filter=pool_filter if pool_filter is not None else {"county_id": ""},
        ratios=ratios if ratios is not None else dict(RATIOS),
        inspectors_per_target=per_target,
        start_date=start,
        end_date=end,
        **fields,
    )
    departments = [lead, *(participating or [])]
    obj.participating_departments.set(participating or [])
    obj.check_items.set([check_item(d) for d in departments])
    return obj

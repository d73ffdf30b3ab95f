"""Factories for spot-check tests: labs with their CMA scope, test items with limits, plans and
samples taken through the service (so every test sample is a valid sampling record)."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

from django.utils import timezone

from qualitycity.core.models import Department, Division
from qualitycity.core.uscc import generate
from qualitycity.nqi.models import Standard
from qualitycity.registry.models import Entity, ProductCategory
from qualitycity.registry.tests.factories import entity
from qualitycity.spotchecks import services
from qualitycity.spotchecks.models import Sample, SpotCheckPlan, TestingInstitution, TestItem

_serial = itertools.count(1)
_lab_serial = itertools.count(700_000)

#: 小麦粉 (food-01-01) items: lead ≤0.2 mg/kg (GB 2762), benzoic acid not detected (GB 2760).
FLOUR = "food-01-01"
CASTINGS = "prod-castings"


def category(code: str) -> ProductCategory:
    return ProductCategory.objects.get(code=code)


def standard(number: str = "GB 2762-2022") -> Standard:
    return Standard.objects.get(number=number)


def item(code: str = FLOUR, name: str = "铅(以Pb计)", **fields: Any) -> TestItem:
    defaults: dict[str, Any] = {
        "limit_kind": "max",
        "limit_max": Decimal("0.2"),
        "unit": "mg/kg",
        "method": "GB 5009.12-2023",
        "limit_standard": standard(),
    }
    defaults.update(fields)
    obj, _created = TestItem.objects.get_or_create(category=category(code), name=name, defaults=defaults)
    return obj


def flour_items() -> list[TestItem]:
    return [
        item(),
        item(
            name="苯甲酸及其钠盐(以苯甲酸计)",
            limit_kind="not_detected",
            limit_max=None,
            unit="g/kg",
            limit_standard=standard("GB 2760-2024"),
        ),
        item(
            name="玉米赤霉烯酮",
            limit_max=Decimal("60"),
            unit="μg/kg",
            limit_standard=standard("GB 2761-2017"),
        ),
    ]


def lab(
    codes: tuple[str, ...] = (FLOUR,), items: list[TestItem] | None = None, **fields: Any
) -> TestingInstitution:
    """A lab qualified for `codes` and the given items (default: every item of those categories)."""
    n = next(_lab_serial)
    defaults: dict[str, Any] = {
        "name": f"晋城市检验检测中心{n}",
        "uscc": generate("1", "2", "140500", n),
        "cma_number": f"CMA{n}",
        "cma_valid_until": dt.date(2030, 12, 31),
    }
    defaults.update(fields)
    obj = TestingInstitution.objects.create(**defaults)
    cats = [category(c) for c in codes]
    obj.categories.set(cats)
    if items is None:
        items = list(TestItem.objects.filter(category__in=cats))
    obj.test_items.set(items)
    return obj


def plan(
    programme: str = "food",
    codes: tuple[str, ...] = (FLOUR,),
    labs: list[TestingInstitution] | None = None,
    **fields: Any,
) -> SpotCheckPlan:
    year = timezone.localdate().year
    defaults: dict[str, Any] = {
        "number": f"JC-{programme}-{next(_serial):04d}",
        "name": "测试抽检计划",
        "programme": programme,
        "purpose": "supervision",
        "level": "city",
        "year": year,
        "organiser": Department.objects.get(code="samr-jc"),
        "batches_planned": 100,
        "start_date": dt.date(year, 1, 1),
        "end_date": dt.date(year, 12, 31),
    }
    defaults.update(fields)
    obj = SpotCheckPlan.objects.create(**defaults)
    obj.categories.set([category(c) for c in codes])
    obj.counties.set(Division.objects.filter(parent__code="140500"))
    obj.institutions.set(labs or [])
    return obj


def record(
    spot_plan: SpotCheckPlan,
    *,
    seller: Entity | None = None,
    producer: Entity | None = None,
    code: str | None = None,
    institution: TestingInstitution | None = None,
    sampled_at: dt.datetime | None = None,
    **fields: Any,
) -> services.SampleRecord:
    seller = seller or entity("140525", name=f"泽州县测试超市{next(_serial)}")
    code = code or spot_plan.categories.first().code
    values: dict[str, Any] = {
        "number": f"SC{next(_serial):08d}",
        "plan": spot_plan,
        "category": category(code),
        "county": seller.county,
        "link_type": "distribution",
        "place": "泽州县金村镇测试超市",
        "sampled_unit": services.Party(uscc=seller.uscc),
        "producer": services.Party(uscc=producer.uscc) if producer else None,
        "product_name": "小麦粉",
        "brand": "太行",
        "specification": "5kg/袋",
        "batch_number": "20260301",
        "production_date": dt.date(2026, 3, 1),
        "quantity": Decimal("4"),
        "backup_quantity": Decimal("2"),
        "quantity_unit": "袋",
        "unit_price": Decimal("25.00"),
        "amount_paid": Decimal("150.00"),
        "samplers": ["李抽样", "王抽样"],
        "sampled_at": sampled_at or timezone.now() - dt.timedelta(days=30),
        "institution": institution or spot_plan.institutions.first(),
    }
    values.update(fields)
    return services.SampleRecord(**values)


def sample(spot_plan: SpotCheckPlan, actor: Any, *, delivered: bool = True, **fields: Any) -> Sample:
    obj = services.record_sample(record(spot_plan, **fields), actor=actor)
    if delivered:
        obj = services.receive_sample(obj, actor=actor, received_on=obj.sampled_on + dt.timedelta(days=1))
    return obj


def rows(values: dict[str, str], sample_obj: Sample | None = None) -> list[services.ResultRow]:
    """{"铅(以Pb计)": "0.05", …} as report rows of the flour items."""
    by_name = {i.name: i for i in TestItem.objects.all()}
    return [services.ResultRow(item=by_name[name], value_text=value) for name, value in values.items()]


def report(
    sample_obj: Sample, actor: Any, values: dict[str, str], *, number: str | None = None, **kw: Any
) -> Any:
    return services.enter_report(
        sample_obj,
        actor=actor,
        institution=kw.pop("institution", sample_obj.institution),
        number=number or f"R{next(_serial):08d}",
        issued_on=kw.pop("issued_on", timezone.localdate()),
        rows=rows(values),
        **kw,
    )


PASSING = {"铅(以Pb计)": "0.05", "苯甲酸及其钠盐(以苯甲酸计)": "未检出", "玉米赤霉烯酮": "12"}
FAILING = {"铅(以Pb计)": "0.35", "苯甲酸及其钠盐(以苯甲酸计)": "未检出", "玉米赤霉烯酮": "12"}

"""Batch pass rates (批次合格率 = 合格批次 ÷ 总批次) and the plan's three indicators.

A batch is a sample with a conclusion: the conclusion in force, which a re-test's replaces;
samples still at the lab are not counted, and a result under objection counts as it stands
until the re-test concludes (the statistics page shows how many are under objection). The
period is the sampling date. The plan's indicators:

- 制造业产品质量合格率: product-quality supervision spot checks of industrial products;
- 食品安全抽检合格率: food-safety supervision sampling, all food categories (食用农产品 included);
- 农产品质量安全监测合格率: food sampling of edible farm produce (chapters 33–39), supervision
  and risk monitoring.

Every figure here is one aggregate over samples (the index `spotchecks_sample_rate_idx` covers
the filters and the groupings), so it is always current; every figure links to its samples.
The statistics page and the API read the same figures from monthly pre-aggregates while they
are current (`spotchecks.tallies`)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from qualitycity.registry.choices import CategoryGroup
from qualitycity.registry.models import ProductCategory
from qualitycity.spotchecks.choices import Conclusion, Programme, Purpose
from qualitycity.spotchecks.models import Sample

__all__ = [
    "INDICATORS",
    "Rate",
    "RateFilter",
    "breakdown",
    "drill_url",
    "indicator_rate",
    "rate_of",
]


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str | Promise
    definition: str | Promise
    filters: dict[str, str]


INDICATORS: dict[str, Indicator] = {
    "manufacturing": Indicator(
        "manufacturing",
        _("Manufactured products: quality pass rate"),
        _(
            "Qualified batches ÷ batches with a conclusion (a re-test's replacing the first), in product-quality supervision spot checks of industrial products (all levels), by sampling date."
        ),
        {
            "programme": Programme.PRODUCT,
            "purpose": Purpose.SUPERVISION,
            "category_group": CategoryGroup.INDUSTRIAL,
        },
    ),
    "food": Indicator(
        "food",
        _("Food safety sampling pass rate"),
        _(
            "Qualified batches ÷ batches with a conclusion (a re-test's replacing the first), in food-safety supervision sampling of all food categories (edible farm produce included; risk monitoring excluded), by sampling date."
        ),
        {"programme": Programme.FOOD, "purpose": Purpose.SUPERVISION},
    ),
    "farm": Indicator(
        "farm",
        _("Farm produce quality and safety monitoring pass rate"),
        _(
            "Qualified batches ÷ batches with a conclusion (a re-test's replacing the first), in food sampling of edible farm produce (chapters 33–39: meat, vegetables, aquatic products, fruit, eggs, beans, nuts), supervision sampling and risk monitoring, by sampling date."
        ),
        {"programme": Programme.FOOD, "category_group": CategoryGroup.FARM_PRODUCE},
    ),
}


@dataclass(frozen=True)
class Rate:
    total: int
    qualified: int

    @property
    def unqualified(self) -> int:
        return self.total - self.qualified

    @property
    def percent(self) -> Decimal | None:
        if not self.total:
            return None
        return (Decimal(100) * self.qualified / self.total).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass
class RateFilter:
    """What a pass-rate figure counts; the same names as the sample list's filters."""

    programme: str = ""
    purpose: str = ""
    level: str = ""
    category_group: str = ""
    county: int | None = None
    category: int | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    indicator: str = ""

    def params(self) -> dict[str, str]:
        """As the sample list's query parameters (the drill-down)."""
        out: dict[str, str] = {}
        for name in ("programme", "purpose", "level", "category_group"):
            value = getattr(self, name) or (
                INDICATORS[self.indicator].filters.get(name, "") if self.indicator else ""
            )
            if value:
                out[name] = str(value)
        if self.county:
            out["county_id"] = str(self.county)
        if self.category:
            out["category_id"] = str(self.category)
        if self.start:
            out["sampled_from"] = self.start.isoformat()
        if self.end:
            out["sampled_to"] = self.end.isoformat()
        return out


def descendant_ids(category_id: int) -> list[int]:
    """The category and every category below it."""
    children: dict[int | None, list[int]] = defaultdict(list)
    for pk, parent in ProductCategory.objects.values_list("pk", "parent_id"):
        children[parent].append(pk)
    found, todo = [], [category_id]
    while todo:
        pk = todo.pop()
        found.append(pk)
        todo.extend(children.get(pk, []))
    return found


def dimension_filters(f: RateFilter) -> dict[str, Any]:
    """The filter's conditions other than category and period, in field names that samples
    and the tallies share."""
    conditions: dict[str, Any] = {}
    if f.indicator:
        conditions.update(INDICATORS[f.indicator].filters)
    for name in ("programme", "purpose", "level", "category_group"):
        if getattr(f, name):
            conditions[name] = getattr(f, name)
    if f.county:
        conditions["county_id"] = f.county
    return conditions


def filtered(qs: QuerySet, f: RateFilter) -> QuerySet:
    """Samples with a conclusion matching the filter."""
    conditions = dimension_filters(f)
    if f.category:
        conditions["category_id__in"] = descendant_ids(f.category)
    if f.start:
        conditions["sampled_on__gte"] = f.start
    if f.end:
        conditions["sampled_on__lte"] = f.end
    return qs.filter(**conditions).exclude(conclusion=Conclusion.PENDING)


QUALIFIED = Count("pk", filter=Q(conclusion=Conclusion.QUALIFIED))


def rate_of(qs: QuerySet, f: RateFilter) -> Rate:
    row = filtered(qs, f).aggregate(total=Count("pk"), qualified=QUALIFIED)
    return Rate(row["total"] or 0, row["qualified"] or 0)


def indicator_rate(key: str, start: dt.date, end: dt.date, qs: QuerySet | None = None) -> Rate:
    return rate_of(
        qs if qs is not None else Sample.objects.all(), RateFilter(indicator=key, start=start, end=end)
    )


BREAKDOWNS = ("county", "category", "month", "level", "programme", "link_type")


def breakdown(qs: QuerySet, f: RateFilter, by: str) -> list[tuple[Any, Rate]]:
    """(key, rate) per county, top-level category (大类), month, level, programme or link."""
    base = filtered(qs, f)
    if by == "month":
        # Grouped by day and folded into months here: the database's own month functions are
        # user functions on SQLite, called once per row.
        days = base.values("sampled_on").annotate(total=Count("pk"), qualified=QUALIFIED).order_by()
        months: dict[dt.date, list[int]] = defaultdict(lambda: [0, 0])
        for r in days:
            month = months[r["sampled_on"].replace(day=1)]
            month[0] += r["total"]
            month[1] += r["qualified"]
        return [(m, Rate(t, q)) for m, (t, q) in sorted(months.items())]
    field = {"county": "county_id", "category": "category_id"}.get(by, by)
    rows = base.values(field).annotate(total=Count("pk"), qualified=QUALIFIED).order_by(field)
    if by != "category":
        return [(r[field], Rate(r["total"], r["qualified"])) for r in rows]
    top = _top_categories()
    merged: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for r in rows:
        key = top.get(r[field], r[field])
        merged[key][0] += r["total"]
        merged[key][1] += r["qualified"]
    return sorted(((k, Rate(t, q)) for k, (t, q) in merged.items()), key=lambda kv: -kv[1].total)


def _top_categories() -> dict[int, int]:
    """Category → its 大类: the ancestor just below a root (食品, 工业产品)."""
    parents = dict(ProductCategory.objects.values_list("pk", "parent_id"))
    top: dict[int, int] = {}
    for pk in parents:
        node = pk
        seen = set()
        while parents.get(node) is not None and parents.get(parents[node]) is not None and node not in seen:
            seen.add(node)
            node = parents[node]
        top[pk] = node
    return top


def drill_url(f: RateFilter, **extra: str) -> str:
    params = {**f.params(), **{k: v for k, v in extra.items() if v}}
    return f"{reverse('spotchecks:sample_list')}?{urlencode(params)}"

"""Public pages of spot checks and sampling (监督抽查和食品安全抽检信息公开): the published
supervision results by period and product category (大类), with the failed items of each batch,
and the list of unqualified products (不合格产品信息).

No login; cached and rate-limited like the rest of the portal (`public_page`). The pages read
only `Sample.objects.published()` (supervision results once published; risk monitoring never)
and only the columns below: never the samplers, prices, notes, the sampled quantity or the risk
class. Names of individual businesses that are a person's name are masked. A failed result
with an objection being handled is shown as "objection pending", not as a final failure.

The period is the sampling date, as for the pass rates (`spotchecks.rates`)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qualitycity.core.masking import mask_name, mask_text
from qualitycity.portal.views import public_page, render_public
from qualitycity.registry.choices import EntityType
from qualitycity.registry.models import Entity, ProductCategory
from qualitycity.spotchecks.choices import Conclusion, Verdict
from qualitycity.spotchecks.models import Sample, TestReport, TestResult
from qualitycity.spotchecks.publication import under_objection
from qualitycity.spotchecks.rates import Rate

PAGE_SIZE = 30

#: The only columns of a sample a public page loads.
PUBLIC_COLUMNS = (
    "pk",
    "number",
    "programme",
    "category_id",
    "category__name",
    "product_name",
    "brand",
    "specification",
    "batch_number",
    "production_date",
    "sampled_on",
    "conclusion",
    "published_at",
    "labelled_producer",
    "producer_id",
    "producer__name",
    "producer__entity_type",
    "producer__legal_representative",
    "sampled_unit_id",
    "sampled_unit__name",
    "sampled_unit__entity_type",
    "sampled_unit__legal_representative",
    "institution_id",
    "institution__name",
)

RESULT_CHOICES = [
    ("qualified", gettext_lazy("Qualified")),
    ("unqualified", gettext_lazy("Unqualified")),
]

# --- the period -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """A year, a quarter or a month of sampling dates; no year: every date."""

    year: int | None = None
    quarter: int | None = None
    month: int | None = None

    @classmethod
    def parse(cls, year: str, part: str) -> Period:
        """`year` "2026"; `part` "" (the whole year), "q1"–"q4" or "m1"–"m12"."""
        if not (year.isdigit() and len(year) == 4):
            return cls()
        match = re.fullmatch(r"([qm])(\d{1,2})", part)
        if match:
            kind, number = match.group(1), int(match.group(2))
            if kind == "q" and 1 <= number <= 4:
                return cls(int(year), quarter=number)
            if kind == "m" and 1 <= number <= 12:
                return cls(int(year), month=number)
        return cls(int(year))

    @property
    def part(self) -> str:
        if self.quarter:
            return f"q{self.quarter}"
        if self.month:
            return f"m{self.month}"
        return ""

    def bounds(self) -> tuple[dt.date | None, dt.date | None]:
        if self.year is None:
            return None, None
        if self.quarter:
            first = 3 * self.quarter - 2
            return dt.date(self.year, first, 1), _month_end(self.year, first + 2)
        if self.month:
            return dt.date(self.year, self.month, 1), _month_end(self.year, self.month)
        return dt.date(self.year, 1, 1), dt.date(self.year, 12, 31)

    def label(self) -> str:
        if self.year is None:
            return _("All periods")
        if self.quarter:
            return _("{year}, quarter {quarter}").format(year=self.year, quarter=self.quarter)
        if self.month:
            return _("{year}, month {month}").format(year=self.year, month=self.month)
        return _("Year {year}").format(year=self.year)


def _month_end(year: int, month: int) -> dt.date:
    following = dt.date(year + 1, 1, 1) if month == 12 else dt.date(year, month + 1, 1)
    return following - dt.timedelta(days=1)


def _part_choices() -> list[tuple[str, str]]:
    quarters = [(f"q{q}", _("Quarter {quarter}").format(quarter=q)) for q in range(1, 5)]
    months = [(f"m{m}", _("Month {month}").format(month=m)) for m in range(1, 13)]
    return [*quarters, *months]


# --- product categories (大类) --------------------------------------------------------------


class Categories:
    """The category tree in memory (a few hundred rows): each category's 大类, the category
    just below a root (食品, 工业产品), and a 大类's descendants."""

    def __init__(self) -> None:
        rows = ProductCategory.objects.values_list("pk", "parent_id", "code", "name", "sequence")
        self.parent: dict[int, int | None] = {}
        self.info: dict[int, tuple[str, str, int | None]] = {}
        for pk, parent, code, name, sequence in rows:
            self.parent[pk] = parent
            self.info[pk] = (code, name, sequence)

    def top(self, pk: int) -> int:
        node, seen = pk, set()
        while node not in seen:
            seen.add(node)
            parent = self.parent.get(node)
            if parent is None or self.parent.get(parent) is None:
                return node
            node = parent
        return pk

    def root(self, pk: int) -> int:
        node, seen = pk, set()
        while (parent := self.parent.get(node)) is not None and node not in seen:
            seen.add(node)
            node = parent
        return node

    def by_code(self, code: str) -> int | None:
        return next((pk for pk, info in self.info.items() if info[0] == code), None)

    def descendants(self, pk: int) -> list[int]:
        children: dict[int | None, list[int]] = {}
        for child, parent in self.parent.items():
            children.setdefault(parent, []).append(child)
        found, todo = [], [pk]
        while todo:
            node = todo.pop()
            found.append(node)
            todo.extend(children.get(node, []))
        return found

    def groups(self, category_ids: set[int]) -> list[tuple[str, list[tuple[str, str]]]]:
        """The 大类 of these categories as (root name, [(code, name)]), for the select."""
        tops = {self.top(pk) for pk in category_ids}
        grouped: dict[int, list[int]] = {}
        for pk in tops:
            grouped.setdefault(self.root(pk), []).append(pk)

        def order(pk: int) -> tuple[int, str]:
            code, _name, sequence = self.info[pk]
            return (sequence if sequence is not None else 9999, code)

        return [
            (self.info[root][1], [(self.info[pk][0], self.info[pk][1]) for pk in sorted(pks, key=order)])
            for root, pks in sorted(grouped.items(), key=lambda kv: self.info[kv[0]][0])
        ]


# --- what the public may see ----------------------------------------------------------------

#: Words of a business name (字号, 行业, 组织形式): a name with none of them may be a person's.
BUSINESS_WORDS = (
    "公司",
    "集团",
    "企业",
    "厂",
    "店",
    "部",
    "行",
    "社",
    "坊",
    "馆",
    "铺",
    "场",
    "园",
    "站",
    "所",
    "院",
    "堂",
    "庄",
    "中心",
    "超市",
    "商",
    "门市",
    "市场",
    "经营",
    "作坊",
    "合作",
    "批发",
    "餐",
    "食品",
)
_PERSONAL = re.compile(r"[\u4e00-\u9fff·]{2,5}")


def looks_personal(name: str) -> bool:
    """A short name in Chinese characters without any word of a business name."""
    return bool(_PERSONAL.fullmatch(name)) and not any(word in name for word in BUSINESS_WORDS)


def public_name(name: str, entity: Entity | None) -> str:
    """A party's name as a public page shows it. An individual business (个体工商户) without a
    trade name is registered under its operator's name: that name is personal data and masked
    (`core.masking.mask_name`), wherever it appears in the name. Phone and ID numbers in a
    labelled name are masked too."""
    text = (name or "").strip()
    operator = (getattr(entity, "legal_representative", "") or "").strip()
    if entity is not None and entity.entity_type == EntityType.INDIVIDUAL_BUSINESS:
        if operator and operator in text:
            text = text.replace(operator, mask_name(operator))
        elif looks_personal(text):
            text = mask_name(text)
    elif entity is None and looks_personal(text):
        text = mask_name(text)
    return mask_text(text)


def published_samples() -> QuerySet[Sample]:
    """Published supervision results, with the public columns only."""
    return (
        Sample.objects.published()
        .select_related("category", "producer", "sampled_unit", "institution")
        .only(*PUBLIC_COLUMNS)
    )


def failed_items(sample_ids: list[int]) -> dict[int, list[dict[str, str]]]:
    """Sample id → the failed items of its latest report (a re-test replaces the first test):
    item, value as reported (with its unit when it is a number) and the limit."""
    latest: dict[int, int] = {}
    reports = TestReport.objects.filter(sample_id__in=sample_ids).order_by("sample_id", "issued_on", "pk")
    for sample_id, report_id in reports.values_list("sample_id", "pk"):
        latest[sample_id] = report_id
    sample_of = {report: sample for sample, report in latest.items()}
    rows = (
        TestResult.objects.filter(report_id__in=list(sample_of), verdict=Verdict.FAIL)
        .select_related("test_item")
        .only(
            "pk",
            "report_id",
            "value_text",
            "unit",
            "test_item__name",
            "test_item__limit_kind",
            "test_item__limit_min",
            "test_item__limit_max",
            "test_item__unit",
            "test_item__requirement",
        )
        .order_by("report_id", "pk")
    )
    found: dict[int, list[dict[str, str]]] = {}
    for result in rows:
        numeric = any(c.isdigit() for c in result.value_text)
        found.setdefault(sample_of[result.report_id], []).append(
            {
                "name": result.test_item.name,
                "value": result.value_text,
                "unit": result.unit if numeric else "",
                "limit": result.test_item.limit_text(),
            }
        )
    return found


def public_rows(samples: list[Sample]) -> list[dict[str, Any]]:
    """What a page shows of each sample."""
    ids = [s.pk for s in samples]
    pending = under_objection(ids)
    items = failed_items([s.pk for s in samples if s.conclusion == Conclusion.UNQUALIFIED])
    rows = []
    for s in samples:
        producer = s.producer if s.producer_id else None
        if s.pk in pending:
            state, state_label = "pending", _("Objection pending")
        elif s.conclusion == Conclusion.UNQUALIFIED:
            state, state_label = "unqualified", _("Unqualified")
        else:
            state, state_label = "qualified", _("Qualified")
        rows.append(
            {
                "sample": s,
                "producer": public_name(s.labelled_producer or (producer.name if producer else ""), producer),
                "seller": public_name(s.sampled_unit.name, s.sampled_unit),
                "state": state,
                "state_label": state_label,
                "failed_items": items.get(s.pk, []),
            }
        )
    return rows


@dataclass(frozen=True)
class Summary:
    rate: Rate
    pending: int

    @property
    def percent(self) -> Any:
        return self.rate.percent


def summary(samples: QuerySet[Sample]) -> Summary:
    """Batches, qualified, unqualified, pass rate (qualified ÷ batches) and objections pending."""
    row = samples.exclude(conclusion=Conclusion.PENDING).aggregate(
        total=Count("pk"), qualified=Count("pk", filter=Q(conclusion=Conclusion.QUALIFIED))
    )
    ids = list(samples.filter(conclusion=Conclusion.UNQUALIFIED).values_list("pk", flat=True))
    return Summary(Rate(row["total"] or 0, row["qualified"] or 0), len(under_objection(ids)))


# --- pages ----------------------------------------------------------------------------------


def _filters(request: HttpRequest) -> dict[str, str]:
    return {name: request.GET.get(name, "").strip()[:20] for name in ("year", "period", "category", "result")}


def _in_period_and_category(
    request: HttpRequest, categories: Categories
) -> tuple[QuerySet[Sample], dict[str, str], Period]:
    filters = _filters(request)
    period = Period.parse(filters["year"], filters["period"])
    filters["year"] = str(period.year) if period.year else ""
    filters["period"] = period.part
    samples = published_samples()
    start, end = period.bounds()
    if start and end:
        samples = samples.filter(sampled_on__gte=start, sampled_on__lte=end)
    top = categories.by_code(filters["category"]) if filters["category"] else None
    if top is not None:
        samples = samples.filter(category_id__in=categories.descendants(top))
    else:
        filters["category"] = ""
    return samples, filters, period


def _context(
    request: HttpRequest,
    samples: QuerySet[Sample],
    filters: dict[str, str],
    period: Period,
    categories: Categories,
) -> dict[str, Any]:
    page = Paginator(samples.order_by("-sampled_on", "-number"), PAGE_SIZE).get_page(request.GET.get("page"))
    published = Sample.objects.published()
    return {
        "page": page,
        "rows": public_rows(list(page.object_list)),
        "filters": filters,
        "period": period,
        "period_label": period.label(),
        "query": urlencode({k: v for k, v in filters.items() if v}),
        "years": sorted({d.year for d in published.dates("sampled_on", "year")}, reverse=True),
        "parts": _part_choices(),
        "category_groups": categories.groups(set(published.values_list("category_id", flat=True).distinct())),
        "result_choices": RESULT_CHOICES,
    }


@public_page
def result_list(request: HttpRequest) -> HttpResponse:
    """Published supervision results of a period and a 大类, qualified or unqualified, with the
    period's summary (batches, qualified, pass rate)."""
    categories = Categories()
    samples, filters, period = _in_period_and_category(request, categories)
    totals = summary(samples)
    if filters["result"] == Conclusion.QUALIFIED:
        samples = samples.filter(conclusion=Conclusion.QUALIFIED)
    elif filters["result"] == Conclusion.UNQUALIFIED:
        samples = samples.filter(conclusion=Conclusion.UNQUALIFIED)
    else:
        filters["result"] = ""
        samples = samples.exclude(conclusion=Conclusion.PENDING)
    context = _context(request, samples, filters, period, categories)
    context.update({"title": _("Spot-check results"), "summary": totals, "show_result_filter": True})
    return render_public(request, "portal/spotchecks_results.html", context)


@public_page
def unqualified_list(request: HttpRequest) -> HttpResponse:
    """Unqualified products (不合格产品信息) of a period and a 大类: the product and its lot,
    producer and seller, the failed items with their values and limits, the lab."""
    categories = Categories()
    samples, filters, period = _in_period_and_category(request, categories)
    filters["result"] = ""
    samples = samples.filter(conclusion=Conclusion.UNQUALIFIED)
    context = _context(request, samples, filters, period, categories)
    context.update({"title": _("Unqualified products"), "show_result_filter": False})
    return render_public(request, "portal/spotchecks_unqualified.html", context)


urlpatterns = [
    path("spotchecks/results/", result_list, name="spotcheck_results"),
    path("spotchecks/unqualified/", unqualified_list, name="spotcheck_unqualified"),
]

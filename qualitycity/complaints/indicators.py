"""消费投诉按时办结率 and the other complaint statistics.

Definition (stated on the indicator page): among the cases whose statutory handling limit (the
latest due date of their accept, mediation or tip-off decision clocks, counted in working days
by the rule version in force when the case was received) falls in the period, and which are
due — closed, or past that limit — the share handled within every one of their limits.
A case still open before its limit is not yet due and is not counted."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qualitycity.complaints.choices import CaseKind
from qualitycity.complaints.models import ComplaintCase

DEFINITION = _(
    "On-time rate = cases handled within all their statutory limits ÷ cases due in the period. "
    "A case is due in the period when its handling limit (the latest due date of its acceptance, "
    "mediation or tip-off decision clock, in working days, by the rule version in force on the "
    "day it was received) falls in the period and it is closed or past that limit."
)

#: breakdown key → ORM path of the group label
GROUPS = {
    "county": ("county__code", "county__name"),
    "department": ("handling_department__code", "handling_department__name"),
    "category": ("object_category__code", "object_category__name"),
    "nature": ("problem_category__code", "problem_category__name"),
}


def due_cases(
    *,
    start: dt.date,
    end: dt.date,
    user: Any = None,
    county: Any = None,
    department: Any = None,
    category: Any = None,
    kind: str | None = CaseKind.COMPLAINT,
    today: dt.date | None = None,
) -> QuerySet[ComplaintCase]:
    """The cases counted in the denominator."""
    today = today or timezone.localdate()
    qs = _cases(user, kind, county, department, category).filter(
        handling_due__gte=start, handling_due__lte=end
    )
    return qs.filter(Q(on_time__isnull=False) | Q(handling_due__lt=today))


def _cases(
    user: Any, kind: str | None, county: Any, department: Any, category: Any
) -> QuerySet[ComplaintCase]:
    """The cases `user` may see (all without a user) of a kind, county, unit and object
    category (a parent category takes its sub-categories)."""
    qs = ComplaintCase.objects.all() if user is None else ComplaintCase.objects.restrict(user)
    if kind:
        qs = qs.filter(kind=kind)
    if county is not None:
        qs = qs.filter(county=county)
    if department is not None:
        qs = qs.filter(handling_department=department)
    if category is not None:
        qs = qs.filter(Q(object_category=category) | Q(object_category__parent=category))
    return qs


def _rate(on_time: int, due: int) -> float | None:
    return round(100 * on_time / due, 2) if due else None


def on_time_rate(**filters: Any) -> dict[str, Any]:
    """{"due": n, "on_time": m, "rate": percent or None, "definition": …}"""
    totals = due_cases(**filters).aggregate(due=Count("pk"), on_time=Count("pk", filter=Q(on_time=True)))
    return {
        "due": totals["due"],
        "on_time": totals["on_time"],
        "rate": _rate(totals["on_time"], totals["due"]),
        "definition": str(DEFINITION),
    }


def on_time_by(by: str, **filters: Any) -> list[dict[str, Any]]:
    """The on-time rate per county, unit, category or month."""
    qs = due_cases(**filters)
    if by == "month":
        rows = (
            qs.annotate(month=TruncMonth("handling_due"))
            .values("month")
            .annotate(due=Count("pk"), on_time=Count("pk", filter=Q(on_time=True)))
            .order_by("month")
        )
        return [
            {"key": r["month"].strftime("%Y-%m"), "label": r["month"].strftime("%Y-%m"), **_counts(r)}
            for r in rows
        ]
    code, name = GROUPS[by]
    rows = (
        qs.values(code, name)
        .annotate(due=Count("pk"), on_time=Count("pk", filter=Q(on_time=True)))
        .order_by(code)
    )
    return [{"key": r[code] or "", "label": r[name] or "—", **_counts(r)} for r in rows]


def _counts(row: Any) -> dict[str, Any]:
    return {"due": row["due"], "on_time": row["on_time"], "rate": _rate(row["on_time"], row["due"])}


def received_stats(*, start: dt.date, end: dt.date, user: Any = None) -> dict[str, Any]:
    """Cases received in the period: counts by kind and outcome, amounts recovered, the top
    categories and respondents."""
    qs = ComplaintCase.objects.all() if user is None else ComplaintCase.objects.restrict(user)
    qs = qs.filter(received_on__gte=start, received_on__lte=end)
    totals = qs.aggregate(
        cases=Count("pk"),
        complaints=Count("pk", filter=Q(kind=CaseKind.COMPLAINT)),
        tip_offs=Count("pk", filter=Q(kind=CaseKind.TIP_OFF)),
        recovered=Sum("amount_recovered"),
    )
    top_categories = list(
        qs.exclude(object_category=None)
        .values("object_category__code", "object_category__name")
        .annotate(n=Count("pk"))
        .order_by("-n")[:10]
    )
    top_respondents = list(
        qs.exclude(respondent=None)
        .values("respondent__uscc", "respondent__name")
        .annotate(n=Count("pk"))
        .order_by("-n")[:10]
    )
    outcomes = dict(
        qs.exclude(outcome="").values_list("outcome").annotate(n=Count("pk")).values_list("outcome", "n")
    )
    return {
        **totals,
        "top_categories": top_categories,
        "top_respondents": top_respondents,
        "outcomes": outcomes,
    }


def received_cases(
    *,
    start: dt.date,
    end: dt.date,
    user: Any = None,
    county: Any = None,
    department: Any = None,
    category: Any = None,
    kind: str | None = None,
) -> QuerySet[ComplaintCase]:
    """The cases received in the period (both kinds unless `kind`), with the same county, unit
    and category filters as `due_cases`; restricted to what `user` may see when given."""
    return _cases(user, kind, county, department, category).filter(
        received_on__gte=start, received_on__lte=end
    )


def received_summary(*, top: int = 10, **filters: Any) -> dict[str, Any]:
    """`received_stats` for the filtered cases of `received_cases`, with the primary keys the
    drill-down links need: totals, cases by kind, outcome and county, the amount recovered and
    the top object categories and respondents (by exact category and registered entity)."""
    qs = received_cases(**filters)
    totals = qs.aggregate(
        cases=Count("pk"),
        complaints=Count("pk", filter=Q(kind=CaseKind.COMPLAINT)),
        tip_offs=Count("pk", filter=Q(kind=CaseKind.TIP_OFF)),
        recovered=Sum("amount_recovered"),
        recovered_cases=Count("pk", filter=Q(amount_recovered__gt=0)),
        closed=Count("pk", filter=~Q(outcome="")),
    )
    by_outcome = list(
        qs.exclude(outcome="").values("outcome").annotate(n=Count("pk")).order_by("-n", "outcome")
    )
    by_county = list(
        qs.exclude(county=None)
        .values("county_id", "county__code", "county__name")
        .annotate(n=Count("pk"))
        .order_by("county__code")
    )
    top_categories = list(
        qs.exclude(object_category=None)
        .values("object_category_id", "object_category__code", "object_category__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "object_category__code")[:top]
    )
    top_respondents = list(
        qs.exclude(respondent=None)
        .values("respondent_id", "respondent__uscc", "respondent__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "respondent__uscc")[:top]
    )
    return {
        **totals,
        "by_outcome": by_outcome,
        "by_county": by_county,
        "top_categories": top_categories,
        "top_respondents": top_respondents,
    }

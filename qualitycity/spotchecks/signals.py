"""Risk signals from spot checks (风险预警), shown on the home page and the statistics page, each
with a suggested targeted (定向) sampling plan:

- a producer with at least N failed supervision batches within the window (rule book
  `spotcheck-signal-producer-failures`, `spotcheck-signal-window`);
- a category (大类) whose pass rate over the window fell at least P points below the window
  before (`spotcheck-signal-category-drop`), with at least `spotcheck-signal-min-batches`
  batches in each."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from qualitycity.core.services import rule_value
from qualitycity.registry.models import Entity, ProductCategory
from qualitycity.spotchecks.choices import Conclusion, Purpose, SignalKind
from qualitycity.spotchecks.models import Sample
from qualitycity.spotchecks.rates import Rate, RateFilter, breakdown

__all__ = ["Signal", "signals"]


@dataclass(frozen=True)
class Signal:
    kind: str
    subject: str
    detail: dict[str, Any]
    drill_url: str
    suggestion_url: str


def _window(today: dt.date) -> tuple[dt.date, dt.date, dt.date]:
    months = int(rule_value("spotcheck-signal-window", on=today))
    days = round(months * 30.44)
    return today - dt.timedelta(days=days), today - dt.timedelta(days=2 * days), today


def producer_signals(qs: QuerySet, today: dt.date) -> list[Signal]:
    start, _earlier, end = _window(today)
    threshold = int(rule_value("spotcheck-signal-producer-failures", on=today))
    rows = (
        qs.filter(
            conclusion=Conclusion.UNQUALIFIED,
            purpose=Purpose.SUPERVISION,
            producer__isnull=False,
            sampled_on__gte=start,
            sampled_on__lte=end,
        )
        .values("producer_id")
        .annotate(n=Count("pk"))
        .filter(n__gte=threshold)
        .order_by("-n", "producer_id")
    )
    rows = list(rows[:50])
    producers = Entity.objects.in_bulk([r["producer_id"] for r in rows])
    rows_programme = dict(
        qs.filter(producer_id__in=list(producers), conclusion=Conclusion.UNQUALIFIED)
        .order_by("-sampled_on")
        .values_list("producer_id", "programme")
    )
    out = []
    list_url = reverse("spotchecks:sample_list")
    for r in rows:
        producer = producers[r["producer_id"]]
        query = {
            "producer": producer.uscc,
            "conclusion": Conclusion.UNQUALIFIED,
            "sampled_from": start.isoformat(),
        }
        suggestion = {
            "is_targeted": "1",
            "programme": rows_programme.get(producer.pk, ""),
            "note": _("Targeted at {name} ({uscc}): {n} failed batches since {since}.").format(
                name=producer.name, uscc=producer.uscc, n=r["n"], since=start.isoformat()
            ),
        }
        out.append(
            Signal(
                SignalKind.PRODUCER_FAILURES,
                producer.name,
                {"failed": r["n"], "since": start, "uscc": producer.uscc},
                f"{list_url}?{urlencode(query)}",
                f"{reverse('spotchecks:spotcheckplan_add')}?{urlencode(suggestion)}",
            )
        )
    return out


def category_signals(qs: QuerySet, today: dt.date, counter: Any = None) -> list[Signal]:
    """`counter`: a `tallies.PassRateCounter` over the same samples, to read the two windows
    from the pre-aggregates; without one they are counted from `qs`."""
    start, earlier, end = _window(today)
    drop = Decimal(rule_value("spotcheck-signal-category-drop", on=today))
    minimum = int(rule_value("spotcheck-signal-min-batches", on=today))

    def per_category(lo: dt.date, hi: dt.date) -> dict[int, list[int]]:
        f = RateFilter(purpose=Purpose.SUPERVISION, start=lo, end=hi)
        rows = counter.breakdown(f, "category") if counter is not None else breakdown(qs, f, "category")
        return {key: [r.total, r.qualified] for key, r in rows}

    now, before = per_category(start, end), per_category(earlier, start - dt.timedelta(days=1))
    names = dict(ProductCategory.objects.filter(pk__in=list(now)).values_list("pk", "name"))
    out = []
    for pk, (total, qualified) in now.items():
        previous = before.get(pk)
        if previous is None or total < minimum or previous[0] < minimum:
            continue
        rate_now, rate_before = Rate(total, qualified).percent, Rate(*previous).percent
        assert rate_now is not None
        assert rate_before is not None
        if rate_before - rate_now >= drop:
            query = {
                "category_id": pk,
                "sampled_from": start.isoformat(),
                "conclusion": Conclusion.UNQUALIFIED,
            }
            suggestion = {
                "is_targeted": "1",
                "categories": pk,
                "note": _(
                    "Targeted at {category}: pass rate {rate}% against {previous}% the year before."
                ).format(category=names.get(pk, pk), rate=rate_now, previous=rate_before),
            }
            out.append(
                Signal(
                    SignalKind.CATEGORY_DROP,
                    names.get(pk, str(pk)),
                    {"rate": rate_now, "previous": rate_before, "batches": total, "since": start},
                    f"{reverse('spotchecks:sample_list')}?{urlencode(query)}",
                    f"{reverse('spotchecks:spotcheckplan_add')}?{urlencode(suggestion)}",
                )
            )
    return sorted(out, key=lambda s: s.detail["rate"])


def signals(qs: QuerySet | None = None, today: dt.date | None = None, counter: Any = None) -> list[Signal]:
    today = today or timezone.localdate()
    qs = qs if qs is not None else Sample.objects.all()
    return [*producer_signals(qs, today), *category_signals(qs, today, counter)]

"""Pre-aggregated pass rates: concluded batches per month and per filter dimension
(`PassRateTally`), so that the statistics page reads a few thousand rows at province scale
instead of a year of samples.

The tallies are used only while they are current: built after the last change to any sample.
A change is known from the samples' `updated_at` (any save) and from `changed_at`, which every
committed transaction that saved or deleted a sample moves forward (after the commit, so a
long transaction that a rebuild could not see still marks the tallies stale). When they are
not current the figures are counted live from the samples, the page says so, and a rebuild
is queued; they are never shown stale. The part of a month the tallies cannot answer (a period
starting or ending mid-month) is counted live and added, so the figures are the same as the
live count for any period.

Rebuilt as a whole (`rebuild`): by the background task that a stale read queues, by
`qcity spotchecks rebuild-tallies`, and at the end of the demo."""

from __future__ import annotations

import datetime as dt
import time
from collections import defaultdict
from dataclasses import dataclass, replace
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, Max, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from qualitycity.core.permissions import DIVISION_SCOPED_ROLES, scope_filter
from qualitycity.registry.models import ProductCategory
from qualitycity.spotchecks import rates
from qualitycity.spotchecks.choices import Conclusion
from qualitycity.spotchecks.models import PassRateTally, PassRateTallyState, Sample
from qualitycity.spotchecks.rates import QUALIFIED, Rate, RateFilter

__all__ = ["PassRateCounter", "is_current", "rebuild", "request_rebuild", "state"]

#: What a tally row is keyed by, in `PassRateTally` field names.
DIMENSIONS = ("month", "programme", "purpose", "level", "category_group", "county_id", "category_id")
#: The breakdowns the tallies can answer (the rest are counted live).
TALLY_BREAKDOWNS = {"county", "category", "month", "level", "programme"}
#: A queued rebuild not finished after this long is queued again (a worker may have died).
REQUEUE_AFTER = dt.timedelta(minutes=10)


def state() -> PassRateTallyState:
    found, _created = PassRateTallyState.objects.get_or_create(pk=1)
    return found


def is_current(st: PassRateTallyState | None = None) -> bool:
    """Whether no sample changed since the tallies were built."""
    st = st or state()
    if st.built_at is None:
        return False
    if st.changed_at is not None and st.changed_at >= st.built_at:
        return False
    return not Sample.objects.filter(updated_at__gte=st.built_at).exists()


def rebuild() -> dict[str, Any]:
    """Count every concluded sample into the tallies again, in one transaction."""
    began = time.perf_counter()
    started = timezone.now()
    top = rates._top_categories()
    rows = (
        Sample.objects.exclude(conclusion=Conclusion.PENDING)
        .annotate(month=TruncMonth("sampled_on"))
        .values_list("month", "programme", "purpose", "level", "category_group", "county_id", "category_id")
        .annotate(total=Count("pk"), qualified=QUALIFIED)
        .order_by()
    )
    cells: dict[tuple[Any, ...], list[int]] = defaultdict(lambda: [0, 0])
    for month, programme, purpose, level, group, county, category, total, qualified in rows.iterator(
        chunk_size=10_000
    ):
        if isinstance(month, dt.datetime):
            month = month.date()
        key = (month, programme, purpose, level, group, county, top.get(category, category))
        cells[key][0] += total
        cells[key][1] += qualified
    max_day = Sample.objects.exclude(conclusion=Conclusion.PENDING).aggregate(m=Max("sampled_on"))["m"]
    with transaction.atomic():
        PassRateTally.objects.all().delete()
        PassRateTally.objects.bulk_create(
            (
                PassRateTally(
                    month=k[0],
                    programme=k[1],
                    purpose=k[2],
                    level=k[3],
                    category_group=k[4],
                    county_id=k[5],
                    category_id=k[6],
                    total=v[0],
                    qualified=v[1],
                )
                for k, v in cells.items()
            ),
            batch_size=5000,
        )
        seconds = round(time.perf_counter() - began, 3)
        PassRateTallyState.objects.update_or_create(
            pk=1, defaults={"built_at": started, "max_day": max_day, "seconds": seconds}
        )
    return {"cells": len(cells), "batches": sum(v[0] for v in cells.values()), "seconds": seconds}


def request_rebuild(st: PassRateTallyState | None = None) -> bool:
    """Queue a rebuild unless one is queued already; whether one was queued now."""
    st = st or state()
    now = timezone.now()
    waiting = st.queued_at is not None and (st.built_at is None or st.queued_at > st.built_at)
    if waiting and st.queued_at is not None and now - st.queued_at < REQUEUE_AFTER:
        return False
    PassRateTallyState.objects.filter(pk=st.pk).update(queued_at=now)
    from qualitycity.spotchecks.tasks import rebuild_pass_rate_tallies

    transaction.on_commit(lambda: rebuild_pass_rate_tallies.enqueue())
    return True


# --- knowing of changes -----------------------------------------------------------------------


def _mark_changed() -> None:
    PassRateTallyState.objects.update_or_create(pk=1, defaults={"changed_at": timezone.now()})


@receiver(post_save, sender=Sample, dispatch_uid="spotchecks-tally-save")
@receiver(post_delete, sender=Sample, dispatch_uid="spotchecks-tally-delete")
def _sample_changed(**kwargs: Any) -> None:
    """Once per transaction, after it commits: the tallies are stale from then on."""
    pending = getattr(connection, "run_on_commit", [])
    if any(entry[1] is _mark_changed for entry in pending):
        return
    transaction.on_commit(_mark_changed)


# --- reading ----------------------------------------------------------------------------------


def _first(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _last(day: dt.date) -> dt.date:
    following = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


def split_period(
    start: dt.date | None, end: dt.date | None, max_day: dt.date
) -> tuple[tuple[dt.date | None, dt.date] | None, list[tuple[dt.date | None, dt.date | None]]]:
    """The whole months of [start, end] the tallies answer (first days of the first and last
    month; None for no lower bound) and the date ranges to count live (the partial months at
    either end). No sample lies after `max_day`, so a month up to it counts as whole."""
    end = max_day if end is None or end > max_day else end
    if start is not None and start > end:
        return None, [(start, end)]
    live: list[tuple[dt.date | None, dt.date | None]] = []
    low = start
    if low is not None and low.day != 1:
        head_end = min(end, _last(low))
        live.append((low, head_end))
        low = head_end + dt.timedelta(days=1)
        if low > end:
            return None, live
    if end == max_day or end == _last(end):
        high = _first(end)
    else:
        live.append((_first(end), end))
        high = _first(_first(end) - dt.timedelta(days=1))
    if low is not None and low > high:
        return None, live
    return (low, high), live


@dataclass
class PassRateCounter:
    """Counts pass rates for one reader over their restricted samples: from the tallies while
    they are current and can answer the question, else live. `live` and `as_of` say which."""

    samples: QuerySet
    tally_scope: Q | None
    usable: bool
    as_of: dt.datetime | None
    max_day: dt.date | None
    live: bool = False

    @classmethod
    def for_user(cls, user: Any, samples: QuerySet, *, allow_tallies: bool = True) -> PassRateCounter:
        st = state()
        bounded = scope_filter(Sample, user) is not None
        division_scoped = user.role in DIVISION_SCOPED_ROLES and getattr(user, "scope_division", None)
        scope_ok = not bounded or bool(division_scoped)
        current = is_current(st)
        if allow_tallies and scope_ok and not current:
            request_rebuild(st)
        usable = allow_tallies and scope_ok and current and st.max_day is not None
        return cls(
            samples=samples,
            tally_scope=scope_filter(PassRateTally, user) if bounded else None,
            usable=usable,
            as_of=st.built_at if usable else None,
            max_day=st.max_day,
        )

    def _answerable(self, f: RateFilter, by: str | None = None) -> bool:
        if not self.usable or (by is not None and by not in TALLY_BREAKDOWNS):
            return False
        if f.category is None:
            return True
        # The tallies hold 大类 (the level below a root): other categories are counted live.
        return ProductCategory.objects.filter(
            pk=f.category, parent__isnull=False, parent__parent__isnull=True
        ).exists()

    def _tallies(self, f: RateFilter, months: tuple[dt.date | None, dt.date]) -> QuerySet:
        conditions = rates.dimension_filters(f)
        if f.category:
            conditions["category_id"] = f.category
        if months[0] is not None:
            conditions["month__gte"] = months[0]
        conditions["month__lte"] = months[1]
        qs = PassRateTally.objects.filter(**conditions)
        return qs if self.tally_scope is None else qs.filter(self.tally_scope)

    def _parts(self, f: RateFilter) -> tuple[QuerySet | None, list[RateFilter]]:
        assert self.max_day is not None
        months, ranges = split_period(f.start, f.end, self.max_day)
        tallies = self._tallies(f, months) if months is not None else None
        return tallies, [replace(f, start=lo, end=hi) for lo, hi in ranges]

    def rate(self, f: RateFilter) -> Rate:
        if not self._answerable(f):
            self.live = True
            return rates.rate_of(self.samples, f)
        tallies, live = self._parts(f)
        total = qualified = 0
        if tallies is not None:
            row = tallies.aggregate(total=Sum("total"), qualified=Sum("qualified"))
            total, qualified = row["total"] or 0, row["qualified"] or 0
        for part in live:
            r = rates.rate_of(self.samples, part)
            total, qualified = total + r.total, qualified + r.qualified
        return Rate(total, qualified)

    def breakdown(self, f: RateFilter, by: str) -> list[tuple[Any, Rate]]:
        if not self._answerable(f, by):
            self.live = True
            return rates.breakdown(self.samples, f, by)
        tallies, live = self._parts(f)
        merged: dict[Any, list[int]] = defaultdict(lambda: [0, 0])
        if tallies is not None:
            field = {"county": "county_id", "category": "category_id"}.get(by, by)
            rows = tallies.values(field).annotate(t=Sum("total"), q=Sum("qualified")).order_by()
            for r in rows:
                merged[r[field]][0] += r["t"]
                merged[r[field]][1] += r["q"]
        for part in live:
            for key, r in rates.breakdown(self.samples, part, by):
                merged[key][0] += r.total
                merged[key][1] += r.qualified
        out = [(k, Rate(t, q)) for k, (t, q) in merged.items()]
        if by == "category":
            return sorted(out, key=lambda kv: -kv[1].total)
        return sorted(out, key=lambda kv: (kv[0] is None, kv[0]))

"""Risk re-scoring over the benchmark register (entities/s) against a plain SQL pass over the
same facts.

Setup (not timed): the demo archive's bulk inserts add credit events, annual reports and list
entries to the entities `bench_demo_load` left behind (run alone, the benchmark loads them with
the demo's generator first), so the rules have work.
Value: `credit.risk.recompute()` over every active entity — twice: the first run writes a new
assessment for every entity, the second finds nothing changed and writes nothing (the monthly
reclassification is mostly this case).
Baseline, in the same run: the facts read raw — all active entity ids, one aggregate over the
events in the window grouped by entity and kind, the current list entries and last year's
annual reports — with no scoring and no writing. The ratio is what scoring, explaining and
storing cost on top of reading."""

from __future__ import annotations

import random
import time
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from register import ensure_register

from qualitycity.core.demo import DemoContext
from qualitycity.credit import lists, risk
from qualitycity.credit.demo import generate_events
from qualitycity.credit.models import AnnualReport, CreditEvent, ListEntry
from qualitycity.registry.models import Entity


def _add_facts(scale: str, n: int) -> int:
    ctx = DemoContext(scale=scale, entities=n, rng=random.Random(2024), out=lambda s: None)
    with transaction.atomic():
        events = generate_events(ctx)
        lists.demo_lists(ctx)
    return events


def _baseline(on: Any) -> tuple[int, float]:
    """Read the facts the rules read, raw."""
    q = connection.ops.quote_name
    entity, event = q(Entity._meta.db_table), q(CreditEvent._meta.db_table)
    listing, report = q(ListEntry._meta.db_table), q(AnnualReport._meta.db_table)
    horizon = risk.months_before(on, 36)
    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id FROM {entity} WHERE registration_status IN (%s, %s)",  # noqa: S608  (model names)
            list(risk.ACTIVE_STATUSES),
        )
        ids = cursor.fetchall()
        cursor.execute(
            f"SELECT entity_id, kind, COUNT(*) FROM {event} "  # noqa: S608  (model names)
            "WHERE occurred_on >= %s AND occurred_on <= %s GROUP BY entity_id, kind",
            [horizon, on],
        )
        cursor.fetchall()
        cursor.execute(f"SELECT entity_id, kind, ground FROM {listing} WHERE status = %s", ["listed"])  # noqa: S608
        cursor.fetchall()
        cursor.execute(f"SELECT entity_id, status FROM {report} WHERE year = %s", [risk.report_year(on)])  # noqa: S608
        cursor.fetchall()
    return len(ids), time.perf_counter() - start


def run(scale: str) -> list[dict[str, Any]]:
    ensure_register(scale)
    n = Entity.objects.count()
    events = _add_facts(scale, n)
    risk.ensure_default_model()
    first = risk.recompute()
    second = risk.recompute()
    active, raw_seconds = _baseline(timezone.localdate())
    raw_rate = active / raw_seconds
    rows = []
    for label, result in (
        ("first run, every assessment written", first),
        ("re-run, nothing changed", second),
    ):
        rate = result["scored"] / result["seconds"]
        rows.append(
            {
                "name": f"risk re-scoring: entities/s ({label})",
                "scale": f"{scale} ({result['scored']:,} active entities, {events:,} events)",
                "value": f"{rate:,.0f}/s ({result['seconds']:.1f} s; {result['written']:,} written; "
                f"classes {result['by_class']})",
                "baseline": f"raw SQL read of the same facts: {raw_rate:,.0f}/s ({raw_seconds:.1f} s)",
                "ratio": f"{rate / raw_rate:.3f}",
            }
        )
    return rows

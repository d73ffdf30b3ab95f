"""Demo load at scale (entities/s) against a raw bulk insert of the same rows.

Value: `qcity demo`'s entity generator end to end (names, USCCs, pinyin keys, bulk_create).
Baseline: the same rows, already built, inserted with one raw `executemany` per 5,000 rows
into the same table (its search-index triggers fire for them; the demo indexes in one pass)."""

from __future__ import annotations

import random
import time
from typing import Any

from django.db import connection, transaction

from qualitycity.core.demo import SCALES, DemoContext
from qualitycity.registry.demo import generate_entities
from qualitycity.registry.models import Entity

FIELDS = [f for f in Entity._meta.concrete_fields if not f.primary_key]
COLUMNS = [f.column for f in FIELDS]
USCC = COLUMNS.index("uscc")


def _raw_insert(rows: list[tuple[Any, ...]]) -> float:
    table = Entity._meta.db_table
    placeholders = ", ".join(["%s"] * len(COLUMNS))
    sql = f"INSERT INTO {table} ({', '.join(COLUMNS)}) VALUES ({placeholders})"  # noqa: S608  (fixed names)
    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        for i in range(0, len(rows), 5000):
            cursor.executemany(sql, rows[i : i + 5000])
    return time.perf_counter() - start


def run(scale: str) -> list[dict[str, Any]]:
    n = SCALES[scale]
    start = time.perf_counter()
    with transaction.atomic():
        generate_entities(DemoContext(scale=scale, entities=n, rng=random.Random(2023), out=lambda s: None))
    demo_seconds = time.perf_counter() - start
    rows = [
        tuple(f.get_db_prep_save(getattr(e, f.attname), connection) for f in FIELDS)
        for e in Entity.objects.all().iterator(chunk_size=10_000)
    ]
    for i, row in enumerate(rows):
        rows[i] = (*row[:USCC], "X" + row[USCC][1:], *row[USCC + 1 :])  # the unique key must not clash
    raw_seconds = _raw_insert(rows)
    # The copies have no related rows: one DELETE over the USCC index, not the ORM's collector
    # (which looks for related rows of every copy, and takes hours at 3.5 M).
    table = Entity._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE uscc >= 'X' AND uscc < 'Y'")  # noqa: S608  (fixed names)
    demo_rate = n / demo_seconds
    raw_rate = n / raw_seconds
    return [
        {
            "name": "demo load: entities/s (`qcity demo` generator, end to end)",
            "scale": f"{scale} ({n:,} entities)",
            "value": f"{demo_rate:,.0f}/s ({demo_seconds:.1f} s)",
            "baseline": f"raw executemany insert of the same rows: {raw_rate:,.0f}/s ({raw_seconds:.1f} s)",
            "ratio": f"{demo_rate / raw_rate:.2f}",
        }
    ]

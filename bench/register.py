"""The benchmark register, for a benchmark run on its own (BENCH_ONLY=…): the demo's entity
generator loads it as `bench_demo_load` would leave it, unless entities are already there."""

from __future__ import annotations

import random

from django.db import transaction


def ensure_register(scale: str) -> None:
    from qualitycity.core.demo import SCALES, DemoContext
    from qualitycity.registry.demo import generate_entities
    from qualitycity.registry.models import Entity

    if Entity.objects.exists():
        return
    with transaction.atomic():
        generate_entities(
            DemoContext(scale=scale, entities=SCALES[scale], rng=random.Random(2023), out=lambda s: None)
        )


def settle() -> None:
    """On SQLite, fold the write-ahead log of the setup into the database file before timing:
    a register is not drawn from or imported into minutes after millions of its rows were
    written, and what is timed and its baseline then read the same settled file."""
    from django.db import connection

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")

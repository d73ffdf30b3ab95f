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

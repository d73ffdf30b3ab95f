"""`qcity demo --scale tiny|city|province`: fill the database with deterministic demo data."""

import os
import random
from typing import Any

from django.core.management.base import BaseCommand

from qualitycity.core.demo import (
    SCALES,
    DemoContext,
    create_demo_users,
    demo_password,
    fact,
    generators,
    provisional_calendar,
)


class Command(BaseCommand):
    help = "Load deterministic Jincheng demo data and create the demo accounts."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--scale", choices=sorted(SCALES), default="tiny")
        parser.add_argument("--seed", type=int, default=2023)
        parser.add_argument("--if-empty", action="store_true", help="Skip modules whose data exists.")
        parser.add_argument("--users-only", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        ctx = DemoContext(
            scale=options["scale"],
            entities=SCALES[options["scale"]],
            rng=random.Random(options["seed"]),
            out=self.stdout.write,
        )
        if not options["users_only"]:
            provisional_calendar(ctx)
        for generator in [] if options["users_only"] else generators():
            if options["if_empty"] and generator.exists():
                self.stdout.write(f"demo: {generator.name} already loaded")
                continue
            self.stdout.write(f"demo: {generator.name} …")
            generator.generate(ctx)
        password, generated = demo_password(os.environ.get("QCITY_DEMO_PASSWORD"))
        users = create_demo_users(
            password, enterprise_uscc=fact("enterprise_uscc"), lab_uscc=fact("lab_uscc")
        )
        self.stdout.write("demo accounts: " + ", ".join(users))
        self.stdout.write(f"demo password: {password}" + (" (generated)" if generated else ""))

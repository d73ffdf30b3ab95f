"""`qcity load-reference`: load (or refresh) divisions, industries, departments and rules."""

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from qualitycity.core.reference import live_get_model, load_all


class Command(BaseCommand):
    help = "Load the shipped reference data (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            counts = load_all(live_get_model)
        self.stdout.write(", ".join(f"{k}: {v}" for k, v in counts.items()))

"""`qcity audit verify`: check the audit trail's hash chain."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from qualitycity.core.audit import verify


class Command(BaseCommand):
    help = "Audit trail tools. `verify` checks the hash chain."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args: Any, **options: Any) -> None:
        result = verify()
        if result.ok:
            self.stdout.write(f"audit chain ok: {result.count} records")
            return
        where = f"record id {result.broken_id}" if result.broken_id else f"after sequence {result.count}"
        raise CommandError(f"audit chain broken at {where} (seq {result.broken_seq}): {result.reason}")

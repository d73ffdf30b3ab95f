"""`qcity lists annual-report-sweep YEAR [--today YYYY-MM-DD]` and
`qcity lists move-overdue [--today YYYY-MM-DD]`: the scheduled list jobs, run as the system
(the audit trail names no user)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from qualitycity.credit.lists import annual_report_sweep, move_overdue_to_serious


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"not a date (YYYY-MM-DD): {value}") from exc


class Command(BaseCommand):
    help = "List jobs: the annual-report sweep and the 3-year move to the serious violation list."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sweep = sub.add_parser("annual-report-sweep", help="List entities that did not file for YEAR.")
        sweep.add_argument("year", type=int)
        sweep.add_argument("--today", type=_date, default=None)
        move = sub.add_parser("move-overdue", help="Move 3-year abnormal listings to the serious list.")
        move.add_argument("--today", type=_date, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        today = options["today"] or timezone.localdate()
        try:
            if options["action"] == "annual-report-sweep":
                year = options["year"]
                counts = annual_report_sweep(actor=None, year=year, today=today)
                self.stdout.write(
                    f"annual reports {year}: checked {counts['checked']}, missing {counts['missing']}, "
                    f"listed {counts['listed']}"
                )
            else:
                moved = move_overdue_to_serious(actor=None, today=today)
                self.stdout.write(f"moved {len(moved)} entries to the serious violation list")
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc

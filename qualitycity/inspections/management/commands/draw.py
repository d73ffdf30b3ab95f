"""`qcity draw verify DRAW_ID` and `qcity draw pool DRAW_ID [--output FILE]`: anyone's check
of a draw (双随机、一公开).

`verify` re-runs the draw from its revealed seed and its snapshots and compares the result
with the stored targets and inspectors: exit 0 and `draw N verified: …` when they agree,
exit 1 with every difference when they do not, exit 2 for a draw that does not exist.
`pool` writes the pool snapshot as published (one `USCC,CLASS` line per entity, sorted by
USCC); its SHA-256 is the draw's pool hash, so `sha256sum FILE` checks it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from qualitycity.inspections import algorithm
from qualitycity.inspections.models import Draw
from qualitycity.inspections.services import verify_draw

#: Exit statuses: the draw does not verify / has no snapshot; no such draw.
FAILED = 1
UNKNOWN = 2


class Command(BaseCommand):
    help = "Draws: verify one against its seed and snapshots, or write its pool snapshot."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="Recompute the draw and compare it with what is stored.")
        verify.add_argument("draw_id", type=int)
        pool = sub.add_parser("pool", help="Write the draw's pool snapshot (USCC,CLASS per line).")
        pool.add_argument("draw_id", type=int)
        pool.add_argument("--output", "-o", default=None, help="File to write (default: standard output).")

    def handle(self, *args: Any, **options: Any) -> None:
        draw = Draw.objects.filter(pk=options["draw_id"]).first()
        if draw is None:
            self.stderr.write(f"no draw with id {options['draw_id']}")
            raise SystemExit(UNKNOWN)
        if options["action"] == "verify":
            self._verify(draw)
        else:
            self._pool(draw, options["output"])

    def _verify(self, draw: Draw) -> None:
        report = verify_draw(draw)
        self.stdout.write(report.summary())
        if not report.ok:
            raise SystemExit(FAILED)

    def _pool(self, draw: Draw, output: str | None) -> None:
        if not draw.is_drawn:
            self.stderr.write(f"draw {draw.pk} has not been made yet: it has no pool snapshot")
            raise SystemExit(FAILED)
        data = algorithm.decompress(bytes(draw.pool_snapshot))
        if output:
            Path(output).write_bytes(data)
            lines = data.count(b"\n") + 1 if data else 0
            self.stdout.write(
                f"draw {draw.pk}: {lines} pool entries written to {output} (SHA-256 {draw.pool_hash})"
            )
        else:
            self.stdout.write(data.decode())
        if algorithm.sha256_hex(data) != draw.pool_hash:
            self.stderr.write(
                f"the pool snapshot of draw {draw.pk} does not match its pool hash {draw.pool_hash}"
            )
            raise SystemExit(FAILED)

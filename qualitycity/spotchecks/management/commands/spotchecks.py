"""`qcity spotchecks …`: command-line work on spot checks.

    qcity spotchecks publish-due            publish the supervision results whose delay has passed
    qcity spotchecks rebuild-tallies        count the pass-rate tallies again (prints cells and time)
    qcity spotchecks import-results FILE --lab USCC --user NAME
                                            a lab's results file (all or nothing; errors by row)

`publish-due` prints `published N results`; run it daily from cron (`make run` runs it once).
`import-results` prints `reports N, unqualified M` or every error as `row R, column C: reason`
and exits 1."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Spot checks: `publish-due` (daily publication run), `import-results` (a lab's results file)."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        actions.add_parser("publish-due", help="Publish the results whose publication delay has passed.")
        actions.add_parser("rebuild-tallies", help="Rebuild the pre-aggregated pass rates.")
        results = actions.add_parser("import-results", help="Import a lab's results file.")
        results.add_argument("file")
        results.add_argument("--lab", required=True, help="the testing institution's USCC")
        results.add_argument("--user", required=True, help="the account the import is recorded under")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "publish-due":
            from qualitycity.spotchecks.services import publish_due

            count = publish_due()
            self.stdout.write(f"published {count} results")
            return
        if options["action"] == "rebuild-tallies":
            from qualitycity.spotchecks.tallies import rebuild

            built = rebuild()
            self.stdout.write(
                f"tallies: {built['cells']} cells, {built['batches']} batches, {built['seconds']} s"
            )
            return
        self._import(options)

    def _import(self, options: dict[str, Any]) -> None:
        from qualitycity.core.models import User
        from qualitycity.spotchecks.models import TestingInstitution
        from qualitycity.spotchecks.results_import import import_results

        path = Path(options["file"])
        if not path.exists():
            raise CommandError(f"no such file: {path}")
        lab = TestingInstitution.objects.filter(uscc=options["lab"].strip().upper()).first()
        if lab is None:
            raise CommandError(f"no testing institution with the code {options['lab']}")
        user = User.objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"no user {options['user']}")
        with path.open("rb") as fh:
            outcome = import_results(fh, filename=path.name, actor=user, institution=lab)
        if outcome.errors:
            for e in outcome.errors:
                self.stderr.write(f"row {e.row}, column {e.column}: {e.message}")
            raise CommandError(f"nothing imported: {len(outcome.errors)} errors")
        self.stdout.write(f"reports {outcome.reports}, unqualified {len(outcome.failed_samples)}")

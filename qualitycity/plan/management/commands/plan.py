"""`qcity plan import FILE --title … --division CODE --start-year … --target-year …`: import
another quality plan (measures and indicators) from an xlsx workbook; see plan.importing.

`qcity plan load-jincheng` reloads the shipped Jincheng plan (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "The city quality plan: `import` a plan from xlsx, `load-jincheng` reload the shipped plan."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="import a plan from an xlsx workbook (sheets 措施, 指标)")
        imp.add_argument("file", help="the xlsx workbook")
        imp.add_argument("--title", required=True, help="the plan's title")
        imp.add_argument("--division", required=True, help="the area's division code, e.g. 140525")
        imp.add_argument("--start-year", type=int, required=True)
        imp.add_argument("--target-year", type=int, required=True)
        imp.add_argument("--document-number", default="", help="e.g. 泽政发〔2024〕3号")
        sub.add_parser("load-jincheng", help="load or refresh the shipped Jincheng plan")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "load-jincheng":
            from qualitycity.plan.seed import live_get_model, load_jincheng

            plan = load_jincheng(live_get_model)
            self.stdout.write(f"loaded {plan} ({plan.measures.count()} measures)")
            return
        from pathlib import Path

        from qualitycity.plan.importing import PlanImportError, import_plan

        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"no such file: {path}")
        try:
            plan = import_plan(
                path,
                title=options["title"],
                division=options["division"],
                start_year=options["start_year"],
                target_year=options["target_year"],
                document_number=options["document_number"],
            )
        except PlanImportError as exc:
            for problem in exc.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"{len(exc.problems)} problem(s); nothing was imported") from exc
        self.stdout.write(
            f"imported {plan} (pk {plan.pk}): {plan.measures.count()} measures, "
            f"{plan.indicators.count()} indicators"
        )

"""`qcity complaints …`: command-line work on complaints and tip-offs.

    qcity complaints classifier train FILE --text-column COL --label-column COL [--kind object|nature]
    qcity complaints classifier train --from-cases [--kind object|nature]
    qcity complaints classifier evaluate FILE --text-column COL --label-column COL [--kind …] [--holdout]

`--text-column` may be given more than once (the columns are joined, e.g. subject, facts and
request). `evaluate` ends with the line `accuracy=0.912 macro_f1=0.887`. Exit status 0 when
done, 1 on bad input (a missing column, an empty file, an unknown category, too few samples).

Each area is a subcommand (`classifier`, …) with its own actions, so others can be added
beside it: add a parser in `add_arguments` and a handler in `AREAS`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from qualitycity.complaints.choices import CategoryKind


class Command(BaseCommand):
    help = (
        "Complaints and tip-offs: `classifier train|evaluate` (category suggestions), "
        "`publish-due` (daily disclosure run)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        areas = parser.add_subparsers(dest="area", required=True, metavar="AREA")
        classifier = areas.add_parser("classifier", help="Train or evaluate the category classifier.")
        actions = classifier.add_subparsers(dest="action", required=True, metavar="ACTION")

        train = actions.add_parser("train", help="Train on a labelled file or on the closed cases.")
        train.add_argument("file", nargs="?", help="labelled CSV or Excel file")
        train.add_argument(
            "--from-cases",
            action="store_true",
            help="train on closed cases whose classification staff confirmed",
        )
        self._common(train, kind_default=None)

        evaluate = actions.add_parser("evaluate", help="Accuracy and macro-F1 on a labelled file.")
        evaluate.add_argument("file", help="labelled CSV or Excel file")
        evaluate.add_argument(
            "--holdout",
            action="store_true",
            help="train on 4/5 of the file and score the rest, instead of scoring the active model",
        )
        self._common(evaluate, kind_default=CategoryKind.OBJECT.value)

        areas.add_parser(
            "publish-due",
            help="Publish approved complaints whose delay has passed and take down expired ones (run daily).",
        )

    @staticmethod
    def _common(parser: Any, *, kind_default: str | None) -> None:
        parser.add_argument(
            "--text-column",
            action="append",
            default=[],
            metavar="COL",
            help="column holding the text (repeat to join several)",
        )
        parser.add_argument("--label-column", metavar="COL", help="column holding the category")
        parser.add_argument(
            "--kind",
            choices=CategoryKind.values,
            default=kind_default,
            help="taxonomy: object (default for files) or nature; --from-cases trains both unless given",
        )
        parser.add_argument("--user", help="the user the training is recorded under in the audit trail")

    def handle(self, *args: Any, **options: Any) -> None:
        handler = AREAS[options["area"]]
        try:
            handler(self, options)
        except ValidationError as exc:
            raise CommandError("\n".join(exc.messages)) from exc

    # --- classifier -----------------------------------------------------------------------------

    def classifier(self, options: dict[str, Any]) -> None:
        if options["action"] == "train":
            self.classifier_train(options)
        else:
            self.classifier_evaluate(options)

    def _file_options(self, options: dict[str, Any]) -> tuple[str, list[str], str]:
        if not options["text_column"]:
            raise CommandError("give --text-column COL: the column that holds the text")
        if not options["label_column"]:
            raise CommandError("give --label-column COL: the column that holds the category")
        return options["file"], options["text_column"], options["label_column"]

    def _actor(self, options: dict[str, Any]) -> Any:
        if not options.get("user"):
            return None
        from qualitycity.core.models import User

        actor = User.objects.filter(username=options["user"], is_active=True).first()
        if actor is None:
            raise CommandError(f"no active user {options['user']!r}")
        return actor

    def classifier_train(self, options: dict[str, Any]) -> None:
        from qualitycity.complaints import classifier

        actor = self._actor(options)
        if options["from_cases"]:
            if options["file"]:
                raise CommandError("give either FILE or --from-cases, not both")
            kinds = [options["kind"]] if options["kind"] else list(classifier.KINDS)
            failures = []
            for kind in kinds:
                try:
                    report = classifier.train_from_cases(kind, actor=actor)
                except ValidationError as exc:
                    failures.append(f"{kind}: {' '.join(exc.messages)}")
                    self.stderr.write(failures[-1])
                    continue
                self._print_report(report)
            if len(failures) == len(kinds):
                raise CommandError("nothing was trained")
            return
        if not options["file"]:
            raise CommandError("give a labelled FILE, or --from-cases")
        path, text_columns, label_column = self._file_options(options)
        kind = options["kind"] or CategoryKind.OBJECT.value
        report = classifier.train_from_file(path, text_columns, label_column, kind, actor=actor)
        self._print_report(report)

    def _print_report(self, report: Any) -> None:
        out = self.stdout.write
        out(f"taxonomy: {report.kind}")
        out(f"samples: {report.samples}")
        out(f"labels: {len(report.labels)} ({', '.join(report.labels)})")
        if report.skipped:
            skipped = ", ".join(f"{label} ({n})" for label, n in report.skipped.items())
            out(f"left out (too few samples): {skipped}")
        out(f"accuracy={report.accuracy:.3f} macro_f1={report.macro_f1:.3f} (held-out fifth)")
        out(f"training time: {report.training_seconds:.2f} s")
        if report.model is not None:
            out(f"model: {report.model.pk} (active)")

    def classifier_evaluate(self, options: dict[str, Any]) -> None:
        from qualitycity.complaints import classifier

        path, text_columns, label_column = self._file_options(options)
        result = classifier.evaluate_file(
            path, text_columns, label_column, options["kind"], holdout=options["holdout"]
        )
        out = self.stdout.write
        out(f"taxonomy: {result.kind}")
        out(f"samples: {result.samples}")
        if result.method == "classifier":
            out(f"model: {result.model_id}")
        elif result.method == "keywords":
            out("model: none active; the keyword rules were scored")
        else:
            out(f"model: trained on 4/5 of the file in {result.training_seconds:.2f} s, scored on 1/5")
        out(f"accuracy={result.accuracy:.3f} macro_f1={result.macro_f1:.3f}")


def publish_due(command: Command, options: dict[str, Any]) -> None:
    from qualitycity.complaints.disclosure import publish_due as run

    counts = run()
    command.stdout.write(
        f"published {counts['published']}, taken down {counts['unpublished']}, "
        f"waiting for the calendar {counts['waiting']}"
    )


AREAS: dict[str, Callable[[Command, dict[str, Any]], None]] = {
    "classifier": Command.classifier,
    "publish-due": publish_due,
}

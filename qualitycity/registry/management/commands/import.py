"""`qcity import entities FILE`: import a register export from the command line.

The same checks and writes as the import page (core.generic.importing with the registry's
batch importer), run at once instead of through the task worker; recorded under --user."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

#: subcommand → model label
TARGETS = {"entities": "registry.entity"}


class Command(BaseCommand):
    help = "Import a file (xlsx, xls, ods or csv). `entities`: the market-entity register."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("target", choices=sorted(TARGETS))
        parser.add_argument("file", help="the file to import")
        parser.add_argument(
            "--all-or-nothing",
            action="store_true",
            help="write nothing when any row has an error (default: write the valid rows)",
        )
        parser.add_argument("--rejects", help="where to write the rejected rows (xlsx)")
        parser.add_argument(
            "--user", help="the user the import is recorded under (needs the import permission)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from qualitycity.core.choices import ImportMode, JobKind, JobStatus
        from qualitycity.core.generic.registry import get_config
        from qualitycity.core.jobs import create_job, execute, job_dir
        from qualitycity.core.models import User
        from qualitycity.core.permissions import user_can

        source = Path(options["file"])
        if not source.is_file():
            raise CommandError(f"no such file: {source}")
        if not options["user"]:
            raise CommandError("give --user USERNAME: every import is recorded under a user")
        actor = User.objects.filter(username=options["user"], is_active=True).first()
        if actor is None:
            raise CommandError(f"no active user {options['user']!r}")
        config = get_config(TARGETS[options["target"]])
        if not user_can(actor, config.model, "import"):
            raise CommandError(f"{actor.username} may not import {config.model._meta.verbose_name_plural}")
        mode = ImportMode.ALL_OR_NOTHING if options["all_or_nothing"] else ImportMode.VALID_ROWS
        job = create_job(
            kind=JobKind.IMPORT_COMMIT,
            name=f"import {options['target']}: {source.name}",
            owner=actor,
            model_label=config.label,
            input_name=source.name[:300],
            import_mode=mode,
            enqueue=False,
        )
        target = job_dir(job) / f"input{source.suffix.lower()}"
        shutil.copyfile(source, target)
        type(job).objects.filter(pk=job.pk).update(input_file=str(target))
        execute(job.pk)
        job.refresh_from_db()
        result = job.result or {}
        created, updated, rejected = (result.get(k, 0) for k in ("created", "updated", "invalid"))
        if job.status == JobStatus.FAILED:
            if result.get("total"):
                self.stdout.write(f"imported 0, updated 0, rejected {rejected}")
            raise CommandError(result.get("file_error") or job.error or "the import failed")
        self.stdout.write(f"imported {created}, updated {updated}, rejected {rejected}")
        if job.result_file:
            destination = Path(options["rejects"]) if options["rejects"] else Path(job.result_file)
            if options["rejects"]:
                shutil.copyfile(job.result_file, destination)
            self.stdout.write(f"rejected rows written to {destination}")
        if created + updated == 0:
            raise CommandError("nothing was imported")

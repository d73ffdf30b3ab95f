"""Background work of spot checks: a lab's results file as a job (kind "spotchecks.results"),
with a progress bar on the job page; all or nothing, every bad row named."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from django_tasks import task

from qualitycity.core.choices import JobStatus
from qualitycity.core.jobs import Progress, create_job, enqueue_job, job_dir, register_handler
from qualitycity.core.models import Job
from qualitycity.spotchecks.models import TestingInstitution
from qualitycity.spotchecks.results_import import import_results

RESULTS_JOB = "spotchecks.results"


def start_results_import(upload: Any, *, actor: Any, institution: TestingInstitution) -> Job:
    """Keep the uploaded file and queue its import (the job runs once the request commits)."""
    job = create_job(
        kind=RESULTS_JOB,
        name=_("Lab results of {lab}: {file}").format(lab=institution, file=upload.name),
        owner=actor,
        model_label="spotchecks.testreport",
        input_name=upload.name[:300],
        params={"institution": institution.pk},
        enqueue=False,
    )
    target = job_dir(job) / f"input{Path(upload.name).suffix.lower()}"
    with target.open("wb") as fh:
        for chunk in upload.chunks():
            fh.write(chunk)
    Job.objects.filter(pk=job.pk).update(input_file=str(target))
    enqueue_job(job)
    return job


@register_handler(RESULTS_JOB)
def run_results_import(job: Job, progress: Progress) -> None:
    institution = TestingInstitution.objects.get(pk=job.params["institution"])

    def report(done: int, total: int) -> None:
        progress.set(done, total, force=True)

    with open(job.input_file, "rb") as fh:
        outcome = import_results(
            fh, filename=job.input_name, actor=job.owner, institution=institution, progress=report
        )
    job.result = {
        "reports": outcome.reports,
        "rows": outcome.rows,
        "failed_samples": outcome.failed_samples,
        "errors": [{"row": e.row, "column": e.column, "message": e.message} for e in outcome.errors[:500]],
        "error_count": len(outcome.errors),
        "summary": [
            [_("Rows read"), outcome.rows],
            [_("Reports entered"), outcome.reports],
            [_("Samples found unqualified"), len(outcome.failed_samples)],
        ],
    }
    if outcome.errors:
        job.status = JobStatus.FAILED
        message = _("Nothing was imported: {n} errors in the file.").format(n=len(outcome.errors))
        job.error = message
        Job.objects.filter(pk=job.pk).update(error=message)


@task()
def rebuild_pass_rate_tallies() -> dict[str, Any]:
    """Rebuild the pass-rate tallies (queued when a reader found them stale)."""
    from qualitycity.spotchecks.tallies import rebuild

    return rebuild()

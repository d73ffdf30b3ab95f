"""Background tasks of the platform core."""

from __future__ import annotations

from django_tasks import task


@task()
def run_job(job_id: int) -> None:
    """Run one platform job (export, import check, import) by its handler."""
    from qualitycity.core.generic import exporting, importing  # noqa: F401  (register handlers)
    from qualitycity.core.jobs import execute

    execute(job_id)

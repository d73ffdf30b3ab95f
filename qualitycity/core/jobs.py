"""Background jobs: create, run through the task worker, report progress, keep results.

A job's handler is a function registered by kind; the task `run_job` (core/tasks.py) calls
it. Progress goes to a small file beside the job's files, so it is visible to the polling
page even while the job holds a long database transaction."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from qualitycity.core.choices import JobStatus
from qualitycity.core.models import Job

Handler = Callable[[Job, "Progress"], None]
_handlers: dict[str, Handler] = {}


def register_handler(kind: str) -> Callable[[Handler], Handler]:
    def decorator(fn: Handler) -> Handler:
        _handlers[kind] = fn
        return fn

    return decorator


def job_dir(job: Job) -> Path:
    path = Path(settings.VAR_DIR) / "jobs" / str(job.pk)
    path.mkdir(parents=True, exist_ok=True)
    return path


class Progress:
    """Reports progress every `every` steps, to the progress file."""

    def __init__(self, job: Job, every: int = 500) -> None:
        self.job = job
        self.every = every
        self.path = job_dir(job) / "progress.json"

    def set(self, done: int, total: int | None = None, *, force: bool = False) -> None:
        if total is not None:
            self.job.total = total
        self.job.progress = done
        if force or done % self.every == 0:
            self.path.write_text(json.dumps({"progress": done, "total": self.job.total}))


def read_progress(job: Job) -> tuple[int, int]:
    """The latest progress of a running job (file first, database row otherwise)."""
    path = Path(settings.VAR_DIR) / "jobs" / str(job.pk) / "progress.json"
    if job.is_active and path.exists():
        try:
            data = json.loads(path.read_text())
            return int(data["progress"]), int(data["total"])
        except (ValueError, KeyError):
            pass
    return job.progress, job.total


def create_job(*, kind: str, name: str, owner: Any, enqueue: bool = True, **fields: Any) -> Job:
    """Create a job row and queue its task once the surrounding transaction commits."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    params = {**fields.pop("params", {}), "language": language}
    job = Job.objects.create(kind=kind, name=name[:200], owner=owner, params=params, **fields)
    if enqueue:
        enqueue_job(job)
    return job


def enqueue_job(job: Job) -> None:
    from qualitycity.core.tasks import run_job

    def _enqueue() -> None:
        result = run_job.enqueue(job.pk)
        Job.objects.filter(pk=job.pk).update(task_id=str(result.id))

    transaction.on_commit(_enqueue)


def execute(job_id: int) -> None:
    """Run a job's handler; idempotent: a finished job is not run again."""
    job = Job.objects.get(pk=job_id)
    if job.status not in (JobStatus.PENDING,):
        return
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, started_at=timezone.now())
    job.status = JobStatus.RUNNING
    progress = Progress(job)
    try:
        with translation.override(job.params.get("language")):
            _handlers[job.kind](job, progress)
    except Exception as exc:
        job.status = JobStatus.FAILED
        job.error = str(exc) or exc.__class__.__name__
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "error", "finished_at", "progress", "total"])
        raise
    if job.status == JobStatus.RUNNING:
        job.status = JobStatus.SUCCEEDED
    job.finished_at = timezone.now()
    job.save(
        update_fields=[
            "status",
            "finished_at",
            "progress",
            "total",
            "result",
            "result_file",
            "result_name",
        ]
    )
    progress.set(job.progress, job.total, force=True)


def delete_job_files(job: Job) -> None:
    shutil.rmtree(Path(settings.VAR_DIR) / "jobs" / str(job.pk), ignore_errors=True)

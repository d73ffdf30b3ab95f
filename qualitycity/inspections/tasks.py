"""Background work of random inspections: the draw as a job (kind "inspections.draw").

The task page's Draw button creates the job; the worker claims the task with
`services.draw_task` (one conditional UPDATE, so a second job or request is told the draw is
running or done) and reports progress to the polling task page. A draw that cannot be made
(unstaffable targets, an empty pool) fails the job with the `DrawError` message, which the
task page and the job page show; the task stays approved with its sealed seed."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from qualitycity.core.choices import JobStatus
from qualitycity.core.jobs import Progress, create_job, register_handler
from qualitycity.core.models import Job
from qualitycity.inspections import services
from qualitycity.inspections.algorithm import DrawError
from qualitycity.inspections.models import InspectionTask

DRAW_JOB = "inspections.draw"


def start_draw(task: InspectionTask, *, actor: Any) -> Job:
    """Queue the draw of an approved task (the job runs once the request's transaction commits)."""
    return create_job(
        kind=DRAW_JOB,
        name=_("Draw of task {task}").format(task=task.number),
        owner=actor,
        model_label=InspectionTask._meta.label_lower,
        params={"task": task.pk},
    )


def draw_jobs(task: InspectionTask) -> Any:
    """The task's draw jobs, newest first."""
    return Job.objects.filter(kind=DRAW_JOB, params__task=task.pk).order_by("-created_at", "-pk")


def active_draw_job(task: InspectionTask) -> Job | None:
    return draw_jobs(task).filter(status__in=[JobStatus.PENDING, JobStatus.RUNNING]).first()


@register_handler(DRAW_JOB)
def run_draw(job: Job, progress: Progress) -> None:
    """Draw the task named in the job; a `DrawError` fails the job with its message."""
    task = InspectionTask.objects.select_related("lead_department__division").get(pk=job.params["task"])

    def report(done: int, total: int) -> None:
        progress.set(done, total, force=True)

    try:
        draw = services.draw_task(task, actor=job.owner, progress=report)
    except DrawError as exc:
        job.status = JobStatus.FAILED
        job.error = exc.message
        job.result = {"error": exc.message, "code": exc.code, "details": exc.details}
        Job.objects.filter(pk=job.pk).update(error=exc.message)
        return
    job.result = {
        "draw": draw.pk,
        "sequence": draw.sequence,
        "targets": draw.target_count,
        "inspectors": draw.inspector_count,
        "pool": draw.pool_size,
    }

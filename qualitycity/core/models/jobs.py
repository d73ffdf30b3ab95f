"""Background jobs as the user sees them: progress, result file, errors."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from qualitycity.core.choices import ImportMode, JobKind, JobStatus
from qualitycity.core.models.base import BaseQuerySet


class Job(models.Model):
    """A long piece of work (export, import, draw, re-scoring) run by the task worker.

    The task updates `progress`/`total` as it goes; the page polls the row."""

    kind = models.CharField(_("kind"), max_length=30, choices=JobKind.choices)
    name = models.CharField(_("name"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.CASCADE, related_name="jobs"
    )
    status = models.CharField(
        _("status"), max_length=30, choices=JobStatus.choices, default=JobStatus.PENDING
    )
    progress = models.PositiveIntegerField(_("progress"), default=0)
    total = models.PositiveIntegerField(_("total"), default=0)
    model_label = models.CharField(_("data type"), max_length=100, blank=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    input_file = models.CharField(_("input file"), max_length=300, blank=True)
    input_name = models.CharField(_("uploaded file"), max_length=300, blank=True)
    result_file = models.CharField(_("result file"), max_length=300, blank=True)
    result_name = models.CharField(_("result file name"), max_length=300, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    import_mode = models.CharField(_("import mode"), max_length=20, choices=ImportMode.choices, blank=True)
    error = models.TextField(_("error"), blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = BaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def percent(self) -> int:
        if self.status == JobStatus.SUCCEEDED:
            return 100
        if not self.total:
            return 0
        return min(100, int(self.progress * 100 / self.total))

    @property
    def is_active(self) -> bool:
        return self.status in (JobStatus.PENDING, JobStatus.RUNNING)

    def result_value(self, key: str, default: Any = None) -> Any:
        return (self.result or {}).get(key, default)

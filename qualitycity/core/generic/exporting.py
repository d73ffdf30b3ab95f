"""Export any filtered list to xlsx or CSV: streamed in the request when small, a background
job with a downloadable file when large. Every export is recorded in the audit trail."""

from __future__ import annotations

import datetime as dt
import tempfile
from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from qualitycity.core import audit
from qualitycity.core.choices import AuditAction, JobKind
from qualitycity.core.generic.registry import ModelConfig, get_config
from qualitycity.core.jobs import Progress, create_job, job_dir, register_handler
from qualitycity.core.models import Job
from qualitycity.core.permissions import restrict_queryset
from qualitycity.core.spreadsheets import iter_csv, write_xlsx

FORMATS = ("xlsx", "csv")


def export_filename(config: ModelConfig, fmt: str) -> str:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return f"{config.model._meta.verbose_name_plural}-{stamp}.{fmt}"


def _record_export(user: Any, config: ModelConfig, count: int, query: str, fmt: str) -> None:
    audit.record(
        actor=user,
        action=AuditAction.EXPORT,
        object_type=config.label,
        object_repr=str(config.model._meta.verbose_name_plural),
        message=f"{fmt} {count} rows; filter: {query}",
        extra={"format": fmt, "rows": count, "query": query},
    )


def export_response(
    request: HttpRequest, config: ModelConfig, qs: QuerySet, columns: list[Any], fmt: str, filterset: Any
) -> HttpResponseBase:
    """Stream a small export now; queue a job for a large one and show its page."""
    from qualitycity.core.generic.views import max_sync_export

    if fmt not in FORMATS:
        return HttpResponse(_("Unknown export format."), status=400)
    query = request.GET.copy()
    query.pop("export", None)
    count = qs.count()
    names = [c.name for c in columns if c.exportable]
    if count > max_sync_export():
        job = create_job(
            kind=JobKind.EXPORT,
            name=_("Export of {what} ({n} rows)").format(
                what=config.model._meta.verbose_name_plural, n=count
            ),
            owner=request.user,
            model_label=config.label,
            params={"query": query.urlencode(), "format": fmt, "columns": names},
            total=count,
        )
        return redirect("core:job_detail", pk=job.pk)
    _record_export(request.user, config, count, query.urlencode(), fmt)
    table = config.table
    chosen = [c for c in columns if c.exportable]
    headers = table.headers(chosen)
    filename = export_filename(config, fmt)
    if fmt == "csv":
        response = StreamingHttpResponse(
            iter_csv(headers, table.rows(qs, chosen)), content_type="text/csv; charset=utf-8"
        )
    else:
        handle = tempfile.TemporaryFile()  # noqa: SIM115  (FileResponse closes it; nothing left on disk)
        write_xlsx(handle, headers, table.rows(qs, chosen))
        handle.seek(0)
        response = FileResponse(
            handle,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = _content_disposition(filename)
    return response


def _content_disposition(filename: str) -> str:
    from urllib.parse import quote

    return (
        f"attachment; filename=\"export.{filename.rsplit('.', 1)[-1]}\"; filename*=UTF-8''{quote(filename)}"
    )


@register_handler(JobKind.EXPORT)
def run_export(job: Job, progress: Progress) -> None:
    """The export job: re-run the saved filter as the owner, write the file in streaming mode."""
    from django.http import QueryDict

    config = get_config(job.model_label)
    user = job.owner
    query = QueryDict(job.params.get("query", ""))
    qs = restrict_queryset(config.model._default_manager.all(), user, "export")
    if config.select_related:
        qs = qs.select_related(*config.select_related)
    if config.prefetch_related:
        qs = qs.prefetch_related(*config.prefetch_related)
    filterset = config.filterset(query or None, queryset=qs)
    if filterset.is_bound and filterset.is_valid():
        qs = filterset.qs
    ordering = config.table.ordering(query.get("sort")) or config.table.default_ordering
    if ordering:
        qs = qs.order_by(*ordering)
    columns = config.table.chosen(job.params.get("columns"))
    fmt = job.params.get("format", "xlsx")
    total = qs.count()
    progress.set(0, total, force=True)
    filename = export_filename(config, fmt)
    path = job_dir(job) / f"result.{fmt}"

    def counted() -> Any:
        for i, row in enumerate(config.table.rows(qs, columns), start=1):
            progress.set(i)
            yield row

    headers = config.table.headers(columns)
    if fmt == "csv":
        with path.open("wb") as fh:
            for chunk in iter_csv(headers, counted()):
                fh.write(chunk)
    else:
        write_xlsx(path, headers, counted())
    progress.set(total, total, force=True)
    job.result_file = str(path)
    job.result_name = filename
    job.result = {"rows": total, "finished": dt.datetime.now(dt.UTC).isoformat()}
    _record_export(user, config, total, job.params.get("query", ""), fmt)

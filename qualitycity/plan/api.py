"""Quality-plan endpoints: plans, their measures and indicators (current value, status, as-of
date and source), and a department's progress report.

- Reading needs "view" on the model (everyone working; the plan is a public document).
- `POST /plans/{id}/reports` files the caller's department's report on a measure for a period
  (a draft, or submitted): only a user of a department responsible for the measure (lead or
  co-responsible) who may add reports; another department's measure is a 403 `forbidden`.
  Values in another unit than the indicator's, or for an indicator the department does not
  report, are a 422 naming them. A report already with the bureau or accepted is a 409.
- `POST /plans/{id}/reports/{report_id}/evidence` adds evidence files (multipart, `files`):
  pdf, jpg, png, docx, xlsx or ofd, at most 20 MB each; else a 422."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import File, Router, Status
from ninja.files import UploadedFile

from qualitycity.core.permissions import restrict_queryset, user_can
from qualitycity.plan import indicators, reports
from qualitycity.plan.models import Indicator, Measure, Plan, ProgressReport
from qualitycity.plan.schemas import ErrorOut, IndicatorOut, MeasureOut, PlanOut, ReportIn, ReportOut

router = Router(tags=["plan"])


def _plan(request: HttpRequest, plan_id: int) -> Plan:
    return get_object_or_404(restrict_queryset(Plan.objects.all(), request.user), pk=plan_id)


def _dept(d: Any) -> dict[str, str]:
    return {"code": d.code, "name": d.name}


@router.get("/plans", response=list[PlanOut])
def list_plans(request: HttpRequest) -> Any:
    """The plans the caller may see (the default one first)."""
    return restrict_queryset(Plan.objects.all(), request.user)


@router.get("/plans/{plan_id}/measures", response=list[MeasureOut])
def list_measures(request: HttpRequest, plan_id: int) -> list[dict[str, Any]]:
    plan = _plan(request, plan_id)
    qs = restrict_queryset(Measure.objects.filter(plan=plan), request.user).select_related("lead_department")
    return [
        {
            "id": m.pk,
            "number": m.number,
            "label": m.label,
            "chapter": m.chapter,
            "title": m.title,
            "lead_department": _dept(m.lead_department),
            "co_departments": [_dept(d) for d in m.co_departments.order_by("code")],
        }
        for m in qs.prefetch_related("co_departments")
    ]


@router.get("/plans/{plan_id}/indicators", response=list[IndicatorOut])
def list_indicators(request: HttpRequest, plan_id: int) -> list[dict[str, Any]]:
    """Each indicator with its current value, status (and the rule), as-of date and source."""
    plan = _plan(request, plan_id)
    qs = restrict_queryset(Indicator.objects.filter(plan=plan), request.user).select_related(
        "plan", "responsible_department"
    )
    rows = []
    for ind in qs:
        now = indicators.current(ind, user=request.user)
        rows.append(
            {
                "id": ind.pk,
                "code": ind.code,
                "name": ind.name,
                "unit": ind.unit,
                "direction": ind.direction,
                "target_value": ind.target_value,
                "target_text": ind.target_text,
                "target_year": ind.target_year,
                "baseline_value": ind.baseline_value,
                "baseline_year": ind.baseline_year,
                "responsible_department": _dept(ind.responsible_department),
                "measure_id": ind.measure_id,
                "source": ind.kind,
                "source_key": ind.source,
                "value": now.value,
                "as_of": now.as_of,
                "status": now.status,
                "status_label": now.status_label,
                "rule": now.rule_text,
                "note": now.note,
                "drill_url": request.build_absolute_uri(now.drill_url) if now.drill_url else "",
            }
        )
    return rows


def _report_out(report: ProgressReport) -> dict[str, Any]:
    return {
        "id": report.pk,
        "measure": report.measure.number,
        "department": report.department.code,
        "period": report.period,
        "due_on": report.due_on,
        "status": report.status,
        "submitted_at": report.submitted_at,
        "late": reports.is_late(report),
        "values": report.values.count(),
        "evidence": report.attachments.count(),
    }


def _error(status: int, code: str, message: str, details: list[dict[str, str]] | None = None) -> Status:
    return Status(status, {"code": code, "message": message, "details": details or []})


@router.post(
    "/plans/{plan_id}/reports",
    response={200: ReportOut, 201: ReportOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
)
def file_report(request: HttpRequest, plan_id: int, payload: ReportIn) -> Any:
    """File the caller's department's report on a measure for a period."""
    from django.utils.translation import gettext as _

    user: Any = request.user
    plan = _plan(request, plan_id)
    if not user_can(user, ProgressReport, "add") or user.department_id is None:
        raise PermissionDenied
    measure = get_object_or_404(Measure.objects.filter(plan=plan), number=payload.measure)
    if user.department_id not in {d.pk for d in reports.departments_of(measure)}:
        return _error(
            403,
            "not_your_measure",
            _("{department} is not responsible for measure {measure}.").format(
                department=user.department, measure=measure
            ),
        )
    period = reports.parse_period(payload.period)
    values = []
    unknown = []
    by_code = {i.code: i for i in Indicator.objects.filter(plan=plan)}
    for item in payload.values:
        ind = by_code.get(item.indicator)
        if ind is None:
            unknown.append(
                {"field": "values", "message": _("No indicator {code}.").format(code=item.indicator)}
            )
            continue
        values.append(reports.ValueInput(ind, item.value, item.unit, item.as_of, item.note))
    if unknown:
        return _error(422, "validation_error", _("The data is not valid."), unknown)
    report, created = ProgressReport.objects.get_or_create(
        measure=measure,
        department_id=user.department_id,
        period=period.code,
        defaults={
            "plan": plan,
            "period_start": period.start,
            "period_end": period.end,
            "due_on": reports.due_on(period.end),
        },
    )
    if report.status not in reports.EDITABLE:
        return _error(409, "not_editable", _("This report is already with the bureau or accepted."))
    step = reports.submit if payload.submit else reports.save_draft
    try:
        report = step(report, actor=user, work_done=payload.work_done, figures=payload.figures, values=values)
    except ValidationError:
        if created:
            report.delete()
        raise
    return Status(201 if created else 200, _report_out(report))


@router.post(
    "/plans/{plan_id}/reports/{report_id}/evidence",
    response={200: ReportOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
)
def add_evidence(request: HttpRequest, plan_id: int, report_id: int, files: File[list[UploadedFile]]) -> Any:
    """Attach evidence files to a report still with the department (draft or returned)."""
    user: Any = request.user
    plan = _plan(request, plan_id)
    report = get_object_or_404(
        restrict_queryset(ProgressReport.objects.filter(plan=plan), user, "change"), pk=report_id
    )
    if report.status not in reports.EDITABLE:
        from django.utils.translation import gettext as _

        return _error(409, "not_editable", _("This report is already with the bureau or accepted."))
    report = reports.save_draft(report, actor=user, files=files)
    return _report_out(report)

"""The progress-report workflow pages: the department's list and report form (tablet and
desktop), the bureau's review (return with comments / accept with a score), late and missing
reports, and the evidence download. Every step calls `plan.reports`."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from qualitycity.core.choices import Role
from qualitycity.core.permissions import restrict_queryset, user_can
from qualitycity.plan import reports
from qualitycity.plan.forms import PeriodForm, ReportForm, ReviewForm
from qualitycity.plan.models import Plan, ProgressReport

RELATED = ("plan", "department", "measure", "measure__lead_department")


def _reports(user: Any, action: str = "view") -> Any:
    return restrict_queryset(ProgressReport.objects.all(), user, action).select_related(*RELATED)


def _add_errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            field = "evidence" if field == "files" else field
            target = field if field in form.fields else None
            for message in errors:
                form.add_error(target, message)
    else:
        for message in exc.messages:
            form.add_error(None, message)


@login_required
def my_reports(request: HttpRequest) -> HttpResponse:
    """The department's reports: open ones first (by due date), then the rest."""
    user: Any = request.user
    if user.department_id is None or not user_can(user, ProgressReport, "change"):
        raise PermissionDenied
    qs = _reports(user, "change").filter(department_id=user.department_id)
    today = timezone.localdate()
    open_reports = qs.filter(status__in=reports.EDITABLE).order_by("due_on", "measure__number")
    rows = [(r, reports.is_missing(r, today)) for r in open_reports]
    done = qs.exclude(status__in=reports.EDITABLE).order_by("-period_end", "measure__number")[:100]
    return render(request, "plan/my_reports.html", {"rows": rows, "done": done, "today": today})


@login_required
@require_http_methods(["GET", "POST"])
def report_fill(request: HttpRequest, pk: int) -> HttpResponse:
    """The department's report form: save a draft or submit to the bureau."""
    user: Any = request.user
    report = get_object_or_404(_reports(user, "change"), pk=pk)
    if user.department_id != report.department_id:
        raise PermissionDenied
    if report.status not in reports.EDITABLE:
        messages.info(request, _("This report is with the bureau or accepted."))
        return redirect(report.get_absolute_url())
    indicators = list(reports.reportable_indicators(report).order_by("order", "code"))
    form = ReportForm(request.POST or None, request.FILES or None, report=report, indicators=indicators)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        step = reports.submit if "submit" in request.POST else reports.save_draft
        try:
            step(
                report,
                actor=user,
                work_done=data["work_done"],
                figures=data["figures"],
                values=form.values(),
                files=data["evidence"],
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            if step is reports.submit:
                messages.success(request, _("The report was submitted to the bureau."))
                return redirect(report.get_absolute_url())
            messages.success(request, _("Draft saved."))
            return redirect("plan:report_fill", pk=report.pk)
    context = {
        "report": report,
        "form": form,
        "attachments": report.attachments.all(),
        "is_missing": reports.is_missing(report),
    }
    return render(request, "plan/report_form.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def report_review(request: HttpRequest, pk: int) -> HttpResponse:
    """The bureau's review: return with comments, or accept with a quality score."""
    user: Any = request.user
    if not reports.can_review(user):
        raise PermissionDenied
    report = get_object_or_404(_reports(user, "change"), pk=pk)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == "return":
                reports.return_report(report, actor=user, comment=data["comment"])
                messages.success(request, _("The report was returned to the department."))
            else:
                reports.accept(
                    report, actor=user, quality_score=data["quality_score"], comment=data["comment"]
                )
                messages.success(request, _("The report was accepted."))
        except ValidationError as exc:
            _add_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc) or _("You may not review this report."))
        else:
            return redirect(report.get_absolute_url())
    context = {
        "report": report,
        "form": form,
        "values": report.values.select_related("indicator"),
        "attachments": report.attachments.all(),
        "is_late": reports.is_late(report),
    }
    return render(request, "plan/report_review.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def late_missing(request: HttpRequest) -> HttpResponse:
    """Late and missing reports, for the bureau; staff may open the reports of a period."""
    user: Any = request.user
    if user.role not in (Role.STAFF, Role.LEADER) or not user_can(user, ProgressReport, "view"):
        raise PermissionDenied
    plans = Plan.objects.all()
    plan = plans.filter(pk=request.GET.get("plan") or 0).first() or plans.first()
    form = PeriodForm(request.POST or None)
    if request.method == "POST":
        if not (user.role == Role.STAFF and user_can(user, ProgressReport, "add")) or plan is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                made = reports.ensure_reports(plan, form.cleaned_data["period"])
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("{n} reports are expected for this period.").format(n=len(made)))
                return redirect(f"{request.path}?plan={plan.pk}")
    today = timezone.localdate()
    qs = _reports(user).filter(plan=plan) if plan else ProgressReport.objects.none()
    context = {
        "plan": plan,
        "plans": plans,
        "form": form,
        "missing": reports.missing_reports(qs, today).order_by(
            "due_on", "department__code", "measure__number"
        ),
        "late": reports.late_reports(qs).order_by("-period_end", "department__code", "measure__number"),
        "can_open": user.role == Role.STAFF and user_can(user, ProgressReport, "add"),
        "suggested": reports.last_ended_period(today, plan.report_frequency) if plan else None,
        "today": today,
    }
    return render(request, "plan/late_missing.html", context)


@login_required
def evidence(request: HttpRequest, pk: int, attachment: int) -> FileResponse:
    """An evidence file of a report the user may see."""
    report = get_object_or_404(_reports(request.user), pk=pk)
    item = get_object_or_404(report.attachments.all(), pk=attachment)
    return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.name)


urlpatterns = [
    path("my-reports/", my_reports, name="my_reports"),
    path("reports/late-and-missing/", late_missing, name="late_missing"),
    path("reports/<int:pk>/fill/", report_fill, name="report_fill"),
    path("reports/<int:pk>/review/", report_review, name="report_review"),
    path("reports/<int:pk>/evidence/<int:attachment>/", evidence, name="report_evidence"),
]

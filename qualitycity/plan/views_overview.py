"""The city overview (一屏观全域), the assessment (督导考核) and the summary report to the city
government (重大事项), for whichever plan is selected.

- `plan:overview` — normal page, or full-screen for projectors and large displays with
  `?display=1`; it polls `plan:overview_data` every 60 s and re-renders without a reload.
- `plan:overview_late_reports` — the reports behind the "past due, not submitted" alert.
- `plan:assessment` — the scheme form (weights summing to 100), the ranking table and bar
  chart, a print stylesheet, and `?export=xlsx`.
- `plan:assessment_summary` — the summary report generated from the current data (printable)."""

from __future__ import annotations

import tempfile
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qualitycity.core import audit
from qualitycity.core.choices import AuditAction, Role
from qualitycity.core.permissions import restrict_queryset, user_can
from qualitycity.core.spreadsheets import write_xlsx
from qualitycity.plan import assessment, overview
from qualitycity.plan.choices import IndicatorStatus
from qualitycity.plan.models import AssessmentScheme, Indicator, Plan

POLL_SECONDS = 60
#: roles that see the overview (everyone working inside the government; not enterprises)
OVERVIEW_ROLES = (Role.LEADER, Role.STAFF, Role.INSPECTOR, Role.COUNTY_OFFICER, Role.REPORTER)


def _require(user: Any, model: type, action: str = "view") -> None:
    if getattr(user, "role", None) not in OVERVIEW_ROLES or not user_can(user, model, action):
        raise PermissionDenied


def _plans(user: Any) -> Any:
    return restrict_queryset(Plan.objects.select_related("division"), user)


def _selected_plan(request: HttpRequest) -> Plan:
    plans = _plans(request.user)
    pk = request.GET.get("plan") or request.POST.get("plan")
    if pk and str(pk).isdigit():
        return get_object_or_404(plans, pk=int(pk))
    plan = plans.first()
    if plan is None:
        raise PermissionDenied(_("No quality plan is entered yet."))
    return plan


# ---------------------------------------------------------------- overview


@login_required
def overview_page(request: HttpRequest) -> HttpResponse:
    """The overview for leaders: normal, or full-screen with ?display=1."""
    _require(request.user, Indicator)
    plan = _selected_plan(request)
    data = overview.cached_overview(plan, request.user)
    display = request.GET.get("display") == "1"
    context = {
        "plan": plan,
        "plans": _plans(request.user),
        "data": data,
        "display": display,
        "poll_seconds": POLL_SECONDS,
        "data_url": f"{reverse('plan:overview_data')}?plan={plan.pk}",
        "normal_url": f"{reverse('plan:overview')}?plan={plan.pk}",
        "display_url": f"{reverse('plan:overview')}?plan={plan.pk}&display=1",
        "assessment_url": f"{reverse('plan:assessment')}?plan={plan.pk}",
        "summary_url": f"{reverse('plan:assessment_summary')}?plan={plan.pk}",
    }
    template = "plan/overview_display.html" if display else "plan/overview_page.html"
    return render(request, template, context)


@login_required
def overview_json(request: HttpRequest) -> JsonResponse:
    """The overview's data, polled by the page, from its snapshot (`?fresh=1` computes it now)."""
    _require(request.user, Indicator)
    plan = _selected_plan(request)
    data = overview.cached_overview(plan, request.user, refresh=request.GET.get("fresh") == "1")
    response = JsonResponse(data)
    response["Cache-Control"] = "no-store"
    return response


@login_required
def late_reports_page(request: HttpRequest, plan_pk: int) -> HttpResponse:
    """Reports of the plan past their due date and not submitted (the alert's records)."""
    _require(request.user, Indicator)
    plan = get_object_or_404(_plans(request.user), pk=plan_pk)
    department = request.GET.get("department")
    rows = overview.late_reports(
        plan, request.user, timezone.localdate(), department if department and department.isdigit() else None
    )
    return render(
        request,
        "plan/overview_late_reports.html",
        {"plan": plan, "rows": rows, "overview_url": f"{reverse('plan:overview')}?plan={plan.pk}"},
    )


# ---------------------------------------------------------------- assessment


class SchemeForm(forms.Form):
    """The four weights of the year's scheme (percent, summing to 100)."""

    weight_indicators = forms.IntegerField(
        label=gettext_lazy("indicator attainment (%)"), min_value=0, max_value=100
    )
    weight_timeliness = forms.IntegerField(
        label=gettext_lazy("report timeliness (%)"), min_value=0, max_value=100
    )
    weight_quality = forms.IntegerField(label=gettext_lazy("report quality (%)"), min_value=0, max_value=100)
    weight_progress = forms.IntegerField(
        label=gettext_lazy("measure progress (%)"), min_value=0, max_value=100
    )
    note = forms.CharField(
        label=gettext_lazy("note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if all(data.get(name) is not None for name in assessment.WEIGHT_FIELDS):
            try:
                assessment.validate_weights(data)
            except ValidationError as exc:
                raise forms.ValidationError(exc.messages) from exc
        return data


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("year") or request.POST.get("year") or ""
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else timezone.localdate().year


def can_edit_scheme(user: Any) -> bool:
    return getattr(user, "role", None) == Role.STAFF and user_can(user, AssessmentScheme, "change")


def _score_rows(rows: list[assessment.DepartmentScore]) -> list[list[Any]]:
    def num(v: Any) -> float | None:
        return float(v) if v is not None else None

    return [
        [
            r.rank,
            str(r.department.short_name or r.department.name),
            num(r.indicators),
            num(r.timeliness),
            num(r.quality),
            num(r.progress),
            float(r.total),
        ]
        for r in rows
    ]


def _headers() -> list[str]:
    return [
        _("rank"),
        _("department"),
        _("indicator attainment (%)"),
        _("report timeliness (%)"),
        _("report quality"),
        _("measure progress (%)"),
        _("total"),
    ]


def _export(
    request: HttpRequest, plan: Plan, year: int, rows: list[assessment.DepartmentScore]
) -> HttpResponseBase:
    if not user_can(request.user, AssessmentScheme, "export"):
        raise PermissionDenied
    title = _("Assessment {year}").format(year=year)
    data = _score_rows(rows)
    audit.record(
        actor=request.user,
        action=AuditAction.EXPORT,
        object_type="plan.assessment",
        object_repr=f"{plan} {year}",
        message=f"xlsx {len(data)} rows",
        extra={"format": "xlsx", "rows": len(data), "plan": plan.pk, "year": year},
    )
    handle = tempfile.TemporaryFile()  # noqa: SIM115  (FileResponse closes it)
    write_xlsx(handle, _headers(), data, sheet_name=title, column_formats=None)
    handle.seek(0)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"{title}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@login_required
def assessment_page(request: HttpRequest) -> HttpResponseBase:
    """The year's scheme, the ranking with its formulas, a bar chart; printable and exportable."""
    _require(request.user, AssessmentScheme)
    plan = _selected_plan(request)
    year = _year(request)
    scheme = assessment.scheme_for(plan, year)
    initial = {name: getattr(scheme, name) for name in assessment.WEIGHT_FIELDS} | {"note": scheme.note}
    form = SchemeForm(initial=initial)
    if request.method == "POST":
        if not can_edit_scheme(request.user):
            raise PermissionDenied
        form = SchemeForm(request.POST)
        if form.is_valid():
            try:
                assessment.save_scheme(
                    actor=request.user,
                    plan=plan,
                    year=year,
                    weights={name: form.cleaned_data[name] for name in assessment.WEIGHT_FIELDS},
                    note=form.cleaned_data["note"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The assessment scheme of {year} was saved.").format(year=year))
                return redirect(f"{reverse('plan:assessment')}?plan={plan.pk}&year={year}")
    rows = assessment.scores(scheme, request.user)
    if request.GET.get("export") == "xlsx":
        return _export(request, plan, year, rows)
    chart = {
        "labels": [str(r.department.short_name or r.department.name) for r in rows],
        "total": [float(r.total) for r in rows],
        "name": _("total"),
    }
    context = {
        "plan": plan,
        "plans": _plans(request.user),
        "year": year,
        "years": list(range(plan.start_year, max(plan.target_year, timezone.localdate().year) + 1)),
        "scheme": scheme,
        "saved": scheme.pk is not None,
        "form": form,
        "can_edit": can_edit_scheme(request.user),
        "can_export": user_can(request.user, AssessmentScheme, "export"),
        "rows": rows,
        "chart": chart,
        "formulas": assessment.FORMULAS,
        "as_of": assessment.as_of_date(year),
        "summary_url": f"{reverse('plan:assessment_summary')}?plan={plan.pk}&year={year}",
        "overview_url": f"{reverse('plan:overview')}?plan={plan.pk}",
    }
    return render(request, "plan/assessment_page.html", context)


@login_required
def summary_page(request: HttpRequest) -> HttpResponse:
    """重大事项 summary to the city government, generated from the current data (printable)."""
    _require(request.user, Indicator)
    plan = _selected_plan(request)
    year = _year(request)
    today = timezone.localdate()
    data = overview.overview_data(plan, request.user, today)
    by_status: dict[str, list[dict[str, Any]]] = {s.value: [] for s in IndicatorStatus}
    for card in data["cards"]:
        by_status.setdefault(card["status"], []).append(card)
    scheme = assessment.scheme_for(plan, year)
    rows = assessment.scores(scheme, request.user) if user_can(request.user, AssessmentScheme, "view") else []
    context = {
        "plan": plan,
        "year": year,
        "today": today,
        "data": data,
        "status_counts": [
            {"status": s.value, "label": s.label, "n": len(by_status.get(s.value, []))}
            for s in IndicatorStatus
        ],
        "behind": by_status[IndicatorStatus.WARNING] + by_status[IndicatorStatus.MISSED],
        "alerts": [a for a in data["alerts"] if a["count"]],
        "rows": rows,
        "scheme": scheme,
        "overview_url": f"{reverse('plan:overview')}?plan={plan.pk}",
        "assessment_url": f"{reverse('plan:assessment')}?plan={plan.pk}&year={year}",
    }
    return render(request, "plan/assessment_summary.html", context)


urlpatterns = [
    path("overview/", overview_page, name="overview"),
    path("overview/data/", overview_json, name="overview_data"),
    path("overview/<int:plan_pk>/late-reports/", late_reports_page, name="overview_late_reports"),
    path("assessment/", assessment_page, name="assessment"),
    path("assessment/summary/", summary_page, name="assessment_summary"),
]

"""Core pages: home and to-do list, login, jobs, the audit trail, security settings, and the
generic views of the reference data."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qualitycity.core import audit, todo
from qualitycity.core.choices import AuditAction, ImportMode, JobStatus
from qualitycity.core.filters import (
    AuditRecordFilterSet,
    CalendarDayFilterSet,
    DepartmentFilterSet,
    DivisionFilterSet,
    IndustryFilterSet,
    RuleFilterSet,
    UserFilterSet,
)
from qualitycity.core.forms import (
    CalendarDayForm,
    DepartmentForm,
    DepartmentImportForm,
    DivisionForm,
    IndustryForm,
    RuleForm,
    SecurityPolicyForm,
    UserForm,
    UserImportForm,
)
from qualitycity.core.generic.registry import ModelConfig, register_model, register_model_view
from qualitycity.core.generic.views import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectHistoryView,
    ObjectImportView,
    ObjectListView,
)
from qualitycity.core.jobs import read_progress
from qualitycity.core.models import (
    AuditRecord,
    CalendarDay,
    Department,
    Division,
    Industry,
    Job,
    Rule,
    SecurityPolicy,
    User,
)
from qualitycity.core.permissions import user_can
from qualitycity.core.security import clear_policy_cache
from qualitycity.core.tables import (
    audit_table,
    calendar_day_table,
    department_table,
    division_table,
    industry_table,
    rule_table,
    user_table,
)

register_model(ModelConfig(Division, division_table, DivisionFilterSet, DivisionForm, url_path="divisions"))
register_model(ModelConfig(Industry, industry_table, IndustryFilterSet, IndustryForm, url_path="industries"))
register_model(
    ModelConfig(
        Department,
        department_table,
        DepartmentFilterSet,
        DepartmentForm,
        import_form=DepartmentImportForm,
        url_path="departments",
        import_key="code",
    )
)
register_model(
    ModelConfig(
        CalendarDay, calendar_day_table, CalendarDayFilterSet, CalendarDayForm, url_path="calendar-days"
    )
)
register_model(ModelConfig(Rule, rule_table, RuleFilterSet, RuleForm, url_path="rules"))
register_model(
    ModelConfig(
        User,
        user_table,
        UserFilterSet,
        UserForm,
        import_form=UserImportForm,
        url_path="users",
        import_key="username",
        personal_fields={"phone": "mask_phone"},
    )
)
register_model(ModelConfig(AuditRecord, audit_table, AuditRecordFilterSet, url_path="audit-records"))

for _model in (Division, Industry, Department, CalendarDay, Rule, User):
    register_model_view(_model, "list")(ObjectListView)
    register_model_view(_model, "add")(ObjectEditView)
    register_model_view(_model, "detail")(ObjectDetailView)
    register_model_view(_model, "edit")(ObjectEditView)
    register_model_view(_model, "history")(ObjectHistoryView)
for _model in (CalendarDay, Rule, User, Department):
    register_model_view(_model, "delete")(ObjectDeleteView)
for _model in (Department, User):
    register_model_view(_model, "import")(ObjectImportView)


@register_model_view(AuditRecord, "list")
class AuditRecordListView(ObjectListView):
    """The audit trail: only the audit administrator reads (and exports) all of it."""


@register_model_view(AuditRecord, "detail")
class AuditRecordDetailView(ObjectDetailView):
    pass


class LoginView(auth_views.LoginView):
    template_name = "core/login.html"
    redirect_authenticated_user = True


def lockout(request: HttpRequest, credentials: Any = None, *args: Any, **kwargs: Any) -> HttpResponse:
    """Shown when too many failed logins locked the account."""
    from qualitycity.core.security import policy

    context = {"minutes": policy().lockout_minutes}
    return render(request, "core/lockout.html", context, status=403)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The modules the user can open and their pending work (待办)."""
    from qualitycity.core.services import missing_calendar_years

    context = {
        "todo_items": todo.items_for(request.user),
        "panels": todo.panels_for(request.user),
        "missing_years": missing_calendar_years() if user_can(request.user, CalendarDay, "view") else [],
    }
    return render(request, "core/home.html", context)


def _own_job(request: HttpRequest, pk: int) -> Job:
    job = get_object_or_404(Job.objects.select_related("owner"), pk=pk)
    if job.owner_id != request.user.pk:
        raise Http404
    return job


@login_required
def job_list(request: HttpRequest) -> HttpResponse:
    jobs = Job.objects.filter(owner_id=request.user.pk)[:100]
    return render(request, "core/job_list.html", {"jobs": jobs})


@login_required
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A job's progress (the bar polls `?partial=1` while it runs), result and errors."""
    job = _own_job(request, pk)
    done, total = read_progress(job)
    percent = 100 if job.status == JobStatus.SUCCEEDED else (min(100, done * 100 // total) if total else 0)
    context = {"job": job, "done": done, "total": total, "percent": percent, "modes": ImportMode}
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "core/_job_status.html", context)
    return render(request, "core/job_detail.html", context)


@login_required
@require_POST
def job_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    from qualitycity.core.generic.importing import confirm_import

    job = _own_job(request, pk)
    try:
        confirm_import(job, request.POST.get("mode", ""), actor=request.user)
    except PermissionDenied:
        messages.error(request, _("This import cannot be confirmed in its current state."))
    return redirect("core:job_detail", pk=job.pk)


@login_required
def job_download(request: HttpRequest, pk: int) -> FileResponse:
    job = _own_job(request, pk)
    if not job.result_file:
        raise Http404
    return FileResponse(open(job.result_file, "rb"), as_attachment=True, filename=job.result_name)


@login_required
def security_policy(request: HttpRequest) -> HttpResponse:
    """The security administrator's settings: password, lockout and session policy."""
    if not user_can(request.user, SecurityPolicy, "change"):
        raise PermissionDenied
    policy = SecurityPolicy.current()
    before = audit.snapshot(policy)
    form = SecurityPolicyForm(request.POST or None, instance=policy)
    if request.method == "POST" and form.is_valid():
        from django.db import transaction

        with transaction.atomic():
            form.save()
            audit.record(
                actor=request.user,
                action=AuditAction.SETTINGS,
                obj=policy,
                before=before,
                after=audit.snapshot(policy),
            )
        clear_policy_cache()
        messages.success(request, _("Security policy saved."))
        return redirect("core:security_policy")
    return render(request, "core/security_policy.html", {"form": form})


@login_required
def audit_verify(request: HttpRequest) -> HttpResponse:
    """The audit administrator checks the chain from the browser."""
    if not user_can(request.user, AuditRecord, "view"):
        raise PermissionDenied
    result = audit.verify()
    return render(request, "core/audit_verify.html", {"result": result})


@todo.register
def _jobs_awaiting_confirmation(user: Any) -> list[todo.TodoItem]:
    """Imports the user checked but has not yet confirmed."""
    from django.urls import reverse

    waiting = Job.objects.filter(owner_id=user.pk, status=JobStatus.AWAITING_CONFIRMATION)
    return [
        todo.TodoItem(
            title=_("Confirm or cancel: {name}").format(name=job.name),
            url=reverse("core:job_detail", args=[job.pk]),
            module="core",
        )
        for job in waiting[:20]
    ]

"""The archive on the entity page, the 企业质量信用报告 (xlsx and printable), and joint
punishment: restricted entities per action, and the notices departments receive."""

from __future__ import annotations

import tempfile
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qualitycity.core import audit, todo
from qualitycity.core.choices import AuditAction, Role
from qualitycity.core.generic.tables import display
from qualitycity.core.masking import mask_name
from qualitycity.core.permissions import restrict_queryset, user_can
from qualitycity.core.spreadsheets import write_xlsx
from qualitycity.credit import punishment
from qualitycity.credit.choices import CreditEventKind, RestrictedAction
from qualitycity.credit.models import CreditEvent, JointPunishmentNotice, ListEntry, RiskAssessment
from qualitycity.registry.models import Entity
from qualitycity.registry.sections import Section, register_entity_section

TIMELINE_SIZE = 50


def _events_for(user: Any, entity: Entity) -> Any:
    return restrict_queryset(CreditEvent.objects.filter(entity=entity), user)


@register_entity_section
def archive_section(entity: Entity, user: Any) -> Section | None:
    """The entity's quality-integrity archive: a timeline of its events, filterable by kind."""
    if not user_can(user, CreditEvent, "view"):
        return None
    events = _events_for(user, entity)
    kinds = sorted(set(events.order_by().values_list("kind", flat=True).distinct()))
    return Section(
        title=_("Quality-integrity archive"),
        template="credit/archive/_section.html",
        context={
            "entity": entity,
            "events": list(events.order_by("-occurred_on", "-pk")[:TIMELINE_SIZE]),
            "total": events.count(),
            "kinds": [(k, CreditEventKind(k).label) for k in kinds],
            "all_url": reverse("credit:creditevent_list") + f"?entity_id={entity.pk}",
            "report_url": reverse("credit:entity_report", args=[entity.pk]),
        },
        order=10,
    )


def _entity_for(request: HttpRequest, pk: int) -> Entity:
    if not user_can(request.user, Entity, "view"):
        raise PermissionDenied
    return get_object_or_404(restrict_queryset(Entity.objects.all(), request.user), pk=pk)


def report_data(entity: Entity, user: Any) -> dict[str, Any]:
    """What the credit report shows; the risk class only for internal users (it is not public)."""
    internal = user.role not in (Role.ENTERPRISE,)
    lists = list(ListEntry.objects.filter(entity=entity).order_by("-listed_on"))
    risk = RiskAssessment.objects.filter(entity=entity, is_current=True).first() if internal else None
    return {
        "entity": entity,
        "representative": mask_name(entity.legal_representative),
        "events": list(_events_for(user, entity).order_by("-occurred_on", "-pk")),
        "lists": lists,
        "current_lists": [e for e in lists if e.status == "listed"],
        "risk": risk,
        "internal": internal,
        "generated_at": timezone.localtime(),
        "restrictions": {
            str(label): punishment.restrictions(entity, action) for action, label in RestrictedAction.choices
        },
    }


@login_required
def entity_report(request: HttpRequest, pk: int) -> HttpResponseBase:
    """企业质量信用报告: a printable page, or `?format=xlsx`. The export is audited."""
    entity = _entity_for(request, pk)
    data = report_data(entity, request.user)
    if request.GET.get("format") == "xlsx":
        return _report_xlsx(request, data)
    return render(request, "credit/archive/report.html", data)


def _report_xlsx(request: HttpRequest, data: dict[str, Any]) -> FileResponse:
    entity = data["entity"]
    rows: list[list[Any]] = [
        [_("unified social credit code"), entity.uscc],
        [_("entity name"), entity.name],
        [_("legal representative"), data["representative"]],
        [_("registration status"), entity.get_registration_status_display()],
        [_("county"), entity.county.name],
        [_("report generated at"), display(data["generated_at"])],
    ]
    if data["risk"]:
        rows.append([_("risk class"), f"{data['risk'].risk_class} ({data['risk'].score})"])
    for entry in data["lists"]:
        rows.append(
            [
                entry.get_kind_display(),
                f"{entry.get_status_display()} · {entry.get_ground_display()} · {entry.listed_on}",
            ]
        )
    rows.append([])
    rows.append([_("date"), _("kind"), _("severity"), _("summary"), _("source module")])
    for event in data["events"]:
        rows.append(
            [
                event.occurred_on,
                event.get_kind_display(),
                event.get_severity_display(),
                event.summary,
                event.source_app,
            ]
        )
    handle = tempfile.TemporaryFile()  # noqa: SIM115  (FileResponse closes it)
    write_xlsx(handle, [_("Enterprise quality credit report"), ""], rows)
    handle.seek(0)
    audit.record(actor=request.user, action=AuditAction.EXPORT, obj=entity, message="credit report xlsx")
    filename = _("{name} quality credit report.xlsx").format(name=entity.name)
    return FileResponse(handle, as_attachment=True, filename=filename)


ACTION_LABELS = dict(RestrictedAction.choices)


@login_required
def restricted_list(request: HttpRequest) -> HttpResponse:
    """Entities restricted for one action, within the user's scope."""
    if not user_can(request.user, Entity, "view") or not user_can(request.user, CreditEvent, "view"):
        raise PermissionDenied
    action = request.GET.get("action") or RestrictedAction.QUALITY_AWARD
    if action not in ACTION_LABELS:
        action = RestrictedAction.QUALITY_AWARD
    entities = restrict_queryset(punishment.restricted_entities(action), request.user).select_related(
        "county"
    )
    page = Paginator(entities.order_by("name", "pk"), 50).get_page(request.GET.get("page"))
    rows = [(e, punishment.restrictions(e, action)) for e in page.object_list]
    context = {
        "actions": RestrictedAction.choices,
        "action": action,
        "action_label": ACTION_LABELS[action],
        "page": page,
        "rows": rows,
    }
    return render(request, "credit/punishment/restricted.html", context)


@login_required
def notice_list(request: HttpRequest) -> HttpResponse:
    """Joint-punishment notices addressed to the user's department (or all, for city staff)."""
    if (
        not user_can(request.user, JointPunishmentNotice, "view")
        and getattr(request.user, "role", "") != Role.REPORTER
    ):
        raise PermissionDenied
    notices = _notices_for(request.user).select_related("rule", "entity", "department")
    page = Paginator(notices, 50).get_page(request.GET.get("page"))
    return render(request, "credit/punishment/notices.html", {"page": page})


def _notices_for(user: Any) -> Any:
    """A department reporter sees the notices to their department; bureau roles by scope."""
    if user.role == Role.REPORTER:
        return JointPunishmentNotice.objects.filter(department_id=user.department_id)
    return restrict_queryset(JointPunishmentNotice.objects.all(), user)


@login_required
@require_POST
def notice_read(request: HttpRequest, pk: int) -> HttpResponse:
    notice = get_object_or_404(_notices_for(request.user), pk=pk)
    punishment.mark_notice_read(actor=request.user, notice=notice)
    return redirect("credit:notice_list")


@todo.register
def _unread_notices(user: Any) -> list[todo.TodoItem]:
    if not user.is_authenticated or (
        user.role != Role.REPORTER and not user_can(user, JointPunishmentNotice, "view")
    ):
        return []
    unread = _notices_for(user).filter(read_at__isnull=True).count()
    if not unread:
        return []
    return [
        todo.TodoItem(
            title=_("Unread joint-punishment notices"), url=reverse("credit:notice_list"), count=unread
        )
    ]


urlpatterns = [
    path("market-entities/<int:pk>/report/", entity_report, name="entity_report"),
    path("restricted-entities/", restricted_list, name="restricted_list"),
    path("joint-punishment-notices/", notice_list, name="notice_list"),
    path("joint-punishment-notices/<int:pk>/read/", notice_read, name="notice_read"),
]

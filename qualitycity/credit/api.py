"""Credit endpoints: an entity's archive and its joint-punishment restrictions."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router

from qualitycity.core.permissions import restrict_queryset, user_can
from qualitycity.credit import punishment
from qualitycity.credit.choices import CreditEventKind, RestrictedAction
from qualitycity.credit.models import CreditEvent
from qualitycity.credit.schemas import ArchiveOut, RestrictionsOut
from qualitycity.registry.models import Entity
from qualitycity.registry.validators import uscc_or_field_error

router = Router(tags=["credit"])


def _entity(request: HttpRequest, uscc: str) -> Entity:
    if not user_can(request.user, Entity, "view"):
        raise PermissionDenied
    code = uscc_or_field_error(uscc)
    return get_object_or_404(restrict_queryset(Entity.objects.all(), request.user), uscc=code)


@router.get("/entities/{uscc}/archive", response=ArchiveOut)
def archive(
    request: HttpRequest, uscc: str, kind: str | None = None, since: dt.date | None = None, limit: int = 200
) -> dict:
    """The entity's quality-integrity archive, newest first."""
    entity = _entity(request, uscc)
    if not user_can(request.user, CreditEvent, "view"):
        raise PermissionDenied
    events = restrict_queryset(CreditEvent.objects.filter(entity=entity), request.user)
    if kind:
        if kind not in CreditEventKind.values:
            raise ValidationError({"kind": [f"unknown kind; one of {', '.join(CreditEventKind.values)}"]})
        events = events.filter(kind=kind)
    if since:
        events = events.filter(occurred_on__gte=since)
    limit = min(max(limit, 1), 1000)
    rows = list(events.order_by("-occurred_on", "-pk")[:limit])
    return {
        "uscc": entity.uscc,
        "name": entity.name,
        "count": events.count(),
        "events": [
            {
                "id": e.pk,
                "kind": e.kind,
                "kind_label": str(e.get_kind_display()),
                "occurred_on": e.occurred_on,
                "severity": e.severity,
                "summary": e.summary,
                "source_app": e.source_app,
                "is_public": e.is_public,
                "public_until": e.public_until,
            }
            for e in rows
        ],
    }


@router.get("/entities/{uscc}/restrictions", response=RestrictionsOut)
def restrictions(request: HttpRequest, uscc: str, action: str, on: dt.date | None = None) -> dict:
    """Whether a joint-punishment rule blocks `action` for the entity, with the reasons."""
    entity = _entity(request, uscc)
    if action not in RestrictedAction.values:
        raise ValidationError({"action": [f"unknown action; one of {', '.join(RestrictedAction.values)}"]})
    day = on or timezone.localdate()
    found = punishment.restrictions(entity, action, on=day)
    return {
        "uscc": entity.uscc,
        "action": action,
        "on": day,
        "restricted": bool(found),
        "restrictions": [
            {
                "rule": r.rule.name,
                "condition": r.rule.condition,
                "reason": r.reason,
                "legal_basis": r.rule.legal_basis,
            }
            for r in found
        ],
    }

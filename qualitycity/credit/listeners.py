"""What follows a change: joint-punishment notices after an archive change, and a
registration-change event in the archive after an entity's register data changes."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from qualitycity.core.masking import mask_name, mask_phone
from qualitycity.credit.choices import CreditEventKind, Severity
from qualitycity.credit.events import on_events_changed, record_event
from qualitycity.credit.punishment import refresh_notices
from qualitycity.registry.hooks import on_entity_changed, register_api_extra

#: Register fields whose change is a fact of the archive (登记变更).
ARCHIVED_FIELDS = (
    "name",
    "legal_representative",
    "address",
    "operating_address",
    "registration_status",
    "entity_type",
    "registered_capital",
    "industry",
    "county",
    "township",
)


#: Personal data is masked in archive events, which may be published.
PERSONAL = {"legal_representative": mask_name, "contact_phone": mask_phone}


@on_events_changed
def _refresh_joint_punishment_notices(entity_ids: list[int]) -> None:
    refresh_notices(actor=None, entity_ids=entity_ids)


@on_entity_changed
def _record_registration_change(entity: Any, changes: dict[str, Any], actor: Any) -> None:
    """One registration-change event per changed field (the risk model counts changes of
    legal representative and address)."""
    today = timezone.localdate()
    for field in ARCHIVED_FIELDS:
        if field not in changes:
            continue
        before, after = changes[field]
        if field in PERSONAL:
            before, after = PERSONAL[field](str(before or "")), PERSONAL[field](str(after or ""))
        record_event(
            actor=actor,
            entity=entity,
            kind=CreditEventKind.REGISTRATION_CHANGE,
            occurred_on=today,
            severity=Severity.INFO,
            summary=f"{entity._meta.get_field(field).verbose_name}: {before or '—'} → {after or '—'}",
            source_app="registry",
            is_public=True,
            details={"field": field, "before": str(before or ""), "after": str(after or "")},
        )


@register_api_extra
def _credit_fields(entity: Any, user: Any) -> dict[str, Any]:
    """The entity's current class (internal users only: the class is not public) and lists."""
    from qualitycity.core.choices import Role
    from qualitycity.core.permissions import user_can
    from qualitycity.credit.models import ListEntry, RiskAssessment

    extra: dict[str, Any] = {}
    if user_can(user, RiskAssessment, "view") and user.role != Role.ENTERPRISE:
        current = RiskAssessment.objects.filter(entity=entity, is_current=True).first()
        extra["risk_class"] = current.risk_class if current else None
    if user_can(user, ListEntry, "view"):
        extra["lists"] = [
            {
                "kind": e.kind,
                "ground": e.ground,
                "listed_on": e.listed_on.isoformat(),
                "decision_number": e.decision_number,
            }
            for e in ListEntry.objects.filter(entity=entity, status="listed").order_by("-listed_on")
        ]
    return extra

"""Writing the archive: every module records its facts here (through `credit.services`)."""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Any

from django.db import transaction

from qualitycity.core import audit
from qualitycity.credit.models import CreditEvent
from qualitycity.registry.models import Entity

#: Functions called (on commit) after an entity's events change, e.g. the risk re-score.
_listeners: list[Any] = []


def on_events_changed(fn: Any) -> Any:
    """Register `fn(entity_ids: list[int])`, called after the transaction that changed events."""
    _listeners.append(fn)
    return fn


def notify_events_changed(entity_ids: list[int]) -> None:
    ids = sorted(set(entity_ids))
    for listener in _listeners:
        transaction.on_commit(partial(listener, ids))


@transaction.atomic
def record_event(
    *,
    actor: Any,
    entity: Entity,
    kind: str,
    occurred_on: dt.date,
    summary: str,
    severity: str = "info",
    source: Any = None,
    source_app: str = "",
    is_public: bool = False,
    public_until: dt.date | None = None,
    details: dict[str, Any] | None = None,
) -> CreditEvent:
    """Add one fact to an entity's archive, with its audit record. Idempotent per source
    object and kind: recording the same source again updates the existing event."""
    source_model = source._meta.label_lower if source is not None else ""
    source_id = str(source.pk) if source is not None else ""
    app = source_app or (source._meta.app_label if source is not None else "")
    existing = None
    if source is not None:
        existing = CreditEvent.objects.filter(
            entity=entity, kind=kind, source_model=source_model, source_id=source_id
        ).first()
    before = audit.snapshot(existing) if existing else None
    event = existing or CreditEvent(entity=entity, kind=kind, created_by=actor if _is_user(actor) else None)
    event.occurred_on = occurred_on
    event.summary = summary[:300]
    event.severity = severity
    event.source_app = app
    event.source_model = source_model
    event.source_id = source_id
    event.is_public = is_public
    event.public_until = public_until
    event.details = details or {}
    if _is_user(actor):
        event.updated_by = actor
    event.save()
    audit.record_change(actor=actor, obj=event, before=before)
    notify_events_changed([entity.pk])
    return event


def _is_user(actor: Any) -> bool:
    return bool(getattr(actor, "is_authenticated", False))

"""Saving a model form the way every screen and API must: audited, scoped, in one transaction."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Model

from qualitycity.core import audit
from qualitycity.core.permissions import in_scope


def save_form(form: Any, *, actor: Any) -> Model:
    """Save a model form with its audit record; roll back if the result leaves the actor's scope."""
    with transaction.atomic():
        is_new = form.instance.pk is None
        before = (
            None if is_new else audit.snapshot(type(form.instance)._default_manager.get(pk=form.instance.pk))
        )
        obj = form.save(commit=False)
        if hasattr(obj, "updated_by_id"):
            obj.updated_by = actor
            if is_new:
                obj.created_by = actor
        obj.save()
        form.save_m2m()
        if not in_scope(obj, actor, "view"):
            raise PermissionDenied
        audit.record_change(actor=actor, obj=obj, before=before)
    return obj

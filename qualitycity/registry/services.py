"""Registry operations other apps and the API call."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from qualitycity.core.editing import save_form
from qualitycity.registry.forms import EntityForm
from qualitycity.registry.models import Entity


def save_entity(*, actor: Any, data: dict[str, Any], instance: Entity | None = None) -> Entity:
    """Create or update an entity through the same form and audit path as the web UI.

    Raises ValidationError with a field → messages dict when the data is invalid."""
    if instance is not None:
        merged = dict(EntityForm(instance=instance).initial.items())
        merged.update(data)
        data = merged
    form = EntityForm(data=data, instance=instance)
    if hasattr(form, "limit_to_user"):
        form.limit_to_user(actor)
    if not form.is_valid():
        raise ValidationError({k: list(v) for k, v in form.errors.items()})
    return save_form(form, actor=actor)  # type: ignore[return-value]  # EntityForm saves an Entity

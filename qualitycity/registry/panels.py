"""Home-page panels of the registry: market entities by county (a chart)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.utils.translation import gettext as _

from qualitycity.core.permissions import restrict_queryset, user_can
from qualitycity.core.todo import Panel, register_panel
from qualitycity.registry.choices import RegistrationStatus
from qualitycity.registry.models import Entity


@register_panel
def entities_by_county(user: Any) -> Panel | None:
    """Active entities per county, within the user's scope."""
    if not user_can(user, Entity, "view"):
        return None
    qs = restrict_queryset(Entity.objects.all(), user).filter(
        registration_status__in=[RegistrationStatus.EXISTING, RegistrationStatus.OPERATING]
    )
    rows = list(qs.values("county__name", "county__code").annotate(n=Count("pk")).order_by("county__code"))
    return Panel(
        title=_("Active market entities by county"),
        template="registry/_panel_by_county.html",
        context={
            "labels": [r["county__name"] for r in rows],
            "values": [r["n"] for r in rows],
            "total": sum(r["n"] for r in rows),
            "series_name": _("entities"),
        },
    )

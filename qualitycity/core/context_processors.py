"""Template context for the page shell: navigation by module, the user's role and division."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qualitycity.core.navigation import menu_for


def shell(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_menu": []}
    return {
        "nav_menu": menu_for(user, request.path),
        "home_url": reverse("core:home"),
        "site_name": _("QualityCity"),
    }

"""The left navigation: modules register their menu groups; items show only when permitted."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from qualitycity.core.permissions import user_can


@dataclass
class MenuItem:
    label: str | Promise
    url_name: str
    model: str = ""
    action: str = "view"
    check: Any = None


@dataclass
class MenuGroup:
    label: str | Promise
    icon: str
    items: list[MenuItem] = field(default_factory=list)
    order: int = 100


_groups: list[MenuGroup] = []


def register_menu(group: MenuGroup) -> MenuGroup:
    _groups.append(group)
    return group


def _allowed(user: Any, item: MenuItem) -> bool:
    if item.check is not None:
        return bool(item.check(user))
    if not item.model:
        return True
    return user_can(user, apps.get_model(item.model), item.action)


def menu_for(user: Any, current_path: str) -> list[dict[str, Any]]:
    menu = []
    for group in sorted(_groups, key=lambda g: g.order):
        items = []
        for item in group.items:
            if _allowed(user, item):
                url = reverse(item.url_name)
                items.append(
                    {"label": item.label, "url": url, "active": current_path.startswith(url) and url != "/"}
                )
        if items:
            menu.append({"label": group.label, "icon": group.icon, "items": items})
    return menu


register_menu(
    MenuGroup(
        _("Reference data"),
        "▦",
        [
            MenuItem(_("Divisions"), "core:division_list", "core.division"),
            MenuItem(_("Industries"), "core:industry_list", "core.industry"),
            MenuItem(_("Departments"), "core:department_list", "core.department"),
            MenuItem(_("Working-day calendar"), "core:calendarday_list", "core.calendarday"),
            MenuItem(_("Rule book"), "core:rule_list", "core.rule"),
        ],
        order=80,
    )
)
register_menu(
    MenuGroup(
        _("Administration"),
        "⚙",
        [
            MenuItem(_("Users"), "core:user_list", "core.user"),
            MenuItem(_("Security policy"), "core:security_policy", "core.securitypolicy", "change"),
            MenuItem(_("Audit trail"), "core:auditrecord_list", "core.auditrecord"),
            MenuItem(_("Verify audit chain"), "core:audit_verify", "core.auditrecord"),
            MenuItem(_("My background jobs"), "core:job_list"),
        ],
        order=90,
    )
)

"""Who may do what in random inspections, on top of the role permissions (one place, used by
the pages and the API alike).

- create and edit drafts, draw, publish: bureau staff and county officers (add + change);
- approve, redo: bureau leaders and staff;
- the risk class of targets and the pool download: bureau users only (leader, staff, county
  officer), never inspectors, enterprises or the portal."""

from __future__ import annotations

from typing import Any

from qualitycity.core.choices import Role
from qualitycity.core.permissions import user_can
from qualitycity.inspections.models import InspectionTask

BUREAU_ROLES = (Role.LEADER, Role.STAFF, Role.COUNTY_OFFICER)


def role_of(user: Any) -> str:
    return getattr(user, "role", "") if getattr(user, "is_authenticated", False) else ""


def is_bureau_user(user: Any) -> bool:
    """Leaders, staff and county officers: they see risk classes and the pool snapshot."""
    return role_of(user) in BUREAU_ROLES


def can_manage_tasks(user: Any) -> bool:
    """Create and edit drafts: who may add and change tasks (staff, county officers)."""
    return user_can(user, InspectionTask, "add") and user_can(user, InspectionTask, "change")


def can_approve(user: Any) -> bool:
    """Approval seals the seed: a bureau leader, or staff who may change tasks."""
    role = role_of(user)
    if role == Role.LEADER:
        return user_can(user, InspectionTask, "view")
    return role == Role.STAFF and user_can(user, InspectionTask, "change")


def can_draw(user: Any) -> bool:
    """Start the draw (and publish results): staff and county officers who may change tasks."""
    return role_of(user) in (Role.STAFF, Role.COUNTY_OFFICER) and user_can(user, InspectionTask, "change")


can_publish = can_draw
can_redo = can_approve

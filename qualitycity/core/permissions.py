"""Who may do what (role → permissions) and which rows they see (data scope).

This is the one place where permissions and data scope are decided: `restrict_queryset`
backs `Model.objects.restrict(user, action)`, which every view and API endpoint uses."""

from __future__ import annotations

from typing import Any, TypeVar

from django.contrib.auth.backends import BaseBackend
from django.db.models import Model, Q, QuerySet

from qualitycity.core.choices import Role

QS = TypeVar("QS", bound=QuerySet)

#: The domain apps: business data that bureau roles work on.
DOMAIN_APPS = (
    "registry",
    "credit",
    "inspections",
    "spotchecks",
    "complaints",
    "trace",
    "nqi",
    "brands",
    "plan",
)
#: Reference data maintained by the system administrator and read by everyone working.
REFERENCE_MODELS = ("core.division", "core.industry", "core.department", "core.calendarday", "core.rule")
ALL_ACTIONS = ("view", "add", "change", "delete", "import", "export")

_READ = ("view", "export")
_WORK = ("view", "add", "change", "import", "export")

#: Role → {"app" or "app.model": actions}. A model entry overrides its app's entry.
ROLE_PERMISSIONS: dict[str, dict[str, tuple[str, ...]]] = {
    Role.LEADER: {**dict.fromkeys(DOMAIN_APPS, _READ), **dict.fromkeys(REFERENCE_MODELS, ("view",))},
    Role.STAFF: {
        **dict.fromkeys(DOMAIN_APPS, (*_WORK, "delete")),
        **dict.fromkeys(REFERENCE_MODELS, ("view",)),
    },
    Role.INSPECTOR: {
        **dict.fromkeys(DOMAIN_APPS, ("view", "change", "export")),
        **dict.fromkeys(REFERENCE_MODELS, ("view",)),
    },
    Role.COUNTY_OFFICER: {
        **dict.fromkeys(DOMAIN_APPS, _WORK),
        **dict.fromkeys(REFERENCE_MODELS, ("view",)),
    },
    Role.REPORTER: {
        "plan": ("view", "change", "export"),
        "plan.progressreport": ("view", "add", "change", "export"),
        "plan.indicatorvalue": ("view", "add", "change", "export"),
        **dict.fromkeys(REFERENCE_MODELS, ("view",)),
    },
    Role.ENTERPRISE: {
        "registry.entity": ("view",),
        "registry.product": ("view",),
        "credit.creditevent": ("view",),
        "credit.listentry": ("view",),
        "credit.annualreport": ("view",),
        "credit.creditrepair": ("view", "add"),
        # Spot checks of its products: its samples and reports, the failed results served on it
        # (acknowledged on the platform) and its objections (data scope: `Scope.uscc`).
        "spotchecks.sample": ("view",),
        "spotchecks.testreport": ("view",),
        "spotchecks.samplenotice": ("view", "change"),
        "spotchecks.objection": ("view", "add"),
    },
    Role.LAB: {
        "spotchecks.sample": ("view", "change"),
        "spotchecks.testreport": ("view", "add", "change"),
        "spotchecks.objection": ("view",),
        "spotchecks.testitem": ("view",),
        "spotchecks.testinginstitution": ("view",),
        "nqi.standard": ("view",),
    },
    Role.SYSTEM_ADMIN: {
        "core.user": ("view", "add", "change", "delete", "export", "import"),
        **dict.fromkeys(REFERENCE_MODELS, ALL_ACTIONS),
    },
    Role.SECURITY_ADMIN: {"core.securitypolicy": ("view", "change")},
    Role.AUDIT_ADMIN: {"core.auditrecord": ("view", "export")},
}

#: City-wide configuration of the domain apps: bureau staff edit it, everyone working reads it.
CONFIG_MODELS = (
    "credit.riskmodel",
    "credit.riskindicator",
    "credit.jointpunishmentrule",
    "inspections.resultcategory",
    "inspections.checkitem",
    "complaints.category",
    "complaints.routingrule",
    "complaints.disclosurepolicy",
    "spotchecks.testinginstitution",
    "spotchecks.testitem",
    "nqi.standard",
)
for _role, _grants in ROLE_PERMISSIONS.items():
    if _role == Role.STAFF:
        continue
    for _model in CONFIG_MODELS:
        if _role in (Role.LEADER, Role.INSPECTOR, Role.COUNTY_OFFICER):
            _grants[_model] = ("view",)

#: Roles whose data is bounded by their division when they have a county-level one.
DIVISION_SCOPED_ROLES = {Role.COUNTY_OFFICER, Role.INSPECTOR}


def role_allows(role: str, app_label: str, model_name: str, action: str) -> bool:
    """Whether a role grants `action` on a model."""
    grants = ROLE_PERMISSIONS.get(role, {})
    key = f"{app_label}.{model_name}"
    actions = grants.get(key, grants.get(app_label, ()))
    return action in actions


def user_can(user: Any, model: type[Model] | Model, action: str) -> bool:
    """Whether `user` may perform `action` on `model` at all (before data scope)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    meta = model._meta
    return user.has_perm(f"{meta.app_label}.{action}_{meta.model_name}")


class RoleBackend(BaseBackend):
    """Grants Django permissions (`app.action_model`) from the user's role."""

    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous:
            return set()
        cache = getattr(user_obj, "_qcity_perm_cache", None)
        if cache is None:
            cache = _role_permissions(user_obj.role)
            user_obj._qcity_perm_cache = cache
        return cache

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        return perm in self.get_all_permissions(user_obj, obj)


def _role_permissions(role: str) -> set[str]:
    from django.apps import apps

    perms: set[str] = set()
    for model in apps.get_models():
        meta = model._meta
        for action in ALL_ACTIONS:
            if role_allows(role, meta.app_label, meta.model_name or "", action):
                perms.add(f"{meta.app_label}.{action}_{meta.model_name}")
    return perms


def _path(prefix: str, leaf: str) -> str:
    return f"{prefix}__{leaf}" if prefix else leaf


def _multi_valued(model: type[Model], path: str) -> bool:
    """Whether an ORM path crosses a reverse or many-to-many relation (a filter on it can
    repeat rows)."""
    current: Any = model
    for part in path.split("__")[:-1]:
        field = current._meta.get_field(part)
        if field.one_to_many or field.many_to_many:
            return True
        current = field.related_model
    return False


def any_path(model: type[Model], paths: str | tuple[str, ...], value: Any) -> Q:
    """Rows where any of `paths` equals `value`; a path across a multi-valued relation goes
    through a subquery, so no row comes twice."""
    condition = Q()
    for path in (paths,) if isinstance(paths, str) else paths:
        if _multi_valued(model, path):
            condition |= Q(pk__in=model._default_manager.filter(**{path: value}).values("pk"))
        else:
            condition |= Q(**{path: value})
    return condition


def scope_filter(model: type[Model], user: Any) -> Q | None:
    """The Q bounding `user`'s rows of `model`; None for unbounded; Q(pk__in=[]) for nothing."""
    scope = getattr(model, "scope", None)
    nothing = Q(pk__in=[])
    if scope is not None and scope.shared:
        return None
    if user.role == Role.ENTERPRISE:
        if scope is None or scope.uscc is None or not user.uscc:
            return nothing
        return any_path(model, scope.uscc, user.uscc)
    if user.role == Role.LAB:
        if scope is None or scope.lab is None or not user.uscc:
            return nothing
        return any_path(model, scope.lab, user.uscc)
    if user.role == Role.REPORTER and model._meta.app_label in DOMAIN_APPS:
        if scope is None or scope.department is None or user.department_id is None:
            return nothing
        return Q(**{_path(scope.department, "pk"): user.department_id})
    division = user.scope_division if user.role in DIVISION_SCOPED_ROLES else None
    if division is not None and model._meta.app_label in DOMAIN_APPS:
        if scope is None or scope.division is None:
            return nothing
        return Q(**{_path(scope.division, "code__startswith"): division.prefix})
    return None


def restrict_queryset(qs: QS, user: Any, action: str = "view") -> QS:
    """Rows of `qs` that `user` may perform `action` on: permission first, then data scope."""
    if not user_can(user, qs.model, action):
        return qs.none()
    condition = scope_filter(qs.model, user)
    return qs if condition is None else qs.filter(condition)


def in_scope(obj: Model, user: Any, action: str = "view") -> bool:
    """Whether one object is inside `user`'s restricted rows (checked after a save)."""
    qs = type(obj)._default_manager.all()
    return restrict_queryset(qs, user, action).filter(pk=obj.pk).exists()

"""A small named cast of role users for tests: `user("zezhou")`."""

from __future__ import annotations

from typing import Any

from qualitycity.core.choices import Role

PASSWORD = "Test-Pass-2026"  # noqa: S105  (test accounts only)

#: name → (role, department code, division code)
CAST: dict[str, tuple[str, str, str]] = {
    "leader": (Role.LEADER, "samr-jc", ""),
    "staff": (Role.STAFF, "samr-jc", ""),
    "inspector": (Role.INSPECTOR, "samr-jc", ""),
    "inspector_zezhou": (Role.INSPECTOR, "samr-zz", "140525"),
    "zezhou": (Role.COUNTY_OFFICER, "samr-zz", "140525"),
    "gaoping": (Role.COUNTY_OFFICER, "samr-gp", "140581"),
    "reporter_gxj": (Role.REPORTER, "gxj", ""),
    "enterprise": (Role.ENTERPRISE, "", ""),
    "lab": (Role.LAB, "", ""),
    "sysadmin": (Role.SYSTEM_ADMIN, "", ""),
    "security": (Role.SECURITY_ADMIN, "", ""),
    "auditor": (Role.AUDIT_ADMIN, "", ""),
}


def user(name: str, **extra: Any) -> Any:
    """The cast member `name`, created on first use."""
    from qualitycity.core.models import Department, Division, User

    existing = User.objects.filter(username=name).first()
    if existing is not None:
        return existing
    role, department, division = CAST[name]
    obj = User(
        username=name,
        role=role,
        department=Department.objects.filter(code=department).first() if department else None,
        division=Division.objects.filter(code=division).first() if division else None,
        **extra,
    )
    obj.set_password(PASSWORD)
    obj.save()
    return obj

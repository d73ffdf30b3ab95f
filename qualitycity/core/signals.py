"""Login and logout go into the audit trail (Django's auth signals)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from qualitycity.core.choices import AuditAction


@receiver(user_logged_in)
def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    from qualitycity.core.audit import record

    record(actor=user, action=AuditAction.LOGIN, obj=user, message="login")


@receiver(user_logged_out)
def _logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is None:
        return
    from qualitycity.core.audit import record

    record(actor=user, action=AuditAction.LOGOUT, obj=user, message="logout")


@receiver(user_login_failed)
def _login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    from qualitycity.core.audit import record

    username = str(credentials.get("username", ""))[:150]
    record(
        actor=None,
        action=AuditAction.LOGIN_FAILED,
        object_type="core.user",
        object_repr=username,
        username=username,
        message="login failed",
    )

"""The security policy in force: password rules, lockout and idle timeout.

The numbers live in `SecurityPolicy`, which only the security administrator edits."""

from __future__ import annotations

import string
from datetime import timedelta
from typing import Any

from django.contrib.auth.hashers import check_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_POLICY_CACHE_KEY = "qcity:security-policy"


def policy() -> Any:
    """The current policy (cached briefly; `SecurityPolicy` edits clear the cache)."""
    from qualitycity.core.models import SecurityPolicy

    cached = cache.get(_POLICY_CACHE_KEY)
    if cached is None:
        cached = SecurityPolicy.current()
        cache.set(_POLICY_CACHE_KEY, cached, 60)
    return cached


def clear_policy_cache() -> None:
    cache.delete(_POLICY_CACHE_KEY)


def axes_failure_limit(request: Any, credentials: Any) -> int:
    return int(policy().lockout_failures)


def axes_cooloff_time(request: Any) -> timedelta:
    return timedelta(minutes=int(policy().lockout_minutes))


def idle_timeout_seconds() -> int:
    return int(policy().idle_timeout_minutes) * 60


def character_classes(password: str) -> int:
    """How many of the 4 classes (lower, upper, digit, other) a password uses."""
    classes = [
        any(c in string.ascii_lowercase for c in password),
        any(c in string.ascii_uppercase for c in password),
        any(c.isdigit() for c in password),
        any(not c.isalnum() for c in password),
    ]
    return sum(classes)


class PolicyPasswordValidator:
    """Length, character classes, not the username, and not one of the last N passwords."""

    def validate(self, password: str, user: Any = None) -> None:
        p = policy()
        errors: list[str] = []
        if len(password) < p.min_length:
            errors.append(_("The password must have at least {n} characters.").format(n=p.min_length))
        if character_classes(password) < p.min_character_classes:
            errors.append(
                _(
                    "The password must use at least {n} of: lower-case letters, upper-case "
                    "letters, digits, symbols."
                ).format(n=p.min_character_classes)
            )
        if user is not None and user.username and user.username.lower() in password.lower():
            errors.append(_("The password must not contain the user name."))
        if user is not None and user.pk and self._reused(password, user, p.history_size):
            errors.append(_("The password must differ from the last {n} passwords.").format(n=p.history_size))
        if errors:
            raise ValidationError(errors)

    @staticmethod
    def _reused(password: str, user: Any, size: int) -> bool:
        if size <= 0:
            return False
        if user.password and check_password(password, user.password):
            return True
        hashes = user.password_history.values_list("password", flat=True)[: max(size - 1, 0)]
        return any(check_password(password, h) for h in hashes)

    def password_changed(self, password: str, user: Any = None) -> None:
        """Remember the new password's hash for the history rule."""
        if user is None or not user.pk:
            return
        from django.utils import timezone

        from qualitycity.core.models import PasswordHistory, User

        PasswordHistory.objects.create(user=user, password=user.password)
        User.objects.filter(pk=user.pk).update(password_changed_at=timezone.now())

    def get_help_text(self) -> str:
        p = policy()
        return _(
            "At least {n} characters using {k} of the 4 character classes; not your user name; "
            "not one of your last {h} passwords."
        ).format(n=p.min_length, k=p.min_character_classes, h=p.history_size)

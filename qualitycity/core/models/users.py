"""Users, their role and scope, the security policy and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qualitycity.core.choices import Role
from qualitycity.core.models.base import BaseQuerySet, Scope
from qualitycity.core.models.org import Department, Division


class UserQuerySet(BaseQuerySet):
    pass


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):  # type: ignore[misc]  # dynamic base
    """Manager with Django's user-creation helpers and `restrict()`."""

    use_in_migrations = True

    def _create_user(self, username: str, password: str | None, **extra: object) -> User:
        user = self.model(username=username, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, username: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_superuser", False)
        return self._create_user(username, password, **extra)

    def create_superuser(self, username: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_superuser", True)
        extra.setdefault("is_staff", True)
        extra.setdefault("role", Role.SYSTEM_ADMIN)
        return self._create_user(username, password, **extra)

    def get_by_natural_key(self, username: str) -> User:
        return self.get(username=username)


class User(AbstractUser):
    """A platform user: one role, and the department, division or entity that bounds their data."""

    role = models.CharField(_("role"), max_length=30, choices=Role.choices, default=Role.STAFF)
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    division = models.ForeignKey(
        Division,
        verbose_name=_("division"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
        help_text=_("Leave empty or choose the city for city-wide access."),
    )
    uscc = models.CharField(
        _("unified social credit code"),
        max_length=18,
        blank=True,
        help_text=_("For enterprise users: the entity they act for."),
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    password_changed_at = models.DateTimeField(_("password changed at"), null=True, blank=True)

    objects = UserManager()  # type: ignore[misc]  # the manager of a custom queryset
    scope: ClassVar[Scope] = Scope(division="division", department="department")
    #: Never copied into audit snapshots: the password hash, and the login clock.
    audit_exclude: ClassVar[tuple[str, ...]] = ("password", "last_login")

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def clean(self) -> None:
        super().clean()
        if self.role == Role.ENTERPRISE and not self.uscc:
            raise ValidationError({"uscc": _("An enterprise user must name their entity.")})
        if self.role == Role.LAB and not self.uscc:
            raise ValidationError(
                {"uscc": _("A testing institution user must name their institution's code.")}
            )
        if self.role == Role.COUNTY_OFFICER and not (self.division and self.division.is_county):
            raise ValidationError({"division": _("A county officer must have a county.")})
        if self.role == Role.REPORTER and not self.department:
            raise ValidationError({"department": _("A department reporter needs a department.")})

    @property
    def scope_division(self) -> Division | None:
        """The division bounding this user's data, or None for city-wide access."""
        if self.division is None or self.division.level in ("province", "city"):
            return None
        return self.division


class PasswordHistory(models.Model):
    """A past password hash, so the policy can refuse reuse of the last N passwords."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="password_history")
    password = models.CharField(max_length=128)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("password history")
        verbose_name_plural = _("password history")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.user_id} {self.created_at:%Y-%m-%d}"


class SecurityPolicy(models.Model):
    """The security settings the security administrator edits (one row)."""

    min_length = models.PositiveSmallIntegerField(_("minimum password length"), default=8)
    min_character_classes = models.PositiveSmallIntegerField(
        _("character classes required (of 4)"), default=3
    )
    history_size = models.PositiveSmallIntegerField(_("passwords remembered"), default=5)
    lockout_failures = models.PositiveSmallIntegerField(_("failed logins before lockout"), default=5)
    lockout_minutes = models.PositiveSmallIntegerField(_("lockout minutes"), default=15)
    idle_timeout_minutes = models.PositiveSmallIntegerField(_("idle session timeout (minutes)"), default=30)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("security policy")
        verbose_name_plural = _("security policy")
        ordering = ["pk"]

    def __str__(self) -> str:
        return str(_("security policy"))

    @classmethod
    def current(cls) -> SecurityPolicy:
        policy, _created = cls.objects.get_or_create(pk=1)
        return policy


def _hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A bearer token for the REST API; only its hash is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user} {self.created_at:%Y-%m-%d %H:%M}"

    @classmethod
    def issue(cls, user: User) -> str:
        """Create a token for `user` and return the raw key (shown once)."""
        raw = secrets.token_urlsafe(32)
        cls.objects.create(
            user=user,
            key_hash=_hash_token(raw),
            expires_at=timezone.now() + timedelta(hours=settings.QCITY_API_TOKEN_HOURS),
        )
        return raw

    @classmethod
    def authenticate(cls, raw: str) -> User | None:
        token = (
            cls.objects.select_related("user")
            .filter(key_hash=_hash_token(raw), expires_at__gt=timezone.now())
            .first()
        )
        if token is None or not token.user.is_active:
            return None
        return token.user

"""The append-only, hash-chained audit trail."""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _

from qualitycity.core.choices import AuditAction
from qualitycity.core.models.base import BaseQuerySet


class AuditQuerySet(BaseQuerySet):
    def update(self, **kwargs: Any) -> int:
        raise PermissionDenied("The audit trail cannot be changed.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionDenied("The audit trail cannot be deleted.")

    def for_object(self, obj: models.Model) -> AuditQuerySet:
        return self.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))


class AuditRecord(models.Model):
    """One audit record. Each stores the SHA-256 of the previous one, so a changed or removed
    record breaks the chain (`qcity audit verify`). `data` holds the canonical JSON text that is
    hashed, so the stored bytes are exactly what was hashed on every database."""

    seq = models.PositiveBigIntegerField(_("sequence"), unique=True)
    timestamp = models.DateTimeField(_("time"), db_index=True)
    actor_id = models.BigIntegerField(_("actor id"), null=True, blank=True, db_index=True)
    actor_username = models.CharField(_("actor"), max_length=150, blank=True)
    ip_address = models.CharField(_("address"), max_length=45, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=AuditAction.choices)
    object_type = models.CharField(_("object type"), max_length=100, blank=True, db_index=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True, db_index=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    message = models.TextField(_("message"), blank=True)
    request_id = models.CharField(_("request id"), max_length=36, blank=True)
    data = models.TextField(_("changes"), blank=True)
    prev_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64, unique=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit record")
        verbose_name_plural = _("audit records")
        ordering = ["-seq"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="core_audit_object_idx")]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionDenied("The audit trail cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionDenied("The audit trail cannot be deleted.")

    @property
    def payload(self) -> dict[str, Any]:
        return json.loads(self.data) if self.data else {}

    @property
    def changes(self) -> dict[str, list[Any]]:
        """Field-level changes: field → [before, after]."""
        return self.payload.get("changes", {})


class AuditChainHead(models.Model):
    """The newest record's sequence number and hash: the lock every append takes, and the
    witness that the newest records were not removed."""

    last_seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        verbose_name = _("audit chain head")
        verbose_name_plural = _("audit chain head")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.last_seq} {self.last_hash[:12]}"

"""Base model and queryset shared by every domain model."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Self

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from qualitycity.core.models.users import User


@dataclass(frozen=True)
class Scope:
    """Where a model's data scope lives, as ORM paths from the model.

    `division`: a path to a `Division` foreign key (county officers see rows whose division
    lies inside theirs); `department`: a path to a `Department` foreign key (department
    reporters see their department's rows); `uscc`: a path to the USCC of the entity the row
    belongs to (enterprise users see their own entity's rows); a tuple of USCC paths when a row
    belongs to several entities (a sample: the sampled unit and the producer), any of which
    makes the row visible; `lab`: a path to the USCC of the testing institution the row is for
    (testing-institution users see those). A model with no path for a kind of scope is invisible to users
    restricted by that kind.
    """

    division: str | None = None
    department: str | None = None
    uscc: str | tuple[str, ...] | None = None
    #: A path to the USCC of the testing institution the row was given to (lab users see those).
    lab: str | tuple[str, ...] | None = None
    #: City-wide configuration (risk models, rules): every permitted user sees all of it.
    shared: bool = False


class BaseQuerySet(models.QuerySet):
    """QuerySet with `restrict(user, action)`: permission and data scope in one place."""

    def restrict(self, user: User | AnonymousUser, action: str = "view") -> Self:
        from qualitycity.core.permissions import restrict_queryset

        return restrict_queryset(self, user, action)


def actor_field(verbose_name: Any, *, db_index: bool = True) -> models.ForeignKey:
    """Who created or last changed a row: a user, kept as null when the user is removed.
    A model whose rows nothing lists by it can leave out its index (`db_index=False`)."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=db_index,
    )


class BaseModel(models.Model):
    """Abstract base: creation and update time and user, and a restricting manager."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, editable=False)
    created_by = actor_field(_("created by"))
    updated_by = actor_field(_("updated by"))

    objects = BaseQuerySet.as_manager()

    #: Where this model's data scope lives; see `Scope`.
    scope: ClassVar[Scope] = Scope()
    #: Field names never written to audit snapshots.
    audit_exclude: ClassVar[tuple[str, ...]] = ("created_at", "updated_at")

    class Meta:
        abstract = True

    def get_absolute_url(self) -> str:
        from qualitycity.core.generic.registry import model_url

        return model_url(self, "detail")


def has_feature(model: type[models.Model] | models.Model, mixin: type[Any]) -> bool:
    """Whether a model has a feature, detected from its mixin (never from a list of models)."""
    cls = model if isinstance(model, type) else type(model)
    return issubclass(cls, mixin)

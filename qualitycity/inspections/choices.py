"""Enumerations of the random-inspection module (双随机、一公开)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class InspectorStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    ON_LEAVE = "on_leave", _("On leave")
    RETIRED = "retired", _("Retired")


class ConflictKind(models.TextChoices):
    RELATIVE = "relative", _("Relative works there")
    FORMER_EMPLOYER = "former_employer", _("Former employer")
    DECLARED_INTEREST = "declared_interest", _("Declared interest")
    RECUSAL_REQUEST = "recusal_request", _("Recusal requested by the party")


class CheckItemWeight(models.TextChoices):
    KEY = "key", _("Key item")
    GENERAL = "general", _("General item")


class TaskStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved, commitment published")
    DRAWING = "drawing", _("Drawing")
    DRAWN = "drawn", _("Drawn, inspecting")
    CLOSED = "closed", _("Closed")


class DrawStatus(models.TextChoices):
    COMMITTED = "committed", _("Committed (seed sealed)")
    DRAWN = "drawn", _("Drawn (seed revealed)")
    SUPERSEDED = "superseded", _("Superseded by a redo")


class ResultStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Awaiting the second inspector")
    CONFIRMED = "confirmed", _("Confirmed")


class PublicationState(models.TextChoices):
    """The publication clock of a task (一公开)."""

    NOT_DUE = "not_due", _("Not yet started")
    DUE = "due", _("Due")
    DUE_SOON = "due_soon", _("Due soon")
    OVERDUE = "overdue", _("Overdue")
    PUBLISHED = "published", _("Published")
    PUBLISHED_LATE = "published_late", _("Published late")

"""Stable choice values of the quality-infrastructure module (国家质量基础设施)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class StandardKind(models.TextChoices):
    """The level of a standard (《标准化法》(2017) Art 2)."""

    NATIONAL = "national", _("National standard")
    INDUSTRY = "industry", _("Industry standard")
    LOCAL = "local", _("Local standard")
    GROUP = "group", _("Group standard")
    ENTERPRISE = "enterprise", _("Enterprise standard")


class StandardStatus(models.TextChoices):
    """Where a standard stands on a given day, derived from its dates and its successors."""

    NOT_YET_IN_FORCE = "not_yet_in_force", _("Published, not yet in force")
    IN_FORCE = "in_force", _("In force")
    SUPERSEDED = "superseded", _("Superseded")
    ABOLISHED = "abolished", _("Abolished")

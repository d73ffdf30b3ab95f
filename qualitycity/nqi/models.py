"""Standards and technical regulations (标准 / 技术法规): editions and their replacements.

A test item's method and limit name a standard edition; once a successor is in force, the
edition shows as superseded wherever it is used."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qualitycity.core.models import BaseModel, Scope
from qualitycity.nqi.choices import StandardKind, StandardStatus

__all__ = ["Standard"]


class Standard(BaseModel):
    """One edition of a standard (GB 2762-2022), with the editions it replaces."""

    number = models.CharField(_("standard number"), max_length=60, unique=True)
    series = models.CharField(
        _("series"), max_length=60, db_index=True, help_text=_("The number without the year: GB 2762.")
    )
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(
        _("kind"), max_length=20, choices=StandardKind.choices, default=StandardKind.NATIONAL
    )
    is_mandatory = models.BooleanField(_("mandatory"), default=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    implemented_on = models.DateField(_("in force from"), null=True, blank=True)
    abolished_on = models.DateField(_("abolished on"), null=True, blank=True)
    replaces = models.ManyToManyField(
        "self", verbose_name=_("replaces"), symmetrical=False, blank=True, related_name="replaced_by"
    )
    sources = models.CharField(_("sources"), max_length=300, blank=True)
    is_confirmed = models.BooleanField(
        _("confirmed"),
        default=True,
        help_text=_("Unconfirmed rows are to be verified against the official text."),
    )
    note = models.TextField(_("note"), blank=True)

    scope: ClassVar[Scope] = Scope(shared=True)

    class Meta:
        verbose_name = _("standard")
        verbose_name_plural = _("standards")
        ordering = ["series", "number"]

    def __str__(self) -> str:
        return self.number

    def successors(self) -> list[Standard]:
        return sorted(self.replaced_by.all(), key=lambda s: (s.implemented_on or dt.date.max, s.number))

    def successor_in_force(self, on: dt.date) -> Standard | None:
        """The first edition replacing this one that is in force on `on`."""
        for successor in self.successors():
            if successor.implemented_on is not None and successor.implemented_on <= on:
                return successor
        return None

    def status_on(self, on: dt.date | None = None) -> str:
        """Not yet in force, in force, superseded (a successor is in force) or abolished."""
        on = on or timezone.localdate()
        if self.abolished_on is not None and self.abolished_on <= on:
            return StandardStatus.ABOLISHED
        if self.successor_in_force(on) is not None:
            return StandardStatus.SUPERSEDED
        if self.implemented_on is not None and self.implemented_on > on:
            return StandardStatus.NOT_YET_IN_FORCE
        return StandardStatus.IN_FORCE

    def status_label(self, on: dt.date | None = None) -> str:
        return str(StandardStatus(self.status_on(on)).label)

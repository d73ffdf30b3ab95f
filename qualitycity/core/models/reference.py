"""The working-day calendar overrides and the rule book."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from qualitycity.core.choices import RuleUnit
from qualitycity.core.models.base import BaseModel


class CalendarDay(BaseModel):
    """An admin-entered day that overrides the national holiday data: a holiday or a make-up
    workday (调休). Entries for a year the library does not cover make that year usable."""

    date = models.DateField(_("date"), unique=True)
    is_workday = models.BooleanField(_("is a working day"))
    name = models.CharField(_("name"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name}"


class Rule(BaseModel):
    """One statutory number (time limit, window, ratio, list period) as in force from a date.

    A module asks for a rule as in force on a date (for complaints: the date received), so a
    new version with a later effective date never changes earlier cases."""

    key = models.SlugField(_("key"), max_length=80)
    name = models.CharField(_("name"), max_length=200)
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=20, choices=RuleUnit.choices)
    legal_source = models.CharField(_("legal source"), max_length=300)
    effective_from = models.DateField(_("effective from"))
    is_confirmed = models.BooleanField(
        _("confirmed against the text"),
        default=True,
        help_text=_("Unconfirmed rules are settings to verify before release."),
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("rule")
        verbose_name_plural = _("rule book")
        ordering = ["key", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["key", "effective_from"], name="%(app_label)s_%(class)s_unique_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.key})"

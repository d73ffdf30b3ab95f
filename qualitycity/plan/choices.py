"""Enumerations of the plan module (the city quality plan as data)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Direction(models.TextChoices):
    AT_LEAST = "gte", _("at least (≥)")
    AT_MOST = "lte", _("at most (≤)")
    EQUAL = "eq", _("equal to (=)")
    REDUCE_BY = "reduce_by", _("reduce by")
    INCREASE_BY = "increase_by", _("increase by (new)")


class IndicatorKind(models.TextChoices):
    COMPUTED = "computed", _("Computed from the platform's data")
    REPORTED = "reported", _("Reported by the responsible department")


class IndicatorStatus(models.TextChoices):
    ATTAINED = "attained", _("Attained")
    ON_TRACK = "on_track", _("On track")
    WARNING = "warning", _("Behind the path (warning)")
    MISSED = "missed", _("Not attained")
    NO_DATA = "no_data", _("No data")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted, awaiting the bureau")
    RETURNED = "returned", _("Returned with comments")
    ACCEPTED = "accepted", _("Accepted")


class ReportFrequency(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    HALF_YEARLY = "half_yearly", _("Half-yearly")
    YEARLY = "yearly", _("Yearly")

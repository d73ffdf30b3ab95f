"""Enumerations of complaints and tip-offs (投诉举报), after SAMR Order 20 (2019/2022) and
Order 121 (in force 2026-04-15)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseKind(models.TextChoices):
    COMPLAINT = "complaint", _("Complaint")
    TIP_OFF = "tip_off", _("Tip-off")


class Channel(models.TextChoices):
    PORTAL = "portal", _("Public portal")
    HOTLINE_12315 = "12315", _("12315 hotline")
    HOTLINE_12345 = "12345", _("12345 hotline")
    API = "api", _("API")
    IMPORT = "import", _("Imported")
    WALK_IN = "walk_in", _("In person")
    LETTER = "letter", _("Letter")


class CaseStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    ACCEPTED = "accepted", _("Accepted")
    MEDIATING = "mediating", _("In mediation")
    PAUSED = "paused", _("Mediation paused (testing or appraisal)")
    INVESTIGATING = "investigating", _("Being checked (tip-off)")
    REJECTED = "rejected", _("Not accepted")
    TRANSFERRED = "transferred", _("Transferred out")
    CLOSED = "closed", _("Closed")


class RejectionGround(models.TextChoices):
    """Grounds for not accepting a complaint (Order 20 Art 15; Order 121 adds identity)."""

    OUT_OF_SCOPE = "out_of_scope", _("Outside the bureau's duties or powers")
    ALREADY_HANDLED = "already_handled", _("Already handled or accepted by another body")
    NOT_CONSUMER = "not_consumer", _("Not for personal consumption, or no provable dispute")
    TIME_BARRED = "time_barred", _("More than three years since the harm was known")
    MISSING_MATERIALS = "missing_materials", _("Required materials not supplied")
    IDENTITY = "identity", _("Real identity not given or not verifiable")
    OTHER_LEGAL = "other_legal", _("Other legal grounds")


class Outcome(models.TextChoices):
    MEDIATED = "mediated", _("Mediation succeeded")
    MEDIATION_FAILED = "mediation_failed", _("Mediation failed")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    SETTLED = "settled", _("Settled by the parties (ODR)")
    NOT_ACCEPTED = "not_accepted", _("Not accepted")
    REFERRED = "referred", _("Referred to another authority")
    CASE_OPENED = "case_opened", _("Case opened (tip-off)")
    NO_CASE = "no_case", _("No case opened (tip-off)")


class ClockName(models.TextChoices):
    ACCEPT = "accept", _("Decision to accept")
    MEDIATION = "mediation", _("Mediation")
    END_NOTICE = "end_notice", _("Notice of ending mediation")
    VERIFY = "verify", _("Decision on a tip-off")
    REPORTER_NOTICE = "reporter_notice", _("Telling the real-name reporter")
    JURISDICTION = "jurisdiction", _("Jurisdiction dispute")


class ClockState(models.TextChoices):
    RUNNING = "running", _("Running")
    DUE_SOON = "due_soon", _("Due soon")
    OVERDUE = "overdue", _("Overdue")
    PAUSED = "paused", _("Paused")
    MET = "met", _("Met")
    MISSED = "missed", _("Missed")


class CategoryKind(models.TextChoices):
    OBJECT = "object", _("Object (goods or service)")
    NATURE = "nature", _("Nature of the problem")


class Party(models.TextChoices):
    COMPLAINANT = "complainant", _("Complainant")
    RESPONDENT = "respondent", _("Respondent")
    STAFF = "staff", _("Bureau staff")


class PublicationStatus(models.TextChoices):
    NOT_APPLICABLE = "n/a", _("Not for publication")
    PENDING_REVIEW = "pending_review", _("Awaiting review")
    APPROVED = "approved", _("Approved for publication")
    PUBLISHED = "published", _("Published")
    WITHHELD = "withheld", _("Withheld")


#: What each step on a case's timeline (CaseAction.action) is called, for staff.
TIMELINE_LABELS = {
    "received": _("Received"),
    "classify": _("Classification confirmed"),
    "accept": _("Accepted"),
    "reject": _("Not accepted"),
    "start-mediation": _("Mediation started"),
    "pause-clock": _("Clock paused"),
    "resume-clock": _("Clock resumed"),
    "mediation-session": _("Mediation session"),
    "close": _("Closed"),
    "notify-end": _("End of mediation notified"),
    "transfer": _("Transferred"),
    "settle-dispute": _("Jurisdiction dispute settled"),
    "start-verification": _("Verification started"),
    "extend": _("Decision period extended"),
    "decide": _("Decided"),
    "notify-reporter": _("Reporter told"),
    "odr-answer": _("Answer of the enterprise (ODR)"),
    "odr-note": _("Staff note in the ODR thread"),
    "first-payout": _("First payout"),
    "follow-up": _("Follow-up call"),
    "publication-approve": _("Approved for publication"),
    "publication-withhold": _("Withheld from publication"),
    "publication-publish": _("Published"),
    "publication-expire": _("Publication ended"),
    "complainant-rating": _("Rated by the complainant"),
}

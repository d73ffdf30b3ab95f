"""Stable choice values of the credit archive."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CreditEventKind(models.TextChoices):
    """Kinds of facts in the enterprise quality-integrity archive (企业质量诚信电子档案)."""

    REGISTRATION_CHANGE = "registration_change", _("Registration change")
    ANNUAL_REPORT = "annual_report", _("Annual report")
    INSPECTION_RESULT = "inspection_result", _("Inspection result")
    SPOT_CHECK_RESULT = "spot_check_result", _("Spot-check result")
    COMPLAINT = "complaint", _("Complaint")
    TIP_OFF = "tip_off", _("Tip-off")
    PENALTY = "penalty", _("Administrative penalty")
    LIST_ENTRY = "list_entry", _("Listing")
    LIST_REMOVAL = "list_removal", _("Removal from a list")
    CREDIT_REPAIR = "credit_repair", _("Credit repair")
    HONOUR = "honour", _("Honour or award")
    CERTIFICATION = "certification", _("Certification")
    RECALL = "recall", _("Recall")
    DISPOSAL = "disposal", _("Follow-up of a failed sample")
    OTHER = "other", _("Other")


class Severity(models.TextChoices):
    POSITIVE = "positive", _("Positive")
    INFO = "info", _("Information")
    MINOR = "minor", _("Minor")
    SERIOUS = "serious", _("Serious")
    SEVERE = "severe", _("Severe")


class ListKind(models.TextChoices):
    ABNORMAL_OPERATIONS = "abnormal_operations", _("Abnormal operations list")
    SERIOUS_VIOLATION = "serious_violation", _("Serious violation list")
    ABNORMAL_STATUS = "abnormal_status", _("Abnormal operation status (individual business)")


class ListGround(models.TextChoices):
    """Grounds for listing: the four of 企业经营异常名录管理暂行办法 Art 4 (Art 6–9), and the
    serious-list grounds (企业信息公示暂行条例 Art 17(2); 总局令44号)."""

    ANNUAL_REPORT_NOT_FILED = "annual_report_not_filed", _("Annual report not filed on time")
    INSTANT_INFO_NOT_PUBLISHED = (
        "instant_info_not_published",
        _("Instant information not published by the ordered deadline"),
    )
    FALSE_DISCLOSURE = "false_disclosure", _("Disclosure hides facts or is falsified")
    UNREACHABLE = "unreachable", _("Cannot be contacted at the registered address or premises")
    ABNORMAL_THREE_YEARS = "abnormal_three_years", _("Still on the abnormal operations list after 3 years")
    SERIOUS_VIOLATION = "serious_violation", _("Heavier administrative penalty for a serious violation")


class ListStatus(models.TextChoices):
    LISTED = "listed", _("Listed")
    REMOVED = "removed", _("Removed")
    MOVED_TO_SERIOUS = "moved_to_serious", _("Moved to the serious violation list")


class AnnualReportStatus(models.TextChoices):
    FILED = "filed", _("Filed")
    FILED_LATE = "filed_late", _("Filed late")
    MISSING = "missing", _("Not filed")
    FALSE = "false", _("Found false")


class RepairKind(models.TextChoices):
    """What an entity asks to have repaired (国市监信规〔2021〕3号)."""

    ABNORMAL_REMOVAL = "abnormal_removal", _("Removal from the abnormal operations list")
    ABNORMAL_STATUS_RESTORE = "abnormal_status_restore", _("Restoring normal status (individual business)")
    SERIOUS_EARLY_REMOVAL = "serious_early_removal", _("Early removal from the serious violation list")
    PENALTY_PUBLICITY_STOP = "penalty_publicity_stop", _("Early stop of penalty publicity")


class RepairStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class RestrictedAction(models.TextChoices):
    """Actions a joint-punishment rule can restrict (联合惩戒)."""

    QUALITY_AWARD = "quality_award", _("Quality award application")
    BRAND_CULTIVATION = "brand_cultivation", _("Brand cultivation")
    GOVERNMENT_HONOUR = "government_honour", _("Government honours")
    SUBSIDY = "subsidy", _("Government subsidies")
    GOVERNMENT_PROCUREMENT = "government_procurement", _("Government procurement")
    COMMITMENT_APPROVAL = "commitment_approval", _("Approval by commitment (告知承诺)")
    SENIOR_POST = "senior_post", _("Legal representative or senior post in another enterprise")


class PunishmentCondition(models.TextChoices):
    ON_SERIOUS_LIST = "on_serious_list", _("On the serious violation list")
    ON_ABNORMAL_LIST = "on_abnormal_list", _("On the abnormal operations list")
    RISK_CLASS = "risk_class", _("In a risk class")
    PENALTY_WITHIN_YEARS = "penalty_within_years", _("Administrative penalty within N years")

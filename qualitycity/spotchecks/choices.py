"""Stable choice values of spot checks and sampling (产品质量监督抽查, 食品安全抽检)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Programme(models.TextChoices):
    PRODUCT = "product", _("Product quality supervision spot check")
    FOOD = "food", _("Food safety sampling")


class Purpose(models.TextChoices):
    """Food sampling is either supervision sampling (监督抽检: results judged and published) or
    risk monitoring (风险监测); product spot checks are supervision only."""

    SUPERVISION = "supervision", _("Supervision sampling")
    RISK_MONITORING = "risk_monitoring", _("Risk monitoring")


class Level(models.TextChoices):
    """The organising level; a product in a higher-level spot check is not re-checked by a lower
    level (《产品质量法》 Art 15)."""

    NATIONAL = "national", pgettext_lazy("plan level", "National")
    PROVINCIAL = "provincial", pgettext_lazy("plan level", "Provincial")
    CITY = "city", pgettext_lazy("plan level", "City")
    COUNTY = "county", pgettext_lazy("plan level", "County")


LEVEL_RANK = {Level.NATIONAL: 4, Level.PROVINCIAL: 3, Level.CITY: 2, Level.COUNTY: 1}


class LinkType(models.TextChoices):
    """Where in the chain the sample was taken (抽样环节)."""

    PRODUCTION = "production", _("Production stage")
    DISTRIBUTION = "distribution", _("Distribution stage")
    CATERING = "catering", _("Catering stage")
    ONLINE = "online", _("Online sales")


class SampleStatus(models.TextChoices):
    SAMPLED = "sampled", _("Sampled, on the way to the lab")
    DELIVERED = "delivered", _("Delivered to the lab")
    REPORTED = "reported", _("Report issued")


class Conclusion(models.TextChoices):
    PENDING = "pending", _("Pending")
    QUALIFIED = "qualified", _("Qualified")
    UNQUALIFIED = "unqualified", _("Unqualified")


class LimitKind(models.TextChoices):
    """How an item's limit reads: a bound, a range, "不得检出", or a qualitative requirement."""

    MAX = "max", _("At most (≤)")
    BELOW = "below", _("Below (<)")
    MIN = "min", _("At least (≥)")
    ABOVE = "above", _("Above (>)")
    RANGE = "range", _("Within a range")
    NOT_DETECTED = "not_detected", _("Must not be detected")
    QUALITATIVE = "qualitative", _("Qualitative requirement")


class Verdict(models.TextChoices):
    PASS = "pass", _("Pass")
    FAIL = "fail", _("Fail")


class Party(models.TextChoices):
    """Who a failed result is served on: the sampled unit and the labelled producer."""

    SAMPLED_UNIT = "sampled_unit", _("Sampled unit")
    PRODUCER = "producer", _("Producer")


class ServiceMethod(models.TextChoices):
    """How the result reached the party; the objection window runs from receipt."""

    PLATFORM = "platform", _("Acknowledged on the platform")
    IN_PERSON = "in_person", _("Served in person")
    POST = "post", _("By post (signed receipt)")
    ELECTRONIC = "electronic", _("Electronic service")


class ObjectionStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted, awaiting decision")
    REJECTED = "rejected", _("Not accepted")
    RETEST_ASSIGNED = "retest_assigned", _("Accepted, re-test lab assigned")
    DECIDED = "decided", _("Re-test concluded")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OPEN_OBJECTION_STATUSES = (ObjectionStatus.SUBMITTED, ObjectionStatus.RETEST_ASSIGNED)


class ObjectionOutcome(models.TextChoices):
    UPHELD = "upheld", _("Original result upheld")
    OVERTURNED = "overturned", _("Original result overturned")


class DisposalStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class DisposalStepKind(models.TextChoices):
    """Steps of the follow-up of a failed sample (核查处置). Products follow the chain of
    《产品质量法》 Art 17: order to correct → recheck → public notice → recheck → suspension →
    recheck → licence revocation. Food: removal from sale, recall, penalty (食品安全法 Art 63,
    124), with an order to correct and its recheck where needed."""

    ORDER_CORRECTION = "order_correction", _("Order to correct within a deadline")
    RECHECK = "recheck", _("Recheck")
    PUBLIC_NOTICE = "public_notice", _("Public notice")
    SUSPENSION = "suspension", _("Suspension for rectification")
    LICENCE_REVOCATION = "licence_revocation", _("Business licence revoked")
    SHELF_REMOVAL = "shelf_removal", _("Removal from sale")
    RECALL = "recall", _("Recall")
    PENALTY = "penalty", _("Administrative penalty")


class SignalKind(models.TextChoices):
    PRODUCER_FAILURES = "producer_failures", _("Repeated failed batches of one producer")
    CATEGORY_DROP = "category_drop", _("Pass rate of a category falling")

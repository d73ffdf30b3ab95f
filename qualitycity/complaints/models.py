"""Complaints and tip-offs (投诉举报): cases, their statutory working-day clocks, routing,
mediation and ODR, first payouts, closure and public disclosure."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from qualitycity.complaints.choices import (
    CaseKind,
    CaseStatus,
    CategoryKind,
    Channel,
    ClockName,
    Outcome,
    Party,
    PublicationStatus,
    RejectionGround,
)
from qualitycity.core.models import BaseModel, BaseQuerySet, Department, Division, Rule, Scope
from qualitycity.registry.models import Entity

__all__ = [
    "CaseAction",
    "CaseAttachment",
    "CaseClock",
    "CaseCounter",
    "CaseTransfer",
    "Category",
    "ClassifierModel",
    "ComplaintCase",
    "DisclosurePolicy",
    "FirstPayout",
    "MediationSession",
    "OdrMessage",
    "RoutingRule",
]

CASE_SCOPE = Scope(division="county", department="handling_department", uscc="respondent__uscc")
VIA_CASE = Scope(
    division="case__county", department="case__handling_department", uscc="case__respondent__uscc"
)


class Category(BaseModel):
    """A class of either taxonomy: the object (商品/服务 and sub-categories) or the nature of the
    problem (质量, 安全, 价格 …). Keywords feed the rule-based suggestion."""

    kind = models.CharField(_("taxonomy"), max_length=10, choices=CategoryKind.choices)
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=100)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    keywords = models.TextField(_("keywords"), blank=True, help_text=_("Separated by spaces or commas."))
    is_active = models.BooleanField(_("in use"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    scope: ClassVar[Scope] = Scope(shared=True)

    class Meta:
        verbose_name = _("complaint category")
        verbose_name_plural = _("complaint categories")
        ordering = ["kind", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["kind", "code"], name="complaints_category_unique")]

    def __str__(self) -> str:
        return f"{self.parent.name}·{self.name}" if self.parent_id and self.parent else self.name


class RoutingRule(BaseModel):
    """Which unit handles a case: by the respondent's county and, optionally, the object category.
    The most specific matching rule wins (category over none)."""

    county = models.ForeignKey(Division, verbose_name=_("county"), on_delete=models.PROTECT, related_name="+")
    category = models.ForeignKey(
        Category,
        verbose_name=_("object category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    department = models.ForeignKey(
        Department, verbose_name=_("handling unit"), on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    scope: ClassVar[Scope] = Scope(shared=True)

    class Meta:
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")
        ordering = ["county__code", "category__code"]
        constraints = [
            models.UniqueConstraint(fields=["county", "category"], name="complaints_routing_unique"),
            models.UniqueConstraint(
                fields=["county"],
                condition=models.Q(category__isnull=True),
                name="complaints_routing_default",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.county} · {self.category or '*'} → {self.department}"


class ComplaintCaseQuerySet(BaseQuerySet):
    def open(self) -> ComplaintCaseQuerySet:
        return self.exclude(status__in=[CaseStatus.CLOSED, CaseStatus.REJECTED, CaseStatus.TRANSFERRED])


class ComplaintCase(BaseModel):
    """One complaint (投诉) or tip-off (举报). A submission that is both is split into two cases."""

    number = models.CharField(_("case number"), max_length=30, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=CaseKind.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    received_at = models.DateTimeField(_("received at"), db_index=True)
    received_on = models.DateField(_("received on"), db_index=True, editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.RECEIVED, db_index=True
    )
    # the submitter (personal data: masked outside authorised views)
    complainant_name = models.CharField(_("name"), max_length=50, blank=True)
    complainant_phone = models.CharField(_("phone"), max_length=30, blank=True)
    complainant_id_number = models.CharField(_("ID number"), max_length=30, blank=True)
    complainant_address = models.CharField(_("address"), max_length=200, blank=True)
    is_anonymous = models.BooleanField(_("anonymous tip-off"), default=False)
    # the respondent, from the registry when found
    respondent = models.ForeignKey(
        Entity,
        verbose_name=_("respondent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    respondent_name = models.CharField(_("respondent name"), max_length=200)
    respondent_uscc = models.CharField(_("respondent USCC"), max_length=18, blank=True)
    respondent_address = models.CharField(_("respondent address"), max_length=300, blank=True)
    platform = models.ForeignKey(
        Entity,
        verbose_name=_("online platform"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="platform_complaints",
    )
    is_online = models.BooleanField(_("online purchase"), default=False)
    # what happened
    subject = models.CharField(_("goods or service"), max_length=200)
    amount = models.DecimalField(
        _("amount involved (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    facts = models.TextField(_("what happened"))
    request = models.TextField(_("what is asked"), blank=True)
    harm_known_on = models.DateField(_("harm known on"), null=True, blank=True)
    # classification
    object_category = models.ForeignKey(
        Category, verbose_name=_("object"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    problem_category = models.ForeignKey(
        Category,
        verbose_name=_("nature of the problem"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    #: {"object": {"code": …, "confidence": 0.82, "method": "classifier"|"keywords"}, "nature": {…}}
    suggestion = models.JSONField(_("suggested classification"), default=dict, blank=True)
    classification_confirmed = models.BooleanField(_("classification confirmed"), default=False)
    # handling
    county = models.ForeignKey(
        Division, verbose_name=_("county"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    handling_department = models.ForeignKey(
        Department,
        verbose_name=_("handling unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handler"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    rejected_on = models.DateField(_("not accepted on"), null=True, blank=True)
    rejection_ground = models.CharField(
        _("ground"), max_length=30, choices=RejectionGround.choices, blank=True
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True, db_index=True)
    #: The statutory handling limit: the latest due date of its accept / mediation / decision
    #: clocks (kept by `complaints.clocks`), and whether every clock was met. The on-time rate
    #: counts cases by these two columns.
    handling_due = models.DateField(_("handling due"), null=True, blank=True, db_index=True, editable=False)
    on_time = models.BooleanField(_("on time"), null=True, blank=True, editable=False)
    outcome = models.CharField(_("outcome"), max_length=30, choices=Outcome.choices, blank=True)
    amount_recovered = models.DecimalField(
        _("amount recovered (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    satisfaction = models.PositiveSmallIntegerField(_("satisfaction (1–5)"), null=True, blank=True)
    follow_up_note = models.TextField(_("follow-up call note"), blank=True)
    closing_note = models.TextField(_("closing note"), blank=True)
    # relations between cases
    split_from = models.ForeignKey(
        "self",
        verbose_name=_("split from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="split_cases",
    )
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("possible duplicate of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
    )
    # the receipt: follow the case without an account
    receipt_code = models.CharField(_("receipt code"), max_length=32, unique=True, editable=False)
    submitter_key = models.CharField(_("submitter fingerprint"), max_length=64, blank=True, editable=False)
    # disclosure
    publication_status = models.CharField(
        _("publication"),
        max_length=20,
        choices=PublicationStatus.choices,
        default=PublicationStatus.NOT_APPLICABLE,
        db_index=True,
    )
    published_text = models.TextField(_("text for publication"), blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    objects = ComplaintCaseQuerySet.as_manager()  # type: ignore[misc]  # the manager of a custom queryset
    scope: ClassVar[Scope] = CASE_SCOPE

    class Meta:
        verbose_name = _("complaint or tip-off")
        verbose_name_plural = _("complaints and tip-offs")
        ordering = ["-received_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "received_on"], name="complaints_status_received"),
            models.Index(fields=["respondent", "received_on"], name="complaints_respondent_idx"),
            models.Index(fields=["submitter_key", "received_at"], name="complaints_submitter_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.respondent_name}"

    def save(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        from django.utils import timezone

        self.received_on = timezone.localdate(self.received_at)
        super().save(*args, **kwargs)


class CaseClock(models.Model):
    """A statutory time limit of a case, counted in working days from the rule-book version in
    force on the date the case was received. Pauses (testing, appraisal) extend the due date."""

    case = models.ForeignKey(
        ComplaintCase, verbose_name=_("case"), on_delete=models.CASCADE, related_name="clocks"
    )
    name = models.CharField(_("clock"), max_length=20, choices=ClockName.choices)
    rule = models.ForeignKey(Rule, verbose_name=_("rule version"), on_delete=models.PROTECT, related_name="+")
    started_on = models.DateField(_("started on"))
    days = models.PositiveSmallIntegerField(_("working days"))
    extension_days = models.PositiveSmallIntegerField(_("extension (working days)"), default=0)
    paused_days = models.PositiveSmallIntegerField(_("paused working days"), default=0)
    paused_since = models.DateField(_("paused since"), null=True, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True, db_index=True)
    stopped_on = models.DateField(_("stopped on"), null=True, blank=True)

    objects = BaseQuerySet.as_manager()
    scope: ClassVar[Scope] = VIA_CASE

    class Meta:
        verbose_name = _("clock")
        verbose_name_plural = _("clocks")
        ordering = ["case", "started_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["case", "name"], name="complaints_clock_unique")]

    def __str__(self) -> str:
        return f"{self.case.number} {self.get_name_display()}"


class CaseAction(models.Model):
    """The case's timeline: every transition and note, in order."""

    case = models.ForeignKey(
        ComplaintCase, verbose_name=_("case"), on_delete=models.CASCADE, related_name="actions"
    )
    action = models.CharField(_("action"), max_length=30)
    at = models.DateTimeField(_("at"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    party = models.CharField(_("party"), max_length=20, choices=Party.choices, default=Party.STAFF)
    from_status = models.CharField(_("from"), max_length=20, blank=True)
    to_status = models.CharField(_("to"), max_length=20, blank=True)
    note = models.TextField(_("note"), blank=True)

    objects = BaseQuerySet.as_manager()
    scope: ClassVar[Scope] = VIA_CASE

    class Meta:
        verbose_name = _("case action")
        verbose_name_plural = _("case actions")
        ordering = ["case", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.case.number} {self.action}"


class CaseTransfer(models.Model):
    """A transfer between handling units, with its reason; a disputed one runs a 7-day clock."""

    case = models.ForeignKey(
        ComplaintCase, verbose_name=_("case"), on_delete=models.CASCADE, related_name="transfers"
    )
    from_department = models.ForeignKey(
        Department, verbose_name=_("from"), on_delete=models.PROTECT, related_name="+"
    )
    to_department = models.ForeignKey(
        Department, verbose_name=_("to"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("reason"))
    at = models.DateTimeField(_("at"))
    is_disputed = models.BooleanField(_("jurisdiction disputed"), default=False)
    resolved_on = models.DateField(_("dispute settled on"), null=True, blank=True)

    objects = BaseQuerySet.as_manager()
    scope: ClassVar[Scope] = VIA_CASE

    class Meta:
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        ordering = ["case", "at"]

    def __str__(self) -> str:
        return f"{self.case.number}: {self.from_department} → {self.to_department}"


class MediationSession(models.Model):
    """A mediation session and, when agreed, the mediation agreement (调解书)."""

    case = models.ForeignKey(
        ComplaintCase, verbose_name=_("case"), on_delete=models.CASCADE, related_name="sessions"
    )
    held_on = models.DateField(_("held on"))
    mode = models.CharField(_("mode"), max_length=20, default="on_site")
    note = models.TextField(_("record"))
    agreed = models.BooleanField(_("agreement reached"), default=False)
    agreement = models.FileField(_("mediation agreement"), upload_to="complaints/agreements/%Y/", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = BaseQuerySet.as_manager()
    scope: ClassVar[Scope] = VIA_CASE

    class Meta:
        verbose_name = _("mediation session")
        verbose_name_plural = _("mediation sessions")
        ordering = ["case", "held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.case.number} {self.held_on}"


class OdrMessage(models.Model):
    """A message in the online dispute resolution (ODR) between the respondent enterprise and the
    complainant; a proposal carries an amount and is settled when the complainant agrees."""

    case = models.ForeignKey(
        ComplaintCase, verbose_name=_("case"), on_delete=models.CASCADE, related_name="odr_messages"
    )
    party = models.CharField(_("from"), max_length=20, choices=Party.choices)
    text = models.TextField(_("message"))
    proposed_amount = models.DecimalField(
        _("proposed amount (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    is_proposal = models.BooleanField(_("settlement proposal"), default=False)
    agreed_at = models.DateTimeField(_("agreed by the complainant at"), null=True, blank=True)
    rejected_at = models.DateTimeField(_("declined by the complainant at"), null=True, blank=True)
    at = models.DateTimeField(_("at"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = BaseQuerySet.as_manager()
    scope: ClassVar[Scope] = VIA_CASE

    class Meta:
        verbose_name = _("ODR message")
        verbose_name_plural = _("ODR messages")
        ordering = ["case", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.case.number} {self.get_party_display()}"


class FirstPayout(models.Model):
    """A first payout (先行赔付) made by an enterprise that committed to it."""

    case = models.ForeignKey(
        ComplaintCase, verbose_name=_("case"), on_delete=models.CASCADE, related_name="payouts"
    )
    entity = models.ForeignKey(Entity, verbose_name=_("paid by"), on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(_("amount (yuan)"), max_digits=12, decimal_places=2)
    paid_on = models.DateField(_("paid on"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = BaseQuerySet.as_manager()
    scope: ClassVar[Scope] = VIA_CASE

    class Meta:
        verbose_name = _("first payout")
        verbose_name_plural = _("first payouts")
        ordering = ["-paid_on", "pk"]

    def __str__(self) -> str:
        return f"{self.case.number} ¥{self.amount}"

    def get_absolute_url(self) -> str:
        return self.case.get_absolute_url()


class CaseAttachment(models.Model):
    case = models.ForeignKey(
        ComplaintCase, verbose_name=_("case"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to="complaints/%Y/%m/")
    name = models.CharField(_("name"), max_length=200)
    party = models.CharField(_("from"), max_length=20, choices=Party.choices, default=Party.COMPLAINANT)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    objects = BaseQuerySet.as_manager()
    scope: ClassVar[Scope] = VIA_CASE

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["case", "pk"]

    def __str__(self) -> str:
        return self.name


class CaseCounter(models.Model):
    """The last number given per kind and year (TS-2026-000123, JB-2026-000045)."""

    prefix = models.CharField(_("prefix"), max_length=10)
    year = models.PositiveSmallIntegerField(_("year"))
    last = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("case counter")
        verbose_name_plural = _("case counters")
        constraints = [models.UniqueConstraint(fields=["prefix", "year"], name="complaints_counter_unique")]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.year}: {self.last}"


class ClassifierModel(models.Model):
    """A trained text classifier for one taxonomy; the newest active one suggests categories."""

    kind = models.CharField(_("taxonomy"), max_length=10, choices=CategoryKind.choices)
    trained_at = models.DateTimeField(_("trained at"))
    source = models.CharField(_("trained on"), max_length=200)
    samples = models.PositiveIntegerField(_("samples"))
    labels = models.JSONField(_("labels"), default=list)
    accuracy = models.FloatField(_("accuracy"), null=True, blank=True)
    macro_f1 = models.FloatField(_("macro F1"), null=True, blank=True)
    training_seconds = models.FloatField(_("training time (s)"), default=0)
    blob = models.BinaryField(_("model"), editable=False)
    is_active = models.BooleanField(_("active"), default=True)

    objects = BaseQuerySet.as_manager()
    scope: ClassVar[Scope] = Scope(shared=True)

    class Meta:
        verbose_name = _("classifier")
        verbose_name_plural = _("classifiers")
        ordering = ["-trained_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.trained_at:%Y-%m-%d %H:%M}"


class DisclosurePolicy(BaseModel):
    """What of the handled cases is published (消费投诉信息公示), when and for how long."""

    is_enabled = models.BooleanField(_("publish handled complaints"), default=True)
    delay_days = models.PositiveSmallIntegerField(_("publish after (working days from closure)"), default=5)
    keep_years = models.PositiveSmallIntegerField(_("keep published (years)"), default=3)
    outcomes = models.JSONField(_("outcomes published"), default=list, blank=True)
    require_review = models.BooleanField(_("staff review before publication"), default=True)
    note = models.TextField(_("note"), blank=True)

    scope: ClassVar[Scope] = Scope(shared=True)

    class Meta:
        verbose_name = _("disclosure policy")
        verbose_name_plural = _("disclosure policies")

    def __str__(self) -> str:
        return str(_("Complaint disclosure policy"))

"""Product-quality supervision spot checks and food-safety sampling (产品质量监督抽查, 食品安全抽检).

A plan (level, year, programme, categories, counties, batches, labs) → samples taken on a
sampling record (抽样单) → the lab delivers a report of item results → the sample's conclusion
follows from its items → a failed sample is served on the sampled unit and the producer, who
may object within the window → a re-test at another lab replaces the conclusion (both reports
stay) → every failed sample gets a disposal case (核查处置) whose steps go into the archive →
results are published; pass rates count final conclusions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from qualitycity.core.models import BaseModel, BaseQuerySet, Department, Division, Scope
from qualitycity.nqi.models import Standard
from qualitycity.registry.choices import CategoryGroup
from qualitycity.registry.models import Entity, ProductCategory
from qualitycity.spotchecks.choices import (
    Conclusion,
    DisposalStatus,
    DisposalStepKind,
    Level,
    LimitKind,
    LinkType,
    ObjectionOutcome,
    ObjectionStatus,
    Party,
    Programme,
    Purpose,
    SampleStatus,
    ServiceMethod,
    Verdict,
)

__all__ = [
    "Disposal",
    "DisposalStep",
    "Objection",
    "Sample",
    "SampleAttachment",
    "SampleNotice",
    "SampleQuerySet",
    "SpotCheckPlan",
    "TestItem",
    "TestReport",
    "TestResult",
    "TestingInstitution",
]

NUMERIC_LIMITS = (LimitKind.MAX, LimitKind.BELOW, LimitKind.MIN, LimitKind.ABOVE, LimitKind.RANGE)


class TestItem(BaseModel):
    """One test item of a product category (检验项目): method and limit standards, the limit and
    its unit. An item of a category applies to its sub-categories too."""

    __test__ = False  # not a pytest test class

    category = models.ForeignKey(
        ProductCategory,
        verbose_name=_("product category"),
        on_delete=models.PROTECT,
        related_name="test_items",
    )
    name = models.CharField(_("test item"), max_length=120)
    method = models.CharField(_("test method"), max_length=200, blank=True)
    method_standard = models.ForeignKey(
        Standard,
        verbose_name=_("method standard"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    limit_standard = models.ForeignKey(
        Standard,
        verbose_name=_("limit standard"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    limit_kind = models.CharField(
        _("limit"),
        max_length=20,
        choices=LimitKind.choices,
        blank=True,
        help_text=_("Empty while the limit is not entered: results of the item cannot be judged."),
    )
    limit_min = models.DecimalField(_("lower limit"), max_digits=16, decimal_places=6, null=True, blank=True)
    limit_max = models.DecimalField(_("upper limit"), max_digits=16, decimal_places=6, null=True, blank=True)
    requirement = models.CharField(
        _("requirement"), max_length=200, blank=True, help_text=_("For a qualitative item: what conforms.")
    )
    unit = models.CharField(_("unit"), max_length=30, blank=True)
    is_active = models.BooleanField(_("in use"), default=True)

    scope: ClassVar[Scope] = Scope(shared=True)

    class Meta:
        verbose_name = _("test item")
        verbose_name_plural = _("test items")
        ordering = ["category__code", "name"]
        constraints = [
            models.UniqueConstraint(fields=["category", "name"], name="spotchecks_testitem_unique_name")
        ]

    def __str__(self) -> str:
        return f"{self.category.name}·{self.name}"

    @property
    def has_limit(self) -> bool:
        if self.limit_kind in (LimitKind.MAX, LimitKind.BELOW):
            return self.limit_max is not None
        if self.limit_kind in (LimitKind.MIN, LimitKind.ABOVE):
            return self.limit_min is not None
        if self.limit_kind == LimitKind.RANGE:
            return self.limit_min is not None and self.limit_max is not None
        return self.limit_kind in (LimitKind.NOT_DETECTED, LimitKind.QUALITATIVE)

    def limit_text(self) -> str:
        """The limit as printed on a report: "≤0.2 mg/kg", "0.5–1.5 %", "不得检出"."""
        from qualitycity.spotchecks.verdicts import limit_text

        return limit_text(self.limit_kind, self.limit_min, self.limit_max, self.unit, self.requirement)

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        kind = self.limit_kind
        if kind in (LimitKind.MAX, LimitKind.BELOW, LimitKind.RANGE) and self.limit_max is None:
            errors["limit_max"] = _("Enter the upper limit.")
        if kind in (LimitKind.MIN, LimitKind.ABOVE, LimitKind.RANGE) and self.limit_min is None:
            errors["limit_min"] = _("Enter the lower limit.")
        both = self.limit_min is not None and self.limit_max is not None
        if kind == LimitKind.RANGE and both and self.limit_min > self.limit_max:  # type: ignore[operator]  # both set
            errors["limit_min"] = _("The lower limit is above the upper limit.")
        if kind in NUMERIC_LIMITS and not self.unit:
            errors["unit"] = _("A numeric limit needs its unit.")
        if errors:
            raise ValidationError(errors)


class TestingInstitution(BaseModel):
    """A testing institution (检验检测机构) with its CMA qualification (资质认定) scope: the product
    categories and the test items it may test."""

    __test__ = False

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    uscc = models.CharField(
        _("unified social credit code"),
        max_length=18,
        unique=True,
        help_text=_("The institution's own code; its users log in under it."),
    )
    cma_number = models.CharField(_("CMA certificate number"), max_length=40, unique=True)
    cma_valid_until = models.DateField(_("CMA valid until"))
    address = models.CharField(_("address"), max_length=300, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    categories = models.ManyToManyField(
        ProductCategory, verbose_name=_("qualified categories"), related_name="institutions", blank=True
    )
    test_items = models.ManyToManyField(
        TestItem, verbose_name=_("qualified test items"), related_name="institutions", blank=True
    )
    is_active = models.BooleanField(_("active"), default=True)

    scope: ClassVar[Scope] = Scope(shared=True)

    class Meta:
        verbose_name = _("testing institution")
        verbose_name_plural = _("testing institutions")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.short_name or self.name

    def qualified_category_ids(self) -> set[int]:
        return set(self.categories.values_list("pk", flat=True))

    def is_qualified_for_category(self, category: ProductCategory) -> bool:
        """Qualified for the category or one of its parents."""
        own = self.qualified_category_ids()
        return any(c.pk in own for c in category.ancestors())

    def is_qualified_for_item(self, item: TestItem) -> bool:
        return self.test_items.filter(pk=item.pk).exists()

    def cma_valid_on(self, on: dt.date) -> bool:
        return self.cma_valid_until >= on


class SpotCheckPlan(BaseModel):
    """A spot-check or sampling plan (监督抽查/抽检计划): level, year, programme, categories,
    counties, batches, the labs assigned, the period."""

    number = models.CharField(_("plan number"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    programme = models.CharField(_("programme"), max_length=20, choices=Programme.choices)
    purpose = models.CharField(
        _("purpose"), max_length=20, choices=Purpose.choices, default=Purpose.SUPERVISION
    )
    level = models.CharField(pgettext_lazy("plan level", "level"), max_length=20, choices=Level.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    organiser = models.ForeignKey(
        Department, verbose_name=_("organising department"), on_delete=models.PROTECT, related_name="+"
    )
    categories = models.ManyToManyField(
        ProductCategory, verbose_name=_("product categories"), related_name="+"
    )
    counties = models.ManyToManyField(Division, verbose_name=_("counties"), related_name="+")
    batches_planned = models.PositiveIntegerField(_("batches planned"))
    institutions = models.ManyToManyField(
        TestingInstitution, verbose_name=_("testing institutions"), related_name="plans"
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    is_targeted = models.BooleanField(
        _("targeted (定向)"),
        default=False,
        help_text=_("Aimed at categories or producers a risk signal named."),
    )
    note = models.TextField(_("note"), blank=True)

    scope: ClassVar[Scope] = Scope(division="organiser__division", department="organiser")

    class Meta:
        verbose_name = _("spot-check plan")
        verbose_name_plural = _("spot-check plans")
        ordering = ["-year", "number"]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The end date is before the start date.")
        if self.programme == Programme.PRODUCT and self.purpose == Purpose.RISK_MONITORING:
            errors["purpose"] = _("Product quality spot checks are supervision spot checks.")
        if errors:
            raise ValidationError(errors)


class SampleQuerySet(BaseQuerySet):
    def concluded(self) -> SampleQuerySet:
        """Samples with a conclusion: what pass rates count."""
        return self.exclude(conclusion=Conclusion.PENDING)

    def failed(self) -> SampleQuerySet:
        return self.filter(conclusion=Conclusion.UNQUALIFIED)

    def published(self) -> SampleQuerySet:
        """What the public portal may show: published supervision results."""
        return self.filter(published_at__isnull=False, purpose=Purpose.SUPERVISION)


class Sample(BaseModel):
    """A sample and its sampling record (抽样单): who was sampled, what lot, how much, by whom
    (≥ 2 samplers), with the sampled party's signature or the note of its refusal (总局令15号
    Art 19; recommended superset in the rule notes). The lot identifiers (batch, production date,
    GTIN, trace code) are kept apart so that the lot can be traced and recalled."""

    number = models.CharField(_("sample number"), max_length=40, unique=True)
    plan = models.ForeignKey(
        SpotCheckPlan, verbose_name=_("plan"), on_delete=models.PROTECT, related_name="samples"
    )
    # Copied from the plan and the category so that pass rates are one query over samples.
    programme = models.CharField(_("programme"), max_length=20, choices=Programme.choices, editable=False)
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices, editable=False)
    level = models.CharField(
        pgettext_lazy("plan level", "level"), max_length=20, choices=Level.choices, editable=False
    )
    category = models.ForeignKey(
        ProductCategory, verbose_name=_("product category"), on_delete=models.PROTECT, related_name="+"
    )
    category_group = models.CharField(
        _("category group"), max_length=20, choices=CategoryGroup.choices, editable=False
    )
    county = models.ForeignKey(
        Division, verbose_name=_("county sampled in"), on_delete=models.PROTECT, related_name="+"
    )
    link_type = models.CharField(_("link"), max_length=20, choices=LinkType.choices)
    place = models.CharField(_("sampling place"), max_length=300)
    online_platform = models.CharField(_("online platform"), max_length=100, blank=True)
    sampled_unit = models.ForeignKey(
        Entity, verbose_name=_("sampled unit"), on_delete=models.PROTECT, related_name="+"
    )
    producer = models.ForeignKey(
        Entity,
        verbose_name=_("producer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The producer named on the label."),
    )
    labelled_producer = models.CharField(_("producer as labelled"), max_length=200, blank=True)
    labelled_producer_address = models.CharField(
        _("producer address as labelled"), max_length=300, blank=True
    )
    product_name = models.CharField(_("product name"), max_length=200)
    brand = models.CharField(_("brand"), max_length=100, blank=True)
    specification = models.CharField(_("specification"), max_length=100, blank=True)
    batch_number = models.CharField(_("batch number"), max_length=60, blank=True)
    production_date = models.DateField(_("production date"), null=True, blank=True)
    shelf_life = models.CharField(_("shelf life"), max_length=60, blank=True)
    gtin = models.CharField(_("GTIN"), max_length=14, blank=True, db_index=True)
    trace_code = models.CharField(_("trace code"), max_length=100, blank=True)
    quantity = models.DecimalField(_("quantity sampled"), max_digits=12, decimal_places=3)
    backup_quantity = models.DecimalField(
        _("backup quantity"), max_digits=12, decimal_places=3, default=Decimal(0)
    )
    quantity_unit = models.CharField(_("quantity unit"), max_length=20)
    unit_price = models.DecimalField(
        _("unit price (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    amount_paid = models.DecimalField(
        _("amount paid (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    storage_condition = models.CharField(_("storage condition"), max_length=100, blank=True)
    seal_number = models.CharField(_("seal number"), max_length=60, blank=True)
    samplers = models.TextField(_("samplers"), help_text=_("One name per line; at least two."))
    unit_signed = models.BooleanField(_("signed by the sampled unit"), default=True)
    refusal_note = models.CharField(_("note of refusal to sign"), max_length=300, blank=True)
    sampled_at = models.DateTimeField(_("sampled at"))
    sampled_on = models.DateField(_("sampled on"), editable=False, db_index=True)
    institution = models.ForeignKey(
        TestingInstitution,
        verbose_name=_("testing institution"),
        on_delete=models.PROTECT,
        related_name="samples",
    )
    delivery_due = models.DateField(_("delivery due"), null=True, blank=True, editable=False)
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True, editable=False)
    report_due = models.DateField(_("report due"), null=True, blank=True, editable=False)
    reported_on = models.DateField(_("reported on"), null=True, blank=True, editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=SampleStatus.choices, default=SampleStatus.SAMPLED, editable=False
    )
    conclusion = models.CharField(
        _("conclusion"), max_length=20, choices=Conclusion.choices, default=Conclusion.PENDING, editable=False
    )
    failed_items = models.CharField(_("failed items"), max_length=500, blank=True, editable=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    note = models.TextField(_("note"), blank=True)

    objects = SampleQuerySet.as_manager()  # type: ignore[misc]  # the manager of a custom queryset
    scope: ClassVar[Scope] = Scope(
        division="county",
        uscc=("sampled_unit__uscc", "producer__uscc"),
        # the lab it was sent to, and a re-test lab an objection assigned
        lab=("institution__uscc", "objections__retest_institution__uscc"),
    )

    class Meta:
        verbose_name = _("sample")
        verbose_name_plural = _("samples")
        ordering = ["-sampled_on", "-number"]
        indexes = [
            # Pass rates: one pass over the index, grouped by what the page asks for.
            models.Index(
                fields=[
                    "programme",
                    "sampled_on",
                    "purpose",
                    "category_group",
                    "conclusion",
                    "county",
                    "category",
                ],
                name="spotchecks_sample_rate_idx",
            ),
            models.Index(
                fields=["producer", "conclusion", "sampled_on"], name="spotchecks_sample_producer_idx"
            ),
            models.Index(fields=["status", "delivery_due"], name="spotchecks_sample_status_idx"),
            # Risk signals: the failed supervision batches of a window, by producer.
            models.Index(
                fields=["conclusion", "purpose", "sampled_on", "producer"],
                name="spotchecks_sample_failed_idx",
            ),
            # Whether the pass-rate tallies are current: any sample saved after they were built.
            models.Index(fields=["updated_at"], name="spotchecks_sample_updated_idx"),
            # The part of a month the tallies do not cover, counted live.
            models.Index(
                fields=["sampled_on", "conclusion", "programme", "purpose", "category_group", "county"],
                name="spotchecks_sample_day_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.product_name}"

    def sampler_names(self) -> list[str]:
        return [n.strip() for n in self.samplers.splitlines() if n.strip()]

    @property
    def is_failed(self) -> bool:
        return self.conclusion == Conclusion.UNQUALIFIED

    def lot(self) -> dict[str, str]:
        """The lot's identifiers, as a disposal case and a recall start from them."""
        return {
            "product_name": self.product_name,
            "brand": self.brand,
            "specification": self.specification,
            "batch_number": self.batch_number,
            "production_date": self.production_date.isoformat() if self.production_date else "",
            "gtin": self.gtin,
            "trace_code": self.trace_code,
            "producer": self.producer.uscc if self.producer is not None else "",
            "producer_name": self.producer.name if self.producer is not None else self.labelled_producer,
        }


class SampleAttachment(models.Model):
    """A photo or document of the sampling (on-site photos, the signed record)."""

    sample = models.ForeignKey(
        Sample, verbose_name=_("sample"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to="spotchecks/%Y/%m/")
    name = models.CharField(_("file name"), max_length=200)
    is_photo = models.BooleanField(_("photo"), default=False)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("sampling attachment")
        verbose_name_plural = _("sampling attachments")
        ordering = ["sample", "pk"]

    def __str__(self) -> str:
        return self.name


class TestReport(BaseModel):
    """A lab's test report (检验报告) on a sample; a re-test report belongs to an objection.
    The sample's conclusion is the latest report's; earlier ones stay on record."""

    __test__ = False

    sample = models.ForeignKey(
        Sample, verbose_name=_("sample"), on_delete=models.CASCADE, related_name="reports"
    )
    institution = models.ForeignKey(
        TestingInstitution, verbose_name=_("testing institution"), on_delete=models.PROTECT, related_name="+"
    )
    number = models.CharField(_("report number"), max_length=60)
    issued_on = models.DateField(_("issued on"))
    is_retest = models.BooleanField(_("re-test"), default=False)
    conclusion = models.CharField(_("conclusion"), max_length=20, choices=Conclusion.choices)
    failed_items = models.CharField(_("failed items"), max_length=500, blank=True)
    note = models.TextField(_("note"), blank=True)

    scope: ClassVar[Scope] = Scope(
        division="sample__county",
        uscc=("sample__sampled_unit__uscc", "sample__producer__uscc"),
        lab="institution__uscc",
    )

    class Meta:
        verbose_name = _("test report")
        verbose_name_plural = _("test reports")
        ordering = ["sample", "issued_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "number"], name="spotchecks_testreport_unique_number"
            )
        ]

    def __str__(self) -> str:
        return self.number


class TestResult(models.Model):
    """One item's result in a report (检验结果): the value as reported, its unit and the verdict
    judged against the item's limit."""

    __test__ = False

    report = models.ForeignKey(
        TestReport, verbose_name=_("test report"), on_delete=models.CASCADE, related_name="results"
    )
    test_item = models.ForeignKey(
        TestItem, verbose_name=_("test item"), on_delete=models.PROTECT, related_name="+"
    )
    value_text = models.CharField(_("result"), max_length=60)
    value = models.DecimalField(_("numeric value"), max_digits=18, decimal_places=6, null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=30, blank=True)
    verdict = models.CharField(_("verdict"), max_length=10, choices=Verdict.choices)

    class Meta:
        verbose_name = _("test result")
        verbose_name_plural = _("test results")
        ordering = ["report", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["report", "test_item"], name="spotchecks_testresult_unique_item")
        ]

    def __str__(self) -> str:
        return f"{self.test_item.name}: {self.value_text}"


class SampleNotice(BaseModel):
    """A failed result served on a party (the sampled unit, the producer). The objection window
    runs from the day the party received it."""

    sample = models.ForeignKey(
        Sample, verbose_name=_("sample"), on_delete=models.CASCADE, related_name="notices"
    )
    party = models.CharField(_("party"), max_length=20, choices=Party.choices)
    entity = models.ForeignKey(
        Entity, verbose_name=_("market entity"), on_delete=models.PROTECT, related_name="+"
    )
    sent_on = models.DateField(_("sent on"))
    received_on = models.DateField(_("received on"), null=True, blank=True)
    method = models.CharField(_("service method"), max_length=20, choices=ServiceMethod.choices, blank=True)
    objection_due = models.DateField(_("objection window ends"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("acknowledged by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    scope: ClassVar[Scope] = Scope(division="sample__county", uscc="entity__uscc")

    class Meta:
        verbose_name = _("notice of a failed result")
        verbose_name_plural = _("notices of failed results")
        ordering = ["sample", "party"]
        constraints = [
            models.UniqueConstraint(fields=["sample", "party"], name="spotchecks_samplenotice_unique_party")
        ]

    def __str__(self) -> str:
        return f"{self.sample.number} → {self.entity}"


class Objection(BaseModel):
    """An objection and re-test application (异议/复检申请) by a party against a failed result:
    within 15 calendar days for products (《产品质量法》 Art 15), 7 working days for food
    (《食品安全法》 Art 88), from receipt. An accepted objection goes to a different qualified
    lab (for food drawn at random from the qualified labs); its report replaces the conclusion."""

    sample = models.ForeignKey(
        Sample, verbose_name=_("sample"), on_delete=models.CASCADE, related_name="objections"
    )
    notice = models.ForeignKey(
        SampleNotice, verbose_name=_("notice"), on_delete=models.PROTECT, related_name="objections"
    )
    submitted_on = models.DateField(_("submitted on"))
    reason = models.TextField(_("reason"))
    contested_items = models.ManyToManyField(
        TestItem, verbose_name=_("contested items"), related_name="+", blank=True
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ObjectionStatus.choices,
        default=ObjectionStatus.SUBMITTED,
        editable=False,
    )
    decision_due = models.DateField(_("decision due"), null=True, blank=True, editable=False)
    decided_on = models.DateField(_("decided on"), null=True, blank=True, editable=False)
    decision_note = models.TextField(_("decision"), blank=True, editable=False)
    retest_institution = models.ForeignKey(
        TestingInstitution,
        verbose_name=_("re-test institution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    #: For food: the candidate labs, the seed and the pick, so anyone can re-run the draw.
    retest_draw = models.JSONField(_("re-test lab draw"), default=dict, blank=True, editable=False)
    retest_report = models.OneToOneField(
        TestReport,
        verbose_name=_("re-test report"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="objection",
        editable=False,
    )
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=ObjectionOutcome.choices, blank=True, editable=False
    )

    scope: ClassVar[Scope] = Scope(
        division="sample__county", uscc="notice__entity__uscc", lab="retest_institution__uscc"
    )

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["-submitted_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.sample.number} · {self.notice.entity}"


class Disposal(BaseModel):
    """The follow-up of a failed sample (核查处置), assigned to the county of the producer when it
    lies in the city, else of the seller. It keeps the lot so that a recall can start from it."""

    number = models.CharField(_("case number"), max_length=40, unique=True)
    sample = models.OneToOneField(
        Sample, verbose_name=_("sample"), on_delete=models.PROTECT, related_name="disposal"
    )
    entity = models.ForeignKey(
        Entity, verbose_name=_("entity handled"), on_delete=models.PROTECT, related_name="+"
    )
    county = models.ForeignKey(Division, verbose_name=_("county"), on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(
        Department,
        verbose_name=_("handling department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    opened_on = models.DateField(_("opened on"))
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=DisposalStatus.choices,
        default=DisposalStatus.OPEN,
        editable=False,
    )
    lot = models.JSONField(_("lot"), default=dict, editable=False)
    measures_taken = models.TextField(_("measures taken"), blank=True, editable=False)
    closed_on = models.DateField(_("closed on"), null=True, blank=True, editable=False)

    scope: ClassVar[Scope] = Scope(division="county", department="department", uscc="entity__uscc")

    class Meta:
        verbose_name = _("disposal case")
        verbose_name_plural = _("disposal cases")
        ordering = ["-opened_on", "-number"]

    def __str__(self) -> str:
        return f"{self.number} {self.entity}"


class DisposalStep(BaseModel):
    """One step of a disposal case; each is a fact in the entity's archive."""

    disposal = models.ForeignKey(
        Disposal, verbose_name=_("disposal case"), on_delete=models.CASCADE, related_name="steps"
    )
    kind = models.CharField(_("step"), max_length=30, choices=DisposalStepKind.choices)
    done_on = models.DateField(_("date"))
    deadline = models.DateField(_("deadline to correct"), null=True, blank=True)
    passed = models.BooleanField(_("recheck passed"), null=True, blank=True)
    document_number = models.CharField(_("document number"), max_length=60, blank=True)
    note = models.TextField(_("note"), blank=True)

    scope: ClassVar[Scope] = Scope(
        division="disposal__county", department="disposal__department", uscc="disposal__entity__uscc"
    )

    class Meta:
        verbose_name = _("disposal step")
        verbose_name_plural = _("disposal steps")
        ordering = ["disposal", "done_on", "pk"]

    def __str__(self) -> str:
        return f"{self.disposal.number} · {self.get_kind_display()}"


class PassRateTally(models.Model):
    """Concluded batches per month and per what the statistics page filters and groups by (the
    category folded to its 大类): the pre-aggregate behind the pass-rate page at province scale.
    Rebuilt as a whole by `spotchecks.tallies.rebuild`; read only while it is current."""

    month = models.DateField(_("month"))
    programme = models.CharField(_("programme"), max_length=20, choices=Programme.choices)
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    level = models.CharField(pgettext_lazy("plan level", "level"), max_length=20, choices=Level.choices)
    category_group = models.CharField(_("category group"), max_length=20, choices=CategoryGroup.choices)
    county = models.ForeignKey(
        Division, verbose_name=_("county sampled in"), on_delete=models.CASCADE, related_name="+"
    )
    category = models.ForeignKey(
        ProductCategory, verbose_name=_("product category"), on_delete=models.CASCADE, related_name="+"
    )
    total = models.PositiveIntegerField(_("batches"))
    qualified = models.PositiveIntegerField(_("qualified batches"))

    scope: ClassVar[Scope] = Scope(division="county")

    class Meta:
        verbose_name = _("pass-rate tally")
        verbose_name_plural = _("pass-rate tallies")
        indexes = [
            # Covering: every figure is one pass over the index, never the table.
            models.Index(
                fields=[
                    "month",
                    "programme",
                    "purpose",
                    "category_group",
                    "level",
                    "county",
                    "category",
                    "total",
                    "qualified",
                ],
                name="spotchecks_tally_cover_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.programme} {self.county_id} {self.category_id}: {self.qualified}/{self.total}"


class PassRateTallyState(models.Model):
    """When the tallies were last built (from the samples as they stood at `built_at`), the last
    sampling date they hold, and when a rebuild was last queued. One row."""

    built_at = models.DateTimeField(_("built at"), null=True)
    max_day = models.DateField(_("last sampling date counted"), null=True)
    changed_at = models.DateTimeField(_("samples changed at"), null=True)
    queued_at = models.DateTimeField(_("rebuild queued at"), null=True)
    seconds = models.FloatField(_("build time (s)"), null=True)

    class Meta:
        verbose_name = _("pass-rate tally state")
        verbose_name_plural = _("pass-rate tally state")

    def __str__(self) -> str:
        return f"tallies built {self.built_at}"

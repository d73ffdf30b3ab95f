"""The city quality plan as data: the plan, its goal groups and measures with their responsible
departments, the indicators with their targets and values, the departments' progress reports
(maker–checker), and the yearly assessment (督导考核)."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from qualitycity.core.models import BaseModel, Department, Division, Scope
from qualitycity.plan.choices import Direction, IndicatorKind, ReportFrequency, ReportStatus

__all__ = [
    "AssessmentScheme",
    "GoalGroup",
    "Indicator",
    "IndicatorValue",
    "Measure",
    "Plan",
    "PlanSection",
    "ProgressReport",
    "ReportAttachment",
]


class Plan(BaseModel):
    """A quality plan: the city's (晋市政发〔2023〕18号), a county's, or next year's."""

    title = models.CharField(_("title"), max_length=200)
    document_number = models.CharField(_("document number"), max_length=60, blank=True)
    issuer = models.CharField(_("issued by"), max_length=100, blank=True)
    division = models.ForeignKey(Division, verbose_name=_("area"), on_delete=models.PROTECT, related_name="+")
    written_on = models.DateField(_("written on"), null=True, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    start_year = models.PositiveSmallIntegerField(_("from year"))
    target_year = models.PositiveSmallIntegerField(_("target year"))
    guiding_text = models.TextField(_("guiding principles"), blank=True)
    long_term_goal = models.TextField(_("long-term goal"), blank=True)
    report_frequency = models.CharField(
        _("report frequency"),
        max_length=20,
        choices=ReportFrequency.choices,
        default=ReportFrequency.QUARTERLY,
    )
    is_default = models.BooleanField(_("shown by default"), default=False)

    scope: ClassVar[Scope] = Scope(shared=True)

    class Meta:
        verbose_name = _("quality plan")
        verbose_name_plural = _("quality plans")
        ordering = ["-is_default", "-start_year", "title"]

    def __str__(self) -> str:
        return self.title


class GoalGroup(BaseModel):
    """One of the plan's main goal groups (主要目标, e.g. 经济发展质量效益明显提高)."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="goal_groups"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))

    scope: ClassVar[Scope] = Scope(shared=True)

    class Meta:
        verbose_name = _("goal group")
        verbose_name_plural = _("goal groups")
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="plan_goalgroup_unique")]

    def __str__(self) -> str:
        return self.title


class Measure(BaseModel):
    """A measure of the plan ((三) to (二十七) in Jincheng's) with its lead department (the
    first named in 〔责任单位:…〕) and co-responsible ones."""

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="measures")
    number = models.PositiveSmallIntegerField(_("number"))
    label = models.CharField(_("label"), max_length=20, help_text=_("As printed, e.g. (三)."))
    chapter = models.CharField(_("chapter"), max_length=100)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))
    lead_department = models.ForeignKey(
        Department, verbose_name=_("lead department"), on_delete=models.PROTECT, related_name="led_measures"
    )
    co_departments = models.ManyToManyField(
        Department, verbose_name=_("co-responsible departments"), blank=True, related_name="co_measures"
    )
    #: the bracket as printed, kept for checking: "市工信局(国资委)、市发改委、…"
    responsible_text = models.CharField(_("responsible units as printed"), max_length=500, blank=True)

    scope: ClassVar[Scope] = Scope(shared=True)

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="plan_measure_unique")]

    def __str__(self) -> str:
        return f"{self.label}{self.title}"


class PlanSection(BaseModel):
    """Organisational text of the plan (保障措施: leadership, coordination, talent, assessment)."""

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="sections")
    number = models.PositiveSmallIntegerField(_("number"))
    label = models.CharField(_("label"), max_length=20)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))

    scope: ClassVar[Scope] = Scope(shared=True)

    class Meta:
        verbose_name = _("plan section")
        verbose_name_plural = _("plan sections")
        ordering = ["plan", "number"]

    def __str__(self) -> str:
        return f"{self.label}{self.title}"


class Indicator(BaseModel):
    """A quantitative target of the plan. Computed indicators take their value from a module's
    service (`source`); reported ones from the responsible department's accepted reports."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="indicators"
    )
    code = models.SlugField(_("code"), max_length=60)
    name = models.CharField(_("name"), max_length=200)
    goal_group = models.ForeignKey(
        GoalGroup,
        verbose_name=_("goal group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="indicators",
    )
    measure = models.ForeignKey(
        Measure,
        verbose_name=_("measure"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="indicators",
    )
    direction = models.CharField(_("direction"), max_length=20, choices=Direction.choices)
    target_value = models.DecimalField(_("target"), max_digits=14, decimal_places=3, null=True, blank=True)
    target_text = models.CharField(
        _("target in words"),
        max_length=200,
        blank=True,
        help_text=_("For targets set elsewhere, e.g. 省下达任务."),
    )
    unit = models.CharField(_("unit"), max_length=30, blank=True)
    target_year = models.PositiveSmallIntegerField(_("target year"))
    baseline_value = models.DecimalField(
        _("baseline"), max_digits=14, decimal_places=3, null=True, blank=True
    )
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    responsible_department = models.ForeignKey(
        Department,
        verbose_name=_("responsible department"),
        on_delete=models.PROTECT,
        related_name="indicators",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=IndicatorKind.choices)
    #: for computed indicators: the key of a registered source (plan.sources), e.g.
    #: "complaints.on_time_rate"; kept when switching back to reported
    source = models.CharField(_("data source"), max_length=80, blank=True)
    source_text = models.CharField(_("as written in the plan"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    #: the plan is a public document: everyone working sees every indicator; what a department
    #: reporter may change is bounded by their reports and values
    scope: ClassVar[Scope] = Scope(shared=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["plan", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="plan_indicator_unique")]

    def __str__(self) -> str:
        return self.name


class IndicatorValue(BaseModel):
    """A value of an indicator at a date: reported (with evidence, checked by the bureau) or a
    snapshot of a computed one. The history stays when an indicator changes kind."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="values"
    )
    as_of = models.DateField(_("as of"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=3)
    kind = models.CharField(_("source"), max_length=20, choices=IndicatorKind.choices)
    report = models.ForeignKey(
        "ProgressReport",
        verbose_name=_("report"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="values",
    )
    is_accepted = models.BooleanField(_("accepted by the bureau"), default=False)
    note = models.CharField(_("note"), max_length=300, blank=True)

    scope: ClassVar[Scope] = Scope(department="indicator__responsible_department")

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["indicator", "-as_of", "-pk"]

    def __str__(self) -> str:
        return f"{self.indicator} {self.as_of}: {self.value}"


class ProgressReport(BaseModel):
    """A department's report on its measures for a period: what was done, figures, evidence.
    Maker–checker: the department submits; the bureau returns it with comments or accepts it."""

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="reports")
    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="+"
    )
    measure = models.ForeignKey(
        Measure, verbose_name=_("measure"), on_delete=models.PROTECT, related_name="reports"
    )
    period = models.CharField(_("period"), max_length=10, help_text=_("2026-Q3, 2026-09, 2026-H2 or 2026."))
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period until"))
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    work_done = models.TextField(_("what was done"), blank=True)
    figures = models.TextField(_("figures"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    review_comment = models.TextField(_("bureau's comment"), blank=True)
    quality_score = models.PositiveSmallIntegerField(_("quality score (0–100)"), null=True, blank=True)

    scope: ClassVar[Scope] = Scope(department="department")

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["-period_end", "department__code", "measure__number"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "department", "period"], name="plan_report_unique")
        ]

    def __str__(self) -> str:
        return f"{self.department} · {self.measure.label} · {self.period}"


class ReportAttachment(models.Model):
    """Evidence attached to a report."""

    report = models.ForeignKey(
        ProgressReport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to="plan/evidence/%Y/")
    name = models.CharField(_("name"), max_length=200)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["report", "pk"]

    def __str__(self) -> str:
        return self.name


class AssessmentScheme(BaseModel):
    """The yearly assessment (督导考核): weights (percent, summing to 100) of indicator
    attainment, report timeliness, report quality (the bureau's score) and measure progress."""

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="schemes")
    year = models.PositiveSmallIntegerField(_("year"))
    weight_indicators = models.PositiveSmallIntegerField(_("weight: indicator attainment (%)"), default=40)
    weight_timeliness = models.PositiveSmallIntegerField(_("weight: report timeliness (%)"), default=20)
    weight_quality = models.PositiveSmallIntegerField(_("weight: report quality (%)"), default=20)
    weight_progress = models.PositiveSmallIntegerField(_("weight: measure progress (%)"), default=20)
    note = models.TextField(_("note"), blank=True)

    scope: ClassVar[Scope] = Scope(shared=True)

    class Meta:
        verbose_name = _("assessment scheme")
        verbose_name_plural = _("assessment schemes")
        ordering = ["plan", "-year"]
        constraints = [models.UniqueConstraint(fields=["plan", "year"], name="plan_scheme_unique")]

    def __str__(self) -> str:
        return f"{self.plan} {self.year}"


class OverviewSnapshot(models.Model):
    """The city overview as last computed for one plan, data scope and language: what the
    page shows at once (with its as-of time) while a newer one is computed in the background."""

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="+")
    scope_key = models.CharField(_("data scope"), max_length=120)
    language = models.CharField(_("language"), max_length=10)
    #: Whose data scope it is computed with (any user of the scope; the one who last asked).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    data = models.JSONField(_("data"))
    computed_at = models.DateTimeField(_("computed at"))
    seconds = models.FloatField(_("compute time (s)"))
    refresh_queued_at = models.DateTimeField(_("refresh queued at"), null=True)

    class Meta:
        verbose_name = _("overview snapshot")
        verbose_name_plural = _("overview snapshots")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "scope_key", "language"], name="plan_overview_snapshot_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.plan_id} {self.scope_key} {self.language} {self.computed_at}"

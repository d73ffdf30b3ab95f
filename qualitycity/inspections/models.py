"""双随机、一公开: check-item lists, the inspector pool, plans, tasks, verifiable draws and results.

A task is approved → a `Draw` is created with a sealed seed whose SHA-256 commitment is public →
the draw snapshots the pool, selects targets per risk class and assigns inspectors, all from
the seed → the seed is revealed → inspectors enter results → results are published."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from qualitycity.core.models import BaseModel, BaseQuerySet, Department, Division, Scope
from qualitycity.inspections.choices import (
    CheckItemWeight,
    ConflictKind,
    DrawStatus,
    InspectorStatus,
    ResultStatus,
    TaskStatus,
)
from qualitycity.registry.models import Entity

__all__ = [
    "CheckItem",
    "Draw",
    "DrawAssignment",
    "DrawTarget",
    "InspectionItemResult",
    "InspectionPlan",
    "InspectionResult",
    "InspectionTask",
    "Inspector",
    "InspectorConflict",
    "ResultAttachment",
    "ResultCategory",
]

TASK_SCOPE = Scope(division="lead_department__division", department="lead_department")


class CheckItem(BaseModel):
    """One item of a department's random-inspection list (抽查事项清单); public."""

    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="check_items"
    )
    number = models.CharField(_("number"), max_length=30)
    name = models.CharField(_("inspection item"), max_length=200)
    sub_item = models.CharField(_("sub-item"), max_length=200, blank=True)
    legal_basis = models.TextField(_("legal basis"))
    inspecting_body = models.CharField(_("inspecting body"), max_length=200)
    target_type = models.CharField(_("target type"), max_length=200)
    check_method = models.CharField(_("check method"), max_length=200)
    ratio_and_frequency = models.CharField(_("ratio and frequency"), max_length=200, blank=True)
    weight = models.CharField(
        _("key or general"), max_length=10, choices=CheckItemWeight.choices, default=CheckItemWeight.GENERAL
    )
    inspector_requirements = models.CharField(_("inspector requirements"), max_length=300, blank=True)
    is_active = models.BooleanField(_("in force"), default=True)

    scope: ClassVar[Scope] = Scope(department="department", shared=True)

    class Meta:
        verbose_name = _("check item")
        verbose_name_plural = _("check items")
        ordering = ["department__code", "number", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["department", "number", "sub_item"], name="inspections_checkitem_unique_number"
            )
        ]

    def __str__(self) -> str:
        label = f"{self.number} {self.name}"
        return f"{label}·{self.sub_item}" if self.sub_item else label


class Inspector(BaseModel):
    """A member of the inspector pool (执法检查人员名录库)."""

    code = models.CharField(
        _("inspector code"),
        max_length=20,
        unique=True,
        help_text=_("Published with draws instead of the name."),
    )
    name = models.CharField(_("name"), max_length=50)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inspector",
    )
    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="inspectors"
    )
    county = models.ForeignKey(
        Division,
        verbose_name=_("county"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    certificate_number = models.CharField(_("enforcement certificate number"), max_length=30, unique=True)
    certificate_expiry = models.DateField(_("certificate valid until"))
    specialities = models.CharField(_("specialities"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=InspectorStatus.choices, default=InspectorStatus.ACTIVE
    )

    scope: ClassVar[Scope] = Scope(division="county", department="department")

    class Meta:
        verbose_name = _("inspector")
        verbose_name_plural = _("inspectors")
        ordering = ["department__code", "code"]

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"


class InspectorConflict(BaseModel):
    """An entity an inspector must not inspect (回避): relatives, former employers, declared
    interests, or a party's recusal request once granted. Applied before every draw."""

    inspector = models.ForeignKey(
        Inspector, verbose_name=_("inspector"), on_delete=models.CASCADE, related_name="conflicts"
    )
    entity = models.ForeignKey(
        Entity, verbose_name=_("market entity"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=ConflictKind.choices)
    declared_on = models.DateField(_("declared on"))
    is_granted = models.BooleanField(
        _("in force"),
        default=True,
        help_text=_("A recusal request excludes the inspector once the head of the agency grants it."),
    )
    note = models.TextField(_("note"), blank=True)

    scope: ClassVar[Scope] = Scope(division="inspector__county", department="inspector__department")

    class Meta:
        verbose_name = _("declared conflict")
        verbose_name_plural = _("declared conflicts")
        ordering = ["inspector", "-declared_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspector", "entity", "kind"], name="inspections_conflict_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.inspector} ↔ {self.entity}"


class InspectionPlan(BaseModel):
    """A department's yearly random-inspection plan; its ratios are the tasks' defaults."""

    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="inspection_plans"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    name = models.CharField(_("name"), max_length=200)
    #: {"A": "3", "B": "5", "C": "10", "D": "30", "-": "5"}: percent per risk class.
    ratios = models.JSONField(_("sampling ratios"), default=dict)
    inspectors_per_target = models.PositiveSmallIntegerField(_("inspectors per target"), default=2)
    note = models.TextField(_("note"), blank=True)

    scope: ClassVar[Scope] = Scope(division="department__division", department="department")

    class Meta:
        verbose_name = _("inspection plan")
        verbose_name_plural = _("inspection plans")
        ordering = ["-year", "department__code", "name"]
        constraints = [
            models.UniqueConstraint(fields=["department", "year", "name"], name="inspections_plan_unique")
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.name}"


class InspectionTaskQuerySet(BaseQuerySet):
    def drawn(self) -> InspectionTaskQuerySet:
        return self.filter(status__in=[TaskStatus.DRAWN, TaskStatus.CLOSED])


class InspectionTask(BaseModel):
    """One random-inspection task: items, target pool, ratios per risk class, inspectors, period.
    A joint task (部门联合抽查) has participating departments besides the lead."""

    number = models.CharField(_("task number"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=200)
    plan = models.ForeignKey(
        InspectionPlan, verbose_name=_("plan"), on_delete=models.PROTECT, related_name="tasks"
    )
    lead_department = models.ForeignKey(
        Department, verbose_name=_("lead department"), on_delete=models.PROTECT, related_name="+"
    )
    participating_departments = models.ManyToManyField(
        Department, verbose_name=_("participating departments"), blank=True, related_name="+"
    )
    check_items = models.ManyToManyField(CheckItem, verbose_name=_("check items"), related_name="tasks")
    #: The target pool as a saved entity filter: {"county_id": 12, "industry": "C33", "tag": …}.
    pool_filter = models.JSONField(_("target pool filter"), default=dict, blank=True)
    is_directed = models.BooleanField(
        _("directed"), default=False, help_text=_("Directed (定向): random within a filtered pool.")
    )
    #: {"A": "3", "B": "5", …}: percent per risk class; "-" is entities not yet classified.
    ratios = models.JSONField(_("sampling ratios"), default=dict)
    inspectors_per_target = models.PositiveSmallIntegerField(_("inspectors per target"), default=2)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    status = models.CharField(
        _("status"), max_length=20, choices=TaskStatus.choices, default=TaskStatus.DRAFT
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    publication_due = models.DateField(_("publication due"), null=True, blank=True)
    published_at = models.DateTimeField(_("results published at"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    objects = InspectionTaskQuerySet.as_manager()  # type: ignore[misc]  # the manager of a custom queryset
    scope: ClassVar[Scope] = TASK_SCOPE

    class Meta:
        verbose_name = _("inspection task")
        verbose_name_plural = _("inspection tasks")
        ordering = ["-start_date", "-pk"]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"

    @property
    def is_joint(self) -> bool:
        return self.participating_departments.exists()


class Draw(BaseModel):
    """One random draw of a task: the sealed seed and its commitment, then the pool snapshot, the
    selected targets and the inspectors. Immutable once drawn; a redo supersedes it with a reason
    and keeps it visible."""

    task = models.ForeignKey(
        InspectionTask, verbose_name=_("inspection task"), on_delete=models.PROTECT, related_name="draws"
    )
    sequence = models.PositiveSmallIntegerField(_("draw number"), default=1)
    status = models.CharField(
        _("status"), max_length=20, choices=DrawStatus.choices, default=DrawStatus.COMMITTED
    )
    algorithm = models.CharField(_("algorithm"), max_length=30)
    seed = models.CharField(_("seed"), max_length=64)
    commitment = models.CharField(_("commitment (SHA-256 of the seed)"), max_length=64, unique=True)
    committed_at = models.DateTimeField(_("committed at"))
    redo_reason = models.TextField(_("reason for the redo"), blank=True)
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("supersedes"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
    )
    drawn_at = models.DateTimeField(_("drawn at"), null=True, blank=True)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drawn by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    #: The parameters as used by the draw (copied from the task at draw time).
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    pool_hash = models.CharField(_("pool hash (SHA-256)"), max_length=64, blank=True)
    pool_size = models.PositiveIntegerField(_("pool size"), default=0)
    #: zlib-compressed UTF-8 text, one "USCC,CLASS" line per entity sorted by USCC.
    pool_snapshot = models.BinaryField(_("pool snapshot"), blank=True, default=b"", editable=False)
    #: zlib-compressed canonical JSON: eligible inspectors per department and exclusions per target.
    staffing_snapshot = models.BinaryField(_("staffing snapshot"), blank=True, default=b"", editable=False)
    staffing_hash = models.CharField(_("staffing hash (SHA-256)"), max_length=64, blank=True)
    #: {"A": {"pool": 1200, "ratio": "3", "targets": 36}, …}
    strata = models.JSONField(_("strata"), default=dict, blank=True)
    target_count = models.PositiveIntegerField(_("targets"), default=0)
    inspector_count = models.PositiveIntegerField(_("inspectors"), default=0)

    scope: ClassVar[Scope] = Scope(
        division="task__lead_department__division", department="task__lead_department"
    )
    audit_exclude: ClassVar[tuple[str, ...]] = (
        "created_at",
        "updated_at",
        "pool_snapshot",
        "staffing_snapshot",
        "seed",
    )

    class Meta:
        verbose_name = _("draw")
        verbose_name_plural = _("draws")
        ordering = ["-committed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["task", "sequence"], name="inspections_draw_unique_sequence")
        ]

    def __str__(self) -> str:
        return f"{self.task.number} #{self.sequence}"

    @property
    def is_drawn(self) -> bool:
        return self.drawn_at is not None

    @property
    def public_seed(self) -> str:
        """The seed, only once revealed by the draw."""
        return self.seed if self.is_drawn else ""


class DrawTarget(models.Model):
    """An entity selected by a draw, in draw order, with its class at draw time."""

    #: indexed by the (draw, position) constraint: no index of its own, to keep province draws fast
    draw = models.ForeignKey(
        Draw, verbose_name=_("draw"), on_delete=models.CASCADE, related_name="targets", db_index=False
    )
    position = models.PositiveIntegerField(_("position"))
    entity = models.ForeignKey(
        Entity, verbose_name=_("market entity"), on_delete=models.PROTECT, related_name="+"
    )
    uscc = models.CharField(_("unified social credit code"), max_length=18)
    risk_class = models.CharField(_("risk class"), max_length=5)
    sort_key = models.CharField(_("draw key"), max_length=64)

    objects = BaseQuerySet.as_manager()
    scope: ClassVar[Scope] = Scope(
        division="entity__county", department="draw__task__lead_department", uscc="entity__uscc"
    )

    class Meta:
        verbose_name = _("drawn target")
        verbose_name_plural = _("drawn targets")
        ordering = ["draw", "position"]
        constraints = [
            models.UniqueConstraint(fields=["draw", "position"], name="inspections_target_unique_position"),
            models.UniqueConstraint(fields=["draw", "entity"], name="inspections_target_unique_entity"),
        ]

    def __str__(self) -> str:
        return f"{self.draw} · {self.uscc}"


class DrawAssignment(models.Model):
    """An inspector drawn for a target."""

    draw = models.ForeignKey(
        Draw, verbose_name=_("draw"), on_delete=models.CASCADE, related_name="assignments"
    )
    #: indexed by the (target, slot) constraint
    target = models.ForeignKey(
        DrawTarget,
        verbose_name=_("drawn target"),
        on_delete=models.CASCADE,
        related_name="assignments",
        db_index=False,
    )
    slot = models.PositiveSmallIntegerField(_("slot"))
    inspector = models.ForeignKey(
        Inspector, verbose_name=_("inspector"), on_delete=models.PROTECT, related_name="assignments"
    )
    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="+"
    )

    objects = BaseQuerySet.as_manager()
    scope: ClassVar[Scope] = Scope(
        division="target__entity__county", department="department", uscc="target__entity__uscc"
    )

    class Meta:
        verbose_name = _("inspector assignment")
        verbose_name_plural = _("inspector assignments")
        ordering = ["target", "slot"]
        constraints = [
            models.UniqueConstraint(fields=["target", "slot"], name="inspections_assignment_unique_slot"),
            models.UniqueConstraint(
                fields=["target", "inspector"], name="inspections_assignment_unique_inspector"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.target} · {self.inspector.code}"


class ResultCategory(BaseModel):
    """A result category used in practice (未发现问题, 发现问题已责令改正, …); configurable."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    rank = models.PositiveSmallIntegerField(
        _("rank"), default=0, help_text=_("The overall result of an inspection is its highest-ranked item.")
    )
    is_problem = models.BooleanField(_("problem found"), default=False)
    #: credit.Severity of the archive event recorded for this result.
    severity = models.CharField(_("archive severity"), max_length=20, default="info")
    #: credit.ListGround to start the abnormal-list workflow with (e.g. "unreachable"), or "".
    list_ground = models.CharField(_("listing ground"), max_length=40, blank=True)
    is_active = models.BooleanField(_("in use"), default=True)

    scope: ClassVar[Scope] = Scope(shared=True)

    class Meta:
        verbose_name = _("result category")
        verbose_name_plural = _("result categories")
        ordering = ["rank", "code"]

    def __str__(self) -> str:
        return self.name


class InspectionResult(BaseModel):
    """The outcome of one department's inspection of one drawn target; both inspectors confirm."""

    task = models.ForeignKey(
        InspectionTask, verbose_name=_("inspection task"), on_delete=models.PROTECT, related_name="results"
    )
    target = models.ForeignKey(
        DrawTarget, verbose_name=_("drawn target"), on_delete=models.PROTECT, related_name="results"
    )
    entity = models.ForeignKey(
        Entity, verbose_name=_("market entity"), on_delete=models.PROTECT, related_name="inspection_results"
    )
    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="+"
    )
    inspected_on = models.DateField(_("inspected on"), db_index=True)
    category = models.ForeignKey(
        ResultCategory, verbose_name=_("result"), on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ResultStatus.choices, default=ResultStatus.SUBMITTED
    )
    submitted_by = models.ForeignKey(
        Inspector, verbose_name=_("entered by"), on_delete=models.PROTECT, related_name="+"
    )
    confirmed_by = models.ForeignKey(
        Inspector,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, db_index=True)

    scope: ClassVar[Scope] = Scope(division="entity__county", department="department", uscc="entity__uscc")

    class Meta:
        verbose_name = _("inspection result")
        verbose_name_plural = _("inspection results")
        ordering = ["-inspected_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["target", "department"], name="inspections_result_unique")
        ]

    def __str__(self) -> str:
        return f"{self.task.number} · {self.entity.name} · {self.category}"


class InspectionItemResult(models.Model):
    """The result of one check item within an inspection."""

    result = models.ForeignKey(
        InspectionResult, verbose_name=_("inspection result"), on_delete=models.CASCADE, related_name="items"
    )
    check_item = models.ForeignKey(
        CheckItem, verbose_name=_("check item"), on_delete=models.PROTECT, related_name="+"
    )
    category = models.ForeignKey(
        ResultCategory, verbose_name=_("result"), on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("item result")
        verbose_name_plural = _("item results")
        ordering = ["result", "check_item__number"]
        constraints = [
            models.UniqueConstraint(fields=["result", "check_item"], name="inspections_item_result_unique")
        ]

    def __str__(self) -> str:
        return f"{self.check_item}: {self.category}"


class ResultAttachment(models.Model):
    """A photo or document taken at the inspection."""

    result = models.ForeignKey(
        InspectionResult,
        verbose_name=_("inspection result"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    file = models.FileField(_("file"), upload_to="inspections/%Y/%m/")
    name = models.CharField(_("name"), max_length=200)
    is_photo = models.BooleanField(_("photo"), default=False)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["result", "pk"]

    def __str__(self) -> str:
        return self.name

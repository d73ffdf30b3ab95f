"""The enterprise quality-integrity archive: events, lists, annual reports, credit repair,
risk classes and joint-punishment rules."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from qualitycity.core.models import BaseModel, BaseQuerySet, Department, Scope
from qualitycity.credit.choices import (
    AnnualReportStatus,
    CreditEventKind,
    ListGround,
    ListKind,
    ListStatus,
    PunishmentCondition,
    RepairKind,
    RepairStatus,
    Severity,
)
from qualitycity.registry.models import Entity

__all__ = [
    "AnnualReport",
    "CreditEvent",
    "CreditRepair",
    "JointPunishmentNotice",
    "JointPunishmentRule",
    "ListEntry",
    "RiskAssessment",
    "RiskIndicator",
    "RiskModel",
]

ENTITY_SCOPE = Scope(division="entity__county", uscc="entity__uscc")


class CreditEventQuerySet(BaseQuerySet):
    def public(self) -> CreditEventQuerySet:
        return self.filter(is_public=True)


class CreditEvent(BaseModel):
    """One fact in an entity's quality-integrity archive. Every module writes these through
    `credit.services.record_event`; the risk class is computed from them."""

    entity = models.ForeignKey(
        Entity, verbose_name=_("market entity"), on_delete=models.CASCADE, related_name="credit_events"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=CreditEventKind.choices)
    occurred_on = models.DateField(_("date"), db_index=True)
    severity = models.CharField(_("severity"), max_length=20, choices=Severity.choices, default=Severity.INFO)
    summary = models.CharField(_("summary"), max_length=300)
    source_app = models.CharField(_("source module"), max_length=30, blank=True)
    source_model = models.CharField(_("source type"), max_length=60, blank=True)
    source_id = models.CharField(_("source record"), max_length=64, blank=True)
    is_public = models.BooleanField(_("public"), default=False)
    public_until = models.DateField(_("public until"), null=True, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    objects = CreditEventQuerySet.as_manager()  # type: ignore[misc]  # the manager of a custom queryset
    scope: ClassVar[Scope] = ENTITY_SCOPE

    class Meta:
        verbose_name = _("credit event")
        verbose_name_plural = _("credit events")
        ordering = ["-occurred_on", "-pk"]
        indexes = [
            models.Index(fields=["entity", "kind", "occurred_on"], name="credit_event_entity_kind_idx"),
            models.Index(fields=["source_app", "source_model", "source_id"], name="credit_event_source_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_on:%Y-%m-%d} {self.get_kind_display()}: {self.summary}"


class ListEntryQuerySet(BaseQuerySet):
    def current(self) -> ListEntryQuerySet:
        return self.filter(status=ListStatus.LISTED)


class ListEntry(BaseModel):
    """A listing on the abnormal-operations list (经营异常名录) or the serious-violation list
    (严重违法失信名单), with its removal (企业信息公示暂行条例 Art 17; 总局令44号)."""

    entity = models.ForeignKey(
        Entity, verbose_name=_("market entity"), on_delete=models.CASCADE, related_name="list_entries"
    )
    kind = models.CharField(_("list"), max_length=30, choices=ListKind.choices)
    ground = models.CharField(_("ground"), max_length=40, choices=ListGround.choices)
    decision_number = models.CharField(_("decision number"), max_length=100, blank=True)
    decided_by = models.ForeignKey(
        Department,
        verbose_name=_("deciding authority"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    listed_on = models.DateField(_("listed on"), db_index=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ListStatus.choices, default=ListStatus.LISTED
    )
    removed_on = models.DateField(_("removed on"), null=True, blank=True)
    removal_reason = models.TextField(_("removal reason"), blank=True)
    moved_to = models.OneToOneField(
        "self",
        verbose_name=_("moved to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="moved_from",
    )
    is_public = models.BooleanField(_("public"), default=True)
    note = models.TextField(_("note"), blank=True)

    objects = ListEntryQuerySet.as_manager()  # type: ignore[misc]  # the manager of a custom queryset
    scope: ClassVar[Scope] = ENTITY_SCOPE

    class Meta:
        verbose_name = _("list entry")
        verbose_name_plural = _("list entries")
        ordering = ["-listed_on", "-pk"]
        indexes = [models.Index(fields=["kind", "status", "listed_on"], name="credit_list_kind_status_idx")]

    def __str__(self) -> str:
        return f"{self.entity} · {self.get_kind_display()}"


class AnnualReport(BaseModel):
    """An entity's annual report for one year (1 Jan – 30 Jun of the next year;
    企业信息公示暂行条例 Art 8)."""

    entity = models.ForeignKey(
        Entity, verbose_name=_("market entity"), on_delete=models.CASCADE, related_name="annual_reports"
    )
    year = models.PositiveSmallIntegerField(_("report year"))
    status = models.CharField(_("status"), max_length=20, choices=AnnualReportStatus.choices)
    filed_on = models.DateField(_("filed on"), null=True, blank=True)

    scope: ClassVar[Scope] = ENTITY_SCOPE

    class Meta:
        verbose_name = _("annual report")
        verbose_name_plural = _("annual reports")
        ordering = ["-year", "entity"]
        constraints = [
            models.UniqueConstraint(fields=["entity", "year"], name="%(app_label)s_%(class)s_one_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.entity} {self.year}"


class CreditRepair(BaseModel):
    """An entity's request to repair its credit (信用修复, 国市监信规〔2021〕3号): removal from a
    list, or an early stop of penalty publicity; reviewed by the bureau within the rule book's
    time limit."""

    entity = models.ForeignKey(
        Entity, verbose_name=_("market entity"), on_delete=models.CASCADE, related_name="credit_repairs"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=RepairKind.choices)
    list_entry = models.ForeignKey(
        ListEntry,
        verbose_name=_("list entry"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="repairs",
    )
    penalty_event = models.ForeignKey(
        CreditEvent,
        verbose_name=_("penalty"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="repairs",
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("applicant"), on_delete=models.PROTECT, related_name="+"
    )
    applied_on = models.DateField(_("applied on"))
    reason = models.TextField(_("reason and commitment"))
    evidence = models.FileField(_("evidence"), upload_to="credit/repairs/%Y/", blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=RepairStatus.choices, default=RepairStatus.SUBMITTED
    )
    due_on = models.DateField(_("decision due"))
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision_note = models.TextField(_("decision note"), blank=True)

    scope: ClassVar[Scope] = ENTITY_SCOPE

    class Meta:
        verbose_name = _("credit repair")
        verbose_name_plural = _("credit repairs")
        ordering = ["-applied_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.entity} · {self.get_kind_display()}"


class RiskModel(BaseModel):
    """A configuration of the credit-risk classification (信用风险分类, 国市监信发〔2022〕6号):
    its classes with score thresholds. One is active; editing makes a new version."""

    name = models.CharField(_("name"), max_length=100)
    is_active = models.BooleanField(_("active"), default=False)
    #: [{"code": "A", "label": "信用风险低", "min_score": 0}, …] ordered from low to high risk.
    classes = models.JSONField(_("classes"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("risk model")
        verbose_name_plural = _("risk models")
        ordering = ["-is_active", "-pk"]

    def __str__(self) -> str:
        return self.name

    scope: ClassVar[Scope] = Scope(shared=True)


class RiskIndicator(BaseModel):
    """One indicator of a risk model: a scoring rule (`rule`, with `params`), its points and cap."""

    model = models.ForeignKey(
        RiskModel, verbose_name=_("risk model"), on_delete=models.CASCADE, related_name="indicators"
    )
    group = models.CharField(_("group"), max_length=40)
    rule = models.CharField(_("rule"), max_length=60)
    name = models.CharField(_("name"), max_length=200)
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2)
    cap = models.DecimalField(_("cap"), max_digits=6, decimal_places=2, null=True, blank=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    scope: ClassVar[Scope] = Scope(shared=True)

    class Meta:
        verbose_name = _("risk indicator")
        verbose_name_plural = _("risk indicators")
        ordering = ["model", "group", "pk"]

    def __str__(self) -> str:
        return self.name


class RiskAssessmentQuerySet(BaseQuerySet):
    def current(self) -> RiskAssessmentQuerySet:
        return self.filter(is_current=True)


class RiskAssessment(models.Model):
    """An entity's risk class at a time, with its score and every indicator's contribution and
    the events behind it. Internal: never on the public portal."""

    entity = models.ForeignKey(
        Entity, verbose_name=_("market entity"), on_delete=models.CASCADE, related_name="risk_assessments"
    )
    model = models.ForeignKey(
        RiskModel, verbose_name=_("risk model"), on_delete=models.PROTECT, related_name="+"
    )
    assessed_at = models.DateTimeField(_("assessed at"), db_index=True)
    score = models.DecimalField(_("score"), max_digits=7, decimal_places=2)
    risk_class = models.CharField(_("risk class"), max_length=5, db_index=True)
    #: [{"indicator": id, "name": …, "group": …, "points": "10.00", "events": [ids], "note": …}]
    contributions = models.JSONField(_("contributions"), default=list)
    override = models.CharField(_("override"), max_length=200, blank=True)
    is_current = models.BooleanField(_("current"), default=True)

    objects = RiskAssessmentQuerySet.as_manager()  # type: ignore[misc]  # the manager of a custom queryset
    scope: ClassVar[Scope] = ENTITY_SCOPE

    class Meta:
        verbose_name = _("risk assessment")
        verbose_name_plural = _("risk assessments")
        ordering = ["-assessed_at", "-pk"]
        indexes = [models.Index(fields=["entity", "is_current"], name="credit_risk_entity_current_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["entity"],
                condition=models.Q(is_current=True),
                name="%(app_label)s_%(class)s_one_current",
            )
        ]

    def __str__(self) -> str:
        return f"{self.entity} {self.risk_class} ({self.score})"


class JointPunishmentRule(BaseModel):
    """A joint-punishment rule (联合惩戒): a condition that restricts actions and the departments
    to notify."""

    name = models.CharField(_("name"), max_length=200)
    condition = models.CharField(_("condition"), max_length=30, choices=PunishmentCondition.choices)
    #: e.g. {"risk_class": "D"} or {"penalty_kind": "heavier", "years": 3}
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    #: RestrictedAction values
    restricted_actions = models.JSONField(_("restricted actions"), default=list)
    notify_departments = models.ManyToManyField(
        Department, verbose_name=_("departments to notify"), blank=True, related_name="+"
    )
    legal_basis = models.CharField(_("legal basis"), max_length=300)
    is_active = models.BooleanField(_("active"), default=True)

    scope: ClassVar[Scope] = Scope(shared=True)

    class Meta:
        verbose_name = _("joint-punishment rule")
        verbose_name_plural = _("joint-punishment rules")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def restricted_action_labels(self) -> list[str]:
        from qualitycity.credit.choices import RestrictedAction

        labels = dict(RestrictedAction.choices)
        return [str(labels.get(a, a)) for a in self.restricted_actions]


class JointPunishmentNotice(models.Model):
    """A notice to a department that an entity falls under a joint-punishment rule."""

    rule = models.ForeignKey(
        JointPunishmentRule, verbose_name=_("rule"), on_delete=models.CASCADE, related_name="notices"
    )
    entity = models.ForeignKey(
        Entity, verbose_name=_("market entity"), on_delete=models.CASCADE, related_name="+"
    )
    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    scope: ClassVar[Scope] = Scope(division="entity__county", department="department")

    class Meta:
        verbose_name = _("joint-punishment notice")
        verbose_name_plural = _("joint-punishment notices")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "entity", "department"], name="%(app_label)s_%(class)s_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.department}: {self.entity}"

"""One table declaration per random-inspection model: columns, default columns, headers."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from qualitycity.core.generic.tables import Column, Table
from qualitycity.core.masking import mask_phone
from qualitycity.credit.choices import ListGround, Severity
from qualitycity.inspections.forms import RATIO_CLASSES, ratio_class_label


def ratios_text(ratios: dict[str, Any] | None) -> str:
    """{"A": "3", "-": "5"} as "A 3%、…、unclassified 5%", in the order of the risk classes."""
    ratios = ratios or {}
    known = [code for code in RATIO_CLASSES if code in ratios]
    others = sorted(code for code in ratios if code not in RATIO_CLASSES)
    return "、".join(f"{ratio_class_label(code)} {ratios[code]}%" for code in [*known, *others])


def certificate_state(inspector: Any) -> str:
    """Flags an expired enforcement certificate: such an inspector may not inspect (行政执法证)."""
    if inspector.certificate_expiry < timezone.localdate():
        return gettext("⚠ Expired")
    return gettext("Valid")


def _choice_label(choices: Any, value: str) -> str:
    return str(dict(choices).get(value, value)) if value else ""


check_item_table = Table(
    columns=[
        Column("number", _("number"), link=True),
        Column("name", _("inspection item"), link=True),
        Column("sub_item", _("sub-item")),
        Column("department", _("department"), accessor="department.name", order_by="department__code"),
        Column("weight", _("key or general"), accessor="get_weight_display", order_by="weight"),
        Column("target_type", _("target type")),
        Column("check_method", _("check method")),
        Column("ratio_and_frequency", _("ratio and frequency"), sortable=False),
        Column("inspecting_body", _("inspecting body")),
        Column("legal_basis", _("legal basis"), sortable=False),
        Column("inspector_requirements", _("inspector requirements"), sortable=False),
        Column("is_active", _("in force")),
    ],
    default_columns=[
        "number",
        "name",
        "sub_item",
        "department",
        "weight",
        "target_type",
        "check_method",
        "ratio_and_frequency",
        "is_active",
    ],
    default_ordering=("department__code", "number", "sub_item", "pk"),
)

inspector_table = Table(
    columns=[
        Column("code", _("inspector code"), link=True),
        Column("name", _("name"), link=True),
        Column("department", _("department"), accessor="department.name", order_by="department__code"),
        Column("county", _("county"), accessor="county.name", order_by="county__code"),
        Column("certificate_number", _("enforcement certificate number")),
        Column("certificate_expiry", _("certificate valid until")),
        Column(
            "certificate_state", _("certificate"), accessor=certificate_state, order_by="certificate_expiry"
        ),
        Column("specialities", _("specialities"), sortable=False),
        Column("phone", _("phone"), accessor=lambda i: mask_phone(i.phone), sortable=False),
        Column("status", _("status"), accessor="get_status_display", order_by="status"),
    ],
    default_columns=[
        "code",
        "name",
        "department",
        "county",
        "certificate_number",
        "certificate_expiry",
        "certificate_state",
        "status",
    ],
    default_ordering=("department__code", "code"),
)

inspector_conflict_table = Table(
    columns=[
        Column("inspector", _("inspector"), order_by="inspector__code", link=True),
        Column("entity", _("market entity"), accessor="entity.name", order_by="entity__name"),
        Column("uscc", _("unified social credit code"), accessor="entity.uscc", order_by="entity__uscc"),
        Column("kind", _("kind"), accessor="get_kind_display", order_by="kind"),
        Column("declared_on", _("declared on")),
        Column("is_granted", _("in force")),
        Column("note", _("note"), sortable=False),
    ],
    default_columns=["inspector", "entity", "uscc", "kind", "declared_on", "is_granted"],
    default_ordering=("inspector__code", "-declared_on", "pk"),
)

inspection_plan_table = Table(
    columns=[
        Column("year", _("year")),
        Column("name", _("name"), link=True),
        Column("department", _("department"), accessor="department.name", order_by="department__code"),
        Column("ratios", _("sampling ratios"), accessor=lambda p: ratios_text(p.ratios), sortable=False),
        Column("inspectors_per_target", _("inspectors per target")),
        Column("note", _("note"), sortable=False),
    ],
    default_columns=["year", "name", "department", "ratios", "inspectors_per_target"],
    default_ordering=("-year", "department__code", "name", "pk"),
)

result_category_table = Table(
    columns=[
        Column("name", _("name"), link=True),
        Column("code", _("code")),
        Column("rank", _("rank")),
        Column("is_problem", _("problem found")),
        Column(
            "severity",
            _("archive severity"),
            accessor=lambda c: _choice_label(Severity.choices, c.severity),
            order_by="severity",
        ),
        Column(
            "list_ground",
            _("listing ground"),
            accessor=lambda c: _choice_label(ListGround.choices, c.list_ground),
            order_by="list_ground",
        ),
        Column("is_active", _("in use")),
    ],
    default_ordering=("rank", "code"),
)

inspection_task_table = Table(
    columns=[
        Column("number", _("task number"), link=True),
        Column("name", _("name"), link=True),
        Column("plan", _("plan"), order_by="plan__year"),
        Column(
            "lead_department",
            _("lead department"),
            accessor="lead_department.name",
            order_by="lead_department__code",
        ),
        Column("status", _("status"), accessor="get_status_display", order_by="status"),
        Column("is_directed", _("directed")),
        Column("ratios", _("sampling ratios"), accessor=lambda t: ratios_text(t.ratios), sortable=False),
        Column("start_date", _("start date")),
        Column("end_date", _("end date")),
        Column("publication_due", _("publication due")),
        Column("published_at", _("results published at")),
    ],
    default_columns=[
        "number",
        "name",
        "lead_department",
        "status",
        "start_date",
        "end_date",
        "publication_due",
    ],
    default_ordering=("-start_date", "-pk"),
)

draw_table = Table(
    columns=[
        Column("task", _("inspection task"), order_by="task__number", link=True),
        Column("sequence", _("draw number")),
        Column("status", _("status"), accessor="get_status_display", order_by="status"),
        Column("commitment", _("commitment (SHA-256 of the seed)"), sortable=False),
        Column("committed_at", _("committed at")),
        Column("drawn_at", _("drawn at")),
        Column("seed", _("seed"), accessor="public_seed", sortable=False),
        Column("pool_size", _("pool size")),
        Column("target_count", _("targets")),
        Column("inspector_count", _("inspectors")),
    ],
    default_columns=[
        "task",
        "sequence",
        "status",
        "commitment",
        "committed_at",
        "drawn_at",
        "pool_size",
        "target_count",
    ],
    default_ordering=("-committed_at", "-pk"),
)

inspection_result_table = Table(
    columns=[
        Column("inspected_on", _("inspected on"), link=True),
        Column("task", _("inspection task"), accessor="task.number", order_by="task__number"),
        Column("entity", _("market entity"), accessor="entity.name", order_by="entity__name"),
        Column("uscc", _("unified social credit code"), accessor="entity.uscc", order_by="entity__uscc"),
        Column("county", _("county"), accessor="entity.county.name", order_by="entity__county__code"),
        Column("department", _("department"), accessor="department.name", order_by="department__code"),
        Column("category", _("result"), accessor="category.name", order_by="category__rank"),
        Column("status", _("status"), accessor="get_status_display", order_by="status"),
        Column("published_at", _("published at")),
    ],
    default_columns=["inspected_on", "task", "entity", "uscc", "department", "category", "status"],
    default_ordering=("-inspected_on", "-pk"),
)

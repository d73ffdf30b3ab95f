from django.utils.translation import gettext_lazy as _

from qualitycity.core.generic.tables import Column, Table

ENTITY_COLUMNS = [
    Column("entity", _("market entity"), accessor="entity.name", order_by="entity__name", link=True),
    Column("uscc", _("unified social credit code"), accessor="entity.uscc", order_by="entity__uscc"),
]

credit_event_table = Table(
    columns=[
        Column("occurred_on", _("date"), link=True),
        *ENTITY_COLUMNS,
        Column("kind", _("kind"), accessor="get_kind_display", order_by="kind"),
        Column("severity", _("severity"), accessor="get_severity_display", order_by="severity"),
        Column("summary", _("summary"), sortable=False),
        Column("source_app", _("source module")),
        Column("is_public", _("public")),
    ],
    default_ordering=("-occurred_on", "-pk"),
)

list_entry_table = Table(
    columns=[
        *ENTITY_COLUMNS,
        Column("kind", _("list"), accessor="get_kind_display", order_by="kind"),
        Column("ground", _("ground"), accessor="get_ground_display", order_by="ground"),
        Column("listed_on", _("listed on")),
        Column("status", _("status"), accessor="get_status_display", order_by="status"),
        Column("removed_on", _("removed on")),
        Column("decision_number", _("decision number")),
        Column("county", _("county"), accessor="entity.county.name", order_by="entity__county__code"),
    ],
    default_ordering=("-listed_on", "-pk"),
)

annual_report_table = Table(
    columns=[
        *ENTITY_COLUMNS,
        Column("year", _("report year")),
        Column("status", _("status"), accessor="get_status_display", order_by="status"),
        Column("filed_on", _("filed on")),
    ],
    default_ordering=("-year", "entity__name"),
)

credit_repair_table = Table(
    columns=[
        *ENTITY_COLUMNS,
        Column("kind", _("kind"), accessor="get_kind_display", order_by="kind"),
        Column("applied_on", _("applied on")),
        Column("due_on", _("decision due")),
        Column("status", _("status"), accessor="get_status_display", order_by="status"),
        Column("decided_on", _("decided on")),
    ],
    default_ordering=("-applied_on", "-pk"),
)

risk_model_table = Table(
    columns=[
        Column("name", _("name"), link=True),
        Column("is_active", _("active")),
        Column("updated_at", _("updated at")),
    ],
    default_ordering=("-is_active", "-pk"),
)

risk_indicator_table = Table(
    columns=[
        Column("name", _("name"), link=True),
        Column("model", _("risk model"), order_by="model__name"),
        Column("group", _("group")),
        Column("rule", _("rule")),
        Column("points", _("points")),
        Column("cap", _("cap")),
        Column("is_active", _("active")),
    ],
    default_ordering=("model", "group", "pk"),
)

joint_punishment_rule_table = Table(
    columns=[
        Column("name", _("name"), link=True),
        Column("condition", _("condition"), accessor="get_condition_display", order_by="condition"),
        Column(
            "restricted_actions",
            _("restricted actions"),
            sortable=False,
            accessor=lambda r: "、".join(str(a) for a in r.restricted_action_labels()),
        ),
        Column("legal_basis", _("legal basis"), sortable=False),
        Column("is_active", _("active")),
    ],
    default_ordering=("name", "pk"),
)

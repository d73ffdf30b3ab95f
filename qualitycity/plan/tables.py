"""One table declaration per plan model: list pages and exports read it."""

from django.utils.translation import gettext_lazy as _

from qualitycity.core.generic.tables import Column, Table

plan_table = Table(
    columns=[
        Column("title", _("title"), link=True),
        Column("document_number", _("document number")),
        Column("issuer", _("issued by")),
        Column("start_year", _("from year")),
        Column("target_year", _("target year")),
        Column("report_frequency", _("report frequency"), accessor="get_report_frequency_display"),
        Column("is_default", _("shown by default")),
    ],
    default_ordering=("-is_default", "-start_year", "title"),
)

goal_group_table = Table(
    columns=[
        Column("number", _("number")),
        Column("title", _("title"), link=True),
        Column("plan", _("plan"), accessor="plan.title", order_by="plan__title"),
    ],
    default_ordering=("plan", "number"),
)

measure_table = Table(
    columns=[
        Column("label", _("label"), order_by="number", link=True),
        Column("title", _("title"), link=True),
        Column("chapter", _("chapter")),
        Column(
            "lead_department",
            _("lead department"),
            accessor="lead_department.short_name",
            order_by="lead_department__code",
        ),
        Column("responsible_text", _("responsible units as printed"), sortable=False),
    ],
    default_ordering=("plan", "number"),
)

plan_section_table = Table(
    columns=[
        Column("label", _("label"), order_by="number"),
        Column("title", _("title"), link=True),
        Column("plan", _("plan"), accessor="plan.title", order_by="plan__title"),
    ],
    default_ordering=("plan", "number"),
)

indicator_table = Table(
    columns=[
        Column("code", _("code")),
        Column("name", _("name"), link=True),
        Column("direction", _("direction"), accessor="get_direction_display", order_by="direction"),
        Column("target_value", _("target")),
        Column("unit", _("unit")),
        Column("target_year", _("target year")),
        Column(
            "responsible_department",
            _("responsible department"),
            accessor="responsible_department.short_name",
            order_by="responsible_department__code",
        ),
        Column("kind", _("kind"), accessor="get_kind_display", order_by="kind"),
        Column("source", _("data source")),
    ],
    default_ordering=("plan", "order", "code"),
)

progress_report_table = Table(
    columns=[
        Column("period", _("period"), link=True),
        Column("department", _("department"), accessor="department.short_name", order_by="department__code"),
        Column("measure", _("measure"), accessor=lambda r: str(r.measure), order_by="measure__number"),
        Column("due_on", _("due on")),
        Column("status", _("status"), accessor="get_status_display", order_by="status"),
        Column("submitted_at", _("submitted at")),
        Column("quality_score", _("quality score (0–100)")),
    ],
    default_ordering=("-period_end", "department__code", "measure__number"),
)

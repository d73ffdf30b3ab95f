"""Tables of the core reference data."""

from django.utils.translation import gettext_lazy as _

from qualitycity.core.generic.tables import Column, Table

division_table = Table(
    columns=[
        Column("code", _("division code"), link=True),
        Column("name", _("name"), link=True),
        Column("level", _("level"), accessor="get_level_display", order_by="level"),
        Column("parent", _("parent division"), order_by="parent__code"),
    ],
    default_ordering=("code",),
)

industry_table = Table(
    columns=[
        Column("code", _("industry code"), accessor="full_code", order_by="code", link=True),
        Column("name", _("name"), link=True),
        Column("level", _("level")),
        Column("parent", _("parent industry"), order_by="parent__code"),
    ],
    default_ordering=("section", "code"),
)

department_table = Table(
    columns=[
        Column("name", _("name"), link=True),
        Column("short_name", _("short name")),
        Column("kind", _("kind"), accessor="get_kind_display", order_by="kind"),
        Column("division", _("division"), order_by="division__code"),
        Column("code", _("code")),
    ],
    default_ordering=("division__code", "code"),
)

calendar_day_table = Table(
    columns=[
        Column("date", _("date"), link=True),
        Column("is_workday", _("is a working day")),
        Column("name", _("name")),
        Column("updated_by", _("updated by"), order_by="updated_by__username"),
    ],
    default_ordering=("-date",),
)

rule_table = Table(
    columns=[
        Column("key", _("key"), link=True),
        Column("name", _("name"), link=True),
        Column("value", _("value")),
        Column("unit", _("unit"), accessor="get_unit_display", order_by="unit"),
        Column("effective_from", _("effective from")),
        Column("is_confirmed", _("confirmed against the text")),
        Column("legal_source", _("legal source"), sortable=False),
    ],
    default_ordering=("key", "-effective_from"),
)

user_table = Table(
    columns=[
        Column("username", _("username"), link=True),
        Column("name", _("name"), accessor=lambda u: u.get_full_name(), sortable=False),
        Column("role", _("role"), accessor="get_role_display", order_by="role"),
        Column("department", _("department"), order_by="department__name"),
        Column("division", _("division"), order_by="division__code"),
        Column("is_active", _("active")),
        Column("last_login", _("last login")),
    ],
    default_ordering=("username",),
)

audit_table = Table(
    columns=[
        Column("seq", _("sequence"), link=True),
        Column("timestamp", _("time")),
        Column("actor_username", _("actor")),
        Column("ip_address", _("address")),
        Column("action", _("action"), accessor="get_action_display", order_by="action"),
        Column("object_type", _("object type")),
        Column("object_repr", _("object")),
        Column("message", _("message"), sortable=False),
        Column("hash", _("hash"), sortable=False),
    ],
    default_columns=[
        "seq",
        "timestamp",
        "actor_username",
        "ip_address",
        "action",
        "object_type",
        "object_repr",
    ],
    default_ordering=("-seq",),
)

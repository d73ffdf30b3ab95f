"""One table declaration per quality-infrastructure model."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from qualitycity.core.generic.tables import Column, Table
from qualitycity.nqi.services import standard_state

standard_table = Table(
    columns=[
        Column("number", _("standard number"), link=True),
        Column("title", _("title"), link=True),
        Column("series", _("series")),
        Column("kind", _("kind"), accessor="get_kind_display", order_by="kind"),
        Column("published_on", _("published on")),
        Column("implemented_on", _("in force from")),
        Column("status", _("status today"), accessor=standard_state, sortable=False),
        Column(
            "replaces",
            _("replaces"),
            accessor=lambda s: "、".join(r.number for r in s.replaces.all()),
            sortable=False,
        ),
        Column("is_confirmed", _("confirmed")),
    ],
    default_columns=["number", "title", "implemented_on", "status", "replaces", "is_confirmed"],
    default_ordering=("series", "number"),
)

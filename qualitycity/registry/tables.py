from django.utils.translation import gettext_lazy as _

from qualitycity.core.generic.tables import Column, Table
from qualitycity.core.masking import mask_name

entity_table = Table(
    columns=[
        Column("uscc", _("unified social credit code"), link=True),
        Column("name", _("entity name"), link=True),
        Column("entity_type", _("entity type"), accessor="get_entity_type_display", order_by="entity_type"),
        Column(
            "legal_representative",
            _("legal representative"),
            accessor=lambda e: mask_name(e.legal_representative),
            order_by="legal_representative",
        ),
        Column("date_established", _("date established")),
        Column(
            "registration_status",
            _("registration status"),
            accessor="get_registration_status_display",
            order_by="registration_status",
        ),
        Column("county", _("county"), accessor="county.name", order_by="county__code"),
        Column("township", _("township or street"), accessor="township.name", order_by="township__code"),
        Column("industry", _("industry"), accessor="industry", order_by="industry__code"),
        Column("address", _("registered address"), sortable=False),
    ],
    default_columns=[
        "uscc",
        "name",
        "entity_type",
        "legal_representative",
        "date_established",
        "registration_status",
        "county",
        "industry",
    ],
    default_ordering=("name", "pk"),
)

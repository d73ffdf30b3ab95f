from typing import Any

from django.utils.translation import gettext_lazy as _

from qualitycity.core.generic.tables import Column, Table
from qualitycity.core.masking import mask_name, mask_phone


def _tags(entity: Any) -> str:  # one query per row: a chosen column, not a default or exported one
    return "、".join(t.get_tag_display() for t in entity.tags.all())


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
        Column("operating_address", _("operating address"), sortable=False),
        Column("registered_capital", _("registered capital (10k yuan)")),
        Column(
            "contact_phone",
            _("contact phone"),
            accessor=lambda e: mask_phone(e.contact_phone),
            sortable=False,
        ),
        Column("former_names", _("former names"), sortable=False),
        Column(
            "specialised_town",
            _("specialised town"),
            accessor="specialised_town.name",
            order_by="specialised_town__code",
        ),
        Column("tags", _("tags"), accessor=_tags, sortable=False, exportable=False),
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

specialised_town_table = Table(
    columns=[
        Column("code", _("code"), link=True),
        Column("name", _("name"), link=True),
        Column("county", _("county"), accessor="county.name", order_by="county__code"),
        Column("industry_focus", _("industry focus")),
    ],
    default_columns=["name", "county", "industry_focus"],
    default_ordering=("county__code", "code"),
)

product_category_table = Table(
    columns=[
        Column("code", _("code"), link=True),
        Column("name", _("name"), link=True),
        Column("parent", _("parent category"), accessor="parent.name", order_by="parent__code"),
        Column("group", _("category group"), accessor="get_group_display", order_by="group"),
        Column("sequence", _("sequence")),
        Column("is_food", _("food")),
    ],
    default_columns=["code", "name", "parent", "group", "is_food"],
    default_ordering=("code",),
)

product_table = Table(
    columns=[
        Column("name", _("product name"), link=True),
        Column("entity", _("market entity"), accessor="entity.name", order_by="entity__name"),
        Column("uscc", _("unified social credit code"), accessor="entity.uscc", order_by="entity__uscc"),
        Column("category", _("product category"), accessor="category.name", order_by="category__code"),
        Column("brand", _("brand")),
        Column("standard", _("executive standard")),
    ],
    default_columns=["name", "entity", "category", "brand", "standard"],
    default_ordering=("entity__name", "name", "pk"),
)

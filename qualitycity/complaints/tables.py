"""One table declaration per complaints model: columns, default columns, headers.

The complainant's personal data is masked in every column (list and export alike); only the
case page shows it unmasked, on request, and records that it did."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from qualitycity.complaints.choices import Outcome
from qualitycity.core.generic.tables import Column, Table
from qualitycity.core.masking import mask_address, mask_id_number, mask_name, mask_phone


def _outcomes_text(policy: Any) -> str:
    labels = dict(Outcome.choices)
    return "、".join(str(labels.get(code, code)) for code in policy.outcomes or [])


def category_path(category: Any) -> str:
    """A category with its parent, as the tree reads: 商品 › 食品."""
    if category is None:
        return ""
    if category.parent_id and category.parent is not None:
        return f"{category.parent.name} › {category.name}"
    return category.name


complaint_case_table = Table(
    columns=[
        Column("number", _("case number"), link=True),
        Column("kind", _("kind"), accessor="get_kind_display", order_by="kind"),
        Column("status", _("status"), accessor="get_status_display", order_by="status"),
        Column("received_on", _("received on")),
        Column("channel", _("channel"), accessor="get_channel_display", order_by="channel"),
        Column("respondent_name", _("respondent")),
        Column("respondent_uscc", _("respondent USCC")),
        Column("subject", _("goods or service")),
        Column(
            "complainant_name",
            _("complainant"),
            accessor=lambda c: mask_name(c.complainant_name),
            sortable=False,
        ),
        Column(
            "complainant_phone",
            _("phone"),
            accessor=lambda c: mask_phone(c.complainant_phone),
            sortable=False,
        ),
        Column(
            "complainant_id_number",
            _("ID number"),
            accessor=lambda c: mask_id_number(c.complainant_id_number),
            sortable=False,
        ),
        Column(
            "complainant_address",
            pgettext_lazy("postal", "address"),
            accessor=lambda c: mask_address(c.complainant_address),
            sortable=False,
        ),
        Column("county", _("county"), accessor="county.name", order_by="county__code"),
        Column(
            "handling_department",
            _("handling unit"),
            accessor="handling_department.name",
            order_by="handling_department__code",
        ),
        Column(
            "object_category",
            _("object"),
            accessor=lambda c: category_path(c.object_category),
            order_by="object_category__code",
        ),
        Column(
            "problem_category",
            _("nature of the problem"),
            accessor="problem_category.name",
            order_by="problem_category__code",
        ),
        Column("amount", _("amount involved (yuan)")),
        Column("handling_due", _("handling due")),
        Column("on_time", _("on time")),
        Column("outcome", _("outcome"), accessor="get_outcome_display", order_by="outcome"),
        Column("amount_recovered", _("amount recovered (yuan)")),
        Column("closed_on", _("closed on")),
        Column(
            "publication_status",
            _("publication"),
            accessor="get_publication_status_display",
            order_by="publication_status",
        ),
    ],
    default_columns=[
        "number",
        "kind",
        "status",
        "received_on",
        "channel",
        "respondent_name",
        "complainant_name",
        "county",
        "handling_department",
        "object_category",
        "handling_due",
    ],
    default_ordering=("-received_at", "-pk"),
)

category_table = Table(
    columns=[
        Column("name", _("name"), accessor=category_path, order_by="name", link=True),
        Column("code", _("code")),
        Column("kind", _("taxonomy"), accessor="get_kind_display", order_by="kind"),
        Column("parent", _("parent"), accessor="parent.name", order_by="parent__code"),
        Column("keywords", _("keywords"), sortable=False),
        Column("order", _("order")),
        Column("is_active", _("in use")),
    ],
    default_columns=["name", "code", "kind", "parent", "keywords", "is_active"],
    default_ordering=("kind", "parent__order", "order", "code"),
)

routing_rule_table = Table(
    columns=[
        Column("county", _("county"), accessor="county.name", order_by="county__code", link=True),
        Column(
            "category",
            _("object category"),
            accessor=lambda r: category_path(r.category) if r.category_id else _("(any)"),
            order_by="category__code",
        ),
        Column("department", _("handling unit"), accessor="department.name", order_by="department__code"),
        Column("note", _("note"), sortable=False),
    ],
    default_ordering=("county__code", "category__code", "pk"),
)

disclosure_policy_table = Table(
    columns=[
        Column("is_enabled", _("publish handled complaints"), link=True),
        Column("delay_days", _("publish after (working days from closure)")),
        Column("keep_years", _("keep published (years)")),
        Column("outcomes", _("outcomes published"), accessor=_outcomes_text, sortable=False),
        Column("require_review", _("staff review before publication")),
        Column("updated_at", _("updated at")),
    ],
    default_ordering=("pk",),
)

first_payout_table = Table(
    columns=[
        Column("paid_on", _("paid on"), link=True),
        Column("case", _("case"), accessor="case.number", order_by="case__number"),
        Column("entity", _("paid by"), accessor="entity.name", order_by="entity__name"),
        Column("uscc", _("unified social credit code"), accessor="entity.uscc", order_by="entity__uscc"),
        Column("amount", _("amount (yuan)")),
        Column("county", _("county"), accessor="case.county.name", order_by="case__county__code"),
        Column("note", _("note"), sortable=False),
    ],
    default_ordering=("-paid_on", "-pk"),
)

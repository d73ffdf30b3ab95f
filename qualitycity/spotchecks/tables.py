"""One table declaration per spot-check model: columns, default columns, headers."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from qualitycity.core.generic.tables import Column, Table
from qualitycity.core.masking import mask_phone
from qualitycity.nqi.services import standard_state


def _cma_state(lab: Any) -> str:
    return gettext("⚠ Expired") if lab.cma_valid_until < timezone.localdate() else gettext("Valid")


def _overdue(due: Any, done: Any) -> str:
    if due is None:
        return ""
    if done is None and due < timezone.localdate():
        return gettext("⚠ Overdue")
    return ""


test_item_table = Table(
    columns=[
        Column("name", _("test item"), link=True),
        Column("category", _("product category"), accessor="category.name", order_by="category__code"),
        Column(
            "limit", _("limit"), accessor=lambda i: i.limit_text() or gettext("⚠ No limit"), sortable=False
        ),
        Column("method", _("test method")),
        Column(
            "limit_standard",
            _("limit standard"),
            accessor="limit_standard.number",
            order_by="limit_standard__number",
        ),
        Column(
            "limit_standard_state",
            _("limit standard status"),
            accessor=lambda i: standard_state(i.limit_standard),
            sortable=False,
        ),
        Column("is_active", _("in use")),
    ],
    default_columns=["name", "category", "limit", "limit_standard", "limit_standard_state", "is_active"],
    default_ordering=("category__code", "name"),
)

testing_institution_table = Table(
    columns=[
        Column("name", _("name"), link=True),
        Column("short_name", _("short name")),
        Column("uscc", _("unified social credit code")),
        Column("cma_number", _("CMA certificate number")),
        Column("cma_valid_until", _("CMA valid until")),
        Column("cma_state", _("CMA"), accessor=_cma_state, order_by="cma_valid_until"),
        Column(
            "categories",
            _("qualified categories"),
            accessor=lambda lab: "、".join(c.name for c in lab.categories.all()),
            sortable=False,
        ),
        Column("contact_name", _("contact person")),
        Column(
            "contact_phone",
            _("contact phone"),
            accessor=lambda lab: mask_phone(lab.contact_phone),
            sortable=False,
        ),
        Column("is_active", _("active")),
    ],
    default_columns=["name", "cma_number", "cma_valid_until", "cma_state", "categories", "is_active"],
    default_ordering=("name",),
)

spot_check_plan_table = Table(
    columns=[
        Column("number", _("plan number"), link=True),
        Column("name", _("name"), link=True),
        Column("year", _("year")),
        Column("programme", _("programme"), accessor="get_programme_display", order_by="programme"),
        Column("purpose", _("purpose"), accessor="get_purpose_display", order_by="purpose"),
        Column("level", _("level"), accessor="get_level_display", order_by="level"),
        Column(
            "organiser", _("organising department"), accessor="organiser.name", order_by="organiser__code"
        ),
        Column("batches_planned", _("batches planned")),
        Column("start_date", _("start date")),
        Column("end_date", _("end date")),
        Column("is_targeted", _("targeted (定向)")),
    ],
    default_columns=[
        "number",
        "name",
        "year",
        "programme",
        "purpose",
        "level",
        "organiser",
        "batches_planned",
        "end_date",
    ],
    default_ordering=("-year", "number"),
)

sample_table = Table(
    columns=[
        Column("number", _("sample number"), link=True),
        Column("product_name", _("product name"), link=True),
        Column("brand", _("brand")),
        Column("specification", _("specification")),
        Column("batch_number", _("batch number")),
        Column("category", _("product category"), accessor="category.name", order_by="category__code"),
        Column("programme", _("programme"), accessor="get_programme_display", order_by="programme"),
        Column("purpose", _("purpose"), accessor="get_purpose_display", order_by="purpose"),
        Column(
            "sampled_unit", _("sampled unit"), accessor="sampled_unit.name", order_by="sampled_unit__name"
        ),
        Column(
            "producer",
            _("producer"),
            accessor=lambda s: s.producer.name if s.producer_id else s.labelled_producer,
            order_by="producer__name",
        ),
        Column("county", _("county sampled in"), accessor="county.name", order_by="county__code"),
        Column("link_type", _("link"), accessor="get_link_type_display", order_by="link_type"),
        Column("sampled_on", _("sampled on")),
        Column(
            "institution",
            _("testing institution"),
            accessor="institution.__str__",
            order_by="institution__name",
        ),
        Column("delivery_due", _("delivery due")),
        Column("delivered_on", _("delivered on")),
        Column(
            "delivery_state",
            _("delivery"),
            accessor=lambda s: _overdue(s.delivery_due, s.delivered_on),
            sortable=False,
        ),
        Column("report_due", _("report due")),
        Column("reported_on", _("reported on")),
        Column(
            "report_state",
            _("report"),
            accessor=lambda s: _overdue(s.report_due, s.reported_on) if s.delivered_on else "",
            sortable=False,
        ),
        Column("status", _("status"), accessor="get_status_display", order_by="status"),
        Column("conclusion", _("conclusion"), accessor="get_conclusion_display", order_by="conclusion"),
        Column("failed_items", _("failed items"), sortable=False),
        Column("published_at", _("published at")),
    ],
    default_columns=[
        "number",
        "product_name",
        "category",
        "sampled_unit",
        "producer",
        "county",
        "sampled_on",
        "institution",
        "status",
        "conclusion",
        "failed_items",
    ],
    default_ordering=("-sampled_on", "-number"),
)

test_report_table = Table(
    columns=[
        Column("number", _("report number"), link=True),
        Column("sample", _("sample"), accessor="sample.number", order_by="sample__number"),
        Column("product", _("product name"), accessor="sample.product_name", sortable=False),
        Column(
            "institution",
            _("testing institution"),
            accessor="institution.__str__",
            order_by="institution__name",
        ),
        Column("issued_on", _("issued on")),
        Column("is_retest", _("re-test")),
        Column("conclusion", _("conclusion"), accessor="get_conclusion_display", order_by="conclusion"),
        Column("failed_items", _("failed items"), sortable=False),
    ],
    default_columns=[
        "number",
        "sample",
        "product",
        "institution",
        "issued_on",
        "is_retest",
        "conclusion",
        "failed_items",
    ],
    default_ordering=("-issued_on", "-pk"),
)

sample_notice_table = Table(
    columns=[
        Column("sample", _("sample"), accessor="sample.number", link=True, order_by="sample__number"),
        Column("product", _("product name"), accessor="sample.product_name", sortable=False),
        Column("party", _("party"), accessor="get_party_display", order_by="party"),
        Column("entity", _("market entity"), accessor="entity.name", order_by="entity__name"),
        Column("sent_on", _("sent on")),
        Column("received_on", _("received on")),
        Column("method", _("service method"), accessor="get_method_display", order_by="method"),
        Column("objection_due", _("objection window ends")),
    ],
    default_columns=["sample", "product", "party", "entity", "sent_on", "received_on", "objection_due"],
    default_ordering=("-sent_on", "-pk"),
)

objection_table = Table(
    columns=[
        Column("sample", _("sample"), accessor="sample.number", link=True, order_by="sample__number"),
        Column("product", _("product name"), accessor="sample.product_name", sortable=False),
        Column(
            "entity", _("objecting party"), accessor="notice.entity.name", order_by="notice__entity__name"
        ),
        Column("submitted_on", _("submitted on")),
        Column("decision_due", _("decision due")),
        Column("status", _("status"), accessor="get_status_display", order_by="status"),
        Column(
            "retest_institution",
            _("re-test institution"),
            accessor="retest_institution.__str__",
            order_by="retest_institution__name",
        ),
        Column("outcome", _("outcome"), accessor="get_outcome_display", order_by="outcome"),
    ],
    default_columns=[
        "sample",
        "product",
        "entity",
        "submitted_on",
        "decision_due",
        "status",
        "retest_institution",
        "outcome",
    ],
    default_ordering=("-submitted_on", "-pk"),
)

disposal_table = Table(
    columns=[
        Column("number", _("case number"), link=True),
        Column("entity", _("entity handled"), accessor="entity.name", link=True, order_by="entity__name"),
        Column("sample", _("sample"), accessor="sample.number", order_by="sample__number"),
        Column("product", _("product name"), accessor="sample.product_name", sortable=False),
        Column("county", _("county"), accessor="county.name", order_by="county__code"),
        Column("opened_on", _("opened on")),
        Column("due_on", _("due on")),
        Column(
            "due_state", _("deadline"), accessor=lambda d: _overdue(d.due_on, d.closed_on), sortable=False
        ),
        Column("status", _("status"), accessor="get_status_display", order_by="status"),
        Column("closed_on", _("closed on")),
    ],
    default_columns=[
        "number",
        "entity",
        "product",
        "county",
        "opened_on",
        "due_on",
        "due_state",
        "status",
        "closed_on",
    ],
    default_ordering=("-opened_on", "-number"),
)

"""Complaint and tip-off pages (投诉举报): the generic screens of cases, the two taxonomies,
the routing table, the disclosure policy and first payouts, and the menu.

The case page, its steps, the staff entry of hotline calls, the to-dos and the home-page
panel are in views_cases.py (imported at the end, once the models are registered here)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from qualitycity.complaints import filters, forms, tables
from qualitycity.complaints.models import Category, ComplaintCase, DisclosurePolicy, FirstPayout, RoutingRule
from qualitycity.core.generic.registry import ModelConfig, register_model, register_model_view
from qualitycity.core.generic.views import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectHistoryView,
    ObjectImportView,
    ObjectListView,
)
from qualitycity.core.navigation import MenuGroup, MenuItem, register_menu

register_model(
    ModelConfig(
        ComplaintCase,
        tables.complaint_case_table,
        filters.ComplaintCaseFilterSet,
        import_form=forms.ComplaintCaseImportForm,
        batch_importer=forms.ComplaintCaseImporter,
        url_path="cases",
        detail_template="complaints/complaintcase.html",
        personal_fields={
            "complainant_name": "mask_name",
            "complainant_phone": "mask_phone",
            "complainant_id_number": "mask_id_number",
            "complainant_address": "mask_address",
        },
        select_related=("county", "handling_department", "object_category__parent", "problem_category"),
    )
)
register_model(
    ModelConfig(
        Category,
        tables.category_table,
        filters.CategoryFilterSet,
        forms.CategoryForm,
        url_path="categories",
        select_related=("parent",),
    )
)
register_model(
    ModelConfig(
        RoutingRule,
        tables.routing_rule_table,
        filters.RoutingRuleFilterSet,
        forms.RoutingRuleForm,
        url_path="routing-rules",
        select_related=("county", "category__parent", "department"),
    )
)
register_model(
    ModelConfig(
        DisclosurePolicy,
        tables.disclosure_policy_table,
        filters.DisclosurePolicyFilterSet,
        forms.DisclosurePolicyForm,
        url_path="disclosure-policies",
    )
)
register_model(
    ModelConfig(
        FirstPayout,
        tables.first_payout_table,
        filters.FirstPayoutFilterSet,
        url_path="first-payouts",
        select_related=("case", "case__county", "entity"),
    )
)

for _model in (ComplaintCase, Category, RoutingRule, DisclosurePolicy, FirstPayout):
    register_model_view(_model, "list")(ObjectListView)
for _model in (Category, RoutingRule, DisclosurePolicy):
    register_model_view(_model, "detail")(ObjectDetailView)
    register_model_view(_model, "edit")(ObjectEditView)
for _model in (ComplaintCase, Category, RoutingRule, DisclosurePolicy):
    register_model_view(_model, "history")(ObjectHistoryView)
# The disclosure policy is one row, edited in place: no add or delete.
for _model in (Category, RoutingRule):
    register_model_view(_model, "add")(ObjectEditView)
    register_model_view(_model, "delete")(ObjectDeleteView)
register_model_view(ComplaintCase, "import")(ObjectImportView)

register_menu(
    MenuGroup(
        _("Complaints and tip-offs"),
        "✉",
        [
            MenuItem(_("Cases"), "complaints:complaintcase_list", "complaints.complaintcase"),
            MenuItem(
                _("Register a call or letter"),
                "complaints:complaintcase_add",
                "complaints.complaintcase",
                "add",
            ),
            MenuItem(
                _("Import cases"), "complaints:complaintcase_import", "complaints.complaintcase", "import"
            ),
            MenuItem(
                _("On-time rate and statistics"),
                "complaints:complaintcase_indicators",
                "complaints.complaintcase",
            ),
            MenuItem(_("Risk signals"), "complaints:complaintcase_signals", "complaints.complaintcase"),
            MenuItem(_("First payouts"), "complaints:firstpayout_list", "complaints.firstpayout"),
            MenuItem(_("Complaint categories"), "complaints:category_list", "complaints.category"),
            MenuItem(_("Routing table"), "complaints:routingrule_list", "complaints.routingrule"),
            MenuItem(
                _("Disclosure policy"), "complaints:disclosurepolicy_current", "complaints.disclosurepolicy"
            ),
        ],
        order=40,
    )
)

from qualitycity.complaints import views_cases  # noqa: E402, F401  (the case page, entry, to-dos)

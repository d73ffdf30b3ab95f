"""Credit pages: the archive's lists, and the configuration of risk models and joint punishment.

Workflow steps (listing, removal, repair, re-scoring) have their own views in the modules
named below; this module registers the generic screens, the menu and the entity-page sections."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from qualitycity.core.generic.registry import ModelConfig, register_model, register_model_view
from qualitycity.core.generic.views import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectHistoryView,
    ObjectListView,
)
from qualitycity.core.navigation import MenuGroup, MenuItem, register_menu
from qualitycity.core.permissions import user_can
from qualitycity.credit import filters, forms, tables
from qualitycity.credit.models import (
    AnnualReport,
    CreditEvent,
    CreditRepair,
    JointPunishmentNotice,
    JointPunishmentRule,
    ListEntry,
    RiskIndicator,
    RiskModel,
)

ENTITY_RELATED = ("entity", "entity__county")

register_model(
    ModelConfig(
        CreditEvent,
        tables.credit_event_table,
        filters.CreditEventFilterSet,
        url_path="credit-events",
        select_related=ENTITY_RELATED,
    )
)
register_model(
    ModelConfig(
        ListEntry,
        tables.list_entry_table,
        filters.ListEntryFilterSet,
        url_path="list-entries",
        select_related=ENTITY_RELATED,
    )
)
register_model(
    ModelConfig(
        AnnualReport,
        tables.annual_report_table,
        filters.AnnualReportFilterSet,
        url_path="annual-reports",
        select_related=ENTITY_RELATED,
    )
)
register_model(
    ModelConfig(
        CreditRepair,
        tables.credit_repair_table,
        filters.CreditRepairFilterSet,
        url_path="credit-repairs",
        select_related=ENTITY_RELATED,
    )
)
register_model(
    ModelConfig(
        RiskModel,
        tables.risk_model_table,
        filters.RiskModelFilterSet,
        forms.RiskModelForm,
        url_path="risk-models",
    )
)
register_model(
    ModelConfig(
        RiskIndicator,
        tables.risk_indicator_table,
        filters.RiskIndicatorFilterSet,
        forms.RiskIndicatorForm,
        url_path="risk-indicators",
        select_related=("model",),
    )
)
register_model(
    ModelConfig(
        JointPunishmentRule,
        tables.joint_punishment_rule_table,
        filters.JointPunishmentRuleFilterSet,
        forms.JointPunishmentRuleForm,
        url_path="joint-punishment-rules",
    )
)

for _model in (
    CreditEvent,
    ListEntry,
    AnnualReport,
    CreditRepair,
    RiskModel,
    RiskIndicator,
    JointPunishmentRule,
):
    register_model_view(_model, "list")(ObjectListView)
    register_model_view(_model, "detail")(ObjectDetailView)
    register_model_view(_model, "history")(ObjectHistoryView)
for _model in (RiskModel, RiskIndicator, JointPunishmentRule):
    register_model_view(_model, "add")(ObjectEditView)
    register_model_view(_model, "edit")(ObjectEditView)
for _model in (RiskIndicator, JointPunishmentRule):
    register_model_view(_model, "delete")(ObjectDeleteView)

register_menu(
    MenuGroup(
        _("Quality credit"),
        "◈",
        [
            MenuItem(_("Credit events"), "credit:creditevent_list", "credit.creditevent"),
            MenuItem(_("List entries"), "credit:listentry_list", "credit.listentry"),
            MenuItem(_("Annual reports"), "credit:annualreport_list", "credit.annualreport"),
            MenuItem(_("Credit repairs"), "credit:creditrepair_list", "credit.creditrepair"),
            MenuItem(_("Risk class distribution"), "credit:risk_distribution", "credit.riskassessment"),
            MenuItem(_("Risk models"), "credit:riskmodel_list", "credit.riskmodel"),
            MenuItem(
                _("Joint-punishment rules"), "credit:jointpunishmentrule_list", "credit.jointpunishmentrule"
            ),
            MenuItem(_("Restricted entities"), "credit:restricted_list", "credit.creditevent"),
            MenuItem(
                _("Joint-punishment notices"),
                "credit:notice_list",
                check=lambda u: u.role == "reporter" or user_can(u, JointPunishmentNotice, "view"),
            ),
        ],
        order=20,
    )
)

"""Random-inspection pages (双随机、一公开): the generic screens of check items, the inspector pool,
declared conflicts, plans and result categories, read-only lists of tasks, draws and results,
and the menu.

The workflow steps of tasks, draws and results (create, approve, draw, enter results, publish)
have their own views in views_tasks.py."""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from django.utils.translation import gettext_lazy as _

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
from qualitycity.inspections import filters, forms, tables
from qualitycity.inspections.models import (
    CheckItem,
    Draw,
    InspectionPlan,
    InspectionResult,
    InspectionTask,
    Inspector,
    InspectorConflict,
    ResultCategory,
)

register_model(
    ModelConfig(
        CheckItem,
        tables.check_item_table,
        filters.CheckItemFilterSet,
        forms.CheckItemForm,
        import_form=forms.CheckItemImportForm,
        url_path="check-items",
        # The natural key is (department, number, sub-item); the generic import finds existing
        # rows by one field only, so an import adds items and reports duplicates by row.
        import_key="",
        select_related=("department",),
    )
)
register_model(
    ModelConfig(
        Inspector,
        tables.inspector_table,
        filters.InspectorFilterSet,
        forms.InspectorForm,
        import_form=forms.InspectorImportForm,
        url_path="inspectors",
        import_key="code",
        personal_fields={"phone": "mask_phone"},
        select_related=("department", "county"),
    )
)
register_model(
    ModelConfig(
        InspectorConflict,
        tables.inspector_conflict_table,
        filters.InspectorConflictFilterSet,
        forms.InspectorConflictForm,
        url_path="conflicts",
        select_related=("inspector", "entity"),
    )
)
register_model(
    ModelConfig(
        InspectionPlan,
        tables.inspection_plan_table,
        filters.InspectionPlanFilterSet,
        forms.InspectionPlanForm,
        url_path="plans",
        select_related=("department",),
    )
)
register_model(
    ModelConfig(
        ResultCategory,
        tables.result_category_table,
        filters.ResultCategoryFilterSet,
        forms.ResultCategoryForm,
        url_path="result-categories",
    )
)
register_model(
    ModelConfig(
        InspectionTask,
        tables.inspection_task_table,
        filters.InspectionTaskFilterSet,
        url_path="tasks",
        select_related=("plan", "lead_department"),
    )
)
register_model(
    ModelConfig(
        Draw,
        tables.draw_table,
        filters.DrawFilterSet,
        url_path="draws",
        select_related=("task",),
    )
)
register_model(
    ModelConfig(
        InspectionResult,
        tables.inspection_result_table,
        filters.InspectionResultFilterSet,
        url_path="results",
        select_related=("task", "entity", "entity__county", "department", "category"),
    )
)


#: Draw fields never shown as stored: the seed stays sealed until the draw reveals it
#: (`Draw.public_seed`), and the pool and staffing snapshots are compressed binary.
SEALED_DRAW_FIELDS = ("seed", "pool_snapshot", "staffing_snapshot")


@register_model_view(Draw, "detail")
class DrawDetailView(ObjectDetailView):
    """A draw's page: the seed only once revealed, never the binary snapshots."""

    def get_context_data(self, obj: Model, context: dict[str, Any]) -> dict[str, Any]:
        assert isinstance(obj, Draw)
        labels = {f.name: str(f.verbose_name) for f in Draw._meta.concrete_fields}
        hidden = {labels[name] for name in SEALED_DRAW_FIELDS}
        fields = []
        for label, value in context["fields"]:
            if label == labels["seed"]:
                fields.append((label, obj.public_seed or None))
            elif label not in hidden:
                fields.append((label, value))
        context["fields"] = fields
        return context


for _model in (
    CheckItem,
    Inspector,
    InspectorConflict,
    InspectionPlan,
    ResultCategory,
    InspectionTask,
    Draw,
    InspectionResult,
):
    register_model_view(_model, "list")(ObjectListView)
    if _model is not Draw:
        register_model_view(_model, "detail")(ObjectDetailView)
for _model in (
    CheckItem,
    Inspector,
    InspectorConflict,
    InspectionPlan,
    InspectionTask,
    Draw,
    InspectionResult,
):
    register_model_view(_model, "history")(ObjectHistoryView)
for _model in (CheckItem, Inspector, InspectorConflict, InspectionPlan, ResultCategory):
    register_model_view(_model, "add")(ObjectEditView)
    register_model_view(_model, "edit")(ObjectEditView)
for _model in (CheckItem, Inspector, InspectorConflict):
    register_model_view(_model, "delete")(ObjectDeleteView)
for _model in (CheckItem, Inspector):
    register_model_view(_model, "import")(ObjectImportView)

register_menu(
    MenuGroup(
        _("Random inspections"),
        "⚄",
        [
            MenuItem(_("Inspection tasks"), "inspections:inspectiontask_list", "inspections.inspectiontask"),
            MenuItem(_("Inspection plans"), "inspections:inspectionplan_list", "inspections.inspectionplan"),
            MenuItem(_("Check items"), "inspections:checkitem_list", "inspections.checkitem"),
            MenuItem(_("Inspectors"), "inspections:inspector_list", "inspections.inspector"),
            MenuItem(
                _("Declared conflicts"), "inspections:inspectorconflict_list", "inspections.inspectorconflict"
            ),
            MenuItem(
                _("Inspection results"), "inspections:inspectionresult_list", "inspections.inspectionresult"
            ),
            MenuItem(_("Draws"), "inspections:draw_list", "inspections.draw"),
            MenuItem(_("Result categories"), "inspections:resultcategory_list", "inspections.resultcategory"),
        ],
        order=30,
    )
)

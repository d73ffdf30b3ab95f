"""Quality-infrastructure pages: the standards register (editions, status, replacements)."""

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
from qualitycity.nqi import filters, forms, tables
from qualitycity.nqi.models import Standard
from qualitycity.nqi.services import standard_state

register_model(
    ModelConfig(
        Standard,
        tables.standard_table,
        filters.StandardFilterSet,
        forms.StandardForm,
        import_form=forms.StandardImportForm,
        url_path="standards",
        import_key="number",
        prefetch_related=("replaces", "replaced_by"),
    )
)


@register_model_view(Standard, "detail")
class StandardDetailView(ObjectDetailView):
    """A standard's page: its status today, what it replaces and what replaces it."""

    def get_context_data(self, obj: Model, context: dict[str, Any]) -> dict[str, Any]:
        assert isinstance(obj, Standard)
        extra = [
            (_("status today"), standard_state(obj)),
            (_("replaces"), "、".join(s.number for s in obj.replaces.all()) or None),
            (_("replaced by"), "、".join(s.number for s in obj.successors()) or None),
        ]
        context["fields"] = [*context["fields"], *extra]
        return context


register_model_view(Standard, "list")(ObjectListView)
register_model_view(Standard, "add")(ObjectEditView)
register_model_view(Standard, "edit")(ObjectEditView)
register_model_view(Standard, "delete")(ObjectDeleteView)
register_model_view(Standard, "history")(ObjectHistoryView)
register_model_view(Standard, "import")(ObjectImportView)

register_menu(
    MenuGroup(
        _("Quality infrastructure"),
        "⚖",
        [MenuItem(_("Standards"), "nqi:standard_list", "nqi.standard")],
        order=60,
    )
)

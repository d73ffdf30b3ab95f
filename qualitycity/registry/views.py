"""Entity pages: generic list, detail, edit, import and export."""

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
from qualitycity.registry.filters import EntityFilterSet
from qualitycity.registry.forms import EntityForm, EntityImportForm
from qualitycity.registry.models import Entity
from qualitycity.registry.tables import entity_table

register_model(
    ModelConfig(
        Entity,
        entity_table,
        EntityFilterSet,
        EntityForm,
        import_form=EntityImportForm,
        url_path="market-entities",
        personal_fields={"legal_representative": "mask_name"},
        import_key="uscc",
        select_related=("county", "township", "industry"),
    )
)
register_model_view(Entity, "list")(ObjectListView)
register_model_view(Entity, "add")(ObjectEditView)
register_model_view(Entity, "import")(ObjectImportView)


@register_model_view(Entity, "detail")
class EntityDetailView(ObjectDetailView):
    """The entity page: register data, then the sections other modules contribute (archive,
    lists, risk class, products)."""

    def get_context_data(self, obj: Model, context: dict[str, Any]) -> dict[str, Any]:
        from qualitycity.registry.sections import sections_for

        return {**context, "sections": sections_for(obj, self.request.user)}


register_model_view(Entity, "edit")(ObjectEditView)
register_model_view(Entity, "delete")(ObjectDeleteView)
register_model_view(Entity, "history")(ObjectHistoryView)

register_menu(
    MenuGroup(
        _("Market entities"),
        "▤",
        [MenuItem(_("Entity register"), "registry:entity_list", "registry.entity")],
        order=10,
    )
)

"""Registry pages: entities, specialised towns, product categories and products through the
generic list, detail, edit, import and export views."""

from typing import Any

from django.db.models import Model
from django.utils.translation import gettext
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
from qualitycity.core.permissions import restrict_queryset, user_can
from qualitycity.registry.filters import (
    EntityFilterSet,
    ProductCategoryFilterSet,
    ProductFilterSet,
    SpecialisedTownFilterSet,
)
from qualitycity.registry.forms import (
    EntityForm,
    EntityImportForm,
    ProductCategoryForm,
    ProductForm,
    SpecialisedTownForm,
)
from qualitycity.registry.importing import EntityBatchImporter
from qualitycity.registry.models import Entity, EntityTag, Product, ProductCategory, SpecialisedTown
from qualitycity.registry.sections import Section, register_entity_section
from qualitycity.registry.tables import (
    entity_table,
    product_category_table,
    product_table,
    specialised_town_table,
)

entity_config = register_model(
    ModelConfig(
        Entity,
        entity_table,
        EntityFilterSet,
        EntityForm,
        import_form=EntityImportForm,
        url_path="market-entities",
        personal_fields={"legal_representative": "mask_name", "contact_phone": "mask_phone"},
        import_key="uscc",
        select_related=("county", "township", "industry", "specialised_town"),
    )
)
entity_config.batch_importer = EntityBatchImporter
register_model(
    ModelConfig(
        SpecialisedTown,
        specialised_town_table,
        SpecialisedTownFilterSet,
        SpecialisedTownForm,
        url_path="specialised-towns",
        select_related=("county",),
    )
)
register_model(
    ModelConfig(
        ProductCategory,
        product_category_table,
        ProductCategoryFilterSet,
        ProductCategoryForm,
        url_path="product-categories",
        select_related=("parent",),
    )
)
register_model(
    ModelConfig(
        Product,
        product_table,
        ProductFilterSet,
        ProductForm,
        url_path="products",
        select_related=("entity", "category"),
    )
)
register_model_view(Entity, "list")(ObjectListView)
register_model_view(Entity, "add")(ObjectEditView)


register_model_view(Entity, "import")(ObjectImportView)


@register_model_view(Entity, "detail")
class EntityDetailView(ObjectDetailView):
    """The entity page: register data, then the sections other modules contribute (archive,
    lists, risk class) and its tags and products."""

    def get_context_data(self, obj: Model, context: dict[str, Any]) -> dict[str, Any]:
        from qualitycity.registry.sections import sections_for

        return {**context, "sections": sections_for(obj, self.request.user)}


register_model_view(Entity, "edit")(ObjectEditView)
register_model_view(Entity, "delete")(ObjectDeleteView)
register_model_view(Entity, "history")(ObjectHistoryView)

for _model in (SpecialisedTown, ProductCategory, Product):
    register_model_view(_model, "list")(ObjectListView)
    register_model_view(_model, "add")(ObjectEditView)
    register_model_view(_model, "detail")(ObjectDetailView)
    register_model_view(_model, "edit")(ObjectEditView)
    register_model_view(_model, "delete")(ObjectDeleteView)
    register_model_view(_model, "history")(ObjectHistoryView)


@register_entity_section
def tags_section(entity: Any, user: Any) -> Section | None:
    """The entity's tags (规上, 高新技术, 专精特新 …) and its specialised town."""
    tags = list(EntityTag.objects.filter(entity=entity).order_by("tag"))
    if not tags and entity.specialised_town_id is None:
        return None
    return Section(
        title=gettext("Tags"),
        template="registry/_section_tags.html",
        context={"tags": tags, "town": entity.specialised_town},
        order=20,
    )


@register_entity_section
def products_section(entity: Any, user: Any) -> Section | None:
    """The entity's products, for users who may see products."""
    if not user_can(user, Product, "view"):
        return None
    products = restrict_queryset(Product.objects.filter(entity=entity), user).select_related("category")
    rows = list(products[:100])
    if not rows:
        return None
    return Section(
        title=gettext("Products"),
        template="registry/_section_products.html",
        context={"products": rows},
        order=30,
    )


register_menu(
    MenuGroup(
        _("Market entities"),
        "▤",
        [
            MenuItem(_("Entity register"), "registry:entity_list", "registry.entity"),
            MenuItem(_("Products"), "registry:product_list", "registry.product"),
            MenuItem(_("Specialised towns"), "registry:specialisedtown_list", "registry.specialisedtown"),
            MenuItem(_("Product categories"), "registry:productcategory_list", "registry.productcategory"),
        ],
        order=10,
    )
)

from qualitycity.core.generic.registry import model_urls
from qualitycity.registry.models import Entity, Product, ProductCategory, SpecialisedTown

app_name = "registry"

urlpatterns = [
    *model_urls(Entity),
    *model_urls(SpecialisedTown),
    *model_urls(ProductCategory),
    *model_urls(Product),
]

from qualitycity.core.generic.registry import model_urls
from qualitycity.registry.models import Entity

app_name = "registry"

urlpatterns = model_urls(Entity)

from qualitycity.core.generic.registry import model_urls
from qualitycity.nqi.models import Standard

app_name = "nqi"

urlpatterns = [*model_urls(Standard)]

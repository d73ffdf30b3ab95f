from qualitycity.complaints import views_cases
from qualitycity.complaints.models import Category, ComplaintCase, DisclosurePolicy, FirstPayout, RoutingRule
from qualitycity.core.generic.registry import model_urls

app_name = "complaints"

urlpatterns = list(views_cases.urlpatterns)
for _model in (ComplaintCase, Category, RoutingRule, DisclosurePolicy, FirstPayout):
    urlpatterns += model_urls(_model)

from qualitycity.complaints import views_stats  # noqa: E402

urlpatterns += views_stats.urlpatterns

from qualitycity.complaints import views_enterprise  # noqa: E402

urlpatterns += views_enterprise.urlpatterns

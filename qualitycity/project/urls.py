from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from qualitycity.api.api import api

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("api/v1/", api.urls),
    path("public/", include("qualitycity.portal.urls")),
    path("registry/", include("qualitycity.registry.urls")),
    path("credit/", include("qualitycity.credit.urls")),
    path("inspections/", include("qualitycity.inspections.urls")),
    path("spotchecks/", include("qualitycity.spotchecks.urls")),
    path("nqi/", include("qualitycity.nqi.urls")),
    path("complaints/", include("qualitycity.complaints.urls")),
    path("plan/", include("qualitycity.plan.urls")),
    path("", include("qualitycity.core.urls")),
]

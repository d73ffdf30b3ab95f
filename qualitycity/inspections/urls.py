from qualitycity.core.generic.registry import model_urls
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

app_name = "inspections"

urlpatterns = []
for _model in (
    InspectionTask,
    InspectionPlan,
    CheckItem,
    Inspector,
    InspectorConflict,
    InspectionResult,
    Draw,
    ResultCategory,
):
    urlpatterns += model_urls(_model)

from qualitycity.inspections import views_tasks  # noqa: E402

urlpatterns += views_tasks.urlpatterns

from qualitycity.core.generic.registry import model_urls
from qualitycity.plan import views_reports
from qualitycity.plan.models import GoalGroup, Indicator, Measure, Plan, PlanSection, ProgressReport

app_name = "plan"

urlpatterns = list(views_reports.urlpatterns)
for _model in (Plan, GoalGroup, Measure, PlanSection, Indicator, ProgressReport):
    urlpatterns += model_urls(_model)

# views_overview (another part of the plan work) appends its pages below.
from qualitycity.plan import views_overview  # noqa: E402

urlpatterns += views_overview.urlpatterns

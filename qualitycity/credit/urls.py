from qualitycity.core.generic.registry import model_urls
from qualitycity.credit import views_archive, views_lists, views_risk
from qualitycity.credit.models import (
    AnnualReport,
    CreditEvent,
    CreditRepair,
    JointPunishmentRule,
    ListEntry,
    RiskIndicator,
    RiskModel,
)

app_name = "credit"

urlpatterns = list(views_archive.urlpatterns)
for _model in (
    CreditEvent,
    ListEntry,
    AnnualReport,
    CreditRepair,
    RiskModel,
    RiskIndicator,
    JointPunishmentRule,
):
    urlpatterns += model_urls(_model)
urlpatterns += views_lists.urlpatterns

urlpatterns += views_risk.urlpatterns

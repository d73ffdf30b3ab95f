from django.contrib.auth import views as auth_views
from django.urls import path

from qualitycity.core import views
from qualitycity.core.generic.registry import model_urls
from qualitycity.core.models import AuditRecord, CalendarDay, Department, Division, Industry, Rule, User

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("jobs/", views.job_list, name="job_list"),
    path("jobs/<int:pk>/", views.job_detail, name="job_detail"),
    path("jobs/<int:pk>/confirm/", views.job_confirm, name="job_confirm"),
    path("jobs/<int:pk>/download/", views.job_download, name="job_download"),
    path("settings/security/", views.security_policy, name="security_policy"),
    path("audit-records/verify/", views.audit_verify, name="audit_verify"),
]
for _model in (Division, Industry, Department, CalendarDay, Rule, User, AuditRecord):
    urlpatterns += model_urls(_model)

from qualitycity.spotchecks import views, views_enterprise, views_workflow

app_name = "spotchecks"

# Generic screens (views), workflow steps and statistics (views_workflow), the enterprise's pages
# (views_enterprise).
urlpatterns = [*views.urlpatterns, *views_workflow.urlpatterns, *views_enterprise.urlpatterns]

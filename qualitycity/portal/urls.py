from django.urls import path

from qualitycity.portal import views, views_inspections

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("entities/", views.entity_search, name="entity_search"),
    path("entities/<str:uscc>/", views.entity_detail, name="entity_detail"),
    path("inspections/check-items/", views_inspections.check_item_list, name="checkitem_list"),
    path("inspections/tasks/", views_inspections.task_list, name="inspectiontask_list"),
    path("inspections/tasks/<str:number>/", views_inspections.task_detail, name="inspectiontask_detail"),
    path("inspections/draws/<int:pk>/", views_inspections.draw_check, name="draw_check"),
    path("inspections/draws/<int:pk>/seed.txt", views_inspections.draw_seed, name="draw_seed"),
    path("inspections/draws/<int:pk>/pool.txt", views_inspections.draw_pool, name="draw_pool"),
    path("inspections/results/", views_inspections.result_list, name="inspectionresult_list"),
]

# The public side of complaints and tip-offs, and the disclosure of handled complaints.
from qualitycity.portal import views_complaints  # noqa: E402  (appended section)

urlpatterns += views_complaints.urlpatterns

# Spot checks and sampling: published supervision results and the unqualified products.
from qualitycity.portal import views_spotchecks  # noqa: E402  (appended section)

urlpatterns += views_spotchecks.urlpatterns

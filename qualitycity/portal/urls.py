from django.urls import path

from qualitycity.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("entities/", views.entity_search, name="entity_search"),
    path("entities/<str:uscc>/", views.entity_detail, name="entity_detail"),
]

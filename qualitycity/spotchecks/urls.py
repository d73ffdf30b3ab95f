app_name = "spotchecks"

urlpatterns: list = []

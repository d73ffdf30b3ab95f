app_name = "plan"

urlpatterns: list = []

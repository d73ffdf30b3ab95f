from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NqiConfig(AppConfig):
    name = "qualitycity.nqi"
    label = "nqi"
    verbose_name = _("Quality infrastructure")

    def ready(self) -> None:
        from qualitycity.nqi import views  # noqa: F401  (registers views and menus)

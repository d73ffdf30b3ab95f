from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpotchecksConfig(AppConfig):
    name = "qualitycity.spotchecks"
    label = "spotchecks"
    verbose_name = _("Spot checks and sampling")

    def ready(self) -> None:
        return

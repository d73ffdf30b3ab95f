from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "qualitycity.core"
    label = "core"
    verbose_name = _("Platform")

    def ready(self) -> None:
        from qualitycity.core import signals, views  # noqa: F401  (login audit receivers; model views)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "qualitycity.registry"
    label = "registry"
    verbose_name = _("Market entities")

    def ready(self) -> None:
        from qualitycity.registry import demo, panels, views  # noqa: F401  (registers views, menu, demo, panels)

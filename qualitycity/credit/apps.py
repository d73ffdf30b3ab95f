from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CreditConfig(AppConfig):
    name = "qualitycity.credit"
    label = "credit"
    verbose_name = _("Quality credit")

    def ready(self) -> None:
        from qualitycity.credit import listeners, views, views_archive  # noqa: F401  (views, menus, sections)

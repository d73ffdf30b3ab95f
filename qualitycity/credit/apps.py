from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CreditConfig(AppConfig):
    name = "qualitycity.credit"
    label = "credit"
    verbose_name = _("Quality credit")

    def ready(self) -> None:
        from qualitycity.credit import (  # noqa: F401  (registers views, menus, sections, listeners, demo)
            demo,
            listeners,
            views,
            views_archive,
            views_lists,
            views_risk,
        )

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanConfig(AppConfig):
    name = "qualitycity.plan"
    label = "plan"
    verbose_name = _("Quality plan")

    def ready(self) -> None:
        from qualitycity.plan import (  # noqa: F401  (registers views, menus, to-dos, demo)
            demo,
            views,
        )

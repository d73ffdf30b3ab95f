from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpotchecksConfig(AppConfig):
    name = "qualitycity.spotchecks"
    label = "spotchecks"
    verbose_name = _("Spot checks and sampling")

    def ready(self) -> None:
        from qualitycity.spotchecks import (  # noqa: F401  (registers views, menus, to-dos, jobs, demo, plan sources)
            demo,
            tasks,
            views,
            views_enterprise,
            views_workflow,
        )

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    name = "qualitycity.inspections"
    label = "inspections"
    verbose_name = _("Random inspections")

    def ready(self) -> None:
        from qualitycity.inspections import (  # noqa: F401  (registers views, menus, to-dos, demo)
            demo,
            tasks,
            views,
            views_tasks,
        )

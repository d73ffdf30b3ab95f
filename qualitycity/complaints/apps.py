from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "qualitycity.complaints"
    label = "complaints"
    verbose_name = _("Complaints and tip-offs")

    def ready(self) -> None:
        from qualitycity.complaints import (  # noqa: F401  (registers views, menus, to-dos, demo, jobs)
            demo,
            tasks,
            views,
            views_stats,
        )

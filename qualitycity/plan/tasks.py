"""Background work of the quality plan: recomputing the city overview's snapshot."""

from __future__ import annotations

import datetime as dt

from django.utils import translation
from django_tasks import task


@task()
def refresh_overview(plan_id: int, user_id: int, today: str, language: str) -> float:
    """Compute the overview snapshot of this plan and user's data scope again (queued when a
    reader found it older than `overview.CACHE_SECONDS`); returns the compute time."""
    from qualitycity.core.models import User
    from qualitycity.plan import overview
    from qualitycity.plan.models import OverviewSnapshot, Plan

    plan = Plan.objects.get(pk=plan_id)
    user = User.objects.get(pk=user_id)
    with translation.override(language):
        overview.compute_snapshot(plan, user, dt.date.fromisoformat(today), language)
    snapshot = OverviewSnapshot.objects.filter(plan=plan, user=user, language=language).first()
    return snapshot.seconds if snapshot is not None else 0.0

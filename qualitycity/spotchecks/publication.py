"""Publication of supervision results (抽检结果公布) on the portal: a configurable delay after
the report (rule book `spotcheck-publication-delay`, a platform setting); a result under
objection is published with that said. Risk-monitoring results are not published."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from qualitycity.core import audit
from qualitycity.core.services import CalendarNotAvailable, rule_deadline
from qualitycity.spotchecks.choices import OPEN_OBJECTION_STATUSES, Conclusion, Purpose
from qualitycity.spotchecks.models import Objection, Sample, SpotCheckPlan

__all__ = ["due_for_publication", "publication_due", "publish_due", "publish_samples", "under_objection"]


def publication_due(sample: Sample) -> dt.date | None:
    if sample.reported_on is None:
        return None
    try:
        return rule_deadline("spotcheck-publication-delay", sample.reported_on)
    except CalendarNotAvailable:
        return None


def due_for_publication(today: dt.date | None = None, plan: SpotCheckPlan | None = None) -> list[Sample]:
    """Concluded supervision samples, not yet published, whose delay has passed."""
    today = today or timezone.localdate()
    qs = Sample.objects.filter(purpose=Purpose.SUPERVISION, published_at__isnull=True).exclude(
        conclusion=Conclusion.PENDING
    )
    if plan is not None:
        qs = qs.filter(plan=plan)
    # the delay is at most a few weeks: look only at reports of the last year
    qs = qs.filter(reported_on__gte=today - dt.timedelta(days=366), reported_on__lte=today)
    return [
        s
        for s in qs.select_related("plan", "producer", "sampled_unit")
        if (publication_due(s) or dt.date.max) <= today
    ]


@transaction.atomic
def publish_samples(samples: list[Sample], *, actor: Any) -> int:
    """Publish the given samples; the archive events of failed ones become public."""
    from qualitycity.spotchecks.testing import archive_sample

    samples = [s for s in samples if s.purpose == Purpose.SUPERVISION and s.conclusion != Conclusion.PENDING]
    if not samples:
        return 0
    now = timezone.now()
    ids = [s.pk for s in samples]
    Sample.objects.filter(pk__in=ids, published_at__isnull=True).update(published_at=now, updated_at=now)
    for sample in samples:
        sample.published_at = now
        if sample.conclusion == Conclusion.UNQUALIFIED:
            archive_sample(sample, actor=actor)
    audit.record(actor=actor, action="update", obj=samples[0].plan, message=f"published {len(ids)} samples")
    return len(ids)


def publish_due(*, actor: Any = None, today: dt.date | None = None) -> int:
    """Daily: publish every result whose delay has passed (`qcity spotchecks publish-due`)."""
    return publish_samples(due_for_publication(today), actor=actor)


def under_objection(sample_ids: list[int]) -> set[int]:
    """Which of these samples have an objection being handled."""
    return set(
        Objection.objects.filter(sample_id__in=sample_ids, status__in=OPEN_OBJECTION_STATUSES).values_list(
            "sample_id", flat=True
        )
    )

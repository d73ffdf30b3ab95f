"""Background tasks of the credit archive."""

from __future__ import annotations

from django_tasks import task


@task()
def rescore_entities(entity_ids: list[int]) -> dict:
    """Re-score the entities whose archive changed (queued on commit by `credit.risk`).
    Idempotent: re-scoring unchanged facts writes nothing."""
    from qualitycity.credit.risk import recompute

    return recompute(entity_ids=entity_ids)

"""What follows a change of an entity's archive: joint-punishment notices to departments."""

from __future__ import annotations

from qualitycity.credit.events import on_events_changed
from qualitycity.credit.punishment import refresh_notices


@on_events_changed
def _refresh_joint_punishment_notices(entity_ids: list[int]) -> None:
    refresh_notices(actor=None, entity_ids=entity_ids)

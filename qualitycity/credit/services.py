"""The credit archive's operations: the only module other apps call.

- `record_event(...)`: every module writes its facts into an entity's archive here.
- Lists, annual reports and credit repair: `credit.lists`, `credit.repair`.
- Risk classes: `credit.risk`.
- Joint punishment: `restrictions(entity, action, on=date)`.
"""

from __future__ import annotations

from qualitycity.credit.events import notify_events_changed, on_events_changed, record_event

__all__ = ["notify_events_changed", "on_events_changed", "record_event"]

"""Statutory clocks of a case, in working days, from the rule-book version in force on the date
the case was received (so a case received on 2026-04-14 keeps Order 20's limits and one
received on 2026-04-16 gets Order 121's)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from qualitycity.complaints.choices import ClockName, ClockState
from qualitycity.complaints.models import CaseClock, ComplaintCase
from qualitycity.core.services import CalendarNotAvailable, add_workdays, rule, rule_value, workdays_between

#: clock → rule-book key of its time limit
RULE_KEYS = {
    ClockName.ACCEPT: "complaint-acceptance",
    ClockName.MEDIATION: "complaint-mediation-period",
    ClockName.END_NOTICE: "complaint-mediation-end-notice",
    ClockName.VERIFY: "lead-case-decision",
    ClockName.REPORTER_NOTICE: "tipoff-case-notice",
    ClockName.JURISDICTION: "complaint-jurisdiction-dispute",
}
EXTENSION_KEY = "lead-case-extension"


#: Clocks whose due date is the case's handling limit (notices are checked but do not set it).
HANDLING = (ClockName.ACCEPT, ClockName.MEDIATION, ClockName.VERIFY)


def refresh_case(case: ComplaintCase, today: dt.date | None = None) -> None:
    """Keep the case's handling limit and on-time flag in step with its clocks: the limit is the
    latest due date of its accept / mediation / decision clocks; a closed case is on time when
    every clock stopped by its due date; an open case is not on time once a clock is overdue."""
    rows = list(CaseClock.objects.filter(case=case).values_list("name", "due_on", "stopped_on"))
    handling = [(due, stop) for name, due, stop in rows if name in HANDLING]
    # a running limit not yet computable (its year is not in the calendar) leaves the case
    # out of the on-time count until it is: an earlier clock's date would count it as late
    unknown = any(due is None and stop is None for due, stop in handling)
    dues = [due for due, _stop in handling if due is not None]
    handling_due = max(dues) if dues and not unknown else None
    missed = any(due is not None and stop is not None and stop > due for _n, due, stop in rows)
    today = today or timezone.localdate()
    overdue = any(due is not None and stop is None and due < today for _n, due, stop in rows)
    running = any(stop is None for _n, _d, stop in rows)
    if missed or overdue:
        on_time: bool | None = False
    elif running:
        on_time = None
    else:
        on_time = True
    ComplaintCase.objects.filter(pk=case.pk).update(handling_due=handling_due, on_time=on_time)
    case.handling_due, case.on_time = handling_due, on_time


def _due(clock: CaseClock) -> dt.date | None:
    try:
        return add_workdays(clock.started_on, clock.days + clock.extension_days + clock.paused_days)
    except CalendarNotAvailable:
        return None


def start(case: ComplaintCase, name: str, started_on: dt.date) -> CaseClock:
    """Start (or restart) a clock with the rule version in force on the day the case came in."""
    version = rule(RULE_KEYS[ClockName(name)], on=case.received_on)
    clock, _ = CaseClock.objects.update_or_create(
        case=case,
        name=name,
        defaults={
            "rule": version,
            "started_on": started_on,
            "days": int(version.value),
            "extension_days": 0,
            "paused_days": 0,
            "paused_since": None,
            "stopped_on": None,
        },
    )
    clock.due_on = _due(clock)
    clock.save(update_fields=["due_on"])
    refresh_case(case)
    return clock


def get(case: ComplaintCase, name: str) -> CaseClock | None:
    return CaseClock.objects.filter(case=case, name=name).first()


def stop(case: ComplaintCase, name: str, on: dt.date) -> CaseClock | None:
    clock = get(case, name)
    if clock is not None and clock.stopped_on is None:
        if clock.paused_since is not None:
            resume_clock(clock, on)
        clock.stopped_on = on
        clock.save(update_fields=["stopped_on"])
        refresh_case(case)
    return clock


def pause_clock(clock: CaseClock, on: dt.date) -> None:
    clock.paused_since = on
    clock.save(update_fields=["paused_since"])


def resume_clock(clock: CaseClock, on: dt.date) -> int:
    """End a pause: the working days it lasted are added to the limit. Returns them."""
    if clock.paused_since is None:
        return 0
    try:
        paused = workdays_between(clock.paused_since, on)
    except CalendarNotAvailable:
        paused = (on - clock.paused_since).days
    clock.paused_days += max(paused, 0)
    clock.paused_since = None
    clock.due_on = _due(clock)
    clock.save(update_fields=["paused_days", "paused_since", "due_on"])
    refresh_case(clock.case)
    return paused


def extend(clock: CaseClock, on: dt.date) -> None:
    """The one extension a tip-off decision may get (with approval)."""
    clock.extension_days = int(rule_value(EXTENSION_KEY, on=clock.case.received_on))
    clock.due_on = _due(clock)
    clock.save(update_fields=["extension_days", "due_on"])
    refresh_case(clock.case)


def state(clock: CaseClock, today: dt.date | None = None) -> str:
    today = today or timezone.localdate()
    if clock.stopped_on is not None:
        return (
            ClockState.MET if clock.due_on is None or clock.stopped_on <= clock.due_on else ClockState.MISSED
        )
    if clock.paused_since is not None:
        return ClockState.PAUSED
    if clock.due_on is None:
        return ClockState.RUNNING
    if today > clock.due_on:
        return ClockState.OVERDUE
    soon = int(rule_value("complaint-due-soon", on=today))
    try:
        remaining = workdays_between(today, clock.due_on)
    except CalendarNotAvailable:
        remaining = (clock.due_on - today).days
    return ClockState.DUE_SOON if remaining <= soon else ClockState.RUNNING


@dataclass
class ClockView:
    name: str
    label: str
    started_on: dt.date
    due: dt.date | None
    state: str
    rule_version: str
    rule_source: str
    rule_confirmed: bool
    paused_days: int
    extension_days: int
    stopped_on: dt.date | None

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "due": self.due.isoformat() if self.due else None,
            "state": self.state,
            "rule_version": self.rule_version,
            "rule_source": self.rule_source,
            "rule_confirmed": self.rule_confirmed,
            "started_on": self.started_on.isoformat(),
            "stopped_on": self.stopped_on.isoformat() if self.stopped_on else None,
            "paused_days": self.paused_days,
            "extension_days": self.extension_days,
        }


def clocks_of(case: ComplaintCase, today: dt.date | None = None) -> list[ClockView]:
    """Every clock of the case with its due date, state and the rule version it counts by."""
    rows = CaseClock.objects.filter(case=case).select_related("rule").order_by("started_on", "pk")
    return [
        ClockView(
            name=c.name,
            label=str(ClockName(c.name).label),
            started_on=c.started_on,
            due=c.due_on,
            state=state(c, today),
            rule_version=f"{c.rule.key}@{c.rule.effective_from.isoformat()}",
            rule_source=c.rule.legal_source,
            rule_confirmed=c.rule.is_confirmed,
            paused_days=c.paused_days,
            extension_days=c.extension_days,
            stopped_on=c.stopped_on,
        )
        for c in rows
    ]

"""Complaints and tip-offs: the operations other modules, the views and the API call.

- Intake: `submit(Submission, actor=, channel=, source=)` (`complaints.intake`).
- Transitions: `TRANSITIONS[name](case, actor=, …)`, `TransitionError` (`complaints.workflow`).
- Clocks: `clocks_of(case)` with due dates, states and rule versions (`complaints.clocks`).
- ODR: `respond`, `complainant_reply`, `complainant_decides`, `case_by_receipt` (`complaints.odr`).
"""

from __future__ import annotations

from qualitycity.complaints.clocks import ClockView, clocks_of
from qualitycity.complaints.intake import IntakeResult, Submission, submit, time_barred
from qualitycity.complaints.odr import (
    add_staff_note,
    answer_due,
    case_by_receipt,
    complainant_decides,
    complainant_reply,
    is_respondent_user,
    respond,
)
from qualitycity.complaints.workflow import (
    ALLOWED,
    KIND_OF,
    TRANSITIONS,
    TransitionError,
    accept,
    archive,
    close,
    confirm_classification,
    decide,
    extend_verification,
    notify_mediation_end,
    notify_reporter,
    pause,
    record_follow_up,
    record_payout,
    record_session,
    reject,
    resume,
    settle_dispute,
    start_mediation,
    start_verification,
    transfer,
)

__all__ = [
    "ALLOWED",
    "KIND_OF",
    "TRANSITIONS",
    "ClockView",
    "IntakeResult",
    "Submission",
    "TransitionError",
    "accept",
    "add_staff_note",
    "answer_due",
    "archive",
    "case_by_receipt",
    "clocks_of",
    "close",
    "complainant_decides",
    "complainant_reply",
    "confirm_classification",
    "decide",
    "extend_verification",
    "is_respondent_user",
    "notify_mediation_end",
    "notify_reporter",
    "pause",
    "record_follow_up",
    "record_payout",
    "record_session",
    "reject",
    "respond",
    "resume",
    "settle_dispute",
    "start_mediation",
    "start_verification",
    "submit",
    "time_barred",
    "transfer",
]

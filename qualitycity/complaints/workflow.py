"""Transitions of a case. Each checks the state it starts from and refuses, with the reason,
when it is out of order; each stops and starts the statutory clocks it concerns and writes the
timeline, the audit trail and, at closure, the respondent's archive."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qualitycity.complaints import clocks
from qualitycity.complaints.choices import (
    CaseKind,
    CaseStatus,
    ClockName,
    Outcome,
    Party,
    PublicationStatus,
    RejectionGround,
)
from qualitycity.complaints.intake import time_barred
from qualitycity.complaints.models import (
    CaseAction,
    CaseTransfer,
    Category,
    ComplaintCase,
    DisclosurePolicy,
    FirstPayout,
    MediationSession,
)
from qualitycity.core import audit
from qualitycity.credit.choices import CreditEventKind
from qualitycity.credit.services import record_event

#: transition → the states it may start from
ALLOWED: dict[str, tuple[str, ...]] = {
    "accept": (CaseStatus.RECEIVED,),
    "reject": (CaseStatus.RECEIVED,),
    "start-mediation": (CaseStatus.ACCEPTED,),
    "pause-clock": (CaseStatus.MEDIATING,),
    "resume-clock": (CaseStatus.PAUSED,),
    "close": (CaseStatus.RECEIVED, CaseStatus.ACCEPTED, CaseStatus.MEDIATING, CaseStatus.PAUSED),
    "transfer": (CaseStatus.RECEIVED, CaseStatus.ACCEPTED),
    "start-verification": (CaseStatus.RECEIVED,),
    "decide": (CaseStatus.RECEIVED, CaseStatus.INVESTIGATING),
    "extend": (CaseStatus.RECEIVED, CaseStatus.INVESTIGATING),
    "notify-reporter": (CaseStatus.CLOSED,),
}
KIND_OF = {
    "accept": CaseKind.COMPLAINT,
    "reject": CaseKind.COMPLAINT,
    "start-mediation": CaseKind.COMPLAINT,
    "pause-clock": CaseKind.COMPLAINT,
    "resume-clock": CaseKind.COMPLAINT,
    "close": CaseKind.COMPLAINT,
    "start-verification": CaseKind.TIP_OFF,
    "decide": CaseKind.TIP_OFF,
    "extend": CaseKind.TIP_OFF,
    "notify-reporter": CaseKind.TIP_OFF,
}
#: transition → its name in words (used in refusals)
ACTION_LABELS = {
    "accept": gettext_lazy("accept"),
    "reject": gettext_lazy("refuse to accept"),
    "start-mediation": gettext_lazy("start mediation on"),
    "pause-clock": gettext_lazy("pause the clock of"),
    "resume-clock": gettext_lazy("resume the clock of"),
    "close": gettext_lazy("close"),
    "transfer": gettext_lazy("transfer"),
    "start-verification": gettext_lazy("start checking"),
    "decide": gettext_lazy("decide on"),
    "extend": gettext_lazy("extend the decision period of"),
    "notify-reporter": gettext_lazy("notify the reporter of"),
}
COMPLAINT_OUTCOMES = (
    Outcome.MEDIATED,
    Outcome.MEDIATION_FAILED,
    Outcome.WITHDRAWN,
    Outcome.SETTLED,
    Outcome.REFERRED,
)


class TransitionError(ValidationError):
    """A transition refused: `code` says why (e.g. "out_of_order"), the message in words."""


def _today(on: dt.date | None) -> dt.date:
    return on or timezone.localdate()


def _check(case: ComplaintCase, transition: str) -> ComplaintCase:
    case = ComplaintCase.objects.select_for_update().get(pk=case.pk)
    kind = KIND_OF.get(transition)
    if kind and case.kind != kind:
        raise TransitionError(
            _("Only a %(kind)s can be handled this way (%(action)s).")
            % {"action": ACTION_LABELS[transition], "kind": CaseKind(kind).label},
            code="wrong_kind",
        )
    if case.status not in ALLOWED[transition]:
        allowed = "、".join(str(CaseStatus(s).label) for s in ALLOWED[transition])
        raise TransitionError(
            _("Cannot %(action)s a case that is %(status)s; it must be %(allowed)s.")
            % {
                "action": ACTION_LABELS[transition],
                "status": CaseStatus(case.status).label,
                "allowed": allowed,
            },
            code="out_of_order",
        )
    return case


def _log(
    case: ComplaintCase, actor: Any, action: str, before: str, note: str = "", party: str = Party.STAFF
) -> None:
    """A step on the case's timeline and in the audit trail."""
    timeline(case, actor, action, before, note, party)
    audit.record(actor=actor, action="update", obj=case, message=f"{action}: {before} → {case.status}")


def timeline(
    case: ComplaintCase, actor: Any, action: str, before: str = "", note: str = "", party: str = Party.STAFF
) -> None:
    """A step on the case's timeline only (the caller writes its own audit record)."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    CaseAction.objects.create(
        case=case,
        action=action,
        at=timezone.now(),
        actor=user,
        party=party,
        from_status=before or case.status,
        to_status=case.status,
        note=note,
    )


def _set(case: ComplaintCase, actor: Any, **fields: Any) -> None:
    for name, value in fields.items():
        setattr(case, name, value)
    user = actor if getattr(actor, "is_authenticated", False) else None
    case.updated_by = user
    case.save(update_fields=[*fields, "updated_by", "updated_at"])


@transaction.atomic
def confirm_classification(
    case: ComplaintCase, *, actor: Any, object_category: Category, problem_category: Category
) -> ComplaintCase:
    """Staff confirm or change both categories of the suggestion; the statistics count it, and
    confirmed cases train the classifier."""
    case = ComplaintCase.objects.select_for_update().get(pk=case.pk)
    before = audit.snapshot(case)
    _set(
        case,
        actor,
        object_category=object_category,
        problem_category=problem_category,
        classification_confirmed=True,
    )
    audit.record_change(actor=actor, obj=case, before=before, message="classify")
    timeline(case, actor, "classify", note=f"{object_category} / {problem_category}")
    return case


@transaction.atomic
def record_session(
    case: ComplaintCase,
    *,
    actor: Any,
    held_on: dt.date,
    mode: str,
    note: str,
    agreed: bool = False,
    agreement: Any = None,
) -> MediationSession:
    """A mediation session and, when agreed, its mediation agreement (调解书)."""
    if case.status not in (CaseStatus.MEDIATING, CaseStatus.PAUSED):
        raise TransitionError(
            _("A mediation session is recorded while the mediation runs."), code="out_of_order"
        )
    session = MediationSession.objects.create(
        case=case,
        held_on=held_on,
        mode=mode,
        note=note,
        agreed=agreed,
        agreement=agreement or "",
        recorded_by=_user(actor),
    )
    audit.record_change(actor=actor, obj=session, before=None, message="mediation session")
    timeline(case, actor, "mediation-session", note=note[:500])
    return session


@transaction.atomic
def accept(case: ComplaintCase, *, actor: Any, on: dt.date | None = None, note: str = "") -> ComplaintCase:
    case = _check(case, "accept")
    on = _today(on)
    before = case.status
    _set(case, actor, status=CaseStatus.ACCEPTED, accepted_on=on, handler=_user(actor) or case.handler)
    clocks.stop(case, ClockName.ACCEPT, on)
    _log(case, actor, "accept", before, note)
    return case


@transaction.atomic
def reject(
    case: ComplaintCase, *, actor: Any, ground: str, on: dt.date | None = None, note: str = ""
) -> ComplaintCase:
    """Not accepted, on one of the enumerated grounds only."""
    if ground not in RejectionGround.values:
        raise TransitionError(
            _("Choose one of the grounds for not accepting a complaint."), code="ground_required"
        )
    case = _check(case, "reject")
    if ground == RejectionGround.TIME_BARRED and not time_barred(case):
        raise TransitionError(
            _("The complaint is within the time bar: the harm was known on %(date)s.")
            % {"date": case.harm_known_on.isoformat() if case.harm_known_on else "—"},
            code="not_time_barred",
        )
    on = _today(on)
    before = case.status
    _set(
        case,
        actor,
        status=CaseStatus.REJECTED,
        rejected_on=on,
        rejection_ground=ground,
        outcome=Outcome.NOT_ACCEPTED,
        closed_on=on,
        closing_note=note,
    )
    clocks.stop(case, ClockName.ACCEPT, on)
    _log(case, actor, "reject", before, f"{RejectionGround(ground).label} {note}".strip())
    return case


@transaction.atomic
def start_mediation(
    case: ComplaintCase, *, actor: Any, on: dt.date | None = None, note: str = ""
) -> ComplaintCase:
    """Mediation with both parties' consent; its clock runs from the acceptance."""
    case = _check(case, "start-mediation")
    before = case.status
    _set(case, actor, status=CaseStatus.MEDIATING)
    clocks.start(case, ClockName.MEDIATION, case.accepted_on or _today(on))
    _log(case, actor, "start-mediation", before, note)
    return case


@transaction.atomic
def pause(case: ComplaintCase, *, actor: Any, reason: str, on: dt.date | None = None) -> ComplaintCase:
    """Testing or appraisal: the mediation period does not run meanwhile (Order 20 Art 20)."""
    if not reason.strip():
        raise TransitionError(
            _("Say why the clock is paused (testing, appraisal …)."), code="reason_required"
        )
    case = _check(case, "pause-clock")
    before = case.status
    clock = clocks.get(case, ClockName.MEDIATION)
    assert clock is not None
    clocks.pause_clock(clock, _today(on))
    _set(case, actor, status=CaseStatus.PAUSED)
    _log(case, actor, "pause-clock", before, reason)
    return case


@transaction.atomic
def resume(case: ComplaintCase, *, actor: Any, on: dt.date | None = None, note: str = "") -> ComplaintCase:
    case = _check(case, "resume-clock")
    before = case.status
    clock = clocks.get(case, ClockName.MEDIATION)
    assert clock is not None
    days = clocks.resume_clock(clock, _today(on))
    _set(case, actor, status=CaseStatus.MEDIATING)
    _log(
        case,
        actor,
        "resume-clock",
        before,
        (note + " " + _("%(n)d working days paused") % {"n": days}).strip(),
    )
    return case


@transaction.atomic
def close(
    case: ComplaintCase,
    *,
    actor: Any,
    outcome: str,
    amount_recovered: Decimal | None = None,
    on: dt.date | None = None,
    note: str = "",
    party: str = Party.STAFF,
) -> ComplaintCase:
    """Close a complaint with its outcome; it becomes a fact in the respondent's archive."""
    if outcome not in COMPLAINT_OUTCOMES:
        raise TransitionError(_("Choose the outcome of the complaint."), code="outcome_required")
    case = _check(case, "close")
    on = _today(on)
    before = case.status
    if outcome == Outcome.MEDIATED and case.status in (CaseStatus.RECEIVED, CaseStatus.ACCEPTED):
        raise TransitionError(_("Start the mediation before closing it as mediated."), code="out_of_order")
    if case.status == CaseStatus.RECEIVED and outcome not in (Outcome.SETTLED, Outcome.WITHDRAWN):
        raise TransitionError(
            _("Accept the complaint before closing it; only a settlement or a withdrawal ends it earlier."),
            code="out_of_order",
        )
    policy = DisclosurePolicy.objects.first()
    publish = (
        policy is not None
        and policy.is_enabled
        and outcome in (policy.outcomes or [])
        and case.kind == CaseKind.COMPLAINT
    )
    _set(
        case,
        actor,
        status=CaseStatus.CLOSED,
        outcome=outcome,
        amount_recovered=amount_recovered,
        closed_on=on,
        closing_note=note,
        publication_status=PublicationStatus.PENDING_REVIEW if publish else PublicationStatus.NOT_APPLICABLE,
    )
    clocks.stop(case, ClockName.MEDIATION, on)
    clocks.stop(case, ClockName.ACCEPT, on)
    if outcome == Outcome.MEDIATION_FAILED:
        clocks.start(case, ClockName.END_NOTICE, on)
    _log(case, actor, "close", before, f"{Outcome(outcome).label} {note}".strip(), party=party)
    archive(case, actor)
    return case


def archive(case: ComplaintCase, actor: Any) -> None:
    """A closed complaint, or a decided tip-off, is a fact of the respondent's archive."""
    if case.respondent is None:
        return
    kind = CreditEventKind.COMPLAINT if case.kind == CaseKind.COMPLAINT else CreditEventKind.TIP_OFF
    substantiated = case.outcome in (Outcome.MEDIATED, Outcome.SETTLED, Outcome.CASE_OPENED)
    record_event(
        actor=actor,
        entity=case.respondent,
        kind=kind,
        occurred_on=case.received_on,
        summary=f"{case.number} {case.subject}：{Outcome(case.outcome).label if case.outcome else ''}",
        severity="minor" if substantiated else "info",
        source=case,
        details={
            "number": case.number,
            "outcome": case.outcome,
            "substantiated": substantiated,
            "object": case.object_category.code if case.object_category else "",
            "nature": case.problem_category.code if case.problem_category else "",
        },
    )


@transaction.atomic
def notify_mediation_end(case: ComplaintCase, *, actor: Any, on: dt.date | None = None) -> ComplaintCase:
    clock = clocks.stop(case, ClockName.END_NOTICE, _today(on))
    if clock is None:
        raise TransitionError(_("No notice of ending mediation is due for this case."), code="out_of_order")
    _log(case, actor, "notify-end", case.status)
    return case


@transaction.atomic
def transfer(
    case: ComplaintCase,
    *,
    actor: Any,
    to_department: Any,
    reason: str,
    disputed: bool = False,
    on: dt.date | None = None,
) -> ComplaintCase:
    """Hand the case to another unit with a reason; a disputed jurisdiction runs its own clock."""
    if not reason.strip():
        raise TransitionError(_("A transfer needs a reason."), code="reason_required")
    case = _check(case, "transfer")
    if case.handling_department_id == to_department.pk:
        raise TransitionError(_("The case is already with that unit."), code="same_unit")
    on = _today(on)
    if case.handling_department is None:
        raise TransitionError(_("The case has no handling unit to transfer from."), code="no_unit")
    CaseTransfer.objects.create(
        case=case,
        from_department=case.handling_department,
        to_department=to_department,
        reason=reason,
        at=timezone.now(),
        is_disputed=disputed,
    )
    before = case.status
    county = (
        to_department.division if to_department.division.level in ("county", "stats_zone") else case.county
    )
    _set(case, actor, handling_department=to_department, county=county)
    if disputed:
        clocks.start(case, ClockName.JURISDICTION, on)
    _log(case, actor, "transfer", before, f"→ {to_department.name}: {reason}")
    return case


@transaction.atomic
def settle_dispute(case: ComplaintCase, *, actor: Any, on: dt.date | None = None) -> ComplaintCase:
    on = _today(on)
    if clocks.stop(case, ClockName.JURISDICTION, on) is None:
        raise TransitionError(_("There is no jurisdiction dispute on this case."), code="out_of_order")
    CaseTransfer.objects.filter(case=case, is_disputed=True, resolved_on__isnull=True).update(resolved_on=on)
    _log(case, actor, "settle-dispute", case.status)
    return case


@transaction.atomic
def start_verification(case: ComplaintCase, *, actor: Any, note: str = "") -> ComplaintCase:
    case = _check(case, "start-verification")
    before = case.status
    _set(case, actor, status=CaseStatus.INVESTIGATING, handler=_user(actor) or case.handler)
    _log(case, actor, "start-verification", before, note)
    return case


@transaction.atomic
def extend_verification(
    case: ComplaintCase, *, actor: Any, approval: str, on: dt.date | None = None
) -> ComplaintCase:
    """The one extension of the decision period, with the approval recorded."""
    if not approval.strip():
        raise TransitionError(_("An extension needs the approval on record."), code="reason_required")
    case = _check(case, "extend")
    clock = clocks.get(case, ClockName.VERIFY)
    assert clock is not None
    if clock.extension_days:
        raise TransitionError(
            _("The decision period has already been extended once."), code="already_extended"
        )
    clocks.extend(clock, _today(on))
    _log(case, actor, "extend", case.status, approval)
    return case


@transaction.atomic
def decide(
    case: ComplaintCase, *, actor: Any, opened: bool, on: dt.date | None = None, note: str = ""
) -> ComplaintCase:
    """Decide whether to open a case on a tip-off; a real-name reporter must then be told."""
    case = _check(case, "decide")
    on = _today(on)
    before = case.status
    outcome = Outcome.CASE_OPENED if opened else Outcome.NO_CASE
    _set(case, actor, status=CaseStatus.CLOSED, outcome=outcome, closed_on=on, closing_note=note)
    clocks.stop(case, ClockName.VERIFY, on)
    if not case.is_anonymous and case.complainant_phone:
        clocks.start(case, ClockName.REPORTER_NOTICE, on)
    _log(case, actor, "decide", before, f"{Outcome(outcome).label} {note}".strip())
    archive(case, actor)
    return case


@transaction.atomic
def notify_reporter(
    case: ComplaintCase, *, actor: Any, on: dt.date | None = None, note: str = ""
) -> ComplaintCase:
    case = _check(case, "notify-reporter")
    if clocks.stop(case, ClockName.REPORTER_NOTICE, _today(on)) is None:
        raise TransitionError(_("This tip-off has no real-name reporter to tell."), code="out_of_order")
    _log(case, actor, "notify-reporter", case.status, note)
    return case


@transaction.atomic
def record_follow_up(
    case: ComplaintCase, *, actor: Any, satisfaction: int | None, note: str
) -> ComplaintCase:
    """The follow-up call (回访) after closure, and the complainant's satisfaction."""
    if case.status not in (CaseStatus.CLOSED, CaseStatus.REJECTED):
        raise TransitionError(_("A follow-up call comes after the case is closed."), code="out_of_order")
    if satisfaction is not None and not 1 <= satisfaction <= 5:
        raise TransitionError(_("Satisfaction is a score from 1 to 5."), code="bad_satisfaction")
    _set(case, actor, satisfaction=satisfaction, follow_up_note=note)
    _log(case, actor, "follow-up", case.status, note)
    return case


@transaction.atomic
def record_payout(
    case: ComplaintCase, *, actor: Any, amount: Decimal, paid_on: dt.date, note: str = ""
) -> FirstPayout:
    """A first payout by the respondent (先行赔付)."""
    if case.respondent is None:
        raise TransitionError(_("A first payout needs a respondent from the register."), code="no_respondent")
    if amount <= 0:
        raise TransitionError(_("The amount must be above zero."), code="bad_amount")
    payout = FirstPayout.objects.create(
        case=case, entity=case.respondent, amount=amount, paid_on=paid_on, note=note
    )
    _log(case, actor, "first-payout", case.status, f"¥{amount}")
    return payout


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


TRANSITIONS = {
    "accept": accept,
    "reject": reject,
    "start-mediation": start_mediation,
    "pause-clock": pause,
    "resume-clock": resume,
    "close": close,
    "transfer": transfer,
    "start-verification": start_verification,
    "decide": decide,
    "extend": extend_verification,
    "notify-reporter": notify_reporter,
}

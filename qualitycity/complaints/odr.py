"""Online dispute resolution (ODR): the respondent enterprise answers and proposes inside the
platform; the complainant agrees or declines through the receipt link; an agreement settles
the case."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from qualitycity.complaints import workflow
from qualitycity.complaints.choices import CaseKind, CaseStatus, Outcome, Party
from qualitycity.complaints.models import ComplaintCase, OdrMessage
from qualitycity.complaints.workflow import TransitionError
from qualitycity.core import audit
from qualitycity.core.services import CalendarNotAvailable, add_workdays, rule_value

OPEN_FOR_ODR = (CaseStatus.RECEIVED, CaseStatus.ACCEPTED, CaseStatus.MEDIATING, CaseStatus.PAUSED)


def is_respondent_user(case: ComplaintCase, user: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and getattr(user, "uscc", "")
        and case.respondent_id is not None
        and case.respondent is not None
        and user.uscc == case.respondent.uscc
    )


def respondent_cases(user: Any) -> QuerySet[ComplaintCase]:
    """The complaints whose respondent is the enterprise user's entity (tip-offs never)."""
    return ComplaintCase.objects.filter(
        kind=CaseKind.COMPLAINT, respondent__isnull=False, respondent__uscc=user.uscc
    ).select_related("respondent", "platform", "object_category__parent", "problem_category")


def answer_due(case: ComplaintCase) -> dt.date | None:
    """The enterprise's answer is expected within the configured working days of receipt."""
    try:
        return add_workdays(case.received_on, int(rule_value("complaint-odr-response", on=case.received_on)))
    except CalendarNotAvailable:
        return None


@transaction.atomic
def respond(
    case: ComplaintCase, *, user: Any, text: str, proposed_amount: Decimal | None = None
) -> OdrMessage:
    """The respondent enterprise answers, optionally proposing a settlement amount."""
    if not is_respondent_user(case, user):
        raise TransitionError(
            _("Only the respondent enterprise can answer through ODR."), code="not_respondent"
        )
    if case.kind != CaseKind.COMPLAINT or case.status not in OPEN_FOR_ODR:
        raise TransitionError(_("This case is not open for an answer."), code="out_of_order")
    if not text.strip():
        raise TransitionError(_("Write the answer."), code="text_required")
    if proposed_amount is not None and proposed_amount < 0:
        raise TransitionError(_("The amount cannot be negative."), code="bad_amount")
    message = OdrMessage.objects.create(
        case=case,
        party=Party.RESPONDENT,
        text=text.strip(),
        proposed_amount=proposed_amount,
        is_proposal=proposed_amount is not None,
        at=timezone.now(),
        author=user,
    )
    workflow.timeline(case, user, "odr-answer", note=text.strip()[:500], party=Party.RESPONDENT)
    return message


@transaction.atomic
def add_staff_note(case: ComplaintCase, *, actor: Any, text: str) -> OdrMessage:
    """A note of the bureau in the ODR thread (both parties read it)."""
    if case.kind != CaseKind.COMPLAINT or case.status not in OPEN_FOR_ODR:
        raise TransitionError(_("This case is not open for messages."), code="out_of_order")
    if not text.strip():
        raise TransitionError(_("Write the message."), code="text_required")
    message = OdrMessage.objects.create(
        case=case, party=Party.STAFF, text=text.strip(), at=timezone.now(), author=actor
    )
    audit.record(actor=actor, action="create", obj=message, message="odr staff note")
    workflow.timeline(case, actor, "odr-note", note=text.strip()[:500])
    return message


def case_by_receipt(number: str, receipt_code: str) -> ComplaintCase | None:
    """The case a receipt opens (number and code must both match)."""
    return ComplaintCase.objects.filter(
        number=number.strip().upper(), receipt_code=receipt_code.strip()
    ).first()


@transaction.atomic
def complainant_reply(case: ComplaintCase, *, text: str) -> OdrMessage:
    if case.status not in OPEN_FOR_ODR:
        raise TransitionError(_("This case is not open for messages."), code="out_of_order")
    if not text.strip():
        raise TransitionError(_("Write the message."), code="text_required")
    message = OdrMessage.objects.create(
        case=case, party=Party.COMPLAINANT, text=text.strip(), at=timezone.now()
    )
    _log(case, "odr-reply", text.strip()[:500])
    return message


def _log(case: ComplaintCase, action: str, note: str) -> None:
    """The complainant's step on the timeline and in the audit trail (no account: by receipt)."""
    workflow.timeline(case, None, action, note=note, party=Party.COMPLAINANT)
    audit.record(
        actor=None,
        action="update",
        obj=case,
        message=f"{action} by the complainant (receipt)",
        username="receipt",
    )


@transaction.atomic
def complainant_decides(case: ComplaintCase, *, proposal: OdrMessage, agree: bool) -> ComplaintCase:
    """The complainant agrees to (settles the case) or declines an enterprise's proposal."""
    proposal = OdrMessage.objects.select_for_update().get(pk=proposal.pk)
    if proposal.case_id != case.pk or not proposal.is_proposal:
        raise TransitionError(_("That is not a proposal on this case."), code="not_a_proposal")
    if proposal.agreed_at or proposal.rejected_at:
        raise TransitionError(_("This proposal has already been answered."), code="already_answered")
    now = timezone.now()
    if not agree:
        proposal.rejected_at = now
        proposal.save(update_fields=["rejected_at"])
        _log(
            case,
            "odr-decline",
            _("The complainant declined the proposal of ¥%(amount)s.") % {"amount": proposal.proposed_amount},
        )
        return case
    proposal.agreed_at = now
    proposal.save(update_fields=["agreed_at"])
    return workflow.close(
        case,
        actor=None,
        outcome=Outcome.SETTLED,
        amount_recovered=proposal.proposed_amount,
        note=_("Settled through ODR: the complainant agreed to the enterprise's proposal."),
        party=Party.COMPLAINANT,
    )

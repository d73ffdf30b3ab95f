"""The follow-up of a failed sample (核查处置): its steps in the order the law sets, each a fact
in the entity's archive, and the closure with the measures taken.

Products (《产品质量法》 Art 17): order to correct within a deadline → recheck; a failed recheck
→ public notice → recheck; failed again → suspension for rectification → recheck; failed again
→ business licence revoked. Food (《食品安全法》 Art 63, 124): removal from sale, recall and
penalty in any order, with an order to correct and its recheck where needed. A penalty or a
recall may be recorded at any step."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qualitycity.core import audit
from qualitycity.credit.choices import CreditEventKind, Severity
from qualitycity.credit.services import record_event
from qualitycity.spotchecks.choices import DisposalStatus, DisposalStepKind, Programme
from qualitycity.spotchecks.models import Disposal, DisposalStep

K = DisposalStepKind
ANY_TIME = (K.PENALTY, K.RECALL)

__all__ = ["add_step", "allowed_steps", "can_close", "close_disposal"]


def _steps(disposal: Disposal) -> list[DisposalStep]:
    return list(disposal.steps.order_by("done_on", "pk"))


def allowed_steps(disposal: Disposal) -> list[str]:
    """The steps that may come next."""
    if disposal.status != DisposalStatus.OPEN:
        return []
    steps = [s for s in _steps(disposal) if s.kind not in ANY_TIME]
    if disposal.sample.programme == Programme.FOOD:
        pending = _awaiting_recheck(steps)
        allowed: list[str] = [K.SHELF_REMOVAL, K.RECALL, K.PENALTY]
        allowed.append(K.RECHECK if pending else K.ORDER_CORRECTION)
        return allowed
    last = steps[-1] if steps else None
    failed_rechecks = sum(1 for s in steps if s.kind == K.RECHECK and s.passed is False)
    if last is None:
        chain = [K.ORDER_CORRECTION]
    elif last.kind in (K.ORDER_CORRECTION, K.PUBLIC_NOTICE, K.SUSPENSION):
        chain = [K.RECHECK]
    elif last.kind == K.RECHECK and last.passed is False:
        chain = [{1: K.PUBLIC_NOTICE, 2: K.SUSPENSION}.get(failed_rechecks, K.LICENCE_REVOCATION)]
    else:  # a passed recheck or the licence revoked: only closure remains
        chain = []
    return [*chain, *ANY_TIME]


def _awaiting_recheck(steps: list[DisposalStep]) -> bool:
    """An order to correct not followed by a recheck yet."""
    waiting = False
    for step in steps:
        if step.kind == K.ORDER_CORRECTION:
            waiting = True
        elif step.kind == K.RECHECK:
            waiting = False
    return waiting


def can_close(disposal: Disposal) -> tuple[bool, str]:
    """Whether the case may close, and why not."""
    if disposal.status != DisposalStatus.OPEN:
        return False, _("The case is closed.")
    steps = _steps(disposal)
    if not steps:
        return False, _("Record at least one step before closing the case.")
    chain = [s for s in steps if s.kind not in ANY_TIME]
    if disposal.sample.programme == Programme.FOOD:
        if _awaiting_recheck(chain):
            return False, _("The order to correct has not been rechecked yet.")
        return True, ""
    last = chain[-1] if chain else None
    if last is None:
        return True, ""
    if last.kind == K.LICENCE_REVOCATION or (last.kind == K.RECHECK and last.passed):
        return True, ""
    return False, _("The chain of 产品质量法 Art 17 is not finished: the next step is {step}.").format(
        step=K(allowed_steps(disposal)[0]).label
    )


def _event_kind(kind: str) -> str:
    if kind in (K.PENALTY, K.SUSPENSION, K.LICENCE_REVOCATION):
        return CreditEventKind.PENALTY
    if kind == K.RECALL:
        return CreditEventKind.RECALL
    return CreditEventKind.DISPOSAL


def _severity(step: DisposalStep) -> str:
    if step.kind in (K.SUSPENSION, K.LICENCE_REVOCATION):
        return Severity.SEVERE
    if step.kind in (K.PENALTY, K.PUBLIC_NOTICE, K.RECALL):
        return Severity.SERIOUS
    if step.kind == K.RECHECK:
        return Severity.POSITIVE if step.passed else Severity.MINOR
    return Severity.MINOR


def _archive_step(step: DisposalStep, *, actor: Any) -> None:
    disposal = step.disposal
    sample = disposal.sample
    label = str(K(step.kind).label)
    if step.kind == K.RECHECK:
        label = _("Recheck passed") if step.passed else _("Recheck failed")
    record_event(
        actor=actor,
        entity=disposal.entity,
        kind=_event_kind(step.kind),
        occurred_on=step.done_on,
        summary=_("Follow-up {case} of failed sample {sample} ({product}): {step}").format(
            case=disposal.number, sample=sample.number, product=sample.product_name, step=label
        ),
        severity=_severity(step),
        source=step,
        is_public=step.kind in (K.PUBLIC_NOTICE, K.LICENCE_REVOCATION, K.PENALTY, K.RECALL),
        details={
            "disposal": disposal.number,
            "sample": sample.number,
            "step": step.kind,
            "document": step.document_number,
            "heavier": step.kind in (K.SUSPENSION, K.LICENCE_REVOCATION),
            "lot": disposal.lot,
        },
    )


@transaction.atomic
def add_step(
    disposal: Disposal,
    *,
    actor: Any,
    kind: str,
    done_on: dt.date,
    deadline: dt.date | None = None,
    passed: bool | None = None,
    document_number: str = "",
    note: str = "",
) -> DisposalStep:
    """Record the next step of a case; refused out of order, with the steps allowed."""
    disposal = (
        Disposal.objects.select_for_update(of=("self",))
        .select_related("sample", "entity")
        .get(pk=disposal.pk)
    )
    allowed = allowed_steps(disposal)
    errors: dict[str, list[str]] = {}
    if kind not in allowed:
        names = "、".join(str(K(k).label) for k in allowed) or _("none (close the case)")
        errors["kind"] = [
            _("{step} cannot come next; allowed: {allowed}.").format(
                step=K(kind).label if kind in K.values else kind, allowed=names
            )
        ]
    last = disposal.steps.order_by("-done_on").first()
    if done_on < disposal.opened_on or done_on > timezone.localdate():
        errors["done_on"] = [_("The date must lie between the case's opening and today.")]
    elif last is not None and done_on < last.done_on:
        errors["done_on"] = [
            _("The date is before the previous step ({date}).").format(date=last.done_on.isoformat())
        ]
    if kind == K.ORDER_CORRECTION:
        if deadline is None:
            from qualitycity.core.services import CalendarNotAvailable, rule_deadline

            try:
                deadline = rule_deadline("spotcheck-correction-period", done_on)
            except CalendarNotAvailable:
                errors["deadline"] = [_("Enter the deadline to correct (no holiday data for its year).")]
        elif deadline <= done_on:
            errors["deadline"] = [_("The deadline must be after the order.")]
    if kind == K.RECHECK and passed is None:
        errors["passed"] = [_("Say whether the recheck passed.")]
    if errors:
        raise ValidationError(errors)
    user = actor if getattr(actor, "is_authenticated", False) else None
    step = DisposalStep.objects.create(
        disposal=disposal,
        kind=kind,
        done_on=done_on,
        deadline=deadline if kind == K.ORDER_CORRECTION else None,
        passed=passed if kind == K.RECHECK else None,
        document_number=document_number.strip(),
        note=note.strip(),
        created_by=user,
        updated_by=user,
    )
    audit.record_change(actor=actor, obj=step, before=None, message="step recorded")
    _archive_step(step, actor=actor)
    return step


@transaction.atomic
def close_disposal(
    disposal: Disposal, *, actor: Any, measures_taken: str, closed_on: dt.date | None = None
) -> Disposal:
    """Close a case with the measures taken, once its steps allow."""
    disposal = Disposal.objects.select_for_update(of=("self",)).select_related("sample").get(pk=disposal.pk)
    closed_on = closed_on or timezone.localdate()
    ok, why = can_close(disposal)
    errors: dict[str, list[str]] = {}
    if not ok:
        errors["status"] = [why]
    if not measures_taken.strip():
        errors["measures_taken"] = [_("Describe the measures taken.")]
    if closed_on < disposal.opened_on or closed_on > timezone.localdate():
        errors["closed_on"] = [_("The date must lie between the case's opening and today.")]
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(disposal)
    disposal.status = DisposalStatus.CLOSED
    disposal.closed_on = closed_on
    disposal.measures_taken = measures_taken.strip()
    disposal.save(update_fields=["status", "closed_on", "measures_taken", "updated_at"])
    audit.record_change(actor=actor, obj=disposal, before=before, message="closed")
    return disposal

"""Serving a failed result, objections and re-tests (异议, 复检).

- The window runs from the day the party received the result: 15 calendar days for products
  (《产品质量法》 Art 15), 7 working days for food (《食品安全法》 Art 88) — the rule book's
  `product-retest-window` and `food-retest-window`.
- An objection after the window is refused, naming the window.
- The re-test goes to a qualified lab other than the first; for food it is drawn at random
  from the qualified labs (Art 88), with the seed and the candidates kept so the draw can be
  re-run. The re-test's report replaces the conclusion (`testing.enter_report`)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from qualitycity.core import audit
from qualitycity.core.services import CalendarNotAvailable, rule_deadline
from qualitycity.spotchecks.choices import (
    OPEN_OBJECTION_STATUSES,
    Conclusion,
    ObjectionStatus,
    Programme,
    Purpose,
    ServiceMethod,
)
from qualitycity.spotchecks.models import Objection, Sample, SampleNotice, TestingInstitution, TestItem

RETEST_DRAW_METHOD = "sha256(seed:uscc), lowest first"

__all__ = [
    "acknowledge_notice",
    "decide_objection",
    "draw_retest_lab",
    "retest_candidates",
    "serve_notice",
    "submit_objection",
    "window_rule",
    "withdraw_objection",
]


def window_rule(sample: Sample) -> str:
    return "product-retest-window" if sample.programme == Programme.PRODUCT else "food-retest-window"


def objection_due(notice: SampleNotice) -> dt.date | None:
    if notice.received_on is None:
        return None
    try:
        return rule_deadline(window_rule(notice.sample), notice.received_on)
    except CalendarNotAvailable:
        return None


@transaction.atomic
def serve_notice(notice: SampleNotice, *, actor: Any, received_on: dt.date, method: str) -> SampleNotice:
    """Record the day the party received the failed result (送达); its objection window starts."""
    notice = SampleNotice.objects.select_for_update(of=("self",)).select_related("sample").get(pk=notice.pk)
    if notice.received_on is not None:
        raise ValidationError(
            {
                "received_on": [
                    ValidationError(
                        _("The receipt of this notice is already recorded."), code="already_served"
                    )
                ]
            }
        )
    if received_on < notice.sent_on or received_on > timezone.localdate():
        raise ValidationError(
            {"received_on": [_("The date received must lie between the date sent and today.")]}
        )
    if method not in ServiceMethod.values:
        raise ValidationError({"method": [_("Choose how the result was served.")]})
    before = audit.snapshot(notice)
    notice.received_on = received_on
    notice.method = method
    notice.objection_due = objection_due(notice)
    notice.save(update_fields=["received_on", "method", "objection_due", "updated_at"])
    audit.record_change(actor=actor, obj=notice, before=before, message="served")
    return notice


@transaction.atomic
def acknowledge_notice(notice: SampleNotice, *, actor: Any) -> SampleNotice:
    """The enterprise's user acknowledges the result on the platform: received today."""
    notice = (
        SampleNotice.objects.select_for_update(of=("self",))
        .select_related("sample", "entity")
        .get(pk=notice.pk)
    )
    from qualitycity.core.choices import Role

    if getattr(actor, "role", "") == Role.ENTERPRISE and getattr(actor, "uscc", "") != notice.entity.uscc:
        raise ValidationError(_("This notice is addressed to another entity."), code="not_your_notice")
    if notice.received_on is not None:
        return notice
    before = audit.snapshot(notice)
    notice.received_on = timezone.localdate()
    notice.method = ServiceMethod.PLATFORM
    notice.acknowledged_by = actor
    notice.objection_due = objection_due(notice)
    notice.save(update_fields=["received_on", "method", "acknowledged_by", "objection_due", "updated_at"])
    audit.record_change(actor=actor, obj=notice, before=before, message="acknowledged on the platform")
    return notice


def _surely_in_window(notice: SampleNotice, submitted_on: dt.date) -> bool:
    """Without the holiday calendar the window's last day is unknown, but a window of N working
    days, or N calendar days moved past rest days, never ends before N calendar days: an
    objection within that is in time."""
    from qualitycity.core.services import rule

    assert notice.received_on is not None
    found = rule(window_rule(notice.sample), notice.received_on)
    return (submitted_on - notice.received_on).days <= int(found.value)


def _window_text(notice: SampleNotice) -> str:
    from qualitycity.core.services import rule

    found = rule(window_rule(notice.sample), notice.received_on)
    template = _("{n} working days") if found.unit == "working_days" else _("{n} days")
    length = template.format(n=int(found.value))
    return _("{length} from receipt on {received}: until {due}").format(
        length=length,
        received=date_format(notice.received_on, "DATE_FORMAT") if notice.received_on else "?",
        due=date_format(notice.objection_due, "DATE_FORMAT") if notice.objection_due else "?",
    )


@transaction.atomic
def submit_objection(
    notice: SampleNotice,
    *,
    actor: Any,
    reason: str,
    submitted_on: dt.date | None = None,
    contested_items: list[TestItem] | None = None,
) -> Objection:
    """A party objects to a failed result and asks for a re-test, within its window."""
    notice = (
        SampleNotice.objects.select_for_update(of=("self",))
        .select_related("sample", "entity")
        .get(pk=notice.pk)
    )
    sample = notice.sample
    submitted_on = submitted_on or timezone.localdate()
    errors: dict[str, list[str]] = {}
    if sample.conclusion != Conclusion.UNQUALIFIED:
        errors["sample"] = [_("Only a failed result can be contested.")]
    elif sample.purpose == Purpose.RISK_MONITORING:
        errors["sample"] = [_("Risk-monitoring results are not open to objection and re-test.")]
    if notice.received_on is None:
        errors["received_on"] = [
            _(
                "The receipt of the result is not recorded yet: acknowledge it first; the window runs from receipt."
            )
        ]
    elif notice.objection_due is not None and submitted_on > notice.objection_due:
        errors["submitted_on"] = [
            _("The objection window has closed ({window}).").format(window=_window_text(notice))
        ]
    elif notice.objection_due is None and not _surely_in_window(notice, submitted_on):
        errors["submitted_on"] = [
            _(
                "The end of the objection window cannot be computed: the holiday calendar of its year is not entered yet. The administrator enters it in the calendar."
            )
        ]
    elif submitted_on < notice.received_on or submitted_on > timezone.localdate():
        errors["submitted_on"] = [_("The date submitted must lie between the date received and today.")]
    if not reason.strip():
        errors["reason"] = [_("Give the reason for the objection.")]
    open_one = (
        Objection.objects.filter(sample=sample, status__in=OPEN_OBJECTION_STATUSES)
        .select_related("notice__entity")
        .first()
    )
    if open_one is not None:
        errors["sample"] = [
            _("An objection to this result is already being handled (filed by {entity}).").format(
                entity=open_one.notice.entity
            )
        ]
    if Objection.objects.filter(sample=sample, status=ObjectionStatus.DECIDED).exists():
        errors["sample"] = [_("The re-test of this sample is final; it cannot be contested again.")]
    failed_item_ids = set(
        sample.reports.filter(is_retest=False, results__verdict="fail").values_list(
            "results__test_item", flat=True
        )
    )
    for item in contested_items or []:
        if item.pk not in failed_item_ids:
            errors.setdefault("contested_items", []).append(
                _("{item} did not fail; only failed items can be contested.").format(item=item.name)
            )
    if errors:
        raise ValidationError(errors)
    try:
        decision_due = rule_deadline(
            "product-objection-acceptance"
            if sample.programme == Programme.PRODUCT
            else "spotcheck-retest-lab-assignment",
            submitted_on,
        )
    except CalendarNotAvailable:
        decision_due = None
    user = actor if getattr(actor, "is_authenticated", False) else None
    objection = Objection.objects.create(
        sample=sample,
        notice=notice,
        submitted_on=submitted_on,
        reason=reason.strip(),
        decision_due=decision_due,
        created_by=user,
        updated_by=user,
    )
    if contested_items:
        objection.contested_items.set(contested_items)
    audit.record_change(actor=actor, obj=objection, before=None, message="submitted")
    return objection


def retest_candidates(sample: Sample, on: dt.date) -> list[TestingInstitution]:
    """Labs that may re-test: active, CMA valid, qualified for the category and every failed
    item, and not the lab of the first test."""
    failed_items = set(
        sample.reports.filter(is_retest=False, results__verdict="fail").values_list(
            "results__test_item", flat=True
        )
    )
    labs = []
    for lab in (
        TestingInstitution.objects.filter(is_active=True, cma_valid_until__gte=on)
        .exclude(pk=sample.institution_id)
        .prefetch_related("categories", "test_items")
        .order_by("uscc")
    ):
        if not lab.is_qualified_for_category(sample.category):
            continue
        if not failed_items <= {i.pk for i in lab.test_items.all()}:
            continue
        labs.append(lab)
    return labs


def draw_retest_lab(candidates: list[TestingInstitution], seed: str) -> TestingInstitution:
    """The candidate with the smallest SHA-256 of "seed:USCC": anyone holding the seed and the
    candidate list gets the same lab."""
    return min(candidates, key=lambda lab: hashlib.sha256(f"{seed}:{lab.uscc}".encode()).hexdigest())


@transaction.atomic
def decide_objection(
    objection: Objection,
    *,
    actor: Any,
    accept: bool,
    note: str = "",
    institution: TestingInstitution | None = None,
    decided_on: dt.date | None = None,
) -> Objection:
    """Accept (assign the re-test lab: drawn at random for food, chosen for products) or refuse."""
    objection = (
        Objection.objects.select_for_update(of=("self",))
        .select_related("sample__category")
        .get(pk=objection.pk)
    )
    sample = objection.sample
    decided_on = decided_on or timezone.localdate()
    if objection.status != ObjectionStatus.SUBMITTED:
        raise ValidationError(
            {
                "status": [
                    ValidationError(_("This objection has already been decided."), code="already_decided")
                ]
            }
        )
    before = audit.snapshot(objection)
    if not accept:
        if not note.strip():
            raise ValidationError({"note": [_("Give the reason for not accepting the objection.")]})
        objection.status = ObjectionStatus.REJECTED
    else:
        candidates = retest_candidates(sample, decided_on)
        if not candidates:
            message = _(
                "No other lab is qualified for the category and the failed items: add one to the register first."
            )
            raise ValidationError({"institution": [ValidationError(message, code="no_retest_lab")]})
        if sample.programme == Programme.FOOD:
            seed = secrets.token_hex(32)
            chosen = draw_retest_lab(candidates, seed)
            objection.retest_draw = {
                "seed": seed,
                "candidates": [lab.uscc for lab in candidates],
                "picked": chosen.uscc,
                "method": RETEST_DRAW_METHOD,
            }
        else:
            if institution is None:
                raise ValidationError({"institution": [_("Choose the re-test lab.")]})
            if institution.pk not in {lab.pk for lab in candidates}:
                raise ValidationError(
                    {
                        "institution": [
                            _(
                                "{lab} may not re-test this sample: it must be another lab qualified for the category and the failed items."
                            ).format(lab=institution)
                        ]
                    }
                )
            chosen = institution
        objection.status = ObjectionStatus.RETEST_ASSIGNED
        objection.retest_institution = chosen
    objection.decided_on = decided_on
    objection.decision_note = note.strip()
    objection.save(
        update_fields=[
            "status",
            "retest_institution",
            "retest_draw",
            "decided_on",
            "decision_note",
            "updated_at",
        ]
    )
    audit.record_change(
        actor=actor, obj=objection, before=before, message="accepted" if accept else "refused"
    )
    return objection


@transaction.atomic
def withdraw_objection(objection: Objection, *, actor: Any) -> Objection:
    objection = Objection.objects.select_for_update(of=("self",)).get(pk=objection.pk)
    if objection.status not in OPEN_OBJECTION_STATUSES:
        raise ValidationError({"status": [_("Only an open objection can be withdrawn.")]})
    before = audit.snapshot(objection)
    objection.status = ObjectionStatus.WITHDRAWN
    objection.save(update_fields=["status", "updated_at"])
    audit.record_change(actor=actor, obj=objection, before=before, message="withdrawn")
    return objection

"""Credit repair (信用修复, 国市监信规〔2021〕3号, in force 2021-09-01): removal from the
abnormal-operations list, restoring an individual business's normal status, early removal from
the serious-violation list, and an early stop of penalty publicity (总局令45号 Art 14).

An application names one target (a list entry or a penalty event); the bureau that made the
listing or penalty decides (Art 4) within the rule book's time limit. See domain-rules.md §5."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from qualitycity.core import audit
from qualitycity.core.choices import Role
from qualitycity.core.permissions import restrict_queryset
from qualitycity.core.services import CalendarNotAvailable, add_workdays, rule_value
from qualitycity.credit.choices import (
    AnnualReportStatus,
    CreditEventKind,
    ListGround,
    ListKind,
    ListStatus,
    RepairKind,
    RepairStatus,
    Severity,
)
from qualitycity.credit.events import notify_events_changed, record_event
from qualitycity.credit.lists import add_rule_period, remove_from_list
from qualitycity.credit.models import AnnualReport, CreditEvent, CreditRepair, ListEntry
from qualitycity.registry.models import Entity

__all__ = [
    "EXPIRING_PENALTY_TYPES",
    "FOOD_DOMAINS",
    "NON_REPAIRABLE_PENALTY_TYPES",
    "REPAIR_LIST_KIND",
    "RepairError",
    "apply_for_repair",
    "decide_repair",
    "is_overdue",
    "overdue",
    "repair_targets",
    "repairs_visible_to",
]


class RepairError(StrEnum):
    """Stable codes of the refusals of credit repair."""

    NOT_OWN_ENTITY = "not_own_entity"
    REASON_REQUIRED = "reason_required"
    TARGET_REQUIRED = "target_required"
    WRONG_ENTITY = "wrong_entity"
    WRONG_LIST = "wrong_list"
    NOT_LISTED = "not_listed"
    REPORT_NOT_FILED = "report_not_filed"
    TOO_EARLY = "too_early"
    NOT_A_PENALTY = "not_a_penalty"
    NOT_PUBLIC = "not_public"
    NOT_REPAIRABLE = "not_repairable"
    EXPIRES = "expires"
    ENTITY_LISTED = "entity_listed"
    REPAIR_OPEN = "repair_open"
    ALREADY_DECIDED = "already_decided"
    NOTE_REQUIRED = "note_required"
    DATE_BEFORE_APPLICATION = "date_before_application"
    CALENDAR_NOT_AVAILABLE = "calendar_not_available"


#: Penalties whose publicity can never be stopped early (总局令45号 Art 14(3);
#: 国市监信规〔2021〕3号): details["penalty_type"] values.
SUSPENSION = "suspension"  # 责令停产停业
BUSINESS_RESTRICTION = "business_restriction"  # 限制开展生产经营活动
PRACTICE_BAN = "practice_ban"  # 限制从业
QUALIFICATION_DOWNGRADE = "qualification_downgrade"  # 降低资质等级
LICENCE_REVOCATION = "licence_revocation"  # 吊销许可证件
BUSINESS_LICENCE_REVOCATION = "business_licence_revocation"  # 吊销营业执照
NON_REPAIRABLE_PENALTY_TYPES = frozenset(
    {
        SUSPENSION,
        BUSINESS_RESTRICTION,
        PRACTICE_BAN,
        QUALIFICATION_DOWNGRADE,
        LICENCE_REVOCATION,
        BUSINESS_LICENCE_REVOCATION,
    }
)
#: Penalties that are not repaired but simply expire (warning-only: not published at all,
#: 总局令45号 Art 2; 通报批评: 3 months, Art 13).
WARNING = "warning"
CIRCULATED_CRITICISM = "circulated_criticism"  # 通报批评
EXPIRING_PENALTY_TYPES = frozenset({WARNING, CIRCULATED_CRITICISM})
#: details["domain"] values with the longer minimum publicity (1 year instead of 6 months).
FOOD_DOMAINS = frozenset({"food", "drug", "special_equipment"})

#: The list each list-repair kind applies to.
REPAIR_LIST_KIND = {
    RepairKind.ABNORMAL_REMOVAL: ListKind.ABNORMAL_OPERATIONS,
    RepairKind.ABNORMAL_STATUS_RESTORE: ListKind.ABNORMAL_STATUS,
    RepairKind.SERIOUS_EARLY_REMOVAL: ListKind.SERIOUS_VIOLATION,
}
#: The repair kind for an entry of each list.
LIST_REPAIR_KIND = {v: k for k, v in REPAIR_LIST_KIND.items()}


def _refuse(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def _check_applicant(actor: Any, entity: Entity) -> None:
    """An enterprise user applies only for their own entity."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(_("Log in to apply for credit repair."))
    if actor.role == Role.ENTERPRISE and (not actor.uscc or actor.uscc != entity.uscc):
        raise PermissionDenied(_("An enterprise user may apply only for their own entity."))


def _check_list_entry(kind: str, entity: Entity, entry: ListEntry | None, applied_on: dt.date) -> None:
    if entry is None:
        raise _refuse(_("Choose the listing to be repaired."), RepairError.TARGET_REQUIRED)
    if entry.entity_id != entity.pk:
        raise _refuse(_("The listing belongs to another entity."), RepairError.WRONG_ENTITY)
    if entry.kind != REPAIR_LIST_KIND[RepairKind(kind)]:
        raise _refuse(
            _("{repair} applies to the {list} only.").format(
                repair=RepairKind(kind).label, list=ListKind(REPAIR_LIST_KIND[RepairKind(kind)]).label
            ),
            RepairError.WRONG_LIST,
        )
    if entry.status != ListStatus.LISTED:
        raise _refuse(_("The entity is no longer on this list."), RepairError.NOT_LISTED)
    if entry.ground == ListGround.ANNUAL_REPORT_NOT_FILED:
        # the cure of 暂行办法 Art 6 listing is filing every missing report (条例 Art 17(2))
        unfiled = list(
            AnnualReport.objects.filter(
                entity=entity, status=AnnualReportStatus.MISSING, year__lt=entry.listed_on.year
            )
            .order_by("year")
            .values_list("year", flat=True)
        )
        if unfiled:
            raise _refuse(
                _("File the missing annual report for {years} first.").format(
                    years=", ".join(str(y) for y in unfiled)
                ),
                RepairError.REPORT_NOT_FILED,
            )
    if kind == RepairKind.SERIOUS_EARLY_REMOVAL:
        earliest = add_rule_period(entry.listed_on, "serious-list-early-removal", on=applied_on)
        if applied_on < earliest:
            raise _refuse(
                _("Early removal from the serious violation list can be requested from {date}.").format(
                    date=earliest.isoformat()
                ),
                RepairError.TOO_EARLY,
            )


def _publicity_start(event: CreditEvent) -> dt.date:
    published = (event.details or {}).get("published_on")
    return dt.date.fromisoformat(published) if published else event.occurred_on


def _check_penalty(entity: Entity, event: CreditEvent | None, applied_on: dt.date) -> None:
    """总局令45号 Art 14 and 国市监信规〔2021〕3号: only after the minimum publicity, never for the
    heavy penalties, not for items that expire, not while the entity is on a list."""
    if event is None:
        raise _refuse(_("Choose the penalty whose publicity should stop."), RepairError.TARGET_REQUIRED)
    if event.entity_id != entity.pk:
        raise _refuse(_("The penalty belongs to another entity."), RepairError.WRONG_ENTITY)
    if event.kind != CreditEventKind.PENALTY:
        raise _refuse(
            _("Only an administrative penalty's publicity can be stopped."), RepairError.NOT_A_PENALTY
        )
    if not event.is_public:
        raise _refuse(_("This penalty is not published."), RepairError.NOT_PUBLIC)
    details = event.details or {}
    penalty_type = details.get("penalty_type", "")
    if penalty_type in NON_REPAIRABLE_PENALTY_TYPES:
        raise _refuse(
            _(
                "The publicity of a suspension, business restriction, practice ban, downgraded "
                "qualification or revoked licence cannot be stopped early."
            ),
            RepairError.NOT_REPAIRABLE,
        )
    if penalty_type in EXPIRING_PENALTY_TYPES:
        raise _refuse(
            _("A warning or circulated criticism is not repaired: its publicity simply expires."),
            RepairError.EXPIRES,
        )
    key = (
        "credit-repair-min-publicity-food"
        if details.get("domain") in FOOD_DOMAINS
        else "credit-repair-min-publicity"
    )
    earliest = add_rule_period(_publicity_start(event), key, on=applied_on)
    if applied_on < earliest:
        raise _refuse(
            _("The publicity of this penalty can be stopped early from {date}.").format(
                date=earliest.isoformat()
            ),
            RepairError.TOO_EARLY,
        )
    if ListEntry.objects.current().filter(entity=entity).exclude(kind=ListKind.ABNORMAL_STATUS).exists():
        raise _refuse(
            _(
                "An entity on the abnormal operations or serious violation list cannot stop penalty publicity early."
            ),
            RepairError.ENTITY_LISTED,
        )


@transaction.atomic
def apply_for_repair(
    *,
    actor: Any,
    entity: Entity,
    kind: str,
    reason: str,
    list_entry: ListEntry | None = None,
    penalty_event: CreditEvent | None = None,
    evidence: Any = None,
    applied_on: dt.date | None = None,
) -> CreditRepair:
    """Apply for credit repair (国市监信规〔2021〕3号): the applicant declares the cause cured and
    commits to comply (`reason`). The decision is due within rule `credit-repair-decision`
    working days. One open application per target."""
    _check_applicant(actor, entity)
    applied_on = applied_on or timezone.localdate()
    kind = RepairKind(kind)
    if not reason.strip():
        raise _refuse(_("State how the cause was cured, and your commitment."), RepairError.REASON_REQUIRED)
    if kind == RepairKind.PENALTY_PUBLICITY_STOP:
        if penalty_event is not None:
            penalty_event = CreditEvent.objects.select_for_update().get(pk=penalty_event.pk)
        _check_penalty(entity, penalty_event, applied_on)
        list_entry = None
        open_repairs = CreditRepair.objects.filter(penalty_event=penalty_event)
    else:
        if list_entry is not None:
            list_entry = ListEntry.objects.select_for_update().get(pk=list_entry.pk)
        _check_list_entry(kind, entity, list_entry, applied_on)
        penalty_event = None
        open_repairs = CreditRepair.objects.filter(list_entry=list_entry)
    if open_repairs.filter(status=RepairStatus.SUBMITTED).exists():
        raise _refuse(
            _("An application for this item is already awaiting a decision."), RepairError.REPAIR_OPEN
        )
    days = int(rule_value("credit-repair-decision", on=applied_on))
    try:
        due_on = add_workdays(applied_on, days)
    except CalendarNotAvailable as exc:  # never guess a deadline: an admin enters the holidays
        raise _refuse(str(exc), RepairError.CALENDAR_NOT_AVAILABLE) from exc
    repair = CreditRepair(
        entity=entity,
        kind=kind,
        list_entry=list_entry,
        penalty_event=penalty_event,
        applicant=actor,
        applied_on=applied_on,
        reason=reason.strip(),
        due_on=due_on,
        created_by=actor,
        updated_by=actor,
    )
    if evidence:
        repair.evidence = evidence
    repair.save()
    audit.record_change(actor=actor, obj=repair, before=None, message="apply_for_repair")
    return repair


@transaction.atomic
def decide_repair(
    *, actor: Any, repair: CreditRepair, approve: bool, note: str, decided_on: dt.date | None = None
) -> CreditRepair:
    """Decide an application (国市监信规〔2021〕3号). Approval removes the list entry (条例
    Art 17(2)) or stops the penalty's publicity (总局令45号 Art 14) and records a public
    `credit_repair` event; a rejection must give its reason."""
    repair = CreditRepair.objects.select_for_update().select_related("entity").get(pk=repair.pk)
    decided_on = decided_on or timezone.localdate()
    if repair.status != RepairStatus.SUBMITTED:
        raise _refuse(_("This application has already been decided."), RepairError.ALREADY_DECIDED)
    note = note.strip()
    if not approve and not note:
        raise _refuse(_("Give the reason for the rejection."), RepairError.NOTE_REQUIRED)
    if decided_on < repair.applied_on:
        raise _refuse(
            _("The decision date cannot be before the application date {date}.").format(
                date=repair.applied_on.isoformat()
            ),
            RepairError.DATE_BEFORE_APPLICATION,
        )
    before = audit.snapshot(repair)
    if approve:
        _carry_out(actor, repair, decided_on, note)
    repair.status = RepairStatus.APPROVED if approve else RepairStatus.REJECTED
    repair.decided_on = decided_on
    repair.decided_by = actor if getattr(actor, "is_authenticated", False) else None
    repair.decision_note = note
    repair.save(update_fields=["status", "decided_on", "decided_by", "decision_note", "updated_at"])
    audit.record_change(actor=actor, obj=repair, before=before, message="decide_repair")
    if approve:
        record_event(
            actor=actor,
            entity=repair.entity,
            kind=CreditEventKind.CREDIT_REPAIR,
            occurred_on=decided_on,
            summary=_("Credit repair approved: {kind}").format(kind=repair.get_kind_display()),
            severity=Severity.POSITIVE,
            source=repair,
            is_public=True,
            details={
                "repair_kind": repair.kind,
                "list_entry": repair.list_entry_id,
                "penalty_event": repair.penalty_event_id,
            },
        )
    return repair


def _carry_out(actor: Any, repair: CreditRepair, decided_on: dt.date, note: str) -> None:
    if repair.list_entry_id is not None:
        entry = ListEntry.objects.get(pk=repair.list_entry_id)
        reason = _("Credit repair approved. {note}").format(note=note).strip()
        remove_from_list(actor=actor, entry=entry, removed_on=decided_on, reason=reason)
        return
    assert repair.penalty_event_id is not None  # a repair names a list entry or a penalty
    event = CreditEvent.objects.select_for_update().get(pk=repair.penalty_event_id)
    before = audit.snapshot(event)
    event.is_public = False
    event.public_until = decided_on
    event.save(update_fields=["is_public", "public_until", "updated_at"])
    audit.record_change(actor=actor, obj=event, before=before, message="decide_repair: publicity stopped")
    notify_events_changed([event.entity_id])


# ---------------------------------------------------------------- reading


def is_overdue(repair: CreditRepair, today: dt.date | None = None) -> bool:
    """Still awaiting a decision after its due date."""
    return repair.status == RepairStatus.SUBMITTED and repair.due_on < (today or timezone.localdate())


def overdue(qs: QuerySet[CreditRepair], today: dt.date | None = None) -> QuerySet[CreditRepair]:
    return qs.filter(status=RepairStatus.SUBMITTED, due_on__lt=today or timezone.localdate())


def repairs_visible_to(user: Any) -> QuerySet[CreditRepair]:
    """Applications a user may read: bureau roles by permission and scope; an enterprise user
    those of their own entity (they hold no credit permissions, but this is their own case)."""
    if getattr(user, "is_authenticated", False) and user.role == Role.ENTERPRISE:
        if not user.uscc:
            return CreditRepair.objects.none()
        own = restrict_queryset(Entity.objects.all(), user)
        return CreditRepair.objects.filter(Q(entity__in=own) & Q(entity__uscc=user.uscc))
    return restrict_queryset(CreditRepair.objects.all(), user)


def repair_targets(entity: Entity) -> tuple[list[ListEntry], list[CreditEvent]]:
    """What an entity can apply to have repaired: its current listings and its published
    penalties (the eligibility checks run when the application is made)."""
    entries = list(ListEntry.objects.current().filter(entity=entity).order_by("-listed_on", "-pk"))
    penalties = list(
        CreditEvent.objects.filter(entity=entity, kind=CreditEventKind.PENALTY, is_public=True).order_by(
            "-occurred_on", "-pk"
        )
    )
    return entries, penalties

"""Joint punishment (联合惩戒): rules that restrict actions for entities in a condition, and the
notices to the departments that must apply them.

Other modules ask `restrictions(entity, action, on=date)` before granting something (a quality
award, brand cultivation, a subsidy …). Note: the credit-risk class is a basis for allocating
supervision only and by itself triggers no joint punishment (国市监信发〔2022〕6号; domain-rules
§2) — the `risk_class` condition exists because a bureau may configure it, and the default
rules do not use it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from qualitycity.core import audit
from qualitycity.core.models import Department
from qualitycity.credit.choices import (
    CreditEventKind,
    ListKind,
    ListStatus,
    PunishmentCondition,
    RestrictedAction,
)
from qualitycity.credit.models import (
    CreditEvent,
    JointPunishmentNotice,
    JointPunishmentRule,
    ListEntry,
    RiskAssessment,
)
from qualitycity.registry.models import Entity

ALL_ACTIONS = [a.value for a in RestrictedAction]

#: The rules shipped with the platform; the bureau edits them.
DEFAULT_RULES: list[dict[str, Any]] = [
    {
        "name": "严重违法失信名单主体联合惩戒",
        "condition": PunishmentCondition.ON_SERIOUS_LIST,
        "params": {},
        "restricted_actions": ALL_ACTIONS,
        "notify": ["fgw", "gxj", "swj", "kjj", "pbc-jc", "jrjg-jc", "spj"],
        "legal_basis": "《市场监督管理严重违法失信名单管理办法》(总局令第44号)；《企业信息公示暂行条例》第十八条",
    },
    {
        "name": "经营异常名录主体审慎对待",
        "condition": PunishmentCondition.ON_ABNORMAL_LIST,
        "params": {},
        "restricted_actions": [
            RestrictedAction.QUALITY_AWARD,
            RestrictedAction.GOVERNMENT_HONOUR,
            RestrictedAction.COMMITMENT_APPROVAL,
        ],
        "notify": ["spj"],
        "legal_basis": "《企业信息公示暂行条例》第十八条（政府采购、授予荣誉称号等工作中作为重要考量因素）",
    },
    {
        "name": "三年内受较重行政处罚不得申报质量奖",
        "condition": PunishmentCondition.PENALTY_WITHIN_YEARS,
        "params": {"years": 3, "heavier": True},
        "restricted_actions": [RestrictedAction.QUALITY_AWARD, RestrictedAction.BRAND_CULTIVATION],
        "notify": [],
        "legal_basis": "质量奖评审管理办法（申报条件：近三年无重大质量、安全、环境事故及违法行为）",
    },
]


@dataclass(frozen=True)
class Restriction:
    """One rule that blocks an action for an entity, and why."""

    rule: JointPunishmentRule
    reason: str


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _current_lists(entity: Entity, on: dt.date) -> QuerySet[ListEntry]:
    return ListEntry.objects.filter(entity=entity, listed_on__lte=on).filter(
        Q(status=ListStatus.LISTED) | Q(removed_on__gt=on)
    )


def _reason(rule: JointPunishmentRule, entity: Entity, on: dt.date) -> str | None:
    """Why `rule` applies to `entity` on `on`, or None when it does not."""
    params = rule.params or {}
    if rule.condition == PunishmentCondition.ON_SERIOUS_LIST:
        entry = _current_lists(entity, on).filter(kind=ListKind.SERIOUS_VIOLATION).first()
        if entry:
            return _("On the serious violation list since {date}.").format(date=entry.listed_on.isoformat())
    elif rule.condition == PunishmentCondition.ON_ABNORMAL_LIST:
        kinds = [ListKind.ABNORMAL_OPERATIONS, ListKind.ABNORMAL_STATUS]
        entry = _current_lists(entity, on).filter(kind__in=kinds).first()
        if entry:
            return _("On the abnormal operations list since {date} ({ground}).").format(
                date=entry.listed_on.isoformat(), ground=entry.get_ground_display()
            )
    elif rule.condition == PunishmentCondition.RISK_CLASS:
        current = RiskAssessment.objects.filter(entity=entity, is_current=True).first()
        if current and current.risk_class in params.get("classes", []):
            return _("Risk class {risk_class}.").format(risk_class=current.risk_class)
    elif rule.condition == PunishmentCondition.PENALTY_WITHIN_YEARS:
        since = _years_before(on, int(params.get("years", 3)))
        penalties = CreditEvent.objects.filter(
            entity=entity, kind=CreditEventKind.PENALTY, occurred_on__gt=since, occurred_on__lte=on
        )
        if params.get("heavier"):
            penalties = penalties.filter(details__heavier=True)
        penalty = penalties.order_by("-occurred_on").first()
        if penalty:
            return _("Administrative penalty on {date}: {summary}").format(
                date=penalty.occurred_on.isoformat(), summary=penalty.summary
            )
    return None


def restrictions(entity: Entity, action: str, on: dt.date | None = None) -> list[Restriction]:
    """The active rules that block `action` for `entity` on `on` (default today), with reasons.

    An empty list means the action is not restricted."""
    on = on or timezone.localdate()
    found = []
    for rule in JointPunishmentRule.objects.filter(is_active=True).order_by("pk"):
        if action not in (rule.restricted_actions or []):
            continue
        reason = _reason(rule, entity, on)
        if reason is not None:
            found.append(Restriction(rule=rule, reason=reason))
    return found


def restricted_entities(action: str, on: dt.date | None = None) -> QuerySet[Entity]:
    """Every entity for which some active rule blocks `action` on `on` (set-based)."""
    on = on or timezone.localdate()
    condition = Q(pk__in=[])
    for rule in JointPunishmentRule.objects.filter(is_active=True):
        if action not in (rule.restricted_actions or []):
            continue
        condition |= _condition_q(rule, on)
    return Entity.objects.filter(condition).distinct()


def _condition_q(rule: JointPunishmentRule, on: dt.date) -> Q:
    params = rule.params or {}
    listed = Q(list_entries__listed_on__lte=on) & (
        Q(list_entries__status=ListStatus.LISTED) | Q(list_entries__removed_on__gt=on)
    )
    if rule.condition == PunishmentCondition.ON_SERIOUS_LIST:
        return listed & Q(list_entries__kind=ListKind.SERIOUS_VIOLATION)
    if rule.condition == PunishmentCondition.ON_ABNORMAL_LIST:
        return listed & Q(list_entries__kind__in=[ListKind.ABNORMAL_OPERATIONS, ListKind.ABNORMAL_STATUS])
    if rule.condition == PunishmentCondition.RISK_CLASS:
        return Q(
            risk_assessments__is_current=True, risk_assessments__risk_class__in=params.get("classes", [])
        )
    if rule.condition == PunishmentCondition.PENALTY_WITHIN_YEARS:
        since = _years_before(on, int(params.get("years", 3)))
        q = Q(
            credit_events__kind=CreditEventKind.PENALTY,
            credit_events__occurred_on__gt=since,
            credit_events__occurred_on__lte=on,
        )
        if params.get("heavier"):
            q &= Q(credit_events__details__heavier=True)
        return q
    return Q(pk__in=[])


@transaction.atomic
def refresh_notices(*, actor: Any, entity_ids: list[int], on: dt.date | None = None) -> int:
    """Create the notices owed to departments for entities that now fall under a rule.

    Idempotent: a department is told once per rule and entity."""
    on = on or timezone.localdate()
    created = 0
    rules = list(JointPunishmentRule.objects.filter(is_active=True).prefetch_related("notify_departments"))
    for entity in Entity.objects.filter(pk__in=entity_ids):
        for rule in rules:
            departments = list(rule.notify_departments.all())
            if not departments or _reason(rule, entity, on) is None:
                continue
            for department in departments:
                notice, was_created = JointPunishmentNotice.objects.get_or_create(
                    rule=rule, entity=entity, department=department
                )
                if was_created:
                    created += 1
                    audit.record(actor=actor, action="create", obj=notice, message=rule.name)
    return created


@transaction.atomic
def mark_notice_read(*, actor: Any, notice: JointPunishmentNotice) -> JointPunishmentNotice:
    if notice.read_at is None:
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at"])
        audit.record(actor=actor, action="update", obj=notice, message="read")
    return notice


@transaction.atomic
def ensure_default_rules() -> int:
    """Install the shipped rules once (by name); the bureau's edits are left alone."""
    created = 0
    for spec in DEFAULT_RULES:
        rule, was_created = JointPunishmentRule.objects.get_or_create(
            name=spec["name"],
            defaults={
                "condition": spec["condition"],
                "params": spec["params"],
                "restricted_actions": [str(a) for a in spec["restricted_actions"]],
                "legal_basis": spec["legal_basis"],
            },
        )
        if was_created:
            rule.notify_departments.set(Department.objects.filter(code__in=spec["notify"]))
            created += 1
    return created

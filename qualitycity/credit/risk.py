"""Credit-risk classes (信用风险分类, 国市监信发〔2022〕6号): an explainable score per entity.

The class (A low – D high by default; the class set is the model's data, so a province may use
A–E) is a basis for allocating supervision only: it is not published, it is not a credit
rating, and it triggers no joint punishment by itself (domain-rules §2). SAMR reclassifies
monthly; here a full `recompute()` runs as a job, and the entities whose archive changed are
re-scored by a background task (`credit.tasks.rescore_entities`).

The score is the sum of the active indicators of a `RiskModel` (domain-rules §11, a proposal,
not a regulation). Each indicator names a rule of `RULES` by `RiskIndicator.rule`; the rule
reads the entity's prefetched facts and returns what it counted and the records behind it, so
every contribution can be explained and appealed. `score_entity` is pure over those facts;
`recompute` fetches them for 5,000 entities at a time with a few set-based queries.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import logging
import math
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any, NamedTuple, cast

from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Exists, Field, OuterRef, Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qualitycity.core import audit
from qualitycity.core.choices import AuditAction, JobKind
from qualitycity.core.jobs import Progress, create_job, register_handler
from qualitycity.core.models import Industry, Job
from qualitycity.core.permissions import restrict_queryset
from qualitycity.credit.choices import ListKind, ListStatus
from qualitycity.credit.events import on_events_changed
from qualitycity.credit.models import AnnualReport, CreditEvent, ListEntry, RiskAssessment, RiskModel
from qualitycity.registry.choices import RegistrationStatus
from qualitycity.registry.models import Entity

logger = logging.getLogger(__name__)

__all__ = [
    "DEFAULT_MODEL",
    "RULES",
    "Assessment",
    "create_default_model",
    "current_class",
    "current_classes",
    "distribution",
    "ensure_default_model",
    "recompute",
    "score_entity",
    "start_recompute",
]

#: Entities that are scored: the ones still trading. A cancelled or revoked entity keeps its
#: last assessment as history.
ACTIVE_STATUSES = (RegistrationStatus.EXISTING, RegistrationStatus.OPERATING)
ABNORMAL_LISTS = (ListKind.ABNORMAL_OPERATIONS, ListKind.ABNORMAL_STATUS)
CHUNK_SIZE = 5000
ZERO = Decimal("0")
HUNDRED = Decimal("100")
CENT = Decimal("0.01")
#: The details of an event that has none (shared; rules only read it).
NO_DETAILS: dict[str, Any] = {}
ZERO_SCORE = Decimal("0.00")

# --- the default model (domain-rules §11) -------------------------------------------------------
#
# High-risk industries, as GB/T 4754-2017 code prefixes (our choice; the bureau edits them):
#   food production   131, 133–137, 139 (农副食品加工 without 132 feed), 14 食品制造, 15 酒饮料茶;
#   special equipment 3411 锅炉, 3332 金属压力容器, 3431–3433 起重机械和场(厂)内专用机动车辆,
#                     3435 电梯, 3436 客运索道, 3437 机械式停车设备, 2461 游乐设施;
#   drugs and devices 27 医药制造, 358 医疗仪器设备及器械;
#   children's goods  245 玩具, 2411 文具, 2412 笔;
#   hazardous chem.   251 精炼石油, 261 基础化学原料, 263 农药, 264 涂料油墨颜料, 265 合成材料,
#                     266 专用化学产品, 267 炸药火工焰火;
#   building mat.     301 水泥石灰石膏, 302 水泥制品, 303 砖瓦石材, 304 玻璃, 3071 建筑陶瓷,
#                     3072 卫生陶瓷, 2922 塑料管材型材, 313 钢压延 (rebar), 3831 电线电缆.
HIGH_RISK_INDUSTRIES = [
    "131", "133", "134", "135", "136", "137", "139", "14", "15",
    "3411", "3332", "3431", "3432", "3433", "3435", "3436", "3437", "2461",
    "27", "358",
    "245", "2411", "2412",
    "251", "261", "263", "264", "265", "266", "267",
    "301", "302", "303", "304", "3071", "3072", "2922", "313", "3831",
]  # fmt: skip

#: The model the platform ships (domain-rules §11). Shared by `ensure_default_model()` and the
#: data migration 0002, which passes its historical model classes to `create_default_model`.
#: Classes run from low to high risk; `at_least_if` names the conditions that put an entity in
#: that class at least (the overrides), so a five-class model states its own.
DEFAULT_MODEL: dict[str, Any] = {
    "name": "默认信用风险分类模型",
    "note": "平台默认模型（domain-rules §11 的建议，非法定标准）。分值 0–100，越高风险越高；"
    "严重违法失信名单 → 最高类，经营异常名录 → 至少 C 类。由局方调整权重。",
    "classes": [
        {"code": "A", "label": "信用风险低", "min_score": 0},
        {"code": "B", "label": "信用风险一般", "min_score": 20},
        {"code": "C", "label": "信用风险较高", "min_score": 40, "at_least_if": ["on_abnormal_list"]},
        {"code": "D", "label": "信用风险高", "min_score": 60, "at_least_if": ["on_serious_list"]},
    ],
    # (group, rule, name, points, cap, params)
    "indicators": [
        ("basic", "entity_age", "成立不满 1 年", "5", None, {"min_years": 0, "max_years": 1}),
        ("basic", "entity_age", "成立 1–3 年", "3", None, {"min_years": 1, "max_years": 3}),
        ("basic", "industry", "属高风险行业", "10", None, {"prefixes": HIGH_RISK_INDUSTRIES}),
        (
            "registration",
            "registration_changes",
            "12 个月内法定代表人或住所变更超过 2 次",
            "5",
            None,
            {"months": 12, "fields": ["legal_representative", "address"], "more_than": 2},
        ),
        (
            "registration",
            "licence",
            "许可证过期或被吊销",
            "10",
            None,
            {"values": ["expired", "revoked"], "months": 36},
        ),
        (
            "registration",
            "listed",
            "通过登记的住所或者经营场所无法联系",
            "15",
            None,
            {"lists": list(ABNORMAL_LISTS), "grounds": ["unreachable"]},
        ),
        ("annual_report", "annual_report", "上年度年报未报送", "15", None, {"status": "missing"}),
        ("annual_report", "annual_report", "上年度年报逾期报送", "5", None, {"status": "filed_late"}),
        (
            "annual_report",
            "annual_report",
            "上年度年报隐瞒真实情况、弄虚作假",
            "15",
            None,
            {"status": "false"},
        ),
        (
            "supervision",
            "event_count",
            "检查发现问题（24 个月，每次）",
            "10",
            "20",
            {"kinds": ["inspection_result"], "severities": ["minor", "serious", "severe"], "months": 24},
        ),
        (
            "supervision",
            "event_count",
            "抽查抽检不合格批次（24 个月，每批次）",
            "15",
            "30",
            {"kinds": ["spot_check_result"], "severities": ["serious", "severe"], "months": 24},
        ),
        (
            "supervision",
            "event_count",
            "拒绝、阻碍检查（24 个月）",
            "20",
            None,
            {
                "kinds": ["inspection_result", "spot_check_result"],
                "detail": "refused",
                "months": 24,
                "once": True,
            },
        ),
        (
            "complaints",
            "complaints_above_peers",
            "年投诉量高于同行业均值 2 个标准差",
            "10",
            None,
            {"months": 12, "sd": 2, "min_count": 3},
        ),
        (
            "complaints",
            "event_count",
            "举报查实（24 个月，每件）",
            "10",
            "20",
            {"kinds": ["tip_off"], "detail": "substantiated", "months": 24},
        ),
        (
            "penalties",
            "penalties",
            "行政处罚（36 个月，每次；较重处罚 20 分）",
            "10",
            "30",
            {"months": 36, "heavier_points": 20},
        ),
        ("penalties", "listed", "列入经营异常名录", "15", None, {"lists": list(ABNORMAL_LISTS)}),
        ("related", "related_serious", "法定代表人兼任严重违法失信企业的法定代表人", "10", None, {}),
        (
            "honours",
            "event_count",
            "获得质量奖（3 年）",
            "-10",
            None,
            {"kinds": ["honour"], "exclude_detail": "contract_credit", "months": 36, "once": True},
        ),
        (
            "honours",
            "event_count",
            "有效管理体系认证（3 年）",
            "-3",
            None,
            {"kinds": ["certification"], "months": 36, "once": True},
        ),
        (
            "honours",
            "event_count",
            "守合同重信用（3 年）",
            "-5",
            None,
            {"kinds": ["honour"], "detail": "contract_credit", "months": 36, "once": True},
        ),
    ],
}

#: Conditions an override may name, with the class position they take when a model states none:
#: the serious-violation list → the highest class; the abnormal list → at least the third.
OVERRIDE_CONDITIONS = {"on_serious_list": -1, "on_abnormal_list": 2}
OVERRIDE_LABELS = {
    "on_serious_list": _("On the serious violation list"),
    "on_abnormal_list": _("On the abnormal operations list"),
}


def create_default_model(risk_model_cls: Any, indicator_cls: Any) -> Any:
    """Create the default model with the given model classes (live or historical), unless a
    model of that name exists; it becomes active when no other model is. Idempotent."""
    existing = risk_model_cls.objects.filter(name=DEFAULT_MODEL["name"]).order_by("pk").first()
    if existing is not None:
        return existing
    model = risk_model_cls.objects.create(
        name=DEFAULT_MODEL["name"],
        note=DEFAULT_MODEL["note"],
        classes=DEFAULT_MODEL["classes"],
        is_active=not risk_model_cls.objects.filter(is_active=True).exists(),
    )
    indicator_cls.objects.bulk_create(
        indicator_cls(
            model=model,
            group=group,
            rule=rule,
            name=name,
            points=Decimal(points),
            cap=Decimal(cap) if cap is not None else None,
            params=params,
        )
        for group, rule, name, points, cap, params in DEFAULT_MODEL["indicators"]
    )
    return model


def ensure_default_model() -> RiskModel:
    """The default model, created when missing (the data migration normally made it)."""
    from qualitycity.credit.models import RiskIndicator

    with transaction.atomic():
        return create_default_model(RiskModel, RiskIndicator)


def active_model() -> RiskModel:
    """The model in force: the newest active one, else the default."""
    model = RiskModel.objects.filter(is_active=True).order_by("-pk").first()
    return model if model is not None else ensure_default_model()


# --- facts ------------------------------------------------------------------------------------


class EventFact(NamedTuple):
    pk: int
    kind: str
    occurred_on: dt.date
    severity: str
    details: dict[str, Any]


class ListFact(NamedTuple):
    pk: int
    kind: str
    ground: str


class ReportFact(NamedTuple):
    pk: int
    year: int
    status: str


class EntityFact(NamedTuple):
    pk: int
    date_established: dt.date | None
    industry_id: int | None
    industry_code: str
    legal_representative: str
    county_id: int


@dataclass
class Facts:
    """What the rules may read about one entity: its row, its events in the longest window
    (by kind), its current list entries and its annual reports (by year)."""

    entity: EntityFact
    events: dict[str, list[EventFact]] = field(default_factory=dict)
    lists: list[ListFact] = field(default_factory=list)
    reports: dict[int, ReportFact] = field(default_factory=dict)


@dataclass
class BatchStats:
    """Facts computed once per run over all entities: complaint thresholds by industry and the
    legal representatives of entities on the serious list."""

    #: industry id → complaint count above which an entity stands out (mean + k·sd), per window
    complaint_thresholds: dict[tuple[int | None, int, float], float] = field(default_factory=dict)
    #: (legal representative, county id) → entity ids currently on the serious list
    serious_representatives: dict[tuple[str, int], list[int]] = field(default_factory=dict)


@dataclass(frozen=True)
class IndicatorSpec:
    pk: int
    group: str
    rule: str
    name: str
    points: Decimal
    cap: Decimal | None
    params: dict[str, Any]


class Hit(NamedTuple):
    """What a rule found: how many things, the points before the cap, and the records."""

    matched: int
    points: Decimal
    events: list[int]
    refs: dict[str, list[int]]


@dataclass
class Assessment:
    """The result of scoring one entity (not yet stored)."""

    entity_id: int
    score: Decimal
    risk_class: str
    contributions: list[dict[str, Any]]
    override: str = ""


# --- rules ------------------------------------------------------------------------------------


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` months earlier (the month's last day when it is shorter)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class Prepared:
    """An indicator ready to score on one date: its window start and its parameters read once,
    so a rule does no parsing per entity."""

    __slots__ = (
        "born_after",
        "born_by",
        "cap",
        "detail",
        "exclude",
        "kinds",
        "once",
        "params",
        "points",
        "prefixes",
        "report_year",
        "severities",
        "since",
        "spec",
    )

    def __init__(self, spec: IndicatorSpec, on: dt.date) -> None:
        params = spec.params
        self.spec = spec
        self.params = params
        self.points = spec.points
        self.cap = spec.cap
        months = params.get("months")
        self.since = months_before(on, int(months)) if months is not None else None
        kinds = params.get("kinds")
        self.kinds: tuple[str, ...] | None = tuple(kinds) if kinds else None
        self.severities = frozenset(params.get("severities") or ())
        self.detail = params.get("detail") or ""
        self.exclude = params.get("exclude_detail") or ""
        self.once = bool(params.get("once"))
        self.prefixes = tuple(params.get("prefixes") or ())
        self.report_year = report_year(on)
        # establishment dates for an age band [min_years, max_years)
        self.born_after = months_before(on, 12 * int(params.get("max_years", 1)))
        self.born_by = months_before(on, 12 * int(params.get("min_years", 0)))


RuleFn = Callable[[Facts, Prepared, dt.date, BatchStats], Hit | None]


@dataclass(frozen=True)
class Rule:
    fn: RuleFn
    label: Any
    #: What the rule reads: "entity", "events", "lists" or "reports" (an entity without any
    #: of it is skipped without calling the rule).
    reads: str
    #: Event kinds the rule reads (for the prefetch and the skip); None: any kind.
    kinds: Callable[[dict[str, Any]], tuple[str, ...] | None] = lambda p: ()


RULES: dict[str, Rule] = {}


def rule(
    key: str,
    label: Any,
    reads: str = "entity",
    kinds: Callable[[dict[str, Any]], tuple[str, ...] | None] = lambda p: (),
) -> Callable[[RuleFn], RuleFn]:
    def decorator(fn: RuleFn) -> RuleFn:
        RULES[key] = Rule(fn, label, reads, kinds)
        return fn

    return decorator


def _kinds_param(params: dict[str, Any]) -> tuple[str, ...] | None:
    kinds = params.get("kinds")
    return tuple(kinds) if kinds else None


def _events(facts: Facts, kinds: tuple[str, ...] | None) -> Iterable[EventFact]:
    if kinds is None:
        for events in facts.events.values():
            yield from events
    else:
        for kind in kinds:
            yield from facts.events.get(kind, ())


@rule("entity_age", _("Years since establishment in [min_years, max_years)"))
def rule_entity_age(facts: Facts, ind: Prepared, on: dt.date, stats: BatchStats) -> Hit | None:
    """An entity established less than `max_years` and at least `min_years` years ago."""
    established = facts.entity.date_established
    if established is None:
        return None
    if ind.born_after < established <= ind.born_by:
        return Hit(1, ind.points, [], {})
    return None


@rule("industry", _("Industry code starts with one of `prefixes` (GB/T 4754)"))
def rule_industry(facts: Facts, ind: Prepared, on: dt.date, stats: BatchStats) -> Hit | None:
    code = facts.entity.industry_code
    if code and ind.prefixes and code.startswith(ind.prefixes):
        return Hit(1, ind.points, [], {})
    return None


@rule(
    "registration_changes",
    _("More than `more_than` changes of `fields` in `months` months"),
    "events",
    lambda p: ("registration_change",),
)
def rule_registration_changes(facts: Facts, ind: Prepared, on: dt.date, stats: BatchStats) -> Hit | None:
    fields = ind.params.get("fields", ["legal_representative", "address"])
    since = ind.since
    found = [
        e.pk
        for e in facts.events.get("registration_change", ())
        if e.details.get("field") in fields and (since is None or e.occurred_on >= since)
    ]
    if len(found) > int(ind.params.get("more_than", 2)):
        return Hit(len(found), ind.points, sorted(found), {})
    return None


@rule(
    "licence",
    _("A licence's latest state is one of `values` (events with details licence)"),
    "events",
    lambda p: None,
)
def rule_licence(facts: Facts, ind: Prepared, on: dt.date, stats: BatchStats) -> Hit | None:
    """The latest event about each licence (details licence_no) says expired or revoked; a
    later event saying "valid" clears it."""
    latest: dict[str, EventFact] = {}
    since = ind.since
    for event in _events(facts, None):
        if "licence" not in event.details or (since is not None and event.occurred_on < since):
            continue
        key = str(event.details.get("licence_no", ""))
        known = latest.get(key)
        if known is None or (event.occurred_on, event.pk) > (known.occurred_on, known.pk):
            latest[key] = event
    bad = set(ind.params.get("values", ["expired", "revoked"]))
    found = sorted(e.pk for e in latest.values() if e.details.get("licence") in bad)
    return Hit(1, ind.points, found, {}) if found else None


@rule("listed", _("Currently on one of `lists`, with one of `grounds` when given"), "lists")
def rule_listed(facts: Facts, ind: Prepared, on: dt.date, stats: BatchStats) -> Hit | None:
    lists = ind.params.get("lists", ABNORMAL_LISTS)
    grounds = ind.params.get("grounds") or ()
    found = sorted(
        entry.pk for entry in facts.lists if entry.kind in lists and (not grounds or entry.ground in grounds)
    )
    return Hit(1, ind.points, [], {"list_entries": found}) if found else None


def report_year(on: dt.date) -> int:
    """The latest year whose annual report is due by `on`: reports are filed 1 Jan – 30 Jun of
    the following year (企业信息公示暂行条例 Art 8)."""
    return on.year - 1 if (on.month, on.day) > (6, 30) else on.year - 2


@rule("annual_report", _("Last year's annual report has `status` (missing, filed_late, false)"), "reports")
def rule_annual_report(facts: Facts, ind: Prepared, on: dt.date, stats: BatchStats) -> Hit | None:
    """Only a stored report row counts: "missing" rows are written by the annual-report sweep,
    so an entity established after the year is never counted as missing."""
    report = facts.reports.get(ind.report_year)
    if report is not None and report.status == ind.params.get("status"):
        return Hit(1, ind.points, [], {"annual_reports": [report.pk]})
    return None


@rule(
    "event_count",
    _("Events of `kinds` (with `severities`, detail `detail`) in `months` months, each or `once`"),
    "events",
    _kinds_param,
)
def rule_event_count(facts: Facts, ind: Prepared, on: dt.date, stats: BatchStats) -> Hit | None:
    severities, detail, exclude, since = ind.severities, ind.detail, ind.exclude, ind.since
    found = [
        e.pk
        for e in _events(facts, ind.kinds)
        if (not severities or e.severity in severities)
        and (not detail or e.details.get(detail))
        and not (exclude and e.details.get(exclude))
        and (since is None or e.occurred_on >= since)
    ]
    if not found:
        return None
    count = 1 if ind.once else len(found)
    return Hit(len(found), ind.points * count, sorted(found), {})


@rule(
    "complaints_above_peers",
    _("Complaints in `months` months above the industry mean plus `sd` standard deviations"),
    "events",
    lambda p: ("complaint",),
)
def rule_complaints_above_peers(facts: Facts, ind: Prepared, on: dt.date, stats: BatchStats) -> Hit | None:
    """Peers are the entities of the same 4-digit industry class; the thresholds come from the
    whole register (`peer_thresholds`), not from the chunk being scored."""
    since = ind.since
    complaints = [e.pk for e in facts.events.get("complaint", ()) if since is None or e.occurred_on >= since]
    if len(complaints) < int(ind.params.get("min_count", 1)):
        return None
    key = (facts.entity.industry_id, int(ind.params.get("months", 12)), float(ind.params.get("sd", 2)))
    threshold = stats.complaint_thresholds.get(key)
    if threshold is not None and len(complaints) > threshold:
        return Hit(len(complaints), ind.points, sorted(complaints), {})
    return None


@rule(
    "penalties",
    _("Administrative penalties in `months` months, each; heavier ones `heavier_points`"),
    "events",
    lambda p: ("penalty",),
)
def rule_penalties(facts: Facts, ind: Prepared, on: dt.date, stats: BatchStats) -> Hit | None:
    heavier = Decimal(str(ind.params.get("heavier_points", ind.points)))
    since = ind.since
    found = [e for e in facts.events.get("penalty", ()) if since is None or e.occurred_on >= since]
    if not found:
        return None
    points = sum((heavier if e.details.get("heavier") else ind.points for e in found), ZERO)
    return Hit(len(found), points, sorted(e.pk for e in found), {})


@rule("related_serious", _("The legal representative also represents an entity on the serious list"))
def rule_related_serious(facts: Facts, ind: Prepared, on: dt.date, stats: BatchStats) -> Hit | None:
    """An approximation until the register holds identity numbers: the same legal-representative
    name in the same county stands for the same person."""
    name = facts.entity.legal_representative
    if not name or not stats.serious_representatives:
        return None
    others = [
        pk
        for pk in stats.serious_representatives.get((name, facts.entity.county_id), ())
        if pk != facts.entity.pk
    ]
    return Hit(len(others), ind.points, [], {"entities": sorted(others)}) if others else None


# --- scoring ----------------------------------------------------------------------------------


def indicator_specs(model: RiskModel) -> list[IndicatorSpec]:
    specs = []
    for ind in model.indicators.filter(is_active=True).order_by("group", "pk"):  # type: ignore[attr-defined]  # reverse relation
        if ind.rule not in RULES:
            logger.warning("risk indicator %s names an unknown rule %r; skipped", ind.pk, ind.rule)
            continue
        specs.append(
            IndicatorSpec(
                ind.pk, ind.group, ind.rule, ind.name, Decimal(ind.points), ind.cap, dict(ind.params or {})
            )
        )
    return specs


def _class_floors(classes: list[dict[str, Any]]) -> dict[str, int]:
    """Condition → the lowest class index it forces: as the model states it (`at_least_if`),
    else the default position (serious list → highest, abnormal list → third)."""
    floors: dict[str, int] = {}
    for index, item in enumerate(classes):
        for condition in item.get("at_least_if") or ():
            floors[condition] = max(floors.get(condition, 0), index)
    last = len(classes) - 1
    for condition, position in OVERRIDE_CONDITIONS.items():
        if condition not in floors:
            floors[condition] = last if position < 0 else min(position, last)
    return floors


def conditions(facts: Facts) -> set[str]:
    found = set()
    for entry in facts.lists:
        if entry.kind == ListKind.SERIOUS_VIOLATION:
            found.add("on_serious_list")
        elif entry.kind in ABNORMAL_LISTS:
            found.add("on_abnormal_list")
    return found


@dataclass(frozen=True)
class ModelSpec:
    """A risk model prepared for scoring: its classes (low to high) and active indicators."""

    pk: int
    classes: list[dict[str, Any]]
    indicators: list[IndicatorSpec]
    _prepared: dict[dt.date, dict[str, list[tuple[RuleFn, tuple[str, ...] | None, Prepared]]]] = field(
        default_factory=dict, compare=False, repr=False
    )

    @classmethod
    def of(cls, model: RiskModel) -> ModelSpec:
        return cls(model.pk, list(model.classes), indicator_specs(model))

    @cached_property
    def thresholds(self) -> list[Decimal]:
        return [Decimal(str(c["min_score"])) for c in self.classes]

    @cached_property
    def floors(self) -> dict[str, int]:
        return _class_floors(self.classes)

    def prepared(self, on: dt.date) -> dict[str, list[tuple[RuleFn, tuple[str, ...] | None, Prepared]]]:
        """What each rule reads → (rule, event kinds, prepared indicator), for scoring on `on`."""
        if on not in self._prepared:
            grouped: dict[str, list[tuple[RuleFn, tuple[str, ...] | None, Prepared]]] = {
                "entity": [],
                "events": [],
                "lists": [],
                "reports": [],
            }
            for spec in self.indicators:
                rule_ = RULES[spec.rule]
                grouped[rule_.reads].append((rule_.fn, rule_.kinds(spec.params), Prepared(spec, on)))
            self._prepared[on] = grouped
        return self._prepared[on]


def score_entity(facts: Facts, model: ModelSpec, on: dt.date, stats: BatchStats | None = None) -> Assessment:
    """Score one entity from its facts (no database access): the sum of the indicators' capped
    points, clamped to 0–100, its class by threshold, raised by the overrides."""
    stats = stats or BatchStats()
    total = ZERO
    contributions: list[dict[str, Any]] = []
    events = facts.events
    prepared = model.prepared(on)
    todo = prepared["entity"]
    if events:
        todo = todo + [r for r in prepared["events"] if r[1] is None or any(k in events for k in r[1])]
    if facts.lists:
        todo = todo + prepared["lists"]
    if facts.reports:
        todo = todo + prepared["reports"]
    for fn, _kinds, ind in todo:
        hit = fn(facts, ind, on, stats)
        if hit is None:
            continue
        spec = ind.spec
        points = hit.points
        capped = False
        if spec.cap is not None and abs(points) > abs(spec.cap):
            points = abs(spec.cap) if points > 0 else -abs(spec.cap)
            capped = True
        total += points
        item: dict[str, Any] = {
            "indicator": spec.pk,
            "name": spec.name,
            "group": spec.group,
            "rule": spec.rule,
            "count": hit.matched,
            "points": f"{points:.2f}",
            "capped": capped,
            "events": hit.events,
        }
        for key, ids in hit.refs.items():
            item[key] = ids
        contributions.append(item)
    score = min(max(total, ZERO), HUNDRED).quantize(CENT) if contributions else ZERO_SCORE
    index = 0
    for i, threshold in enumerate(model.thresholds):
        if score >= threshold:
            index = i
    override = ""
    if facts.lists:
        floors = model.floors
        for condition in sorted(conditions(facts), key=lambda c: -floors[c]):
            if floors[condition] > index:
                index = floors[condition]
                override = condition
    return Assessment(facts.entity.pk, score, str(model.classes[index]["code"]), contributions, override)


# --- prefetch ---------------------------------------------------------------------------------


def _event_kinds(specs: list[IndicatorSpec]) -> tuple[str, ...] | None:
    kinds: set[str] = set()
    for spec in specs:
        needed = RULES[spec.rule].kinds(spec.params)
        if needed is None:
            return None
        kinds.update(needed)
    return tuple(sorted(kinds))


def _horizon(specs: list[IndicatorSpec], on: dt.date) -> dt.date | None:
    """The earliest date any event-reading indicator looks at; None when one has no window."""
    months = 0
    for spec in specs:
        if RULES[spec.rule].reads != "events":
            continue
        if spec.params.get("months") is None:
            return None
        months = max(months, int(spec.params["months"]))
    return months_before(on, months)


def batch_stats(
    specs: list[IndicatorSpec], on: dt.date, industry_ids: set[int | None] | None = None
) -> BatchStats:
    """The register-wide facts of a run: two or three aggregate queries."""
    stats = BatchStats()
    for spec in specs:
        if spec.rule == "complaints_above_peers":
            months = int(spec.params.get("months", 12))
            k = float(spec.params.get("sd", 2))
            for industry_id, threshold in peer_thresholds(on, months, k, industry_ids).items():
                stats.complaint_thresholds[(industry_id, months, k)] = threshold
        elif spec.rule == "related_serious" and not stats.serious_representatives:
            rows = ListEntry.objects.filter(
                kind=ListKind.SERIOUS_VIOLATION, status=ListStatus.LISTED
            ).values_list("entity_id", "entity__legal_representative", "entity__county_id")
            reps: dict[tuple[str, int], list[int]] = defaultdict(list)
            for entity_id, name, county_id in rows:
                if name:
                    reps[(name, county_id)].append(entity_id)
            stats.serious_representatives = dict(reps)
    return stats


def peer_thresholds(
    on: dt.date, months: int, k: float, industry_ids: set[int | None] | None = None
) -> dict[int | None, float]:
    """Industry → mean + k·sd of complaints per active entity in the window (entities without a
    complaint count as zero)."""
    active = Entity.objects.filter(registration_status__in=ACTIVE_STATUSES)
    events = CreditEvent.objects.filter(
        kind="complaint",
        occurred_on__gte=months_before(on, months),
        occurred_on__lte=on,
        entity__registration_status__in=ACTIVE_STATUSES,
    )
    if industry_ids is not None:
        ids = [i for i in industry_ids if i is not None]
        active = active.filter(industry_id__in=ids)
        events = events.filter(entity__industry_id__in=ids)
    sizes = {
        r["industry_id"]: r["n"] for r in active.values("industry_id").annotate(n=Count("pk")).order_by()
    }
    sums: dict[int | None, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for row in events.values("entity_id", "entity__industry_id").annotate(n=Count("pk")).order_by():
        sums[row["entity__industry_id"]][0] += row["n"]
        sums[row["entity__industry_id"]][1] += row["n"] ** 2
    result: dict[int | None, float] = {}
    for industry_id, size in sizes.items():
        s1, s2 = sums.get(industry_id, (0.0, 0.0))
        mean = s1 / size
        sd = math.sqrt(max(s2 / size - mean * mean, 0.0))
        result[industry_id] = mean + k * sd
    return result


def _entity_rows(qs: Any) -> list[EntityFact]:
    return [
        EntityFact(pk, established, industry_id, code or "", rep or "", county_id)
        for pk, established, industry_id, code, rep, county_id in qs.values_list(
            "pk", "date_established", "industry_id", "industry__code", "legal_representative", "county_id"
        )
    ]


def load_facts(
    entities: list[EntityFact], specs: list[IndicatorSpec], on: dt.date, *, by_range: bool
) -> dict[int, Facts]:
    """Events, current list entries and annual reports of a chunk of entities: three queries,
    over the chunk's primary-key range (`by_range`) or its ids."""
    facts = {e.pk: Facts(e) for e in entities}
    ids = [e.pk for e in entities]
    where: dict[str, Any] = (
        {"entity_id__gte": ids[0], "entity_id__lte": ids[-1]} if by_range else {"entity_id__in": ids}
    )
    kinds = _event_kinds(specs)
    events = CreditEvent.objects.filter(**where, occurred_on__lte=on)
    horizon = _horizon(specs, on)
    if horizon is not None:
        events = events.filter(occurred_on__gte=horizon)
    if kinds is not None:
        events = events.filter(kind__in=kinds) if kinds else events.none()
    # details read as text and decoded here: most are empty, and Django's JSON converter per
    # row costs more than the scoring
    rows = events.annotate(details_text=Cast("details", TextField())).values_list(
        "pk", "entity_id", "kind", "occurred_on", "severity", "details_text"
    )
    for pk, entity_id, kind, occurred_on, severity, text in rows.order_by():
        target = facts.get(entity_id)
        if target is not None:
            details = json.loads(text) if text and text != "{}" else NO_DETAILS
            target.events.setdefault(kind, []).append(EventFact(pk, kind, occurred_on, severity, details))
    for pk, entity_id, kind, ground in (
        ListEntry.objects.filter(**where, status=ListStatus.LISTED)
        .values_list("pk", "entity_id", "kind", "ground")
        .order_by()
    ):
        if entity_id in facts:
            facts[entity_id].lists.append(ListFact(pk, kind, ground))
    year = report_year(on)
    for pk, entity_id, report_year_, status in (
        AnnualReport.objects.filter(**where, year=year)
        .values_list("pk", "entity_id", "year", "status")
        .order_by()
    ):
        if entity_id in facts:
            facts[entity_id].reports[report_year_] = ReportFact(pk, report_year_, status)
    return facts


# --- recompute --------------------------------------------------------------------------------


def _write(
    assessments: list[Assessment], current: dict[int, tuple[Any, ...]], model: RiskModel, at: dt.datetime
) -> int:
    """Store the assessments whose class, score, override, model or explanation changed: flip
    the entity's current row and insert the new one, in one transaction. Returns the rows written."""
    changed = []
    for a in assessments:
        old = current.get(a.entity_id)
        if (
            old is not None
            and old[1:5] == (a.risk_class, a.score, model.pk, a.override)
            and (old[5] == "[]" if not a.contributions else json.loads(old[5]) == a.contributions)
        ):
            continue
        changed.append(a)
    if not changed:
        return 0
    meta = RiskAssessment._meta
    fields = [
        cast(Field, meta.get_field(n))
        for n in (
            "entity",
            "model",
            "assessed_at",
            "score",
            "risk_class",
            "contributions",
            "override",
            "is_current",
        )
    ]
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(str(f.column)) for f in fields)}) "  # noqa: S608  (names from the model)
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    contributions_field = fields[5]
    stamp = fields[2].get_db_prep_save(at, connection)
    rows = [
        (
            a.entity_id,
            model.pk,
            stamp,
            connection.ops.adapt_decimalfield_value(a.score, 7, 2),
            a.risk_class,
            contributions_field.get_db_prep_save(a.contributions, connection),
            a.override,
            True,
        )
        for a in changed
    ]
    entity_ids = [a.entity_id for a in changed]
    for attempt in (1, 2):
        try:
            with transaction.atomic():
                RiskAssessment.objects.filter(entity_id__in=entity_ids, is_current=True).update(
                    is_current=False
                )
                with connection.cursor() as cursor:
                    cursor.executemany(sql, rows)
            break
        except IntegrityError:
            # a concurrent re-score inserted a current row for one of these entities
            if attempt == 2:
                raise
    return len(changed)


def recompute(
    *,
    entity_ids: Iterable[int] | None = None,
    on: dt.date | None = None,
    model: RiskModel | None = None,
    progress: Progress | None = None,
    actor: Any = None,
    chunk_size: int = CHUNK_SIZE,
) -> dict[str, Any]:
    """Re-score active entities (all, or `entity_ids`) with `model` (default: the active one)
    on the date `on` (default: today), 5,000 at a time.

    A new `RiskAssessment` is written only when the class, score, override, model or the
    explanation (the indicators and the records behind them) changed: an unchanged assessment
    stays current with its original `assessed_at`. History is kept: replaced rows stay, with
    `is_current` False. One audit record per run that wrote anything."""
    started = time.perf_counter()
    on = on or timezone.localdate()
    model = model or active_model()
    spec = ModelSpec.of(model)
    specs = spec.indicators
    at = timezone.now()
    base = Entity.objects.filter(registration_status__in=ACTIVE_STATUSES)
    explicit = entity_ids is not None
    if explicit:
        ids = sorted(set(entity_ids or ()))
        base = base.filter(pk__in=ids)
    total = base.count()
    if progress is not None:
        progress.set(0, total, force=True)
    industries: set[int | None] | None = (
        set(base.values_list("industry_id", flat=True).distinct()) if explicit else None
    )
    stats = batch_stats(specs, on, industries)
    done = written = 0
    by_class: dict[str, int] = defaultdict(int)
    last = 0
    while True:
        chunk_qs = base.filter(pk__gt=last).order_by("pk")[:chunk_size]
        entities = _entity_rows(chunk_qs)
        if not entities:
            break
        last = entities[-1].pk
        facts = load_facts(entities, specs, on, by_range=not explicit)
        assessments = [score_entity(facts[e.pk], spec, on, stats) for e in entities]
        chunk_ids = [e.pk for e in entities]
        where = (
            {"entity_id__in": chunk_ids}
            if explicit
            else {"entity_id__gte": chunk_ids[0], "entity_id__lte": chunk_ids[-1]}
        )
        current = {
            row[0]: row
            for row in RiskAssessment.objects.filter(**where, is_current=True)
            .annotate(contributions_text=Cast("contributions", TextField()))
            .values_list("entity_id", "risk_class", "score", "model_id", "override", "contributions_text")
            .order_by()
        }
        written += _write(assessments, current, model, at)
        for a in assessments:
            by_class[a.risk_class] += 1
        done += len(entities)
        if progress is not None:
            progress.set(done, total, force=True)
    result = {
        "on": on.isoformat(),
        "model": model.pk,
        "scored": done,
        "written": written,
        "by_class": dict(sorted(by_class.items())),
        "seconds": round(time.perf_counter() - started, 2),
    }
    if written:
        audit.record(
            actor=actor,
            action=AuditAction.UPDATE,
            object_type="credit.riskassessment",
            object_repr=str(model),
            message=f"risk re-scoring: {written} of {done} entities changed",
            extra=result,
            username="system",
        )
    return result


@transaction.atomic
def start_recompute(*, actor: Any) -> Job:
    """Queue a full re-scoring as a background job (the monthly reclassification, or after the
    bureau changed weights); the job page shows its progress."""
    job = create_job(kind=JobKind.RISK_RECOMPUTE, name=str(_("Risk class re-scoring")), owner=actor)
    audit.record_change(actor=actor, obj=job, before=None, message="risk re-scoring requested")
    return job


@register_handler(JobKind.RISK_RECOMPUTE)
def _recompute_job(job: Job, progress: Progress) -> None:
    job.result = recompute(progress=progress, actor=job.owner)


@on_events_changed
def _rescore_on_commit(entity_ids: list[int]) -> None:
    """Called after the transaction that changed these entities' archive: queue their re-score."""
    from qualitycity.credit.tasks import rescore_entities

    rescore_entities.enqueue(list(entity_ids))


def demo_recompute(ctx: Any) -> None:
    """The demo's last step: score the whole demo register (called by the integrator)."""
    ensure_default_model()
    result = recompute()
    ctx.out(f"  risk classes: {result['by_class']} ({result['seconds']} s)")


# --- reading ----------------------------------------------------------------------------------


def current_class(entity: Entity | int) -> str | None:
    """The entity's current risk class, or None before its first assessment."""
    pk = entity if isinstance(entity, int) else entity.pk
    return (
        RiskAssessment.objects.filter(entity_id=pk, is_current=True)
        .values_list("risk_class", flat=True)
        .first()
    )


def current_classes(entity_ids: Iterable[int]) -> dict[int, str]:
    """Entity id → current class, for many entities at once (e.g. a draw's stratification)."""
    return dict(
        RiskAssessment.objects.filter(entity_id__in=list(entity_ids), is_current=True).values_list(
            "entity_id", "risk_class"
        )
    )


def current_at(qs: Any, moment: dt.datetime) -> Any:
    """The rows of `qs` that were current at `moment`: assessed by then and not replaced by then."""
    later = RiskAssessment.objects.filter(
        entity_id=OuterRef("entity_id"), assessed_at__gt=OuterRef("assessed_at"), assessed_at__lte=moment
    )
    return qs.filter(assessed_at__lte=moment).filter(Q(is_current=True) | ~Exists(later))


def distribution(user: Any, by: str = "county", *, at: dt.datetime | None = None) -> dict[str, Any]:
    """Current classes of active entities within `user`'s scope, grouped by county or by
    industry section, with the change against the assessments current one month earlier."""
    from qualitycity.core.models import Division

    if by not in ("county", "industry_section"):
        raise ValueError(by)
    now = timezone.localtime(at or timezone.now())
    before = now.replace(tzinfo=None)
    before = timezone.make_aware(dt.datetime.combine(months_before(before.date(), 1), before.time()))
    qs = restrict_queryset(RiskAssessment.objects.all(), user).filter(
        entity__registration_status__in=ACTIVE_STATUSES
    )
    key = "entity__county_id" if by == "county" else "entity__industry__section"
    model = active_model()
    codes = [str(c["code"]) for c in model.classes]
    labels = {str(c["code"]): str(c.get("label") or c["code"]) for c in model.classes}

    def counts(rows_qs: Any) -> dict[Any, dict[str, int]]:
        table: dict[Any, dict[str, int]] = defaultdict(dict)
        for row in rows_qs.values(key, "risk_class").annotate(n=Count("pk")).order_by():
            table[row[key]][row["risk_class"]] = row["n"]
            if row["risk_class"] not in codes:
                codes.append(row["risk_class"])
        return table

    now_counts = counts(qs.filter(is_current=True))
    then_counts = counts(current_at(qs, before))
    groups = set(now_counts) | set(then_counts)
    names: dict[Any, tuple[str, str]]
    if by == "county":
        names = {
            d.pk: (d.code, d.name)
            for d in Division.objects.filter(pk__in=[g for g in groups if g is not None])
        }
    else:
        names = {
            i.code: (i.code, f"{i.code} {i.name}")
            for i in Industry.objects.filter(level=1, code__in=[g for g in groups if g])
        }
    rows: list[dict[str, Any]] = []
    for group in sorted(groups, key=lambda g: names.get(g, ("~", ""))[0]):
        current = now_counts.get(group, {})
        earlier = then_counts.get(group, {})
        rows.append(
            {
                "key": group if group is not None else "",
                "name": names.get(group, ("", "—"))[1],
                "cells": [
                    {"code": c, "n": current.get(c, 0), "delta": current.get(c, 0) - earlier.get(c, 0)}
                    for c in codes
                ],
                "total": sum(current.values()),
            }
        )
    totals: list[dict[str, Any]] = [
        {
            "code": c,
            "label": labels.get(c, c),
            "n": sum(r["cells"][i]["n"] for r in rows),
            "delta": sum(r["cells"][i]["delta"] for r in rows),
        }
        for i, c in enumerate(codes)
    ]
    all_count = sum(t["n"] for t in totals)
    for t in totals:
        t["percent"] = round(100 * t["n"] / all_count, 1) if all_count else 0.0
    return {
        "by": by,
        "codes": codes,
        "rows": rows,
        "totals": totals,
        "total": all_count,
        "compared_to": before,
    }

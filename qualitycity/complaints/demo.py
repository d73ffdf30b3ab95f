"""Demo complaints and tip-offs (投诉举报) of Jincheng: two years of cases, from 1 December 2024 to
today, as the 12315 platform, the public portal, the 12345 hotline and API clients brought them.

- Volume: `CASES` per scale (tiny 300, city 60,000, province 300,000; a number of entities
  not named there gets one case per five entities), more around Spring Festival, 618 and
  Double 11, fewer at weekends, rising slowly over the two years. About 85 % complaints, 12 %
  tip-offs and 3 % submissions that are both (split into two cases, as the intake does).
- Texts: `complaints.texts.generate` for each object category and nature of the problem; the
  county named in the text is the respondent's. The suggested classification is right about
  85 % of the time and confirmed once the case is handled.
- Respondents: drawn from the register by the trade the complaint concerns (supermarkets and
  food makers for food, appliance dealers for appliances and repairs, restaurants for
  catering …), a few businesses drawing many complaints. The most complained-about take part
  in ODR (tag "odr", and the demo enterprise's entity), some committed to first payouts
  (tag "first_compensation"). Trades the demo register does not have (beauty salons, schools,
  travel agencies, car dealers, housekeeping …) and a few street sellers and online shops
  name businesses not in the register: about a third of the cases.
- Handling: every case follows `complaints.workflow` from the day it was received, cut at
  today: accepted within the 7 working days (a few late), not accepted on a stated ground,
  withdrawn, settled through ODR with an agreed proposal, mediated (sessions, some clocks
  paused for testing), mediation failed (with the notice of ending), referred, transferred
  between county bureaus (a few with a disputed jurisdiction); tip-offs verified, a few
  extended once, decided, and the real-name reporter told. Recent cases are still open, some
  due soon, some overdue. Closed complaints carry the follow-up call's satisfaction, the
  respondent's archive event (`workflow.archive`), first payouts, and their publication
  (`DisclosurePolicy`): awaiting review, withheld, approved, or published with the text
  `disclosure.prepare_publication` masks.
- Clocks: `CaseClock` rows by the rule version in force on the day received (Order 20 before
  2026-04-15, Order 121 from it), with their start, due and stop dates; each case's
  `handling_due` and `on_time` are what `clocks.refresh_case` computes for today
  (`handling_flags`). The working-day calendar has no 2027 yet: a complaint accepted so late
  that its mediation would run into 2027 and still open today waits in "accepted" rather than
  mediate without a due date; closed ones keep a mediation clock without one.
- Rows: bulk inserts (`core.demo.BulkInserter`) without audit records, like the other
  generators. A small sample goes through the real services (`complaints.services`): the
  complaints the demo enterprise ('qiye') answers through ODR and a few dozen recent cases;
  their timeline stamps are then moved to the days they stand for.

Deterministic with the demo seed, except receipt codes (they open a case without an account,
so they come from `secrets` as the intake's do) and the few moments the services stamp with
the present time (the portal submission and the ODR settlement of the demo enterprise)."""

from __future__ import annotations

import datetime as dt
import random
import secrets
from collections import Counter, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import accumulate
from types import SimpleNamespace
from typing import Any, cast

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from qualitycity.complaints import clocks, texts
from qualitycity.complaints.choices import (
    CaseKind,
    CaseStatus,
    Channel,
    ClockName,
    Outcome,
    Party,
    PublicationStatus,
    RejectionGround,
)
from qualitycity.core.demo import (
    DEMO_USERS,
    BulkInserter,
    DemoContext,
    fact,
    register_generator,
    reset_sequences,
)
from qualitycity.core.services import CalendarNotAvailable

START = dt.date(2024, 12, 1)
#: Order 121 in force: identity required, the new rule versions
ORDER_121 = dt.date(2026, 4, 15)
CASES = {"tiny": 300, "city": 60_000, "province": 300_000}
BATCH = 5000

#: object category → GB/T 4754 classes of the demo register whose entities sell it
TRADES: dict[str, tuple[str, ...]] = {
    "food": ("5212", "5211", "5221", "1353", "1351", "1512", "1513", "1431"),
    "appliances": ("5271",),
    "repair": ("5271",),
    "telecom_goods": ("5271", "5211"),
    "clothing": ("5211", "5212"),
    "cosmetics": ("5211", "5212"),
    "daily_goods": ("5211", "5212"),
    "medical": ("5211", "5212"),
    "other_goods": ("5211",),
    "furniture": ("3312", "3021"),
    "housing": ("3312",),
    "catering": ("6210", "6220"),
    "prepaid": ("6210", "6220", "5212"),
    "online_shopping": ("5211", "5271"),
}
#: object category → the kinds of business named when the respondent is not in the register
UNREGISTERED: dict[str, tuple[str, ...]] = {
    "food": ("食品店", "水果店", "便利店", "烟酒店"),
    "appliances": ("电器商行", "家电城"),
    "repair": ("家电维修部", "汽修厂", "手机维修店", "开锁公司"),
    "telecom_goods": ("手机店", "数码城"),
    "clothing": ("服装店", "鞋店"),
    "cosmetics": ("美妆店", "化妆品店"),
    "daily_goods": ("日用品店", "小商品批发部"),
    "medical": ("大药房", "保健品体验店", "养生馆"),
    "other_goods": ("眼镜店", "金店", "农资店", "琴行"),
    "furniture": ("家具城", "建材店"),
    "housing": ("装修公司", "物业服务有限公司", "房产中介"),
    "catering": ("饭店", "火锅店", "快捷酒店", "烧烤店"),
    "prepaid": ("健身房", "美容会所", "洗车店", "儿童乐园"),
    "online_shopping": ("旗舰店", "网店", "直播间"),
    "auto": ("汽车销售服务有限公司", "电动车行", "二手车行", "轮胎店"),
    "beauty": ("美容院", "美发沙龙", "美甲店"),
    "education": ("培训学校", "教育咨询有限公司", "驾校", "艺术培训中心"),
    "tourism": ("旅行社", "农家乐", "景区管理有限公司"),
    "housekeeping": ("家政服务有限公司", "保洁公司", "搬家公司"),
    "telecom_service": ("通信营业厅", "宽带代理点"),
    "recreation": ("健身房", "KTV", "游泳馆", "剧本杀店"),
    "other_services": ("婚纱摄影店", "洗浴中心", "干洗店", "宠物医院"),
}
TRADE_WORDS = "鑫源宏达恒通金凤泰安瑞祥永康太行丹河晋城兴旺福顺佳美华联百姓万家"
SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎潘杜"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国红梅志文斌海波晨宇浩然晓东鹏飞亮俊"
STREETS = ("凤台街", "泽州路", "中原街", "红星街", "书院街", "文昌街", "建设路", "太行路", "兰花路", "晋韩路")
ESTATES = ("凤鸣小区", "金鼎花园", "书院小区", "泽州花园", "丹河新城", "兰花苑", "太行家园")
#: county code → weight of the cases it sees (the people living there)
COUNTY_WEIGHTS = {"140502": 30, "140521": 8, "140522": 16, "140524": 8, "140525": 24, "140581": 14}
COMPLAINT_CHANNELS = {
    Channel.HOTLINE_12315: 55,
    Channel.PORTAL: 22,
    Channel.HOTLINE_12345: 13,
    Channel.API: 5,
    Channel.WALK_IN: 3,
    Channel.LETTER: 2,
}
TIP_OFF_CHANNELS = {
    Channel.HOTLINE_12315: 45,
    Channel.PORTAL: 30,
    Channel.HOTLINE_12345: 15,
    Channel.API: 3,
    Channel.LETTER: 5,
    Channel.WALK_IN: 2,
}
#: channels that take cases on working days in office hours only
OFFICE_HOURS = {Channel.WALK_IN, Channel.LETTER}
GROUNDS = {
    RejectionGround.OUT_OF_SCOPE: 24,
    RejectionGround.NOT_CONSUMER: 24,
    RejectionGround.MISSING_MATERIALS: 22,
    RejectionGround.ALREADY_HANDLED: 10,
    RejectionGround.OTHER_LEGAL: 8,
    RejectionGround.TIME_BARRED: 4,
    RejectionGround.IDENTITY: 8,
}
GROUND_NOTES = {
    RejectionGround.OUT_OF_SCOPE: "所诉事项属劳动争议，不属于市场监管部门职责范围，已告知向劳动监察部门反映。",
    RejectionGround.NOT_CONSUMER: "投诉人购买商品用于经营，不属于生活消费需要。",
    RejectionGround.MISSING_MATERIALS: "经电话告知补正，投诉人未在期限内提供购物凭证。",
    RejectionGround.ALREADY_HANDLED: "同一事项已由本局受理处理，重复投诉。",
    RejectionGround.OTHER_LEGAL: "双方已就该纠纷向人民法院起诉。",
    RejectionGround.TIME_BARRED: "投诉人知道权益受到侵害之日起已超过三年。",
    RejectionGround.IDENTITY: "投诉人未提供真实身份信息，经联系无法核实。",
}
PAUSE_REASONS = ("送检测机构检测", "委托鉴定机构进行质量鉴定", "等待第三方检测报告", "送计量检定机构检定")
TRANSFER_REASONS = (
    "被投诉人实际经营地址在{county}，移交属地市场监管局处理",
    "经核实被投诉人住所地在{county}，按属地管辖移交",
)
SESSION_NOTES = (
    "组织双方电话调解，经营者表示愿意协商解决。",
    "双方到所现场调解，经营者同意退货退款。",
    "现场调解，经营者同意维修并赔偿误工损失。",
    "电话联系双方，分歧较大，再次约定调解时间。",
    "视频调解，双方就赔偿金额意见不一致。",
)
CLOSING_NOTES = {
    Outcome.MEDIATED: ("经调解，双方达成一致，经营者退还货款。", "经调解，经营者同意换货并赔偿。"),
    Outcome.MEDIATION_FAILED: ("经多次调解，双方未能达成一致，告知投诉人可依法向人民法院起诉。",),
    Outcome.WITHDRAWN: ("投诉人与经营者自行和解，申请撤回投诉。", "投诉人电话申请撤回投诉。"),
    Outcome.REFERRED: (
        "涉及医疗服务质量，已告知向卫生健康部门反映。",
        "涉及金融服务，已告知向金融监管部门反映。",
    ),
}
ANSWERS = (
    "您好，我们已收到您的投诉，已安排专人核实情况，会尽快与您联系。",
    "非常抱歉给您带来不便，我们正在与厂家核实，请保持电话畅通。",
    "我们对此高度重视，愿意协商解决，请问您方便什么时间来店处理？",
)
PROPOSALS = (
    "经核实，我方同意退还货款{amount}元，请您确认。",
    "为表歉意，我方愿意补偿{amount}元，请您确认是否同意。",
    "我方同意全额退款{amount}元，商品无需退回。",
)
REPLIES = ("同意这个方案，谢谢。", "金额太少，不同意。", "请尽快处理。")
FOLLOW_UPS = {
    5: "回访：投诉人对处理结果非常满意。",
    4: "回访：投诉人对处理结果表示满意。",
    3: "回访：投诉人认为处理结果基本可以接受。",
    2: "回访：投诉人对处理时间较长表示不满。",
    1: "回访：投诉人对处理结果不满意。",
}
SATISFACTION = {
    Outcome.MEDIATED: (3, 5, 30, 30, 50),
    Outcome.SETTLED: (2, 3, 10, 30, 55),
    Outcome.WITHDRAWN: (5, 5, 25, 30, 35),
    Outcome.MEDIATION_FAILED: (25, 30, 25, 15, 5),
    Outcome.REFERRED: (10, 20, 35, 25, 10),
    Outcome.NOT_ACCEPTED: (30, 30, 25, 10, 5),
}
DECISION_NOTES = {
    True: ("经核查，举报线索属实，已立案调查。", "经现场检查，发现涉嫌违法行为，已立案。"),
    False: ("经现场核查，未发现举报所述违法行为，不予立案。", "经核查，举报内容无法查实，不予立案。"),
}
#: the share of (mediated or settled) complaints recovering the full amount or part of it
SEASON = {
    1: 1.15,
    2: 1.2,
    3: 1.0,
    4: 0.95,
    5: 1.05,
    6: 1.2,
    7: 1.0,
    8: 1.0,
    9: 0.95,
    10: 1.1,
    11: 1.3,
    12: 1.1,
}
RECOVERED = (Decimal("1"), Decimal("1"), Decimal("0.8"), Decimal("0.5"), Decimal("0.3"))
CENT = Decimal("0.01")


def _exists() -> bool:
    from qualitycity.complaints.models import ComplaintCase

    return ComplaintCase.objects.exists()


def case_count(scale: str, entities: int) -> int:
    return CASES.get(scale) or max(300, entities // 5)


def handling_flags(
    rows: Iterable[tuple[str, dt.date | None, dt.date | None]], today: dt.date
) -> tuple[dt.date | None, bool | None]:
    """A case's `handling_due` and `on_time` from its clocks (name, due, stopped) as
    `clocks.refresh_case` computes them (the bulk rows have no case to refresh)."""
    rows = list(rows)
    dues = [due for name, due, _stop in rows if name in clocks.HANDLING and due is not None]
    missed = any(due is not None and stop is not None and stop > due for _n, due, stop in rows)
    overdue = any(due is not None and stop is None and due < today for _n, due, stop in rows)
    running = any(stop is None for _n, _d, stop in rows)
    on_time = False if missed or overdue else None if running else True
    return (max(dues) if dues else None), on_time


# --- reference data read once -----------------------------------------------------------------


@dataclass(frozen=True)
class Respondent:
    pk: int | None
    name: str
    uscc: str
    address: str
    county: int
    odr: bool = False
    payout: bool = False


@dataclass
class Pool:
    entities: list[Respondent]
    cum_weights: list[float]


@dataclass
class Reference:
    today: dt.date
    counties: dict[int, tuple[str, str]]  # pk → (code, name)
    county_pks: list[int]
    county_weights: list[int]
    unit_of_county: dict[int, int]  # county pk → handling unit pk
    city_unit: int | None
    units: dict[int, tuple[str, int]]  # unit pk → (name, county pk)
    categories: dict[tuple[str, str], int]
    rules: dict[str, list[tuple[dt.date, int, int]]]  # key → [(effective_from, pk, days)], newest first
    policy_outcomes: set[str]
    delay_days: int
    pools: dict[str, Pool] = field(default_factory=dict)

    def rule(self, key: str, on: dt.date) -> tuple[int, int]:
        for effective_from, pk, days in self.rules[key]:
            if effective_from <= on:
                return pk, days
        raise LookupError(key)


def _reference(today: dt.date) -> Reference | None:
    from qualitycity.complaints.models import Category, DisclosurePolicy, RoutingRule
    from qualitycity.core.models import Department, Division, Rule

    city = Division.objects.filter(code=settings.QCITY_CITY_CODE).first()
    if city is None:
        return None
    counties = {d.pk: (d.code, d.name) for d in Division.objects.counties().inside(city).order_by("code")}
    if not counties:
        return None
    routing = dict(
        RoutingRule.objects.filter(category__isnull=True).values_list("county_id", "department_id")
    )
    units = {d.pk: (d.name, d.division_id) for d in Department.objects.filter(kind="market_supervision")}
    city_unit = Department.objects.filter(code="samr-jc").values_list("pk", flat=True).first()
    keys = [*clocks.RULE_KEYS.values(), clocks.EXTENSION_KEY]
    rules: dict[str, list[tuple[dt.date, int, int]]] = {key: [] for key in keys}
    for rule in Rule.objects.filter(key__in=keys).order_by("key", "-effective_from"):
        rules[rule.key].append((rule.effective_from, rule.pk, int(rule.value)))
    if any(not versions for versions in rules.values()):
        return None
    policy = DisclosurePolicy.objects.order_by("pk").first()
    pks = list(counties)
    return Reference(
        today=today,
        counties=counties,
        county_pks=pks,
        county_weights=[COUNTY_WEIGHTS.get(counties[pk][0], 10) for pk in pks],
        unit_of_county=routing,
        city_unit=city_unit,
        units=units,
        categories={(c.kind, c.code): c.pk for c in Category.objects.all()},
        rules=rules,
        policy_outcomes=set(policy.outcomes or []) if policy is not None and policy.is_enabled else set(),
        delay_days=policy.delay_days if policy is not None else 5,
    )


def _pools(ref: Reference, rng: random.Random, enterprise: int | None, size: int) -> list[int]:
    """Respondent pools by trade; a few entities of each draw most complaints. Returns the
    entities given the ODR tag (the demo enterprise's among them)."""
    from qualitycity.credit.risk import ACTIVE_STATUSES
    from qualitycity.registry.models import Entity

    by_trade: dict[str, list[Respondent]] = {}
    for trade in sorted({t for trades in TRADES.values() for t in trades}):
        rows = (
            Entity.objects.filter(industry__code=trade, registration_status__in=ACTIVE_STATUSES)
            .order_by("pk")
            .values_list("pk", "name", "uscc", "address", "county_id")[:size]
        )
        found = [Respondent(pk, name, uscc, address, county) for pk, name, uscc, address, county in rows]
        rng.shuffle(found)
        by_trade[trade] = found
    odr: list[int] = [enterprise] if enterprise is not None else []
    payout: list[int] = []
    for found in by_trade.values():
        head = max(1, len(found) // 100)
        for n, entity in enumerate(found):
            tagged = entity.pk == enterprise or (n < head and rng.random() < 0.6)
            if not tagged or entity.pk is None:
                continue
            is_payout = entity.pk in payout or (entity.pk not in odr and rng.random() < 0.4)
            if entity.pk not in odr:
                odr.append(entity.pk)
            if is_payout and entity.pk not in payout:
                payout.append(entity.pk)
            found[n] = Respondent(
                entity.pk, entity.name, entity.uscc, entity.address, entity.county, True, is_payout
            )
    for code, trades in TRADES.items():
        entities = [e for trade in trades for e in by_trade.get(trade, [])]
        entities.sort(key=lambda e: not e.odr)  # stable: the ODR enterprises first, then at random
        ref.pools[code] = Pool(entities, list(accumulate(1 / (n + 1) ** 0.9 for n in range(len(entities)))))
    _tag(odr, "odr")
    _tag(payout, "first_compensation")
    return odr


def _tag(pks: list[int], tag: str) -> None:
    from qualitycity.registry.models import EntityTag

    EntityTag.objects.bulk_create(
        [EntityTag(entity_id=pk, tag=tag, since=dt.date(2024, 3, 15)) for pk in pks if pk],
        batch_size=BATCH,
        ignore_conflicts=True,
    )


# --- inserting ----------------------------------------------------------------------------------


# --- one case -----------------------------------------------------------------------------------


@dataclass
class Clock:
    name: str
    rule: int
    started_on: dt.date
    days: int
    due_on: dt.date | None
    extension_days: int = 0
    paused_days: int = 0
    paused_since: dt.date | None = None
    stopped_on: dt.date | None = None


@dataclass
class Draft:
    """A case being written: its columns, clocks, timeline and related rows."""

    pk: int
    kind: str
    channel: str
    received_at: dt.datetime
    text: dict[str, Any]
    person: dict[str, str]
    respondent: Respondent
    county: int
    unit: int | None
    is_anonymous: bool = False
    split_from: int | None = None
    duplicate_of: int | None = None
    number: str = ""
    status: str = CaseStatus.RECEIVED
    accepted_on: dt.date | None = None
    rejected_on: dt.date | None = None
    rejection_ground: str = ""
    closed_on: dt.date | None = None
    outcome: str = ""
    amount_recovered: Decimal | None = None
    closing_note: str = ""
    satisfaction: int | None = None
    follow_up_note: str = ""
    publication_status: str = PublicationStatus.NOT_APPLICABLE
    published_text: str = ""
    published_at: dt.datetime | None = None
    harm_known_on: dt.date | None = None
    clocks: dict[str, Clock] = field(default_factory=dict)
    actions: list[tuple[str, dt.datetime, str, str, str, str]] = field(default_factory=list)
    transfers: list[tuple[int, int, str, dt.datetime, bool, dt.date | None]] = field(default_factory=list)
    odr: list[tuple[str, str, Decimal | None, bool, dt.datetime | None, dt.datetime | None, dt.datetime]] = (
        field(default_factory=list)
    )
    sessions: list[tuple[dt.date, str, str, bool]] = field(default_factory=list)
    payouts: list[tuple[Decimal, dt.date]] = field(default_factory=list)
    #: the latest timeline moment: a later step on the same day comes after it
    last: dt.datetime | None = None
    received_on: dt.date = field(init=False)

    def __post_init__(self) -> None:
        self.received_on = timezone.localdate(self.received_at)


class Simulation:
    """Writes the cases: draws them, runs each through the workflow up to today, inserts them."""

    def __init__(self, ctx: DemoContext, ref: Reference) -> None:
        from qualitycity.complaints.models import (
            CaseAction,
            CaseClock,
            CaseTransfer,
            ComplaintCase,
            FirstPayout,
            MediationSession,
            OdrMessage,
        )
        from qualitycity.core.services import calendar
        from qualitycity.credit.models import CreditEvent

        self.ctx, self.rng, self.ref, self.today = ctx, ctx.rng, ref, ref.today
        self.calendar = calendar()
        self.tz = timezone.get_current_timezone()
        self.suggestion_field = ComplaintCase._meta.get_field("suggestion")
        self.details_field = CreditEvent._meta.get_field("details")
        self.cases = BulkInserter(ComplaintCase, CASE_COLUMNS, batch_size=BATCH)
        self.clock_rows = BulkInserter(CaseClock, CLOCK_COLUMNS, batch_size=BATCH, stamped=False)
        self.action_rows = BulkInserter(
            CaseAction,
            ["case_id", "action", "at", "party", "from_status", "to_status", "note"],
            batch_size=BATCH,
            stamped=False,
        )
        self.transfer_rows = BulkInserter(
            CaseTransfer,
            [
                "case_id",
                "from_department_id",
                "to_department_id",
                "reason",
                "at",
                "is_disputed",
                "resolved_on",
            ],
            batch_size=BATCH,
            stamped=False,
        )
        self.odr_rows = BulkInserter(
            OdrMessage,
            ["case_id", "party", "text", "proposed_amount", "is_proposal", "agreed_at", "rejected_at", "at"],
            batch_size=BATCH,
            stamped=False,
        )
        self.session_rows = BulkInserter(
            MediationSession,
            ["case_id", "held_on", "mode", "note", "agreed"],
            batch_size=BATCH,
            stamped=False,
        )
        self.payout_rows = BulkInserter(
            FirstPayout,
            ["case_id", "entity_id", "amount", "paid_on", "note"],
            batch_size=BATCH,
            stamped=False,
        )
        self.events = BulkInserter(
            CreditEvent,
            [
                "entity_id",
                "kind",
                "occurred_on",
                "severity",
                "summary",
                "source_app",
                "source_model",
                "source_id",
                "is_public",
                "details",
            ],
            batch_size=BATCH,
        )
        self.tally: Counter[str] = Counter()
        self.serials: Counter[tuple[str, int]] = Counter()
        #: the last working day a mediation may start and still end inside the calendar
        self.mediation_cutoff = self.today
        _rule, period = ref.rule(clocks.RULE_KEYS[ClockName.MEDIATION], self.today)
        while self.add(self.mediation_cutoff, period) is None or not self.calendar.is_workday(
            self.mediation_cutoff
        ):
            self.mediation_cutoff -= dt.timedelta(days=1)

    # --- dates -----------------------------------------------------------------------------

    def add(self, day: dt.date | None, n: int) -> dt.date | None:
        """The n-th working day after `day`; None past the calendar (it has not happened)."""
        if day is None:
            return None
        try:
            return self.calendar.add_workdays(day, n)
        except CalendarNotAvailable:
            return None

    def happened(self, day: dt.date | None) -> bool:
        return day is not None and day <= self.today

    def moment(self, day: dt.date, start: int = 9, end: int = 17) -> dt.datetime:
        minute = self.rng.randint(start * 60, end * 60 - 1)
        return dt.datetime.combine(day, dt.time(minute // 60, minute % 60), tzinfo=self.tz)

    # --- clocks and the timeline ------------------------------------------------------------

    def start(self, d: Draft, name: str, day: dt.date) -> Clock:
        rule, days = self.ref.rule(clocks.RULE_KEYS[ClockName(name)], d.received_on)
        clock = d.clocks[name] = Clock(name, rule, day, days, self.add(day, days))
        return clock

    def stop(self, d: Draft, name: str, day: dt.date) -> None:
        clock = d.clocks.get(name)
        if clock is None or clock.stopped_on is not None:
            return
        if clock.paused_since is not None:
            self.resume(clock, day)
        clock.stopped_on = day

    def resume(self, clock: Clock, day: dt.date) -> int:
        assert clock.paused_since is not None
        paused = max(self.calendar.workdays_between(clock.paused_since, day), 0)
        clock.paused_days += paused
        clock.paused_since = None
        clock.due_on = self.add(clock.started_on, clock.days + clock.extension_days + clock.paused_days)
        return paused

    def act(
        self, d: Draft, action: str, at: dt.datetime, before: str, note: str = "", party: str = Party.STAFF
    ) -> dt.datetime:
        """A timeline entry; on the day of the latest one it comes after it (steps are written
        in the order they happen on a day)."""
        last = d.last
        if last is not None and at.date() == last.date() and at <= last:
            at = min(last + dt.timedelta(minutes=self.rng.randint(5, 90)), last.replace(hour=23, minute=59))
        if last is None or at > last:
            d.last = at
        d.actions.append((action, at, party, before, d.status, note))
        return at

    def move(
        self, d: Draft, action: str, day: dt.date, status: str, note: str = "", party: str = Party.STAFF
    ) -> dt.datetime:
        before, d.status = d.status, status
        return self.act(d, action, self.moment(day), before, note, party)

    # --- drawing cases -----------------------------------------------------------------------

    def submissions(self, n: int) -> list[tuple[dt.datetime, str, list[str]]]:
        """n submissions (moment, channel, kinds) between START and now, in order received:
        more around Spring Festival, 618 and Double 11, fewer at weekends, slowly rising;
        walk-ins and letters on working days in office hours."""
        rng = self.rng
        days = [START + dt.timedelta(days=i) for i in range((self.today - START).days + 1)]
        span = max((self.today - START).days, 1)
        weights = [
            SEASON[day.month]
            * (0.6 if day.weekday() >= 5 else 1.0)
            * (0.85 + 0.3 * (day - START).days / span)
            for day in days
        ]
        now = timezone.now()
        drawn = []
        for day in rng.choices(days, weights=weights, k=n):
            roll = rng.random()
            kinds = (
                [CaseKind.COMPLAINT] if roll < 0.85 else [CaseKind.TIP_OFF] if roll < 0.97 else list(CaseKind)
            )
            channels = COMPLAINT_CHANNELS if kinds[0] == CaseKind.COMPLAINT else TIP_OFF_CHANNELS
            channel = rng.choices(list(channels), weights=list(channels.values()))[0]
            if channel in OFFICE_HOURS:
                while not self.calendar.is_workday(day) and day < self.today:
                    day += dt.timedelta(days=1)
                moment = self.moment(day, 9, 17)
            else:
                moment = self.moment(day, 8, 22)
            if moment > now:
                moment = now - dt.timedelta(minutes=rng.randint(5, 300))
            drawn.append((moment, str(channel), [str(k) for k in kinds]))
        drawn.sort(key=lambda row: row[0])
        return drawn

    def person(self, county_code: str, county_name: str, with_id: bool) -> dict[str, str]:
        rng = self.rng
        name = rng.choice(SURNAMES) + rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.6 else "")
        phone = f"1{rng.choice('35789')}{rng.randint(0, 9)}{rng.randint(10_000_000, 99_999_999)}"
        id_number = _id_number(rng, county_code) if with_id else ""
        if rng.random() < 0.5:
            address = f"晋城市{county_name}{rng.choice(ESTATES)}{rng.randint(1, 30)}号楼{rng.randint(1, 6)}单元{rng.randint(101, 1802)}室"
        else:
            address = f"晋城市{county_name}{rng.choice(STREETS)}{rng.randint(1, 399)}号"
        return {"name": name, "phone": phone, "id_number": id_number, "address": address}

    def respondent(self, object_code: str) -> Respondent:
        rng = self.rng
        pool = self.ref.pools.get(object_code)
        if pool is not None and pool.entities and rng.random() < 0.93:
            return rng.choices(pool.entities, cum_weights=pool.cum_weights)[0]
        county = rng.choices(self.ref.county_pks, weights=self.ref.county_weights)[0]
        _code, county_name = self.ref.counties[county]
        word = rng.choice(UNREGISTERED.get(object_code, ("商店",)))
        trade = rng.choice(TRADE_WORDS) + rng.choice(TRADE_WORDS)
        short = county_name.removesuffix("县").removesuffix("市") if county_name != "城区" else "城区"
        name = f"{short}{trade}{word}"
        address = (
            ""
            if word in ("旗舰店", "网店", "直播间")
            else f"晋城市{county_name}{rng.choice(STREETS)}{rng.randint(1, 399)}号"
        )
        return Respondent(None, name, "", address, county)

    def localised(self, text: str, county_name: str) -> str:
        for _pk, (_code, name) in self.ref.counties.items():
            if name != county_name and name in text:
                text = text.replace(name, county_name)
        return text

    # --- the workflow ------------------------------------------------------------------------

    def complaint(self, d: Draft, repeat: bool) -> None:
        rng, received = self.rng, d.received_on
        self.start(d, ClockName.ACCEPT, received)
        odr = d.respondent.odr
        if rng.random() < 0.05:
            self.transfer(d, self.add(received, rng.randint(1, 2)))
        if repeat:
            fate = "rejected"
        else:
            fates = {
                "rejected": 10,
                "withdrawn_early": 3,
                "settled_early": 22 if odr else 0,
                "referred": 4,
                "handled": 81,
            }
            fate = rng.choices(list(fates), weights=list(fates.values()))[0]
        late = rng.random() < 0.04
        if fate == "rejected":
            day = self.add(received, rng.randint(8, 10) if late else rng.randint(1, 6))
            if self.happened(day):
                assert day is not None
                self.reject(d, day, RejectionGround.ALREADY_HANDLED if repeat else None)
            return
        if fate == "withdrawn_early":
            day = self.add(received, rng.randint(1, 4))
            if self.happened(day):
                assert day is not None
                self.close(d, day, Outcome.WITHDRAWN)
            return
        if fate == "settled_early":
            self.settle(d, self.add(received, rng.randint(1, 2)), rng.randint(1, 3))
            return
        if odr and rng.random() < 0.6:
            self.answer(d, self.add(received, rng.randint(1, 3)))
        accepted = self.add(received, rng.randint(8, 11) if late else rng.choice((1, 1, 2, 2, 3, 4, 5)))
        if not self.happened(accepted):
            return
        assert accepted is not None
        self.accept(d, accepted)
        if fate == "referred":
            day = self.add(accepted, rng.randint(2, 10))
            if self.happened(day):
                assert day is not None
                self.close(d, day, Outcome.REFERRED)
            return
        outcomes = {
            Outcome.MEDIATED: 60,
            Outcome.MEDIATION_FAILED: 18,
            Outcome.WITHDRAWN: 10,
            Outcome.SETTLED: 30 if odr else 0,
        }
        outcome = rng.choices(list(outcomes), weights=list(outcomes.values()))[0]
        roll = rng.random()
        span = (
            rng.randint(2, 15) if roll < 0.5 else rng.randint(15, 42) if roll < 0.96 else rng.randint(46, 58)
        )
        closing = self.add(accepted, span)
        pause: tuple[dt.date, dt.date | None] | None = None
        if rng.random() < 0.07:
            paused_on = self.add(accepted, rng.randint(3, 10))
            resumed_on = self.add(paused_on, rng.randint(5, 20))
            if paused_on is not None:
                pause = (paused_on, resumed_on)
                closing = self.add(
                    closing, self.calendar.workdays_between(paused_on, resumed_on) if resumed_on else 0
                )
        mediation_due = self.add(
            accepted, int(self.ref.rule(clocks.RULE_KEYS[ClockName.MEDIATION], received)[1])
        )
        if mediation_due is None and not self.happened(closing):
            self.tally["waiting for mediation (would run into 2027)"] += 1
            return
        self.move(d, "start-mediation", accepted, CaseStatus.MEDIATING)
        clock = self.start(d, ClockName.MEDIATION, accepted)
        if pause is not None and self.happened(pause[0]):
            paused_on, resumed_on = pause
            if self.happened(resumed_on):
                assert resumed_on is not None
                clock.paused_since = paused_on
                self.move(d, "pause-clock", paused_on, CaseStatus.PAUSED, rng.choice(PAUSE_REASONS))
                days = self.resume(clock, resumed_on)
                note = _("%(n)d working days paused") % {"n": days}
                self.move(d, "resume-clock", resumed_on, CaseStatus.MEDIATING, note)
            elif clock.due_on is not None and clock.due_on >= self.today:
                # paused now; a pause that outlasted the unpaused limit would read as overdue
                clock.paused_since = paused_on
                self.move(d, "pause-clock", paused_on, CaseStatus.PAUSED, rng.choice(PAUSE_REASONS))
        if outcome in (Outcome.MEDIATED, Outcome.MEDIATION_FAILED):
            self.sessions(d, accepted, span, closing, agreed=outcome == Outcome.MEDIATED)
        if outcome == Outcome.SETTLED:
            self.settle(d, self.add(accepted, max(1, span - 2)), 2)
            return
        if self.happened(closing):
            assert closing is not None
            self.close(d, closing, outcome)

    def sessions(self, d: Draft, accepted: dt.date, span: int, closing: dt.date | None, agreed: bool) -> None:
        """One or two mediation sessions; the last one on the closing day."""
        rng = self.rng
        days = [self.add(accepted, rng.randint(1, max(1, span - 1)))] if rng.random() < 0.5 else []
        days.append(closing)
        for n, held in enumerate(days):
            if not self.happened(held) or held is None or (closing is not None and held > closing):
                continue
            last = n == len(days) - 1
            note = "现场调解，双方达成调解协议。" if agreed and last else rng.choice(SESSION_NOTES)
            d.sessions.append(
                (held, rng.choice(("on_site", "phone", "phone", "video")), note, agreed and last)
            )
            self.act(d, "mediation-session", self.moment(held), d.status, note)

    def transfer(self, d: Draft, day: dt.date | None) -> None:
        if not self.happened(day) or d.unit is None:
            return
        assert day is not None
        rng = self.rng
        others = [
            pk
            for pk, (_name, county) in self.ref.units.items()
            if pk != d.unit and county in self.ref.counties
        ]
        if not others:
            return
        target = rng.choice(others)
        name, county = self.ref.units[target]
        disputed = rng.random() < 0.25
        reason = rng.choice(TRANSFER_REASONS).format(county=self.ref.counties[county][1])
        if disputed:
            reason = "管辖存在争议，报请上级指定管辖：" + reason
        settled = None
        if disputed:
            self.start(d, ClockName.JURISDICTION, day)
            settled = self.add(day, rng.randint(2, 6) if rng.random() < 0.9 else rng.randint(8, 10))
        at = self.moment(day)
        d.transfers.append(
            (d.unit, target, reason, at, disputed, settled if self.happened(settled) else None)
        )
        self.act(d, "transfer", at, d.status, f"→ {name}: {reason}")
        d.unit, d.county = target, county
        if disputed and self.happened(settled):
            assert settled is not None
            self.stop(d, ClockName.JURISDICTION, settled)
            self.act(d, "settle-dispute", self.moment(settled), d.status)

    def accept(self, d: Draft, day: dt.date) -> None:
        d.accepted_on = day
        self.stop(d, ClockName.ACCEPT, day)
        self.move(d, "accept", day, CaseStatus.ACCEPTED)

    def reject(self, d: Draft, day: dt.date, ground: str | None) -> None:
        rng = self.rng
        if ground is None:
            grounds = dict(GROUNDS)
            if d.received_on < ORDER_121:
                grounds.pop(RejectionGround.IDENTITY)
            ground = rng.choices(list(grounds), weights=list(grounds.values()))[0]
        if ground == RejectionGround.TIME_BARRED:
            d.harm_known_on = d.received_on - dt.timedelta(days=3 * 365 + rng.randint(10, 300))
        note = GROUND_NOTES[RejectionGround(ground)]
        d.rejected_on = d.closed_on = day
        d.rejection_ground, d.outcome, d.closing_note = ground, Outcome.NOT_ACCEPTED, note
        self.stop(d, ClockName.ACCEPT, day)
        self.move(d, "reject", day, CaseStatus.REJECTED, f"{RejectionGround(ground).label} {note}")

    def answer(self, d: Draft, day: dt.date | None, amount: Decimal | None = None) -> dt.datetime | None:
        """The enterprise's answer through ODR, with a proposal when an amount is given."""
        if not self.happened(day):
            return None
        assert day is not None
        at = self.moment(day, 8, 20)
        text = (
            self.rng.choice(PROPOSALS).format(amount=amount)
            if amount is not None
            else self.rng.choice(ANSWERS)
        )
        d.odr.append((Party.RESPONDENT, text, amount, amount is not None, None, None, at))
        self.act(d, "odr-answer", at, d.status, text, Party.RESPONDENT)
        return at

    def settle(self, d: Draft, proposed: dt.date | None, wait: int) -> None:
        """An ODR proposal the complainant agrees to `wait` working days later (a first one
        declined now and then)."""
        rng = self.rng
        base = d.text["amount"] or Decimal(rng.choice((100, 200, 300, 500)))
        amount = (base * rng.choice(RECOVERED)).quantize(CENT)
        if rng.random() < 0.2:
            low = (base * Decimal("0.2")).quantize(CENT)
            at = self.answer(d, proposed, low)
            if at is not None:
                declined = at + dt.timedelta(hours=rng.randint(2, 20))
                d.odr[-1] = (*d.odr[-1][:5], declined, d.odr[-1][6])
                d.odr.append((Party.COMPLAINANT, REPLIES[1], None, False, None, None, declined))
                proposed = self.add(proposed, 2)
        at = self.answer(d, proposed, amount)
        agreed_on = self.add(proposed, wait)
        if at is None or not self.happened(agreed_on):
            return
        assert agreed_on is not None
        agreed = self.moment(agreed_on, 8, 21)
        agreed = max(agreed, at + dt.timedelta(minutes=30))
        d.odr[-1] = (*d.odr[-1][:4], agreed, None, d.odr[-1][6])
        d.odr.append((Party.COMPLAINANT, REPLIES[0], None, False, None, None, agreed))
        self.close(
            d,
            timezone.localdate(agreed),
            Outcome.SETTLED,
            amount,
            _("Settled through ODR: the complainant agreed to the enterprise's proposal."),
            Party.COMPLAINANT,
        )

    def close(
        self,
        d: Draft,
        day: dt.date,
        outcome: str,
        amount: Decimal | None = None,
        note: str = "",
        party: str = Party.STAFF,
    ) -> None:
        rng = self.rng
        if amount is None and outcome == Outcome.MEDIATED and d.text["amount"]:
            amount = (d.text["amount"] * rng.choice(RECOVERED)).quantize(CENT)
        note = note or rng.choice(CLOSING_NOTES.get(Outcome(outcome), ("",)))
        d.closed_on, d.outcome, d.amount_recovered, d.closing_note = day, outcome, amount, note
        if outcome in self.ref.policy_outcomes:
            d.publication_status = PublicationStatus.PENDING_REVIEW
        self.stop(d, ClockName.MEDIATION, day)
        self.stop(d, ClockName.ACCEPT, day)
        self.move(d, "close", day, CaseStatus.CLOSED, f"{Outcome(outcome).label} {note}".strip(), party)
        if outcome == Outcome.MEDIATION_FAILED:
            self.start(d, ClockName.END_NOTICE, day)
            told = self.add(day, rng.randint(1, 5) if rng.random() < 0.95 else rng.randint(8, 9))
            if self.happened(told):
                assert told is not None
                self.stop(d, ClockName.END_NOTICE, told)
                self.act(d, "notify-end", self.moment(told), d.status)
        if (
            d.respondent.payout
            and outcome in (Outcome.MEDIATED, Outcome.SETTLED)
            and amount
            and rng.random() < 0.5
        ):
            d.payouts.append((amount, day))
            self.act(d, "first-payout", self.moment(day), d.status, f"¥{amount}")

    def tip_off(self, d: Draft) -> None:
        rng, received = self.rng, d.received_on
        clock = self.start(d, ClockName.VERIFY, received)
        verification = self.add(received, rng.randint(1, 3))
        if not self.happened(verification):
            return
        assert verification is not None
        self.move(d, "start-verification", verification, CaseStatus.INVESTIGATING)
        extended = rng.random() < 0.1
        if extended:
            extended_on = self.add(received, rng.randint(10, 14))
            _rule, extra = self.ref.rule(clocks.EXTENSION_KEY, received)
            due = self.add(received, clock.days + extra)
            if self.happened(extended_on) and due is not None:
                assert extended_on is not None
                clock.extension_days, clock.due_on = extra, due
                self.act(d, "extend", self.moment(extended_on), d.status, "局长批准延长核查期限")
            else:
                extended = False
        limit = clock.days + clock.extension_days
        spread = (16, limit - 1) if extended else (4, limit - 1)
        decided = self.add(
            received, rng.randint(*spread) if rng.random() < 0.97 else limit + rng.randint(1, 5)
        )
        if not self.happened(decided):
            return
        assert decided is not None
        opened = rng.random() < 0.3
        outcome = Outcome.CASE_OPENED if opened else Outcome.NO_CASE
        note = rng.choice(DECISION_NOTES[opened])
        d.closed_on, d.outcome, d.closing_note = decided, outcome, note
        self.stop(d, ClockName.VERIFY, decided)
        self.move(d, "decide", decided, CaseStatus.CLOSED, f"{Outcome(outcome).label} {note}")
        if not d.is_anonymous and d.person["phone"]:
            self.start(d, ClockName.REPORTER_NOTICE, decided)
            told = self.add(decided, rng.randint(1, 4) if rng.random() < 0.96 else rng.randint(6, 8))
            if self.happened(told):
                assert told is not None
                self.stop(d, ClockName.REPORTER_NOTICE, told)
                self.act(d, "notify-reporter", self.moment(told), d.status, "已电话告知举报人处理结果")

    def after(self, d: Draft) -> None:
        """The follow-up call and the publication of a handled case."""
        rng = self.rng
        ended = d.closed_on
        if ended is None or d.kind != CaseKind.COMPLAINT:
            return
        called = self.add(ended, rng.randint(2, 8))
        if self.happened(called) and rng.random() < 0.7:
            assert called is not None
            weights = SATISFACTION.get(Outcome(d.outcome), SATISFACTION[Outcome.MEDIATED])
            d.satisfaction = rng.choices((1, 2, 3, 4, 5), weights=weights)[0]
            d.follow_up_note = FOLLOW_UPS[d.satisfaction]
            self.act(d, "follow-up", self.moment(called), d.status, d.follow_up_note)
        if d.publication_status != PublicationStatus.PENDING_REVIEW:
            return
        reviewed = self.add(ended, rng.randint(1, 5))
        if not self.happened(reviewed):
            return
        assert reviewed is not None
        if rng.random() < 0.07:
            d.publication_status = PublicationStatus.WITHHELD
            self.act(d, "publication-withhold", self.moment(reviewed), d.status, "涉及未成年人信息，不予公示")
            return
        d.publication_status = PublicationStatus.APPROVED
        d.published_text = self.publication_text(d)
        self.act(d, "publication-approve", self.moment(reviewed), d.status)
        due = self.add(ended, self.ref.delay_days)
        if due is None:
            return
        publish_on = max(due, reviewed + dt.timedelta(days=1))
        if self.happened(publish_on):
            d.publication_status = PublicationStatus.PUBLISHED
            d.published_at = dt.datetime.combine(publish_on, dt.time(2, 0), tzinfo=self.tz)
            self.act(d, "publication-publish", d.published_at, d.status)

    def publication_text(self, d: Draft) -> str:
        from qualitycity.complaints.disclosure import prepare_publication

        # what prepare_publication reads of a case, without building a model instance
        case = SimpleNamespace(
            subject=d.text["subject"],
            facts=d.text["facts"],
            request=d.text["request"],
            outcome=d.outcome,
            amount_recovered=d.amount_recovered,
            complainant_name=d.person["name"],
            complainant_phone=d.person["phone"],
            complainant_id_number=d.person["id_number"],
            complainant_address=d.person["address"],
        )
        return prepare_publication(cast(Any, case))

    # --- writing -----------------------------------------------------------------------------

    def number(self, d: Draft) -> str:
        prefix = "TS" if d.kind == CaseKind.COMPLAINT else "JB"
        year = d.received_on.year
        self.serials[(prefix, year)] += 1
        return f"{prefix}-{year}-{self.serials[(prefix, year)]:06d}"

    def insert(self, d: Draft) -> None:
        rng, text = self.rng, d.text
        handled = d.status != CaseStatus.RECEIVED
        object_code, nature_code = text["object_code"], text["nature_code"]
        suggested_object = object_code if rng.random() < 0.85 else rng.choice(texts.OBJECT_CODES)
        suggested_nature = nature_code if rng.random() < 0.85 else rng.choice(texts.NATURE_CODES)
        confirmed = handled and rng.random() < 0.9
        from qualitycity.complaints.intake import Submission, _facts_hash, submitter_key

        facts_hash = _facts_hash(Submission(kinds=[], facts=text["facts"], respondent_name=d.respondent.name))
        suggestion = {
            "object": {
                "code": suggested_object,
                "confidence": round(rng.uniform(0.35, 0.95), 2),
                "method": "keywords",
            },
            "nature": {
                "code": suggested_nature,
                "confidence": round(rng.uniform(0.3, 0.9), 2),
                "method": "keywords",
            },
            "facts_hash": facts_hash,
        }
        categories = self.ref.categories
        object_category = categories.get(("object", object_code if confirmed else suggested_object))
        nature_category = categories.get(("nature", nature_code if confirmed else suggested_nature))
        person = d.person
        source = f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
        key = submitter_key(
            Submission(
                kinds=[],
                facts="",
                complainant_phone=person["phone"],
                complainant_id_number=person["id_number"],
            ),
            source,
        )
        rows = [(c.name, c.due_on, c.stopped_on) for c in d.clocks.values()]
        handling_due, on_time = handling_flags(rows, self.today)
        harm = d.harm_known_on
        if harm is None and d.kind == CaseKind.COMPLAINT and rng.random() < 0.7:
            harm = d.received_on - dt.timedelta(days=rng.randint(0, 60))
        respondent = d.respondent
        self.cases.add(
            (
                d.pk,
                d.number,
                d.kind,
                d.channel,
                connection.ops.adapt_datetimefield_value(d.received_at),
                d.received_on,
                d.status,
                person["name"],
                person["phone"],
                person["id_number"],
                person["address"],
                d.is_anonymous,
                respondent.pk,
                respondent.name[:200],
                respondent.uscc,
                respondent.address[:300],
                text["object_code"] == "online_shopping",
                text["subject"][:200],
                text["amount"],
                text["facts"],
                text["request"],
                harm,
                object_category,
                nature_category,
                self.suggestion_field.get_db_prep_save(suggestion, connection),
                confirmed,
                d.county,
                d.unit,
                d.accepted_on,
                d.rejected_on,
                d.rejection_ground,
                d.closed_on,
                handling_due,
                on_time,
                d.outcome,
                d.amount_recovered,
                d.satisfaction,
                d.follow_up_note,
                d.closing_note,
                d.split_from,
                d.duplicate_of,
                secrets.token_urlsafe(12),
                key,
                d.publication_status,
                d.published_text,
                connection.ops.adapt_datetimefield_value(d.published_at) if d.published_at else None,
            )
        )
        for c in d.clocks.values():
            self.clock_rows.add(
                (
                    d.pk,
                    c.name,
                    c.rule,
                    c.started_on,
                    c.days,
                    c.extension_days,
                    c.paused_days,
                    c.paused_since,
                    c.due_on,
                    c.stopped_on,
                )
            )
        for action, at, party, before, after, note in d.actions:
            self.action_rows.add((d.pk, action, at, party, before, after, note))
        for row in d.transfers:
            self.transfer_rows.add((d.pk, *row))
        for party, body, amount, is_proposal, agreed, rejected, at in d.odr:
            self.odr_rows.add((d.pk, party, body, amount, is_proposal, agreed, rejected, at))
        for held, mode, note, reached in d.sessions:
            self.session_rows.add((d.pk, held, mode, note, reached))
        for amount, paid_on in d.payouts:
            if respondent.pk is not None:
                self.payout_rows.add((d.pk, respondent.pk, amount, paid_on, "先行赔付"))
        archived = d.status == CaseStatus.CLOSED and d.outcome != Outcome.NOT_ACCEPTED
        if archived and respondent.pk is not None:
            substantiated = d.outcome in (Outcome.MEDIATED, Outcome.SETTLED, Outcome.CASE_OPENED)
            details = {
                "number": d.number,
                "outcome": d.outcome,
                "substantiated": substantiated,
                "object": object_code if confirmed else suggested_object,
                "nature": nature_code if confirmed else suggested_nature,
            }
            self.events.add(
                (
                    respondent.pk,
                    "complaint" if d.kind == CaseKind.COMPLAINT else "tip_off",
                    d.received_on,
                    "minor" if substantiated else "info",
                    f"{d.number} {text['subject']}：{Outcome(d.outcome).label}"[:300],
                    "complaints",
                    "complaints.complaintcase",
                    str(d.pk),
                    False,
                    self.details_field.get_db_prep_save(details, connection),
                )
            )
        self.tally[f"{d.kind} {d.status}"] += 1
        self.tally["Order 121" if d.received_on >= ORDER_121 else "Order 20"] += 1
        for c in d.clocks.values():
            if c.stopped_on is None and c.paused_since is None and c.due_on is not None:
                state = "overdue" if c.due_on < self.today else "open"
                self.tally[f"clock {state}"] += 1

    def flush(self) -> None:
        for rows in (
            self.cases,
            self.clock_rows,
            self.action_rows,
            self.transfer_rows,
            self.odr_rows,
            self.session_rows,
            self.payout_rows,
            self.events,
        ):
            rows.flush()

    def run(self, n: int, first_pk: int, counters: dict[tuple[str, int], int]) -> int:
        """Draw and write n submissions (a few split in two); returns the cases written."""
        rng = self.rng
        self.serials.update(counters)
        recent: deque[Draft] = deque(maxlen=40)
        pk = first_pk
        for received_at, channel, kinds in self.submissions(n):
            earlier = [
                p
                for p in recent
                if p.kind == CaseKind.COMPLAINT and received_at - p.received_at < dt.timedelta(days=1)
            ]
            repeat = kinds == [CaseKind.COMPLAINT] and bool(earlier) and rng.random() < 0.015
            first: Draft | None = None
            for kind in kinds:
                d = self.draft(pk, kind, channel, received_at, rng.choice(earlier) if repeat else None)
                if first is not None:
                    # one submission, two cases: the tip-off is the complaint's text and sender
                    d.text, d.person, d.respondent = first.text, first.person, first.respondent
                    d.county, d.unit, d.split_from, d.is_anonymous = first.county, first.unit, first.pk, False
                d.number = self.number(d)
                note = _("Received through %(channel)s") % {"channel": Channel(channel).label}
                if first is not None:
                    note += _("; split from %(number)s") % {"number": first.number}
                party = Party.COMPLAINANT if channel in (Channel.PORTAL, Channel.API) else Party.STAFF
                self.act(d, "received", received_at, "", note, party)
                if kind == CaseKind.COMPLAINT:
                    self.complaint(d, repeat)
                else:
                    self.tip_off(d)
                self.after(d)
                self.insert(d)
                recent.append(d)
                first = first or d
                pk += 1
                if (pk - first_pk) % 50_000 == 0:
                    self.ctx.out(f"  {pk - first_pk} cases")
        self.flush()
        return pk - first_pk

    def draft(
        self, pk: int, kind: str, channel: str, received_at: dt.datetime, repeat: Draft | None
    ) -> Draft:
        rng = self.rng
        if repeat is not None:
            text, respondent, person = repeat.text, repeat.respondent, repeat.person
        else:
            text = texts.generate(rng, kind=kind)
            respondent = self.respondent(text["object_code"])
            text = {**text, "facts": self.localised(text["facts"], self.ref.counties[respondent.county][1])}
            home = rng.choices(self.ref.county_pks, weights=self.ref.county_weights)[0]
            with_id = timezone.localdate(received_at) >= ORDER_121 or rng.random() < 0.4
            person = self.person(*self.ref.counties[home], with_id=with_id)
        anonymous = kind == CaseKind.TIP_OFF and rng.random() < 0.3
        if anonymous:
            person = {"name": "", "phone": "", "id_number": "", "address": ""}
        return Draft(
            pk=pk,
            kind=kind,
            channel=channel,
            received_at=received_at,
            text=text,
            person=person,
            respondent=respondent,
            county=respondent.county,
            unit=self.ref.unit_of_county.get(respondent.county, self.ref.city_unit),
            is_anonymous=anonymous,
            duplicate_of=repeat.pk if repeat is not None else None,
        )


CASE_COLUMNS = [
    "id",
    "number",
    "kind",
    "channel",
    "received_at",
    "received_on",
    "status",
    "complainant_name",
    "complainant_phone",
    "complainant_id_number",
    "complainant_address",
    "is_anonymous",
    "respondent_id",
    "respondent_name",
    "respondent_uscc",
    "respondent_address",
    "is_online",
    "subject",
    "amount",
    "facts",
    "request",
    "harm_known_on",
    "object_category_id",
    "problem_category_id",
    "suggestion",
    "classification_confirmed",
    "county_id",
    "handling_department_id",
    "accepted_on",
    "rejected_on",
    "rejection_ground",
    "closed_on",
    "handling_due",
    "on_time",
    "outcome",
    "amount_recovered",
    "satisfaction",
    "follow_up_note",
    "closing_note",
    "split_from_id",
    "duplicate_of_id",
    "receipt_code",
    "submitter_key",
    "publication_status",
    "published_text",
    "published_at",
]
CLOCK_COLUMNS = [
    "case_id",
    "name",
    "rule_id",
    "started_on",
    "days",
    "extension_days",
    "paused_days",
    "paused_since",
    "due_on",
    "stopped_on",
]


def _id_number(rng: random.Random, county_code: str) -> str:
    """A resident ID number (GB 11643) of someone born in the county, with its check character."""
    born = dt.date(1955, 1, 1) + dt.timedelta(days=rng.randint(0, 365 * 50))
    body = f"{county_code}{born:%Y%m%d}{rng.randint(0, 999):03d}"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    check = "10X98765432"[sum(int(ch) * w for ch, w in zip(body, weights, strict=True)) % 11]
    return body + check


# --- the sample through the real services -------------------------------------------------------


def _stamp(case: Any, when: dt.datetime) -> None:
    """Move the case's newest timeline entry to the moment it stands for."""
    from qualitycity.complaints.models import CaseAction

    newest = CaseAction.objects.filter(case=case).order_by("-pk")[:1].values_list("pk", flat=True)
    CaseAction.objects.filter(pk__in=list(newest)).update(at=when)


@dataclass
class Sample:
    """Recent cases taken in and handled through `complaints.services`, as staff would (the
    system acting, like the other generators' services calls)."""

    sim: Simulation
    made: Counter[str] = field(default_factory=Counter)
    #: each case's latest timeline moment
    last: dict[int, dt.datetime] = field(default_factory=dict)

    def day(self, back: int) -> dt.date:
        """The working day `back` working days before today (0: today or the last one)."""
        day, calendar = self.sim.today, self.sim.calendar
        while not calendar.is_workday(day):
            day -= dt.timedelta(days=1)
        while back > 0:
            day -= dt.timedelta(days=1)
            back -= calendar.is_workday(day)
        return day

    def submit(
        self,
        received: dt.date,
        *,
        kinds: Iterable[str] = ("complaint",),
        respondent: Respondent | None = None,
        object_code: str | None = None,
        channel: str = Channel.HOTLINE_12315,
    ) -> list[Any]:
        from qualitycity.complaints import services

        sim, rng = self.sim, self.sim.rng
        kinds = list(kinds)
        text = texts.generate(rng, object_code, kind=kinds[0])
        respondent = respondent or sim.respondent(text["object_code"])
        code, name = sim.ref.counties[respondent.county]
        person = sim.person(code, name, with_id=True)
        address = respondent.address or f"晋城市{name}{rng.choice(STREETS)}{rng.randint(1, 399)}号"
        data = services.Submission(
            kinds=kinds,
            facts=sim.localised(text["facts"], name),
            subject=text["subject"],
            request=text["request"],
            amount=text["amount"],
            respondent_name=respondent.name,
            respondent_uscc=respondent.uscc,
            respondent_address=address,
            is_online=text["object_code"] == "online_shopping",
            county_code=code,
            complainant_name=person["name"],
            complainant_phone=person["phone"],
            complainant_id_number=person["id_number"],
            complainant_address=person["address"],
            received_at=sim.moment(received),
        )
        result = services.submit(data, actor=None, channel=channel, source="demo")
        for case in result.cases:
            _stamp(case, case.received_at)
            self.last[case.pk] = case.received_at
        self.made["received"] += len(result.cases)
        return result.cases

    def step(self, name: str, case: Any, on: dt.date, **kwargs: Any) -> Any:
        from qualitycity.complaints import services

        transition = cast(Callable[..., Any], services.TRANSITIONS[name])
        if name == "start-verification":  # the service takes no date
            case = transition(case, actor=None, **kwargs)
        else:
            case = transition(case, actor=None, on=on, **kwargs)
        self.stamp(case, on)
        self.made[name] += 1
        return case

    def stamp(self, case: Any, on: dt.date) -> None:
        """Move the newest timeline entry to `on`, after the case's earlier entries that day."""
        at = self.sim.moment(on, 9, 17)
        last = self.last.get(case.pk)
        if last is not None and last.date() == on and at <= last:
            at = last + dt.timedelta(minutes=self.sim.rng.randint(5, 60))
        self.last[case.pk] = at
        _stamp(case, at)

    def enterprise(self, entity: Any) -> None:
        """The demo enterprise's complaints: one waiting for its answer, one answered with a
        proposal the complainant has not yet decided on, one in mediation, one settled through
        ODR today, one mediated last month."""
        from qualitycity.complaints import services
        from qualitycity.core.models import User

        spec = next(s for s in DEMO_USERS if s["username"] == "qiye")
        owner, _created = User.objects.get_or_create(
            username=spec["username"], defaults={"role": spec["role"], "first_name": spec["first_name"]}
        )
        if owner.uscc != entity.uscc:
            owner.uscc = entity.uscc
            owner.save(update_fields=["uscc"])
        rng = self.sim.rng
        respondent = Respondent(entity.pk, entity.name, entity.uscc, entity.address, entity.county_id, True)
        code = next((o for o, trades in TRADES.items() if entity.industry_code in trades), "daily_goods")
        self.submit(self.day(1), respondent=respondent, object_code=code, channel=Channel.PORTAL)
        proposed = self.submit(self.day(3), respondent=respondent, object_code=code)[0]
        services.respond(proposed, user=owner, text=rng.choice(ANSWERS))
        self.stamp(proposed, self.day(2))
        offer = Decimal("168.00")
        services.respond(proposed, user=owner, text=PROPOSALS[0].format(amount=offer), proposed_amount=offer)
        self.stamp(proposed, self.day(1))
        mediating, _accepted = self.mediating(respondent=respondent, object_code=code)
        services.respond(mediating, user=owner, text=rng.choice(ANSWERS))
        self.stamp(mediating, self.day(0))
        settled = self.submit(self.day(6), respondent=respondent, object_code=code)[0]
        offer = Decimal("89.00")
        proposal = services.respond(
            settled, user=owner, text=PROPOSALS[2].format(amount=offer), proposed_amount=offer
        )
        self.stamp(settled, self.day(4))
        services.complainant_decides(settled, proposal=proposal, agree=True)
        self.made["settled through ODR"] += 1
        closed = self.submit(self.day(25), respondent=respondent, object_code=code)[0]
        self.step("accept", closed, self.day(23))
        self.step("start-mediation", closed, self.day(23))
        self.step(
            "close",
            closed,
            self.day(12),
            outcome=Outcome.MEDIATED,
            amount_recovered=Decimal("120.00"),
            note="经调解，经营者退还货款120元。",
        )

    def general(self, n: int) -> None:
        """n recent cases through the services, one scenario after the other (`SCENARIOS`),
        so that every status, a clock due soon and an overdue one exist at every scale."""
        for i in range(n):
            getattr(self, f"scenario_{SCENARIOS[i % len(SCENARIOS)]}")()

    def complaint_accepted(
        self, back: tuple[int, int], latest: dt.date | None = None, **submission: Any
    ) -> tuple[Any, dt.date]:
        """A complaint received `back` working days ago (or so that it is accepted by
        `latest`), accepted one to three working days later."""
        sim, rng = self.sim, self.sim.rng
        delay = rng.randint(1, 3)
        received = self.day(rng.randint(*back))
        if latest is not None:
            received = min(received, self.before(latest, delay))
        case = self.submit(received, **submission)[0]
        accepted = min(sim.add(received, delay) or received, self.day(0))
        return self.step("accept", case, accepted), accepted

    def before(self, day: dt.date, back: int) -> dt.date:
        calendar = self.sim.calendar
        while back > 0:
            day -= dt.timedelta(days=1)
            back -= calendar.is_workday(day)
        return day

    def mediating(self, **submission: Any) -> tuple[Any, dt.date]:
        """In mediation whose 45 working days still end inside 2026 (the calendar has no 2027
        yet): accepted by the last day that allows it."""
        case, accepted = self.complaint_accepted((22, 30), latest=self.sim.mediation_cutoff, **submission)
        return self.step("start-mediation", case, accepted), accepted

    def scenario_mediated(self) -> None:
        case, accepted = self.complaint_accepted((30, 60))
        case = self.step("start-mediation", case, accepted)
        closing = self.sim.add(accepted, self.sim.rng.randint(3, 12)) or accepted
        note = CLOSING_NOTES[Outcome.MEDIATED][0]
        amount = Decimal(self.sim.rng.randint(50, 800))
        self.step("close", case, closing, outcome=Outcome.MEDIATED, amount_recovered=amount, note=note)

    def scenario_failed(self) -> None:
        case, accepted = self.complaint_accepted((30, 60))
        case = self.step("start-mediation", case, accepted)
        closing = self.sim.add(accepted, self.sim.rng.randint(5, 15)) or accepted
        note = CLOSING_NOTES[Outcome.MEDIATION_FAILED][0]
        self.step("close", case, closing, outcome=Outcome.MEDIATION_FAILED, note=note)

    def scenario_in_mediation(self) -> None:
        self.mediating()

    def scenario_paused(self) -> None:
        case, accepted = self.mediating()
        paused = self.sim.add(accepted, self.sim.rng.randint(3, 8)) or accepted
        self.step("pause-clock", case, min(paused, self.day(0)), reason=self.sim.rng.choice(PAUSE_REASONS))

    def scenario_accepted(self) -> None:
        self.complaint_accepted((2, 6))

    def scenario_due_soon(self) -> None:
        self.submit(self.day(self.sim.rng.randint(5, 6)))  # its 7 working days end within 2

    def scenario_overdue(self) -> None:
        self.submit(self.day(self.sim.rng.randint(9, 14)))  # never accepted

    def scenario_rejected(self) -> None:
        received = self.day(self.sim.rng.randint(5, 30))
        case = self.submit(received)[0]
        ground = RejectionGround.MISSING_MATERIALS
        day = min(self.sim.add(received, 3) or received, self.day(0))
        self.step("reject", case, day, ground=ground, note=GROUND_NOTES[ground])

    def scenario_investigating(self) -> None:
        received = self.day(self.sim.rng.randint(2, 8))
        tip = self.submit(received, kinds=["tip_off"])[0]
        self.step("start-verification", tip, min(self.sim.add(received, 1) or received, self.day(0)))

    def scenario_decided(self) -> None:
        sim, rng = self.sim, self.sim.rng
        received = self.day(rng.randint(12, 30))
        tip = self.submit(received, kinds=["tip_off"])[0]
        tip = self.step("start-verification", tip, sim.add(received, 1) or received)
        opened = rng.random() < 0.4
        decided = sim.add(received, rng.randint(4, 10)) or received
        tip = self.step("decide", tip, decided, opened=opened, note=rng.choice(DECISION_NOTES[opened]))
        told = sim.add(decided, rng.randint(1, 3)) or decided
        if sim.happened(told):
            self.step("notify-reporter", tip, told, note="已电话告知举报人处理结果")

    def scenario_both(self) -> None:
        self.submit(self.day(self.sim.rng.randint(1, 4)), kinds=["complaint", "tip_off"])

    def scenario_transferred(self) -> None:
        from qualitycity.complaints import services
        from qualitycity.core.models import Department

        sim, rng = self.sim, self.sim.rng
        received = self.day(rng.randint(8, 12))
        case = self.submit(received)[0]
        target = (
            Department.objects.filter(kind="market_supervision", division__pk__in=sim.ref.counties)
            .exclude(pk=case.handling_department_id)
            .order_by("code")
            .first()
        )
        if target is None:
            return
        on = sim.add(received, 1) or received
        case = self.step(
            "transfer", case, on, to_department=target, reason="管辖存在争议，报请上级指定管辖", disputed=True
        )
        settled = sim.add(on, 2) or on
        services.settle_dispute(case, actor=None, on=settled)
        self.stamp(case, settled)
        self.step("accept", case, sim.add(settled, 1) or settled)


#: The services sample's scenarios, in the order they are written.
SCENARIOS = (
    "overdue",
    "due_soon",
    "paused",
    "investigating",
    "in_mediation",
    "accepted",
    "rejected",
    "mediated",
    "decided",
    "both",
    "transferred",
    "failed",
)


# --- the generator ------------------------------------------------------------------------------


@register_generator("complaints and tip-offs", exists=_exists)
def generate_complaints(ctx: DemoContext) -> None:
    from qualitycity.complaints.models import CaseCounter, ComplaintCase
    from qualitycity.core.services import calendar
    from qualitycity.registry.models import Entity

    today = timezone.localdate()
    ref = _reference(today)
    if ref is None:
        ctx.out("  complaints skipped: the Jincheng counties, routing or rule book are missing")
        return
    try:
        calendar().add_workdays(START, 1)
        calendar().is_workday(today)
    except CalendarNotAvailable as exc:
        ctx.out(f"  complaints skipped: {exc}")
        return
    n = case_count(ctx.scale, ctx.entities)
    with transaction.atomic(), translation.override("zh-hans"):
        enterprise = (
            Entity.objects.filter(uscc=fact("enterprise_uscc"))
            .annotate(industry_code=models.F("industry__code"))
            .first()
        )
        odr = _pools(
            ref, ctx.rng, enterprise.pk if enterprise else None, max(50, min(5000, ctx.entities // 20))
        )
        sim = Simulation(ctx, ref)
        counters = {(c.prefix, c.year): c.last for c in CaseCounter.objects.all()}
        first = (ComplaintCase.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        written = sim.run(n, first, counters)
        reset_sequences(ComplaintCase)  # the bulk rows carry their ids; the services' come next
        for (prefix, year), last in sim.serials.items():
            CaseCounter.objects.update_or_create(prefix=prefix, year=year, defaults={"last": last})
        sample = Sample(sim)
        if enterprise is not None:
            sample.enterprise(enterprise)
        sample.general(12 if ctx.scale == "tiny" else 40)
    tally = sim.tally
    statuses = {k: v for k, v in sorted(tally.items()) if k.startswith(("complaint ", "tip_off "))}
    ctx.out(
        f"  {written} cases in bulk {statuses}, {tally['Order 20']} received under Order 20 and "
        f"{tally['Order 121']} under Order 121; {sim.clock_rows.count} clocks "
        f"({tally['clock overdue']} overdue, {tally['clock open']} running); {sim.action_rows.count} "
        f"timeline entries; {sim.odr_rows.count} ODR messages; {sim.payout_rows.count} first payouts; "
        f"{sim.events.count} archive events; {len(odr)} ODR enterprises; "
        f"{tally['waiting for mediation (would run into 2027)']} accepted complaints waiting for mediation"
    )
    ctx.out(f"  through the services: {dict(sample.made)}")

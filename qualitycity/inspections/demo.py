"""Demo random inspections (双随机、一公开) of Jincheng for the current year.

The generator runs after the register and the credit archive (generators run in the order of
INSTALLED_APPS: registry, credit, inspections), so every draw stratifies by the risk classes
the credit generator has just computed.

- Reference data: the check-item lists (抽查事项清单) of the city bureau, the six county
  bureaus, 工信局 and 农业农村局, and the inspector pool (执法检查人员名录库) with people on
  leave, retired, with an expired enforcement certificate and with declared conflicts. The
  demo user `inspector1` (created here if need be; `create_demo_users` sets its password
  afterwards) is the city bureau's first inspector. Results use the categories of
  migration 0002.
- A year of plans and tasks, each taken through the real services as the system (actor
  None, as the other demo generators write): `approve_task`, `draw_task`, `submit_result`,
  `confirm_result`, `publish_results`. Tasks end up in every state the screens show:
  published, published late, publication overdue, due soon, due, still running,
  approved with only the commitment published, and a draft; two are joint tasks.

The services stamp the current time; afterwards the demo moves the approval, draw,
confirmation and publication stamps to the working days they stand for (plain UPDATEs: like
the other generators' bulk inserts they write no audit record). Periods are counted in
working days from `timezone.localdate()`, so the states hold whenever the demo is loaded
(while the working-day calendar knows the year; without it the generator is skipped).
Where a pool is large (city scale) the plan's ratios are stepped down so that no task has
more than 5,000 / (number of tasks) targets, about 135. The draws' seeds come from the
service (`secrets`), so which entities are drawn differs between runs; how many targets each
task has follows from the demo seed and the register."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Count, Prefetch
from django.utils import timezone

from qualitycity.core.demo import DEMO_USERS, DemoContext, register_generator
from qualitycity.core.models import Department, Division, User
from qualitycity.core.services import CalendarNotAvailable, add_workdays, is_workday
from qualitycity.inspections.algorithm import UNCLASSIFIED, quota
from qualitycity.inspections.choices import CheckItemWeight, ConflictKind, InspectorStatus
from qualitycity.inspections.models import (
    CheckItem,
    Draw,
    DrawAssignment,
    DrawTarget,
    InspectionPlan,
    InspectionResult,
    InspectionTask,
    Inspector,
    InspectorConflict,
    ResultCategory,
)
from qualitycity.inspections.services import (
    ItemEntry,
    approve_task,
    confirm_result,
    draw_task,
    pool_queryset,
    publish_results,
    submit_result,
    task_items,
)
from qualitycity.registry.models import Entity

CITY_BUREAU = "samr-jc"
#: County bureau → the two letters of its task and inspector numbers.
COUNTY_BUREAUS = {
    "samr-cq": "CQ",
    "samr-qs": "QS",
    "samr-yc": "YC",
    "samr-lc": "LC",
    "samr-zz": "ZZ",
    "samr-gp": "GP",
}
OTHER_DEPARTMENTS = {"gxj": "GXJ", "nyncj": "NY"}
#: Most targets a task gets, and all tasks together (the demo stays quick at city scale).
MAX_TARGETS_PER_TASK = 300
MAX_TARGETS = 5000
#: A directed pool (industry, entity type) smaller than this falls back to the whole county.
MIN_POOL = 20
PLAN_RATIOS = {"A": "3", "B": "5", "C": "15", "D": "50", UNCLASSIFIED: "5"}
#: Ratios a plan would write, for stepping a ratio down in a large pool.
RATIO_STEPS = (100, 50, 30, 20, 15, 10, 8, 5, 3, 2, 1, 0.5, 0.3, 0.2, 0.1, 0.05, 0.02, 0.01)


@dataclass(frozen=True)
class ItemSpec:
    """One row of a check-item list; `theme` links it to the tasks that use it."""

    theme: str
    number: str
    name: str
    sub_item: str
    legal_basis: str
    target_type: str
    check_method: str
    ratio_and_frequency: str
    weight: str
    inspector_requirements: str = ""


def _rows(table: str) -> list[ItemSpec]:
    """A list written as a table, one `|`-separated item per line, columns as in `ItemSpec`
    (the columns of a published 抽查事项清单); the weight is 重点 or 一般."""
    rows = []
    for line in table.strip().splitlines():
        cells = [c.strip() for c in line.split("|")]
        cells[8] = CheckItemWeight.KEY if cells[8] == "重点" else CheckItemWeight.GENERAL
        rows.append(ItemSpec(*cells))
    return rows


#: The list of every market-supervision bureau (市场监管部门随机抽查事项清单).
SAMR_ITEMS = _rows("""
registration | A01 | 登记事项检查 | 营业执照（登记证）规范使用情况的检查 | 《中华人民共和国市场主体登记管理条例》第三十六条、第三十八条 | 企业、农民专业合作社、个体工商户 | 实地核查 | 不低于3%，每年1次 | 重点 |
registration | A01 | 登记事项检查 | 住所（经营场所）的检查 | 《中华人民共和国市场主体登记管理条例》第三十八条；《中华人民共和国市场主体登记管理条例实施细则》 | 企业、农民专业合作社、个体工商户 | 实地核查 | 不低于3%，每年1次 | 重点 |
registration | A01 | 登记事项检查 | 法定代表人（负责人）任职情况的检查 | 《中华人民共和国市场主体登记管理条例》第三十八条 | 企业、农民专业合作社 | 书面检查、实地核查 | 不低于3%，每年1次 | 一般 |
disclosure | A02 | 公示信息检查 | 企业年度报告公示信息的检查 | 《企业信息公示暂行条例》；《企业公示信息抽查办法》（国家市场监督管理总局令第101号） | 企业、农民专业合作社 | 书面检查、实地核查、网络监测 | 不低于3%，每年1次 | 重点 |
disclosure | A02 | 公示信息检查 | 企业即时公示信息的检查 | 《企业信息公示暂行条例》；《企业公示信息抽查办法》（国家市场监督管理总局令第101号） | 企业 | 书面检查、网络监测 | 不低于3%，每年1次 | 一般 |
product | A03 | 产品质量监督检查 | 生产者产品质量的检查 | 《中华人民共和国产品质量法》第十五条、第十八条；《产品质量监督抽查管理暂行办法》（国家市场监督管理总局令第18号） | 工业产品生产企业 | 现场检查、抽样检验 | 按年度抽查计划 | 重点 | 熟悉产品质量法律法规和相关产品标准
product | A03 | 产品质量监督检查 | 销售者产品质量的检查 | 《中华人民共和国产品质量法》第十五条、第十八条 | 工业产品销售者 | 现场检查、抽样检验 | 按年度抽查计划 | 一般 |
product | A04 | 工业产品生产许可证检查 | 获证企业持续保持生产条件的检查 | 《中华人民共和国工业产品生产许可证管理条例》 | 取得工业产品生产许可证的企业 | 现场检查 | 按年度抽查计划 | 一般 |
food_production | A05 | 食品生产经营检查 | 食品生产者的检查 | 《中华人民共和国食品安全法》第一百一十条；《食品生产经营监督检查管理办法》（国家市场监督管理总局令第49号） | 食品生产者 | 现场检查 | 按风险等级确定频次，每2年至少全项目检查1次 | 重点 | 食品安全监管执法人员
food_sale | A05 | 食品生产经营检查 | 食品销售者的检查 | 《中华人民共和国食品安全法》第一百一十条；《食品生产经营监督检查管理办法》（国家市场监督管理总局令第49号） | 食品销售者 | 现场检查 | 按风险等级确定频次，每2年至少全项目检查1次 | 重点 | 食品安全监管执法人员
catering | A05 | 食品生产经营检查 | 餐饮服务提供者的检查 | 《中华人民共和国食品安全法》第一百一十条；《食品生产经营监督检查管理办法》（国家市场监督管理总局令第49号） | 餐饮服务提供者 | 现场检查 | 按风险等级确定频次，每2年至少全项目检查1次 | 重点 | 食品安全监管执法人员
metrology | A06 | 计量监督检查 | 强制检定计量器具使用情况的检查 | 《中华人民共和国计量法》第九条；《中华人民共和国计量法实施细则》 | 使用强制检定计量器具的单位和个体工商户 | 现场检查 | 按年度抽查计划 | 一般 |
metrology | A06 | 计量监督检查 | 定量包装商品净含量的检查 | 《中华人民共和国计量法》；《定量包装商品计量监督管理办法》（国家市场监督管理总局令第70号） | 定量包装商品生产者、销售者 | 现场检查、抽样检验 | 按年度抽查计划 | 一般 |
equipment_use | A07 | 特种设备检查 | 特种设备使用单位的检查 | 《中华人民共和国特种设备安全法》第五十七条、第六十一条 | 特种设备使用单位 | 现场检查 | 按年度抽查计划 | 重点 | 特种设备安全监察人员
equipment_make | A07 | 特种设备检查 | 特种设备生产单位的检查 | 《中华人民共和国特种设备安全法》第五十七条、第六十一条 | 特种设备设计、制造、安装、改造、修理单位 | 现场检查 | 按年度抽查计划 | 重点 | 特种设备安全监察人员
advertising | A08 | 广告发布检查 | 广告主、广告经营者、广告发布者广告行为的检查 | 《中华人民共和国广告法》第四十九条 | 广告主、广告经营者、广告发布者 | 网络监测、现场检查 | 按年度抽查计划 | 一般 |
price | A09 | 价格行为检查 | 明码标价情况的检查 | 《中华人民共和国价格法》第十三条、第三十四条；《明码标价和禁止价格欺诈规定》（国家市场监督管理总局令第56号） | 经营者 | 现场检查 | 按年度抽查计划 | 一般 |
""")
OTHER_ITEMS = {
    "gxj": _rows("""
energy | G01 | 工业节能监察 | 重点用能工业企业能源利用状况的监察 | 《中华人民共和国节约能源法》第十二条；《工业节能监察办法》（工业和信息化部令第33号） | 重点用能工业企业 | 现场监察、书面监察 | 不低于5%，每年1次 | 重点 | 节能监察人员
explosives | G02 | 民用爆炸物品安全检查 | 民用爆炸物品生产、销售企业的检查 | 《民用爆炸物品安全管理条例》 | 民用爆炸物品生产、销售企业 | 现场检查 | 每年1次 | 重点 |
"""),
    "nyncj": _rows("""
farm_inputs | N01 | 农药经营检查 | 农药经营者经营行为的检查 | 《农药管理条例》 | 农药经营者 | 现场检查、抽样检测 | 不低于5%，每年1次 | 重点 |
farm_inputs | N02 | 种子生产经营检查 | 种子生产经营者的检查 | 《中华人民共和国种子法》 | 种子生产经营者 | 现场检查 | 按年度抽查计划 | 一般 |
farm_produce | N03 | 农产品质量安全检查 | 农产品生产企业和农民专业合作社的检查 | 《中华人民共和国农产品质量安全法》 | 农产品生产企业、农民专业合作社 | 现场检查、抽样检测 | 按年度抽查计划 | 重点 |
"""),
}
THEME_OF = {
    (s.number, s.sub_item): s.theme for s in [*SAMR_ITEMS, *OTHER_ITEMS["gxj"], *OTHER_ITEMS["nyncj"]]
}
#: Notes an inspector writes for a problem found, per theme.
PROBLEM_NOTES = {
    "registration": [
        "营业执照未置于经营场所醒目位置，已当场责令改正",
        "实际经营地址与登记住所不一致，已责令限期办理变更登记",
    ],
    "disclosure": ["2025年度报告从业人数与社保缴费人数不符，已责令更正", "股东出资信息未及时公示"],
    "product": ["成品库存产品标识不全，缺少生产日期", "出厂检验记录不完整"],
    "food_production": ["原料进货查验记录不全", "生产车间防蝇防鼠设施损坏"],
    "food_sale": ["部分预包装食品超过保质期仍在销售", "未建立进货查验记录"],
    "catering": ["从业人员健康证明过期", "餐具消毒记录不完整"],
    "metrology": ["电子计价秤超过检定周期未送检", "定量包装商品净含量标注不规范"],
    "equipment_use": ["电梯维护保养记录不全", "压力容器未按期定期检验"],
    "equipment_make": ["焊接工艺评定资料不全"],
    "advertising": ["网店宣传使用“最佳”等绝对化用语，已责令删除"],
    "price": ["部分商品未明码标价，已当场责令改正"],
    "energy": ["主要耗能设备能耗台账不全"],
    "explosives": ["库房出入库登记不全"],
    "farm_inputs": ["农药经营台账记录不全", "销售种子包装标签不规范"],
    "farm_produce": ["农产品生产记录不全", "未按规定开具承诺达标合格证"],
}

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎潘杜戴夏钟田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟段牛申常原"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国红梅志文斌海波晨宇浩然晓东鹏飞亮俊"
SPECIALITIES = {
    "samr": ["登记注册", "信用监管", "产品质量", "食品安全", "计量", "特种设备", "广告监管", "价格监督"],
    "gxj": ["工业节能", "民爆安全"],
    "nyncj": ["农药管理", "种子管理", "农产品质量安全"],
}


@dataclass(frozen=True)
class TaskSpec:
    """A task of the demo year: who, what, which pool, when (working days from today: a
    negative number counts back), and how far it has got (`fate`)."""

    lead: str
    name: str
    themes: tuple[str, ...]
    period: tuple[int, int]
    fate: str
    industry: str = ""
    entity_type: str = ""
    county: str = ""
    participating: tuple[str, ...] = ()
    partner_themes: tuple[str, ...] = ()
    note: str = ""


#: Periods (start, end) in working days from today; with today 2026-11-28 they are the dates
#: in the comments. P4 ended long enough ago to be overdue, P5 is due within a few days.
P1 = (-187, -154)  # 03-02 … 04-17
P2 = (-153, -116)  # 04-20 … 06-12
P3 = (-115, -72)  # 06-15 … 08-14
P4 = (-71, -39)  # 08-17 … 09-30
P5 = (-60, -18)  # 09-01 … 11-04
P6 = (-35, -6)  # 10-12 … 11-20
P7 = (-20, 15)  # 11-02 … 12-18
P8 = (2, 20)  # 12-01 … 12-25
JOINT_SPRING = (-144, -105)  # 05-06 … 06-30
CITY_SPRING = (-177, -126)  # 03-16 … 05-29
CITY_SUMMER = (-104, -56)  # 07-01 … 09-07

COUNTY_TASKS: list[tuple[str, tuple[str, ...], tuple[int, int], str, str, dict[str, str]]] = [
    # (name, themes, period, industry, entity type, fate per county; a county not named has none)
    (
        "登记事项和企业公示信息双随机抽查",
        ("registration", "disclosure"),
        P1,
        "",
        "enterprise",
        dict.fromkeys(COUNTY_BUREAUS, "published"),
    ),
    (
        "工业产品质量双随机抽查",
        ("product",),
        P2,
        "3",
        "",
        dict.fromkeys(COUNTY_BUREAUS, "published"),
    ),
    (
        "餐饮服务食品安全双随机抽查",
        ("catering",),
        P3,
        "62",
        "",
        {**dict.fromkeys(COUNTY_BUREAUS, "published"), "samr-yc": "published_late"},
    ),
    (
        "计量监督双随机抽查",
        ("metrology",),
        P4,
        "52",
        "",
        {"samr-cq": "published", "samr-qs": "overdue", "samr-lc": "overdue", "samr-gp": "published"},
    ),
    (
        "特种设备使用单位双随机抽查",
        ("equipment_use",),
        P5,
        "30",
        "",
        {"samr-zz": "due_soon", "samr-yc": "due_soon"},
    ),
    (
        "食品生产企业双随机抽查",
        ("food_production",),
        P6,
        "13",
        "",
        {"samr-cq": "due", "samr-qs": "due", "samr-gp": "due"},
    ),
    (
        "明码标价和广告发布双随机抽查",
        ("price", "advertising"),
        P7,
        "52",
        "",
        {"samr-cq": "running", "samr-zz": "running", "samr-lc": "running"},
    ),
]

OTHER_TASKS = [
    TaskSpec(
        "samr-gp",
        "农资和农产品质量安全部门联合双随机抽查",
        ("product",),
        JOINT_SPRING,
        "published",
        industry="01",
        participating=("nyncj",),
        partner_themes=("farm_inputs", "farm_produce"),
        note="部门联合抽查，进一次门、查多项事。",
    ),
    TaskSpec(
        "samr-jc",
        "全市特种设备生产单位双随机抽查",
        ("equipment_make",),
        CITY_SPRING,
        "published",
        industry="33",
    ),
    TaskSpec(
        "samr-jc",
        "全市企业公示信息定向抽查",
        ("disclosure",),
        CITY_SUMMER,
        "published_late",
        entity_type="enterprise",
    ),
    TaskSpec(
        "samr-jc",
        "泽州县铸造企业产品质量和工业节能部门联合双随机抽查",
        ("product",),
        P5,
        "due_soon",
        industry="339",
        county="140525",
        participating=("gxj",),
        partner_themes=("energy",),
        note="部门联合抽查，进一次门、查多项事。",
    ),
    TaskSpec("samr-jc", "全市计量器具使用单位双随机抽查", ("metrology",), P7, "running", industry="52"),
    TaskSpec("samr-jc", "全市广告发布双随机抽查", ("advertising",), P8, "approved"),
    TaskSpec("samr-jc", "全市食品销售者双随机抽查", ("food_sale",), P8, "draft", industry="52"),
]

#: Share of targets with a result entered, and of those the share confirmed, per fate.
PROGRESS = {
    "published": (1.0, 1.0),
    "published_late": (1.0, 1.0),
    "overdue": (1.0, 0.95),
    "due_soon": (0.9, 0.85),
    "due": (0.6, 0.7),
    "running": (0.35, 0.5),
}
#: Result categories (codes of migration 0002) by weight; 无法联系 is placed by hand, once or twice.
OUTCOMES = [
    ("no_problem", 80),
    ("no_activity", 3),
    ("closed", 1),
    ("corrected", 10),
    ("follow_up", 3),
    ("transferred", 1),
    ("obstructed", 1),
]
UNREACHABLE_TARGETS = 2


# --- working days ---------------------------------------------------------------------------


def workday(today: dt.date, offset: int) -> dt.date:
    """The `offset`-th working day after today, or before it for a negative offset."""
    if offset >= 0:
        return add_workdays(today, offset)
    day, counted = today, 0
    while counted < -offset:
        day -= dt.timedelta(days=1)
        counted += is_workday(day)
    return day


def workdays(start: dt.date, end: dt.date) -> list[dt.date]:
    return [d for d in (start + dt.timedelta(days=i) for i in range((end - start).days + 1)) if is_workday(d)]


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


# --- reference data -------------------------------------------------------------------------


def result_categories() -> dict[str, ResultCategory]:
    """The categories in use (installed by migration 0002, kept up by the bureau), by code."""
    return {c.code: c for c in ResultCategory.objects.filter(is_active=True)}


def create_check_items(departments: dict[str, Department]) -> dict[str, dict[str, list[CheckItem]]]:
    """Every department's list; department code → theme → items."""
    lists = dict.fromkeys([CITY_BUREAU, *COUNTY_BUREAUS], SAMR_ITEMS) | OTHER_ITEMS
    by_theme: dict[str, dict[str, list[CheckItem]]] = {}
    for code, specs in lists.items():
        department = departments[code]
        for spec in specs:
            item, _created = CheckItem.objects.get_or_create(
                department=department,
                number=spec.number,
                sub_item=spec.sub_item,
                defaults={
                    "name": spec.name,
                    "legal_basis": spec.legal_basis,
                    "inspecting_body": department.name,
                    "target_type": spec.target_type,
                    "check_method": spec.check_method,
                    "ratio_and_frequency": spec.ratio_and_frequency,
                    "weight": spec.weight,
                    "inspector_requirements": spec.inspector_requirements,
                },
            )
            by_theme.setdefault(code, {}).setdefault(spec.theme, []).append(item)
    return by_theme


def _person(rng: Any) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


def create_inspectors(
    ctx: DemoContext, departments: dict[str, Department], today: dt.date
) -> dict[str, list[Inspector]]:
    """The pool of every department: a few on leave, two retired, four whose enforcement
    certificate ran out (one of these per county bureau at most, so every bureau keeps enough
    eligible people); `inspector1` is the city bureau's first member."""
    rng = ctx.rng
    sizes = {CITY_BUREAU: 14, **{c: rng.randint(8, 15) for c in COUNTY_BUREAUS}, "gxj": 6, "nyncj": 5}
    prefixes = {CITY_BUREAU: "JC", **COUNTY_BUREAUS, **OTHER_DEPARTMENTS}
    user = _inspector_user(departments[CITY_BUREAU])
    pool: dict[str, list[Inspector]] = {}
    for index, (code, size) in enumerate(sizes.items()):
        department = departments[code]
        county = department.division if code in COUNTY_BUREAUS else None
        kinds = SPECIALITIES.get(code, SPECIALITIES["samr"])
        on_leave = set(rng.sample(range(2, size + 1), rng.randint(0, 2 if size >= 8 else 1)))
        members = []
        for n in range(1, size + 1):
            first = code == CITY_BUREAU and n == 1
            inspector, _created = Inspector.objects.get_or_create(
                code=f"{prefixes[code]}{n:03d}",
                defaults={
                    "name": user.first_name if first else _person(rng),
                    "user": user if first else None,
                    "department": department,
                    "county": county,
                    "certificate_number": f"{department.division.code}{index % 10}{n:04d}",
                    "certificate_expiry": dt.date(
                        today.year + rng.randint(1, 5), rng.choice((3, 6, 9, 12)), 30
                    ),
                    "specialities": "、".join(rng.sample(kinds, min(len(kinds), rng.randint(1, 2)))),
                    "phone": f"13{rng.randint(100000000, 999999999)}",
                    "status": InspectorStatus.ON_LEAVE if n in on_leave else InspectorStatus.ACTIVE,
                },
            )
            members.append(inspector)
        pool[code] = members
    expiries = [
        dt.date(today.year - 1, 12, 31),
        dt.date(today.year, 6, 30),
        dt.date(today.year, 8, 31),
        dt.date(today.year, 9, 30),
    ]
    for n, code in enumerate(rng.sample(list(COUNTY_BUREAUS), 6)):
        inspector = rng.choice([i for i in pool[code] if i.status == InspectorStatus.ACTIVE])
        if n < 2:
            inspector.status = InspectorStatus.RETIRED
            inspector.save(update_fields=["status", "updated_at"])
        else:
            inspector.certificate_expiry = expiries[n - 2]
            inspector.save(update_fields=["certificate_expiry", "updated_at"])
    return pool


def _inspector_user(department: Department) -> User:
    """The demo account `inspector1`; `create_demo_users` sets its password after the
    generators have run."""
    spec = next(s for s in DEMO_USERS if s["username"] == "inspector1")
    user, _created = User.objects.get_or_create(
        username=spec["username"],
        defaults={"role": spec["role"], "first_name": spec["first_name"], "department": department},
    )
    return user


def declare_conflicts(ctx: DemoContext, pool: dict[str, list[Inspector]], today: dt.date) -> int:
    """A few declared conflicts per county bureau, and one recusal request still pending."""
    rng = ctx.rng
    kinds = [ConflictKind.RELATIVE, ConflictKind.FORMER_EMPLOYER, ConflictKind.DECLARED_INTEREST]
    made = 0
    for code in COUNTY_BUREAUS:
        members = pool[code]
        county = members[0].county
        ids = list(
            Entity.objects.active().filter(county=county).order_by("pk").values_list("pk", flat=True)[:2000]
        )
        if not ids:
            continue
        for inspector in rng.sample(members, 2):
            kind = rng.choice(kinds)
            InspectorConflict.objects.get_or_create(
                inspector=inspector,
                entity_id=rng.choice(ids),
                kind=kind,
                defaults={
                    "declared_on": workday(today, -rng.randint(120, 230)),
                    "note": "本人近亲属在该企业任职" if kind == ConflictKind.RELATIVE else "",
                },
            )
            made += 1
        inspector = rng.choice(members)
        InspectorConflict.objects.get_or_create(
            inspector=inspector,
            entity_id=rng.choice(ids),
            kind=ConflictKind.RECUSAL_REQUEST,
            defaults={
                "declared_on": workday(today, -rng.randint(3, 15)),
                "is_granted": code != "samr-zz",
                "note": "当事人书面申请该执法人员回避"
                + ("，待局长决定" if code == "samr-zz" else "，已批准"),
            },
        )
        made += 1
    return made


# --- tasks ----------------------------------------------------------------------------------


@dataclass
class Tally:
    """What the generator made, for its report."""

    check_items: int = 0
    inspectors: list[Inspector] = field(default_factory=list)
    conflicts: int = 0
    states: Counter[str] = field(default_factory=Counter)
    targets: int = 0
    results: int = 0
    confirmed: int = 0
    problems: int = 0
    unreachable_left: int = UNREACHABLE_TARGETS


def _specs() -> list[TaskSpec]:
    specs = [
        TaskSpec(code, name, themes, period, fates[code], industry=industry, entity_type=entity_type)
        for name, themes, period, industry, entity_type, fates in COUNTY_TASKS
        for code in COUNTY_BUREAUS
        if code in fates
    ]
    return sorted([*specs, *OTHER_TASKS], key=lambda s: (s.period[0], s.lead))


def _pool_filter(spec: TaskSpec, lead: Department) -> tuple[dict[str, Any], bool]:
    """The saved filter: directed (industry, entity type) unless that leaves too few."""
    base: dict[str, Any] = {}
    if spec.county:
        base["county_id"] = Division.objects.get(code=spec.county).pk
    directed = {**base}
    if spec.industry:
        directed["industry"] = spec.industry
    if spec.entity_type:
        directed["entity_type"] = spec.entity_type
    if directed != base and _pool(lead, directed).count() >= MIN_POOL:
        return directed, True
    return base, False


def _pool(lead: Department, pool_filter: dict[str, Any]) -> Any:
    return pool_queryset(InspectionTask(lead_department=lead, pool_filter=pool_filter))


def _class_counts(lead: Department, pool_filter: dict[str, Any]) -> dict[str, int]:
    qs = _pool(lead, pool_filter)
    total = qs.count()
    rows = (
        qs.filter(risk_assessments__is_current=True)
        .values("risk_assessments__risk_class")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = {row["risk_assessments__risk_class"]: row["n"] for row in rows}
    counts[UNCLASSIFIED] = total - sum(counts.values())
    return counts


def fit_ratios(ratios: dict[str, str], counts: dict[str, int], cap: int) -> dict[str, str]:
    """The plan's ratios, stepped down evenly to the ratios a plan would write until the task
    has at most `cap` targets (large pools at city scale)."""

    def targets(fitted: dict[str, str]) -> int:
        return sum(quota(counts.get(c, 0), r) for c, r in fitted.items())

    if targets(ratios) <= cap:
        return dict(ratios)
    factor = 1.0
    while True:
        factor *= 0.7
        fitted = {}
        for risk_class, ratio in ratios.items():
            wanted = float(ratio) * factor
            fitted[risk_class] = f"{next((s for s in RATIO_STEPS if s <= wanted), RATIO_STEPS[-1]):g}"
        if targets(fitted) <= cap or factor < 1e-4:
            return fitted


def create_task(
    spec: TaskSpec,
    number: str,
    today: dt.date,
    departments: dict[str, Department],
    items: dict[str, dict[str, list[CheckItem]]],
    cap: int,
) -> InspectionTask:
    lead = departments[spec.lead]
    start, end = workday(today, spec.period[0]), workday(today, spec.period[1])
    plan, _created = InspectionPlan.objects.get_or_create(
        department=lead,
        year=start.year,
        name=f"{start.year}年度双随机、一公开抽查工作计划",
        defaults={"ratios": PLAN_RATIOS, "note": "依据国办发〔2015〕58号、国发〔2019〕5号制定。"},
    )
    pool_filter, directed = _pool_filter(spec, lead)
    ratios = fit_ratios(plan.ratios, _class_counts(lead, pool_filter), cap)
    task = InspectionTask.objects.create(
        number=number,
        name=f"{start.year}年{spec.name}",
        plan=plan,
        lead_department=lead,
        pool_filter=pool_filter,
        is_directed=directed,
        ratios=ratios,
        inspectors_per_target=plan.inspectors_per_target,
        start_date=start,
        end_date=end,
        note=spec.note,
    )
    task.participating_departments.set([departments[c] for c in spec.participating])
    chosen = [i for theme in spec.themes for i in items[spec.lead].get(theme, [])]
    for code in spec.participating:
        chosen += [i for theme in spec.partner_themes for i in items[code].get(theme, [])]
    task.check_items.set(chosen)
    return task


def run_task(
    ctx: DemoContext,
    task: InspectionTask,
    spec: TaskSpec,
    today: dt.date,
    categories: dict[str, ResultCategory],
    inspector1: Inspector,
    tally: Tally,
) -> None:
    """Approve, draw, enter and confirm results and publish as far as the task's fate says,
    then move the stamps to the days they stand for."""
    rng = ctx.rng
    if spec.fate == "draft":
        tally.states["draft"] += 1
        return
    last_workday = workday(today, -1)
    approved_on = min(workday(task.start_date, -rng.randint(5, 9)), last_workday)
    draw = approve_task(task, actor=None)
    approved_at = at(approved_on, rng.randint(9, 11), rng.choice((0, 15, 30)))
    InspectionTask.objects.filter(pk=task.pk).update(approved_at=approved_at)
    if spec.fate == "approved":
        Draw.objects.filter(pk=draw.pk).update(committed_at=approved_at)
        tally.states["approved"] += 1
        return
    draw = draw_task(task, actor=None)
    drawn_on = min(workday(approved_on, rng.randint(1, 3)), last_workday)
    Draw.objects.filter(pk=draw.pk).update(committed_at=approved_at, drawn_at=at(drawn_on, 15, 0))
    task.refresh_from_db()
    tally.targets += draw.target_count
    confirmed_days = _enter_results(ctx, task, draw, spec, today, categories, inspector1, tally)
    if spec.fate in ("published", "published_late"):
        publish_results(task, actor=None)
        done = max([task.end_date, *confirmed_days])
        due = task.publication_due or add_workdays(task.end_date, 20)
        if spec.fate == "published":
            published_on = min(workday(done, rng.randint(2, 8)), workday(due, -1))
        else:
            published_on = min(workday(due, rng.randint(2, 6)), last_workday)
        stamp = at(published_on, 16, rng.choice((0, 30)))
        InspectionTask.objects.filter(pk=task.pk).update(published_at=stamp)
        InspectionResult.objects.filter(task=task).update(published_at=stamp)
    tally.states[spec.fate] += 1


def _enter_results(
    ctx: DemoContext,
    task: InspectionTask,
    draw: Draw,
    spec: TaskSpec,
    today: dt.date,
    categories: dict[str, ResultCategory],
    inspector1: Inspector,
    tally: Tally,
) -> list[dt.date]:
    """One result per target and department, entered by the department's drawn inspector and
    confirmed by the other one; returns the confirmation days. In a running task the demo
    user's targets are left to do, but for one result that waits for their confirmation."""
    rng = ctx.rng
    entered_share, confirmed_share = PROGRESS[spec.fate]
    last_workday = workday(today, -1)
    days = workdays(task.start_date, min(task.end_date, last_workday))
    targets = (
        DrawTarget.objects.filter(draw=draw)
        .select_related("entity")
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=DrawAssignment.objects.select_related("inspector", "department").order_by("slot"),
            )
        )
        .order_by("position")
    )
    items_of: dict[int, list[CheckItem]] = {}
    outcomes, weights = zip(*[(c, w) for c, w in OUTCOMES if c in categories], strict=True)
    confirmed_days: list[dt.date] = []
    awaiting_inspector1 = spec.fate == "running"
    for target in targets:
        crew = list(target.assignments.all())
        waits = False
        if spec.fate == "running" and any(a.inspector_id == inspector1.pk for a in crew):
            if not awaiting_inspector1:
                continue
            awaiting_inspector1, waits = False, True
        for department in {a.department_id: a.department for a in crew}.values():
            if not waits and rng.random() >= entered_share:
                continue
            if department.pk not in items_of:
                items_of[department.pk] = task_items(task, department)
            if waits:
                author = next(a.inspector for a in crew if a.inspector_id != inspector1.pk)
            else:
                author = next(a.inspector for a in crew if a.department_id == department.pk)
            code = rng.choices(outcomes, weights)[0]
            if (
                tally.unreachable_left
                and "unreachable" in categories
                and spec.fate == "published"
                and target.entity.entity_type == "enterprise"
                and rng.random() < 0.2
            ):
                code = "unreachable"
                tally.unreachable_left -= 1
            inspected_on = rng.choice(days)
            result = submit_result(
                actor=None,
                task=task,
                target=target,
                department=department,
                inspected_on=inspected_on,
                items=_item_entries(rng, items_of[department.pk], categories, code),
                entered_by=author,
                note="经营场所已人去楼空，电话无法接通" if code == "unreachable" else "",
            )
            tally.results += 1
            tally.problems += categories[code].is_problem
            if waits or rng.random() >= confirmed_share:
                continue
            second = next(a.inspector for a in crew if a.inspector_id != author.pk)
            confirm_result(result, actor=None, inspector=second)
            confirmed_on = min(workday(inspected_on, rng.randint(0, 2)), last_workday)
            InspectionResult.objects.filter(pk=result.pk).update(
                confirmed_at=at(confirmed_on, rng.randint(15, 17), rng.randint(0, 59))
            )
            confirmed_days.append(confirmed_on)
            tally.confirmed += 1
    return confirmed_days


def _item_entries(
    rng: Any, items: list[CheckItem], categories: dict[str, ResultCategory], code: str
) -> list[ItemEntry]:
    """The item results behind an overall result: a problem is found on one item; a result
    that is no finding (all fine, closed, unreachable, obstructed) applies to every item."""
    fine = categories["no_problem"]
    if code in ("no_problem", "no_activity", "closed", "unreachable", "obstructed"):
        return [ItemEntry(check_item=i, category=categories[code]) for i in items]
    flagged = rng.choice(items)
    theme = THEME_OF.get((flagged.number, flagged.sub_item), "")
    return [
        ItemEntry(
            check_item=i,
            category=categories[code] if i is flagged else fine,
            note=rng.choice(PROBLEM_NOTES.get(theme, ["发现问题，已责令改正"])) if i is flagged else "",
        )
        for i in items
    ]


# --- the generator --------------------------------------------------------------------------


def _exists() -> bool:
    return InspectionTask.objects.exists()


@transaction.atomic
def _generate(
    ctx: DemoContext,
    departments: dict[str, Department],
    categories: dict[str, ResultCategory],
    today: dt.date,
) -> Tally:
    items = create_check_items(departments)
    pool = create_inspectors(ctx, departments, today)
    tally = Tally(
        check_items=sum(len(group) for themes in items.values() for group in themes.values()),
        inspectors=[i for group in pool.values() for i in group],
        conflicts=declare_conflicts(ctx, pool, today),
    )
    specs = _specs()
    cap = min(MAX_TARGETS_PER_TASK, MAX_TARGETS // len(specs))
    inspector1 = pool[CITY_BUREAU][0]
    serial: Counter[str] = Counter()
    for spec in specs:
        prefix = COUNTY_BUREAUS.get(spec.lead, "JC")
        serial[prefix] += 1
        number = f"SJ-{workday(today, spec.period[0]).year}-{prefix}-{serial[prefix]:02d}"
        if InspectionTask.objects.filter(number=number).exists():
            continue
        task = create_task(spec, number, today, departments, items, cap)
        run_task(ctx, task, spec, today, categories, inspector1, tally)
    return tally


@register_generator("random inspections", exists=_exists)
def generate_inspections(ctx: DemoContext) -> None:
    today = timezone.localdate()
    codes = [CITY_BUREAU, *COUNTY_BUREAUS, *OTHER_DEPARTMENTS]
    departments = {d.code: d for d in Department.objects.filter(code__in=codes).select_related("division")}
    categories = result_categories()
    if len(departments) != len(codes) or "no_problem" not in categories:
        ctx.out("  random inspections skipped: the Jincheng departments or the result categories are missing")
        return
    try:
        tally = _generate(ctx, departments, categories, today)
    except CalendarNotAvailable as exc:
        ctx.out(f"  random inspections skipped: {exc}")
        return
    statuses = Counter(str(i.status) for i in tally.inspectors)
    expired = sum(i.certificate_expiry < today for i in tally.inspectors)
    ctx.out(
        f"  {tally.check_items} check items; {len(tally.inspectors)} inspectors ({statuses['active']} active, "
        f"{statuses['on_leave']} on leave, {statuses['retired']} retired, {expired} with an expired "
        f"certificate); {tally.conflicts} declared conflicts"
    )
    ctx.out(
        f"  {sum(tally.states.values())} tasks {dict(tally.states)}: {tally.targets} targets, "
        f"{tally.results} results ({tally.confirmed} confirmed, {tally.problems} with problems)"
    )

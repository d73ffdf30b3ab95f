"""Demo market entities: realistic Jincheng names by county and industry, valid USCCs,
addresses in real townships; bulk-inserted."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings

from qualitycity.core.demo import BulkInserter, DemoContext, register_fact, register_generator
from qualitycity.core.pinyin import search_key
from qualitycity.core.uscc import generate
from qualitycity.registry.choices import EntityType, RegistrationStatus

TRADE_A = "晋泽丹凤鼎盛华宏兴隆泰安瑞祥永康金源恒通宝福鑫太行沁阳高陵珏润达信和"
TRADE_B = "源盛达丰通泰华兴旺昌隆鑫发晟宇科辉诚利嘉恒运晖锦瑞明远安顺"
#: (GB/T 4754 class, trade word, entity type weight: enterprise vs individual)
INDUSTRIES = [
    ("3391", "铸造", 0.95),
    ("3392", "精密铸造", 0.95),
    ("3071", "陶瓷", 0.9),
    ("3074", "琉璃工艺", 0.8),
    ("3011", "水泥", 0.98),
    ("3021", "建材", 0.9),
    ("1351", "肉类加工", 0.8),
    ("1512", "酒业", 0.85),
    ("1513", "山楂酒业", 0.8),
    ("5211", "百货", 0.3),
    ("5212", "超市", 0.4),
    ("5221", "粮油", 0.2),
    ("6210", "餐饮", 0.2),
    ("6220", "快餐", 0.1),
    ("1431", "面业", 0.4),
    ("1761", "丝绸", 0.9),
    ("2730", "中药材", 0.8),
    ("1353", "食品", 0.7),
    ("0141", "蔬菜种植", 0.3),
    ("0151", "果业", 0.3),
    ("3831", "线缆", 0.95),
    ("3312", "门窗", 0.6),
    ("4411", "电力", 1.0),
    ("5271", "家电", 0.3),
]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国红梅志文斌海波晨宇浩然晓东"
STREETS = ["中原街", "泽州路", "凤台街", "红星街", "书院街", "文昌街", "建设路", "晋韩路", "太行路", "兰花路"]


def _name_parts(
    rng: Any, city_name: str, county: Any, industry_word: str, kind: str
) -> tuple[list[str], str]:
    trade = rng.choice(TRADE_A) + rng.choice(TRADE_B)
    county_name = county.name
    if kind == EntityType.INDIVIDUAL_BUSINESS:
        parts = [county_name, trade, industry_word, "店"]
    elif kind == EntityType.FARMER_COOPERATIVE:
        parts = [county_name, trade, industry_word, "专业合作社"]
    else:
        prefix = "" if county.name.endswith("市") else city_name  # a county-level city stands alone
        parts = [prefix, county_name, trade, industry_word, "有限公司"]
    return parts, "".join(parts)


def _exists() -> bool:
    from qualitycity.registry.models import Entity

    return Entity.objects.exists()


def _enterprise_uscc() -> str:
    """The demo enterprise user acts for the first enterprise of the register."""
    from qualitycity.registry.models import Entity

    first = Entity.objects.filter(entity_type=EntityType.ENTERPRISE).order_by("pk").first()
    return first.uscc if first else ""


register_fact("enterprise_uscc", _enterprise_uscc)


@register_generator("market entities", exists=_exists)
def generate_entities(ctx: DemoContext) -> None:
    from qualitycity.core.models import Division, Industry
    from qualitycity.registry.models import Entity

    rng = ctx.rng
    city = Division.objects.get(code=settings.QCITY_CITY_CODE)
    counties = list(Division.objects.counties().inside(city))
    province = city.parent.name if city.parent else ""
    townships = {
        c.pk: list(Division.objects.filter(level="township", code__startswith=c.prefix)) for c in counties
    }
    industries = {i.code: i for i in Industry.objects.filter(code__in=[c for c, _w, _p in INDUSTRIES])}
    key_cache: dict[str, str] = {}

    def key(part: str) -> tuple[str, str]:
        if part not in key_cache:
            key_cache[part] = search_key(part) if part else " "
        initials, _sep, full = key_cache[part].partition(" ")
        return initials, full

    start_serial = Entity.objects.count()
    today = dt.date(2026, 11, 28)
    # Jincheng's counties by code order: 城区, 沁水, 阳城, 陵川, 泽州, 高平; elsewhere uniform.
    weights = [30, 10, 18, 8, 24, 10] if len(counties) == 6 else [1] * len(counties)
    statuses = [
        RegistrationStatus.EXISTING,
        RegistrationStatus.OPERATING,
        RegistrationStatus.CANCELLED,
        RegistrationStatus.REVOKED,
        RegistrationStatus.MOVED_OUT,
    ]
    status_weights = [70, 18, 8, 3, 1]
    inserter = BulkInserter(Entity, COLUMNS)
    for i in range(ctx.entities):
        county = rng.choices(counties, weights=weights[: len(counties)])[0]
        code, word, enterprise_share = rng.choice(INDUSTRIES)
        roll = rng.random()
        if code.startswith("01") and roll < 0.4:
            kind, type_code = EntityType.FARMER_COOPERATIVE, "3"
        elif roll < enterprise_share:
            kind, type_code = EntityType.ENTERPRISE, "1"
        else:
            kind, type_code = EntityType.INDIVIDUAL_BUSINESS, "2"
        parts, name = _name_parts(rng, city.name, county, word, kind)
        keys = [key(p) for p in parts]
        township = rng.choice(townships[county.pk]) if townships[county.pk] else None
        representative = rng.choice(SURNAMES) + rng.choice(GIVEN)
        if rng.random() < 0.6:
            representative += rng.choice(GIVEN)
        industry = industries.get(code)
        inserter.add(
            (
                generate("9", type_code, county.code, start_serial + i + 10_000),
                name,
                kind.value,
                representative,
                today - dt.timedelta(days=rng.randint(30, 365 * 30)),
                rng.choices(statuses, weights=status_weights)[0].value,
                f"{province}{city.name}{county.name}{township.name if township else ''}"
                f"{rng.choice(STREETS)}{rng.randint(1, 399)}号",
                county.pk,
                township.pk if township else None,
                industry.pk if industry else None,
                "".join(k[0] for k in keys) + " " + "".join(k[1] for k in keys),
            )
        )
        if (i + 1) % 50_000 == 0:
            ctx.out(f"  {i + 1} entities")
    inserter.flush()
    ctx.out(f"  {ctx.entities} entities in total")


COLUMNS = [
    "uscc",
    "name",
    "entity_type",
    "legal_representative",
    "date_established",
    "registration_status",
    "address",
    "county_id",
    "township_id",
    "industry_id",
    "search_key",
]

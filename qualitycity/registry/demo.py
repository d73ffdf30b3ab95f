"""Demo market entities: realistic Jincheng names by county and industry, valid USCCs,
addresses in real townships; bulk-inserted."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.conf import settings

from qualitycity.core.demo import BulkInserter, DemoContext, register_fact, register_generator
from qualitycity.core.pinyin import search_key
from qualitycity.core.uscc import generate
from qualitycity.registry.choices import EntityType, RegistrationStatus
from qualitycity.registry.search import fast_search_key, search_index_paused

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
#: (county code, industry class) → specialised town code (migration 0003): the towns' members.
TOWN_MEMBERS = {
    ("140525", "3391"): "zezhou-casting",
    ("140525", "3392"): "zezhou-casting",
    ("140522", "3071"): "yangcheng-ceramics",
    ("140522", "3074"): "yangcheng-ceramics",
    ("140581", "1761"): "gaoping-silk",
    ("140524", "2730"): "lingchuan-herbs",
    ("140581", "1351"): "gaoping-pigs",
    ("140525", "1513"): "zezhou-hawthorn-wine",
    ("140581", "0151"): "gaoping-pears",
    ("140522", "1761"): "yangcheng-sericulture",
    ("140521", "1351"): "qinshui-goats",
    ("140521", "1353"): "qinshui-honey",
}
#: Product categories of the demo (code, name, parent code, food) and, per industry class,
#: (category code, product names).
#: Categories of the demo's products: the shipped spot-check catalogue (spotchecks/data), plus
#: 中药饮片, which is not a spot-check category of this bureau.
CATEGORIES = [
    ("herbal", "中药饮片", "", False),
]
PRODUCTS = {
    "3391": ("prod-castings", ["球墨铸铁管件", "灰铸铁井盖", "铸铁暖气片", "铸铁锅"]),
    "3392": ("prod-castings", ["精密铸钢件", "熔模铸件", "阀门铸件"]),
    "3071": ("prod-ceramics", ["日用瓷餐具", "陶瓷茶具", "陶瓷花盆"]),
    "3074": ("prod-ceramics", ["珐华器", "琉璃瓦", "琉璃工艺品"]),
    "3011": ("prod-cement", ["P.O 42.5 普通硅酸盐水泥", "P.C 32.5 复合硅酸盐水泥"]),
    "3021": ("prod-building", ["混凝土砌块", "蒸压加气混凝土砌块", "预拌混凝土"]),
    "1351": ("food-04", ["冷鲜猪肉", "熟肉制品", "香肠"]),
    "1512": ("food-15", ["白酒", "黄酒"]),
    "1513": ("food-15", ["山楂酒", "山楂果酒", "山楂红酒"]),
    "1431": ("food-01-03", ["挂面", "小米面条"]),
    "1761": ("prod-textiles", ["潞绸", "真丝围巾", "丝绸被面"]),
    "2730": ("herbal", ["党参饮片", "连翘饮片", "黄芩饮片"]),
    "1353": ("food", ["蜂蜜", "山楂糕", "黄梨罐头"]),
    "3831": ("prod-cables", ["电力电缆", "控制电缆", "架空绝缘电缆"]),
    "3312": ("prod-building", ["铝合金门窗", "断桥铝门窗"]),
}
BRANDS = "太行晋泽丹河珏山凤台沁河析城王莽岭长平"
STANDARDS = {
    "prod-castings": "GB/T 9439-2023",
    "prod-cement": "GB 175-2023",
    "food-15": "GB/T 15037-2006",
    "food-04": "GB 2726-2016",
}
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
    from qualitycity.registry.models import Entity, SpecialisedTown

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
    categories = _demo_categories()
    towns = {t.code: t.pk for t in SpecialisedTown.objects.all()}
    inserter = BulkInserter(Entity, COLUMNS)
    first_new_pk = (Entity.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    #: USCC → tags / products, attached once the entities have their keys
    tagged: list[tuple[str, str]] = []
    made: list[tuple[str, str, str]] = []
    tag_odds = [
        ("above_scale", 0.05),
        ("high_tech", 0.01),
        ("specialised", 0.00015),
        ("chain_leader", 0.0001),
        ("time_honoured", 0.00003),
    ]
    index = search_index_paused(first_new_pk)
    index.__enter__()  # a context manager across the loop without re-indenting it
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
        uscc = generate("9", type_code, county.code, start_serial + i + 10_000)
        search = "".join(k[0] for k in keys) + " " + "".join(k[1] for k in keys)
        former = ""
        capital: Decimal | None = None
        town = None
        enterprise = kind == EntityType.ENTERPRISE
        if enterprise:
            capital = Decimal(
                str(round(rng.choice((10, 50, 100, 200, 500, 1000, 3000, 5000)) * rng.uniform(0.5, 2), 2))
            )
            if rng.random() < 0.03:
                former = _name_parts(rng, city.name, county, word, kind)[1]
                search = f"{search} {fast_search_key(former)}"[:600]
            for tag, odds in tag_odds:
                if rng.random() < odds:
                    tagged.append((uscc, tag))
            if code in PRODUCTS:
                made.append((uscc, code, county.code))
        elif kind == EntityType.INDIVIDUAL_BUSINESS and rng.random() < 0.5:
            capital = Decimal(rng.choice((1, 3, 5, 10, 20)))
        member = TOWN_MEMBERS.get((county.code, code))
        if member in towns and rng.random() < 0.6:
            town = towns[member]
        phone = (
            f"0356-{rng.randint(2000000, 8999999)}"
            if rng.random() < 0.5
            else f"13{rng.randint(100000000, 999999999)}"
        )
        inserter.add(
            (
                uscc,
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
                search,
                former,
                capital,
                town,
                phone,
            )
        )
        if (i + 1) % 50_000 == 0:
            ctx.out(f"  {i + 1} entities")
    inserter.flush()
    ctx.out(f"  {ctx.entities} entities in total")
    index.__exit__(None, None, None)
    _attach(rng, first_new_pk, tagged, made, categories)


def _demo_categories() -> dict[str, int]:
    """The demo's product categories (created once), code → pk."""
    from qualitycity.registry.models import ProductCategory

    found = dict(ProductCategory.objects.values_list("code", "pk"))
    for code, name, parent, food in CATEGORIES:
        if code not in found:
            found[code] = ProductCategory.objects.create(
                code=code, name=name, parent_id=found.get(parent), is_food=food
            ).pk
    return found


def _attach(
    rng: Any,
    first_new_pk: int,
    tagged: list[tuple[str, str]],
    made: list[tuple[str, str, str]],
    categories: dict[str, int],
) -> None:
    """Tags and a few products per manufacturing enterprise, in bulk."""
    from qualitycity.registry.models import Entity, EntityTag, Product

    wanted = {u for u, _t in tagged} | {u for u, _c, _k in made}
    pk_of = {
        uscc: pk
        for uscc, pk in Entity.objects.filter(pk__gte=first_new_pk).values_list("uscc", "pk")
        if uscc in wanted
    }
    since = dt.date(2020, 1, 1)
    EntityTag.objects.bulk_create(
        [EntityTag(entity_id=pk_of[u], tag=t, since=since) for u, t in tagged if u in pk_of],
        batch_size=5000,
        ignore_conflicts=True,
    )
    products = BulkInserter(Product, ["entity_id", "name", "category_id", "brand", "standard"])
    for uscc, code, _county in made:
        if uscc not in pk_of:
            continue
        category, names = PRODUCTS[code]
        brand = rng.choice(BRANDS) + rng.choice(BRANDS)
        for product in rng.sample(names, k=min(len(names), rng.randint(1, 3))):
            products.add((pk_of[uscc], product, categories[category], brand, STANDARDS.get(category, "")))
    products.flush()


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
    "former_names",
    "registered_capital",
    "specialised_town_id",
    "contact_phone",
]

"""Shipped configuration: the two taxonomies with keywords, routing by county, the disclosure
policy. Loaded by a data migration and by `ensure_defaults`; admins edit it afterwards."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

GetModel = Callable[[str, str], Any]

#: (code, name, keywords) per parent; parents are (code, name).
OBJECTS: dict[tuple[str, str], list[tuple[str, str, str]]] = {
    ("goods", "商品"): [
        (
            "food",
            "食品",
            "食品 零食 饮料 牛奶 奶粉 酒 白酒 红酒 肉 蔬菜 水果 月饼 保质期 过期 变质 霉变 异物 食用",
        ),
        ("appliances", "家用电器", "冰箱 洗衣机 空调 电视 热水器 电饭煲 微波炉 油烟机 家电 电器 吸尘器"),
        ("clothing", "服装鞋帽", "衣服 服装 鞋 鞋子 帽子 羽绒服 裤子 外套 起球 开胶 褪色"),
        ("telecom_goods", "通信产品", "手机 平板 耳机 充电器 路由器 电话机 屏幕"),
        ("auto", "汽车及零部件", "汽车 轮胎 发动机 4S店 变速箱 新车 车辆 电动车 电瓶"),
        ("furniture", "家具建材", "家具 沙发 床垫 衣柜 瓷砖 地板 涂料 门窗 建材"),
        ("cosmetics", "化妆品", "化妆品 面膜 口红 护肤品 洗发水 过敏"),
        ("medical", "药品及医疗器械", "药品 药店 保健品 医疗器械 血压计 口罩"),
        ("daily_goods", "日用百货", "日用品 纸巾 洗衣液 餐具 玩具 文具 箱包"),
        ("other_goods", "其他商品", ""),
    ],
    ("services", "服务"): [
        ("catering", "餐饮住宿", "餐厅 饭店 外卖 酒店 宾馆 住宿 饭菜 菜品 火锅 烧烤"),
        ("beauty", "美容美发", "美容 美发 理发 烫发 染发 美甲 纹眉 医美"),
        ("education", "教育培训", "培训 课程 辅导 补习 学费 教育 驾校 网课"),
        ("online_shopping", "网络购物", "网购 网店 电商 淘宝 京东 拼多多 直播 快递 七天无理由 下单"),
        ("prepaid", "预付式消费", "预付 充值 会员卡 储值卡 办卡 跑路 余额 退卡"),
        ("tourism", "旅游服务", "旅游 旅行社 景区 门票 导游 购物点"),
        ("housekeeping", "家政服务", "家政 保姆 月嫂 保洁"),
        ("repair", "维修服务", "维修 修理 保养 上门维修 换件"),
        ("telecom_service", "电信服务", "宽带 话费 流量 套餐 运营商"),
        ("recreation", "文化娱乐体育", "健身 健身房 游泳 KTV 影院 游乐"),
        ("housing", "房屋装修及物业", "装修 物业 房屋 租房 中介"),
        ("other_services", "其他服务", ""),
    ],
}

NATURES: list[tuple[str, str, str]] = [
    ("quality", "质量", "质量 坏了 故障 损坏 破损 不能用 开裂 漏水 漏电 瑕疵 质量问题"),
    ("safety", "安全", "安全 爆炸 起火 着火 受伤 烫伤 中毒 隐患 腹泻 呕吐"),
    ("price", "价格", "价格 收费 多收 乱收费 涨价 标价 明码标价 价格欺诈 退款"),
    ("measurement", "计量", "缺斤短两 短斤少两 计量 秤 电子秤 分量 克数 重量不足"),
    ("counterfeit", "假冒", "假货 假冒 仿冒 山寨 冒牌 伪造 以假充真 正品"),
    ("contract", "合同", "合同 违约 定金 押金 退费 不退 解约 格式条款"),
    ("false_advertising", "虚假宣传", "虚假宣传 夸大 广告 宣传 欺骗 误导 虚假"),
    ("after_sales", "售后服务", "售后 三包 退换货 退货 换货 保修 不给退 不给换 客服"),
    ("dignity", "人格尊严", "辱骂 殴打 搜身 侮辱 歧视"),
    ("privacy", "个人信息", "个人信息 泄露 骚扰电话 隐私 信息泄露"),
    ("other_nature", "其他", ""),
]

#: county code → handling unit (the county market-supervision bureau)
ROUTING = {
    "140502": "samr-cq",
    "140521": "samr-qs",
    "140522": "samr-yc",
    "140524": "samr-lc",
    "140525": "samr-zz",
    "140581": "samr-gp",
}


def load(get_model: GetModel) -> None:
    """Create what is missing; never overwrite an admin's edits."""
    category = get_model("complaints", "Category")
    for order, ((parent_code, parent_name), children) in enumerate(OBJECTS.items()):
        parent, _ = category.objects.get_or_create(
            kind="object", code=parent_code, defaults={"name": parent_name, "order": order}
        )
        for n, (code, name, keywords) in enumerate(children):
            category.objects.get_or_create(
                kind="object",
                code=code,
                defaults={"name": name, "parent": parent, "keywords": keywords, "order": n},
            )
    for n, (code, name, keywords) in enumerate(NATURES):
        category.objects.get_or_create(
            kind="nature", code=code, defaults={"name": name, "keywords": keywords, "order": n}
        )
    division = get_model("core", "Division")
    department = get_model("core", "Department")
    routing = get_model("complaints", "RoutingRule")
    for county_code, dept_code in ROUTING.items():
        county = division.objects.filter(code=county_code).first()
        dept = department.objects.filter(code=dept_code).first()
        if county is not None and dept is not None:
            routing.objects.get_or_create(county=county, category=None, defaults={"department": dept})
    policy = get_model("complaints", "DisclosurePolicy")
    if not policy.objects.exists():
        policy.objects.create(
            is_enabled=True,
            delay_days=5,
            keep_years=3,
            outcomes=["mediated", "mediation_failed", "settled", "withdrawn"],
            require_review=True,
            note="平台默认：调解结案的投诉在结案5个工作日后公示，公示3年；公示前由工作人员审核去除个人信息。",
        )


def ensure_defaults() -> None:
    from django.apps import apps

    load(apps.get_model)

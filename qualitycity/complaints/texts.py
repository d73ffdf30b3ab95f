"""Realistic complaint and tip-off texts (投诉举报) in Chinese, for demo data, tests and the
classifier benchmark.

`generate(rng, object_code=None, nature_code=None, *, kind="complaint")` writes one
submission (kind="tip_off": a tip-off) for an object category and a nature of the problem of
`complaints.defaults`, drawn by a plausible mix when not given: the goods or service and the
kind of shop, where and when, the amount, what went wrong, what the merchant said and what
the complainant asks. It returns {"subject", "facts", "request", "object_code",
"nature_code", "amount"} (amount: a Decimal, or None when the text names none).

Texts vary in voice (first person, a 12315 hotline transcript, a letter), sentence order and
phrasing, and carry the noise of real intake: colloquial asides, a rare typo, a terse note
that hardly says what went wrong, a second problem told in passing (quality with after-sales,
price with contract …), another shop named by the way, and the places where two categories
meet and either label is a fair judgement: goods bought on a platform (网络购物), a service
paid with a prepaid card (预付式消费), goods taken for repair (维修服务). The classifier in
`complaints.classifier` scores about 0.89 accuracy on 2,000 of them and 0.94 on 20,000
(held-out fifth), the keyword rules 0.55–0.6: realistic, not 100 %.

Everything is drawn from the `random.Random` passed in, so a seed gives the same texts on
every machine. The words are Chinese because the cases are; identifiers stay English.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

__all__ = ["NATURE_CODES", "OBJECT_CODES", "generate"]


@dataclass(frozen=True)
class _Line:
    """A product or service line: what is sold ("name|quantifier"), the shops that sell it,
    and what goes wrong with it (its quality faults; its hazards when they differ from the
    category's). `uses` overrides the category's purchase sentences."""

    items: tuple[str, ...]
    shops: tuple[str, ...]
    defects: tuple[str, ...]
    hazards: tuple[str, ...] = ()
    uses: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Object:
    """An object category: its lines, a typical amount (yuan), how it is bought, its hazards,
    how often each nature of the problem comes with it (natures not named weigh 1), and how
    common the category is."""

    lines: tuple[_Line, ...]
    amount: tuple[int, int]
    uses: tuple[str, ...]
    hazards: tuple[str, ...]
    natures: dict[str, float] = field(default_factory=dict)
    weight: float = 1.0
    #: told as a service (网络购物 is a service in the taxonomy but told as the goods bought)
    is_service: bool = False


_GOODS_USES = (
    "{when}{I}在{place}的{shop}买了{q}{item}，花了{amount}元",
    "{I}于{when}在{place}一家{shop}购买{q}{item}，价格{amount}元",
    "{when}在{shop}给家里买了{q}{item}，{amount}块钱",
    "{I}{when}从{place}的{shop}购买了{item}，共计{amount}元",
    "{when}{I}在{shop}花{amount}元买了{q}{item}",
)

OBJECTS: dict[str, _Object] = {
    "food": _Object(
        lines=(
            _Line(
                ("纯牛奶|箱", "酸奶|箱", "婴幼儿奶粉|罐", "奶片|袋"),
                ("超市", "便利店", "母婴店"),
                (
                    "打开发现已经结块变质了",
                    "喝着有一股酸臭味",
                    "好几盒都胀包了",
                    "回家一看生产日期，已经过期两个多月了",
                    "奶粉里有黑色的异物",
                ),
                ("孩子喝了以后上吐下泻，去医院挂了急诊", "孩子喝了以后浑身起疹子，送医院才缓过来"),
            ),
            _Line(
                ("月饼礼盒|盒", "面包|袋", "生日蛋糕|个", "糕点|盒"),
                ("蛋糕店", "面包房", "超市", "糕点铺"),
                (
                    "打开发现已经发霉长毛了",
                    "吃的时候发现里面有一根头发",
                    "奶油有一股馊味",
                    "包装上的生产日期是后贴上去的，已经过期了",
                ),
            ),
            _Line(
                ("猪肉|斤", "牛肉|斤", "苹果|箱", "鸡蛋|箱", "蔬菜|袋", "活鱼|条"),
                ("农贸市场的摊位", "水果店", "生鲜超市", "社区团购点", "菜市场"),
                (
                    "回家没放多久肉就发臭了",
                    "肉明显是注过水的",
                    "一箱苹果烂了一半",
                    "好多鸡蛋打开都是臭的",
                    "上面一层是好的，下面全是坏的",
                ),
            ),
            _Line(
                ("火腿肠|包", "方便面|箱", "零食大礼包|包", "坚果礼盒|盒", "速冻饺子|袋", "饮料|箱"),
                ("超市", "便利店", "小卖部", "零食店"),
                (
                    "里面吃出了一块塑料片",
                    "里面有虫子在爬",
                    "外包装上连生产日期都没有",
                    "坚果都是一股哈喇味",
                    "饮料里有絮状的沉淀物",
                ),
            ),
            _Line(
                ("白酒|瓶", "红酒|瓶", "食用油|桶", "大米|袋", "老陈醋|瓶", "小米|袋", "蜂蜜|瓶"),
                ("烟酒店", "粮油店", "超市", "特产店"),
                (
                    "酒有很重的酒精勾兑味",
                    "瓶底有一层沉淀",
                    "米里生了很多米虫",
                    "油有一股哈喇味",
                    "蜂蜜结晶发酸，像是糖浆兑的",
                ),
            ),
        ),
        amount=(8, 600),
        uses=(*_GOODS_USES, "{when}在{place}{shop}买了{q}{item}准备给孩子吃，{amount}元"),
        hazards=(
            "全家吃了以后上吐下泻，去医院挂了急诊，诊断为食物中毒",
            "吃的时候咬到一块玻璃碴，把嘴划破了",
            "老人吃了以后腹泻不止，住了三天院",
        ),
        natures={
            "quality": 6,
            "safety": 3,
            "measurement": 2,
            "counterfeit": 1.5,
            "price": 1.5,
            "after_sales": 1,
            "contract": 0.3,
            "dignity": 0.4,
        },
        weight=9,
    ),
    "appliances": _Object(
        lines=(
            _Line(
                ("电饭煲|个", "微波炉|台", "油烟机|台", "电磁炉|个", "破壁机|台"),
                ("家电卖场", "超市家电区", "电器商行"),
                (
                    "加热不均匀，煮饭总是夹生",
                    "用了两次就不加热了",
                    "吸力很小，油烟根本抽不走",
                    "一开机就跳闸",
                    "电机有一股焦糊味",
                ),
            ),
            _Line(
                ("冰箱|台", "滚筒洗衣机|台", "空调|台", "液晶电视|台"),
                ("家电城", "品牌专卖店", "电器商行", "家电卖场"),
                (
                    "用了不到一个月就不制冷了",
                    "洗衣服的时候底下一直漏水",
                    "运转时噪音特别大，晚上根本睡不着",
                    "屏幕上出现了一条竖着的亮线",
                    "一开机就显示故障代码E4，根本用不了",
                ),
            ),
            _Line(
                ("燃气热水器|台", "电热水器|台"),
                ("家电城", "厨卫专卖店", "电器商行"),
                ("洗澡时水忽冷忽热", "经常点不着火", "用了半年内胆就漏水了"),
                (
                    "洗澡的时候热水器漏电，人被电了一下",
                    "热水器排烟不畅，家里老人一氧化碳中毒",
                ),
            ),
            _Line(
                ("扫地机器人|台", "空气净化器|台", "电暖器|台", "吹风机|个"),
                ("电器商行", "数码家电店", "家电卖场"),
                (
                    "插上电没有任何反应，开不了机",
                    "充不进电",
                    "转几圈就卡住不动了",
                    "遥控器失灵，面板按键也没反应",
                ),
            ),
        ),
        amount=(150, 9000),
        uses=(*_GOODS_USES, "{when}在{place}的{shop}买了{q}{item}，{amount}元，商家上门安装"),
        hazards=("插头处冒烟烧焦了，差点起火", "使用中突然起火，把墙都熏黑了", "外壳带电，手一碰就麻"),
        natures={
            "quality": 6,
            "after_sales": 5,
            "safety": 1.5,
            "false_advertising": 1,
            "price": 1,
            "measurement": 0.1,
        },
        weight=6,
    ),
    "clothing": _Object(
        lines=(
            _Line(
                (
                    "羽绒服|件",
                    "羊毛大衣|件",
                    "毛衣|件",
                    "冲锋衣|件",
                    "西装|套",
                    "牛仔裤|条",
                    "连衣裙|条",
                    "保暖内衣|套",
                ),
                ("服装店", "商场专柜", "品牌折扣店", "服装批发市场"),
                (
                    "洗了一次就严重褪色，还把别的衣服染了",
                    "穿了没几天就起球起得厉害",
                    "袖口和裤腿都开线了",
                    "一直往外跑绒，含绒量明显不够",
                    "洗了一次缩水了两个号",
                ),
            ),
            _Line(
                ("运动鞋|双", "皮鞋|双", "棉鞋|双", "帽子|顶"),
                ("鞋店", "运动品牌店", "商场专柜"),
                (
                    "穿了两次鞋底就开胶了",
                    "鞋底走着走着就断了",
                    "鞋面穿了一周就裂开了",
                    "特别磨脚，走路脚都磨破了",
                ),
            ),
            _Line(
                ("童装|套", "儿童鞋|双"),
                ("童装店", "母婴店"),
                ("洗了一次就变形了", "线头特别多，一扯就开"),
                (
                    "童装上的装饰扣一拽就掉，孩子差点吞下去",
                    "衣服有很重的刺鼻气味，孩子穿了以后皮肤发红发痒",
                ),
            ),
        ),
        amount=(60, 3000),
        uses=_GOODS_USES,
        hazards=("衣服有很重的刺鼻气味，穿了以后皮肤发红发痒",),
        natures={"quality": 6, "after_sales": 3, "counterfeit": 2, "false_advertising": 1, "dignity": 0.6},
        weight=5,
    ),
    "telecom_goods": _Object(
        lines=(
            _Line(
                ("手机|部", "老人手机|部", "平板电脑|台"),
                ("手机店", "数码城", "手机卖场", "运营商营业厅的柜台"),
                (
                    "用了半个月屏幕就出现绿线",
                    "经常自动关机重启",
                    "信号特别差，打电话老是断",
                    "摄像头拍照一片模糊",
                    "电池一天要充三次电",
                ),
            ),
            _Line(
                ("蓝牙耳机|副", "充电宝|个", "快充充电器|个", "智能手表|块", "无线路由器|个", "数据线|根"),
                ("数码配件店", "手机店", "数码城"),
                (
                    "耳机一边没有声音",
                    "充电宝标的两万毫安，实际一次手机都充不满",
                    "充电特别慢，根本不是快充",
                    "路由器天天断网",
                    "表带戴了一周就断了",
                ),
            ),
        ),
        amount=(30, 8000),
        uses=_GOODS_USES,
        hazards=("充电的时候突然鼓包冒烟，差点爆炸", "打电话时机身烫得吓人，把脸都烫红了"),
        natures={"quality": 5, "after_sales": 5, "counterfeit": 2, "false_advertising": 1, "privacy": 0.6},
        weight=5,
    ),
    "auto": _Object(
        lines=(
            _Line(
                ("新车|辆", "二手车|辆", "电动汽车|辆"),
                ("汽车4S店", "二手车市场", "新能源汽车体验店"),
                (
                    "开了不到三千公里变速箱就有异响",
                    "发动机烧机油很严重",
                    "车身漆面有明显的修补痕迹",
                    "续航比宣传的少了将近一半",
                    "车内异味特别大，开窗跑了一个月还是有",
                ),
                uses=(
                    "{when}{I}在{place}的{shop}提了{q}{item}，车款{amount}元",
                    "{I}{when}在{shop}购买了{q}{item}，价格{amount}元",
                ),
            ),
            _Line(
                ("电动自行车|辆", "电动三轮车|辆"),
                ("电动车专卖店", "电动车行"),
                ("续航缩水了一半", "电机一直有异响", "车架焊点开裂了"),
                ("电动车在楼下充电时起火，烧坏了两辆车",),
            ),
            _Line(
                ("轮胎|条", "电瓶|块", "机油|桶", "行车记录仪|个"),
                ("汽配城的门店", "轮胎店", "汽车用品店"),
                ("电瓶用了半年就不存电了", "轮胎没跑多远就鼓包了", "记录仪关键时候根本没录上"),
            ),
        ),
        amount=(200, 180000),
        uses=_GOODS_USES,
        hazards=("高速上刹车突然失灵，差点出事故", "行驶中突然熄火，后面的车差点追尾"),
        natures={
            "quality": 5,
            "after_sales": 3,
            "contract": 2,
            "false_advertising": 1.5,
            "safety": 1.5,
            "counterfeit": 1,
        },
        weight=3,
    ),
    "furniture": _Object(
        lines=(
            _Line(
                ("布艺沙发|套", "床垫|张", "衣柜|组", "实木餐桌|张", "实木床|张"),
                ("家具城", "家居卖场", "家具店"),
                (
                    "用了几个月沙发就塌陷了",
                    "衣柜门变形，关都关不上",
                    "实木桌面裂了好几道缝",
                    "床垫弹簧一翻身就响",
                ),
            ),
            _Line(
                ("瓷砖|批", "木地板|批", "乳胶漆|桶", "断桥铝门窗|套", "橱柜|套", "智能马桶|个"),
                ("建材市场", "建材店", "门窗店", "卫浴店"),
                (
                    "瓷砖色差很大，好多块还有裂纹",
                    "地板铺上没多久就起拱了",
                    "马桶底座一直渗水",
                    "门窗漏风漏雨",
                    "乳胶漆刷完没多久墙面就发黄了",
                ),
            ),
        ),
        amount=(300, 50000),
        uses=(*_GOODS_USES, "{when}在{place}的{shop}订了{q}{item}，货款{amount}元"),
        hazards=(
            "家里甲醛检测严重超标，孩子一直咳嗽",
            "柜子倒下来，砸伤了孩子",
            "淋浴房的玻璃门突然自爆，把人划伤了",
        ),
        natures={"quality": 6, "contract": 3, "after_sales": 3, "safety": 1.5, "false_advertising": 1},
        weight=3,
    ),
    "cosmetics": _Object(
        lines=(
            _Line(
                ("面膜|盒", "面霜|瓶", "精华液|瓶", "防晒霜|支", "粉底液|瓶", "祛斑霜|套"),
                ("化妆品店", "美妆店", "商场化妆品专柜", "微商"),
                ("打开发现膏体分层，还有一股怪味", "瓶子是漏的，里面少了一大半", "泵头怎么按都按不出来"),
            ),
            _Line(
                ("洗发水|瓶", "染发剂|盒", "香水|瓶", "口红|支"),
                ("化妆品店", "超市", "精品店"),
                ("香水味道很淡，喷上一会儿就没了", "口红一拧就断", "洗发水越洗头皮屑越多"),
            ),
        ),
        amount=(30, 3000),
        uses=_GOODS_USES,
        hazards=(
            "用了以后整张脸红肿过敏，去医院诊断为接触性皮炎",
            "抹了两天脸上起了一片红疹子，又痒又疼",
            "用了之后脸部严重烂脸，医生说可能含有激素",
        ),
        natures={"safety": 4, "counterfeit": 4, "false_advertising": 3, "quality": 2, "after_sales": 1},
        weight=3,
    ),
    "medical": _Object(
        lines=(
            _Line(
                ("感冒药|盒", "降压药|盒", "中药饮片|包"),
                ("药店", "大药房", "诊所"),
                ("打开一看药片已经受潮发黄了", "盒子里的说明书和药对不上", "中药饮片里掺了很多杂质"),
            ),
            _Line(
                ("保健品|套", "理疗仪|台", "磁疗床垫|张"),
                ("保健品体验店", "会销现场", "养生馆"),
                ("吃了三个月一点效果都没有", "理疗仪用了两次就坏了"),
                ("老人吃了以后头晕呕吐，住进了医院", "用了理疗仪以后腰上烫起了水泡"),
                uses=(
                    "{when}家里老人在{place}的{shop}听了讲座，买了{q}{item}，花了{amount}元",
                    "{I}{when}在{shop}购买了{q}{item}，{amount}元",
                ),
            ),
            _Line(
                ("电子血压计|台", "血糖仪|台", "助听器|副", "医用口罩|盒", "轮椅|辆"),
                ("医疗器械店", "大药房"),
                (
                    "血压计测出来的数比医院高了三十多",
                    "血糖仪每次测的都不一样，根本不准",
                    "助听器戴上全是杂音",
                    "口罩带子一戴就断",
                ),
            ),
        ),
        amount=(20, 20000),
        uses=_GOODS_USES,
        hazards=("吃了以后头晕恶心，去医院查出肝功能异常",),
        natures={
            "false_advertising": 5,
            "quality": 3,
            "price": 2,
            "safety": 2,
            "counterfeit": 1.5,
            "contract": 0.5,
        },
        weight=3,
    ),
    "daily_goods": _Object(
        lines=(
            _Line(
                ("不粘锅|口", "保温杯|个", "餐具|套"),
                ("超市", "百货店", "日用品店"),
                ("不粘锅用了一周涂层就大片脱落", "保温杯倒进热水两个小时就凉了", "碗一倒开水就裂了"),
                ("锅用的时候手柄突然断了，热油把手烫伤了",),
            ),
            _Line(
                ("洗衣液|桶", "抽纸|提", "床上四件套|套", "拖把|把"),
                ("超市", "百货店", "小商品市场"),
                ("洗衣液稀得跟水一样", "抽纸一擦就掉渣", "四件套洗一次就缩水变形", "拖把杆一用就断了"),
            ),
            _Line(
                ("儿童玩具|套", "书包|个", "文具套装|套", "行李箱|个", "雨伞|把"),
                ("玩具店", "文具店", "箱包店", "小商品市场"),
                (
                    "行李箱第一次出门轮子就断了",
                    "拉链一拉就坏",
                    "书包背带没几天就断了",
                    "玩具装上电池根本不动",
                    "伞骨一阵风就吹断了",
                ),
                ("玩具边角特别锋利，把孩子手划了个口子", "玩具上的小零件脱落，孩子差点吞进去"),
            ),
        ),
        amount=(10, 800),
        uses=_GOODS_USES,
        hazards=("东西有刺鼻的气味，孩子用了以后咳嗽",),
        natures={
            "quality": 6,
            "safety": 2,
            "measurement": 1,
            "counterfeit": 1,
            "price": 1.5,
            "dignity": 0.5,
        },
        weight=4,
    ),
    "other_goods": _Object(
        lines=(
            _Line(
                ("近视眼镜|副", "太阳镜|副"),
                ("眼镜店",),
                ("配的眼镜度数不对，戴上头晕", "镜片没戴几天就全是划痕"),
            ),
            _Line(
                ("黄金项链|条", "黄金手镯|只", "机械手表|块"),
                ("金店", "珠宝店", "钟表店"),
                ("项链戴了一个月就断了", "手表每天慢好几分钟", "金饰戴了几天就变色了"),
            ),
            _Line(
                ("汽油|箱", "柴油|箱", "液化气|罐", "煤炭|吨"),
                ("加油站", "液化气站", "煤场"),
                ("加了油以后车子抖得厉害", "煤炭烧不着，全是石头", "液化气罐阀门是坏的"),
                ("液化气罐阀门漏气，差点出大事",),
            ),
            _Line(
                ("玉米种子|袋", "化肥|袋", "农药|瓶"),
                ("农资店", "种子站"),
                ("种子种下去出苗率连一半都不到", "化肥施了一点效果没有，庄稼减产", "农药打了虫子照样活"),
            ),
            _Line(
                ("自行车|辆", "钢琴|台", "宠物狗|只", "烟花爆竹|箱"),
                ("自行车店", "琴行", "宠物店", "烟花爆竹零售点"),
                ("自行车骑了一周链条就断了", "钢琴音准很差，调了也不行", "狗买回来三天就病了，没几天就死了"),
                ("烟花点燃后横着乱窜，把人炸伤了",),
            ),
        ),
        amount=(50, 30000),
        uses=_GOODS_USES,
        hazards=("东西有安全问题，差点伤到人",),
        natures={"quality": 4, "measurement": 4, "counterfeit": 2, "price": 1.5, "after_sales": 1.5},
        weight=3,
    ),
    "catering": _Object(
        lines=(
            _Line(
                ("年夜饭|桌", "火锅|顿", "自助餐|顿", "婚宴|场", "烧烤|顿", "海鲜大餐|顿"),
                ("饭店", "餐馆", "火锅店", "烧烤店", "海鲜酒楼"),
                (
                    "菜里吃出了一只苍蝇",
                    "菜里有一截钢丝球",
                    "端上来的菜明显是隔夜的，已经馊了",
                    "饭菜根本没熟，中间还是生的",
                    "上菜等了一个多小时",
                ),
                uses=(
                    "{when}{I}和家人在{place}的{shop}吃{item}，消费{amount}元",
                    "{when}{I}在{place}的{shop}订了{item}，花了{amount}元",
                    "{I}{when}在{shop}吃{item}，一共{amount}元",
                ),
            ),
            _Line(
                ("酒店住宿|晚", "宾馆房间|间", "民宿|间"),
                ("酒店", "宾馆", "快捷酒店", "民宿"),
                (
                    "房间里一股霉味，床单上还有污渍",
                    "晚上没有热水，洗不了澡",
                    "房间隔音特别差，一晚上没睡着",
                    "房间和网上的图片完全不一样",
                ),
                ("酒店淋浴间没有防滑垫，老人摔伤了",),
                uses=(
                    "{when}{I}出差入住{place}的{shop}，房费{amount}元",
                    "{I}{when}在{shop}订了两晚房间，付了{amount}元",
                ),
            ),
            _Line(
                ("外卖|份", "早餐|份", "奶茶|杯"),
                ("快餐店", "奶茶店", "外卖商家", "早餐店"),
                ("外卖里吃出了头发", "送到的时候洒了一半", "奶茶喝到最后有个黑色的异物"),
                uses=(
                    "{when}{I}通过外卖平台在{shop}点了{item}，付了{amount}元",
                    "{I}{when}在{place}的{shop}买了{item}，{amount}元",
                ),
            ),
        ),
        amount=(15, 20000),
        uses=(),
        hazards=(
            "吃完当晚一桌人都拉肚子，诊断为食物中毒",
            "店里地面全是油，{I}滑倒把腿摔骨折了",
        ),
        natures={
            "quality": 4,
            "price": 3,
            "safety": 2.5,
            "measurement": 1,
            "contract": 1.5,
            "dignity": 1.5,
            "privacy": 0.7,
            "false_advertising": 1,
            "after_sales": 0.3,
        },
        weight=7,
        is_service=True,
    ),
    "beauty": _Object(
        lines=(
            _Line(
                ("烫发|次", "染发|次", "剪发|次", "头皮护理|次"),
                ("理发店", "美发店", "美发沙龙"),
                (
                    "头发被烫得又干又焦，一梳就断",
                    "染出来的颜色和说好的完全不一样，还一块深一块浅",
                    "剪得特别短，和{I}说的要求完全不一样",
                ),
                ("烫发的时候药水把头皮烫伤了",),
            ),
            _Line(
                ("美甲|次", "纹眉|次", "美睫|次"),
                ("美甲店", "美睫店", "美容工作室"),
                ("美甲第二天就掉了好几片", "纹的眉毛一高一低，根本没法见人", "嫁接的睫毛三天就掉光了"),
            ),
            _Line(
                ("皮肤护理|次", "水光针|次", "激光脱毛|次", "祛痘项目|次"),
                ("美容院", "美容会所", "皮肤管理中心"),
                ("做了十次一点效果都没有", "做完痘痘反而更多了", "脱完一个月毛又全长出来了"),
                (
                    "做完脸整张脸红肿过敏，去医院才消下去",
                    "打完针脸上起了硬结，后来发现对方没有医疗资质",
                ),
            ),
        ),
        amount=(30, 15000),
        uses=(
            "{when}{I}在{place}的{shop}做了{item}，花了{amount}元",
            "{I}{when}去{shop}做{item}，付了{amount}元",
            "{when}{I}到{place}一家{shop}做{item}，收费{amount}元",
        ),
        hazards=("做完以后皮肤过敏红肿，去医院看了好几次",),
        natures={
            "price": 4,
            "quality": 4,
            "safety": 2.5,
            "contract": 2,
            "false_advertising": 2,
            "dignity": 0.6,
        },
        weight=4,
        is_service=True,
    ),
    "education": _Object(
        lines=(
            _Line(
                (
                    "英语培训课程|套",
                    "课外辅导班|期",
                    "少儿编程课|期",
                    "美术班|期",
                    "舞蹈班|期",
                    "早教课程|期",
                ),
                ("培训机构", "培训学校", "艺术培训中心", "早教中心"),
                (
                    "老师换了四五个，教学质量很差",
                    "上课的根本不是宣传的名师，是刚毕业的学生",
                    "一个班塞了四十多个孩子",
                ),
                ("孩子上课时在教室摔伤了，机构不管",),
                uses=(
                    "{when}{I}给孩子在{place}的{shop}报了{item}，交了{amount}元",
                    "{I}{when}给孩子报名{shop}的{item}，学费{amount}元",
                ),
            ),
            _Line(
                ("职业资格考试培训|期", "考研辅导|期", "网课|套"),
                ("教育咨询公司", "职业培训学校", "网课平台"),
                ("课程内容都是网上能免费下载的", "老师照本宣科，答疑根本没人回"),
                uses=(
                    "{I}{when}在{shop}报名了{item}，学费{amount}元",
                    "{when}{I}报名{place}{shop}的{item}，一次性交了{amount}元",
                ),
            ),
            _Line(
                ("驾校学车|期",),
                ("驾校",),
                ("教练经常不来，一个月练不了几次车", "练车还得给教练送烟送钱"),
                uses=("{when}{I}在{place}的{shop}报名学车，交了{amount}元",),
            ),
        ),
        amount=(500, 40000),
        uses=(),
        hazards=("教室里没有消防通道，存在很大的安全隐患",),
        natures={"contract": 6, "false_advertising": 3, "quality": 2, "price": 1, "after_sales": 0.5},
        weight=4,
        is_service=True,
    ),
    "online_shopping": _Object(
        lines=(
            _Line(
                ("连衣裙|条", "手机|部", "运动鞋|双", "扫地机器人|台", "儿童玩具|套", "名牌包|个"),
                ("淘宝网店", "京东店铺", "拼多多店铺", "网店旗舰店"),
                (
                    "收到货打开就是坏的",
                    "收到的东西和网页上的图片完全不一样",
                    "快递收到时包装已经破了，里面的东西也坏了",
                    "收到的是别人退回来的二手货，还有使用痕迹",
                ),
            ),
            _Line(
                ("玉石手镯|只", "茶叶|盒", "护肤品套装|套", "保健品|盒", "零食|箱"),
                ("抖音直播间", "快手直播间", "直播带货的网店"),
                ("收到的手镯有裂纹", "茶叶全是碎末，和直播间展示的完全两样", "收到货发现快过期了"),
                uses=(
                    "{I}{when}在{shop}看直播下单了{q}{item}，花了{amount}元",
                    "{when}{I}在{shop}抢购了{q}{item}，实付{amount}元，几天后收到快递",
                ),
            ),
            _Line(
                ("二手手机|部", "面霜|瓶", "代购奶粉|罐"),
                ("闲鱼卖家", "微信小程序商城", "朋友圈微商"),
                ("收到后发现是坏的，卖家拉黑了{I}", "收到的东西跟描述的不一样"),
            ),
        ),
        amount=(20, 8000),
        uses=(
            "{when}{I}在{shop}下单买了{q}{item}，付款{amount}元",
            "{when}{I}通过{shop}网购{q}{item}，实付{amount}元，快递送货上门",
            "{when}在{shop}拍了{q}{item}，{amount}元，几天后收到快递",
        ),
        hazards=("网购的东西一用就冒火花，差点出事", "收到的零食吃了以后孩子呕吐不止"),
        natures={
            "after_sales": 5,
            "quality": 4,
            "counterfeit": 3,
            "false_advertising": 3,
            "privacy": 1.5,
            "price": 1.5,
            "contract": 1,
        },
        weight=9,
    ),
    "prepaid": _Object(
        lines=(
            _Line(
                ("健身会员卡|张", "游泳年卡|张", "私教课时卡|张"),
                ("健身房", "游泳馆", "健身会所"),
                ("器材坏了一半也不修", "私教课经常临时取消"),
            ),
            _Line(
                ("美容储值卡|张", "理发充值卡|张", "美甲会员卡|张"),
                ("美容院", "理发店", "美甲店"),
                ("卡里的项目越做越少，质量也越来越差",),
            ),
            _Line(
                ("洗车卡|张", "餐厅储值卡|张", "超市购物卡|张", "儿童乐园年卡|张", "课时卡|张"),
                ("洗车店", "餐厅", "超市", "儿童乐园", "培训机构"),
                ("换了老板以后服务明显缩水",),
            ),
        ),
        amount=(300, 20000),
        uses=(
            "{when}{I}在{place}的{shop}办了{q}{item}，充值{amount}元",
            "{I}{when}在{shop}充值办卡{amount}元",
            "{when}{I}经不住推销在{shop}办了{item}，预付了{amount}元",
            "{I}{when}在{place}{shop}办理会员，储值{amount}元",
        ),
        hazards=("店里的设施年久失修，{I}用的时候受了伤",),
        natures={"contract": 8, "price": 1.5, "false_advertising": 1.5, "quality": 0.5, "other_nature": 1},
        weight=7,
        is_service=True,
    ),
    "tourism": _Object(
        lines=(
            _Line(
                ("跟团游|次", "研学游|次", "自由行套餐|份"),
                ("旅行社", "旅游公司", "在线旅游平台"),
                ("导游全程态度恶劣，讲解敷衍了事", "住的酒店和合同上写的完全不是一个档次"),
                ("旅游大巴超载，司机疲劳驾驶",),
                uses=(
                    "{when}{I}在{place}的{shop}报了{item}，团费{amount}元",
                    "{I}{when}跟{shop}报了去王莽岭的{item}，交了{amount}元",
                    "{when}{I}通过{shop}订了去珏山的{item}，共{amount}元",
                ),
            ),
            _Line(
                ("景区门票|张", "景区索道|次", "景区观光车|次"),
                ("景区", "景区售票处"),
                ("索道排了三个小时的队", "景区里到处是垃圾，厕所也没法用"),
                ("景区栈道护栏松动，游客差点掉下去",),
                uses=(
                    "{when}{I}一家到皇城相府游玩，在{shop}买了{item}，{amount}元",
                    "{I}{when}去王莽岭{shop}，买了{item}，花了{amount}元",
                ),
            ),
            _Line(
                ("农家乐|次", "特色民宿|晚"),
                ("农家乐", "乡村民宿"),
                ("饭菜和房间都和宣传的差得很远",),
                uses=("{when}{I}和朋友去{place}的{shop}玩，{item}花了{amount}元",),
            ),
        ),
        amount=(60, 20000),
        uses=(),
        hazards=("景区游乐项目没有防护措施，{I}受了伤",),
        natures={
            "contract": 5,
            "price": 3,
            "false_advertising": 2,
            "quality": 1.5,
            "safety": 1,
            "dignity": 0.5,
        },
        weight=3,
        is_service=True,
    ),
    "housekeeping": _Object(
        lines=(
            _Line(
                ("月嫂|位", "育儿嫂|位", "保姆|位", "护工|位"),
                ("家政公司", "家政服务中心"),
                ("月嫂根本不会照顾新生儿，经验严重不足", "保姆干活敷衍，还经常玩手机", "护工对老人不管不问"),
                ("护工照顾不周，老人在卫生间摔倒骨折",),
                uses=(
                    "{when}{I}通过{place}的{shop}请了一位{item}，服务费{amount}元",
                    "{I}{when}在{shop}签约了一位{item}，交了{amount}元",
                ),
            ),
            _Line(
                ("开荒保洁|次", "日常保洁|次", "家电清洗|次"),
                ("保洁公司", "家政公司"),
                ("保洁做得马马虎虎，角落里全是灰", "清洗完油烟机反而不转了"),
            ),
            _Line(
                ("搬家|次",),
                ("搬家公司",),
                ("搬家拖拖拉拉，从早上搬到半夜",),
                ("搬家工人把家里的电视和柜子摔坏了",),
            ),
        ),
        amount=(100, 20000),
        uses=(
            "{I}{when}在{shop}预约了{item}服务，付了{amount}元",
            "{when}{I}找{place}的{shop}做{item}，收费{amount}元",
        ),
        hazards=("工作人员操作不当，把{I}家里的东西弄坏了",),
        natures={"contract": 5, "quality": 4, "price": 2, "safety": 1, "privacy": 0.5},
        weight=2,
        is_service=True,
    ),
    "repair": _Object(
        lines=(
            _Line(
                ("家电维修|次", "热水器维修|次", "空调加氟|次"),
                ("家电维修部", "上门维修师傅", "维修服务公司"),
                ("修完没两天又坏了，毛病一样", "修了三次都没修好", "修完以后反而出了新毛病"),
                ("维修师傅走后燃气管道一直漏气",),
            ),
            _Line(
                ("手机维修|次", "电脑维修|次"),
                ("手机维修店", "电脑维修店"),
                ("换完屏幕触摸不灵", "修完以后里面的资料全没了"),
            ),
            _Line(
                ("汽车维修|次", "汽车保养|次"),
                ("汽修厂", "快修店"),
                ("保养完发动机故障灯一直亮", "修完车开了十公里又坏了"),
                ("修完的车刹车片没装好，差点出事",),
            ),
            _Line(
                ("开锁换锁|次", "管道疏通|次", "房屋防水维修|次"),
                ("开锁公司", "管道疏通公司", "上门维修师傅"),
                ("疏通完第二天又堵了", "做完防水下雨还是漏"),
            ),
        ),
        amount=(50, 10000),
        uses=(
            "{when}{I}在网上找了{place}的{shop}上门做{item}，收了{amount}元",
            "{I}{when}到{shop}做{item}，维修费{amount}元",
            "{when}家里东西坏了，{I}叫了{shop}做{item}，付了{amount}元",
        ),
        hazards=("维修时操作不规范，把{I}弄伤了",),
        natures={"price": 6, "quality": 3, "counterfeit": 2, "after_sales": 1.5, "false_advertising": 1},
        weight=3,
        is_service=True,
    ),
    "telecom_service": _Object(
        lines=(
            _Line(
                ("宽带|条", "手机套餐|个", "流量包|个", "5G套餐|个", "有线电视|户", "固定电话|部"),
                ("营业厅", "运营商", "运营商代理点", "宽带公司"),
                ("宽带经常掉线，网速连宣传的十分之一都不到", "信号很差，在家里打电话都打不出去"),
            ),
        ),
        amount=(10, 3000),
        uses=(
            "{when}{I}在{place}的{shop}办理了{item}，{amount}元",
            "{I}{when}在{shop}办了{item}，预存话费{amount}元",
            "{when}{I}的手机号在{shop}办理了{item}，每月{amount}元",
        ),
        hazards=("营业厅私自给{I}开了副卡，被人用来打诈骗电话",),
        natures={
            "price": 5,
            "contract": 4,
            "privacy": 2,
            "quality": 2,
            "false_advertising": 1.5,
            "after_sales": 1,
        },
        weight=3,
        is_service=True,
    ),
    "recreation": _Object(
        lines=(
            _Line(
                ("健身私教课|节", "游泳|次", "瑜伽课|节"),
                ("健身房", "游泳馆", "瑜伽馆"),
                ("器材大部分都是坏的，根本没法用", "泳池水浑浊，看着就不干净"),
                ("器械固定螺丝松了，{I}锻炼时被砸伤",),
            ),
            _Line(
                ("KTV包厢|间", "电影|场", "剧本杀|场", "台球|场"),
                ("KTV", "电影院", "剧本杀店", "台球厅"),
                ("影厅放映一半黑屏，音响也有杂音", "包厢里话筒全是坏的"),
            ),
            _Line(
                ("游乐园门票|张", "儿童乐园|次", "滑雪|次", "演唱会门票|张"),
                ("游乐场", "儿童乐园", "滑雪场", "票务平台"),
                ("一半的项目都停了，门票却一分不少", "雪道上全是冰，器材也很旧"),
                ("游乐设施突然停在半空，孩子吓坏了", "滑道有破损，孩子滑下来把腿划伤了"),
            ),
        ),
        amount=(30, 8000),
        uses=(
            "{when}{I}在{place}的{shop}消费{item}，花了{amount}元",
            "{I}{when}带孩子去{shop}玩，买了{item}，{amount}元",
            "{when}{I}和朋友去{place}{shop}，{item}一共{amount}元",
        ),
        hazards=("场地没有安全提示，{I}摔伤了",),
        natures={"price": 3, "safety": 3, "contract": 2, "dignity": 2, "quality": 2, "false_advertising": 1},
        weight=3,
        is_service=True,
    ),
    "housing": _Object(
        lines=(
            _Line(
                ("房屋装修|套", "全屋定制|套", "卫生间防水|次"),
                ("装修公司", "定制家居公司"),
                (
                    "装修完不到半年墙面大面积开裂",
                    "卫生间漏水把楼下都泡了",
                    "水电走线乱七八糟，和图纸完全不一样",
                ),
                ("装修公司私自拆改承重墙",),
            ),
            _Line(
                ("物业服务|年", "停车位租赁|个"),
                ("物业公司",),
                ("物业不作为，电梯坏了一个月也没人修", "小区垃圾堆了好几天没人清"),
                ("小区消防通道被堵，物业不管",),
                uses=(
                    "{I}住在{place}的一个小区，{when}交了物业费{amount}元",
                    "{when}{I}向小区的{shop}交了{item}费用{amount}元",
                ),
            ),
            _Line(
                ("房屋租赁|套", "二手房买卖|套"),
                ("房产中介", "房屋租赁公司"),
                ("房子里的家电全是坏的，和看房时说的不一样",),
            ),
        ),
        amount=(500, 300000),
        uses=(
            "{when}{I}和{place}的{shop}签了{item}合同，总价{amount}元",
            "{I}{when}找{shop}做{item}，已付{amount}元",
            "{when}{I}通过{shop}办理{item}，交了{amount}元",
        ),
        hazards=("施工现场没有防护，掉下来的东西砸伤了人",),
        natures={"contract": 6, "quality": 4, "price": 3, "false_advertising": 1, "privacy": 0.8},
        weight=4,
        is_service=True,
    ),
    "other_services": _Object(
        lines=(
            _Line(
                ("婚纱照|套", "婚庆服务|场"),
                ("婚纱摄影店", "婚庆公司"),
                ("拍的照片修得一塌糊涂，底片也不给", "婚礼当天司仪迟到，布置也和方案不一样"),
            ),
            _Line(
                ("洗车|次", "停车|次"),
                ("洗车店", "停车场"),
                ("洗车时把车漆划了好几道",),
                ("停车场栏杆突然落下，把车砸了",),
            ),
            _Line(("快递寄件|件",), ("快递网点",), ("快递寄出去的东西丢了", "寄的东西送到时已经摔坏了")),
            _Line(("干洗|件",), ("干洗店",), ("送去干洗的大衣洗坏了，缩水变形",)),
            _Line(
                ("宠物美容|次", "宠物寄养|次"), ("宠物店", "宠物医院"), ("寄养回来狗瘦了一大圈，还生了病",)
            ),
            _Line(
                ("洗浴|次", "足疗|次"),
                ("洗浴中心", "足疗店"),
                ("池子里的水很脏",),
                ("洗浴中心地面湿滑，{I}摔倒受伤",),
            ),
            _Line(("婚恋交友服务|套",), ("婚介所",), ("介绍的对象全是托",)),
        ),
        amount=(10, 30000),
        uses=(
            "{when}{I}在{place}的{shop}定了{item}，花了{amount}元",
            "{I}{when}到{shop}做{item}，收费{amount}元",
            "{when}{I}在{place}{shop}消费{item}，付了{amount}元",
        ),
        hazards=("店里没有任何安全措施，{I}受了伤",),
        natures={"contract": 4, "price": 4, "quality": 3, "after_sales": 1, "dignity": 1, "privacy": 1},
        weight=3,
        is_service=True,
    ),
}

#: Nature → how often it comes (12315 statistics: quality, contract and after-sales lead).
NATURE_WEIGHTS: dict[str, float] = {
    "quality": 9,
    "safety": 3,
    "price": 5,
    "measurement": 1.2,
    "counterfeit": 2,
    "contract": 7,
    "false_advertising": 3,
    "after_sales": 5,
    "dignity": 0.8,
    "privacy": 1.2,
    "other_nature": 1.5,
}

OBJECT_CODES: tuple[str, ...] = tuple(OBJECTS)
NATURE_CODES: tuple[str, ...] = tuple(NATURE_WEIGHTS)

# --- what went wrong, per nature ---------------------------------------------------------------

#: Sentences for any object; `_GOODS_PROBLEMS` and `_SERVICE_PROBLEMS` add those that only
#: fit goods or services.
_PROBLEMS: dict[str, tuple[str, ...]] = {
    "quality": (
        "{defect}",
        "没过几天就{defect}",
        "结果{defect}，质量太差了",
        "{defect}，明显是质量问题",
    ),
    "safety": (
        "{hazard}",
        "没想到{hazard}，现在想起来还后怕",
        "结果{hazard}，存在严重的安全隐患",
        "{hazard}，医药费花了{fee}元",
    ),
    "price": (
        "标价{p1}元，结账的时候却收了{p2}元",
        "店里根本没有明码标价，结账时才知道要{p2}元",
        "结账时多收了{diff}元，说是{fee_name}",
        "同样的东西别家只卖{p1}元，他们要了{p2}元，事先也没说",
        "活动前偷偷涨价，打完折比原价还贵",
        "价目表上写的是{p1}元，实际收了{p2}元，属于价格欺诈",
        "强制收取{fee_name}{diff}元",
    ),
    "measurement": (
        "回家用秤一称，实际只有{w2}斤，少了{short}两",
        "包装上标的净含量是{g1}克，实际称重只有{g2}克",
        "怀疑商家的电子秤做了手脚，缺斤短两",
        "拿到市场的公平秤复称，分量明显不足",
        "实际的量比小票上的少了一截，短斤少两很严重",
    ),
    "counterfeit": (
        "后来发现是假货，扫防伪码根本查不到",
        "找品牌官方客服鉴定，确认不是正品",
        "商标和正品的不一样，明显是仿冒的",
        "说是正品，结果是山寨货，做工很粗糙",
        "是没有厂名厂址的三无产品，还冒充大品牌",
        "以假充真，拿翻新的当新的卖",
    ),
    "contract": (
        "当时签了合同，现在对方违约不履行",
        "{I}要求解除合同退费，对方说合同写了概不退款",
        "交了{fee}元定金，后来对方单方面变卦，定金也不退",
        "押金{fee}元到现在都不退",
        "合同里全是霸王条款，什么责任都是消费者的",
        "说好的内容没有兑现，要求退钱也不给退",
    ),
    "false_advertising": (
        "宣传的时候说{claim}，实际根本不是那么回事",
        "广告上写着{claim}，完全是虚假宣传",
        "商家夸大宣传，说{claim}，{I}被误导才买的",
        "所谓的原价是虚构的，打折是假的",
        "销售人员宣传{claim}，结果全是骗人的",
    ),
    "after_sales": (
        "联系售后客服，一直不回复，电话也打不通",
        "找售后处理，商家和厂家互相踢皮球",
    ),
    "dignity": (
        "结账时店员怀疑{I}偷东西，当着很多人的面要搜身",
        "服务员因为一点小事对{I}破口大骂，说话非常难听",
        "保安把{I}推搡出门，还动手打人",
        "店员看{I}穿着普通，冷嘲热讽，态度歧视",
        "店员说{I}穷酸、一看就买不起，侮辱人格",
    ),
    "privacy": (
        "之后天天接到骚扰电话，对方连{I}买了什么都知道，肯定是商家泄露了个人信息",
        "商家强制要求登记身份证号和人脸信息才给办理",
        "{I}的个人信息被泄露，接到了冒充客服的诈骗电话",
        "没有经过{I}同意就把{I}的手机号和住址卖给了别人",
    ),
    "other_nature": (
        "商家拒收现金，只让扫码付款",
        "要求开发票，商家推说没有发票",
        "店里营业执照都没有挂出来，怀疑无照经营",
        "商家非要扫码关注公众号才能结账",
        "排了两个小时的队，工作人员还爱答不理",
        "之后联系不上商家，电话关机，店也找不到了",
    ),
}

_GOODS_PROBLEMS: dict[str, tuple[str, ...]] = {
    "quality": ("到手后发现{defect}", "买回来没几天就{defect}"),
    "after_sales": (
        "在三包期内要求换货，商家推来推去就是不给换",
        "按七天无理由退货申请退货，被商家拒绝",
        "报修以后一直没人上门，客服只会说在处理",
        "保修期内坏了，商家说要收维修费",
        "已经返修三次了，问题还是没解决，要求退货不同意",
    ),
    "privacy": ("店里在试衣间附近装了摄像头，侵犯隐私",),
}

_SERVICE_PROBLEMS: dict[str, tuple[str, ...]] = {
    "quality": ("服务过程中{defect}", "{defect}，服务质量太差"),
    "contract": (
        "店铺突然关门，老板跑路了，剩下的钱退不回来",
        "卡里还剩{fee}元，商家说不能退只能继续消费",
        "说好的服务内容没有兑现，中途还要加钱",
    ),
    "after_sales": (
        "服务结束后出了问题，找他们返工一直推脱",
        "说好的免费复查和售后服务，现在不认了",
        "投诉到总部，总部说门店是加盟的不归他们管",
    ),
}

#: Object-specific problems that read better than the generic ones.
_SPECIFIC: dict[tuple[str, str], tuple[str, ...]] = {
    ("food", "measurement"): ("买的{item}回家一称少了好几两", "称{item}的秤明显不准，一斤少了一两多"),
    ("other_goods", "measurement"): (
        "加了两百块钱的油，算下来少了将近两升",
        "金饰的克重比票上写的少了零点五克",
        "液化气罐称着明显分量不足",
        "买的煤炭过磅少了三百多斤",
    ),
    ("catering", "measurement"): ("点的海鲜称重时缺斤短两，一斤只有七两多",),
    ("catering", "price"): (
        "菜单上的菜价和结账时的不一样",
        "收了包间费和餐具费，事先都没说",
        "强制收取开瓶费",
    ),
    ("beauty", "price"): (
        "理发前说好三十元，剪完硬要收三百多",
        "做着做着推销各种项目，最后结账几千块",
        "说是免费体验，做完却要收钱",
    ),
    ("medical", "false_advertising"): (
        "讲座上说这个保健品能治高血压、糖尿病，吃了就不用吃药",
        "宣传说理疗仪包治百病，老人信了",
    ),
    ("education", "false_advertising"): (
        "报名时承诺包过，不过全额退费，现在不认账",
        "宣传是名校名师授课，实际都是兼职",
    ),
    ("education", "contract"): (
        "孩子上了几节课不想上了，要求退剩下的课时费，机构拒绝",
        "机构突然停课，说要搬迁，剩下的课一直没上",
    ),
    ("prepaid", "contract"): (
        "店突然关门了，卡里还有{fee}元没用",
        "想退卡，店里说只能转卡不能退",
        "换了老板，新老板不认以前的会员卡",
        "充值的时候说随时可以退，现在要退却不给退",
    ),
    ("tourism", "contract"): (
        "导游私自变更行程，合同上的景点少去了两个",
        "团里被拉到购物点，不买东西不让走",
    ),
    ("tourism", "price"): ("景区门票价格没有公示，现场收费比网上高很多", "景区里面的观光车乱收费"),
    ("repair", "price"): (
        "一个小毛病，师傅张口就要{p2}元",
        "换了个零件收了{p2}元，网上才卖几十",
        "上门检测费就收了{fee}元，修不好也不退",
    ),
    ("repair", "counterfeit"): ("换上的配件是二手翻新件，却按原厂件收费",),
    ("telecom_service", "price"): (
        "话费莫名其妙多扣了{diff}元，说是开通了增值业务",
        "从没办过的业务每个月都在扣钱",
    ),
    ("telecom_service", "contract"): (
        "宽带到期后被自动续约，要求取消不给办",
        "合约期内套餐被单方面降速",
    ),
    ("housing", "contract"): (
        "装修公司干了一半就停工了，预付款不退",
        "中介费交了，房子却因为产权问题没过户，中介费也不退",
        "房东提前收房，押金不退",
        "装修过程中不停增项加钱，比合同价多了一大截",
    ),
    ("housing", "price"): ("物业乱收费，停车费一年涨了两次", "物业费没经业主同意就涨价了"),
    ("online_shopping", "after_sales"): (
        "申请七天无理由退货，网店说拆封了就不给退",
        "平台客服和商家互相推诿，退款申请一直被驳回",
    ),
    ("online_shopping", "false_advertising"): ("主播在直播间说{claim}，收到货完全不是那样",),
    ("online_shopping", "counterfeit"): ("号称官方旗舰店，卖的却是假货",),
    ("online_shopping", "privacy"): ("快递单上的个人信息被泄露，接到诈骗电话说要理赔",),
    ("auto", "counterfeit"): ("买的时候说是新车，后来查出来是翻新的库存车", "说是原厂电瓶，结果是翻新电瓶"),
    ("auto", "contract"): ("交了定金后4S店说要加价才能提车", "二手车合同上写无事故，结果是泡水车"),
    ("cosmetics", "counterfeit"): ("在专柜买的口红批号查不到，品牌方说不是他们的货",),
    ("cosmetics", "false_advertising"): (
        "宣传说七天祛斑、无任何添加",
        "说是特效美白，用了三个月一点效果没有",
    ),
    ("recreation", "price"): ("KTV里的酒水价格比外面贵好几倍，还有最低消费", "说好的团购价，到店又要加钱"),
    ("recreation", "dignity"): ("和工作人员理论了几句，保安就过来把{I}推倒了",),
    ("catering", "dignity"): ("对菜品提了意见，老板带人过来骂{I}，还动手推人",),
    ("food", "dignity"): ("出门时超市保安拦住{I}要搜包，说{I}偷了东西，最后什么也没搜到",),
    ("daily_goods", "dignity"): ("超市员工怀疑{I}偷东西，强行翻{I}的包",),
}

_CLAIMS = (
    "三天见效、无效退款",
    "纯天然无添加",
    "全网最低价",
    "进口原装",
    "买一送一",
    "终身免费维修",
    "百分之百纯棉",
    "能治疗多种慢性病",
    "一年内保证效果",
    "厂家直销，比商场便宜一半",
)

_FEE_NAMES = ("服务费", "包装费", "餐位费", "调试费", "上门费", "手续费", "材料费", "开瓶费")

# --- what the merchant said --------------------------------------------------------------------

_REPLIES_GENERIC = (
    "商家以各种理由推脱",
    "找商家理论，店家态度很差，说爱去哪告就去哪告",
    "联系客服，一直说会反馈，到现在也没有结果",
    "老板说不是他们的问题，不予处理",
    "之后再打电话对方就不接了",
    "商家只同意给一张{coupon}元的优惠券，{I}不接受",
    "店员说要请示领导，之后就没了下文",
    "多次协商无果",
    "商家答应处理，但拖了一个多月也没动静",
    "对方说已经过了时间了不管",
)

_REPLIES: dict[str, tuple[str, ...]] = {
    "quality": ("商家说是{I}使用不当造成的", "店家坚持说是人为损坏，不给处理", "商家说这种情况很正常"),
    "safety": ("商家说跟他们的东西没关系，不承担医药费", "店家只愿意退款，医药费一分不赔"),
    "price": ("老板说价格是他们自己定的，嫌贵别买", "商家说系统出错了，但就是不退多收的钱"),
    "measurement": ("老板说秤没问题，是{I}自己称错了", "商家说本来就有损耗"),
    "counterfeit": ("商家一口咬定是正品，拿不出进货凭证", "店家说是高仿的，价格本来就便宜"),
    "contract": ("对方说合同上写了概不退款", "商家说钱已经花了，退不了", "店里让{I}等通知，一直等不到"),
    "false_advertising": ("商家说宣传只是参考，效果因人而异", "销售说那只是口头说说"),
    "after_sales": ("商家说过了七天不给退", "售后让寄回厂家检测，一个月了没消息", "客服说只能维修不能换"),
    "dignity": ("事后店长也不道歉，还说是{I}自找的",),
    "privacy": ("商家否认泄露过信息", "客服说是合作方的问题，跟他们无关"),
    "other_nature": ("商家说这是他们店的规定",),
}

# --- what the complainant asks -----------------------------------------------------------------

_REQUESTS: dict[str, tuple[str, ...]] = {
    "quality": ("要求退货退款", "要求更换新的", "要求免费维修或者退款", "要求退款并赔偿损失"),
    "safety": ("要求赔偿医药费和误工费", "要求赔偿损失并依法查处", "要求退款并赔偿医疗费用"),
    "price": ("要求退还多收的钱", "要求退还差价并查处价格违法行为", "要求按标价结算退回多收费用"),
    "measurement": ("要求补足差额并查处缺斤短两行为", "要求退款并对其计量器具进行检查"),
    "counterfeit": ("要求退一赔三", "要求退一赔十", "要求退款赔偿并查处售假行为"),
    "contract": ("要求退还剩余费用", "要求解除合同并退还预付款", "要求双倍返还定金", "要求退还押金"),
    "false_advertising": ("要求退款并查处其虚假宣传", "要求退一赔三，依法处理虚假广告"),
    "after_sales": ("要求按三包规定退货", "要求换货", "要求商家履行售后义务，免费维修"),
    "dignity": ("要求商家公开赔礼道歉", "要求赔礼道歉并赔偿精神损失"),
    "privacy": ("要求删除个人信息并停止骚扰", "要求查处泄露个人信息的行为"),
    "other_nature": ("要求商家改正", "希望相关部门督促整改", "要求商家开具发票"),
}

_SERVICE_REQUESTS: dict[str, tuple[str, ...]] = {
    "quality": ("要求退还服务费", "要求重新服务或者退款", "要求退款并赔偿损失"),
    "after_sales": ("要求商家履行承诺，免费返工", "要求退还服务费"),
    "counterfeit": ("要求退款赔偿并查处", "要求退还费用，查处冒牌经营"),
}

_REQUESTS_PLAIN = (
    "要求退款",
    "要求赔偿损失",
    "要求商家给个合理的说法",
    "要求退钱",
    "要求商家妥善处理",
    "要求依法维护消费者权益",
)

_VAGUE = (
    "{item}出了问题",
    "有问题找商家，商家不管",
    "和商家发生纠纷",
    "对{item}不满意",
    "感觉被坑了",
)

_REQUESTS_GENERIC = (
    "请市场监管部门帮忙调解",
    "希望尽快处理",
    "请相关部门依法处理",
    "请给个说法",
)

_TIPS: dict[str, tuple[str, ...]] = {
    "quality": ("销售不合格的{item}", "卖的{item}质量有问题，很多人都买到了"),
    "safety": ("销售存在安全隐患的{item}", "经营场所存在严重安全隐患"),
    "price": ("不明码标价、乱收费", "存在价格欺诈，先涨价后打折"),
    "measurement": ("使用作弊的秤，长期缺斤短两", "计量器具不准，克扣分量"),
    "counterfeit": ("销售假冒名牌{item}", "大量销售假冒伪劣{item}"),
    "contract": ("利用格式条款侵害消费者权益", "收了大量预付款后准备关门跑路"),
    "false_advertising": ("发布虚假广告，宣称{claim}", "夸大宣传误导老年人购买"),
    "after_sales": ("拒不履行三包义务", "以各种理由拒绝退换货"),
    "dignity": ("店员经常对顾客搜身", "保安殴打顾客"),
    "privacy": ("违规收集、出售顾客的个人信息", "强制收集人脸信息"),
    "other_nature": ("无照经营", "拒收现金"),
}

_SERVICE_TIPS: dict[str, tuple[str, ...]] = {
    "quality": ("服务质量极差，很多人都被坑过", "{item}服务偷工减料"),
    "safety": ("经营场所存在严重安全隐患", "没有相关资质违规提供{item}服务"),
    "counterfeit": ("冒用知名品牌的名义经营", "用假冒伪劣材料冒充正品"),
    "after_sales": ("承诺的售后服务拒不兑现",),
}

# --- scene and noise ---------------------------------------------------------------------------

_COUNTIES = ("城区", "泽州县", "高平市", "阳城县", "陵川县", "沁水县")
_STREETS = (
    "泽州路",
    "凤台街",
    "黄华街",
    "文昌街",
    "红星街",
    "建设路",
    "太行路",
    "书院街",
    "中原街",
    "新市街",
)
_OPENINGS_HOTLINE = ("消费者来电反映：", "来电人反映，", "12315热线来电：", "市民来电称，")
_OPENINGS_LETTER = ("尊敬的市场监管局领导：", "您好，", "")
_ASIDES = (
    "真的太气人了",
    "哪有这样做生意的",
    "希望你们管一管",
    "我实在没办法了才打的电话",
    "这已经不是第一次了",
    "周围好几个邻居也遇到过",
    "麻烦尽快处理一下",
    "现在消费者维权太难了",
)
_TYPOS = {"的": "地", "在": "再", "已": "以", "账": "帐", "像": "象", "做": "作", "再": "在", "那": "哪"}
_COUPONS = ("10", "20", "30", "50", "100")
_TWO_DECIMALS = Decimal("0.01")


def _pick(rng: random.Random, options: tuple[str, ...] | list[str]) -> str:
    return options[rng.randrange(len(options))]


def _weighted(rng: random.Random, weights: dict[str, float]) -> str:
    codes = list(weights)
    return rng.choices(codes, weights=[weights[c] for c in codes])[0]


def _object_weights_for(nature: str) -> dict[str, float]:
    return {code: obj.weight * obj.natures.get(nature, 1.0) for code, obj in OBJECTS.items()}


def _nature_weights_for(obj: _Object) -> dict[str, float]:
    return {code: base * obj.natures.get(code, 1.0) for code, base in NATURE_WEIGHTS.items()}


def _when(rng: random.Random) -> str:
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    return _pick(
        rng,
        (
            f"{month}月{day}日",
            f"今年{month}月{day}日",
            f"去年{month}月",
            "上个月",
            "前几天",
            "上周六",
            f"{rng.randint(2, 20)}天前",
            "国庆节期间",
            "春节前",
            f"{month}月初",
        ),
    )


def _place(rng: random.Random) -> str:
    county = _pick(rng, _COUNTIES)
    street = _pick(rng, _STREETS)
    return _pick(
        rng, (f"{county}{street}", county, f"{street}附近", f"{county}{street}路口", f"家门口{street}上")
    )


def _amount(rng: random.Random, low: int, high: int) -> Decimal:
    # Log-uniform: many small purchases, a few large ones, as in the cases.
    value = low * (high / low) ** rng.random()
    if value < 100 and rng.random() < 0.4:
        return Decimal(f"{value:.1f}").quantize(_TWO_DECIMALS)
    step = 1 if value < 1000 else 100
    return Decimal(max(low, round(value / step) * step)).quantize(_TWO_DECIMALS)


def _number(amount: Decimal) -> str:
    return f"{amount.normalize():f}"


def _slots(
    rng: random.Random, obj: _Object, line: _Line, amount: Decimal, first_person: bool
) -> dict[str, Any]:
    item, _sep, quantifier = _pick(rng, line.items).partition("|")
    # What was paid (p2) against what was marked or agreed (p1).
    p2 = max(int(amount), 2)
    p1 = max(1, int(p2 / rng.uniform(1.1, 2.5)))
    w1 = rng.randint(2, 20)
    g1 = _pick(rng, ("500", "250", "1000", "400", "200"))
    return {
        "item": item,
        "q": "一" + (quantifier or "个") if rng.random() < 0.7 else "",
        "shop": _pick(rng, line.shops),
        "place": _place(rng),
        "when": _when(rng),
        "amount": _number(amount),
        "I": "我" if first_person else _pick(rng, ("其", "该消费者")),
        "p1": p1,
        "p2": p2,
        "diff": p2 - p1,
        "fee": _pick(rng, ("200", "500", "1000", "2000", "3000", "800")),
        "fee_name": _pick(rng, _FEE_NAMES),
        "w2": w1 - 1,
        "short": rng.randint(2, 8),
        "g1": g1,
        "g2": int(int(g1) * rng.uniform(0.7, 0.92)),
        "claim": _pick(rng, _CLAIMS),
        "coupon": _pick(rng, _COUPONS),
    }


def _problem(rng: random.Random, object_code: str, line: _Line, nature: str, slots: dict[str, Any]) -> str:
    obj = OBJECTS[object_code]
    specific = _SPECIFIC.get((object_code, nature), ())
    if specific and rng.random() < 0.6:
        template = _pick(rng, specific)
    else:
        extra = (_SERVICE_PROBLEMS if obj.is_service else _GOODS_PROBLEMS).get(nature, ())
        template = _pick(rng, _PROBLEMS[nature] + extra)
    fill = dict(slots)
    fill["defect"] = _pick(rng, line.defects).format(**slots)
    fill["hazard"] = _pick(rng, line.hazards or obj.hazards).format(**slots)
    return template.format(**fill)


def _typo(rng: random.Random, text: str) -> str:
    positions = [i for i, ch in enumerate(text) if ch in _TYPOS]
    if not positions:
        return text
    index = positions[rng.randrange(len(positions))]
    return text[:index] + _TYPOS[text[index]] + text[index + 1 :]


#: Natures a second problem is most often told with (quality and after-sales go together …).
_COMPANIONS = {
    "quality": ("after_sales", "safety", "false_advertising"),
    "safety": ("quality",),
    "price": ("contract", "false_advertising"),
    "measurement": ("price",),
    "counterfeit": ("false_advertising", "quality"),
    "contract": ("price", "after_sales"),
    "false_advertising": ("counterfeit", "quality", "price"),
    "after_sales": ("quality", "contract"),
    "dignity": ("other_nature",),
    "privacy": ("other_nature",),
    "other_nature": ("contract", "price"),
}


_GOODS_CODES = tuple(
    code for code, obj in OBJECTS.items() if not obj.is_service and code != "online_shopping"
)
#: Services often paid for with a prepaid card (预付式消费), and how a card purchase is told.
_CARD_SERVICES = ("beauty", "recreation", "catering", "education", "other_services")
_CARD_USES = (
    "{when}{I}在{place}的{shop}办了一张会员卡，充值{amount}元，主要用来做{item}",
    "{I}{when}在{shop}充值了{amount}元办卡，平时去{item}",
    "{when}{I}被推销在{shop}办了{amount}元的卡，说是{item}可以打折",
)
_REPAIRED_GOODS = ("appliances", "telecom_goods", "auto")
_REPAIR_SHOPS = ("维修店", "上门维修师傅", "售后维修点", "快修店")
_REPAIR_USES = (
    "{when}家里的{item}坏了，{I}找了{place}的{shop}来修，花了{amount}元",
    "{I}{when}把{item}送到{shop}修理，付了{amount}元",
)


_OTHER_MENTIONS = (
    "同时买的{item}倒是没问题",
    "之前在{shop}也遇到过类似的事",
    "{I}当时是从{shop}出来顺路去的",
    "{I}本来是想买{item}的",
    "朋友在旁边的{shop}也被这样坑过",
)


def _line_of(rng: random.Random, code: str) -> _Line:
    lines = OBJECTS[code].lines
    return lines[rng.randrange(len(lines))]


def _scene(rng: random.Random, object_code: str) -> tuple[_Line, tuple[str, ...]]:
    """The line and purchase sentences of a case, where categories meet as they do in real
    cases: goods bought online, a service paid with a prepaid card, goods taken for repair.
    Each of the two neighbours tells it with the same words, so the label is a judgement."""
    obj = OBJECTS[object_code]
    line = _line_of(rng, object_code)
    uses = line.uses or obj.uses
    roll = rng.random()
    online = OBJECTS["online_shopping"]
    if object_code == "online_shopping" and roll < 0.5:
        goods = _line_of(rng, _pick(rng, _GOODS_CODES))
        line = _Line(goods.items, line.shops, goods.defects + line.defects, goods.hazards)
    elif object_code in _GOODS_CODES and roll < 0.3:
        seller = _line_of(rng, "online_shopping")
        line = _Line(line.items, seller.shops, line.defects + seller.defects, line.hazards)
        uses = online.uses
    elif object_code == "prepaid" and roll < 0.5:
        service = _line_of(rng, _pick(rng, _CARD_SERVICES))
        line = _Line(service.items, service.shops, service.defects + line.defects, service.hazards)
        uses = _CARD_USES
    elif object_code in _CARD_SERVICES and roll < 0.4:
        line = _Line(line.items, line.shops, line.defects + _line_of(rng, "prepaid").defects, line.hazards)
        uses = _CARD_USES
    elif object_code == "repair" and roll < 0.3:
        goods = _line_of(rng, _pick(rng, _REPAIRED_GOODS))
        line = _Line(goods.items, _REPAIR_SHOPS, line.defects, line.hazards)
        uses = _REPAIR_USES
    elif object_code in _REPAIRED_GOODS and roll < 0.2:
        line = _Line(line.items, _REPAIR_SHOPS, _line_of(rng, "repair").defects, line.hazards)
        uses = _REPAIR_USES
    return line, uses or _GOODS_USES


def generate(
    rng: random.Random,
    object_code: str | None = None,
    nature_code: str | None = None,
    *,
    kind: str = "complaint",
) -> dict[str, Any]:
    """One complaint (or, with kind="tip_off", a tip-off): {"subject", "facts", "request",
    "object_code", "nature_code", "amount"}. Codes not given are drawn by a plausible mix
    (what is bought most, what goes wrong with it); `amount` is a Decimal or None."""
    if object_code is not None and object_code not in OBJECTS:
        raise ValueError(f"unknown object category: {object_code}")
    if nature_code is not None and nature_code not in NATURE_WEIGHTS:
        raise ValueError(f"unknown nature of the problem: {nature_code}")
    if object_code is None:
        weights = (
            _object_weights_for(nature_code)
            if nature_code
            else {code: obj.weight for code, obj in OBJECTS.items()}
        )
        object_code = _weighted(rng, weights)
    obj = OBJECTS[object_code]
    nature = nature_code or _weighted(rng, _nature_weights_for(obj))
    line, uses = _scene(rng, object_code)

    hotline = rng.random() < 0.35
    amount = _amount(rng, *obj.amount)
    slots = _slots(rng, obj, line, amount, first_person=not hotline)
    subject = slots["item"]
    if obj.is_service and rng.random() < 0.3:
        subject = f"{slots['shop']}{slots['item']}"

    if kind == "tip_off":
        facts = _tip_off(rng, object_code, line, nature, slots)
        request = _pick(rng, ("请依法查处", "请相关部门尽快核查处理", "希望依法查处，保护消费者权益"))
        has_amount = rng.random() < 0.3
    else:
        facts = _complaint(rng, object_code, line, uses, nature, slots, hotline)
        requests = (_SERVICE_REQUESTS.get(nature) if obj.is_service else None) or _REQUESTS[nature]
        # Most requests say only what most say: money back, compensation, mediation.
        request = _pick(rng, requests if rng.random() < 0.4 else _REQUESTS_PLAIN)
        if rng.random() < 0.35:
            request += "，" + _pick(rng, _REQUESTS_GENERIC)
        has_amount = nature not in ("dignity", "privacy") or rng.random() < 0.5
    if rng.random() < 0.03:
        facts = _typo(rng, facts)
    return {
        "subject": subject[:200],
        "facts": facts,
        "request": request + "。",
        "object_code": object_code,
        "nature_code": nature,
        "amount": amount if has_amount else None,
    }


def _complaint(
    rng: random.Random,
    object_code: str,
    line: _Line,
    uses: tuple[str, ...],
    nature: str,
    slots: dict[str, Any],
    hotline: bool,
) -> str:
    bought = _pick(rng, uses).format(**slots)
    # The merchant's answer: as often one that fits any problem as one that fits this one.
    replies = _REPLIES.get(nature, ()) if rng.random() < 0.3 else _REPLIES[_pick(rng, NATURE_CODES)]
    reply = _pick(rng, replies + _REPLIES_GENERIC).format(**slots)
    if rng.random() < 0.1:
        # A terse hotline note: what and where, hardly what went wrong.
        parts = [bought, _pick(rng, _VAGUE).format(**slots), reply]
    else:
        parts = [bought, _problem(rng, object_code, line, nature, slots)]
        if rng.random() < 0.3:
            # A second problem told in passing (sometimes first): real complaints mix them.
            second = _problem(rng, object_code, line, _pick(rng, _COMPANIONS[nature]), slots)
            if rng.random() < 0.5:
                parts.insert(1, second)
            else:
                parts.append("另外" + second)
        parts.append(reply)
    if rng.random() < 0.08:
        # Bought through a platform, with a card, on a friend's word: other categories' words.
        parts.insert(
            1, _pick(rng, ("是在网上下单的", "用会员卡里的余额付的", "是朋友推荐的", "当时还办了张卡"))
        )
    if rng.random() < 0.12:
        # Another shop or thing named in passing.
        other = _line_of(rng, _pick(rng, OBJECT_CODES))
        item = _pick(rng, other.items).partition("|")[0]
        aside = _pick(rng, _OTHER_MENTIONS).format(item=item, shop=_pick(rng, other.shops), I=slots["I"])
        parts.insert(len(parts) - 1, aside)
    if rng.random() < 0.3:
        parts.append(_pick(rng, _ASIDES))
    separator = "，" if rng.random() < 0.25 else "。"
    text = separator.join(parts) + "。"
    if hotline:
        return _pick(rng, _OPENINGS_HOTLINE) + text
    return _pick(rng, _OPENINGS_LETTER) + text


def _tip_off(rng: random.Random, object_code: str, line: _Line, nature: str, slots: dict[str, Any]) -> str:
    obj = OBJECTS[object_code]
    tips = (_SERVICE_TIPS.get(nature) if obj.is_service else None) or _TIPS[nature]
    tip = _pick(rng, tips).format(**slots)
    lead = _pick(
        rng,
        (
            "举报{place}的{shop}{tip}",
            "我要举报{place}一家{shop}，{tip}",
            "{place}的{shop}{tip}，特此举报",
        ),
    ).format(tip=tip, **slots)
    detail = _problem(rng, object_code, line, nature, {**slots, "I": "消费者"})
    evidence = _pick(
        rng,
        ("我有照片和购物小票", "周边很多居民都知道这个情况", "我可以提供视频证据", "已经持续很长时间了"),
    )
    return f"{lead}。{detail}。{evidence}。"

"""Demo spot checks and food-safety sampling (产品质量监督抽查, 食品安全抽检) of Jincheng, 2024 to today.

The test-item catalogue below is ILLUSTRATIVE. The items, limits and units follow the kind of
items the 《食品安全监督抽检实施细则》 and the product spot-check 实施规范 name (contaminants
and mycotoxins against GB 2762 / GB 2761, additives against GB 2760, pesticide residues against
GB 2763, veterinary drugs against GB 31650 and the banned-substance lists, microbiological
indicators, and the mechanical, electrical and marking requirements of product standards), but
one limit per category stands for what really varies by product, and the method and product
standards the demo adds are marked unconfirmed (`Standard.is_confirmed` False, note "demo").
The bureau replaces the catalogue with the items of the current 实施细则 before real use.

What is made, deterministically from the demo seed (`ctx.rng`):

- Method and product standards (`nqi.Standard`) the items name; the shipped limit standards
  (GB 2760-2024, GB 2761-2017, GB 2762-2022, GB 2763-2021, GB 29921-2021) are reused.
- Test items for the food 大类 and 品种 of the shipped catalogue and for the industrial
  categories, with limit kind, limits and units.
- Eight testing institutions with fictitious names, valid USCCs (`core.uscc.generate`), CMA
  numbers and validity (one expired), and their CMA scope (categories and items; some labs
  lack a few items). The fact `lab_uscc` names the city's main lab, which the demo user
  `lab1` (role lab) acts for.
- Plans for 2024, 2025 and 2026: provincial, city and county product spot checks, food
  supervision sampling, edible farm-produce sampling and risk monitoring, organised by the city
  bureau (samr-jc, also for the provincial tasks it carries out) and the six county bureaus.
- Samples in chronological order over the plans' periods, sampled units and producers drawn
  from the demo register by industry (food makers, shops, restaurants, industrial makers), plus
  producers from other cities and provinces recorded as unregistered entities. Pass rates:
  food ≈ 97.5 %, products ≈ 92.5 %, farm produce ≈ 98 % (kept on target by error feedback).
  Concluded samples have a report with one result per tested item (the items of the category
  and its parents that the lab is qualified for), judged as `spotchecks.verdicts` judges them.
  The newest samples are still on the way to the lab or at the lab; a few are overdue.
- For failed samples: notices to the sampled unit and the producer (most served), objections
  in every state with re-tests at another qualified lab (for food drawn from the candidates
  with a recorded seed, as `objections.draw_retest_lab` draws), a disposal case for every
  failed sample with its steps (products along the chain of 《产品质量法》 Art 17; food with
  removal from sale, recall, penalty, order to correct and recheck) and closures.
- Publication of most concluded supervision results older than three weeks.
- The archive (`credit.CreditEvent`): the spot-check result of the producer and of a seller
  that is not the producer, and the disposal, penalty and recall events of the steps, as the
  services write them; then the risk classes of the entities concerned are re-scored.

Volumes (`ctx.scale`): about `RESULTS[scale]` item results: tiny ≈ 5,000 (≈ 780 samples),
city ≈ 1 M (≈ 150,000 samples, about two minutes), province ≈ 10 M (≈ 1.5 M samples). A sample
has 6.7 results on average: most categories have 5 to 10 items, a catering sample 1 to 3 (the
items of its dish), a part (charger, battery) a few. Rows are bulk inserts (`core.demo.BulkInserter`)
without audit records, like the other generators; ids are assigned by the
generator so that related rows can be written in the same pass. The generator does nothing
when samples exist; a producer from outside the city already on record is reused."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import accumulate
from types import SimpleNamespace
from typing import Any, cast

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from qualitycity.core.demo import (
    BulkInserter,
    DemoContext,
    fact,
    register_fact,
    register_generator,
    reset_sequences,
)
from qualitycity.core.services import CalendarNotAvailable
from qualitycity.spotchecks.choices import (
    LEVEL_RANK,
    Conclusion,
    DisposalStatus,
    DisposalStepKind,
    Level,
    LimitKind,
    LinkType,
    ObjectionOutcome,
    ObjectionStatus,
    Party,
    Programme,
    Purpose,
    SampleStatus,
    ServiceMethod,
    Verdict,
)
from qualitycity.spotchecks.disposal import _event_kind, _severity
from qualitycity.spotchecks.objections import RETEST_DRAW_METHOD

#: Item results per scale; the number of samples follows from the items a sample has.
RESULTS = {"tiny": 5_000, "city": 1_000_000, "province": 10_000_000}
FIRST_YEAR = 2024
BATCH = 5000
MAIN_LAB = "晋城市综合检验检测中心"
DEMO_NOTE = "demo: illustrative catalogue; edition and scope to be verified against the official text"

# --- standards --------------------------------------------------------------------------------

#: (number, title, kind, mandatory): the method and product standards the items name. The
#: shipped food-safety standards (GB 2760-2024, GB 2761-2017, GB 2762-2022, GB 2763-2021,
#: GB 29921-2021) come from migration nqi 0002 and are not repeated here.
STANDARDS: list[tuple[str, str, str, bool]] = [
    ("GB 5009.3-2016", "食品安全国家标准 食品中水分的测定", "national", True),
    ("GB 5009.5-2016", "食品安全国家标准 食品中蛋白质的测定", "national", True),
    ("GB 5009.6-2016", "食品安全国家标准 食品中脂肪的测定", "national", True),
    ("GB 5009.8-2016", "食品安全国家标准 食品中果糖、葡萄糖、蔗糖、麦芽糖、乳糖的测定", "national", True),
    ("GB 5009.11-2014", "食品安全国家标准 食品中总砷及无机砷的测定", "national", True),
    ("GB 5009.12-2023", "食品安全国家标准 食品中铅的测定", "national", True),
    ("GB 5009.15-2023", "食品安全国家标准 食品中镉的测定", "national", True),
    ("GB 5009.16-2014", "食品安全国家标准 食品中锡的测定", "national", True),
    ("GB 5009.17-2021", "食品安全国家标准 食品中总汞及有机汞的测定", "national", True),
    ("GB 5009.22-2016", "食品安全国家标准 食品中黄曲霉毒素B族和G族的测定", "national", True),
    ("GB 5009.24-2016", "食品安全国家标准 食品中黄曲霉毒素M族的测定", "national", True),
    ("GB 5009.26-2016", "食品安全国家标准 食品中N-亚硝胺类化合物的测定", "national", True),
    ("GB 5009.27-2016", "食品安全国家标准 食品中苯并(a)芘的测定", "national", True),
    ("GB 5009.28-2016", "食品安全国家标准 食品中苯甲酸、山梨酸和糖精钠的测定", "national", True),
    ("GB 5009.31-2016", "食品安全国家标准 食品中对羟基苯甲酸酯类的测定", "national", True),
    ("GB 5009.32-2016", "食品安全国家标准 食品中9种抗氧化剂的测定", "national", True),
    ("GB 5009.33-2016", "食品安全国家标准 食品中亚硝酸盐与硝酸盐的测定", "national", True),
    ("GB 5009.34-2022", "食品安全国家标准 食品中二氧化硫的测定", "national", True),
    ("GB 5009.35-2016", "食品安全国家标准 食品中合成着色剂的测定", "national", True),
    ("GB 5009.36-2016", "食品安全国家标准 食品中氰化物的测定", "national", True),
    ("GB 5009.42-2016", "食品安全国家标准 食盐指标的测定", "national", True),
    ("GB 5009.43-2016", "食品安全国家标准 味精中麸氨酸钠(谷氨酸钠)的测定", "national", True),
    ("GB 5009.96-2016", "食品安全国家标准 食品中赭曲霉毒素A的测定", "national", True),
    ("GB 5009.97-2016", "食品安全国家标准 食品中环己基氨基磺酸盐的测定", "national", True),
    ("GB 5009.111-2016", "食品安全国家标准 食品中脱氧雪腐镰刀菌烯醇及其乙酰化衍生物的测定", "national", True),
    ("GB 5009.121-2016", "食品安全国家标准 食品中脱氢乙酸的测定", "national", True),
    ("GB 5009.123-2023", "食品安全国家标准 食品中铬的测定", "national", True),
    ("GB 5009.140-2023", "食品安全国家标准 食品中乙酰磺胺酸钾的测定", "national", True),
    ("GB 5009.181-2016", "食品安全国家标准 食品中丙二醛的测定", "national", True),
    ("GB 5009.182-2017", "食品安全国家标准 食品中铝的测定", "national", True),
    ("GB 5009.185-2016", "食品安全国家标准 食品中展青霉素的测定", "national", True),
    ("GB 5009.191-2016", "食品安全国家标准 食品中氯丙醇及其脂肪酸酯含量的测定", "national", True),
    ("GB 5009.202-2016", "食品安全国家标准 食用油中极性组分(PC)的测定", "national", True),
    ("GB 5009.209-2016", "食品安全国家标准 食品中玉米赤霉烯酮的测定", "national", True),
    ("GB 5009.227-2023", "食品安全国家标准 食品中过氧化值的测定", "national", True),
    ("GB 5009.228-2016", "食品安全国家标准 食品中挥发性盐基氮的测定", "national", True),
    ("GB 5009.229-2016", "食品安全国家标准 食品中酸价的测定", "national", True),
    ("GB 5009.233-2016", "食品安全国家标准 食醋中游离矿酸的测定", "national", True),
    ("GB 5009.235-2016", "食品安全国家标准 食品中氨基酸态氮的测定", "national", True),
    ("GB 5009.239-2016", "食品安全国家标准 食品酸度的测定", "national", True),
    ("GB 5009.262-2016", "食品安全国家标准 食品中溶剂残留量的测定", "national", True),
    ("GB 5009.266-2016", "食品安全国家标准 食品中甲醇的测定", "national", True),
    ("GB 12456-2021", "食品安全国家标准 食品中总酸的测定", "national", True),
    ("GB 4789.2-2022", "食品安全国家标准 食品微生物学检验 菌落总数测定", "national", True),
    ("GB 4789.3-2016", "食品安全国家标准 食品微生物学检验 大肠菌群计数", "national", True),
    ("GB 4789.4-2016", "食品安全国家标准 食品微生物学检验 沙门氏菌检验", "national", True),
    ("GB 4789.10-2016", "食品安全国家标准 食品微生物学检验 金黄色葡萄球菌检验", "national", True),
    ("GB 4789.15-2016", "食品安全国家标准 食品微生物学检验 霉菌和酵母计数", "national", True),
    ("GB 4789.26-2013", "食品安全国家标准 食品微生物学检验 商业无菌检验", "national", True),
    ("GB 4789.30-2016", "食品安全国家标准 食品微生物学检验 单核细胞增生李斯特氏菌检验", "national", True),
    ("GB 4789.40-2016", "食品安全国家标准 食品微生物学检验 克罗诺杆菌属(阪崎肠杆菌)检验", "national", True),
    ("GB 8538-2022", "食品安全国家标准 饮用天然矿泉水检验方法", "national", True),
    ("GB/T 5750-2023", "生活饮用水标准检验方法", "national", False),
    ("GB 14934-2016", "食品安全国家标准 消毒餐(饮)具", "national", True),
    ("GB/T 22286-2008", "动物源性食品中多种β-受体激动剂残留量的测定 液相色谱串联质谱法", "national", False),
    ("GB/T 22338-2008", "动物源性食品中氯霉素类药物残留量测定", "national", False),
    ("GB/T 21312-2007", "动物源性食品中14种喹诺酮药物残留检测方法 液相色谱-质谱/质谱法", "national", False),
    ("GB/T 21316-2007", "动物源性食品中磺胺类药物残留量的测定 液相色谱-质谱/质谱法", "national", False),
    (
        "GB/T 21317-2007",
        "动物源性食品中四环素类兽药残留量检测方法 液相色谱-质谱/质谱法与高效液相色谱法",
        "national",
        False,
    ),
    ("GB/T 20361-2006", "水产品中孔雀石绿和结晶紫残留量的测定 高效液相色谱荧光检测法", "national", False),
    (
        "GB 23200.8-2016",
        "食品安全国家标准 水果和蔬菜中500种农药及相关化学品残留量的测定 气相色谱-质谱法",
        "national",
        True,
    ),
    (
        "GB 23200.92-2016",
        "食品安全国家标准 动物源性食品中五氯酚残留量的测定 液相色谱-质谱法",
        "national",
        True,
    ),
    (
        "GB 23200.113-2018",
        "食品安全国家标准 植物源性食品中208种农药及其代谢物残留量的测定 气相色谱-质谱联用法",
        "national",
        True,
    ),
    (
        "GB 23200.121-2021",
        "食品安全国家标准 植物源性食品中331种农药及其代谢物残留量的测定 液相色谱-质谱联用法",
        "national",
        True,
    ),
    ("GB/T 19681-2005", "食品中苏丹红染料的检测方法 高效液相色谱法", "national", False),
    ("GB/T 22325-2008", "小麦粉中过氧化苯甲酰的测定 高效液相色谱法", "national", False),
    ("GB/T 22388-2008", "原料乳与乳制品中三聚氰胺检测方法", "national", False),
    ("GB/T 13025.7-2012", "制盐工业通用试验方法 碘的测定", "national", False),
    ("GB 31650-2019", "食品安全国家标准 食品中兽药最大残留限量", "national", True),
    ("农业农村部公告第250号", "食品动物中禁止使用的药品及其他化合物清单", "industry", True),
    (
        "整顿办函〔2011〕1号",
        "食品中可能违法添加的非食用物质和易滥用的食品添加剂名单（第1-5批汇总）",
        "industry",
        True,
    ),
    ("卫生部公告2011年第10号", "关于三聚氰胺在食品中的限量值的公告", "industry", True),
    ("GB 2716-2018", "食品安全国家标准 植物油", "national", True),
    ("GB 2717-2018", "食品安全国家标准 酱油", "national", True),
    ("GB 2718-2014", "食品安全国家标准 酿造酱", "national", True),
    ("GB 2719-2018", "食品安全国家标准 食醋", "national", True),
    ("GB 2721-2015", "食品安全国家标准 食用盐", "national", True),
    ("GB 26878-2011", "食品安全国家标准 食用盐碘含量", "national", True),
    ("GB 2707-2016", "食品安全国家标准 鲜(冻)畜、禽产品", "national", True),
    ("GB 2730-2015", "食品安全国家标准 腌腊肉制品", "national", True),
    ("GB 2726-2016", "食品安全国家标准 熟肉制品", "national", True),
    ("GB 2733-2015", "食品安全国家标准 鲜、冻动物性水产品", "national", True),
    ("GB 2757-2012", "食品安全国家标准 蒸馏酒及其配制酒", "national", True),
    ("GB 2758-2012", "食品安全国家标准 发酵酒及其配制酒", "national", True),
    ("GB 2759-2015", "食品安全国家标准 冷冻饮品和制作料", "national", True),
    ("GB 7099-2015", "食品安全国家标准 糕点、面包", "national", True),
    ("GB 7100-2015", "食品安全国家标准 饼干", "national", True),
    ("GB 7101-2022", "食品安全国家标准 饮料", "national", True),
    ("GB 10146-2015", "食品安全国家标准 食用动物油脂", "national", True),
    ("GB 14963-2011", "食品安全国家标准 蜂蜜", "national", True),
    ("GB 19298-2014", "食品安全国家标准 包装饮用水", "national", True),
    ("GB 25190-2010", "食品安全国家标准 灭菌乳", "national", True),
    ("GB 19644-2010", "食品安全国家标准 乳粉", "national", True),
    ("GB 19302-2010", "食品安全国家标准 发酵乳", "national", True),
    ("GB 17400-2015", "食品安全国家标准 方便面", "national", True),
    ("GB 17401-2014", "食品安全国家标准 膨化食品", "national", True),
    ("GB 19295-2021", "食品安全国家标准 速冻面米与调制食品", "national", True),
    ("GB 19300-2014", "食品安全国家标准 坚果与籽类食品", "national", True),
    ("GB 2749-2015", "食品安全国家标准 蛋与蛋制品", "national", True),
    ("GB 14884-2016", "食品安全国家标准 蜜饯", "national", True),
    ("GB 13104-2014", "食品安全国家标准 食糖", "national", True),
    ("GB 16740-2014", "食品安全国家标准 保健食品", "national", True),
    ("GB 10765-2021", "食品安全国家标准 婴儿配方食品", "national", True),
    ("GB 26687-2011", "食品安全国家标准 复配食品添加剂通则", "national", True),
    ("GB 9697-2008", "蜂王浆", "national", True),
    ("GB/T 1499.2-2024", "钢筋混凝土用钢 第2部分：热轧带肋钢筋", "national", True),
    ("GB/T 228.1-2021", "金属材料 拉伸试验 第1部分：室温试验方法", "national", False),
    ("GB/T 232-2010", "金属材料 弯曲试验方法", "national", False),
    (
        "GB/T 4336-2016",
        "碳素钢和中低合金钢 多元素含量的测定 火花放电原子发射光谱法(常规法)",
        "national",
        False,
    ),
    ("GB 175-2023", "通用硅酸盐水泥", "national", True),
    ("GB/T 17671-2021", "水泥胶砂强度检验方法(ISO法)", "national", False),
    ("GB/T 1346-2011", "水泥标准稠度用水量、凝结时间、安定性检验方法", "national", False),
    ("GB/T 176-2017", "水泥化学分析方法", "national", False),
    ("GB/T 4100-2015", "陶瓷砖", "national", False),
    ("GB 6566-2010", "建筑材料放射性核素限量", "national", True),
    ("GB/T 6952-2015", "卫生陶瓷", "national", False),
    ("GB 15763.2-2005", "建筑用安全玻璃 第2部分：钢化玻璃", "national", True),
    ("GB 18242-2008", "弹性体改性沥青防水卷材", "national", True),
    ("GB/T 10002.1-2023", "给水用硬聚氯乙烯(PVC-U)管材", "national", False),
    ("GB/T 1348-2019", "球墨铸铁件", "national", False),
    ("GB/T 9439-2023", "灰铸铁件", "national", False),
    ("GB/T 231.1-2018", "金属材料 布氏硬度试验 第1部分：试验方法", "national", False),
    ("GB/T 9441-2021", "球墨铸铁金相检验", "national", False),
    ("GB/T 23858-2009", "检查井盖", "national", False),
    ("GB 4806.4-2016", "食品安全国家标准 陶瓷制品", "national", True),
    ("GB 4806.9-2016", "食品安全国家标准 食品接触用金属材料及制品", "national", True),
    ("GB 31604.34-2016", "食品安全国家标准 食品接触材料及制品 铅的测定和迁移量的测定", "national", True),
    ("GB 31604.24-2016", "食品安全国家标准 食品接触材料及制品 镉迁移量的测定", "national", True),
    ("GB/T 3532-2009", "日用瓷器", "national", False),
    (
        "GB/T 5023.3-2008",
        "额定电压450/750V及以下聚氯乙烯绝缘电缆 第3部分：固定布线用无护套电缆",
        "national",
        False,
    ),
    ("GB/T 3956-2008", "电缆的导体", "national", False),
    ("GB/T 3048.4-2007", "电线电缆电性能试验方法 第4部分：导体直流电阻试验", "national", False),
    (
        "GB/T 2951.11-2008",
        "电缆和光缆绝缘和护套材料通用试验方法 第11部分：通用试验方法 厚度和外形尺寸测量 机械性能试验",
        "national",
        False,
    ),
    ("GB/T 2099.1-2021", "家用和类似用途插头插座 第1部分：通用要求", "national", False),
    ("GB 4706.1-2005", "家用和类似用途电器的安全 第1部分：通用要求", "national", True),
    ("GB 4706.19-2008", "家用和类似用途电器的安全 液体加热器的特殊要求", "national", True),
    ("GB 4706.29-2008", "家用和类似用途电器的安全 便携式电磁灶的特殊要求", "national", True),
    ("GB 16410-2020", "家用燃气灶具", "national", True),
    ("GB 6932-2015", "家用燃气快速热水器", "national", True),
    ("GB 17761-2024", "电动自行车安全技术规范", "national", True),
    ("GB 42295-2022", "电动自行车电气安全要求", "national", True),
    ("GB 43854-2024", "电动自行车用锂离子蓄电池安全技术规范", "national", True),
    ("GB 811-2022", "摩托车、电动自行车乘员头盔", "national", True),
    ("GB 6675.1-2014", "玩具安全 第1部分：基本规范", "national", True),
    ("GB 6675.2-2014", "玩具安全 第2部分：机械与物理性能", "national", True),
    ("GB 6675.4-2014", "玩具安全 第4部分：特定元素的迁移", "national", True),
    ("GB/T 22048-2022", "玩具及儿童用品中特定邻苯二甲酸酯增塑剂的测定", "national", False),
    ("GB 31701-2015", "婴幼儿及儿童纺织产品安全技术规范", "national", True),
    ("GB 18401-2010", "国家纺织产品基本安全技术规范", "national", True),
    ("GB/T 2912.1-2009", "纺织品 甲醛的测定 第1部分：游离和水解的甲醛(水萃取法)", "national", False),
    ("GB/T 7573-2009", "纺织品 水萃取液pH值的测定", "national", False),
    ("GB/T 15551-2016", "桑蚕丝织物", "national", False),
    ("GB 21027-2020", "学生用品的安全通用要求", "national", True),
    ("GB 4806.7-2023", "食品安全国家标准 食品接触用塑料材料及制品", "national", True),
    ("GB 31604.8-2021", "食品安全国家标准 食品接触材料及制品 总迁移量的测定", "national", True),
    ("GB 4806.8-2022", "食品安全国家标准 食品接触用纸和纸板材料及制品", "national", True),
    ("GB/T 27590-2011", "纸杯", "national", False),
    ("GB/T 15063-2020", "复合肥料", "national", False),
    ("GB 38400-2019", "肥料中有毒有害物质的限量要求", "national", True),
    ("GB 34169-2017", "商品煤质量 民用散煤", "national", True),
    ("GB/T 212-2008", "煤的工业分析方法", "national", False),
    ("GB/T 214-2007", "煤中全硫的测定方法", "national", False),
    ("GB/T 213-2008", "煤的发热量测定方法", "national", False),
    ("GB 11122-2006", "柴油机油", "national", True),
    ("GB/T 265-1988", "石油产品运动粘度测定法和动力粘度计算法", "national", False),
    ("GB 4351-2023", "手提式灭火器", "national", True),
    ("GB 6246-2011", "消防水带", "national", True),
    ("GB 17945-2010", "消防应急照明和疏散指示系统", "national", True),
    ("GB 7000.1-2015", "灯具 第1部分：一般要求与试验", "national", True),
    ("GB 17625.1-2022", "电磁兼容 限值 第1部分：谐波电流发射限值(设备每相输入电流≤16A)", "national", True),
]

# --- test items -------------------------------------------------------------------------------
# One item per line: categories (comma-separated codes; an item of a 大类 applies to its 品种)
# | name | limit | unit | method standard (or "text:" and a method) | limit standard | how often
# it is the failing item (weight) | requirement (qualitative items). Limits: "≤x", "<x", "≥x",
# ">x", "a~b" (range), "ND" (must not be detected), "Q" (qualitative).

ITEMS_TABLE = """
food-01 | 铅(以Pb计) | ≤0.2 | mg/kg | GB 5009.12-2023 | GB 2762-2022 | 1 |
food-01-01,food-01-03,food-01-04 | 镉(以Cd计) | ≤0.1 | mg/kg | GB 5009.15-2023 | GB 2762-2022 | 1 |
food-01-01,food-01-04 | 玉米赤霉烯酮 | ≤60 | μg/kg | GB 5009.209-2016 | GB 2761-2017 | 2 |
food-01-01 | 脱氧雪腐镰刀菌烯醇 | ≤1000 | μg/kg | GB 5009.111-2016 | GB 2761-2017 | 2 |
food-01-01,food-01-04 | 黄曲霉毒素B₁ | ≤5.0 | μg/kg | GB 5009.22-2016 | GB 2761-2017 | 1 |
food-01-01,food-01-02 | 苯并[a]芘 | ≤5.0 | μg/kg | GB 5009.27-2016 | GB 2762-2022 | 0.5 |
food-01-01 | 过氧化苯甲酰 | ND | g/kg | GB/T 22325-2008 | GB 2760-2024 | 0.5 |
food-01-01,food-01-03,food-01-04 | 苯甲酸及其钠盐(以苯甲酸计) | ND | g/kg | GB 5009.28-2016 | GB 2760-2024 | 1 |
food-01-01,food-01-03 | 山梨酸及其钾盐(以山梨酸计) | ND | g/kg | GB 5009.28-2016 | GB 2760-2024 | 1 |
food-01-02 | 镉(以Cd计) | ≤0.2 | mg/kg | GB 5009.15-2023 | GB 2762-2022 | 3 |
food-01-02 | 无机砷(以As计) | ≤0.2 | mg/kg | GB 5009.11-2014 | GB 2762-2022 | 1 |
food-01-02 | 黄曲霉毒素B₁ | ≤10 | μg/kg | GB 5009.22-2016 | GB 2761-2017 | 1 |
food-01-02 | 总汞(以Hg计) | ≤0.02 | mg/kg | GB 5009.17-2021 | GB 2762-2022 | 0.5 |
food-01-02 | 铬(以Cr计) | ≤1.0 | mg/kg | GB 5009.123-2023 | GB 2762-2022 | 0.5 |
food-01-03 | 脱氢乙酸及其钠盐(以脱氢乙酸计) | ND | g/kg | GB 5009.121-2016 | GB 2760-2024 | 3 |
food-01-03 | 水分 | ≤14.5 | g/100g | GB 5009.3-2016 | | 1 |
food-01-04 | 赭曲霉毒素A | ≤5.0 | μg/kg | GB 5009.96-2016 | GB 2761-2017 | 1 |
food-02 | 酸价(KOH) | ≤3 | mg/g | GB 5009.229-2016 | GB 2716-2018 | 3 |
food-02 | 过氧化值 | ≤0.25 | g/100g | GB 5009.227-2023 | GB 2716-2018 | 3 |
food-02 | 苯并[a]芘 | ≤10 | μg/kg | GB 5009.27-2016 | GB 2762-2022 | 2 |
food-02 | 铅(以Pb计) | ≤0.08 | mg/kg | GB 5009.12-2023 | GB 2762-2022 | 0.5 |
food-02-01 | 黄曲霉毒素B₁ | ≤10 | μg/kg | GB 5009.22-2016 | GB 2761-2017 | 2 |
food-02-01 | 溶剂残留量 | ≤20 | mg/kg | GB 5009.262-2016 | GB 2716-2018 | 2 |
food-02-01,food-02-03 | 特丁基对苯二酚(TBHQ) | ≤0.2 | g/kg | GB 5009.32-2016 | GB 2760-2024 | 1 |
food-02-01 | 乙基麦芽酚 | ND | g/kg | text:气相色谱法 | GB 2760-2024 | 1 |
food-02-02 | 丁基羟基茴香醚(BHA) | ≤0.2 | g/kg | GB 5009.32-2016 | GB 2760-2024 | 1 |
food-02-02 | 二丁基羟基甲苯(BHT) | ≤0.2 | g/kg | GB 5009.32-2016 | GB 2760-2024 | 1 |
food-02-02 | 丙二醛 | ≤0.25 | mg/100g | GB 5009.181-2016 | GB 10146-2015 | 1 |
food-03-01,food-03-02,food-03-03 | 苯甲酸及其钠盐(以苯甲酸计) | ≤1.0 | g/kg | GB 5009.28-2016 | GB 2760-2024 | 2 |
food-03-01,food-03-02,food-03-03 | 山梨酸及其钾盐(以山梨酸计) | ≤1.0 | g/kg | GB 5009.28-2016 | GB 2760-2024 | 1 |
food-03-01,food-03-02 | 对羟基苯甲酸酯类及其钠盐 | ≤0.25 | g/kg | GB 5009.31-2016 | GB 2760-2024 | 1 |
food-03-01,food-03-02,food-03-03 | 脱氢乙酸及其钠盐(以脱氢乙酸计) | ND | g/kg | GB 5009.121-2016 | GB 2760-2024 | 2 |
food-03-01 | 氨基酸态氮 | ≥0.4 | g/100mL | GB 5009.235-2016 | GB 2717-2018 | 3 |
food-03-01 | 菌落总数 | ≤50000 | CFU/mL | GB 4789.2-2022 | GB 2717-2018 | 2 |
food-03-01,food-03-02 | 大肠菌群 | ≤100 | CFU/mL | GB 4789.3-2016 | GB 2717-2018 | 2 |
food-03-01 | 3-氯-1,2-丙二醇 | ≤0.4 | mg/kg | GB 5009.191-2016 | GB 2762-2022 | 1 |
food-03-02 | 总酸(以乙酸计) | ≥3.5 | g/100mL | GB 12456-2021 | GB 2719-2018 | 3 |
food-03-02 | 游离矿酸 | ND | | GB 5009.233-2016 | GB 2719-2018 | 0.5 |
food-03-03 | 氨基酸态氮 | ≥0.3 | g/100g | GB 5009.235-2016 | GB 2718-2014 | 2 |
food-03-03 | 黄曲霉毒素B₁ | ≤5.0 | μg/kg | GB 5009.22-2016 | GB 2761-2017 | 1 |
food-03-03,food-03-05,food-03-06,food-03-07,food-03-08,food-03-04 | 铅(以Pb计) | ≤1.0 | mg/kg | GB 5009.12-2023 | GB 2762-2022 | 0.5 |
food-03-03 | 大肠菌群 | ≤100 | CFU/g | GB 4789.3-2016 | GB 2718-2014 | 2 |
food-03-04 | 氨基酸态氮 | ≥0.2 | g/100mL | GB 5009.235-2016 | | 2 |
food-03-04,food-03-06 | 甜蜜素(以环己基氨基磺酸计) | ND | g/kg | GB 5009.97-2016 | GB 2760-2024 | 2 |
food-03-04 | 糖精钠(以糖精计) | ND | g/kg | GB 5009.28-2016 | GB 2760-2024 | 1 |
food-03-05 | 苏丹红Ⅰ | ND | mg/kg | GB/T 19681-2005 | 整顿办函〔2011〕1号 | 1 |
food-03-05 | 罗丹明B | ND | mg/kg | text:液相色谱-串联质谱法 | 整顿办函〔2011〕1号 | 1 |
food-03-05 | 二氧化硫残留量 | ND | g/kg | GB 5009.34-2022 | GB 2760-2024 | 2 |
food-03-05 | 黄曲霉毒素B₁ | ≤5.0 | μg/kg | GB 5009.22-2016 | GB 2761-2017 | 1 |
food-03-06 | 罂粟碱 | ND | mg/kg | text:液相色谱-串联质谱法 | 整顿办函〔2011〕1号 | 1 |
food-03-06 | 吗啡 | ND | mg/kg | text:液相色谱-串联质谱法 | 整顿办函〔2011〕1号 | 1 |
food-03-06 | 可待因 | ND | mg/kg | text:液相色谱-串联质谱法 | 整顿办函〔2011〕1号 | 1 |
food-03-06 | 那可丁 | ND | mg/kg | text:液相色谱-串联质谱法 | 整顿办函〔2011〕1号 | 1 |
food-03-06 | 苏丹红Ⅰ | ND | mg/kg | GB/T 19681-2005 | 整顿办函〔2011〕1号 | 1 |
food-03-07 | 谷氨酸钠 | ≥99.0 | g/100g | GB 5009.43-2016 | | 2 |
food-03-08 | 氯化钠(以干基计) | ≥97 | g/100g | GB 5009.42-2016 | GB 2721-2015 | 1 |
food-03-08 | 碘(以I计) | 18~33 | mg/kg | GB/T 13025.7-2012 | GB 26878-2011 | 3 |
food-03-08 | 钡(以Ba计) | ≤15 | mg/kg | GB 5009.42-2016 | GB 2721-2015 | 0.5 |
food-03-08 | 亚铁氰化钾(以亚铁氰根计) | ≤0.01 | g/kg | GB 5009.42-2016 | GB 2760-2024 | 1 |
food-03-08 | 总砷(以As计) | ≤0.5 | mg/kg | GB 5009.11-2014 | GB 2762-2022 | 0.5 |
food-04 | 铅(以Pb计) | ≤0.3 | mg/kg | GB 5009.12-2023 | GB 2762-2022 | 0.5 |
food-04 | 苯甲酸及其钠盐(以苯甲酸计) | ND | g/kg | GB 5009.28-2016 | GB 2760-2024 | 2 |
food-04 | 胭脂红 | ND | g/kg | GB 5009.35-2016 | GB 2760-2024 | 2 |
food-04 | 亚硝酸盐(以亚硝酸钠计) | ≤30 | mg/kg | GB 5009.33-2016 | GB 2760-2024 | 3 |
food-04-01 | 过氧化值(以脂肪计) | ≤0.5 | g/100g | GB 5009.227-2023 | GB 2730-2015 | 3 |
food-04-01 | 苯并[a]芘 | ≤5.0 | μg/kg | GB 5009.27-2016 | GB 2762-2022 | 1 |
food-04-01 | 氯霉素 | ND | μg/kg | GB/T 22338-2008 | 农业农村部公告第250号 | 1 |
food-04-02 | 菌落总数 | ≤100000 | CFU/g | GB 4789.2-2022 | GB 2726-2016 | 4 |
food-04-02 | 大肠菌群 | ≤100 | CFU/g | GB 4789.3-2016 | GB 2726-2016 | 4 |
food-04-02 | 单核细胞增生李斯特氏菌 | ND | /25g | GB 4789.30-2016 | GB 29921-2021 | 1 |
food-04-02 | 沙门氏菌 | ND | /25g | GB 4789.4-2016 | GB 29921-2021 | 0.5 |
food-04-02 | 山梨酸及其钾盐(以山梨酸计) | ≤0.075 | g/kg | GB 5009.28-2016 | GB 2760-2024 | 2 |
food-05 | 黄曲霉毒素M₁ | ≤0.5 | μg/kg | GB 5009.24-2016 | GB 2761-2017 | 0.5 |
food-05 | 三聚氰胺 | ≤2.5 | mg/kg | GB/T 22388-2008 | 卫生部公告2011年第10号 | 0.2 |
food-05-01,food-05-04 | 蛋白质 | ≥2.9 | g/100g | GB 5009.5-2016 | GB 25190-2010 | 3 |
food-05-01 | 脂肪 | ≥3.1 | g/100g | GB 5009.6-2016 | GB 25190-2010 | 2 |
food-05-01 | 非脂乳固体 | ≥8.1 | g/100g | GB 5009.3-2016 | GB 25190-2010 | 2 |
food-05-01 | 酸度 | 12~18 | °T | GB 5009.239-2016 | GB 25190-2010 | 1 |
food-05-01 | 商业无菌 | Q | | GB 4789.26-2013 | GB 25190-2010 | 1 | 符合商业无菌要求
food-05-01 | 铅(以Pb计) | ≤0.02 | mg/kg | GB 5009.12-2023 | GB 2762-2022 | 0.3 |
food-05-02,food-05-03 | 铅(以Pb计) | ≤0.5 | mg/kg | GB 5009.12-2023 | GB 2762-2022 | 0.3 |
food-05-02,food-05-03 | 水分 | ≤5.0 | g/100g | GB 5009.3-2016 | GB 19644-2010 | 2 |
food-05-02 | 脂肪 | ≥26.0 | g/100g | GB 5009.6-2016 | GB 19644-2010 | 1 |
food-05-02 | 菌落总数 | ≤200000 | CFU/g | GB 4789.2-2022 | GB 19644-2010 | 2 |
food-05-02,food-05-04 | 大肠菌群 | ≤100 | CFU/g | GB 4789.3-2016 | GB 19644-2010 | 2 |
food-05-02 | 金黄色葡萄球菌 | ≤100 | CFU/g | GB 4789.10-2016 | GB 19644-2010 | 1 |
food-05-02 | 沙门氏菌 | ND | /25g | GB 4789.4-2016 | GB 19644-2010 | 0.5 |
food-05-04 | 酸度 | ≥70 | °T | GB 5009.239-2016 | GB 19302-2010 | 1 |
food-05-04 | 酵母 | ≤100 | CFU/g | GB 4789.15-2016 | GB 19302-2010 | 3 |
food-05-04 | 霉菌 | ≤30 | CFU/g | GB 4789.15-2016 | GB 19302-2010 | 2 |
food-06-01 | 耗氧量(以O₂计) | ≤2.0 | mg/L | GB/T 5750-2023 | GB 19298-2014 | 1 |
food-06-01 | 溴酸盐 | ≤0.01 | mg/L | GB/T 5750-2023 | GB 19298-2014 | 2 |
food-06-01 | 亚硝酸盐(以NO₂⁻计) | ≤0.005 | mg/L | GB/T 5750-2023 | GB 19298-2014 | 1 |
food-06-01 | 余氯(游离氯) | ≤0.05 | mg/L | GB/T 5750-2023 | GB 19298-2014 | 1 |
food-06-01 | 三氯甲烷 | ≤0.02 | mg/L | GB/T 5750-2023 | GB 19298-2014 | 1 |
food-06-01 | 铜绿假单胞菌 | ND | /250mL | GB 8538-2022 | GB 19298-2014 | 5 |
food-06-01 | 大肠菌群 | ND | /250mL | GB 4789.3-2016 | GB 19298-2014 | 3 |
food-06-02,food-06-03,food-06-04,food-06-05,food-06-07 | 菌落总数 | ≤10000 | CFU/mL | GB 4789.2-2022 | GB 7101-2022 | 3 |
food-06-02,food-06-03,food-06-04,food-06-05,food-06-07 | 大肠菌群 | ≤10 | CFU/mL | GB 4789.3-2016 | GB 7101-2022 | 3 |
food-06-02,food-06-05,food-06-07 | 苯甲酸及其钠盐(以苯甲酸计) | ≤1.0 | g/kg | GB 5009.28-2016 | GB 2760-2024 | 1 |
food-06-02,food-06-04,food-06-07 | 山梨酸及其钾盐(以山梨酸计) | ≤0.5 | g/kg | GB 5009.28-2016 | GB 2760-2024 | 1 |
food-06-02,food-06-04,food-06-05 | 甜蜜素(以环己基氨基磺酸计) | ≤0.65 | g/kg | GB 5009.97-2016 | GB 2760-2024 | 1 |
food-06-02,food-06-04 | 安赛蜜 | ≤0.3 | g/kg | GB 5009.140-2023 | GB 2760-2024 | 1 |
food-06-02 | 展青霉素 | ≤50 | μg/kg | GB 5009.185-2016 | GB 2761-2017 | 1 |
food-06-02 | 糖精钠(以糖精计) | ND | g/kg | GB 5009.28-2016 | GB 2760-2024 | 1 |
food-06-03 | 蛋白质 | ≥0.5 | g/100g | GB 5009.5-2016 | | 3 |
food-06-03 | 三聚氰胺 | ≤2.5 | mg/kg | GB/T 22388-2008 | 卫生部公告2011年第10号 | 0.2 |
food-06-03 | 脱氢乙酸及其钠盐(以脱氢乙酸计) | ND | g/kg | GB 5009.121-2016 | GB 2760-2024 | 1 |
food-06-04 | 苯甲酸及其钠盐(以苯甲酸计) | ≤0.2 | g/kg | GB 5009.28-2016 | GB 2760-2024 | 1 |
food-06-05 | 茶多酚 | ≥300 | mg/kg | text:GB/T 21733-2008 附录A | | 3 |
food-06-05 | 咖啡因 | ≥40 | mg/kg | text:GB/T 21733-2008 附录B | | 1 |
food-06-06 | 铅(以Pb计) | ≤1.0 | mg/kg | GB 5009.12-2023 | GB 2762-2022 | 0.5 |
food-06-06 | 菌落总数 | ≤50000 | CFU/g | GB 4789.2-2022 | GB 7101-2022 | 3 |
food-06-06 | 大肠菌群 | ≤100 | CFU/g | GB 4789.3-2016 | GB 7101-2022 | 2 |
food-06-06 | 日落黄 | ≤0.6 | g/kg | GB 5009.35-2016 | GB 2760-2024 | 1 |
food-06-06 | 甜蜜素(以环己基氨基磺酸计) | ≤0.65 | g/kg | GB 5009.97-2016 | GB 2760-2024 | 1 |
food-06-06 | 西地那非 | ND | mg/kg | text:液相色谱-串联质谱法 | 整顿办函〔2011〕1号 | 1 |
food-07 | 酸价(以脂肪计)(KOH) | ≤1.8 | mg/g | GB 5009.229-2016 | GB 17400-2015 | 2 |
food-07,food-08,food-12 | 过氧化值(以脂肪计) | ≤0.25 | g/100g | GB 5009.227-2023 | GB 17400-2015 | 3 |
food-07 | 水分 | ≤10.0 | g/100g | GB 5009.3-2016 | | 1 |
food-07,food-08,food-12 | 菌落总数 | ≤100000 | CFU/g | GB 4789.2-2022 | GB 17400-2015 | 3 |
food-07,food-08,food-12 | 大肠菌群 | ≤100 | CFU/g | GB 4789.3-2016 | GB 17400-2015 | 3 |
food-07,food-08,food-12 | 苯甲酸及其钠盐(以苯甲酸计) | ND | g/kg | GB 5009.28-2016 | GB 2760-2024 | 1 |
food-07,food-12 | 山梨酸及其钾盐(以山梨酸计) | ND | g/kg | GB 5009.28-2016 | GB 2760-2024 | 1 |
food-07,food-08,food-12 | 铅(以Pb计) | ≤0.5 | mg/kg | GB 5009.12-2023 | GB 2762-2022 | 0.5 |
food-08,food-12-01 | 酸价(以脂肪计)(KOH) | ≤5 | mg/g | GB 5009.229-2016 | GB 7100-2015 | 3 |
food-08,food-12 | 糖精钠(以糖精计) | ND | g/kg | GB 5009.28-2016 | GB 2760-2024 | 1 |
food-08 | 霉菌 | ≤50 | CFU/g | GB 4789.15-2016 | GB 7100-2015 | 2 |
food-12-01 | 黄曲霉毒素B₁ | ≤5.0 | μg/kg | GB 5009.22-2016 | GB 2761-2017 | 1 |
food-12-02 | 酸价(以脂肪计)(KOH) | ≤3 | mg/g | GB 5009.229-2016 | GB 17401-2014 | 3 |
food-09 | 商业无菌 | Q | | GB 4789.26-2013 | | 1 | 符合商业无菌要求
food-09 | 苯甲酸及其钠盐(以苯甲酸计) | ND | g/kg | GB 5009.28-2016 | GB 2760-2024 | 2 |
food-09 | 山梨酸及其钾盐(以山梨酸计) | ND | g/kg | GB 5009.28-2016 | GB 2760-2024 | 1 |
food-09 | 糖精钠(以糖精计) | ND | g/kg | GB 5009.28-2016 | GB 2760-2024 | 2 |
food-09 | 甜蜜素(以环己基氨基磺酸计) | ≤0.65 | g/kg | GB 5009.97-2016 | GB 2760-2024 | 2 |
food-09 | 锡(以Sn计) | ≤250 | mg/kg | GB 5009.16-2014 | GB 2762-2022 | 1 |
food-09 | 铅(以Pb计) | ≤1.0 | mg/kg | GB 5009.12-2023 | GB 2762-2022 | 0.5 |
food-09 | 脱氢乙酸及其钠盐(以脱氢乙酸计) | ND | g/kg | GB 5009.121-2016 | GB 2760-2024 | 1 |
food-10 | 菌落总数 | ≤100000 | CFU/g | GB 4789.2-2022 | GB 2759-2015 | 4 |
food-10 | 大肠菌群 | ≤100 | CFU/g | GB 4789.3-2016 | GB 2759-2015 | 4 |
food-10 | 沙门氏菌 | ND | /25g | GB 4789.4-2016 | GB 29921-2021 | 0.5 |
food-10 | 甜蜜素(以环己基氨基磺酸计) | ≤0.65 | g/kg | GB 5009.97-2016 | GB 2760-2024 | 1 |
food-10 | 糖精钠(以糖精计) | ≤0.15 | g/kg | GB 5009.28-2016 | GB 2760-2024 | 1 |
food-10 | 安赛蜜 | ≤0.3 | g/kg | GB 5009.140-2023 | GB 2760-2024 | 1 |
food-10 | 铅(以Pb计) | ≤0.3 | mg/kg | GB 5009.12-2023 | GB 2762-2022 | 0.5 |
food-11-01 | 过氧化值(以脂肪计) | ≤0.25 | g/100g | GB 5009.227-2023 | GB 19295-2021 | 3 |
food-11-01,food-11-04 | 铅(以Pb计) | ≤0.5 | mg/kg | GB 5009.12-2023 | GB 2762-2022 | 0.5 |
food-11-01,food-11-04,food-11-06 | 糖精钠(以糖精计) | ND | g/kg | GB 5009.28-2016 | GB 2760-2024 | 1 |
food-11-01 | 金黄色葡萄球菌 | ≤10000 | CFU/g | GB 4789.10-2016 | GB 29921-2021 | 2 |
food-11-01 | 沙门氏菌 | ND | /25g | GB 4789.4-2016 | GB 29921-2021 | 0.5 |
food-11-02 | 铅(以Pb计) | ≤0.3 | mg/kg | GB 5009.12-2023 | GB 2762-2022 | 0.5 |
food-11-02 | 氯霉素 | ND | μg/kg | GB/T 22338-2008 | 农业农村部公告第250号 | 1 |
food-11-02 | 过氧化值(以脂肪计) | ≤0.5 | g/100g | GB 5009.227-2023 | GB 19295-2021 | 2 |
food-11-02 | 胭脂红 | ND | g/kg | GB 5009.35-2016 | GB 2760-2024 | 1 |
food-11-02 | 挥发性盐基氮 | ≤15 | mg/100g | GB 5009.228-2016 | GB 2707-2016 | 2 |
food-11-03 | 挥发性盐基氮 | ≤30 | mg/100g | GB 5009.228-2016 | GB 2733-2015 | 2 |
food-11-03 | 铅(以Pb计) | ≤0.5 | mg/kg | GB 5009.12-2023 | GB 2762-2022 | 0.5 |
food-11-03 | 镉(以Cd计) | ≤0.1 | mg/kg | GB 5009.15-2023 | GB 2762-2022 | 1 |
food-11-03 | 过氧化值(以脂肪计) | ≤0.5 | g/100g | GB 5009.227-2023 | GB 19295-2021 | 2 |
food-11-04 | 镉(以Cd计) | ≤0.1 | mg/kg | GB 5009.15-2023 | GB 2762-2022 | 1 |
food-11-04,food-11-06 | 甜蜜素(以环己基氨基磺酸计) | ND | g/kg | GB 5009.97-2016 | GB 2760-2024 | 1 |
food-11-05,food-11-06 | 铅(以Pb计) | ≤0.1 | mg/kg | GB 5009.12-2023 | GB 2762-2022 | 0.5 |
food-11-05 | 镉(以Cd计) | ≤0.05 | mg/kg | GB 5009.15-2023 | GB 2762-2022 | 1 |
food-11-05 | 毒死蜱 | ≤0.02 | mg/kg | GB 23200.113-2018 | GB 2763-2021 | 2 |
food-11-05 | 菌落总数 | ≤100000 | CFU/g | GB 4789.2-2022 | GB 19295-2021 | 2 |
food-11-06 | 柠檬黄 | ND | g/kg | GB 5009.35-2016 | GB 2760-2024 | 1 |
food-13 | 铅(以Pb计) | ≤0.5 | mg/kg | GB 5009.12-2023 | GB 2762-2022 | 0.5 |
food-13-01 | 日落黄 | ≤0.1 | g/kg | GB 5009.35-2016 | GB 2760-2024 | 1 |
food-13-01 | 柠檬黄 | ≤0.1 | g/kg | GB 5009.35-2016 | GB 2760-2024 | 1 |
food-13-01 | 二氧化硫残留量 | ≤0.1 | g/kg | GB 5009.34-2022 | GB 2760-2024 | 2 |
food-13-01 | 菌落总数 | ≤100000 | CFU/g | GB 4789.2-2022 | | 2 |
food-13-01,food-13-03 | 大肠菌群 | ≤100 | CFU/g | GB 4789.3-2016 | | 2 |
food-13-01 | 糖精钠(以糖精计) | ≤5.0 | g/kg | GB 5009.28-2016 | GB 2760-2024 | 1 |
food-13-02 | 糖精钠(以糖精计) | ND | g/kg | GB 5009.28-2016 | GB 2760-2024 | 1 |
food-13-02 | 甜蜜素(以环己基氨基磺酸计) | ND | g/kg | GB 5009.97-2016 | GB 2760-2024 | 1 |
food-13-02 | 沙门氏菌 | ND | /25g | GB 4789.4-2016 | GB 29921-2021 | 0.5 |
food-13-03 | 苯甲酸及其钠盐(以苯甲酸计) | ND | g/kg | GB 5009.28-2016 | GB 2760-2024 | 1 |
food-13-03 | 山梨酸及其钾盐(以山梨酸计) | ≤0.5 | g/kg | GB 5009.28-2016 | GB 2760-2024 | 1 |
food-13-03 | 甜蜜素(以环己基氨基磺酸计) | ≤0.65 | g/kg | GB 5009.97-2016 | GB 2760-2024 | 1 |
food-13-03 | 安赛蜜 | ≤0.3 | g/kg | GB 5009.140-2023 | GB 2760-2024 | 1 |
food-13-03 | 菌落总数 | ≤10000 | CFU/g | GB 4789.2-2022 | | 2 |
food-13-03 | 霉菌 | ≤20 | CFU/g | GB 4789.15-2016 | | 2 |
food-14 | 铅(以Pb计) | ≤5.0 | mg/kg | GB 5009.12-2023 | GB 2762-2022 | 1 |
food-14 | 吡虫啉 | ≤0.5 | mg/kg | GB 23200.121-2021 | GB 2763-2021 | 2 |
food-14-01 | 草甘膦 | ≤1 | mg/kg | text:液相色谱-柱后衍生法 | GB 2763-2021 | 2 |
food-14-01 | 联苯菊酯 | ≤5 | mg/kg | GB 23200.113-2018 | GB 2763-2021 | 2 |
food-14-01 | 氯氟氰菊酯和高效氯氟氰菊酯 | ≤15 | mg/kg | GB 23200.113-2018 | GB 2763-2021 | 1 |
food-14-01 | 啶虫脒 | ≤10 | mg/kg | GB 23200.121-2021 | GB 2763-2021 | 1 |
food-14-01 | 水胺硫磷 | ≤0.05 | mg/kg | GB 23200.113-2018 | GB 2763-2021 | 2 |
food-14-01 | 三氯杀螨醇 | ≤0.2 | mg/kg | GB 23200.113-2018 | GB 2763-2021 | 1 |
food-14-02 | 菌落总数 | ≤100000 | CFU/g | GB 4789.2-2022 | | 2 |
food-14-02 | 大肠菌群 | ≤100 | CFU/g | GB 4789.3-2016 | | 2 |
food-14-02 | 霉菌 | ≤50 | CFU/g | GB 4789.15-2016 | | 2 |
food-15-01,food-15-07 | 甲醇 | ≤0.6 | g/L | GB 5009.266-2016 | GB 2757-2012 | 2 |
food-15-01,food-15-06,food-15-07 | 氰化物(以HCN计) | ≤8.0 | mg/L | GB 5009.36-2016 | GB 2757-2012 | 1 |
food-15-01,food-15-06,food-15-07 | 铅(以Pb计) | ≤0.5 | mg/kg | GB 5009.12-2023 | GB 2762-2022 | 0.5 |
food-15-01,food-15-02,food-15-04,food-15-08 | 甜蜜素(以环己基氨基磺酸计) | ND | g/kg | GB 5009.97-2016 | GB 2760-2024 | 3 |
food-15-01,food-15-02,food-15-04,food-15-05,food-15-08 | 糖精钠(以糖精计) | ND | g/kg | GB 5009.28-2016 | GB 2760-2024 | 2 |
food-15-01 | 三氯蔗糖 | ND | g/kg | text:高效液相色谱法 | GB 2760-2024 | 2 |
food-15-01 | 安赛蜜 | ND | g/kg | GB 5009.140-2023 | GB 2760-2024 | 2 |
food-15-02 | 酒精度 | ≥8.0 | %vol | text:GB 5009.225-2016 | | 2 |
food-15-02,food-15-04,food-15-05,food-15-08 | 苯甲酸及其钠盐(以苯甲酸计) | ND | g/kg | GB 5009.28-2016 | GB 2760-2024 | 1 |
food-15-02,food-15-03,food-15-04,food-15-05,food-15-08 | 铅(以Pb计) | ≤0.2 | mg/kg | GB 5009.12-2023 | GB 2762-2022 | 0.5 |
food-15-03 | 甲醛 | ≤2.0 | mg/L | text:GB/T 5009.49 | GB 2758-2012 | 1 |
food-15-03 | 酒精度 | ≥3.3 | %vol | text:GB 5009.225-2016 | | 1 |
food-15-04 | 甲醇 | ≤400 | mg/L | GB 5009.266-2016 | GB 2758-2012 | 1 |
food-15-04,food-15-05 | 二氧化硫残留量 | ≤0.25 | g/L | GB 5009.34-2022 | GB 2760-2024 | 2 |
food-15-04 | 山梨酸及其钾盐(以山梨酸计) | ≤0.2 | g/kg | GB 5009.28-2016 | GB 2760-2024 | 1 |
food-15-05 | 山梨酸及其钾盐(以山梨酸计) | ≤0.6 | g/kg | GB 5009.28-2016 | GB 2760-2024 | 1 |
food-15-05 | 柠檬黄 | ND | g/kg | GB 5009.35-2016 | GB 2760-2024 | 1 |
food-15-06 | 甜蜜素(以环己基氨基磺酸计) | ≤0.65 | g/kg | GB 5009.97-2016 | GB 2760-2024 | 2 |
food-15-06 | 糖精钠(以糖精计) | ≤0.15 | g/kg | GB 5009.28-2016 | GB 2760-2024 | 1 |
food-15-06 | 甲醇 | ≤2.0 | g/L | GB 5009.266-2016 | GB 2757-2012 | 1 |
food-16,food-17 | 铅(以Pb计) | ≤1.0 | mg/kg | GB 5009.12-2023 | GB 2762-2022 | 0.5 |
food-16 | 苯甲酸及其钠盐(以苯甲酸计) | ≤1.0 | g/kg | GB 5009.28-2016 | GB 2760-2024 | 2 |
food-16 | 山梨酸及其钾盐(以山梨酸计) | ≤1.0 | g/kg | GB 5009.28-2016 | GB 2760-2024 | 2 |
food-16 | 脱氢乙酸及其钠盐(以脱氢乙酸计) | ≤0.3 | g/kg | GB 5009.121-2016 | GB 2760-2024 | 2 |
food-16 | 糖精钠(以糖精计) | ≤0.15 | g/kg | GB 5009.28-2016 | GB 2760-2024 | 2 |
food-16 | 甜蜜素(以环己基氨基磺酸计) | ≤1.0 | g/kg | GB 5009.97-2016 | GB 2760-2024 | 2 |
food-16 | 亚硝酸盐(以NaNO₂计) | ≤20 | mg/kg | GB 5009.33-2016 | GB 2762-2022 | 2 |
food-16 | 二氧化硫残留量 | ≤0.1 | g/kg | GB 5009.34-2022 | GB 2760-2024 | 2 |
food-17 | 苯甲酸及其钠盐(以苯甲酸计) | ≤0.5 | g/kg | GB 5009.28-2016 | GB 2760-2024 | 2 |
food-17 | 山梨酸及其钾盐(以山梨酸计) | ≤0.5 | g/kg | GB 5009.28-2016 | GB 2760-2024 | 2 |
food-17 | 糖精钠(以糖精计) | ≤1.0 | g/kg | GB 5009.28-2016 | GB 2760-2024 | 2 |
food-17 | 甜蜜素(以环己基氨基磺酸计) | ≤8.0 | g/kg | GB 5009.97-2016 | GB 2760-2024 | 2 |
food-17 | 二氧化硫残留量 | ≤0.35 | g/kg | GB 5009.34-2022 | GB 2760-2024 | 3 |
food-17 | 胭脂红 | ≤0.05 | g/kg | GB 5009.35-2016 | GB 2760-2024 | 2 |
food-17 | 菌落总数 | ≤10000 | CFU/g | GB 4789.2-2022 | GB 14884-2016 | 2 |
food-17 | 霉菌 | ≤50 | CFU/g | GB 4789.15-2016 | GB 14884-2016 | 3 |
food-18,food-39 | 酸价(以脂肪计)(KOH) | ≤3 | mg/g | GB 5009.229-2016 | GB 19300-2014 | 3 |
food-18,food-39 | 过氧化值(以脂肪计) | ≤0.5 | g/100g | GB 5009.227-2023 | GB 19300-2014 | 4 |
food-18,food-39 | 黄曲霉毒素B₁ | ≤5.0 | μg/kg | GB 5009.22-2016 | GB 2761-2017 | 2 |
food-18 | 糖精钠(以糖精计) | ≤1.0 | g/kg | GB 5009.28-2016 | GB 2760-2024 | 1 |
food-18 | 甜蜜素(以环己基氨基磺酸计) | ≤1.2 | g/kg | GB 5009.97-2016 | GB 2760-2024 | 2 |
food-18 | 大肠菌群 | ≤100 | CFU/g | GB 4789.3-2016 | GB 19300-2014 | 1 |
food-18 | 霉菌 | ≤25 | CFU/g | GB 4789.15-2016 | GB 19300-2014 | 2 |
food-19 | 铅(以Pb计) | ≤0.2 | mg/kg | GB 5009.12-2023 | GB 2762-2022 | 0.5 |
food-19,food-37 | 镉(以Cd计) | ≤0.05 | mg/kg | GB 5009.15-2023 | GB 2762-2022 | 0.5 |
food-19 | 苯甲酸及其钠盐(以苯甲酸计) | ND | g/kg | GB 5009.28-2016 | GB 2760-2024 | 1 |
food-19 | 山梨酸及其钾盐(以山梨酸计) | ND | g/kg | GB 5009.28-2016 | GB 2760-2024 | 1 |
food-19 | 菌落总数 | ≤100000 | CFU/g | GB 4789.2-2022 | GB 2749-2015 | 2 |
food-19 | 大肠菌群 | ≤100 | CFU/g | GB 4789.3-2016 | GB 2749-2015 | 2 |
food-19 | 沙门氏菌 | ND | /25g | GB 4789.4-2016 | GB 29921-2021 | 0.5 |
food-20 | 铅(以Pb计) | ≤0.5 | mg/kg | GB 5009.12-2023 | GB 2762-2022 | 0.5 |
food-20-01 | 赭曲霉毒素A | ≤5.0 | μg/kg | GB 5009.96-2016 | GB 2761-2017 | 2 |
food-20-02 | 沙门氏菌 | ND | /25g | GB 4789.4-2016 | GB 29921-2021 | 0.5 |
food-20-02 | 大肠菌群 | ≤100 | CFU/g | GB 4789.3-2016 | | 1 |
food-21 | 蔗糖分 | ≥99.6 | g/100g | text:GB/T 317-2018 | | 2 |
food-21 | 二氧化硫残留量 | ≤0.1 | g/kg | GB 5009.34-2022 | GB 2760-2024 | 2 |
food-21 | 螨 | ND | /250g | GB 13104-2014 | GB 13104-2014 | 2 |
food-21 | 铅(以Pb计) | ≤0.5 | mg/kg | GB 5009.12-2023 | GB 2762-2022 | 0.5 |
food-21 | 总砷(以As计) | ≤0.5 | mg/kg | GB 5009.11-2014 | GB 2762-2022 | 0.5 |
food-22 | 铅(以Pb计) | ≤1.0 | mg/kg | GB 5009.12-2023 | GB 2762-2022 | 0.5 |
food-22 | 镉(以Cd计) | ≤0.1 | mg/kg | GB 5009.15-2023 | GB 2762-2022 | 2 |
food-22,food-35 | 甲基汞(以Hg计) | ≤0.5 | mg/kg | GB 5009.17-2021 | GB 2762-2022 | 0.5 |
food-22 | 无机砷(以As计) | ≤0.1 | mg/kg | GB 5009.11-2014 | GB 2762-2022 | 1 |
food-22 | N-二甲基亚硝胺 | ≤4.0 | μg/kg | GB 5009.26-2016 | GB 2762-2022 | 1 |
food-22 | 苯甲酸及其钠盐(以苯甲酸计) | ND | g/kg | GB 5009.28-2016 | GB 2760-2024 | 1 |
food-22 | 过氧化值(以脂肪计) | ≤0.6 | g/100g | GB 5009.227-2023 | | 2 |
food-22 | 菌落总数 | ≤50000 | CFU/g | GB 4789.2-2022 | | 2 |
food-23 | 铝的残留量(干样品,以Al计) | ≤200 | mg/kg | GB 5009.182-2017 | GB 2760-2024 | 4 |
food-23 | 铅(以Pb计) | ≤0.5 | mg/kg | GB 5009.12-2023 | GB 2762-2022 | 0.5 |
food-23 | 二氧化硫残留量 | ≤0.1 | g/kg | GB 5009.34-2022 | GB 2760-2024 | 2 |
food-23 | 苯甲酸及其钠盐(以苯甲酸计) | ND | g/kg | GB 5009.28-2016 | GB 2760-2024 | 1 |
food-23 | 山梨酸及其钾盐(以山梨酸计) | ND | g/kg | GB 5009.28-2016 | GB 2760-2024 | 1 |
food-23 | 菌落总数 | ≤100000 | CFU/g | GB 4789.2-2022 | | 1 |
food-23 | 大肠菌群 | ≤100 | CFU/g | GB 4789.3-2016 | | 1 |
food-24 | 酸价(以脂肪计)(KOH) | ≤5 | mg/g | GB 5009.229-2016 | GB 7099-2015 | 3 |
food-24 | 过氧化值(以脂肪计) | ≤0.25 | g/100g | GB 5009.227-2023 | GB 7099-2015 | 4 |
food-24 | 菌落总数 | ≤100000 | CFU/g | GB 4789.2-2022 | GB 7099-2015 | 4 |
food-24 | 大肠菌群 | ≤100 | CFU/g | GB 4789.3-2016 | GB 7099-2015 | 4 |
food-24 | 霉菌 | ≤150 | CFU/g | GB 4789.15-2016 | GB 7099-2015 | 3 |
food-24-01,food-24-02,food-24-04 | 脱氢乙酸及其钠盐(以脱氢乙酸计) | ND | g/kg | GB 5009.121-2016 | GB 2760-2024 | 4 |
food-24-01,food-24-02,food-24-04 | 山梨酸及其钾盐(以山梨酸计) | ≤1.0 | g/kg | GB 5009.28-2016 | GB 2760-2024 | 2 |
food-24-01,food-24-02,food-24-03,food-24-04 | 糖精钠(以糖精计) | ND | g/kg | GB 5009.28-2016 | GB 2760-2024 | 2 |
food-24-02,food-24-03,food-24-04 | 苯甲酸及其钠盐(以苯甲酸计) | ND | g/kg | GB 5009.28-2016 | GB 2760-2024 | 2 |
food-24-03 | 山梨酸及其钾盐(以山梨酸计) | ND | g/kg | GB 5009.28-2016 | GB 2760-2024 | 1 |
food-24-03 | 安赛蜜 | ND | g/kg | GB 5009.140-2023 | GB 2760-2024 | 1 |
food-24-04 | 甜蜜素(以环己基氨基磺酸计) | ≤1.6 | g/kg | GB 5009.97-2016 | GB 2760-2024 | 2 |
food-25 | 铅(以Pb计) | ≤0.5 | mg/kg | GB 5009.12-2023 | GB 2762-2022 | 0.5 |
food-25 | 苯甲酸及其钠盐(以苯甲酸计) | ND | g/kg | GB 5009.28-2016 | GB 2760-2024 | 3 |
food-25 | 山梨酸及其钾盐(以山梨酸计) | ≤1.0 | g/kg | GB 5009.28-2016 | GB 2760-2024 | 2 |
food-25 | 脱氢乙酸及其钠盐(以脱氢乙酸计) | ≤0.3 | g/kg | GB 5009.121-2016 | GB 2760-2024 | 2 |
food-25 | 丙酸及其钠盐、钙盐(以丙酸计) | ≤2.5 | g/kg | text:GB 5009.120-2016 | GB 2760-2024 | 1 |
food-25 | 碱性嫩黄 | ND | mg/kg | text:液相色谱-串联质谱法 | 整顿办函〔2011〕1号 | 1 |
food-25 | 大肠菌群 | ≤100 | CFU/g | GB 4789.3-2016 | | 3 |
food-26 | 铅(以Pb计) | ≤1.0 | mg/kg | GB 5009.12-2023 | GB 2762-2022 | 0.5 |
food-26-01 | 果糖和葡萄糖 | ≥60 | g/100g | GB 5009.8-2016 | GB 14963-2011 | 3 |
food-26-01 | 蔗糖 | ≤5 | g/100g | GB 5009.8-2016 | GB 14963-2011 | 3 |
food-26-01,food-26-04 | 菌落总数 | ≤1000 | CFU/g | GB 4789.2-2022 | GB 14963-2011 | 2 |
food-26-01 | 霉菌计数 | ≤200 | CFU/g | GB 4789.15-2016 | GB 14963-2011 | 2 |
food-26-01,food-26-02 | 氯霉素 | ND | μg/kg | GB/T 22338-2008 | 农业农村部公告第250号 | 1 |
food-26-01 | 甲硝唑 | ND | μg/kg | text:液相色谱-串联质谱法 | 农业农村部公告第250号 | 1 |
food-26-01 | 嗜渗酵母计数 | ≤200 | CFU/g | text:GB 14963-2011 附录B | GB 14963-2011 | 2 |
food-26-02 | 10-羟基-2-癸烯酸 | ≥1.4 | g/100g | text:GB 9697-2008 附录 | GB 9697-2008 | 3 |
food-26-02 | 水分 | ≤67.5 | g/100g | GB 5009.3-2016 | GB 9697-2008 | 1 |
food-26-03,food-26-04 | 大肠菌群 | ≤100 | CFU/g | GB 4789.3-2016 | | 2 |
food-26-03 | 水分 | ≤10 | g/100g | GB 5009.3-2016 | | 1 |
food-27 | 铅(以Pb计) | ≤2.0 | mg/kg | GB 5009.12-2023 | GB 16740-2014 | 0.5 |
food-27 | 总砷(以As计) | ≤1.0 | mg/kg | GB 5009.11-2014 | GB 16740-2014 | 0.5 |
food-27 | 总汞(以Hg计) | ≤0.3 | mg/kg | GB 5009.17-2021 | GB 16740-2014 | 0.5 |
food-27 | 菌落总数 | ≤30000 | CFU/g | GB 4789.2-2022 | GB 16740-2014 | 2 |
food-27 | 大肠菌群 | ≤92 | MPN/g | GB 4789.3-2016 | GB 16740-2014 | 1 |
food-27 | 西地那非 | ND | mg/kg | text:液相色谱-串联质谱法 | 整顿办函〔2011〕1号 | 2 |
food-27 | 西布曲明 | ND | mg/kg | text:液相色谱-串联质谱法 | 整顿办函〔2011〕1号 | 2 |
food-28,food-29 | 铅(以Pb计) | ≤0.2 | mg/kg | GB 5009.12-2023 | GB 2762-2022 | 0.3 |
food-28-01 | 黄曲霉毒素B₁ | ≤0.5 | μg/kg | GB 5009.22-2016 | GB 2761-2017 | 0.5 |
food-28-01,food-28-03,food-29 | 菌落总数 | ≤10000 | CFU/g | GB 4789.2-2022 | | 2 |
food-28-01,food-28-03 | 大肠菌群 | ≤10 | CFU/g | GB 4789.3-2016 | | 2 |
food-28-01,food-29 | 沙门氏菌 | ND | /25g | GB 4789.4-2016 | GB 29921-2021 | 0.5 |
food-28-02 | 商业无菌 | Q | | GB 4789.26-2013 | | 1 | 符合商业无菌要求
food-28-02 | 锡(以Sn计) | ≤50 | mg/kg | GB 5009.16-2014 | GB 2762-2022 | 1 |
food-29 | 三聚氰胺 | ≤1.0 | mg/kg | GB/T 22388-2008 | 卫生部公告2011年第10号 | 0.2 |
food-29,food-30 | 克罗诺杆菌属(阪崎肠杆菌) | ND | /100g | GB 4789.40-2016 | GB 29921-2021 | 0.5 |
food-30 | 铅(以Pb计) | ≤0.15 | mg/kg | GB 5009.12-2023 | GB 2762-2022 | 0.3 |
food-30 | 三聚氰胺 | ≤1.0 | mg/kg | GB/T 22388-2008 | 卫生部公告2011年第10号 | 0.1 |
food-30 | 黄曲霉毒素M₁ | ≤0.5 | μg/kg | GB 5009.24-2016 | GB 2761-2017 | 0.2 |
food-30 | 亚硝酸盐(以NaNO₂计) | ≤2.0 | mg/kg | GB 5009.33-2016 | GB 2762-2022 | 1 |
food-30 | 硝酸盐(以NaNO₃计) | ≤100 | mg/kg | GB 5009.33-2016 | GB 2762-2022 | 1 |
food-30 | 菌落总数 | ≤10000 | CFU/g | GB 4789.2-2022 | GB 10765-2021 | 1 |
food-30 | 大肠菌群 | ≤10 | CFU/g | GB 4789.3-2016 | GB 10765-2021 | 1 |
food-30 | 沙门氏菌 | ND | /25g | GB 4789.4-2016 | GB 29921-2021 | 0.3 |
food-31 | 大肠菌群(复用餐饮具) | ND | /50cm² | GB 14934-2016 | GB 14934-2016 | 5 |
food-31 | 阴离子合成洗涤剂(以十二烷基苯磺酸钠计) | ND | mg/100cm² | GB 14934-2016 | GB 14934-2016 | 3 |
food-31 | 酸价(煎炸过程用油)(KOH) | ≤5 | mg/g | GB 5009.229-2016 | GB 2716-2018 | 2 |
food-31 | 极性组分 | ≤27 | % | GB 5009.202-2016 | GB 2716-2018 | 3 |
food-31 | 铝的残留量(干样品,以Al计) | ≤100 | mg/kg | GB 5009.182-2017 | GB 2760-2024 | 3 |
food-31 | 苯甲酸及其钠盐(以苯甲酸计) | ND | g/kg | GB 5009.28-2016 | GB 2760-2024 | 2 |
food-31 | 糖精钠(以糖精计) | ND | g/kg | GB 5009.28-2016 | GB 2760-2024 | 2 |
food-31 | 甜蜜素(以环己基氨基磺酸计) | ND | g/kg | GB 5009.97-2016 | GB 2760-2024 | 2 |
food-31 | 亚硝酸盐(以亚硝酸钠计) | ≤30 | mg/kg | GB 5009.33-2016 | GB 2760-2024 | 2 |
food-31 | 胭脂红 | ND | g/kg | GB 5009.35-2016 | GB 2760-2024 | 1 |
food-31 | 罂粟碱 | ND | mg/kg | text:液相色谱-串联质谱法 | 整顿办函〔2011〕1号 | 1 |
food-31 | 吗啡 | ND | mg/kg | text:液相色谱-串联质谱法 | 整顿办函〔2011〕1号 | 1 |
food-31 | 可待因 | ND | mg/kg | text:液相色谱-串联质谱法 | 整顿办函〔2011〕1号 | 1 |
food-32 | 铅(以Pb计) | ≤2.0 | mg/kg | GB 5009.12-2023 | GB 26687-2011 | 0.5 |
food-32 | 总砷(以As计) | ≤2.0 | mg/kg | GB 5009.11-2014 | GB 26687-2011 | 0.5 |
food-32 | 菌落总数 | ≤10000 | CFU/g | GB 4789.2-2022 | GB 26687-2011 | 2 |
food-32 | 大肠菌群 | ≤100 | CFU/g | GB 4789.3-2016 | GB 26687-2011 | 2 |
food-33 | 克伦特罗 | ND | μg/kg | GB/T 22286-2008 | 农业农村部公告第250号 | 1 |
food-33 | 莱克多巴胺 | ND | μg/kg | GB/T 22286-2008 | 农业农村部公告第250号 | 1 |
food-33 | 沙丁胺醇 | ND | μg/kg | GB/T 22286-2008 | 农业农村部公告第250号 | 1 |
food-33 | 恩诺沙星(以恩诺沙星与环丙沙星之和计) | ≤100 | μg/kg | GB/T 21312-2007 | GB 31650-2019 | 4 |
food-33 | 氧氟沙星 | ND | μg/kg | GB/T 21312-2007 | 农业农村部公告第250号 | 2 |
food-33 | 磺胺类(总量) | ≤100 | μg/kg | GB/T 21316-2007 | GB 31650-2019 | 2 |
food-33 | 多西环素 | ≤100 | μg/kg | GB/T 21317-2007 | GB 31650-2019 | 2 |
food-33 | 氯霉素 | ND | μg/kg | GB/T 22338-2008 | 农业农村部公告第250号 | 1 |
food-33 | 五氯酚酸钠(以五氯酚计) | ND | μg/kg | GB 23200.92-2016 | 农业农村部公告第250号 | 1 |
food-33 | 挥发性盐基氮 | ≤15 | mg/100g | GB 5009.228-2016 | GB 2707-2016 | 1 |
food-33,food-38 | 铅(以Pb计) | ≤0.2 | mg/kg | GB 5009.12-2023 | GB 2762-2022 | 0.5 |
food-33 | 镉(以Cd计) | ≤0.1 | mg/kg | GB 5009.15-2023 | GB 2762-2022 | 0.5 |
food-34,food-36 | 克百威 | ≤0.02 | mg/kg | GB 23200.121-2021 | GB 2763-2021 | 2 |
food-34,food-36 | 氧乐果 | ≤0.02 | mg/kg | GB 23200.121-2021 | GB 2763-2021 | 2 |
food-34,food-36 | 甲拌磷 | ≤0.01 | mg/kg | GB 23200.113-2018 | GB 2763-2021 | 2 |
food-34 | 毒死蜱 | ≤0.02 | mg/kg | GB 23200.113-2018 | GB 2763-2021 | 4 |
food-34 | 腐霉利 | ≤0.2 | mg/kg | GB 23200.113-2018 | GB 2763-2021 | 5 |
food-34 | 噻虫胺 | ≤0.1 | mg/kg | GB 23200.121-2021 | GB 2763-2021 | 3 |
food-34 | 灭蝇胺 | ≤0.5 | mg/kg | GB 23200.121-2021 | GB 2763-2021 | 3 |
food-34 | 甲胺磷 | ≤0.05 | mg/kg | GB 23200.113-2018 | GB 2763-2021 | 1 |
food-34 | 阿维菌素 | ≤0.05 | mg/kg | GB 23200.121-2021 | GB 2763-2021 | 2 |
food-34 | 氯氟氰菊酯和高效氯氟氰菊酯 | ≤0.2 | mg/kg | GB 23200.113-2018 | GB 2763-2021 | 1 |
food-34 | 6-苄基腺嘌呤(6-BA) | ND | μg/kg | text:液相色谱-串联质谱法 | GB 2760-2024 | 1 |
food-34 | 4-氯苯氧乙酸钠(以4-氯苯氧乙酸计) | ND | μg/kg | text:液相色谱-串联质谱法 | GB 2760-2024 | 2 |
food-34,food-36 | 铅(以Pb计) | ≤0.1 | mg/kg | GB 5009.12-2023 | GB 2762-2022 | 0.5 |
food-34 | 镉(以Cd计) | ≤0.2 | mg/kg | GB 5009.15-2023 | GB 2762-2022 | 3 |
food-35 | 孔雀石绿 | ND | μg/kg | GB/T 20361-2006 | 农业农村部公告第250号 | 2 |
food-35 | 氯霉素 | ND | μg/kg | GB/T 22338-2008 | 农业农村部公告第250号 | 1 |
food-35 | 呋喃唑酮代谢物 | ND | μg/kg | text:液相色谱-串联质谱法 | 农业农村部公告第250号 | 3 |
food-35 | 恩诺沙星(以恩诺沙星与环丙沙星之和计) | ≤100 | μg/kg | GB/T 21312-2007 | GB 31650-2019 | 4 |
food-35 | 地西泮 | ND | μg/kg | text:液相色谱-串联质谱法 | 农业农村部公告第250号 | 2 |
food-35 | 镉(以Cd计) | ≤0.1 | mg/kg | GB 5009.15-2023 | GB 2762-2022 | 1 |
food-35 | 铅(以Pb计) | ≤0.5 | mg/kg | GB 5009.12-2023 | GB 2762-2022 | 0.5 |
food-35 | 挥发性盐基氮 | ≤20 | mg/100g | GB 5009.228-2016 | GB 2733-2015 | 1 |
food-36 | 毒死蜱 | ≤0.5 | mg/kg | GB 23200.113-2018 | GB 2763-2021 | 2 |
food-36 | 多菌灵 | ≤3 | mg/kg | GB 23200.121-2021 | GB 2763-2021 | 2 |
food-36 | 丙溴磷 | ≤0.2 | mg/kg | GB 23200.113-2018 | GB 2763-2021 | 2 |
food-36 | 苯醚甲环唑 | ≤0.5 | mg/kg | GB 23200.113-2018 | GB 2763-2021 | 2 |
food-36 | 戊唑醇 | ≤2 | mg/kg | GB 23200.113-2018 | GB 2763-2021 | 1 |
food-36 | 镉(以Cd计) | ≤0.05 | mg/kg | GB 5009.15-2023 | GB 2762-2022 | 1 |
food-37 | 恩诺沙星(以恩诺沙星与环丙沙星之和计) | ND | μg/kg | GB/T 21312-2007 | GB 31650-2019 | 4 |
food-37 | 氟苯尼考 | ND | μg/kg | GB/T 22338-2008 | GB 31650-2019 | 4 |
food-37 | 甲硝唑 | ND | μg/kg | text:液相色谱-串联质谱法 | 农业农村部公告第250号 | 2 |
food-37 | 氧氟沙星 | ND | μg/kg | GB/T 21312-2007 | 农业农村部公告第250号 | 2 |
food-37 | 磺胺类(总量) | ND | μg/kg | GB/T 21316-2007 | GB 31650-2019 | 2 |
food-37 | 多西环素 | ND | μg/kg | GB/T 21317-2007 | GB 31650-2019 | 2 |
food-37 | 铅(以Pb计) | ≤0.2 | mg/kg | GB 5009.12-2023 | GB 2762-2022 | 0.5 |
food-38 | 镉(以Cd计) | ≤0.2 | mg/kg | GB 5009.15-2023 | GB 2762-2022 | 2 |
food-38 | 铬(以Cr计) | ≤1.0 | mg/kg | GB 5009.123-2023 | GB 2762-2022 | 1 |
food-38 | 赭曲霉毒素A | ≤5.0 | μg/kg | GB 5009.96-2016 | GB 2761-2017 | 1 |
food-38 | 克百威 | ≤0.02 | mg/kg | GB 23200.121-2021 | GB 2763-2021 | 1 |
food-39 | 铅(以Pb计) | ≤0.2 | mg/kg | GB 5009.12-2023 | GB 2762-2022 | 0.5 |
food-39 | 镉(以Cd计) | ≤0.5 | mg/kg | GB 5009.15-2023 | GB 2762-2022 | 1 |
prod-rebar | 下屈服强度 | ≥400 | MPa | GB/T 228.1-2021 | GB/T 1499.2-2024 | 3 |
prod-rebar | 抗拉强度 | ≥540 | MPa | GB/T 228.1-2021 | GB/T 1499.2-2024 | 2 |
prod-rebar | 断后伸长率 | ≥16 | % | GB/T 228.1-2021 | GB/T 1499.2-2024 | 2 |
prod-rebar | 最大力总延伸率 | ≥7.5 | % | GB/T 228.1-2021 | GB/T 1499.2-2024 | 2 |
prod-rebar | 弯曲性能 | Q | | GB/T 232-2010 | GB/T 1499.2-2024 | 1 | 受弯曲部位表面无可见裂纹
prod-rebar | 重量偏差 | -5~5 | % | GB/T 1499.2-2024 | GB/T 1499.2-2024 | 4 |
prod-rebar | 碳(C) | ≤0.25 | % | GB/T 4336-2016 | GB/T 1499.2-2024 | 1 |
prod-rebar | 硫(S) | ≤0.045 | % | GB/T 4336-2016 | GB/T 1499.2-2024 | 1 |
prod-rebar | 磷(P) | ≤0.045 | % | GB/T 4336-2016 | GB/T 1499.2-2024 | 1 |
prod-cement | 3天抗压强度 | ≥17.0 | MPa | GB/T 17671-2021 | GB 175-2023 | 3 |
prod-cement | 28天抗压强度 | ≥42.5 | MPa | GB/T 17671-2021 | GB 175-2023 | 4 |
prod-cement | 3天抗折强度 | ≥3.5 | MPa | GB/T 17671-2021 | GB 175-2023 | 2 |
prod-cement | 28天抗折强度 | ≥6.5 | MPa | GB/T 17671-2021 | GB 175-2023 | 2 |
prod-cement | 初凝时间 | ≥45 | min | GB/T 1346-2011 | GB 175-2023 | 1 |
prod-cement | 终凝时间 | ≤600 | min | GB/T 1346-2011 | GB 175-2023 | 1 |
prod-cement | 安定性(沸煮法) | Q | | GB/T 1346-2011 | GB 175-2023 | 1 | 合格
prod-cement | 三氧化硫 | ≤3.5 | % | GB/T 176-2017 | GB 175-2023 | 1 |
prod-cement | 氧化镁 | ≤5.0 | % | GB/T 176-2017 | GB 175-2023 | 1 |
prod-cement | 氯离子 | ≤0.06 | % | GB/T 176-2017 | GB 175-2023 | 1 |
prod-tiles | 吸水率 | ≤0.5 | % | GB/T 4100-2015 | GB/T 4100-2015 | 3 |
prod-tiles | 破坏强度 | ≥1300 | N | GB/T 4100-2015 | GB/T 4100-2015 | 2 |
prod-tiles | 断裂模数 | ≥35 | MPa | GB/T 4100-2015 | GB/T 4100-2015 | 2 |
prod-tiles | 长度和宽度偏差 | -0.6~0.6 | % | GB/T 4100-2015 | GB/T 4100-2015 | 2 |
prod-tiles | 耐污染性 | Q | | GB/T 4100-2015 | GB/T 4100-2015 | 1 | 不低于3级
prod-tiles | 放射性核素限量 | Q | | GB 6566-2010 | GB 6566-2010 | 1 | 内照射指数≤1.0，外照射指数≤1.3（A类）
prod-sanitary | 吸水率 | ≤0.5 | % | GB/T 6952-2015 | GB/T 6952-2015 | 2 |
prod-sanitary | 用水量 | ≤6.4 | L | GB/T 6952-2015 | GB/T 6952-2015 | 3 |
prod-sanitary | 水封深度 | ≥50 | mm | GB/T 6952-2015 | GB/T 6952-2015 | 2 |
prod-sanitary | 洗净功能 | Q | | GB/T 6952-2015 | GB/T 6952-2015 | 2 | 符合要求
prod-sanitary | 抗裂性 | Q | | GB/T 6952-2015 | GB/T 6952-2015 | 1 | 无釉裂、无坯裂
prod-glass | 碎片状态 | Q | | GB 15763.2-2005 | GB 15763.2-2005 | 3 | 50mm×50mm区域内碎片数不少于40片
prod-glass | 霰弹袋冲击性能 | Q | | GB 15763.2-2005 | GB 15763.2-2005 | 2 | 符合要求
prod-glass | 抗冲击性 | Q | | GB 15763.2-2005 | GB 15763.2-2005 | 1 | 试样不破坏
prod-glass | 表面应力 | ≥90 | MPa | GB 15763.2-2005 | GB 15763.2-2005 | 2 |
prod-glass | 弯曲度 | ≤0.3 | % | GB 15763.2-2005 | GB 15763.2-2005 | 1 |
prod-waterproof | 可溶物含量 | ≥2100 | g/m² | GB 18242-2008 | GB 18242-2008 | 4 |
prod-waterproof | 拉力 | ≥500 | N/50mm | GB 18242-2008 | GB 18242-2008 | 2 |
prod-waterproof | 最大峰时延伸率 | ≥30 | % | GB 18242-2008 | GB 18242-2008 | 2 |
prod-waterproof | 低温柔性 | Q | | GB 18242-2008 | GB 18242-2008 | 3 | -20℃无裂缝
prod-waterproof | 耐热性 | Q | | GB 18242-2008 | GB 18242-2008 | 2 | 90℃，无流淌、滴落，滑动≤2mm
prod-waterproof | 不透水性 | Q | | GB 18242-2008 | GB 18242-2008 | 1 | 0.3MPa，30min不透水
prod-pipes | 纵向回缩率 | ≤5 | % | GB/T 10002.1-2023 | GB/T 10002.1-2023 | 2 |
prod-pipes | 静液压试验 | Q | | GB/T 10002.1-2023 | GB/T 10002.1-2023 | 2 | 无破裂、无渗漏
prod-pipes | 落锤冲击试验(TIR) | ≤10 | % | GB/T 10002.1-2023 | GB/T 10002.1-2023 | 2 |
prod-pipes | 维卡软化温度 | ≥80 | ℃ | GB/T 10002.1-2023 | GB/T 10002.1-2023 | 2 |
prod-pipes | 壁厚偏差 | 0~15 | % | GB/T 10002.1-2023 | GB/T 10002.1-2023 | 3 |
prod-castings | 抗拉强度 | ≥400 | MPa | GB/T 228.1-2021 | GB/T 1348-2019 | 4 |
prod-castings | 断后伸长率 | ≥15 | % | GB/T 228.1-2021 | GB/T 1348-2019 | 3 |
prod-castings | 屈服强度(Rp0.2) | ≥250 | MPa | GB/T 228.1-2021 | GB/T 1348-2019 | 2 |
prod-castings | 布氏硬度 | 120~180 | HBW | GB/T 231.1-2018 | GB/T 1348-2019 | 2 |
prod-castings | 球化率 | ≥80 | % | GB/T 9441-2021 | GB/T 1348-2019 | 2 |
prod-castings | 外观质量 | Q | | GB/T 1348-2019 | GB/T 1348-2019 | 1 | 无裂纹、冷隔、缩孔等缺陷
prod-castings | 灰铸铁抗拉强度 | ≥150 | MPa | GB/T 228.1-2021 | GB/T 9439-2023 | 3 |
prod-castings | 承载能力 | ≥400 | kN | GB/T 23858-2009 | GB/T 23858-2009 | 3 |
prod-castings | 残留变形 | ≤2.0 | mm | GB/T 23858-2009 | GB/T 23858-2009 | 2 |
prod-castings | 压力试验 | Q | | GB/T 9439-2023 | | 2 | 试验压力下保持2min无渗漏
prod-castings | 铅迁移量 | ≤0.01 | mg/kg | GB 31604.34-2016 | GB 4806.9-2016 | 1 |
prod-castings | 砷迁移量 | ≤0.04 | mg/kg | text:GB 31604.38-2016 | GB 4806.9-2016 | 1 |
prod-ceramics | 铅(Pb)迁移量 | ≤2.0 | mg/L | GB 31604.34-2016 | GB 4806.4-2016 | 3 |
prod-ceramics | 镉(Cd)迁移量 | ≤0.30 | mg/L | GB 31604.24-2016 | GB 4806.4-2016 | 2 |
prod-ceramics | 吸水率 | ≤3.0 | % | GB/T 3532-2009 | GB/T 3532-2009 | 2 |
prod-ceramics | 热稳定性 | Q | | GB/T 3532-2009 | GB/T 3532-2009 | 2 | 经200℃至20℃水中热交换一次不裂
prod-ceramics | 外观质量 | Q | | GB/T 3532-2009 | GB/T 3532-2009 | 1 | 符合要求
prod-cables | 导体电阻(20℃) | ≤4.61 | Ω/km | GB/T 3048.4-2007 | GB/T 3956-2008 | 6 |
prod-cables | 绝缘平均厚度 | ≥0.8 | mm | GB/T 2951.11-2008 | GB/T 5023.3-2008 | 3 |
prod-cables | 绝缘最薄处厚度 | ≥0.62 | mm | GB/T 2951.11-2008 | GB/T 5023.3-2008 | 3 |
prod-cables | 绝缘老化前抗张强度 | ≥12.5 | N/mm² | GB/T 2951.11-2008 | GB/T 5023.3-2008 | 2 |
prod-cables | 绝缘老化前断裂伸长率 | ≥125 | % | GB/T 2951.11-2008 | GB/T 5023.3-2008 | 2 |
prod-cables | 电压试验 | Q | | GB/T 5023.3-2008 | GB/T 5023.3-2008 | 1 | 2500V 5min不击穿
prod-cables | 不延燃试验 | Q | | GB/T 5023.3-2008 | GB/T 5023.3-2008 | 2 | 符合GB/T 18380.12要求
prod-cables | 标志 | Q | | GB/T 5023.3-2008 | GB/T 5023.3-2008 | 2 | 标志连续、清晰、耐擦
prod-switches | 防触电保护 | Q | | GB/T 2099.1-2021 | GB/T 2099.1-2021 | 2 | 符合要求
prod-switches | 接地措施 | Q | | GB/T 2099.1-2021 | GB/T 2099.1-2021 | 2 | 符合要求
prod-switches | 温升 | ≤45 | K | GB/T 2099.1-2021 | GB/T 2099.1-2021 | 3 |
prod-switches | 爬电距离 | ≥3 | mm | GB/T 2099.1-2021 | GB/T 2099.1-2021 | 2 |
prod-switches | 耐热 | Q | | GB/T 2099.1-2021 | GB/T 2099.1-2021 | 2 | 球压压痕直径≤2mm
prod-switches | 标志 | Q | | GB/T 2099.1-2021 | GB/T 2099.1-2021 | 3 | 符合要求
prod-kettles,prod-rice-cookers,prod-induction | 对触及带电部件的防护 | Q | | GB 4706.1-2005 | GB 4706.1-2005 | 1 | 符合要求
prod-kettles,prod-rice-cookers,prod-induction | 输入功率和电流 | -10~5 | % | GB 4706.1-2005 | GB 4706.1-2005 | 2 |
prod-kettles,prod-rice-cookers,prod-induction | 发热 | Q | | GB 4706.1-2005 | GB 4706.1-2005 | 2 | 温升不超过限值
prod-kettles,prod-rice-cookers,prod-induction | 泄漏电流 | ≤0.75 | mA | GB 4706.1-2005 | GB 4706.1-2005 | 2 |
prod-kettles,prod-rice-cookers,prod-induction | 电气强度 | Q | | GB 4706.1-2005 | GB 4706.1-2005 | 1 | 不击穿
prod-kettles,prod-rice-cookers,prod-induction | 接地电阻 | ≤0.1 | Ω | GB 4706.1-2005 | GB 4706.1-2005 | 3 |
prod-kettles,prod-rice-cookers,prod-induction | 标志和说明 | Q | | GB 4706.1-2005 | GB 4706.1-2005 | 3 | 符合要求
prod-kettles,prod-rice-cookers | 非正常工作 | Q | | GB 4706.19-2008 | GB 4706.19-2008 | 2 | 干烧时温控器动作，无危险
prod-induction | 非正常工作 | Q | | GB 4706.29-2008 | GB 4706.29-2008 | 2 | 符合要求
prod-gas-stoves,prod-gas-heaters | 气密性 | Q | | GB 16410-2020 | GB 16410-2020 | 2 | 漏气量符合要求
prod-gas-stoves,prod-gas-heaters | 热负荷偏差 | -10~10 | % | GB 16410-2020 | GB 16410-2020 | 3 |
prod-gas-stoves | 热效率 | ≥63 | % | GB 16410-2020 | GB 16410-2020 | 3 |
prod-gas-stoves | 熄火保护装置 | Q | | GB 16410-2020 | GB 16410-2020 | 3 | 开阀时间≤15s，闭阀时间≤60s
prod-gas-stoves | 干烟气中一氧化碳含量(α=1) | ≤0.05 | % | GB 16410-2020 | GB 16410-2020 | 2 |
prod-gas-heaters | 热效率 | ≥86 | % | GB 6932-2015 | GB 6932-2015 | 3 |
prod-gas-heaters | 烟气中一氧化碳含量(α=1) | ≤0.06 | % | GB 6932-2015 | GB 6932-2015 | 2 |
prod-gas-heaters | 安全装置 | Q | | GB 6932-2015 | GB 6932-2015 | 2 | 熄火保护、防干烧、过热保护符合要求
prod-ebikes | 最高设计车速 | ≤25 | km/h | GB 17761-2024 | GB 17761-2024 | 4 |
prod-ebikes | 整车质量(含蓄电池) | ≤63 | kg | GB 17761-2024 | GB 17761-2024 | 2 |
prod-ebikes | 蓄电池标称电压 | ≤48 | V | GB 17761-2024 | GB 17761-2024 | 1 |
prod-ebikes | 电动机额定连续输出功率 | ≤400 | W | GB 17761-2024 | GB 17761-2024 | 2 |
prod-ebikes | 制动性能 | Q | | GB 17761-2024 | GB 17761-2024 | 2 | 干态制动距离≤7m
prod-ebikes | 防篡改 | Q | | GB 17761-2024 | GB 17761-2024 | 3 | 具有防篡改设计
prod-ebikes | 非金属材料阻燃性能 | Q | | GB 17761-2024 | GB 17761-2024 | 3 | 符合要求
prod-ebikes | 充电器输出过压保护 | Q | | GB 42295-2022 | GB 42295-2022 | 2 | 符合要求
prod-ebikes | 充电器泄漏电流 | ≤0.25 | mA | GB 42295-2022 | GB 42295-2022 | 1 |
prod-ebikes | 蓄电池过充电 | Q | | GB 43854-2024 | GB 43854-2024 | 2 | 不起火、不爆炸
prod-ebikes | 蓄电池外部短路 | Q | | GB 43854-2024 | GB 43854-2024 | 2 | 不起火、不爆炸
prod-ebikes | 蓄电池热失控扩散 | Q | | GB 43854-2024 | GB 43854-2024 | 2 | 不起火、不爆炸
prod-helmets | 冲击吸收性能 | Q | | GB 811-2022 | GB 811-2022 | 5 | 头模加速度峰值及持续时间符合要求
prod-helmets | 耐穿透性能 | Q | | GB 811-2022 | GB 811-2022 | 3 | 尖锥不与头模接触
prod-helmets | 佩戴装置强度 | Q | | GB 811-2022 | GB 811-2022 | 2 | 佩戴装置不损坏，动态位移≤25mm
prod-helmets | 佩戴装置稳定性 | Q | | GB 811-2022 | GB 811-2022 | 2 | 头盔不脱出
prod-helmets | 视野 | Q | | GB 811-2022 | GB 811-2022 | 1 | 符合要求
prod-helmets | 标识 | Q | | GB 811-2022 | GB 811-2022 | 2 | 符合要求
prod-toys | 小零件 | Q | | GB 6675.2-2014 | GB 6675.2-2014 | 4 | 36个月以下儿童用玩具不含小零件
prod-toys | 可触及的锐利边缘 | Q | | GB 6675.2-2014 | GB 6675.2-2014 | 2 | 不存在危险锐利边缘
prod-toys | 可触及的锐利尖端 | Q | | GB 6675.2-2014 | GB 6675.2-2014 | 2 | 不存在危险锐利尖端
prod-toys,prod-school | 邻苯二甲酸酯(DEHP+DBP+BBP) | ≤0.1 | % | GB/T 22048-2022 | GB 6675.1-2014 | 4 |
prod-toys,prod-school | 可迁移元素 铅 | ≤90 | mg/kg | GB 6675.4-2014 | GB 6675.4-2014 | 2 |
prod-toys | 可迁移元素 镉 | ≤75 | mg/kg | GB 6675.4-2014 | GB 6675.4-2014 | 1 |
prod-toys | 标识和使用说明 | Q | | GB 6675.2-2014 | GB 6675.2-2014 | 2 | 符合要求
prod-children-clothing,prod-textiles | 甲醛含量 | ≤75 | mg/kg | GB/T 2912.1-2009 | GB 18401-2010 | 3 |
prod-children-clothing,prod-textiles | pH值 | 4.0~8.5 | pH | GB/T 7573-2009 | GB 18401-2010 | 2 |
prod-children-clothing | 可分解致癌芳香胺染料 | ≤20 | mg/kg | text:GB/T 17592-2011 | GB 18401-2010 | 1 |
prod-children-clothing,prod-textiles | 耐水色牢度(变色) | ≥3 | 级 | text:GB/T 5713-2013 | GB 18401-2010 | 2 |
prod-children-clothing,prod-textiles | 耐摩擦色牢度(干摩) | ≥4 | 级 | text:GB/T 3920-2008 | GB 31701-2015 | 3 |
prod-children-clothing | 绳带要求 | Q | | GB 31701-2015 | GB 31701-2015 | 3 | 头颈部不存在绳带
prod-children-clothing,prod-textiles | 纤维含量 | Q | | text:GB/T 2910 | GB/T 15551-2016 | 5 | 符合标注
prod-textiles | 异味 | Q | | GB 18401-2010 | GB 18401-2010 | 1 | 无
prod-textiles | 水洗尺寸变化率 | -3~2 | % | GB/T 15551-2016 | GB/T 15551-2016 | 2 |
prod-school | 甲醛 | ≤20 | mg/kg | GB 21027-2020 | GB 21027-2020 | 2 |
prod-school | 苯 | ≤10 | mg/kg | GB 21027-2020 | GB 21027-2020 | 1 |
prod-school | 锐利边缘 | Q | | GB 21027-2020 | GB 21027-2020 | 1 | 无危险锐利边缘
prod-food-plastics | 总迁移量 | ≤10 | mg/dm² | GB 31604.8-2021 | GB 4806.7-2023 | 2 |
prod-food-plastics | 高锰酸钾消耗量 | ≤10 | mg/kg | text:GB 31604.2-2016 | GB 4806.7-2023 | 2 |
prod-food-plastics | 重金属(以Pb计) | ≤1 | mg/kg | text:GB 31604.9-2016 | GB 4806.7-2023 | 1 |
prod-food-plastics | 脱色试验 | Q | | text:GB 31604.7-2023 | GB 4806.7-2023 | 2 | 阴性
prod-food-plastics | 感官 | Q | | GB 4806.7-2023 | GB 4806.7-2023 | 1 | 无异味、异臭
prod-food-plastics | 标签标识 | Q | | GB 4806.7-2023 | GB 4806.7-2023 | 3 | 符合GB 4806.1要求
prod-paper-cups | 荧光性物质 | Q | | GB 4806.8-2022 | GB 4806.8-2022 | 3 | 254nm及365nm下合格
prod-paper-cups | 总迁移量 | ≤10 | mg/dm² | GB 31604.8-2021 | GB 4806.8-2022 | 2 |
prod-paper-cups | 高锰酸钾消耗量 | ≤40 | mg/kg | text:GB 31604.2-2016 | GB 4806.8-2022 | 2 |
prod-paper-cups | 铅(以Pb计) | ≤1.0 | mg/kg | GB 31604.34-2016 | GB 4806.8-2022 | 1 |
prod-paper-cups | 大肠菌群 | ND | /50cm² | GB 4789.3-2016 | GB 4806.8-2022 | 2 |
prod-paper-cups | 杯身挺度 | ≥2.0 | N | GB/T 27590-2011 | GB/T 27590-2011 | 3 |
prod-fertilisers | 总养分(N+P₂O₅+K₂O) | ≥40 | % | GB/T 15063-2020 | GB/T 15063-2020 | 6 |
prod-fertilisers | 水溶性磷占有效磷百分率 | ≥60 | % | GB/T 15063-2020 | GB/T 15063-2020 | 2 |
prod-fertilisers | 水分(H₂O) | ≤2.0 | % | GB/T 15063-2020 | GB/T 15063-2020 | 2 |
prod-fertilisers | 粒度(1.00mm~4.75mm) | ≥90 | % | GB/T 15063-2020 | GB/T 15063-2020 | 1 |
prod-fertilisers | 氯离子 | ≤3.0 | % | GB/T 15063-2020 | GB/T 15063-2020 | 2 |
prod-fertilisers | 缩二脲 | ≤1.5 | % | GB/T 15063-2020 | GB/T 15063-2020 | 1 |
prod-fertilisers | 镉 | ≤10 | mg/kg | GB 38400-2019 | GB 38400-2019 | 1 |
prod-fertilisers | 汞 | ≤5 | mg/kg | GB 38400-2019 | GB 38400-2019 | 0.5 |
prod-fertilisers | 砷 | ≤50 | mg/kg | GB 38400-2019 | GB 38400-2019 | 0.5 |
prod-coal | 灰分(Ad) | ≤16.00 | % | GB/T 212-2008 | GB 34169-2017 | 4 |
prod-coal | 全硫(St,d) | ≤1.00 | % | GB/T 214-2007 | GB 34169-2017 | 4 |
prod-coal | 挥发分(Vdaf) | ≤10.00 | % | GB/T 212-2008 | GB 34169-2017 | 2 |
prod-coal | 发热量(Qnet,ar) | ≥23.00 | MJ/kg | GB/T 213-2008 | GB 34169-2017 | 3 |
prod-coal | 全水分(Mt) | ≤8.0 | % | text:GB/T 211-2017 | | 1 |
prod-lubricants | 运动黏度(100℃) | 12.5~16.3 | mm²/s | GB/T 265-1988 | GB 11122-2006 | 4 |
prod-lubricants | 低温动力黏度(-20℃) | ≤7000 | mPa·s | text:GB/T 6538-2022 | GB 11122-2006 | 2 |
prod-lubricants | 闪点(开口) | ≥215 | ℃ | text:GB/T 3536-2008 | GB 11122-2006 | 2 |
prod-lubricants | 倾点 | ≤-23 | ℃ | text:GB/T 3535-2006 | GB 11122-2006 | 2 |
prod-lubricants | 高温高剪切黏度 | ≥3.7 | mPa·s | text:SH/T 0751 | GB 11122-2006 | 2 |
prod-lubricants | 水分 | Q | | text:GB/T 260-2016 | GB 11122-2006 | 1 | 不大于痕迹
prod-fire | 有效喷射时间 | ≥8 | s | GB 4351-2023 | GB 4351-2023 | 3 |
prod-fire | 喷射滞后时间 | ≤5 | s | GB 4351-2023 | GB 4351-2023 | 2 |
prod-fire | 喷射剩余率 | ≤10 | % | GB 4351-2023 | GB 4351-2023 | 2 |
prod-fire | 灭火剂主要组分含量(磷酸二氢铵) | ≥50 | % | GB 4351-2023 | GB 4351-2023 | 5 |
prod-fire | 灭火器标志 | Q | | GB 4351-2023 | GB 4351-2023 | 2 | 符合要求
prod-fire | 消防水带爆破压力 | ≥3.0 | MPa | GB 6246-2011 | GB 6246-2011 | 3 |
prod-fire | 消防水带延伸率 | ≤5 | % | GB 6246-2011 | GB 6246-2011 | 2 |
prod-fire | 应急工作时间 | ≥90 | min | GB 17945-2010 | GB 17945-2010 | 3 |
prod-fire | 应急转换时间 | ≤5 | s | GB 17945-2010 | GB 17945-2010 | 1 |
prod-optomechatronics | 标记 | Q | | GB 7000.1-2015 | GB 7000.1-2015 | 3 | 符合要求
prod-optomechatronics | 防触电保护 | Q | | GB 7000.1-2015 | GB 7000.1-2015 | 2 | 符合要求
prod-optomechatronics | 爬电距离和电气间隙 | Q | | GB 7000.1-2015 | GB 7000.1-2015 | 2 | 符合要求
prod-optomechatronics | 耐热、耐火 | Q | | GB 7000.1-2015 | GB 7000.1-2015 | 2 | 灼热丝650℃试验合格
prod-optomechatronics | 谐波电流 | Q | | GB 17625.1-2022 | GB 17625.1-2022 | 3 | 符合C类设备限值
"""


@dataclass(frozen=True)
class ItemSpec:
    codes: tuple[str, ...]
    name: str
    kind: str
    low: Decimal | None
    high: Decimal | None
    unit: str
    method: str
    limit_standard: str
    weight: float
    requirement: str


def _limit(text: str) -> tuple[str, Decimal | None, Decimal | None]:
    if text == "ND":
        return LimitKind.NOT_DETECTED, None, None
    if text == "Q":
        return LimitKind.QUALITATIVE, None, None
    for sign, kind in (
        ("≤", LimitKind.MAX),
        ("<", LimitKind.BELOW),
        ("≥", LimitKind.MIN),
        (">", LimitKind.ABOVE),
    ):
        if text.startswith(sign):
            value = Decimal(text[1:])
            return (kind, None, value) if kind in (LimitKind.MAX, LimitKind.BELOW) else (kind, value, None)
    low, high = text.split("~")
    return LimitKind.RANGE, Decimal(low), Decimal(high)


def _items(table: str) -> list[ItemSpec]:
    specs = []
    for line in table.strip().splitlines():
        cells = [c.strip() for c in line.split("|")]
        codes, name, limit, unit, method, standard, weight = cells[:7]
        kind, low, high = _limit(limit)
        specs.append(
            ItemSpec(
                tuple(codes.split(",")),
                name,
                kind,
                low,
                high,
                unit,
                method,
                standard,
                float(weight),
                cells[7] if len(cells) > 7 else "",
            )
        )
    return specs


ITEMS = _items(ITEMS_TABLE)

# --- what is sampled --------------------------------------------------------------------------


@dataclass(frozen=True)
class ProductSpec:
    """What a leaf category's samples look like: product names (each with the items it is
    tested for when not all of the category's), packaging, price, who makes and sells it."""

    weight: float
    names: tuple[str, ...]
    specs: tuple[str, ...] = ("500g/袋",)
    unit: str = "袋"
    price: tuple[float, float] = (5, 30)
    shelf: str = "12个月"
    storage: str = "常温"
    makers: tuple[str, ...] = ()
    sellers: str = "food"
    trade: str = "食品"
    fail: float = 1.0
    packaged: bool = True
    online: bool = True
    subsets: dict[str, tuple[str, ...]] = field(default_factory=dict)


def P(weight: float, names: str, **kw: Any) -> ProductSpec:
    for key in ("specs",):
        if isinstance(kw.get(key), str):
            kw[key] = tuple(kw[key].split("、"))
    return ProductSpec(weight, tuple(names.split("、")), **kw)


COLD = "冷藏（0℃～4℃）"
FROZEN = "冷冻（-18℃以下）"
DRY = "常温、阴凉干燥处"
MEAT = ("克伦特罗", "莱克多巴胺", "沙丁胺醇")
PB, CD = "铅(以Pb计)", "镉(以Cd计)"
ENRO = "恩诺沙星(以恩诺沙星与环丙沙星之和计)"
VEG = ("克百威", "氧乐果", "甲拌磷")
FISH = ("孔雀石绿", "氯霉素", "呋喃唑酮代谢物", ENRO, "地西泮", CD, PB, "甲基汞(以Hg计)", "挥发性盐基氮")
FRUIT = ("克百威", "氧乐果", "甲拌磷", "多菌灵", "苯醚甲环唑", PB)
DUCTILE = ("抗拉强度", "断后伸长率", "屈服强度(Rp0.2)", "布氏硬度", "球化率", "外观质量")

PRODUCTS: dict[str, ProductSpec] = {
    "food-01-01": P(
        6,
        "小麦粉、高筋小麦粉、特一粉、饺子专用小麦粉、全麦粉",
        specs="2.5kg/袋、5kg/袋、10kg/袋",
        price=(12, 55),
        storage=DRY,
        makers=("1431",),
        trade="粮油",
        fail=0.6,
    ),
    "food-01-02": P(
        5,
        "大米、东北大米、长粒香大米、珍珠米",
        specs="5kg/袋、10kg/袋、2.5kg/袋",
        price=(20, 90),
        storage=DRY,
        trade="粮油",
        fail=0.6,
    ),
    "food-01-03": P(
        4,
        "挂面、鸡蛋挂面、小米挂面、荞麦挂面",
        specs="500g/袋、1kg/袋、800g/袋",
        price=(4, 15),
        shelf="24个月",
        storage=DRY,
        makers=("1431",),
        trade="粮油",
        fail=0.8,
    ),
    "food-01-04": P(
        2,
        "小米、玉米糁、燕麦片、荞麦粉、黄米面",
        specs="1kg/袋、2.5kg/袋、500g/袋",
        price=(6, 30),
        storage=DRY,
        makers=("1431",),
        trade="粮油",
        fail=0.6,
    ),
    "food-02-01": P(
        6,
        "大豆油、菜籽油、花生油、玉米油、胡麻油、食用植物调和油",
        specs="5L/桶、1.8L/瓶、900mL/瓶",
        unit="桶",
        price=(18, 120),
        shelf="18个月",
        storage=DRY,
        trade="粮油",
    ),
    "food-02-02": P(
        1,
        "猪油、牛油",
        specs="500g/盒、1kg/袋",
        unit="盒",
        price=(10, 40),
        storage=COLD,
        makers=("1351",),
        trade="肉食品",
    ),
    "food-02-03": P(
        1,
        "人造奶油、起酥油、植脂奶油",
        specs="1kg/盒、500g/盒",
        unit="盒",
        price=(15, 60),
        storage=COLD,
        trade="食品",
    ),
    "food-03-01": P(
        3,
        "生抽酱油、老抽酱油、酿造酱油、味极鲜酱油",
        specs="500mL/瓶、800mL/瓶、1.9L/桶",
        unit="瓶",
        price=(6, 30),
        shelf="18个月",
        trade="调味品",
        fail=1.2,
    ),
    "food-03-02": P(
        3,
        "老陈醋、陈醋、香醋、米醋",
        specs="500mL/瓶、420mL/瓶、2.3L/桶",
        unit="瓶",
        price=(5, 40),
        shelf="24个月",
        trade="醋业",
        fail=1.2,
    ),
    "food-03-03": P(
        1.5,
        "黄豆酱、甜面酱、豆瓣酱",
        specs="300g/瓶、500g/袋",
        unit="瓶",
        price=(5, 20),
        shelf="18个月",
        trade="调味品",
        fail=1.2,
    ),
    "food-03-04": P(
        1,
        "料酒、黄酒料酒",
        specs="500mL/瓶、800mL/瓶",
        unit="瓶",
        price=(5, 18),
        shelf="24个月",
        trade="调味品",
    ),
    "food-03-05": P(
        2,
        "花椒、辣椒粉、八角、孜然粉、十三香",
        specs="100g/袋、50g/袋、散装称重",
        price=(5, 40),
        storage=DRY,
        trade="调味品",
        fail=1.3,
    ),
    "food-03-06": P(
        2,
        "火锅底料、鸡精调味料、麻辣香锅调料、复合调味汁",
        specs="200g/袋、500g/袋、150g/袋",
        price=(6, 35),
        trade="川味调料",
        fail=1.2,
    ),
    "food-03-07": P(
        1, "味精", specs="400g/袋、1kg/袋", price=(5, 20), shelf="36个月", trade="调味品", fail=0.5
    ),
    "food-03-08": P(
        1.5,
        "加碘精制盐、未加碘食用盐、低钠盐、海盐",
        specs="400g/袋、350g/袋",
        price=(2, 8),
        shelf="5年",
        trade="盐业",
    ),
    "food-04-01": P(
        2,
        "腊肉、腌腊肉、咸肉、调理肉串",
        specs="500g/袋、散装称重",
        price=(20, 80),
        shelf="6个月",
        storage=COLD,
        makers=("1351",),
        trade="肉食品",
        fail=1.2,
    ),
    "food-04-02": P(
        4,
        "酱牛肉、卤猪蹄、熏鸡、烧鸡、火腿肠、驴肉",
        specs="200g/袋、散装称重、250g/袋",
        price=(15, 90),
        shelf="30天",
        storage=COLD,
        makers=("1351",),
        trade="肉食品",
        fail=1.4,
    ),
    "food-05-01": P(
        3,
        "纯牛奶、全脂灭菌乳、高钙牛奶",
        specs="250mL/盒、200mL/袋、1L/盒",
        unit="盒",
        price=(3, 15),
        shelf="6个月",
        trade="乳业",
        fail=0.3,
    ),
    "food-05-02": P(
        1.5,
        "全脂乳粉、中老年奶粉、学生奶粉",
        specs="400g/袋、800g/罐",
        price=(40, 180),
        shelf="24个月",
        trade="乳业",
        fail=0.3,
    ),
    "food-05-03": P(
        0.3,
        "乳清蛋白粉、乳清粉",
        specs="500g/罐、1kg/袋",
        unit="罐",
        price=(60, 260),
        shelf="24个月",
        trade="乳业",
        fail=0.3,
    ),
    "food-05-04": P(
        2,
        "风味发酵乳、酸奶、奶酪棒",
        specs="200g/杯、100g×8/袋",
        unit="杯",
        price=(3, 30),
        shelf="21天",
        storage=COLD,
        trade="乳业",
        fail=0.5,
    ),
    "food-06-01": P(
        3,
        "饮用纯净水、饮用天然矿泉水、饮用天然泉水",
        specs="550mL/瓶、1.5L/瓶、18.9L/桶",
        unit="瓶",
        price=(1, 25),
        trade="饮品",
        fail=1.6,
    ),
    "food-06-02": P(
        1.5,
        "山楂汁饮料、橙汁饮料、苹果汁、梨汁饮料",
        specs="500mL/瓶、1L/盒、310mL/罐",
        unit="瓶",
        price=(3, 15),
        makers=("1353",),
        trade="饮品",
        fail=1.2,
    ),
    "food-06-03": P(
        1.5,
        "核桃乳、花生牛奶、豆奶",
        specs="240mL/罐、250mL/盒",
        unit="罐",
        price=(3, 8),
        trade="饮品",
        fail=1.0,
    ),
    "food-06-04": P(
        1,
        "可乐型汽水、橙味汽水、苏打汽水",
        specs="330mL/罐、500mL/瓶、2L/瓶",
        unit="瓶",
        price=(2, 10),
        trade="饮品",
        fail=0.8,
    ),
    "food-06-05": P(
        1,
        "冰红茶、绿茶饮料、乌龙茶饮料",
        specs="500mL/瓶、1L/瓶",
        unit="瓶",
        price=(3, 8),
        trade="饮品",
        fail=1.0,
    ),
    "food-06-06": P(
        1,
        "速溶咖啡、蛋白固体饮料、果味固体饮料、代餐粉",
        specs="200g/袋、500g/罐、25g×20/盒",
        price=(15, 120),
        shelf="18个月",
        trade="饮品",
        fail=1.4,
    ),
    "food-06-07": P(
        1,
        "运动饮料、维生素饮料、植物饮料",
        specs="500mL/瓶、600mL/瓶",
        unit="瓶",
        price=(3, 8),
        trade="饮品",
        fail=1.0,
    ),
    "food-07": P(
        2,
        "方便面、自热米饭、方便粉丝、即食燕麦片",
        specs="110g/袋、5连包、280g/盒",
        price=(3, 30),
        shelf="6个月",
        trade="食品",
        fail=1.0,
    ),
    "food-08": P(
        2.5,
        "苏打饼干、夹心饼干、薄脆饼干、曲奇饼干",
        specs="200g/袋、400g/盒、散装称重",
        price=(5, 30),
        shelf="9个月",
        trade="食品",
        fail=1.2,
    ),
    "food-09": P(
        1.5,
        "黄桃罐头、黄梨罐头、午餐肉罐头、八宝粥罐头",
        specs="425g/罐、360g/罐、340g/罐",
        unit="罐",
        price=(5, 25),
        shelf="24个月",
        makers=("1353",),
        trade="食品",
        fail=0.8,
    ),
    "food-10": P(
        1.5,
        "雪糕、冰淇淋、冰棍",
        specs="65g/支、80g/支、500g/盒",
        unit="支",
        price=(2, 30),
        storage=FROZEN,
        trade="食品",
        fail=1.3,
    ),
    "food-11-01": P(
        2,
        "速冻水饺、速冻汤圆、速冻包子",
        specs="500g/袋、1kg/袋",
        price=(8, 35),
        storage=FROZEN,
        trade="速冻食品",
        fail=1.2,
    ),
    "food-11-02": P(
        1,
        "速冻调理鸡排、速冻肉丸、速冻肉串",
        specs="500g/袋、1kg/袋",
        price=(10, 45),
        storage=FROZEN,
        makers=("1351",),
        trade="速冻食品",
    ),
    "food-11-03": P(
        0.5, "速冻鱼丸、速冻虾滑", specs="250g/袋、500g/袋", price=(10, 40), storage=FROZEN, trade="水产"
    ),
    "food-11-04": P(
        0.5,
        "速冻甜玉米、速冻玉米粒",
        specs="500g/袋、1kg/袋",
        price=(5, 20),
        storage=FROZEN,
        trade="速冻食品",
    ),
    "food-11-05": P(
        0.5,
        "速冻青豆、速冻西兰花、速冻混合蔬菜",
        specs="500g/袋、1kg/袋",
        price=(6, 20),
        storage=FROZEN,
        trade="速冻食品",
    ),
    "food-11-06": P(
        0.3, "速冻草莓、速冻黄桃", specs="500g/袋、1kg/袋", price=(8, 30), storage=FROZEN, trade="速冻食品"
    ),
    "food-12-01": P(
        2,
        "薯片、玉米脆、虾条、米饼",
        specs="70g/袋、100g/袋、150g/袋",
        price=(3, 15),
        shelf="9个月",
        trade="食品",
        fail=1.0,
    ),
    "food-12-02": P(
        1.5,
        "薯条、红薯干、马铃薯片",
        specs="100g/袋、250g/袋",
        price=(4, 20),
        shelf="9个月",
        trade="食品",
        fail=1.2,
    ),
    "food-13-01": P(
        1.5,
        "硬糖、奶糖、软糖、棒棒糖",
        specs="200g/袋、散装称重",
        price=(5, 30),
        shelf="18个月",
        trade="食品",
        fail=0.8,
    ),
    "food-13-02": P(
        0.7,
        "黑巧克力、牛奶巧克力、代可可脂巧克力",
        specs="100g/块、80g/盒",
        unit="块",
        price=(6, 40),
        shelf="12个月",
        trade="食品",
        fail=0.5,
    ),
    "food-13-03": P(
        0.8,
        "果冻、吸吸果冻",
        specs="360g/袋、150g×6/组",
        price=(5, 20),
        shelf="12个月",
        trade="食品",
        fail=1.0,
    ),
    "food-14-01": P(
        2,
        "绿茶、红茶、茉莉花茶、黑茶",
        specs="250g/盒、100g/袋、散装称重",
        unit="盒",
        price=(30, 300),
        shelf="18个月",
        storage=DRY,
        trade="茶业",
        fail=1.0,
    ),
    "food-14-02": P(
        1,
        "菊花茶、连翘茶、蒲公英茶、大麦茶",
        specs="100g/袋、50g/盒",
        price=(10, 60),
        shelf="18个月",
        storage=DRY,
        makers=("2730",),
        trade="茶业",
        fail=1.2,
    ),
    "food-15-01": P(
        3,
        "清香型白酒、浓香型白酒、白酒",
        specs="500mL/瓶、450mL/瓶、475mL/瓶",
        unit="瓶",
        price=(20, 300),
        shelf="—",
        makers=("1512",),
        trade="酒业",
        fail=1.0,
    ),
    "food-15-02": P(
        0.7,
        "黄酒、糯米黄酒",
        specs="500mL/瓶、2.5L/坛",
        unit="瓶",
        price=(8, 60),
        shelf="36个月",
        makers=("1512",),
        trade="酒业",
    ),
    "food-15-03": P(
        1.5,
        "啤酒、精酿啤酒",
        specs="500mL/罐、330mL/瓶",
        unit="罐",
        price=(3, 20),
        shelf="12个月",
        trade="酒业",
        fail=0.5,
    ),
    "food-15-04": P(
        1,
        "干红葡萄酒、甜红葡萄酒、干白葡萄酒",
        specs="750mL/瓶",
        unit="瓶",
        price=(30, 300),
        shelf="—",
        trade="葡萄酒",
        fail=0.8,
    ),
    "food-15-05": P(
        1.5,
        "山楂酒、山楂果酒、山楂红酒、桑葚酒",
        specs="500mL/瓶、750mL/瓶",
        unit="瓶",
        price=(20, 120),
        shelf="24个月",
        makers=("1513",),
        trade="酒业",
        fail=1.2,
    ),
    "food-15-06": P(
        0.7,
        "露酒、枸杞酒、竹叶青型配制酒",
        specs="500mL/瓶、475mL/瓶",
        unit="瓶",
        price=(30, 200),
        shelf="—",
        makers=("1512",),
        trade="酒业",
        fail=1.2,
    ),
    "food-15-07": P(
        0.3,
        "白兰地、威士忌",
        specs="700mL/瓶、500mL/瓶",
        unit="瓶",
        price=(60, 400),
        shelf="—",
        trade="葡萄酒",
        fail=0.5,
    ),
    "food-15-08": P(
        0.3,
        "米酒、醪糟",
        specs="500g/罐、900g/盒",
        unit="罐",
        price=(5, 20),
        shelf="12个月",
        trade="食品",
        fail=1.2,
    ),
    "food-16": P(
        2.5,
        "酱腌菜、榨菜、泡菜、萝卜干、干制香菇",
        specs="80g/袋、500g/袋、散装称重",
        price=(2, 40),
        shelf="12个月",
        makers=("1353",),
        trade="食品",
        fail=1.8,
    ),
    "food-17": P(
        2.5,
        "山楂糕、山楂片、果脯、葡萄干、黄梨干",
        specs="200g/袋、400g/盒、散装称重",
        price=(5, 40),
        shelf="12个月",
        makers=("1353",),
        trade="食品",
        fail=1.8,
    ),
    "food-18": P(
        2.5,
        "炒瓜子、炒花生、开心果、核桃仁",
        specs="200g/袋、500g/袋、散装称重",
        price=(8, 60),
        shelf="9个月",
        makers=("1353",),
        trade="食品",
        fail=1.8,
    ),
    "food-19": P(
        1,
        "皮蛋、咸鸭蛋、卤蛋",
        specs="6枚/盒、20枚/盒、散装",
        unit="盒",
        price=(8, 40),
        shelf="30天",
        trade="食品",
        fail=1.0,
    ),
    "food-20-01": P(
        0.5,
        "焙炒咖啡豆、咖啡粉",
        specs="250g/袋、500g/袋",
        price=(40, 200),
        shelf="12个月",
        trade="饮品",
        fail=0.6,
    ),
    "food-20-02": P(
        0.5,
        "可可粉、可可脂",
        specs="200g/袋、500g/袋",
        price=(20, 120),
        shelf="18个月",
        trade="食品",
        fail=0.6,
    ),
    "food-21": P(
        1.5,
        "白砂糖、绵白糖、红糖、冰糖",
        specs="400g/袋、1kg/袋、散装称重",
        price=(4, 20),
        shelf="24个月",
        storage=DRY,
        trade="食品",
        fail=0.8,
    ),
    "food-22": P(
        1,
        "即食海苔、鱿鱼丝、虾皮、咸鱼干",
        specs="50g/袋、100g/袋、散装称重",
        price=(6, 60),
        shelf="12个月",
        trade="水产",
        fail=1.2,
    ),
    "food-23": P(
        2,
        "粉条、粉丝、红薯淀粉、凉皮",
        specs="500g/袋、1kg/袋、散装称重",
        price=(5, 25),
        shelf="18个月",
        makers=("1431",),
        trade="食品",
        fail=1.6,
    ),
    "food-24-01": P(
        2,
        "吐司面包、全麦面包、奶油面包",
        specs="400g/袋、散装称重",
        price=(5, 25),
        shelf="7天",
        makers=("1353",),
        trade="食品",
        fail=1.8,
    ),
    "food-24-02": P(
        1.5,
        "五仁月饼、豆沙月饼、枣泥月饼",
        specs="100g/枚、500g/盒",
        unit="盒",
        price=(10, 80),
        shelf="45天",
        makers=("1353",),
        trade="食品",
        fail=1.5,
    ),
    "food-24-03": P(
        0.8,
        "豆沙粽、蜜枣粽、肉粽",
        specs="200g/袋、500g/袋",
        price=(8, 40),
        shelf="9个月",
        trade="食品",
        fail=1.0,
    ),
    "food-24-04": P(
        4,
        "蛋糕、桃酥、小米糕、蛋黄派、老婆饼",
        specs="散装称重、500g/袋、250g/盒",
        price=(5, 40),
        shelf="30天",
        makers=("1353",),
        trade="食品",
        fail=2.0,
    ),
    "food-25": P(
        3,
        "豆腐、豆腐干、腐竹、素鸡",
        specs="散装称重、250g/袋、400g/盒",
        price=(2, 25),
        shelf="3天",
        storage=COLD,
        makers=("1353",),
        trade="食品",
        fail=1.5,
    ),
    "food-26-01": P(
        1.5,
        "槐花蜂蜜、荆条蜂蜜、百花蜂蜜、枣花蜂蜜",
        specs="500g/瓶、1kg/瓶",
        unit="瓶",
        price=(25, 120),
        shelf="24个月",
        makers=("1353",),
        trade="食品",
        fail=1.3,
    ),
    "food-26-02": P(
        0.3,
        "蜂王浆",
        specs="250g/瓶、500g/瓶",
        unit="瓶",
        price=(60, 300),
        shelf="12个月",
        storage=FROZEN,
        makers=("1353",),
        trade="食品",
    ),
    "food-26-03": P(
        0.3,
        "油菜蜂花粉、荷花粉",
        specs="250g/瓶",
        unit="瓶",
        price=(30, 150),
        shelf="18个月",
        makers=("1353",),
        trade="食品",
    ),
    "food-26-04": P(
        0.3,
        "蜂蜜柚子茶、蜂胶软胶囊",
        specs="500g/瓶、60粒/瓶",
        unit="瓶",
        price=(20, 150),
        shelf="18个月",
        trade="食品",
    ),
    "food-27": P(
        1,
        "维生素C片、钙片、蛋白粉、鱼油软胶囊",
        specs="60片/瓶、100粒/瓶、400g/罐",
        unit="瓶",
        price=(30, 300),
        shelf="24个月",
        trade="保健品",
        fail=0.8,
    ),
    "food-28-01": P(
        1,
        "婴幼儿米粉、婴幼儿营养面条",
        specs="250g/盒、200g/盒",
        unit="盒",
        price=(20, 80),
        shelf="18个月",
        trade="乳业",
        fail=0.3,
    ),
    "food-28-02": P(
        0.5,
        "婴幼儿果泥、婴幼儿肉泥",
        specs="113g/瓶、90g/袋",
        unit="瓶",
        price=(8, 30),
        shelf="18个月",
        trade="食品",
        fail=0.3,
    ),
    "food-28-03": P(
        0.5,
        "孕妇营养素补充剂、儿童营养包",
        specs="30袋/盒、60片/瓶",
        unit="盒",
        price=(40, 200),
        shelf="24个月",
        trade="保健品",
        fail=0.3,
    ),
    "food-29": P(
        0.3,
        "全营养配方食品、蛋白质组件",
        specs="400g/罐、900g/罐",
        unit="罐",
        price=(150, 400),
        shelf="24个月",
        trade="乳业",
        fail=0.2,
    ),
    "food-30": P(
        1,
        "婴儿配方乳粉(0-6月龄)、较大婴儿配方乳粉(6-12月龄)、幼儿配方乳粉(12-36月龄)",
        specs="800g/罐、400g/盒",
        unit="罐",
        price=(120, 400),
        shelf="24个月",
        trade="乳业",
        fail=0.1,
    ),
    "food-31": P(
        8,
        "复用餐饮具、煎炸过程用油、油条、馒头、花卷、卤肉、火锅汤底",
        specs="散装",
        unit="份",
        price=(0, 0),
        shelf="当日",
        sellers="catering",
        packaged=False,
        online=False,
        fail=2.0,
        subsets={
            "复用餐饮具": ("大肠菌群(复用餐饮具)", "阴离子合成洗涤剂(以十二烷基苯磺酸钠计)"),
            "煎炸过程用油": ("酸价(煎炸过程用油)(KOH)", "极性组分"),
            "油条": ("铝的残留量(干样品,以Al计)",),
            "馒头": ("苯甲酸及其钠盐(以苯甲酸计)", "糖精钠(以糖精计)", "甜蜜素(以环己基氨基磺酸计)"),
            "花卷": ("苯甲酸及其钠盐(以苯甲酸计)", "糖精钠(以糖精计)", "甜蜜素(以环己基氨基磺酸计)"),
            "卤肉": ("亚硝酸盐(以亚硝酸钠计)", "胭脂红", "苯甲酸及其钠盐(以苯甲酸计)"),
            "火锅汤底": ("罂粟碱", "吗啡", "可待因"),
        },
    ),
    "food-32": P(
        1,
        "复配膨松剂、复配甜味剂、食品用香精、复配防腐剂",
        specs="1kg/袋、500g/瓶",
        price=(15, 80),
        shelf="24个月",
        trade="食品添加剂",
        fail=0.8,
    ),
    "food-33": P(
        6,
        "猪肉、牛肉、羊肉、鸡肉、猪肝",
        specs="散装称重",
        unit="kg",
        price=(15, 90),
        shelf="—",
        storage=COLD,
        makers=("1351",),
        sellers="farm",
        trade="肉食品",
        packaged=False,
        online=False,
        fail=0.6,
        subsets={
            "猪肉": (*MEAT, ENRO, "磺胺类(总量)", "氯霉素", "五氯酚酸钠(以五氯酚计)", "挥发性盐基氮", PB, CD),
            "牛肉": (*MEAT, ENRO, "氯霉素", "五氯酚酸钠(以五氯酚计)", "挥发性盐基氮", PB),
            "羊肉": (*MEAT, ENRO, "氯霉素", "五氯酚酸钠(以五氯酚计)", "挥发性盐基氮", PB),
            "鸡肉": (
                ENRO,
                "氧氟沙星",
                "磺胺类(总量)",
                "多西环素",
                "氯霉素",
                "五氯酚酸钠(以五氯酚计)",
                "挥发性盐基氮",
                PB,
                CD,
            ),
            "猪肝": (*MEAT, ENRO, "磺胺类(总量)", "多西环素", PB, CD),
        },
    ),
    "food-34": P(
        10,
        "韭菜、芹菜、豇豆、菠菜、普通白菜、番茄、黄瓜、辣椒、豆芽、姜",
        specs="散装称重",
        unit="kg",
        price=(2, 16),
        shelf="—",
        makers=("0141",),
        sellers="farm",
        trade="农产品",
        packaged=False,
        online=False,
        fail=1.3,
        subsets={
            "韭菜": ("腐霉利", "毒死蜱", *VEG, "噻虫胺", CD, PB),
            "芹菜": ("毒死蜱", *VEG, "噻虫胺", "氯氟氰菊酯和高效氯氟氰菊酯", CD, PB),
            "豇豆": ("灭蝇胺", *VEG, "甲胺磷", "阿维菌素", "噻虫胺", PB, CD),
            "菠菜": ("毒死蜱", *VEG, "阿维菌素", CD, PB),
            "普通白菜": ("毒死蜱", *VEG, "氯氟氰菊酯和高效氯氟氰菊酯", "阿维菌素", CD, PB),
            "番茄": ("腐霉利", *VEG, "毒死蜱", PB, CD),
            "黄瓜": ("腐霉利", *VEG, "阿维菌素", PB, CD),
            "辣椒": (*VEG, "毒死蜱", "噻虫胺", CD, PB),
            "豆芽": ("6-苄基腺嘌呤(6-BA)", "4-氯苯氧乙酸钠(以4-氯苯氧乙酸计)", PB),
            "姜": ("噻虫胺", *VEG, PB, CD),
        },
    ),
    "food-35": P(
        3,
        "草鱼、鲤鱼、鲫鱼、鲈鱼、对虾",
        specs="散装称重",
        unit="kg",
        price=(12, 80),
        shelf="—",
        storage=COLD,
        sellers="farm",
        trade="水产",
        packaged=False,
        online=False,
        subsets={
            "草鱼": FISH,
            "鲤鱼": FISH,
            "鲫鱼": FISH,
            "鲈鱼": FISH,
            "对虾": ("氯霉素", "呋喃唑酮代谢物", ENRO, CD, PB, "挥发性盐基氮"),
        },
    ),
    "food-36": P(
        5,
        "苹果、梨、柑橘、葡萄、香蕉、桃、山楂",
        specs="散装称重",
        unit="kg",
        price=(3, 20),
        shelf="—",
        makers=("0151",),
        sellers="farm",
        trade="农产品",
        packaged=False,
        online=False,
        fail=0.8,
        subsets={
            "苹果": (*FRUIT, "毒死蜱", "戊唑醇", CD),
            "梨": (*FRUIT, "毒死蜱", CD),
            "柑橘": (*FRUIT, "丙溴磷", "毒死蜱"),
            "葡萄": (*FRUIT, "戊唑醇", CD),
            "香蕉": FRUIT,
            "桃": (*FRUIT, "毒死蜱", CD),
            "山楂": (*FRUIT, "毒死蜱"),
        },
    ),
    "food-37": P(
        3,
        "鸡蛋、鸭蛋、土鸡蛋",
        specs="散装称重",
        unit="kg",
        price=(8, 25),
        shelf="—",
        sellers="farm",
        trade="农产品",
        packaged=False,
        online=False,
        fail=1.2,
    ),
    "food-38": P(
        1.5,
        "黄豆、绿豆、红小豆、黑豆",
        specs="散装称重、1kg/袋",
        unit="kg",
        price=(6, 20),
        shelf="—",
        storage=DRY,
        sellers="farm",
        trade="农产品",
        packaged=False,
        online=False,
    ),
    "food-39": P(
        1.5,
        "生花生仁、核桃、葵花籽、板栗",
        specs="散装称重、500g/袋",
        unit="kg",
        price=(10, 60),
        shelf="—",
        storage=DRY,
        sellers="farm",
        trade="农产品",
        packaged=False,
        online=False,
    ),
    "prod-rebar": P(
        3,
        "热轧带肋钢筋HRB400E Φ16、热轧带肋钢筋HRB400E Φ20、热轧带肋钢筋HRB500E Φ25",
        specs="Φ16mm×9m、Φ20mm×12m、Φ25mm×12m",
        unit="根",
        price=(150, 400),
        shelf="",
        storage="",
        sellers="building",
        trade="钢铁",
        packaged=False,
        online=False,
        fail=0.5,
    ),
    "prod-cement": P(
        3,
        "P·O 42.5普通硅酸盐水泥、P·C 42.5复合硅酸盐水泥、P·O 52.5普通硅酸盐水泥",
        specs="50kg/袋、散装",
        unit="kg",
        price=(0.35, 0.6),
        shelf="3个月",
        storage="干燥、防潮",
        makers=("3011",),
        sellers="building",
        trade="建材",
        packaged=False,
        online=False,
        fail=0.5,
    ),
    "prod-tiles": P(
        1.5,
        "瓷质抛光砖、釉面砖、仿古砖",
        specs="800mm×800mm、600mm×1200mm、300mm×600mm",
        unit="片",
        price=(15, 120),
        shelf="",
        storage="",
        makers=("3071",),
        sellers="building",
        trade="陶瓷",
        online=False,
    ),
    "prod-sanitary": P(
        1,
        "坐便器、蹲便器、洗面器",
        specs="400mm坑距、标准型",
        unit="件",
        price=(200, 1500),
        shelf="",
        storage="",
        makers=("3071",),
        sellers="building",
        trade="陶瓷",
    ),
    "prod-glass": P(
        1,
        "钢化玻璃、中空钢化玻璃",
        specs="6mm、5+9A+5mm",
        unit="片",
        price=(80, 300),
        shelf="",
        storage="",
        makers=("3312",),
        sellers="building",
        trade="建材",
        packaged=False,
        online=False,
    ),
    "prod-waterproof": P(
        1.5,
        "SBS弹性体改性沥青防水卷材",
        specs="3mm×1m×10m、4mm×1m×10m",
        unit="卷",
        price=(120, 300),
        shelf="12个月",
        storage="",
        makers=("3021",),
        sellers="building",
        trade="建材",
        online=False,
        fail=1.3,
    ),
    "prod-pipes": P(
        1.5,
        "PVC-U给水管、PPR给水管",
        specs="dn25×4m、dn50×4m",
        unit="根",
        price=(15, 80),
        shelf="",
        storage="",
        makers=("3021",),
        sellers="building",
        trade="塑料制品",
        online=False,
    ),
    "prod-castings": P(
        4,
        "球墨铸铁管件、球墨铸铁阀体、灰铸铁井盖、铸铁暖气片、铸铁锅",
        specs="DN100、DN150、D400 Φ700mm、760型",
        unit="件",
        price=(50, 800),
        shelf="",
        storage="",
        makers=("3391", "3392"),
        sellers="building",
        trade="铸造",
        fail=1.0,
        subsets={
            "球墨铸铁管件": DUCTILE,
            "球墨铸铁阀体": DUCTILE,
            "灰铸铁井盖": ("承载能力", "残留变形", "外观质量", "灰铸铁抗拉强度"),
            "铸铁暖气片": ("压力试验", "灰铸铁抗拉强度", "外观质量"),
            "铸铁锅": ("铅迁移量", "砷迁移量", "外观质量"),
        },
    ),
    "prod-ceramics": P(
        3,
        "日用瓷餐具、陶瓷茶具、陶瓷碗、陶瓷盘",
        specs="8英寸、套装、4.5英寸",
        unit="件",
        price=(10, 200),
        shelf="",
        storage="",
        makers=("3071", "3074"),
        sellers="goods",
        trade="陶瓷",
    ),
    "prod-cables": P(
        3,
        "BV 2.5mm²聚氯乙烯绝缘电线、BV 4mm²聚氯乙烯绝缘电线、BVR 2.5mm²聚氯乙烯绝缘软电线",
        specs="100m/卷",
        unit="m",
        price=(2, 6),
        shelf="",
        storage="",
        makers=("3831",),
        sellers="building",
        trade="线缆",
        fail=1.5,
    ),
    "prod-switches": P(
        2,
        "五孔插座、单开单控开关、移动式插座",
        specs="86型、10A 250V、3m线长",
        unit="只",
        price=(5, 60),
        shelf="",
        storage="",
        sellers="goods",
        trade="电器",
        fail=1.5,
    ),
    "prod-kettles": P(
        1.5,
        "电热水壶、养生壶",
        specs="1.7L 1800W、1.5L 800W",
        unit="台",
        price=(40, 200),
        shelf="",
        storage="",
        sellers="appliances",
        trade="电器",
    ),
    "prod-rice-cookers": P(
        1.5,
        "电饭锅、电压力锅",
        specs="4L 700W、5L 900W",
        unit="台",
        price=(80, 400),
        shelf="",
        storage="",
        sellers="appliances",
        trade="电器",
    ),
    "prod-induction": P(
        1,
        "电磁炉",
        specs="2100W、2200W",
        unit="台",
        price=(100, 400),
        shelf="",
        storage="",
        sellers="appliances",
        trade="电器",
    ),
    "prod-gas-stoves": P(
        1.5,
        "嵌入式燃气灶、台式燃气灶",
        specs="天然气 4.2kW、液化石油气 4.0kW",
        unit="台",
        price=(300, 1500),
        shelf="",
        storage="",
        sellers="appliances",
        trade="燃气具",
        fail=1.3,
    ),
    "prod-gas-heaters": P(
        1,
        "燃气快速热水器",
        specs="12L、16L",
        unit="台",
        price=(800, 3000),
        shelf="",
        storage="",
        sellers="appliances",
        trade="燃气具",
        fail=1.2,
    ),
    "prod-ebikes": P(
        3,
        "电动自行车、电动自行车充电器、电动自行车用锂离子蓄电池",
        specs="48V 20Ah、48V 12Ah",
        unit="辆",
        price=(1500, 4000),
        shelf="",
        storage="",
        sellers="goods",
        trade="电动车",
        fail=1.8,
        subsets={
            "电动自行车": (
                "最高设计车速",
                "整车质量(含蓄电池)",
                "蓄电池标称电压",
                "电动机额定连续输出功率",
                "制动性能",
                "防篡改",
                "非金属材料阻燃性能",
            ),
            "电动自行车充电器": ("充电器输出过压保护", "充电器泄漏电流"),
            "电动自行车用锂离子蓄电池": ("蓄电池过充电", "蓄电池外部短路", "蓄电池热失控扩散"),
        },
    ),
    "prod-helmets": P(
        3,
        "电动自行车乘员头盔、摩托车乘员头盔",
        specs="M码、L码、均码",
        unit="顶",
        price=(40, 300),
        shelf="",
        storage="",
        sellers="goods",
        trade="安全用品",
        fail=2.5,
    ),
    "prod-toys": P(
        2,
        "塑料玩具、毛绒玩具、电动玩具车、拼装积木",
        specs="盒装、单只",
        unit="件",
        price=(10, 200),
        shelf="",
        storage="",
        sellers="goods",
        trade="玩具",
        fail=1.5,
    ),
    "prod-children-clothing": P(
        2,
        "儿童T恤、儿童连衣裙、婴幼儿连体衣、儿童卫衣",
        specs="110cm、130cm、73cm",
        unit="件",
        price=(30, 200),
        shelf="",
        storage="",
        sellers="goods",
        trade="服饰",
        fail=1.6,
    ),
    "prod-school": P(
        2,
        "橡皮擦、修正液、塑料文具盒、书包",
        specs="单只、18mL、均码",
        unit="件",
        price=(2, 150),
        shelf="",
        storage="",
        sellers="goods",
        trade="文具",
        fail=1.2,
    ),
    "prod-textiles": P(
        2,
        "真丝围巾、丝绸被面、床上用品四件套、毛巾",
        specs="180cm×55cm、1.8m床、34cm×76cm",
        unit="件",
        price=(20, 800),
        shelf="",
        storage="",
        makers=("1761",),
        sellers="goods",
        trade="服饰",
        fail=1.3,
    ),
    "prod-food-plastics": P(
        2,
        "塑料保鲜盒、一次性塑料餐盒、塑料水杯、聚乙烯保鲜膜",
        specs="1000mL、750mL、30cm×20m",
        unit="件",
        price=(1, 60),
        shelf="",
        storage="",
        sellers="goods",
        trade="塑料制品",
        fail=1.0,
    ),
    "prod-paper-cups": P(
        1.5,
        "一次性纸杯、纸碗",
        specs="250mL×50只、500mL×20只",
        unit="包",
        price=(5, 20),
        shelf="",
        storage="",
        sellers="goods",
        trade="塑料制品",
        fail=0.8,
    ),
    "prod-fertilisers": P(
        2.5,
        "复合肥料(15-15-15)、复合肥料(17-17-17)、掺混肥料(18-18-9)",
        specs="40kg/袋、50kg/袋",
        price=(120, 220),
        shelf="",
        storage="干燥、通风",
        sellers="farm_inputs",
        trade="化肥",
        fail=1.3,
        online=False,
    ),
    "prod-coal": P(
        3,
        "民用无烟块煤、无烟型煤、兰炭",
        specs="散装、25kg/袋",
        unit="kg",
        price=(0.8, 1.6),
        shelf="",
        storage="",
        sellers="goods",
        trade="煤业",
        packaged=False,
        online=False,
        fail=1.2,
    ),
    "prod-lubricants": P(
        1.5,
        "柴油机油CI-4 15W-40、汽油机油SN 5W-30",
        specs="4L/桶、18L/桶",
        unit="桶",
        price=(80, 500),
        shelf="60个月",
        storage="",
        sellers="goods",
        trade="润滑油",
        fail=1.2,
    ),
    "prod-fire": P(
        2,
        "手提式干粉灭火器、消防水带、消防应急照明灯具",
        specs="MFZ/ABC4、DN65×20m、3W",
        unit="具",
        price=(40, 300),
        shelf="",
        storage="",
        sellers="goods",
        trade="消防",
        fail=1.8,
        subsets={
            "手提式干粉灭火器": (
                "有效喷射时间",
                "喷射滞后时间",
                "喷射剩余率",
                "灭火剂主要组分含量(磷酸二氢铵)",
                "灭火器标志",
            ),
            "消防水带": ("消防水带爆破压力", "消防水带延伸率"),
            "消防应急照明灯具": ("应急工作时间", "应急转换时间"),
        },
    ),
    "prod-optomechatronics": P(
        1.5,
        "LED平板灯、LED球泡灯、LED筒灯",
        specs="36W、9W、12W",
        unit="只",
        price=(8, 120),
        shelf="",
        storage="",
        sellers="goods",
        trade="照明",
        fail=1.3,
    ),
}

#: Seller roles → industry classes of the demo register (GB/T 4754).
SELLERS = {
    "food": ("5212", "5211", "5221"),
    "farm": ("5221", "5212", "5211"),
    "catering": ("6210", "6220"),
    "goods": ("5211", "5212"),
    "appliances": ("5271", "5211"),
    "building": ("3021", "5211"),
    "farm_inputs": ("5221", "5211"),
}
PLATFORMS = ("淘宝", "京东", "拼多多", "抖音电商", "美团优选", "快手电商")

#: Regions of producers outside Jincheng: (region code, short name, address prefix).
REGIONS = {
    "140100": ("太原", "山西省太原市小店区"),
    "140300": ("阳泉", "山西省阳泉市郊区"),
    "140400": ("长治", "山西省长治市潞州区"),
    "140700": ("晋中", "山西省晋中市清徐县"),
    "140800": ("运城", "山西省运城市盐湖区"),
    "141000": ("临汾", "山西省临汾市尧都区"),
    "141100": ("吕梁", "山西省吕梁市汾阳市"),
    "410100": ("郑州", "河南省郑州市管城回族区"),
    "410700": ("新乡", "河南省新乡市红旗区"),
    "370100": ("济南", "山东省济南市历城区"),
    "370600": ("烟台", "山东省烟台市福山区"),
    "371300": ("临沂", "山东省临沂市兰山区"),
    "130100": ("石家庄", "河北省石家庄市栾城区"),
    "130600": ("保定", "河北省保定市莲池区"),
    "150100": ("呼和浩特", "内蒙古自治区呼和浩特市赛罕区"),
    "610100": ("西安", "陕西省西安市未央区"),
    "510100": ("成都", "四川省成都市郫都区"),
    "500112": ("重庆", "重庆市渝北区"),
    "230100": ("哈尔滨", "黑龙江省哈尔滨市道里区"),
    "220100": ("长春", "吉林省长春市绿园区"),
    "320500": ("苏州", "江苏省苏州市吴中区"),
    "330200": ("宁波", "浙江省宁波市鄞州区"),
    "331000": ("台州", "浙江省台州市黄岩区"),
    "440300": ("深圳", "广东省深圳市宝安区"),
    "440500": ("汕头", "广东省汕头市澄海区"),
    "440600": ("佛山", "广东省佛山市顺德区"),
    "120100": ("天津", "天津市静海区"),
    "110105": ("北京", "北京市朝阳区"),
    "650100": ("乌鲁木齐", "新疆维吾尔自治区乌鲁木齐市米东区"),
    "350200": ("厦门", "福建省厦门市同安区"),
}
#: Trade → (word in the name, regions its producers come from).
TRADES: dict[str, tuple[str, tuple[str, ...]]] = {
    "粮油": ("粮油", ("410100", "410700", "230100", "220100", "370100", "140700")),
    "调味品": ("调味品", ("140100", "370100", "410100", "610100")),
    "醋业": ("醋业", ("140700", "140100", "320500")),
    "川味调料": ("食品", ("510100", "500112")),
    "盐业": ("盐业", ("140800", "370100", "120100")),
    "食品": ("食品", ("410100", "370100", "130100", "140100", "610100", "350200", "140400")),
    "肉食品": ("肉食品", ("410100", "370100", "130100", "150100", "140700")),
    "乳业": ("乳业", ("150100", "130100", "130600", "140100", "120100")),
    "饮品": ("饮品", ("140400", "410100", "370100", "120100", "330200", "440300")),
    "速冻食品": ("食品", ("410100", "370100", "350200")),
    "水产": ("水产", ("370600", "350200", "320500")),
    "茶业": ("茶业", ("350200", "330200", "510100", "610100")),
    "酒业": ("酒业", ("141100", "140800", "510100", "410100")),
    "葡萄酒": ("酒业", ("370600", "650100", "130100")),
    "保健品": ("生物科技", ("440300", "320500", "370100")),
    "食品添加剂": ("食品配料", ("410100", "370100", "320500")),
    "农产品": ("农产品", ("410100", "370100", "130100", "610100", "140800", "650100")),
    "钢铁": ("钢铁", ("141000", "140400", "140100", "130100")),
    "建材": ("建材", ("140100", "141000", "410100", "130100")),
    "陶瓷": ("陶瓷", ("440600", "370100", "350200")),
    "塑料制品": ("塑料制品", ("330200", "440600", "370100", "140100")),
    "铸造": ("铸造", ("130100", "140400", "370100")),
    "线缆": ("线缆", ("130100", "140100", "410100", "320500")),
    "电器": ("电器", ("440600", "440300", "330200", "320500")),
    "燃气具": ("燃气具", ("440600", "330200")),
    "电动车": ("电动车", ("120100", "320500", "331000", "410100")),
    "安全用品": ("安全用品", ("331000", "330200", "440300")),
    "玩具": ("玩具", ("440500", "330200", "320500")),
    "服饰": ("服饰", ("330200", "320500", "350200", "130600")),
    "文具": ("文具", ("330200", "440500", "320500")),
    "化肥": ("化肥", ("140400", "410700", "371300", "130100")),
    "煤业": ("煤业", ("140400", "140300", "140100", "141000")),
    "润滑油": ("石油化工", ("120100", "370100", "610100")),
    "消防": ("消防器材", ("130100", "320500", "330200")),
    "照明": ("照明", ("440600", "330200", "320500")),
}
TRADE_A = "鑫盛恒泰华宏嘉润金源康达瑞丰永兴福满佳禾东方祥和天成宝隆"
TRADE_B = "盛源达丰通泰华兴旺昌隆发晟宇科辉诚利恒运锦瑞明远安顺"
BRANDS_A = "太行晋泽丹河珏山凤台沁河析城王莽岭长平"
BRANDS_B = "金福康源香满园禾丰泰和嘉美乐惠佳鲜"
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎潘杜戴夏钟田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟段牛申常原"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国红梅志文斌海波晨宇浩然晓东鹏飞亮俊"
STREETS = ("经开区东路", "工业园区一路", "产业大道", "科技路", "建设北路", "发展大道", "兴业路", "创业路")

# --- labs -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LabSpec:
    name: str
    short: str
    code: str
    authority: str
    region: str
    valid_until: dt.date
    address: str
    categories: tuple[str, ...]
    lacks: tuple[str, ...] = ()
    is_active: bool = True


FOOD_ALL = tuple(f"food-{n:02d}" for n in range(1, 40))
PROCESSED = tuple(f"food-{n:02d}" for n in range(1, 33))
FARM = tuple(f"food-{n:02d}" for n in range(33, 40))
MYCOTOXINS = ("玉米赤霉烯酮", "脱氧雪腐镰刀菌烯醇", "赭曲霉毒素A", "展青霉素")
VET_DRUGS = (*MEAT, "孔雀石绿", "呋喃唑酮代谢物", "地西泮", "五氯酚酸钠(以五氯酚计)")

LABS: list[LabSpec] = [
    LabSpec(
        MAIN_LAB,
        "市综检中心",
        "JCZJ",
        "1",
        "140500",
        dt.date(2029, 8, 15),
        "晋城市城区凤台东街1618号",
        (
            *(c for c in FOOD_ALL if c not in ("food-29", "food-30")),
            "prod-building",
            "prod-castings",
            "prod-ceramics",
            "prod-electrical",
            "prod-coal",
            "prod-fertilisers",
            "prod-food-contact",
            "prod-lubricants",
        ),
        lacks=("N-二甲基亚硝胺", "西布曲明", "蓄电池热失控扩散"),
    ),
    LabSpec(
        "山西省食品质量安全监督检验研究院",
        "省食检院",
        "SXSJ",
        "1",
        "140100",
        dt.date(2028, 5, 31),
        "山西省太原市小店区长治路426号",
        FOOD_ALL,
    ),
    LabSpec(
        "泽州县食品药品检验所",
        "泽州县食药检所",
        "ZZSY",
        "1",
        "140525",
        dt.date(2027, 11, 30),
        "晋城市泽州县南村镇迎宾街88号",
        (
            "food-01",
            "food-02",
            "food-03",
            "food-04",
            "food-08",
            "food-15",
            "food-16",
            "food-17",
            "food-18",
            "food-19",
            "food-22",
            "food-23",
            "food-24",
            "food-25",
            "food-26",
            "food-31",
            *FARM,
        ),
        lacks=(*MYCOTOXINS, *VET_DRUGS, "N-二甲基亚硝胺", "3-氯-1,2-丙二醇", "苯并[a]芘"),
    ),
    LabSpec(
        "山西省产品质量监督检验研究院",
        "省产品质检院",
        "SXCZ",
        "1",
        "140100",
        dt.date(2028, 12, 31),
        "山西省太原市万柏林区漪汾街68号",
        ("prod",),
    ),
    LabSpec(
        "晋城市产品质量监督检验所",
        "市产品质检所",
        "JCCZ",
        "1",
        "140500",
        dt.date(2028, 3, 31),
        "晋城市城区西环路1299号",
        (
            "prod-building",
            "prod-castings",
            "prod-cables",
            "prod-coal",
            "prod-fertilisers",
            "prod-lubricants",
            "prod-fire",
            "prod-ebikes",
            "prod-helmets",
        ),
        lacks=("蓄电池热失控扩散", "非金属材料阻燃性能", "放射性核素限量"),
    ),
    LabSpec(
        "高平市农产品质量安全检测站",
        "高平农检站",
        "GPNJ",
        "1",
        "140581",
        dt.date(2027, 3, 31),
        "晋城市高平市米山镇神农路16号",
        FARM,
        lacks=(
            "甲基汞(以Hg计)",
            "五氯酚酸钠(以五氯酚计)",
            "地西泮",
            "6-苄基腺嘌呤(6-BA)",
            "4-氯苯氧乙酸钠(以4-氯苯氧乙酸计)",
        ),
    ),
    LabSpec(
        "阳城县综合检验检测中心",
        "阳城县综检中心",
        "YCZJ",
        "1",
        "140522",
        dt.date(2026, 6, 30),
        "晋城市阳城县凤城镇东关街120号",
        (*(c for c in PROCESSED if c not in ("food-27", "food-28", "food-29", "food-30")), "prod-ceramics"),
        lacks=("苯并[a]芘", "3-氯-1,2-丙二醇", "单核细胞增生李斯特氏菌", "N-二甲基亚硝胺"),
    ),
    LabSpec(
        "山西晋检检测技术有限公司",
        "晋检检测",
        "JJJC",
        "9",
        "140502",
        dt.date(2027, 11, 30),
        "晋城市城区北石店镇兰花路2288号",
        (
            *FOOD_ALL,
            "prod-children",
            "prod-textiles",
            "prod-food-contact",
            "prod-appliances",
            "prod-electrical",
            "prod-helmets",
            "prod-optomechatronics",
        ),
        lacks=("呋喃唑酮代谢物", "西地那非", "西布曲明"),
    ),
]

# --- plans ------------------------------------------------------------------------------------

#: County bureau by county code: (department code, plan prefix, document prefix).
COUNTY_BUREAUS = {
    "140502": ("samr-cq", "CQ", "城区市监"),
    "140521": ("samr-qs", "QS", "沁市监"),
    "140522": ("samr-yc", "YC", "阳市监"),
    "140524": ("samr-lc", "LC", "陵市监"),
    "140525": ("samr-zz", "ZZ", "泽市监"),
    "140581": ("samr-gp", "GP", "高市监"),
}
CITY_BUREAU = ("samr-jc", "JC", "晋市监")
#: A county's own product categories (its industries) besides the consumer goods every
#: county checks.
COUNTY_PRODUCTS = {
    "140502": ("prod-building", "prod-fire", "prod-optomechatronics"),
    "140521": ("prod-coal", "prod-fertilisers"),
    "140522": ("prod-ceramics", "prod-coal"),
    "140524": ("prod-fertilisers", "prod-coal"),
    "140525": ("prod-castings", "prod-building"),
    "140581": ("prod-textiles", "prod-castings"),
}
CONSUMER_GOODS = (
    "prod-children",
    "prod-food-contact",
    "prod-helmets",
    "prod-ebikes",
    "prod-appliances",
    "prod-electrical",
    "prod-textiles",
)
PROVINCIAL_PRODUCTS = (
    "prod-rebar",
    "prod-cement",
    "prod-cables",
    "prod-ebikes",
    "prod-helmets",
    "prod-fertilisers",
    "prod-coal",
    "prod-gas-stoves",
    "prod-children-clothing",
)
PROVINCIAL_FOOD = tuple(f"food-{n:02d}" for n in (1, 2, 3, 4, 5, 6, 15, 24, 26, 27, 28, 30, 31))
PROVINCIAL_RISK = tuple(f"food-{n:02d}" for n in (1, 2, 3, 5, 6, 24, 31, 33, 34, 36))
COUNTY_FOOD = tuple(c for c in PROCESSED if c not in ("food-27", "food-28", "food-29", "food-30"))

#: Sampling streams: (share of samples, programme, purpose, base failure rate).
STREAMS = {
    "product": (0.20, Programme.PRODUCT, Purpose.SUPERVISION, 0.075),
    "food": (0.52, Programme.FOOD, Purpose.SUPERVISION, 0.024),
    "farm": (0.18, Programme.FOOD, Purpose.SUPERVISION, 0.017),
    "risk": (0.10, Programme.FOOD, Purpose.RISK_MONITORING, 0.035),
}
LEVEL_WEIGHTS = {Level.PROVINCIAL: 1.5, Level.CITY: 3.5, Level.COUNTY: 5.0}
#: Sampling by month (no sampling in January and February, little in December).
MONTHS = {3: 0.7, 4: 1.0, 5: 1.1, 6: 1.1, 7: 1.0, 8: 0.9, 9: 1.1, 10: 0.9, 11: 1.2, 12: 0.7}
YEARS = {2024: 0.92, 2025: 1.0, 2026: 1.06}


@dataclass(frozen=True)
class PlanSpec:
    key: str
    stream: str
    level: str
    organiser: str
    prefix: str
    name: str
    categories: tuple[str, ...]
    counties: tuple[str, ...]
    labs: tuple[str, ...]
    start: tuple[int, int] = (3, 1)
    end: tuple[int, int] = (12, 20)
    is_targeted: bool = False
    note: str = ""
    weight: float = 0.0


def plan_specs(year: int, counties: dict[str, str]) -> list[PlanSpec]:
    """The year's plans; `counties` maps county code → name."""
    every = tuple(counties)
    prod_top = (
        "prod-building",
        "prod-castings",
        "prod-ceramics",
        "prod-electrical",
        "prod-appliances",
        "prod-ebikes",
        "prod-helmets",
        "prod-children",
        "prod-textiles",
        "prod-food-contact",
        "prod-fertilisers",
        "prod-coal",
        "prod-lubricants",
        "prod-fire",
        "prod-optomechatronics",
    )
    lab = {spec.code: spec.name for spec in LABS}
    county_lab = {"140525": "ZZSY", "140522": "YCZJ", "140581": "GPNJ"}
    specs = [
        PlanSpec(
            "SX-CP",
            "product",
            Level.PROVINCIAL,
            "samr-jc",
            "SX",
            f"{year}年山西省产品质量省级监督抽查（晋城市承担任务）",
            PROVINCIAL_PRODUCTS,
            every,
            (lab["SXCZ"], lab["JCCZ"]),
            (3, 15),
            (11, 30),
        ),
        PlanSpec(
            "JC-CP",
            "product",
            Level.CITY,
            "samr-jc",
            "JC",
            f"{year}年晋城市产品质量市级监督抽查",
            prod_top,
            every,
            (lab["JCZJ"], lab["JCCZ"], lab["SXCZ"], lab["JJJC"]),
        ),
        PlanSpec(
            "SX-SP",
            "food",
            Level.PROVINCIAL,
            "samr-jc",
            "SX",
            f"{year}年山西省食品安全省级监督抽检（晋城市承担任务）",
            PROVINCIAL_FOOD,
            every,
            (lab["SXSJ"], lab["JCZJ"]),
            (3, 15),
            (11, 30),
        ),
        PlanSpec(
            "JC-SP",
            "food",
            Level.CITY,
            "samr-jc",
            "JC",
            f"{year}年晋城市食品安全监督抽检",
            PROCESSED,
            every,
            (lab["JCZJ"], lab["SXSJ"], lab["JJJC"], lab["ZZSY"], lab["YCZJ"]),
        ),
        PlanSpec(
            "JC-NCP",
            "farm",
            Level.CITY,
            "samr-jc",
            "JC",
            f"{year}年晋城市食用农产品监督抽检",
            FARM,
            every,
            (lab["JCZJ"], lab["SXSJ"], lab["GPNJ"], lab["ZZSY"]),
        ),
        PlanSpec(
            "SX-FX",
            "risk",
            Level.PROVINCIAL,
            "samr-jc",
            "SX",
            f"{year}年山西省食品安全风险监测（晋城监测点）",
            PROVINCIAL_RISK,
            every,
            (lab["SXSJ"],),
            (4, 1),
            (11, 30),
        ),
        PlanSpec(
            "JC-FX",
            "risk",
            Level.CITY,
            "samr-jc",
            "JC",
            f"{year}年晋城市食品安全风险监测",
            FOOD_ALL,
            every,
            (lab["SXSJ"], lab["JCZJ"]),
            (4, 1),
            (11, 30),
        ),
    ]
    for code, name in counties.items():
        department, prefix, _doc = COUNTY_BUREAUS.get(code, ("samr-jc", "JC", "晋市监"))
        own = tuple(lab[c] for c in (county_lab.get(code),) if c)
        specs += [
            PlanSpec(
                f"{prefix}-CP",
                "product",
                Level.COUNTY,
                department,
                prefix,
                f"{year}年{name}产品质量监督抽查",
                tuple(dict.fromkeys((*CONSUMER_GOODS, *COUNTY_PRODUCTS.get(code, ())))),
                (code,),
                (lab["JCZJ"], lab["JCCZ"], lab["JJJC"], *(o for o in own if o == lab["YCZJ"])),
            ),
            PlanSpec(
                f"{prefix}-SP",
                "food",
                Level.COUNTY,
                department,
                prefix,
                f"{year}年{name}食品安全监督抽检",
                COUNTY_FOOD,
                (code,),
                (lab["JCZJ"], lab["JJJC"], *(o for o in own if o != lab["GPNJ"])),
            ),
            PlanSpec(
                f"{prefix}-NCP",
                "farm",
                Level.COUNTY,
                department,
                prefix,
                f"{year}年{name}食用农产品监督抽检",
                FARM,
                (code,),
                (lab["JCZJ"], lab["JJJC"], *(o for o in own if o != lab["YCZJ"])),
            ),
        ]
    if year == 2026:
        specs.append(
            PlanSpec(
                "JC-DX",
                "product",
                Level.CITY,
                "samr-jc",
                "JC",
                "2026年晋城市铸件产品质量定向监督抽查",
                ("prod-castings",),
                every,
                (lab["JCCZ"], lab["JCZJ"]),
                (6, 1),
                (12, 20),
                True,
                "依据2025年铸件产品抽查不合格批次集中于少数生产者的风险信号，定向抽查相关生产企业。",
                2.0,
            )
        )
    return specs


# --- the generator ------------------------------------------------------------------------------


def _next_id(model: Any) -> int:
    return (model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1


@dataclass
class Lab:
    pk: int
    name: str
    code: str
    uscc: str
    valid_until: dt.date
    categories: set[int]
    items: set[int]


@dataclass
class Item:
    pk: int
    category: int
    name: str
    kind: str
    low: Decimal | None
    high: Decimal | None
    unit: str
    weight: float
    limit_text: str


@dataclass
class Plan:
    pk: int
    spec: PlanSpec
    year: int
    start: dt.date
    end: dt.date
    categories: set[int]
    counties: set[int]
    labs: list[Lab]
    number: str
    count: int = 0


@dataclass(frozen=True)
class Unit:
    """A registry entity as the demo uses it."""

    pk: int
    county: int
    name: str
    address: str
    uscc: str
    local: bool = True


@dataclass
class Force:
    """A sample written for a given scenario (so every state exists at every scale)."""

    category: str
    sampled_on: dt.date
    fail: bool = True
    failing: tuple[str, ...] = ()
    objection: str = ""
    submitted_on: dt.date | None = None
    retest_lab: str = ""
    chain: int | None = None
    recall: bool = False
    penalty: bool = False
    notice_received: bool | None = None
    unit: Unit | None = None
    producer: Unit | None = None
    level: str = ""
    lab: str = ""
    report_days: int = 12
    published: bool | None = None
    #: "delivery" or "report": the sample waits (overdue) for delivery or for its report
    stuck: str = ""


class Clock:
    """Deadlines of the rule book, counted on the working-day calendar (None past its years)."""

    KEYS = (
        "food-sample-delivery",
        "food-lab-report",
        "product-retest-window",
        "food-retest-window",
        "product-objection-acceptance",
        "spotcheck-retest-lab-assignment",
        "spotcheck-disposal-period",
        "spotcheck-correction-period",
        "spotcheck-publication-delay",
    )

    def __init__(self, today: dt.date) -> None:
        from qualitycity.core.services import calendar, rule

        self.calendar = calendar()
        self.rules = {}
        for key in self.KEYS:
            found = rule(key, today)
            self.rules[key] = (int(found.value), found.unit)

    def add(self, day: dt.date | None, n: int) -> dt.date | None:
        if day is None:
            return None
        try:
            return day if n == 0 else self.calendar.add_workdays(day, n)
        except CalendarNotAvailable:
            return None

    def back(self, day: dt.date, n: int) -> dt.date:
        while n > 0:
            day -= dt.timedelta(days=1)
            if self.calendar.is_workday(day):
                n -= 1
        return day

    def due(self, key: str, start: dt.date | None) -> dt.date | None:
        if start is None:
            return None
        days, unit = self.rules[key]
        try:
            if unit == "working_days":
                return self.calendar.add_workdays(start, days)
            return self.calendar.add_calendar_days(start, days)
        except CalendarNotAvailable:
            return None

    def days(self, key: str) -> int:
        return self.rules[key][0]


def _fmt(x: float) -> str:
    a = abs(x)
    if a >= 100:
        text = f"{x:.0f}"
    elif a >= 10:
        text = f"{x:.1f}"
    elif a >= 1:
        text = f"{x:.2f}"
    elif a >= 0.1:
        text = f"{x:.3f}"
    elif a >= 0.01:
        text = f"{x:.4f}"
    else:
        text = f"{x:.5f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
MICRO_UNITS = ("cfu/g", "cfu/ml", "mpn/g")
TRACE_UNITS = ("mg/kg", "μg/kg", "g/kg", "mg/l", "μg/l", "g/l")


def _count(n: int) -> tuple[str, Decimal]:
    """A colony count as a lab prints it: 230, 4.5×10³."""
    if n < 1000:
        return str(n), Decimal(n)
    exponent = len(str(n)) - 1
    mantissa = round(n / 10**exponent, 1)
    if mantissa >= 10:
        mantissa, exponent = 1.0, exponent + 1
    text = f"{mantissa:g}×10{str(exponent).translate(SUPERSCRIPT)}"
    return text, Decimal(str(mantissa)) * (Decimal(10) ** exponent)


def result_value(rng: random.Random, item: Item, passed: bool) -> tuple[str, Decimal | None]:
    """A reported value for the item that passes or fails its limit (as `verdicts.judge` would
    judge it)."""
    kind, unit = item.kind, item.unit.lower()
    if kind == LimitKind.QUALITATIVE:
        return ("符合" if passed else "不符合"), None
    if kind == LimitKind.NOT_DETECTED:
        if passed:
            return "未检出", None
        if not unit or unit.startswith("/"):
            return "检出", None
        top = {"g/kg": 0.6, "mg/kg": 2.0, "μg/kg": 30.0}.get(unit, 0.1)
        text = _fmt(rng.uniform(top / 60, top))
        return text, Decimal(text)
    low = float(item.low) if item.low is not None else None
    high = float(item.high) if item.high is not None else None
    if kind in (LimitKind.MAX, LimitKind.BELOW):
        assert high is not None
        if unit in MICRO_UNITS:
            if passed:
                if high <= 20 or rng.random() < 0.4:
                    return "<10", None
                return _count(rng.randint(10, max(10, int(high * 0.5))))
            return _count(rng.randint(int(high * 1.2) + 1, int(high * 8) + 2))
        if high <= 0:
            x = high - rng.uniform(1, 12) if passed else high + rng.uniform(1, 8)
        elif passed:
            if unit in TRACE_UNITS:
                roll = rng.random()
                if roll < 0.45:
                    return "未检出", None
                if roll < 0.6:
                    return f"<{_fmt(high / 10)}", None
                x = high * rng.uniform(0.03, 0.7)
            else:
                x = high * rng.uniform(0.4, 0.96)
        else:
            x = high * (rng.uniform(1.15, 4.0) if unit in TRACE_UNITS else rng.uniform(1.04, 1.4))
    elif kind in (LimitKind.MIN, LimitKind.ABOVE):
        assert low is not None
        if passed:
            if unit in ("%", "g/100g") and 50 < low < 100:
                x = low + (100 - low) * rng.uniform(0.1, 0.9)
            else:
                x = low + max(abs(low), 1) * rng.uniform(0.04, 0.4)
        else:
            x = (
                low - max(abs(low), 1) * rng.uniform(0.04, 0.3)
                if low < 50 or unit not in ("%", "g/100g")
                else low - rng.uniform(0.2, 3)
            )
    else:
        assert low is not None
        assert high is not None
        width = high - low
        if passed:
            x = rng.uniform(low + 0.1 * width, high - 0.1 * width)
        elif rng.random() < 0.5:
            x = low - width * rng.uniform(0.06, 0.3)
        else:
            x = high + width * rng.uniform(0.06, 0.3)
    text = _fmt(x)
    return text, Decimal(text)


def _gtin(rng: random.Random) -> str:
    body = "69" + "".join(str(rng.randint(0, 9)) for _ in range(10))
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return body + str((10 - total % 10) % 10)


#: The demo enterprise's industry → the category its products or goods are sampled in.
ENTERPRISE_CATEGORY = {
    "1431": "food-01-03",
    "1351": "food-04-02",
    "1512": "food-15-01",
    "1513": "food-15-05",
    "1353": "food-17",
    "2730": "food-14-02",
    "0141": "food-34",
    "0151": "food-36",
    "3391": "prod-castings",
    "3392": "prod-castings",
    "3071": "prod-ceramics",
    "3074": "prod-ceramics",
    "3011": "prod-cement",
    "3021": "prod-waterproof",
    "3831": "prod-cables",
    "3312": "prod-glass",
    "1761": "prod-textiles",
    "5211": "food-08",
    "5212": "food-08",
    "5221": "food-01-01",
    "6210": "food-31",
    "6220": "food-31",
    "5271": "prod-kettles",
}

STEP_NOTES: dict[str, Callable[[bool | None], str]] = {
    DisposalStepKind.ORDER_CORRECTION: lambda _p: (
        "责令停止生产销售不合格批次产品，查明不合格原因，限期整改并提交整改报告。"
    ),
    DisposalStepKind.RECHECK: lambda p: (
        "现场复查，整改措施已落实，复查合格。" if p else "现场复查，整改措施未落实到位，复查不合格。"
    ),
    DisposalStepKind.PUBLIC_NOTICE: lambda _p: "在市场监管局门户网站公告不合格产品及生产者名单。",
    DisposalStepKind.SUSPENSION: lambda _p: "责令停业整顿，整顿期间不得生产销售同类产品。",
    DisposalStepKind.LICENCE_REVOCATION: lambda _p: "整顿后复查仍不合格，提请登记机关吊销营业执照。",
    DisposalStepKind.SHELF_REMOVAL: lambda _p: "不合格批次产品已全部下架、封存，暂停销售。",
    DisposalStepKind.RECALL: lambda _p: "生产者启动召回，召回情况已报送市场监管部门。",
    DisposalStepKind.PENALTY: lambda _p: "没收违法所得，并依法处以罚款。",
}


SAMPLE_COLUMNS = [
    "id",
    "number",
    "plan_id",
    "programme",
    "purpose",
    "level",
    "category_id",
    "category_group",
    "county_id",
    "link_type",
    "place",
    "online_platform",
    "sampled_unit_id",
    "producer_id",
    "labelled_producer",
    "labelled_producer_address",
    "product_name",
    "brand",
    "specification",
    "batch_number",
    "production_date",
    "shelf_life",
    "gtin",
    "trace_code",
    "quantity",
    "backup_quantity",
    "quantity_unit",
    "unit_price",
    "amount_paid",
    "storage_condition",
    "seal_number",
    "samplers",
    "unit_signed",
    "refusal_note",
    "sampled_at",
    "sampled_on",
    "institution_id",
    "delivery_due",
    "delivered_on",
    "report_due",
    "reported_on",
    "status",
    "conclusion",
    "failed_items",
    "published_at",
]


class Demo:
    """Writes the spot-check demo: reference rows through the ORM, the rest in bulk."""

    def __init__(self, ctx: DemoContext, today: dt.date) -> None:
        from qualitycity.credit.models import CreditEvent
        from qualitycity.spotchecks.models import Disposal, Objection

        self.ctx, self.rng, self.today = ctx, ctx.rng, today
        self.clock = Clock(today)
        self.tz = timezone.get_current_timezone()
        self.event_details = CreditEvent._meta.get_field("details")
        self.lot_field = Disposal._meta.get_field("lot")
        self.draw_field = Objection._meta.get_field("retest_draw")
        self.tally: Counter[str] = Counter()
        self.serious: set[int] = set()
        self.stream_counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        self.higher: dict[tuple[int, int], tuple[int, dt.date]] = {}
        self.serials: Counter[Any] = Counter()

    # --- reference data -----------------------------------------------------------------------

    def standards(self) -> dict[str, int]:
        from qualitycity.nqi.models import Standard

        existing = dict(Standard.objects.values_list("number", "pk"))
        for number, title, kind, mandatory in STANDARDS:
            if number in existing:
                continue
            series = number.rsplit("-", 1)[0] if number[-5:-4] == "-" and number[-4:].isdigit() else number
            obj = Standard.objects.create(
                number=number,
                series=series,
                title=title,
                kind=kind,
                is_mandatory=mandatory,
                is_confirmed=False,
                note=DEMO_NOTE,
                sources="demo",
            )
            existing[number] = obj.pk
        return existing

    def items(self, categories: dict[str, int], standards: dict[str, int]) -> dict[int, list[Item]]:
        from qualitycity.spotchecks.models import TestItem
        from qualitycity.spotchecks.verdicts import limit_text

        have = {(c, n) for c, n in TestItem.objects.values_list("category_id", "name")}
        new = []
        for spec in ITEMS:
            method_standard = None if spec.method.startswith("text:") else standards.get(spec.method)
            method = spec.method[5:] if spec.method.startswith("text:") else spec.method
            for code in spec.codes:
                category = categories.get(code)
                if category is None or (category, spec.name) in have:
                    continue
                have.add((category, spec.name))
                new.append(
                    TestItem(
                        category_id=category,
                        name=spec.name,
                        method=method,
                        method_standard_id=method_standard,
                        limit_standard_id=standards.get(spec.limit_standard) if spec.limit_standard else None,
                        limit_kind=spec.kind,
                        limit_min=spec.low,
                        limit_max=spec.high,
                        requirement=spec.requirement,
                        unit=spec.unit,
                    )
                )
        TestItem.objects.bulk_create(new, batch_size=1000)
        weights = {(code, spec.name): spec.weight for spec in ITEMS for code in spec.codes}
        code_of = {pk: code for code, pk in categories.items()}
        by_category: dict[int, list[Item]] = defaultdict(list)
        for t in TestItem.objects.filter(is_active=True).order_by("pk"):
            if not t.has_limit:
                continue
            by_category[t.category_id].append(
                Item(
                    t.pk,
                    t.category_id,
                    t.name,
                    t.limit_kind,
                    t.limit_min,
                    t.limit_max,
                    t.unit,
                    weights.get((code_of.get(t.category_id, ""), t.name), 1.0),
                    limit_text(t.limit_kind, t.limit_min, t.limit_max, t.unit, t.requirement),
                )
            )
        return by_category

    def make_labs(
        self, categories: dict[str, int], descendants: dict[int, set[int]], items: dict[int, list[Item]]
    ) -> dict[str, Lab]:
        from qualitycity.core.uscc import generate
        from qualitycity.spotchecks.models import TestingInstitution

        rng = self.rng
        out = {}
        for n, spec in enumerate(LABS):
            uscc = generate(spec.authority, "2" if spec.authority == "1" else "1", spec.region, 880_001 + n)
            lab, created = TestingInstitution.objects.get_or_create(
                name=spec.name,
                defaults={
                    "short_name": spec.short,
                    "uscc": uscc,
                    "cma_number": f"{rng.randint(16, 23)}04{rng.randint(10, 99)}{rng.randint(100000, 999999)}",
                    "cma_valid_until": spec.valid_until,
                    "address": spec.address,
                    "contact_name": rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN),
                    "contact_phone": f"0356-{rng.randint(2000000, 8999999)}"
                    if spec.region.startswith("1405")
                    else f"0351-{rng.randint(2000000, 8999999)}",
                    "is_active": spec.is_active,
                },
            )
            cats = {categories[c] for c in spec.categories if c in categories}
            covered = set().union(*(descendants[c] for c in cats)) if cats else set()
            lab_items = {i.pk for c in covered for i in items.get(c, []) if i.name not in spec.lacks}
            if created:
                lab.categories.set(cats)
                lab.test_items.set(lab_items)
            else:
                cats = set(lab.categories.values_list("pk", flat=True))
                lab_items = set(lab.test_items.values_list("pk", flat=True))
            out[spec.code] = Lab(lab.pk, lab.name, spec.code, lab.uscc, lab.cma_valid_until, cats, lab_items)
        return out

    # --- who is sampled -----------------------------------------------------------------------

    def load_pools(self) -> None:
        from qualitycity.credit.risk import ACTIVE_STATUSES
        from qualitycity.registry.models import Entity

        cap = {"tiny": 10_000, "city": 4_000, "province": 8_000}.get(self.ctx.scale, 4_000)
        codes = sorted(
            {m for p in PRODUCTS.values() for m in p.makers}
            | {s for group in SELLERS.values() for s in group}
        )
        self.pools: dict[str, list[Unit]] = {}
        for code in codes:
            rows = (
                Entity.objects.filter(industry__code=code, registration_status__in=ACTIVE_STATUSES)
                .order_by("pk")
                .values_list("pk", "county_id", "name", "address", "uscc")[:cap]
            )
            self.pools[code] = [Unit(*row) for row in rows]

    def external_producers(self) -> None:
        """Producers outside the city, recorded as not in the register (as `record_sample`
        records a producer it does not know), a pool per trade."""
        from qualitycity.core.models import Division
        from qualitycity.core.uscc import generate
        from qualitycity.registry.choices import EntityType, RegistrationStatus
        from qualitycity.registry.models import Entity
        from qualitycity.registry.search import entity_search_key

        rng = self.rng
        per_trade = {"tiny": 3, "city": 30, "province": 80}.get(self.ctx.scale, 30)
        divisions = dict(Division.objects.values_list("code", "pk"))
        inserter = BulkInserter(
            Entity,
            [
                "id",
                "uscc",
                "name",
                "entity_type",
                "registration_status",
                "address",
                "county_id",
                "search_key",
            ],
        )
        next_id = _next_id(Entity)
        candidates: list[tuple[str, str, str, int, str]] = []  # trade, uscc, name, division, address
        names: set[str] = set()
        serial = 3_100_000
        for trade, (word, regions) in TRADES.items():
            for _n in range(per_trade):
                region = rng.choice(regions)
                short, prefix = REGIONS[region]
                name = ""
                while not name or name in names:
                    name = f"{short}{rng.choice(TRADE_A)}{rng.choice(TRADE_B)}{word}有限公司"
                names.add(name)
                serial += 1
                division = (
                    divisions.get(region)
                    or divisions.get(region[:4] + "00")
                    or divisions.get(region[:2] + "0000")
                )
                if division is not None:
                    address = f"{prefix}{rng.choice(STREETS)}{rng.randint(1, 999)}号"
                    candidates.append((trade, generate("9", "1", region, serial), name, division, address))
        # a producer already on record (an earlier load, or recorded from a sample) is reused
        existing: dict[str, Unit] = {}
        codes = [c[1] for c in candidates]
        for i in range(0, len(codes), 500):
            for pk, county, name, address, uscc in Entity.objects.filter(
                uscc__in=codes[i : i + 500]
            ).values_list("pk", "county_id", "name", "address", "uscc"):
                existing[uscc] = Unit(pk, county, name, address, uscc, local=False)
        self.external: dict[str, list[Unit]] = {trade: [] for trade in TRADES}
        for trade, uscc, name, division, address in candidates:
            unit = existing.get(uscc)
            if unit is None:
                inserter.add(
                    (
                        next_id,
                        uscc,
                        name,
                        EntityType.ENTERPRISE.value,
                        RegistrationStatus.UNREGISTERED.value,
                        address,
                        division,
                        entity_search_key(name),
                    )
                )
                unit = Unit(next_id, division, name, address, uscc, local=False)
                next_id += 1
            self.external[trade].append(unit)
        inserter.flush()
        self.tally["external producers"] = inserter.count

    def pick(self, codes: tuple[str, ...], county: int | None = None) -> Unit | None:
        """An entity of the first industry with entities (a little more often the first)."""
        rng = self.rng
        found = [c for c in codes if self.pools.get(c)]
        if not found:
            return None
        code = rng.choices(found, [3, 2, 1, 1][: len(found)])[0]
        pool = self.pools[code]
        if county is not None:
            local = [u for u in pool if u.county == county]
            if local:
                return rng.choice(local)
        return rng.choice(pool)

    def parties(self, code: str, spec: ProductSpec, stream: str) -> tuple[Unit | None, Unit | None, str]:
        rng = self.rng
        if spec.sellers == "catering":
            unit = self.pick(SELLERS["catering"])
            return unit, unit, LinkType.CATERING
        makers = tuple(m for m in spec.makers if self.pools.get(m))
        production = {"product": 0.45, "farm": 0.15}.get(stream, 0.2)
        if makers and rng.random() < production:
            maker = self.pick(makers)
            return maker, maker, LinkType.PRODUCTION
        seller = self.pick(SELLERS[spec.sellers])
        if seller is None:
            if not makers:
                return None, None, ""
            maker = self.pick(makers)
            return maker, maker, LinkType.PRODUCTION
        online = 0.1 if stream == "product" else 0.06
        link = LinkType.ONLINE if spec.online and rng.random() < online else LinkType.DISTRIBUTION
        roll = rng.random()
        if code in self.farm_codes and roll < 0.45:
            return seller, None, link
        if makers and roll < (0.7 if code in self.farm_codes else 0.35):
            return seller, self.pick(makers), link
        external = self.external.get(spec.trade) or self.external["食品"]
        return seller, rng.choice(external), link

    def choose_plan(
        self, stream: str, cat: int, county: int, day: dt.date, producer: Unit | None, force: Force | None
    ) -> Plan | None:
        ancestors = self.ancestors[cat]
        plans = [
            p
            for p in self.plans[(stream, day.year)]
            if p.start <= day <= p.end and county in p.counties and any(a in p.categories for a in ancestors)
        ]
        if force is not None and force.level:
            plans = [p for p in plans if p.spec.level == force.level] or plans
        if stream == "product" and producer is not None:
            higher = self.higher.get((producer.pk, cat))
            if higher is not None and 0 <= (day - higher[1]).days <= 183:
                plans = [p for p in plans if LEVEL_RANK[Level(p.spec.level)] >= higher[0]]
        if not plans:
            return None
        return self.rng.choices(plans, [p.spec.weight or LEVEL_WEIGHTS[Level(p.spec.level)] for p in plans])[
            0
        ]

    def choose_lab(
        self, plan: Plan, cat: int, day: dt.date, county_code: str, force: Force | None
    ) -> Lab | None:
        ancestors = self.ancestors[cat]
        labs = [
            lab for lab in plan.labs if lab.valid_until >= day and any(a in lab.categories for a in ancestors)
        ]
        if force is not None and force.lab:
            labs = [lab for lab in labs if lab.code == force.lab] or labs
        if not labs:
            return None
        own = {"140525": "ZZSY", "140522": "YCZJ", "140581": "GPNJ"}.get(county_code)
        weights = [
            4.0
            if lab.code == own
            else 3.0
            if lab.code == "JCZJ"
            else 2.0
            if lab.code.startswith("SX")
            else 1.5
            for lab in labs
        ]
        return self.rng.choices(labs, weights)[0]

    def retest_candidates(self, first: Lab, cat: int, failed: set[int], on: dt.date) -> list[Lab]:
        ancestors = self.ancestors[cat]
        return sorted(
            (
                lab
                for lab in self.labs.values()
                if lab.pk != first.pk
                and lab.valid_until >= on
                and any(a in lab.categories for a in ancestors)
                and failed <= lab.items
            ),
            key=lambda lab: lab.uscc,
        )

    # --- one sample ---------------------------------------------------------------------------

    def serial(self, key: Any) -> int:
        self.serials[key] += 1
        return self.serials[key]

    def moment(self, day: dt.date, start: int = 9, end: int = 17) -> Any:
        minute = self.rng.randint(start * 60, end * 60 - 30)
        stamp = dt.datetime.combine(day, dt.time(minute // 60, minute % 60), tzinfo=self.tz)
        return connection.ops.adapt_datetimefield_value(stamp)

    def fail_probability(self, stream: str, spec: ProductSpec) -> float:
        base = STREAMS[stream][3]
        total, failed = self.stream_counts[stream]
        deficit = base * (total + 1) - failed
        return min(0.9, max(0.0, base * spec.fail / self.mean_fail[stream] + 0.25 * (deficit - base)))

    def sample(self, day: dt.date, stream: str, force: Force | None = None) -> bool:
        rng, clock, today = self.rng, self.clock, self.today
        _share, programme, purpose, _base = STREAMS[stream]
        if force is not None:
            code = force.category
        else:
            code = rng.choices(self.leaf_codes[stream], self.leaf_weights[stream])[0]
        cat = self.cat_pk[code]
        spec = PRODUCTS[code]
        product = rng.choice(spec.names)
        unit: Unit | None
        producer: Unit | None
        link: str
        if force is not None and force.unit is not None:
            unit, producer = force.unit, force.producer
            link = (
                LinkType.PRODUCTION
                if producer is not None and producer.pk == unit.pk
                else LinkType.DISTRIBUTION
            )
            if spec.sellers == "catering":
                link = LinkType.CATERING
        else:
            unit, producer, link = self.parties(code, spec, stream)
        if unit is None:
            return False
        county_code = self.county_code.get(unit.county, "")
        plan = self.choose_plan(stream, cat, unit.county, day, producer, force)
        if plan is None:
            return False
        lab = self.choose_lab(plan, cat, day, county_code, force)
        if lab is None:
            return False
        items = [i for i in self.applicable[cat] if i.pk in lab.items]
        subset = spec.subsets.get(product)
        if subset:
            items = [i for i in items if i.name in subset]
        if not items:
            return False
        # --- the clocks
        delivery_due = clock.due("food-sample-delivery", day)
        delivered = clock.add(day, 1 if force else rng.choices((0, 1, 2, 3, 4), (10, 50, 25, 10, 5))[0])
        if force is None and delivery_due and delivered and rng.random() < 0.015:
            delivered = clock.add(delivery_due, rng.randint(1, 3))
        report_due = clock.due("food-lab-report", delivered)
        reported = clock.add(delivered, force.report_days if force else rng.randint(6, 19))
        if force is None and report_due and reported and rng.random() < 0.03:
            reported = clock.add(report_due, rng.randint(1, 8))
        if force is None and delivered is not None and delivered <= today:
            age = (today - day).days
            if 10 <= age <= 60 and rng.random() < self.stuck_delivery:
                delivered = None
            elif 45 <= age <= 120 and rng.random() < self.stuck_report:
                reported = None

        if force is not None and force.stuck == "delivery":
            delivered = None
        elif force is not None and force.stuck == "report":
            reported = None
        if delivered is None or delivered > today:
            status, delivered, report_due, reported = SampleStatus.SAMPLED, None, None, None
        elif reported is None or reported > today:
            status, reported = SampleStatus.DELIVERED, None
        else:
            status = SampleStatus.REPORTED
        # --- the verdict
        if status != SampleStatus.REPORTED:
            failed = False
        elif force is not None:
            failed = force.fail
        else:
            failed = rng.random() < self.fail_probability(stream, spec)
        if status == SampleStatus.REPORTED:
            counts = self.stream_counts[stream]
            counts[0] += 1
            counts[1] += failed
        sample_id = self.ids["sample"]
        self.ids["sample"] += 1
        plan.count += 1
        year = day.year
        prefix = (
            "CC" if programme == Programme.PRODUCT else "FX" if purpose == Purpose.RISK_MONITORING else "DC"
        )
        number = f"{prefix}{year % 100:02d}{county_code}{self.serial((prefix, year, county_code)):05d}"
        # --- the lot
        if spec.sellers == "catering":
            produced, batch = day, ""
        elif code in self.farm_codes:
            produced, batch = day - dt.timedelta(days=rng.randint(0, 2)), ""
        elif programme == Programme.PRODUCT:
            produced = day - dt.timedelta(days=rng.randint(10, 300))
            batch = f"{produced:%y%m}{rng.randint(1, 99):02d}"
        else:
            short = "天" in spec.shelf or spec.storage == COLD
            produced = day - dt.timedelta(days=rng.randint(0, 6) if short else rng.randint(3, 150))
            batch = f"{produced:%Y%m%d}{rng.choice(('', '', 'A', 'B', '-1', '-2'))}"
        local_brand = producer is not None and producer.local
        brand = ""
        if spec.packaged or programme == Programme.PRODUCT:
            brand = rng.choice(BRANDS_A) + rng.choice(BRANDS_A if local_brand else BRANDS_B)
        gtin = _gtin(rng) if spec.packaged and rng.random() < 0.85 else ""
        trace = ""
        if code in ("food-30", "food-15-01") or (code == "food-33" and rng.random() < 0.4):
            trace = "".join(str(rng.randint(0, 9)) for _ in range(20))
        specification = rng.choice(spec.specs)
        if spec.unit in ("kg", "m"):
            quantity = Decimal(rng.choice(("2", "2.5", "3", "5", "10", "12")))
        elif spec.sellers == "catering":
            quantity = Decimal(rng.randint(1, 3))
        else:
            quantity = Decimal(
                rng.choice((1, 2, 2, 3, 4)) if programme == Programme.PRODUCT else rng.choice((2, 3, 4, 6, 8))
            )
        backup = (quantity / 2).quantize(Decimal("0.001"))
        price = amount = None
        if spec.price[1] > 0:
            price = Decimal(str(round(rng.uniform(*spec.price), 2)))
            amount = (price * (quantity + backup)).quantize(Decimal("0.01"))
        lot = {
            "product_name": product,
            "brand": brand,
            "specification": specification,
            "batch_number": batch,
            "production_date": produced.isoformat(),
            "gtin": gtin,
            "trace_code": trace,
            "producer": producer.uscc if producer else "",
            "producer_name": producer.name if producer else "",
        }
        # --- the report and its results
        conclusion: str = Conclusion.PENDING
        failed_text = ""
        failing: list[Item] = []
        if status == SampleStatus.REPORTED:
            assert reported is not None
            if failed:
                failing = self.failing_items(items, force)
            _report_id, failed_text = self.report(
                sample_id, lab, reported, items, failing, programme, retest=False
            )
            conclusion = Conclusion.UNQUALIFIED if failed else Conclusion.QUALIFIED
        published = None
        if purpose == Purpose.SUPERVISION and reported is not None:
            due = clock.due("spotcheck-publication-delay", reported)
            publish = (
                force.published if force is not None and force.published is not None else rng.random() < 0.94
            )
            if due is not None and publish and (today - reported).days >= 21:
                day_published = min(clock.add(due, rng.randint(0, 6)) or due, today)
                published = self.moment(day_published, 10, 17)
        # --- a failed result: notices, objection, disposal
        final_conclusion, final_text = conclusion, failed_text
        if failed and reported is not None:
            final_conclusion, final_text = self.failure(
                sample_id,
                number,
                programme,
                purpose,
                cat,
                product,
                unit,
                producer,
                lab,
                reported,
                failing,
                lot,
                failed_text,
                force,
            )
        # --- the sample
        county_samplers = self.samplers[unit.county]
        signed = force is not None or rng.random() > 0.01
        if link == LinkType.PRODUCTION:
            place = f"{unit.name}成品库（{unit.address}）"
        elif link == LinkType.CATERING:
            place = f"{unit.name}后厨（{unit.address}）"
        elif link == LinkType.ONLINE:
            place = f"{unit.name}网店（{unit.address}）"
        else:
            place = f"{unit.name}（{unit.address}）"
        self.samples.add(
            (
                sample_id,
                number,
                plan.pk,
                str(programme),
                str(purpose),
                str(plan.spec.level),
                cat,
                self.cat_group[cat],
                unit.county,
                str(link),
                place[:300],
                rng.choice(PLATFORMS) if link == LinkType.ONLINE else "",
                unit.pk,
                producer.pk if producer else None,
                producer.name if producer else "",
                producer.address[:300] if producer else "",
                product,
                brand,
                specification,
                batch,
                produced,
                spec.shelf,
                gtin,
                trace,
                quantity,
                backup,
                spec.unit,
                price,
                amount,
                spec.storage,
                f"FT{year % 100:02d}{sample_id:08d}",
                "\n".join(rng.sample(county_samplers, 2)),
                signed,
                "" if signed else "被抽样单位负责人拒绝签字，已由两名抽样人员和见证人签字确认并拍照留存。",
                self.moment(day),
                day,
                lab.pk,
                delivery_due,
                delivered,
                report_due,
                reported,
                str(status),
                str(final_conclusion),
                final_text,
                published,
            )
        )
        if reported is not None:
            self.archive(
                sample_id,
                number,
                programme,
                purpose,
                product,
                batch,
                final_conclusion,
                final_text,
                reported,
                unit,
                producer,
                plan,
                lot,
                published,
            )
        if (
            programme == Programme.PRODUCT
            and producer is not None
            and plan.spec.level in (Level.PROVINCIAL, Level.CITY)
        ):
            self.higher[(producer.pk, cat)] = (LEVEL_RANK[Level(plan.spec.level)], day)
        self.tally[f"status {status}"] += 1
        return True

    def failing_items(self, items: list[Item], force: Force | None) -> list[Item]:
        rng = self.rng
        if force is not None and force.failing:
            chosen = [i for i in items if i.name in force.failing]
            if chosen:
                return chosen
        k = min(len(items), rng.choices((1, 2, 3), (80, 17, 3))[0])
        pool = list(items)
        chosen = []
        for _n in range(k):
            item = rng.choices(pool, [i.weight for i in pool])[0]
            chosen.append(item)
            pool.remove(item)
        return chosen

    def report(
        self,
        sample_id: int,
        lab: Lab,
        issued: dt.date,
        items: list[Item],
        failing: list[Item],
        programme: str,
        *,
        retest: bool,
    ) -> tuple[int, str]:
        """A lab report with one result per item; returns its id and the failed-items text."""
        rng = self.rng
        report_id = self.ids["report"]
        self.ids["report"] += 1
        failed_ids = {i.pk for i in failing}
        parts = []
        for item in items:
            passed = item.pk not in failed_ids
            text, value = result_value(rng, item, passed)
            self.results.add(
                (
                    report_id,
                    item.pk,
                    text,
                    value,
                    item.unit,
                    str(Verdict.PASS) if passed else str(Verdict.FAIL),
                )
            )
            if not passed:
                unit = f" {item.unit}" if item.unit and value is not None else ""
                parts.append(
                    _("{item} {value}{unit} (limit {limit})").format(
                        item=item.name, value=text, unit=unit, limit=item.limit_text
                    )
                )
        failed_text = "；".join(parts)[:500]
        kind = "FJ" if retest else ("P" if programme == Programme.PRODUCT else "F")
        number = f"{lab.code}{issued.year}{kind}{self.serial((lab.code, issued.year, kind)):06d}"
        conclusion = Conclusion.UNQUALIFIED if failed_ids else Conclusion.QUALIFIED
        self.reports.add(
            (report_id, sample_id, lab.pk, number, issued, retest, str(conclusion), failed_text, "")
        )
        self.last_report_number = number
        return report_id, failed_text

    def archive(
        self,
        sample_id: int,
        number: str,
        programme: str,
        purpose: str,
        product: str,
        batch: str,
        conclusion: str,
        failed_text: str,
        reported: dt.date,
        unit: Unit,
        producer: Unit | None,
        plan: Plan,
        lot: dict[str, str],
        published: Any,
    ) -> None:
        """The sample's conclusion in the archive of its producer and of a seller that is not
        the producer, as `testing.archive_sample` records it."""
        failed = conclusion == Conclusion.UNQUALIFIED
        summary = _("{programme} {number}: {product} {batch} — {conclusion}").format(
            programme=Programme(programme).label,
            number=number,
            product=product,
            batch=batch or "",
            conclusion=str(Conclusion(conclusion).label),
        )
        if failed and failed_text:
            summary = f"{summary}（{failed_text}）"
        details = {
            "sample": number,
            "plan": plan.number,
            "conclusion": str(conclusion),
            "failed_items": failed_text,
            "purpose": str(purpose),
            "lot": lot,
        }
        parties = []
        if producer is not None:
            parties.append((producer, "producer"))
        if producer is None or unit.pk != producer.pk:
            parties.append((unit, "sampled_unit"))
        for entity, role in parties:
            if not failed:
                severity = "info"
            elif role == "producer" and purpose == Purpose.SUPERVISION:
                severity = "serious"
                self.serious.add(entity.pk)
            else:
                severity = "minor"
            self.events.add(
                (
                    entity.pk,
                    "spot_check_result",
                    reported,
                    severity,
                    summary[:300],
                    "spotchecks",
                    "spotchecks.sample",
                    str(sample_id),
                    failed and published is not None,
                    self.event_details.get_db_prep_save({**details, "role": role}, connection),
                )
            )

    # --- a failed result ----------------------------------------------------------------------

    def failure(
        self,
        sample_id: int,
        number: str,
        programme: str,
        purpose: str,
        cat: int,
        product: str,
        unit: Unit,
        producer: Unit | None,
        lab: Lab,
        reported: dt.date,
        failing: list[Item],
        lot: dict[str, str],
        first_text: str,
        force: Force | None,
    ) -> tuple[str, str]:
        """Notices, an objection (some), the disposal case and its steps; returns the final
        conclusion and failed-items text (a re-test replaces them)."""
        rng, clock, today = self.rng, self.clock, self.today
        window = "product-retest-window" if programme == Programme.PRODUCT else "food-retest-window"
        parties = [(Party.SAMPLED_UNIT, unit)]
        if producer is not None and producer.pk != unit.pk:
            parties.append((Party.PRODUCER, producer))
        notices = []
        for party, entity in parties:
            notice_id = self.ids["notice"]
            self.ids["notice"] += 1
            if force is not None and force.notice_received is not None:
                received = clock.add(reported, 1) if force.notice_received else None
            else:
                odds = 0.97 if (today - reported).days > 12 else 0.5
                received = reported + dt.timedelta(days=rng.randint(1, 6)) if rng.random() < odds else None
            if received is not None and received > today:
                received = None
            method = rng.choices(ServiceMethod.values, (30, 30, 25, 15))[0] if received else ""
            due = clock.due(window, received)
            self.notices.add((notice_id, sample_id, str(party), entity.pk, reported, received, method, due))
            notices.append((notice_id, party, entity, received, due))
        self.tally["notices"] += len(notices)
        # --- objection
        final, final_text = Conclusion.UNQUALIFIED, ""
        objection_end: dt.date | None = None
        open_objection = overturned = False
        retest_number = ""
        received_notices = [n for n in notices if n[3] is not None]
        scenario = ""
        if purpose == Purpose.SUPERVISION and received_notices:
            if force is not None:
                scenario = force.objection
            elif rng.random() < 0.1:
                scenario = "natural"
        failed_ids = {i.pk for i in failing}
        if scenario:
            notice_id, _party, entity, received, due = received_notices[-1]
            assert received is not None
            submitted: dt.date | None
            if force is not None and force.submitted_on is not None:
                submitted = force.submitted_on
            else:
                submitted = clock.add(received, rng.randint(1, 4))
                if submitted is not None and due is not None and submitted > due:
                    submitted = due
            if submitted is not None and submitted <= today and submitted >= received:
                outcome = self.objection(
                    sample_id, notice_id, programme, cat, lab, failing, failed_ids, submitted, scenario, force
                )
                state, objection_end, retest = outcome
                open_objection = state in ("submitted", "retest_assigned")
                if retest is not None:
                    _retest_id, retest_text, retest_number, passed = retest
                    if passed:
                        final, overturned = Conclusion.QUALIFIED, True
                    else:
                        final_text = retest_text
        # --- disposal
        self.disposal(
            sample_id,
            number,
            programme,
            purpose,
            product,
            unit,
            producer,
            reported,
            lot,
            open_objection,
            overturned,
            objection_end,
            retest_number,
            force,
        )
        if final == Conclusion.UNQUALIFIED and not final_text:
            final_text = first_text
        return final, (final_text if final == Conclusion.UNQUALIFIED else "")

    def objection(
        self,
        sample_id: int,
        notice_id: int,
        programme: str,
        cat: int,
        lab: Lab,
        failing: list[Item],
        failed_ids: set[int],
        submitted: dt.date,
        scenario: str,
        force: Force | None,
    ) -> tuple[str, dt.date | None, tuple[int, str, str, bool] | None]:
        """One objection in the state the scenario (or chance) gives; returns the state, the
        day it ended and the re-test (report id, failed text, number, passed)."""
        rng, clock, today = self.rng, self.clock, self.today
        objection_id = self.ids["objection"]
        self.ids["objection"] += 1
        acceptance = (
            "product-objection-acceptance"
            if programme == Programme.PRODUCT
            else "spotcheck-retest-lab-assignment"
        )
        decision_due = clock.due(acceptance, submitted)
        microbial = any(i.unit.lower() in MICRO_UNITS or "菌" in i.name for i in failing)
        names = "、".join(i.name for i in failing)
        reason = rng.choice(
            (
                f"对{names}的检验结果有异议，申请复检。",
                "本企业该批次产品出厂检验合格，对检验结论有异议，申请复检。",
                "样品运输、贮存条件可能影响检验结果，对检验结论有异议，申请复检。",
            )
        )
        if scenario == "natural":
            if submitted > clock.back(today, 3):
                scenario = "submitted"
            elif programme == Programme.FOOD and microbial and rng.random() < 0.8:
                scenario = "rejected"
            else:
                roll = rng.random()
                scenario = (
                    "rejected"
                    if roll < 0.15
                    else "withdrawn"
                    if roll < 0.25
                    else "overturned"
                    if roll < 0.45
                    else "upheld"
                )
        status, decided, note, retest_lab, draw, retest, outcome = (
            ObjectionStatus.SUBMITTED,
            None,
            "",
            None,
            {},
            None,
            "",
        )
        ended: dt.date | None = None
        if scenario == "withdrawn":
            status = ObjectionStatus.WITHDRAWN
            ended = min(clock.add(submitted, rng.randint(1, 3)) or submitted, today)
        elif scenario == "rejected":
            status = ObjectionStatus.REJECTED
            decided = min(clock.add(submitted, rng.randint(1, 3)) or submitted, today)
            ended = decided
            if programme == Programme.FOOD and microbial:
                note = "不合格项目为微生物指标，依照《食品安全抽样检验管理办法》的规定不予复检。"
            else:
                note = rng.choice(
                    (
                        "复检备份样品已超过保质期，不具备复检条件。",
                        "申请人未提交复检所需的书面材料，经告知补正后逾期仍未提交。",
                        "所述理由不属于复检范围，维持原检验结论。",
                    )
                )
        elif scenario in ("retest_assigned", "upheld", "overturned"):
            decided = min(clock.add(submitted, rng.randint(1, 3)) or submitted, today)
            if force is not None and force.objection == "retest_assigned":
                decided = submitted
            candidates = self.retest_candidates(lab, cat, failed_ids, decided)
            if not candidates:
                status, ended = ObjectionStatus.REJECTED, decided
                note = "经核查，无其他具备相应资质的检验机构可承担复检，维持原检验结论。"
            else:
                note = "符合复检条件，予以受理。"
                if programme == Programme.FOOD:
                    wanted = (
                        self.labs.get(force.retest_lab) if force is not None and force.retest_lab else None
                    )
                    for _ in range(200):
                        seed = f"{rng.getrandbits(256):064x}"
                        chosen = min(
                            candidates, key=lambda c: hashlib.sha256(f"{seed}:{c.uscc}".encode()).hexdigest()
                        )
                        if wanted is None or wanted not in candidates or chosen.pk == wanted.pk:
                            break
                    draw = {
                        "seed": seed,
                        "candidates": [c.uscc for c in candidates],
                        "picked": chosen.uscc,
                        "method": RETEST_DRAW_METHOD,
                    }
                else:
                    chosen = rng.choice(candidates)
                retest_lab = chosen
                status = ObjectionStatus.RETEST_ASSIGNED
                issued = clock.add(decided, rng.randint(5, 15))
                if scenario != "retest_assigned" and issued is not None and issued <= today:
                    passed = scenario == "overturned"
                    report_id, text = self.report(
                        sample_id, chosen, issued, failing, [] if passed else failing, programme, retest=True
                    )
                    retest = (report_id, text, self.last_report_number, passed)
                    status = ObjectionStatus.DECIDED
                    outcome = ObjectionOutcome.OVERTURNED if passed else ObjectionOutcome.UPHELD
                    ended = issued
        self.objections.add(
            (
                objection_id,
                sample_id,
                notice_id,
                submitted,
                reason,
                str(status),
                decision_due,
                decided,
                note,
                retest_lab.pk if retest_lab else None,
                self.draw_field.get_db_prep_save(draw, connection),
                retest[0] if retest else None,
                str(outcome),
            )
        )
        for item in failing:
            self.contested.add((objection_id, item.pk))
        label = f"objection {status}" + (f" {outcome}" if outcome else "")
        self.tally[label] += 1
        state = {
            ObjectionStatus.SUBMITTED: "submitted",
            ObjectionStatus.RETEST_ASSIGNED: "retest_assigned",
        }.get(status, "closed")
        return state, ended, retest

    # --- disposal -------------------------------------------------------------------------------

    def document(self, department: str, kind: str, year: int) -> str:
        words: dict[str, str] = {
            DisposalStepKind.ORDER_CORRECTION: "责改",
            DisposalStepKind.PENALTY: "罚",
            DisposalStepKind.PUBLIC_NOTICE: "公告",
            DisposalStepKind.SUSPENSION: "责停",
            DisposalStepKind.LICENCE_REVOCATION: "吊",
        }
        word = words.get(kind)
        if word is None:
            return ""
        return f"{department}{word}〔{year}〕{self.serial((department, word, year))}号"

    def steps_for(
        self,
        programme: str,
        purpose: str,
        start: dt.date,
        unit: Unit,
        producer: Unit | None,
        force: Force | None,
    ) -> tuple[list[tuple[str, dt.date, dt.date | None, bool | None]], dt.date]:
        """The steps of a case from `start` (kind, date, deadline, recheck passed) and the day it
        would close, before cutting at today."""
        rng, clock = self.rng, self.clock
        K = DisposalStepKind
        steps: list[tuple[str, dt.date, dt.date | None, bool | None]] = []

        def after(day: dt.date, lo: int, hi: int) -> dt.date:
            return day + dt.timedelta(days=rng.randint(lo, hi))

        def order(day: dt.date) -> dt.date:
            deadline = clock.due("spotcheck-correction-period", day) or day + dt.timedelta(days=30)
            steps.append((K.ORDER_CORRECTION, day, deadline, None))
            return deadline

        if programme == Programme.FOOD:
            t = start
            if unit is not producer and (producer is None or unit.pk != producer.pk):
                t = after(start, 0, 2)
                steps.append((K.SHELF_REMOVAL, t, None, None))
            recall = (
                force.recall
                if force is not None and force.recall
                else (producer is not None and producer.local and rng.random() < 0.3)
            )
            if recall and purpose == Purpose.SUPERVISION:
                steps.append((K.RECALL, after(start, 2, 8), None, None))
            first = after(start, 2, 6)
            deadline = order(first)
            recheck = after(deadline, 0, 6)
            passed = rng.random() < 0.93
            steps.append((K.RECHECK, recheck, None, passed))
            if not passed:
                deadline = order(after(recheck, 1, 3))
                recheck = after(deadline, 0, 5)
                steps.append((K.RECHECK, recheck, None, True))
            penalty = force.penalty if force is not None and force.penalty else rng.random() < 0.45
            if penalty and purpose == Purpose.SUPERVISION:
                steps.append((K.PENALTY, after(first, 20, 70), None, None))
        else:
            fails = (
                force.chain
                if force is not None and force.chain is not None
                else rng.choices((0, 1, 2, 3), (80, 13, 5, 2))[0]
            )
            first = after(start, 3, 10)
            deadline = order(first)
            recheck = after(deadline, 1, 7)
            steps.append((K.RECHECK, recheck, None, fails < 1))
            for n, kind in enumerate((K.PUBLIC_NOTICE, K.SUSPENSION), start=1):
                if fails < n:
                    break
                measure = after(recheck, 2, 7)
                steps.append((kind, measure, None, None))
                recheck = after(measure, 30, 50)
                steps.append((K.RECHECK, recheck, None, fails < n + 1))
            if fails >= 3:
                steps.append((K.LICENCE_REVOCATION, after(recheck, 5, 15), None, None))
            if (force is not None and force.penalty) or rng.random() < 0.4:
                steps.append((K.PENALTY, after(first, 15, 60), None, None))
            if (force is not None and force.recall) or rng.random() < 0.04:
                steps.append((K.RECALL, after(first, 5, 20), None, None))
        steps.sort(key=lambda s: s[1])
        return steps, after(steps[-1][1], 1, 7)

    def disposal(
        self,
        sample_id: int,
        number: str,
        programme: str,
        purpose: str,
        product: str,
        unit: Unit,
        producer: Unit | None,
        opened: dt.date,
        lot: dict[str, str],
        open_objection: bool,
        overturned: bool,
        objection_end: dt.date | None,
        retest_number: str,
        force: Force | None,
    ) -> None:
        """The case of a failed sample (核查处置): assigned as `testing.open_disposal` assigns
        it, with its steps up to today and its closure."""
        rng, today = self.rng, self.today
        K = DisposalStepKind
        if producer is not None and producer.local:
            county, entity = producer.county, producer
        else:
            county, entity = unit.county, unit
        department = self.departments.get(county)
        doc_prefix = COUNTY_BUREAUS.get(self.county_code.get(county, ""), CITY_BUREAU)[2]
        disposal_id = self.ids["disposal"]
        self.ids["disposal"] += 1
        case = f"CZ-{opened.year}-{self.serial(('CZ', opened.year)):05d}"
        steps: list[tuple[str, dt.date, dt.date | None, bool | None]] = []
        closed: dt.date | None = None
        measures = ""
        seller = producer is None or unit.pk != producer.pk
        if overturned or open_objection:
            if programme == Programme.FOOD and seller:
                steps.append((K.SHELF_REMOVAL, opened + dt.timedelta(days=rng.randint(0, 2)), None, None))
            if overturned and objection_end is not None:
                closed = objection_end
                measures = _("The re-test (report {number}) found the sample qualified.").format(
                    number=retest_number
                )
        else:
            start = max(opened, objection_end) if objection_end is not None else opened
            planned, close_on = self.steps_for(programme, purpose, start, unit, producer, force)
            steps = [s for s in planned if s[1] <= today]
            if len(steps) == len(planned) and close_on <= today:
                closed = close_on
                measures = self.measures(steps, doc_prefix)
        steps = [s for s in steps if s[1] <= today]
        status = DisposalStatus.CLOSED if closed is not None else DisposalStatus.OPEN
        due = self.clock.due("spotcheck-disposal-period", opened)
        self.disposals.add(
            (
                disposal_id,
                case,
                sample_id,
                entity.pk,
                county,
                department,
                opened,
                due,
                str(status),
                self.lot_field.get_db_prep_save(lot, connection),
                measures,
                closed,
            )
        )
        self.tally[f"disposal {status}"] += 1
        for kind, done, deadline, passed in steps:
            step_id = self.ids["step"]
            self.ids["step"] += 1
            document = self.document(doc_prefix, kind, done.year)
            self.steps.add(
                (step_id, disposal_id, str(kind), done, deadline, passed, document, STEP_NOTES[kind](passed))
            )
            self.tally[f"step {kind}"] += 1
            self.archive_step(step_id, kind, done, passed, document, entity, case, number, product, lot)

    def measures(self, steps: list[tuple[str, dt.date, dt.date | None, bool | None]], doc_prefix: str) -> str:
        K = DisposalStepKind
        kinds = {s[0] for s in steps}
        parts = []
        if K.SHELF_REMOVAL in kinds:
            parts.append("不合格批次产品已下架封存")
        if K.RECALL in kinds:
            parts.append("生产者已召回不合格批次产品")
        if K.PUBLIC_NOTICE in kinds:
            parts.append("已向社会公告不合格情况")
        if K.SUSPENSION in kinds:
            parts.append("责令停业整顿")
        if K.LICENCE_REVOCATION in kinds:
            parts.append("依法吊销营业执照")
        elif K.RECHECK in kinds:
            parts.append("责令限期整改，整改后复查合格")
        if K.PENALTY in kinds:
            parts.append("已依法立案查处并作出行政处罚")
        return "；".join(parts) + "。"

    def archive_step(
        self,
        step_id: int,
        kind: str,
        done: dt.date,
        passed: bool | None,
        document: str,
        entity: Unit,
        case: str,
        number: str,
        product: str,
        lot: dict[str, str],
    ) -> None:
        """A step in the archive of the entity handled, as `disposal.add_step` records it."""
        K = DisposalStepKind
        label = str(K(kind).label)
        if kind == K.RECHECK:
            label = _("Recheck passed") if passed else _("Recheck failed")
        severity = _severity(cast(Any, SimpleNamespace(kind=kind, passed=passed)))
        if severity in ("serious", "severe"):
            self.serious.add(entity.pk)
        self.events.add(
            (
                entity.pk,
                str(_event_kind(kind)),
                done,
                str(severity),
                _("Follow-up {case} of failed sample {sample} ({product}): {step}").format(
                    case=case, sample=number, product=product, step=label
                )[:300],
                "spotchecks",
                "spotchecks.disposalstep",
                str(step_id),
                kind in (K.PUBLIC_NOTICE, K.LICENCE_REVOCATION, K.PENALTY, K.RECALL),
                self.event_details.get_db_prep_save(
                    {
                        "disposal": case,
                        "sample": number,
                        "step": str(kind),
                        "document": document,
                        "heavier": kind in (K.SUSPENSION, K.LICENCE_REVOCATION),
                        "lot": lot,
                    },
                    connection,
                ),
            )
        )

    def setup(self) -> bool:
        from qualitycity.core.models import Department, Division
        from qualitycity.credit.models import CreditEvent
        from qualitycity.registry.models import ProductCategory
        from qualitycity.spotchecks.models import (
            Disposal,
            DisposalStep,
            Objection,
            Sample,
            SampleNotice,
            SpotCheckPlan,
            TestReport,
            TestResult,
        )

        rng = self.rng
        city = Division.objects.filter(code=settings.QCITY_CITY_CODE).first()
        if city is None:
            return False
        counties = list(Division.objects.counties().inside(city).order_by("code"))
        if not counties:
            return False
        self.county_code = {c.pk: c.code for c in counties}
        county_names = {c.code: c.name for c in counties}
        departments = {
            d.code: d
            for d in Department.objects.filter(
                code__in=[CITY_BUREAU[0], *(b[0] for b in COUNTY_BUREAUS.values())]
            )
        }
        if CITY_BUREAU[0] not in departments:
            return False
        self.departments = dict(
            Department.objects.filter(kind="market_supervision", division__in=counties).values_list(
                "division_id", "pk"
            )
        )
        rows = list(ProductCategory.objects.values_list("pk", "code", "parent_id", "group"))
        self.cat_pk = {code: pk for pk, code, _p, _g in rows}
        if any(code not in self.cat_pk for code in PRODUCTS):
            return False
        parent = {pk: p for pk, _c, p, _g in rows}
        self.cat_group = {pk: g for pk, _c, _p, g in rows}
        self.ancestors: dict[int, tuple[int, ...]] = {}
        for pk in parent:
            path: list[int] = []
            node: int | None = pk
            while node is not None and node not in path:
                path.append(node)
                node = parent.get(node)
            self.ancestors[pk] = tuple(path)
        descendants: dict[int, set[int]] = defaultdict(set)
        for pk, chain in self.ancestors.items():
            for a in chain:
                descendants[a].add(pk)
        standards = self.standards()
        by_category = self.items(self.cat_pk, standards)
        self.applicable = {
            pk: [i for a in reversed(chain) for i in by_category.get(a, [])]
            for pk, chain in self.ancestors.items()
        }
        self.labs = self.make_labs(self.cat_pk, descendants, by_category)
        self.farm_codes = {c for c in PRODUCTS if c[:7] in FARM}
        self.leaf_codes = {
            "product": [c for c in PRODUCTS if c.startswith("prod")],
            "food": [c for c in PRODUCTS if c.startswith("food") and c not in self.farm_codes],
            "farm": [c for c in PRODUCTS if c in self.farm_codes],
            "risk": [c for c in PRODUCTS if c.startswith("food")],
        }
        self.leaf_weights = {s: [PRODUCTS[c].weight for c in codes] for s, codes in self.leaf_codes.items()}
        self.mean_fail = {
            s: sum(PRODUCTS[c].weight * PRODUCTS[c].fail for c in codes)
            / sum(PRODUCTS[c].weight for c in codes)
            for s, codes in self.leaf_codes.items()
        }
        # --- plans
        by_name = {lab.name: lab for lab in self.labs.values()}
        self.plans: dict[tuple[str, int], list[Plan]] = defaultdict(list)
        for year in range(FIRST_YEAR, self.today.year + 1):
            for spec in plan_specs(year, county_names):
                start = dt.date(year, *spec.start)
                end = dt.date(year, *spec.end)
                plan = SpotCheckPlan.objects.create(
                    number=f"{spec.key.split('-')[0]}-{year}-{spec.key.split('-', 1)[1]}",
                    name=spec.name,
                    programme=STREAMS[spec.stream][1],
                    purpose=STREAMS[spec.stream][2],
                    level=spec.level,
                    year=year,
                    organiser=departments.get(spec.organiser, departments[CITY_BUREAU[0]]),
                    batches_planned=0,
                    start_date=start,
                    end_date=end,
                    is_targeted=spec.is_targeted,
                    note=spec.note,
                )
                category_pks = [self.cat_pk[c] for c in spec.categories if c in self.cat_pk]
                county_pks = [c.pk for c in counties if c.code in spec.counties]
                labs = [by_name[n] for n in spec.labs if n in by_name]
                plan.categories.set(category_pks)
                plan.counties.set(county_pks)
                plan.institutions.set([lab.pk for lab in labs])
                self.plans[(spec.stream, year)].append(
                    Plan(
                        plan.pk, spec, year, start, end, set(category_pks), set(county_pks), labs, plan.number
                    )
                )
        # --- who is sampled
        self.load_pools()
        self.external_producers()
        self.samplers = {
            c.pk: [
                rng.choice(SURNAMES) + rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.6 else "")
                for _ in range(8)
            ]
            for c in counties
        }
        # --- writers
        self.ids = {
            "sample": _next_id(Sample),
            "report": _next_id(TestReport),
            "notice": _next_id(SampleNotice),
            "objection": _next_id(Objection),
            "disposal": _next_id(Disposal),
            "step": _next_id(DisposalStep),
        }
        self.samples = BulkInserter(Sample, SAMPLE_COLUMNS, batch_size=BATCH)
        self.reports = BulkInserter(
            TestReport,
            [
                "id",
                "sample_id",
                "institution_id",
                "number",
                "issued_on",
                "is_retest",
                "conclusion",
                "failed_items",
                "note",
            ],
            batch_size=BATCH,
        )
        self.results = BulkInserter(
            TestResult,
            ["report_id", "test_item_id", "value_text", "value", "unit", "verdict"],
            batch_size=BATCH * 2,
            stamped=False,
        )
        self.notices = BulkInserter(
            SampleNotice,
            ["id", "sample_id", "party", "entity_id", "sent_on", "received_on", "method", "objection_due"],
        )
        self.objections = BulkInserter(
            Objection,
            [
                "id",
                "sample_id",
                "notice_id",
                "submitted_on",
                "reason",
                "status",
                "decision_due",
                "decided_on",
                "decision_note",
                "retest_institution_id",
                "retest_draw",
                "retest_report_id",
                "outcome",
            ],
        )
        self.contested = BulkInserter(
            Objection.contested_items.through,
            ["objection_id", "testitem_id"],
            batch_size=BATCH * 2,
            stamped=False,
        )
        self.disposals = BulkInserter(
            Disposal,
            [
                "id",
                "number",
                "sample_id",
                "entity_id",
                "county_id",
                "department_id",
                "opened_on",
                "due_on",
                "status",
                "lot",
                "measures_taken",
                "closed_on",
            ],
        )
        self.steps = BulkInserter(
            DisposalStep,
            ["id", "disposal_id", "kind", "done_on", "deadline", "passed", "document_number", "note"],
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
        return True

    def sample_count(self) -> int:
        """Samples for about `RESULTS[scale]` item results."""
        per_stream = {}
        for stream, codes in self.leaf_codes.items():
            total = weight = 0.0
            for code in codes:
                spec = PRODUCTS[code]
                items = self.applicable[self.cat_pk[code]]
                sizes = [
                    len([i for i in items if not spec.subsets.get(n) or i.name in spec.subsets[n]])
                    for n in spec.names
                ]
                total += spec.weight * sum(sizes) / len(sizes)
                weight += spec.weight
            per_stream[stream] = total / weight
        average = sum(STREAMS[s][0] * per_stream[s] for s in STREAMS)
        target = RESULTS.get(self.ctx.scale) or self.ctx.entities * 3
        return max(60, round(target / (average * 0.965)))

    def days(self, n: int) -> Counter[dt.date]:
        cal = self.clock.calendar
        days, weights = [], []
        for year in range(FIRST_YEAR, self.today.year + 1):
            day, end = dt.date(year, 3, 1), min(dt.date(year, 12, 20), self.today)
            while day <= end:
                if cal.is_workday(day):
                    days.append(day)
                    weights.append(MONTHS.get(day.month, 0.5) * YEARS.get(year, 1.0))
                day += dt.timedelta(days=1)
        return Counter(self.rng.choices(days, cum_weights=list(accumulate(weights)), k=n))

    def forced(self) -> list[tuple[dt.date, str, Force]]:
        """Samples that put every objection state, every disposal step and the demo
        enterprise's cases on record whatever the scale."""
        back, today = self.clock.back, self.today

        def objection_case(submitted: dt.date) -> dt.date:
            # reported 3 working days before the objection, served the next working day
            return back(back(back(submitted, 3), 12), 1)

        def season(day: dt.date) -> dt.date:
            # plans run from March to 20 December: a day outside moves to the season before
            if day.month < 3:
                day = dt.date(day.year - 1, 12, 19)
            elif (day.month, day.day) > (12, 20):
                day = dt.date(day.year, 12, 19)
            return back(day + dt.timedelta(days=1), 1)

        out = [
            (
                objection_case(back(today, 1)),
                "food",
                Force(
                    "food-24-04",
                    dt.date.min,
                    objection="submitted",
                    submitted_on=back(today, 1),
                    notice_received=True,
                ),
            ),
            (
                objection_case(back(today, 8)),
                "product",
                Force(
                    "prod-helmets",
                    dt.date.min,
                    objection="submitted",
                    submitted_on=back(today, 8),
                    notice_received=True,
                ),
            ),
            (
                objection_case(back(today, 3)),
                "food",
                Force(
                    "food-01-01",
                    dt.date.min,
                    failing=(PB,),
                    objection="retest_assigned",
                    submitted_on=back(today, 3),
                    notice_received=True,
                    level=Level.CITY,
                    lab="ZZSY",
                    retest_lab="JCZJ",
                ),
            ),
            (
                objection_case(back(today, 60)),
                "product",
                Force(
                    "prod-ebikes",
                    dt.date.min,
                    objection="withdrawn",
                    submitted_on=back(today, 60),
                    notice_received=True,
                ),
            ),
            (
                objection_case(back(today, 80)),
                "food",
                Force(
                    "food-04-02",
                    dt.date.min,
                    failing=("菌落总数",),
                    objection="rejected",
                    submitted_on=back(today, 80),
                    notice_received=True,
                ),
            ),
            (
                objection_case(back(today, 120)),
                "product",
                Force(
                    "prod-cables",
                    dt.date.min,
                    failing=("导体电阻(20℃)",),
                    objection="upheld",
                    submitted_on=back(today, 120),
                    notice_received=True,
                ),
            ),
            (
                objection_case(back(today, 100)),
                "food",
                Force(
                    "food-02-01",
                    dt.date.min,
                    failing=("过氧化值",),
                    objection="overturned",
                    submitted_on=back(today, 100),
                    notice_received=True,
                ),
            ),
            (
                season(back(today, 230)),
                "product",
                Force("prod-castings", dt.date.min, chain=3, penalty=True, notice_received=True),
            ),
            (
                season(back(today, 200)),
                "product",
                Force("prod-cement", dt.date.min, chain=2, notice_received=True),
            ),
            (
                season(back(today, 150)),
                "product",
                Force("prod-rebar", dt.date.min, chain=1, notice_received=True),
            ),
            (
                season(back(today, 90)),
                "product",
                Force("prod-helmets", dt.date.min, chain=2, notice_received=True),
            ),
            (
                season(back(today, 160)),
                "food",
                Force("food-15-05", dt.date.min, recall=True, penalty=True, notice_received=True),
            ),
            (season(back(today, 18)), "food", Force("food-16", dt.date.min, notice_received=True)),
        ]
        out += [
            (back(today, 15), "food", Force("food-08", dt.date.min, fail=False, stuck="delivery")),
            (back(today, 50), "product", Force("prod-switches", dt.date.min, fail=False, stuck="report")),
        ]
        enterprise = self.enterprise()
        if enterprise is not None:
            unit, producer, code = enterprise
            stream = "product" if code.startswith("prod") else "farm" if code in self.farm_codes else "food"
            out += [
                (
                    back(back(today, 2), 13),
                    stream,
                    Force(code, dt.date.min, unit=unit, producer=producer, notice_received=False),
                ),
                (
                    season(back(today, 60)),
                    stream,
                    Force(code, dt.date.min, fail=False, unit=unit, producer=producer, published=True),
                ),
            ]
        return out

    def enterprise(self) -> tuple[Unit, Unit | None, str] | None:
        """The demo enterprise ('qiye'): its products (a maker) or its goods (a seller)."""
        from qualitycity.credit.risk import ACTIVE_STATUSES
        from qualitycity.registry.models import Entity

        row = (
            Entity.objects.filter(uscc=fact("enterprise_uscc"), registration_status__in=ACTIVE_STATUSES)
            .values_list("pk", "county_id", "name", "address", "uscc", "industry__code")
            .first()
        )
        if row is None or row[1] not in self.county_code:
            return None
        unit = Unit(*row[:5])
        industry = row[5] or ""
        code = ENTERPRISE_CATEGORY.get(industry, "food-08")
        spec = PRODUCTS[code]
        if industry in spec.makers or code == "food-31":
            return unit, unit, code
        return unit, self.rng.choice(self.external.get(spec.trade) or self.external["食品"]), code

    def run(self) -> None:
        from qualitycity.spotchecks.models import SpotCheckPlan

        n = self.sample_count()
        recent = max(1.0, n * 0.07)
        self.stuck_delivery = max(0.002, 2.5 / recent)
        self.stuck_report = max(0.003, 3.0 / (n * 0.1))
        made = 0
        for day, stream, force in self.forced():
            force.sampled_on = day
            made += self.sample(day, stream, force)
        self.tally["scenario samples"] = made
        names = list(STREAMS)
        shares = [STREAMS[s][0] for s in names]
        counts = self.days(n)
        for day in sorted(counts):
            for _n in range(counts[day]):
                for _attempt in range(3):
                    if self.sample(day, self.rng.choices(names, shares)[0]):
                        made += 1
                        break
            if made and made % 100_000 < counts[day]:
                self.ctx.out(f"  {made} samples")
        for rows in (
            self.samples,
            self.reports,
            self.results,
            self.notices,
            self.objections,
            self.contested,
            self.disposals,
            self.steps,
            self.events,
        ):
            rows.flush()
        for plans in self.plans.values():
            for plan in plans:
                planned = plan.count if plan.year < self.today.year else round(plan.count * 1.04)
                SpotCheckPlan.objects.filter(pk=plan.pk).update(
                    batches_planned=max(10, -(-planned // 10) * 10)
                )
        self.tally["samples"] = made
        self.reset_sequences()

    def reset_sequences(self) -> None:
        from qualitycity.registry.models import Entity
        from qualitycity.spotchecks.models import (
            Disposal,
            DisposalStep,
            Objection,
            Sample,
            SampleNotice,
            TestReport,
        )

        reset_sequences(Entity, Sample, TestReport, SampleNotice, Objection, Disposal, DisposalStep)


def _exists() -> bool:
    from qualitycity.spotchecks.models import Sample, SpotCheckPlan

    return Sample.objects.exists() or SpotCheckPlan.objects.exists()


def _lab_uscc() -> str:
    """The demo lab user ('lab1') acts for the city's main lab."""
    from qualitycity.spotchecks.models import TestingInstitution

    return TestingInstitution.objects.filter(name=MAIN_LAB).values_list("uscc", flat=True).first() or ""


register_fact("lab_uscc", _lab_uscc)


@register_generator("spot checks and sampling", exists=_exists)
def generate_spotchecks(ctx: DemoContext) -> None:
    from qualitycity.credit import risk
    from qualitycity.spotchecks import tallies

    if _exists():
        ctx.out("  spot checks already loaded")
        return
    today = timezone.localdate()
    started = time.perf_counter()
    with transaction.atomic(), translation.override("zh-hans"):
        run = Demo(ctx, today)
        try:
            if not run.setup():
                ctx.out(
                    "  spot checks skipped: the Jincheng counties, departments or the spot-check catalogue are missing"
                )
                transaction.set_rollback(True)
                return
            run.run()
        except CalendarNotAvailable as exc:
            ctx.out(f"  spot checks skipped: {exc}")
            transaction.set_rollback(True)
            return
        risk.ensure_default_model()
        rescored = risk.recompute(entity_ids=sorted(run.serious)) if run.serious else {"by_class": {}}
    built = tallies.rebuild()
    t = run.tally
    ctx.out(
        f"  {t['samples']} samples ({t['status sampled']} on the way to the lab, {t['status delivered']} at the lab), "
        f"{run.reports.count} reports, {run.results.count} item results, {t['external producers']} producers from "
        f"outside the city; {run.notices.count} notices, {run.objections.count} objections "
        f"{ {k[10:]: v for k, v in sorted(t.items()) if k.startswith('objection ')} }, {run.disposals.count} disposal cases "
        f"(open {t['disposal open']}, closed {t['disposal closed']}) with {run.steps.count} steps; "
        f"{run.events.count} archive events; risk classes re-scored for {len(run.serious)} entities "
        f"{rescored['by_class']}; pass-rate tallies {built['cells']} cells; {time.perf_counter() - started:.1f} s"
    )

"""Build qualitycity/plan/data/jincheng-2023.json from the Jincheng plan text (a developer tool).

    .venv/bin/python scripts/build_plan_fixture.py [SEED] [OUT]

SEED defaults to qualitycity/plan/data/jincheng-quality-plan-2023.txt, the published text kept
in the project (see qualitycity/plan/data/SOURCE.md). The plan's structure — header fields, guiding text, the six 2025 goal groups,
the 2035 goal, the measures (三)–(二十七) with their chapters and 〔责任单位:…〕 brackets, the
organisational sections (二十八)–(三十一) — is parsed from the text. The indicators are the
hand-reviewed table INDICATORS below; each one's `source_text` must occur in the seed, so a
typo or a changed seed fails the build. Run once, review the diff, commit the JSON.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "qualitycity" / "plan" / "data" / "jincheng-2023.json"
SEED_CANDIDATES = [REPO / "qualitycity" / "plan" / "data" / "jincheng-quality-plan-2023.txt"]

#: names in a bracket that stand for a group, not one department: kept in the printed text only
COLLECTIVE_UNITS = {"市质量强市领导组其他成员单位"}

_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}

SECTION_RE = re.compile(r"^[(（]([一二三四五六七八九十]+)[)）](.+)$")
CHAPTER_RE = re.compile(r"^([一二三四五六七八九十]+)、(.+)$")
BRACKET_RE = re.compile(r"〔责任单位[:：](.+?)〕")


def chinese_number(text: str) -> int:
    """一 → 1, 十 → 10, 十三 → 13, 二十 → 20, 三十一 → 31."""
    if "十" not in text:
        return _DIGITS[text]
    tens, _, ones = text.partition("十")
    return (_DIGITS[tens] if tens else 1) * 10 + (_DIGITS[ones] if ones else 0)


def split_units(bracket: str) -> list[str]:
    return [name.strip() for name in re.split(r"[、,，;；]", bracket) if name.strip()]


# (code, name, goal group number or None, measure number or None, direction, target value
#  or None, target_text, unit, responsible department as printed, kind, source, source_text)
# fmt: off
INDICATORS: list[tuple[Any, ...]] = [
    # —— 经济发展质量效益明显提高
    ("gdp-energy-intensity", "单位(万元)GDP能源消耗下降", 1, None, "reduce_by", "15.5", "", "%",
     "市发展改革委", "reported", "", "单位(万元)GDP能源消耗下降15.5%"),
    ("above-scale-enterprises", "规上工业企业数量", 1, None, "gte", "800", "", "家",
     "市工信局(国资委)", "computed", "registry.tag:above_scale", "规上工业企业达到800家"),
    ("high-tech-enterprises", "高新技术企业数量", 1, None, "gte", "160", "", "家",
     "市科技局", "computed", "registry.tag:high_tech", "高新技术企业达到160家"),
    ("labour-productivity", "全员劳动生产率", 1, None, "gte", None, "力争达到全国平均水平", "万元/人",
     "市发展改革委", "reported", "", "全员劳动生产率力争达到全国平均水平"),
    # —— 产业质量优势持续增强
    ("influential-towns-clusters", "具有影响力的专业镇、产业集群", 2, None, "gte", "4", "", "个",
     "市工信局(国资委)", "reported", "", "建成4个具有影响力的专业镇、产业集群"),
    # —— 产品、工程、服务和环境质量水平显著提升
    ("manufacturing-pass-rate", "制造业产品质量合格率", 3, None, "gte", "93", "", "%",
     "市市场监管局", "computed", "spotchecks.manufacturing_pass_rate", "制造业产品质量合格率稳定在93%以上"),
    ("farm-pass-rate", "农产品质量安全监测合格率", 3, None, "gte", "98", "", "%",
     "市农业农村局", "computed", "spotchecks.farm_pass_rate", "农产品质量安全监测合格率达到98%以上"),
    ("food-pass-rate", "食品安全抽检合格率", 3, None, "gte", "98.5", "", "%",
     "市市场监管局", "computed", "spotchecks.food_pass_rate", "食品安全抽检合格率达到98.5%"),
    ("construction-acceptance-rate", "建设工程质量验收合格率", 3, None, "gte", "100", "", "%",
     "市住建局", "reported", "", "建设工程质量验收合格率达到100%"),
    ("eqi", "生态质量指数(EQI)", 3, None, "gte", None, "完成省下达任务", "",
     "市生态环境局", "reported", "", "生态质量指数(EQI)完成省下达任务"),
    # —— 品牌建设取得重大突破
    ("brand-enterprises", "品牌企业", 4, None, "gte", "20", "", "个",
     "市市场监管局", "reported", "", "培育20个拥有自主知识产权"),
    ("regional-brands", "区域品牌产品、品牌服务", 4, None, "gte", "20", "", "个",
     "市市场监管局", "reported", "", "打造20个具有影响力和知名度的区域品牌产品、品牌服务"),
    # —— 质量基础设施更加现代高效
    ("metrology-centre", "省级产业计量测试中心", 5, None, "increase_by", "1", "", "个",
     "市市场监管局", "reported", "", "新建1个省级产业计量测试中心"),
    ("inspection-centre", "质检中心", 5, None, "increase_by", "1", "", "个",
     "市市场监管局", "reported", "", "1个质检中心"),
    ("standards-innovation-base", "技术标准创新基地", 5, None, "increase_by", "1", "", "个",
     "市市场监管局", "reported", "", "1个技术标准创新基地"),
    # —— measures
    ("complaint-on-time-rate", "消费投诉按时办结率", None, 5, "gte", "95", "", "%",
     "市市场监管局", "computed", "complaints.on_time_rate", "消费投诉按时办结率达到95%以上"),
    ("chains-100bn", "1000亿级产业链", None, 6, "gte", "2", "", "条",
     "市工信局(国资委)", "reported", "", "钢铁、光机电2条1000亿级产业链"),
    ("chains-20bn", "200亿级产业链", None, 6, "gte", "3", "", "条",
     "市工信局(国资委)", "reported", "", "铸造、煤化工、绿色建材3条200亿级产业链"),
    ("improved-seed-coverage", "主要农作物良种覆盖率", None, 7, "gte", "96", "", "%",
     "市农业农村局", "reported", "", "主要农作物良种覆盖率达到96%以上"),
    ("farm-mechanisation-rate", "农作物耕种收综合机械化率", None, 7, "gte", "80", "", "%",
     "市农业农村局", "reported", "", "农作物耕种收综合机械化率达到80%"),
    ("agri-key-chains", "农业全产业链重点链", None, 7, "gte", "6", "", "条",
     "市农业农村局", "reported", "", "培育农业全产业链重点链6条"),
    ("green-control-bases", "省级农作物病虫绿色防控暨农药减量增效示范基地", None, 7, "gte", "4", "", "个",
     "市农业农村局", "reported", "", "建设4个以上省级农作物病虫绿色防控暨农药减量增效示范基地"),
    ("convenience-circles", "一刻钟便民生活圈", None, 10, "gte", "50", "", "个",
     "市商务局", "reported", "", "全市建成50个“一刻钟便民生活圈”"),
    ("national-resorts", "国家级旅游度假区", None, 11, "gte", "1", "", "家",
     "市文旅局", "reported", "", "建成国家级旅游度假区1家"),
    ("all-area-tourism-zones", "省级全域旅游示范区", None, 11, "gte", "4", "", "家",
     "市文旅局", "reported", "", "省级全域旅游示范区4家"),
    ("leading-agri-enterprises", "市级以上农业产业化龙头企业", None, 12, "increase_by", "20", "", "家",
     "市农业农村局", "reported", "", "新增市级以上农业产业化龙头企业20家"),
    ("agri-consortia", "农业产业化联合体", None, 12, "gte", "5", "", "家",
     "市农业农村局", "reported", "", "打造农业产业化联合体5家"),
    ("provincial-quality-award", "省政府质量奖", None, 18, "gte", "1", "", "项",
     "市市场监管局", "reported", "", "力争省政府质量奖实现零的突破"),
    ("specialised-smes", "“专精特新”中小企业", None, 18, "gte", "150", "", "个",
     "市中小企业发展促进中心", "computed", "registry.tag:specialised", "打造150个“专精特新”中小企业"),
    ("specialised-towns", "特色专业镇", None, 18, "gte", "10", "", "个",
     "市市场监管局", "computed", "registry.specialised_towns", "等10个特色专业镇"),
    ("afforestation", "宜林荒山绿化", None, 27, "gte", "100", "", "%",
     "市规划和自然资源局", "reported", "", "宜林荒山全部实现绿化"),
]
# fmt: on


def find_seed(argv: list[str]) -> Path:
    if argv:
        return Path(argv[0])
    for candidate in SEED_CANDIDATES:
        if candidate.is_file():
            return candidate
    raise SystemExit("seed text not found; give its path")


def header_field(text: str, label: str) -> str:
    match = re.search(re.escape(label) + r"[:：]\s*\|\s*([^|]+?)\s*\|", text)
    if not match:
        raise SystemExit(f"no {label} in the seed header")
    return match.group(1)


def iso_date(printed: str) -> str:
    year, month, day = (int(x) for x in re.findall(r"\d+", printed))
    return f"{year:04d}-{month:02d}-{day:02d}"


def build(text: str) -> dict[str, Any]:
    lines = [line.strip() for line in text.splitlines()]
    title_index = lines.index("(此件公开发布)") + 1
    body = lines[title_index + 1 :]

    # Walk the body: chapters (一、…) and numbered sections ((一)…) with their paragraphs.
    sections: list[dict[str, Any]] = []
    chapter = {"number": 0, "title": ""}
    preamble: list[str] = []
    for line in body:
        if not line or line.startswith("政策咨询电话"):
            continue
        if m := CHAPTER_RE.match(line):
            chapter = {"number": chinese_number(m.group(1)), "title": m.group(2)}
            continue
        if m := SECTION_RE.match(line):
            sections.append(
                {
                    "number": chinese_number(m.group(1)),
                    "label": f"({m.group(1)})",
                    "title": m.group(2),
                    "chapter": dict(chapter),
                    "paragraphs": [],
                }
            )
            continue
        (sections[-1]["paragraphs"] if sections else preamble).append(line)
    by_number = {s["number"]: s for s in sections}
    assert sorted(by_number) == list(range(1, 32)), sorted(by_number)

    guiding = "\n".join(by_number[1]["paragraphs"])

    goals_paragraphs = by_number[2]["paragraphs"]
    goal_groups: list[dict[str, Any]] = []
    goals_intro: list[str] = []
    long_term: list[str] = []
    for paragraph in goals_paragraphs:
        if paragraph.startswith("——"):
            head, _, rest = paragraph[2:].partition("。")
            goal_groups.append({"number": len(goal_groups) + 1, "title": head, "text": rest.strip()})
        elif paragraph.startswith("到2035年"):
            long_term.append(paragraph)
        else:
            goals_intro.append(paragraph)
    assert len(goal_groups) == 6, goal_groups

    measures = []
    for number in range(3, 28):
        section = by_number[number]
        full = "\n".join(section["paragraphs"])
        brackets = BRACKET_RE.findall(full)
        assert len(brackets) == 1, (number, brackets)
        bracket = brackets[0]
        units = split_units(bracket)
        departments = [u for u in units if u not in COLLECTIVE_UNITS]
        measure_text = BRACKET_RE.sub("", full).rstrip()
        chapter_number = section["chapter"]["number"]
        measures.append(
            {
                "number": number,
                "label": section["label"],
                "chapter": f"{_chapter_label(chapter_number)}、{section['chapter']['title']}",
                "title": section["title"],
                "text": measure_text,
                "responsible_text": bracket,
                "lead": departments[0],
                "co": departments[1:],
            }
        )

    plan_sections = [
        {
            "number": number,
            "label": by_number[number]["label"],
            "title": by_number[number]["title"],
            "text": "\n".join(by_number[number]["paragraphs"]),
        }
        for number in range(28, 32)
    ]

    flat = text.replace("\n", "")
    indicators = []
    for order, row in enumerate(INDICATORS, start=1):
        code, name, group, measure, direction, value, target_text, unit, dept, kind, source, quote = row
        assert quote in flat, f"{code}: {quote!r} is not in the seed"
        assert (group is None) != (measure is None), code
        assert (kind == "computed") == bool(source), code
        indicators.append(
            {
                "code": code,
                "name": name,
                "goal_group": group,
                "measure": measure,
                "direction": direction,
                "target_value": value,
                "target_text": target_text,
                "unit": unit,
                "target_year": 2025,
                "responsible_department": dept,
                "kind": kind,
                "source": source,
                "source_text": quote,
                "order": order,
            }
        )

    return {
        "title": lines[title_index],
        "document_number": re.sub(r"\s+", "", header_field(text, "发文字号")),
        "issuer": "晋城市人民政府",
        "division": "140500",
        "written_on": iso_date(header_field(text, "成文日期")),
        "published_on": iso_date(header_field(text, "发布日期")),
        "start_year": 2024,
        "target_year": 2025,
        "report_frequency": "quarterly",
        "is_default": True,
        "preamble": "\n".join(preamble),
        "guiding_text": guiding,
        "goals_intro": "\n".join(goals_intro),
        "long_term_goal": "\n".join(long_term),
        "goal_groups": goal_groups,
        "measures": measures,
        "sections": plan_sections,
        "indicators": indicators,
    }


def _chapter_label(number: int) -> str:
    digits = "一二三四五六七八九"
    return digits[number - 1] if number < 10 else "十"


def main(argv: list[str]) -> None:
    seed = find_seed(argv[:1])
    out = Path(argv[1]) if len(argv) > 1 else OUT
    data = build(seed.read_text(encoding="utf-8"))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(
        f"{out}: {len(data['goal_groups'])} goal groups, {len(data['measures'])} measures, "
        f"{len(data['sections'])} sections, {len(data['indicators'])} indicators"
    )


if __name__ == "__main__":
    main(sys.argv[1:])

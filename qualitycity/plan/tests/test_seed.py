"""The Jincheng plan shipped as data (晋市政发〔2023〕18号): the fixture against the seed text and
against a hand-written table, and the plan the migration loads."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from qualitycity.plan.choices import IndicatorKind
from qualitycity.plan.models import GoalGroup, Indicator, Measure, Plan, PlanSection
from qualitycity.plan.seed import UnknownDepartment, jincheng_data, live_get_model, load_jincheng, load_plan

REPO = Path(__file__).resolve().parents[3]
SEED = REPO / "qualitycity" / "plan" / "data" / "jincheng-quality-plan-2023.txt"

#: measure number → lead department code, read off the plan by hand
LEADS = {
    3: "samr-jc", 4: "fgw", 5: "samr-jc", 6: "gxj", 7: "nyncj", 8: "samr-jc", 9: "swj",
    10: "spj", 11: "wlj", 12: "nyncj", 13: "samr-jc", 14: "gxj", 15: "zjj", 16: "zjj",
    17: "zjj", 18: "samr-jc", 19: "samr-jc", 20: "samr-jc", 21: "samr-jc", 22: "samr-jc",
    23: "samr-jc", 24: "samr-jc", 25: "samr-jc", 26: "samr-jc", 27: "sthjj",
}  # fmt: skip

#: the issue's list: code → (direction, target value or None, kind, source)
INDICATORS = {
    "manufacturing-pass-rate": ("gte", "93", "computed", "spotchecks.manufacturing_pass_rate"),
    "food-pass-rate": ("gte", "98.5", "computed", "spotchecks.food_pass_rate"),
    "farm-pass-rate": ("gte", "98", "computed", "spotchecks.farm_pass_rate"),
    "complaint-on-time-rate": ("gte", "95", "computed", "complaints.on_time_rate"),
    "above-scale-enterprises": ("gte", "800", "computed", "registry.tag:above_scale"),
    "high-tech-enterprises": ("gte", "160", "computed", "registry.tag:high_tech"),
    "specialised-smes": ("gte", "150", "computed", "registry.tag:specialised"),
    "specialised-towns": ("gte", "10", "computed", "registry.specialised_towns"),
    "gdp-energy-intensity": ("reduce_by", "15.5", "reported", ""),
    "labour-productivity": ("gte", None, "reported", ""),
    "brand-enterprises": ("gte", "20", "reported", ""),
    "regional-brands": ("gte", "20", "reported", ""),
    "metrology-centre": ("increase_by", "1", "reported", ""),
    "inspection-centre": ("increase_by", "1", "reported", ""),
    "standards-innovation-base": ("increase_by", "1", "reported", ""),
    "construction-acceptance-rate": ("gte", "100", "reported", ""),
    "improved-seed-coverage": ("gte", "96", "reported", ""),
    "farm-mechanisation-rate": ("gte", "80", "reported", ""),
    "agri-key-chains": ("gte", "6", "reported", ""),
    "green-control-bases": ("gte", "4", "reported", ""),
    "convenience-circles": ("gte", "50", "reported", ""),
    "national-resorts": ("gte", "1", "reported", ""),
    "all-area-tourism-zones": ("gte", "4", "reported", ""),
    "leading-agri-enterprises": ("increase_by", "20", "reported", ""),
    "agri-consortia": ("gte", "5", "reported", ""),
    "provincial-quality-award": ("gte", "1", "reported", ""),
    "afforestation": ("gte", "100", "reported", ""),
    "eqi": ("gte", None, "reported", ""),
}

_NUMERALS = "一二三四五六七八九"


def _number(text: str) -> int:
    if "十" not in text:
        return _NUMERALS.index(text) + 1
    tens, _, ones = text.partition("十")
    return (_NUMERALS.index(tens) + 1 if tens else 1) * 10 + (_NUMERALS.index(ones) + 1 if ones else 0)


def _seed_brackets(text: str) -> dict[int, list[str]]:
    """measure number → the units of its 〔责任单位:…〕 bracket, parsed from the seed text."""
    brackets: dict[int, list[str]] = {}
    current = None
    for line in text.splitlines():
        if m := re.match(r"^[(（]([一二三四五六七八九十]+)[)）]", line.strip()):
            current = _number(m.group(1))
        for bracket in re.findall(r"〔责任单位[:：](.+?)〕", line):
            brackets[current] = [u.strip() for u in re.split("[、,，]", bracket) if u.strip()]  # type: ignore[index]
    return brackets


@pytest.fixture
def plan(db) -> Plan:
    return Plan.objects.get(document_number="晋市政发〔2023〕18号")


def test_fixture_has_25_measures_numbered_3_to_27() -> None:
    data = jincheng_data()
    assert [m["number"] for m in data["measures"]] == list(range(3, 28))
    assert len(data["goal_groups"]) == 6
    assert [s["label"] for s in data["sections"]] == ["(二十八)", "(二十九)", "(三十)", "(三十一)"]


def test_fixture_matches_the_seed_brackets() -> None:
    brackets = _seed_brackets(SEED.read_text(encoding="utf-8"))
    assert sorted(brackets) == list(range(3, 28))
    for measure in jincheng_data()["measures"]:
        units = brackets[measure["number"]]
        assert measure["responsible_text"] == "、".join(units)
        assert measure["lead"] == units[0]
        assert measure["co"] == [u for u in units[1:] if not u.endswith("其他成员单位")]


def test_migration_loaded_the_plan(plan: Plan) -> None:
    assert plan.title == "关于全面推进质量强市建设的实施方案"
    assert plan.written_on == date(2023, 12, 26)
    assert plan.published_on == date(2024, 1, 15)
    assert plan.division.code == "140500"
    assert plan.target_year == 2025
    assert plan.is_default
    assert plan.guiding_text.startswith("以习近平新时代中国特色社会主义思想为指导")
    assert plan.long_term_goal.startswith("到2035年")
    groups = list(plan.goal_groups.all())
    assert [g.number for g in groups] == [1, 2, 3, 4, 5, 6]
    assert groups[0].title == "经济发展质量效益明显提高"
    assert groups[5].title == "现代质量治理体系更加完善"
    assert "93%" in groups[2].text
    sections = list(plan.sections.all())
    assert [s.number for s in sections] == [28, 29, 30, 31]
    assert sections[3].title == "加强督导考核激励"


def test_measures_and_their_departments(plan: Plan) -> None:
    measures = {m.number: m for m in plan.measures.select_related("lead_department")}
    assert sorted(measures) == list(range(3, 28))
    assert {n: m.lead_department.code for n, m in measures.items()} == LEADS
    first = measures[3]
    assert first.label == "(三)"
    assert first.title == "增强质量发展创新动能"
    assert first.chapter == "二、构建区域质量发展新格局"
    assert "〔责任单位" not in first.text
    assert first.text.startswith("以建设全省制造业数字化改造先行区为牵引")
    assert sorted(first.co_departments.values_list("code", flat=True)) == ["dsjj", "gxj", "kjj"]
    assert measures[27].chapter == "八、完善质量治理能力新架构"
    assert set(measures[5].co_departments.values_list("code", flat=True)) == {"swj", "jrjg-jc"}
    assert set(measures[8].co_departments.values_list("code", flat=True)) == {
        "swj", "gxj", "nyj", "jtj", "pbc-jc"
    }  # fmt: skip
    # 市质量强市领导组其他成员单位 is a group: kept as printed, not a department
    assert measures[25].co_departments.count() == 0
    assert measures[25].responsible_text == "市市场监管局、市质量强市领导组其他成员单位"


def test_every_listed_indicator(plan: Plan) -> None:
    indicators = {i.code: i for i in plan.indicators.select_related("goal_group", "measure")}
    for code, (direction, value, kind, source) in INDICATORS.items():
        indicator = indicators[code]
        assert indicator.direction == direction, code
        expected = Decimal(value) if value is not None else None
        assert indicator.target_value == expected, code
        assert indicator.kind == kind, code
        assert indicator.source == source, code
        assert indicator.target_year == 2025, code
        assert (indicator.goal_group is None) != (indicator.measure is None), code
        if value is None:
            assert indicator.target_text, code
    assert indicators["eqi"].target_text == "完成省下达任务"
    assert indicators["labour-productivity"].target_text == "力争达到全国平均水平"
    assert indicators["complaint-on-time-rate"].measure.number == 5
    assert indicators["manufacturing-pass-rate"].goal_group.number == 3
    assert indicators["farm-pass-rate"].responsible_department.code == "nyncj"
    computed = plan.indicators.filter(kind=IndicatorKind.COMPUTED)
    assert set(computed.values_list("code", flat=True)) == {
        c for c, spec in INDICATORS.items() if spec[2] == "computed"
    }


def test_registry_tag_sources_use_real_tag_codes(plan: Plan) -> None:
    from qualitycity.registry.choices import EntityTagKind

    for source in plan.indicators.filter(source__startswith="registry.tag:").values_list("source", flat=True):
        assert source.split(":", 1)[1] in EntityTagKind.values


def test_loading_again_changes_nothing(plan: Plan) -> None:
    counts = (GoalGroup.objects.count(), Measure.objects.count(), PlanSection.objects.count())
    indicators = Indicator.objects.count()
    again = load_jincheng(live_get_model)
    assert again.pk == plan.pk
    assert Plan.objects.filter(document_number=plan.document_number).count() == 1
    assert (GoalGroup.objects.count(), Measure.objects.count(), PlanSection.objects.count()) == counts
    assert Indicator.objects.count() == indicators


def test_unknown_department_is_named_with_closest_matches(db) -> None:
    data = jincheng_data()
    data["document_number"] = "测试〔2024〕1号"
    data["is_default"] = False
    data["measures"][0]["lead"] = "市工信局局"
    with pytest.raises(UnknownDepartment) as info:
        load_plan(data, live_get_model)
    assert info.value.name == "市工信局局"
    assert "市工信局(国资委)" in info.value.matches
    assert "市工信局局" in str(info.value)
    assert not Plan.objects.filter(document_number="测试〔2024〕1号").exists()

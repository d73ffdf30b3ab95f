"""Importing another plan from xlsx (plan.importing and `qcity plan import`)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from qualitycity.plan.importing import PlanImportError, import_plan
from qualitycity.plan.models import Indicator, Measure, Plan

MEASURE_HEADER = ["编号", "标题", "章节", "内容", "牵头单位", "配合单位"]
INDICATOR_HEADER = ["名称", "方向", "目标值", "单位", "目标年份", "责任单位", "类型", "数据来源", "措施编号"]

MEASURES = [
    [
        1,
        "提升制造业质量",
        "一、产业质量",
        "开展质量提升行动。",
        "泽州县市场监管局",
        "市工信局(国资委)、市科技局",
    ],
    ["(二)", "强化食品安全", "二、产品质量", "严格食品安全监管。", "市市场监管局", ""],
]
INDICATORS = [
    ["食品安全抽检合格率", "≥", 98.5, "%", 2026, "市市场监管局", "计算", "spotchecks.food_pass_rate", 2],
    ["品牌企业", "新增", 5, "个", None, "市工信局(国资委)", "填报", "", 1],
    ["生态质量指数", "≥", "完成省下达任务", "", 2026, "市生态环境局", "填报", "", None],
]


def workbook(tmp_path: Path, measures: list[list[Any]], indicators: list[list[Any]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "措施"
    sheet.append(MEASURE_HEADER)
    for row in measures:
        sheet.append(row)
    sheet = book.create_sheet("指标")
    sheet.append(INDICATOR_HEADER)
    for row in indicators:
        sheet.append(row)
    path = tmp_path / "plan.xlsx"
    book.save(path)
    return path


ARGS = {"title": "泽州县质量强县实施方案", "division": "140525", "start_year": 2024, "target_year": 2026}


def test_a_good_workbook_creates_a_plan(db, tmp_path: Path) -> None:
    plan = import_plan(workbook(tmp_path, MEASURES, INDICATORS), **ARGS)
    assert plan.division.code == "140525"
    assert not plan.is_default
    assert Plan.objects.filter(is_default=True).count() == 1  # the Jincheng plan stays the default
    measures = {m.number: m for m in plan.measures.all()}
    assert sorted(measures) == [1, 2]
    assert measures[1].label == "(一)"
    assert measures[1].lead_department.code == "samr-zz"
    assert sorted(measures[1].co_departments.values_list("code", flat=True)) == ["gxj", "kjj"]
    assert measures[2].label == "(二)"
    assert measures[2].lead_department.code == "samr-jc"
    indicators = {i.name: i for i in plan.indicators.all()}
    food = indicators["食品安全抽检合格率"]
    assert (food.direction, food.target_value, food.kind, food.source) == (
        "gte", Decimal("98.5"), "computed", "spotchecks.food_pass_rate"
    )  # fmt: skip
    assert food.measure == measures[2]
    brands = indicators["品牌企业"]
    assert (brands.direction, brands.target_year, brands.kind) == ("increase_by", 2026, "reported")
    assert brands.responsible_department.code == "gxj"
    eqi = indicators["生态质量指数"]
    assert eqi.target_value is None
    assert eqi.target_text == "完成省下达任务"


def test_an_unknown_department_is_named_and_nothing_is_written(db, tmp_path: Path) -> None:
    measures = [[*MEASURES[0][:4], "泽州县市场监管局", "市科技局、市工信厅"], MEASURES[1]]
    before = (Plan.objects.count(), Measure.objects.count(), Indicator.objects.count())
    with pytest.raises(PlanImportError) as info:
        import_plan(workbook(tmp_path, measures, INDICATORS), **ARGS)
    [problem] = info.value.problems
    assert problem.sheet == "措施"
    assert problem.row == 2
    assert problem.column == "F (配合单位)"
    assert "市工信厅" in problem.message
    assert "市工信局(国资委)" in problem.message  # the closest match
    assert (Plan.objects.count(), Measure.objects.count(), Indicator.objects.count()) == before


def test_every_problem_is_reported_at_once(db, tmp_path: Path) -> None:
    indicators = [
        ["合格率", "大约", 90, "%", 2026, "市市场监管局", "计算", "", None],
        ["品牌", "≥", 3, "个", 2026, "市文化局", "填报", "", None],
    ]
    with pytest.raises(PlanImportError) as info:
        import_plan(workbook(tmp_path, MEASURES, indicators), **ARGS)
    where = {(p.sheet, p.row, p.column) for p in info.value.problems}
    assert where == {
        ("指标", 2, "B (方向)"),
        ("指标", 2, "H (数据来源)"),
        ("指标", 3, "F (责任单位)"),
    }
    assert not Plan.objects.filter(title=ARGS["title"]).exists()


def test_the_command(db, tmp_path: Path, capsys) -> None:
    path = workbook(tmp_path, MEASURES, INDICATORS)
    call_command(
        "plan", "import", str(path), "--title", ARGS["title"], "--division", "140525",
        "--start-year", "2024", "--target-year", "2026",
    )  # fmt: skip
    assert "2 measures, 3 indicators" in capsys.readouterr().out
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command(
            "plan", "import", str(path), "--title", ARGS["title"], "--division", "140525",
            "--start-year", "2024", "--target-year", "2026",
        )  # fmt: skip

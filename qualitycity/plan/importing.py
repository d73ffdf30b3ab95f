"""Importing another quality plan (a county's, next year's) from an xlsx workbook.

Sheets (Chinese or English names; the header is row 1):

- 措施 / measures: 编号, 标题, 章节, 内容, 牵头单位, 配合单位 (co-responsible units separated
  by 、 , ; — as printed in a 〔责任单位:…〕 bracket);
- 指标 / indicators (optional): 名称, 方向, 目标值, 单位, 目标年份, 责任单位, 类型 (计算/填报),
  数据来源; optional 代码 and 措施编号 (the measure the indicator belongs to).

Departments are resolved like the shipped plan's (code, short name or full name). Every row is
checked first; any problem — an unknown department is named with its row, column and the
closest known names — and nothing is written. The checked plan is then written by
`seed.load_plan` in one transaction."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO, Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from qualitycity.plan.choices import Direction, IndicatorKind
from qualitycity.plan.seed import DepartmentResolver, GetModel, live_get_model, load_plan, normalise_name

MEASURE_SHEETS = ("措施", "measures")
INDICATOR_SHEETS = ("指标", "indicators")

#: canonical key → accepted headers
MEASURE_COLUMNS: dict[str, tuple[str, ...]] = {
    "number": ("编号", "number"),
    "title": ("标题", "title"),
    "chapter": ("章节", "chapter"),
    "text": ("内容", "text"),
    "lead": ("牵头单位", "lead"),
    "co": ("配合单位", "co"),
}
MEASURE_REQUIRED = ("number", "title", "lead")

INDICATOR_COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("名称", "name"),
    "direction": ("方向", "direction"),
    "target": ("目标值", "target"),
    "unit": ("单位", "unit"),
    "year": ("目标年份", "target year"),
    "department": ("责任单位", "department"),
    "kind": ("类型", "kind"),
    "source": ("数据来源", "source"),
    "code": ("代码", "code"),
    "measure": ("措施编号", "measure"),
}
INDICATOR_REQUIRED = ("name", "direction", "target", "department", "kind")

DIRECTIONS: dict[str, str] = {
    **dict.fromkeys(("≥", ">=", "gte", "不低于", "以上", "至少", "达到"), Direction.AT_LEAST),
    **dict.fromkeys(("≤", "<=", "lte", "不高于", "以下", "至多"), Direction.AT_MOST),
    **dict.fromkeys(("=", "eq", "等于"), Direction.EQUAL),
    **dict.fromkeys(("下降", "降低", "减少", "reduce_by"), Direction.REDUCE_BY),
    **dict.fromkeys(("新增", "增加", "新建", "increase_by"), Direction.INCREASE_BY),
}
KINDS: dict[str, str] = {
    "计算": IndicatorKind.COMPUTED,
    "computed": IndicatorKind.COMPUTED,
    "填报": IndicatorKind.REPORTED,
    "reported": IndicatorKind.REPORTED,
}

_DIGITS = "一二三四五六七八九"
_NUMERAL_RE = re.compile(r"^[(（]?([一二三四五六七八九十]+)[)）]?$")
_SPLIT_RE = re.compile(r"[、,，;；\n]")


def to_chinese(number: int) -> str:
    """1 → 一, 10 → 十, 13 → 十三, 27 → 二十七 (1–99)."""
    tens, ones = divmod(number, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens - 1] + "十")
    return head + (_DIGITS[ones - 1] if ones else "")


def from_chinese(text: str) -> int:
    if "十" not in text:
        return _DIGITS.index(text) + 1
    tens, _, ones = text.partition("十")
    return (_DIGITS.index(tens) + 1 if tens else 1) * 10 + (_DIGITS.index(ones) + 1 if ones else 0)


@dataclass(frozen=True)
class Problem:
    """One reason the workbook cannot be imported."""

    sheet: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.sheet
        if self.row is not None:
            where += f" row {self.row}"
        if self.column:
            where += f", column {self.column}"
        return f"{where}: {self.message}"


class PlanImportError(Exception):
    """The workbook has problems; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


class _Sheet:
    """A worksheet's rows keyed by canonical column, with header letters for messages."""

    def __init__(self, ws: Any, columns: dict[str, tuple[str, ...]]) -> None:
        self.title = ws.title
        rows = list(ws.iter_rows(values_only=True))
        header = [_text(v).lower() for v in (rows[0] if rows else ())]
        self.index: dict[str, int] = {}
        for key, names in columns.items():
            for i, head in enumerate(header):
                if head in {n.lower() for n in names}:
                    self.index[key] = i
                    break
        self.headers = {key: columns[key][0] for key in columns}
        self.rows = [
            (number, row) for number, row in enumerate(rows[1:], start=2) if any(_text(v) for v in row)
        ]

    def letter(self, key: str) -> str | None:
        return get_column_letter(self.index[key] + 1) if key in self.index else None

    def column(self, key: str) -> str:
        """'B (标题)' for messages."""
        letter = self.letter(key)
        return f"{letter} ({self.headers[key]})" if letter else self.headers[key]

    def value(self, row: tuple[Any, ...], key: str) -> Any:
        i = self.index.get(key)
        return row[i] if i is not None and i < len(row) else None


def _find_sheet(workbook: Any, names: tuple[str, ...]) -> Any | None:
    wanted = {n.lower() for n in names}
    for ws in workbook.worksheets:
        if ws.title.strip().lower() in wanted:
            return ws
    return None


class _Checker:
    def __init__(self, get_model: GetModel) -> None:
        self.departments = DepartmentResolver(get_model)
        self.problems: list[Problem] = []
        #: every measure number in the measures sheet, valid row or not (for indicators' links)
        self.measure_numbers: set[int] = set()

    def problem(self, sheet: _Sheet | str, row: int | None, column: str | None, message: str) -> None:
        title = sheet if isinstance(sheet, str) else sheet.title
        self.problems.append(Problem(title, row, column, message))

    def department(self, sheet: _Sheet, number: int, key: str, name: str) -> str | None:
        found = self.departments.get(name)
        if found is not None:
            return found.code
        matches = self.departments.closest(name)
        hint = f"; closest: {', '.join(matches)}" if matches else ""
        self.problem(sheet, number, sheet.column(key), f"unknown department {name!r}{hint}")
        return None

    def missing_columns(self, sheet: _Sheet, required: tuple[str, ...]) -> bool:
        missing = [sheet.headers[k] for k in required if k not in sheet.index]
        if missing:
            self.problem(sheet, 1, None, f"missing column(s): {', '.join(missing)}")
        return bool(missing)

    def measures(self, sheet: _Sheet) -> list[dict[str, Any]]:
        if self.missing_columns(sheet, MEASURE_REQUIRED):
            return []
        measures: list[dict[str, Any]] = []
        seen: set[int] = set()
        for number, row in sheet.rows:
            raw = _text(sheet.value(row, "number"))
            measure_number = self._measure_number(raw)
            if measure_number is None:
                self.problem(sheet, number, sheet.column("number"), f"not a measure number: {raw!r}")
            elif measure_number in seen:
                self.problem(sheet, number, sheet.column("number"), f"measure {raw} appears twice")
            else:
                seen.add(measure_number)
                self.measure_numbers.add(measure_number)
            title = _text(sheet.value(row, "title"))
            if not title:
                self.problem(sheet, number, sheet.column("title"), "the title is empty")
            lead_name = _text(sheet.value(row, "lead"))
            lead = None
            if not lead_name:
                self.problem(sheet, number, sheet.column("lead"), "the lead department is empty")
            else:
                lead = self.department(sheet, number, "lead", lead_name)
            co_text = _text(sheet.value(row, "co"))
            co_names = [n.strip() for n in _SPLIT_RE.split(co_text) if n.strip()]
            co = [self.department(sheet, number, "co", name) for name in co_names]
            if measure_number is None or lead is None or None in co or not title:
                continue
            label = raw if raw.startswith(("(", "（")) else f"({to_chinese(measure_number)})"
            measures.append(
                {
                    "number": measure_number,
                    "label": normalise_name(label),
                    "chapter": _text(sheet.value(row, "chapter")),
                    "title": title,
                    "text": _text(sheet.value(row, "text")),
                    "lead": lead,
                    "co": co,
                    "responsible_text": "、".join([lead_name, *co_names])[:500],
                }
            )
        return measures

    @staticmethod
    def _measure_number(raw: str) -> int | None:
        if raw.isdigit() and 0 < int(raw) < 100:
            return int(raw)
        match = _NUMERAL_RE.match(raw)
        return from_chinese(match.group(1)) if match else None

    def indicators(self, sheet: _Sheet, target_year: int, measures: set[int]) -> list[dict[str, Any]]:
        if self.missing_columns(sheet, INDICATOR_REQUIRED):
            return []
        indicators: list[dict[str, Any]] = []
        codes: set[str] = set()
        for order, (number, row) in enumerate(sheet.rows, start=1):
            before = len(self.problems)
            name = _text(sheet.value(row, "name"))
            if not name:
                self.problem(sheet, number, sheet.column("name"), "the name is empty")
            code = _text(sheet.value(row, "code")) or f"indicator-{order}"
            if code in codes:
                self.problem(sheet, number, sheet.column("code"), f"code {code!r} appears twice")
            codes.add(code)
            direction_raw = _text(sheet.value(row, "direction"))
            direction = DIRECTIONS.get(direction_raw.lower()) or DIRECTIONS.get(direction_raw)
            if direction is None:
                self.problem(
                    sheet,
                    number,
                    sheet.column("direction"),
                    f"unknown direction {direction_raw!r} (≥, ≤, =, 下降 or 新增)",
                )
            target_raw = _text(sheet.value(row, "target")).rstrip("%")
            target_value, target_text = None, ""
            try:
                target_value = Decimal(target_raw) if target_raw else None
            except InvalidOperation:
                target_text = target_raw  # a target in words, e.g. 省下达任务
            if target_value is None and not target_text:
                self.problem(sheet, number, sheet.column("target"), "the target is empty")
            year_raw = _text(sheet.value(row, "year"))
            year = target_year
            if year_raw:
                if year_raw.isdigit():
                    year = int(year_raw)
                else:
                    self.problem(sheet, number, sheet.column("year"), f"not a year: {year_raw!r}")
            department_name = _text(sheet.value(row, "department"))
            department = None
            if not department_name:
                self.problem(sheet, number, sheet.column("department"), "the department is empty")
            else:
                department = self.department(sheet, number, "department", department_name)
            kind_raw = _text(sheet.value(row, "kind"))
            kind = KINDS.get(kind_raw.lower())
            if kind is None:
                self.problem(sheet, number, sheet.column("kind"), f"unknown kind {kind_raw!r} (计算 or 填报)")
            source = _text(sheet.value(row, "source"))
            if kind == IndicatorKind.COMPUTED and not source:
                self.problem(
                    sheet, number, sheet.column("source"), "a computed indicator needs a data source"
                )
            measure_raw = _text(sheet.value(row, "measure"))
            measure = self._measure_number(measure_raw) if measure_raw else None
            if measure_raw and measure not in measures:
                self.problem(sheet, number, sheet.column("measure"), f"no measure {measure_raw!r}")
            if len(self.problems) > before:
                continue
            indicators.append(
                {
                    "code": code,
                    "name": name,
                    "goal_group": None,
                    "measure": measure,
                    "direction": direction,
                    "target_value": str(target_value) if target_value is not None else None,
                    "target_text": target_text,
                    "unit": _text(sheet.value(row, "unit")),
                    "target_year": year,
                    "responsible_department": department,
                    "kind": kind,
                    "source": source if kind == IndicatorKind.COMPUTED else "",
                    "source_text": "" if kind == IndicatorKind.COMPUTED else source,
                    "order": order,
                }
            )
        return indicators


def check_plan(
    file: str | Path | IO[bytes],
    *,
    title: str,
    division: str,
    start_year: int,
    target_year: int,
    document_number: str = "",
    get_model: GetModel = live_get_model,
) -> dict[str, Any]:
    """Read and check the workbook; return the plan in `seed.load_plan`'s shape, or raise
    `PlanImportError` listing every problem."""
    checker = _Checker(get_model)
    if not title.strip():
        checker.problem("plan", None, None, "the title is empty")
    division_model = get_model("core", "Division")
    if not division_model.objects.filter(code=division).exists():
        checker.problem("plan", None, None, f"unknown area code {division!r}")
    if start_year > target_year:
        checker.problem(
            "plan", None, None, f"the start year {start_year} is after the target year {target_year}"
        )
    plan_model = get_model("plan", "Plan")
    if plan_model.objects.filter(title=title.strip(), division__code=division).exists():
        checker.problem("plan", None, None, f"a plan titled {title!r} already exists in this area")
    if document_number and plan_model.objects.filter(document_number=document_number).exists():
        checker.problem("plan", None, None, f"a plan numbered {document_number!r} already exists")
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not xlsx
        raise PlanImportError([Problem("file", None, None, f"not a readable xlsx workbook: {exc}")]) from exc
    try:
        measures_ws = _find_sheet(workbook, MEASURE_SHEETS)
        indicators_ws = _find_sheet(workbook, INDICATOR_SHEETS)
        measures: list[dict[str, Any]] = []
        indicators: list[dict[str, Any]] = []
        if measures_ws is None:
            checker.problem("file", None, None, "no sheet named 措施 (measures)")
        else:
            measures = checker.measures(_Sheet(measures_ws, MEASURE_COLUMNS))
            if not measures and not checker.problems:
                checker.problem(measures_ws.title, None, None, "no measures")
        if indicators_ws is not None:
            indicators = checker.indicators(
                _Sheet(indicators_ws, INDICATOR_COLUMNS), target_year, checker.measure_numbers
            )
    finally:
        workbook.close()
    if checker.problems:
        raise PlanImportError(checker.problems)
    return {
        "title": title.strip(),
        "document_number": document_number,
        "division": division,
        "start_year": start_year,
        "target_year": target_year,
        "is_default": False,
        "measures": measures,
        "indicators": indicators,
    }


def import_plan(
    file: str | Path | IO[bytes],
    *,
    title: str,
    division: str,
    start_year: int,
    target_year: int,
    document_number: str = "",
) -> Any:
    """Check the workbook and create the plan with its measures and indicators; return the
    plan. Raises `PlanImportError` (nothing written) when anything is wrong."""
    data = check_plan(
        file,
        title=title,
        division=division,
        start_year=start_year,
        target_year=target_year,
        document_number=document_number,
    )
    return load_plan(data, live_get_model)

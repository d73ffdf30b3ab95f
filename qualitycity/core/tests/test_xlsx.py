"""The streaming xlsx reader (core.xlsx) against python-calamine, on workbooks written for
real: every generated workbook must read the same through both, row numbers included."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qualitycity.core import spreadsheets, xlsx
from qualitycity.core.spreadsheets import read_table
from qualitycity.core.tests.test_spreadsheets import rewrite_member

HEADERS = ["编号", "名称", "金额", "日期", "时间", "是否"]
SHEET = "xl/worksheets/sheet1.xml"


def _small(path: Path, rows: list[list[Any]]) -> Path:
    """A workbook of `rows` from A1, strings shared (XlsxWriter's default)."""
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet()
    for r, row in enumerate(rows):
        sheet.write_row(r, 0, row)
    workbook.close()
    return path


def _rows_of(table: spreadsheets.Table) -> list[tuple[int, list[Any]]]:
    with table:
        return [(row.number, row.values) for row in table]


def _both(data: bytes) -> tuple[Any, Any]:
    """(streaming, calamine) readings of the same xlsx bytes."""
    streamed = read_table(data, filename="t.xlsx")
    assert streamed.rows.__class__.__name__ == "generator"
    source = spreadsheets._open_source(data, spreadsheets.DEFAULT_MAX_BYTES)
    calamine = spreadsheets._read_workbook(source, "xlsx", "t.xlsx", spreadsheets.DEFAULT_MAX_ROWS)
    return (streamed.headers, _rows_of(streamed)), (calamine.headers, _rows_of(calamine))


_TEXT = st.lists(
    st.sampled_from([*"晋城泽州铸造abcXYZ09 _&<>\"'x", "_x000D_", "\u3000", "\n", "&amp;"]), max_size=10
).map("".join)
_CELL = st.one_of(
    st.none(),
    _TEXT,
    st.integers(min_value=-(10**9), max_value=10**9),
    st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(2100, 1, 1)).map(
        lambda d: d.replace(microsecond=0)
    ),
    st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2100, 1, 1)),
    st.times().map(lambda t: t.replace(microsecond=0)),
)


def _write(rows: list[list[Any]], *, inline: bool) -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"constant_memory": inline, "in_memory": not inline})
    sheet = workbook.add_worksheet()
    formats = {
        dt.datetime: workbook.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"}),
        dt.date: workbook.add_format({"num_format": 'yyyy"年"m"月"d"日"'}),
        dt.time: workbook.add_format({"num_format": "hh:mm:ss"}),
    }
    sheet.write_row(0, 0, HEADERS)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, dt.date | dt.time):
                sheet.write_datetime(r, c, value, formats[type(value)])
            elif isinstance(value, str):
                sheet.write_string(r, c, value)
            else:
                sheet.write(r, c, value)
    workbook.close()
    return buffer.getvalue()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.lists(_CELL, min_size=len(HEADERS), max_size=len(HEADERS)), min_size=1, max_size=12),
    st.booleans(),
)
def test_streaming_reader_reads_what_calamine_reads(rows: list[list[Any]], inline: bool) -> None:
    streamed, calamine = _both(_write(rows, inline=inline))
    assert streamed == calamine


def test_shared_strings_beyond_the_memory_budget_come_from_the_temporary_file(tmp_path: Path) -> None:
    rows = [[f"S{i:05d}", f"名称{i}", i] for i in range(3000)]
    path = _small(tmp_path / "many.xlsx", [HEADERS[:3], *rows])
    with zipfile.ZipFile(path) as archive:
        book = xlsx.Workbook(archive, memory_bytes=500)
        try:
            assert len(book.strings) == 3 + 2 * 3000
            assert book.strings.on_disk > 5000  # most strings were written out
            got = [[v for _c, v in cells] for _r, cells in book.rows(book.sheets[0])]
        finally:
            book.close()
    assert got[0] == HEADERS[:3]
    assert got[1:] == [[a, b, float(c)] for a, b, c in rows]


def test_rich_text_and_prefixed_namespaces_use_the_parser(tmp_path: Path) -> None:
    path = tmp_path / "rich.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet()
    bold = workbook.add_format({"bold": True})
    sheet.write_row(0, 0, ["名称", "备注"])
    sheet.write_rich_string(1, 0, "晋城", bold, "铸造", "厂")
    sheet.write_string(1, 1, "普通")
    workbook.close()
    with read_table(path, filename="rich.xlsx") as table:
        assert [row.values for row in table] == [["晋城铸造厂", "普通"]]
    # the same sheet with an `x:` prefix on every element reads the same through ElementTree
    prefixed = tmp_path / "prefixed.xlsx"
    prefixed.write_bytes(path.read_bytes())
    rewrite_member(
        prefixed,
        SHEET,
        lambda xml: re.sub(r"<(/?)(?!\?)([a-zA-Z])", r"<\1x:\2", xml.replace('xmlns="', 'xmlns:x="')),
    )
    with read_table(prefixed, filename="prefixed.xlsx") as table:
        assert table.headers == ["名称", "备注"]
        assert [row.values for row in table] == [["晋城铸造厂", "普通"]]


def test_openpyxl_workbook_with_gaps_and_1904_dates(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["a", "b", "c"])
    sheet.append([1, None, "x"])
    sheet.append([])
    sheet.append([None, None, None])
    sheet["A5"] = dt.date(2023, 5, 1)
    book.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    path = tmp_path / "gaps.xlsx"
    book.save(path)
    data = path.read_bytes()
    streamed, calamine = _both(data)
    assert streamed == calamine
    assert streamed[1] == [(2, [1, None, "x"]), (5, [dt.date(2023, 5, 1), None, None])]


def test_error_cell_names_row_and_column(tmp_path: Path) -> None:
    path = _small(tmp_path / "err.xlsx", [["a", "b"], ["x", "y"]])
    rewrite_member(
        path,
        SHEET,
        lambda xml: xml.replace('<c r="B2" t="s"><v>3</v></c>', '<c r="B2" t="e"><v>#DIV/0!</v></c>'),
    )
    with pytest.raises(spreadsheets.SpreadsheetError) as caught:
        _rows_of(read_table(path, filename="err.xlsx"))
    assert (caught.value.code, caught.value.row, caught.value.column) == ("cell_error", 2, "B")


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("yyyy-mm-dd", xlsx.DATE),
        ('yyyy"年"m"月"d"日"', xlsx.DATE),
        ("h:mm AM/PM", xlsx.DATE),
        ("[h]:mm:ss", xlsx.DURATION),
        ("0.00", None),
        ('"day"0', None),
        ("[Red]0.00", None),
        ("#,##0;[Red]-#,##0", None),
        ("0.00_);\\(0.00\\)", None),
    ],
)
def test_number_format_kinds(code: str, kind: str | None) -> None:
    assert xlsx.format_kind(code) == kind


def test_excel_serials_as_calamine_gives_them() -> None:
    assert xlsx.excel_datetime(45047) == dt.date(2023, 5, 1)
    assert xlsx.excel_datetime(45047.5625) == dt.datetime(2023, 5, 1, 13, 30)
    assert xlsx.excel_datetime(0.5) == dt.time(12, 0)
    assert xlsx.excel_datetime(59) == dt.date(1900, 2, 28)
    assert xlsx.excel_datetime(61) == dt.date(1900, 3, 1)
    assert xlsx.excel_datetime(0, date1904=True) == dt.time(0, 0)
    assert xlsx.excel_datetime(1, date1904=True) == dt.date(1904, 1, 2)


@pytest.mark.parametrize(
    ("member", "change"),
    [
        (SHEET, lambda xml: "<html>" + xml[200:]),  # no worksheet root
        (SHEET, lambda xml: xml.replace("<v>1</v>", "<v>999</v>")),  # no such shared string
        ("xl/sharedStrings.xml", lambda xml: xml[: len(xml) // 2]),  # cut short
    ],
)
def test_a_damaged_package_is_reported_as_damaged(tmp_path: Path, member: str, change: Any) -> None:
    path = _small(tmp_path / "broken.xlsx", [["名称", "备注"], ["甲", "乙"]])
    rewrite_member(path, member, change)
    with pytest.raises(spreadsheets.SpreadsheetError) as caught:
        _rows_of(read_table(path, filename="broken.xlsx"))
    assert caught.value.code == "corrupt_file"

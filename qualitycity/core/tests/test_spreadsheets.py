"""Unit tests for qualitycity.core.spreadsheets (pure Python, no Django, no database).

Every input file is built for real in ``tmp_path`` (or in memory): xlsx with XlsxWriter and
openpyxl, ods by hand (a zip with ``mimetype``, a manifest and ``content.xml``), xls with xlwt
when it is installed, and CSV files in UTF-8, UTF-8 with BOM, GBK and UTF-16.
"""

from __future__ import annotations

import codecs
import datetime as dt
import io
import pickle
import random
import re
import zipfile
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qualitycity.core import spreadsheets
from qualitycity.core.spreadsheets import (
    ERROR_CODES,
    MESSAGE_KEYS,
    Row,
    SpreadsheetError,
    Table,
    column_letter,
    iter_csv,
    read_table,
    write_csv,
    write_xlsx,
)

USCC = "统一社会信用代码"
NAME = "企业名称"
SHEET_XML = "xl/worksheets/sheet1.xml"


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------


def make_xlsx(
    path: Path,
    rows: Sequence[Sequence[Any]],
    build: Callable[[Any, Any], None] | None = None,
) -> Path:
    """Write ``rows`` from A1 with XlsxWriter; ``build(workbook, worksheet)`` adds extras."""
    workbook = xlsxwriter.Workbook(str(path))
    worksheet = workbook.add_worksheet("Data")
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, str):
                worksheet.write_string(r, c, value)
            elif isinstance(value, dt.date):
                worksheet.write_datetime(r, c, value, date_format)
            else:
                worksheet.write(r, c, value)
    if build is not None:
        build(workbook, worksheet)
    workbook.close()
    return path


def rewrite_member(path: Path, member: str, change: Callable[[str], str]) -> None:
    """Rewrite one text member of a zip file in place."""
    with zipfile.ZipFile(path) as archive:
        items = [(info, archive.read(info.filename)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in items:
            if info.filename == member:
                data = change(data.decode("utf-8")).encode("utf-8")
            archive.writestr(info, data)


def member_text(path: Path | bytes, member: str = SHEET_XML) -> str:
    source = io.BytesIO(path) if isinstance(path, bytes) else path
    with zipfile.ZipFile(source) as archive:
        return archive.read(member).decode("utf-8")


ODS_MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"
  manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/"
   manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>"""

ODS_CONTENT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content
  xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
  xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
  xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">
 <office:body><office:spreadsheet><table:table table:name="企业名单">{rows}</table:table>
 </office:spreadsheet></office:body></office:document-content>"""


def ods_cell(value: Any = None, *, attrs: str = "") -> str:
    if value is None:
        return f"<table:table-cell {attrs}/>"
    if isinstance(value, dt.date):
        return (
            f'<table:table-cell office:value-type="date" office:date-value="{value.isoformat()}"'
            f" {attrs}><text:p>{value}</text:p></table:table-cell>"
        )
    if isinstance(value, int | float):
        return (
            f'<table:table-cell office:value-type="float" office:value="{value}" {attrs}>'
            f"<text:p>{value}</text:p></table:table-cell>"
        )
    cell = f'<table:table-cell office:value-type="string" {attrs}>'
    return f"{cell}<text:p>{value}</text:p></table:table-cell>"


def ods_row(*cells: str, attrs: str = "") -> str:
    return f"<table:table-row {attrs}>{''.join(cells)}</table:table-row>"


def make_ods(path: Path, rows_xml: str) -> Path:
    """A minimal but valid OpenDocument spreadsheet, written by hand."""
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"),
            "application/vnd.oasis.opendocument.spreadsheet",
            compress_type=zipfile.ZIP_STORED,
        )
        archive.writestr("META-INF/manifest.xml", ODS_MANIFEST, zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", ODS_CONTENT.format(rows=rows_xml), zipfile.ZIP_DEFLATED)
    return path


def read_all(source: Any, filename: str, **kwargs: Any) -> tuple[list[str], list[Row]]:
    with read_table(source, filename=filename, **kwargs) as table:
        return table.headers, list(table.rows)


def error_of(source: Any, filename: str, **kwargs: Any) -> SpreadsheetError:
    """The SpreadsheetError raised while opening *or iterating* the file."""
    with pytest.raises(SpreadsheetError) as excinfo:
        read_all(source, filename, **kwargs)
    error = excinfo.value
    assert error.code in ERROR_CODES
    assert error.message_key == MESSAGE_KEYS[error.code]
    assert "{" not in error.message, error.message
    return error


def csv_bytes(lines: Sequence[str], encoding: str = "utf-8", bom: bytes = b"") -> bytes:
    return bom + ("\r\n".join(lines) + "\r\n").encode(encoding)


# --------------------------------------------------------------------------------------------
# Small pure helpers and the error type
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("index", "letters"), [(0, "A"), (25, "Z"), (26, "AA"), (701, "ZZ"), (16383, "XFD")])
def test_column_letter(index: int, letters: str) -> None:
    assert column_letter(index) == letters


def test_every_message_key_formats_with_its_params() -> None:
    params = {
        "filename": "a.xlsx",
        "detected": "png",
        "header": "企业名称",
        "first_column": "A",
        "max_rows": 10,
        "size_mb": 2.0,
        "max_mb": 1.0,
        "error": "#N/A",
    }
    for code, key in MESSAGE_KEYS.items():
        assert code in ERROR_CODES
        message = key.format(row=3, column="B", **params)
        assert "{" not in message
        assert message.endswith(".")


def test_error_message_pickle_and_repr() -> None:
    error = SpreadsheetError(spreadsheets.MERGED_CELLS, spreadsheets.MSG_MERGED_CELLS, {}, row=4, column="C")
    assert error.message == (
        "Row 4, column C: merged cells are not allowed; unmerge them and fill every cell."
    )
    assert str(error) == error.message
    clone = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own object, e.g. task results
    assert (clone.code, clone.row, clone.column, clone.message) == (
        error.code,
        4,
        "C",
        error.message,
    )
    assert "merged_cells" in repr(error)
    # An unknown placeholder is left as-is instead of raising KeyError.
    assert SpreadsheetError("x", "Value {missing}").message == "Value {missing}"


# --------------------------------------------------------------------------------------------
# xlsx reading
# --------------------------------------------------------------------------------------------


def test_xlsx_values_types_and_row_numbers(tmp_path: Path) -> None:
    rows = [
        [USCC, NAME, "成立日期", "注册资本", "行政区划", "在营"],
        ["91140525MA0K123456", "  某某有限公司\u3000", dt.date(2021, 3, 5), 100.0, "140525", True],
        ["0140525", "乙公司", dt.datetime(2022, 1, 2, 3, 4, 5), 12.300000000000001, "0", False],
        [None, None, None, None, None, None],
        ["   ", None, None, None, None, None],
        ["91140525MA0K654321", "丙公司", None, 2.5, None, None],
    ]

    def build(workbook: Any, worksheet: Any) -> None:
        time_format = workbook.add_format({"num_format": "hh:mm:ss"})
        worksheet.write_string(0, 6, "时间")
        worksheet.write_datetime(1, 6, dt.time(3, 4, 5), time_format)
        # Trailing rows holding only whitespace and formatting are not data.
        worksheet.write_string(8, 0, " ")
        worksheet.write_blank(9, 1, None, time_format)

    path = make_xlsx(tmp_path / "企业.xlsx", rows, build)
    with read_table(path, filename="企业.xlsx") as table:
        assert table.headers == [USCC, NAME, "成立日期", "注册资本", "行政区划", "在营", "时间"]
        assert table.sheet_name == "Data"
        assert table.file_format == "xlsx"
        assert table.column_letters == ["A", "B", "C", "D", "E", "F", "G"]
        assert table.column_of("行政区划") == "E"
        assert iter(table) is table.rows  # lazy: an iterator, not a list
        result = list(table)
    assert [row.number for row in result] == [2, 3, 6]
    first, second, third = result
    assert first.values == [
        "91140525MA0K123456",
        "某某有限公司",
        dt.date(2021, 3, 5),
        100,
        "140525",
        True,
        "03:04:05",
    ]
    assert type(first.values[2]) is dt.date
    assert type(first.values[3]) is int
    assert second.values[:6] == [
        "0140525",
        "乙公司",
        dt.datetime(2022, 1, 2, 3, 4, 5),
        12.3,
        "0",
        False,
    ]
    assert third.as_dict() == {
        USCC: "91140525MA0K654321",
        NAME: "丙公司",
        "成立日期": None,
        "注册资本": 2.5,
        "行政区划": None,
        "在营": None,
        "时间": None,
    }
    assert third.get(NAME) == "丙公司"
    assert third.get("nope", "default") == "default"


def test_header_whitespace_is_normalised(tmp_path: Path) -> None:
    headers = ["\u3000统一社会\n信用代码 ", "企业 名称", " Company\r\nname  ", "a\u00a0\tb"]
    path = make_xlsx(tmp_path / "h.xlsx", [headers, ["1", "2", "3", "4"]])
    assert read_all(path, "h.xlsx")[0] == [USCC, NAME, "Company name", "a b"]


def test_non_text_headers_become_text(tmp_path: Path) -> None:
    path = make_xlsx(tmp_path / "h.xlsx", [[2023, 1.5, dt.date(2024, 1, 1)], ["a", "b", "c"]])
    assert read_all(path, "h.xlsx")[0] == ["2023", "1.5", "2024-01-01"]


def test_first_visible_non_empty_sheet_is_used(tmp_path: Path) -> None:
    path = tmp_path / "multi.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    hidden = workbook.add_worksheet("Hidden")
    hidden.write_row(0, 0, ["secret"])
    hidden.hide()
    workbook.add_worksheet("Empty")
    real = workbook.add_worksheet("名单")
    real.write_row(0, 0, [NAME])
    real.write_row(1, 0, ["甲公司"])
    real.activate()
    workbook.close()
    with read_table(path, filename="multi.xlsx") as table:
        assert table.sheet_name == "名单"
        assert [row.values for row in table] == [["甲公司"]]


def test_leading_empty_columns_keep_excel_letters(tmp_path: Path) -> None:
    path = make_xlsx(tmp_path / "b.xlsx", [[None, None, NAME, "代码"], [None, None, "甲", "01"]])
    with read_table(path, filename="b.xlsx") as table:
        assert table.headers == [NAME, "代码"]
        assert table.column_letters == ["C", "D"]
        assert [row.values for row in table] == [["甲", "01"]]


def test_xlsx_written_by_openpyxl(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "导入"
    sheet.append([USCC, NAME, "日期", "数量"])
    sheet.append(["91140525MA0K123456", "甲公司", dt.date(2024, 5, 6), 3])
    sheet.append(["000123", "乙公司", dt.datetime(2024, 5, 6, 7, 8), 4.75])
    path = tmp_path / "openpyxl.xlsx"
    workbook.save(path)
    headers, rows = read_all(path, "openpyxl.xlsx")
    assert headers == [USCC, NAME, "日期", "数量"]
    assert [row.values for row in rows] == [
        ["91140525MA0K123456", "甲公司", dt.date(2024, 5, 6), 3],
        ["000123", "乙公司", dt.datetime(2024, 5, 6, 7, 8), 4.75],
    ]


def test_header_only_file_has_no_rows(tmp_path: Path) -> None:
    path = make_xlsx(tmp_path / "t.xlsx", [[USCC, NAME]])
    assert read_all(path, "t.xlsx") == ([USCC, NAME], [])


# --------------------------------------------------------------------------------------------
# Merged cells, formulas without values, error cells
# --------------------------------------------------------------------------------------------


def test_merged_cells_in_data_area_are_rejected(tmp_path: Path) -> None:
    def build(workbook: Any, worksheet: Any) -> None:
        worksheet.merge_range(2, 1, 3, 2, "合并")

    path = make_xlsx(tmp_path / "m.xlsx", [[USCC, NAME, "备注"], ["1", "甲", "x"]], build)
    error = error_of(path, "m.xlsx")
    assert (error.code, error.row, error.column) == ("merged_cells", 3, "B")
    assert error.message.startswith("Row 3, column B: merged cells are not allowed")


def test_merged_title_row_is_rejected(tmp_path: Path) -> None:
    def build(workbook: Any, worksheet: Any) -> None:
        worksheet.merge_range(0, 0, 0, 2, "2024年企业名单")

    path = make_xlsx(tmp_path / "m.xlsx", [[], [USCC, NAME, "备注"], ["1", "甲", "x"]], build)
    error = error_of(path, "m.xlsx")
    assert (error.code, error.row, error.column) == ("merged_cells", 1, "A")


def test_merged_blank_cells_outside_the_data_are_ignored(tmp_path: Path) -> None:
    def build(workbook: Any, worksheet: Any) -> None:
        worksheet.merge_range(10, 5, 11, 6, "")

    path = make_xlsx(tmp_path / "m.xlsx", [[NAME], ["甲"]], build)
    assert [row.values for row in read_all(path, "m.xlsx")[1]] == [["甲"]]


def test_merge_fallback_scan_of_the_sheet_xml(tmp_path: Path) -> None:
    """The streaming XML scan used when calamine cannot report merged ranges."""

    def build(workbook: Any, worksheet: Any) -> None:
        worksheet.merge_range(2, 1, 3, 2, "合并")
        worksheet.merge_range(5, 0, 5, 3, "另一个")

    path = make_xlsx(tmp_path / "m.xlsx", [[USCC, NAME, "备注"], ["1", "甲", "x"]], build)
    with zipfile.ZipFile(path) as archive:
        member = spreadsheets._xlsx_sheet_part(archive, "Data")
        assert member == SHEET_XML
        scan = spreadsheets._scan_xlsx_sheet(archive, member, cells=False, merges=True)
    assert scan.problem is None
    assert scan.merges == [((2, 1), (3, 2)), ((5, 0), (5, 3))]


def test_formula_without_cached_value_is_rejected(tmp_path: Path) -> None:
    def build(workbook: Any, worksheet: Any) -> None:
        worksheet.write_formula(2, 1, "=A3*2", None, 0)  # has a cached value: fine
        worksheet.write_formula(3, 1, "=A4*2", None, "")  # <v></v>: never calculated

    path = make_xlsx(tmp_path / "f.xlsx", [["数量", "两倍"], [1, 2], [3], [4]], build)
    xml = member_text(path)
    assert '<c r="B3"><f>A3*2</f><v>0</v></c>' in xml
    assert '<c r="B4"><f>A4*2</f><v></v></c>' in xml
    error = error_of(path, "f.xlsx")
    assert (error.code, error.row, error.column) == ("formula_without_value", 4, "B")


def test_formula_written_by_openpyxl_has_no_value(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["数量", "合计"])
    sheet.append([5, "=A2*2"])
    path = tmp_path / "o.xlsx"
    workbook.save(path)
    assert "<f>A2*2</f><v />" in member_text(path)
    error = error_of(path, "o.xlsx")
    assert (error.code, error.row, error.column) == ("formula_without_value", 2, "B")


def test_formula_with_empty_string_result_is_fine(tmp_path: Path) -> None:
    def build(workbook: Any, worksheet: Any) -> None:
        worksheet.write_formula(1, 1, '=""', None, "x")
        worksheet.write_formula(2, 1, "=A3", None, 7)

    path = make_xlsx(tmp_path / "s.xlsx", [["a", "b"], ["1"], ["2"]], build)
    # Excel stores the result of ="" as t="str" with an empty <v>.
    rewrite_member(path, SHEET_XML, lambda xml: xml.replace("<v>x</v>", "<v></v>"))
    assert '<c r="B2" t="str"><f>""</f><v></v></c>' in member_text(path)
    rows = read_all(path, "s.xlsx")[1]
    assert [row.values for row in rows] == [["1", None], ["2", 7]]


def test_error_cells_are_rejected(tmp_path: Path) -> None:
    def build(workbook: Any, worksheet: Any) -> None:
        worksheet.write_formula(2, 1, "=1/0", None, "#DIV/0!")

    path = make_xlsx(tmp_path / "e.xlsx", [["a", "b"], ["1", "2"], ["3"]], build)
    error = error_of(path, "e.xlsx")
    assert (error.code, error.row, error.column) == ("cell_error", 3, "B")
    assert error.params["error"] == "#DIV/0!"


def test_cells_without_r_attribute_use_the_exact_scan(tmp_path: Path) -> None:
    def build(workbook: Any, worksheet: Any) -> None:
        worksheet.write_formula(2, 1, "=A3*2", None, "")

    path = make_xlsx(tmp_path / "n.xlsx", [["a", "b"], ["1", "2"], ["3"]], build)
    rewrite_member(path, SHEET_XML, lambda xml: re.sub(r'<c r="[A-Z]+\d+"', "<c", xml))
    with zipfile.ZipFile(path) as archive:
        scan = spreadsheets._scan_xlsx_sheet(archive, SHEET_XML)
    assert scan.problem is not None
    assert (scan.problem.code, scan.problem.row, scan.problem.column) == (
        "formula_without_value",
        3,
        "B",
    )


def test_namespace_prefixed_sheet_xml_is_scanned(tmp_path: Path) -> None:
    def build(workbook: Any, worksheet: Any) -> None:
        worksheet.write_formula(1, 1, "=A2", None, 5)
        worksheet.write_formula(2, 1, "=A3", None, "")

    path = make_xlsx(tmp_path / "p.xlsx", [["a", "b"], ["1"], ["3"]], build)

    def prefix(xml: str) -> str:
        xml = re.sub(r"<(/?)([A-Za-z]+)([\s/>])", r"<\1x:\2\3", xml)
        return xml.replace(' xmlns="', ' xmlns:x="')

    rewrite_member(path, SHEET_XML, prefix)
    assert '<x:c r="B3"><x:f>A3</x:f><x:v></x:v></x:c>' in member_text(path)
    with zipfile.ZipFile(path) as archive:
        scan = spreadsheets._scan_xlsx_sheet(archive, SHEET_XML)
    assert scan.problem is not None
    assert (scan.problem.row, scan.problem.column) == (3, "B")


# --------------------------------------------------------------------------------------------
# ods and xls
# --------------------------------------------------------------------------------------------


def test_ods_written_by_hand(tmp_path: Path) -> None:
    rows = "".join(
        [
            ods_row(ods_cell(USCC), ods_cell(NAME), ods_cell("日期"), ods_cell("数量")),
            ods_row(ods_cell("0140525"), ods_cell("甲公司"), ods_cell(dt.date(2024, 3, 5)), ods_cell(3)),
            ods_row(
                ods_cell(attrs='table:number-columns-repeated="4"'),
                attrs='table:number-rows-repeated="2"',
            ),
            ods_row(ods_cell("91140525MA0K123456"), ods_cell(" 乙公司 "), ods_cell(), ods_cell(2.5)),
        ]
    )
    path = make_ods(tmp_path / "企业.ods", rows)
    with read_table(path, filename="企业.ods") as table:
        assert table.file_format == "ods"
        assert table.sheet_name == "企业名单"
        assert table.headers == [USCC, NAME, "日期", "数量"]
        rows_read = list(table)
    assert [(row.number, row.values) for row in rows_read] == [
        (2, ["0140525", "甲公司", dt.date(2024, 3, 5), 3]),
        (5, ["91140525MA0K123456", "乙公司", None, 2.5]),
    ]


def test_ods_merged_cells_are_rejected(tmp_path: Path) -> None:
    rows = "".join(
        [
            ods_row(ods_cell("a"), ods_cell("b"), ods_cell("c")),
            ods_row(
                ods_cell(attrs='table:number-columns-repeated="3"'),
                attrs='table:number-rows-repeated="2"',
            ),
            ods_row(
                ods_cell("x"),
                ods_cell("m", attrs='table:number-columns-spanned="2"'),
                "<table:covered-table-cell/>",
            ),
        ]
    )
    error = error_of(make_ods(tmp_path / "m.ods", rows), "m.ods")
    assert (error.code, error.row, error.column) == ("merged_cells", 4, "B")


def test_xls_written_by_xlwt(tmp_path: Path) -> None:
    xlwt = pytest.importorskip("xlwt")
    workbook = xlwt.Workbook(encoding="utf-8")
    sheet = workbook.add_sheet("数据")
    for col, header in enumerate([USCC, NAME, "日期", "数量"]):
        sheet.write(0, col, header)
    sheet.write(1, 0, "91140525MA0K123456")
    sheet.write(1, 1, "甲公司")
    sheet.write(1, 2, dt.date(2024, 3, 5), xlwt.easyxf(num_format_str="yyyy-mm-dd"))
    sheet.write(1, 3, 3.0)
    sheet.write(3, 0, "0140525")
    sheet.write(3, 3, 2.5)
    path = tmp_path / "old.xls"
    workbook.save(str(path))
    with read_table(path, filename="old.xls") as table:
        assert table.file_format == "xls"
        assert table.sheet_name == "数据"
        assert table.headers == [USCC, NAME, "日期", "数量"]
        assert [(row.number, row.values) for row in table] == [
            (2, ["91140525MA0K123456", "甲公司", dt.date(2024, 3, 5), 3]),
            (4, ["0140525", None, None, 2.5]),
        ]

    sheet.write_merge(5, 6, 1, 2, "合并")
    merged = tmp_path / "merged.xls"
    workbook.save(str(merged))
    error = error_of(merged, "merged.xls")
    assert (error.code, error.row, error.column) == ("merged_cells", 6, "B")


# --------------------------------------------------------------------------------------------
# CSV reading
# --------------------------------------------------------------------------------------------

CSV_LINES = [f"{USCC},{NAME},行政区划", "91140525MA0K123456,甲公司,140525", "0001,乙公司,0140525"]
CSV_ROWS = [["91140525MA0K123456", "甲公司", "140525"], ["0001", "乙公司", "0140525"]]


@pytest.mark.parametrize(
    ("encoding", "bom", "expected"),
    [
        ("utf-8", b"", "utf-8"),
        ("utf-8", codecs.BOM_UTF8, "utf-8"),
        ("gbk", b"", "gb18030"),
        ("gb18030", b"", "gb18030"),
        ("gbk", codecs.BOM_UTF8, "gb18030"),  # a stray UTF-8 BOM in front of GBK text
        ("gb18030", b"\x84\x31\x95\x33", "gb18030"),  # GB18030's own BOM
        ("utf-16-le", codecs.BOM_UTF16_LE, "utf-16-le"),
    ],
)
def test_csv_encodings(tmp_path: Path, encoding: str, bom: bytes, expected: str) -> None:
    path = tmp_path / "企业.csv"
    path.write_bytes(csv_bytes(CSV_LINES, encoding, bom))
    with read_table(path, filename="企业.csv") as table:
        assert table.encoding == expected
        assert table.file_format == "csv"
        assert table.sheet_name is None
        assert table.headers == [USCC, NAME, "行政区划"]
        assert [row.values for row in table] == CSV_ROWS


def test_bom_decoded_inside_the_text_is_stripped_from_the_first_header() -> None:
    # Two BOMs (a file saved twice by a naive tool): the second one decodes to U+FEFF.
    data = codecs.BOM_UTF8 + csv_bytes(CSV_LINES, "utf-8", codecs.BOM_UTF8)
    assert read_all(data, "x.csv")[0] == [USCC, NAME, "行政区划"]


@pytest.mark.parametrize(
    ("separator", "filename", "expected"),
    [(",", "a.csv", ","), ("\t", "a.txt", "\t"), (";", "a.csv", ";"), ("\t", "a.tsv", "\t")],
)
def test_csv_delimiter_sniffing(separator: str, filename: str, expected: str) -> None:
    lines = [separator.join(["名称", "金额", "备注"]), separator.join(["甲", "1,5", "x"])]
    if separator == ",":
        lines[1] = '甲,"1,5",x'
    with read_table(csv_bytes(lines), filename=filename) as table:
        assert table.delimiter == expected
        assert table.headers == ["名称", "金额", "备注"]
        assert [row.values for row in table] == [["甲", "1,5", "x"]]


def test_excel_unicode_text_export() -> None:
    """Excel's "Unicode Text": UTF-16 LE with BOM, tab separated, sometimes named .xls."""
    data = codecs.BOM_UTF16_LE + "名称\t代码\r\n甲\t0012\r\n".encode("utf-16-le")
    with read_table(data, filename="导出.xls") as table:
        assert (table.file_format, table.delimiter) == ("csv", "\t")
        assert [row.values for row in table] == [["甲", "0012"]]


def test_csv_row_numbers_blank_rows_and_quoted_newlines() -> None:
    data = csv_bytes(
        [
            "名称,地址",
            '甲,"第一行',
            '第二行"',
            "",
            ",",
            " , \u3000",
            '"乙","  "',
            "丙,x",
            ",",
            "",
        ]
    )
    rows = read_all(data, "a.csv")[1]
    assert [(row.number, row.values) for row in rows] == [
        (2, ["甲", "第一行\r\n第二行"]),
        (6, ["乙", None]),
        (7, ["丙", "x"]),
    ]


def test_csv_short_rows_are_padded_and_empty_extra_cells_ignored() -> None:
    rows = read_all(csv_bytes(["a,b,c", "1", "2,3,4,,", "5,,,"]), "a.csv")[1]
    assert [row.values for row in rows] == [["1", None, None], ["2", "3", "4"], ["5", None, None]]


def test_cp1252_falls_back_to_charset_normalizer() -> None:
    text = "Nom,Remarque\r\n" + "Café crème,résumé naïve à 5 €\r\n" * 20
    with read_table(text.encode("cp1252"), filename="fr.csv") as table:
        assert table.encoding == "cp1252"
        assert next(table.rows).values == ["Café crème", "résumé naïve à 5 €"]


# --------------------------------------------------------------------------------------------
# Rejected files
# --------------------------------------------------------------------------------------------

SPREADSHEET_ML_NS = b"urn:schemas-microsoft-com:office:spreadsheet"
XML_2003 = b'<?xml version="1.0"?>\n<Workbook xmlns="' + SPREADSHEET_ML_NS + b'">'
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(range(256)) * 4


@pytest.mark.parametrize(
    ("data", "filename", "detected"),
    [
        (PNG, "photo.xlsx", "png"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "scan.xlsx", "pdf"),
        (random.Random(7).randbytes(8192), "random.xlsx", "binary"),
        (b"<html><body><table><tr><td>a</td></tr></table></body></html>", "export.xls", "html"),
        (
            XML_2003,
            "xml2003.xls",
            "xml",
        ),
        (b"a,b\n1,2\n", "data.pdf", "text"),
    ],
)
def test_unsupported_formats(tmp_path: Path, data: bytes, filename: str, detected: str) -> None:
    path = tmp_path / filename
    path.write_bytes(data)
    error = error_of(path, filename)
    assert error.code == "unsupported_format"
    assert error.params == {"filename": filename, "detected": detected}


def test_zip_that_is_not_a_spreadsheet(tmp_path: Path) -> None:
    path = tmp_path / "letter.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    error = error_of(path, "letter.xlsx")
    assert (error.code, error.params["detected"]) == ("unsupported_format", "docx")


def test_ods_text_document_is_unsupported(tmp_path: Path) -> None:
    path = tmp_path / "letter.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
    error = error_of(path, "letter.ods")
    assert (error.code, error.params["detected"]) == ("unsupported_format", "text")


def test_truncated_xlsx_is_corrupt(tmp_path: Path) -> None:
    good = make_xlsx(tmp_path / "good.xlsx", [[NAME], ["甲"]]).read_bytes()
    assert error_of(good[: len(good) // 2], "cut.xlsx").code == "corrupt_file"


def test_xlsx_with_broken_sheet_xml_is_corrupt(tmp_path: Path) -> None:
    path = make_xlsx(tmp_path / "bad.xlsx", [[NAME], ["甲"]])
    rewrite_member(path, SHEET_XML, lambda xml: xml[: len(xml) // 2])
    assert error_of(path, "bad.xlsx").code == "corrupt_file"


def test_ole_file_with_encrypted_package_is_password_protected() -> None:
    # Office saves a password-protected xlsx as an OLE2 file with an EncryptedPackage stream.
    data = spreadsheets._OLE_MAGIC + bytes(504) + "EncryptedPackage".encode("utf-16-le") * 4
    assert error_of(data, "secret.xlsx").code == "password_protected"


def test_word_document_renamed_xls_is_unsupported() -> None:
    data = spreadsheets._OLE_MAGIC + bytes(504) + "WordDocument".encode("utf-16-le") * 4
    error = error_of(data, "letter.xls")
    assert (error.code, error.params["detected"]) == ("unsupported_format", "doc")


def test_zip_bomb_is_too_large(tmp_path: Path) -> None:
    path = make_xlsx(tmp_path / "bomb.xlsx", [[NAME], ["甲"]])
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", bytes(2_000_000))
    assert path.stat().st_size < 100_000
    error = error_of(path, "bomb.xlsx", max_bytes=200_000)
    assert error.code == "too_large"


@pytest.mark.parametrize(
    ("data", "filename"),
    [
        (b"", "empty.csv"),
        (b"", "empty.xlsx"),
        (b"\r\n\r\n  \r\n", "blank.csv"),
        (codecs.BOM_UTF8, "bom.csv"),
    ],
)
def test_empty_files(data: bytes, filename: str) -> None:
    error = error_of(data, filename)
    assert (error.code, error.params) == ("empty_file", {"filename": filename})


def test_workbook_without_data_is_empty(tmp_path: Path) -> None:
    assert error_of(make_xlsx(tmp_path / "e.xlsx", []), "e.xlsx").code == "empty_file"


def test_header_must_be_in_row_1(tmp_path: Path) -> None:
    error = error_of(make_xlsx(tmp_path / "h.xlsx", [[], [NAME], ["甲"]]), "h.xlsx")
    assert (error.code, error.row) == ("no_header", 1)
    error = error_of(csv_bytes(["", ",,", f"{NAME}", "甲"]), "h.csv")
    assert (error.code, error.row) == ("no_header", 1)


@pytest.mark.parametrize(
    "headers",
    [[USCC, NAME, NAME], [USCC, NAME, " 企业\n名称 "], ["Name", "CODE", "code"]],
)
def test_duplicate_headers(headers: list[str], tmp_path: Path) -> None:
    error = error_of(make_xlsx(tmp_path / "d.xlsx", [headers, ["1", "2", "3"]]), "d.xlsx")
    assert (error.code, error.row, error.column) == ("duplicate_header", 1, "C")
    assert error.params["first_column"] == "B"


def test_blank_header_between_headers(tmp_path: Path) -> None:
    path = make_xlsx(tmp_path / "b.xlsx", [[USCC, "  ", NAME], ["1", "2", "3"]])
    error = error_of(path, "b.xlsx")
    assert (error.code, error.row, error.column) == ("blank_header", 1, "B")
    error = error_of(csv_bytes([",名称", "1,2"]), "b.csv")
    assert (error.code, error.column) == ("blank_header", "A")


def test_value_under_a_missing_header(tmp_path: Path) -> None:
    path = make_xlsx(tmp_path / "x.xlsx", [[USCC, NAME], ["1", "2"], ["3", "4", "备注"]])
    error = error_of(path, "x.xlsx")
    assert (error.code, error.row, error.column) == ("data_outside_header", 3, "C")
    error = error_of(csv_bytes(["a,b", "1,2,,x"]), "x.csv")
    assert (error.code, error.row, error.column) == ("data_outside_header", 2, "D")


def test_undecodable_csv() -> None:
    data = b"name,value\r\na,\x81\x20\x81\x20\x8d\x20\r\n"
    error = error_of(data, "bad.csv")
    assert error.code == "encoding"


def test_undecodable_bytes_after_a_clean_start() -> None:
    """Detection reads the whole file, not only the sniffed head."""
    data = b"name,value\r\n" + b"a,b\r\n" * 20_000 + b"c,\x81\x20\x8d\x20\r\n"
    assert len(data) > spreadsheets._HEAD_SIZE
    assert error_of(data, "bad.csv").code == "encoding"


# --------------------------------------------------------------------------------------------
# Limits
# --------------------------------------------------------------------------------------------


def test_too_many_rows_is_raised_lazily_at_row_max_plus_one(tmp_path: Path) -> None:
    lines = ["名称,数量"] + [f"企业{i},{i}" for i in range(10)]
    ok = read_all(csv_bytes(lines), "ok.csv", max_rows=10)[1]
    assert len(ok) == 10
    # Blank rows do not count.
    with_blanks = csv_bytes([*lines[:5], "", ",", *lines[5:]])
    assert len(read_all(with_blanks, "ok.csv", max_rows=10)[1]) == 10

    with read_table(csv_bytes([*lines, "企业10,10", "企业11,11"]), filename="x.csv", max_rows=10) as table:
        seen: list[int] = []

        def consume() -> None:
            seen.extend(row.number for row in table)

        with pytest.raises(SpreadsheetError) as excinfo:
            consume()
    assert seen == list(range(2, 12))
    error = excinfo.value
    assert (error.code, error.row, error.params) == ("too_many_rows", 12, {"max_rows": 10})
    assert error.message == "The file has more than 10 data rows; split it into smaller files."

    xlsx = make_xlsx(tmp_path / "big.xlsx", [["名称"]] + [[f"企业{i}"] for i in range(11)])
    error = error_of(xlsx, "big.xlsx", max_rows=10)
    assert (error.code, error.row) == ("too_many_rows", 12)


def test_too_large_is_checked_before_parsing(tmp_path: Path) -> None:
    data = csv_bytes(CSV_LINES)
    path = tmp_path / "a.csv"
    path.write_bytes(data)
    limit = len(data) - 1
    for source in (path, str(path), data, io.BytesIO(data), NonSeekable(data)):
        error = error_of(source, "a.csv", max_bytes=limit)
        assert error.code == "too_large"
        assert error.params["max_bytes"] == limit
    assert len(read_all(path, "a.csv", max_bytes=len(data))[1]) == 2


class NonSeekable(io.RawIOBase):
    """A pipe-like stream: read() only."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def readinto(self, buffer: Any) -> int:
        chunk = self._data.read(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)


class UploadedFile:
    """Duck-types Django's TemporaryUploadedFile."""

    def __init__(self, path: Path) -> None:
        self._path = path

    def temporary_file_path(self) -> str:
        return str(self._path)

    def read(self, size: int = -1) -> bytes:  # pragma: no cover - must not be used
        raise AssertionError("read from the temporary path instead")


def test_every_kind_of_input(tmp_path: Path) -> None:
    xlsx = make_xlsx(tmp_path / "a.xlsx", [[NAME], ["甲"]])
    data = xlsx.read_bytes()
    sources: list[Any] = [
        xlsx,
        str(xlsx),
        data,
        io.BytesIO(data),
        io.BufferedReader(NonSeekable(data)),
        UploadedFile(xlsx),
    ]
    for source in sources:
        assert [row.values for row in read_all(source, "a.xlsx")[1]] == [["甲"]]
    csv_data = csv_bytes(CSV_LINES, "gbk")
    for source in (csv_data, io.BytesIO(csv_data), io.BufferedReader(NonSeekable(csv_data))):
        assert [row.values for row in read_all(source, "a.csv")[1]] == CSV_ROWS


def test_closing_a_table_early_releases_the_file(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes(csv_bytes(CSV_LINES))
    table = read_table(path, filename="a.csv")
    assert next(table.rows).number == 2
    table.close()
    assert list(table.rows) == []
    table.close()  # idempotent
    unstarted = read_table(path, filename="a.csv")
    unstarted.close()
    assert isinstance(unstarted, Table)


# --------------------------------------------------------------------------------------------
# Writing xlsx
# --------------------------------------------------------------------------------------------

WRITE_HEADERS = [USCC, NAME, "成立日期", "更新时间", "身份证号", "注册资本", "行政区划", "在营"]
WRITE_ROWS: list[list[Any]] = [
    [
        "91140525MA0K123456",
        '=HYPERLINK("http://evil")',
        dt.date(2021, 3, 5),
        dt.datetime(2024, 1, 2, 3, 4, 5),
        110101199003074514,
        Decimal("123.45"),
        "0140525",
        True,
    ],
    ["91140525MA0K654321", "http://example.com/a", None, None, "11010119900307451X", 7, "", False],
]


def test_write_xlsx_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    assert write_xlsx(path, WRITE_HEADERS, iter(WRITE_ROWS), sheet_name="企业") == 2
    with read_table(path, filename="out.xlsx") as table:
        assert table.headers == WRITE_HEADERS
        assert table.sheet_name == "企业"
        rows = [row.values for row in table]
    assert rows == [
        [
            "91140525MA0K123456",
            '=HYPERLINK("http://evil")',  # written as text, never as a formula
            dt.date(2021, 3, 5),
            dt.datetime(2024, 1, 2, 3, 4, 5),
            "110101199003074514",  # > 11 digits: text, so Excel cannot round it
            123.45,
            "0140525",
            True,
        ],
        [
            "91140525MA0K654321",
            "http://example.com/a",
            None,
            None,
            "11010119900307451X",
            7,
            None,
            False,
        ],
    ]


def test_write_xlsx_formatting(tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    write_xlsx(path, WRITE_HEADERS, WRITE_ROWS, column_formats={"注册资本": "#,##0.00"})
    sheet = openpyxl.load_workbook(path).active
    assert sheet.title == "Sheet1"
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.bold for cell in sheet[1])
    assert not sheet["A2"].font.bold
    assert sheet["C2"].number_format == "yyyy-mm-dd"
    assert sheet["D2"].number_format == "yyyy-mm-dd hh:mm:ss"
    assert sheet["F2"].number_format == "#,##0.00"
    assert sheet["G2"].number_format == "@"  # all-digit text keeps its leading zero on edit
    assert sheet["E2"].data_type == "s"
    # CJK characters count double: 8 characters -> at least 16 + padding.
    assert sheet.column_dimensions["A"].width >= 18
    assert sheet.column_dimensions["H"].width < sheet.column_dimensions["A"].width


def test_write_xlsx_to_a_file_object_and_sheet_name_cleanup() -> None:
    buffer = io.BytesIO()
    assert write_xlsx(buffer, ["a"], [], sheet_name="2024/01: [名单]*?") == 0
    with read_table(buffer.getvalue(), filename="x.xlsx") as table:
        assert table.sheet_name == "2024_01_ _名单___"
        assert table.headers == ["a"]
        assert list(table) == []


def test_write_xlsx_aware_datetimes_and_odd_values() -> None:
    buffer = io.BytesIO()
    aware = dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    write_xlsx(
        buffer,
        ["when", "n", "time", "text"],
        [[aware, float("nan"), dt.time(8, 30), "_x0041_ a\r\nb"]],
    )
    row = next(read_table(buffer.getvalue(), filename="x.xlsx").rows)
    assert row.values[0] == aware.astimezone().replace(tzinfo=None)
    assert row.values[1:] == ["nan", "08:30:00", "_x0041_ a\r\nb"]


# --------------------------------------------------------------------------------------------
# Writing CSV
# --------------------------------------------------------------------------------------------


def test_iter_csv_bom_chunks_and_injection() -> None:
    rows = [
        ["=1+1", "-5", -5, "+86 138 0000 0000", "@SUM(A1)", "\t=x", 1.5, None, True],
        [
            "-",
            "0140525",
            dt.date(2024, 1, 2),
            dt.datetime(2024, 1, 2, 3, 4),
            Decimal("1E+3"),
            "a,b",
            'say "hi"',
            "",
            False,
        ],
    ] * 50
    chunks = list(iter_csv(["=名称", "b", "c", "d", "e", "f", "g", "h", "i"], rows, chunk_size=256))
    assert len(chunks) > 2
    assert chunks[0].startswith(codecs.BOM_UTF8)
    assert all(not chunk.startswith(codecs.BOM_UTF8) for chunk in chunks[1:])
    text = b"".join(chunks)[3:].decode("utf-8")
    lines = text.split("\r\n")
    assert lines[0] == "'=名称,b,c,d,e,f,g,h,i"
    assert lines[1] == "'=1+1,-5,-5,'+86 138 0000 0000,'@SUM(A1),'\t=x,1.5,,TRUE"
    assert lines[2] == ('\'-,0140525,2024-01-02,2024-01-02 03:04:00,1000,"a,b","say ""hi""",,FALSE')


def test_iter_csv_without_rows_still_yields_the_header() -> None:
    assert b"".join(iter_csv(["a", "b"], [])) == codecs.BOM_UTF8 + b"a,b\r\n"


def test_write_csv_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    rows = [["91140525MA0K123456", "甲公司", "0140525"], ["0001", "乙,公司\n二号", None]]
    assert write_csv(path, [USCC, NAME, "代码"], rows) == 2
    assert path.read_bytes().startswith(codecs.BOM_UTF8)
    with read_table(path, filename="out.csv") as table:
        assert table.encoding == "utf-8"
        assert [row.values for row in table] == [rows[0], ["0001", "乙,公司\n二号", None]]
    buffer = io.BytesIO()
    assert write_csv(buffer, ["a"], iter([["x"], ["y"]])) == 2
    assert read_all(buffer.getvalue(), "b.csv")[1][1].values == ["y"]


# --------------------------------------------------------------------------------------------
# Property tests: anything written reads back equal
# --------------------------------------------------------------------------------------------

_TEXT = st.text(
    alphabet=st.one_of(
        st.characters(
            blacklist_categories=("Cc", "Cs", "Cf", "Co", "Cn", "Zl", "Zp", "Zs"),
        ),
        st.sampled_from([" ", "\u3000", "\n", ",", ";", "\t", '"', "'", "企", "业", "名", "称"]),
    ),
    max_size=20,
)
_CELL = st.one_of(st.none(), _TEXT).filter(
    lambda value: value is None or not value.strip().startswith(("=", "+", "-", "@"))
)
_ROWS = st.lists(st.lists(_CELL, min_size=3, max_size=3), max_size=8)
_HEADERS = ["统一社会信用代码", "企业名称", '备注, "quoted"']


def _expected(rows: list[list[str | None]]) -> list[tuple[int, list[str | None]]]:
    result = []
    for index, row in enumerate(rows, start=2):
        values = [(value.strip() or None) if value is not None else None for value in row]
        if any(value is not None for value in values):
            result.append((index, values))
    return result


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_ROWS)
def test_property_csv_round_trip(rows: list[list[str | None]]) -> None:
    buffer = io.BytesIO()
    write_csv(buffer, _HEADERS, rows)
    with read_table(buffer.getvalue(), filename="p.csv") as table:
        assert table.headers == _HEADERS
        assert [(row.number, row.values) for row in table] == _expected(rows)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_ROWS)
def test_property_xlsx_round_trip(rows: list[list[str | None]]) -> None:
    buffer = io.BytesIO()
    assert write_xlsx(buffer, _HEADERS, rows) == len(rows)
    with read_table(buffer.getvalue(), filename="p.xlsx") as table:
        assert table.headers == _HEADERS
        assert [(row.number, row.values) for row in table] == _expected(rows)

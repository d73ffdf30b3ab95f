"""A streaming reader of xlsx worksheets: rows come off the compressed sheet XML as it is
decompressed, and the workbook's shared strings beyond a fixed budget wait in a temporary
file, so memory stays flat whatever the size of the file.

python-calamine, which reads the other workbook formats (core.spreadsheets), loads a whole
sheet and every shared string into memory first: 330 MB for a 300,000-row register export,
growing with the file. This module gives the same values calamine gives (strings, floats,
booleans, dates, date-times, times and durations by the cell's number format, the 1900 and
1904 date systems, `_xHHHH_` escapes), as `tests/test_xlsx.py` checks against calamine on
generated workbooks.

Speed: each block of rows (cut at a row end) is matched with one regular expression for the
cell forms spreadsheet programs write (`<c r=.. s=.. t=..><v>..</v></c>`, inline strings, a
plain formula with its value). A block holding anything else (a namespace prefix, rich text,
cells without a reference, shared formulas …) is parsed with ElementTree instead, so the
fast path is only ever a shortcut, never a second interpretation.

This module is pure Python and does not import Django; core.spreadsheets turns its rows
into a Table and its exceptions into the user's error messages."""

from __future__ import annotations

import datetime as dt
import html
import os
import posixpath
import re
import tempfile
import zipfile
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any, Final
from xml.etree import ElementTree as ET  # safe here: see core.spreadsheets' note on XML safety

#: Shared strings kept in memory (bytes of UTF-8, and how many) before the rest go to the
#: temporary file.
MEMORY_BYTES: Final = 48 * 1024 * 1024
MEMORY_COUNT: Final = 2_000_000
#: Decompressed bytes read per block of rows.
BLOCK_BYTES: Final = 1024 * 1024
#: Looked-up strings from the temporary file kept in memory, at most.
DISK_CACHE: Final = 50_000

_REL_TYPE_WORKSHEET: Final = "/worksheet"
_REL_TYPE_STRINGS: Final = "/sharedStrings"
_REL_TYPE_STYLES: Final = "/styles"
_ESCAPE_RE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_ROOT_RE = re.compile(rb"<(?:([A-Za-z_][\w.-]*):)?(worksheet|sst)[\s>]")
_XMLNS_RE = re.compile(rb"""\sxmlns(?::[\w.-]+)?\s*=\s*(?:"[^"]*"|'[^']*')""")
_CELL_RE = re.compile(
    r'<c r="([A-Z]{1,3})([0-9]+)"(?: s="([0-9]+)")?(?: t="([a-zA-Z]+)")?'
    r"(?:/>|>(?:<v>([^<]*)</v>|<is><t(?: [^>]*)?>([^<]*)</t></is>|<f>[^<]*</f><v>([^<]*)</v>)?</c>)"
)
_STRING_RE = re.compile(r"<si><t(?: [^>]*)?>([^<]*)</t></si>|<si><t(?: [^>]*)?/></si>")
_BUILTIN_DATE_IDS: Final = frozenset({14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 47})
_BUILTIN_DURATION_IDS: Final = frozenset({46})
DATE, DURATION = "date", "duration"


class XlsxCellError(Exception):
    """A cell holding an Excel error (`#DIV/0!` …): 0-based row and column, the error text."""

    def __init__(self, row: int, column: int, text: str) -> None:
        super().__init__(text)
        self.row, self.column, self.text = row, column, text


class XlsxStructureError(Exception):
    """The package does not have the parts this reader knows how to find."""


def _local(tag: str) -> str:
    return tag[tag.rfind("}") + 1 :]


def _unescape(text: str) -> str:
    """XML entities and the `_xHHHH_` escapes of OOXML strings (`_x005F_` escapes an `_`)."""
    if "&" in text:
        text = html.unescape(text)
    if "_x" in text:
        text = _ESCAPE_RE.sub(lambda m: chr(int(m.group(1), 16)), text)
    return text


def _column_index(letters: str) -> int:
    index = 0
    for char in letters:
        index = index * 26 + ord(char) - 64
    return index - 1


_REF_RE = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$")


# -- the package ----------------------------------------------------------------------------


@dataclass(slots=True)
class SheetInfo:
    name: str
    member: str
    visible: bool


def _rels(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """A part's relationships: id → (type, target member)."""
    base = posixpath.dirname(part)
    path = posixpath.join(base, "_rels", posixpath.basename(part) + ".rels")
    try:
        root = ET.fromstring(archive.read(path))  # noqa: S314
    except KeyError:
        return {}
    found: dict[str, tuple[str, str]] = {}
    for rel in root:
        target = rel.get("Target", "")
        if rel.get("TargetMode") == "External":
            continue
        member = (
            target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(base, target))
        )
        found[rel.get("Id", "")] = (rel.get("Type", ""), member)
    return found


def _workbook_part(archive: zipfile.ZipFile) -> str:
    for kind, member in _rels(archive, "").values():
        if kind.endswith("/officeDocument"):
            return member
    if "xl/workbook.xml" in archive.namelist():
        return "xl/workbook.xml"
    raise XlsxStructureError("no workbook part")


class Workbook:
    """The sheets, shared strings and number formats of an open xlsx package."""

    def __init__(self, archive: zipfile.ZipFile, *, memory_bytes: int = MEMORY_BYTES) -> None:
        self.archive = archive
        part = _workbook_part(archive)
        rels = _rels(archive, part)
        try:
            root = ET.fromstring(archive.read(part))  # noqa: S314
        except KeyError as exc:
            raise XlsxStructureError("no workbook part") from exc
        self.date1904 = False
        self.sheets: list[SheetInfo] = []
        for element in root.iter():
            name = _local(element.tag)
            if name == "workbookPr":
                self.date1904 = element.get("date1904", "").lower() in ("1", "true")
            elif name == "sheet":
                rel_id = next(
                    (v for k, v in element.attrib.items() if _local(k) == "id" and k.startswith("{")), ""
                )
                kind, member = rels.get(rel_id, ("", ""))
                if kind.endswith(_REL_TYPE_WORKSHEET) and member in archive.namelist():
                    visible = element.get("state", "visible") == "visible"
                    self.sheets.append(SheetInfo(element.get("name", ""), member, visible))
        if not self.sheets:
            raise XlsxStructureError("no worksheets")
        by_type = {kind.rsplit("/", 1)[-1]: member for kind, member in rels.values()}
        strings_part = by_type.get(_REL_TYPE_STRINGS[1:])
        styles_part = by_type.get(_REL_TYPE_STYLES[1:])
        self.styles = _read_styles(archive, styles_part) if styles_part in archive.namelist() else []
        self.strings = SharedStrings(memory=memory_bytes)
        if strings_part in archive.namelist():
            assert strings_part is not None
            self.strings.load(archive, strings_part)

    def close(self) -> None:
        self.strings.close()

    def rows(self, sheet: SheetInfo) -> Iterator[tuple[int, list[tuple[int, Any]]]]:
        """(0-based row, [(0-based column, value) …]) for every row with cells, in order."""
        return _SheetReader(self, sheet.member).rows()


# -- shared strings -------------------------------------------------------------------------


class SharedStrings:
    """The shared string table, as UTF-8 text end to end with an array of where each string
    ends: up to `memory` bytes of it in memory (a third of what Python strings of Chinese
    text take), the rest in a temporary file, its ends in a second one, read back with
    `os.pread` (and a bounded cache of the strings looked up there)."""

    def __init__(self, memory: int = MEMORY_BYTES) -> None:
        self.memory = memory
        self._blob = bytearray()
        self._ends = array("q")  # where each in-memory string ends in _blob
        self.count = 0
        self._text: IO[bytes] | None = None
        self._disk_ends: IO[bytes] | None = None
        self._written = 0
        self._pending = array("q")
        self._cache: dict[int, str] = {}

    def _add(self, text: str) -> None:
        data = text.encode()
        if (
            self._text is None
            and len(self._blob) + len(data) <= self.memory
            and len(self._ends) < MEMORY_COUNT
        ):
            self._blob += data
            self._ends.append(len(self._blob))
        else:
            if self._text is None:
                self._text = tempfile.TemporaryFile(prefix="qcity-sst-")  # noqa: SIM115  (closed by close())
                self._disk_ends = tempfile.TemporaryFile(prefix="qcity-sst-")  # noqa: SIM115
            self._text.write(data)
            self._written += len(data)
            self._pending.append(self._written)
            if len(self._pending) >= 65536:
                self._flush()
        self.count += 1

    def _flush(self) -> None:
        if self._disk_ends is not None and self._pending:
            self._disk_ends.write(self._pending.tobytes())
            self._pending = array("q")

    def load(self, archive: zipfile.ZipFile, member: str) -> None:
        for text in _blocks(archive, member, b"</si>", _strings_fast, _strings_tree):
            self._add(text)
        self._flush()
        for handle in (self._text, self._disk_ends):
            if handle is not None:
                handle.flush()

    def __len__(self) -> int:
        return self.count

    @property
    def on_disk(self) -> int:
        """How many strings wait in the temporary file."""
        return self.count - len(self._ends)

    def __getitem__(self, index: int) -> str:
        ends = self._ends
        if 0 <= index < len(ends):
            return self._blob[ends[index - 1] if index else 0 : ends[index]].decode()
        found = self._cache.get(index)
        if found is None:
            found = self._read(index - len(ends))
            if len(self._cache) >= DISK_CACHE:
                self._cache.clear()
            self._cache[index] = found
        return found

    def _read(self, position: int) -> str:
        if not 0 <= position < self.on_disk or self._text is None or self._disk_ends is None:
            raise IndexError(position)
        if position:
            start, end = array("q", os.pread(self._disk_ends.fileno(), 16, (position - 1) * 8))
        else:
            start, end = 0, array("q", os.pread(self._disk_ends.fileno(), 8, 0))[0]
        return os.pread(self._text.fileno(), end - start, start).decode()

    def close(self) -> None:
        for handle in (self._text, self._disk_ends):
            if handle is not None:
                handle.close()
        self._text = self._disk_ends = None


def _strings_fast(block: bytes) -> list[str] | None:
    found = _STRING_RE.findall(block.decode("utf-8"))
    if len(found) != block.count(b"<si>") + block.count(b"<si "):
        return None
    if b"&" in block or b"_x" in block:
        return [_unescape(value) for value in found]
    return found


def _strings_tree(root: ET.Element) -> list[str]:
    strings = []
    for si in root:
        if _local(si.tag) == "si":
            strings.append(_unescape("".join(_item_text(si))))
    return strings


def _item_text(item: ET.Element) -> Iterator[str]:
    """The text of a string item or inline string: its `t`, or its runs' `t`; phonetic
    guides (`rPh`) are not part of the text."""
    for child in item:
        name = _local(child.tag)
        if name == "t":
            yield child.text or ""
        elif name == "r":
            for part in child:
                if _local(part.tag) == "t":
                    yield part.text or ""


# -- number formats -------------------------------------------------------------------------


def format_kind(code: str) -> str | None:
    """DATE when a custom number format shows a date or time, DURATION for elapsed time
    (`[h]:mm`), else None. Only the first section counts; quoted text, escaped characters
    and bracketed colours and conditions do not."""
    escaped = quoted = False
    brackets = 0
    bracket_text = ""
    am = False
    for char in code:
        if escaped:
            escaped = False
            continue
        if quoted:
            quoted = char != '"'
            continue
        if char in "\\_":
            escaped = True
        elif char == '"':
            quoted = True
        elif char == ";":
            return None
        elif char == "[":
            brackets += 1
            bracket_text = ""
        elif char == "]":
            if (
                brackets == 1
                and bracket_text
                and set(bracket_text.lower()) <= set("hms")
                and len(set(bracket_text.lower())) == 1
            ):
                return DURATION
            brackets = max(0, brackets - 1)
        elif brackets:
            bracket_text += char
        elif am and char in "pmPM/":
            return DATE
        elif char in "aA":
            am = True
        elif char in "dmhysDMHYS":
            return DATE
    return None


def _read_styles(archive: zipfile.ZipFile, member: str) -> list[str | None]:
    """The kind (DATE, DURATION or None) of each cell style (`cellXfs`), by index."""
    root = ET.fromstring(archive.read(member))  # noqa: S314
    custom: dict[int, str | None] = {}
    kinds: list[str | None] = []
    for element in root:
        name = _local(element.tag)
        if name == "numFmts":
            for fmt in element:
                try:
                    custom[int(fmt.get("numFmtId", ""))] = format_kind(fmt.get("formatCode", ""))
                except ValueError:
                    continue
        elif name == "cellXfs":
            for xf in element:
                try:
                    number = int(xf.get("numFmtId", "0"))
                except ValueError:
                    number = 0
                if number in custom:
                    kinds.append(custom[number])
                elif number in _BUILTIN_DATE_IDS:
                    kinds.append(DATE)
                elif number in _BUILTIN_DURATION_IDS:
                    kinds.append(DURATION)
                else:
                    kinds.append(None)
    return kinds


# Excel serials are wall-clock values without a zone: naive on purpose.
_EPOCH_1900: Final = dt.datetime(1899, 12, 30)  # noqa: DTZ001
_EPOCH_1904: Final = dt.datetime(1904, 1, 1)  # noqa: DTZ001


def excel_datetime(serial: float, *, date1904: bool = False) -> dt.date | dt.datetime | dt.time:
    """A date-formatted number as calamine gives it: a time below one day, a date when the
    time is midnight, else a date-time (to the millisecond). Excel's 1900 system counts a
    29 February 1900 that never was, so serials before it count from 31 December 1899."""
    if 0 <= serial < 1:
        return (_EPOCH_1900 + dt.timedelta(milliseconds=round(serial * 86_400_000))).time()
    epoch = _EPOCH_1904 if date1904 else _EPOCH_1900
    if not date1904 and serial < 60:
        serial += 1
    moment = epoch + dt.timedelta(milliseconds=round(serial * 86_400_000))
    if moment.time() == dt.time():
        return moment.date()
    return moment


# -- worksheet rows -------------------------------------------------------------------------


def _blocks(archive: zipfile.ZipFile, member: str, end_tag: bytes, fast: Any, tree: Any) -> Iterator[Any]:
    """The items of a part's XML, a block of about BLOCK_BYTES at a time: `fast(text)` gives
    a block's items or None, then `tree(element)` gives them from the block parsed inside a
    root element carrying the part's namespace declarations."""
    with archive.open(member) as stream:
        data = stream.read(BLOCK_BYTES)
        root = _ROOT_RE.search(data)
        if root is None:
            raise XlsxStructureError(f"{member}: no root element")
        prefix = root.group(1) or b""
        start_tag_end = data.find(b">", root.start())
        declarations = b"".join(_XMLNS_RE.findall(data[root.start() : start_tag_end]))
        opening = b"<" + (prefix + b":" if prefix else b"") + b"x" + declarations + b">"
        closing = b"</" + (prefix + b":" if prefix else b"") + b"x>"
        end_tag = b"</" + (prefix + b":" if prefix else b"") + end_tag[2:]
        root_end = b"</" + (prefix + b":" if prefix else b"") + root.group(2) + b">"
        for block, last in aligned_blocks(stream, data[start_tag_end + 1 :], end_tag, BLOCK_BYTES):
            if last and root_end not in block[-4096:]:
                raise ET.ParseError(f"{member}: the XML ends before its last element")
            items = None if prefix else fast(block)
            if items is None:
                inner = _inner(block)
                items = tree(ET.fromstring(opening + inner + closing)) if inner else []  # noqa: S314
            yield from items


def aligned_blocks(stream: IO[bytes], data: bytes, end_tag: bytes, size: int) -> Iterator[tuple[bytes, bool]]:
    """`data` (read already) and the rest of `stream`, `size` bytes a read, as blocks that end
    just after an `end_tag` (`</row>`), so that no element is split between two: (block,
    whether it is the last). A block holds what is left over from the read before."""
    carry = data
    while True:
        more = stream.read(size)
        if not more:
            yield carry, True
            return
        block = carry + more
        cut = block.rfind(end_tag)
        if cut < 0:
            carry = block
            continue
        cut += len(end_tag)
        carry = block[cut:]
        yield block[:cut], False


_OUTER_RE = re.compile(rb"</?(?:[\w.-]+:)?(?:sheetData|worksheet|sst)\b[^>]*>")


def _inner(block: bytes) -> bytes:
    """A block without the sheet's (or string table's) own start and end tags, and without
    what follows the end of `sheetData` (merge list, page set-up …): the rows or items only."""
    end = re.search(rb"</(?:[\w.-]+:)?sheetData>", block)
    if end is not None:
        block = block[: end.start()]
    start = re.search(rb"<(?:[\w.-]+:)?sheetData\b[^>]*>", block)
    if start is not None:
        block = block[start.end() :]
    if re.match(rb"\s*<(?:[\w.-]+:)?sheetData\b[^>]*/>", block):
        return b""
    return _OUTER_RE.sub(b"", block).strip()


Cells = list[tuple[int, Any]]


class _SheetReader:
    """A worksheet's rows: (0-based row, [(0-based column, value) …]) for each row with
    cells, in the order of the file (empty cells left out)."""

    def __init__(self, workbook: Workbook, member: str) -> None:
        self.workbook = workbook
        self.member = member
        self.styles = workbook.styles
        self.strings = workbook.strings
        self.date1904 = workbook.date1904
        self.columns: dict[str, int] = {}

    def rows(self) -> Iterator[tuple[int, Cells]]:
        pending: tuple[int, Cells] | None = None
        for row in _blocks(self.workbook.archive, self.member, b"</row>", self._fast, self._tree):
            # a row is only complete once the next one starts (a block may end inside one)
            if pending is not None and pending[0] == row[0]:
                pending[1].extend(row[1])
                continue
            if pending is not None and pending[1]:
                yield pending
            pending = row
        if pending is not None and pending[1]:
            yield pending

    def _value(self, row: int, column: int, style: str, kind: str, text: str | None) -> Any:
        if text is None:
            return None
        if kind == "s":
            return self.strings[int(text)]
        if kind in ("", "n"):
            if not text:
                return None
            number = float(text)
            form = self.styles[int(style)] if style and int(style) < len(self.styles) else None
            if form == DATE:
                return excel_datetime(number, date1904=self.date1904)
            if form == DURATION:
                return dt.timedelta(milliseconds=round(number * 86_400_000))
            return number
        text = _unescape(text)
        if kind in ("str", "inlineStr"):
            return text
        if kind == "b":
            return text.strip() in ("1", "true")
        if kind == "e":
            raise XlsxCellError(row, column, text)
        if kind == "d":
            try:
                return dt.datetime.fromisoformat(text)
            except ValueError:
                return text
        return text

    def _column(self, letters: str) -> int:
        found = self.columns.get(letters)
        if found is None:
            found = self.columns[letters] = _column_index(letters)
        return found

    def _fast(self, block: bytes) -> list[tuple[int, Cells]] | None:
        found = _CELL_RE.findall(block.decode("utf-8"))
        if len(found) != block.count(b"<c ") + block.count(b"<c>") + block.count(b"<c/"):
            return None
        escaped = b"&" in block or b"_x" in block
        rows: list[tuple[int, Cells]] = []
        columns = self.columns
        strings = self.strings
        value = self._value
        current = ""
        cells: Cells = []
        for letters, number, style, kind, plain, inline, formula in found:
            if number != current:
                current = number
                cells = []
                rows.append((int(number) - 1, cells))
            raw = plain or inline or formula
            if not raw:  # an empty cell (`<c r="A1" s="1"/>`, `<v></v>`)
                continue
            column = columns.get(letters)
            if column is None:
                column = self._column(letters)
            if kind == "inlineStr" or kind == "str":
                cells.append((column, _unescape(raw) if escaped else raw))
            elif kind == "s":
                cells.append((column, strings[int(raw)]))
            elif not kind and not style:
                cells.append((column, float(raw)))
            else:
                cells.append((column, value(int(number) - 1, column, style, kind, raw)))
        return rows

    def _tree(self, root: ET.Element) -> list[tuple[int, Cells]]:
        rows: list[tuple[int, Cells]] = []
        row_index = -1
        for row in root:
            if _local(row.tag) != "row":
                continue
            number = row.get("r")
            row_index = int(number) - 1 if number and number.isdigit() else row_index + 1
            cells: Cells = []
            rows.append((row_index, cells))
            column = -1
            for cell in row:
                if _local(cell.tag) != "c":
                    continue
                ref = _REF_RE.match(cell.get("r", ""))
                column = _column_index(ref.group(1).upper()) if ref else column + 1
                text = None
                for child in cell:
                    name = _local(child.tag)
                    if name == "v":
                        text = child.text or ""
                    elif name == "is":
                        text = "".join(_item_text(child))
                if text:
                    cells.append(
                        (column, self._value(row_index, column, cell.get("s", ""), cell.get("t", ""), text))
                    )
        return rows

"""The platform's single reader and writer of tabular files (imports and exports).

Reading
    :func:`read_table` opens an Excel (xlsx / xlsm / xls), OpenDocument (ods) or CSV / text
    file and returns a :class:`Table`: validated, normalised headers plus a *lazy* iterator of
    :class:`Row` objects numbered the way the user sees them in Excel (the header is row 1).
    The format is chosen by sniffing the content first and by the file name's extension
    second, so a PNG renamed ``.xlsx`` is rejected and a CSV renamed ``.xls`` is still read.

    xlsx workbooks are streamed by :mod:`qualitycity.core.xlsx` (rows as the sheet's XML is
    decompressed, shared strings beyond a budget in a temporary file); xls and ods, and an
    xlsx package whose parts that reader cannot find, are read with python-calamine, which
    loads the chosen sheet into (Rust) memory when it is opened. CSV files are streamed.
    For xlsx and CSV, memory stays flat whatever the file size.

    Every problem is reported as a :class:`SpreadsheetError` carrying a machine ``code``, an
    English ``message_key`` with ``{placeholders}`` (module-level ``MSG_*`` constants, to be
    marked for translation by the Django layer), ``params``, and where it applies the ``row``
    number and ``column`` letter. Row-level problems that can only be seen while iterating
    (``too_many_rows``, ``data_outside_header``) are raised by the row iterator.

Writing
    :func:`write_xlsx` streams an xlsx file with XlsxWriter in constant-memory mode;
    :func:`iter_csv` yields UTF-8-with-BOM CSV chunks for a streaming HTTP response, and
    :func:`write_csv` writes them to a file. CSV output is protected against formula injection.

This module is pure Python and does not import Django.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import math
import os
import posixpath
import re
import tempfile
import zipfile
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import chain, islice
from typing import IO, Any, Final
from xml.etree import ElementTree as ET  # see the note on XML safety below

import charset_normalizer
import python_calamine
import xlsxwriter

from qualitycity.core import xlsx

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_ROWS",
    "ERROR_CODES",
    "MESSAGE_KEYS",
    "CellValue",
    "Row",
    "SpreadsheetError",
    "Table",
    "column_letter",
    "iter_csv",
    "read_table",
    "write_csv",
    "write_xlsx",
]

CellValue = str | int | float | bool | dt.date | dt.datetime | None
"""A cell value as returned by :func:`read_table` (``datetime`` is a subclass of ``date``)."""

DEFAULT_MAX_ROWS: Final = 1_000_000
DEFAULT_MAX_BYTES: Final = 250 * 1024 * 1024

# --------------------------------------------------------------------------------------------
# Error codes and message keys
# --------------------------------------------------------------------------------------------

UNSUPPORTED_FORMAT: Final = "unsupported_format"
CORRUPT_FILE: Final = "corrupt_file"
PASSWORD_PROTECTED: Final = "password_protected"  # noqa: S105 - an error code
EMPTY_FILE: Final = "empty_file"
NO_HEADER: Final = "no_header"
DUPLICATE_HEADER: Final = "duplicate_header"
BLANK_HEADER: Final = "blank_header"
DATA_OUTSIDE_HEADER: Final = "data_outside_header"
TOO_MANY_ROWS: Final = "too_many_rows"
TOO_LARGE: Final = "too_large"
MERGED_CELLS: Final = "merged_cells"
FORMULA_WITHOUT_VALUE: Final = "formula_without_value"
CELL_ERROR: Final = "cell_error"
ENCODING: Final = "encoding"


# Message keys: English sentences with ``{placeholders}``. ``{row}`` and ``{column}`` are always
# available (from the error's ``row`` / ``column``); the rest come from ``params``.
def gettext_noop(message: str) -> str:
    """Marks a message for the translation catalogue (makemessages looks for this name); the
    Django layer translates it when it shows the error. Local, so this module needs no settings."""
    return message


MSG_UNSUPPORTED_FORMAT: Final = gettext_noop(
    "The file {filename} is not a supported spreadsheet. "
    "Upload an Excel file (.xlsx or .xls), an OpenDocument spreadsheet (.ods) or a CSV file."
)
MSG_CORRUPT_FILE: Final = gettext_noop(
    "The file {filename} could not be read; it may be damaged. "
    "Open it in Excel, save it again and upload it again."
)
MSG_PASSWORD_PROTECTED: Final = gettext_noop(
    "The file {filename} is protected with a password. Remove the password and upload it again."
)
MSG_EMPTY_FILE: Final = gettext_noop("The file {filename} is empty.")
MSG_NO_HEADER: Final = gettext_noop("Row 1 is empty: the first row must contain the column headers.")
MSG_DUPLICATE_HEADER: Final = gettext_noop(
    "Column {column}: the header {header} is the same as the header of column {first_column}; "
    "every column header must be unique."
)
MSG_BLANK_HEADER: Final = gettext_noop(
    "Column {column}: the header cell in row 1 is empty; every column needs a header."
)
MSG_DATA_OUTSIDE_HEADER: Final = gettext_noop(
    "Row {row}, column {column}: the cell has a value but its column has no header in row 1."
)
MSG_TOO_MANY_ROWS: Final = gettext_noop(
    "The file has more than {max_rows} data rows; split it into smaller files."
)
MSG_TOO_LARGE: Final = gettext_noop("The file is {size_mb} MB; files may be at most {max_mb} MB.")
MSG_MERGED_CELLS: Final = gettext_noop(
    "Row {row}, column {column}: merged cells are not allowed; unmerge them and fill every cell."
)
MSG_FORMULA_WITHOUT_VALUE: Final = gettext_noop(
    "Row {row}, column {column}: the formula has no calculated value. "
    "Open the file in Excel, save it and upload it again."
)
MSG_CELL_ERROR: Final = gettext_noop(
    "Row {row}, column {column}: the cell contains the error {error}; correct it and retry."
)
MSG_ENCODING: Final = gettext_noop(
    "The text encoding of the file {filename} could not be recognised. "
    "Save it as CSV UTF-8 and upload it again."
)

MESSAGE_KEYS: Final[dict[str, str]] = {
    UNSUPPORTED_FORMAT: MSG_UNSUPPORTED_FORMAT,
    CORRUPT_FILE: MSG_CORRUPT_FILE,
    PASSWORD_PROTECTED: MSG_PASSWORD_PROTECTED,
    EMPTY_FILE: MSG_EMPTY_FILE,
    NO_HEADER: MSG_NO_HEADER,
    DUPLICATE_HEADER: MSG_DUPLICATE_HEADER,
    BLANK_HEADER: MSG_BLANK_HEADER,
    DATA_OUTSIDE_HEADER: MSG_DATA_OUTSIDE_HEADER,
    TOO_MANY_ROWS: MSG_TOO_MANY_ROWS,
    TOO_LARGE: MSG_TOO_LARGE,
    MERGED_CELLS: MSG_MERGED_CELLS,
    FORMULA_WITHOUT_VALUE: MSG_FORMULA_WITHOUT_VALUE,
    CELL_ERROR: MSG_CELL_ERROR,
    ENCODING: MSG_ENCODING,
}
ERROR_CODES: Final = tuple(MESSAGE_KEYS)


class _KeepMissing(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


class SpreadsheetError(Exception):
    """A tabular file that cannot be imported, with everything needed to tell the user why."""

    def __init__(
        self,
        code: str,
        message_key: str,
        params: dict[str, Any] | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.code = code
        self.message_key = message_key
        self.params: dict[str, Any] = dict(params or {})
        self.row = row
        self.column = column
        super().__init__(self.message)

    @property
    def message(self) -> str:
        """The English message with its placeholders filled in."""
        values = _KeepMissing(self.params)
        values.setdefault("row", self.row)
        values.setdefault("column", self.column)
        return self.message_key.format_map(values)

    def __reduce__(self) -> tuple[Any, ...]:
        return (
            type(self),
            (self.code, self.message_key, self.params, self.row, self.column),
        )

    def __repr__(self) -> str:
        return (
            f"SpreadsheetError(code={self.code!r}, row={self.row!r}, column={self.column!r}, "
            f"params={self.params!r})"
        )


def _error(
    code: str, *, row: int | None = None, column: str | None = None, **params: Any
) -> SpreadsheetError:
    return SpreadsheetError(code, MESSAGE_KEYS[code], params, row, column)


# --------------------------------------------------------------------------------------------
# Public data structures
# --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Row:
    """One data row. ``number`` is the row number shown by Excel (the header is row 1)."""

    number: int
    values: list[CellValue]
    headers: Sequence[str] = field(repr=False, compare=False)

    def as_dict(self) -> dict[str, CellValue]:
        """The row as ``{header: value}``."""
        return dict(zip(self.headers, self.values, strict=True))

    def get(self, header: str, default: CellValue = None) -> CellValue:
        """The value under ``header``, or ``default`` when there is no such column."""
        try:
            return self.values[list(self.headers).index(header)]
        except ValueError:
            return default


@dataclass(slots=True)
class Table:
    """A validated header row plus a lazy iterator of data rows.

    Use it as a context manager (or call :meth:`close`) when the rows are not iterated to the
    end, so that the underlying file is released promptly.
    """

    headers: list[str]
    rows: Iterator[Row]
    sheet_name: str | None
    file_format: str
    """One of ``"xlsx"``, ``"xls"``, ``"ods"``, ``"csv"``."""
    column_letters: list[str]
    """The Excel column letter of each header (useful for error messages)."""
    encoding: str | None = None
    delimiter: str | None = None
    _closer: Callable[[], None] | None = field(default=None, repr=False)

    def __iter__(self) -> Iterator[Row]:
        return self.rows

    def column_of(self, header: str) -> str:
        """The Excel column letter of ``header``."""
        return self.column_letters[self.headers.index(header)]

    def close(self) -> None:
        close = getattr(self.rows, "close", None)
        if close is not None:
            close()
        if self._closer is not None:
            closer, self._closer = self._closer, None
            closer()

    def __enter__(self) -> Table:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


# --------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------

_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
_STRIP_CHARS: Final = "".join(chr(c) for c in range(0x3001) if chr(c).isspace()) + "\u3000" + _ZERO_WIDTH
_LINE_BREAKS_RE = re.compile(r"\s*[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]+\s*")
_SPACES_RE = re.compile(r"[\s" + _ZERO_WIDTH + r"]+")
_CJK = (
    "\u2e80-\u2fdf\u3001-\u303f\u3040-\u30ff\u3100-\u312f\u3190-\u31ff\u3400-\u4dbf"
    "\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003134f"
)
_CJK_GAP_RE = re.compile(f"(?<=[{_CJK}]) (?=[{_CJK}])")


def column_letter(index: int) -> str:
    """Excel column letter for a 0-based column index (0 -> ``A``, 26 -> ``AA``)."""
    if index < 0:
        raise ValueError("column index must be >= 0")
    letters = ""
    number = index + 1
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


_CELL_REF_RE = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]{1,7})")


def _parse_cell_ref(ref: str) -> tuple[int, int] | None:
    """``"B7"`` -> ``(6, 1)`` (0-based row, column)."""
    match = _CELL_REF_RE.fullmatch(ref.strip())
    if match is None:
        return None
    col = 0
    for char in match.group(1).upper():
        col = col * 26 + ord(char) - 64
    return int(match.group(2)) - 1, col - 1


def _normalize_header(value: Any) -> str:
    """Header text with line breaks removed and whitespace (incl. U+3000) normalised.

    Line breaks inside a cell become a space, runs of whitespace collapse to one space, and a
    space between two CJK characters is dropped (``"企业\\n名称"`` -> ``"企业名称"``, while
    ``"Company\\nname"`` -> ``"Company name"``).
    """
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        text = "TRUE" if value else "FALSE"
    elif isinstance(value, float):
        text = str(_float_value(value))
    elif isinstance(value, dt.date | dt.time):
        text = value.isoformat()
    else:
        text = str(value)
    text = _LINE_BREAKS_RE.sub(" ", text)
    text = _SPACES_RE.sub(" ", text).strip(_STRIP_CHARS)
    return _CJK_GAP_RE.sub("", text)


def _float_value(value: float) -> int | float:
    """Whole floats become ints; others are rounded to Excel's 15 significant digits."""
    if value.is_integer():
        return int(value)
    if not math.isfinite(value):
        return value
    rounded = float(f"{value:.15g}")
    return int(rounded) if rounded.is_integer() else rounded


def _convert_other(value: Any) -> CellValue:
    if isinstance(value, dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    return str(value)


_PASS_THROUGH_TYPES: Final = frozenset({int, bool, dt.date, dt.datetime})


def _convert_workbook_row(raw: list[Any]) -> list[CellValue]:
    """Convert calamine cell values (a hot loop: one expression per cell, no calls if possible)."""
    strip = _STRIP_CHARS
    return [
        (value.strip(strip) or None)
        if (kind := type(value)) is str
        else (int(value) if value.is_integer() else _float_value(value))
        if kind is float
        else value
        if kind in _PASS_THROUGH_TYPES
        else _convert_other(value)
        for value in raw
    ]


def _check_headers(raw: Sequence[Any], col_offset: int) -> tuple[list[str], list[str]]:
    """Validate and normalise the header row; returns (headers, column letters)."""
    headers = [_normalize_header(value) for value in raw]
    while headers and not headers[-1]:
        headers.pop()
    if not headers:
        raise _error(NO_HEADER, row=1)
    letters = [column_letter(col_offset + i) for i in range(len(headers))]
    seen: dict[str, int] = {}
    for index, header in enumerate(headers):
        if not header:
            raise _error(BLANK_HEADER, row=1, column=letters[index])
        key = header.casefold()
        if key in seen:
            raise _error(
                DUPLICATE_HEADER,
                row=1,
                column=letters[index],
                header=header,
                first_column=letters[seen[key]],
            )
        seen[key] = index
    return headers, letters


def _raise_too_many_rows(max_rows: int, number: int) -> None:
    raise _error(TOO_MANY_ROWS, row=number, max_rows=max_rows)


# --------------------------------------------------------------------------------------------
# Input handling
# --------------------------------------------------------------------------------------------

_CHUNK: Final = 1024 * 1024
_HEAD_SIZE: Final = 64 * 1024


class _Source:
    """A readable, seekable view of the input: a filesystem path or a binary file object."""

    def __init__(self, path: str | None, fileobj: IO[bytes] | None, size: int, owned: bool):
        self.path = path
        self.fileobj = fileobj
        self.size = size
        self.owned = owned

    @contextmanager
    def binary(self) -> Iterator[IO[bytes]]:
        if self.path is not None:
            with open(self.path, "rb") as handle:
                yield handle
        else:
            assert self.fileobj is not None
            self.fileobj.seek(0)
            yield self.fileobj

    def open_for_stream(self) -> tuple[IO[bytes], Callable[[], None]]:
        """A file positioned at 0 plus a function that releases it (for lazy readers)."""
        if self.path is not None:
            handle = open(self.path, "rb")  # noqa: SIM115 - closed by the returned closer
            return handle, handle.close
        assert self.fileobj is not None
        self.fileobj.seek(0)
        return self.fileobj, self.close

    def read_head(self, size: int) -> bytes:
        with self.binary() as handle:
            return handle.read(size) or b""

    def close(self) -> None:
        if self.owned and self.fileobj is not None:
            self.fileobj.close()
            self.fileobj = None


def _too_large(size: int, max_bytes: int) -> SpreadsheetError:
    return _error(
        TOO_LARGE,
        size=size,
        max_bytes=max_bytes,
        size_mb=round(size / 1024 / 1024, 1),
        max_mb=round(max_bytes / 1024 / 1024, 1),
    )


def _open_source(obj: Any, max_bytes: int) -> _Source:
    if isinstance(obj, str | os.PathLike):
        path = os.fspath(obj)
        size = os.path.getsize(path)
        if size > max_bytes:
            raise _too_large(size, max_bytes)
        return _Source(str(path), None, size, owned=False)
    if isinstance(obj, bytes | bytearray | memoryview):
        data = bytes(obj)
        if len(data) > max_bytes:
            raise _too_large(len(data), max_bytes)
        return _Source(None, io.BytesIO(data), len(data), owned=True)
    temporary_file_path = getattr(obj, "temporary_file_path", None)
    if callable(temporary_file_path):  # e.g. Django's TemporaryUploadedFile
        return _open_source(temporary_file_path(), max_bytes)
    if not callable(getattr(obj, "read", None)):
        raise TypeError("read_table() needs a path, bytes or a binary file object")
    seekable = getattr(obj, "seekable", None)
    try:
        can_seek = bool(seekable()) if callable(seekable) else hasattr(obj, "seek")
        if can_seek:
            obj.seek(0, os.SEEK_END)
            size = obj.tell()
            obj.seek(0)
    except (OSError, ValueError, AttributeError):
        can_seek = False
    if can_seek:
        if size > max_bytes:
            raise _too_large(size, max_bytes)
        return _Source(None, obj, size, owned=False)
    # Not seekable (a pipe or a network stream): spool it, counting bytes as we go.
    spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
    size = 0
    while chunk := obj.read(_CHUNK):
        size += len(chunk)
        if size > max_bytes:
            spool.close()
            raise _too_large(size, max_bytes)
        spool.write(chunk)
    return _Source(None, spool, size, owned=True)


# --------------------------------------------------------------------------------------------
# Format sniffing
# --------------------------------------------------------------------------------------------

_OLE_MAGIC: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGICS: Final = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_BINARY_SIGNATURES: Final = (
    (b"%PDF", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"BM", "bmp"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
    (b"RIFF", "riff"),
    (b"Rar!\x1a\x07", "rar"),
    (b"7z\xbc\xaf\x27\x1c", "7z"),
    (b"\x1f\x8b", "gzip"),
    (b"{\\rtf", "rtf"),
    (b"\x7fELF", "elf"),
    (b"MZ", "exe"),
)
_TEXT_EXTENSIONS: Final = frozenset({"csv", "txt", "tsv", "tab", "dat", ""})
_WORKBOOK_EXTENSIONS: Final = frozenset({"xlsx", "xlsm", "xltx", "xltm", "xls", "ods", "et"})
_MARKUP_RE = re.compile(
    r"\A<(?:!doctype|html|\?xml|table|head|body|meta|!--|style|div|workbook)\b", re.IGNORECASE
)
_CONTROL_BYTES: Final = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 26, 27))
_UTF16_BOMS: Final = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_GB18030_BOM: Final = b"\x84\x31\x95\x33"


def _extension(filename: str) -> str:
    return os.path.splitext(filename)[1].lower().lstrip(".")


def _looks_like_text(head: bytes) -> bool:
    if head.startswith(_UTF16_BOMS):
        return True
    if not head or b"\x00" in head:
        return False
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return controls <= len(head) // 200


def _sniff(head: bytes, filename: str) -> str:
    """Return ``"zip"``, ``"ole"`` or ``"text"``, or raise ``unsupported_format``."""
    if head.startswith(_ZIP_MAGICS):
        return "zip"
    if head.startswith(_OLE_MAGIC):
        return "ole"
    for magic, name in _BINARY_SIGNATURES:
        if head.startswith(magic):
            raise _error(UNSUPPORTED_FORMAT, filename=filename, detected=name)
    if not _looks_like_text(head):
        raise _error(UNSUPPORTED_FORMAT, filename=filename, detected="binary")
    if head.startswith(_UTF16_BOMS):
        sample = head[2:].decode(
            "utf-16-le" if head.startswith(codecs.BOM_UTF16_LE) else "utf-16-be", errors="ignore"
        )
    else:
        sample = head[:4096].decode("utf-8", errors="ignore")
    sample = sample.lstrip(_STRIP_CHARS)
    if _MARKUP_RE.match(sample):
        detected = "xml" if sample[:5].lower() == "<?xml" else "html"
        raise _error(UNSUPPORTED_FORMAT, filename=filename, detected=detected)
    ext = _extension(filename)
    if ext not in _TEXT_EXTENSIONS and ext not in _WORKBOOK_EXTENSIONS:
        raise _error(UNSUPPORTED_FORMAT, filename=filename, detected="text")
    return "text"


def _identify_zip(source: _Source, filename: str, max_bytes: int) -> str:
    """``"xlsx"`` or ``"ods"`` for a zip container, else raise."""
    try:
        with source.binary() as handle, zipfile.ZipFile(handle) as archive:
            infos = archive.infolist()
            names = {info.filename for info in infos}
            # A zip bomb guard: refuse archives that expand to far more than the upload limit.
            expanded = sum(info.file_size for info in infos)
            if expanded > 8 * max_bytes:
                raise _too_large(expanded, max_bytes)
            if "mimetype" in names:
                mimetype = archive.read("mimetype").strip()
                if mimetype == b"application/vnd.oasis.opendocument.spreadsheet":
                    return "ods"
                detected = mimetype.decode("ascii", "replace").rsplit(".", 1)[-1] or "zip"
                raise _error(UNSUPPORTED_FORMAT, filename=filename, detected=detected)
            workbook = _ooxml_workbook_part(archive) or ""
            if workbook.endswith(".bin"):
                raise _error(UNSUPPORTED_FORMAT, filename=filename, detected="xlsb")
            content_types = archive.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
            if "xl/workbook.xml" in names or (
                workbook.endswith(".xml") and b"spreadsheetml" in content_types
            ):
                return "xlsx"
            detected = "zip"
            if any(name.startswith("word/") for name in names):
                detected = "docx"
            elif any(name.startswith("ppt/") for name in names):
                detected = "pptx"
            raise _error(UNSUPPORTED_FORMAT, filename=filename, detected=detected)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, KeyError) as exc:
        raise _error(CORRUPT_FILE, filename=filename, detail=str(exc)) from exc


# --------------------------------------------------------------------------------------------
# Workbook (xlsx / xls / ods) reading through python-calamine
# --------------------------------------------------------------------------------------------

# XML safety (ruff S314): ElementTree never resolves external entities or fetches DTDs, and the
# bundled expat (>= 2.4.1) bounds entity-expansion amplification ("billion laughs"), so parsing
# the XML parts of uploaded workbooks with it is safe without defusedxml.
_REL_NS_SUFFIX: Final = "relationships"


def _local(tag: str) -> str:
    return tag[tag.rfind("}") + 1 :]


def _ooxml_workbook_part(archive: zipfile.ZipFile) -> str | None:
    """The path of the workbook part named by ``_rels/.rels`` (None when absent)."""
    try:
        root = ET.fromstring(archive.read("_rels/.rels"))  # noqa: S314
    except (KeyError, ET.ParseError):
        return None
    for rel in root:
        if rel.get("Type", "").endswith("/officeDocument"):
            target = rel.get("Target", "")
            return target.lstrip("/") if target.startswith("/") else posixpath.normpath(target)
    return None


def _xlsx_sheet_part(archive: zipfile.ZipFile, sheet_name: str) -> str | None:
    """The zip member holding the XML of the worksheet called ``sheet_name``."""
    try:
        workbook = _ooxml_workbook_part(archive) or "xl/workbook.xml"
        root = ET.fromstring(archive.read(workbook))  # noqa: S314
        rel_id = None
        for element in root.iter():
            if _local(element.tag) == "sheet" and element.get("name") == sheet_name:
                for key, value in element.attrib.items():
                    if _local(key) == "id" and key.startswith("{") and _REL_NS_SUFFIX in key:
                        rel_id = value
                break
        if rel_id is None:
            return None
        base = posixpath.dirname(workbook)
        rels_path = posixpath.join(base, "_rels", posixpath.basename(workbook) + ".rels")
        for rel in ET.fromstring(archive.read(rels_path)):  # noqa: S314
            if rel.get("Id") == rel_id:
                target = rel.get("Target", "")
                if target.startswith("/"):
                    return target.lstrip("/")
                return posixpath.normpath(posixpath.join(base, target))
    except (KeyError, ET.ParseError):
        return None
    return None


# Byte markers for the cheap pre-scan (a false positive only costs a full parse).
# Every formula group has a cell whose ``<f>`` element is closed by ``</f>`` (``</x:f>``).
_XLSX_FORMULA_MARKERS: Final = (b"f>",)
_XLSX_ERROR_MARKERS: Final = (b't="e"', b"t='e'")
_XLSX_MERGE_MARKERS: Final = (b"mergeCell",)


def _stream_contains(stream: IO[bytes], markers: Sequence[bytes]) -> bool:
    """Whether any of the byte strings occurs in the stream (read in chunks)."""
    overlap = max(len(marker) for marker in markers) - 1
    tail = b""
    while chunk := stream.read(_CHUNK):
        window = tail + chunk
        if any(marker in window for marker in markers):
            return True
        tail = window[-overlap:] if overlap else b""
    return False


@dataclass(slots=True)
class _SheetScan:
    """What the streaming scan of a worksheet's XML found."""

    problem: SpreadsheetError | None = None
    merges: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)


def _scan_xlsx_sheet(
    archive: zipfile.ZipFile, member: str, *, cells: bool = True, merges: bool = False
) -> _SheetScan:
    """Scan a worksheet's XML, streaming, for what calamine hides or cannot report.

    With ``cells``: the first formula cell without a cached value (``<f>`` with no ``<v>`` or
    an empty one, except for string results) and the first error cell (``t="e"``, which
    calamine returns as empty) become ``scan.problem``. With ``merges``: every
    ``<mergeCell ref=...>`` is collected (used when calamine cannot report merged ranges).

    A cheap substring pre-scan runs first, so most sheets are only decompressed once. The
    main scan looks at the bytes around each ``<f>`` / ``t="e"`` only (fast even with a
    formula in every row); cells without an ``r`` attribute fall back to ElementTree.
    """
    scan = _SheetScan()
    markers: list[bytes] = []
    if cells:
        markers += [*_XLSX_FORMULA_MARKERS, *_XLSX_ERROR_MARKERS]
    if merges:
        markers += _XLSX_MERGE_MARKERS
    if not markers:
        return scan
    with archive.open(member) as stream:
        if not _stream_contains(stream, markers):
            return scan
    with archive.open(member) as stream:
        exact = _scan_xlsx_bytes(stream, scan, cells=cells, merges=merges)
    if cells and not exact:
        scan.problem = _scan_xlsx_cells_etree(archive, member)
    return scan


_ROOT_PREFIX_RE = re.compile(rb"<(?:([A-Za-z_][\w.-]*):)?worksheet[\s>]")
_ATTRIBUTE_RE = re.compile(rb"""([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_MERGE_REF_RE = re.compile(rb"""<(?:[\w.-]+:)?mergeCell\s[^>]*?\bref\s*=\s*["']([^"']+)""")
_TAG_END_BYTES: Final = frozenset(bytes([char]) for char in b" \t\r\n/>")


def _scan_xlsx_bytes(stream: IO[bytes], scan: _SheetScan, *, cells: bool, merges: bool) -> bool:
    """The fast scan. Returns False when a cell could not be judged from its bytes alone."""
    data = stream.read(_CHUNK)
    root = _ROOT_PREFIX_RE.search(data)
    if root is None:
        return False
    prefix = root.group(1) + b":" if root.group(1) else b""
    cell_open = b"<" + prefix + b"c"
    cell_close = b"</" + prefix + b"c>"
    row_close = b"</" + prefix + b"row>"
    formula_open = b"<" + prefix + b"f"
    formula_close = b"</" + prefix + b"f>"
    value_open = b"<" + prefix + b"v>"
    value_re = re.compile(
        b"<" + re.escape(prefix) + rb"v(?:\s[^>]*)?(?:/>|>(.*?)</" + re.escape(prefix) + b"v>)",
        re.DOTALL,
    )
    checking = cells
    for block, _last in xlsx.aligned_blocks(stream, data, row_close, _CHUNK):
        if merges:
            for match in _MERGE_REF_RE.finditer(block):
                start, _, end = match.group(1).decode("ascii", "replace").partition(":")
                first, last = _parse_cell_ref(start), _parse_cell_ref(end or start)
                if first and last:
                    scan.merges.append((first, last))
        if not checking:
            if not merges:
                break
            continue
        hits = [
            position
            for marker in (formula_open, *_XLSX_ERROR_MARKERS)
            for position in _find_all(block, marker)
            if marker is not formula_open
            or block[position + len(marker) : position + len(marker) + 1] in _TAG_END_BYTES
        ]
        for position in sorted(hits):
            if block.startswith(formula_open, position):
                # Fast path: ``<f ...>...</f><v>text`` or ``<f .../><v>text`` has its value.
                tag_end = block.find(b">", position)
                after = tag_end + 1
                if block[tag_end - 1 : tag_end] != b"/":
                    after = block.find(formula_close, tag_end)
                    after = after + len(formula_close) if after >= 0 else -1
                if (
                    after > 0
                    and block.startswith(value_open, after)
                    and block[after + len(value_open) : after + len(value_open) + 1] not in (b"<", b"")
                ):
                    continue
            start = block.rfind(cell_open, 0, position)
            end = block.find(cell_close, position)
            if start < 0 or end < 0:
                return False
            tag_end = block.find(b">", start)
            attributes = {
                name.rsplit(b":", 1)[-1]: double or single
                for name, double, single in _ATTRIBUTE_RE.findall(block[start + 1 : tag_end])
            }
            ref = _parse_cell_ref(attributes.get(b"r", b"").decode("ascii", "replace"))
            if ref is None:
                return False
            kind = attributes.get(b"t")
            value = value_re.search(block, tag_end, end)
            text = value.group(1) if value is not None else None
            code = None
            if kind == b"e":
                code = CELL_ERROR
            elif block.find(formula_open, tag_end, end) >= 0 and (
                not text and kind not in (b"str", b"inlineStr")
            ):
                code = FORMULA_WITHOUT_VALUE
            if code is not None:
                params = {}
                if code == CELL_ERROR:
                    params["error"] = (text or b"#VALUE!").decode("utf-8", "replace")
                scan.problem = _error(code, row=ref[0] + 1, column=column_letter(ref[1]), **params)
                checking = False
                break
    return True


def _find_all(data: bytes, marker: bytes) -> Iterator[int]:
    position = data.find(marker)
    while position >= 0:
        yield position
        position = data.find(marker, position + 1)


def _scan_xlsx_cells_etree(archive: zipfile.ZipFile, member: str) -> SpreadsheetError | None:
    """The exact (slow) cell scan with ElementTree, for sheets the byte scan cannot judge."""
    # A problem is only final at the end of its row, once the row number is known for sure.
    pending: tuple[str, int | None, int, str | None] | None = None  # code, row, col, error
    row_index = -1
    col_index = -1
    with archive.open(member) as stream:
        for _event, element in ET.iterparse(stream, events=("end",)):  # noqa: S314
            name = _local(element.tag)
            if name == "c":
                ref = element.get("r")
                parsed = _parse_cell_ref(ref) if ref else None
                col_index = parsed[1] if parsed else col_index + 1
                if pending is None:
                    kind = element.get("t")
                    formula = value = None
                    for child in element:
                        child_name = _local(child.tag)
                        if child_name == "f":
                            formula = child
                        elif child_name == "v":
                            value = child
                    cell_row = parsed[0] if parsed else None
                    if kind == "e":
                        text = value.text if value is not None else None
                        pending = (CELL_ERROR, cell_row, col_index, text)
                    elif formula is not None and (
                        value is None or (not value.text and kind not in ("str", "inlineStr"))
                    ):
                        pending = (FORMULA_WITHOUT_VALUE, cell_row, col_index, None)
                element.clear()
            elif name == "row":
                number = element.get("r")
                row_index = int(number) - 1 if number and number.isdigit() else row_index + 1
                col_index = -1
                element.clear()
                if pending is not None:
                    code, cell_row, col, error_text = pending
                    params = {"error": error_text or "#VALUE!"} if code == CELL_ERROR else {}
                    row = (cell_row if cell_row is not None else row_index) + 1
                    return _error(code, row=row, column=column_letter(col), **params)
    return None


_ODS_TABLE_NS: Final = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"


def _ods_first_merge(archive: zipfile.ZipFile, sheet_name: str) -> tuple[int, int] | None:
    """0-based (row, column) of the first spanned cell of an ODS sheet, streaming content.xml."""

    def attr(element: ET.Element, name: str, default: int = 1) -> int:
        raw = element.get(f"{{{_ODS_TABLE_NS}}}{name}")
        try:
            return int(raw) if raw is not None else default
        except ValueError:
            return default

    with archive.open("content.xml") as stream:
        if not _stream_contains(stream, [b"-spanned="]):
            return None
    in_table = False
    table_depth = 0
    row_index = 0
    col_index = 0
    with archive.open("content.xml") as stream:
        for event, element in ET.iterparse(stream, events=("start", "end")):  # noqa: S314
            name = _local(element.tag)
            if name == "table":
                if event == "start":
                    if in_table:
                        table_depth += 1
                    elif element.get(f"{{{_ODS_TABLE_NS}}}name") == sheet_name:
                        in_table = True
                elif in_table:
                    if table_depth:
                        table_depth -= 1
                    else:
                        return None
                continue
            if not in_table or table_depth:
                continue
            if event == "start" and name in ("table-cell", "covered-table-cell"):
                if attr(element, "number-columns-spanned") > 1 or attr(element, "number-rows-spanned") > 1:
                    return row_index, col_index
                col_index += attr(element, "number-columns-repeated")
            elif event == "end" and name == "table-row":
                row_index += attr(element, "number-rows-repeated")
                col_index = 0
                element.clear()
    return None


def _calamine_failure(exc: BaseException, source: _Source, fmt: str, filename: str) -> SpreadsheetError:
    if isinstance(exc, python_calamine.PasswordError):
        return _error(PASSWORD_PROTECTED, filename=filename)
    if fmt == "xls":
        # An OLE2 container that is not an Excel 97-2003 workbook: an encrypted xlsx (Office
        # stores those as OLE2 with an "EncryptedPackage" stream) or a Word/PowerPoint file.
        markers = {
            "encrypted": "EncryptedPackage",
            "doc": "WordDocument",
            "ppt": "PowerPoint Document",
        }
        with source.binary() as handle:
            for detected, stream_name in markers.items():
                handle.seek(0)
                if _stream_contains(handle, [stream_name.encode("utf-16-le")]):
                    if detected == "encrypted":
                        return _error(PASSWORD_PROTECTED, filename=filename)
                    return _error(UNSUPPORTED_FORMAT, filename=filename, detected=detected)
    return _error(CORRUPT_FILE, filename=filename, detail=str(exc))


def _is_panic(exc: BaseException) -> bool:
    # pyo3 turns Rust panics into PanicException, a BaseException subclass.
    return type(exc).__name__ == "PanicException"


def _read_workbook(source: _Source, fmt: str, filename: str, max_rows: int) -> Table:
    try:
        if source.path is not None:
            workbook = python_calamine.CalamineWorkbook.from_path(source.path)
        else:
            with source.binary() as handle:
                workbook = python_calamine.CalamineWorkbook.from_filelike(handle)
        try:
            sheet = None
            for meta in workbook.sheets_metadata:
                if meta.visible != python_calamine.SheetVisibleEnum.Visible:
                    continue
                if meta.typ != python_calamine.SheetTypeEnum.WorkSheet:
                    continue
                candidate = workbook.get_sheet_by_name(meta.name)
                if candidate.start is not None and candidate.height > 0:
                    sheet = candidate
                    break
        finally:
            workbook.close()  # the loaded sheet keeps its own copy of the cell data
    except SpreadsheetError:
        raise
    except python_calamine.CalamineError as exc:
        raise _calamine_failure(exc, source, fmt, filename) from exc
    except BaseException as exc:
        if _is_panic(exc):
            raise _error(CORRUPT_FILE, filename=filename, detail=str(exc)) from exc
        raise
    if sheet is None:
        raise _error(EMPTY_FILE, filename=filename)

    assert sheet.start is not None
    assert sheet.end is not None
    start_row, start_col = sheet.start
    end_row, end_col = sheet.end
    if start_row > 0:
        raise _error(NO_HEADER, row=1)

    merged = sheet.merged_cell_ranges
    scan = _SheetScan()
    if fmt == "xlsx" or (fmt == "ods" and merged is None):
        try:
            with source.binary() as handle, zipfile.ZipFile(handle) as archive:
                if fmt == "xlsx":
                    member = _xlsx_sheet_part(archive, sheet.name)
                    if member is not None:
                        scan = _scan_xlsx_sheet(archive, member, merges=merged is None)
                        if merged is None:
                            merged = scan.merges
                else:
                    first = _ods_first_merge(archive, sheet.name)
                    merged = [(first, first)] if first is not None else []
        except (zipfile.BadZipFile, KeyError, EOFError, OSError, ET.ParseError) as exc:
            raise _error(CORRUPT_FILE, filename=filename, detail=str(exc)) from exc
    for (top, left), (_bottom, right) in sorted(merged or []):
        if top <= end_row and left <= end_col and right >= start_col:
            raise _error(
                MERGED_CELLS,
                row=top + 1,
                column=column_letter(max(left, start_col)),
            )
    if scan.problem is not None:
        raise scan.problem

    raw_rows = sheet.iter_rows()
    header_raw = next(raw_rows, None)
    if header_raw is None:
        raise _error(EMPTY_FILE, filename=filename)
    headers, letters = _check_headers(header_raw, start_col)
    rows = _workbook_rows(raw_rows, headers, start_col, max_rows)
    return Table(
        headers=headers,
        rows=rows,
        sheet_name=sheet.name,
        file_format=fmt,
        column_letters=letters,
    )


def _counted_rows(
    numbered: Iterable[tuple[int, list[CellValue]]], headers: list[str], max_rows: int
) -> Generator[Row, None, None]:
    """Every reader's last step: (row number, values of the header's width) → `Row`s, fully
    empty rows skipped, `too_many_rows` at data row `max_rows + 1`."""
    width = len(headers)
    shared_headers = tuple(headers)
    count = 0
    for number, values in numbered:
        if values.count(None) == width:
            continue
        count += 1
        if count > max_rows:
            _raise_too_many_rows(max_rows, number)
        yield Row(number, values, shared_headers)


def _workbook_rows(
    raw_rows: Iterator[list[Any]], headers: list[str], col_offset: int, max_rows: int
) -> Generator[Row, None, None]:
    width = len(headers)

    def numbered() -> Iterator[tuple[int, list[CellValue]]]:
        for number, raw in enumerate(raw_rows, start=2):
            values = _convert_workbook_row(raw[:width])
            if len(raw) > width:
                for index, extra in enumerate(raw[width:], start=width):
                    if extra != "" and not (type(extra) is str and not extra.strip(_STRIP_CHARS)):
                        raise _error(
                            DATA_OUTSIDE_HEADER, row=number, column=column_letter(col_offset + index)
                        )
            if len(values) < width:
                values.extend([None] * (width - len(values)))
            yield number, values

    return _counted_rows(numbered(), headers, max_rows)


#: What a damaged xlsx package raises while it is streamed (a missing part or string, bad
#: XML, a number that is not one …): the user is told the file is damaged.
_XLSX_FAILURES: Final = (
    zipfile.BadZipFile,
    KeyError,
    IndexError,
    EOFError,
    OSError,
    ET.ParseError,
    ValueError,
    UnicodeDecodeError,
    xlsx.XlsxStructureError,
)


def _read_xlsx(source: _Source, filename: str, max_rows: int) -> Table | None:
    """An xlsx workbook through the streaming reader (core.xlsx): the first visible worksheet
    with data, its rows read as they are decompressed. None when the package lacks the parts
    the streaming reader looks for: calamine then reads it."""
    handle, release = source.open_for_stream()
    try:
        archive = zipfile.ZipFile(handle)
        try:
            workbook = xlsx.Workbook(archive)
        except xlsx.XlsxStructureError:
            archive.close()
            release()
            return None

        def close() -> None:
            workbook.close()
            archive.close()
            release()

        try:
            return _xlsx_table(workbook, filename, max_rows, close)
        except BaseException:
            close()
            raise
    except _XLSX_FAILURES as exc:
        release()
        raise _error(CORRUPT_FILE, filename=filename, detail=str(exc)) from exc
    except BaseException:
        release()
        raise


def _xlsx_table(workbook: xlsx.Workbook, filename: str, max_rows: int, close: Callable[[], None]) -> Table:
    for sheet in workbook.sheets:
        if not sheet.visible:
            continue
        rows = _xlsx_rows(workbook, sheet)
        first = next((row for row in rows if any(_has_value(v) for _c, v in row[1])), None)
        if first is None:
            continue
        scan = _scan_xlsx_sheet(workbook.archive, sheet.member, merges=True)
        number, cells = first
        if number > 0:
            raise _error(NO_HEADER, row=1)
        filled = sorted(c for c, v in cells if _has_value(v))
        start_col = filled[0]
        header_raw: list[Any] = [""] * (filled[-1] + 1 - start_col)
        for column, value in cells:
            if start_col <= column <= filled[-1]:
                header_raw[column - start_col] = value
        headers, letters = _check_headers(header_raw, start_col)
        for (top, left), (_bottom, right) in sorted(scan.merges):
            if left <= start_col + len(headers) - 1 and right >= start_col:
                raise _error(MERGED_CELLS, row=top + 1, column=column_letter(max(left, start_col)))
        if scan.problem is not None:
            raise scan.problem
        return Table(
            headers=headers,
            rows=_xlsx_data_rows(rows, headers, start_col, max_rows, filename, close),
            sheet_name=sheet.name,
            file_format="xlsx",
            column_letters=letters,
            _closer=close,
        )
    raise _error(EMPTY_FILE, filename=filename)


def _has_value(value: Any) -> bool:
    return type(value) is not str or bool(value.strip(_STRIP_CHARS))


def _xlsx_rows(workbook: xlsx.Workbook, sheet: xlsx.SheetInfo) -> Iterator[tuple[int, list[tuple[int, Any]]]]:
    """The sheet's rows with cells; an error cell becomes the user's error message."""
    try:
        yield from workbook.rows(sheet)
    except xlsx.XlsxCellError as exc:
        raise _error(CELL_ERROR, row=exc.row + 1, column=column_letter(exc.column), error=exc.text) from None


def _xlsx_data_rows(
    rows: Iterator[tuple[int, list[tuple[int, Any]]]],
    headers: list[str],
    start_col: int,
    max_rows: int,
    filename: str,
    close: Callable[[], None],
) -> Generator[Row, None, None]:
    width = len(headers)

    def numbered() -> Iterator[tuple[int, list[CellValue]]]:
        for index, cells in rows:
            raw: list[Any] = [""] * width
            for column, value in cells:
                position = column - start_col
                if 0 <= position < width:
                    raw[position] = value
                elif _has_value(value):
                    raise _error(DATA_OUTSIDE_HEADER, row=index + 1, column=column_letter(column))
            yield index + 1, _convert_workbook_row(raw)

    try:
        yield from _counted_rows(numbered(), headers, max_rows)
    except _XLSX_FAILURES as exc:
        raise _error(CORRUPT_FILE, filename=filename, detail=str(exc)) from exc
    finally:
        close()


# --------------------------------------------------------------------------------------------
# CSV / text reading
# --------------------------------------------------------------------------------------------


class _RawReader(io.RawIOBase):
    """Adapts any object with ``read(n)`` to a raw stream without taking ownership."""

    def __init__(self, fileobj: IO[bytes]) -> None:
        self._fileobj = fileobj

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._fileobj.read(len(buffer))
        size = len(data)
        buffer[:size] = data
        return size


def _decodes(source: _Source, encoding: str, skip: int) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    try:
        with source.binary() as handle:
            handle.seek(skip)
            while chunk := handle.read(_CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


_FALLBACK_ENCODINGS: Final = frozenset(
    codecs.lookup(name).name for name in ("big5", "big5hkscs", "cp950", "cp1252", "latin-1", "iso8859-15")
)


def _detect_encoding(source: _Source, head: bytes, filename: str) -> tuple[str, int]:
    """(Python codec name, number of BOM bytes to skip) for a text file."""
    if head.startswith(codecs.BOM_UTF8):
        if _decodes(source, "utf-8", 3):
            return "utf-8", 3
        # A stray UTF-8 BOM in front of GB18030 (GBK) text.
        candidates = [("gb18030", 3)]
    elif head.startswith(_UTF16_BOMS):
        encoding = "utf-16-le" if head.startswith(codecs.BOM_UTF16_LE) else "utf-16-be"
        candidates = [(encoding, 2)]
    elif head.startswith(_GB18030_BOM):
        candidates = [("gb18030", 4)]
    else:
        candidates = [("utf-8", 0), ("gb18030", 0)]
    for encoding, skip in candidates:
        if _decodes(source, encoding, skip):
            return encoding, skip
    skip = candidates[0][1]
    # charset-normalizer happily "recognises" junk as some Cyrillic or Greek code page; only
    # the encodings a user of this platform can plausibly have are accepted from it.
    for match in charset_normalizer.from_bytes(head[skip:]):
        try:
            encoding = codecs.lookup(match.encoding).name
        except LookupError:
            continue
        if encoding in _FALLBACK_ENCODINGS and _decodes(source, encoding, skip):
            return encoding, skip
    raise _error(ENCODING, filename=filename)


_DELIMITERS: Final = (",", "\t", ";")


def _sniff_delimiter(sample: str, complete: bool, ext: str) -> str:
    if not complete and "\n" in sample:
        sample = sample[: sample.rfind("\n") + 1]
    preference = ["\t", ",", ";"] if ext in ("tsv", "tab") else list(_DELIMITERS)
    best = preference[0] if ext in ("tsv", "tab") else ","
    best_score: tuple[int, ...] = (-1,)
    for rank, delimiter in enumerate(preference):
        try:
            records = [
                record
                for record in islice(csv.reader(io.StringIO(sample), delimiter=delimiter), 50)
                if any(cell.strip() for cell in record)
            ][:20]
        except csv.Error:
            continue
        if not records:
            continue
        width = len(records[0])
        consistent = sum(len(record) == width for record in records[1:])
        score = (int(width > 1), consistent, width, -rank)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _read_csv(source: _Source, head: bytes, filename: str, max_rows: int) -> Table:
    encoding, skip = _detect_encoding(source, head, filename)
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    complete = len(head) >= source.size
    sample = decoder.decode(head[skip:], final=complete)
    delimiter = _sniff_delimiter(sample, complete, _extension(filename))

    handle, release = source.open_for_stream()
    try:
        handle.seek(skip)
        text = io.TextIOWrapper(
            io.BufferedReader(_RawReader(handle), buffer_size=_HEAD_SIZE),
            encoding=encoding,
            errors="strict",
            newline="",
        )
        reader = csv.reader(text, delimiter=delimiter)
        try:
            first = next(reader, None)
        except csv.Error as exc:
            raise _error(CORRUPT_FILE, row=1, filename=filename, detail=str(exc)) from exc
        if first is None:
            raise _error(EMPTY_FILE, filename=filename)
        if not any(cell.strip(_STRIP_CHARS) for cell in first):
            for record in reader:
                if any(cell.strip(_STRIP_CHARS) for cell in record):
                    raise _error(NO_HEADER, row=1)
            raise _error(EMPTY_FILE, filename=filename)
        headers, letters = _check_headers(first, 0)
    except BaseException:
        release()
        raise
    return Table(
        headers=headers,
        rows=_csv_rows(reader, headers, max_rows, filename, release),
        sheet_name=None,
        file_format="csv",
        column_letters=letters,
        encoding=encoding,
        delimiter=delimiter,
        _closer=release,
    )


def _csv_rows(
    reader: Iterator[list[str]],
    headers: list[str],
    max_rows: int,
    filename: str,
    release: Callable[[], None],
) -> Generator[Row, None, None]:
    width = len(headers)
    strip = _STRIP_CHARS

    def numbered() -> Iterator[tuple[int, list[CellValue]]]:
        number = 1
        while True:
            try:
                record = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise _error(CORRUPT_FILE, row=number + 1, filename=filename, detail=str(exc)) from exc
            except UnicodeDecodeError as exc:
                raise _error(ENCODING, row=number + 1, filename=filename) from exc
            number += 1
            values: list[CellValue] = [cell.strip(strip) or None for cell in record]
            if len(values) > width:
                for index in range(width, len(values)):
                    if values[index] is not None:
                        raise _error(DATA_OUTSIDE_HEADER, row=number, column=column_letter(index))
                del values[width:]
            elif len(values) < width:
                values.extend([None] * (width - len(values)))
            yield number, values

    try:
        yield from _counted_rows(numbered(), headers, max_rows)
    finally:
        release()


# --------------------------------------------------------------------------------------------
# read_table
# --------------------------------------------------------------------------------------------


def read_table(
    path_or_file: str | os.PathLike[str] | bytes | IO[bytes] | Any,
    *,
    filename: str,
    max_rows: int = DEFAULT_MAX_ROWS,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Table:
    """Open a spreadsheet or CSV file and return its validated header and lazy rows.

    ``path_or_file`` is a filesystem path, ``bytes``, or a binary file object (seekable or
    not; an object with a ``temporary_file_path()`` method, like Django's
    ``TemporaryUploadedFile``, is read from that path). ``filename`` is the name the user
    gave the file: its extension is the tie-breaker after content sniffing, and it appears in
    messages. The header must be in row 1. Fully empty rows are skipped (row numbers still
    match Excel's), and more than ``max_rows`` non-empty data rows raise ``too_many_rows``
    from the iterator when row ``max_rows + 1`` is reached.

    Raises :class:`SpreadsheetError` for every problem with the file itself.
    """
    source = _open_source(path_or_file, max_bytes)
    try:
        if source.size == 0:
            raise _error(EMPTY_FILE, filename=filename)
        head = source.read_head(_HEAD_SIZE)
        kind = _sniff(head, filename)
        if kind == "text":
            # The row iterator keeps the file open and releases it (and any spool) at the end.
            return _read_csv(source, head, filename, max_rows)
        fmt = _identify_zip(source, filename, max_bytes) if kind == "zip" else "xls"
        if fmt == "xlsx":
            streamed = _read_xlsx(source, filename, max_rows)
            if streamed is not None:
                return streamed  # its row iterator releases the file
        table = _read_workbook(source, fmt, filename, max_rows)
    except BaseException:
        source.close()
        raise
    source.close()
    return table


# --------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------

_EXCEL_MAX_ROWS: Final = 1_048_576
_EXCEL_MAX_COLS: Final = 16_384
_DIGITS_RE = re.compile(r"[0-9]+", re.ASCII)
_NUMBER_RE = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?", re.ASCII)
_INJECTION_PREFIXES: Final = ("=", "+", "-", "@")
_INVALID_SHEET_CHARS_RE = re.compile(r"[\[\]:*?/\\]")
_LONG_INT: Final = 10**11  # ints with more than 11 digits are written as text


def _display_width(text: str) -> int:
    """Width in Excel character units: CJK and other wide characters count double."""
    width = 0
    for char in text:
        code = ord(char)
        wide = (
            0x1100 <= code <= 0x115F
            or 0x2E80 <= code <= 0xA4CF
            or 0xAC00 <= code <= 0xD7A3
            or 0xF900 <= code <= 0xFAFF
            or 0xFE30 <= code <= 0xFE4F
            or 0xFF00 <= code <= 0xFF60
            or 0xFFE0 <= code <= 0xFFE6
            or code >= 0x20000
        )
        width += 2 if wide else 1
    return width


def _local_naive(value: dt.datetime) -> dt.datetime:
    """Aware datetimes become naive local time (Django sets the process TZ to TIME_ZONE)."""
    if value.tzinfo is not None and value.utcoffset() is not None:
        return value.astimezone().replace(tzinfo=None)
    return value.replace(tzinfo=None)


def _sheet_title(name: str) -> str:
    title = _INVALID_SHEET_CHARS_RE.sub("_", name).strip("'")[:31]
    return title or "Sheet1"


def _sample_width(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, dt.datetime):
        return 19
    if isinstance(value, dt.date):
        return 10
    if isinstance(value, str):
        return max((_display_width(line) for line in value.splitlines()), default=0)
    return len(str(value))


def write_xlsx(
    path_or_file: str | os.PathLike[str] | IO[bytes],
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    sheet_name: str = "Sheet1",
    column_formats: dict[str | int, str | dict[str, Any]] | None = None,
) -> int:
    """Stream ``rows`` into an xlsx file in constant memory; returns the number of data rows.

    The header row is bold and frozen. Column widths come from the header and the first 100
    rows (CJK characters count double). Dates are written as real dates formatted
    ``yyyy-mm-dd`` (datetimes ``yyyy-mm-dd hh:mm:ss``; aware ones are converted to local
    time). Strings are always written as text, never as formulas or links; all-digit strings
    get the text number format so Excel keeps leading zeros on edit, and integers with more
    than 11 digits (ID numbers) are written as text so Excel does not round them.

    ``column_formats`` maps a header (or 0-based column index) to an Excel number format
    string (``"0.00"``) or an XlsxWriter format dict; it replaces the default formats of every
    cell in that column.
    """
    if len(headers) > _EXCEL_MAX_COLS:
        raise ValueError(f"an xlsx sheet holds at most {_EXCEL_MAX_COLS} columns")
    target = os.fspath(path_or_file) if isinstance(path_or_file, str | os.PathLike) else (path_or_file)
    workbook = xlsxwriter.Workbook(target, {"constant_memory": True})
    count = 0
    try:
        worksheet = workbook.add_worksheet(_sheet_title(sheet_name))
        header_format = workbook.add_format({"bold": True})
        date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
        datetime_format = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
        time_format = workbook.add_format({"num_format": "hh:mm:ss"})
        text_format = workbook.add_format({"num_format": "@"})
        defaults = (date_format, datetime_format, time_format, text_format)
        ncols = len(headers)
        custom: list[Any] = [None] * ncols
        for key, spec in (column_formats or {}).items():
            index = key if isinstance(key, int) else list(headers).index(key)
            props = {"num_format": spec} if isinstance(spec, str) else dict(spec)
            custom[index] = workbook.add_format(props)

        iterator = iter(rows)
        sample = list(islice(iterator, 100))
        for index, header in enumerate(headers):
            width = _display_width(str(header))
            for row in sample:
                if index < len(row):
                    width = max(width, _sample_width(row[index]))
            worksheet.set_column(index, index, min(max(width + 2, 8), 60), custom[index])
        worksheet.freeze_panes(1, 0)
        for index, header in enumerate(headers):
            worksheet.write_string(0, index, str(header), header_format)

        write_string = worksheet.write_string
        write_number = worksheet.write_number
        for row_index, row in enumerate(chain(sample, iterator), start=1):
            if row_index >= _EXCEL_MAX_ROWS:
                raise _error(TOO_MANY_ROWS, row=row_index + 1, max_rows=_EXCEL_MAX_ROWS - 1)
            for col, value in enumerate(row):
                if value is None:
                    continue
                fmt = custom[col] if col < ncols else None
                kind = type(value)
                if kind is str:
                    if not value:
                        continue
                    if fmt is None and _DIGITS_RE.fullmatch(value):
                        fmt = text_format
                    write_string(row_index, col, value, fmt)
                elif kind is int:
                    if -_LONG_INT < value < _LONG_INT:
                        write_number(row_index, col, value, fmt)
                    else:
                        write_string(row_index, col, str(value), fmt or text_format)
                elif kind is float:
                    if not math.isfinite(value):
                        write_string(row_index, col, str(value), fmt)
                    else:
                        write_number(row_index, col, value, fmt)
                else:
                    _write_other(worksheet, (row_index, col), value, fmt, defaults)
            count = row_index
    finally:
        workbook.close()
    return count


def _write_other(
    worksheet: Any, cell: tuple[int, int], value: Any, fmt: Any, defaults: tuple[Any, ...]
) -> None:
    row, col = cell
    date_format, datetime_format, time_format, text_format = defaults
    if isinstance(value, bool):
        worksheet.write_boolean(row, col, value, fmt)
    elif isinstance(value, dt.datetime):
        worksheet.write_datetime(row, col, _local_naive(value), fmt or datetime_format)
    elif isinstance(value, dt.date):
        worksheet.write_datetime(row, col, value, fmt or date_format)
    elif isinstance(value, dt.time):
        worksheet.write_datetime(row, col, value.replace(tzinfo=None), fmt or time_format)
    elif isinstance(value, Decimal):
        if value.is_finite() and len(value.as_tuple().digits) <= 15:
            worksheet.write_number(row, col, float(value), fmt)
        else:
            worksheet.write_string(row, col, format(value, "f"), fmt or text_format)
    elif isinstance(value, int):  # int subclasses (IntEnum, ...)
        worksheet.write_number(row, col, int(value), fmt)
    elif isinstance(value, float):
        worksheet.write_number(row, col, float(value), fmt)
    else:
        text = str(value)
        if text:
            worksheet.write_string(row, col, text, fmt)


def _csv_text(value: Any) -> str:
    """A cell as CSV text, with formula injection neutralised."""
    if value is None:
        return ""
    text: str
    kind = type(value)
    if kind is str:
        text = value
    elif kind is int or kind is float:
        return repr(value) if kind is float else str(value)
    elif isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    elif isinstance(value, dt.datetime):
        naive = _local_naive(value)
        return naive.isoformat(sep=" ", timespec="seconds" if not naive.microsecond else "auto")
    elif isinstance(value, dt.date | dt.time):
        return value.isoformat()
    elif isinstance(value, Decimal):
        return format(value, "f")
    elif isinstance(value, int | float):
        return str(value)
    else:
        text = str(value)
    stripped = text.lstrip()
    if stripped.startswith(_INJECTION_PREFIXES) and not _NUMBER_RE.fullmatch(stripped):
        return "'" + text
    return text


def iter_csv(
    headers: Sequence[Any], rows: Iterable[Sequence[Any]], *, chunk_size: int = 64 * 1024
) -> Iterator[bytes]:
    """Yield a UTF-8 (with BOM) CSV file in chunks, e.g. for ``StreamingHttpResponse``.

    Lines end with CRLF. Text cells whose first non-blank character is ``=``, ``+``, ``-`` or
    ``@`` (so leading tabs and carriage returns are covered too) are prefixed with a single
    quote against CSV formula injection, unless the text is a plain number like ``-5``;
    numeric values are never prefixed.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([_csv_text(header) for header in headers])
    first = True
    for row in rows:
        writer.writerow([_csv_text(value) for value in row])
        if buffer.tell() >= chunk_size:
            data = buffer.getvalue().encode("utf-8", errors="replace")
            yield codecs.BOM_UTF8 + data if first else data
            first = False
            buffer.seek(0)
            buffer.truncate()
    data = buffer.getvalue().encode("utf-8", errors="replace")
    if first or data:
        yield codecs.BOM_UTF8 + data if first else data


def write_csv(
    path_or_file: str | os.PathLike[str] | IO[bytes],
    headers: Sequence[Any],
    rows: Iterable[Sequence[Any]],
) -> int:
    """Write :func:`iter_csv` output to a path or binary file; returns the number of rows."""
    count = 0

    def counted() -> Iterator[Sequence[Any]]:
        nonlocal count
        for row in rows:
            count += 1
            yield row

    if isinstance(path_or_file, str | os.PathLike):
        with open(path_or_file, "wb") as handle:
            for chunk in iter_csv(headers, counted()):
                handle.write(chunk)
    else:
        for chunk in iter_csv(headers, counted()):
            path_or_file.write(chunk)
    return count

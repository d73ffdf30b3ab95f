"""A lab's results file (xlsx, xls, ods or CSV; one row per item): 样品编号, 报告编号, 签发日期,
检验项目, 检验结果, 计量单位, 单项判定. Rows are grouped into one report per sample and each
report goes through `testing.enter_report`. The file is all or nothing: one bad row and no
report of the file is written, and every bad row is named with its row number, column and
reason."""

from __future__ import annotations

import datetime as dt
import re
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from qualitycity.core.permissions import restrict_queryset
from qualitycity.core.spreadsheets import SpreadsheetError, read_table
from qualitycity.spotchecks.models import Objection, Sample, TestingInstitution, TestItem
from qualitycity.spotchecks.testing import ReportError, ResultRow, applicable_items, enter_report

COLUMNS: dict[str, tuple[str, ...]] = {
    "sample": ("样品编号", "抽样单编号", "抽样编号", "sample number", "sample"),
    "report": ("报告编号", "检验报告编号", "report number", "report"),
    "issued_on": ("签发日期", "报告日期", "检验日期", "issued on", "date"),
    "item": ("检验项目", "项目", "检测项目", "test item", "item"),
    "value": ("检验结果", "结果", "实测值", "检测结果", "result", "value"),
    "unit": ("计量单位", "单位", "结果单位", "unit"),
    "verdict": ("单项判定", "判定", "单项结论", "verdict"),
}
REQUIRED = ("sample", "report", "issued_on", "item", "value")
MAX_ROWS = 50_000


@dataclass
class FileError:
    row: int
    column: str
    message: str


@dataclass
class ImportOutcome:
    reports: int = 0
    rows: int = 0
    failed_samples: list[str] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)


def _norm(text: Any) -> str:
    return re.sub(r"[\s\u3000*＊:：()（）]", "", str(text or "")).lower()


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value or "").strip()
    for fmt in ("%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日", "%Y%m%d", "%Y.%m.%d"):
        try:
            return dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007  (a date only)
        except ValueError:
            continue
    return None


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def import_results(
    upload: Any,
    *,
    filename: str,
    actor: Any,
    institution: TestingInstitution,
    progress: Any = None,
) -> ImportOutcome:
    """Read the file and enter its reports; on any error nothing is written and the outcome
    lists every error."""
    outcome = ImportOutcome()
    try:
        table = read_table(upload, filename=filename, max_rows=MAX_ROWS)
    except SpreadsheetError as exc:
        from qualitycity.core.generic.importing import spreadsheet_message

        outcome.errors.append(FileError(0, "", spreadsheet_message(exc)))
        return outcome
    lookup = {_norm(alias): key for key, aliases in COLUMNS.items() for alias in aliases}
    index: dict[str, int] = {}
    letters: dict[str, str] = {}
    for i, header in enumerate(table.headers):
        key = lookup.get(_norm(header))
        if key and key not in index:
            index[key] = i
            letters[key] = f"{table.column_letters[i]}（{header}）"
    missing = [COLUMNS[k][0] for k in REQUIRED if k not in index]
    if missing:
        table.close()
        outcome.errors.append(
            FileError(1, "", _("Missing columns: {columns}.").format(columns="、".join(missing)))
        )
        return outcome
    groups: OrderedDict[tuple[str, str], list[tuple[int, dict[str, Any]]]] = OrderedDict()
    for row in table.rows:
        values = {k: row.values[i] if i < len(row.values) else None for k, i in index.items()}
        group = (_text(values["sample"]), _text(values["report"]))
        groups.setdefault(group, []).append((row.number, values))
        outcome.rows += 1
    samples = {
        s.number: s
        for s in restrict_queryset(Sample.objects.all(), actor, "view").filter(
            number__in=[k[0] for k in groups]
        )
    }
    total = len(groups)
    try:
        with transaction.atomic():
            for done, ((sample_number, report_number), rows) in enumerate(groups.items(), start=1):
                _enter_group(
                    outcome, samples, sample_number, report_number, rows, letters, actor, institution
                )
                if progress is not None:
                    progress(done, total)
            if outcome.errors:
                raise _Rollback
    except _Rollback:
        outcome.reports = 0
        outcome.failed_samples = []
    return outcome


class _Rollback(Exception):
    """Leaves the transaction: nothing of a file with errors is written."""


def _enter_group(
    outcome: ImportOutcome,
    samples: dict[str, Sample],
    sample_number: str,
    report_number: str,
    rows: list[tuple[int, dict[str, Any]]],
    letters: dict[str, str],
    actor: Any,
    institution: TestingInstitution,
) -> None:
    first_row = rows[0][0]
    sample = samples.get(sample_number)
    if sample is None:
        for number, _values in rows:
            outcome.errors.append(
                FileError(
                    number,
                    letters["sample"],
                    _("Unknown sample number {number}.").format(number=sample_number or "?"),
                )
            )
        return
    issued = {_date(v["issued_on"]) for _n, v in rows}
    if None in issued or len(issued) != 1:
        outcome.errors.append(
            FileError(
                first_row,
                letters["issued_on"],
                _("Give one date (2026-05-01 or 2026年5月1日) for all rows of a report."),
            )
        )
        return
    by_name = {_norm(i.name): i for i in applicable_items(sample)}
    by_name.update(
        {
            _norm(i.name): i
            for i in TestItem.objects.filter(name__in=[_text(v["item"]) for _n, v in rows])
            if _norm(i.name) not in by_name
        }
    )
    result_rows = [
        ResultRow(
            item=by_name.get(_norm(v["item"])),
            value_text=_text(v["value"]),
            unit=_text(v.get("unit")),
            lab_verdict=_text(v.get("verdict")),
            item_name=_text(v["item"]),
        )
        for _n, v in rows
    ]
    objection = (
        Objection.objects.filter(
            sample=sample, status="retest_assigned", retest_institution=institution
        ).first()
        if sample.institution_id != institution.pk
        else None
    )
    try:
        with transaction.atomic():
            enter_report(
                sample,
                actor=actor,
                institution=institution,
                number=report_number,
                issued_on=issued.pop(),  # type: ignore[arg-type]  # checked above
                rows=result_rows,
                objection=objection,
            )
    except ReportError as exc:
        column_of = {"item": "item", "value": "value", "unit": "unit", "verdict": "verdict"}
        for index, fields in exc.rows.items():
            for name, message in fields.items():
                outcome.errors.append(
                    FileError(rows[index][0], letters.get(column_of.get(name, ""), ""), message)
                )
        for name, messages in exc.report_errors.items():
            column = letters.get({"number": "report", "issued_on": "issued_on"}.get(name, "sample"), "")
            for message in messages:
                outcome.errors.append(FileError(first_row, column, message))
        return
    except ValidationError as exc:
        for message in exc.messages:
            outcome.errors.append(FileError(first_row, letters["sample"], message))
        return
    outcome.reports += 1
    sample.refresh_from_db(fields=["conclusion"])
    if sample.conclusion == "unqualified":
        outcome.failed_samples.append(sample.number)

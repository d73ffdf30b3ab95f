"""Bulk import through one import form per model.

Upload → a job checks every row (nothing written) → the user sees counts and per-row errors
(row number, column, reason) and chooses all-or-nothing or "import the valid rows and give
me a file of the rejected ones" → a job writes the rows in one transaction, with an audit
record per object. Foreign keys resolve natural keys (USCC, division code, GB/T 4754 code)."""

from __future__ import annotations

import datetime as dt
import pickle
import re
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import closing, nullcontext
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Model
from django.http import FileResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qualitycity.core import audit
from qualitycity.core.choices import AuditAction, ImportMode, JobKind, JobStatus
from qualitycity.core.generic.registry import ModelConfig, get_config
from qualitycity.core.jobs import Progress, create_job, enqueue_job, job_dir, register_handler
from qualitycity.core.models import Job
from qualitycity.core.permissions import in_scope, restrict_queryset
from qualitycity.core.prefetch import ahead
from qualitycity.core.spreadsheets import SpreadsheetError, read_table, write_xlsx

ALLOWED_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".txt")
MAX_ERRORS_SHOWN = 500
ERROR_COLUMN = gettext_lazy("Errors")


def batched(rows: Any, size: int) -> Any:
    """Lists of up to `size` items from an iterator."""
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("File (xlsx, xls, ods or csv)"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        suffix = Path(upload.name).suffix.lower()
        if suffix not in ALLOWED_SUFFIXES:
            raise forms.ValidationError(
                _("Unsupported file type {suffix}: upload an xlsx, xls, ods or csv file.").format(
                    suffix=suffix or "?"
                )
            )
        if upload.size == 0:
            raise forms.ValidationError(_("The file is empty."))
        if upload.size > settings.QCITY_IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than {mb} MB.").format(
                    mb=settings.QCITY_IMPORT_MAX_BYTES // (1024 * 1024)
                )
            )
        return upload


def _normalize_header(text: str) -> str:
    return re.sub(r"[\s\u3000*＊:：()（）\[\]【】_\-]", "", str(text)).lower()


@dataclass
class HeaderSpec:
    name: str
    label: str
    required: bool
    help_text: str
    aliases: list[str] = field(default_factory=list)


def expected_headers(config: ModelConfig) -> list[HeaderSpec]:
    """The columns an import file may have, from the import form (the template's header row)."""
    form_cls = config.import_form
    aliases: dict[str, list[str]] = getattr(form_cls, "header_aliases", {})
    specs = []
    for name, fld in form_cls.base_fields.items():
        label = str(fld.label or name)
        specs.append(
            HeaderSpec(
                name=name,
                label=label,
                required=fld.required,
                help_text=str(fld.help_text or ""),
                aliases=[label, name, *[str(a) for a in aliases.get(name, [])]],
            )
        )
    return specs


def map_headers(
    config: ModelConfig, headers: list[str], chosen: dict[str, str] | None = None
) -> tuple[dict[int, str], list[str], list[str]]:
    """Column index → form field; the labels of missing required columns; unknown headers.

    Headers match a field's label, name or aliases, ignoring spaces, brackets, asterisks and
    case. `chosen` is the user's mapping from the mapping step (column index as a string →
    field name, "" to ignore the column); it wins over the automatic match."""
    lookup: dict[str, str] = {}
    specs = expected_headers(config)
    names = {spec.name for spec in specs}
    for spec in specs:
        for alias in spec.aliases:
            lookup.setdefault(_normalize_header(alias), spec.name)
    chosen = chosen or {}
    mapping: dict[int, str] = {}
    unknown: list[str] = []
    for index, header in enumerate(headers):
        if str(index) in chosen:
            name: str | None = chosen[str(index)] if chosen[str(index)] in names else None
            if name is None:
                continue  # ignored on purpose
        else:
            name = lookup.get(_normalize_header(header))
        if name is None or name in mapping.values():
            unknown.append(header)
        else:
            mapping[index] = name
    missing = [s.label for s in specs if s.required and s.name not in mapping.values()]
    return mapping, missing, unknown


def mapping_form(config: ModelConfig, headers: list[str], mapping: dict[int, str]) -> dict[str, Any] | None:
    """What the job page needs to offer the mapping step: every file column with the field it
    is mapped to ("" when ignored), and the fields to choose from. None when the model's
    import view does not take a mapping."""
    view = config.views.get("import")
    if view is None:
        return None
    from qualitycity.core.generic.registry import model_url

    return {
        "action": model_url(config.model, "import"),
        "columns": [
            {"index": i, "header": str(h), "field": mapping.get(i, "")} for i, h in enumerate(headers)
        ],
        "fields": [
            {"name": s.name, "label": s.label, "required": s.required} for s in expected_headers(config)
        ],
    }


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time() else value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int | float):
        return str(value)
    return value


@dataclass
class RowOutcome:
    row: int
    ok: bool
    created: bool = False
    errors: list[dict[str, str]] = field(default_factory=list)
    values: list[Any] = field(default_factory=list)


class RowProcessor:
    """Validates (and, when committing, saves) one row at a time through the import form."""

    def __init__(self, config: ModelConfig, actor: Any, mapping: dict[int, str], headers: list[str]):
        self.config = config
        self.actor = actor
        self.mapping = mapping
        self.column_of = {name: headers[i] for i, name in mapping.items()}
        self.seen_keys = SeenKeys()
        self.change_qs = restrict_queryset(config.model._default_manager.all(), actor, "change")

    def _data(self, values: list[Any]) -> dict[str, Any]:
        return {name: _cell(values[i] if i < len(values) else None) for i, name in self.mapping.items()}

    def _error(self, field_name: str, message: str) -> dict[str, str]:
        return {"field": field_name, "column": self.column_of.get(field_name, ""), "message": message}

    def _existing(self, form_cls: Any, data: dict[str, Any]) -> tuple[Model | None, str | None]:
        """Find the row's existing object by the import key; (None, key) for a new one."""
        key_field = self.config.import_key
        if not key_field or not data.get(key_field):
            return None, None
        normalize = getattr(form_cls, "normalize_key", None)
        try:
            key = normalize(data[key_field]) if normalize else str(data[key_field]).strip()
        except Exception:
            return None, None
        obj = self.config.model._default_manager.filter(**{key_field: key}).first()
        return obj, key

    def process(self, number: int, values: list[Any], *, commit: bool) -> RowOutcome:
        data = self._data(values)
        form_cls = self.config.import_form
        existing, key = self._existing(form_cls, data)
        outcome = RowOutcome(row=number, ok=False, values=values)
        earlier = self.seen_keys.earlier_row(key, number) if key is not None else None
        if earlier is not None:
            outcome.errors.append(
                self._error(
                    self.config.import_key,
                    _("Same {field} as row {row}.").format(
                        field=self._label(self.config.import_key), row=earlier
                    ),
                )
            )
            return outcome
        if existing is not None and not self.change_qs.filter(pk=existing.pk).exists():
            outcome.errors.append(
                self._error(self.config.import_key, _("This record exists outside your area."))
            )
            return outcome
        before = audit.snapshot(existing) if existing is not None else None
        form = form_cls(data=data, instance=existing)
        if hasattr(form, "limit_to_user"):
            form.limit_to_user(self.actor)
        if not form.is_valid():
            for name, errs in form.errors.items():
                for message in errs:
                    outcome.errors.append(self._error("" if name == "__all__" else name, str(message)))
            return outcome
        outcome.created = existing is None
        if commit:
            try:
                self._save(form, before)
            except PermissionDenied:
                outcome.errors.append(self._error("", _("The record would fall outside your area.")))
                return outcome
        outcome.ok = True
        return outcome

    def _label(self, name: str) -> str:
        form_field = self.config.import_form.base_fields.get(name)
        return str(form_field.label) if form_field is not None else name

    def _save(self, form: Any, before: dict[str, Any] | None) -> None:
        service = getattr(form, "import_save", None)
        if service is not None:
            # A workflow record (a sampling record, …) is written by its service, which audits it.
            with transaction.atomic():
                obj = service(actor=self.actor)
                if not in_scope(obj, self.actor, "view"):
                    raise PermissionDenied
            return
        with transaction.atomic():
            obj = form.save(commit=False)
            if hasattr(obj, "updated_by_id"):
                obj.updated_by = self.actor
                if before is None:
                    obj.created_by = self.actor
            obj.save()
            form.save_m2m()
            if not in_scope(obj, self.actor, "view"):
                raise PermissionDenied
            if before is None or audit.diff(before, audit.snapshot(obj)):
                audit.record_change(actor=self.actor, obj=obj, before=before, message="import")


def start_import(config: ModelConfig, upload: Any, *, actor: Any) -> Job:
    """Keep the uploaded file and queue the checking job."""
    job = create_job(
        kind=JobKind.IMPORT_VALIDATE,
        name=_("Import of {what}: {file}").format(
            what=config.model._meta.verbose_name_plural, file=upload.name
        ),
        owner=actor,
        model_label=config.label,
        input_name=upload.name[:300],
        enqueue=False,
    )
    target = job_dir(job) / f"input{Path(upload.name).suffix.lower()}"
    with target.open("wb") as fh:
        for chunk in upload.chunks():
            fh.write(chunk)
    Job.objects.filter(pk=job.pk).update(input_file=str(target))
    enqueue_job(job)
    return job


class ImportFailed(Exception):
    """Raised inside the commit transaction to roll the whole import back."""

    def __init__(self, message: str, extra: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.extra = extra or {}


def spreadsheet_message(err: SpreadsheetError) -> str:
    """A file-level problem as a sentence in the user's language."""
    params = _KeepMissing(err.params or {})
    params.setdefault("row", err.row or "")
    params.setdefault("column", err.column or "")
    return _(err.message_key).format_map(params)


class _KeepMissing(dict[str, Any]):
    """Leaves an unknown {placeholder} as it is instead of failing."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _open(job: Job) -> Any:
    return read_table(
        job.input_file,
        filename=job.input_name,
        max_rows=settings.QCITY_IMPORT_MAX_ROWS,
        max_bytes=settings.QCITY_IMPORT_MAX_BYTES,
    )


def _batch_outcomes(importer: Any, table: Any) -> Iterator[list[RowOutcome]]:
    """A batch importer's outcomes, chunk by chunk. An importer whose checks need no database
    (`check_rows`, then `process_checked`) has the file read and its rows checked in a
    second process (`core.prefetch.ahead`), one chunk ahead of the writing here."""

    def chunks() -> Iterator[list[tuple[int, list[Any]]]]:
        for chunk in batched(table.rows, importer.chunk_size):
            yield [(row.number, row.values) for row in chunk]

    check_rows = getattr(importer, "check_rows", None)
    if check_rows is None:
        for rows in chunks():
            yield importer.process(rows)
        return

    def checked() -> Iterator[Any]:
        for rows in chunks():
            yield check_rows(rows)

    for result in ahead(checked):
        yield importer.process_checked(result)


def _run_rows(job: Job, progress: Progress, *, commit: bool) -> dict[str, Any]:
    config = get_config(job.model_label)
    table = _open(job)
    mapping, missing, unknown = map_headers(config, table.headers, (job.params or {}).get("mapping"))
    offer = mapping_form(config, table.headers, mapping) if (missing or unknown) else None
    if missing:
        raise ImportFailed(
            _(
                "Required columns missing: {columns}. Download the template to see the expected columns."
            ).format(columns="、".join(missing)),
            extra={"mapping_form": offer} if offer else None,
        )
    summary: dict[str, Any] = {
        "total": 0,
        "valid": 0,
        "invalid": 0,
        "created": 0,
        "updated": 0,
        "errors": [],
        "unknown_headers": unknown,
        "mapping": {
            table.headers[i]: str(config.import_form.base_fields[n].label) for i, n in mapping.items()
        },
    }
    if offer:
        summary["mapping_form"] = offer
    rejects = RejectSpool()

    def tally(outcome: RowOutcome) -> None:
        summary["total"] += 1
        if outcome.ok:
            summary["valid"] += 1
            summary["created" if outcome.created else "updated"] += 1
        else:
            summary["invalid"] += 1
            reason = "；".join(
                f"{e['column']}: {e['message']}" if e["column"] else e["message"] for e in outcome.errors
            )
            rejects.append((list(outcome.values), reason))
            for err in outcome.errors:
                if len(summary["errors"]) < MAX_ERRORS_SHOWN:
                    summary["errors"].append({"row": outcome.row, **err})

    batch_importer = config.batch_importer
    if batch_importer is not None:
        importer = batch_importer(config, job.owner, mapping, table.headers, commit=commit)
        with getattr(importer, "session", nullcontext)():
            for outcomes in _batch_outcomes(importer, table):
                for outcome in outcomes:
                    tally(outcome)
                progress.set(summary["total"], force=True)
            importer.finish()
    else:
        processor = RowProcessor(config, job.owner, mapping, table.headers)
        for row in table.rows:
            tally(processor.process(row.number, list(row.values), commit=commit))
            progress.set(summary["total"])
    if summary["total"] == 0:
        raise ImportFailed(_("The file has a header row but no data rows."))
    summary["headers"] = table.headers
    summary["_rejects"] = rejects
    return summary


class SeenKeys:
    """The import keys met so far in a file, with the row of each, for "Same … as row N":
    in a dictionary for the first MEMORY_KEYS, then in a temporary SQLite file (its own
    connection, never the application's), so that a million-row file does not hold a
    million keys in memory."""

    MEMORY_KEYS = 100_000

    def __init__(self) -> None:
        self._memory: dict[str, int] = {}
        self._disk: sqlite3.Connection | None = None

    def earlier_row(self, key: str, number: int) -> int | None:
        """The row that had `key` before; None (and `number` recorded) when it is new."""
        found = self._memory.get(key)
        if found is not None:
            return found
        if self._disk is None:
            if len(self._memory) < self.MEMORY_KEYS:
                self._memory[key] = number
                return None
            self._open()
        assert self._disk is not None
        cursor = self._disk.execute("INSERT OR IGNORE INTO seen VALUES (?, ?)", (key, number))
        if cursor.rowcount:
            return None
        row = self._disk.execute("SELECT row FROM seen WHERE key = ?", (key,)).fetchone()
        return int(row[0])

    def _open(self) -> None:
        with tempfile.TemporaryDirectory(prefix="qcity-keys-") as directory:
            self._disk = sqlite3.connect(Path(directory) / "keys.sqlite3", isolation_level=None)
            self._disk.execute("PRAGMA journal_mode = OFF")
            self._disk.execute("PRAGMA synchronous = OFF")
            self._disk.execute("PRAGMA cache_size = -8192")
            self._disk.execute("CREATE TABLE seen (key TEXT PRIMARY KEY, row INTEGER) WITHOUT ROWID")
        # the file is gone from the directory but stays open here (SQLite writes no other
        # file without a journal): nothing is left behind, even by a process that ends
        # without cleaning up (the reading process of an import leaves with os._exit)

    def __contains__(self, key: str) -> bool:
        if key in self._memory:
            return True
        return self._disk is not None and bool(
            self._disk.execute("SELECT 1 FROM seen WHERE key = ?", (key,)).fetchone()
        )

    def close(self) -> None:
        if self._disk is not None:
            self._disk.close()
            self._disk = None


class RejectSpool:
    """The rejected rows with their reasons, kept in a temporary file as they come (pickled
    one after another) rather than in memory: a file of a million bad rows must not need a
    million rows' worth of memory to be reported."""

    def __init__(self) -> None:
        self.count = 0
        self._file: Any = None

    def append(self, item: tuple[list[Any], str]) -> None:
        if self._file is None:
            self._file = tempfile.TemporaryFile(prefix="qcity-rejects-")  # noqa: SIM115  (closed by close())
        pickle.dump(item, self._file, pickle.HIGHEST_PROTOCOL)
        self.count += 1

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[tuple[list[Any], str]]:
        if self._file is None:
            return
        self._file.seek(0)
        for _index in range(self.count):
            yield pickle.load(self._file)  # noqa: S301  (written by this process just before)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


def _write_rejects(job: Job, headers: list[str], rejects: RejectSpool) -> None:
    path = job_dir(job) / "rejected.xlsx"
    with closing(rejects):
        write_xlsx(path, [*headers, str(ERROR_COLUMN)], ([*values, reason] for values, reason in rejects))
    job.result_file = str(path)
    job.result_name = _("rejected rows - {file}.xlsx").format(file=Path(job.input_name).stem)


@register_handler(JobKind.IMPORT_VALIDATE)
def run_import_check(job: Job, progress: Progress) -> None:
    """Check every row without writing; the job then waits for the user's confirmation."""
    try:
        summary = _run_rows(job, progress, commit=False)
    except (SpreadsheetError, ImportFailed) as exc:
        job.status = JobStatus.FAILED
        job.result = {
            "file_error": spreadsheet_message(exc) if isinstance(exc, SpreadsheetError) else str(exc),
            **(exc.extra if isinstance(exc, ImportFailed) else {}),
        }
        Job.objects.filter(pk=job.pk).update(error=job.result["file_error"])
        return
    rejects = summary.pop("_rejects")
    job.result_file = ""
    job.result_name = ""
    if rejects:
        _write_rejects(job, summary["headers"], rejects)
    job.result = summary
    job.total = summary["total"]
    job.progress = summary["total"]
    job.status = JobStatus.AWAITING_CONFIRMATION


@register_handler(JobKind.IMPORT_COMMIT)
def run_import_commit(job: Job, progress: Progress) -> None:
    """Write the rows in one transaction: all or nothing, or the valid rows plus a rejects file."""
    checked = dict(job.result or {})
    try:
        with transaction.atomic():
            summary = _run_rows(job, progress, commit=True)
            if job.import_mode == ImportMode.ALL_OR_NOTHING and summary["invalid"]:
                raise ImportFailed(
                    _("{n} rows have errors; nothing was imported.").format(n=summary["invalid"])
                )
            audit.record(
                actor=job.owner,
                action=AuditAction.IMPORT,
                object_type=job.model_label,
                object_repr=job.input_name[:200],
                message=f"created {summary['created']}, updated {summary['updated']}, rejected {summary['invalid']}",
                extra={k: summary[k] for k in ("total", "created", "updated", "invalid")},
            )
    except (SpreadsheetError, ImportFailed) as exc:
        job.status = JobStatus.FAILED
        message = spreadsheet_message(exc) if isinstance(exc, SpreadsheetError) else str(exc)
        job.result = {**checked, "file_error": message, "committed": False}
        Job.objects.filter(pk=job.pk).update(error=message)
        return
    rejects = summary.pop("_rejects")
    job.result_file = ""
    job.result_name = ""
    if rejects:
        _write_rejects(job, summary["headers"], rejects)
    job.result = {**summary, "committed": True}


def confirm_import(job: Job, mode: str, *, actor: Any) -> Job:
    """The user's choice after the check: queue the writing job."""
    if job.owner_id != actor.pk or job.kind != JobKind.IMPORT_VALIDATE:
        raise PermissionDenied
    if job.status != JobStatus.AWAITING_CONFIRMATION or mode not in ImportMode.values:
        raise PermissionDenied
    if mode == ImportMode.ALL_OR_NOTHING and job.result_value("invalid", 0):
        raise PermissionDenied
    Job.objects.filter(pk=job.pk).update(
        kind=JobKind.IMPORT_COMMIT, status=JobStatus.PENDING, import_mode=mode, progress=0
    )
    job.refresh_from_db()
    enqueue_job(job)
    return job


@transaction.atomic
def remap_import(job: Job, chosen: dict[str, str], *, actor: Any) -> Job:
    """The mapping step: keep the user's column → field mapping on the job
    (`params["mapping"]`, column index → field name or "" to ignore) and check the file
    again with it. Only the owner, and only a check that failed or awaits confirmation."""
    if job.owner_id != actor.pk or job.kind != JobKind.IMPORT_VALIDATE:
        raise PermissionDenied
    if job.status not in (JobStatus.FAILED, JobStatus.AWAITING_CONFIRMATION):
        raise PermissionDenied
    config = get_config(job.model_label)
    names = {spec.name for spec in expected_headers(config)}
    mapping = {str(k): (v if v in names else "") for k, v in chosen.items() if str(k).isdigit()}
    params = {**(job.params or {}), "mapping": mapping}
    Job.objects.filter(pk=job.pk).update(
        params=params,
        status=JobStatus.PENDING,
        result={},
        error="",
        progress=0,
        total=0,
        result_file="",
        result_name="",
        finished_at=None,
    )
    job.refresh_from_db()
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=job,
        message="import mapping",
        extra={"mapping": mapping},
    )
    enqueue_job(job)
    return job


def mapping_from_post(data: Any) -> dict[str, str]:
    """`col_<index>` fields of the mapping form → {index: field name}."""
    return {key[4:]: str(data.get(key, "")) for key in data if key.startswith("col_") and key[4:].isdigit()}


def template_response(config: ModelConfig) -> FileResponse:
    """The downloadable import template, generated from the import form."""
    import tempfile

    specs = expected_headers(config)
    tmp = tempfile.TemporaryFile()  # noqa: SIM115  (FileResponse closes it)
    write_xlsx(tmp, [s.label for s in specs], [])
    tmp.seek(0)
    name = _("{what} import template.xlsx").format(what=config.model._meta.verbose_name_plural)
    return FileResponse(tmp, as_attachment=True, filename=name)


def remove_input(job: Job) -> None:
    shutil.rmtree(job_dir(job), ignore_errors=True)

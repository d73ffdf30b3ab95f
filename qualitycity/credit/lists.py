"""The abnormal-operations list (经营异常名录), the serious-violation list (严重违法失信名单) and
annual reports (年度报告): listing, removal, the 3-year move and the annual-report sweep.

Legal basis: 《企业信息公示暂行条例》(2014) Art 8 (annual report 1 Jan – 30 Jun), Art 17
(listing, removal on cure, the move after 3 years); 《企业经营异常名录管理暂行办法》 Art 4 and
Art 6–9 (the four listing grounds); 《市场主体登记管理条例实施细则》(2022) Art 63 (individual
businesses: 经营异常状态 instead of a listing); 总局令44号 (the serious-violation list).
See domain-rules.md §5."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable, Iterable
from enum import StrEnum
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qualitycity.core import audit
from qualitycity.core.choices import AuditAction, JobKind, JobStatus
from qualitycity.core.jobs import Progress, job_dir, register_handler
from qualitycity.core.models import Department, Job
from qualitycity.core.services import rule, rule_value
from qualitycity.credit.choices import (
    AnnualReportStatus,
    CreditEventKind,
    ListGround,
    ListKind,
    ListStatus,
    Severity,
)
from qualitycity.credit.events import notify_events_changed, record_event
from qualitycity.credit.models import AnnualReport, CreditEvent, ListEntry
from qualitycity.registry.choices import EntityType
from qualitycity.registry.models import Entity

__all__ = [
    "ABNORMAL_GROUNDS",
    "ABNORMAL_KINDS",
    "FILED_STATUSES",
    "SERIOUS_GROUNDS",
    "ListError",
    "add_years",
    "annual_report_deadline",
    "annual_report_sweep",
    "check_sweep_allowed",
    "demo_lists",
    "entity_overview",
    "list_entity",
    "list_kind_for",
    "move_overdue_to_serious",
    "record_annual_report",
    "remove_from_list",
]


class ListError(StrEnum):
    """Stable codes of the refusals of this module."""

    ALREADY_LISTED = "already_listed"
    GROUND_NOT_ALLOWED = "ground_not_allowed"
    NOT_INDIVIDUAL_BUSINESS = "not_individual_business"
    NOT_LISTED = "not_listed"
    REASON_REQUIRED = "reason_required"
    DATE_BEFORE_LISTING = "date_before_listing"
    SWEEP_TOO_EARLY = "sweep_too_early"
    FILED_ON_REQUIRED = "filed_on_required"
    UNKNOWN_KIND = "unknown_kind"


#: The four grounds of 《企业经营异常名录管理暂行办法》 Art 4 (Art 6, 7, 8, 9); the only grounds of
#: the abnormal-operations list and of an individual business's abnormal status.
ABNORMAL_GROUNDS = (
    ListGround.ANNUAL_REPORT_NOT_FILED,
    ListGround.INSTANT_INFO_NOT_PUBLISHED,
    ListGround.FALSE_DISCLOSURE,
    ListGround.UNREACHABLE,
)
#: Grounds of the serious-violation list (条例 Art 17(2); 总局令44号).
SERIOUS_GROUNDS = (ListGround.ABNORMAL_THREE_YEARS, ListGround.SERIOUS_VIOLATION)
ABNORMAL_KINDS = (ListKind.ABNORMAL_OPERATIONS, ListKind.ABNORMAL_STATUS)
#: An annual report in one of these states was filed (a false one is a matter for Art 8 listing).
FILED_STATUSES = (AnnualReportStatus.FILED, AnnualReportStatus.FILED_LATE, AnnualReportStatus.FALSE)

LIST_SEVERITY = {
    ListKind.ABNORMAL_OPERATIONS: Severity.MINOR,
    ListKind.ABNORMAL_STATUS: Severity.MINOR,
    ListKind.SERIOUS_VIOLATION: Severity.SEVERE,
}


# ---------------------------------------------------------------- dates


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day `years` later; 29 Feb becomes 28 Feb when the target year has none
    (民法典 Art 202: without a corresponding day, the period ends on the month's last day)."""
    year = day.year + years
    return day.replace(year=year, day=min(day.day, calendar.monthrange(year, day.month)[1]))


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, clamped to the month's last day (民法典 Art 202)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def add_rule_period(day: dt.date, key: str, on: dt.date | None = None) -> dt.date:
    """`day` plus the period of rule `key` (its unit years or months) in force on `on`."""
    found = rule(key, on=on or day)
    amount = int(found.value)
    if found.unit == "months":
        return add_months(day, amount)
    if found.unit == "years":
        return add_years(day, amount)
    raise ValueError(f"rule {key} is not a period in months or years")


def annual_report_deadline(year: int, on: dt.date | None = None) -> dt.date:
    """The last day for filing the annual report for `year`: the end of the deadline month
    (rule `annual-report-deadline-month`, 30 June) of the next year (条例 Art 8)."""
    month = int(rule_value("annual-report-deadline-month", on=on or dt.date(year + 1, 1, 1)))
    return dt.date(year + 1, month, calendar.monthrange(year + 1, month)[1])


# ---------------------------------------------------------------- listing


def list_kind_for(entity: Entity, kind: str) -> str:
    """Individual businesses are marked 经营异常状态 instead of being put on the
    abnormal-operations list (实施细则 Art 63; domain-rules §5)."""
    if kind == ListKind.ABNORMAL_OPERATIONS and entity.entity_type == EntityType.INDIVIDUAL_BUSINESS:
        return ListKind.ABNORMAL_STATUS
    return kind


def _check_kind_and_ground(entity: Entity, kind: str, ground: str) -> None:
    if kind not in ListKind.values:
        raise ValidationError(_("Unknown list {kind}.").format(kind=kind), code=ListError.UNKNOWN_KIND)
    if kind == ListKind.ABNORMAL_STATUS and entity.entity_type != EntityType.INDIVIDUAL_BUSINESS:
        raise ValidationError(
            _("Only individual businesses are marked with abnormal operation status."),
            code=ListError.NOT_INDIVIDUAL_BUSINESS,
        )
    allowed = ABNORMAL_GROUNDS if kind in ABNORMAL_KINDS else SERIOUS_GROUNDS
    if ground not in allowed:
        raise ValidationError(
            _("{ground} is not a ground for the {list}.").format(
                ground=ListGround(ground).label if ground in ListGround.values else ground,
                list=ListKind(kind).label,
            ),
            code=ListError.GROUND_NOT_ALLOWED,
        )


def _lock_entity(entity: Entity) -> None:
    # serialises listings of one entity, so two clerks cannot list it twice at once
    list(Entity.objects.select_for_update().filter(pk=entity.pk).values_list("pk", flat=True))


def _listing_summary(entry: ListEntry) -> str:
    return _("{entity} was added to the {list}: {ground}").format(
        entity=entry.entity.name, list=entry.get_kind_display(), ground=entry.get_ground_display()
    )


def _record_listing_event(actor: Any, entry: ListEntry) -> CreditEvent:
    return record_event(
        actor=actor,
        entity=entry.entity,
        kind=CreditEventKind.LIST_ENTRY,
        occurred_on=entry.listed_on,
        summary=_listing_summary(entry),
        severity=LIST_SEVERITY[ListKind(entry.kind)],
        source=entry,
        is_public=entry.is_public,
        details={
            "list_kind": entry.kind,
            "ground": entry.ground,
            "decision_number": entry.decision_number,
        },
    )


def _default_department(actor: Any) -> Department | None:
    return getattr(actor, "department", None) if getattr(actor, "is_authenticated", False) else None


@transaction.atomic
def list_entity(
    *,
    actor: Any,
    entity: Entity,
    kind: str,
    ground: str,
    listed_on: dt.date,
    decision_number: str = "",
    decided_by: Department | None = None,
    note: str = "",
) -> ListEntry:
    """Put `entity` on a list (经营异常名录, 经营异常状态 or 严重违法失信名单).

    The abnormal-operations list takes only the four grounds of 《企业经营异常名录管理暂行办法》
    Art 4 (Art 6–9); an individual business is marked 经营异常状态 instead (实施细则 Art 63). An
    entity is on each list at most once at a time. The listing is public (条例 Art 17)."""
    kind = list_kind_for(entity, kind)
    _check_kind_and_ground(entity, kind, ground)
    _lock_entity(entity)
    if ListEntry.objects.current().filter(entity=entity, kind=kind).exists():
        raise ValidationError(
            _("{entity} is already on the {list}.").format(entity=entity.name, list=ListKind(kind).label),
            code=ListError.ALREADY_LISTED,
        )
    user = actor if getattr(actor, "is_authenticated", False) else None
    entry = ListEntry.objects.create(
        entity=entity,
        kind=kind,
        ground=ground,
        listed_on=listed_on,
        decision_number=decision_number,
        decided_by=decided_by or _default_department(actor),
        note=note,
        created_by=user,
        updated_by=user,
    )
    audit.record_change(actor=actor, obj=entry, before=None, message="list_entity")
    _record_listing_event(actor, entry)
    return entry


@transaction.atomic
def remove_from_list(*, actor: Any, entry: ListEntry, removed_on: dt.date, reason: str) -> ListEntry:
    """Take an entity off a list once the cause is cured (条例 Art 17(2); 暂行办法 Art 11–14).
    The removal decision (name, code, date, reason) is published."""
    entry = ListEntry.objects.select_for_update().select_related("entity").get(pk=entry.pk)
    if entry.status != ListStatus.LISTED:
        raise ValidationError(
            _("{entity} is no longer on the {list}.").format(
                entity=entry.entity.name, list=entry.get_kind_display()
            ),
            code=ListError.NOT_LISTED,
        )
    if not reason.strip():
        raise ValidationError(_("Give the reason for the removal."), code=ListError.REASON_REQUIRED)
    if removed_on < entry.listed_on:
        raise ValidationError(
            _("The removal date cannot be before the listing date {date}.").format(
                date=entry.listed_on.isoformat()
            ),
            code=ListError.DATE_BEFORE_LISTING,
        )
    before = audit.snapshot(entry)
    entry.status = ListStatus.REMOVED
    entry.removed_on = removed_on
    entry.removal_reason = reason.strip()
    fields = ["status", "removed_on", "removal_reason", "updated_at"]
    if getattr(actor, "is_authenticated", False):
        entry.updated_by = actor
        fields.append("updated_by")
    entry.save(update_fields=fields)
    audit.record_change(actor=actor, obj=entry, before=before, message="remove_from_list")
    record_event(
        actor=actor,
        entity=entry.entity,
        kind=CreditEventKind.LIST_REMOVAL,
        occurred_on=removed_on,
        summary=_("{entity} was removed from the {list}: {reason}").format(
            entity=entry.entity.name, list=entry.get_kind_display(), reason=entry.removal_reason
        ),
        severity=Severity.INFO,
        source=entry,
        is_public=True,
        details={"list_kind": entry.kind, "ground": entry.ground, "listed_on": entry.listed_on.isoformat()},
    )
    return entry


def _move_cutoff(today: dt.date, years: int) -> dt.date:
    """The latest listing date that has reached `years` full years on `today`."""
    cutoff = add_years(today, -years)
    if today.month == 2 and today.day == 28 and calendar.isleap(cutoff.year):
        cutoff = cutoff.replace(day=29)  # 29 Feb reaches its anniversary on 28 Feb (Art 202)
    return cutoff


def _bulk_listing_events(actor: Any, entries: list[ListEntry], extra: dict[str, Any] | None = None) -> None:
    """One public `list_entry` event per new entry, inserted in bulk (the entries are new, so
    no existing event can match their source); the risk re-score is notified once."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    events = [
        CreditEvent(
            entity_id=entry.entity_id,
            kind=CreditEventKind.LIST_ENTRY,
            occurred_on=entry.listed_on,
            severity=LIST_SEVERITY[ListKind(entry.kind)],
            summary=_listing_summary(entry)[:300],
            source_app="credit",
            source_model=ListEntry._meta.label_lower,
            source_id=str(entry.pk),
            is_public=entry.is_public,
            details={"list_kind": entry.kind, "ground": entry.ground, **(extra or {})},
            created_by=user,
            updated_by=user,
        )
        for entry in entries
    ]
    CreditEvent.objects.bulk_create(events, batch_size=SWEEP_BATCH)
    if entries:
        notify_events_changed([e.entity_id for e in entries])


def _bulk_create_entries(entries: list[ListEntry]) -> list[ListEntry]:
    created = ListEntry.objects.bulk_create(entries)
    if created and created[0].pk is None:  # a backend that does not return keys
        raise RuntimeError("bulk_create did not return primary keys")
    return created


@transaction.atomic
def move_overdue_to_serious(
    *, actor: Any, today: dt.date, progress: Callable[[int, int], None] | None = None
) -> list[ListEntry]:
    """Move every entity still on the abnormal-operations list N years after its listing (rule
    `abnormal-list-to-serious`, 3 years) to the serious-violation list (《企业信息公示暂行条例》
    Art 17(2)). The new entry has ground `abnormal_three_years`; the old one becomes
    `moved_to_serious` and points to it. Idempotent: a moved entry is no longer listed.
    An entity already on the serious list keeps that entry (one current entry per list).

    Individual businesses' abnormal status is not moved: Art 17 binds enterprises.
    Bulk: the new entries and their events are inserted in batches, with one audit record per
    new and per moved entry."""
    years = int(rule_value("abnormal-list-to-serious", on=today))
    cutoff = _move_cutoff(today, years)
    due = list(
        ListEntry.objects.current()
        .select_for_update()
        .filter(kind=ListKind.ABNORMAL_OPERATIONS, listed_on__lte=cutoff)
        .select_related("entity")
        .order_by("listed_on", "pk")
    )
    user = actor if getattr(actor, "is_authenticated", False) else None
    moved: list[ListEntry] = []
    done = 0
    for chunk in _chunks(due, SWEEP_BATCH):
        entity_ids = [old.entity_id for old in chunk]
        existing = {
            e.entity_id: e
            for e in ListEntry.objects.current()
            .filter(kind=ListKind.SERIOUS_VIOLATION, entity_id__in=entity_ids)
            .select_related("entity")
        }
        linked = set(
            ListEntry.objects.filter(moved_to__in=list(existing.values())).values_list(
                "moved_to_id", flat=True
            )
        )
        fresh: list[ListEntry] = []
        for old in chunk:
            if old.entity_id in existing:
                continue
            entry = ListEntry(
                entity=old.entity,
                kind=ListKind.SERIOUS_VIOLATION,
                ground=ListGround.ABNORMAL_THREE_YEARS,
                listed_on=today,
                decided_by_id=old.decided_by_id,
                note=_("Moved from the abnormal operations list (listed on {date}).").format(
                    date=old.listed_on.isoformat()
                ),
                created_by=user,
                updated_by=user,
            )
            existing[old.entity_id] = entry
            fresh.append(entry)
        _bulk_create_entries(fresh)
        for entry in fresh:
            audit.record(
                actor=actor,
                action=AuditAction.CREATE,
                obj=entry,
                after=audit.snapshot(entry),
                message="move_overdue_to_serious",
            )
        _bulk_listing_events(actor, fresh)
        for old in chunk:
            serious = existing[old.entity_id]
            before = audit.snapshot(old)
            old.status = ListStatus.MOVED_TO_SERIOUS
            old.removed_on = today
            if serious.pk not in linked:  # the link is one-to-one; an older link stays
                old.moved_to = serious
                linked.add(serious.pk)
            ListEntry.objects.filter(pk=old.pk).update(
                status=old.status, removed_on=today, moved_to=old.moved_to, updated_at=timezone.now()
            )
            audit.record(
                actor=actor,
                action=AuditAction.UPDATE,
                obj=old,
                before=before,
                after=audit.snapshot(old),
                message="move_overdue_to_serious",
            )
            moved.append(serious)
        done += len(chunk)
        if progress is not None:
            progress(done, len(due))
    return moved


# ---------------------------------------------------------------- annual reports


def _report_severity(status: str) -> str:
    return {
        AnnualReportStatus.FILED: Severity.INFO,
        AnnualReportStatus.FILED_LATE: Severity.MINOR,
        AnnualReportStatus.MISSING: Severity.MINOR,
        AnnualReportStatus.FALSE: Severity.SERIOUS,
    }[AnnualReportStatus(status)]


@transaction.atomic
def record_annual_report(
    *, actor: Any, entity: Entity, year: int, status: str, filed_on: dt.date | None = None
) -> AnnualReport:
    """Record (or correct) an entity's annual report for `year` (条例 Art 8). A report marked
    filed after the deadline is recorded as filed late."""
    status = AnnualReportStatus(status)
    if status in (AnnualReportStatus.FILED, AnnualReportStatus.FILED_LATE) and filed_on is None:
        raise ValidationError(_("Give the date the report was filed."), code=ListError.FILED_ON_REQUIRED)
    if status == AnnualReportStatus.FILED and filed_on and filed_on > annual_report_deadline(year):
        status = AnnualReportStatus.FILED_LATE
    existing = AnnualReport.objects.select_for_update().filter(entity=entity, year=year).first()
    before = audit.snapshot(existing) if existing else None
    report = existing or AnnualReport(entity=entity, year=year)
    report.status = status
    report.filed_on = filed_on if status != AnnualReportStatus.MISSING else None
    if getattr(actor, "is_authenticated", False):
        report.updated_by = actor
        if existing is None:
            report.created_by = actor
    report.save()
    audit.record_change(actor=actor, obj=report, before=before, message="record_annual_report")
    record_event(
        actor=actor,
        entity=entity,
        kind=CreditEventKind.ANNUAL_REPORT,
        occurred_on=filed_on or timezone.localdate(),
        summary=_("Annual report {year}: {status}").format(year=year, status=report.get_status_display()),
        severity=_report_severity(status),
        source=report,
        is_public=status != AnnualReportStatus.MISSING,
        details={"year": year, "status": status},
    )
    return report


def check_sweep_allowed(year: int, today: dt.date) -> dt.date:
    """The deadline of `year`'s reports; refuses a sweep on or before it (条例 Art 8)."""
    deadline = annual_report_deadline(year, on=today)
    if today <= deadline:
        raise ValidationError(
            _(
                "The annual reports for {year} may be filed until {deadline}; the sweep can run from {start}."
            ).format(
                year=year,
                deadline=deadline.isoformat(),
                start=(deadline + dt.timedelta(days=1)).isoformat(),
            ),
            code=ListError.SWEEP_TOO_EARLY,
        )
    return deadline


SWEEP_BATCH = 2000


def _chunks(items: list[Any], size: int) -> Iterable[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@transaction.atomic
def annual_report_sweep(
    *,
    actor: Any,
    year: int,
    today: dt.date,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, int]:
    """After the filing deadline (30 June of `year`+1; 条例 Art 8), mark every active entity
    established by 31 Dec of `year` that has not filed as `missing`, and list it on the
    abnormal-operations list with ground `annual_report_not_filed` (暂行办法 Art 6); individual
    businesses are marked 经营异常状态 instead (实施细则 Art 63).

    Set-based: one query finds the non-filers, the missing reports are bulk-inserted, and each
    new listing is bulk-inserted with its own audit record and credit event. Entities already on
    the list are counted, not listed again. Returns counts checked/missing/listed/already_listed."""
    check_sweep_allowed(year, today)
    candidates = Entity.objects.active().filter(date_established__lte=dt.date(year, 12, 31))
    filed = AnnualReport.objects.filter(year=year, status__in=FILED_STATUSES).values("entity_id")
    checked = candidates.count()
    missing = list(candidates.exclude(pk__in=filed).order_by("pk").values_list("pk", "entity_type", "name"))
    total = len(missing)
    if progress is not None:
        progress(0, total)
    user = actor if getattr(actor, "is_authenticated", False) else None
    # the missing reports, for entities without a row for the year yet
    with_row = set(
        AnnualReport.objects.filter(year=year, entity_id__in=candidates.exclude(pk__in=filed)).values_list(
            "entity_id", flat=True
        )
    )
    new_reports = [
        AnnualReport(
            entity_id=pk, year=year, status=AnnualReportStatus.MISSING, created_by=user, updated_by=user
        )
        for pk, _type, _name in missing
        if pk not in with_row
    ]
    for chunk in _chunks(new_reports, SWEEP_BATCH):
        AnnualReport.objects.bulk_create(chunk)
    if new_reports:
        audit.record(
            actor=actor,
            action=AuditAction.CREATE,
            object_type=AnnualReport._meta.label_lower,
            object_repr=_("Annual reports {year}").format(year=year),
            message="annual_report_sweep: missing reports",
            extra={"year": year, "created": len(new_reports)},
        )
    # the listings
    current = set(
        ListEntry.objects.current()
        .filter(kind__in=ABNORMAL_KINDS, entity__in=candidates.exclude(pk__in=filed))
        .values_list("entity_id", "kind")
    )
    listed_on = today
    already = 0
    listed = 0
    done = 0
    department = _default_department(actor)
    note = _("Annual report {year} not filed by {deadline}.").format(
        year=year, deadline=annual_report_deadline(year, on=today).isoformat()
    )
    for chunk in _chunks(missing, SWEEP_BATCH):
        entries: list[ListEntry] = []
        for pk, entity_type, name in chunk:
            kind = (
                ListKind.ABNORMAL_STATUS
                if entity_type == EntityType.INDIVIDUAL_BUSINESS
                else ListKind.ABNORMAL_OPERATIONS
            )
            if (pk, kind) in current:
                already += 1
                continue
            entries.append(
                ListEntry(
                    # a stub entity carries the name for the audit text without a query
                    entity=Entity(pk=pk, name=name, entity_type=entity_type),
                    kind=kind,
                    ground=ListGround.ANNUAL_REPORT_NOT_FILED,
                    listed_on=listed_on,
                    decided_by=department,
                    note=note,
                    created_by=user,
                    updated_by=user,
                )
            )
        created = _bulk_create_entries(entries)
        for entry in created:
            audit.record(
                actor=actor,
                action=AuditAction.CREATE,
                obj=entry,
                after=audit.snapshot(entry),
                message="annual_report_sweep",
            )
        _bulk_listing_events(actor, created, {"year": year})
        listed += len(created)
        done += len(chunk)
        if progress is not None:
            progress(done, total)
    return {"checked": checked, "missing": total, "listed": listed, "already_listed": already}


# ---------------------------------------------------------------- background jobs


def _job_progress(progress: Progress) -> Callable[[int, int], None]:
    def report(done: int, total: int) -> None:
        progress.set(done, total, force=done == total)

    return report


def _fail(job: Job, exc: ValidationError) -> None:
    message = " ".join(exc.messages)
    job.status = JobStatus.FAILED
    job.result = {"error": message, "code": exc.code or ""}
    Job.objects.filter(pk=job.pk).update(error=message)


@register_handler(JobKind.ANNUAL_REPORT_SWEEP)
def run_annual_report_sweep(job: Job, progress: Progress) -> None:
    """The sweep as a background job, started by city staff; the result file lists the
    entities listed by this run."""
    year = int(job.params["year"])
    today = dt.date.fromisoformat(job.params["today"])
    before = set(ListEntry.objects.filter(listed_on=today).values_list("pk", flat=True))
    try:
        counts = annual_report_sweep(
            actor=job.owner, year=year, today=today, progress=_job_progress(progress)
        )
    except ValidationError as exc:
        _fail(job, exc)
        return
    job.result = counts
    job.total = max(counts["missing"], 1)
    job.progress = job.total
    new = (
        ListEntry.objects.filter(listed_on=today, ground=ListGround.ANNUAL_REPORT_NOT_FILED)
        .exclude(pk__in=before)
        .select_related("entity", "entity__county")
        .order_by("entity__county__code", "entity__name")
    )
    name = _("annual report sweep {year} - checked {checked}, missing {missing}, listed {listed}.xlsx")
    _write_result(
        job, name.format(year=year, **{k: counts[k] for k in ("checked", "missing", "listed")}), new
    )


@register_handler(JobKind.LIST_MOVE)
def run_list_move(job: Job, progress: Progress) -> None:
    """The 3-year move to the serious-violation list as a background job."""
    today = dt.date.fromisoformat(job.params["today"])
    try:
        moved = move_overdue_to_serious(actor=job.owner, today=today, progress=_job_progress(progress))
    except ValidationError as exc:
        _fail(job, exc)
        return
    job.result = {"moved": len(moved)}
    job.total = max(len(moved), 1)
    job.progress = job.total
    entries = ListEntry.objects.filter(pk__in=[e.pk for e in moved]).select_related(
        "entity", "entity__county"
    )
    name = _("{n} moved to the serious violation list on {date}.xlsx").format(n=len(moved), date=today)
    _write_result(job, name, entries)


def _write_result(job: Job, name: str, entries: Any) -> None:
    """A result file listing the entries the job created (the job page offers it)."""
    from qualitycity.core.spreadsheets import write_xlsx

    path = job_dir(job) / "result.xlsx"
    rows = (
        [
            e.entity.uscc,
            e.entity.name,
            e.entity.county.name,
            e.get_kind_display(),
            e.get_ground_display(),
            e.listed_on,
        ]
        for e in entries.iterator()
    )
    headers = [
        _("unified social credit code"),
        _("entity name"),
        _("county"),
        _("list"),
        _("ground"),
        _("listed on"),
    ]
    write_xlsx(path, headers, rows)
    job.result_file = str(path)
    job.result_name = name


# ---------------------------------------------------------------- demo data

DEMO_YEARS = range(2021, 2026)
#: Share of entities filing on time, late; the rest do not file (a few per cent).
DEMO_FILED, DEMO_LATE = 0.955, 0.972
DEMO_GROUNDS = [
    (ListGround.ANNUAL_REPORT_NOT_FILED, 0.55),
    (ListGround.UNREACHABLE, 0.25),
    (ListGround.INSTANT_INFO_NOT_PUBLISHED, 0.1),
    (ListGround.FALSE_DISCLOSURE, 0.1),
]


def demo_lists(ctx: Any) -> None:
    """Demo annual reports 2021–2025 for most active entities, a few per cent missing, and a few
    hundred listings (all four grounds, dates 2021 to today, some removed, some moved to the
    serious list). Bulk inserts without audit records (demo data); the integrator calls it
    after the entities exist. `ctx` is a `core.demo.DemoContext`."""
    from qualitycity.core.demo import BulkInserter

    rng = ctx.rng
    today = timezone.localdate()
    rows = list(
        Entity.objects.active()
        .filter(date_established__isnull=False)
        .order_by("pk")
        .values_list("pk", "entity_type", "date_established")
    )
    reports = BulkInserter(AnnualReport, ["entity_id", "year", "status", "filed_on"], batch_size=10_000)
    missing: list[tuple[int, str, int]] = []
    one_day = dt.timedelta(days=1)
    for year in DEMO_YEARS:
        deadline = annual_report_deadline(year)
        season_start = dt.date(year + 1, 1, 1)
        if season_start > today:
            continue
        season = (min(deadline, today) - season_start).days + 1
        late_days = max(0, (today - deadline).days)
        is_open = today <= deadline
        year_end = dt.date(year, 12, 31)
        filed, late = FILED_STATUSES[0], FILED_STATUSES[1]
        for pk, entity_type, established in rows:
            if established > year_end:
                continue
            draw = rng.random()
            if draw < DEMO_FILED * (season / 181 if is_open else 1):
                reports.add((pk, year, filed, season_start + one_day * rng.randrange(season)))
            elif draw < DEMO_LATE and late_days:
                reports.add((pk, year, late, deadline + one_day * rng.randint(1, min(late_days, 150))))
            elif not is_open:
                reports.add((pk, year, AnnualReportStatus.MISSING, None))
                missing.append((pk, entity_type, year))
        reports.flush()
    ctx.out(f"annual reports: {reports.count}, missing: {len(missing)}")
    _demo_listings(ctx, rows, missing, today)


def _demo_listings(ctx: Any, rows: list[Any], missing: list[tuple[int, str, int]], today: dt.date) -> None:
    rng = ctx.rng
    wanted = min(400, max(10, len(rows) // 50))
    types = {pk: entity_type for pk, entity_type, _established in rows}
    used: set[int] = set()
    plans: list[dict[str, Any]] = []
    grounds = [g for g, _w in DEMO_GROUNDS]
    weights = [w for _g, w in DEMO_GROUNDS]
    start, span = dt.date(2021, 1, 1), (today - dt.date(2021, 1, 1)).days
    for _attempt in range(wanted * 3):
        if len(plans) >= wanted:
            break
        ground = rng.choices(grounds, weights)[0]
        year = None
        if ground == ListGround.ANNUAL_REPORT_NOT_FILED and missing:
            pk, _type, year = rng.choice(missing)
            listed_on = annual_report_deadline(year) + dt.timedelta(days=rng.randint(1, 30))
        else:
            ground = ground if ground != ListGround.ANNUAL_REPORT_NOT_FILED else ListGround.UNREACHABLE
            pk = rng.choice(rows)[0]
            listed_on = start + dt.timedelta(days=rng.randrange(span))
        if pk in used or listed_on > today:
            continue
        used.add(pk)
        individual = types[pk] == EntityType.INDIVIDUAL_BUSINESS
        kind = ListKind.ABNORMAL_STATUS if individual else ListKind.ABNORMAL_OPERATIONS
        anniversary = add_years(listed_on, 3)
        plan: dict[str, Any] = {
            "pk": pk,
            "kind": kind,
            "ground": ground,
            "listed_on": listed_on,
            "year": year,
        }
        draw = rng.random()
        if anniversary <= today and not individual and draw < 0.5:
            plan["moved_on"] = anniversary
        elif draw < (0.9 if anniversary <= today else 0.35):
            latest = min(anniversary - dt.timedelta(days=1), today)
            plan["removed_on"] = listed_on + dt.timedelta(
                days=rng.randint(1, max(1, (latest - listed_on).days))
            )
        plans.append(plan)
    # a few serious-violation listings for heavier penalties (总局令44号)
    for pk, entity_type, _established in rng.sample(rows, min(len(rows), max(1, wanted // 40))):
        if pk not in used and entity_type != EntityType.INDIVIDUAL_BUSINESS:
            used.add(pk)
            listed_on = start + dt.timedelta(days=rng.randrange(span))
            plans.append(
                {
                    "pk": pk,
                    "kind": ListKind.SERIOUS_VIOLATION,
                    "ground": ListGround.SERIOUS_VIOLATION,
                    "listed_on": listed_on,
                    "year": None,
                }
            )
    serious = ListEntry.objects.bulk_create(
        [
            ListEntry(
                entity_id=p["pk"],
                kind=ListKind.SERIOUS_VIOLATION,
                ground=ListGround.ABNORMAL_THREE_YEARS,
                listed_on=p["moved_on"],
                note="demo",
            )
            for p in plans
            if "moved_on" in p
        ]
    )
    serious_by_entity = {e.entity_id: e for e in serious}
    entries = ListEntry.objects.bulk_create(
        [
            ListEntry(
                entity_id=p["pk"],
                kind=p["kind"],
                ground=p["ground"],
                listed_on=p["listed_on"],
                decision_number=_demo_decision_number(p["listed_on"], i),
                status=(
                    ListStatus.MOVED_TO_SERIOUS
                    if "moved_on" in p
                    else ListStatus.REMOVED
                    if "removed_on" in p
                    else ListStatus.LISTED
                ),
                removed_on=p.get("moved_on") or p.get("removed_on"),
                removal_reason=_("The cause of the listing has been cured.") if "removed_on" in p else "",
                moved_to=serious_by_entity.get(p["pk"]),
            )
            for i, p in enumerate(plans)
        ]
    )
    for p in plans:
        if p["year"] is not None and "removed_on" in p:
            # a removal for a missing report follows its late filing
            AnnualReport.objects.filter(entity_id=p["pk"], year=p["year"]).update(
                status=AnnualReportStatus.FILED_LATE, filed_on=p["removed_on"] - dt.timedelta(days=3)
            )
    events = []
    for entry in [*serious, *entries]:
        summary = _("{list}: {ground}").format(
            list=entry.get_kind_display(), ground=entry.get_ground_display()
        )
        common = {
            "entity_id": entry.entity_id,
            "source_app": "credit",
            "source_model": ListEntry._meta.label_lower,
            "source_id": str(entry.pk),
            "is_public": True,
        }
        events.append(
            CreditEvent(
                kind=CreditEventKind.LIST_ENTRY,
                occurred_on=entry.listed_on,
                severity=LIST_SEVERITY[ListKind(entry.kind)],
                summary=summary,
                details={"list_kind": entry.kind, "ground": entry.ground},
                **common,
            )
        )
        if entry.status == ListStatus.REMOVED and entry.removed_on:
            events.append(
                CreditEvent(
                    kind=CreditEventKind.LIST_REMOVAL,
                    occurred_on=entry.removed_on,
                    severity=Severity.INFO,
                    summary=entry.removal_reason,
                    details={"list_kind": entry.kind, "ground": entry.ground},
                    **common,
                )
            )
    CreditEvent.objects.bulk_create(events, batch_size=1000)
    current = sum(1 for e in [*serious, *entries] if e.status == ListStatus.LISTED)
    ctx.out(
        f"list entries: {len(serious) + len(entries)} ({current} current, {len(serious)} moved to serious)"
    )


def _demo_decision_number(day: dt.date, serial: int) -> str:
    return f"晋市监异〔{day.year}〕{serial + 1}号"


# ---------------------------------------------------------------- reading


def entity_overview(entity: Entity, today: dt.date | None = None, years: int = 5) -> dict[str, Any]:
    """An entity's listings (current first) and its annual-report status for the last `years`
    report years (a year whose deadline has not passed shows as due)."""
    today = today or timezone.localdate()
    entries = list(
        ListEntry.objects.filter(entity=entity)
        .select_related("moved_to", "decided_by")
        .order_by("-listed_on", "-pk")
    )
    reports = {r.year: r for r in AnnualReport.objects.filter(entity=entity)}
    first = entity.date_established.year if entity.date_established else today.year - years
    rows = []
    for year in range(today.year - 1, max(first, today.year - years) - 1, -1):
        deadline = annual_report_deadline(year, on=today)
        rows.append(
            {"year": year, "report": reports.get(year), "deadline": deadline, "is_due": today <= deadline}
        )
    return {
        "current": [e for e in entries if e.status == ListStatus.LISTED],
        "past": [e for e in entries if e.status != ListStatus.LISTED],
        "reports": rows,
    }

"""Progress reports (进展报告): periods, due dates, the expected reports, and the maker–checker
steps: the department saves a draft and submits it (with evidence and its reported indicator
values); the bureau returns it with comments or accepts it with a quality score, which turns
its values into accepted indicator values.

Due date: the `plan-report-due` rule's number of working days after the period's last day.
Late: first submitted after its due date. Missing: not submitted and past its due date."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from qualitycity.core import audit
from qualitycity.core.choices import Role
from qualitycity.core.permissions import user_can
from qualitycity.core.services import add_workdays, rule_value
from qualitycity.plan.choices import IndicatorKind, ReportFrequency, ReportStatus
from qualitycity.plan.models import Indicator, IndicatorValue, Measure, Plan, ProgressReport, ReportAttachment

__all__ = [
    "DUE_RULE",
    "EVIDENCE_TYPES",
    "MAX_EVIDENCE_BYTES",
    "Period",
    "ValueInput",
    "accept",
    "check_evidence",
    "due_on",
    "ensure_reports",
    "is_late",
    "is_missing",
    "late_reports",
    "missing_reports",
    "parse_period",
    "period_containing",
    "periods",
    "reportable_indicators",
    "return_report",
    "save_draft",
    "submit",
]

DUE_RULE = "plan-report-due"
EVIDENCE_TYPES = (".pdf", ".jpg", ".jpeg", ".png", ".docx", ".xlsx", ".ofd")
MAX_EVIDENCE_BYTES = 20 * 1024 * 1024
#: Statuses in which the department may still change the report.
EDITABLE = (ReportStatus.DRAFT, ReportStatus.RETURNED)


@dataclass(frozen=True)
class Period:
    """A reporting period: its code ("2026-Q3", "2026-09", "2026-H2", "2026") and days."""

    code: str
    start: dt.date
    end: dt.date

    def __str__(self) -> str:
        return self.code


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def periods(year: int, frequency: str) -> list[Period]:
    """The periods of `year` at `frequency` (ReportFrequency)."""
    if frequency == ReportFrequency.MONTHLY:
        return [Period(f"{year}-{m:02d}", dt.date(year, m, 1), _month_end(year, m)) for m in range(1, 13)]
    if frequency == ReportFrequency.QUARTERLY:
        return [
            Period(f"{year}-Q{q}", dt.date(year, 3 * q - 2, 1), _month_end(year, 3 * q)) for q in range(1, 5)
        ]
    if frequency == ReportFrequency.HALF_YEARLY:
        return [
            Period(f"{year}-H1", dt.date(year, 1, 1), dt.date(year, 6, 30)),
            Period(f"{year}-H2", dt.date(year, 7, 1), dt.date(year, 12, 31)),
        ]
    return [Period(str(year), dt.date(year, 1, 1), dt.date(year, 12, 31))]


_PERIOD = re.compile(r"^(?P<year>\d{4})(?:-(?:(?P<month>\d{2})|Q(?P<q>[1-4])|H(?P<h>[12])))?$")


def parse_period(code: str) -> Period:
    """The period of a code; a ValidationError for anything else."""
    match = _PERIOD.match((code or "").strip())
    if match is None or (match["month"] and not 1 <= int(match["month"]) <= 12):
        raise ValidationError(
            {"period": _("{code} is not a period (2026-Q3, 2026-09, 2026-H2 or 2026).").format(code=code)},
            code="bad_period",
        )
    year = int(match["year"])
    if match["month"]:
        month = int(match["month"])
        return Period(f"{year}-{month:02d}", dt.date(year, month, 1), _month_end(year, month))
    if match["q"]:
        q = int(match["q"])
        return Period(f"{year}-Q{q}", dt.date(year, 3 * q - 2, 1), _month_end(year, 3 * q))
    if match["h"]:
        return periods(year, ReportFrequency.HALF_YEARLY)[int(match["h"]) - 1]
    return periods(year, ReportFrequency.YEARLY)[0]


def period_containing(day: dt.date, frequency: str) -> Period:
    return next(p for p in periods(day.year, frequency) if p.start <= day <= p.end)


def last_ended_period(day: dt.date, frequency: str) -> Period:
    """The latest period that ended before `day`."""
    return period_containing(period_containing(day, frequency).start - dt.timedelta(days=1), frequency)


def due_on(period_end: dt.date) -> dt.date:
    """The rule's number of working days after the period's last day. Where the working-day
    calendar has no data yet for the year (the next year's holiday notice not entered), Monday
    to Friday count as working days until it is."""
    from qualitycity.core.workdays import CalendarNotAvailable

    days = int(rule_value(DUE_RULE, period_end))
    try:
        return add_workdays(period_end, days)
    except CalendarNotAvailable:
        day = period_end
        while days:
            day += dt.timedelta(days=1)
            if day.weekday() < 5:
                days -= 1
        return day


def departments_of(measure: Measure) -> list[Any]:
    """The lead department, then the co-responsible ones."""
    found = [measure.lead_department]
    for dept in measure.co_departments.order_by("code"):
        if dept.pk != measure.lead_department_id:
            found.append(dept)
    return found


@transaction.atomic
def ensure_reports(plan: Plan, period: Period | str) -> list[ProgressReport]:
    """The expected reports of a period: one per measure and responsible department; rows that
    exist are kept as they are."""
    if isinstance(period, str):
        period = parse_period(period)
    due = due_on(period.end)
    reports = []
    for measure in plan.measures.select_related("lead_department").prefetch_related("co_departments"):
        for dept in departments_of(measure):
            report, _created = ProgressReport.objects.get_or_create(
                measure=measure,
                department=dept,
                period=period.code,
                defaults={
                    "plan": plan,
                    "period_start": period.start,
                    "period_end": period.end,
                    "due_on": due,
                },
            )
            reports.append(report)
    return reports


# ---------------------------------------------------------------- late and missing


def is_late(report: ProgressReport) -> bool:
    if report.submitted_at is None:
        return False
    return timezone.localdate(report.submitted_at) > report.due_on


def is_missing(report: ProgressReport, today: dt.date | None = None) -> bool:
    today = today or timezone.localdate()
    return report.submitted_at is None and report.due_on < today


def late_reports(qs: QuerySet[ProgressReport]) -> QuerySet[ProgressReport]:
    return qs.filter(submitted_at__isnull=False, submitted_at__date__gt=F("due_on"))


def missing_reports(qs: QuerySet[ProgressReport], today: dt.date | None = None) -> QuerySet[ProgressReport]:
    today = today or timezone.localdate()
    return qs.filter(submitted_at__isnull=True, due_on__lt=today)


# ---------------------------------------------------------------- the department's side


@dataclass
class ValueInput:
    """A reported indicator value in a report; `unit` must be the indicator's unit."""

    indicator: Indicator
    value: Decimal
    unit: str
    as_of: dt.date | None = None
    note: str = ""


def reportable_indicators(report: ProgressReport) -> QuerySet[Indicator]:
    """The department's reported indicators of the plan: those of the report's measure, and
    those tied to no measure."""
    return Indicator.objects.filter(
        plan_id=report.plan_id,
        responsible_department_id=report.department_id,
        kind=IndicatorKind.REPORTED,
    ).filter(Q(measure_id=report.measure_id) | Q(measure__isnull=True))


def check_evidence(upload: Any) -> None:
    """pdf, jpg, png, docx, xlsx or ofd, at most 20 MB; else a ValidationError on "files"."""
    name = getattr(upload, "name", "") or ""
    if not name.lower().endswith(EVIDENCE_TYPES):
        raise ValidationError(
            {
                "files": [
                    _(
                        "{name}: only pdf, jpg, png, docx, xlsx and ofd files are accepted as evidence."
                    ).format(name=name or "—")
                ]
            },
            code="bad_file_type",
        )
    size = getattr(upload, "size", 0) or 0
    if size > MAX_EVIDENCE_BYTES:
        raise ValidationError(
            {
                "files": [
                    _("{name} is {mb} MB; evidence files may be at most 20 MB.").format(
                        name=name, mb=round(size / 1024 / 1024, 1)
                    )
                ]
            },
            code="file_too_large",
        )


def _check_values(report: ProgressReport, values: Sequence[ValueInput]) -> None:
    allowed = set(reportable_indicators(report).values_list("pk", flat=True))
    own = set(
        Indicator.objects.filter(
            plan_id=report.plan_id,
            responsible_department_id=report.department_id,
            kind=IndicatorKind.REPORTED,
        ).values_list("pk", flat=True)
    )
    errors = []
    for item in values:
        ind = item.indicator
        if ind.pk not in allowed and ind.pk not in own:
            errors.append(
                _("{indicator} is not a reported indicator of {department}.").format(
                    indicator=ind.name, department=report.department
                )
            )
            continue
        if (item.unit or "").strip() != (ind.unit or "").strip():
            errors.append(
                _(
                    "{indicator}: the value is given in “{given}” but the indicator is measured in “{unit}”."
                ).format(indicator=ind.name, given=item.unit or "—", unit=ind.unit or "—")
            )
    if errors:
        raise ValidationError({"values": errors}, code="bad_value")


def _check_reporter(report: ProgressReport, actor: Any) -> None:
    if (
        actor is None
        or not user_can(actor, ProgressReport, "change")
        or actor.department_id is None
        or actor.department_id != report.department_id
    ):
        raise PermissionDenied(
            _("Only {department}'s reporter may fill in this report.").format(department=report.department)
        )


def _write(
    report: ProgressReport,
    *,
    work_done: str | None,
    figures: str | None,
    values: Sequence[ValueInput] | None,
    files: Iterable[Any] | None,
) -> None:
    files = list(files or [])
    for upload in files:
        check_evidence(upload)
    if values is not None:
        _check_values(report, values)
    fields = []
    if work_done is not None:
        report.work_done = work_done
        fields.append("work_done")
    if figures is not None:
        report.figures = figures
        fields.append("figures")
    if fields:
        report.save(update_fields=[*fields, "updated_at"])
    if values is not None:
        report.values.filter(is_accepted=False).delete()
        for item in values:
            IndicatorValue.objects.create(
                indicator=item.indicator,
                as_of=item.as_of or report.period_end,
                value=item.value,
                kind=IndicatorKind.REPORTED,
                report=report,
                note=item.note[:300],
            )
    for upload in files:
        ReportAttachment.objects.create(report=report, file=upload, name=(upload.name or "evidence")[:200])


def _locked(report: ProgressReport) -> ProgressReport:
    return (
        ProgressReport.objects.select_for_update().select_related("department", "measure").get(pk=report.pk)
    )


@transaction.atomic
def save_draft(
    report: ProgressReport,
    *,
    actor: Any,
    work_done: str | None = None,
    figures: str | None = None,
    values: Sequence[ValueInput] | None = None,
    files: Iterable[Any] | None = None,
) -> ProgressReport:
    """Save the department's work on a report (draft, or a returned one) without submitting."""
    report = _locked(report)
    _check_reporter(report, actor)
    if report.status not in EDITABLE:
        raise ValidationError(_("This report is with the bureau and cannot be changed."), code="not_editable")
    before = audit.snapshot(report)
    _write(report, work_done=work_done, figures=figures, values=values, files=files)
    audit.record_change(actor=actor, obj=report, before=before, message="draft saved")
    return report


@transaction.atomic
def submit(
    report: ProgressReport,
    *,
    actor: Any,
    work_done: str | None = None,
    figures: str | None = None,
    values: Sequence[ValueInput] | None = None,
    files: Iterable[Any] | None = None,
) -> ProgressReport:
    """The department submits the report to the bureau (first submission time is kept: it
    decides whether the report was late)."""
    report = _locked(report)
    _check_reporter(report, actor)
    if report.status not in EDITABLE:
        raise ValidationError(_("This report is already with the bureau or accepted."), code="not_editable")
    before = audit.snapshot(report)
    _write(report, work_done=work_done, figures=figures, values=values, files=files)
    if not report.work_done.strip():
        raise ValidationError({"work_done": _("Say what was done in the period.")}, code="work_done_required")
    report.status = ReportStatus.SUBMITTED
    report.submitted_at = report.submitted_at or timezone.now()
    report.submitted_by = actor
    report.save(update_fields=["status", "submitted_at", "submitted_by", "updated_at"])
    audit.record_change(actor=actor, obj=report, before=before, message="submitted")
    return report


# ---------------------------------------------------------------- the bureau's side


def can_review(user: Any) -> bool:
    """Bureau staff check the reports."""
    return bool(
        user is not None
        and user.is_authenticated
        and user.role == Role.STAFF
        and user_can(user, ProgressReport, "change")
    )


def _check_reviewer(report: ProgressReport, actor: Any) -> None:
    if not can_review(actor):
        raise PermissionDenied(_("Only bureau staff review progress reports."))
    if report.submitted_by_id is not None and report.submitted_by_id == actor.pk:
        raise PermissionDenied(_("The person who submitted a report cannot also check it."))
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted report can be reviewed."), code="not_submitted")


@transaction.atomic
def return_report(report: ProgressReport, *, actor: Any, comment: str) -> ProgressReport:
    """The bureau sends the report back with its comments."""
    report = _locked(report)
    _check_reviewer(report, actor)
    if not (comment or "").strip():
        raise ValidationError(
            {"comment": _("Say what the department should change.")}, code="comment_required"
        )
    before = audit.snapshot(report)
    report.status = ReportStatus.RETURNED
    report.review_comment = comment.strip()
    report.reviewed_at = timezone.now()
    report.reviewed_by = actor
    report.save(update_fields=["status", "review_comment", "reviewed_at", "reviewed_by", "updated_at"])
    audit.record_change(actor=actor, obj=report, before=before, message="returned")
    return report


@transaction.atomic
def accept(report: ProgressReport, *, actor: Any, quality_score: int, comment: str = "") -> ProgressReport:
    """The bureau accepts the report with a quality score (0–100); its values become the
    indicators' accepted values."""
    report = _locked(report)
    _check_reviewer(report, actor)
    try:
        score = int(quality_score)
    except (TypeError, ValueError):
        score = -1
    if not 0 <= score <= 100:
        raise ValidationError({"quality_score": _("Give a score from 0 to 100.")}, code="bad_score")
    before = audit.snapshot(report)
    report.status = ReportStatus.ACCEPTED
    report.quality_score = score
    report.review_comment = (comment or "").strip()
    report.reviewed_at = timezone.now()
    report.reviewed_by = actor
    report.save(
        update_fields=[
            "status",
            "quality_score",
            "review_comment",
            "reviewed_at",
            "reviewed_by",
            "updated_at",
        ]
    )
    report.values.update(is_accepted=True)
    audit.record_change(actor=actor, obj=report, before=before, message="accepted")
    return report

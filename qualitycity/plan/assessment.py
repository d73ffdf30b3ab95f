"""The yearly assessment of the departments (督导考核) by a configurable scheme.

Each department responsible for an indicator or a measure of the plan gets four component
scores, each a percentage (0–100), and a weighted total:

- **indicator attainment** = the share of the department's indicators (it is the responsible
  department) whose current status is *attained* or *on track*
  (`plan.indicators.current`, as of the end of the year or today, whichever is earlier);
- **report timeliness** = the share of its progress reports due in the year (due date in the
  year and not after the as-of date) that were submitted on or before their due date;
- **report quality** = the mean of the bureau's quality score (0–100) of its accepted reports
  whose period ends in the year;
- **measure progress** = the share of its measures (lead or co-responsible) with an accepted
  report of the department for the latest period that has ended (by the plan's report
  frequency).

total = (w_indicators × attainment + w_timeliness × timeliness + w_quality × quality
+ w_progress × progress) ÷ 100, with the scheme's weights in percent summing to 100. A
component without any data (no indicators, no report due, no accepted report, no measure)
counts as 0 and is shown as "—". Departments are ranked by total, highest first; equal totals
share a rank (1, 1, 3)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qualitycity.core import audit
from qualitycity.core.models import Department
from qualitycity.plan.choices import IndicatorStatus, ReportFrequency, ReportStatus
from qualitycity.plan.models import AssessmentScheme, Indicator, Measure, Plan, ProgressReport

WEIGHT_FIELDS = ("weight_indicators", "weight_timeliness", "weight_quality", "weight_progress")
GOOD_STATUSES = (IndicatorStatus.ATTAINED, IndicatorStatus.ON_TRACK)

#: The formulas as shown on the assessment page.
FORMULAS = {
    "indicators": gettext_lazy(
        "Indicator attainment = indicators of the department attained or on track ÷ its indicators."
    ),
    "timeliness": gettext_lazy(
        "Report timeliness = its reports due in the year submitted by their due date ÷ its reports due."
    ),
    "quality": gettext_lazy(
        "Report quality = mean of the bureau's quality score of its accepted reports of the year."
    ),
    "progress": gettext_lazy(
        "Measure progress = its measures with an accepted report for the latest period ÷ its measures."
    ),
    "total": gettext_lazy(
        "Total = Σ weight × component ÷ 100. A component without data counts as 0; equal totals share a rank."
    ),
}


def validate_weights(weights: AssessmentScheme | Mapping[str, Any]) -> None:
    """Raise a ValidationError unless the four weights are whole percentages summing to 100."""
    values = {
        name: (getattr(weights, name, None) if not isinstance(weights, Mapping) else weights.get(name))
        for name in WEIGHT_FIELDS
    }
    missing = [name for name, value in values.items() if value is None or value == ""]
    if missing:
        raise ValidationError(_("Every one of the four weights is required."), code="weights_missing")
    numbers = [int(v or 0) for v in values.values()]
    if any(n < 0 or n > 100 for n in numbers):
        raise ValidationError(_("Each weight is a percentage from 0 to 100."), code="weight_range")
    total = sum(numbers)
    if total != 100:
        raise ValidationError(
            _("The four weights must sum to 100; they sum to {total}.").format(total=total),
            code="weights_sum",
        )


@transaction.atomic
def save_scheme(
    *, actor: Any, plan: Plan, year: int, weights: Mapping[str, int], note: str = ""
) -> AssessmentScheme:
    """Create or change the scheme of `plan` for `year` (weights checked first)."""
    validate_weights(weights)
    scheme = AssessmentScheme.objects.filter(plan=plan, year=year).first()
    before = audit.snapshot(scheme) if scheme is not None else None
    if scheme is None:
        scheme = AssessmentScheme(plan=plan, year=year, created_by=actor)
    for name in WEIGHT_FIELDS:
        setattr(scheme, name, int(weights[name]))
    scheme.note = note
    scheme.updated_by = actor
    scheme.save()
    audit.record_change(actor=actor, obj=scheme, before=before)
    return scheme


def scheme_for(plan: Plan, year: int) -> AssessmentScheme:
    """The stored scheme of the year, or an unsaved one with the default weights."""
    return AssessmentScheme.objects.filter(plan=plan, year=year).first() or AssessmentScheme(
        plan=plan, year=year
    )


@dataclass
class DepartmentScore:
    """One row of the ranking; components are percentages, None when there was no data."""

    department: Department
    indicators: Decimal | None
    timeliness: Decimal | None
    quality: Decimal | None
    progress: Decimal | None
    total: Decimal
    rank: int = 0
    counts: dict[str, Any] | None = None


def _pct(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.01"), ROUND_HALF_UP)


def as_of_date(year: int, today: dt.date | None = None) -> dt.date:
    """The end of the year, or today while the year runs."""
    today = today or timezone.localdate()
    return min(dt.date(year, 12, 31), today)


def latest_period_end(frequency: str, year: int, on: dt.date) -> dt.date | None:
    """The end of the latest reporting period of `year` that has ended by `on`."""
    lengths: dict[str, int] = {
        ReportFrequency.MONTHLY: 1,
        ReportFrequency.QUARTERLY: 3,
        ReportFrequency.HALF_YEARLY: 6,
        ReportFrequency.YEARLY: 12,
    }
    months = lengths.get(frequency, 3)
    found = None
    for end_month in range(months, 13, months):
        nxt = dt.date(year + (end_month == 12), end_month % 12 + 1, 1)
        end = nxt - dt.timedelta(days=1)
        if end <= on:
            found = end
    return found


def _current_status(indicator: Indicator, on: dt.date, user: Any) -> str:
    from qualitycity.plan.overview import current_of

    return str(current_of(indicator, on=on, user=user).status)


def scores(scheme: AssessmentScheme, user: Any = None, today: dt.date | None = None) -> list[DepartmentScore]:
    """The departments of the scheme's plan with their component scores, total and rank (see
    the module docstring for the formulas). `user` is passed to the indicator values."""
    plan, year = scheme.plan, scheme.year
    on = as_of_date(year, today)
    indicators = list(Indicator.objects.filter(plan=plan).select_related("plan"))
    measures = list(Measure.objects.filter(plan=plan).prefetch_related("co_departments"))
    dept_measures: dict[int, set[int]] = defaultdict(set)
    for m in measures:
        dept_measures[m.lead_department_id].add(m.pk)
        for d in m.co_departments.all():
            dept_measures[d.pk].add(m.pk)
    dept_indicators: dict[int, list[Indicator]] = defaultdict(list)
    for ind in indicators:
        dept_indicators[ind.responsible_department_id].append(ind)
    reports = ProgressReport.objects.filter(plan=plan)
    due = list(
        reports.filter(due_on__year=year, due_on__lte=on).values("department_id", "due_on", "submitted_at")
    )
    quality_rows = list(
        reports.filter(
            status=ReportStatus.ACCEPTED, period_end__year=year, quality_score__isnull=False
        ).values("department_id", "quality_score")
    )
    latest = latest_period_end(plan.report_frequency, year, on)
    accepted_latest = (
        set(
            reports.filter(status=ReportStatus.ACCEPTED, period_end=latest).values_list(
                "department_id", "measure_id"
            )
        )
        if latest
        else set()
    )
    dept_ids = set(dept_measures) | set(dept_indicators)
    departments = Department.objects.filter(pk__in=dept_ids).order_by("code")
    weights = {name: getattr(scheme, name) for name in WEIGHT_FIELDS}
    rows: list[DepartmentScore] = []
    for dept in departments:
        own = dept_indicators.get(dept.pk, [])
        good = sum(1 for ind in own if _current_status(ind, on, user) in GOOD_STATUSES)
        mine_due = [r for r in due if r["department_id"] == dept.pk]
        on_time = sum(
            1
            for r in mine_due
            if r["submitted_at"] is not None and timezone.localdate(r["submitted_at"]) <= r["due_on"]
        )
        marks: list[int] = [
            int(r["quality_score"] or 0) for r in quality_rows if r["department_id"] == dept.pk
        ]
        quality = (
            (Decimal(sum(marks)) / len(marks)).quantize(Decimal("0.01"), ROUND_HALF_UP) if marks else None
        )
        own_measures = dept_measures.get(dept.pk, set())
        progressed = sum(1 for m in own_measures if (dept.pk, m) in accepted_latest)
        components = {
            "indicators": _pct(good, len(own)),
            "timeliness": _pct(on_time, len(mine_due)),
            "quality": quality,
            "progress": _pct(progressed, len(own_measures)),
        }
        total = sum(
            (
                (components[key] or Decimal(0)) * weights[f"weight_{key}"]
                for key in ("indicators", "timeliness", "quality", "progress")
            ),
            Decimal(0),
        ) / Decimal(100)
        rows.append(
            DepartmentScore(
                department=dept,
                total=total.quantize(Decimal("0.01"), ROUND_HALF_UP),
                counts={
                    "indicators": (good, len(own)),
                    "timeliness": (on_time, len(mine_due)),
                    "quality": len(marks),
                    "progress": (progressed, len(own_measures)),
                },
                indicators=components["indicators"],
                timeliness=components["timeliness"],
                quality=components["quality"],
                progress=components["progress"],
            )
        )
    rows.sort(key=lambda r: (-r.total, r.department.code))
    for i, row in enumerate(rows):
        row.rank = rows[i - 1].rank if i and rows[i - 1].total == row.total else i + 1
    return rows

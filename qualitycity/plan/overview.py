"""The city overview (一屏观全域): everything the leaders' screen shows, as one JSON-able dict.

- **Indicator cards**: every indicator of the selected plan with its current value, target and
  status (`plan.indicators.current`), linked to the records behind it.
- **County map layers** (the counties of the plan's area, within the viewer's data scope):
  the complaint on-time rate of the year to date (`complaints.indicators.on_time_by`), the
  entities by current risk class (credit `RiskAssessment`, current, of active entities), the
  overdue items (complaints with an overdue statutory clock + random-inspection tasks whose
  publication is overdue, by the lead department's county), and the batch pass rate of
  supervision spot checks and sampling of the year to date, by the county sampled in.
- **Monthly trends** over the last twelve months: the complaint on-time rate and the cases due,
  and the entities newly assessed in the highest risk class.
- **Alerts** across modules: overdue publications, overdue complaint clocks, failed samples of
  the last 30 days and disposal cases past their deadline, entities whose
  current class is the highest (D) assessed in the last 30 days, department reports past due
  and not submitted, and the holiday calendar not entered for next year.

Every figure carries the URL of the list behind it. All module figures are read with `user`,
so a county officer's map and alerts cover their county only. The whole dict is computed in a
few grouped queries; `cached_overview` keeps it as an `OverviewSnapshot` per plan, data scope
and language (pre-aggregation, with its as-of time shown on the page), served at once and
recomputed in the background when older than `CACHE_SECONDS`."""

from __future__ import annotations

import datetime as dt
import json
import time
from collections import defaultdict
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from qualitycity.complaints import indicators as complaint_indicators
from qualitycity.complaints.choices import CaseKind, ClockState
from qualitycity.complaints.filters import running_clocks
from qualitycity.complaints.models import ComplaintCase
from qualitycity.core.generic.registry import model_url
from qualitycity.core.models import Division
from qualitycity.core.permissions import DIVISION_SCOPED_ROLES, restrict_queryset, user_can
from qualitycity.core.services import missing_calendar_years
from qualitycity.credit.models import RiskAssessment
from qualitycity.credit.risk import ACTIVE_STATUSES, active_model
from qualitycity.inspections.choices import PublicationState, TaskStatus
from qualitycity.inspections.models import InspectionTask
from qualitycity.inspections.services import publication_state
from qualitycity.plan.choices import Direction, IndicatorStatus, ReportStatus
from qualitycity.plan.indicators import Current, current
from qualitycity.plan.models import Indicator, OverviewSnapshot, Plan, ProgressReport
from qualitycity.spotchecks import rates as spotcheck_rates
from qualitycity.spotchecks.choices import Conclusion, DisposalStatus, Purpose
from qualitycity.spotchecks.models import Disposal, Sample

#: A snapshot younger than this is shown as it is; an older one is shown, with its as-of time,
#: while a new one is computed in the background.
CACHE_SECONDS = 60
#: A queued refresh not done after this long is queued again (a worker may have died).
REQUEUE_AFTER = dt.timedelta(minutes=10)
#: the city whose county boundaries the map draws (core/static/core/geo/jincheng_counties.geojson)
MAP_CITY = "140500"
LAYERS = ("pass_rate", "on_time", "risk", "overdue")
TREND_MONTHS = 12
RECENT_DAYS = 30
ALERT_ITEMS = 8
DIRECTION_SIGNS: dict[str, str] = {
    Direction.AT_LEAST: "≥",
    Direction.AT_MOST: "≤",
    Direction.EQUAL: "=",
    Direction.REDUCE_BY: "↓",
    Direction.INCREASE_BY: "↑",
}
STATUS_COLOURS: dict[str, str] = {
    IndicatorStatus.ATTAINED: "green",
    IndicatorStatus.ON_TRACK: "blue",
    IndicatorStatus.WARNING: "orange",
    IndicatorStatus.MISSED: "red",
    IndicatorStatus.NO_DATA: "grey",
}


# ---------------------------------------------------------------- indicator values


def current_of(indicator: Indicator, on: dt.date | None = None, user: Any = None) -> Current:
    """The indicator's value and status (`plan.indicators.current`)."""
    return current(indicator, on=on, user=user)


# ---------------------------------------------------------------- helpers


def _url(name: str, *args: Any, query: dict[str, Any] | None = None) -> str:
    """reverse(name) with a query string, or "" when the page does not exist (yet)."""
    try:
        base = reverse(name, args=args or None)
    except NoReverseMatch:
        return ""
    params = {k: _param(v) for k, v in (query or {}).items() if v is not None and v != ""}
    return f"{base}?{urlencode(params)}" if params else base


def _param(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(getattr(value, "pk", value))


def _detail_url(obj: Any) -> str:
    """The object's page, or "" when its model has none (yet)."""
    try:
        return str(obj.get_absolute_url())
    except (AttributeError, NoReverseMatch, KeyError, LookupError):
        return ""


def _number(value: Decimal | float | None) -> str:
    if value is None:
        return ""
    return format(Decimal(str(value)).normalize(), "f")


def scope_division(user: Any) -> Division | None:
    role = getattr(user, "role", None)
    return user.scope_division if role in DIVISION_SCOPED_ROLES else None


def plan_counties(plan: Plan, user: Any) -> list[Division]:
    """The counties of the plan's area (a county plan: that county), within the user's scope."""
    qs = Division.objects.counties().filter(code__startswith=plan.division.prefix)
    division = scope_division(user)
    if division is not None:
        qs = qs.filter(code__startswith=division.prefix)
    return list(qs.order_by("code"))


def _area_county(plan: Plan) -> Division | None:
    """The county filter of a county plan (None for a city or province plan)."""
    return plan.division if plan.division.level in ("county", "stats_zone") else None


def _months(today: dt.date, n: int = TREND_MONTHS) -> list[dt.date]:
    year, month = today.year, today.month
    out = []
    for _i in range(n):
        out.append(dt.date(year, month, 1))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return list(reversed(out))


def _month_end(first: dt.date) -> dt.date:
    nxt = dt.date(first.year + (first.month == 12), first.month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


# ---------------------------------------------------------------- cards


def indicator_cards(plan: Plan, user: Any, today: dt.date) -> list[dict[str, Any]]:
    cards = []
    for ind in Indicator.objects.filter(plan=plan).select_related("responsible_department", "plan"):
        cur = current_of(ind, on=today, user=user)
        status = str(cur.status or IndicatorStatus.NO_DATA)
        url = cur.drill_url or _detail_url(ind)
        target = ind.target_text or (
            f"{DIRECTION_SIGNS.get(ind.direction, '')} {_number(ind.target_value)}{ind.unit}".strip()
            if ind.target_value is not None
            else ""
        )
        cards.append(
            {
                "code": ind.code,
                "name": ind.name,
                "value": _number(cur.value),
                "unit": ind.unit,
                "target": target,
                "target_year": ind.target_year,
                "status": status,
                "status_label": str(IndicatorStatus(status).label)
                if status in IndicatorStatus.values
                else status,
                "colour": STATUS_COLOURS.get(status, "grey"),
                "as_of": cur.as_of.isoformat() if cur.as_of else "",
                "as_of_display": formats.date_format(cur.as_of, "DATE_FORMAT") if cur.as_of else "",
                "kind": str(cur.kind or ind.kind),
                "rule": str(cur.rule_text or ""),
                "note": str(cur.note or ""),
                "department": str(ind.responsible_department.short_name or ind.responsible_department),
                "url": url,
            }
        )
    return cards


# ---------------------------------------------------------------- map layers and alerts


def _overdue_tasks(plan: Plan, user: Any, today: dt.date) -> list[InspectionTask]:
    tasks = restrict_queryset(
        InspectionTask.objects.select_related("lead_department__division"), user
    ).filter(
        status__in=[TaskStatus.DRAWN, TaskStatus.CLOSED],
        published_at__isnull=True,
        lead_department__division__code__startswith=plan.division.prefix,
    )
    known = list(tasks.filter(publication_due__lt=today))
    unknown = [
        t
        for t in tasks.filter(publication_due__isnull=True)
        if publication_state(t, today) == PublicationState.OVERDUE
    ]
    return sorted(known + unknown, key=lambda t: (t.publication_due or today, t.pk))


def _overdue_cases(plan: Plan, user: Any, today: dt.date) -> Any:
    return ComplaintCase.objects.restrict(user).filter(
        pk__in=running_clocks(ClockState.OVERDUE, today=today).values("case_id"),
        county__code__startswith=plan.division.prefix,
    )


def _current_risk(plan: Plan, user: Any) -> Any:
    return restrict_queryset(RiskAssessment.objects.all(), user).filter(
        is_current=True,
        entity__registration_status__in=ACTIVE_STATUSES,
        entity__county__code__startswith=plan.division.prefix,
    )


def map_layers(plan: Plan, user: Any, today: dt.date, overdue_tasks: list[InspectionTask]) -> dict[str, Any]:
    counties = plan_counties(plan, user)
    start = dt.date(today.year, 1, 1)
    on_time = {
        r["key"]: r
        for r in complaint_indicators.on_time_by(
            "county", start=start, end=today, user=user, county=_area_county(plan), today=today
        )
    }
    classes = [str(c["code"]) for c in active_model().classes]
    risk: dict[str, dict[str, int]] = defaultdict(dict)
    for row in (
        _current_risk(plan, user)
        .values("entity__county__code", "risk_class")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        risk[row["entity__county__code"] or ""][row["risk_class"]] = row["n"]
        if row["risk_class"] not in classes:
            classes.append(row["risk_class"])
    cases = dict(
        _overdue_cases(plan, user, today).values_list("county__code").annotate(n=Count("pk")).order_by()
    )
    tasks: dict[str, int] = defaultdict(int)
    for t in overdue_tasks:
        tasks[t.lead_department.division.code] += 1
    pass_filter = spotcheck_rates.RateFilter(purpose=Purpose.SUPERVISION, start=start, end=today)
    samples = restrict_queryset(Sample.objects.all(), user)
    pass_rates = dict(spotcheck_rates.breakdown(samples, pass_filter, "county"))
    complaint_list = "complaints:complaintcase_list"
    items = []
    for county in counties:
        rate = on_time.get(county.code)
        by_class = risk.get(county.code, {})
        n_cases, n_tasks = cases.get(county.code, 0), tasks.get(county.code, 0)
        due_query = {
            "kind": CaseKind.COMPLAINT.value,
            "handling_due_after": start,
            "handling_due_before": today,
            "due": "true",
            "county_id": county.pk,
        }
        items.append(
            {
                "code": county.code,
                "name": county.name,
                "on_time": {
                    "value": rate["rate"] if rate else None,
                    "due": rate["due"] if rate else 0,
                    "on_time": rate["on_time"] if rate else 0,
                    "url": _url(complaint_list, query=due_query),
                },
                "risk": {
                    "value": by_class.get(classes[-1], 0) if classes else 0,
                    "classes": {c: by_class.get(c, 0) for c in classes},
                    "total": sum(by_class.values()),
                    "url": _url(
                        "registry:entity_list", query={"county_id": county.pk, "risk_class": classes[-1]}
                    ),
                    "class_urls": {
                        c: _url("registry:entity_list", query={"county_id": county.pk, "risk_class": c})
                        for c in classes
                    },
                },
                "overdue": {
                    "value": n_cases + n_tasks,
                    "complaints": n_cases,
                    "publications": n_tasks,
                    "url": _url(
                        complaint_list, query={"clock": ClockState.OVERDUE.value, "county_id": county.pk}
                    ),
                    "publications_url": _url(
                        "inspections:inspectiontask_publication",
                        query={"state": PublicationState.OVERDUE.value},
                    ),
                },
                "pass_rate": {
                    "value": float(pass_rates[county.pk].percent)
                    if county.pk in pass_rates and pass_rates[county.pk].percent is not None
                    else None,
                    "batches": pass_rates[county.pk].total if county.pk in pass_rates else 0,
                    "url": spotcheck_rates.drill_url(
                        spotcheck_rates.RateFilter(
                            purpose=Purpose.SUPERVISION, county=county.pk, start=start, end=today
                        )
                    ),
                },
            }
        )
    return {
        "counties": items,
        "drawable": plan.division.code.startswith(MAP_CITY[:4]),
        "classes": classes,
        "top_class": classes[-1] if classes else "",
        "layers": [
            {"key": "pass_rate", "label": _("Spot-check pass rate (%)"), "available": True,
             "note": _("Supervision spot checks and sampling, year to date, by the county sampled in.")},
            {"key": "on_time", "label": _("Complaint on-time rate (%)"), "available": True,
             "note": _("Year to date, by the month of the handling limit.")},
            {"key": "risk", "label": _("Entities in risk class {code}").format(code=classes[-1] if classes else ""),
             "available": True, "note": _("Current risk class of active entities.")},
            {"key": "overdue", "label": _("Overdue items"), "available": True,
             "note": _("Complaints with an overdue clock and overdue publications of inspection results.")},
        ],
    }  # fmt: skip


def trends(plan: Plan, user: Any, today: dt.date, top_class: str) -> dict[str, Any]:
    months = _months(today)
    start = months[0]
    rows = {
        r["key"]: r
        for r in complaint_indicators.on_time_by(
            "month", start=start, end=today, user=user, county=_area_county(plan), today=today
        )
    }
    since = timezone.make_aware(dt.datetime.combine(start, dt.time.min))
    new_d = {
        r["month"].strftime("%Y-%m") if hasattr(r["month"], "strftime") else str(r["month"])[:7]: r["n"]
        for r in restrict_queryset(RiskAssessment.objects.all(), user)
        .filter(
            risk_class=top_class,
            assessed_at__gte=since,
            entity__county__code__startswith=plan.division.prefix,
        )
        .annotate(month=TruncMonth("assessed_at"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by()
    }
    labels = [m.strftime("%Y-%m") for m in months]
    urls = [
        _url(
            "complaints:complaintcase_list",
            query={
                "kind": CaseKind.COMPLAINT.value,
                "handling_due_after": m,
                "handling_due_before": min(_month_end(m), today),
                "due": "true",
                "county_id": _area_county(plan),
            },
        )
        for m in months
    ]
    return {
        "labels": labels,
        "rate": [rows[k]["rate"] if k in rows else None for k in labels],
        "due": [rows[k]["due"] if k in rows else 0 for k in labels],
        "new_top_class": [new_d.get(k, 0) for k in labels],
        "urls": urls,
        "names": {
            "rate": _("Complaint on-time rate (%)"),
            "due": _("Complaints due"),
            "new_top_class": _("Entities newly in class {code}").format(code=top_class),
        },
    }


def alerts(
    plan: Plan, user: Any, today: dt.date, overdue_tasks: list[InspectionTask], top_class: str
) -> list[dict[str, Any]]:
    """The alerts feed, most urgent first; each item has a count and a link."""
    feed: list[dict[str, Any]] = []

    def add(kind: str, severity: str, title: str, url: str, count: int = 1, module: str = "") -> None:
        feed.append(
            {"kind": kind, "severity": severity, "title": title, "url": url, "count": count, "module": module}
        )

    if overdue_tasks:
        add(
            "publications",
            "high",
            _("{n} random-inspection tasks with overdue publication of results").format(n=len(overdue_tasks)),
            _url("inspections:inspectiontask_publication", query={"state": PublicationState.OVERDUE.value}),
            len(overdue_tasks),
            _("Random inspections"),
        )
        for task in overdue_tasks[:ALERT_ITEMS]:
            add(
                "publication",
                "high",
                _("Overdue: publish the results of {task}").format(task=task),
                model_url(task, "detail"),
                module=_("Random inspections"),
            )
    n_cases = _overdue_cases(plan, user, today).count()
    if n_cases:
        add(
            "complaints",
            "high",
            _("{n} complaints with an overdue statutory clock").format(n=n_cases),
            _url(
                "complaints:complaintcase_list",
                query={"clock": ClockState.OVERDUE.value, "county_id": _area_county(plan)},
            ),
            n_cases,
            _("Complaints"),
        )
    samples = restrict_queryset(Sample.objects.all(), user).filter(
        county__code__startswith=plan.division.prefix
    )
    recent = today - dt.timedelta(days=RECENT_DAYS)
    n_failed = samples.filter(
        conclusion=Conclusion.UNQUALIFIED, purpose=Purpose.SUPERVISION, reported_on__gte=recent
    ).count()
    if n_failed:
        add(
            "failed_samples",
            "medium",
            _("{n} samples found unqualified in the last {days} days").format(n=n_failed, days=RECENT_DAYS),
            _url(
                "spotchecks:sample_list",
                query={
                    "conclusion": Conclusion.UNQUALIFIED.value,
                    "purpose": Purpose.SUPERVISION.value,
                    "sampled_from": (recent - dt.timedelta(days=60)).isoformat(),
                },
            ),
            n_failed,
            _("Spot checks"),
        )
    n_disposals = (
        restrict_queryset(Disposal.objects.all(), user)
        .filter(status=DisposalStatus.OPEN, due_on__lt=today, county__code__startswith=plan.division.prefix)
        .count()
    )
    if n_disposals:
        add(
            "disposals",
            "high",
            _("{n} disposal cases of failed samples past their deadline").format(n=n_disposals),
            _url("spotchecks:disposal_list", query={"overdue": "true"}),
            n_disposals,
            _("Spot checks"),
        )
    since = timezone.now() - dt.timedelta(days=RECENT_DAYS)
    moved = list(
        _current_risk(plan, user)
        .filter(risk_class=top_class, assessed_at__gte=since)
        .select_related("entity")
        .order_by("-assessed_at", "pk")[: ALERT_ITEMS + 1]
    )
    if moved:
        for ra in moved[:ALERT_ITEMS]:
            add(
                "risk",
                "medium",
                _("{entity} is now in risk class {code} (assessed {date})").format(
                    entity=ra.entity.name, code=top_class, date=timezone.localdate(ra.assessed_at).isoformat()
                ),
                _url("registry:entity_detail", ra.entity_id),
                module=_("Credit"),
            )
        if len(moved) > ALERT_ITEMS:
            add(
                "risk_all",
                "medium",
                _("All entities currently in risk class {code}").format(code=top_class),
                _url("registry:entity_list", query={"risk_class": top_class}),
                module=_("Credit"),
            )
    if user_can(user, ProgressReport, "view"):
        late = (
            restrict_queryset(ProgressReport.objects.filter(plan=plan), user)
            .filter(due_on__lt=today, status__in=[ReportStatus.DRAFT, ReportStatus.RETURNED])
            .values("department_id", "department__name", "department__short_name")
            .annotate(n=Count("pk"))
            .order_by("department__code")
        )
        for row in late:
            add(
                "reports",
                "medium",
                _("{department}: {n} progress reports past due and not submitted").format(
                    department=row["department__short_name"] or row["department__name"], n=row["n"]
                ),
                _url("plan:overview_late_reports", plan.pk, query={"department": row["department_id"]}),
                row["n"],
                _("Quality plan"),
            )
    next_year = today.year + 1
    if next_year in missing_calendar_years(today):
        add(
            "calendar",
            "medium",
            _(
                "The holiday calendar of {year} is not entered yet: working-day limits cannot be computed."
            ).format(year=next_year),
            _url("core:calendarday_list"),
            module=_("System"),
        )
    order = {"high": 0, "medium": 1, "info": 2}
    feed.sort(key=lambda a: order.get(a["severity"], 3))
    return feed


def late_reports(plan: Plan, user: Any, today: dt.date, department: Any = None) -> Any:
    """Reports of the plan past their due date and not submitted (the alert's records)."""
    qs = restrict_queryset(ProgressReport.objects.filter(plan=plan), user).filter(
        due_on__lt=today, status__in=[ReportStatus.DRAFT, ReportStatus.RETURNED]
    )
    if department:
        qs = qs.filter(department_id=department)
    return qs.select_related("department", "measure").order_by(
        "due_on", "department__code", "measure__number"
    )


# ---------------------------------------------------------------- the whole


def overview_data(plan: Plan, user: Any, today: dt.date | None = None) -> dict[str, Any]:
    """Everything the overview shows for `plan`, within `user`'s data scope."""
    today = today or timezone.localdate()
    tasks = _overdue_tasks(plan, user, today)
    layers = map_layers(plan, user, today, tasks)
    scope = scope_division(user)
    return {
        "plan": {"id": plan.pk, "title": plan.title, "area": plan.division.name},
        "today": today.isoformat(),
        "as_of": timezone.localtime().isoformat(timespec="seconds"),
        "as_of_display": formats.date_format(timezone.localtime(), "DATETIME_FORMAT"),
        "scope": scope.name if scope is not None else "",
        "cards": indicator_cards(plan, user, today),
        "map": layers,
        "trends": trends(plan, user, today, layers["top_class"]),
        "alerts": alerts(plan, user, today, tasks, layers["top_class"]),
    }


def _scope_key(user: Any) -> str:
    division = scope_division(user)
    return f"{getattr(user, 'role', '')}:{division.prefix if division else ''}:{getattr(user, 'department_id', '')}"


def _as_json(data: dict[str, Any]) -> dict[str, Any]:
    """The dict as the data endpoint sends it (decimals and dates as strings), so a fresh and
    a stored overview are the same."""
    return json.loads(DjangoJSONEncoder().encode(data))


def compute_snapshot(plan: Plan, user: Any, today: dt.date, language: str) -> dict[str, Any]:
    """Compute the overview and keep it as the snapshot of the user's data scope."""
    started = timezone.now()
    began = time.perf_counter()
    data = _as_json(overview_data(plan, user, today))
    fields = {
        "user": user,
        "data": data,
        "computed_at": started,
        "seconds": round(time.perf_counter() - began, 3),
        "refresh_queued_at": None,
    }
    try:
        with transaction.atomic():
            OverviewSnapshot.objects.update_or_create(
                plan=plan, scope_key=_scope_key(user), language=language, defaults=fields
            )
    except IntegrityError:  # another request stored the same scope's first snapshot meanwhile
        pass
    return data


def _queue_refresh(snapshot: OverviewSnapshot, today: dt.date) -> None:
    now = timezone.now()
    queued = snapshot.refresh_queued_at
    if queued is not None and queued > snapshot.computed_at and now - queued < REQUEUE_AFTER:
        return
    OverviewSnapshot.objects.filter(pk=snapshot.pk).update(refresh_queued_at=now)
    from qualitycity.plan.tasks import refresh_overview

    args = (snapshot.plan_id, snapshot.user_id, today.isoformat(), snapshot.language)
    transaction.on_commit(lambda: refresh_overview.enqueue(*args))


def cached_overview(
    plan: Plan, user: Any, today: dt.date | None = None, *, refresh: bool = False
) -> dict[str, Any]:
    """The overview from its snapshot (pre-aggregation; the page shows its as-of time): as it is
    when younger than CACHE_SECONDS and of today; else as it is, marked `stale`, while one
    background task computes a new one. Computed in the request only for a scope's first
    view and for `refresh` (the page's refresh button)."""
    today = today or timezone.localdate()
    language = get_language() or settings.LANGUAGE_CODE
    if refresh or settings.DEBUG:
        return compute_snapshot(plan, user, today, language)
    snapshot = OverviewSnapshot.objects.filter(
        plan=plan, scope_key=_scope_key(user), language=language
    ).first()
    if snapshot is None:
        return compute_snapshot(plan, user, today, language)
    data = dict(snapshot.data)
    age = (timezone.now() - snapshot.computed_at).total_seconds()
    if age < CACHE_SECONDS and data.get("today") == today.isoformat():
        return data
    _queue_refresh(snapshot, today)
    data["stale"] = True
    return data


__all__ = [
    "CACHE_SECONDS",
    "LAYERS",
    "cached_overview",
    "compute_snapshot",
    "current_of",
    "late_reports",
    "overview_data",
]

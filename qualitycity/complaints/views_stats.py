"""The complaint indicators page (消费投诉按时办结率 and statistics), the risk-signal pages, the
home-page panel of risk signals and the entity page's complaints section.

Every figure on the indicators page links to the case list filtered to exactly the cases
behind it, with the list's own filter names (`complaints.filters.ComplaintCaseFilterSet`). A
link is only drawn when the list has every filter it needs: a figure whose filter is missing
shows without a link rather than with a link to a wider list.

All figures are computed by `complaints.indicators` and `complaints.signals` with `user=`, so a
county officer sees their county's cases only."""

from __future__ import annotations

import calendar
import datetime as dt
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qualitycity.complaints import indicators, signals
from qualitycity.complaints.choices import CaseKind, CategoryKind, Outcome
from qualitycity.complaints.filters import ComplaintCaseFilterSet
from qualitycity.complaints.models import Category, ComplaintCase
from qualitycity.core import audit, todo
from qualitycity.core.choices import AuditAction, DepartmentKind, Role
from qualitycity.core.generic.registry import model_url
from qualitycity.core.models import Department, Division
from qualitycity.core.permissions import DIVISION_SCOPED_ROLES, restrict_queryset, user_can
from qualitycity.core.spreadsheets import write_xlsx
from qualitycity.registry.models import Entity
from qualitycity.registry.sections import Section, register_entity_section

#: Internal roles that read complaint statistics (enterprise users and the portal never do).
BUREAU_ROLES = (Role.LEADER, Role.STAFF, Role.INSPECTOR, Role.COUNTY_OFFICER)
PANEL_SIZE = 8
MAP_MODES = ("rate", "cases")
#: The city whose counties the map draws (core/static/core/geo/jincheng_counties.geojson).
MAP_CITY = "140500"
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _today() -> dt.date:
    """Today (a seam for tests: the due condition of the on-time rate depends on it)."""
    return timezone.localdate()


def is_bureau_user(user: Any) -> bool:
    return bool(getattr(user, "role", None) in BUREAU_ROLES and user_can(user, ComplaintCase, "view"))


def _scope_division(user: Any) -> Division | None:
    return user.scope_division if user.role in DIVISION_SCOPED_ROLES else None


# ---------------------------------------------------------------- drill-down links


def list_url(**params: Any) -> str:
    """The case list filtered by `params` (None and "" dropped), or "" when the list lacks one
    of the filters: a figure is never linked to a wider list than the cases behind it."""
    query = {k: _param(v) for k, v in params.items() if v is not None and v != ""}
    if not set(query) <= set(ComplaintCaseFilterSet.base_filters):
        return ""
    return f"{reverse('complaints:complaintcase_list')}?{urlencode(query)}"


def _param(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Model):
        return str(value.pk)
    return str(value)


# ---------------------------------------------------------------- the filter form


class IndicatorFilterForm(forms.Form):
    """Period (default: this year), county, handling unit and object category; the choices are
    limited to the user's area."""

    start = forms.DateField(label=gettext_lazy("from"), required=False, widget=DATE_INPUT)
    end = forms.DateField(label=gettext_lazy("to"), required=False, widget=DATE_INPUT)
    county = forms.ModelChoiceField(
        queryset=Division.objects.none(), required=False, label=gettext_lazy("county")
    )
    department = forms.ModelChoiceField(
        queryset=Department.objects.none(), required=False, label=gettext_lazy("handling unit")
    )
    category = forms.ModelChoiceField(
        queryset=Category.objects.none(), required=False, label=gettext_lazy("object")
    )

    def __init__(self, data: Any, *, user: Any) -> None:
        super().__init__(data)
        division = _scope_division(user)
        counties = restrict_queryset(Division.objects.counties(), user)
        departments = restrict_queryset(Department.objects.all(), user).filter(
            kind=DepartmentKind.MARKET_SUPERVISION
        )
        if division is not None:
            counties = counties.filter(code__startswith=division.prefix)
            departments = departments.filter(division__code__startswith=division.prefix)
        fields: Any = self.fields
        fields["county"].queryset = counties.order_by("code")
        fields["department"].queryset = departments.order_by("code")
        fields["category"].queryset = (
            restrict_queryset(Category.objects.all(), user)
            .filter(kind=CategoryKind.OBJECT)
            .select_related("parent")
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            raise forms.ValidationError(_("The period must not end before it starts."))
        return data


@dataclass
class Filters:
    """The page's filters, resolved: invalid or empty values fall back to the defaults."""

    start: dt.date
    end: dt.date
    county: Division | None = None
    department: Department | None = None
    category: Category | None = None

    @classmethod
    def from_form(cls, form: IndicatorFilterForm, today: dt.date) -> Filters:
        """The valid values of the form (an invalid one is shown as an error and ignored)."""
        form.is_valid()
        data = getattr(form, "cleaned_data", {})
        start = data.get("start") or dt.date(today.year, 1, 1)
        end = data.get("end") or dt.date(today.year, 12, 31)
        if start > end:
            start, end = dt.date(today.year, 1, 1), dt.date(today.year, 12, 31)
        return cls(
            start=start,
            end=end,
            county=data.get("county"),
            department=data.get("department"),
            category=data.get("category"),
        )

    def kwargs(self, user: Any) -> dict[str, Any]:
        """The keyword arguments of the `indicators` functions."""
        return {
            "start": self.start,
            "end": self.end,
            "user": user,
            "county": self.county,
            "department": self.department,
            "category": self.category,
        }

    def list_params(self) -> dict[str, Any]:
        """The same filters in the case list's names."""
        return {
            "county_id": self.county,
            "handling_department_id": self.department,
            "object_category_id": self.category,
        }

    def query(self, **extra: str) -> str:
        params = {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "county": self.county.pk if self.county else "",
            "department": self.department.pk if self.department else "",
            "category": self.category.pk if self.category else "",
            **extra,
        }
        return urlencode({k: v for k, v in params.items() if v != ""})


# ---------------------------------------------------------------- the figures


def _due_params(f: Filters, start: dt.date | None = None, end: dt.date | None = None) -> dict[str, Any]:
    """The case-list filters of the denominator of the on-time rate (`indicators.due_cases`)."""
    return {
        "kind": CaseKind.COMPLAINT.value,
        "handling_due_after": start or f.start,
        "handling_due_before": end or f.end,
        "due": "true",
        **f.list_params(),
    }


def _rate_links(params: dict[str, Any] | None) -> dict[str, str]:
    if params is None:
        return {"due": "", "on_time": "", "late": ""}
    return {
        "due": list_url(**params),
        "on_time": list_url(**params, on_time="true"),
        "late": list_url(**params, on_time="false"),
    }


def _rate_row(row: dict[str, Any], params: dict[str, Any] | None, label: str | None = None) -> dict[str, Any]:
    return {
        **row,
        "label": label if label is not None else row.get("label", ""),
        "late": row["due"] - row["on_time"],
        "links": _rate_links(params),
    }


def _parents(user: Any) -> set[int]:
    """Categories that have sub-categories: the list's category filter takes those in, so a
    figure of the parent alone has no exact link."""
    return set(
        restrict_queryset(Category.objects.all(), user)
        .exclude(parent=None)
        .values_list("parent_id", flat=True)
    )


def _month_bounds(key: str, f: Filters) -> tuple[dt.date, dt.date]:
    year, month = (int(part) for part in key.split("-"))
    first = dt.date(year, month, 1)
    last = dt.date(year, month, calendar.monthrange(year, month)[1])
    return max(first, f.start), min(last, f.end)


def on_time_tables(f: Filters, user: Any, today: dt.date) -> dict[str, list[dict[str, Any]]]:
    """The on-time rate by month, unit, county and category, each row with its links."""
    kwargs = {**f.kwargs(user), "today": today}
    tables: dict[str, list[dict[str, Any]]] = {}
    tables["month"] = [
        _rate_row(row, _due_params(f, *_month_bounds(row["key"], f)))
        for row in indicators.on_time_by("month", **kwargs)
    ]
    rows = indicators.on_time_by("department", **kwargs)
    units = {
        d.code: d
        for d in restrict_queryset(Department.objects.all(), user).filter(code__in=[r["key"] for r in rows])
    }
    tables["department"] = [
        _rate_row(
            row,
            {**_due_params(f), "handling_department_id": units[row["key"]]} if row["key"] in units else None,
            str(units[row["key"]].short_name or units[row["key"]].name) if row["key"] in units else None,
        )
        for row in rows
    ]
    rows = indicators.on_time_by("county", **kwargs)
    counties = {
        d.code: d
        for d in restrict_queryset(Division.objects.all(), user).filter(code__in=[r["key"] for r in rows])
    }
    tables["county"] = [
        _rate_row(
            row, {**_due_params(f), "county_id": counties[row["key"]]} if row["key"] in counties else None
        )
        for row in rows
    ]
    rows = indicators.on_time_by("category", **kwargs)
    categories = {
        c.code: c
        for c in restrict_queryset(Category.objects.all(), user)
        .filter(kind=CategoryKind.OBJECT, code__in=[r["key"] for r in rows])
        .select_related("parent")
    }
    parents = _parents(user)
    tables["category"] = [
        _rate_row(
            row,
            {**_due_params(f), "object_category_id": categories[row["key"]]}
            if row["key"] in categories and categories[row["key"]].pk not in parents
            else None,
            str(categories[row["key"]]) if row["key"] in categories else None,
        )
        for row in rows
    ]
    return tables


def received_figures(f: Filters, user: Any) -> dict[str, Any]:
    """Cases received in the period: totals, by kind and outcome, amounts recovered, the top
    categories and respondents, each with its link."""
    summary = indicators.received_summary(**f.kwargs(user))
    base = {"received_after": f.start, "received_before": f.end, **f.list_params()}
    parents = _parents(user)
    kinds = [
        {
            "label": CaseKind.COMPLAINT.label,
            "n": summary["complaints"],
            "url": list_url(**base, kind="complaint"),
        },
        {"label": CaseKind.TIP_OFF.label, "n": summary["tip_offs"], "url": list_url(**base, kind="tip_off")},
    ]
    outcomes = [
        {
            "key": row["outcome"],
            "label": Outcome(row["outcome"]).label if row["outcome"] in Outcome.values else row["outcome"],
            "n": row["n"],
            "url": list_url(**base, outcome=row["outcome"]),
        }
        for row in summary["by_outcome"]
    ]
    outcomes.append(
        {
            "key": "",
            "label": _("Not concluded yet"),
            "n": summary["cases"] - summary["closed"],
            "url": list_url(**base, has_outcome="false"),
        }
    )
    return {
        "cases": summary["cases"],
        "cases_url": list_url(**base),
        "params": base,
        "kinds": kinds,
        "outcomes": outcomes,
        "recovered": summary["recovered"] or Decimal("0"),
        "recovered_cases": summary["recovered_cases"],
        "recovered_url": list_url(**base, has_recovery="true"),
        "by_county": {
            row["county__code"]: {**row, "url": list_url(**{**base, "county_id": row["county_id"]})}
            for row in summary["by_county"]
        },
        "top_categories": [
            {
                "label": row["object_category__name"],
                "n": row["n"],
                "url": ""
                if row["object_category_id"] in parents
                else list_url(**{**base, "object_category_id": row["object_category_id"]}),
            }
            for row in summary["top_categories"]
        ],
        "top_respondents": [
            {
                "label": row["respondent__name"],
                "uscc": row["respondent__uscc"],
                "n": row["n"],
                "url": list_url(**base, respondent_id=row["respondent_id"]),
                "entity_url": reverse("registry:entity_detail", args=[row["respondent_id"]]),
            }
            for row in summary["top_respondents"]
        ],
    }


def map_data(user: Any, rates: list[dict[str, Any]], received: dict[str, Any]) -> dict[str, Any]:
    """The counties of the user's area with their on-time rate and cases, for the map."""
    counties = restrict_queryset(Division.objects.counties(), user).filter(parent__code=MAP_CITY)
    division = _scope_division(user)
    if division is not None:
        counties = counties.filter(code__startswith=division.prefix)
    by_code = {row["key"]: row for row in rates}
    items = []
    for county in counties.order_by("code"):
        rate = by_code.get(county.code)
        cases = received["by_county"].get(county.code)
        items.append(
            {
                "code": county.code,
                "name": county.name,
                "rate": rate["rate"] if rate else None,
                "due": rate["due"] if rate else 0,
                "on_time": rate["on_time"] if rate else 0,
                "cases": cases["n"] if cases else 0,
                "rate_url": rate["links"]["due"] if rate else "",
                "cases_url": list_url(**{**received["params"], "county_id": county}),
            }
        )
    return {
        "counties": items,
        "labels": {
            "rate": _("On-time rate (%)"),
            "cases": _("Cases received"),
            "due": _("cases due"),
            "on_time": _("handled on time"),
            "no_data": _("no data"),
        },
    }


def _months(f: Filters) -> list[str]:
    """Every month of the period ("2026-01" …), so the trend shows the months without cases."""
    months, year, month = [], f.start.year, f.start.month
    while (year, month) <= (f.end.year, f.end.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def figures(f: Filters, user: Any, today: dt.date) -> dict[str, Any]:
    """Everything the page shows (and exports), for the user's area."""
    overall = indicators.on_time_rate(**f.kwargs(user), today=today)
    tables = on_time_tables(f, user, today)
    received = received_figures(f, user)
    by_month = {r["key"]: r for r in tables["month"]}
    months = _months(f)
    return {
        "overall": _rate_row(overall, _due_params(f)),
        "tables": tables,
        "received": received,
        "map": map_data(user, tables["county"], received),
        "charts": {
            "month": {
                "labels": months,
                "rate": [by_month[m]["rate"] if m in by_month else None for m in months],
                "due": [by_month[m]["due"] if m in by_month else 0 for m in months],
                "on_time": [by_month[m]["on_time"] if m in by_month else 0 for m in months],
                "names": {
                    "rate": _("On-time rate (%)"),
                    "due": _("cases due"),
                    "on_time": _("handled on time"),
                },
            },
            "department": {
                "labels": [r["label"] for r in tables["department"]],
                "rate": [r["rate"] for r in tables["department"]],
                "due": [r["due"] for r in tables["department"]],
                "names": {"rate": _("On-time rate (%)"), "due": _("cases due")},
            },
        },
    }


# ---------------------------------------------------------------- export


def _rate_sheet(first: str, rows: Iterable[dict[str, Any]]) -> tuple[list[str], list[list[Any]]]:
    headers = [first, _("cases due"), _("handled on time"), _("handled late"), _("on-time rate (%)")]
    return headers, [[r["label"], r["due"], r["on_time"], r["late"], r["rate"]] for r in rows]


def export_tables(
    data: dict[str, Any],
) -> dict[str, tuple[str, Callable[[], tuple[list[str], list[list[Any]]]]]]:
    """Export name → (sheet title, a function giving headers and rows)."""
    tables, received = data["tables"], data["received"]
    return {
        "month": (_("On-time rate by month"), lambda: _rate_sheet(_("month"), tables["month"])),
        "department": (
            _("On-time rate by unit"),
            lambda: _rate_sheet(_("handling unit"), tables["department"]),
        ),
        "county": (_("On-time rate by county"), lambda: _rate_sheet(_("county"), tables["county"])),
        "category": (_("On-time rate by category"), lambda: _rate_sheet(_("object"), tables["category"])),
        "kinds": (
            _("Cases received by kind"),
            lambda: ([_("kind"), _("cases")], [[r["label"], r["n"]] for r in received["kinds"]]),
        ),
        "outcomes": (
            _("Cases received by outcome"),
            lambda: ([_("outcome"), _("cases")], [[r["label"], r["n"]] for r in received["outcomes"]]),
        ),
        "top_categories": (
            _("Top categories"),
            lambda: ([_("object"), _("cases")], [[r["label"], r["n"]] for r in received["top_categories"]]),
        ),
        "top_respondents": (
            _("Top respondents"),
            lambda: (
                [_("respondent"), _("unified social credit code"), _("cases")],
                [[r["label"], r["uscc"], r["n"]] for r in received["top_respondents"]],
            ),
        ),
    }


def export_response(request: HttpRequest, name: str, f: Filters, data: dict[str, Any]) -> HttpResponseBase:
    """One table of the page as an xlsx file, recorded in the audit trail like every export."""
    if not user_can(request.user, ComplaintCase, "export"):
        raise PermissionDenied
    available = export_tables(data)
    if name not in available:
        raise Http404
    title, build = available[name]
    headers, rows = build()
    audit.record(
        actor=request.user,
        action=AuditAction.EXPORT,
        object_type="complaints.indicators",
        object_repr=title,
        message=f"xlsx {len(rows)} rows; filter: {f.query()}",
        extra={"format": "xlsx", "rows": len(rows), "query": f.query(), "table": name},
    )
    handle = tempfile.TemporaryFile()  # noqa: SIM115  (FileResponse closes it; nothing left on disk)
    write_xlsx(handle, headers, rows, sheet_name=title, column_formats=None)
    handle.seek(0)
    filename = f"{title}-{f.start:%Y%m%d}-{f.end:%Y%m%d}.xlsx"
    return FileResponse(
        handle,
        as_attachment=True,
        filename=filename,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


# ---------------------------------------------------------------- pages


def _require_bureau(user: Any) -> None:
    if not is_bureau_user(user):
        raise PermissionDenied


@login_required
def indicators_page(request: HttpRequest) -> HttpResponseBase:
    """消费投诉按时办结率 with its definition, and the complaint statistics of the period."""
    _require_bureau(request.user)
    today = _today()
    form = IndicatorFilterForm(request.GET or None, user=request.user)
    f = Filters.from_form(form, today)
    data = figures(f, request.user, today)
    export = request.GET.get("export")
    if export:
        return export_response(request, export, f, data)
    map_mode = request.GET.get("map") if request.GET.get("map") in MAP_MODES else "rate"
    context = {
        **data,
        "form": form,
        "filters": f,
        "today": today,
        "definition": indicators.DEFINITION,
        "query": f.query(),
        "map_mode": map_mode,
        "map_modes": [(mode, f.query(map=mode)) for mode in MAP_MODES],
        "can_export": user_can(request.user, ComplaintCase, "export"),
        "scope_division": _scope_division(request.user),
        "signals_url": reverse("complaints:complaintcase_signals"),
    }
    return render(request, "complaints/stats_indicators.html", context)


def signal_rows(found: Iterable[signals.Signal]) -> list[dict[str, Any]]:
    """Signals with their labels and links, for the panel and the signals page."""
    rows = []
    for s in found:
        if s.kind == signals.ENTITY:
            url = list_url(
                respondent_id=s.entity_id,
                kind=CaseKind.COMPLAINT.value,
                received_after=s.since,
                received_before=s.until,
            )
            entity_url = reverse("registry:entity_detail", args=[s.entity_id])
            kind_label = _("Entity")
        else:
            url = f"{reverse('complaints:complaintcase_signal_cases')}?{urlencode({'subject': s.key})}"
            entity_url = ""
            kind_label = _("Product")
        rows.append({"signal": s, "kind_label": kind_label, "url": url, "entity_url": entity_url})
    return rows


@login_required
def signals_page(request: HttpRequest) -> HttpResponse:
    """Every risk signal of the last 12 months in the user's area."""
    _require_bureau(request.user)
    today = _today()
    since, until = signals.window(today)
    found = signals.signals(today=today, user=request.user)
    context = {
        "rows": signal_rows(found),
        "since": since,
        "until": until,
        "threshold": signals.threshold(today),
        "indicators_url": reverse("complaints:complaintcase_indicators"),
    }
    return render(request, "complaints/stats_signals.html", context)


@login_required
def signal_cases_page(request: HttpRequest) -> HttpResponse:
    """The complaints behind one product signal (the case list has no filter on the subject)."""
    _require_bureau(request.user)
    key = request.GET.get("subject", "")
    if not key:
        raise Http404
    today = _today()
    since, until = signals.window(today)
    cases: QuerySet[ComplaintCase] = signals.product_cases(key, today, request.user).select_related(
        "county", "handling_department", "object_category__parent"
    )
    rows = list(cases.order_by("-received_on", "-pk"))
    context = {
        "key": key,
        "cases": rows,
        "label": rows[0].subject if rows else key,
        "respondents": len({c.respondent_id or c.respondent_name for c in rows}),
        "since": since,
        "until": until,
        "threshold": signals.threshold(today),
        "signals_url": reverse("complaints:complaintcase_signals"),
    }
    return render(request, "complaints/stats_signal_cases.html", context)


# ---------------------------------------------------------------- home panel and entity section


@todo.register_panel
def complaint_signals_panel(user: Any) -> todo.Panel | None:
    """The strongest risk signals of the user's area, with the way to the indicators page."""
    if not is_bureau_user(user):
        return None
    today = _today()
    found = signals.signals(today=today, user=user)
    since, until = signals.window(today)
    return todo.Panel(
        title=_("Complaint risk signals"),
        template="complaints/stats_panel_signals.html",
        context={
            "rows": signal_rows(found[:PANEL_SIZE]),
            "total": len(found),
            "threshold": signals.threshold(today),
            "since": since,
            "until": until,
            "signals_url": reverse("complaints:complaintcase_signals"),
            "indicators_url": reverse("complaints:complaintcase_indicators"),
        },
    )


@register_entity_section
def complaints_section(entity: Entity, user: Any) -> Section | None:
    """The entity's complaints of the last 12 months by category and outcome (bureau users)."""
    if not is_bureau_user(user):
        return None
    today = _today()
    profile = signals.entity_profile(entity, today, user)
    if not profile["complaints"] and not profile["tip_offs"]:
        return None
    base = {
        "respondent_id": entity.pk,
        "kind": CaseKind.COMPLAINT.value,
        "received_after": profile["since"],
        "received_before": profile["until"],
    }
    parents = _parents(user)
    return Section(
        title=_("Complaints in the last 12 months"),
        template="complaints/stats_section_entity.html",
        context={
            **profile,
            "all_url": list_url(**base),
            "tip_offs_url": list_url(**{**base, "kind": CaseKind.TIP_OFF.value}),
            "by_category": [
                {
                    "label": row["object_category__name"] or _("Not classified"),
                    "n": row["n"],
                    "url": list_url(**base, object_category_id=row["object_category_id"])
                    if row["object_category_id"] and row["object_category_id"] not in parents
                    else "",
                }
                for row in profile["by_category"]
            ],
            "by_nature": [
                {
                    "label": row["problem_category__name"] or _("Not classified"),
                    "n": row["n"],
                    "url": list_url(**base, problem_category_id=row["problem_category_id"])
                    if row["problem_category_id"]
                    else "",
                }
                for row in profile["by_nature"]
            ],
            "by_outcome": [
                {
                    "label": Outcome(row["outcome"]).label
                    if row["outcome"] in Outcome.values
                    else _("Not concluded yet"),
                    "n": row["n"],
                    "url": list_url(**base, outcome=row["outcome"])
                    if row["outcome"]
                    else list_url(**base, has_outcome="false"),
                }
                for row in profile["by_outcome"]
            ],
            "case_list_url": model_url(ComplaintCase, "list"),
        },
        order=45,
    )


urlpatterns = [
    path("indicators/", indicators_page, name="complaintcase_indicators"),
    path("risk-signals/", signals_page, name="complaintcase_signals"),
    path("risk-signals/cases/", signal_cases_page, name="complaintcase_signal_cases"),
]

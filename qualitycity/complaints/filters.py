"""One filter definition per complaints model: list pages, exports and the API share the names.

The case list filters by the state of its statutory clocks too (`clock=overdue|due_soon`,
optionally `clock_name=accept|…`): the home-page to-dos and panel link to those lists."""

from __future__ import annotations

import datetime as dt
from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qualitycity.complaints.choices import CategoryKind, ClockName, ClockState, Outcome
from qualitycity.complaints.models import (
    CaseClock,
    Category,
    ComplaintCase,
    DisclosurePolicy,
    FirstPayout,
    RoutingRule,
)
from qualitycity.core.filters import BaseFilterSet
from qualitycity.core.models import Department, Division
from qualitycity.core.services import CalendarNotAvailable, add_workdays, rule_value

DATE_INPUT = forms.DateInput(attrs={"type": "date"})
CLOCK_STATES = [
    (ClockState.DUE_SOON, ClockState.DUE_SOON.label),
    (ClockState.OVERDUE, ClockState.OVERDUE.label),
]


def due_soon_limit(today: dt.date) -> dt.date:
    """The last due date that counts as "due soon" today (the rule book's working days ahead)."""
    days = int(rule_value("complaint-due-soon", on=today))
    try:
        return add_workdays(today, days)
    except CalendarNotAvailable:  # the next year's holidays are not entered yet
        return today + dt.timedelta(days=days)


def running_clocks(state: str, name: str = "", today: dt.date | None = None) -> QuerySet[CaseClock]:
    """Running (not stopped, not paused) clocks that are overdue or due soon, as in
    `complaints.clocks.state`."""
    today = today or timezone.localdate()
    qs = CaseClock.objects.filter(stopped_on__isnull=True, paused_since__isnull=True, due_on__isnull=False)
    if name:
        qs = qs.filter(name=name)
    if state == ClockState.OVERDUE:
        return qs.filter(due_on__lt=today)
    return qs.filter(due_on__gte=today, due_on__lte=due_soon_limit(today))


def _categories(kind: str) -> QuerySet[Category]:
    return Category.objects.filter(kind=kind).select_related("parent")


class ComplaintCaseFilterSet(BaseFilterSet):
    search_fields = (
        "number",
        "respondent_name",
        "respondent_uscc",
        "complainant_name",
        "complainant_phone",
    )
    county_id = django_filters.ModelChoiceFilter(
        field_name="county", queryset=Division.objects.counties(), label=_("county")
    )
    handling_department_id = django_filters.ModelChoiceFilter(
        field_name="handling_department",
        queryset=Department.objects.filter(kind="market_supervision"),
        label=_("handling unit"),
    )
    object_category_id = django_filters.ModelChoiceFilter(
        queryset=_categories(CategoryKind.OBJECT),
        method="filter_object_category",
        label=_("object"),
    )
    problem_category_id = django_filters.ModelChoiceFilter(
        field_name="problem_category",
        queryset=_categories(CategoryKind.NATURE),
        label=_("nature of the problem"),
    )
    received_after = django_filters.DateFilter(
        field_name="received_on", lookup_expr="gte", label=_("received from"), widget=DATE_INPUT
    )
    received_before = django_filters.DateFilter(
        field_name="received_on", lookup_expr="lte", label=_("received until"), widget=DATE_INPUT
    )
    clock = django_filters.ChoiceFilter(choices=CLOCK_STATES, method="filter_clock", label=_("clock"))
    clock_name = django_filters.ChoiceFilter(
        choices=ClockName.choices, method="filter_clock_name", label=_("which clock")
    )
    outcome = django_filters.ChoiceFilter(choices=Outcome.choices, label=_("outcome"))
    on_time = django_filters.BooleanFilter(method="filter_on_time", label=_("on time"))
    # links from other pages (the statistics' figures, an entity's cases, a handler's cases),
    # not shown as boxes
    handling_due_after = django_filters.DateFilter(
        field_name="handling_due", lookup_expr="gte", label=_("handling due from"), widget=forms.HiddenInput
    )
    handling_due_before = django_filters.DateFilter(
        field_name="handling_due", lookup_expr="lte", label=_("handling due until"), widget=forms.HiddenInput
    )
    due = django_filters.BooleanFilter(method="filter_due", label=_("due"), widget=forms.HiddenInput)
    has_outcome = django_filters.BooleanFilter(
        method="filter_has_outcome", label=_("has an outcome"), widget=forms.HiddenInput
    )
    has_recovery = django_filters.BooleanFilter(
        method="filter_has_recovery", label=_("amount recovered"), widget=forms.HiddenInput
    )
    respondent_id = django_filters.NumberFilter(
        field_name="respondent_id", label=_("respondent"), widget=forms.HiddenInput
    )
    handler_id = django_filters.NumberFilter(
        field_name="handler_id", label=_("handler"), widget=forms.HiddenInput
    )

    class Meta:
        model = ComplaintCase
        fields = [
            "q",
            "kind",
            "status",
            "channel",
            "county_id",
            "handling_department_id",
            "object_category_id",
            "problem_category_id",
            "received_after",
            "received_before",
            "clock",
            "clock_name",
            "outcome",
            "on_time",
            "publication_status",
        ]

    def filter_object_category(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        """A parent category (商品, 服务) takes in its sub-categories."""
        if value is None:
            return queryset
        return queryset.filter(Q(object_category=value) | Q(object_category__parent=value))

    def filter_due(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        """Counted by the on-time rate (`indicators.due_cases`): closed, or past its limit."""
        if value is None:
            return queryset
        due = Q(on_time__isnull=False) | Q(handling_due__lt=timezone.localdate())
        return queryset.filter(due) if value else queryset.exclude(due)

    def filter_on_time(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        """Yes: handled within every limit; no: late, or open past its limit."""
        if value is None:
            return queryset
        return queryset.filter(on_time=True) if value else queryset.exclude(on_time=True)

    def filter_has_outcome(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        if value is None:
            return queryset
        return queryset.exclude(outcome="") if value else queryset.filter(outcome="")

    def filter_has_recovery(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        if value is None:
            return queryset
        recovered = Q(amount_recovered__gt=0)
        return queryset.filter(recovered) if value else queryset.exclude(recovered)

    def filter_clock(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        if not value:
            return queryset
        clock_name = self.form.cleaned_data.get("clock_name") or ""
        return queryset.filter(pk__in=running_clocks(value, clock_name).values("case_id"))

    def filter_clock_name(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        """Alone: cases that have this clock; with `clock`, it narrows the state filter."""
        if not value or self.form.cleaned_data.get("clock"):
            return queryset
        return queryset.filter(clocks__name=value)


class CategoryFilterSet(BaseFilterSet):
    search_fields = ("code", "name", "keywords")
    parent_id = django_filters.ModelChoiceFilter(
        field_name="parent", queryset=Category.objects.filter(parent__isnull=True), label=_("parent")
    )

    class Meta:
        model = Category
        fields = ["q", "kind", "parent_id", "is_active"]


class RoutingRuleFilterSet(BaseFilterSet):
    search_fields = ("county__name", "category__name", "department__name", "note")
    county_id = django_filters.ModelChoiceFilter(
        field_name="county", queryset=Division.objects.counties(), label=_("county")
    )
    category_id = django_filters.ModelChoiceFilter(
        field_name="category", queryset=_categories(CategoryKind.OBJECT), label=_("object category")
    )
    department_id = django_filters.ModelChoiceFilter(
        field_name="department", queryset=Department.objects.all(), label=_("handling unit")
    )

    class Meta:
        model = RoutingRule
        fields = ["q", "county_id", "category_id", "department_id"]


class DisclosurePolicyFilterSet(BaseFilterSet):
    class Meta:
        model = DisclosurePolicy
        fields = ["is_enabled"]


class FirstPayoutFilterSet(BaseFilterSet):
    search_fields = ("case__number", "entity__name", "entity__uscc", "note")
    case_id = django_filters.NumberFilter(field_name="case_id", label=_("case"))
    entity_id = django_filters.NumberFilter(field_name="entity_id", label=_("paid by"))
    county_id = django_filters.ModelChoiceFilter(
        field_name="case__county", queryset=Division.objects.counties(), label=_("county")
    )
    paid_after = django_filters.DateFilter(
        field_name="paid_on", lookup_expr="gte", label=_("paid from"), widget=DATE_INPUT
    )
    paid_before = django_filters.DateFilter(
        field_name="paid_on", lookup_expr="lte", label=_("paid until"), widget=DATE_INPUT
    )

    class Meta:
        model = FirstPayout
        fields = ["q", "county_id", "paid_after", "paid_before"]

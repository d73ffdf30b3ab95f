"""One filter definition per random-inspection model: list pages, exports and the API share the names."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qualitycity.core.filters import BaseFilterSet
from qualitycity.core.models import Department, Division
from qualitycity.inspections.models import (
    CheckItem,
    Draw,
    InspectionPlan,
    InspectionResult,
    InspectionTask,
    Inspector,
    InspectorConflict,
    ResultCategory,
)

DATE_INPUT = forms.DateInput(attrs={"type": "date"})


def _department_filter(field_name: str = "department", label: Any = None) -> django_filters.Filter:
    return django_filters.ModelChoiceFilter(
        field_name=field_name, queryset=Department.objects.all(), label=label or _("department")
    )


class CheckItemFilterSet(BaseFilterSet):
    search_fields = ("number", "name", "sub_item", "legal_basis", "target_type")
    department_id = _department_filter()

    class Meta:
        model = CheckItem
        fields = ["q", "department_id", "weight", "is_active"]


class InspectorFilterSet(BaseFilterSet):
    search_fields = ("code", "name", "certificate_number", "specialities")
    department_id = _department_filter()
    county_id = django_filters.ModelChoiceFilter(
        field_name="county", queryset=Division.objects.counties(), label=_("county")
    )
    certificate_expired = django_filters.BooleanFilter(
        method="filter_certificate_expired", label=_("certificate expired")
    )

    class Meta:
        model = Inspector
        fields = ["q", "department_id", "county_id", "status", "certificate_expired"]

    def filter_certificate_expired(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        if value is None:
            return queryset
        today = timezone.localdate()
        if value:
            return queryset.filter(certificate_expiry__lt=today)
        return queryset.filter(certificate_expiry__gte=today)


class InspectorConflictFilterSet(BaseFilterSet):
    search_fields = ("inspector__name", "inspector__code", "entity__name", "entity__uscc")
    inspector_id = django_filters.NumberFilter(field_name="inspector_id", label=_("inspector"))
    entity_id = django_filters.NumberFilter(field_name="entity_id", label=_("market entity"))

    class Meta:
        model = InspectorConflict
        fields = ["q", "inspector_id", "entity_id", "kind", "is_granted"]


class InspectionPlanFilterSet(BaseFilterSet):
    search_fields = ("name", "note")
    department_id = _department_filter()

    class Meta:
        model = InspectionPlan
        fields = ["q", "department_id", "year"]


class ResultCategoryFilterSet(BaseFilterSet):
    search_fields = ("code", "name")

    class Meta:
        model = ResultCategory
        fields = ["q", "is_problem", "is_active"]


class InspectionTaskFilterSet(BaseFilterSet):
    search_fields = ("number", "name")
    lead_department_id = _department_filter("lead_department", _("lead department"))
    plan_id = django_filters.NumberFilter(field_name="plan_id", label=_("plan"))
    since = django_filters.DateFilter(
        field_name="start_date", lookup_expr="gte", label=_("starting from"), widget=DATE_INPUT
    )

    class Meta:
        model = InspectionTask
        fields = ["q", "lead_department_id", "plan_id", "status", "is_directed", "since"]


class DrawFilterSet(BaseFilterSet):
    search_fields = ("task__number", "task__name", "commitment")
    task_id = django_filters.NumberFilter(field_name="task_id", label=_("inspection task"))

    class Meta:
        model = Draw
        fields = ["q", "task_id", "status"]


class InspectionResultFilterSet(BaseFilterSet):
    search_fields = ("entity__name", "entity__uscc", "task__number", "task__name")
    pinyin_field = "entity__search_key"
    task_id = django_filters.NumberFilter(field_name="task_id", label=_("inspection task"))
    entity_id = django_filters.NumberFilter(field_name="entity_id", label=_("market entity"))
    department_id = _department_filter()
    county_id = django_filters.ModelChoiceFilter(
        field_name="entity__county", queryset=Division.objects.counties(), label=_("county")
    )
    category_id = django_filters.ModelChoiceFilter(
        field_name="category", queryset=ResultCategory.objects.all(), label=_("result")
    )
    since = django_filters.DateFilter(
        field_name="inspected_on", lookup_expr="gte", label=_("from"), widget=DATE_INPUT
    )
    until = django_filters.DateFilter(
        field_name="inspected_on", lookup_expr="lte", label=_("to"), widget=DATE_INPUT
    )

    class Meta:
        model = InspectionResult
        fields = [
            "q",
            "task_id",
            "entity_id",
            "department_id",
            "county_id",
            "category_id",
            "status",
            "since",
            "until",
        ]

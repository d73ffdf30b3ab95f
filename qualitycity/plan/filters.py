"""One filter definition per plan model: list pages, exports and the API share the names."""

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from qualitycity.core.filters import BaseFilterSet
from qualitycity.core.models import Department
from qualitycity.plan.models import GoalGroup, Indicator, Measure, Plan, PlanSection, ProgressReport


class PlanFilterSet(BaseFilterSet):
    search_fields = ("title", "document_number", "issuer")

    class Meta:
        model = Plan
        fields = ["q", "report_frequency", "is_default"]


class GoalGroupFilterSet(BaseFilterSet):
    search_fields = ("title", "text")
    plan_id = django_filters.NumberFilter(field_name="plan_id", label=_("plan"))

    class Meta:
        model = GoalGroup
        fields = ["q", "plan_id"]


class MeasureFilterSet(BaseFilterSet):
    search_fields = ("title", "text", "chapter", "responsible_text")
    plan_id = django_filters.NumberFilter(field_name="plan_id", label=_("plan"))
    department_id = django_filters.ModelChoiceFilter(
        queryset=Department.objects.all(), method="filter_department", label=_("responsible department")
    )

    class Meta:
        model = Measure
        fields = ["q", "plan_id", "department_id"]

    def filter_department(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        if not value:
            return queryset
        return queryset.filter(Q(lead_department=value) | Q(co_departments=value)).distinct()


class PlanSectionFilterSet(BaseFilterSet):
    search_fields = ("title", "text")
    plan_id = django_filters.NumberFilter(field_name="plan_id", label=_("plan"))

    class Meta:
        model = PlanSection
        fields = ["q", "plan_id"]


class IndicatorFilterSet(BaseFilterSet):
    search_fields = ("name", "code", "source_text")
    plan_id = django_filters.NumberFilter(field_name="plan_id", label=_("plan"))
    responsible_department_id = django_filters.ModelChoiceFilter(
        field_name="responsible_department",
        queryset=Department.objects.all(),
        label=_("responsible department"),
    )

    class Meta:
        model = Indicator
        fields = ["q", "plan_id", "kind", "direction", "responsible_department_id", "target_year"]


class ProgressReportFilterSet(BaseFilterSet):
    search_fields = ("work_done", "figures", "measure__title", "department__name")
    plan_id = django_filters.NumberFilter(field_name="plan_id", label=_("plan"))
    measure_id = django_filters.NumberFilter(field_name="measure_id", label=_("measure"))
    department_id = django_filters.ModelChoiceFilter(
        field_name="department", queryset=Department.objects.all(), label=_("department")
    )

    class Meta:
        model = ProgressReport
        fields = ["q", "plan_id", "measure_id", "department_id", "period", "status"]

"""One filter definition per spot-check model: list pages, exports, drill-downs and the API share
the parameter names (`?programme=food&category_id=…&sampled_from=…`)."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qualitycity.core.filters import BaseFilterSet
from qualitycity.core.models import Department, Division
from qualitycity.registry.models import ProductCategory
from qualitycity.spotchecks.choices import SampleStatus
from qualitycity.spotchecks.models import (
    Disposal,
    Objection,
    Sample,
    SampleNotice,
    SpotCheckPlan,
    TestingInstitution,
    TestItem,
    TestReport,
)
from qualitycity.spotchecks.rates import descendant_ids

DATE_INPUT = forms.DateInput(attrs={"type": "date"})

CLOCKS = [
    ("delivery_overdue", _("Delivery to the lab overdue")),
    ("report_overdue", _("Lab report overdue")),
]


def _county_filter(field_name: str = "county") -> django_filters.Filter:
    return django_filters.ModelChoiceFilter(
        field_name=field_name, queryset=Division.objects.counties(), label=_("county")
    )


class CategoryTreeFilter(django_filters.ModelChoiceFilter):
    """A category and everything below it."""

    def filter(self, qs: QuerySet, value: Any) -> QuerySet:
        if not value:
            return qs
        return qs.filter(**{f"{self.field_name}__in": descendant_ids(value.pk)})


class TestItemFilterSet(BaseFilterSet):
    __test__ = False
    search_fields = ("name", "method", "category__name")
    category_id = CategoryTreeFilter(
        field_name="category_id", queryset=ProductCategory.objects.all(), label=_("product category")
    )

    class Meta:
        model = TestItem
        fields = ["q", "category_id", "limit_kind", "is_active"]


class TestingInstitutionFilterSet(BaseFilterSet):
    __test__ = False
    search_fields = ("name", "short_name", "cma_number", "uscc")
    cma_expired = django_filters.BooleanFilter(method="filter_cma_expired", label=_("CMA expired"))

    class Meta:
        model = TestingInstitution
        fields = ["q", "is_active", "cma_expired"]

    def filter_cma_expired(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        if value is None:
            return queryset
        today = timezone.localdate()
        return (
            queryset.filter(cma_valid_until__lt=today)
            if value
            else queryset.filter(cma_valid_until__gte=today)
        )


class SpotCheckPlanFilterSet(BaseFilterSet):
    search_fields = ("number", "name")
    organiser_id = django_filters.ModelChoiceFilter(
        field_name="organiser", queryset=Department.objects.all(), label=_("organising department")
    )

    class Meta:
        model = SpotCheckPlan
        fields = ["q", "programme", "purpose", "level", "year", "organiser_id", "is_targeted"]


class SampleFilterSet(BaseFilterSet):
    search_fields = (
        "number",
        "product_name",
        "brand",
        "batch_number",
        "sampled_unit__name",
        "producer__name",
        "labelled_producer",
    )
    pinyin_field = "sampled_unit__search_key"
    plan_id = django_filters.NumberFilter(field_name="plan_id", label=_("plan"))
    county_id = _county_filter()
    category_id = CategoryTreeFilter(
        field_name="category_id", queryset=ProductCategory.objects.all(), label=_("product category")
    )
    institution_id = django_filters.ModelChoiceFilter(
        field_name="institution", queryset=TestingInstitution.objects.all(), label=_("testing institution")
    )
    producer = django_filters.CharFilter(field_name="producer__uscc", label=_("producer (USCC)"))
    sampled_unit = django_filters.CharFilter(field_name="sampled_unit__uscc", label=_("sampled unit (USCC)"))
    sampled_from = django_filters.DateFilter(
        field_name="sampled_on", lookup_expr="gte", label=_("sampled from"), widget=DATE_INPUT
    )
    sampled_to = django_filters.DateFilter(
        field_name="sampled_on", lookup_expr="lte", label=_("sampled to"), widget=DATE_INPUT
    )
    clock = django_filters.ChoiceFilter(choices=CLOCKS, method="filter_clock", label=_("deadline"))
    is_published = django_filters.BooleanFilter(
        field_name="published_at", lookup_expr="isnull", exclude=True, label=_("published")
    )

    class Meta:
        model = Sample
        fields = [
            "q",
            "programme",
            "purpose",
            "level",
            "category_group",
            "plan_id",
            "county_id",
            "category_id",
            "link_type",
            "status",
            "conclusion",
            "institution_id",
            "producer",
            "sampled_unit",
            "sampled_from",
            "sampled_to",
            "clock",
            "is_published",
        ]

    def filter_clock(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        today = timezone.localdate()
        if value == "delivery_overdue":
            return queryset.filter(status=SampleStatus.SAMPLED, delivery_due__lt=today)
        if value == "report_overdue":
            return queryset.filter(status=SampleStatus.DELIVERED, report_due__lt=today)
        return queryset


class TestReportFilterSet(BaseFilterSet):
    __test__ = False
    search_fields = ("number", "sample__number", "sample__product_name")
    institution_id = django_filters.ModelChoiceFilter(
        field_name="institution", queryset=TestingInstitution.objects.all(), label=_("testing institution")
    )
    sample_id = django_filters.NumberFilter(field_name="sample_id", label=_("sample"))

    class Meta:
        model = TestReport
        fields = ["q", "institution_id", "sample_id", "is_retest", "conclusion"]


class SampleNoticeFilterSet(BaseFilterSet):
    search_fields = ("sample__number", "entity__name", "entity__uscc")
    received = django_filters.BooleanFilter(
        field_name="received_on", lookup_expr="isnull", exclude=True, label=_("received")
    )

    class Meta:
        model = SampleNotice
        fields = ["q", "party", "received", "method"]


class ObjectionFilterSet(BaseFilterSet):
    search_fields = ("sample__number", "sample__product_name", "notice__entity__name", "reason")

    class Meta:
        model = Objection
        fields = ["q", "status", "outcome"]


class DisposalFilterSet(BaseFilterSet):
    search_fields = ("number", "sample__number", "entity__name", "entity__uscc", "sample__product_name")
    pinyin_field = "entity__search_key"
    county_id = _county_filter()
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("overdue"))

    class Meta:
        model = Disposal
        fields = ["q", "status", "county_id", "overdue"]

    def filter_overdue(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        if value is None:
            return queryset
        condition = Q(status="open", due_on__lt=timezone.localdate())
        return queryset.filter(condition) if value else queryset.exclude(condition)


__all__ = [
    "DisposalFilterSet",
    "ObjectionFilterSet",
    "SampleFilterSet",
    "SampleNoticeFilterSet",
    "SpotCheckPlanFilterSet",
    "TestItemFilterSet",
    "TestReportFilterSet",
    "TestingInstitutionFilterSet",
]

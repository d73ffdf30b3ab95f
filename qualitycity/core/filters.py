"""Filter machinery shared by list pages, exports and the API."""

from __future__ import annotations

from typing import Any, ClassVar

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from qualitycity.core.models import AuditRecord, CalendarDay, Department, Division, Industry, Rule, User


def search_condition(value: str, fields: tuple[str, ...], pinyin_field: str | None) -> Q:
    """Characters match any search field; Latin letters also match the pinyin search key
    (initials and full pinyin: "jcs" and "jincheng" both find 晋城市)."""
    value = value.strip()
    condition = Q()
    for field in fields:
        condition |= Q(**{f"{field}__icontains": value})
    if pinyin_field and value.isascii() and value.replace(" ", "").isalnum():
        condition |= Q(**{f"{pinyin_field}__contains": value.lower().replace(" ", "")})
    return condition


class BaseFilterSet(django_filters.FilterSet):
    """Adds `q`, the search box, over the model's `search_fields` and pinyin key."""

    q = django_filters.CharFilter(method="filter_q", label=_("Search"))

    search_fields: ClassVar[tuple[str, ...]] = ()
    pinyin_field: ClassVar[str | None] = None

    def filter_q(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        if not value:
            return queryset
        return queryset.filter(search_condition(value, self.search_fields, self.pinyin_field))


class DivisionFilterSet(BaseFilterSet):
    search_fields = ("name", "code")
    pinyin_field = "search_key"

    class Meta:
        model = Division
        fields = ["level", "parent_id"]

    parent_id = django_filters.NumberFilter(field_name="parent_id", label=_("parent division"))


class IndustryFilterSet(BaseFilterSet):
    search_fields = ("name", "code")

    class Meta:
        model = Industry
        fields = ["level", "section"]


class DepartmentFilterSet(BaseFilterSet):
    search_fields = ("name", "short_name", "code")

    class Meta:
        model = Department
        fields = ["kind", "division_id"]

    division_id = django_filters.NumberFilter(field_name="division_id", label=_("division"))


class CalendarDayFilterSet(BaseFilterSet):
    search_fields = ("name",)
    year = django_filters.NumberFilter(field_name="date__year", label=_("year"))

    class Meta:
        model = CalendarDay
        fields = ["is_workday"]


class RuleFilterSet(BaseFilterSet):
    search_fields = ("key", "name", "legal_source")

    class Meta:
        model = Rule
        fields = ["unit", "is_confirmed"]


class UserFilterSet(BaseFilterSet):
    search_fields = ("username", "first_name", "last_name")
    department_id = django_filters.NumberFilter(field_name="department_id", label=_("department"))
    division_id = django_filters.NumberFilter(field_name="division_id", label=_("division"))

    class Meta:
        model = User
        fields = ["role", "is_active"]


class AuditRecordFilterSet(BaseFilterSet):
    search_fields = ("object_repr", "message", "actor_username", "object_id")
    since = django_filters.DateFilter(field_name="timestamp__date", lookup_expr="gte", label=_("from"))
    until = django_filters.DateFilter(field_name="timestamp__date", lookup_expr="lte", label=_("to"))

    class Meta:
        model = AuditRecord
        fields = ["action", "object_type", "actor_username"]

"""One filter definition per registry model: list pages, exports and the API share its names."""

from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from qualitycity.core.filters import BaseFilterSet
from qualitycity.core.models import Division
from qualitycity.registry.choices import EntityTagKind, EntityType, RegistrationStatus
from qualitycity.registry.models import Entity, Product, ProductCategory, SpecialisedTown
from qualitycity.registry.search import search_entities

DATE_INPUT = forms.DateInput(attrs={"type": "date"})

#: `on_list` values → the list kind stored by the credit app (ListEntry.kind).
LIST_CHOICES = (
    ("abnormal_operations", _("On the abnormal operations list")),
    ("serious_violation", _("On the serious violation list")),
    ("abnormal_status", _("In abnormal operation status (individual business)")),
)


def city_prefix() -> str:
    """The division-code prefix of the city this deployment serves."""
    from django.conf import settings

    from qualitycity.core.models.org import division_prefix

    return division_prefix(settings.QCITY_CITY_CODE)


def filter_industry_code(queryset: QuerySet, value: str, path: str = "industry") -> QuerySet:
    """Any level of the GB/T 4754 tree: a section letter, or a 2/3/4-digit code prefix."""
    value = (value or "").strip().upper()
    if not value:
        return queryset
    if len(value) == 1 and value.isalpha():
        return queryset.filter(**{f"{path}__section": value})
    if value[0].isalpha():
        value = value[1:]
    return queryset.filter(**{f"{path}__code__startswith": value})


class EntityFilterSet(BaseFilterSet):
    search_fields = ("name", "uscc", "former_names")
    pinyin_field = "search_key"

    county_id = django_filters.ModelChoiceFilter(
        field_name="county", queryset=Division.objects.counties(), label=_("county")
    )
    township_id = django_filters.ModelChoiceFilter(
        field_name="township",
        queryset=Division.objects.filter(level="township", code__startswith=city_prefix()),
        label=_("township or street"),
    )
    industry = django_filters.CharFilter(method="filter_industry", label=_("industry code"))
    entity_type = django_filters.ChoiceFilter(choices=EntityType.choices, label=_("entity type"))
    registration_status = django_filters.ChoiceFilter(
        choices=RegistrationStatus.choices, label=_("registration status")
    )
    tag = django_filters.ChoiceFilter(choices=EntityTagKind.choices, method="filter_tag", label=_("tag"))
    specialised_town_id = django_filters.ModelChoiceFilter(
        field_name="specialised_town", queryset=SpecialisedTown.objects.all(), label=_("specialised town")
    )
    risk_class = django_filters.CharFilter(method="filter_risk_class", label=_("risk class"))
    on_list = django_filters.ChoiceFilter(choices=LIST_CHOICES, method="filter_on_list", label=_("list"))
    established_after = django_filters.DateFilter(
        field_name="date_established", lookup_expr="gte", label=_("established from"), widget=DATE_INPUT
    )
    established_before = django_filters.DateFilter(
        field_name="date_established", lookup_expr="lte", label=_("established until"), widget=DATE_INPUT
    )

    class Meta:
        model = Entity
        fields = [
            "q",
            "county_id",
            "township_id",
            "industry",
            "entity_type",
            "registration_status",
            "tag",
            "specialised_town_id",
            "risk_class",
            "on_list",
        ]

    def filter_q(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        """The trigram-indexed search (registry.search) rather than the generic LIKE scan."""
        return search_entities(queryset, value or "")

    def filter_industry(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return filter_industry_code(queryset, value)

    def filter_tag(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return (
            queryset.filter(pk__in=Entity.objects.filter(tags__tag=value).values("pk")) if value else queryset
        )

    def filter_risk_class(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """The current risk class kept by the credit app (reached through the reverse relation)."""
        value = (value or "").strip().upper()
        if not value:
            return queryset
        return queryset.filter(risk_assessments__is_current=True, risk_assessments__risk_class=value)

    def filter_on_list(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """Entities with an entry of that list still in force (the credit app's ListEntry)."""
        if not value:
            return queryset
        listed = Entity.objects.filter(list_entries__status="listed", list_entries__kind=value)
        return queryset.filter(pk__in=listed.values("pk"))


class SpecialisedTownFilterSet(BaseFilterSet):
    search_fields = ("name", "code", "industry_focus")

    county_id = django_filters.ModelChoiceFilter(
        field_name="county", queryset=Division.objects.counties(), label=_("county")
    )

    class Meta:
        model = SpecialisedTown
        fields = ["q", "county_id"]


class ProductCategoryFilterSet(BaseFilterSet):
    search_fields = ("name", "code")

    parent_id = django_filters.ModelChoiceFilter(
        field_name="parent", queryset=ProductCategory.objects.all(), label=_("parent category")
    )

    class Meta:
        model = ProductCategory
        fields = ["q", "parent_id", "group", "is_food"]


class ProductFilterSet(BaseFilterSet):
    search_fields = ("name", "brand", "standard", "entity__name", "entity__uscc")

    category_id = django_filters.ModelChoiceFilter(
        field_name="category", queryset=ProductCategory.objects.all(), label=_("product category")
    )
    county_id = django_filters.ModelChoiceFilter(
        field_name="entity__county", queryset=Division.objects.counties(), label=_("county")
    )
    entity = django_filters.CharFilter(field_name="entity__uscc", label=_("unified social credit code"))

    class Meta:
        model = Product
        fields = ["q", "category_id", "county_id", "entity"]

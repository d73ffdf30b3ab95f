"""One filter definition for entities: list pages, exports and the API share its names."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from qualitycity.core.filters import BaseFilterSet
from qualitycity.core.models import Division
from qualitycity.registry.choices import EntityType, RegistrationStatus
from qualitycity.registry.models import Entity

DATE_INPUT = forms.DateInput(attrs={"type": "date"})


def city_prefix() -> str:
    """The division-code prefix of the city this deployment serves."""
    from django.conf import settings

    from qualitycity.core.models.org import division_prefix

    return division_prefix(settings.QCITY_CITY_CODE)


class EntityFilterSet(BaseFilterSet):
    search_fields = ("name", "uscc")
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
    established_after = django_filters.DateFilter(
        field_name="date_established", lookup_expr="gte", label=_("established from"), widget=DATE_INPUT
    )
    established_before = django_filters.DateFilter(
        field_name="date_established", lookup_expr="lte", label=_("established until"), widget=DATE_INPUT
    )

    class Meta:
        model = Entity
        fields = ["q", "county_id", "township_id", "industry", "entity_type", "registration_status"]

    def filter_industry(self, queryset, name, value):
        """Any level of the tree: a section letter, or a 2/3/4-digit code prefix."""
        value = (value or "").strip().upper()
        if not value:
            return queryset
        if len(value) == 1 and value.isalpha():
            return queryset.filter(industry__section=value)
        if value[0].isalpha():
            value = value[1:]
        return queryset.filter(industry__code__startswith=value)

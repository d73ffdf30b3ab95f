"""One filter definition per credit model: list pages, exports and the API share the names."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from qualitycity.core.filters import BaseFilterSet
from qualitycity.core.models import Division
from qualitycity.credit.models import (
    AnnualReport,
    CreditEvent,
    CreditRepair,
    JointPunishmentRule,
    ListEntry,
    RiskIndicator,
    RiskModel,
)

DATE_INPUT = forms.DateInput(attrs={"type": "date"})
ENTITY_SEARCH = ("entity__name", "entity__uscc")


class EntityScopedFilterSet(BaseFilterSet):
    search_fields = ENTITY_SEARCH
    pinyin_field = "entity__search_key"
    county_id = django_filters.ModelChoiceFilter(
        field_name="entity__county", queryset=Division.objects.counties(), label=_("county")
    )
    entity_id = django_filters.NumberFilter(field_name="entity_id", label=_("market entity"))


class CreditEventFilterSet(EntityScopedFilterSet):
    since = django_filters.DateFilter(
        field_name="occurred_on", lookup_expr="gte", label=_("from"), widget=DATE_INPUT
    )
    until = django_filters.DateFilter(
        field_name="occurred_on", lookup_expr="lte", label=_("to"), widget=DATE_INPUT
    )

    class Meta:
        model = CreditEvent
        fields = ["q", "county_id", "kind", "severity", "is_public"]


class ListEntryFilterSet(EntityScopedFilterSet):
    listed_after = django_filters.DateFilter(
        field_name="listed_on", lookup_expr="gte", label=_("listed from"), widget=DATE_INPUT
    )

    class Meta:
        model = ListEntry
        fields = ["q", "county_id", "kind", "ground", "status"]


class AnnualReportFilterSet(EntityScopedFilterSet):
    class Meta:
        model = AnnualReport
        fields = ["q", "county_id", "year", "status"]


class CreditRepairFilterSet(EntityScopedFilterSet):
    class Meta:
        model = CreditRepair
        fields = ["q", "county_id", "kind", "status"]


class RiskModelFilterSet(BaseFilterSet):
    search_fields = ("name",)

    class Meta:
        model = RiskModel
        fields = ["is_active"]


class RiskIndicatorFilterSet(BaseFilterSet):
    search_fields = ("name", "rule", "group")
    model_id = django_filters.NumberFilter(field_name="model_id", label=_("risk model"))

    class Meta:
        model = RiskIndicator
        fields = ["group", "is_active"]


class JointPunishmentRuleFilterSet(BaseFilterSet):
    search_fields = ("name", "legal_basis")

    class Meta:
        model = JointPunishmentRule
        fields = ["condition", "is_active"]

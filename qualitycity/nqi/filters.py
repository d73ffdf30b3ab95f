"""One filter definition per quality-infrastructure model."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qualitycity.core.filters import BaseFilterSet
from qualitycity.nqi.choices import StandardStatus
from qualitycity.nqi.models import Standard


class StandardFilterSet(BaseFilterSet):
    search_fields = ("number", "series", "title")
    status = django_filters.ChoiceFilter(
        choices=StandardStatus.choices, method="filter_status", label=_("status today")
    )

    class Meta:
        model = Standard
        fields = ["q", "kind", "is_mandatory", "is_confirmed", "status"]

    def filter_status(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        """The status as `Standard.status_on(today)` derives it, as a query."""
        today = timezone.localdate()
        abolished = Q(abolished_on__isnull=False, abolished_on__lte=today)
        superseded = Q(replaced_by__implemented_on__lte=today)
        if value == StandardStatus.ABOLISHED:
            return queryset.filter(abolished)
        if value == StandardStatus.SUPERSEDED:
            return queryset.exclude(abolished).filter(superseded).distinct()
        live = queryset.exclude(abolished).exclude(pk__in=Standard.objects.filter(superseded).values("pk"))
        if value == StandardStatus.NOT_YET_IN_FORCE:
            return live.filter(implemented_on__gt=today)
        if value == StandardStatus.IN_FORCE:
            return live.filter(Q(implemented_on__isnull=True) | Q(implemented_on__lte=today))
        return queryset

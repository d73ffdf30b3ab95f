"""The registry of computed sources: where a computed indicator takes its value from.

A source is a key ("complaints.on_time_rate", "registry.tag:<tag code>", …) with a label, the
definition stated on the indicator page, and a function `(on, user) -> SourceValue | None`. A
source whose module is not on the platform yet is registered without a function: its
indicators show "no data source yet", never a made-up number.

The figures are the plan's, city-wide (the plan is a public document); `user` is passed so a
source may bound what it reads, and the drill link opens the module's own page, where the
viewer's data scope applies."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

__all__ = [
    "Source",
    "SourceValue",
    "all_sources",
    "compute",
    "get",
    "is_available",
    "register",
]


@dataclass(frozen=True)
class SourceValue:
    """A computed figure, the date it holds for, and the page listing the records behind it."""

    value: Decimal
    as_of: dt.date
    drill_url: str


Compute = Callable[[dt.date, Any], SourceValue | None]
#: A parametrised source's function also takes the part of the key after ":".
ParamCompute = Callable[[dt.date, Any, str], SourceValue | None]


@dataclass(frozen=True)
class Source:
    """A registered source; `function` is None while its module is absent."""

    key: str
    label: str | Promise
    definition: str | Promise
    function: Compute | None = None

    @property
    def available(self) -> bool:
        return self.function is not None

    def compute(self, on: dt.date, user: Any = None) -> SourceValue | None:
        return None if self.function is None else self.function(on, user)


@dataclass(frozen=True)
class _Entry:
    label: str | Promise
    definition: str | Promise
    function: Compute | ParamCompute | None
    parametrised: bool


_registry: dict[str, _Entry] = {}


def register(
    key: str,
    label: str | Promise,
    definition: str | Promise,
    function: Compute | ParamCompute | None = None,
    *,
    parametrised: bool = False,
) -> None:
    """Register a source. `parametrised` sources are looked up as "<key>:<parameter>" and their
    function receives the parameter as a third argument. No function: the module is absent."""
    _registry[key] = _Entry(label, definition, function, parametrised)


def get(key: str) -> Source | None:
    """The source of `key` (None for an unknown key)."""
    base, _sep, param = (key or "").partition(":")
    entry = _registry.get(base)
    if entry is None or entry.parametrised != bool(param):
        return None
    function: Compute | None
    if entry.function is None:
        function = None
    elif entry.parametrised:
        param_fn: ParamCompute = entry.function  # type: ignore[assignment]

        def function(on: dt.date, user: Any, _fn: ParamCompute = param_fn) -> SourceValue | None:
            return _fn(on, user, param)
    else:
        function = entry.function  # type: ignore[assignment]
    label: str | Promise = entry.label
    definition: str | Promise = entry.definition
    if entry.parametrised:
        label = f"{entry.label} · {param}"
        definition = str(entry.definition).format(param=param)
    return Source(key=key, label=label, definition=definition, function=function)


def is_available(key: str) -> bool:
    source = get(key)
    return source is not None and source.available


def compute(key: str, on: dt.date | None = None, user: Any = None) -> SourceValue | None:
    """The figure of source `key` on `on` (default today); None when unknown, absent or empty."""
    from django.utils import timezone

    source = get(key)
    if source is None:
        return None
    return source.compute(on or timezone.localdate(), user)


def all_sources() -> dict[str, _Entry]:
    """Registered keys (parametrised ones without their parameter) → entry."""
    return dict(_registry)


# ---------------------------------------------------------------- the sources


def _complaints_on_time_rate(on: dt.date, user: Any) -> SourceValue | None:
    """消费投诉按时办结率 for the year of `on`, from 1 January to `on`."""
    from qualitycity.complaints import indicators

    start = dt.date(on.year, 1, 1)
    figures = indicators.on_time_rate(start=start, end=on, today=on)
    if figures["rate"] is None:
        return None
    url = reverse("complaints:complaintcase_indicators")
    query = urlencode({"start": start.isoformat(), "end": on.isoformat()})
    return SourceValue(value=Decimal(str(figures["rate"])), as_of=on, drill_url=f"{url}?{query}")


def _registry_tag(on: dt.date, user: Any, tag: str) -> SourceValue | None:
    """Active entities carrying `tag` (since on or before `on`, or with no date)."""
    from django.db.models import Q

    from qualitycity.registry.models import Entity

    count = (
        Entity.objects.active()
        .filter(Q(tags__tag=tag) & (Q(tags__since__isnull=True) | Q(tags__since__lte=on)))
        .distinct()
        .count()
    )
    url = reverse("registry:entity_list")
    return SourceValue(value=Decimal(count), as_of=on, drill_url=f"{url}?{urlencode({'tag': tag})}")


def _specialised_towns(on: dt.date, user: Any) -> SourceValue | None:
    from qualitycity.registry.models import SpecialisedTown

    count = SpecialisedTown.objects.count()
    return SourceValue(value=Decimal(count), as_of=on, drill_url=reverse("registry:specialisedtown_list"))


register(
    "complaints.on_time_rate",
    _("Consumer complaints handled on time (%)"),
    _(
        "On-time rate = cases handled within all their statutory limits ÷ cases due from 1 January "
        "of the year to the date, in percent (the complaints module's 消费投诉按时办结率)."
    ),
    _complaints_on_time_rate,
)
register(
    "registry.tag",
    _("Market entities with a tag"),
    _(
        "Number of market entities registered as existing or operating that carry the tag "
        "“{param}” in the entity register (tag date, if any, on or before the date)."
    ),
    _registry_tag,
    parametrised=True,
)
register(
    "registry.specialised_towns",
    _("Specialised towns"),
    _("Number of specialised towns (专业镇) kept in the register."),
    _specialised_towns,
)


def _spotcheck_rate(key: str) -> Compute:
    """The plan's pass-rate indicator `key` of the spot-check module, for the year of `on`."""

    def compute_rate(on: dt.date, user: Any) -> SourceValue | None:
        from qualitycity.spotchecks import rates

        start = dt.date(on.year, 1, 1)
        rate = rates.indicator_rate(key, start, on)
        if rate.percent is None:
            return None
        f = rates.RateFilter(indicator=key, start=start, end=on)
        return SourceValue(value=rate.percent, as_of=on, drill_url=rates.drill_url(f))

    return compute_rate


register(
    "spotchecks.manufacturing_pass_rate",
    _("Manufactured products: spot-check pass rate (%)"),
    _(
        "Qualified batches ÷ batches with a conclusion (a re-test's replacing the first), in product-quality supervision spot checks of industrial products (all levels), from 1 January of the year to the date."
    ),
    _spotcheck_rate("manufacturing"),
)
register(
    "spotchecks.food_pass_rate",
    _("Food: spot-check pass rate (%)"),
    _(
        "Qualified batches ÷ batches with a conclusion (a re-test's replacing the first), in food-safety supervision sampling of all food categories (edible farm produce included; risk monitoring excluded), from 1 January of the year to the date."
    ),
    _spotcheck_rate("food"),
)
register(
    "spotchecks.farm_pass_rate",
    _("Farm produce: spot-check pass rate (%)"),
    _(
        "Qualified batches ÷ batches with a conclusion (a re-test's replacing the first), in food sampling of edible farm produce (chapters 33–39), supervision sampling and risk monitoring, from 1 January of the year to the date."
    ),
    _spotcheck_rate("farm"),
)

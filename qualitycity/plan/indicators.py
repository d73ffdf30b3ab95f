"""An indicator's current value and status (已达标, 进度正常, 预警, 未达标, 无数据), with the rule
that decided it in words.

- A computed indicator takes its value from its registered source (`plan.sources`); a source
  whose module is absent gives "no data source yet", never a number.
- A reported indicator takes the latest value the bureau accepted (`IndicatorValue`,
  `is_accepted=True`) dated on or before the day asked about.
- Switching an indicator's kind keeps its values: the history shows both.

The status rule: the effective target is the target value, for "reduce by" the baseline minus
it and for "increase by" the baseline (or 0) plus it. The value meets it → attained. Otherwise,
until the end of the target year, the value is compared with the straight line from the
baseline (or 0) on 1 January of the plan's first year to the effective target on 31 December of
the target year, at the value's date: on the line or better → on track, else warning. After the
target year an unmet target → not attained. No value → no data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qualitycity.core import audit
from qualitycity.plan import sources
from qualitycity.plan.choices import Direction, IndicatorKind, IndicatorStatus
from qualitycity.plan.models import Indicator, IndicatorValue

__all__ = ["Current", "current", "effective_target", "expected_on", "history", "switch_kind"]

#: Directions where a higher value is better.
UPWARD = {Direction.AT_LEAST, Direction.INCREASE_BY}


@dataclass
class Current:
    """An indicator's figure on a day and its status, with the rule in words."""

    value: Decimal | None
    as_of: dt.date | None
    kind: str
    status: str
    rule_text: str
    drill_url: str
    note: str
    definition: str = ""
    target: Decimal | None = None
    expected: Decimal | None = None

    @property
    def status_label(self) -> str:
        return str(IndicatorStatus(self.status).label)


def _fmt(value: Decimal | None) -> str:
    if value is None:
        return "—"
    return format(value.normalize(), "f")


def effective_target(indicator: Indicator) -> Decimal | None:
    """The value to reach: the target, or the baseline moved by it (reduce by / increase by)."""
    target = indicator.target_value
    if target is None:
        return None
    baseline = indicator.baseline_value or Decimal(0)
    if indicator.direction == Direction.REDUCE_BY:
        return baseline - target
    if indicator.direction == Direction.INCREASE_BY:
        return baseline + target
    return target


def _upward(indicator: Indicator, target: Decimal) -> bool:
    if indicator.direction in UPWARD:
        return True
    if indicator.direction == Direction.EQUAL:
        return target >= (indicator.baseline_value or Decimal(0))
    return False


def _meets(indicator: Indicator, value: Decimal, target: Decimal) -> bool:
    if indicator.direction in UPWARD:
        return value >= target
    if indicator.direction == Direction.EQUAL:
        return value == target
    return value <= target


def expected_on(indicator: Indicator, on: dt.date) -> Decimal | None:
    """The straight-line path's value on `on` (None without a numeric target)."""
    target = effective_target(indicator)
    if target is None:
        return None
    start = dt.date(indicator.plan.start_year, 1, 1)
    end = dt.date(indicator.target_year, 12, 31)
    base = indicator.baseline_value or Decimal(0)
    if on <= start or end <= start:
        return base if end > start else target
    share = min(Decimal(1), Decimal((on - start).days) / Decimal((end - start).days))
    return (base + (target - base) * share).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)


def rule_text(indicator: Indicator, on: dt.date | None = None) -> str:
    """The status rule of this indicator in words."""
    target = effective_target(indicator)
    if target is None:
        return _(
            "The target is set in words ({text}); the platform cannot judge it: the status is "
            "“No data” until a numeric target is entered."
        ).format(text=indicator.target_text or "—")
    unit = indicator.unit
    sign = {
        Direction.AT_LEAST: "≥",
        Direction.INCREASE_BY: "≥",
        Direction.AT_MOST: "≤",
        Direction.REDUCE_BY: "≤",
        Direction.EQUAL: "=",
    }[Direction(indicator.direction)]
    parts = [
        _("Target {sign} {target} {unit} by the end of {year}.").format(
            sign=sign, target=_fmt(target), unit=unit, year=indicator.target_year
        )
    ]
    if indicator.direction in (Direction.REDUCE_BY, Direction.INCREASE_BY):
        parts.append(
            _("(Baseline {baseline} {change} {by}.)").format(
                baseline=_fmt(indicator.baseline_value or Decimal(0)),
                change=_("minus") if indicator.direction == Direction.REDUCE_BY else _("plus"),
                by=_fmt(indicator.target_value),
            )
        )
    parts.append(_("Attained: the value meets the target."))
    parts.append(
        _(
            "Until the end of {year}: on track when the value is on or better than the straight "
            "line from {base} (1 January {start}) to {target} (31 December {year}) at the value's "
            "date, otherwise warning."
        ).format(
            year=indicator.target_year,
            base=_fmt(indicator.baseline_value or Decimal(0)),
            start=indicator.plan.start_year,
            target=_fmt(target),
        )
    )
    parts.append(
        _("After {year}, an unmet target: not attained. No value: no data.").format(
            year=indicator.target_year
        )
    )
    return " ".join(parts)


def status_of(indicator: Indicator, value: Decimal | None, as_of: dt.date | None, on: dt.date) -> str:
    target = effective_target(indicator)
    if value is None or as_of is None or target is None:
        return IndicatorStatus.NO_DATA
    if _meets(indicator, value, target):
        return IndicatorStatus.ATTAINED
    if on > dt.date(indicator.target_year, 12, 31):
        return IndicatorStatus.MISSED
    expected = expected_on(indicator, as_of)
    assert expected is not None
    upward = _upward(indicator, target)
    on_path = value >= expected if upward else value <= expected
    return IndicatorStatus.ON_TRACK if on_path else IndicatorStatus.WARNING


def latest_accepted(indicator: Indicator, on: dt.date) -> IndicatorValue | None:
    return (
        IndicatorValue.objects.filter(indicator=indicator, is_accepted=True, as_of__lte=on)
        .order_by("-as_of", "-pk")
        .first()
    )


def current(indicator: Indicator, on: dt.date | None = None, user: Any = None) -> Current:
    """The indicator's figure on `on` (default today), its status and the rule behind it."""
    on = on or timezone.localdate()
    rule = rule_text(indicator, on)
    if indicator.kind == IndicatorKind.COMPUTED:
        source = sources.get(indicator.source)
        if source is None or not source.available:
            return Current(
                None,
                None,
                indicator.kind,
                IndicatorStatus.NO_DATA,
                rule,
                "",
                _("No data source yet."),
                definition=str(source.definition) if source else "",
                target=effective_target(indicator),
            )
        figure = source.compute(on, user)
        if figure is None:
            return Current(
                None,
                None,
                indicator.kind,
                IndicatorStatus.NO_DATA,
                rule,
                "",
                _("The source has no figure for this period yet."),
                definition=str(source.definition),
                target=effective_target(indicator),
            )
        return Current(
            figure.value,
            figure.as_of,
            indicator.kind,
            status_of(indicator, figure.value, figure.as_of, on),
            rule,
            figure.drill_url,
            "",
            definition=str(source.definition),
            target=effective_target(indicator),
            expected=expected_on(indicator, figure.as_of),
        )
    found = latest_accepted(indicator, on)
    definition = indicator.source_text or _("Reported by {department}, checked by the bureau.").format(
        department=indicator.responsible_department
    )
    if found is None:
        return Current(
            None,
            None,
            indicator.kind,
            IndicatorStatus.NO_DATA,
            rule,
            "",
            _("No accepted report value yet."),
            definition=definition,
            target=effective_target(indicator),
        )
    drill = found.report.get_absolute_url() if found.report is not None else indicator.get_absolute_url()
    return Current(
        found.value,
        found.as_of,
        indicator.kind,
        status_of(indicator, found.value, found.as_of, on),
        rule,
        drill,
        found.note,
        definition=definition,
        target=effective_target(indicator),
        expected=expected_on(indicator, found.as_of),
    )


def history(indicator: Indicator) -> list[IndicatorValue]:
    """Every value of the indicator, newest first, whatever its kind was."""
    return list(indicator.values.select_related("report", "report__department").order_by("-as_of", "-pk"))


@transaction.atomic
def switch_kind(indicator: Indicator, *, actor: Any, kind: str, source: str = "") -> Indicator:
    """Turn a reported indicator into a computed one (a module now provides it) or back. The
    values stay; a computed indicator needs a registered source."""
    if kind not in IndicatorKind.values:
        raise ValidationError(_("Unknown kind {kind}.").format(kind=kind), code="bad_kind")
    if kind == IndicatorKind.COMPUTED and sources.get(source) is None:
        raise ValidationError(
            {"source": _("{source} is not a registered data source.").format(source=source or "—")},
            code="unknown_source",
        )
    before = audit.snapshot(indicator)
    indicator.kind = kind
    if source:
        indicator.source = source
    indicator.save(update_fields=["kind", "source", "updated_at"])
    audit.record_change(actor=actor, obj=indicator, before=before, message=f"kind → {kind}")
    return indicator

"""Indicator values and status: computed sources (present and absent), reported values (only
accepted ones), the straight-line path, and switching kind keeping the history."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.utils.html import escape
from django.utils.translation import gettext

from qualitycity.plan import indicators, sources
from qualitycity.plan.choices import IndicatorStatus
from qualitycity.plan.models import IndicatorValue
from qualitycity.plan.tests import factories as f
from qualitycity.registry.models import EntityTag, SpecialisedTown
from qualitycity.registry.tests.factories import entity

pytestmark = pytest.mark.django_db


def _straight_line(base: str = "0", start: int = 2023, target: str = "100", year: int = 2025) -> str:
    """The straight-line sentence of the status rule, in the active language."""
    return gettext(
        "Until the end of {year}: on track when the value is on or better than the straight "
        "line from {base} (1 January {start}) to {target} (31 December {year}) at the value's "
        "date, otherwise warning."
    ).format(year=year, base=base, start=start, target=target)


def _value(ind, value: str, as_of: str, accepted: bool = True) -> IndicatorValue:
    return IndicatorValue.objects.create(
        indicator=ind, value=Decimal(value), as_of=f.day(as_of), kind="reported", is_accepted=accepted
    )


def test_reported_uses_latest_accepted_value_only() -> None:
    ind = f.indicator(f.plan())
    assert indicators.current(ind, on=f.day("2024-06-30")).status == IndicatorStatus.NO_DATA
    _value(ind, "70", "2024-03-31")
    _value(ind, "99", "2024-06-30", accepted=False)
    now = indicators.current(ind, on=f.day("2024-07-10"))
    assert now.value == Decimal("70")
    assert now.as_of == f.day("2024-03-31")
    assert now.kind == "reported"


@pytest.mark.parametrize(
    ("value", "as_of", "on", "status"),
    [
        ("100", "2024-06-30", "2024-07-01", IndicatorStatus.ATTAINED),
        # path from 0 (2023-01-01) to 100 (2025-12-31): about 50 on 2024-06-30
        ("55", "2024-06-30", "2024-07-01", IndicatorStatus.ON_TRACK),
        ("40", "2024-06-30", "2024-07-01", IndicatorStatus.WARNING),
        ("90", "2025-12-31", "2026-01-10", IndicatorStatus.MISSED),
    ],
)
def test_status_rules(value: str, as_of: str, on: str, status: str) -> None:
    ind = f.indicator(f.plan())
    _value(ind, value, as_of)
    now = indicators.current(ind, on=f.day(on))
    assert now.status == status
    assert _straight_line() in now.rule_text


def test_at_most_and_reduce_by() -> None:
    p = f.plan()
    at_most = f.indicator(p, "lte", direction="lte", target_value=Decimal("5"), baseline_value=Decimal("10"))
    _value(at_most, "6", "2024-06-30")
    assert indicators.current(at_most, on=f.day("2024-07-01")).status == IndicatorStatus.ON_TRACK
    _value(at_most, "4", "2024-09-30")
    assert indicators.current(at_most, on=f.day("2024-10-01")).status == IndicatorStatus.ATTAINED
    reduce = f.indicator(
        p, "red", direction="reduce_by", target_value=Decimal("3"), baseline_value=Decimal("10")
    )
    assert indicators.effective_target(reduce) == Decimal("7")
    _value(reduce, "9.9", "2025-06-30")
    assert indicators.current(reduce, on=f.day("2025-07-01")).status == IndicatorStatus.WARNING
    increase = f.indicator(
        p, "inc", direction="increase_by", target_value=Decimal("5"), baseline_value=Decimal("20")
    )
    assert indicators.effective_target(increase) == Decimal("25")


def test_target_in_words_gives_no_data() -> None:
    ind = f.indicator(f.plan(), target_value=None, target_text="完成省下达任务")
    _value(ind, "3", "2024-06-30")
    now = indicators.current(ind, on=f.day("2024-07-01"))
    assert now.status == IndicatorStatus.NO_DATA
    assert "完成省下达任务" in now.rule_text


def test_absent_source_says_no_data_source_yet() -> None:
    ind = f.indicator(f.plan(), kind="computed", source="spotchecks.food_pass_rate", unit="%")
    now = indicators.current(ind, on=f.day("2024-07-01"))
    assert now.value is None
    assert now.status == IndicatorStatus.NO_DATA
    # the spot-check module is a source now; without batches it has no figure
    assert now.note == gettext("The source has no figure for this period yet.")
    assert sources.is_available("spotchecks.food_pass_rate")
    unknown = f.indicator(f.plan(title="other"), kind="computed", source="nothing.here")
    assert indicators.current(unknown).note == gettext("No data source yet.")


def test_registry_tag_source_counts_active_tagged_entities() -> None:
    tagged = [entity("140525") for _ in range(3)]
    for e in tagged:
        EntityTag.objects.create(entity=e, tag="specialised")
    tagged[2].registration_status = "cancelled"
    tagged[2].save()
    ind = f.indicator(f.plan(), kind="computed", source="registry.tag:specialised", target_value=Decimal("2"))
    now = indicators.current(ind, on=dt.date(2024, 7, 1))
    assert now.value == Decimal(2)
    assert now.status == IndicatorStatus.ATTAINED
    assert now.drill_url == "/registry/market-entities/?tag=specialised"
    assert "specialised" in now.definition


def test_specialised_towns_source() -> None:
    ind = f.indicator(f.plan(), kind="computed", source="registry.specialised_towns", unit="个")
    now = indicators.current(ind, on=dt.date(2024, 7, 1))
    assert now.value == Decimal(SpecialisedTown.objects.count())
    assert now.drill_url == "/registry/specialised-towns/"


def test_complaints_source_with_no_due_cases_has_no_figure() -> None:
    source = sources.get("complaints.on_time_rate")
    assert source is not None
    assert source.available
    ind = f.indicator(f.plan(), kind="computed", source="complaints.on_time_rate", unit="%")
    now = indicators.current(ind, on=dt.date(2024, 7, 1))
    assert now.status == IndicatorStatus.NO_DATA
    assert now.value is None


def test_complaints_source_drills_to_the_indicator_page(monkeypatch) -> None:
    from qualitycity.complaints import indicators as complaint_indicators

    monkeypatch.setattr(
        complaint_indicators,
        "on_time_rate",
        lambda **kw: {"due": 10, "on_time": 9, "rate": 90.0, "definition": ""},
    )
    figure = sources.compute("complaints.on_time_rate", dt.date(2024, 7, 1))
    assert figure is not None
    assert figure.value == Decimal("90.0")
    assert figure.drill_url == "/complaints/indicators/?start=2024-01-01&end=2024-07-01"


def test_switching_kind_keeps_history(cast) -> None:
    ind = f.indicator(f.plan())
    _value(ind, "30", "2024-03-31")
    indicators.switch_kind(ind, actor=cast("staff"), kind="computed", source="registry.specialised_towns")
    ind.refresh_from_db()
    assert ind.kind == "computed"
    assert [v.value for v in indicators.history(ind)] == [Decimal("30")]
    assert indicators.current(ind).kind == "computed"
    indicators.switch_kind(ind, actor=cast("staff"), kind="reported")
    assert indicators.current(ind, on=f.day("2024-04-01")).value == Decimal("30")
    not_registered = gettext("{source} is not a registered data source.").format(source="nope")
    with pytest.raises(Exception, match=re.escape(not_registered)):
        indicators.switch_kind(ind, actor=cast("staff"), kind="computed", source="nope")


def test_indicator_page_shows_value_status_rule_and_history(login) -> None:
    ind = f.indicator(f.plan(), kind="computed", source="spotchecks.farm_pass_rate", unit="%")
    page = login("reporter_gxj").get(f"/plan/indicators/{ind.pk}/").content.decode()
    assert escape(gettext("The source has no figure for this period yet.")) in page
    assert escape(_straight_line()) in page
    assert escape(gettext("Value history")) in page

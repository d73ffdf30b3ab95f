"""Plan indicators and the overview read the spot-check pass rates."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from qualitycity.plan import sources
from qualitycity.plan.models import Plan
from qualitycity.plan.overview import overview_data
from qualitycity.spotchecks.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def spotcheck_setup(cast):
    f.flour_items()
    plan = f.plan(labs=[f.lab()])
    return {"staff": cast("staff"), "plan": plan}


def test_plan_indicators_read_the_pass_rates(spotcheck_setup) -> None:
    s = f.sample(spotcheck_setup["plan"], spotcheck_setup["staff"])
    f.report(s, spotcheck_setup["staff"], f.FAILING)
    value = sources.compute("spotchecks.food_pass_rate", on=timezone.localdate())
    assert value is not None
    assert value.value == Decimal("0.00")
    assert "/spotchecks/samples/" in value.drill_url


def test_overview_shows_pass_rate_layer_and_failed_sample_alert(spotcheck_setup) -> None:
    s = f.sample(spotcheck_setup["plan"], spotcheck_setup["staff"])
    f.report(s, spotcheck_setup["staff"], f.FAILING)
    plan = Plan.objects.order_by("pk").first()
    data = overview_data(plan, spotcheck_setup["staff"], today=timezone.localdate())
    zezhou = next(c for c in data["map"]["counties"] if c["code"] == "140525")
    assert zezhou["pass_rate"]["value"] == 0.0
    assert zezhou["pass_rate"]["batches"] == 1
    assert "failed_samples" in {a["kind"] for a in data["alerts"]}

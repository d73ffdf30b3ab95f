"""A leader opens the city overview in a real browser: the indicator cards and the county map
are drawn, and the page's refresh (what the 60-second poll calls) updates a card without a
reload after the data changes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone

from qualitycity.core.testing.users import user
from qualitycity.core.tests.test_browser import CHROMIUM, browser, log_in, page, shot  # noqa: F401  (fixtures)
from qualitycity.plan.choices import IndicatorKind
from qualitycity.plan.models import IndicatorValue
from qualitycity.plan.tests.test_assessment import make_plan

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed"),
]


def test_a_leader_sees_cards_and_map_and_the_refresh_updates_a_card(page, transactional_db) -> None:  # noqa: F811
    user("leader")
    made = make_plan()
    plan, i1 = made["plan"], made["indicators"][0]
    log_in(page, "leader")
    page.goto(f"{page.base}/plan/overview/?plan={plan.pk}")
    card = page.locator('#ov-cards .ov-card[data-code="i1"] .value')
    assert card.inner_text().startswith("95")
    assert page.locator("#ov-cards .ov-card").count() == 3
    page.wait_for_selector("#overview-root[data-map-ready='1']")
    page.wait_for_selector("#ov-map svg path")
    page.click("button[data-layer='risk']")
    shot(page, "plan-overview")

    IndicatorValue.objects.create(
        indicator=i1,
        as_of=timezone.localdate() - dt.timedelta(days=1),
        value=Decimal("97.5"),
        kind=IndicatorKind.REPORTED,
        is_accepted=True,
    )
    page.evaluate("window.__marker = 'still the same page'")
    page.evaluate("window.qcityOverview.refresh(true)")
    page.wait_for_function(
        "document.querySelector('#ov-cards .ov-card[data-code=\"i1\"] .value').textContent.startsWith('97.5')"
    )
    assert page.evaluate("window.__marker") == "still the same page"  # no reload

    page.goto(f"{page.base}/plan/overview/?plan={plan.pk}&display=1")
    page.wait_for_selector("#overview-root[data-map-ready='1']")
    page.wait_for_selector("#ov-map svg path")
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(11, 21, 38)"
    shot(page, "plan-overview-display")

"""Spot checks and sampling: the operations other modules, the views and the API call.

- Sampling: `record_sample(SampleRecord, actor=)`, `receive_sample` (`spotchecks.sampling`).
- Lab reports: `enter_report(sample, actor=, institution=, number=, issued_on=, rows=[ResultRow])`
  — items judged against their limits, the conclusion derived, failures served and a disposal
  case opened (`spotchecks.testing`); reading a lab's xlsx: `spotchecks.results_import`.
- Objections and re-tests: `serve_notice`, `acknowledge_notice`, `submit_objection`,
  `decide_objection`, `withdraw_objection` (`spotchecks.objections`).
- Disposal: `add_step`, `allowed_steps`, `can_close`, `close_disposal` (`spotchecks.disposal`).
- Publication: `publish_due`, `publish_samples` (`spotchecks.publication`).
- Pass rates and the plan's indicators: `spotchecks.rates`, read through `pass_rate_counter`
  (monthly pre-aggregates while current, `spotchecks.tallies`); risk signals: `spotchecks.signals`.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from qualitycity.spotchecks.disposal import add_step, allowed_steps, can_close, close_disposal
from qualitycity.spotchecks.objections import (
    acknowledge_notice,
    decide_objection,
    draw_retest_lab,
    retest_candidates,
    serve_notice,
    submit_objection,
    withdraw_objection,
)
from qualitycity.spotchecks.publication import (
    due_for_publication,
    publish_due,
    publish_samples,
    under_objection,
)
from qualitycity.spotchecks.rates import INDICATORS, Rate, RateFilter, breakdown, indicator_rate, rate_of
from qualitycity.spotchecks.sampling import (
    Party,
    SampleRecord,
    check_record,
    clock_state,
    receive_sample,
    record_sample,
)
from qualitycity.spotchecks.signals import signals
from qualitycity.spotchecks.tallies import PassRateCounter
from qualitycity.spotchecks.testing import ReportError, ResultRow, applicable_items, enter_report


def pass_rate_counter(user: Any, samples: QuerySet, *, live: bool = False) -> PassRateCounter:
    """Pass rates over `samples` (the user's restricted samples), from the tallies when current."""
    return PassRateCounter.for_user(user, samples, allow_tallies=not live)


__all__ = [
    "INDICATORS",
    "Party",
    "Rate",
    "RateFilter",
    "ReportError",
    "ResultRow",
    "SampleRecord",
    "acknowledge_notice",
    "add_step",
    "allowed_steps",
    "applicable_items",
    "breakdown",
    "can_close",
    "check_record",
    "clock_state",
    "close_disposal",
    "decide_objection",
    "draw_retest_lab",
    "due_for_publication",
    "enter_report",
    "indicator_rate",
    "pass_rate_counter",
    "publish_due",
    "publish_samples",
    "rate_of",
    "receive_sample",
    "record_sample",
    "retest_candidates",
    "serve_notice",
    "signals",
    "submit_objection",
    "under_objection",
    "withdraw_objection",
]

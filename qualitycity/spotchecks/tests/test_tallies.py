"""The pre-aggregated pass rates: the same figures as the live count for any period and
filter, never read while a sample has changed since they were built, and rebuilt by the
task a stale read queues."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qualitycity.core.models import Division
from qualitycity.core.permissions import restrict_queryset
from qualitycity.spotchecks import rates, services, tallies
from qualitycity.spotchecks.choices import Conclusion
from qualitycity.spotchecks.models import PassRateTally, Sample
from qualitycity.spotchecks.tests import factories as f

DAY0 = dt.date(2024, 1, 1)
days = st.integers(min_value=0, max_value=900).map(lambda n: DAY0 + dt.timedelta(days=n))


@given(start=st.none() | days, end=st.none() | days, max_day=days)
def test_split_period_covers_every_day_once(start, end, max_day) -> None:
    """Whole months from the tallies plus the live ranges are exactly the period's days up to
    the last day counted, each once."""
    months, live = tallies.split_period(start, end, max_day)
    low = start or DAY0
    high = min(end, max_day) if end else max_day
    wanted = {low + dt.timedelta(days=i) for i in range((high - low).days + 1)}
    covered: list[dt.date] = []
    if months is not None:
        first = months[0] or DAY0
        assert first.day == 1
        assert months[1].day == 1
        day = first
        while day <= min(tallies._last(months[1]), max_day):
            covered.append(day)
            day += dt.timedelta(days=1)
    for lo, hi in live:
        lo = lo or DAY0
        covered.extend(lo + dt.timedelta(days=i) for i in range((hi - lo).days + 1))
    assert len(covered) == len(set(covered))
    assert set(covered) == wanted


def _commit() -> None:
    """As if the work so far committed: run and drop the callbacks waiting for the commit (the
    test's transaction never commits)."""
    pending = list(connection.run_on_commit)
    connection.run_on_commit.clear()
    for _sids, callback, _robust in pending:
        callback()


@pytest.fixture
def spread(db, cast):
    """Concluded samples over 2024–2026 in two counties, food and product, some failed, and
    a few still at the lab."""
    f.flour_items()
    staff = cast("staff")
    food = f.plan(labs=[f.lab()])
    product = f.plan(programme="product", codes=(f.CASTINGS,), labs=[f.lab(codes=(f.CASTINGS,))])
    seeds = [f.sample(food, staff), f.sample(product, staff)]
    counties = list(Division.objects.filter(code__in=("140525", "140581")))
    rng = random.Random(7)
    clones = []
    for i in range(400):
        s = Sample.objects.get(pk=seeds[i % 2].pk)
        s.pk = None
        s.number = f"T{i:06d}"
        s.sampled_on = DAY0 + dt.timedelta(days=rng.randrange(0, 1000))
        s.county = rng.choice(counties)
        s.purpose = rng.choice(("supervision", "supervision", "monitoring"))
        s.conclusion = rng.choice((Conclusion.QUALIFIED,) * 8 + (Conclusion.UNQUALIFIED, Conclusion.PENDING))
        clones.append(s)
    Sample.objects.bulk_create(clones)
    _commit()
    tallies.rebuild()
    return {"staff": staff, "counties": counties, "max_day": max(c.sampled_on for c in clones)}


def _filters(spread) -> st.SearchStrategy:
    county = st.sampled_from([None] + [c.pk for c in spread["counties"]])
    return st.builds(
        rates.RateFilter,
        programme=st.sampled_from(["", "food", "product"]),
        purpose=st.sampled_from(["", "supervision"]),
        county=county,
        start=st.none() | days,
        end=st.none() | days,
        indicator=st.sampled_from(["", *rates.INDICATORS]),
    )


@pytest.mark.django_db
def test_tallies_give_the_live_figures_for_any_period(spread) -> None:
    staff = spread["staff"]
    qs = Sample.objects.all()
    counter = services.pass_rate_counter(staff, qs)
    assert counter.usable
    assert counter.as_of is not None
    assert PassRateTally.objects.count() > 0

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(rf=_filters(spread), by=st.sampled_from(["county", "month", "programme", "level", "category"]))
    def check(rf, by) -> None:
        if rf.start and rf.end and rf.start > rf.end:
            rf = replace(rf, start=rf.end, end=rf.start)
        assert counter.rate(rf) == rates.rate_of(qs, rf)
        assert dict(counter.breakdown(rf, by)) == dict(rates.breakdown(qs, rf, by))

    check()
    assert not counter.live  # every question above was answered from the tallies


@pytest.mark.django_db
def test_a_changed_sample_makes_the_tallies_stale_until_rebuilt(
    spread, django_capture_on_commit_callbacks, run_worker, login
) -> None:
    assert tallies.is_current()
    page = login("staff").get("/spotchecks/pass-rates/").content.decode()
    assert 'id="counted"' in page
    assert "live=1" in page  # read from the tallies, with a link to count live
    sample = Sample.objects.exclude(conclusion=Conclusion.PENDING).order_by("pk").first()
    sample.conclusion = (
        Conclusion.UNQUALIFIED if sample.conclusion == Conclusion.QUALIFIED else Conclusion.QUALIFIED
    )
    with django_capture_on_commit_callbacks(execute=True):
        sample.save()
    assert not tallies.is_current()
    with django_capture_on_commit_callbacks(execute=True):
        counter = services.pass_rate_counter(spread["staff"], Sample.objects.all())
    assert counter.as_of is None
    whole = rates.RateFilter()
    assert counter.rate(whole) == rates.rate_of(Sample.objects.all(), whole)
    assert counter.live
    page = login("staff").get("/spotchecks/pass-rates/").content.decode()
    assert "live=1" not in page  # counted now, and said so
    # The stale read queued one rebuild; the worker runs it and the tallies are current again.
    assert tallies.state().queued_at is not None
    assert not tallies.request_rebuild()
    run_worker()
    assert tallies.is_current()
    fresh = services.pass_rate_counter(spread["staff"], Sample.objects.all())
    assert fresh.usable
    assert fresh.rate(whole) == rates.rate_of(Sample.objects.all(), whole)


@pytest.mark.django_db
def test_a_deleted_sample_makes_the_tallies_stale(spread, django_capture_on_commit_callbacks) -> None:
    assert tallies.is_current()
    with django_capture_on_commit_callbacks(execute=True):
        Sample.objects.filter(conclusion=Conclusion.QUALIFIED).order_by("pk").first().delete()
    assert not tallies.is_current()


@pytest.mark.django_db
def test_a_county_officer_reads_only_their_county_from_the_tallies(spread, cast) -> None:
    officer = cast("zezhou")
    qs = restrict_queryset(Sample.objects.all(), officer)
    counter = services.pass_rate_counter(officer, qs)
    assert counter.usable
    whole = rates.RateFilter()
    assert counter.rate(whole) == rates.rate_of(qs, whole)
    assert {k for k, _r in counter.breakdown(whole, "county")} == {officer.scope_division.pk}


@pytest.mark.django_db
def test_a_question_the_tallies_cannot_answer_is_counted_live(spread) -> None:
    counter = services.pass_rate_counter(spread["staff"], Sample.objects.all())
    leaf = Sample.objects.order_by("pk").first().category_id
    rf = rates.RateFilter(category=leaf)
    assert counter.rate(rf) == rates.rate_of(Sample.objects.all(), rf)
    assert counter.breakdown(rates.RateFilter(), "link_type") == rates.breakdown(
        Sample.objects.all(), rates.RateFilter(), "link_type"
    )
    assert counter.live

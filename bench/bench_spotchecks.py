"""Spot checks: the pass-rate statistics over 1 M item results (city) and 10 M (province).

Scale: BENCH_SCALE (city, province, tiny, or a number of item results). Setup, not timed: the
item results of `RESULTS[scale]` in bulk (executemany), nine per report, one report per
concluded sample, so about 111,000 samples at city scale and 1.1 M at province scale, sampled
on the working days since March 2024 in the six counties, in the demo's mix of programmes
(product spot checks 20 %, food supervision 52 %, farm produce 18 %, risk monitoring 10 %) and
categories (the leaf categories of the shipped catalogue, weighted as the demo weights them),
with pass rates of about 92.5 % (products), 97.5 % (food), 98 % (farm produce) and 96 % (risk
monitoring); samples of the last month partly still at the lab. Then ANALYZE, and the
pass-rate tallies rebuilt (its time reported with the scale).

Values, best of five, in process, over the last 365 days:
(a) `rates.rate_of` for the three plan indicators (manufacturing, food, farm);
(b) `rates.breakdown` by county, (c) by category (大类), (d) by month, each over all batches of
    the period as the statistics page asks;
(e) the page `GET /spotchecks/pass-rates/?start=…&end=…` (as the leader, through the test
    client: URL routing, permission, the view's aggregates — the three indicators, all
    batches, the breakdowns by county, category, month and programme, the batches under
    objection, the risk signals — and the template), read from the monthly tallies just
    rebuilt (`spotchecks.tallies`; the partial months at either end counted live), and again
    with `live=1`, counted from the samples as when the tallies are stale;
(f) the API `GET /api/v1/spotchecks/pass-rates?indicator=food&from=…&to=…&by=county`.
(e) and (f) run when their URLs resolve (they are written by other engineers).
Baselines, in the same run: the same aggregates as hand-written SQL, one statement each (the
category breakdown grouped by category id, then merged into 大类 with one query of the tree,
as the module does; the months with the database's own date formatting). The results must
agree. Targets: within 1.5× of the SQL, and under 1 s at province scale."""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.test import Client
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils import timezone

from qualitycity.core.demo import BulkInserter

RESULTS = {"tiny": 20_000, "city": 1_000_000, "province": 10_000_000}
ITEMS_PER_REPORT = 9
REPEATS = 5
#: stream → (share, programme, purpose, pass rate)
STREAMS = {
    "product": (0.20, "product", "supervision", 0.925),
    "food": (0.52, "food", "supervision", 0.975),
    "farm": (0.18, "food", "supervision", 0.98),
    "risk": (0.10, "food", "risk_monitoring", 0.96),
}
LEVELS = (("provincial", 1.5), ("city", 3.5), ("county", 5.0))


def results_for(scale: str) -> int:
    return RESULTS[scale] if scale in RESULTS else int(scale.replace("_", "").replace(",", ""))


def _ms(seconds: float) -> str:
    ms = seconds * 1000
    return f"{ms:,.0f} ms" if ms >= 100 else f"{ms:.1f} ms"


def _best(fn: Callable[[], Any]) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(REPEATS):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return min(times), result


# --- setup -------------------------------------------------------------------------------------


def _entities(rng: random.Random, counties: list[Any]) -> list[int]:
    """The register's entities, or 6,000 bench entities when the register is (nearly) empty."""
    from qualitycity.core.uscc import generate
    from qualitycity.registry.models import Entity

    ids = list(Entity.objects.order_by("pk").values_list("pk", flat=True)[:200_000])
    if len(ids) >= 1000:
        return ids
    inserter = BulkInserter(Entity, ["uscc", "name", "entity_type", "registration_status", "county_id"])
    for n in range(6000):
        county = counties[n % len(counties)]
        inserter.add(
            (
                generate("9", "1", county.code, 7_000_000 + n),
                f"基准测试食品店{n}",
                "enterprise",
                "existing",
                county.pk,
            )
        )
    inserter.flush()
    return list(Entity.objects.order_by("pk").values_list("pk", flat=True))


def build(n_results: int, today: dt.date) -> dict[str, Any]:
    """Plans, a lab, nine items per leaf category, samples, reports and item results."""
    from qualitycity.core.models import Department, Division
    from qualitycity.core.services import calendar
    from qualitycity.core.uscc import generate
    from qualitycity.registry.models import ProductCategory
    from qualitycity.spotchecks.demo import FARM, PRODUCTS
    from qualitycity.spotchecks.models import (
        Sample,
        SpotCheckPlan,
        TestingInstitution,
        TestItem,
        TestReport,
        TestResult,
    )

    rng = random.Random(2026)
    city = Division.objects.get(code="140500")
    counties = list(Division.objects.counties().inside(city).order_by("code"))
    entity_ids = _entities(rng, counties)
    categories = {c.code: c for c in ProductCategory.objects.filter(code__in=list(PRODUCTS))}
    leaves = {
        "product": [c for c in PRODUCTS if c.startswith("prod")],
        "food": [c for c in PRODUCTS if c.startswith("food") and c[:7] not in FARM],
        "farm": [c for c in PRODUCTS if c[:7] in FARM],
    }
    leaves["risk"] = leaves["food"] + leaves["farm"]
    weights = {s: [PRODUCTS[c].weight for c in codes] for s, codes in leaves.items()}
    organiser = Department.objects.get(code="samr-jc")
    lab, _created = TestingInstitution.objects.get_or_create(
        name="基准测试检验检测中心",
        defaults={
            "uscc": generate("1", "2", "140500", 990_001),
            "cma_number": "BENCH-CMA-1",
            "cma_valid_until": dt.date(2030, 12, 31),
        },
    )
    items: dict[int, list[int]] = {}
    for category in categories.values():
        TestItem.objects.bulk_create(
            [
                TestItem(
                    category=category,
                    name=f"基准项目{k}",
                    limit_kind="max",
                    limit_max=Decimal(1),
                    unit="mg/kg",
                )
                for k in range(1, ITEMS_PER_REPORT + 1)
            ],
            ignore_conflicts=True,
        )
        items[category.pk] = list(
            TestItem.objects.filter(category=category, name__startswith="基准项目").values_list(
                "pk", flat=True
            )
        )
    plans: dict[tuple[str, int, str], int] = {}
    for stream, (_share, programme, purpose, _rate) in STREAMS.items():
        for year in range(2024, today.year + 1):
            for level, _weight in LEVELS:
                plan = SpotCheckPlan.objects.create(
                    number=f"BENCH-{stream}-{year}-{level}",
                    name=f"基准测试{year}年{stream}{level}",
                    programme=programme,
                    purpose=purpose,
                    level=level,
                    year=year,
                    organiser=organiser,
                    batches_planned=1,
                    start_date=dt.date(year, 1, 1),
                    end_date=dt.date(year, 12, 31),
                )
                plans[(stream, year, level)] = plan.pk
    cal = calendar()
    days = []
    day = dt.date(2024, 3, 1)
    while day <= today:
        if day.month >= 3 and cal.is_workday(day):
            days.append(day)
        day += dt.timedelta(days=1)
    n_samples = round(n_results / ITEMS_PER_REPORT / 0.985)
    sampled = sorted(rng.choices(days, k=n_samples))
    stream_names = list(STREAMS)
    shares = [STREAMS[s][0] for s in stream_names]
    tz = timezone.get_current_timezone()
    adapt = connection.ops.adapt_datetimefield_value
    sample_id = (Sample.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    report_id = (TestReport.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    columns = [
        "id",
        "number",
        "plan_id",
        "programme",
        "purpose",
        "level",
        "category_id",
        "category_group",
        "county_id",
        "link_type",
        "place",
        "sampled_unit_id",
        "producer_id",
        "product_name",
        "quantity",
        "quantity_unit",
        "samplers",
        "sampled_at",
        "sampled_on",
        "institution_id",
        "status",
        "conclusion",
        "reported_on",
    ]
    quote = connection.ops.quote_name
    result_sql = (
        f"INSERT INTO {quote(TestResult._meta.db_table)} (report_id, test_item_id, value_text, value, unit, verdict) "  # noqa: S608  (constant names)
        "VALUES (%s, %s, %s, %s, %s, %s)"
    )
    results: list[tuple[Any, ...]] = []
    n_reports = n_written = 0
    with transaction.atomic():
        samples = BulkInserter(Sample, columns, batch_size=10_000)
        reports = BulkInserter(
            TestReport,
            ["id", "sample_id", "institution_id", "number", "issued_on", "conclusion"],
            batch_size=10_000,
        )
        with connection.cursor() as cursor:
            for day in sampled:
                stream = rng.choices(stream_names, shares)[0]
                _share, programme, purpose, rate = STREAMS[stream]
                code = rng.choices(leaves[stream], weights[stream])[0]
                category = categories[code]
                level = rng.choices([lv for lv, _w in LEVELS], [w for _lv, w in LEVELS])[0]
                county = counties[rng.randrange(len(counties))]
                pending = (today - day).days < 30 and rng.random() < 0.5
                reported = None if pending else day + dt.timedelta(days=rng.randint(7, 25))
                if reported is not None and reported > today:
                    reported = None
                conclusion = (
                    "pending" if reported is None else "qualified" if rng.random() < rate else "unqualified"
                )
                unit = entity_ids[rng.randrange(len(entity_ids))]
                samples.add(
                    (
                        sample_id,
                        f"BENCH{sample_id:09d}",
                        plans[(stream, day.year, level)],
                        programme,
                        purpose,
                        level,
                        category.pk,
                        category.group,
                        county.pk,
                        "distribution",
                        "基准测试抽样地点",
                        unit,
                        unit if rng.random() < 0.3 else None,
                        "基准测试样品",
                        Decimal(2),
                        "袋",
                        "甲\n乙",
                        adapt(dt.datetime.combine(day, dt.time(10), tzinfo=tz)),
                        day,
                        lab.pk,
                        "sampled" if reported is None else "reported",
                        conclusion,
                        reported,
                    )
                )
                if reported is not None:
                    reports.add(
                        (report_id, sample_id, lab.pk, f"BENCH-R{report_id:09d}", reported, conclusion)
                    )
                    failed = rng.randrange(ITEMS_PER_REPORT) if conclusion == "unqualified" else -1
                    for k, item in enumerate(items[category.pk]):
                        bad = k == failed
                        results.append(
                            (
                                report_id,
                                item,
                                "1.5" if bad else "0.05",
                                Decimal("1.5") if bad else Decimal("0.05"),
                                "mg/kg",
                                "fail" if bad else "pass",
                            )
                        )
                    report_id += 1
                    n_reports += 1
                    if len(results) >= 50_000:
                        samples.flush()
                        reports.flush()
                        cursor.executemany(result_sql, results)
                        n_written += len(results)
                        results.clear()
                sample_id += 1
            samples.flush()
            reports.flush()
            cursor.executemany(result_sql, results)
            n_written += len(results)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {"samples": n_samples, "reports": n_reports, "results": n_written}


# --- the hand-written SQL -----------------------------------------------------------------------

INDICATOR_WHERE = {
    "manufacturing": "programme = 'product' AND purpose = 'supervision' AND category_group = 'industrial'",
    "food": "programme = 'food' AND purpose = 'supervision'",
    "farm": "programme = 'food' AND category_group = 'farm_produce'",
}
PERIOD = "sampled_on >= %s AND sampled_on <= %s AND conclusion <> 'pending'"
COUNTS = "COUNT(*), SUM(CASE WHEN conclusion = 'qualified' THEN 1 ELSE 0 END)"


def _sql(statement: str, params: list[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall()


def raw_indicators(start: dt.date, end: dt.date) -> dict[str, tuple[int, int]]:
    out = {}
    for key, where in INDICATOR_WHERE.items():
        statement = f"SELECT {COUNTS} FROM spotchecks_sample WHERE {where} AND {PERIOD}"  # noqa: S608
        ((total, qualified),) = _sql(statement, [start, end])
        out[key] = (int(total), int(qualified or 0))
    return out


def raw_by(column: str, start: dt.date, end: dt.date, where: str = "") -> dict[Any, tuple[int, int]]:
    extra = f"{where} AND " if where else ""
    rows = _sql(
        f"SELECT {column}, {COUNTS} FROM spotchecks_sample WHERE {extra}{PERIOD} GROUP BY {column}",  # noqa: S608
        [start, end],
    )
    return {key: (int(total), int(qualified or 0)) for key, total, qualified in rows}


def raw_by_category(start: dt.date, end: dt.date) -> dict[int, tuple[int, int]]:
    rows = raw_by("category_id", start, end)
    parents = dict(_sql("SELECT id, parent_id FROM registry_productcategory", []))
    merged: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for pk, (total, qualified) in rows.items():
        node = pk
        while parents.get(node) is not None and parents.get(parents[node]) is not None:
            node = parents[node]
        merged[node][0] += total
        merged[node][1] += qualified
    return {k: (t, q) for k, (t, q) in merged.items()}


def month_expression() -> str:
    return (
        "strftime('%%Y-%%m', sampled_on)"
        if connection.vendor == "sqlite"
        else "to_char(sampled_on, 'YYYY-MM')"
    )


def raw_page(start: dt.date, end: dt.date, today: dt.date) -> dict[str, Any]:
    """The page's aggregates: the three indicators, all batches, the breakdowns by county,
    category, month and programme, the batches under objection, and the two risk signals'
    aggregates (failed supervision batches per producer, supervision batches per category in
    the window and the window before)."""
    out: dict[str, Any] = {"indicators": raw_indicators(start, end)}
    ((total, qualified),) = _sql(f"SELECT {COUNTS} FROM spotchecks_sample WHERE {PERIOD}", [start, end])  # noqa: S608
    out["all"] = (total, qualified)
    out["county"] = raw_by("county_id", start, end)
    out["category"] = raw_by_category(start, end)
    out["month"] = raw_by(month_expression(), start, end)
    out["programme"] = raw_by("programme", start, end)
    out["under_objection"] = _sql(
        "SELECT COUNT(*) FROM spotchecks_objection o JOIN spotchecks_sample s ON s.id = o.sample_id "
        "WHERE o.status IN ('submitted', 'retest_assigned') AND s.sampled_on >= %s AND s.sampled_on <= %s "
        "AND s.conclusion <> 'pending'",
        [start, end],
    )
    window = today - dt.timedelta(days=round(12 * 30.44))
    before = today - dt.timedelta(days=2 * round(12 * 30.44))
    out["producers"] = _sql(
        "SELECT producer_id, COUNT(*) AS n FROM spotchecks_sample WHERE conclusion = 'unqualified' "
        "AND purpose = 'supervision' AND producer_id IS NOT NULL AND sampled_on >= %s AND sampled_on <= %s "
        "GROUP BY producer_id HAVING COUNT(*) >= 2 ORDER BY n DESC, producer_id LIMIT 50",
        [window, today],
    )
    for name, lo, hi in (("now", window, today + dt.timedelta(days=1)), ("before", before, window)):
        out[name] = _sql(
            f"SELECT category_id, {COUNTS} FROM spotchecks_sample WHERE purpose = 'supervision' "  # noqa: S608
            "AND conclusion <> 'pending' AND sampled_on >= %s AND sampled_on < %s GROUP BY category_id",
            [lo, hi],
        )
    return out


def raw_api(start: dt.date, end: dt.date) -> tuple[tuple[int, int], dict[Any, tuple[int, int]]]:
    where = INDICATOR_WHERE["food"]
    statement = f"SELECT {COUNTS} FROM spotchecks_sample WHERE {where} AND {PERIOD}"  # noqa: S608
    ((total, qualified),) = _sql(statement, [start, end])
    return (int(total), int(qualified or 0)), raw_by("county_id", start, end, where)


# --- run ----------------------------------------------------------------------------------------


def _pairs(rows: list[tuple[Any, Any]]) -> dict[Any, tuple[int, int]]:
    return {k: (r.total, r.qualified) for k, r in rows}


def run(scale: str) -> list[dict[str, Any]]:
    from qualitycity.core.testing.users import user
    from qualitycity.spotchecks import rates
    from qualitycity.spotchecks.models import Sample

    label = scale if scale in RESULTS else "custom"
    today = timezone.localdate()
    started = time.perf_counter()
    made = build(results_for(scale), today)
    setup = time.perf_counter() - started
    from qualitycity.spotchecks import tallies

    built = tallies.rebuild()
    start, end = today - dt.timedelta(days=365), today
    qs = Sample.objects.all()
    period = rates.RateFilter(start=start, end=end)

    def indicators() -> dict[str, tuple[int, int]]:
        out = {}
        for key in ("manufacturing", "food", "farm"):
            rate = rates.rate_of(qs, rates.RateFilter(indicator=key, start=start, end=end))
            out[key] = (rate.total, rate.qualified)
        return out

    vendor = connection.vendor
    measured: list[tuple[str, float, float, str, str]] = []
    orm, got = _best(indicators)
    raw, want = _best(lambda: raw_indicators(start, end))
    if got != want:
        raise RuntimeError(f"indicators disagree: {got} vs {want}")
    counted = sum(t for t, _q in got.values())
    percent = {k: f"{100 * q / t:.2f} %" if t else "—" for k, (t, q) in got.items()}
    measured.append(
        (
            "pass rates: `rates.rate_of` for the three plan indicators over 365 days (best of 5)",
            orm,
            raw,
            f"{_ms(orm)} ({', '.join(f'{k} {v}' for k, v in percent.items())})",
            "hand-written SQL, one aggregate per indicator",
        )
    )
    breakdowns: list[tuple[str, Callable[[], dict[Any, tuple[int, int]]], str]] = [
        ("county", lambda: raw_by("county_id", start, end), "hand-written SQL grouped by county id"),
        (
            "category",
            lambda: raw_by_category(start, end),
            "hand-written SQL grouped by category id, merged into 大类 with one query of the tree",
        ),
        (
            "month",
            lambda: {
                dt.date(int(k[:4]), int(k[5:7]), 1): v
                for k, v in raw_by(month_expression(), start, end).items()
            },
            "hand-written SQL grouped by the database's year-month of the sampling date",
        ),
    ]
    for by, baseline, text in breakdowns:
        orm, got_rows = _best(lambda by=by: rates.breakdown(qs, period, by))  # type: ignore[misc]
        raw, want_rows = _best(baseline)
        if _pairs(got_rows) != want_rows:
            raise RuntimeError(f"breakdown by {by} disagrees: {_pairs(got_rows)} vs {want_rows}")
        measured.append(
            (
                f'pass rates by {by}: `rates.breakdown(…, "{by}")` over 365 days (best of 5)',
                orm,
                raw,
                f"{_ms(orm)} ({len(got_rows)} groups)",
                text,
            )
        )
    leader = user("leader")
    client = Client()
    client.force_login(leader)
    try:
        page = reverse("spotchecks:pass_rates")
    except NoReverseMatch:
        page = None
    if page is not None:
        query = {"start": start.isoformat(), "end": end.isoformat()}

        def get_page() -> int:
            response = client.get(page, query)
            if response.status_code != 200:
                raise RuntimeError(f"pass-rates page: HTTP {response.status_code}")
            return len(response.content)

        if not tallies.is_current():
            raise RuntimeError("the tallies are not current after the rebuild")
        orm, size = _best(get_page)
        raw, _rows = _best(lambda: raw_page(start, end, today))
        what = "hand-written SQL of the page's aggregates (indicators, all batches, county, category, month, programme, under objection, risk signals), one statement each"
        measured.append(
            (
                "pass-rates page: server time of `GET /spotchecks/pass-rates/` over 365 days, read from the current monthly tallies (best of 5)",
                orm,
                raw,
                f"{_ms(orm)} ({size // 1024} KB)",
                what,
            )
        )
        query["live"] = "1"
        live, size = _best(get_page)
        measured.append(
            (
                "pass-rates page counted live: `GET /spotchecks/pass-rates/?live=1` over 365 days, as when the tallies are stale (best of 5)",
                live,
                raw,
                f"{_ms(live)} ({size // 1024} KB)",
                what,
            )
        )
    api = "/api/v1/spotchecks/pass-rates"
    try:
        resolve(api)
    except Resolver404:
        api = ""
    if api:
        params = {"indicator": "food", "from": start.isoformat(), "to": end.isoformat(), "by": "county"}

        def get_api() -> dict[str, Any]:
            response = client.get(api, params)
            if response.status_code != 200:
                raise RuntimeError(f"pass-rates API: HTTP {response.status_code} {response.content[:300]!r}")
            return response.json()

        orm, body = _best(get_api)
        raw, (want_rate, want_rows) = _best(lambda: raw_api(start, end))
        if (body["total"], body["qualified"]) != want_rate or len(body["rows"]) != len(want_rows):
            raise RuntimeError(
                f"API disagrees: {body['total']}, {body['qualified']}, {len(body['rows'])} vs {want_rate}, {len(want_rows)}"
            )
        measured.append(
            (
                "pass-rates API: server time of `GET /api/v1/spotchecks/pass-rates?indicator=food&by=county` over 365 days (best of 5)",
                orm,
                raw,
                f"{_ms(orm)} ({len(body['rows'])} rows)",
                "hand-written SQL, the indicator's aggregate and its county breakdown",
            )
        )
    scale_text = (
        f"{label} ({made['results']:,} item results, {made['reports']:,} reports, {made['samples']:,} samples; "
        f"{counted:,} indicator batches in the last 365 days; setup {setup:.1f} s; tallies rebuilt in {built['seconds']} s, "
        f"{built['cells']:,} cells; {vendor})"
    )
    return [
        {
            "name": name,
            "scale": scale_text,
            "value": value,
            "baseline": f"{what}: {_ms(raw)}",
            "ratio": f"{orm / raw:.2f}",
        }
        for name, orm, raw, value, what in measured
    ]

"""The city overview (一屏观全域): server time of its data endpoint against the same aggregates
as hand-written SQL, in the same run.

Setup (not timed): the register `bench_demo_load` left behind (loaded here with the same
generator when the benchmark runs alone); every active entity without a
current risk assessment gets one (A 40 %, B 35 %, C 20 %, D 5 %, assessed over the last 60
days); the complaint cases of `bench_complaints.build_cases` (1.2 M per 3.5 M entities, at
least 20,000) unless that benchmark already inserted them; the Jincheng plan of the seed
migration is the plan shown.

Values (in process through the test client, so URL routing, the view, permission checks and
the JSON encoding are counted; best of 5):
(a) `GET /plan/overview/data/?fresh=1`: everything computed, the one-minute cache skipped;
(b) the same request served from the snapshot (pre-aggregation; the page shows its as-of
    time), and from a snapshot older than a minute (served marked stale while a background
    refresh is queued);
(c) the module aggregates alone (`overview.map_layers`, `trends`, `alerts`), which is what the
    baseline computes.
Baseline: the same aggregates as hand-written SQL (on-time rate by county and by month, current
risk classes by county, new top-class assessments by month, overdue clocks by county, overdue
publications, late reports): one statement each. Target: (a) under 300 ms at province scale
and (c) within 1.5× of the SQL."""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable
from typing import Any

from django.db import connection, transaction
from django.test import Client
from django.utils import timezone
from register import ensure_register

REPEATS = 5


def _best(fn: Callable[[], Any]) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(REPEATS):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return min(times), result


def _add_assessments() -> int:
    from qualitycity.credit.models import RiskAssessment
    from qualitycity.credit.risk import ACTIVE_STATUSES, ensure_default_model
    from qualitycity.registry.models import Entity

    model = ensure_default_model()
    missing = list(
        Entity.objects.filter(registration_status__in=ACTIVE_STATUSES)
        .exclude(risk_assessments__is_current=True)
        .values_list("pk", flat=True)
    )
    rng = random.Random(2026)
    now = timezone.now()
    adapt = connection.ops.adapt_datetimefield_value
    rows = []
    for pk in missing:
        roll = rng.random()
        cls = "A" if roll < 0.4 else "B" if roll < 0.75 else "C" if roll < 0.95 else "D"
        when = adapt(now - dt.timedelta(days=rng.randint(0, 60), hours=rng.randint(0, 23)))
        rows.append((pk, model.pk, when, 0, cls, "[]", "", True))
    table = connection.ops.quote_name(RiskAssessment._meta.db_table)
    sql = (
        f"INSERT INTO {table} (entity_id, model_id, assessed_at, score, risk_class, contributions, "  # noqa: S608
        "override, is_current) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)"
    )
    with transaction.atomic(), connection.cursor() as cursor:
        for i in range(0, len(rows), 10_000):
            cursor.executemany(sql, rows[i : i + 10_000])
    return len(missing)


def _raw(plan: Any, today: dt.date) -> dict[str, Any]:
    """The overview's aggregates as hand-written SQL, one statement each."""
    q = connection.ops.quote_name
    prefix = plan.division.prefix + "%"
    year_start, month_start = dt.date(today.year, 1, 1), dt.date(today.year - 1, today.month, 1)
    month_expr = (
        "strftime('%%Y-%%m', c.handling_due)"
        if connection.vendor == "sqlite"
        else "to_char(c.handling_due, 'YYYY-MM')"
    )
    assessed_month = (
        "strftime('%%Y-%%m', r.assessed_at)"
        if connection.vendor == "sqlite"
        else "to_char(r.assessed_at, 'YYYY-MM')"
    )
    out: dict[str, Any] = {}
    with connection.cursor() as cur:
        cur.execute(
            "SELECT d.code, COUNT(*), SUM(CASE WHEN c.on_time THEN 1 ELSE 0 END) "  # noqa: S608  (constant names)
            f"FROM {q('complaints_complaintcase')} c JOIN {q('core_division')} d ON d.id = c.county_id "
            "WHERE c.handling_due >= %s AND c.handling_due <= %s AND c.kind = 'complaint' "
            "AND (c.on_time IS NOT NULL OR c.handling_due < %s) AND d.code LIKE %s GROUP BY d.code",
            [year_start, today, today, prefix],
        )
        out["on_time_county"] = cur.fetchall()
        cur.execute(
            f"SELECT {month_expr}, COUNT(*), SUM(CASE WHEN c.on_time THEN 1 ELSE 0 END) "  # noqa: S608
            f"FROM {q('complaints_complaintcase')} c "
            "WHERE c.handling_due >= %s AND c.handling_due <= %s AND c.kind = 'complaint' "
            f"AND (c.on_time IS NOT NULL OR c.handling_due < %s) GROUP BY {month_expr}",
            [month_start, today, today],
        )
        out["on_time_month"] = cur.fetchall()
        cur.execute(
            "SELECT d.code, r.risk_class, COUNT(*) "  # noqa: S608
            f"FROM {q('credit_riskassessment')} r JOIN {q('registry_entity')} e ON e.id = r.entity_id "
            f"JOIN {q('core_division')} d ON d.id = e.county_id "
            "WHERE r.is_current AND e.registration_status IN ('existing', 'operating') AND d.code LIKE %s "
            "GROUP BY d.code, r.risk_class",
            [prefix],
        )
        out["risk_county"] = cur.fetchall()
        cur.execute(
            f"SELECT {assessed_month}, COUNT(*) FROM {q('credit_riskassessment')} r "  # noqa: S608
            "WHERE r.risk_class = 'D' AND r.assessed_at >= %s GROUP BY 1",
            [timezone.make_aware(dt.datetime.combine(month_start, dt.time.min))],
        )
        out["new_d"] = cur.fetchall()
        cur.execute(
            "SELECT d.code, COUNT(DISTINCT c.id) "  # noqa: S608
            f"FROM {q('complaints_caseclock')} k JOIN {q('complaints_complaintcase')} c ON c.id = k.case_id "
            f"JOIN {q('core_division')} d ON d.id = c.county_id "
            "WHERE k.stopped_on IS NULL AND k.paused_since IS NULL AND k.due_on < %s AND d.code LIKE %s "
            "GROUP BY d.code",
            [today, prefix],
        )
        out["overdue_cases"] = cur.fetchall()
        cur.execute(
            f"SELECT COUNT(*) FROM {q('inspections_inspectiontask')} t "  # noqa: S608
            "WHERE t.status IN ('drawn', 'closed') AND t.published_at IS NULL AND t.publication_due < %s",
            [today],
        )
        out["overdue_tasks"] = cur.fetchone()
        cur.execute(
            f"SELECT department_id, COUNT(*) FROM {q('plan_progressreport')} "  # noqa: S608
            "WHERE plan_id = %s AND due_on < %s AND status IN ('draft', 'returned') GROUP BY department_id",
            [plan.pk, today],
        )
        out["late_reports"] = cur.fetchall()
    return out


def run(scale: str) -> list[dict[str, Any]]:
    from bench_complaints import build_cases, cases_for

    from qualitycity.complaints.models import ComplaintCase
    from qualitycity.core.testing.users import user
    from qualitycity.credit.models import RiskAssessment
    from qualitycity.plan import overview
    from qualitycity.plan.models import OverviewSnapshot, Plan

    today = timezone.localdate()
    started = time.perf_counter()
    ensure_register(scale)
    added = _add_assessments()
    if not ComplaintCase.objects.filter(number__startswith="BENCH-").exists():
        build_cases(cases_for(scale), today)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    build = time.perf_counter() - started
    plan = Plan.objects.select_related("division").first()
    if plan is None:
        raise RuntimeError("no plan: the seed migration of the Jincheng plan is missing")
    leader = user("leader")
    client = Client()
    client.force_login(leader)
    url = f"/plan/overview/data/?plan={plan.pk}"

    def get(fresh: bool) -> dict[str, Any]:
        response = client.get(url + ("&fresh=1" if fresh else ""))
        if response.status_code != 200:
            raise RuntimeError(f"overview data: HTTP {response.status_code}")
        return response.json()

    cold, data = _best(lambda: get(True))
    warm, _data = _best(lambda: get(False))

    def stale() -> dict[str, Any]:
        OverviewSnapshot.objects.update(
            computed_at=timezone.now() - dt.timedelta(minutes=5), refresh_queued_at=None
        )
        got = get(False)
        if not got.get("stale"):
            raise RuntimeError("an old snapshot was not served as stale")
        return got

    old, _data = _best(stale)

    def aggregates() -> Any:
        tasks = overview._overdue_tasks(plan, leader, today)
        layers = overview.map_layers(plan, leader, today, tasks)
        overview.trends(plan, leader, today, layers["top_class"])
        overview.alerts(plan, leader, today, tasks, layers["top_class"])
        return layers

    orm, layers = _best(aggregates)
    raw, raw_rows = _best(lambda: _raw(plan, today))
    want = {code: (due, int(on or 0)) for code, due, on in raw_rows["on_time_county"]}
    got = {
        c["code"]: (c["on_time"]["due"], c["on_time"]["on_time"])
        for c in layers["counties"]
        if c["on_time"]["due"]
    }
    if got != want:
        raise RuntimeError(f"on-time by county disagrees: {got} vs {want}")
    want_d = {code: n for code, cls, n in raw_rows["risk_county"] if cls == "D"}
    got_d = {c["code"]: c["risk"]["value"] for c in layers["counties"] if c["risk"]["value"]}
    if got_d != want_d:
        raise RuntimeError(f"class D by county disagrees: {got_d} vs {want_d}")
    cases = ComplaintCase.objects.count()
    current = RiskAssessment.objects.filter(is_current=True).count()
    label = f"{scale} ({cases:,} cases, {current:,} current assessments, {len(data['cards'])} indicator cards; setup {build:.1f} s, {added:,} assessments added; {connection.vendor})"
    return [
        {
            "name": "city overview: server time of `GET /plan/overview/data/?fresh=1` (everything computed; best of 5)",
            "scale": label,
            "value": f"{cold * 1000:,.0f} ms",
            "baseline": f"hand-written SQL of the same aggregates: {raw * 1000:,.0f} ms",
            "ratio": f"{cold / raw:.2f}",
        },
        {
            "name": "city overview: `GET /plan/overview/data/` from a snapshot younger than a minute (as-of time shown; best of 5)",
            "scale": label,
            "value": f"{warm * 1000:,.1f} ms",
            "baseline": f"hand-written SQL of the same aggregates: {raw * 1000:,.0f} ms",
            "ratio": f"{warm / raw:.2f}",
        },
        {
            "name": "city overview: the same from an older snapshot, shown as being brought up to date while a background refresh is queued (best of 5)",
            "scale": label,
            "value": f"{old * 1000:,.1f} ms",
            "baseline": f"hand-written SQL of the same aggregates: {raw * 1000:,.0f} ms",
            "ratio": f"{old / raw:.2f}",
        },
        {
            "name": "city overview: the module aggregates alone (map layers, trends, alerts; best of 5)",
            "scale": label,
            "value": f"{orm * 1000:,.0f} ms",
            "baseline": f"hand-written SQL, one statement per aggregate: {raw * 1000:,.0f} ms",
            "ratio": f"{orm / raw:.2f}",
        },
    ]

"""Complaints and tip-offs: public intake through the API, and the on-time rate at scale.

Scale: BENCH_SCALE names a scale of `core.demo.SCALES` or gives a number of entities, e.g.
`BENCH_ONLY=bench_complaints BENCH_SCALE=50000`. The intake sends entities / 300 submissions
(at least 200, at most 3,000); the statistics run over 1.2 M cases per 3.5 M entities (600,000
a year for two years at province scale; at least 20,000).

(a) Intake. Two server processes on loopback: `qcity runserver --noreload` on two ports
(runserver is one threaded process; gunicorn, uvicorn and waitress are not installed, and this
benchmark adds no dependency). Eight client threads send `POST /api/v1/complaints` without a
token, round-robin over the two servers, each submission a different complaint (texts from
`complaints.texts`, a distinct complainant) from one of N / 2 fake client addresses. Value:
cases/s over all N (every answer must be a 201), with the median and 95th-percentile latency.
Baseline, in the same run and against the same servers: the same client posting the same
bodies to a trivial JSON view (`/bench/echo`, which parses the body and answers {"ok": true}).

The per-address limit: the API counts submissions per client address, and the address is
REMOTE_ADDR (`core.middleware.client_ip`; X-Forwarded-For is not trusted, so the fake
addresses would all be 127.0.0.1 and be throttled after five). The servers therefore run with
a settings module written for the run (`qcity_bench_server_settings`, in a temporary folder on
PYTHONPATH) that puts `ForwardedFor` first in the middleware: it sets REMOTE_ADDR from
X-Forwarded-For, as a deployment's reverse-proxy middleware would. Each fake address sends two
submissions, under the limit of five a minute, so the limiter runs on every request and never
refuses one. (To switch the limit off instead, set QCITY_COMPLAINT_SUBMISSIONS_PER_MINUTE and
…_PER_HOUR high in that module.) The same module mounts `/bench/echo` (`ROOT_URLCONF` is this
module, whose `urlpatterns` are the project's plus that view).

(b) Statistics. Setup, not timed: the cases inserted raw (executemany of the columns the
statistics read and the required ones), received over the two years up to today, each with
its handling limit and on-time flag (92 % on time, 6 % late, 2 % still open), in the six
counties. Value: the server time of `indicators.on_time_rate` over the last 365 days, and of
`indicators.on_time_by("county")` (best of five, in process, no HTTP). Baseline, in the same
run: the equivalent hand-written SQL, one aggregate each (the county breakdown grouped by
county id, then named). The results must agree."""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import json
import os
import random
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from http.client import HTTPConnection
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from qualitycity.core.demo import SCALES, BulkInserter

ROOT = Path(__file__).resolve().parent.parent
THREADS = 8
REPEATS = 5
SERVER_SETTINGS = """\
from qualitycity.project.settings import *  # noqa: F403

# Written by bench/bench_complaints.py for its intake servers only.
MIDDLEWARE = ["bench_complaints.ForwardedFor", *MIDDLEWARE]  # noqa: F405
ROOT_URLCONF = "bench_complaints"
"""


def entities_for(scale: str) -> int:
    return SCALES[scale] if scale in SCALES else int(scale.replace("_", "").replace(",", ""))


# --- what the benchmark servers load ---------------------------------------------------------


class ForwardedFor:
    """Benchmark servers only: the client address from X-Forwarded-For, as the reverse proxy's
    middleware of a deployment sets it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            request.META["REMOTE_ADDR"] = forwarded.split(",")[0].strip()
        return self.get_response(request)


@csrf_exempt
def echo(request: HttpRequest) -> HttpResponse:
    """The baseline: parse the JSON body, answer a small JSON object."""
    body = json.loads(request.body or b"{}")
    return JsonResponse({"ok": True, "fields": len(body)}, status=201)


def __getattr__(name: str) -> Any:
    """`urlpatterns` for the benchmark servers (built on first use: the project's URLs need
    Django set up)."""
    if name == "urlpatterns":
        from django.urls import path

        from qualitycity.project.urls import urlpatterns

        return [path("bench/echo", echo), *urlpatterns]
    raise AttributeError(name)


# --- (a) intake ------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _request(port: int, path: str, body: bytes, address: str) -> tuple[int, float]:
    started = time.perf_counter()
    conn = HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        conn.request(
            "POST",
            path,
            body,
            {"Content-Type": "application/json", "X-Forwarded-For": address, "Connection": "close"},
        )
        response = conn.getresponse()
        response.read()
        return response.status, time.perf_counter() - started
    finally:
        conn.close()


def _start_servers(folder: Path, count: int = 2) -> tuple[list[int], list[subprocess.Popen[bytes]]]:
    (folder / "qcity_bench_server_settings.py").write_text(SERVER_SETTINGS)
    env = dict(os.environ)
    env["DJANGO_SETTINGS_MODULE"] = "qcity_bench_server_settings"
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(folder), str(ROOT / "bench"), str(ROOT), env.get("PYTHONPATH", "")) if p
    )
    ports = [_free_port() for _ in range(count)]
    servers = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "qualitycity.manage",
                "runserver",
                f"127.0.0.1:{port}",
                "--noreload",
                "--skip-checks",
            ],
            env=env,
            stdout=(folder / f"server-{port}.log").open("wb"),
            stderr=subprocess.STDOUT,
        )
        for port in ports
    ]
    deadline = time.monotonic() + 120
    for port in ports:
        while True:
            try:
                if _request(port, "/bench/echo", b"{}", "127.0.0.1")[0] == 201:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                _stop(servers)
                raise RuntimeError(f"the benchmark server on port {port} did not start; see {folder}")
            time.sleep(0.3)
    return ports, servers


def _stop(servers: list[subprocess.Popen[bytes]]) -> None:
    for server in servers:
        server.terminate()
    for server in servers:
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


def _bodies(n: int, rng: random.Random) -> list[bytes]:
    """n different complaints, as a public client sends them."""
    from qualitycity.complaints import texts

    counties = ["140502", "140521", "140522", "140524", "140525", "140581"]
    bodies = []
    for i in range(n):
        text = texts.generate(rng)
        amount: Decimal | None = text["amount"]
        bodies.append(
            json.dumps(
                {
                    "kinds": ["complaint"],
                    "subject": text["subject"],
                    "facts": text["facts"],
                    "request": text["request"],
                    "amount": str(amount) if amount is not None else None,
                    "respondent_name": f"晋城市基准测试{i % 500}号商店",
                    "respondent_address": f"晋城市城区泽州路{i % 400 + 1}号",
                    "county_code": counties[i % len(counties)],
                    "complainant_name": "王" + "伟芳娜敏静丽强磊军洋"[i % 10] + "基",
                    "complainant_phone": f"139{i:08d}",
                    "complainant_id_number": "140502199001011234",
                    "complainant_address": "晋城市城区凤台街10号",
                },
                ensure_ascii=False,
            ).encode()
        )
    return bodies


def _drive(ports: list[int], path: str, bodies: list[bytes], addresses: list[str]) -> dict[str, Any]:
    """Send every body once, THREADS at a time, round-robin over the servers."""

    def send(i: int) -> tuple[int, float]:
        return _request(ports[i % len(ports)], path, bodies[i], addresses[i % len(addresses)])

    started = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(THREADS) as pool:
        results = list(pool.map(send, range(len(bodies))))
    seconds = time.perf_counter() - started
    latencies = sorted(t for _status, t in results)
    return {
        "seconds": seconds,
        "rate": len(bodies) / seconds,
        "errors": sum(status not in (200, 201) for status, _t in results),
        "statuses": sorted({status for status, _t in results}),
        "p50": statistics.median(latencies) * 1000,
        "p95": latencies[int(len(latencies) * 0.95) - 1] * 1000,
    }


def bench_intake(scale: str) -> dict[str, Any]:
    from qualitycity.complaints.models import ComplaintCase

    n = min(max(entities_for(scale) // 300, 200), 3000)
    rng = random.Random(2026)
    bodies = _bodies(n + 20, rng)
    warm, bodies = bodies[:20], bodies[20:]
    addresses = [f"10.{i // 65_000 % 250}.{i // 250 % 250}.{i % 250 + 1}" for i in range(max(n // 2, 1))]
    before = ComplaintCase.objects.filter(channel="api").count()
    with tempfile.TemporaryDirectory(prefix="qcity-bench-servers-") as folder:
        ports, servers = _start_servers(Path(folder))
        try:
            # warm both views in both processes (URLconf, API, classifier, calendar)
            _drive(ports, "/bench/echo", warm, ["192.0.2.1"])
            _drive(ports, "/api/v1/complaints", warm, [f"192.0.2.{i + 2}" for i in range(len(warm))])
            intake = _drive(ports, "/api/v1/complaints", bodies, addresses)
            baseline = _drive(ports, "/bench/echo", bodies, addresses)
        finally:
            _stop(servers)
    created = ComplaintCase.objects.filter(channel="api").count() - before - len(warm)
    if intake["errors"] or created != n:
        raise RuntimeError(f"intake: {intake['errors']} errors {intake['statuses']}, {created} of {n} cases")
    return {"n": n, "addresses": len(addresses), "intake": intake, "baseline": baseline}


# --- (b) statistics ----------------------------------------------------------------------------


def cases_for(scale: str) -> int:
    return max(20_000, entities_for(scale) * 12 // 35)


def build_cases(n: int, today: dt.date) -> None:
    """n cases over the two years up to today, with handling limits and on-time flags."""
    from qualitycity.complaints.models import Category, ComplaintCase, RoutingRule
    from qualitycity.core.models import Division
    from qualitycity.core.services import CalendarNotAvailable, calendar

    rng = random.Random(2027)
    cal = calendar()
    city = Division.objects.get(code=settings.QCITY_CITY_CODE)
    counties = list(Division.objects.counties().inside(city).values_list("pk", flat=True))
    units = dict(RoutingRule.objects.filter(category__isnull=True).values_list("county_id", "department_id"))
    objects = list(Category.objects.filter(kind="object", parent__isnull=False).values_list("pk", flat=True))
    natures = list(Category.objects.filter(kind="nature").values_list("pk", flat=True))
    start = today - dt.timedelta(days=730)
    days = [start + dt.timedelta(days=i) for i in range(731)]
    limit = {}
    for day in days:
        try:
            limit[day] = (cal.add_workdays(day, 7), cal.add_workdays(day, 52))
        except CalendarNotAvailable:
            limit[day] = (day + dt.timedelta(days=9), day + dt.timedelta(days=73))
    first = (ComplaintCase.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    columns = [
        "id",
        "number",
        "kind",
        "channel",
        "received_at",
        "received_on",
        "status",
        "respondent_name",
        "subject",
        "facts",
        "county_id",
        "handling_department_id",
        "object_category_id",
        "problem_category_id",
        "handling_due",
        "on_time",
        "closed_on",
        "receipt_code",
    ]
    tz = timezone.get_current_timezone()
    adapt = connection.ops.adapt_datetimefield_value
    with transaction.atomic():
        inserter = BulkInserter(ComplaintCase, columns, batch_size=10_000)
        for i in range(n):
            received = days[rng.randrange(len(days))]
            kind = "complaint" if rng.random() < 0.85 else "tip_off"
            accept_due, mediation_due = limit[received]
            due = mediation_due if kind == "complaint" and rng.random() < 0.8 else accept_due
            roll = rng.random()
            if roll < 0.02 and due >= today:
                on_time, status, closed = None, "mediating", None
            else:
                on_time = roll >= 0.08
                status = "closed"
                closed = min(due if on_time else due + dt.timedelta(days=rng.randint(1, 20)), today)
            county = counties[i % len(counties)]
            inserter.add(
                (
                    first + i,
                    f"BENCH-{first + i}",
                    kind,
                    "12315",
                    adapt(dt.datetime.combine(received, dt.time(10), tzinfo=tz)),
                    received,
                    status,
                    "基准测试商店",
                    "基准测试",
                    "基准测试",
                    county,
                    units.get(county),
                    objects[i % len(objects)],
                    natures[i % len(natures)],
                    due,
                    on_time,
                    closed,
                    secrets.token_hex(8),
                )
            )
        inserter.flush()


def _best(fn: Callable[[], Any]) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(REPEATS):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return min(times), result


def _raw_rate(start: dt.date, end: dt.date, today: dt.date) -> tuple[int, int]:
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*), SUM(CASE WHEN on_time THEN 1 ELSE 0 END) FROM {q('complaints_complaintcase')} "  # noqa: S608  (constant names)
            "WHERE handling_due >= %s AND handling_due <= %s AND kind = %s "
            "AND (on_time IS NOT NULL OR handling_due < %s)",
            [start, end, "complaint", today],
        )
        due, on_time = cursor.fetchone()
    return int(due), int(on_time or 0)


def _raw_by_county(start: dt.date, end: dt.date, today: dt.date) -> list[tuple[str, int, int]]:
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT d.code, d.name, t.due, t.on_time FROM ("  # noqa: S608  (constant names)
            "SELECT county_id, COUNT(*) AS due, SUM(CASE WHEN on_time THEN 1 ELSE 0 END) AS on_time "
            f"FROM {q('complaints_complaintcase')} "
            "WHERE handling_due >= %s AND handling_due <= %s AND kind = %s "
            "AND (on_time IS NOT NULL OR handling_due < %s) GROUP BY county_id"
            f") t LEFT JOIN {q('core_division')} d ON d.id = t.county_id ORDER BY d.code",
            [start, end, "complaint", today],
        )
        return [(code or "", int(due), int(on_time or 0)) for code, _name, due, on_time in cursor.fetchall()]


def bench_statistics(scale: str) -> dict[str, Any]:
    from qualitycity.complaints import indicators

    n = cases_for(scale)
    today = timezone.localdate()
    started = time.perf_counter()
    build_cases(n, today)
    build_seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE complaints_complaintcase")
    start, end = today - dt.timedelta(days=365), today
    period = {"start": start, "end": end, "today": today}
    orm_rate, rate = _best(lambda: indicators.on_time_rate(**period))
    raw_rate, raw = _best(lambda: _raw_rate(start, end, today))
    if (rate["due"], rate["on_time"]) != raw:
        raise RuntimeError(f"on-time rate disagrees: {rate} vs {raw}")
    orm_county, rows = _best(lambda: indicators.on_time_by("county", **period))
    raw_county, raw_rows = _best(lambda: _raw_by_county(start, end, today))
    if [(r["key"], r["due"], r["on_time"]) for r in rows] != raw_rows:
        raise RuntimeError(f"by county disagrees: {rows} vs {raw_rows}")
    return {
        "n": n,
        "build": build_seconds,
        "due": rate["due"],
        "rate": (orm_rate, raw_rate, rate["rate"]),
        "county": (orm_county, raw_county, len(rows)),
    }


def run(scale: str) -> list[dict[str, Any]]:
    label = scale if scale in SCALES else "custom"
    intake = bench_intake(scale)
    stats = bench_statistics(scale)
    a, b = intake["intake"], intake["baseline"]
    vendor = connection.vendor
    orm_rate, raw_rate, percent = stats["rate"]
    orm_county, raw_county, counties = stats["county"]
    stats_scale = (
        f"{label} ({stats['n']:,} cases over two years, {stats['due']:,} due in the last 365 days; "
        f"built in {stats['build']:.1f} s; {vendor})"
    )
    return [
        {
            "name": "complaint intake: cases/s through `POST /api/v1/complaints` (public, rate-limited; "
            f"2 runserver processes, {THREADS} client threads)",
            "scale": f"{label} ({intake['n']:,} submissions from {intake['addresses']:,} client addresses; {vendor})",
            "value": f"{a['rate']:,.1f} cases/s, 0 errors (median {a['p50']:.0f} ms, p95 {a['p95']:.0f} ms)",
            "baseline": f"trivial JSON view on the same servers: {b['rate']:,.1f} req/s (median {b['p50']:.0f} ms)",
            "ratio": f"{a['rate'] / b['rate']:.2f}",
        },
        {
            "name": "on-time rate: server time of `indicators.on_time_rate` over 365 days (best of 5)",
            "scale": stats_scale,
            "value": f"{orm_rate * 1000:,.0f} ms (rate {percent} %)",
            "baseline": f"hand-written SQL, one aggregate: {raw_rate * 1000:,.0f} ms",
            "ratio": f"{orm_rate / raw_rate:.2f}",
        },
        {
            "name": 'on-time rate by county: server time of `indicators.on_time_by("county")` (best of 5)',
            "scale": stats_scale,
            "value": f"{orm_county * 1000:,.0f} ms ({counties} counties)",
            "baseline": f"hand-written SQL grouped by county id, then named: {raw_county * 1000:,.0f} ms",
            "ratio": f"{orm_county / raw_county:.2f}",
        },
    ]

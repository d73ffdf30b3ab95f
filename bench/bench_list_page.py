"""Entity list page server time over the demo register, against the bare page query.

Value: the whole request through Django's test client (session, permissions, filter,
pagination with count, template). Baseline: the same page's rows fetched with one raw SQL
query (no count, no template). Median and p95 over repeated requests."""

from __future__ import annotations

import statistics
import time
from typing import Any

from django.db import connection
from django.test import Client

from qualitycity.core.models import Division
from qualitycity.core.testing.users import user
from qualitycity.registry.models import Entity

REPEAT = 25


def _time(fn: Any) -> list[float]:
    fn()  # warm-up
    samples = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def _fmt(samples: list[float]) -> str:
    p95 = statistics.quantiles(samples, n=20)[-1]
    return f"median {statistics.median(samples):.1f} ms, p95 {p95:.1f} ms"


def run(scale: str) -> list[dict[str, Any]]:
    n = Entity.objects.count()
    client = Client()
    client.force_login(user("staff"))
    county = Division.objects.get(code="140525")
    cases = {
        "default list (sorted by name)": "/registry/market-entities/",
        "search by pinyin initials": "/registry/market-entities/?q=jcszzx",
        "county + status filter": f"/registry/market-entities/?county_id={county.pk}&registration_status=existing",
    }
    table = Entity._meta.db_table

    def raw_page() -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT * FROM {table} ORDER BY name, id LIMIT 25")  # noqa: S608  (fixed names)
            cursor.fetchall()

    baseline = _time(raw_page)
    results = []
    for label, url in cases.items():

        def request(url: str = url) -> None:
            response = client.get(url)
            assert response.status_code == 200

        samples = _time(request)
        results.append(
            {
                "name": f"entity list page server time: {label}",
                "scale": f"{scale} ({n:,} entities)",
                "value": _fmt(samples),
                "baseline": f"raw SQL of the first page: {_fmt(baseline)}",
                "ratio": f"{statistics.median(samples) / statistics.median(baseline):.1f}",
            }
        )
    return results

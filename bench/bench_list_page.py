"""Entity list page server time over the demo register, against its own database work.

Value: the whole request through Django's test client (session, permissions, scope, filter,
count, page, template). Baseline, measured in the same run for each case: the same two SQL
statements the page needs (the filtered count and the first page of rows), run raw. The ratio
is what the web layer costs on top of the database. Median and p95 over repeated requests."""

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
    from django.http import QueryDict

    from qualitycity.registry.filters import EntityFilterSet
    from qualitycity.registry.tables import entity_table

    results = []
    for label, url in cases.items():
        query = QueryDict(url.partition("?")[2])
        filtered = EntityFilterSet(query or None, queryset=Entity.objects.all()).qs
        count_sql, count_params = filtered.order_by().values("pk").query.sql_with_params()
        page = filtered.order_by(*entity_table.default_ordering).select_related(
            "county", "township", "industry"
        )
        page_sql, page_params = page[:25].query.sql_with_params()

        def raw(
            count_sql: str = count_sql,
            count_params: Any = count_params,
            page_sql: str = page_sql,
            page_params: Any = page_params,
        ) -> None:
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT COUNT(*) FROM ({count_sql}) AS sub", count_params)  # noqa: S608
                cursor.fetchone()
                cursor.execute(page_sql, page_params)
                cursor.fetchall()

        def request(url: str = url) -> None:
            response = client.get(url)
            assert response.status_code == 200

        baseline = _time(raw)
        samples = _time(request)
        results.append(
            {
                "name": f"entity list page server time: {label}",
                "scale": f"{scale} ({n:,} entities)",
                "value": _fmt(samples),
                "baseline": f"its count + page SQL run raw: {_fmt(baseline)}",
                "ratio": f"{statistics.median(samples) / statistics.median(baseline):.2f}",
            }
        )
    return results

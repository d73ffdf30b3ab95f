"""Entity search server time at scale: the search box through the trigram index (FTS5 on
SQLite, pg_trgm on PostgreSQL; registry/search.py), against the plain LIKE scan.

Value: the whole list-page request (session, permissions, filter, count, first page,
template) for each search. Baseline, same run, same data: the count and first-page SQL of
the previous search (`core.filters.search_condition`: LIKE over name, USCC and pinyin key),
run raw — what the page cost in the database alone before the index. Median and p95."""

from __future__ import annotations

import statistics
import time
from typing import Any

from django.db import connection
from django.test import Client

from qualitycity.core.filters import search_condition
from qualitycity.core.testing.users import user
from qualitycity.registry.models import Entity
from qualitycity.registry.tables import entity_table

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


def _like_sql(term: str) -> Any:
    qs = Entity.objects.filter(search_condition(term, ("name", "uscc"), "search_key"))
    count_sql, count_params = qs.order_by().values("pk").query.sql_with_params()
    page = qs.order_by(*entity_table.default_ordering).select_related("county", "township", "industry")
    page_sql, page_params = page[:25].query.sql_with_params()

    def raw() -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM ({count_sql}) AS sub", count_params)  # noqa: S608
            cursor.fetchone()
            cursor.execute(page_sql, page_params)
            cursor.fetchall()

    return raw


def run(scale: str) -> list[dict[str, Any]]:
    n = Entity.objects.count()
    client = Client()
    client.force_login(user("staff"))
    sample = Entity.objects.order_by("pk")[n // 2]
    cases = {
        "pinyin initials (jcszzx)": "jcszzx",
        "full pinyin (zezhouxian)": "zezhouxian",
        "part of the name, 4 characters": sample.name[3:7],
        "part of a USCC": sample.uscc[4:14],
    }
    results = []
    for label, term in cases.items():
        url = f"/registry/market-entities/?q={term}"

        def request(url: str = url) -> None:
            response = client.get(url)
            assert response.status_code == 200

        baseline = _time(_like_sql(term))
        samples = _time(request)
        results.append(
            {
                "name": f"entity search server time: {label}",
                "scale": f"{scale} ({n:,} entities, {connection.vendor})",
                "value": f"whole page: {_fmt(samples)}",
                "baseline": f"plain LIKE count + page SQL, raw: {_fmt(baseline)}",
                "ratio": f"{statistics.median(samples) / statistics.median(baseline):.2f}",
            }
        )
    return results

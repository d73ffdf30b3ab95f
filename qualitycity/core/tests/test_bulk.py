"""The bulk-write helpers: ids allocated ahead of a plain insert, never one given before, and
the SQLite settings of a large operation restored afterwards."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.db import connection, transaction
from django.utils import timezone

from qualitycity.core.bulk import allocate_ids, insert_rows, large_operation
from qualitycity.core.models import CalendarDay

pytestmark = pytest.mark.django_db


def _day(n: int) -> dt.date:
    return dt.date(2031, 1, 1) + dt.timedelta(days=n)


def test_allocated_ids_are_new_and_the_next_save_follows_them() -> None:
    dropped = CalendarDay.objects.create(date=_day(0), is_workday=True)
    dropped_pk = dropped.pk
    dropped.delete()
    with transaction.atomic():
        ids = allocate_ids(CalendarDay, 3)
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        written = insert_rows(
            CalendarDay,
            ["id", "created_at", "updated_at", "date", "is_workday", "name"],
            [
                (pk, now, now, connection.ops.adapt_datefield_value(_day(n + 1)), True, "")
                for n, pk in enumerate(ids)
            ],
            batch=2,
        )
    assert written == 3
    assert ids == list(range(ids[0], ids[0] + 3))
    assert ids[0] > dropped_pk
    assert sorted(CalendarDay.objects.filter(date__gt=_day(0)).values_list("pk", flat=True)) == ids
    after = CalendarDay.objects.create(date=_day(9), is_workday=False)
    assert after.pk > ids[-1]


@pytest.mark.django_db(transaction=True)
def test_ids_are_allocated_only_inside_the_inserting_transaction() -> None:
    with pytest.raises(RuntimeError):
        allocate_ids(CalendarDay, 1)
    with transaction.atomic():
        assert allocate_ids(CalendarDay, 0) == []


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite page-cache settings")
def test_large_operation_restores_the_connection_settings() -> None:
    def pragma(name: str) -> int:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA {name}")
            row = cursor.fetchone()
            return int(row[0]) if row else 0  # an in-memory database has no mmap_size

    before = pragma("cache_size"), pragma("mmap_size")
    with large_operation(cache_mib=64, mmap_mib=128):
        assert pragma("cache_size") == -64 * 1024
        assert pragma("mmap_size") in (128 * 1024 * 1024, 0)  # 0 in memory
    assert (pragma("cache_size"), pragma("mmap_size")) == before


def test_packed_rows_are_stored_as_bound_ones_are() -> None:
    with transaction.atomic():
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        rows = [
            (pk, now, now, connection.ops.adapt_datefield_value(_day(20 + n)), n % 2 == 0, f"日{n}")
            for n, pk in enumerate(allocate_ids(CalendarDay, 5))
        ]
        columns = ["id", "created_at", "updated_at", "date", "is_workday", "name"]
        assert insert_rows(CalendarDay, columns, rows, batch=2, packed=True) == 5
    stored = CalendarDay.objects.filter(date__gte=_day(20)).order_by("date")
    assert [(d.date, d.is_workday, d.name) for d in stored] == [
        (_day(20 + n), n % 2 == 0, f"日{n}") for n in range(5)
    ]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the packed path is SQLite's")
def test_a_packed_batch_json_cannot_carry_is_bound() -> None:
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE bulk_blob (data BLOB, n INTEGER)")
    table = SimpleNamespace(_meta=SimpleNamespace(db_table="bulk_blob"))
    assert insert_rows(table, ["data", "n"], [(b"\x00\x01", 1), (None, 2)], packed=True) == 2
    with connection.cursor() as cursor:
        cursor.execute("SELECT data, n FROM bulk_blob ORDER BY n")
        assert [(bytes(d) if d is not None else None, n) for d, n in cursor.fetchall()] == [
            (b"\x00\x01", 1),
            (None, 2),
        ]


def test_adapt_writes_dates_times_and_decimals_as_the_database_stores_them() -> None:
    from decimal import Decimal

    from qualitycity.core.bulk import adapt

    moment = timezone.now()
    assert adapt(_day(1)) == connection.ops.adapt_datefield_value(_day(1))
    assert adapt(moment) == connection.ops.adapt_datetimefield_value(moment)
    assert adapt(Decimal("12.50")) == ("12.50" if connection.vendor == "sqlite" else Decimal("12.50"))
    assert [adapt(v) for v in ("文字", 3, None, True)] == ["文字", 3, None, True]

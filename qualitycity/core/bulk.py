"""Bulk writing and the settings for the few operations that read or write millions of rows
in one go (a province draw and its verification, a register import): a paused garbage
collector and, on SQLite, a larger page cache and a memory-mapped read path for the duration;
ids allocated ahead of plain multi-row inserts.

The defaults stay small on purpose: every web request opens a connection, and SQLite's page
cache and mapped pages count towards each process's resident memory."""

from __future__ import annotations

import datetime as dt
import gc
import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

from django.db import connection

#: The page cache (MiB) and mapped-read window (MiB) of a large operation on SQLite.
LARGE_CACHE_MIB = 256
LARGE_MMAP_MIB = 4096
#: The page cache of an import: 64 MiB took a fifth off a 300,000-row import into the city
#: register (256 MiB no more); mapped reads would count the file's pages in the process.
IMPORT_CACHE_MIB = 64


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while millions of small objects (rows, keys) are
    built: none of them form cycles, and the collector's passes over them would double the
    time of a province-scale draw."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _pragma(name: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA {name}")
        row = cursor.fetchone()
    return int(row[0]) if row else 0


def _set_pragma(name: str, value: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA {name} = {int(value)}")


@contextmanager
def sqlite_cache(cache_mib: int, mmap_mib: int = 0) -> Iterator[None]:
    """On SQLite, the connection's page cache raised to `cache_mib` and reads memory-mapped up
    to `mmap_mib` for the duration, then restored; elsewhere nothing. A B-tree insert of
    hundreds of thousands of rows into tables with several indexes spills pages from the
    default 2 MiB cache over and over."""
    if connection.vendor != "sqlite":
        yield
        return
    connection.ensure_connection()
    cache, mmap = _pragma("cache_size"), _pragma("mmap_size")
    _set_pragma("cache_size", -cache_mib * 1024)
    _set_pragma("mmap_size", mmap_mib * 1024 * 1024)
    try:
        yield
    finally:
        if connection.connection is not None:
            _set_pragma("cache_size", cache)
            _set_pragma("mmap_size", mmap)


@contextmanager
def large_operation(cache_mib: int = LARGE_CACHE_MIB, mmap_mib: int = LARGE_MMAP_MIB) -> Iterator[None]:
    """The garbage collector paused and the larger SQLite cache and mapped reads of
    `sqlite_cache`: at province scale they take about a quarter off a draw
    (docs/benchmarks.md)."""
    with gc_paused(), sqlite_cache(cache_mib, mmap_mib):
        yield


def allocate_ids(model: Any, count: int) -> list[int]:
    """`count` primary keys for rows the caller is about to insert with explicit ids (so that
    a bulk insert need not read its ids back). Call it inside the transaction that inserts:
    on SQLite that transaction holds the write lock from its start (`transaction_mode`
    IMMEDIATE), so the ids after the highest ever given (`sqlite_sequence`) are free;
    PostgreSQL hands them out from the column's sequence."""
    if count <= 0:
        return []
    if not connection.in_atomic_block:
        raise RuntimeError("allocate_ids needs the inserting transaction")
    table, column = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, column, count],
            )
            return [row[0] for row in cursor.fetchall()]
        quote = connection.ops.quote_name
        cursor.execute(f"SELECT COALESCE(MAX({quote(column)}), 0) FROM {quote(table)}")  # noqa: S608
        highest = int(cursor.fetchone()[0])
        # AUTOINCREMENT tables never hand out an id again once its row is deleted: neither do we
        cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_sequence'")
        if cursor.fetchone():
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            row = cursor.fetchone()
            highest = max(highest, int(row[0]) if row else 0)
    return list(range(highest + 1, highest + 1 + count))


def rows_where_in(select: str, column: str, values: list[Any]) -> list[tuple[Any, ...]]:
    """`select` WHERE column IN values, as plain rows: Django's `__in` prepares every value
    one by one, a noticeable part of a province draw's 175,000 targets and of an import's
    look-up of 300,000 USCCs. At most a few thousand values a call (SQLite binds 32,766)."""
    if not values:
        return []
    marks = ", ".join(["%s"] * len(values))
    with connection.cursor() as cursor:
        cursor.execute(f"{select} WHERE {connection.ops.quote_name(column)} IN ({marks})", values)
        return cursor.fetchall()


def adapter() -> Callable[[Any], Any]:
    """`adapt` bound to the current connection's adapters once, for a loop over many rows
    (each `connection.ops` goes through Django's connection proxy)."""
    ops = connection.ops
    sqlite = connection.vendor == "sqlite"
    datetime_value, date_value = ops.adapt_datetimefield_value, ops.adapt_datefield_value

    def adapt_one(value: Any) -> Any:
        kind = type(value)
        if kind is dt.datetime:
            return datetime_value(value)
        if kind is dt.date:
            return date_value(value)
        if kind is Decimal and sqlite:
            return str(value)
        return value

    return adapt_one


def adapt(value: Any) -> Any:
    """A python value as a plain insert writes it: dates and times through the database's
    adapters (naive UTC on SQLite), decimals as their text on SQLite (as Django's sqlite3
    adapter stores them), everything else as it is. In a loop, use `adapter()`."""
    return adapter()(value)


def insert_rows(
    model: Any,
    columns: list[str],
    rows: Iterable[tuple[Any, ...]],
    batch: int = 5000,
    *,
    packed: bool = False,
) -> int:
    """Plain multi-row inserts of already adapted values, `batch` rows at a time; the number
    of rows. For the few writers of hundreds of thousands of rows, where building model
    instances and Django's per-field preparation cost more than the insert.

    `packed`, for narrow rows of numbers: on SQLite a batch goes in as one JSON array that
    `json_each` unpacks in the database. Binding every value of every row from Python
    (`executemany`) cost half as much again for a draw's 350,000 assignments; for wide rows
    of text (an entity import) the JSON was the slower way. A batch holding anything JSON
    cannot carry is bound as usual."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(c) for c in columns)
    sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"  # noqa: S608
    unpack = None
    if packed and connection.vendor == "sqlite" and _has_json_arrows():
        picks = ", ".join(f"value ->> {i}" for i in range(len(columns)))
        unpack = f"INSERT INTO {table} ({names}) SELECT {picks} FROM json_each(%s)"  # noqa: S608
    buffer: list[tuple[Any, ...]] = []
    count = 0
    with connection.cursor() as cursor:

        def flush() -> None:
            if unpack is not None:
                try:
                    payload = json.dumps(buffer, ensure_ascii=False, allow_nan=False)
                except (TypeError, ValueError):
                    pass
                else:
                    cursor.execute(unpack, [payload])
                    return
            cursor.executemany(sql, buffer)

        for row in rows:
            buffer.append(row)
            if len(buffer) >= batch:
                flush()
                count += len(buffer)
                buffer.clear()
        if buffer:
            flush()
            count += len(buffer)
    return count


def _has_json_arrows() -> bool:
    """SQLite 3.38 and later: JSON built in, with the `->>` operator."""
    return sqlite3.sqlite_version_info >= (3, 38, 0)

"""Settings for the few operations that read or write millions of rows in one go (a province
draw and its verification): a paused garbage collector and, on SQLite, a larger page cache
and a memory-mapped read path for the duration.

The defaults stay small on purpose: every web request opens a connection, and SQLite's page
cache and mapped pages count towards each process's resident memory."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection

#: The page cache (MiB) and mapped-read window (MiB) of a large operation on SQLite.
LARGE_CACHE_MIB = 256
LARGE_MMAP_MIB = 4096


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
def large_operation(cache_mib: int = LARGE_CACHE_MIB, mmap_mib: int = LARGE_MMAP_MIB) -> Iterator[None]:
    """The garbage collector paused and, on SQLite, the connection's page cache raised to
    `cache_mib` and reads memory-mapped up to `mmap_mib`; both restored afterwards. A B-tree
    insert of hundreds of thousands of rows into tables with several indexes spills pages
    from the default 2 MiB cache over and over; at province scale the larger cache and
    mapped reads take about a quarter off a draw (docs/benchmarks.md)."""
    with gc_paused():
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

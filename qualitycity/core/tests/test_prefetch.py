"""core.prefetch.ahead: items computed in a forked child arrive here in order; its errors
are raised here after the items before them; a child that dies is reported."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator

import pytest

from qualitycity.core import prefetch
from qualitycity.core.spreadsheets import SpreadsheetError, _error


def test_items_arrive_in_order_from_another_process() -> None:
    def produce() -> Iterator[tuple[int, int]]:
        for i in range(50):
            yield i, os.getpid()

    got = list(prefetch.ahead(produce))
    assert [i for i, _pid in got] == list(range(50))
    assert {pid for _i, pid in got} != {os.getpid()}


def test_an_error_in_the_child_is_raised_after_the_items_before_it() -> None:
    def produce() -> Iterator[int]:
        yield 1
        yield 2
        raise _error("too_many_rows", row=7, max_rows=5)

    items = prefetch.ahead(produce)
    assert [next(items), next(items)] == [1, 2]
    with pytest.raises(SpreadsheetError) as caught:
        next(items)
    assert (caught.value.code, caught.value.row) == ("too_many_rows", 7)


def test_an_unpicklable_error_still_arrives_as_its_message() -> None:
    class Odd(Exception):
        def __reduce__(self) -> tuple:
            raise TypeError("no")

    def produce() -> Iterator[int]:
        raise Odd("broken")
        yield 0

    with pytest.raises(RuntimeError, match="Odd: broken"):
        list(prefetch.ahead(produce))


def test_a_child_that_dies_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(prefetch, "POLL_SECONDS", 0.2)

    def produce() -> Iterator[int]:
        os._exit(3)
        yield 0

    with pytest.raises(RuntimeError, match="exit code 3"):
        list(prefetch.ahead(produce))


def test_stopping_early_ends_the_child() -> None:
    def produce() -> Iterator[int]:
        yield from range(10**9)

    items = prefetch.ahead(produce)
    assert next(items) == 0
    items.close()  # the generator's finally closes the pipe: the child's next send fails
    assert multiprocessing.active_children() == []

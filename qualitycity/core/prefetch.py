"""Work done ahead in a second process: `ahead(produce)` runs `produce()` in a forked child and
yields its items here as they arrive, a few at a time, so that reading and checking the next
rows of an import (pure Python, no database) runs on the second core while this process
writes the rows before them.

The child starts as a copy of this process (fork), so it needs nothing passed to it; it
must not use the database connection it inherits, and it leaves with `os._exit`, so that
nothing of this process's state (connections, temporary files) is closed twice. An
exception in the child is raised here, after the items produced before it."""

from __future__ import annotations

import multiprocessing
import os
import pickle
import queue as queue_module
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

T = TypeVar("T")

#: Items waiting in the pipe at most: the child stays this far ahead, no further.
DEPTH = 3
#: Seconds between looks at whether the child is still alive while waiting for an item.
POLL_SECONDS = 5.0

_ITEM, _DONE, _ERROR = "item", "done", "error"


def available() -> bool:
    """Whether this platform can fork (Linux and the other POSIX systems)."""
    return "fork" in multiprocessing.get_all_start_methods()


def _picklable(exc: BaseException) -> BaseException:
    try:
        pickle.dumps(exc)
    except Exception:
        return RuntimeError(f"{type(exc).__name__}: {exc}")
    return exc


def _child(produce: Callable[[], Iterator[Any]], channel: Any) -> None:
    code = 0
    try:
        for item in produce():
            channel.put((_ITEM, item))
        channel.put((_DONE, None))
    except BaseException as exc:  # handed to the parent, which raises it
        channel.put((_ERROR, _picklable(exc)))
        code = 1
    finally:
        channel.close()
        channel.join_thread()
        os._exit(code)


def ahead(produce: Callable[[], Iterator[T]], *, depth: int = DEPTH) -> Iterator[T]:
    """The items of `produce()`, computed in a child process (see the module docstring);
    in this process when the platform cannot fork."""
    if not available():
        yield from produce()
        return
    context = multiprocessing.get_context("fork")
    channel = context.Queue(maxsize=depth)
    process = context.Process(target=_child, args=(produce, channel), daemon=True)
    process.start()
    try:
        while True:
            try:
                kind, payload = channel.get(timeout=POLL_SECONDS)
            except queue_module.Empty:
                if not process.is_alive():
                    raise RuntimeError(
                        f"the reading process stopped (exit code {process.exitcode})"
                    ) from None
                continue
            if kind == _ITEM:
                yield payload
            elif kind == _ERROR:
                raise payload
            else:
                return
    finally:
        if process.is_alive():
            process.terminate()
        process.join()
        channel.close()

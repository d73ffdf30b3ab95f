"""Work done ahead in a second process: `ahead(produce)` runs `produce()` in a forked child and
yields its items here as they arrive, one ahead, so that reading and checking the next
rows of an import (pure Python, no database) runs on the second core while this process
writes the rows before them.

The child starts as a copy of this process (fork), so it needs nothing passed to it; it
must not use the database connection it inherits, and it leaves with `os._exit`, so that
nothing of this process's state (connections, temporary files) is closed twice. An
exception in the child is raised here, after the items produced before it."""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import signal
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

T = TypeVar("T")

#: Seconds between looks at whether the child is still alive while waiting for an item.
POLL_SECONDS = 5.0
#: Seconds a child is given to leave on its own before it is killed.
EXIT_SECONDS = 2.0

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


def _child(produce: Callable[[], Iterator[Any]], sender: Any, receiver: Any) -> None:
    """Send each item down the pipe from this (only) thread: no queue feeder thread, whose
    locks a fork from a process with other threads could leave held. A full pipe blocks the
    send, which keeps the child about one item ahead."""
    # the parent ends a child it no longer needs: no handler inherited from this process
    # (a worker's graceful shutdown, say) may turn that signal into an exception here
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    receiver.close()  # the parent's end: once the parent closes it, a send here fails at once
    code = 0
    try:
        for item in produce():
            sender.send_bytes(pickle.dumps((_ITEM, item), pickle.HIGHEST_PROTOCOL))
        sender.send_bytes(pickle.dumps((_DONE, None)))
    except BaseException as exc:  # handed to the parent, which raises it
        code = 1
        try:
            sender.send_bytes(pickle.dumps((_ERROR, _picklable(exc))))
        except BaseException:
            code = 2
    finally:
        os._exit(code)


def ahead(produce: Callable[[], Iterator[T]]) -> Iterator[T]:
    """The items of `produce()`, computed in a child process (see the module docstring);
    in this process when the platform cannot fork."""
    if not available():
        yield from produce()
        return
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(produce, sender, receiver), daemon=True)
    # objects older than the fork stay out of the collector's passes in the child, which
    # would otherwise write to every one of them and copy the parent's pages it shares
    gc.freeze()
    try:
        process.start()
    finally:
        gc.unfreeze()
    sender.close()
    try:
        while True:
            if not receiver.poll(POLL_SECONDS):
                if not process.is_alive() and not receiver.poll(0):
                    raise RuntimeError(f"the reading process stopped (exit code {process.exitcode})")
                continue
            try:
                kind, payload = pickle.loads(receiver.recv_bytes())  # noqa: S301  (our own child's bytes)
            except EOFError:
                process.join()
                raise RuntimeError(f"the reading process stopped (exit code {process.exitcode})") from None
            if kind == _ITEM:
                yield payload
            elif kind == _ERROR:
                raise payload
            else:
                return
    finally:
        receiver.close()  # a child still sending gets a broken pipe and leaves
        process.join(timeout=EXIT_SECONDS)
        if process.is_alive():
            process.kill()
            process.join()

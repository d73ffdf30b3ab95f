"""Run a Python command (`-c CODE ARGS…` or `-m MODULE ARGS…`) and print its peak resident
memory to stderr as `PEAK_KB n` when it exits.

The figure is the kernel's VmHWM of the process after exec. The rusage of a child is not
used: it counts the pages the child shared with the (large) benchmark process it was forked
from."""

from __future__ import annotations

import atexit
import resource
import runpy
import sys


def _report() -> None:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                print("PEAK_KB", line.split()[1], file=sys.stderr, flush=True)
    # the largest process this one started and waited for (an import's reading process)
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if children:
        print("CHILD_PEAK_KB", children, file=sys.stderr, flush=True)


def main() -> None:
    atexit.register(_report)
    mode, target, *rest = sys.argv[1:]
    if mode == "-c":
        sys.argv = ["-c", *rest]
        exec(compile(target, "<benchmark child>", "exec"), {"__name__": "__main__"})  # noqa: S102  (our own code)
    elif mode == "-m":
        sys.argv = [target, *rest]
        runpy.run_module(target, run_name="__main__", alter_sys=True)
    else:
        raise SystemExit("usage: peak.py -c CODE ARGS… | -m MODULE ARGS…")


def peak_mb(stderr: str, key: str = "PEAK_KB") -> float:
    """The `PEAK_KB` figure a child printed (or another key's), in MB; 0 when absent and the
    key is not PEAK_KB."""
    for line in reversed(stderr.splitlines()):
        if line.startswith(key + " "):
            return int(line.split()[1]) / 1024
    if key != "PEAK_KB":
        return 0.0
    raise RuntimeError("the child did not report its peak memory")


if __name__ == "__main__":
    main()

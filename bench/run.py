"""`make bench`: run every benchmark in bench/ and append its rows to docs/benchmarks.md.

Each benchmark runs against a fresh SQLite database in a temporary folder (or the database
named by BENCH_DATABASE_URL) and reports a value with a baseline measured in the same run."""

from __future__ import annotations

import datetime as dt
import importlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "benchmarks.md"
ALL_BENCHMARKS = [
    "bench_demo_load",
    "bench_list_page",
    "bench_export",
    "bench_risk",
    "bench_search",
    "bench_import",
    "bench_draw",
    "bench_classifier",
    "bench_complaints",
    "bench_overview",
    "bench_spotchecks",
]
INTRO = """# Benchmarks

Written by `make bench` (`bench/run.py`); newest rows last. Each benchmark runs on a fresh
SQLite database on the 2-core development machine and is reported against a baseline measured
in the same run, so the ratio holds when the machine's speed drifts. Dates are UTC.

"""
HEADER = (
    "| benchmark | scale | value | baseline (same run) | ratio | date | commit |\n"
    "| --- | --- | --- | --- | --- | --- | --- |\n"
)


def benchmarks() -> list[str]:
    """All benchmarks, or those named in BENCH_ONLY (comma-separated; the demo load runs
    first whenever a later one needs the register)."""
    only = [n.strip() for n in os.environ.get("BENCH_ONLY", "").split(",") if n.strip()]
    return [n for n in ALL_BENCHMARKS if not only or n in only]


def commit() -> str:
    out = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT, check=False
    )
    return out.stdout.strip() or "uncommitted"


def setup_django(var_dir: str) -> None:
    os.environ["QCITY_VAR_DIR"] = var_dir
    os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qualitycity.project.settings")
    if os.environ.get("BENCH_DATABASE_URL"):
        os.environ["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
    else:
        os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def main() -> int:
    sys.path.insert(0, str(ROOT / "bench"))
    scale = os.environ.get("BENCH_SCALE", "city")
    rows: list[str] = []
    with tempfile.TemporaryDirectory(prefix="qcity-bench-") as var_dir:
        setup_django(var_dir)
        today = dt.datetime.now(dt.UTC).date().isoformat()
        for name in benchmarks():
            module = importlib.import_module(name)
            for result in module.run(scale):
                line = (
                    f"| {result['name']} | {result['scale']} | {result['value']} | {result['baseline']} "
                    f"| {result['ratio']} | {today} | {commit()} |"
                )
                print(line, flush=True)
                rows.append(line)
    DOC.parent.mkdir(exist_ok=True)
    if not DOC.exists():
        DOC.write_text(INTRO + HEADER)
    with DOC.open("a", encoding="utf-8") as fh:
        fh.write("\n".join(rows) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

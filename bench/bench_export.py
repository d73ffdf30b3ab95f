"""Export of the whole register to xlsx as a background job: rows/s and peak memory.

Value: the export job's handler (restrict, filter, stream rows from the database in chunks,
XlsxWriter in constant-memory mode), run in a child process. Baseline, same run: a child that
starts Django and writes the same number of rows of constant values with the same writer, so
the ratio is what reading and formatting the rows costs; memory is the child's peak RSS
(VmHWM after exec, see bench/peak.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from peak import peak_mb

from qualitycity.registry.models import Entity

PEAK = Path(__file__).resolve().parent / "peak.py"

CHILD = """
import os, sys, time, django
django.setup()
from qualitycity.core.spreadsheets import write_xlsx
mode, path, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
start = time.perf_counter()
if mode == "baseline":
    row = ["911405250000ABCDEX", "晋城市泽州县某某铸造有限公司", "企业", "张*", None, "存续", "泽州县", "C3391 黑色金属铸造"]
    write_xlsx(path, [str(i) for i in range(8)], (row for _ in range(n)))
else:
    from qualitycity.core.choices import JobKind
    from qualitycity.core.generic.exporting import run_export
    from qualitycity.core.jobs import Progress
    from qualitycity.core.models import Job
    from qualitycity.core.testing.users import user
    job = Job.objects.create(kind=JobKind.EXPORT, name="bench", owner=user("staff"), model_label="registry.entity",
                             params={"query": "", "format": "xlsx"})
    run_export(job, Progress(job, every=10_000))
print(time.perf_counter() - start)
"""


def _child(mode: str, path: Path, n: int) -> tuple[float, float]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "qualitycity.project.settings"}
    out = subprocess.run(
        [sys.executable, str(PEAK), "-c", CHILD, mode, str(path), str(n)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return float(out.stdout.strip().splitlines()[-1]), peak_mb(out.stderr)


def run(scale: str) -> list[dict[str, Any]]:
    n = Entity.objects.count()
    var = Path(os.environ["QCITY_VAR_DIR"])
    base_seconds, base_mb = _child("baseline", var / "baseline.xlsx", n)
    export_seconds, export_mb = _child("export", var / "unused.xlsx", n)
    return [
        {
            "name": "export of the whole register to xlsx (background job), rows/s and peak RSS",
            "scale": f"{scale} ({n:,} entities)",
            "value": f"{n / export_seconds:,.0f} rows/s ({export_seconds:.1f} s), peak {export_mb:.0f} MB",
            "baseline": f"same writer, constant rows: {n / base_seconds:,.0f} rows/s ({base_seconds:.1f} s), peak {base_mb:.0f} MB",
            "ratio": f"{base_seconds / export_seconds:.2f} (speed), {export_mb / base_mb:.2f} (memory)",
        }
    ]

"""Import of a register export (xlsx) at scale: rows/s and peak memory.

Value: `qcity import entities FILE` (the generic import with the registry's batch importer:
check, write, audit records) in a child process, over a file of new entities made like the
demo's, written with core.spreadsheets.write_xlsx. Baseline, same run, same file: a child
that only reads it row by row with python-calamine. Memory is each child's peak RSS, and for
the import also that of the process it reads and checks the file in (core.prefetch). The
value also gives the platform's own streaming read (core.xlsx) of the file alone. The
imported rows are deleted afterwards, so the benchmarks after this one see the demo register."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from peak import peak_mb
from register import settle

from qualitycity.core.demo import SCALES
from qualitycity.core.spreadsheets import write_xlsx
from qualitycity.core.testing.users import user
from qualitycity.core.uscc import generate
from qualitycity.registry.models import Entity

PEAK = Path(__file__).resolve().parent / "peak.py"

HEADERS = [
    "统一社会信用代码",
    "企业名称",
    "类型",
    "法定代表人",
    "注册资本",
    "成立日期",
    "登记状态",
    "住所",
    "行业代码",
    "所属区县",
]
BASELINE = """
import sys, time
from python_calamine import CalamineWorkbook
start = time.perf_counter()
n = 0
for row in CalamineWorkbook.from_path(sys.argv[1]).get_sheet_by_index(0).iter_rows():
    n += 1
print(time.perf_counter() - start)
"""
SERIAL_BASE = 50_000_000


def _file(path: Path, n: int) -> None:
    """n rows like a register export: demo-like names, new USCCs, mixed date spellings."""
    rng = random.Random(7)
    counties = [("140525", "泽州县"), ("140581", "高平市"), ("140522", "阳城县"), ("140502", "城区")]
    words = [
        ("C3391", "铸造"),
        ("C3071", "陶瓷"),
        ("F5211", "百货"),
        ("C1513", "山楂酒业"),
        ("H6210", "餐饮"),
    ]
    trade = "晋泽丹凤鼎盛华宏兴隆泰安瑞祥永康金源恒通宝福鑫太行沁阳高陵"
    statuses = ["存续", "在业", "注销", "吊销"]

    def rows() -> Any:
        for i in range(n):
            code, name = rng.choice(counties)
            industry, word = rng.choice(words)
            year, month, day = rng.randint(1995, 2025), rng.randint(1, 12), rng.randint(1, 28)
            date = rng.choice(
                [f"{year}年{month}月{day}日", f"{year}/{month}/{day}", f"{year}{month:02d}{day:02d}"]
            )
            yield [
                generate("9", "1", code, SERIAL_BASE + i),
                f"晋城市{name}{rng.choice(trade)}{rng.choice(trade)}{word}有限公司{i}",
                "企业",
                rng.choice("王李张刘陈杨赵黄周吴") + rng.choice("伟芳娜敏静丽强磊军洋"),
                f"{rng.choice((50, 100, 500, 1000))}万元",
                date,
                rng.choice(statuses),
                f"山西省晋城市{name}建设路{rng.randint(1, 399)}号",
                industry,
                code,
            ]

    write_xlsx(path, HEADERS, rows())


STREAMING = """
import sys, time
from qualitycity.core.spreadsheets import read_table
start = time.perf_counter()
n = 0
with read_table(sys.argv[1], filename="register.xlsx") as table:
    for row in table:
        n += 1
print(time.perf_counter() - start)
"""


def _child(args: list[str]) -> tuple[float, float, str, float]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "qualitycity.project.settings"}
    start = time.perf_counter()
    out = subprocess.run(
        [sys.executable, str(PEAK), *args], capture_output=True, text=True, env=env, check=False
    )
    seconds = time.perf_counter() - start
    if out.returncode != 0:
        raise RuntimeError(out.stderr[-3000:])
    return seconds, peak_mb(out.stderr), out.stdout, peak_mb(out.stderr, "CHILD_PEAK_KB")


def run(scale: str) -> list[dict[str, Any]]:
    n = SCALES[scale]
    var = Path(os.environ["QCITY_VAR_DIR"])
    path = var / "register.xlsx"
    _file(path, n)
    user("staff")  # the import is recorded under the cast's staff member
    settle()
    base_seconds, base_mb, _out, _ = _child(["-c", BASELINE, str(path)])
    stream_seconds, stream_mb, _out, _ = _child(["-c", STREAMING, str(path)])
    before = Entity.objects.count()
    import_seconds, import_mb, out, reader_mb = _child(
        ["-m", "qualitycity.manage", "import", "entities", str(path), "--user", "staff"]
    )
    imported = Entity.objects.count() - before
    assert imported == n, out
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM registry_entity WHERE id > (SELECT MAX(id) FROM registry_entity) - %s", [n]
        )
    path.unlink()
    return [
        {
            "name": "import of a register export (xlsx, new entities), rows/s and peak RSS",
            "scale": f"{scale} ({n:,} rows into {before:,} entities, {connection.vendor})",
            "value": (
                f"{n / import_seconds:,.0f} rows/s ({import_seconds:.1f} s), peak {import_mb:.0f} MB "
                f"(reading process {reader_mb:.0f} MB); the platform's streaming read alone: "
                f"{stream_seconds:.1f} s, peak {stream_mb:.0f} MB"
            ),
            "baseline": f"bare python-calamine read: {n / base_seconds:,.0f} rows/s ({base_seconds:.1f} s), peak {base_mb:.0f} MB",
            "ratio": f"{base_seconds / import_seconds:.2f} (speed)",
        }
    ]

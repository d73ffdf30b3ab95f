"""The draw at scale: `services.draw_task` and `qcity draw verify`, wall time, against a
hand-written minimum measured in the same run.

Scale: BENCH_SCALE names a scale of `core.demo.SCALES` (province: 3.5 M entities) or gives the
number of entities, e.g. `BENCH_ONLY=bench_draw BENCH_SCALE=200000` for a quick run.

Setup (not timed), with raw executemany rather than the demo: that many entities, all active,
with distinct valid USCCs and only the required columns, and one current risk assessment each
(A 80 %, B 14 %, C 4.5 %, D 1.5 %); about 2,000 inspectors in the city bureau and 工信局; one
joint task of the two over the whole register (plus whatever an earlier benchmark left in it)
at 5 % in every class, two inspectors per target, approved; on SQLite the write-ahead log is
then checkpointed into the database file.

Value: the wall time of `draw_task` on that task (pool read, snapshot and hash; selection;
conflicts and inspector assignment; storing targets and assignments, one transaction), with
its phases as reported through its progress callback; and of `qcity draw verify` on the draw.
Baseline, in the same run: one SQL query reading the pool's ids and current classes (the same
join of registry_entity with the current credit_riskassessment), a numpy choice of as many
entities as the draw took targets, and raw executemany inserts of as many target and
assignment rows as the draw stored, under the same SQLite settings as the draw
(`core.bulk.large_operation`: larger page cache, mapped reads). The ratio is what the verifiable draw costs over the bare
minimum of reading, choosing and writing the same amount."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import random
import time
from typing import Any

import numpy as np
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone
from register import settle

from qualitycity.core.bulk import insert_rows, large_operation
from qualitycity.core.demo import SCALES, BulkInserter
from qualitycity.core.models import Department, Division
from qualitycity.core.uscc import generate
from qualitycity.credit import risk
from qualitycity.credit.models import RiskAssessment
from qualitycity.inspections.models import (
    CheckItem,
    Draw,
    DrawAssignment,
    DrawTarget,
    InspectionPlan,
    InspectionTask,
    Inspector,
)
from qualitycity.inspections.services import approve_task, draw_task
from qualitycity.registry.models import Entity
from qualitycity.registry.search import search_index_paused

CLASSES = ["A", "B", "C", "D"]
CLASS_WEIGHTS = [80, 14, 4.5, 1.5]
RATIOS = {"A": "5", "B": "5", "C": "5", "D": "5", "-": "5"}
#: Inspectors per department: the city bureau leads, 工信局 takes part.
CREW = {"samr-jc": 1400, "gxj": 600}
BATCH = 10_000


def entities_for(scale: str) -> int:
    return SCALES[scale] if scale in SCALES else int(scale.replace("_", "").replace(",", ""))


def build_register(n: int) -> None:
    """n active entities with a current risk assessment each."""
    rng = random.Random(2024)
    city = Division.objects.get(code=settings.QCITY_CITY_CODE)
    counties = list(Division.objects.counties().inside(city).values_list("pk", flat=True))
    first = (Entity.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    with transaction.atomic(), search_index_paused(first):
        inserter = BulkInserter(
            Entity,
            ["id", "uscc", "name", "entity_type", "registration_status", "county_id"],
            batch_size=BATCH,
        )
        for i in range(n):
            county = counties[i % len(counties)]
            inserter.add(
                (
                    first + i,
                    generate("9", "1", "140500", i),
                    f"晋城市基准{i}有限公司",
                    "enterprise",
                    "existing",
                    county,
                )
            )
        inserter.flush()
    model = risk.ensure_default_model()
    stamp = connection.ops.adapt_datetimefield_value(timezone.now())
    classes = rng.choices(CLASSES, weights=CLASS_WEIGHTS, k=n)
    with transaction.atomic():
        insert_rows(
            RiskAssessment,
            [
                "entity_id",
                "model_id",
                "assessed_at",
                "score",
                "risk_class",
                "contributions",
                "override",
                "is_current",
            ],
            ((first + i, model.pk, stamp, "0", classes[i], "[]", "", True) for i in range(n)),
        )


def build_task() -> InspectionTask:
    """The joint task over the whole register, with its inspectors, approved."""
    departments = {d.code: d for d in Department.objects.filter(code__in=CREW)}
    lead = departments["samr-jc"]
    Inspector.objects.bulk_create(
        [
            Inspector(
                code=f"B{code[:3].upper()}{n:05d}",
                name=f"检查员{n}",
                department=departments[code],
                certificate_number=f"BENCH-{code}-{n:05d}",
                certificate_expiry=dt.date(2030, 12, 31),
            )
            for code, size in CREW.items()
            for n in range(size)
        ],
        batch_size=1000,
    )
    plan, _created = InspectionPlan.objects.get_or_create(
        department=lead, year=2026, name="基准测试抽查计划", defaults={"ratios": RATIOS}
    )
    task = InspectionTask.objects.create(
        number="BENCH-DRAW-1",
        name="全市部门联合双随机抽查（基准）",
        plan=plan,
        lead_department=lead,
        pool_filter={},
        ratios=RATIOS,
        inspectors_per_target=2,
        start_date=dt.date(2026, 9, 1),
        end_date=dt.date(2026, 10, 30),
    )
    task.participating_departments.set([departments["gxj"]])
    task.check_items.set(
        [
            CheckItem.objects.create(
                department=d,
                number="BENCH-01",
                name="基准检查事项",
                legal_basis="《中华人民共和国产品质量法》第十五条",
                inspecting_body=d.name,
                target_type="企业",
                check_method="现场检查",
            )
            for d in departments.values()
        ]
    )
    approve_task(task, actor=None)
    return task


def baseline(targets: int, task: InspectionTask) -> dict[str, float]:
    """Read the pool's ids and classes in one query, choose `targets` of them with numpy, and
    insert as many target rows and one assignment row per department for each with raw
    executemany; then remove them again."""
    scratch = Draw.objects.create(
        task=task,
        sequence=99,
        algorithm="baseline",
        seed="0" * 64,
        commitment="0" * 64,
        committed_at=timezone.now(),
    )
    crews = [
        list(
            Inspector.objects.filter(code__startswith="B", department__code=code).values_list(
                "pk", "department_id"
            )
        )
        for code in CREW
    ]
    first_target = (DrawTarget.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    first_assignment = (DrawAssignment.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    with large_operation():
        return _baseline(targets, scratch, crews, first_target, first_assignment)


def _baseline(
    targets: int, scratch: Draw, crews: list[list[tuple[int, int]]], first_target: int, first_assignment: int
) -> dict[str, float]:
    """The timed part of `baseline`, under the same SQLite settings as the draw."""
    q = connection.ops.quote_name
    entity, assessment = q(Entity._meta.db_table), q(RiskAssessment._meta.db_table)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT e.id, a.risk_class FROM {entity} e LEFT JOIN {assessment} a "  # noqa: S608  (model names)
            "ON a.entity_id = e.id AND a.is_current WHERE e.registration_status IN (%s, %s)",
            ["existing", "operating"],
        )
        pool = cursor.fetchall()
    read = time.perf_counter()
    rng = np.random.default_rng(2024)
    chosen = rng.choice(len(pool), size=targets, replace=False).tolist()
    picks = [rng.integers(0, len(crew), size=targets).tolist() for crew in crews]
    chose = time.perf_counter()
    with transaction.atomic():
        insert_rows(
            DrawTarget,
            ["id", "draw_id", "position", "entity_id", "uscc", "risk_class", "sort_key"],
            (
                (first_target + n, scratch.pk, n + 1, pool[i][0], "", pool[i][1] or "-", "")
                for n, i in enumerate(chosen)
            ),
        )
        insert_rows(
            DrawAssignment,
            ["id", "draw_id", "target_id", "slot", "inspector_id", "department_id"],
            (
                (first_assignment + n * len(crews) + s, scratch.pk, first_target + n, s + 1, *crew[picked[n]])
                for n in range(targets)
                for s, (crew, picked) in enumerate(zip(crews, picks, strict=True))
            ),
        )
    done = time.perf_counter()
    with transaction.atomic():
        DrawAssignment.objects.filter(draw=scratch).delete()
        DrawTarget.objects.filter(draw=scratch).delete()
        scratch.delete()
    return {"total": done - started, "read": read - started, "choose": chose - read, "insert": done - chose}


def run(scale: str) -> list[dict[str, Any]]:
    n = entities_for(scale)
    build_register(n)
    task = build_task()
    settle()
    pool = Entity.objects.active().count()
    expected = sum(-(-count * 5 // 100) for count in _class_sizes().values())
    base = baseline(expected, task)
    marks: list[float] = []
    started = time.perf_counter()
    draw = draw_task(task, actor=None, progress=lambda done, total: marks.append(time.perf_counter()))
    draw_seconds = time.perf_counter() - started
    pool_read, selection, staffing, storing = (b - a for a, b in itertools.pairwise(marks))
    started = time.perf_counter()
    out = io.StringIO()
    call_command("draw", "verify", str(draw.pk), stdout=out)
    verify_seconds = time.perf_counter() - started
    assert out.getvalue().startswith(f"draw {draw.pk} verified: {draw.target_count} targets"), out.getvalue()
    assignments = DrawAssignment.objects.filter(draw=draw).count()
    assert draw.target_count == expected, (draw.target_count, expected)
    label = (
        f"{scale if scale in SCALES else 'custom'} ({pool:,} entities in the pool, {draw.target_count:,} "
        f"targets, {assignments:,} assignments, {sum(CREW.values()):,} inspectors in 2 departments, "
        f"{connection.vendor})"
    )
    rows = draw.target_count + assignments
    baseline_text = (
        f"one pool query + numpy choice + raw executemany of the same {rows:,} rows: {base['total']:.2f} s "
        f"(query {base['read']:.2f} s, choice {base['choose']:.2f} s, insert {base['insert']:.2f} s)"
    )
    return [
        {
            "name": "draw of a joint task: wall time of `draw_task` (snapshot and hash, selection, inspectors, storing)",
            "scale": label,
            "value": f"{draw_seconds:.2f} s (pool read and snapshot {pool_read:.2f} s, selection {selection:.2f} s, "
            f"conflicts and inspectors {staffing:.2f} s, storing {storing:.2f} s)",
            "baseline": baseline_text,
            "ratio": f"{draw_seconds / base['total']:.2f}",
        },
        {
            "name": "`qcity draw verify` of that draw (re-run from the seed and snapshots, compare)",
            "scale": label,
            "value": f"{verify_seconds:.2f} s",
            "baseline": baseline_text,
            "ratio": f"{verify_seconds / base['total']:.2f}",
        },
    ]


def _class_sizes() -> dict[str, int]:
    """Active entities per current class, "-" for those without one (the draw's strata)."""
    active = Entity.objects.active()
    rows = (
        RiskAssessment.objects.filter(is_current=True, entity__in=active)
        .values("risk_class")
        .annotate(n=Count("pk"))
        .order_by()
    )
    sizes = {row["risk_class"]: row["n"] for row in rows}
    sizes["-"] = active.count() - sum(sizes.values())
    return sizes

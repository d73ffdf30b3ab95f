"""Tasks through their draw: approval with a sealed seed, the draw, redo, and verification.

The draw is claimed with one conditional UPDATE (approved → drawing), so of two requests
racing only one draws; the other is told a draw is already running or done."""

from __future__ import annotations

import datetime as dt
import json
import secrets
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.db.models import FilteredRelation, Q, QuerySet, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from qualitycity.core import audit
from qualitycity.core.bulk import allocate_ids, insert_rows, large_operation, rows_where_in
from qualitycity.core.services import rule_value
from qualitycity.credit.risk import active_model
from qualitycity.inspections import algorithm
from qualitycity.inspections.algorithm import ALGORITHM, DrawError, Staffing
from qualitycity.inspections.choices import DrawStatus, InspectorStatus, TaskStatus
from qualitycity.inspections.models import (
    Draw,
    DrawAssignment,
    DrawTarget,
    InspectionResult,
    InspectionTask,
    Inspector,
    InspectorConflict,
)
from qualitycity.inspections.results import publication_due
from qualitycity.registry.models import Entity

ProgressFn = Callable[[int, int], None]
ACTIVE_STATUSES = ("existing", "operating")
MAX_NAMED = 50


def _noop(done: int, total: int) -> None:
    return None


# --- parameters -----------------------------------------------------------------------------


def min_inspectors(on: dt.date | None = None) -> int:
    return int(rule_value("inspection-min-inspectors", on=on) or 2)


def risk_classes() -> list[str]:
    """The classes of the active risk model, low to high, and "-" for not yet classified."""
    return [*[c["code"] for c in active_model().classes], algorithm.UNCLASSIFIED]


def validate_ratios(ratios: dict[str, Any]) -> dict[str, str]:
    """Ratios per class as canonical strings; a `DrawError` naming every bad class."""
    bad = {}
    clean = {}
    for risk_class, value in ratios.items():
        try:
            algorithm.ratio_basis_points(value)
        except ValueError:
            bad[risk_class] = str(value)
            continue
        clean[risk_class] = str(value).strip().rstrip("%")
    if bad:
        raise DrawError(
            "invalid_ratio",
            _("Sampling ratios must be percentages from 0 to 100 with at most two decimals: %(bad)s")
            % {"bad": "，".join(f"{k}={v}" for k, v in bad.items())},
            {"ratios": bad},
        )
    return clean


def task_departments(task: InspectionTask) -> list[Any]:
    """The lead department first, then the participating ones by code."""
    others = sorted(task.participating_departments.exclude(pk=task.lead_department_id), key=lambda d: d.code)
    return [task.lead_department, *others]


# --- pool -----------------------------------------------------------------------------------


def pool_queryset(task: InspectionTask) -> QuerySet[Entity]:
    """The task's target pool: its saved entity filter, active entities only unless the filter
    names a status, inside the lead department's county when it is a county bureau."""
    from qualitycity.registry.filters import EntityFilterSet

    data = {k: v for k, v in (task.pool_filter or {}).items() if v not in ("", None, [])}
    filterset = EntityFilterSet(data=data, queryset=Entity.objects.all())
    qs = filterset.qs if filterset.is_valid() else Entity.objects.none()
    if "registration_status" not in data:
        qs = qs.filter(registration_status__in=ACTIVE_STATUSES)
    division = task.lead_department.division
    if division.level in ("county", "stats_zone"):
        qs = qs.filter(county=division)
    return qs


def read_pool(task: InspectionTask) -> tuple[list[int], list[str], list[str]]:
    """Ids, USCCs and current classes of the pool, sorted by USCC, in one query."""
    qs = (
        pool_queryset(task)
        .annotate(
            current=FilteredRelation("risk_assessments", condition=Q(risk_assessments__is_current=True))
        )
        .annotate(risk_class=Coalesce("current__risk_class", Value(algorithm.UNCLASSIFIED)))
        .order_by("uscc")
        .values_list("pk", "uscc", "risk_class")
    )
    sql, params = qs.query.sql_with_params()
    ids: list[int] = []
    usccs: list[str] = []
    classes: list[str] = []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(100_000):
            batch_ids, batch_usccs, batch_classes = zip(*rows, strict=True)
            ids.extend(batch_ids)
            usccs.extend(batch_usccs)
            classes.extend(batch_classes)
    return ids, usccs, classes


# --- approval -------------------------------------------------------------------------------


def check_task(task: InspectionTask) -> None:
    """What approval requires: items, dates, ratios, enough inspectors per target, a pool."""
    validate_ratios(task.ratios)
    if not task.ratios or not any(algorithm.ratio_basis_points(v) for v in task.ratios.values()):
        raise DrawError("no_ratio", _("At least one risk class needs a sampling ratio above zero."))
    if task.end_date < task.start_date:
        raise DrawError("bad_period", _("The task ends before it starts."))
    needed = min_inspectors(task.start_date)
    if task.inspectors_per_target < needed:
        raise DrawError(
            "too_few_per_target",
            _("Every target needs at least %(n)d inspectors.") % {"n": needed},
        )
    departments = task_departments(task)
    if task.inspectors_per_target < len(departments):
        raise DrawError(
            "too_few_for_joint_task",
            _("A joint task of %(d)d departments needs at least %(d)d inspectors per target.")
            % {"d": len(departments)},
        )
    if not task.check_items.exists():
        raise DrawError("no_items", _("The task has no check items."))
    if not pool_queryset(task).exists():
        raise DrawError(
            "empty_pool", _("The target pool of this task is empty: no entity matches its filter.")
        )


def next_task_number(year: int) -> str:
    """The next free automatic task number of a year: SJ-2026-0001, SJ-2026-0002, … (city-wide,
    whatever the caller's scope; only the numbers are read)."""
    prefix = f"SJ-{year}-"
    taken = InspectionTask.objects.filter(number__startswith=prefix).values_list("number", flat=True)
    return f"{prefix}{max((int(n[len(prefix) :]) for n in taken if n[len(prefix) :].isdigit()), default=0) + 1:04d}"


def _new_seed() -> tuple[str, str]:
    seed = secrets.token_hex(32)
    return seed, algorithm.commitment_of(seed)


@transaction.atomic
def approve_task(task: InspectionTask, *, actor: Any) -> Draw:
    """Approve a draft task: check it, seal a seed and publish its commitment."""
    task = InspectionTask.objects.select_for_update().get(pk=task.pk)
    if task.status != TaskStatus.DRAFT:
        raise DrawError("not_draft", _("Only a draft task can be approved."))
    check_task(task)
    before = audit.snapshot(task)
    task.status = TaskStatus.APPROVED
    task.approved_by = actor if getattr(actor, "is_authenticated", False) else None
    task.approved_at = timezone.now()
    task.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
    audit.record_change(actor=actor, obj=task, before=before, message="approved")
    return _commit(task, actor=actor, sequence=1)


def _commit(
    task: InspectionTask, *, actor: Any, sequence: int, reason: str = "", supersedes: Draw | None = None
) -> Draw:
    seed, commitment = _new_seed()
    draw = Draw.objects.create(
        task=task,
        sequence=sequence,
        algorithm=ALGORITHM,
        seed=seed,
        commitment=commitment,
        committed_at=timezone.now(),
        redo_reason=reason,
        supersedes=supersedes,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit.record(actor=actor, action="create", obj=draw, message=f"commitment {commitment}")
    return draw


def current_draw(task: InspectionTask) -> Draw | None:
    return task.draws.exclude(status=DrawStatus.SUPERSEDED).order_by("-sequence").first()


@transaction.atomic
def redo_draw(task: InspectionTask, *, actor: Any, reason: str) -> Draw:
    """Supersede the task's draw (kept, with the reason) and seal a new seed for the next one."""
    reason = (reason or "").strip()
    if not reason:
        raise DrawError("reason_required", _("A redo needs a reason."))
    task = InspectionTask.objects.select_for_update().get(pk=task.pk)
    if task.status != TaskStatus.DRAWN:
        raise DrawError("not_drawn", _("Only a drawn task can be drawn again."))
    if InspectionResult.objects.filter(task=task).exists():
        raise DrawError("has_results", _("Results were entered for this draw; it can no longer be redone."))
    old = current_draw(task)
    assert old is not None
    old.status = DrawStatus.SUPERSEDED
    old.save(update_fields=["status", "updated_at"])
    audit.record(actor=actor, action="update", obj=old, message=f"superseded: {reason}")
    task.status = TaskStatus.APPROVED
    task.save(update_fields=["status", "updated_at"])
    return _commit(task, actor=actor, sequence=old.sequence + 1, reason=reason, supersedes=old)


# --- the draw -------------------------------------------------------------------------------


def claim(task: InspectionTask) -> None:
    """Take the task from approved to drawing, or say why not (one UPDATE: race-safe)."""
    with transaction.atomic():
        taken = InspectionTask.objects.filter(pk=task.pk, status=TaskStatus.APPROVED).update(
            status=TaskStatus.DRAWING, updated_at=timezone.now()
        )
    if taken:
        return
    status = InspectionTask.objects.filter(pk=task.pk).values_list("status", flat=True).first()
    if status == TaskStatus.DRAWING:
        raise DrawError("draw_running", _("A draw of this task is already running."))
    if status in (TaskStatus.DRAWN, TaskStatus.CLOSED):
        raise DrawError("already_drawn", _("This task has already been drawn."))
    raise DrawError("not_approved", _("The task must be approved before the draw."))


def release(task: InspectionTask) -> None:
    InspectionTask.objects.filter(pk=task.pk, status=TaskStatus.DRAWING).update(status=TaskStatus.APPROVED)


def draw_task(task: InspectionTask, *, actor: Any, progress: ProgressFn = _noop) -> Draw:
    """Claim and perform the draw; on failure the task is approved again and nothing is stored."""
    claim(task)
    try:
        with large_operation():
            return perform_draw(task, actor=actor, progress=progress)
    except BaseException:
        release(task)
        raise


def eligible_inspectors(task: InspectionTask, departments: list[Any]) -> dict[str, list[Inspector]]:
    """Active inspectors of the task's departments whose certificate is valid through its end."""
    rows = Inspector.objects.filter(
        department__in=departments, status=InspectorStatus.ACTIVE, certificate_expiry__gte=task.end_date
    ).select_related("department")
    by_department: dict[str, list[Inspector]] = {d.code: [] for d in departments}
    for inspector in rows:
        by_department[inspector.department.code].append(inspector)
    return by_department


def exclusions(
    entity_ids: list[int], inspectors: dict[int, str], uscc_of: dict[int, str]
) -> dict[str, set[str]]:
    """Per target USCC, the inspector codes excluded: declared conflicts in force, and the
    inspectors of the entity's last inspection."""
    excluded: dict[str, set[str]] = {}
    conflicts = InspectorConflict.objects.filter(
        is_granted=True, inspector_id__in=list(inspectors)
    ).values_list("entity_id", "inspector_id")
    for entity_id, inspector_id in conflicts:
        if entity_id in uscc_of:
            excluded.setdefault(uscc_of[entity_id], set()).add(inspectors[inspector_id])
    select = f"SELECT entity_id, inspected_on, target_id FROM {InspectionResult._meta.db_table}"  # noqa: S608
    for chunk in _chunks(entity_ids, 10000):
        latest: dict[int, tuple[Any, int]] = {}
        for entity_id, day, target_id in rows_where_in(select, "entity_id", chunk):
            if entity_id not in latest or (day, target_id) > latest[entity_id]:
                latest[entity_id] = (day, target_id)
        target_entity = {target_id: entity_id for entity_id, (_day, target_id) in latest.items()}
        for target_id, inspector_id in DrawAssignment.objects.filter(
            target_id__in=list(target_entity)
        ).values_list("target_id", "inspector_id"):
            if inspector_id in inspectors:
                excluded.setdefault(uscc_of[target_entity[target_id]], set()).add(inspectors[inspector_id])
    return excluded


def _chunks(items: list[Any], size: int) -> list[list[Any]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def perform_draw(task: InspectionTask, *, actor: Any, progress: ProgressFn = _noop) -> Draw:
    """The draw of a claimed task: pool snapshot, targets, inspectors, stored in one transaction."""
    draw = current_draw(task)
    if draw is None or draw.is_drawn:
        raise DrawError("no_commitment", _("The task has no sealed seed to draw with."))
    progress(0, 5)
    ids, usccs, classes = read_pool(task)
    if not ids:
        raise DrawError(
            "empty_pool", _("The target pool of this task is empty: no entity matches its filter.")
        )
    pool_bytes = algorithm.pool_text(usccs, classes)
    ratios = validate_ratios(task.ratios)
    progress(1, 5)
    with ThreadPoolExecutor(max_workers=1) as background:
        # hashing and compressing the snapshot release the GIL: they run beside the selection
        sealed = background.submit(_seal, pool_bytes)
        return _draw_and_store(task, draw, actor, progress, ids, usccs, classes, ratios, sealed)


def _seal(data: bytes) -> tuple[str, bytes]:
    """A snapshot's hash and its compressed bytes."""
    return algorithm.sha256_hex(data), algorithm.compress(data)


def _draw_and_store(
    task: InspectionTask,
    draw: Draw,
    actor: Any,
    progress: ProgressFn,
    ids: list[int],
    usccs: list[str],
    classes: list[str],
    ratios: dict[str, str],
    sealed: Future[tuple[str, bytes]],
) -> Draw:
    targets, strata = algorithm.select_targets(draw.seed, usccs, classes, ratios, draw.algorithm)
    progress(2, 5)
    departments = task_departments(task)
    eligible = eligible_inspectors(task, departments)
    target_ids = [ids[t.line] for t in targets]
    inspector_code = {i.pk: i.code for group in eligible.values() for i in group}
    excluded = exclusions(
        target_ids, inspector_code, {pk: t.uscc for t, pk in zip(targets, target_ids, strict=True)}
    )
    staffing = Staffing(
        departments=[d.code for d in departments],
        inspectors={code: [i.code for i in group] for code, group in eligible.items()},
        exclusions={u: sorted(c) for u, c in excluded.items()},
        per_target=task.inspectors_per_target,
    )
    assignments, unstaffable = algorithm.assign_inspectors(draw.seed, targets, staffing)
    if unstaffable:
        raise _unstaffable_error(unstaffable, departments)
    progress(3, 5)
    staffing_bytes = algorithm.canonical_json(staffing.as_json())
    _store(
        draw,
        task=task,
        actor=actor,
        pool=sealed.result(),
        staffing_bytes=staffing_bytes,
        strata=strata,
        targets=targets,
        target_ids=target_ids,
        assignments=assignments,
        inspectors={i.code: i for group in eligible.values() for i in group},
        departments={d.code: d for d in departments},
        pool_size=len(ids),
    )
    progress(5, 5)
    return draw


def _unstaffable_error(unstaffable: list[algorithm.Unstaffable], departments: list[Any]) -> DrawError:
    names = dict(
        Entity.objects.filter(uscc__in=[u.uscc for u in unstaffable[:MAX_NAMED]]).values_list("uscc", "name")
    )
    dept_names = {d.code: d.name for d in departments}
    rows = [
        {
            "uscc": u.uscc,
            "name": names.get(u.uscc, ""),
            "department": u.department,
            "reason": (
                _("no eligible inspector of %(department)s is left for it")
                % {"department": dept_names[u.department]}
                if u.department
                else _("fewer eligible inspectors than required")
            ),
        }
        for u in unstaffable
    ]
    listed = "；".join(f"{r['name'] or r['uscc']}（{r['uscc']}）：{r['reason']}" for r in rows[:MAX_NAMED])
    more = len(rows) - MAX_NAMED
    message = _("The draw stopped: %(n)d targets cannot be staffed. %(list)s") % {
        "n": len(rows),
        "list": listed,
    }
    if more > 0:
        message += _(" … and %(n)d more.") % {"n": more}
    return DrawError("unstaffable", message, {"targets": rows})


@transaction.atomic
def _store(
    draw: Draw,
    *,
    task: InspectionTask,
    actor: Any,
    pool: tuple[str, bytes],
    staffing_bytes: bytes,
    strata: dict[str, Any],
    targets: list[algorithm.Selected],
    target_ids: list[int],
    assignments: list[list[tuple[str, str]]],
    inspectors: dict[str, Inspector],
    departments: dict[str, Any],
    pool_size: int,
) -> None:
    now = timezone.now()
    user = actor if getattr(actor, "is_authenticated", False) else None
    draw.status = DrawStatus.DRAWN
    draw.drawn_at = now
    draw.drawn_by = user
    draw.parameters = {
        "ratios": task.ratios,
        "per_target": task.inspectors_per_target,
        "pool_filter": task.pool_filter,
        "end_date": task.end_date.isoformat(),
    }
    draw.pool_hash, draw.pool_snapshot = pool
    draw.pool_size = pool_size
    draw.staffing_snapshot = algorithm.compress(staffing_bytes)
    draw.staffing_hash = algorithm.sha256_hex(staffing_bytes)
    draw.strata = strata
    draw.target_count = len(targets)
    draw.inspector_count = len({code for picked in assignments for _d, code in picked})
    draw.save()
    target_pks = allocate_ids(DrawTarget, len(targets))
    insert_rows(
        DrawTarget,
        ["id", "draw_id", "position", "entity_id", "uscc", "risk_class", "sort_key"],
        (
            (target_pk, draw.pk, n, pk, t.uscc, t.risk_class, t.key)
            for n, (target_pk, t, pk) in enumerate(zip(target_pks, targets, target_ids, strict=True), start=1)
        ),
    )
    insert_rows(
        DrawAssignment,
        ["draw_id", "target_id", "slot", "inspector_id", "department_id"],
        (
            (draw.pk, target_pk, slot, inspectors[code].pk, departments[department].pk)
            for target_pk, picked in zip(target_pks, assignments, strict=True)
            for slot, (department, code) in enumerate(picked, start=1)
        ),
        packed=True,
    )
    InspectionTask.objects.filter(pk=task.pk).update(
        status=TaskStatus.DRAWN, publication_due=publication_due(task), updated_at=now
    )
    audit.record(
        actor=actor,
        action="update",
        obj=draw,
        message=f"drawn: {draw.target_count} targets, {draw.inspector_count} inspectors, pool {draw.pool_hash}",
        extra={"seed": draw.seed, "pool_hash": draw.pool_hash, "staffing_hash": draw.staffing_hash},
    )


# --- verification ---------------------------------------------------------------------------


@dataclass
class Verification:
    draw_id: int
    targets: int = 0
    inspectors: int = 0
    differences: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.differences

    def summary(self) -> str:
        if self.ok:
            return f"draw {self.draw_id} verified: {self.targets} targets, {self.inspectors} inspectors"
        return f"draw {self.draw_id} FAILED verification:\n" + "\n".join(f"- {d}" for d in self.differences)


def verify_draw(draw: Draw, limit: int = 20) -> Verification:
    """Recompute the draw from its seed and snapshots and compare with what is stored."""
    with large_operation():
        return _verify(draw, limit)


def _verify(draw: Draw, limit: int) -> Verification:
    report = Verification(draw.pk)
    diffs = report.differences
    if not draw.is_drawn:
        diffs.append("the draw has not been made yet")
        return report
    if draw.algorithm not in algorithm.ALGORITHMS:
        diffs.append(f"unknown draw algorithm {draw.algorithm!r}")
        return report
    if algorithm.commitment_of(draw.seed) != draw.commitment:
        diffs.append(f"seed does not match the commitment {draw.commitment}")
    pool = algorithm.decompress(draw.pool_snapshot)
    if algorithm.sha256_hex(pool) != draw.pool_hash:
        diffs.append(f"pool snapshot does not match the pool hash {draw.pool_hash}")
    staffing_bytes = algorithm.decompress(draw.staffing_snapshot)
    if algorithm.sha256_hex(staffing_bytes) != draw.staffing_hash:
        diffs.append(f"staffing snapshot does not match its hash {draw.staffing_hash}")
    staffing = Staffing.from_json(json.loads(staffing_bytes or b"{}"))
    outcome = algorithm.run(draw.seed, pool, draw.parameters.get("ratios", {}), staffing, draw.algorithm)
    if outcome.unstaffable:
        diffs.append(f"{len(outcome.unstaffable)} targets cannot be staffed on re-run")
    expected_targets = [(n, t.uscc, t.risk_class, t.key) for n, t in enumerate(outcome.targets, start=1)]
    stored_targets = list(
        DrawTarget.objects.filter(draw=draw)
        .order_by("position")
        .values_list("position", "uscc", "risk_class", "sort_key", "entity__uscc", "pk")
    )
    for pos, uscc, _cls, _key, entity_uscc, _pk in stored_targets:
        if uscc != entity_uscc:
            diffs.append(f"target {pos}: stored USCC {uscc} but linked to entity {entity_uscc}")
    _compare(diffs, "target", expected_targets, [row[:4] for row in stored_targets], limit)
    position_of = {row[5]: row[0] for row in stored_targets}
    expected_assign = [
        (n, slot, department, code)
        for n, picked in enumerate(outcome.assignments, start=1)
        for slot, (department, code) in enumerate(picked, start=1)
    ]
    stored_assign = sorted(
        (position_of.get(t, 0), slot, dept, code)
        for t, slot, dept, code in DrawAssignment.objects.filter(draw=draw).values_list(
            "target_id", "slot", "department__code", "inspector__code"
        )
    )
    _compare(diffs, "assignment", expected_assign, stored_assign, limit)
    if draw.strata != outcome.strata:
        diffs.append("strata counts differ from the re-run")
    if len(expected_targets) != draw.target_count:
        diffs.append(
            f"the draw records {draw.target_count} targets, the re-run gives {len(expected_targets)}"
        )
    report.targets = len(stored_targets)
    report.inspectors = len({row[3] for row in stored_assign})
    return report


def _compare(diffs: list[str], what: str, expected: list[tuple], stored: list[tuple], limit: int) -> None:
    if expected == stored:
        return
    want, have = set(expected), set(stored)
    missing = sorted(want - have)
    extra = sorted(have - want)
    diffs.append(f"{what}s differ: {len(missing)} expected not stored, {len(extra)} stored not expected")
    diffs.extend(f"  expected {what} {row} not stored" for row in missing[:limit])
    diffs.extend(f"  stored {what} {row} not expected" for row in extra[:limit])
    if not missing and not extra:
        diffs.append(f"  {what}s stored in a different order")

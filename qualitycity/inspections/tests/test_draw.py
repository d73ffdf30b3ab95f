"""The draw: commitment before, stratified selection by the ratios, inspectors under the rules,
refusals with reasons, the race, redo, and verification against any altered row."""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from collections import Counter

import pytest
from django.db import connection, connections
from django.utils import timezone

from qualitycity.credit.models import RiskAssessment
from qualitycity.credit.risk import active_model
from qualitycity.inspections import algorithm
from qualitycity.inspections.choices import DrawStatus, TaskStatus
from qualitycity.inspections.models import Draw, DrawAssignment, DrawTarget, InspectionTask, InspectorConflict
from qualitycity.inspections.services import (
    DrawError,
    approve_task,
    draw_task,
    redo_draw,
    verify_draw,
)
from qualitycity.inspections.tests import factories as f
from qualitycity.registry.tests.factories import entity

pytestmark = pytest.mark.django_db
ZEZHOU = {"county_id": None}


def classify(entities, risk_class: str) -> None:
    model = active_model()
    RiskAssessment.objects.bulk_create(
        RiskAssessment(entity=e, model=model, assessed_at=timezone.now(), score=0, risk_class=risk_class)
        for e in entities
    )


def zezhou_pool(per_class: int = 10) -> dict[str, list]:
    made = {c: [entity() for _ in range(per_class)] for c in "ABCD"}
    for c, group in made.items():
        classify(group, c)
    return made


def zezhou_filter() -> dict:
    from qualitycity.core.models import Division

    return {"county_id": Division.objects.get(code="140525").pk}


@pytest.fixture
def staff(cast):
    return cast("staff")


def test_approval_publishes_a_commitment_and_keeps_the_seed_sealed(staff):
    zezhou_pool(2)
    task = f.task(pool_filter=zezhou_filter())
    f.inspectors(task.lead_department, 3)
    draw = approve_task(task, actor=staff)
    task.refresh_from_db()
    assert task.status == TaskStatus.APPROVED
    assert algorithm.is_seed(draw.seed)
    assert draw.commitment == hashlib.sha256(draw.seed.encode("utf-8")).hexdigest()
    assert draw.public_seed == ""
    assert draw.status == DrawStatus.COMMITTED


def test_draw_takes_the_ratio_of_every_class_and_two_distinct_inspectors(staff):
    pool = zezhou_pool(10)
    entity(county="140581")  # outside the filtered pool
    task = f.task(pool_filter=zezhou_filter(), ratios={"A": "10", "B": "20", "C": "50", "D": "100"})
    crew = f.inspectors(task.lead_department, 4)
    approve_task(task, actor=staff)
    draw = draw_task(task, actor=staff)
    assert draw.pool_size == 40
    assert {c: s["targets"] for c, s in draw.strata.items()} == {"A": 1, "B": 2, "C": 5, "D": 10}
    targets = list(DrawTarget.objects.filter(draw=draw))
    assert Counter(t.risk_class for t in targets) == {"A": 1, "B": 2, "C": 5, "D": 10}
    assert {t.entity_id for t in targets if t.risk_class == "D"} == {e.pk for e in pool["D"]}
    for target in targets:
        assigned = list(target.assignments.values_list("inspector_id", flat=True))
        assert len(assigned) == 2
        assert len(set(assigned)) == 2
    loads = Counter(DrawAssignment.objects.filter(draw=draw).values_list("inspector_id", flat=True))
    assert set(loads) == {i.pk for i in crew}
    assert max(loads.values()) - min(loads.values()) <= 1
    draw.refresh_from_db()
    assert draw.public_seed == draw.seed
    task.refresh_from_db()
    assert task.status == TaskStatus.DRAWN
    assert task.publication_due is not None


def test_joint_task_has_one_inspector_of_each_department(staff):
    zezhou_pool(5)
    other = f.department("gxj")
    task = f.task(
        pool_filter=zezhou_filter(),
        participating=[other],
        ratios={"A": "100", "B": "100", "C": "100", "D": "100"},
    )
    ours = {i.pk for i in f.inspectors(task.lead_department, 3)}
    theirs = {i.pk for i in f.inspectors(other, 2)}
    approve_task(task, actor=staff)
    draw = draw_task(task, actor=staff)
    for target in DrawTarget.objects.filter(draw=draw):
        assigned = set(target.assignments.values_list("inspector_id", flat=True))
        assert assigned & ours
        assert assigned & theirs


def test_conflicts_and_expired_certificates_are_never_drawn(staff):
    pool = zezhou_pool(5)
    task = f.task(pool_filter=zezhou_filter(), ratios={"A": "100", "B": "100", "C": "100", "D": "100"})
    crew = f.inspectors(task.lead_department, 3)
    (expired,) = f.inspectors(task.lead_department, 1, certificate_expiry=dt.date(2026, 10, 1))
    conflicted = crew[0]
    victim = pool["A"][0]
    InspectorConflict.objects.create(
        inspector=conflicted, entity=victim, kind="relative", declared_on=dt.date(2026, 1, 5)
    )
    approve_task(task, actor=staff)
    draw = draw_task(task, actor=staff)
    assigned = DrawAssignment.objects.filter(draw=draw)
    assert not assigned.filter(inspector=expired).exists()
    assert not assigned.filter(inspector=conflicted, target__entity=victim).exists()
    assert verify_draw(draw).ok


def test_everyone_conflicted_stops_the_draw_naming_the_target(staff):
    pool = zezhou_pool(2)
    task = f.task(pool_filter=zezhou_filter(), ratios={"A": "100", "B": "0", "C": "0", "D": "0"})
    crew = f.inspectors(task.lead_department, 2)
    victim = pool["A"][1]
    InspectorConflict.objects.create(
        inspector=crew[0], entity=victim, kind="former_employer", declared_on=dt.date(2026, 1, 5)
    )
    approve_task(task, actor=staff)
    with pytest.raises(DrawError) as exc:
        draw_task(task, actor=staff)
    assert exc.value.code == "unstaffable"
    assert victim.name in exc.value.message
    assert victim.uscc in exc.value.message
    assert [t["uscc"] for t in exc.value.details["targets"]] == [victim.uscc]
    task.refresh_from_db()
    assert task.status == TaskStatus.APPROVED
    assert not DrawTarget.objects.exists()
    assert not Draw.objects.filter(drawn_at__isnull=False).exists()


def test_empty_pool_and_bad_ratios_refuse_approval(staff):
    task = f.task(pool_filter={"tag": "time_honoured"})
    with pytest.raises(DrawError) as exc:
        approve_task(task, actor=staff)
    assert exc.value.code == "empty_pool"
    zezhou_pool(1)
    bad = f.task(pool_filter=zezhou_filter(), ratios={"A": "120", "B": "-1", "C": "5"})
    with pytest.raises(DrawError) as exc:
        approve_task(bad, actor=staff)
    assert exc.value.code == "invalid_ratio"
    assert set(exc.value.details["ratios"]) == {"A", "B"}
    one = f.task(pool_filter=zezhou_filter(), per_target=1)
    with pytest.raises(DrawError) as exc:
        approve_task(one, actor=staff)
    assert exc.value.code == "too_few_per_target"


def test_a_second_draw_request_is_told_the_task_is_drawn(staff):
    zezhou_pool(3)
    task = f.task(pool_filter=zezhou_filter())
    f.inspectors(task.lead_department, 2)
    approve_task(task, actor=staff)
    draw_task(task, actor=staff)
    with pytest.raises(DrawError) as exc:
        draw_task(task, actor=staff)
    assert exc.value.code == "already_drawn"
    assert Draw.objects.filter(task=task, drawn_at__isnull=False).count() == 1


def test_two_racing_draw_requests_make_one_draw(transactional_db, cast):
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith(
        ("file:memory", ":memory:")
    ):
        pytest.skip("threads need a shared database file")
    staff = cast("staff")
    zezhou_pool(20)
    task = f.task(pool_filter=zezhou_filter())
    f.inspectors(task.lead_department, 3)
    approve_task(task, actor=staff)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def request() -> None:
        barrier.wait()
        try:
            draw_task(InspectionTask.objects.get(pk=task.pk), actor=staff)
            outcomes.append("drawn")
        except DrawError as exc:
            outcomes.append(exc.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=request) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) in (["already_drawn", "drawn"], ["draw_running", "drawn"])
    assert Draw.objects.filter(task=task, drawn_at__isnull=False).count() == 1


def test_redo_needs_a_reason_keeps_the_first_draw_and_seals_a_new_seed(staff):
    zezhou_pool(3)
    task = f.task(pool_filter=zezhou_filter())
    f.inspectors(task.lead_department, 2)
    approve_task(task, actor=staff)
    first = draw_task(task, actor=staff)
    with pytest.raises(DrawError):
        redo_draw(task, actor=staff, reason="  ")
    second = redo_draw(task, actor=staff, reason="名录库数据有误，经局长批准重抽")
    first.refresh_from_db()
    assert first.status == DrawStatus.SUPERSEDED
    assert DrawTarget.objects.filter(draw=first).exists()
    assert second.supersedes == first
    assert second.commitment != first.commitment
    assert not second.is_drawn
    drawn = draw_task(task, actor=staff)
    assert drawn.pk == second.pk
    assert verify_draw(drawn).ok
    assert verify_draw(first).ok


@pytest.fixture
def drawn(staff):
    zezhou_pool(6)
    task = f.task(pool_filter=zezhou_filter(), ratios={"A": "50", "B": "50", "C": "50", "D": "50"})
    f.inspectors(task.lead_department, 4)
    approve_task(task, actor=staff)
    return draw_task(task, actor=staff)


def test_verify_passes_on_an_untouched_draw(drawn):
    report = verify_draw(drawn)
    assert report.ok, report.differences
    assert report.summary() == f"draw {drawn.pk} verified: 12 targets, 4 inspectors"


def _sql(statement: str, *params) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def test_verify_fails_after_a_target_is_altered(drawn):
    target = DrawTarget.objects.filter(draw=drawn).order_by("position").first()
    outsider = entity()
    _sql(
        "UPDATE inspections_drawtarget SET entity_id = %s, uscc = %s WHERE id = %s",
        outsider.pk,
        outsider.uscc,
        target.pk,
    )
    report = verify_draw(drawn)
    assert not report.ok
    assert any(outsider.uscc in d for d in report.differences)


def test_verify_fails_after_an_assignment_is_altered(drawn):
    first, _second = DrawAssignment.objects.filter(draw=drawn).order_by("target__position", "slot")[:2]
    _sql("UPDATE inspections_drawassignment SET slot = 9 WHERE id = %s", first.pk)
    assert not verify_draw(drawn).ok
    _sql("UPDATE inspections_drawassignment SET slot = 1 WHERE id = %s", first.pk)
    assert verify_draw(drawn).ok
    other = (
        DrawAssignment.objects.filter(draw=drawn)
        .exclude(inspector=first.inspector)
        .exclude(target=first.target)
        .first()
    )
    _sql(
        "UPDATE inspections_drawassignment SET inspector_id = %s WHERE id = %s", other.inspector_id, first.pk
    )
    assert not verify_draw(drawn).ok


def test_verify_fails_after_the_pool_snapshot_or_seed_is_altered(drawn):
    pool = algorithm.decompress(drawn.pool_snapshot).replace(b",A", b",D", 1)
    Draw.objects.filter(pk=drawn.pk).update(pool_snapshot=algorithm.compress(pool))
    drawn.refresh_from_db()
    report = verify_draw(drawn)
    assert any("pool hash" in d for d in report.differences)
    Draw.objects.filter(pk=drawn.pk).update(seed="f" * 64)
    drawn.refresh_from_db()
    assert any("commitment" in d for d in verify_draw(drawn).differences)


def test_removing_a_target_row_is_detected(drawn):
    target = DrawTarget.objects.filter(draw=drawn).order_by("-position").first()
    _sql("DELETE FROM inspections_drawassignment WHERE target_id = %s", target.pk)
    _sql("DELETE FROM inspections_drawtarget WHERE id = %s", target.pk)
    assert not verify_draw(drawn).ok

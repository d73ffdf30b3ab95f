"""Results: entry by a drawn inspector, confirmation by a second, the archive and the risk
class, "无法联系" into the abnormal-list workflow, publication and its working-day clock."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from qualitycity.credit.models import CreditEvent, ListEntry
from qualitycity.inspections.choices import PublicationState, ResultStatus, TaskStatus
from qualitycity.inspections.models import DrawAssignment, DrawTarget, ResultCategory
from qualitycity.inspections.services import (
    DrawError,
    ItemEntry,
    approve_task,
    confirm_result,
    coverage,
    draw_task,
    drawn_target,
    publication_state,
    publish_results,
    submit_result,
    task_items,
)
from qualitycity.inspections.tests import factories as f
from qualitycity.inspections.tests.test_draw import classify, zezhou_filter
from qualitycity.registry.tests.factories import entity

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(cast):
    return cast("staff")


@pytest.fixture
def setup(staff):
    pool = [entity() for _ in range(4)]
    classify(pool, "B")
    task = f.task(pool_filter=zezhou_filter(), ratios={"B": "100"})
    f.inspectors(task.lead_department, 3)
    approve_task(task, actor=staff)
    draw = draw_task(task, actor=staff)
    task.refresh_from_db()
    return task, draw, pool


def category(code: str) -> ResultCategory:
    return ResultCategory.objects.get(code=code)


def enter(staff, task, target, code="no_problem", on=dt.date(2026, 9, 15), by=None):
    department = task.lead_department
    crew = [a.inspector for a in DrawAssignment.objects.filter(target=target).order_by("slot")]
    items = [ItemEntry(item, category(code)) for item in task_items(task, department)]
    result = submit_result(
        actor=staff,
        task=task,
        target=target,
        department=department,
        inspected_on=on,
        items=items,
        entered_by=by or crew[0],
        note="现场检查",
    )
    return result, crew


def test_a_result_needs_a_second_inspector_and_lands_in_the_archive(staff, setup):
    task, draw, _pool = setup
    target = DrawTarget.objects.filter(draw=draw).first()
    result, crew = enter(staff, task, target, "corrected")
    assert result.status == ResultStatus.SUBMITTED
    assert result.category.code == "corrected"
    assert not CreditEvent.objects.filter(source_model="inspections.inspectionresult").exists()
    with pytest.raises(ValidationError):
        confirm_result(result, actor=staff, inspector=crew[0])
    confirm_result(result, actor=staff, inspector=crew[1])
    event = CreditEvent.objects.get(source_model="inspections.inspectionresult", source_id=str(result.pk))
    assert event.entity_id == target.entity_id
    assert event.kind == "inspection_result"
    assert event.severity == "minor"
    assert task.number in event.summary
    assert not event.is_public


def test_result_for_an_entity_not_drawn_is_refused(setup):
    task, _draw, _pool = setup
    outsider = entity()
    with pytest.raises(DrawError) as exc:
        drawn_target(task, outsider.uscc)
    assert exc.value.code == "not_drawn"
    assert outsider.uscc in exc.value.message


def test_only_drawn_inspectors_enter_and_every_item_is_needed(staff, setup):
    task, draw, _pool = setup
    target = DrawTarget.objects.filter(draw=draw).first()
    assigned = set(DrawAssignment.objects.filter(target=target).values_list("inspector_id", flat=True))
    stranger = next(i for i in task.lead_department.inspectors.all() if i.pk not in assigned)
    with pytest.raises(ValidationError) as exc:
        enter(staff, task, target, by=stranger)
    assert "entered_by" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        submit_result(
            actor=staff,
            task=task,
            target=target,
            department=task.lead_department,
            inspected_on=dt.date(2026, 8, 1),
            items=[],
            entered_by=DrawAssignment.objects.filter(target=target).first().inspector,
        )
    assert {"items", "inspected_on"} <= set(exc.value.message_dict)


def test_unreachable_puts_the_entity_on_the_abnormal_list(staff, setup):
    task, draw, _pool = setup
    target = DrawTarget.objects.filter(draw=draw).first()
    result, crew = enter(staff, task, target, "unreachable")
    confirm_result(result, actor=staff, inspector=crew[1])
    entry = ListEntry.objects.get(entity_id=target.entity_id)
    assert entry.kind == "abnormal_operations"
    assert entry.ground == "unreachable"
    assert entry.listed_on == dt.date(2026, 9, 15)


def test_publication_clock_counts_twenty_working_days_from_the_end(staff, setup):
    task, _draw, _pool = setup
    # period ends Friday 2026-10-30; 20 working days later is 2026-11-27
    assert task.publication_due == dt.date(2026, 11, 27)
    assert publication_state(task, today=dt.date(2026, 11, 2)) == PublicationState.DUE
    assert publication_state(task, today=dt.date(2026, 11, 23)) == PublicationState.DUE_SOON
    assert publication_state(task, today=dt.date(2026, 11, 28)) == PublicationState.OVERDUE


def test_national_day_holiday_moves_the_due_date(staff):
    pool = [entity() for _ in range(2)]
    classify(pool, "B")
    task = f.task(
        pool_filter=zezhou_filter(), ratios={"B": "100"}, start=dt.date(2026, 9, 1), end=dt.date(2026, 9, 29)
    )
    f.inspectors(task.lead_department, 2)
    approve_task(task, actor=staff)
    draw_task(task, actor=staff)
    task.refresh_from_db()
    # 国庆 2026: 1–7 October off, Saturday 10 October a make-up working day: 30 Sep (1),
    # 8–10 Oct (2–4), 12–30 Oct (5–19), Monday 2 November (20); without the holiday: 27 Oct
    assert task.publication_due == dt.date(2026, 11, 2)


def test_publishing_closes_the_task_once_every_result_is_out(staff, setup):
    task, draw, _pool = setup
    targets = list(DrawTarget.objects.filter(draw=draw))
    with pytest.raises(DrawError):
        publish_results(task, actor=staff)
    for target in targets:
        result, crew = enter(staff, task, target)
        confirm_result(result, actor=staff, inspector=crew[1])
    assert publish_results(task, actor=staff) == len(targets)
    task.refresh_from_db()
    assert task.status == TaskStatus.CLOSED
    assert task.published_at is not None
    # due 27 November 2026: published on any later day is late
    assert publication_state(task) == PublicationState.PUBLISHED_LATE
    assert CreditEvent.objects.filter(kind="inspection_result", is_public=True).count() == len(targets)
    rows = {row["risk_class"]: row for row in coverage(task)}
    assert rows["B"]["drawn"] == rows["B"]["inspected"] == len(targets)


def test_last_inspector_of_an_entity_is_not_drawn_for_it_again(staff, setup):
    task, draw, _pool = setup
    target = DrawTarget.objects.filter(draw=draw).first()
    result, crew = enter(staff, task, target)
    confirm_result(result, actor=staff, inspector=crew[1])
    last = {c.pk for c in crew}
    f.inspectors(task.lead_department, 1)
    again = f.task(
        pool_filter=zezhou_filter(),
        ratios={"B": "100"},
        start=dt.date(2026, 11, 2),
        end=dt.date(2026, 12, 18),
    )
    again.participating_departments.clear()
    again.check_items.set(task.check_items.all())
    approve_task(again, actor=staff)
    second = draw_task(again, actor=staff)
    assigned = set(
        DrawAssignment.objects.filter(draw=second, target__entity_id=target.entity_id).values_list(
            "inspector_id", flat=True
        )
    )
    assert assigned
    assert not assigned & last


def test_unconfirmed_results_are_not_published(staff, setup):
    task, draw, _pool = setup
    target = DrawTarget.objects.filter(draw=draw).first()
    enter(staff, task, target)
    with pytest.raises(DrawError) as exc:
        publish_results(task, actor=staff)
    assert exc.value.code == "nothing_to_publish"

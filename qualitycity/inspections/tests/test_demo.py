"""The tiny demo's random inspections: a year of tasks in every state the screens show, made
through the real services, on working days, with every draw verifiable."""

from __future__ import annotations

import io
from collections import Counter

import pytest
from django.core.management import call_command

from qualitycity.core.services import is_workday
from qualitycity.credit.models import ListEntry
from qualitycity.inspections.choices import DrawStatus, PublicationState, ResultStatus, TaskStatus
from qualitycity.inspections.models import (
    Draw,
    DrawAssignment,
    InspectionResult,
    InspectionTask,
    Inspector,
    InspectorConflict,
)
from qualitycity.inspections.services import publication_state, verify_draw

pytestmark = pytest.mark.django_db


def test_tiny_demo_has_tasks_in_every_state_and_every_draw_verifies(monkeypatch) -> None:
    monkeypatch.setenv("QCITY_DEMO_PASSWORD", "Demo-Pass-2026")
    out = io.StringIO()
    call_command("demo", "--scale", "tiny", stdout=out)
    assert "demo: random inspections …" in out.getvalue()

    tasks = list(InspectionTask.objects.all())
    states = Counter((t.status, publication_state(t)) for t in tasks)
    assert states[(TaskStatus.CLOSED, PublicationState.PUBLISHED)] >= 10
    assert states[(TaskStatus.CLOSED, PublicationState.PUBLISHED_LATE)] >= 1
    assert states[(TaskStatus.DRAWN, PublicationState.OVERDUE)] >= 1
    assert states[(TaskStatus.DRAWN, PublicationState.DUE_SOON)] >= 1
    assert states[(TaskStatus.DRAWN, PublicationState.DUE)] >= 1
    assert states[(TaskStatus.APPROVED, PublicationState.NOT_DUE)] == 1
    assert states[(TaskStatus.DRAFT, PublicationState.NOT_DUE)] == 1
    approved = InspectionTask.objects.get(status=TaskStatus.APPROVED)
    assert [d.status for d in approved.draws.all()] == [DrawStatus.COMMITTED]
    assert approved.draws.get().public_seed == ""
    assert InspectionTask.objects.filter(participating_departments__code__in=["gxj", "nyncj"]).count() == 2

    drawn = list(Draw.objects.filter(status=DrawStatus.DRAWN))
    assert len(drawn) == len(tasks) - 2
    for draw in drawn:
        report = verify_draw(draw)
        assert report.ok, (draw.task.number, report.differences)

    for task in tasks:
        assert is_workday(task.start_date)
        assert is_workday(task.end_date)
    results = list(InspectionResult.objects.select_related("task"))
    for result in results:
        assert is_workday(result.inspected_on)
        assert result.task.start_date <= result.inspected_on <= result.task.end_date
    categories = Counter(r.category.code for r in InspectionResult.objects.select_related("category"))
    assert categories.most_common(1)[0][0] == "no_problem"
    assert 1 <= categories["unreachable"] <= 2
    assert (
        ListEntry.objects.filter(ground="unreachable", note__contains="SJ-").count()
        == categories["unreachable"]
    )
    assert InspectionResult.objects.filter(status=ResultStatus.SUBMITTED).exists()

    inspector1 = Inspector.objects.get(user__username="inspector1")
    assert inspector1.department.code == "samr-jc"
    assert DrawAssignment.objects.filter(inspector=inspector1).exists()
    assert Inspector.objects.filter(status="retired").count() == 2
    assert Inspector.objects.filter(status="on_leave").exists()
    assert InspectorConflict.objects.filter(is_granted=True).exists()

"""Results of drawn inspections: entry by one inspector, confirmation by a second, the archive
event, the abnormal-list workflow for "无法联系", publication (一公开) and its clock, coverage."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from qualitycity.core import audit
from qualitycity.core.services import CalendarNotAvailable, add_workdays, rule_value, workdays_between
from qualitycity.credit.choices import CreditEventKind
from qualitycity.credit.services import record_event
from qualitycity.inspections.algorithm import DrawError
from qualitycity.inspections.choices import DrawStatus, PublicationState, ResultStatus, TaskStatus
from qualitycity.inspections.models import (
    CheckItem,
    Draw,
    DrawAssignment,
    DrawTarget,
    InspectionItemResult,
    InspectionResult,
    InspectionTask,
    Inspector,
    ResultAttachment,
    ResultCategory,
)

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
ATTACHMENT_TYPES = (".jpg", ".jpeg", ".png", ".webp", ".heic", ".pdf", ".doc", ".docx", ".xlsx", ".ofd")


@dataclass
class ItemEntry:
    check_item: CheckItem
    category: ResultCategory
    note: str = ""


def drawn_target(task: InspectionTask, uscc: str) -> DrawTarget:
    """The target of the task's current draw for an entity, or the error "not drawn"."""
    target = (
        DrawTarget.objects.filter(draw__task=task, draw__status=DrawStatus.DRAWN, uscc=uscc)
        .select_related("entity", "draw")
        .first()
    )
    if target is None:
        raise DrawError(
            "not_drawn",
            _("%(uscc)s was not drawn in task %(task)s; results are taken only for drawn targets.")
            % {"uscc": uscc, "task": task.number},
            {"uscc": uscc},
        )
    return target


def assigned_inspectors(target: DrawTarget) -> list[Inspector]:
    return [a.inspector for a in target.assignments.select_related("inspector").order_by("slot")]


def task_items(task: InspectionTask, department: Any) -> list[CheckItem]:
    return list(task.check_items.filter(department=department).order_by("number", "pk"))


def _check_entry(
    task: InspectionTask,
    target: DrawTarget,
    department: Any,
    inspected_on: dt.date,
    items: list[ItemEntry],
    entered_by: Inspector,
    today: dt.date,
) -> None:
    errors: dict[str, list[str]] = {}
    if task.status not in (TaskStatus.DRAWN, TaskStatus.CLOSED):
        raise DrawError("not_drawn", _("Results can be entered only after the draw."))
    assignments = DrawAssignment.objects.filter(target=target).values_list("inspector_id", "department_id")
    if department.pk not in {d for _i, d in assignments}:
        errors["department"] = [
            _("%(department)s takes no part in this inspection.") % {"department": department}
        ]
    if entered_by.pk not in {i for i, _d in assignments}:
        errors["entered_by"] = [_("Only an inspector drawn for this target may enter its result.")]
    if inspected_on < task.start_date or inspected_on > today:
        errors["inspected_on"] = [
            _("The inspection date must lie between the task's start (%(start)s) and today.")
            % {"start": task.start_date.isoformat()}
        ]
    expected = {i.pk for i in task_items(task, department)}
    given = [e.check_item.pk for e in items]
    if len(given) != len(set(given)):
        errors["items"] = [_("A check item is given twice.")]
    elif set(given) != expected:
        missing = expected - set(given)
        extra = set(given) - expected
        if missing:
            names = "、".join(str(i) for i in CheckItem.objects.filter(pk__in=missing))
            errors.setdefault("items", []).append(_("Missing results for: %(items)s") % {"items": names})
        if extra:
            names = "、".join(str(i) for i in CheckItem.objects.filter(pk__in=extra))
            errors.setdefault("items", []).append(
                _("Not check items of this department in this task: %(items)s") % {"items": names}
            )
    if any(not e.category.is_active for e in items):
        errors.setdefault("items", []).append(_("A result category that is no longer in use was chosen."))
    if errors:
        raise ValidationError(errors)


def overall_category(items: list[ItemEntry]) -> ResultCategory:
    """The inspection's result: its highest-ranked item (a problem outranks no problem)."""
    return max((e.category for e in items), key=lambda c: (c.rank, c.pk))


@transaction.atomic
def submit_result(
    *,
    actor: Any,
    task: InspectionTask,
    target: DrawTarget,
    department: Any,
    inspected_on: dt.date,
    items: list[ItemEntry],
    entered_by: Inspector,
    note: str = "",
    files: list[Any] | None = None,
    today: dt.date | None = None,
) -> InspectionResult:
    """The first inspector enters the result; it waits for a second inspector's confirmation."""
    today = today or timezone.localdate()
    _check_entry(task, target, department, inspected_on, items, entered_by, today)
    if InspectionResult.objects.filter(target=target, department=department).exists():
        raise ValidationError(
            {
                "target": [
                    _("A result of %(department)s for this target is already on record.")
                    % {"department": department}
                ]
            }
        )
    for upload in files or []:
        check_attachment(upload)
    user = actor if getattr(actor, "is_authenticated", False) else None
    result = InspectionResult.objects.create(
        task=task,
        target=target,
        entity=target.entity,
        department=department,
        inspected_on=inspected_on,
        category=overall_category(items),
        note=note,
        submitted_by=entered_by,
        created_by=user,
        updated_by=user,
    )
    InspectionItemResult.objects.bulk_create(
        [
            InspectionItemResult(
                result=result, check_item=e.check_item, category=e.category, note=e.note[:500]
            )
            for e in items
        ]
    )
    for upload in files or []:
        name = getattr(upload, "name", "file")
        ResultAttachment.objects.create(
            result=result,
            file=upload,
            name=name[:200],
            is_photo=name.lower().endswith((".jpg", ".jpeg", ".png", ".webp", ".heic")),
        )
    audit.record_change(actor=actor, obj=result, before=None, message="submitted")
    return result


def check_attachment(upload: Any) -> None:
    name = getattr(upload, "name", "") or ""
    if not name.lower().endswith(ATTACHMENT_TYPES):
        raise ValidationError(
            {
                "files": [
                    _(
                        "%(name)s: only photos (jpg, png, webp, heic) and documents (pdf, doc, docx, xlsx, ofd) are accepted."
                    )
                    % {"name": name}
                ]
            }
        )
    if getattr(upload, "size", 0) > MAX_ATTACHMENT_BYTES:
        raise ValidationError({"files": [_("%(name)s is larger than 20 MB.") % {"name": name}]})


@transaction.atomic
def confirm_result(result: InspectionResult, *, actor: Any, inspector: Inspector) -> InspectionResult:
    """The second inspector confirms: the result is final, goes into the entity's archive and,
    for "cannot be contacted at the registered address", starts the abnormal-list listing."""
    result = (
        InspectionResult.objects.select_for_update()
        .select_related("category", "task", "entity", "department")
        .get(pk=result.pk)
    )
    if result.status == ResultStatus.CONFIRMED:
        raise ValidationError(_("This result is already confirmed."))
    assigned = set(
        DrawAssignment.objects.filter(target_id=result.target_id).values_list("inspector_id", flat=True)
    )
    if inspector.pk not in assigned:
        raise ValidationError(_("Only an inspector drawn for this target may confirm its result."))
    if inspector.pk == result.submitted_by_id:
        raise ValidationError(
            _("The result must be confirmed by a second inspector, not the one who entered it.")
        )
    before = audit.snapshot(result)
    result.status = ResultStatus.CONFIRMED
    result.confirmed_by = inspector
    result.confirmed_at = timezone.now()
    result.save(update_fields=["status", "confirmed_by", "confirmed_at", "updated_at"])
    audit.record_change(actor=actor, obj=result, before=before, message="confirmed")
    _archive(actor, result)
    if result.category.list_ground:
        _start_listing(actor, result)
    return result


def _archive(actor: Any, result: InspectionResult) -> None:
    record_event(
        actor=actor,
        entity=result.entity,
        kind=CreditEventKind.INSPECTION_RESULT,
        occurred_on=result.inspected_on,
        summary=_("Random inspection %(task)s (%(department)s): %(result)s")
        % {"task": result.task.number, "department": result.department.name, "result": result.category.name},
        severity=result.category.severity,
        source=result,
        is_public=result.published_at is not None,
        details={
            "task": result.task.number,
            "category": result.category.code,
            "problem": result.category.is_problem,
            "items": [
                {"item": str(i.check_item), "result": i.category.name, "note": i.note}
                for i in result.items.select_related("check_item", "category")
            ],
        },
    )


def _start_listing(actor: Any, result: InspectionResult) -> None:
    """Put the entity on the abnormal operations list (or in abnormal status) on this ground,
    unless it already is."""
    from qualitycity.credit.lists import list_entity

    try:
        list_entity(
            actor=actor,
            entity=result.entity,
            kind="abnormal_operations",
            ground=result.category.list_ground,
            listed_on=result.inspected_on,
            decided_by=result.department,
            note=_("Random inspection %(task)s found the entity could not be contacted.")
            % {"task": result.task.number},
        )
    except ValidationError as exc:
        if getattr(exc, "code", "") != "already_listed":
            raise


# --- publication ----------------------------------------------------------------------------


def publication_due(task: InspectionTask) -> dt.date | None:
    """The last day to publish: N working days after the inspection period ends (rule book)."""
    days = int(rule_value("inspection-result-publication", on=task.end_date))
    try:
        return add_workdays(task.end_date, days)
    except CalendarNotAvailable:
        return None


def publication_state(task: InspectionTask, today: dt.date | None = None) -> str:
    today = today or timezone.localdate()
    due = task.publication_due or publication_due(task)
    if task.published_at is not None:
        late = due is not None and timezone.localtime(task.published_at).date() > due
        return PublicationState.PUBLISHED_LATE if late else PublicationState.PUBLISHED
    if task.status not in (TaskStatus.DRAWN, TaskStatus.CLOSED) or due is None:
        return PublicationState.NOT_DUE
    if today > due:
        return PublicationState.OVERDUE
    soon = int(rule_value("inspection-publication-due-soon", on=today))
    try:
        remaining = workdays_between(today, due)
    except CalendarNotAvailable:
        remaining = (due - today).days
    return PublicationState.DUE_SOON if remaining <= soon else PublicationState.DUE


def expected_results(task: InspectionTask) -> int:
    """Targets × departments of the current draw: one result each."""
    draw = task.draws.filter(status=DrawStatus.DRAWN).first()
    if draw is None:
        return 0
    return DrawAssignment.objects.filter(draw=draw).values("target_id", "department_id").distinct().count()


@transaction.atomic
def publish_results(task: InspectionTask, *, actor: Any) -> int:
    """Publish every confirmed, unpublished result of the task; the task's publication is
    complete once every target has every department's result published."""
    task = InspectionTask.objects.select_for_update().get(pk=task.pk)
    if task.status not in (TaskStatus.DRAWN, TaskStatus.CLOSED):
        raise DrawError("not_drawn", _("Nothing to publish before the draw."))
    now = timezone.now()
    pending = list(
        InspectionResult.objects.filter(
            task=task, status=ResultStatus.CONFIRMED, published_at__isnull=True
        ).select_related("category", "task", "entity", "department")
    )
    if not pending:
        raise DrawError("nothing_to_publish", _("No confirmed result is waiting for publication."))
    InspectionResult.objects.filter(pk__in=[r.pk for r in pending]).update(published_at=now, updated_at=now)
    for result in pending:
        result.published_at = now
        _archive(actor, result)
    published = InspectionResult.objects.filter(task=task, published_at__isnull=False).count()
    if published >= expected_results(task):
        task.published_at = now
        task.status = TaskStatus.CLOSED
        task.save(update_fields=["published_at", "status", "updated_at"])
    audit.record(actor=actor, action="update", obj=task, message=f"published {len(pending)} results")
    return len(pending)


# --- coverage -------------------------------------------------------------------------------


def coverage(task: InspectionTask) -> list[dict[str, Any]]:
    """Per risk class: pool, ratio, drawn, inspected (a confirmed result), against the ratio."""
    draw: Draw | None = task.draws.filter(status=DrawStatus.DRAWN).first()
    if draw is None:
        return []
    inspected = Counter(
        dict(
            DrawTarget.objects.filter(draw=draw, results__status=ResultStatus.CONFIRMED)
            .values("risk_class")
            .annotate(n=Count("pk", distinct=True))
            .values_list("risk_class", "n")
        )
    )
    rows = []
    for risk_class, stratum in sorted(draw.strata.items()):
        pool, drawn = stratum["pool"], stratum["targets"]
        rows.append(
            {
                "risk_class": risk_class,
                "pool": pool,
                "ratio": stratum["ratio"],
                "drawn": drawn,
                "drawn_percent": round(100 * drawn / pool, 2) if pool else 0,
                "inspected": inspected.get(risk_class, 0),
                "inspected_percent": round(100 * inspected.get(risk_class, 0) / pool, 2) if pool else 0,
            }
        )
    return rows

"""Random-inspection endpoints (双随机、一公开): tasks, approval with a published commitment, the
draw, redo, verification, results and their publication.

Every endpoint restricts its queryset with `restrict(user, action)` and calls the same services
as the pages, under the pages' rules (`inspections.permissions`): reading needs "view"; creating a
task "add" and "change" on tasks; approving and redoing a leader, or staff who may change the
task; drawing and publishing staff or a county officer who may change it; entering and
confirming a result "change" on results (inspectors, who enter results, hold "change" but not
"add" on domain data), for an inspector drawn for the target.

A refused workflow step (`DrawError`) answers with the platform's error shape and its stable
code: 409 when the task's state forbids the step (already drawn, a draw running, not approved
…), 422 when the request or the task's data cannot be drawn (empty pool, unstaffable targets,
bad ratios, an entity that was not drawn)."""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any, TypeVar, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.db.models import Model, Prefetch, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from qualitycity.core import audit
from qualitycity.core.models import Department, User
from qualitycity.core.permissions import in_scope, user_can
from qualitycity.inspections import permissions as pages
from qualitycity.inspections import services
from qualitycity.inspections.choices import DrawStatus, ResultStatus
from qualitycity.inspections.filters import (
    DrawFilterSet,
    InspectionResultFilterSet,
    InspectionTaskFilterSet,
)
from qualitycity.inspections.models import (
    CheckItem,
    Draw,
    InspectionPlan,
    InspectionResult,
    InspectionTask,
    Inspector,
    ResultCategory,
)
from qualitycity.inspections.schemas import (
    ConfirmIn,
    DrawFilter,
    DrawOut,
    DrawPage,
    DrawVerificationOut,
    ErrorOut,
    InspectionResultFilter,
    InspectionResultIn,
    InspectionResultOut,
    InspectionResultPage,
    InspectionTaskFilter,
    InspectionTaskIn,
    InspectionTaskOut,
    InspectionTaskPage,
    PublishOut,
    RedoIn,
    TaskPublicationOut,
)
from qualitycity.registry.filters import EntityFilterSet
from qualitycity.registry.models import Entity
from qualitycity.registry.validators import uscc_or_field_error

router = Router(tags=["inspections"])

#: DrawError codes that mean the task's state forbids the step: 409. Every other code is 422.
CONFLICTS = frozenset(
    {"already_drawn", "draw_running", "not_approved", "not_draft", "no_commitment", "has_results"}
)
#: The binary snapshots of a draw: never loaded to answer a request.
SNAPSHOTS = ("pool_snapshot", "staffing_snapshot")
MAX_PAGE_SIZE = 200
NUMBER_ATTEMPTS = 5

View = TypeVar("View", bound=Callable[..., Any])


# --- errors ---------------------------------------------------------------------------------


def _error_details(details: dict[str, Any], message: str) -> list[dict[str, str]]:
    """A DrawError's structured details as the platform's [{"field", "message"}] list; a plain
    value (the USCC of "not drawn") names the field, and the error's message explains it."""
    rows: list[dict[str, str]] = []
    for key, value in details.items():
        if isinstance(value, dict):
            rows.extend({"field": f"{key}.{k}", "message": str(v)} for k, v in value.items())
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, dict) and "uscc" in item:
                    label = " ".join(str(item[k]) for k in ("name", "reason") if item.get(k))
                    rows.append({"field": f"{key}.{item['uscc']}", "message": label})
                else:
                    rows.append({"field": key, "message": str(item)})
        else:
            rows.append({"field": key, "message": message})
    return rows


def refusal(exc: services.DrawError, conflicts: Iterable[str] = CONFLICTS) -> Status:
    status = 409 if exc.code in set(conflicts) else 422
    return Status(
        status,
        {"code": exc.code, "message": exc.message, "details": _error_details(exc.details, exc.message)},
    )


def refusals(*state_codes: str) -> Callable[[View], View]:
    """Answer a `DrawError` raised by the endpoint with its code; `state_codes` are more codes
    that mean a state conflict (409) at this endpoint."""
    conflicts = CONFLICTS | set(state_codes)

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            try:
                return view(request, *args, **kwargs)
            except services.DrawError as exc:
                return refusal(exc, conflicts)

        return cast(View, wrapper)

    return decorate


REFUSED = {409: ErrorOut, 422: ErrorOut}


# --- querysets ------------------------------------------------------------------------------


def _allowed(request: HttpRequest, model: type[Model], action: str) -> None:
    if not user_can(request.user, model, action):
        raise PermissionDenied


def _workflow_task(request: HttpRequest, task_id: int, may: Callable[[Any], bool]) -> InspectionTask:
    """The task for a workflow step the pages' rule `may` allows the caller; a leader, who only
    views tasks, approves those in view."""
    if not may(request.user):
        raise PermissionDenied
    action = "change" if user_can(request.user, InspectionTask, "change") else "view"
    return get_object_or_404(_tasks(request, action), pk=task_id)


def _tasks(request: HttpRequest, action: str = "view") -> QuerySet[InspectionTask]:
    _allowed(request, InspectionTask, action)
    return (
        InspectionTask.objects.restrict(request.user, action)
        .select_related("plan", "lead_department")
        .prefetch_related(
            "participating_departments",
            "check_items",
            Prefetch("draws", queryset=Draw.objects.defer(*SNAPSHOTS).order_by("-sequence")),
        )
    )


def _draws(request: HttpRequest) -> QuerySet[Draw]:
    _allowed(request, Draw, "view")
    return Draw.objects.restrict(request.user, "view").select_related("task").defer(*SNAPSHOTS)


def _results(request: HttpRequest, action: str = "view") -> QuerySet[InspectionResult]:
    _allowed(request, InspectionResult, action)
    return InspectionResult.objects.restrict(request.user, action).select_related(
        "task", "entity", "department", "category", "submitted_by", "confirmed_by"
    )


def _filtered(filterset_class: Any, params: dict[str, Any], queryset: QuerySet) -> QuerySet:
    data = {k: v for k, v in params.items() if v not in (None, "")}
    filterset = filterset_class(data or None, queryset=queryset)
    if filterset.is_bound and not filterset.is_valid():
        raise ValidationError({k: list(v) for k, v in filterset.errors.items()})
    return cast(QuerySet, filterset.qs)


def _page(qs: QuerySet, page: int, page_size: int, out: Callable[[Any], dict[str, Any]]) -> dict[str, Any]:
    page_size = min(max(page_size, 1), MAX_PAGE_SIZE)
    paginator = Paginator(qs, page_size)
    current = paginator.get_page(page)
    return {
        "count": paginator.count,
        "page": current.number,
        "page_size": page_size,
        "results": [out(obj) for obj in current.object_list],
    }


def _task_by_ref(tasks: QuerySet[InspectionTask], ref: int | str, field: str = "task") -> InspectionTask:
    """A task by its id (a number) or its task number (text)."""
    text = str(ref).strip()
    task = tasks.filter(number=text).first()
    if task is None and text.isdigit():
        task = tasks.filter(pk=int(text)).first()
    if task is None:
        raise ValidationError({field: [_("Unknown inspection task “{task}”.").format(task=text)]})
    return task


# --- output ---------------------------------------------------------------------------------


def _current_draw(task: InspectionTask) -> Draw | None:
    """The draw in force, from the prefetched draws (newest first)."""
    return next((d for d in task.draws.all() if d.status != DrawStatus.SUPERSEDED), None)


def _publication(task: InspectionTask) -> dict[str, Any]:
    return {
        "due": task.publication_due or services.publication_due(task),
        "state": services.publication_state(task),
    }


def task_out(task: InspectionTask) -> dict[str, Any]:
    draw = _current_draw(task)
    return {
        "id": task.pk,
        "number": task.number,
        "name": task.name,
        "plan": task.plan_id,
        "plan_name": task.plan.name,
        "lead_department": task.lead_department.code,
        "participating_departments": sorted(d.code for d in task.participating_departments.all()),
        "check_items": sorted(i.pk for i in task.check_items.all()),
        "pool_filter": task.pool_filter or {},
        "is_directed": task.is_directed,
        "ratios": {k: str(v) for k, v in (task.ratios or {}).items()},
        "inspectors_per_target": task.inspectors_per_target,
        "start_date": task.start_date,
        "end_date": task.end_date,
        "status": task.status,
        "approved_at": task.approved_at,
        "published_at": task.published_at,
        "current_draw": draw.pk if draw else None,
        "commitment": draw.commitment if draw else None,
        "publication": _publication(task),
        "note": task.note,
    }


def _draw_targets(draw: Draw) -> list[dict[str, Any]]:
    codes: dict[int, list[str]] = defaultdict(list)
    for target_id, code in draw.assignments.order_by("target_id", "slot").values_list(
        "target_id", "inspector__code"
    ):
        codes[target_id].append(code)
    return [
        {"uscc": uscc, "risk_class": risk_class, "inspectors": codes.get(pk, [])}
        for pk, uscc, risk_class in draw.targets.order_by("position").values_list("pk", "uscc", "risk_class")
    ]


def draw_out(draw: Draw, *, with_targets: bool = False) -> dict[str, Any]:
    """A draw; the seed and everything derived from it only once the draw is made."""
    data: dict[str, Any] = {
        "id": draw.pk,
        "task": draw.task.number,
        "task_id": draw.task_id,
        "sequence": draw.sequence,
        "status": draw.status,
        "algorithm": draw.algorithm,
        "commitment": draw.commitment,
        "committed_at": draw.committed_at,
        "redo_reason": draw.redo_reason,
        "supersedes": draw.supersedes_id,
    }
    if draw.is_drawn:
        data.update(
            seed=draw.public_seed,
            pool_hash=draw.pool_hash,
            pool_size=draw.pool_size,
            staffing_hash=draw.staffing_hash,
            strata=draw.strata,
            drawn_at=draw.drawn_at,
            target_count=draw.target_count,
            inspector_count=draw.inspector_count,
        )
        if with_targets:
            data["targets"] = _draw_targets(draw)
    return data


def result_out(result: InspectionResult) -> dict[str, Any]:
    items = result.items.select_related("check_item", "category").order_by("check_item__number", "pk")
    return {
        "id": result.pk,
        "task": result.task.number,
        "task_id": result.task_id,
        "uscc": result.entity.uscc,
        "entity_name": result.entity.name,
        "department": result.department.code,
        "inspected_on": result.inspected_on,
        "category": result.category.code,
        "status": result.status,
        "submitted_by": result.submitted_by.code,
        "confirmed_by": result.confirmed_by.code if result.confirmed_by else None,
        "confirmed_at": result.confirmed_at,
        "published_at": result.published_at,
        "note": result.note,
        "items": [
            {
                "check_item": i.check_item_id,
                "check_item_name": str(i.check_item),
                "category": i.category.code,
                "note": i.note,
            }
            for i in items
        ],
    }


# --- tasks ----------------------------------------------------------------------------------


def _check_ratios(ratios: dict[str, str]) -> dict[str, str]:
    """Ratios of known risk classes, each a percentage: else a DrawError naming the classes."""
    known = services.risk_classes()
    unknown = {k: v for k, v in ratios.items() if k not in known}
    if unknown:
        raise services.DrawError(
            "invalid_ratio",
            _("Unknown risk classes in the sampling ratios: {classes}. The classes are {known}.").format(
                classes="、".join(unknown), known="、".join(known)
            ),
            {"ratios": {k: _("not a risk class") for k in unknown}},
        )
    try:
        return services.validate_ratios(ratios)
    except services.DrawError as exc:
        bad = exc.details.get("ratios", {})
        exc.details = {
            "ratios": {
                k: _("“{value}” is not a percentage from 0 to 100 with at most two decimals.").format(value=v)
                for k, v in bad.items()
            }
        }
        raise


def _pool_filter(data: dict[str, Any], errors: dict[str, list[str]]) -> dict[str, Any]:
    """The pool filter's set values, validated as the entity list validates them."""
    pool = {k: v for k, v in data.items() if v not in (None, "")}
    filterset = EntityFilterSet(data=pool, queryset=Entity.objects.none())
    if not filterset.is_valid():
        for key, messages in filterset.errors.items():
            errors[f"pool_filter.{key}"] = list(messages)
    return pool


def _departments(request: HttpRequest, codes: list[str]) -> dict[str, Department]:
    rows = Department.objects.restrict(request.user, "view").filter(code__in=codes)
    return {d.code: d for d in rows}


@router.get("/inspections/tasks", response=InspectionTaskPage)
def list_tasks(
    request: HttpRequest, filters: Query[InspectionTaskFilter], page: int = 1, page_size: int = 50
) -> dict[str, Any]:
    """Tasks in the caller's scope, filtered like the task list page."""
    qs = _filtered(InspectionTaskFilterSet, filters.dict(), _tasks(request))
    return _page(qs.order_by("-start_date", "-pk"), page, page_size, task_out)


@router.get("/inspections/tasks/{task_id}", response=InspectionTaskOut)
def get_task(request: HttpRequest, task_id: int) -> dict[str, Any]:
    """A task, with its current draw's commitment and its publication clock."""
    return task_out(get_object_or_404(_tasks(request), pk=task_id))


@router.post("/inspections/tasks", response={201: InspectionTaskOut, **REFUSED})
@refusals()
def create_task(request: HttpRequest, payload: InspectionTaskIn) -> Status:
    """Create a draft task. Unknown references and bad values are 422 naming the field; bad
    sampling ratios are 422 `invalid_ratio` naming the classes (details field `ratios.<class>`)."""
    if not pages.can_manage_tasks(request.user):
        raise PermissionDenied
    user = cast(User, request.user)  # authenticated: the router requires a token or a session
    errors: dict[str, list[str]] = {}
    plan = InspectionPlan.objects.restrict(user, "view").filter(pk=payload.plan).first()
    if plan is None:
        errors["plan"] = [_("Unknown inspection plan {plan}.").format(plan=payload.plan)]
    codes = [payload.lead_department, *payload.participating_departments]
    departments = _departments(request, codes)
    lead = departments.get(payload.lead_department)
    if lead is None:
        errors["lead_department"] = [_("Unknown department “{code}”.").format(code=payload.lead_department)]
    unknown = [c for c in payload.participating_departments if c not in departments]
    if unknown:
        errors["participating_departments"] = [
            _("Unknown departments: {codes}.").format(codes="、".join(unknown))
        ]
    participating = [
        departments[c] for c in dict.fromkeys(payload.participating_departments) if c in departments
    ]
    participating = [d for d in participating if lead is None or d.pk != lead.pk]
    wanted = set(payload.check_items)
    items = list(CheckItem.objects.restrict(user, "view").filter(pk__in=wanted, is_active=True))
    if not wanted:
        errors["check_items"] = [_("A task needs at least one check item.")]
    elif len(items) != len(wanted):
        missing = sorted(wanted - {i.pk for i in items})
        errors["check_items"] = [
            _("Unknown or withdrawn check items: {ids}.").format(ids="、".join(map(str, missing)))
        ]
    task_department_ids = {d.pk for d in [lead, *participating] if d is not None}
    foreign = [str(i) for i in items if i.department_id not in task_department_ids]
    if foreign and lead is not None:
        errors.setdefault("check_items", []).append(
            _("Not check items of the task's departments: {items}.").format(items="、".join(foreign))
        )
    pool_filter = _pool_filter(payload.pool_filter.dict(), errors)
    if payload.end_date < payload.start_date:
        errors["end_date"] = [_("The task ends before it starts.")]
    per_target = payload.inspectors_per_target or (plan.inspectors_per_target if plan else 0)
    needed = services.min_inspectors(payload.start_date)
    if plan is not None and per_target < needed:
        errors["inspectors_per_target"] = [_("Every target needs at least {n} inspectors.").format(n=needed)]
    if errors or plan is None or lead is None:
        raise ValidationError(errors)
    ratios = _check_ratios(payload.ratios if payload.ratios is not None else dict(plan.ratios))
    number = (payload.number or "").strip()
    task = InspectionTask(
        number=number,
        name=payload.name.strip(),
        plan=plan,
        lead_department=lead,
        pool_filter=pool_filter,
        is_directed=payload.is_directed,
        ratios=ratios,
        inspectors_per_target=per_target,
        start_date=payload.start_date,
        end_date=payload.end_date,
        note=payload.note,
        created_by=user,
        updated_by=user,
    )
    for attempt in range(NUMBER_ATTEMPTS):
        if not number:
            task.number = services.next_task_number(payload.start_date.year)
        try:
            _save_task(request, task, participating, items)
            break
        except IntegrityError as exc:
            task.pk = None
            if number or attempt == NUMBER_ATTEMPTS - 1:
                raise ValidationError(
                    {"number": [_("Task number {number} is already taken.").format(number=task.number)]}
                ) from exc
    return Status(201, task_out(_tasks(request).get(pk=task.pk)))


def _save_task(
    request: HttpRequest, task: InspectionTask, participating: list[Department], items: list[CheckItem]
) -> None:
    """Save with its audit record; roll back if the task lies outside the caller's scope."""
    with transaction.atomic():
        task.save()
        task.participating_departments.set(participating)
        task.check_items.set(items)
        if not in_scope(task, request.user, "add"):
            raise ValidationError(
                {"lead_department": [_("The lead department lies outside your data scope.")]}
            )
        audit.record_change(actor=request.user, obj=task, before=None, message="created")


@router.post("/inspections/tasks/{task_id}/approve", response={200: DrawOut, **REFUSED})
@refusals()
def approve_task(request: HttpRequest, task_id: int) -> dict[str, Any]:
    """Approve a draft task: a seed is sealed and its commitment (SHA-256) published."""
    task = _workflow_task(request, task_id, pages.can_approve)
    return draw_out(services.approve_task(task, actor=request.user))


@router.post("/inspections/tasks/{task_id}/draw", response={200: DrawOut, **REFUSED})
@refusals()
def draw_task(request: HttpRequest, task_id: int) -> dict[str, Any]:
    """Make the draw now: 409 `already_drawn`/`draw_running`/`not_approved`; 422 `unstaffable`
    (details per target), `empty_pool` …"""
    task = _workflow_task(request, task_id, pages.can_draw)
    return draw_out(services.draw_task(task, actor=request.user), with_targets=True)


@router.post("/inspections/tasks/{task_id}/redo", response={200: DrawOut, **REFUSED})
@refusals("not_drawn")
def redo_draw(request: HttpRequest, task_id: int, payload: RedoIn) -> dict[str, Any]:
    """Supersede the task's draw (kept, with the reason) and seal a new seed."""
    task = _workflow_task(request, task_id, pages.can_redo)
    return draw_out(services.redo_draw(task, actor=request.user, reason=payload.reason))


def _publication_counts(task: InspectionTask) -> dict[str, Any]:
    results = task.results.all()
    return {
        **_publication(task),
        "expected": services.expected_results(task),
        "confirmed": results.filter(status=ResultStatus.CONFIRMED).count(),
        "published": results.filter(published_at__isnull=False).count(),
    }


@router.get("/inspections/tasks/{task_id}/publication", response=TaskPublicationOut)
def task_publication(request: HttpRequest, task_id: int) -> dict[str, Any]:
    """The publication clock (一公开) and how many results are expected, confirmed, published."""
    return _publication_counts(get_object_or_404(_tasks(request), pk=task_id))


@router.post("/inspections/tasks/{task_id}/publish", response={200: PublishOut, **REFUSED})
@refusals("not_drawn", "nothing_to_publish")
def publish_task(request: HttpRequest, task_id: int) -> dict[str, Any]:
    """Publish every confirmed result not yet public; 409 `nothing_to_publish` when none waits."""
    task = _workflow_task(request, task_id, pages.can_publish)
    count = services.publish_results(task, actor=request.user)
    task = _tasks(request).get(pk=task.pk)
    return {**_publication_counts(task), "published_now": count}


# --- draws ----------------------------------------------------------------------------------


@router.get("/inspections/draws", response=DrawPage)
def list_draws(
    request: HttpRequest, filters: Query[DrawFilter], page: int = 1, page_size: int = 50
) -> dict[str, Any]:
    """Draws in the caller's scope, newest first; the targets are on each draw's own endpoint."""
    qs = _filtered(DrawFilterSet, filters.dict(), _draws(request))
    return _page(qs.order_by("-committed_at", "-pk"), page, page_size, draw_out)


@router.get("/inspections/draws/{draw_id}", response=DrawOut)
def get_draw(request: HttpRequest, draw_id: int) -> dict[str, Any]:
    """A draw: before the draw its commitment only; after it the seed, hashes and targets."""
    return draw_out(get_object_or_404(_draws(request), pk=draw_id), with_targets=True)


@router.get("/inspections/draws/{draw_id}/verify", response=DrawVerificationOut)
def verify_draw(request: HttpRequest, draw_id: int) -> dict[str, Any]:
    """Re-run the draw from its seed and snapshots and compare with what is stored."""
    _allowed(request, Draw, "view")
    draw = get_object_or_404(Draw.objects.restrict(request.user, "view"), pk=draw_id)
    report = services.verify_draw(draw)
    return {
        "ok": report.ok,
        "targets": report.targets,
        "inspectors": report.inspectors,
        "differences": report.differences,
    }


# --- results --------------------------------------------------------------------------------


def _inspector(request: HttpRequest, candidates: list[Inspector], code: str | None, field: str) -> Inspector:
    """The drawn inspector with `code`, or the caller's own inspector record."""
    if code:
        found = next((i for i in candidates if i.code == code.strip()), None)
        if found is None:
            raise ValidationError(
                {field: [_("{code} is not an inspector drawn for this target.").format(code=code)]}
            )
        return found
    own = next((i for i in candidates if i.user_id == request.user.pk), None)
    if own is None:
        raise ValidationError(
            {field: [_("Name the inspector: your account is not an inspector drawn for this target.")]}
        )
    return own


@router.post("/inspections/results", response={201: InspectionResultOut, **REFUSED})
@refusals()
def submit_result(request: HttpRequest, payload: InspectionResultIn) -> Status:
    """Enter a drawn target's result (the first inspector); it waits for a second inspector's
    confirmation. An entity that was not drawn is 422 `not_drawn`."""
    _allowed(request, InspectionResult, "change")
    user = request.user
    task = _task_by_ref(_tasks(request), payload.task)
    uscc = uscc_or_field_error(payload.uscc)
    target = services.drawn_target(task, uscc)
    errors: dict[str, list[str]] = {}
    department = _departments(request, [payload.department]).get(payload.department)
    if department is None:
        errors["department"] = [_("Unknown department “{code}”.").format(code=payload.department)]
    item_ids = {e.check_item for e in payload.items}
    check_items = {i.pk: i for i in CheckItem.objects.restrict(user, "view").filter(pk__in=item_ids)}
    category_codes = {e.category for e in payload.items}
    categories = {
        c.code: c for c in ResultCategory.objects.restrict(user, "view").filter(code__in=category_codes)
    }
    if missing := sorted(item_ids - set(check_items)):
        errors["items"] = [_("Unknown check items: {ids}.").format(ids="、".join(map(str, missing)))]
    if unknown := sorted(category_codes - set(categories)):
        errors.setdefault("items", []).append(
            _("Unknown result categories: {codes}.").format(codes="、".join(unknown))
        )
    if errors or department is None:
        raise ValidationError(errors)
    entered_by = _inspector(request, services.assigned_inspectors(target), payload.entered_by, "entered_by")
    entries = [
        services.ItemEntry(check_items[e.check_item], categories[e.category], e.note) for e in payload.items
    ]
    with transaction.atomic():
        result = services.submit_result(
            actor=user,
            task=task,
            target=target,
            department=department,
            inspected_on=payload.inspected_on,
            items=entries,
            entered_by=entered_by,
            note=payload.note,
        )
        if not in_scope(result, user, "change"):
            raise PermissionDenied
    return Status(201, result_out(_results(request).get(pk=result.pk)))


@router.post("/inspections/results/{result_id}/confirm", response={200: InspectionResultOut, **REFUSED})
@refusals()
def confirm_result(request: HttpRequest, result_id: int, payload: ConfirmIn) -> dict[str, Any]:
    """The second inspector drawn for the target confirms the result: it becomes final and goes
    into the entity's archive."""
    result = get_object_or_404(_results(request, "change"), pk=result_id)
    inspector = _inspector(
        request, services.assigned_inspectors(result.target), payload.inspector, "inspector"
    )
    services.confirm_result(result, actor=request.user, inspector=inspector)
    return result_out(_results(request).get(pk=result.pk))


@router.get("/inspections/results", response=InspectionResultPage)
def list_results(
    request: HttpRequest, filters: Query[InspectionResultFilter], page: int = 1, page_size: int = 50
) -> dict[str, Any]:
    """Results in the caller's scope; `task` takes the task's id or number."""
    params = filters.dict()
    task_ref = params.pop("task", None)
    qs = _results(request)
    if task_ref:
        params["task_id"] = _task_by_ref(_tasks(request), task_ref).pk
    qs = _filtered(InspectionResultFilterSet, params, qs)
    return _page(qs.order_by("-inspected_on", "-pk"), page, page_size, result_out)

"""Workflow screens of random inspections (双随机、一公开): the draft task, approval with the
published commitment, the draw as a background job, redo, the public check of a draw, the
inspector's result sheet and its confirmation, publication, the to-dos and the home panel.

Every state change calls a service (`inspections.services`); objects come from restricted
querysets (`restrict_queryset`), so a county officer sees only their county's tasks and
targets. Who may do what, on top of the role permissions:

- create and edit drafts, draw, publish: bureau staff and county officers (add + change);
- approve, redo: bureau leaders and staff;
- enter a result: only an inspector drawn for the target, for their own department;
- confirm it: another inspector drawn for the same target;
- the risk class of targets and the pool download: bureau users only (leader, staff, county
  officer), never inspectors, enterprises or the portal (国市监信发〔2022〕6号 practice)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, FilteredRelation, Model, Prefetch, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from qualitycity.core import audit, todo
from qualitycity.core.choices import AuditAction, JobStatus, Role
from qualitycity.core.editing import save_form
from qualitycity.core.generic.registry import model_url, register_model_view
from qualitycity.core.generic.views import BaseModelView, ObjectDetailView
from qualitycity.core.jobs import read_progress
from qualitycity.core.navigation import MenuGroup, MenuItem, register_menu
from qualitycity.core.permissions import restrict_queryset, user_can
from qualitycity.inspections import algorithm, services
from qualitycity.inspections import views as _generic_views  # noqa: F401  (generic views first, overridden below)
from qualitycity.inspections.choices import DrawStatus, PublicationState, ResultStatus, TaskStatus
from qualitycity.inspections.forms_workflow import (
    PoolPreviewForm,
    RedoForm,
    ResultForm,
    TaskForm,
    describe_pool_filter,
    risk_class_labels,
)
from qualitycity.inspections.models import (
    Draw,
    DrawAssignment,
    DrawTarget,
    InspectionPlan,
    InspectionResult,
    InspectionTask,
    Inspector,
    ResultAttachment,
)
from qualitycity.inspections.permissions import (
    can_approve,
    can_draw,
    can_manage_tasks,
    can_publish,
    can_redo,
    is_bureau_user,
    role_of,
)
from qualitycity.inspections.tasks import active_draw_job, draw_jobs, start_draw

TARGETS_PER_PAGE = 25
RESULTS_SHOWN = 100
#: The publication states a list or the panel can filter by, in the panel's order.
OPEN_STATES = (PublicationState.DUE, PublicationState.DUE_SOON, PublicationState.OVERDUE)


# ---------------------------------------------------------------- who may do what


def my_inspector(user: Any) -> Inspector | None:
    """The user's record in the inspector pool (`Inspector.user`), if any."""
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        return user.inspector
    except ObjectDoesNotExist:
        return None


def _tasks(user: Any, action: str = "view") -> Any:
    return restrict_queryset(
        InspectionTask.objects.select_related("plan", "lead_department__division"), user, action
    )


def _task(request: HttpRequest, pk: int, action: str = "view") -> InspectionTask:
    if not user_can(request.user, InspectionTask, action):
        raise PermissionDenied
    return get_object_or_404(_tasks(request.user, action), pk=pk)


def _approval_action(user: Any) -> str:
    return "view" if role_of(user) == Role.LEADER else "change"


# ---------------------------------------------------------------- the draft task


def _render_task_form(request: HttpRequest, form: TaskForm, plan: InspectionPlan, task: Any) -> HttpResponse:
    context = {
        "form": form,
        "plan": plan,
        "object": task,
        # Counting a large register takes a moment: a new form asks for the count once loaded.
        "pool": _pool_preview(request.user, form.data) if form.is_bound else {"ready": False, "lazy": True},
    }
    return render(request, "inspections/task_form.html", context)


def _save_task(request: HttpRequest, form: TaskForm, plan: InspectionPlan, task: Any) -> HttpResponse:
    if "preview" in request.POST or not form.is_valid():
        return _render_task_form(request, form, plan, task)
    try:
        obj = save_form(form, actor=request.user)
    except PermissionDenied:
        form.add_error(None, _("You cannot save an object outside your own area."))
        return _render_task_form(request, form, plan, task)
    messages.success(request, _("Saved {obj}.").format(obj=obj))
    return redirect(model_url(obj, "detail"))


class TaskAddView(BaseModelView):
    """A new draft task from a plan: first the plan, then the task with the plan's defaults."""

    action = "add"

    def plans(self) -> Any:
        return restrict_queryset(InspectionPlan.objects.select_related("department"), self.request.user)

    def get_plan(self) -> InspectionPlan | None:
        value = self.request.POST.get("plan") or self.request.GET.get("plan")
        if not value:
            return None
        if not str(value).isdigit():
            raise Http404
        return get_object_or_404(self.plans(), pk=int(value))

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not can_manage_tasks(request.user):
            raise PermissionDenied
        plan = self.get_plan()
        if plan is None:
            context = {**self.base_context(), "plans": self.plans().order_by("-year", "department__code")}
            return render(request, "inspections/task_plan_choice.html", context)
        return _render_task_form(request, TaskForm(plan=plan, user=request.user), plan, None)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not can_manage_tasks(request.user):
            raise PermissionDenied
        plan = self.get_plan()
        if plan is None:
            return redirect(model_url(InspectionTask, "add"))
        form = TaskForm(request.POST, plan=plan, user=request.user)
        return _save_task(request, form, plan, None)


register_model_view(InspectionTask, "add")(TaskAddView)


@login_required
def task_change(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit a draft; once approved, the task (and its commitment) no longer changes."""
    if not can_manage_tasks(request.user):
        raise PermissionDenied
    task = _task(request, pk, "change")
    if task.status != TaskStatus.DRAFT:
        messages.error(request, _("Only a draft task can be edited."))
        return redirect(model_url(task, "detail"))
    form = TaskForm(request.POST or None, instance=task, plan=task.plan, user=request.user)
    if request.method == "POST":
        return _save_task(request, form, task.plan, task)
    return _render_task_form(request, form, task.plan, task)


def _pool_preview(user: Any, data: Any) -> dict[str, Any]:
    """The size of the pool a (possibly unsaved) filter gives, per risk class, with the number
    of targets each class's ratio would take."""
    form = PoolPreviewForm(data)
    lead_field = form.fields["lead_department"]
    assert hasattr(lead_field, "queryset")
    lead_field.queryset = TaskForm.lead_departments(user)
    task = form.task()
    if task is None:
        return {"ready": False}
    counts = dict(
        services.pool_queryset(task)
        .annotate(
            current=FilteredRelation("risk_assessments", condition=Q(risk_assessments__is_current=True))
        )
        .order_by()
        .values("current__risk_class")
        .annotate(n=Count("pk"))
        .values_list("current__risk_class", "n")
    )
    ratios = form.ratios()
    labels = risk_class_labels()
    rows = []
    for risk_class in services.risk_classes():
        n = counts.get(None if risk_class == algorithm.UNCLASSIFIED else risk_class, 0)
        ratio = ratios.get(risk_class, "")
        try:
            targets: int | None = min(algorithm.quota(n, ratio or 0), n)
        except ValueError:
            targets = None
        rows.append(
            {
                "risk_class": risk_class,
                "label": labels.get(risk_class, ""),
                "pool": n,
                "ratio": ratio,
                "targets": targets,
            }
        )
    return {
        "ready": True,
        "total": sum(counts.values()),
        "rows": rows,
        "targets": sum(r["targets"] or 0 for r in rows),
        "words": describe_pool_filter(task.pool_filter, task.lead_department),
    }


@login_required
def task_pool_size(request: HttpRequest) -> HttpResponse:
    """The live pool count of the task form (htmx), from the form's current values."""
    if not can_manage_tasks(request.user):
        raise PermissionDenied
    return render(
        request, "inspections/task_pool_size.html", {"pool": _pool_preview(request.user, request.GET)}
    )


# ---------------------------------------------------------------- the task page


def _latest_draw_job(task: InspectionTask) -> Any:
    """The draw job worth showing: one running, or one that failed since the seed was sealed."""
    job = draw_jobs(task).first()
    if job is None:
        return None
    if job.is_active:
        return job
    current = services.current_draw(task)
    if job.status == JobStatus.FAILED and task.status == TaskStatus.APPROVED and current is not None:
        return job if job.created_at >= current.committed_at else None
    return None


def _job_context(job: Any) -> dict[str, Any]:
    if job is None:
        return {"job": None}
    done, total = read_progress(job)
    percent = 100 if job.status == JobStatus.SUCCEEDED else (min(100, done * 100 // total) if total else 0)
    return {"job": job, "done": done, "total": total, "percent": percent}


def _task_context(request: HttpRequest, task: InspectionTask) -> dict[str, Any]:
    user = request.user
    departments = [task.lead_department, *task.participating_departments.order_by("division__code", "code")]
    items = list(task.check_items.select_related("department").order_by("department__code", "number", "pk"))
    item_groups = [(d, [i for i in items if i.department_id == d.pk]) for d in departments]
    draws = list(task.draws.select_related("supersedes", "drawn_by").order_by("-sequence"))
    current = next((d for d in draws if d.status != DrawStatus.SUPERSEDED), None)
    drawn = next((d for d in draws if d.status == DrawStatus.DRAWN), None)
    labels = risk_class_labels()
    strata = drawn.strata if drawn is not None else {}
    classes = list(dict.fromkeys([*services.risk_classes(), *(task.ratios or {}), *strata]))
    ratio_rows = [
        {
            "risk_class": c,
            "label": labels.get(c, ""),
            "ratio": (task.ratios or {}).get(c, ""),
            "pool": strata.get(c, {}).get("pool"),
            "targets": strata.get(c, {}).get("targets"),
        }
        for c in classes
    ]
    has_results = task.results.exists()
    in_change_scope = (
        restrict_queryset(InspectionTask.objects.all(), user, "change").filter(pk=task.pk).exists()
    )
    job = _latest_draw_job(task)
    context: dict[str, Any] = {
        "task": task,
        "departments": departments,
        "item_groups": item_groups,
        "pool_words": describe_pool_filter(task.pool_filter, task.lead_department),
        "pool_size": (
            services.pool_queryset(task).count()
            if task.status in (TaskStatus.DRAFT, TaskStatus.APPROVED)
            else None
        ),
        "ratio_rows": ratio_rows,
        "draws": draws,
        "draw_rows": [
            {"draw": d, "replaced_by": next((x for x in draws if x.supersedes_id == d.pk), None)}
            for d in draws
        ],
        "current_draw": current,
        "drawn": drawn,
        "min_inspectors": services.min_inspectors(task.start_date),
        "show_risk_class": is_bureau_user(user),
        "can_edit": task.status == TaskStatus.DRAFT and can_manage_tasks(user) and in_change_scope,
        "can_approve": task.status == TaskStatus.DRAFT and can_approve(user),
        "can_draw": task.status == TaskStatus.APPROVED and can_draw(user) and in_change_scope,
        "can_redo": task.status == TaskStatus.DRAWN and not has_results and can_redo(user),
        "redo_form": RedoForm(),
        **_job_context(job),
    }
    context["draw_running"] = job is not None and job.is_active
    context.update(_publication_context(task, user, in_change_scope))
    if drawn is not None:
        context.update(_drawn_context(request, task, drawn))
    return context


def _publication_context(task: InspectionTask, user: Any, in_change_scope: bool) -> dict[str, Any]:
    state = services.publication_state(task)
    results = task.results
    counts = {
        "expected": services.expected_results(task),
        "entered": results.count(),
        "confirmed": results.filter(status=ResultStatus.CONFIRMED).count(),
        "published": results.filter(published_at__isnull=False).count(),
    }
    waiting = results.filter(status=ResultStatus.CONFIRMED, published_at__isnull=True).count()
    return {
        "publication_state": state,
        "publication_label": PublicationState(state).label,
        "publication_due": task.publication_due or services.publication_due(task),
        "result_counts": counts,
        "waiting_publication": waiting,
        "can_publish": task.status in (TaskStatus.DRAWN, TaskStatus.CLOSED)
        and waiting > 0
        and can_publish(user)
        and in_change_scope,
    }


def _drawn_context(request: HttpRequest, task: InspectionTask, drawn: Draw) -> dict[str, Any]:
    user = request.user
    visible_results = restrict_queryset(InspectionResult.objects.all(), user)
    targets = (
        restrict_queryset(DrawTarget.objects.all(), user)
        .filter(draw=drawn)
        .select_related("entity")
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=DrawAssignment.objects.select_related("inspector", "department").order_by("slot"),
            ),
            Prefetch("results", queryset=visible_results.select_related("category", "department")),
        )
        .order_by("position")
    )
    page = Paginator(targets, TARGETS_PER_PAGE).get_page(request.GET.get("page"))
    coverage = services.coverage(task)
    chart = {
        "labels": [row["risk_class"] for row in coverage],
        "series": [
            {"name": _("ratio (%)"), "values": [float(row["ratio"] or 0) for row in coverage]},
            {"name": _("drawn (%)"), "values": [row["drawn_percent"] for row in coverage]},
            {"name": _("inspected (%)"), "values": [row["inspected_percent"] for row in coverage]},
        ],
    }
    results = list(
        visible_results.filter(task=task)
        .select_related("entity", "department", "category", "submitted_by", "confirmed_by")
        .order_by("-inspected_on", "-pk")[:RESULTS_SHOWN]
    )
    return {"targets_page": page, "coverage": coverage, "coverage_chart": chart, "results": results}


class TaskDetailView(ObjectDetailView):
    """The task's page: what it is, its commitment, its draws and targets, the publication clock
    and the results; with the actions the user may take in its current state."""

    def get_template_names(self) -> list[str]:
        return ["inspections/task_detail.html"]

    def get_context_data(self, obj: Model, context: dict[str, Any]) -> dict[str, Any]:
        assert isinstance(obj, InspectionTask)
        return {**context, **_task_context(self.request, obj)}


register_model_view(InspectionTask, "detail")(TaskDetailView)


@login_required
def task_draw_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The draw job's progress on the task page (polled by htmx while it runs); when it has
    finished the page reloads to show the draw or its refusal."""
    task = _task(request, pk)
    job = draw_jobs(task).first()
    response = render(request, "inspections/task_draw_status.html", {"task": task, **_job_context(job)})
    if getattr(request, "htmx", False) and (job is None or not job.is_active):
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_POST
def task_approve(request: HttpRequest, pk: int) -> HttpResponse:
    """Approve a draft: the service checks it, seals the seed and publishes the commitment."""
    if not can_approve(request.user):
        raise PermissionDenied
    task = _task(request, pk, _approval_action(request.user))
    try:
        draw = services.approve_task(task, actor=request.user)
    except services.DrawError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Task {task} was approved. Its commitment is published: {commitment}").format(
                task=task.number, commitment=draw.commitment
            ),
        )
    return redirect(model_url(task, "detail"))


@login_required
@require_POST
def task_draw(request: HttpRequest, pk: int) -> HttpResponse:
    """Start the draw of an approved task as a background job; the task page shows its progress."""
    if not can_draw(request.user):
        raise PermissionDenied
    task = _task(request, pk, "change")
    if task.status != TaskStatus.APPROVED:
        messages.error(request, _("Only an approved task can be drawn."))
    elif active_draw_job(task) is not None:
        messages.error(request, _("A draw of this task is already running."))
    else:
        start_draw(task, actor=request.user)
        messages.success(request, _("The draw of task {task} has started.").format(task=task.number))
    return redirect(model_url(task, "detail"))


@login_required
@require_POST
def task_redo(request: HttpRequest, pk: int) -> HttpResponse:
    """Supersede the draw with a reason and seal a new seed (before any result is entered)."""
    if not can_redo(request.user):
        raise PermissionDenied
    task = _task(request, pk, _approval_action(request.user))
    try:
        draw = services.redo_draw(task, actor=request.user, reason=request.POST.get("reason", ""))
    except services.DrawError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Draw {old} was superseded. The new commitment is published: {commitment}").format(
                old=draw.sequence - 1, commitment=draw.commitment
            ),
        )
    return redirect(model_url(task, "detail"))


@login_required
@require_POST
def task_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Publish every confirmed result of the task not yet published (一公开)."""
    if not can_publish(request.user):
        raise PermissionDenied
    task = _task(request, pk, "change")
    try:
        n = services.publish_results(task, actor=request.user)
    except services.DrawError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("{n} results were published.").format(n=n))
    return redirect(model_url(task, "detail"))


# ---------------------------------------------------------------- publication clock


def open_publications(user: Any) -> list[tuple[InspectionTask, str]]:
    """Drawn tasks in the user's scope whose results are not all published, with their state."""
    tasks = _tasks(user).filter(status__in=[TaskStatus.DRAWN, TaskStatus.CLOSED], published_at__isnull=True)
    today = timezone.localdate()
    return [(t, services.publication_state(t, today)) for t in tasks.order_by("publication_due", "pk")]


@login_required
def task_publication(request: HttpRequest) -> HttpResponse:
    """Tasks by publication state (due, due soon, overdue): where the home panel links."""
    if not user_can(request.user, InspectionTask, "view"):
        raise PermissionDenied
    state = request.GET.get("state", "")
    rows = open_publications(request.user)
    counts = Counter(s for _t, s in rows)
    if state in OPEN_STATES:
        rows = [(t, s) for t, s in rows if s == state]
    context = {
        "rows": [(t, s, PublicationState(s).label) for t, s in rows],
        "state": state,
        "filters": [(s.value, s.label, counts.get(s.value, 0)) for s in OPEN_STATES],
        "total": sum(counts.values()),
    }
    return render(request, "inspections/task_publication.html", context)


# ---------------------------------------------------------------- checking a draw


def _draw(request: HttpRequest, pk: int) -> Draw:
    if not user_can(request.user, Draw, "view"):
        raise PermissionDenied
    return get_object_or_404(
        restrict_queryset(Draw.objects.select_related("task", "supersedes"), request.user), pk=pk
    )


@login_required
def draw_check(request: HttpRequest, pk: int) -> HttpResponse:
    """How the draw was made and the means to check it: the algorithm, the commitment, the seed
    once revealed, the hashes of both snapshots, the strata; Verify re-runs it on the server."""
    draw = _draw(request, pk)
    verification = services.verify_draw(draw) if request.method == "POST" else None
    strata = [{"risk_class": c, **s} for c, s in sorted((draw.strata or {}).items()) if isinstance(s, dict)]
    context = {
        "draw": draw,
        "task": draw.task,
        "algorithm_doc": (algorithm.__doc__ or "").strip(),
        "strata": strata,
        "verification": verification,
        "can_download": is_bureau_user(request.user) and draw.is_drawn,
    }
    return render(request, "inspections/draw_check.html", context)


def _snapshot_response(request: HttpRequest, pk: int, which: str) -> HttpResponse:
    if not is_bureau_user(request.user):
        raise PermissionDenied
    draw = _draw(request, pk)
    if not draw.is_drawn:
        raise Http404
    data = algorithm.decompress(bytes(draw.pool_snapshot if which == "pool" else draw.staffing_snapshot))
    audit.record(actor=request.user, action=AuditAction.EXPORT, obj=draw, message=f"{which} snapshot")
    if which == "pool":
        response = HttpResponse(data, content_type="text/plain; charset=utf-8")
        filename = f"{draw.task.number}-draw-{draw.sequence}-pool.txt"
    else:
        response = HttpResponse(data, content_type="application/json; charset=utf-8")
        filename = f"{draw.task.number}-draw-{draw.sequence}-staffing.json"
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


@login_required
def draw_pool(request: HttpRequest, pk: int) -> HttpResponse:
    """The pool snapshot as text (USCC,CLASS per line): bureau users only (it holds classes)."""
    return _snapshot_response(request, pk, "pool")


@login_required
def draw_staffing(request: HttpRequest, pk: int) -> HttpResponse:
    """The staffing snapshot (canonical JSON) the inspectors were drawn from."""
    return _snapshot_response(request, pk, "staffing")


# ---------------------------------------------------------------- the inspector's work


def inspector_work(user: Any, inspector: Inspector, *, pending_only: bool = True) -> list[dict[str, Any]]:
    """The inspector's targets in current draws, one row per (target, department): its result to
    enter, a colleague's result to confirm, or waiting for the second inspector."""
    assignments = list(
        restrict_queryset(DrawAssignment.objects.all(), user)
        .filter(inspector=inspector, draw__status=DrawStatus.DRAWN)
        .select_related("target__entity", "draw__task", "department")
    )
    target_ids = {a.target_id for a in assignments}
    results = {
        (r.target_id, r.department_id): r
        for r in restrict_queryset(InspectionResult.objects.all(), user)
        .filter(target_id__in=target_ids)
        .select_related("department", "category", "submitted_by")
    }
    rows: list[dict[str, Any]] = []
    seen: set[tuple[int, int]] = set()

    def add(assignment: DrawAssignment, department: Any, result: InspectionResult | None) -> None:
        if result is None:
            state = "enter"
        elif result.status == ResultStatus.CONFIRMED:
            state = "done"
        elif result.submitted_by_id == inspector.pk:
            state = "waiting"
        else:
            state = "confirm"
        if pending_only and state == "done":
            return
        rows.append(
            {
                "task": assignment.draw.task,
                "target": assignment.target,
                "entity": assignment.target.entity,
                "department": department,
                "result": result,
                "state": state,
            }
        )

    for a in assignments:
        key = (a.target_id, a.department_id)
        if key in seen:
            continue
        seen.add(key)
        add(a, a.department, results.get(key))
    by_target = {a.target_id: a for a in assignments}
    for (target_id, department_id), result in results.items():
        if (target_id, department_id) not in seen:
            seen.add((target_id, department_id))
            if result.status == ResultStatus.SUBMITTED and result.submitted_by_id != inspector.pk:
                add(by_target[target_id], result.department, result)
    order = {"confirm": 0, "enter": 1, "waiting": 2, "done": 3}
    rows.sort(key=lambda r: (order[r["state"]], r["task"].end_date, r["task"].pk, r["target"].position))
    return rows


@login_required
def my_inspections(request: HttpRequest) -> HttpResponse:
    """The logged-in inspector's drawn targets with results to enter or to confirm."""
    inspector = my_inspector(request.user)
    show_all = request.GET.get("all") == "1"
    rows = inspector_work(request.user, inspector, pending_only=not show_all) if inspector else []
    return render(
        request,
        "inspections/my_inspections.html",
        {"inspector": inspector, "rows": rows, "show_all": show_all},
    )


def _assigned_target(request: HttpRequest, pk: int, inspector: Inspector) -> DrawTarget:
    target = get_object_or_404(
        restrict_queryset(DrawTarget.objects.all(), request.user)
        .filter(draw__status=DrawStatus.DRAWN)
        .select_related("entity", "draw__task__lead_department"),
        pk=pk,
    )
    if not target.assignments.filter(inspector=inspector).exists():
        raise PermissionDenied
    return target


@login_required
def result_enter(request: HttpRequest, pk: int, department: int) -> HttpResponse:
    """The result sheet of one drawn target for one department, for an inspector drawn for it
    in that department; the result then waits for a second inspector's confirmation."""
    inspector = my_inspector(request.user)
    if inspector is None:
        raise PermissionDenied
    target = _assigned_target(request, pk, inspector)
    assignment = (
        target.assignments.filter(inspector=inspector, department_id=department)
        .select_related("department")
        .first()
    )
    if assignment is None:
        raise PermissionDenied
    task = target.draw.task
    existing = (
        restrict_queryset(InspectionResult.objects.all(), request.user)
        .filter(target=target, department_id=department)
        .first()
    )
    if existing is not None:
        messages.info(request, _("The result of this inspection is already on record."))
        return redirect(model_url(existing, "detail"))
    items = services.task_items(task, assignment.department)
    form = ResultForm(request.POST or None, request.FILES or None, items=items)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.submit_result(
                actor=request.user,
                task=task,
                target=target,
                department=assignment.department,
                inspected_on=form.cleaned_data["inspected_on"],
                items=form.entries(),
                entered_by=inspector,
                note=form.cleaned_data.get("note") or "",
                files=form.uploads(),
            )
        except ValidationError as exc:
            form.apply_errors(exc)
        except services.DrawError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("The result for {entity} was saved. A second inspector must now confirm it.").format(
                    entity=target.entity.name
                ),
            )
            return redirect(model_url(result, "detail"))
    context = {
        "form": form,
        "task": task,
        "target": target,
        "department": assignment.department,
        "crew": services.assigned_inspectors(target),
        "inspector": inspector,
    }
    return render(request, "inspections/result_form.html", context)


def _can_confirm(result: InspectionResult, inspector: Inspector | None) -> bool:
    return (
        inspector is not None
        and result.status == ResultStatus.SUBMITTED
        and result.submitted_by_id != inspector.pk
        and result.target.assignments.filter(inspector=inspector).exists()
    )


class ResultDetailView(ObjectDetailView):
    """A result as entered: its items, attachments and inspectors; the Confirm button for the
    second inspector."""

    def get_template_names(self) -> list[str]:
        return ["inspections/result_detail.html"]

    def get_context_data(self, obj: Model, context: dict[str, Any]) -> dict[str, Any]:
        assert isinstance(obj, InspectionResult)
        inspector = my_inspector(self.request.user)
        return {
            **context,
            "result": obj,
            "items": list(obj.items.select_related("check_item", "category")),
            "attachments": list(obj.attachments.all()),
            "crew": services.assigned_inspectors(obj.target),
            "can_confirm": _can_confirm(obj, inspector),
            "task_visible": _tasks(self.request.user).filter(pk=obj.task_id).exists(),
        }


register_model_view(InspectionResult, "detail")(ResultDetailView)


def _result(request: HttpRequest, pk: int, action: str = "view") -> InspectionResult:
    if not user_can(request.user, InspectionResult, action):
        raise PermissionDenied
    return get_object_or_404(
        restrict_queryset(InspectionResult.objects.select_related("target", "task"), request.user, action),
        pk=pk,
    )


@login_required
@require_POST
def result_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """The second inspector confirms: the result becomes final and enters the entity's archive."""
    inspector = my_inspector(request.user)
    if inspector is None:
        raise PermissionDenied
    result = _result(request, pk, "change")
    if not result.target.assignments.filter(inspector=inspector).exists():
        raise PermissionDenied
    try:
        services.confirm_result(result, actor=request.user, inspector=inspector)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The result was confirmed."))
    return redirect(model_url(result, "detail"))


@login_required
def result_attachment(request: HttpRequest, pk: int, attachment: int) -> FileResponse:
    """A photo or document of a result, to those who may see the result."""
    result = _result(request, pk)
    obj: ResultAttachment = get_object_or_404(result.attachments.all(), pk=attachment)
    return FileResponse(obj.file.open("rb"), filename=obj.name, as_attachment=not obj.is_photo)


# ---------------------------------------------------------------- to-dos and the home panel


@todo.register
def inspector_todos(user: Any) -> list[todo.TodoItem]:
    """For an inspector: results to enter and colleagues' results to confirm."""
    inspector = my_inspector(user)
    if inspector is None:
        return []
    rows = inspector_work(user, inspector)
    url = reverse("inspections:my_inspections")
    module = str(_("Random inspections"))
    items = []
    for state, title in (
        ("enter", _("Random-inspection results to enter")),
        ("confirm", _("Random-inspection results to confirm")),
    ):
        mine = [r for r in rows if r["state"] == state]
        if mine:
            due = min(r["task"].end_date for r in mine)
            items.append(todo.TodoItem(title=title, url=url, count=len(mine), due=due, module=module))
    return items


@todo.register
def publication_todos(user: Any) -> list[todo.TodoItem]:
    """For bureau users: tasks whose publication is due soon or overdue."""
    if not is_bureau_user(user) or not user_can(user, InspectionTask, "view"):
        return []
    module = str(_("Random inspections"))
    items = []
    for task, state in open_publications(user):
        if state == PublicationState.OVERDUE:
            title = _("Overdue: publish the results of {task}")
        elif state == PublicationState.DUE_SOON:
            title = _("Publish the results of {task} (due soon)")
        else:
            continue
        items.append(
            todo.TodoItem(
                title=title.format(task=task),
                url=model_url(task, "detail"),
                due=task.publication_due,
                module=module,
            )
        )
    return items[: todo.ITEM_LIMIT]


@todo.register
def draw_todos(user: Any) -> list[todo.TodoItem]:
    """For those who draw: approved tasks waiting for their draw."""
    if not can_draw(user):
        return []
    waiting = _tasks(user, "change").filter(status=TaskStatus.APPROVED).order_by("start_date", "pk")
    module = str(_("Random inspections"))
    return [
        todo.TodoItem(
            title=_("Draw the targets and inspectors of {task}").format(task=task),
            url=model_url(task, "detail"),
            due=task.start_date,
            module=module,
        )
        for task in waiting[: todo.ITEM_LIMIT]
    ]


@todo.register_panel
def publication_panel(user: Any) -> todo.Panel | None:
    """Publication of results (一公开) in the user's scope: due, due soon, overdue."""
    if not is_bureau_user(user) or not user_can(user, InspectionTask, "view"):
        return None
    counts = Counter(state for _task, state in open_publications(user))
    url = reverse("inspections:inspectiontask_publication")
    return todo.Panel(
        title=_("Publication of random-inspection results"),
        template="inspections/panel_publication.html",
        context={
            "states": [
                {
                    "state": s.value,
                    "label": s.label,
                    "count": counts.get(s.value, 0),
                    "url": f"{url}?state={s.value}",
                }
                for s in OPEN_STATES
            ],
            "overdue": counts.get(PublicationState.OVERDUE, 0),
        },
    )


register_menu(
    MenuGroup(
        gettext_lazy("Inspection work"),
        "✎",
        [
            MenuItem(
                gettext_lazy("My inspections"),
                "inspections:my_inspections",
                check=lambda u: my_inspector(u) is not None,
            ),
            MenuItem(
                gettext_lazy("Publication of results"),
                "inspections:inspectiontask_publication",
                check=lambda u: is_bureau_user(u) and user_can(u, InspectionTask, "view"),
            ),
        ],
        order=31,
    )
)

urlpatterns = [
    path("tasks/<int:pk>/change/", task_change, name="inspectiontask_change"),
    path("tasks/pool-size/", task_pool_size, name="inspectiontask_pool_size"),
    path("tasks/publication/", task_publication, name="inspectiontask_publication"),
    path("tasks/<int:pk>/approve/", task_approve, name="inspectiontask_approve"),
    path("tasks/<int:pk>/draw/", task_draw, name="inspectiontask_draw"),
    path("tasks/<int:pk>/draw-status/", task_draw_status, name="inspectiontask_draw_status"),
    path("tasks/<int:pk>/redo/", task_redo, name="inspectiontask_redo"),
    path("tasks/<int:pk>/publish/", task_publish, name="inspectiontask_publish"),
    path("draws/<int:pk>/check/", draw_check, name="draw_check"),
    path("draws/<int:pk>/pool.txt", draw_pool, name="draw_pool"),
    path("draws/<int:pk>/staffing.json", draw_staffing, name="draw_staffing"),
    path("my-inspections/", my_inspections, name="my_inspections"),
    path(
        "drawn-targets/<int:pk>/departments/<int:department>/result/",
        result_enter,
        name="inspectionresult_enter",
    ),
    path("results/<int:pk>/confirm/", result_confirm, name="inspectionresult_confirm"),
    path(
        "results/<int:pk>/attachments/<int:attachment>/",
        result_attachment,
        name="inspectionresult_attachment",
    ),
]

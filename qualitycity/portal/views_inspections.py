"""Public pages of random inspections (一公开): the check-item lists, the tasks with their draw
commitments, a check page per draw that anyone can re-run, and the published results.

No login; cached and rate-limited like the rest of the portal. What is never shown: the risk
class of an entity (the classification is not published, 国市监信发〔2022〕6号), inspector names
and other personal data. The pages read only the `published_*` querysets below."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from qualitycity.core.models import Department
from qualitycity.inspections import algorithm, services
from qualitycity.inspections.choices import DrawStatus, TaskStatus
from qualitycity.inspections.models import (
    CheckItem,
    Draw,
    DrawTarget,
    InspectionItemResult,
    InspectionResult,
    InspectionTask,
    ResultCategory,
)
from qualitycity.portal.views import public_page, rate_limited, render_public

#: A task is public from its approval on: that is when its draw's commitment is published.
PUBLIC_TASK_STATUSES = (TaskStatus.APPROVED, TaskStatus.DRAWING, TaskStatus.DRAWN, TaskStatus.CLOSED)
#: Never loaded for a public page; the pool download reads the pool snapshot on its own.
SNAPSHOTS = ("pool_snapshot", "staffing_snapshot")
PAGE_SIZE = 50


# --- what the public may see ----------------------------------------------------------------


def published_check_items() -> QuerySet[CheckItem]:
    """The check-item lists in force (抽查事项清单 are public, 国办发〔2015〕58号 §二(一))."""
    return CheckItem.objects.filter(is_active=True).select_related("department")


def published_tasks() -> QuerySet[InspectionTask]:
    """Tasks from approval on, with their departments and check items."""
    return (
        InspectionTask.objects.filter(status__in=PUBLIC_TASK_STATUSES)
        .select_related("lead_department")
        .prefetch_related("participating_departments", "check_items")
        .defer("pool_filter", "ratios", "note")
    )


def published_draws() -> QuerySet[Draw]:
    """The draws of public tasks; the seed is read through `Draw.public_seed` only."""
    return (
        Draw.objects.filter(task__status__in=PUBLIC_TASK_STATUSES)
        .select_related("task", "supersedes")
        .defer(*SNAPSHOTS, "strata", "parameters")
    )


def published_targets(draw: Draw) -> QuerySet[DrawTarget]:
    """A drawn draw's targets in draw order: entity name and USCC, never the class."""
    if not draw.is_drawn:
        return DrawTarget.objects.none()
    return (
        DrawTarget.objects.filter(draw=draw)
        .select_related("entity")
        .only("pk", "position", "uscc", "entity__name")
    )


def published_results() -> QuerySet[InspectionResult]:
    """Results once published."""
    return InspectionResult.objects.filter(published_at__isnull=False)


def _public_result_rows(results: QuerySet[InspectionResult]) -> QuerySet[InspectionResult]:
    """The columns a published result shows: no note, no inspector, no class."""
    return (
        results.select_related("task", "entity", "department", "category")
        .only(
            "pk",
            "inspected_on",
            "published_at",
            "task__number",
            "task__name",
            "entity__name",
            "entity__uscc",
            "department__name",
            "category__name",
        )
        .prefetch_related(
            Prefetch(
                "items",
                queryset=InspectionItemResult.objects.select_related("check_item", "category").only(
                    "pk",
                    "result_id",
                    "check_item__number",
                    "check_item__name",
                    "check_item__sub_item",
                    "category__name",
                ),
            )
        )
    )


def _draw(pk: int) -> Draw:
    draw = published_draws().filter(pk=pk).first()
    if draw is None:
        raise Http404
    return draw


def _current(draws: Any) -> Draw | None:
    """The draw in force among a task's draws (newest first)."""
    return next((d for d in draws if d.status != DrawStatus.SUPERSEDED), None)


def _redo_reasons(draws: list[Draw]) -> dict[int, Draw]:
    """Superseded draw id → the draw that redid it (its reason is on the new draw)."""
    return {d.supersedes_id: d for d in draws if d.supersedes_id}


# --- pages ----------------------------------------------------------------------------------


@public_page
def check_item_list(request: HttpRequest) -> HttpResponse:
    """The check-item lists (抽查事项清单) per department, every column."""
    items = published_check_items()
    departments = Department.objects.filter(check_items__is_active=True).distinct().order_by("code")
    chosen = request.GET.get("department", "").strip()[:50]
    if chosen:
        items = items.filter(department__code=chosen)
    context = {
        "title": _("Check-item lists"),
        "items": items.order_by("department__code", "number", "pk"),
        "departments": departments,
        "chosen": chosen,
    }
    return render_public(request, "portal/inspections_check_items.html", context)


@public_page
def task_list(request: HttpRequest) -> HttpResponse:
    """Every approved task, newest first, with its current commitment."""
    tasks = published_tasks().prefetch_related(
        Prefetch("draws", queryset=Draw.objects.defer(*SNAPSHOTS).order_by("-sequence"))
    )
    year = request.GET.get("year", "").strip()
    if year.isdigit():
        tasks = tasks.filter(start_date__year=int(year))
    page = Paginator(tasks.order_by("-start_date", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(task, _current(task.draws.all())) for task in page.object_list]
    context = {"title": _("Random inspection tasks"), "page": page, "rows": rows, "year": year}
    return render_public(request, "portal/inspections_tasks.html", context)


@public_page
def task_detail(request: HttpRequest, number: str) -> HttpResponse:
    """A task: departments, items, period, the commitment from approval on; once drawn the
    seed, pool hash and size, draw time and the drawn entities. Redone draws stay listed."""
    task = published_tasks().filter(number=number).first()
    if task is None:
        raise Http404
    draws = list(published_draws().filter(task=task).order_by("-sequence"))
    current = _current(draws)
    targets = None
    if current is not None and current.is_drawn:
        targets = Paginator(published_targets(current), 200).get_page(request.GET.get("page"))
    context = {
        "title": task.name,
        "task": task,
        "departments": [task.lead_department, *task.participating_departments.all()],
        "items": task.check_items.select_related("department").order_by("department__code", "number"),
        "draws": draws,
        "current": current,
        "redone_by": _redo_reasons(draws),
        "targets": targets,
    }
    return render_public(request, "portal/inspections_task_detail.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@rate_limited
def draw_check(request: HttpRequest, pk: int) -> HttpResponse:
    """A draw's check page: commitment, seed, pool hash, the algorithm, downloads, and a button
    that re-runs the draw on the server (`verify_draw`) from the stored snapshots.

    Not cached: the page carries a CSRF token for the button."""
    draw = _draw(pk)
    verification = None
    if request.method == "POST" and draw.is_drawn:
        verification = services.verify_draw(draw)
    redo = published_draws().filter(supersedes=draw).first()
    context = {
        "title": _("Check draw {task} #{sequence}").format(task=draw.task.number, sequence=draw.sequence),
        "draw": draw,
        "redone_by": redo,
        "algorithm_text": (algorithm.__doc__ or "").strip(),
        "verification": verification,
    }
    return render_public(request, "portal/inspections_draw_check.html", context)


def _text_download(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@public_page
def draw_seed(request: HttpRequest, pk: int) -> HttpResponse:
    """The revealed seed, as text; 404 while it is sealed."""
    draw = _draw(pk)
    if not draw.is_drawn:
        raise Http404
    return _text_download(draw.public_seed + "\n", f"{draw.task.number}-{draw.sequence}-seed.txt")


@public_page
def draw_pool(request: HttpRequest, pk: int) -> HttpResponse:
    """The pool as USCCs, one a line, sorted: the risk classes of the snapshot are left out."""
    draw = _draw(pk)
    if not draw.is_drawn:
        raise Http404
    snapshot = Draw.objects.filter(pk=draw.pk).values_list("pool_snapshot", flat=True).get()
    usccs, _classes = algorithm.parse_pool(algorithm.decompress(bytes(snapshot)))
    text = "".join(f"{uscc}\n" for uscc in sorted(usccs))
    return _text_download(text, f"{draw.task.number}-{draw.sequence}-pool.txt")


@public_page
def result_list(request: HttpRequest) -> HttpResponse:
    """Published results, filtered by department, year and result."""
    results = published_results()
    filters = {
        "department": request.GET.get("department", "").strip()[:50],
        "year": request.GET.get("year", "").strip()[:4],
        "result": request.GET.get("result", "").strip()[:40],
    }
    if filters["department"]:
        results = results.filter(department__code=filters["department"])
    if filters["year"].isdigit():
        results = results.filter(inspected_on__year=int(filters["year"]))
    if filters["result"]:
        results = results.filter(category__code=filters["result"])
    rows = _public_result_rows(results).order_by("-inspected_on", "-pk")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    published = published_results()
    context: dict[str, Any] = {
        "title": _("Published inspection results"),
        "page": page,
        "filters": filters,
        "departments": Department.objects.filter(
            pk__in=published.values("department_id").distinct()
        ).order_by("code"),
        "years": sorted(
            {d.year for d in published.dates("inspected_on", "year")},
            reverse=True,
        ),
        "categories": ResultCategory.objects.filter(is_active=True).order_by("rank", "code"),
        "query": urlencode({k: v for k, v in filters.items() if v}),
    }
    return render_public(request, "portal/inspections_results.html", context)

"""Quality-plan pages: the plan's generic screens (plans, goal groups, measures, sections,
indicators, progress reports), the indicator page (value, status, rule, definition, drill
link, history), the measure page (departments and reports), the menu and the to-dos.

The report workflow (the department's form, the bureau's review, late and missing reports)
lives in `views_reports`."""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from qualitycity.core import todo
from qualitycity.core.choices import Role
from qualitycity.core.generic.registry import ModelConfig, register_model, register_model_view
from qualitycity.core.generic.views import ObjectDetailView, ObjectHistoryView, ObjectListView
from qualitycity.core.navigation import MenuGroup, MenuItem, register_menu
from qualitycity.core.permissions import restrict_queryset, user_can
from qualitycity.plan import filters, indicators, reports, tables
from qualitycity.plan.choices import ReportStatus
from qualitycity.plan.models import GoalGroup, Indicator, Measure, Plan, PlanSection, ProgressReport

register_model(ModelConfig(Plan, tables.plan_table, filters.PlanFilterSet, url_path="plans"))
register_model(
    ModelConfig(
        GoalGroup,
        tables.goal_group_table,
        filters.GoalGroupFilterSet,
        url_path="goal-groups",
        select_related=("plan",),
    )
)
register_model(
    ModelConfig(
        Measure,
        tables.measure_table,
        filters.MeasureFilterSet,
        url_path="measures",
        select_related=("plan", "lead_department"),
    )
)
register_model(
    ModelConfig(
        PlanSection,
        tables.plan_section_table,
        filters.PlanSectionFilterSet,
        url_path="sections",
        select_related=("plan",),
    )
)
register_model(
    ModelConfig(
        Indicator,
        tables.indicator_table,
        filters.IndicatorFilterSet,
        url_path="indicators",
        select_related=("plan", "responsible_department", "measure", "goal_group"),
    )
)
register_model(
    ModelConfig(
        ProgressReport,
        tables.progress_report_table,
        filters.ProgressReportFilterSet,
        url_path="reports",
        select_related=("plan", "department", "measure"),
    )
)


class IndicatorDetailView(ObjectDetailView):
    """The indicator with its current value, status, rule, definition, drill link and history."""

    def get_context_data(self, obj: Model, context: dict[str, Any]) -> dict[str, Any]:
        assert isinstance(obj, Indicator)
        context["current"] = indicators.current(obj, user=self.request.user)
        values = obj.values.select_related("report", "report__department").order_by("-as_of", "-pk")
        if not user_can(self.request.user, ProgressReport, "view"):
            values = values.none()
        context["values"] = values[:100]
        return context


class MeasureDetailView(ObjectDetailView):
    """The measure with its responsible departments, indicators and reports."""

    def get_context_data(self, obj: Model, context: dict[str, Any]) -> dict[str, Any]:
        assert isinstance(obj, Measure)
        context["departments"] = reports.departments_of(obj)
        context["indicators"] = obj.indicators.select_related("responsible_department")
        visible = restrict_queryset(ProgressReport.objects.all(), self.request.user, "view")
        context["reports"] = visible.filter(measure=obj).select_related("department")[:200]
        context["today"] = timezone.localdate()
        return context


class ProgressReportDetailView(ObjectDetailView):
    """The report, its values and evidence, and what the viewer may do with it."""

    def get_context_data(self, obj: Model, context: dict[str, Any]) -> dict[str, Any]:
        assert isinstance(obj, ProgressReport)
        user: Any = self.request.user
        context["values"] = obj.values.select_related("indicator")
        context["attachments"] = obj.attachments.all()
        context["can_fill"] = (
            obj.status in reports.EDITABLE
            and user.department_id == obj.department_id
            and user_can(user, ProgressReport, "change")
        )
        context["can_review"] = (
            obj.status == ReportStatus.SUBMITTED
            and reports.can_review(user)
            and obj.submitted_by_id != user.pk
        )
        context["is_late"] = reports.is_late(obj)
        context["is_missing"] = reports.is_missing(obj)
        return context


for _model in (Plan, GoalGroup, Measure, PlanSection, Indicator, ProgressReport):
    register_model_view(_model, "list")(ObjectListView)
    register_model_view(_model, "history")(ObjectHistoryView)
for _model in (Plan, GoalGroup, PlanSection):
    register_model_view(_model, "detail")(ObjectDetailView)
register_model_view(Indicator, "detail")(IndicatorDetailView)
register_model_view(Measure, "detail")(MeasureDetailView)
register_model_view(ProgressReport, "detail")(ProgressReportDetailView)


def _is_reporter(user: Any) -> bool:
    return bool(user.is_authenticated and user.role == Role.REPORTER and user.department_id)


def _oversees(user: Any) -> bool:
    return bool(user.is_authenticated and user.role in (Role.STAFF, Role.LEADER))


register_menu(
    MenuGroup(
        _("Quality plan"),
        "◎",
        [
            MenuItem(_("City overview"), "plan:overview", "plan.indicator"),
            MenuItem(_("Assessment of departments"), "plan:assessment", "plan.assessmentscheme"),
            MenuItem(_("Plans"), "plan:plan_list", "plan.plan"),
            MenuItem(_("Plan indicators"), "plan:indicator_list", "plan.indicator"),
            MenuItem(_("Measures"), "plan:measure_list", "plan.measure"),
            MenuItem(_("Goal groups"), "plan:goalgroup_list", "plan.goalgroup"),
            MenuItem(_("Plan sections"), "plan:plansection_list", "plan.plansection"),
            MenuItem(_("My progress reports"), "plan:my_reports", check=_is_reporter),
            MenuItem(_("Progress reports"), "plan:progressreport_list", "plan.progressreport"),
            MenuItem(_("Late and missing reports"), "plan:late_missing", check=_oversees),
        ],
        order=50,
    )
)


@todo.register
def _reporter_todos(user: Any) -> list[todo.TodoItem]:
    """A department's reports due (draft or returned, due within the coming 15 days) and overdue."""
    if not _is_reporter(user):
        return []
    today = timezone.localdate()
    open_reports = restrict_queryset(ProgressReport.objects.all(), user, "change").filter(
        status__in=reports.EDITABLE, period_end__lt=today
    )
    items = []
    overdue = open_reports.filter(due_on__lt=today)
    if n := overdue.count():
        first = overdue.order_by("due_on").first()
        items.append(
            todo.TodoItem(
                title=gettext_now("Overdue progress reports"),
                url=reverse("plan:my_reports"),
                count=n,
                due=first.due_on if first else None,
                module="plan",
            )
        )
    due = open_reports.filter(due_on__gte=today)
    if n := due.count():
        first = due.order_by("due_on").first()
        items.append(
            todo.TodoItem(
                title=gettext_now("Progress reports to submit"),
                url=reverse("plan:my_reports"),
                count=n,
                due=first.due_on if first else None,
                module="plan",
            )
        )
    returned = open_reports.filter(status=ReportStatus.RETURNED).count()
    if returned:
        items.append(
            todo.TodoItem(
                title=gettext_now("Progress reports returned by the bureau"),
                url=reverse("plan:my_reports"),
                count=returned,
                module="plan",
            )
        )
    return items


@todo.register
def _bureau_todos(user: Any) -> list[todo.TodoItem]:
    """Staff: reports awaiting review; staff and leaders: missing reports."""
    if not _oversees(user):
        return []
    items = []
    qs = restrict_queryset(ProgressReport.objects.all(), user, "view")
    if user.role == Role.STAFF:
        waiting = qs.filter(status=ReportStatus.SUBMITTED).count()
        if waiting:
            items.append(
                todo.TodoItem(
                    title=gettext_now("Progress reports awaiting review"),
                    url=reverse("plan:progressreport_list") + "?status=submitted",
                    count=waiting,
                    module="plan",
                )
            )
    missing = reports.missing_reports(qs).count()
    if missing:
        items.append(
            todo.TodoItem(
                title=gettext_now("Missing progress reports"),
                url=reverse("plan:late_missing"),
                count=missing,
                module="plan",
            )
        )
    return items

"""Spot-check pages: the generic screens of the catalogue (test items, testing institutions),
plans, samples, reports, notices, objections and disposal cases; the detail pages that carry
the workflow buttons; the menu; the entity page's spot-check section.

The workflow steps themselves (sampling record, receipt, report entry, service, objection,
decision, disposal steps, publication) and the pass-rate statistics are in views_workflow.py."""

from __future__ import annotations

from typing import Any

from django.db.models import Model, Q
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import redirect
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from qualitycity.core.choices import Role
from qualitycity.core.generic.registry import ModelConfig, model_urls, register_model, register_model_view
from qualitycity.core.generic.views import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectHistoryView,
    ObjectImportView,
    ObjectListView,
)
from qualitycity.core.navigation import MenuGroup, MenuItem, register_menu
from qualitycity.core.permissions import restrict_queryset, user_can
from qualitycity.registry.sections import Section, register_entity_section
from qualitycity.spotchecks import filters, forms, services, tables
from qualitycity.spotchecks.choices import DisposalStatus, ObjectionStatus, Programme, SampleStatus
from qualitycity.spotchecks.models import (
    Disposal,
    Objection,
    Sample,
    SampleNotice,
    SpotCheckPlan,
    TestingInstitution,
    TestItem,
    TestReport,
)

register_model(
    ModelConfig(
        TestItem,
        tables.test_item_table,
        filters.TestItemFilterSet,
        forms.TestItemForm,
        import_form=forms.TestItemImportForm,
        url_path="test-items",
        select_related=("category", "limit_standard", "method_standard"),
        prefetch_related=("limit_standard__replaced_by",),
    )
)
register_model(
    ModelConfig(
        TestingInstitution,
        tables.testing_institution_table,
        filters.TestingInstitutionFilterSet,
        forms.TestingInstitutionForm,
        url_path="institutions",
        personal_fields={"contact_phone": "mask_phone"},
        prefetch_related=("categories",),
    )
)
register_model(
    ModelConfig(
        SpotCheckPlan,
        tables.spot_check_plan_table,
        filters.SpotCheckPlanFilterSet,
        forms.SpotCheckPlanForm,
        import_form=forms.SpotCheckPlanImportForm,
        url_path="plans",
        import_key="number",
        select_related=("organiser",),
    )
)
register_model(
    ModelConfig(
        Sample,
        tables.sample_table,
        filters.SampleFilterSet,
        import_form=forms.SampleImportForm,
        url_path="samples",
        select_related=("category", "sampled_unit", "producer", "county", "institution"),
    )
)
register_model(
    ModelConfig(
        TestReport,
        tables.test_report_table,
        filters.TestReportFilterSet,
        url_path="reports",
        select_related=("sample", "institution"),
    )
)
register_model(
    ModelConfig(
        SampleNotice,
        tables.sample_notice_table,
        filters.SampleNoticeFilterSet,
        url_path="notices",
        select_related=("sample", "entity"),
    )
)
register_model(
    ModelConfig(
        Objection,
        tables.objection_table,
        filters.ObjectionFilterSet,
        url_path="objections",
        select_related=("sample", "notice__entity", "retest_institution"),
    )
)
register_model(
    ModelConfig(
        Disposal,
        tables.disposal_table,
        filters.DisposalFilterSet,
        url_path="disposals",
        select_related=("sample", "entity", "county"),
    )
)


def report_rows(report: TestReport) -> list[Any]:
    return list(report.results.select_related("test_item__limit_standard").order_by("pk"))


@register_model_view(Sample, "detail")
class SampleDetailView(ObjectDetailView):
    """A sample: its sampling record, delivery and report clocks, reports with item results,
    notices, objections, the disposal case, and the buttons of the next steps."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if getattr(request.user, "role", "") == Role.ENTERPRISE:
            # the enterprise's own page: its results and objections, not the bureau's record
            return redirect("spotchecks:enterprise_sample_detail", number=self.get_object().number)  # type: ignore[attr-defined]
        return super().get(request, *args, **kwargs)

    def get_context_data(self, obj: Model, context: dict[str, Any]) -> dict[str, Any]:
        from qualitycity.spotchecks import views_workflow as flow

        assert isinstance(obj, Sample)
        user = self.request.user
        reports = [
            (r, report_rows(r)) for r in obj.reports.select_related("institution").order_by("issued_on", "pk")
        ]
        notices = list(
            restrict_queryset(SampleNotice.objects.filter(sample=obj), user).select_related("entity")
        )
        objections = list(
            restrict_queryset(Objection.objects.filter(sample=obj), user).select_related(
                "notice__entity", "retest_institution"
            )
        )
        disposal = restrict_queryset(Disposal.objects.filter(sample=obj), user).first()
        return {
            **context,
            "sample": obj,
            "reports": reports,
            "notices": notices,
            "objections": objections,
            "disposal": disposal,
            "attachments": list(obj.attachments.all()),
            "delivery_state": services.clock_state(obj.delivery_due, obj.delivered_on),
            "report_state": services.clock_state(obj.report_due, obj.reported_on) if obj.delivered_on else "",
            "can_receive": flow.may_work_on_sample(user, obj) and obj.status == SampleStatus.SAMPLED,
            "can_report": flow.may_enter_report(user, obj) and obj.status == SampleStatus.DELIVERED,
            "can_serve": flow.is_bureau_worker(user),
            "under_objection": any(
                o.status in (ObjectionStatus.SUBMITTED, ObjectionStatus.RETEST_ASSIGNED) for o in objections
            ),
        }


@register_model_view(Objection, "detail")
class ObjectionDetailView(ObjectDetailView):
    def get_context_data(self, obj: Model, context: dict[str, Any]) -> dict[str, Any]:
        from qualitycity.spotchecks import views_workflow as flow

        assert isinstance(obj, Objection)
        user = self.request.user
        candidates = (
            services.retest_candidates(obj.sample, obj.submitted_on)
            if obj.status == ObjectionStatus.SUBMITTED
            else []
        )
        return {
            **context,
            "objection": obj,
            "candidates": candidates,
            "is_food": obj.sample.programme == Programme.FOOD,
            "can_decide": flow.is_bureau_worker(user) and obj.status == ObjectionStatus.SUBMITTED,
            "can_retest": obj.status == ObjectionStatus.RETEST_ASSIGNED and flow.may_enter_retest(user, obj),
            "decision_form": forms.DecisionForm(
                candidates=TestingInstitution.objects.filter(pk__in=[c.pk for c in candidates])
            ),
        }


@register_model_view(Disposal, "detail")
class DisposalDetailView(ObjectDetailView):
    def get_context_data(self, obj: Model, context: dict[str, Any]) -> dict[str, Any]:
        from qualitycity.spotchecks import views_workflow as flow

        assert isinstance(obj, Disposal)
        allowed = services.allowed_steps(obj)
        closable, why = services.can_close(obj)
        works = flow.is_bureau_worker(self.request.user) and user_can(self.request.user, Disposal, "change")
        return {
            **context,
            "disposal": obj,
            "steps": list(obj.steps.order_by("done_on", "pk")),
            "allowed": allowed,
            "closable": closable,
            "close_reason": why,
            "can_work": works and obj.status == DisposalStatus.OPEN,
            "step_form": forms.DisposalStepForm(allowed=allowed),
            "close_form": forms.CloseDisposalForm(),
        }


@register_model_view(TestReport, "detail")
class TestReportDetailView(ObjectDetailView):
    __test__ = False

    def get_context_data(self, obj: Model, context: dict[str, Any]) -> dict[str, Any]:
        assert isinstance(obj, TestReport)
        return {**context, "report": obj, "results": report_rows(obj)}


@register_model_view(Sample, "history")
class SampleHistoryView(ObjectHistoryView):
    """The record's change history; enterprise users are sent to their own page of the sample."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if getattr(request.user, "role", "") == Role.ENTERPRISE:
            return redirect("spotchecks:enterprise_sample_detail", number=self.get_object().number)  # type: ignore[attr-defined]
        return super().get(request, *args, **kwargs)


for _model in (
    TestItem,
    TestingInstitution,
    SpotCheckPlan,
    Sample,
    TestReport,
    SampleNotice,
    Objection,
    Disposal,
):
    register_model_view(_model, "list")(ObjectListView)
    if _model not in (Sample, Objection, Disposal, TestReport):
        register_model_view(_model, "detail")(ObjectDetailView)
    if _model is not Sample:
        register_model_view(_model, "history")(ObjectHistoryView)
for _model in (TestItem, TestingInstitution, SpotCheckPlan):
    register_model_view(_model, "add")(ObjectEditView)
    register_model_view(_model, "edit")(ObjectEditView)
for _model in (TestItem, TestingInstitution):
    register_model_view(_model, "delete")(ObjectDeleteView)
for _model in (TestItem, SpotCheckPlan, Sample):
    register_model_view(_model, "import")(ObjectImportView)

# the sampling record on a tablet is the "add" view of samples (views_workflow.SampleAddView)
from qualitycity.spotchecks import views_workflow  # noqa: E402

urlpatterns = []
for _model in (
    SpotCheckPlan,
    Sample,
    TestReport,
    SampleNotice,
    Objection,
    Disposal,
    TestItem,
    TestingInstitution,
):
    urlpatterns += model_urls(_model)


def _internal(model: str) -> Any:
    """A menu check: bureau and lab users with the permission; enterprises use their own pages."""
    from django.apps import apps

    def check(user: Any) -> bool:
        return user.role != Role.ENTERPRISE and user_can(user, apps.get_model(model), "view")

    return check


register_menu(
    MenuGroup(
        _("Spot checks"),
        "⚗",
        [
            MenuItem(
                _("Samples"),
                "spotchecks:sample_list",
                "spotchecks.sample",
                check=_internal("spotchecks.sample"),
            ),
            MenuItem(_("Spot-check plans"), "spotchecks:spotcheckplan_list", "spotchecks.spotcheckplan"),
            MenuItem(
                _("Lab work"),
                "spotchecks:lab_work",
                "spotchecks.testreport",
                check=lambda u: u.role == Role.LAB,
            ),
            MenuItem(
                _("Test reports"),
                "spotchecks:testreport_list",
                "spotchecks.testreport",
                check=_internal("spotchecks.testreport"),
            ),
            MenuItem(
                _("Failed results served"),
                "spotchecks:samplenotice_list",
                "spotchecks.samplenotice",
                check=views_workflow.is_bureau_worker,
            ),
            MenuItem(
                _("Objections and re-tests"),
                "spotchecks:objection_list",
                "spotchecks.objection",
                check=_internal("spotchecks.objection"),
            ),
            MenuItem(
                _("Disposal cases"),
                "spotchecks:disposal_list",
                "spotchecks.disposal",
                check=views_workflow.is_bureau_worker,
            ),
            MenuItem(
                _("Pass rates"),
                "spotchecks:pass_rates",
                "spotchecks.sample",
                check=views_workflow.is_bureau_worker,
            ),
            MenuItem(_("Test items"), "spotchecks:testitem_list", "spotchecks.testitem"),
            MenuItem(
                _("Testing institutions"),
                "spotchecks:testinginstitution_list",
                "spotchecks.testinginstitution",
            ),
        ],
        order=35,
    )
)


@register_entity_section
def spot_check_section(entity: Any, user: Any) -> Section | None:
    """The entity's samples, as sampled unit or producer, for users who may see samples."""
    if not user_can(user, Sample, "view"):
        return None
    qs = restrict_queryset(Sample.objects.filter(Q(sampled_unit=entity) | Q(producer=entity)), user)
    rows = list(qs.select_related("category").order_by("-sampled_on")[:50])
    if not rows:
        return None
    failed = qs.filter(conclusion="unqualified").count()
    return Section(
        title=gettext("Spot checks"),
        template="spotchecks/_entity_section.html",
        context={"samples": rows, "failed": failed, "total": qs.count(), "entity": entity},
        order=35,
    )

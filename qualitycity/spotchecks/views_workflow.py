"""Workflow screens of spot checks: the sampling record on a tablet, the lab's receipt and
report entry (item by item, or a results file as a background job), the service of a failed
result, objections and their decision, the re-test report, disposal steps and closure,
publication, the lab's work list, the pass-rate statistics with their definitions, the
to-dos and the home panel of risk signals.

Every state change calls a service (`spotchecks.services`); objects come from restricted
querysets. Who may do what, on top of the role permissions:

- take a sample, serve a result, decide an objection, record disposal steps, publish: bureau
  staff and county officers (and inspectors for sampling);
- receive a sample and enter its report: a user of the testing institution it was sent to (or
  bureau staff entering a paper report);
- enter a re-test report: a user of the re-test institution (or bureau staff)."""

from __future__ import annotations

import datetime as dt
import tempfile
from typing import Any

from django import forms as djforms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qualitycity.core import audit, todo
from qualitycity.core.choices import AuditAction, Role
from qualitycity.core.generic.registry import model_url, register_model_view
from qualitycity.core.generic.views import BaseModelView
from qualitycity.core.models import Division
from qualitycity.core.permissions import restrict_queryset, user_can
from qualitycity.core.spreadsheets import write_xlsx
from qualitycity.registry.models import ProductCategory
from qualitycity.spotchecks import forms, rates, services
from qualitycity.spotchecks.choices import (
    Conclusion,
    DisposalStatus,
    Level,
    ObjectionStatus,
    Programme,
    Purpose,
    SampleStatus,
)
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
from qualitycity.spotchecks.tasks import start_results_import

BUREAU_ROLES = (Role.STAFF, Role.COUNTY_OFFICER, Role.LEADER, Role.INSPECTOR)
WORK_ROLES = (Role.STAFF, Role.COUNTY_OFFICER)


# ---------------------------------------------------------------- who may do what


def is_bureau_worker(user: Any) -> bool:
    """Bureau users who work on spot checks (or read them, for leaders and inspectors)."""
    return (
        getattr(user, "is_authenticated", False)
        and user.role in BUREAU_ROLES
        and user_can(user, Sample, "view")
    )


def can_work(user: Any) -> bool:
    return (
        getattr(user, "is_authenticated", False)
        and user.role in WORK_ROLES
        and user_can(user, Sample, "change")
    )


def lab_of(user: Any) -> TestingInstitution | None:
    """The testing institution of a lab user (by the USCC on the account)."""
    if getattr(user, "role", "") != Role.LAB or not getattr(user, "uscc", ""):
        return None
    return TestingInstitution.objects.filter(uscc=user.uscc).first()


def may_work_on_sample(user: Any, sample: Sample) -> bool:
    """Receive a sample: its lab's users, or bureau staff recording a paper receipt."""
    lab = lab_of(user)
    if lab is not None:
        return lab.pk == sample.institution_id
    return can_work(user)


def may_enter_report(user: Any, sample: Sample) -> bool:
    return user_can(user, TestReport, "add") and may_work_on_sample(user, sample)


def may_enter_retest(user: Any, objection: Objection) -> bool:
    if not user_can(user, TestReport, "add"):
        return False
    lab = lab_of(user)
    if lab is not None:
        return lab.pk == objection.retest_institution_id
    return can_work(user)


def _samples(user: Any, action: str = "view") -> Any:
    return restrict_queryset(
        Sample.objects.select_related(
            "plan", "category", "institution", "sampled_unit", "producer", "county"
        ),
        user,
        action,
    )


def _sample(request: HttpRequest, pk: int, action: str = "view") -> Sample:
    if not user_can(request.user, Sample, action):
        raise PermissionDenied
    return get_object_or_404(_samples(request.user, action), pk=pk)


def _errors_to_messages(request: HttpRequest, exc: ValidationError) -> None:
    by_field = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
    for errs in by_field.values():
        for message in errs:
            messages.error(request, message)


# ---------------------------------------------------------------- the sampling record


class SampleAddView(BaseModelView):
    """A new sampling record: first the plan, then the tablet form."""

    action = "add"

    def plans(self) -> Any:
        today = timezone.localdate()
        qs = SpotCheckPlan.objects.select_related("organiser").filter(
            end_date__gte=today - dt.timedelta(days=60)
        )
        user = self.request.user
        division = getattr(user, "scope_division", None)
        if division is not None:
            # officers of a county sample for their county's plans and for plans covering it
            qs = qs.filter(
                Q(counties__code=division.code) | Q(organiser__division__code__startswith=division.prefix)
            )
        return qs.order_by("-year", "number").distinct()

    def get_plan(self) -> SpotCheckPlan | None:
        value = self.request.POST.get("plan") or self.request.GET.get("plan")
        if not value:
            return None
        if not str(value).isdigit():
            raise Http404
        return get_object_or_404(self.plans(), pk=int(value))

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        plan = self.get_plan()
        if plan is None:
            return render(
                request, "spotchecks/sample_plan_choice.html", {**self.base_context(), "plans": self.plans()}
            )
        return self.render_form(forms.SampleForm(plan=plan), plan)

    def render_form(self, form: forms.SampleForm, plan: SpotCheckPlan) -> HttpResponse:
        return render(
            self.request, "spotchecks/sample_form.html", {**self.base_context(), "form": form, "plan": plan}
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        plan = self.get_plan()
        if plan is None:
            return redirect(model_url(Sample, "add"))
        form = forms.SampleForm(request.POST, request.FILES, plan=plan)
        if not form.is_valid():
            return self.render_form(form, plan)
        try:
            sample = services.record_sample(
                form.record(files=form.cleaned_data.get("photos") or []), actor=request.user
            )
        except ValidationError as exc:
            form.apply_errors(exc)
            return self.render_form(form, plan)
        messages.success(
            request,
            _("Sample {number} recorded; deliver it to {lab} by {due}.").format(
                number=sample.number,
                lab=sample.institution,
                due=sample.delivery_due.isoformat() if sample.delivery_due else "—",
            ),
        )
        return redirect(model_url(sample, "detail"))


register_model_view(Sample, "add")(SampleAddView)


@login_required
@require_POST
def sample_receive(request: HttpRequest, pk: int) -> HttpResponse:
    sample = _sample(request, pk, "change")
    if not may_work_on_sample(request.user, sample):
        raise PermissionDenied
    form = forms.ReceiveForm(request.POST)
    if form.is_valid():
        try:
            services.receive_sample(sample, actor=request.user, received_on=form.cleaned_data["received_on"])
            messages.success(request, _("Receipt recorded; the report is due in 20 working days."))
        except ValidationError as exc:
            _errors_to_messages(request, exc)
    else:
        messages.error(request, _("Enter the date received."))
    return redirect(model_url(sample, "detail"))


# ---------------------------------------------------------------- the lab report


def _item_rows(request: HttpRequest, items: list[TestItem]) -> list[dict[str, Any]]:
    """One entry row per item: posted values, or empty."""
    rows = []
    for item in items:
        key = f"item_{item.pk}"
        rows.append(
            {
                "item": item,
                "value": request.POST.get(f"{key}_value", "").strip(),
                "unit": request.POST.get(f"{key}_unit", item.unit).strip()
                if request.method == "POST"
                else item.unit,
                "verdict": request.POST.get(f"{key}_verdict", ""),
                "errors": {},
            }
        )
    return rows


def _report_page(
    request: HttpRequest,
    sample: Sample,
    institution: TestingInstitution,
    objection: Objection | None,
) -> HttpResponse:
    qualified = set(institution.test_items.values_list("pk", flat=True))
    items = [i for i in services.applicable_items(sample) if i.pk in qualified or request.method == "POST"]
    not_qualified = [i for i in services.applicable_items(sample) if i.pk not in qualified]
    head = forms.ReportHeadForm(request.POST or None)
    rows = _item_rows(request, items)
    errors: list[str] = []
    if request.method == "POST" and "upload" not in request.POST and head.is_valid():
        entered = [r for r in rows if r["value"]]
        result_rows = [
            services.ResultRow(
                item=r["item"], value_text=r["value"], unit=r["unit"], lab_verdict=r["verdict"]
            )
            for r in entered
        ]
        try:
            services.enter_report(
                sample,
                actor=request.user,
                institution=institution,
                number=head.cleaned_data["number"],
                issued_on=head.cleaned_data["issued_on"],
                rows=result_rows,
                objection=objection,
                note=head.cleaned_data.get("note", ""),
            )
        except services.ReportError as exc:
            for index, fields in exc.rows.items():
                entered[index]["errors"] = fields
            for name, messages_ in exc.report_errors.items():
                if name in head.fields:
                    for m in messages_:
                        head.add_error(name, m)
                else:
                    errors.extend(messages_)
        else:
            sample.refresh_from_db()
            if sample.conclusion == Conclusion.UNQUALIFIED:
                messages.warning(
                    request,
                    _("Report entered: the sample is unqualified ({items}).").format(
                        items=sample.failed_items
                    ),
                )
            else:
                messages.success(request, _("Report entered: the sample is qualified."))
            return redirect(model_url(sample, "detail"))
    return render(
        request,
        "spotchecks/report_form.html",
        {
            "sample": sample,
            "institution": institution,
            "objection": objection,
            "head": head,
            "rows": rows,
            "errors": errors,
            "not_qualified": not_qualified,
            "upload_form": forms.ResultsUploadForm(),
        },
    )


@login_required
def sample_report(request: HttpRequest, pk: int) -> HttpResponse:
    """The lab's report on a delivered sample, item by item; the conclusion follows."""
    sample = _sample(request, pk, "view")
    if not may_enter_report(request.user, sample):
        raise PermissionDenied
    return _report_page(request, sample, lab_of(request.user) or sample.institution, None)


@login_required
def objection_retest(request: HttpRequest, pk: int) -> HttpResponse:
    """The re-test lab's report; it replaces the conclusion."""
    if not user_can(request.user, Objection, "view"):
        raise PermissionDenied
    objection = get_object_or_404(
        restrict_queryset(Objection.objects.select_related("sample", "retest_institution"), request.user),
        pk=pk,
    )
    if objection.status != ObjectionStatus.RETEST_ASSIGNED or not may_enter_retest(request.user, objection):
        raise PermissionDenied
    assert objection.retest_institution is not None
    return _report_page(request, objection.sample, objection.retest_institution, objection)


@login_required
def results_upload(request: HttpRequest) -> HttpResponse:
    """A lab's results file (one row per item, several samples) as a background job."""
    lab = lab_of(request.user)
    is_staff = can_work(request.user) and user_can(request.user, TestReport, "add")
    if lab is None and not is_staff:
        raise PermissionDenied
    labs = TestingInstitution.objects.filter(is_active=True)
    form = forms.ResultsUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        chosen = lab
        if chosen is None:
            value = request.POST.get("institution", "")
            chosen = labs.filter(pk=int(value)).first() if value.isdigit() else None
        if chosen is None:
            form.add_error(None, _("Choose the lab whose report this is."))
        else:
            job = start_results_import(form.cleaned_data["file"], actor=request.user, institution=chosen)
            return redirect("core:job_detail", pk=job.pk)
    return render(request, "spotchecks/results_upload.html", {"form": form, "lab": lab, "labs": labs})


@login_required
def lab_work(request: HttpRequest) -> HttpResponse:
    """A lab's work list: samples to receive, reports due, re-tests assigned."""
    lab = lab_of(request.user)
    if lab is None:
        raise PermissionDenied
    samples = _samples(request.user)
    retests = restrict_queryset(Objection.objects.select_related("sample"), request.user).filter(
        status=ObjectionStatus.RETEST_ASSIGNED
    )
    context = {
        "lab": lab,
        "to_receive": list(samples.filter(status=SampleStatus.SAMPLED).order_by("delivery_due")[:100]),
        "to_report": list(samples.filter(status=SampleStatus.DELIVERED).order_by("report_due")[:100]),
        "retests": list(retests[:100]),
        "today": timezone.localdate(),
    }
    return render(request, "spotchecks/lab_work.html", context)


# ---------------------------------------------------------------- notices and objections


def _notice(request: HttpRequest, pk: int, action: str) -> SampleNotice:
    if not user_can(request.user, SampleNotice, action) or not can_work(request.user):
        raise PermissionDenied
    return get_object_or_404(
        restrict_queryset(SampleNotice.objects.select_related("sample", "entity"), request.user, action),
        pk=pk,
    )


@login_required
@require_POST
def notice_serve(request: HttpRequest, pk: int) -> HttpResponse:
    notice = _notice(request, pk, "change")
    form = forms.ServeNoticeForm(request.POST)
    if form.is_valid():
        try:
            services.serve_notice(
                notice,
                actor=request.user,
                received_on=form.cleaned_data["received_on"],
                method=form.cleaned_data["method"],
            )
            messages.success(
                request,
                _("Receipt recorded; the objection window runs from {date}.").format(
                    date=form.cleaned_data["received_on"].isoformat()
                ),
            )
        except ValidationError as exc:
            _errors_to_messages(request, exc)
    else:
        for errs in form.errors.values():
            for e in errs:
                messages.error(request, str(e))
    return redirect(model_url(notice.sample, "detail"))


@login_required
def notice_objection(request: HttpRequest, pk: int) -> HttpResponse:
    """An objection received on paper, entered by the bureau."""
    notice = _notice(request, pk, "view")
    failed = TestItem.objects.filter(
        pk__in=notice.sample.reports.filter(is_retest=False, results__verdict="fail").values(
            "results__test_item"
        )
    )
    form = forms.ObjectionForm(request.POST or None, failed_items=failed)
    if request.method == "POST" and form.is_valid():
        try:
            objection = services.submit_objection(
                notice,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                submitted_on=form.cleaned_data["submitted_on"],
                contested_items=list(form.cleaned_data["contested_items"]),
            )
        except ValidationError as exc:
            for name, errs in exc.message_dict.items():
                for e in errs:
                    form.add_error(name if name in form.fields else None, e)
        else:
            messages.success(request, _("Objection recorded."))
            return redirect(model_url(objection, "detail"))
    return render(request, "spotchecks/objection_form.html", {"form": form, "notice": notice})


@login_required
@require_POST
def objection_decide(request: HttpRequest, pk: int) -> HttpResponse:
    if not can_work(request.user) or not user_can(request.user, Objection, "change"):
        raise PermissionDenied
    objection = get_object_or_404(
        restrict_queryset(Objection.objects.select_related("sample"), request.user, "change"), pk=pk
    )
    candidates = services.retest_candidates(objection.sample, timezone.localdate())
    form = forms.DecisionForm(
        request.POST, candidates=TestingInstitution.objects.filter(pk__in=[c.pk for c in candidates])
    )
    if form.is_valid():
        try:
            objection = services.decide_objection(
                objection,
                actor=request.user,
                accept=form.cleaned_data["accept"],
                note=form.cleaned_data.get("note", ""),
                institution=form.cleaned_data.get("institution"),
            )
        except ValidationError as exc:
            _errors_to_messages(request, exc)
        else:
            if objection.status == ObjectionStatus.RETEST_ASSIGNED:
                messages.success(
                    request,
                    _("Accepted: the re-test goes to {lab}.").format(lab=objection.retest_institution),
                )
            else:
                messages.success(request, _("The objection was not accepted."))
    else:
        messages.error(request, _("Choose whether to accept the objection."))
    return redirect(model_url(objection, "detail"))


# ---------------------------------------------------------------- disposal


def _disposal(request: HttpRequest, pk: int) -> Disposal:
    if not can_work(request.user) or not user_can(request.user, Disposal, "change"):
        raise PermissionDenied
    return get_object_or_404(
        restrict_queryset(Disposal.objects.select_related("sample", "entity"), request.user, "change"), pk=pk
    )


@login_required
@require_POST
def disposal_step(request: HttpRequest, pk: int) -> HttpResponse:
    disposal = _disposal(request, pk)
    form = forms.DisposalStepForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_step(
                disposal,
                actor=request.user,
                kind=data["kind"],
                done_on=data["done_on"],
                deadline=data.get("deadline"),
                passed=data.get("passed"),
                document_number=data.get("document_number", ""),
                note=data.get("note", ""),
            )
            messages.success(request, _("Step recorded; it is in the entity's archive."))
        except ValidationError as exc:
            _errors_to_messages(request, exc)
    else:
        for errs in form.errors.values():
            for e in errs:
                messages.error(request, str(e))
    return redirect(model_url(disposal, "detail"))


@login_required
@require_POST
def disposal_close(request: HttpRequest, pk: int) -> HttpResponse:
    disposal = _disposal(request, pk)
    form = forms.CloseDisposalForm(request.POST)
    if form.is_valid():
        try:
            services.close_disposal(
                disposal,
                actor=request.user,
                measures_taken=form.cleaned_data["measures_taken"],
                closed_on=form.cleaned_data["closed_on"],
            )
            messages.success(request, _("Case closed."))
        except ValidationError as exc:
            _errors_to_messages(request, exc)
    else:
        messages.error(request, _("Describe the measures taken."))
    return redirect(model_url(disposal, "detail"))


# ---------------------------------------------------------------- plans and publication


@register_model_view(SpotCheckPlan, "detail")
class PlanDetailView(BaseModelView):
    """A plan: its figures (planned, sampled, concluded, failed, pass rate), its samples by
    state, what is due for publication, and the publish button."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        plan = self.get_object()
        assert isinstance(plan, SpotCheckPlan)
        samples = restrict_queryset(Sample.objects.filter(plan=plan), request.user)
        rate = rates.rate_of(samples, rates.RateFilter())
        due = [s for s in services.due_for_publication(plan=plan) if samples.filter(pk=s.pk).exists()]
        context = {
            **self.base_context(),
            "object": plan,
            "plan": plan,
            "fields": _plan_fields(plan),
            "rate": rate,
            "sampled": samples.count(),
            "pending": samples.filter(conclusion=Conclusion.PENDING).count(),
            "due_for_publication": len(due),
            "can_publish": can_work(request.user) and bool(due),
            "can_sample": user_can(request.user, Sample, "add"),
            "samples_url": f"{reverse('spotchecks:sample_list')}?plan_id={plan.pk}",
        }
        return render(request, "spotchecks/plan_detail.html", context)


def _plan_fields(plan: SpotCheckPlan) -> list[tuple[Any, Any]]:
    meta = SpotCheckPlan._meta
    return [
        (meta.get_field("number").verbose_name, plan.number),
        (meta.get_field("programme").verbose_name, plan.get_programme_display()),
        (meta.get_field("purpose").verbose_name, plan.get_purpose_display()),
        (meta.get_field("level").verbose_name, plan.get_level_display()),
        (meta.get_field("year").verbose_name, plan.year),
        (meta.get_field("organiser").verbose_name, plan.organiser),
        (meta.get_field("categories").verbose_name, "、".join(c.name for c in plan.categories.all())),
        (meta.get_field("counties").verbose_name, "、".join(c.name for c in plan.counties.all())),
        (meta.get_field("batches_planned").verbose_name, plan.batches_planned),
        (meta.get_field("institutions").verbose_name, "、".join(str(i) for i in plan.institutions.all())),
        (meta.get_field("start_date").verbose_name, plan.start_date),
        (meta.get_field("end_date").verbose_name, plan.end_date),
        (meta.get_field("is_targeted").verbose_name, plan.is_targeted),
        (meta.get_field("note").verbose_name, plan.note or None),
    ]


@login_required
@require_POST
def plan_publish(request: HttpRequest, pk: int) -> HttpResponse:
    if not can_work(request.user):
        raise PermissionDenied
    plan = get_object_or_404(restrict_queryset(SpotCheckPlan.objects.all(), request.user, "change"), pk=pk)
    visible = restrict_queryset(Sample.objects.filter(plan=plan), request.user, "change")
    due = [s for s in services.due_for_publication(plan=plan) if visible.filter(pk=s.pk).exists()]
    count = services.publish_samples(due, actor=request.user)
    messages.success(request, _("{n} results published on the portal.").format(n=count))
    return redirect(model_url(plan, "detail"))


# ---------------------------------------------------------------- pass rates


class RateForm(djforms.Form):
    """The statistics page's filters (the same names as the sample list's)."""

    programme = djforms.ChoiceField(
        label=_("programme"), choices=[("", "—"), *Programme.choices], required=False
    )
    purpose = djforms.ChoiceField(label=_("purpose"), choices=[("", "—"), *Purpose.choices], required=False)
    level = djforms.ChoiceField(label=_("level"), choices=[("", "—"), *Level.choices], required=False)
    county = djforms.ModelChoiceField(Division.objects.counties(), label=_("county"), required=False)
    category = djforms.ModelChoiceField(
        ProductCategory.objects.filter(parent__parent__isnull=True, parent__isnull=False),
        label=_("product category"),
        required=False,
    )
    start = djforms.DateField(label=_("from"), widget=forms.DATE_INPUT, required=False)
    end = djforms.DateField(label=_("to"), widget=forms.DATE_INPUT, required=False)

    def rate_filter(self) -> rates.RateFilter:
        today = timezone.localdate()
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        start = data.get("start") or dt.date(today.year, 1, 1)
        end = data.get("end") or today
        return rates.RateFilter(
            programme=data.get("programme", ""),
            purpose=data.get("purpose", ""),
            level=data.get("level", ""),
            county=data["county"].pk if data.get("county") else None,
            category=data["category"].pk if data.get("category") else None,
            start=start,
            end=end,
        )


def _rate_row(label: Any, rate: rates.Rate, f: rates.RateFilter, **drill: Any) -> dict[str, Any]:
    return {
        "label": label,
        "total": rate.total,
        "qualified": rate.qualified,
        "unqualified": rate.unqualified,
        "rate": rate.percent,
        "url": rates.drill_url(f, **drill),
        "failed_url": rates.drill_url(f, conclusion=Conclusion.UNQUALIFIED, **drill),
    }


def pass_rate_data(user: Any, f: rates.RateFilter, *, live: bool = False) -> dict[str, Any]:
    """Everything the statistics page shows over the reader's restricted samples: from the
    pre-aggregated tallies while they are current, else counted live (`counted` says which)."""
    from dataclasses import replace

    qs = restrict_queryset(Sample.objects.all(), user)
    counter = services.pass_rate_counter(user, qs, live=live)
    counties = dict(Division.objects.counties().values_list("pk", "name"))
    categories = dict(ProductCategory.objects.values_list("pk", "name"))
    indicators = []
    for key, indicator in rates.INDICATORS.items():
        g = replace(f, indicator=key, programme="", purpose="")
        rate = counter.rate(g)
        indicators.append(
            {**_rate_row(indicator.label, rate, g), "key": key, "definition": indicator.definition}
        )
    overall = counter.rate(f)
    by_county = [
        _rate_row(counties.get(k, k), r, replace(f, county=k)) for k, r in counter.breakdown(f, "county")
    ]
    by_category = [
        _rate_row(categories.get(k, k), r, replace(f, category=k))
        for k, r in counter.breakdown(f, "category")
    ]
    by_month = counter.breakdown(f, "month")
    by_programme = [
        _rate_row(Programme(k).label, r, replace(f, programme=k))
        for k, r in counter.breakdown(f, "programme")
    ]
    # The open objections are few: take their samples first, then the filter over those.
    objected = (
        restrict_queryset(Objection.objects.all(), user)
        .filter(status__in=(ObjectionStatus.SUBMITTED, ObjectionStatus.RETEST_ASSIGNED))
        .values_list("sample_id", flat=True)
    )
    under_objection = rates.filtered(qs, f).filter(pk__in=list(objected)).count()
    return {
        "counted": {"live": counter.live or counter.as_of is None, "as_of": counter.as_of},
        "under_objection": under_objection,
        "overall": _rate_row(_("All batches"), overall, f),
        "indicators": indicators,
        "by_county": by_county,
        "by_category": by_category,
        "by_programme": by_programme,
        "months": {
            "labels": [m.strftime("%Y-%m") for m, _r in by_month],
            "rate": [float(r.percent) if r.percent is not None else None for _m, r in by_month],
            "total": [r.total for _m, r in by_month],
            "names": {"rate": _("pass rate"), "total": _("batches")},
        },
        "map": {
            "counties": [
                {
                    "name": row["label"],
                    "rate": float(row["rate"]) if row["rate"] is not None else None,
                    "total": row["total"],
                    "url": row["url"],
                }
                for row in by_county
            ],
            "labels": {"rate": _("pass rate"), "total": _("batches"), "no_data": _("no batches")},
        },
    }


def _signals(user: Any, live: bool) -> list[Any]:
    samples = restrict_queryset(Sample.objects.all(), user)
    return services.signals(samples, counter=services.pass_rate_counter(user, samples, live=live))


@login_required
def pass_rates(request: HttpRequest) -> HttpResponseBase:
    """Batch pass rates by programme, level, category, county and month, with the plan's three
    indicators and their definitions; every figure links to its samples."""
    if not is_bureau_worker(request.user):
        raise PermissionDenied
    form = RateForm(request.GET or None)
    f = form.rate_filter()
    live = request.GET.get("live") == "1"
    data = pass_rate_data(request.user, f, live=live)
    export = request.GET.get("export")
    if export:
        return _export_rates(request, f, data, export)
    from urllib.parse import urlencode

    query = urlencode({k: v for k, v in request.GET.items() if k != "export"})
    return render(
        request,
        "spotchecks/pass_rates.html",
        {
            "form": form,
            "f": f,
            "data": data,
            "query": query,
            "signals_panel": {"signals": _signals(request.user, live), "more": 0},
            "can_export": user_can(request.user, Sample, "export"),
            "scope_division": getattr(request.user, "scope_division", None),
        },
    )


def _export_rates(
    request: HttpRequest, f: rates.RateFilter, data: dict[str, Any], name: str
) -> HttpResponseBase:
    if not user_can(request.user, Sample, "export"):
        raise PermissionDenied
    tables = {
        "county": data["by_county"],
        "category": data["by_category"],
        "indicators": data["indicators"],
        "programme": data["by_programme"],
    }
    if name not in tables:
        raise Http404
    headers = [_("name"), _("batches"), _("qualified"), _("unqualified"), _("pass rate (%)")]
    rows = [
        [
            str(r["label"]),
            r["total"],
            r["qualified"],
            r["unqualified"],
            float(r["rate"]) if r["rate"] is not None else None,
        ]
        for r in tables[name]
    ]
    title = _("Pass rates")
    audit.record(
        actor=request.user,
        action=AuditAction.EXPORT,
        object_type="spotchecks.pass_rates",
        object_repr=str(title),
        message=f"xlsx {len(rows)} rows; {name}; {f.params()}",
        extra={"format": "xlsx", "rows": len(rows), "table": name},
    )
    handle = tempfile.TemporaryFile()  # noqa: SIM115  (FileResponse closes it; nothing left on disk)
    write_xlsx(handle, headers, rows, sheet_name=str(title), column_formats=None)
    handle.seek(0)
    assert f.start is not None
    assert f.end is not None
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"{title}-{name}-{f.start:%Y%m%d}-{f.end:%Y%m%d}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@login_required
def sample_attachment(request: HttpRequest, pk: int, attachment: int) -> FileResponse:
    """A photo or document of the sampling, for users who may see the sample."""
    sample = _sample(request, pk)
    obj = get_object_or_404(sample.attachments.all(), pk=attachment)
    return FileResponse(obj.file.open("rb"), filename=obj.name, as_attachment=not obj.is_photo)


urlpatterns = [
    path("samples/<int:pk>/attachments/<int:attachment>/", sample_attachment, name="sample_attachment"),
    path("samples/<int:pk>/receipt/", sample_receive, name="sample_receive"),
    path("samples/<int:pk>/report/", sample_report, name="sample_report"),
    path("results/upload/", results_upload, name="results_upload"),
    path("lab/", lab_work, name="lab_work"),
    path("notices/<int:pk>/serve/", notice_serve, name="samplenotice_serve"),
    path("notices/<int:pk>/objection/", notice_objection, name="samplenotice_objection"),
    path("objections/<int:pk>/decision/", objection_decide, name="objection_decide"),
    path("objections/<int:pk>/retest/", objection_retest, name="objection_retest"),
    path("disposals/<int:pk>/steps/", disposal_step, name="disposal_step"),
    path("disposals/<int:pk>/close/", disposal_close, name="disposal_close"),
    path("plans/<int:pk>/publish/", plan_publish, name="spotcheckplan_publish"),
    path("pass-rates/", pass_rates, name="pass_rates"),
]


# ---------------------------------------------------------------- to-dos and the home panel


@todo.register
def spotcheck_todos(user: Any) -> list[todo.TodoItem]:
    """Deadlines of spot checks in the user's scope: deliveries and reports overdue, objections
    to decide, disposal cases past their deadline; for a lab, its samples to receive and report."""
    module = str(_("Spot checks"))
    today = timezone.localdate()
    items: list[todo.TodoItem] = []
    if lab_of(user) is not None:
        samples = _samples(user)
        for status, title in (
            (SampleStatus.SAMPLED, _("Samples to receive")),
            (SampleStatus.DELIVERED, _("Test reports to issue")),
        ):
            qs = samples.filter(status=status)
            n = qs.count()
            if n:
                first = qs.order_by(
                    "report_due" if status == SampleStatus.DELIVERED else "delivery_due"
                ).first()
                due = first.report_due if status == SampleStatus.DELIVERED else first.delivery_due
                items.append(
                    todo.TodoItem(
                        title=str(title), url=reverse("spotchecks:lab_work"), count=n, due=due, module=module
                    )
                )
        return items
    if not can_work(user):
        return []
    samples = _samples(user)
    list_url = reverse("spotchecks:sample_list")
    for clock, title, due_field in (
        ("delivery_overdue", _("Samples not delivered to the lab in time"), "delivery_due"),
        ("report_overdue", _("Lab reports overdue"), "report_due"),
    ):
        status = SampleStatus.SAMPLED if clock == "delivery_overdue" else SampleStatus.DELIVERED
        qs = samples.filter(status=status, **{f"{due_field}__lt": today})
        n = qs.count()
        if n:
            first = qs.order_by(due_field).values_list(due_field, flat=True).first()
            items.append(
                todo.TodoItem(
                    title=str(title), url=f"{list_url}?clock={clock}", count=n, due=first, module=module
                )
            )
    objections = restrict_queryset(Objection.objects.filter(status=ObjectionStatus.SUBMITTED), user)
    n = objections.count()
    if n:
        items.append(
            todo.TodoItem(
                title=_("Objections to decide"),
                url=f"{reverse('spotchecks:objection_list')}?status=submitted",
                count=n,
                due=objections.order_by("decision_due").values_list("decision_due", flat=True).first(),
                module=module,
            )
        )
    unserved = restrict_queryset(SampleNotice.objects.filter(received_on__isnull=True), user)
    n = unserved.count()
    if n:
        items.append(
            todo.TodoItem(
                title=_("Failed results not yet served"),
                url=f"{reverse('spotchecks:samplenotice_list')}?received=false",
                count=n,
                module=module,
            )
        )
    overdue = restrict_queryset(Disposal.objects.filter(status=DisposalStatus.OPEN, due_on__lt=today), user)
    n = overdue.count()
    if n:
        items.append(
            todo.TodoItem(
                title=_("Disposal cases past their deadline"),
                url=f"{reverse('spotchecks:disposal_list')}?overdue=true",
                count=n,
                due=overdue.order_by("due_on").values_list("due_on", flat=True).first(),
                module=module,
            )
        )
    return items


@todo.register_panel
def signals_panel(user: Any) -> todo.Panel | None:
    """Risk signals from spot checks, each with a suggested targeted plan."""
    if not is_bureau_worker(user):
        return None
    found = services.signals(restrict_queryset(Sample.objects.all(), user))
    return todo.Panel(
        title=_("Spot-check risk signals"),
        template="spotchecks/panel_signals.html",
        context={
            "signals": found[:8],
            "more": max(0, len(found) - 8),
            "url": reverse("spotchecks:pass_rates") + "#signals",
        },
    )

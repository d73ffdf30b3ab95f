"""The case page and its steps, the staff entry of hotline calls with the respondent lookup,
the bureau's to-dos and the home-page panel of complaint clocks.

Every step posts to its own URL, checks "change" on the case within the user's data scope
(`restrict`), and calls a service in `complaints.services`; a refusal (TransitionError or
ValidationError) is shown on the page, in words, and nothing changes. The publication review
calls `complaints.disclosure`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Min, Model, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qualitycity.complaints import disclosure, forms, services
from qualitycity.complaints.choices import (
    TIMELINE_LABELS,
    CaseKind,
    CaseStatus,
    ClockName,
    ClockState,
    PublicationStatus,
)
from qualitycity.complaints.filters import running_clocks
from qualitycity.complaints.models import (
    CaseClock,
    Category,
    ComplaintCase,
    DisclosurePolicy,
)
from qualitycity.complaints.odr import OPEN_FOR_ODR
from qualitycity.complaints.services import ALLOWED, KIND_OF
from qualitycity.core import todo
from qualitycity.core.choices import Role
from qualitycity.core.generic.registry import model_url, register_model_view
from qualitycity.core.generic.views import BaseModelView, ObjectDetailView
from qualitycity.core.permissions import in_scope, restrict_queryset, user_can
from qualitycity.registry.models import Entity
from qualitycity.registry.search import search_entities

LOOKUP_LIMIT = 10

#: timeline action code → what the timeline says
#: The timeline's labels: the module's, and the import step of this page's importer.
ACTION_LABELS: dict[str, Promise] = {
    **TIMELINE_LABELS,
    forms.IMPORTED_ACTION: gettext_lazy("Imported; number in the other system"),
}
METHOD_LABELS: dict[str, Promise] = {
    "classifier": gettext_lazy("trained classifier"),
    "keywords": gettext_lazy("keyword rules"),
}


# ---------------------------------------------------------------- the steps of the case page


@dataclass
class CaseState:
    """What decides which steps a case offers: the case and its clocks by name."""

    case: ComplaintCase
    clocks: dict[str, CaseClock]

    def running(self, name: str) -> bool:
        clock = self.clocks.get(name)
        return clock is not None and clock.stopped_on is None


def _transition_allowed(name: str) -> Callable[[CaseState], bool]:
    def allowed(state: CaseState) -> bool:
        kind = KIND_OF.get(name)
        return state.case.status in ALLOWED[name] and (kind is None or state.case.kind == kind)

    return allowed


def _transition(name: str) -> Callable[[ComplaintCase, Any, Any], Any]:
    def run(case: ComplaintCase, actor: Any, form: Any) -> Any:
        transition = cast(Callable[..., Any], services.TRANSITIONS[name])
        return transition(case, actor=actor, **form.service_kwargs())

    return run


@dataclass(frozen=True)
class Step:
    name: str
    label: Promise
    form: type
    run: Callable[[ComplaintCase, Any, Any], Any]
    available: Callable[[CaseState], bool]
    group: str = "transition"
    style: str = "primary"


def _extend_available(state: CaseState) -> bool:
    clock = state.clocks.get(ClockName.VERIFY)
    return _transition_allowed("extend")(state) and clock is not None and not clock.extension_days


def _review_publication(case: ComplaintCase, actor: Any, form: Any) -> ComplaintCase:
    data = form.cleaned_data
    if data["approve"]:
        return disclosure.approve(case, actor=actor, text=data["published_text"])
    return disclosure.withhold(case, actor=actor, reason=data["reason"])


STEPS: dict[str, Step] = {
    step.name: step
    for step in (
        Step(
            "accept",
            gettext_lazy("Accept"),
            forms.AcceptForm,
            _transition("accept"),
            _transition_allowed("accept"),
        ),
        Step(
            "reject",
            gettext_lazy("Do not accept"),
            forms.RejectForm,
            _transition("reject"),
            _transition_allowed("reject"),
            style="danger",
        ),
        Step(
            "start-mediation",
            gettext_lazy("Start mediation"),
            forms.StartMediationForm,
            _transition("start-mediation"),
            _transition_allowed("start-mediation"),
        ),
        Step(
            "pause-clock",
            gettext_lazy("Pause the clock"),
            forms.PauseForm,
            _transition("pause-clock"),
            _transition_allowed("pause-clock"),
            style="",
        ),
        Step(
            "resume-clock",
            gettext_lazy("Resume the clock"),
            forms.ResumeForm,
            _transition("resume-clock"),
            _transition_allowed("resume-clock"),
        ),
        Step(
            "close",
            gettext_lazy("Close"),
            forms.CloseForm,
            _transition("close"),
            _transition_allowed("close"),
        ),
        Step(
            "notify-end",
            gettext_lazy("Notice of ending mediation sent"),
            forms.EmptyStepForm,
            lambda case, actor, form: services.notify_mediation_end(case, actor=actor),
            lambda s: s.running(ClockName.END_NOTICE),
        ),
        Step(
            "start-verification",
            gettext_lazy("Start verification"),
            forms.StartVerificationForm,
            _transition("start-verification"),
            _transition_allowed("start-verification"),
        ),
        Step(
            "extend",
            gettext_lazy("Extend once"),
            forms.ExtendForm,
            _transition("extend"),
            _extend_available,
            style="",
        ),
        Step(
            "decide",
            gettext_lazy("Decide"),
            forms.DecideForm,
            _transition("decide"),
            _transition_allowed("decide"),
        ),
        Step(
            "notify-reporter",
            gettext_lazy("Reporter told"),
            forms.NotifyReporterForm,
            _transition("notify-reporter"),
            lambda s: _transition_allowed("notify-reporter")(s) and s.running(ClockName.REPORTER_NOTICE),
        ),
        Step(
            "transfer",
            gettext_lazy("Transfer"),
            forms.TransferForm,
            _transition("transfer"),
            _transition_allowed("transfer"),
            style="",
        ),
        Step(
            "settle-dispute",
            gettext_lazy("Jurisdiction dispute settled"),
            forms.EmptyStepForm,
            lambda case, actor, form: services.settle_dispute(case, actor=actor),
            lambda s: s.running(ClockName.JURISDICTION),
        ),
        Step(
            "classify",
            gettext_lazy("Confirm the classification"),
            forms.ClassificationForm,
            lambda case, actor, form: services.confirm_classification(case, actor=actor, **form.cleaned_data),
            lambda s: True,
            group="classify",
        ),
        Step(
            "session",
            gettext_lazy("Record the session"),
            forms.MediationSessionForm,
            lambda case, actor, form: services.record_session(case, actor=actor, **form.cleaned_data),
            lambda s: s.case.status in (CaseStatus.MEDIATING, CaseStatus.PAUSED),
            group="session",
        ),
        Step(
            "odr-note",
            gettext_lazy("Add the note"),
            forms.OdrNoteForm,
            lambda case, actor, form: services.add_staff_note(
                case, actor=actor, text=form.cleaned_data["text"]
            ),
            lambda s: s.case.kind == CaseKind.COMPLAINT and s.case.status in OPEN_FOR_ODR,
            group="odr",
        ),
        Step(
            "payout",
            gettext_lazy("Record the first payout"),
            forms.PayoutForm,
            lambda case, actor, form: services.record_payout(case, actor=actor, **form.cleaned_data),
            lambda s: s.case.kind == CaseKind.COMPLAINT and s.case.respondent_id is not None,
            group="payout",
        ),
        Step(
            "follow-up",
            gettext_lazy("Record the follow-up call"),
            forms.FollowUpForm,
            lambda case, actor, form: services.record_follow_up(case, actor=actor, **form.cleaned_data),
            lambda s: s.case.status in (CaseStatus.CLOSED, CaseStatus.REJECTED),
            group="follow_up",
        ),
        Step(
            "publication",
            gettext_lazy("Record the review"),
            forms.PublicationReviewForm,
            _review_publication,
            lambda s: (
                s.case.publication_status in (PublicationStatus.PENDING_REVIEW, PublicationStatus.APPROVED)
            ),
            group="publication",
        ),
    )
}


def _step_form(step: Step, case: ComplaintCase, data: Any = None, files: Any = None) -> Any:
    if step.name == "classify" and data is None:
        return step.form(
            case=case,
            initial={
                "object_category": case.object_category_id,
                "problem_category": case.problem_category_id,
            },
        )
    if step.name == "publication" and data is None:
        return step.form(
            case=case, initial={"published_text": case.published_text or disclosure.prepare_publication(case)}
        )
    return step.form(data, files, case=case)


def _apply_errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            for message in errors:
                form.add_error(name if name in form.fields else None, message)
    else:
        for message in exc.messages:
            form.add_error(None, message)


# ---------------------------------------------------------------- the case page


def _clock_rows(case: ComplaintCase) -> list[dict[str, Any]]:
    labels = dict(ClockState.choices)
    return [{"clock": c, "state_label": labels.get(c.state, c.state)} for c in services.clocks_of(case)]


def _suggestion_rows(case: ComplaintCase) -> list[dict[str, Any]]:
    rows = []
    for key, label, current in (
        ("object", gettext_lazy("object"), case.object_category),
        ("nature", gettext_lazy("nature of the problem"), case.problem_category),
    ):
        item = (case.suggestion or {}).get(key) or {}
        code = item.get("code")
        kind = "object" if key == "object" else "nature"
        category = (
            Category.objects.filter(kind=kind, code=code).select_related("parent").first() if code else None
        )
        confidence = item.get("confidence")
        rows.append(
            {
                "label": label,
                "category": category,
                "code": code,
                "confidence": round(float(confidence) * 100) if confidence is not None else None,
                "method": METHOD_LABELS.get(item.get("method", ""), item.get("method", "")),
                "current": current,
                "differs": category is not None and current is not None and category.pk != current.pk,
            }
        )
    return rows


def can_change_case(user: Any, case: ComplaintCase) -> bool:
    return restrict_queryset(ComplaintCase.objects.all(), user, "change").filter(pk=case.pk).exists()


@register_model_view(ComplaintCase, "detail")
class ComplaintCaseDetailView(ObjectDetailView):
    """The case: masked personal data (revealed on request, audited), the classification with
    the suggestion, the clocks, the timeline, and the steps the case allows now."""

    #: Forms bound by a refused step, shown again with their errors.
    bound: dict[str, Any] | None = None

    def get_context_data(self, obj: Model, context: dict[str, Any]) -> dict[str, Any]:
        assert isinstance(obj, ComplaintCase)
        case = obj
        user = self.request.user
        clocks = {c.name: c for c in case.clocks.all()}
        state = CaseState(case=case, clocks=clocks)
        may_change = user_can(user, ComplaintCase, "change") and can_change_case(user, case)
        bound = self.bound or {}
        steps = []
        if may_change:
            for step in STEPS.values():
                if step.name in bound or step.available(state):
                    steps.append({"step": step, "form": bound.get(step.name) or _step_form(step, case)})
        by_group: dict[str, list[dict[str, Any]]] = {}
        for item in steps:
            by_group.setdefault(item["step"].group, []).append(item)
        actions = case.actions.select_related("actor").order_by("at", "pk")
        timeline = [
            {
                "action": a,
                "label": ACTION_LABELS.get(a.action, a.action),
                "from": CaseStatus(a.from_status).label
                if a.from_status in CaseStatus.values
                else a.from_status,
                "to": CaseStatus(a.to_status).label if a.to_status in CaseStatus.values else a.to_status,
            }
            for a in actions
        ]
        related = restrict_queryset(ComplaintCase.objects.all(), user)
        return {
            **context,
            "case": case,
            "clocks": _clock_rows(case),
            "timeline": timeline,
            "suggestions": _suggestion_rows(case),
            "time_barred": services.time_barred(case),
            "transfers": case.transfers.select_related("from_department", "to_department").order_by("at"),
            "sessions": case.sessions.select_related("recorded_by").order_by("held_on", "pk"),
            "odr_messages": case.odr_messages.select_related("author").order_by("at", "pk"),
            "answer_due": services.answer_due(case) if case.kind == CaseKind.COMPLAINT else None,
            "payouts": case.payouts.select_related("entity").order_by("paid_on", "pk"),
            "attachments": case.attachments.order_by("pk"),
            "split_cases": related.filter(split_from=case).order_by("pk"),
            "split_from": related.filter(pk=case.split_from_id).first() if case.split_from_id else None,
            "duplicate_of": related.filter(pk=case.duplicate_of_id).first() if case.duplicate_of_id else None,
            "may_change": may_change,
            "transition_steps": by_group.get("transition", []),
            "steps": {group: items[0] for group, items in by_group.items() if group != "transition"},
            "refused_form": next(iter(bound.values()), None),
        }


class ComplaintCaseStepView(ComplaintCaseDetailView):
    """POST a step of the case page; a refusal shows the page again with the reason."""

    action = "change"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        return redirect(model_url(ComplaintCase, "detail", pk=kwargs["pk"]))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        step = STEPS.get(kwargs["step"])
        if step is None:
            raise Http404
        case = self.get_object()
        assert isinstance(case, ComplaintCase)
        form = step.form(request.POST, request.FILES or None, case=case)
        if form.is_valid():
            try:
                step.run(case, request.user, form)
            except ValidationError as exc:  # TransitionError is one
                _apply_errors(form, exc)
            else:
                messages.success(request, _("{step}: recorded.").format(step=step.label))
                return redirect(model_url(case, "detail"))
        self.bound = {step.name: form}
        response = ObjectDetailView.get(self, request, *args, **kwargs)
        response.status_code = 400
        return response


@login_required
def case_file(request: HttpRequest, pk: int, kind: str, file_pk: int) -> FileResponse:
    """An attachment of the case or a mediation agreement, to those who may see the case."""
    case = get_object_or_404(restrict_queryset(ComplaintCase.objects.all(), request.user), pk=pk)
    if kind == "attachment":
        attachment = get_object_or_404(case.attachments.all(), pk=file_pk)
        return FileResponse(attachment.file.open("rb"), filename=attachment.name, as_attachment=True)
    if kind == "agreement":
        session = get_object_or_404(case.sessions.exclude(agreement=""), pk=file_pk)
        return FileResponse(session.agreement.open("rb"), as_attachment=True)
    raise Http404


# ---------------------------------------------------------------- staff entry of calls and letters


@register_model_view(ComplaintCase, "add")
class HotlineEntryView(BaseModelView):
    """A call to 12315 or 12345, a visit or a letter, typed in by staff and taken in by the
    intake service with the date it came in. A case routed outside the user's own area is
    still registered (the call was made; routing decides who handles it); the user then
    returns to the list instead of a page they may not open."""

    action = "add"
    template_name = "complaints/hotline.html"

    def render_form(self, form: forms.HotlineForm, status: int = 200) -> HttpResponse:
        context = {**self.base_context(), "form": form, "lookup": user_can(self.request.user, Entity, "view")}
        return render(self.request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        now = timezone.localtime().replace(second=0, microsecond=0)
        form = forms.HotlineForm(initial={"kinds": "complaint", "channel": "12315", "received_at": now})
        return self.render_form(form)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        form = forms.HotlineForm(request.POST)
        if not form.is_valid():
            return self.render_form(form, status=400)
        try:
            result = services.submit(
                form.submission(),
                actor=request.user,
                channel=form.cleaned_data["channel"],
                source=f"staff-{request.user.pk}",
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
            return self.render_form(form, status=400)
        numbers = "、".join(c.number for c in result.cases)
        if result.merged:
            messages.warning(
                request, _("The same submission was already registered as {numbers}.").format(numbers=numbers)
            )
        else:
            messages.success(request, _("Registered as {numbers}.").format(numbers=numbers))
        first = result.cases[0]
        if not in_scope(first, request.user, "view"):
            messages.info(
                request,
                _("{number} is handled by {unit}.").format(
                    number=first.number, unit=first.handling_department or "—"
                ),
            )
            return redirect(model_url(ComplaintCase, "list"))
        return redirect(model_url(first, "detail"))


@login_required
def respondent_lookup(request: HttpRequest) -> HttpResponse:
    """The respondent searched in the register by name, USCC or pinyin (htmx): a list of
    matches; `?pick=<pk>` returns the respondent fields filled in from the chosen entity."""
    if not (user_can(request.user, ComplaintCase, "add") and user_can(request.user, Entity, "view")):
        raise PermissionDenied
    entities = restrict_queryset(Entity.objects.select_related("county"), request.user)
    pick = request.GET.get("pick", "")
    if pick.isdigit():
        entity = get_object_or_404(entities, pk=int(pick))
        form = forms.HotlineForm(
            initial={
                "respondent_name": entity.name,
                "respondent_uscc": entity.uscc,
                "respondent_address": entity.operating_address or entity.address,
            }
        )
        return render(request, "complaints/_respondent_fields.html", {"form": form, "picked": entity})
    query = request.GET.get("respondent_q", "").strip()
    results = (
        list(search_entities(entities, query).order_by("name")[:LOOKUP_LIMIT]) if len(query) >= 2 else []
    )
    return render(
        request,
        "complaints/_respondent_results.html",
        {"results": results, "query": query, "too_short": len(query) < 2},
    )


@login_required
def disclosure_policy_current(request: HttpRequest) -> HttpResponse:
    """The menu's way to the single disclosure policy."""
    policy = restrict_queryset(DisclosurePolicy.objects.order_by("pk"), request.user).first()
    if policy is None:
        if not user_can(request.user, DisclosurePolicy, "view"):
            raise PermissionDenied
        raise Http404
    return redirect(model_url(policy, "detail"))


# ---------------------------------------------------------------- to-dos and the home panel

BUREAU_ROLES = (Role.STAFF, Role.COUNTY_OFFICER)


def work_queryset(user: Any) -> QuerySet[ComplaintCase] | None:
    """The cases whose handling is the user's work: every case in scope for staff and county
    officers, the cases they handle for anyone else who may change cases."""
    if not user_can(user, ComplaintCase, "change"):
        return None
    qs = restrict_queryset(ComplaintCase.objects.all(), user, "change")
    if user.role not in BUREAU_ROLES:
        qs = qs.filter(handler=user)
    return qs


@todo.register
def complaint_todos(user: Any) -> list[todo.TodoItem]:
    """Cases not yet accepted, clocks overdue or due soon (per clock), publication reviews."""
    qs = work_queryset(user)
    if qs is None:
        return []
    module = str(_("Complaints and tip-offs"))
    url = model_url(ComplaintCase, "list")
    items: list[todo.TodoItem] = []
    waiting = qs.filter(status=CaseStatus.RECEIVED).aggregate(n=Count("pk"), due=Min("handling_due"))
    if waiting["n"]:
        items.append(
            todo.TodoItem(
                title=_("Complaints and tip-offs received and not yet accepted"),
                url=f"{url}?status={CaseStatus.RECEIVED}",
                count=waiting["n"],
                due=waiting["due"],
                module=module,
            )
        )
    titles = {
        ClockState.OVERDUE: _("Overdue: {clock}"),
        ClockState.DUE_SOON: _("Due soon: {clock}"),
    }
    for clock_state, title in titles.items():
        rows = (
            running_clocks(clock_state)
            .filter(case__in=qs)
            .values("name")
            .annotate(n=Count("pk"), due=Min("due_on"))
            .order_by("name")
        )
        for row in rows:
            items.append(
                todo.TodoItem(
                    title=title.format(clock=ClockName(row["name"]).label),
                    url=f"{url}?clock={clock_state}&clock_name={row['name']}",
                    count=row["n"],
                    due=row["due"],
                    module=module,
                )
            )
    reviews = qs.filter(publication_status=PublicationStatus.PENDING_REVIEW).count()
    if reviews:
        items.append(
            todo.TodoItem(
                title=_("Handled complaints awaiting the publication review"),
                url=f"{url}?publication_status={PublicationStatus.PENDING_REVIEW}",
                count=reviews,
                module=module,
            )
        )
    return items[: todo.ITEM_LIMIT]


@todo.register_panel
def complaint_clocks_panel(user: Any) -> todo.Panel | None:
    """Cases in the user's scope with a clock due soon or overdue, linking to those lists."""
    if not user_can(user, ComplaintCase, "view"):
        return None
    qs = restrict_queryset(ComplaintCase.objects.all(), user)
    url = model_url(ComplaintCase, "list")
    states = []
    for clock_state in (ClockState.DUE_SOON, ClockState.OVERDUE):
        count = qs.filter(pk__in=running_clocks(clock_state).values("case_id")).count()
        states.append(
            {
                "state": clock_state.value,
                "label": clock_state.label,
                "count": count,
                "url": f"{url}?clock={clock_state.value}",
            }
        )
    return todo.Panel(
        title=_("Complaint clocks"),
        template="complaints/_panel_clocks.html",
        context={"states": states},
    )


urlpatterns = [
    path(
        "cases/<int:pk>/steps/<slug:step>/",
        ComplaintCaseStepView.as_view(model=ComplaintCase),
        name="complaintcase_step",
    ),
    path("cases/<int:pk>/files/<slug:kind>/<int:file_pk>/", case_file, name="complaintcase_file"),
    path("cases/respondent-lookup/", respondent_lookup, name="complaintcase_respondent_lookup"),
    path("disclosure-policy/", disclosure_policy_current, name="disclosurepolicy_current"),
]

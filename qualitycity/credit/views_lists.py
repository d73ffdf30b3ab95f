"""Workflow screens of the lists and credit repair: the entity-page section, listing and
removal, the application for credit repair and its review, the annual-report sweep and the
3-year move as background jobs, and the bureau's to-do items.

Every screen calls a service in `credit.lists` / `credit.repair`; objects come from restricted
querysets (a county officer sees only their county, an enterprise user only their entity)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qualitycity.core import todo
from qualitycity.core.choices import JobKind, Role
from qualitycity.core.generic.registry import model_url, register_model_view
from qualitycity.core.generic.views import ObjectDetailView
from qualitycity.core.jobs import create_job
from qualitycity.core.navigation import MenuGroup, MenuItem, register_menu
from qualitycity.core.permissions import restrict_queryset, user_can
from qualitycity.core.services import rule_value
from qualitycity.credit import lists, repair
from qualitycity.credit.choices import ListGround, ListKind, RepairKind, RepairStatus
from qualitycity.credit.models import CreditRepair, ListEntry
from qualitycity.registry.models import Entity
from qualitycity.registry.sections import Section, register_entity_section

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


# ---------------------------------------------------------------- permissions


def can_decide(user: Any, model: type[Model]) -> bool:
    """Listing, removal and repair decisions are the bureau's: staff and county officers (who
    may add and change the model), within their data scope."""
    return user_can(user, model, "add") and user_can(user, model, "change")


def is_own_entity(user: Any, entity: Entity) -> bool:
    return (
        getattr(user, "is_authenticated", False)
        and user.role == Role.ENTERPRISE
        and bool(user.uscc)
        and user.uscc == entity.uscc
    )


def _entity(request: HttpRequest, pk: int) -> Entity:
    if not user_can(request.user, Entity, "view"):
        raise PermissionDenied
    return get_object_or_404(restrict_queryset(Entity.objects.select_related("county"), request.user), pk=pk)


def _apply_errors(form: forms.Form, exc: ValidationError) -> None:
    for message in exc.messages:
        form.add_error(None, message)


# ---------------------------------------------------------------- the entity-page section


@register_entity_section
def lists_section(entity: Entity, user: Any) -> Section | None:
    """Lists and annual reports: current and past listings, the annual report per year, open
    repair applications, and the actions the user may take."""
    own = is_own_entity(user, entity)
    if not (own or user_can(user, ListEntry, "view")):
        return None
    today = timezone.localdate()
    overview = lists.entity_overview(entity, today)
    repairs = list(
        repair.repairs_visible_to(user)
        .filter(entity=entity, status=RepairStatus.SUBMITTED)
        .select_related("list_entry", "penalty_event")
        .order_by("due_on", "pk")
    )
    can_list = can_decide(user, ListEntry)
    return Section(
        title=_("Lists and annual reports"),
        template="credit/lists/_section.html",
        context={
            **overview,
            "entity": entity,
            "repairs": [(r, repair.is_overdue(r, today)) for r in repairs],
            "can_list": can_list,
            "can_remove": can_list,
            "can_view_entries": user_can(user, ListEntry, "view"),
            "can_decide_repairs": can_decide(user, CreditRepair),
            "can_apply": own,
            "list_url": reverse("credit:listentry_add", args=[entity.pk]),
            "apply_url": reverse("credit:repair_apply", args=[entity.pk]),
        },
        order=20,
    )


# ---------------------------------------------------------------- listing and removal


class ListingForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("list"),
        choices=[
            (ListKind.ABNORMAL_OPERATIONS, ListKind.ABNORMAL_OPERATIONS.label),
            (ListKind.SERIOUS_VIOLATION, ListKind.SERIOUS_VIOLATION.label),
        ],
        help_text=gettext_lazy("An individual business is marked with abnormal operation status instead."),
    )
    ground = forms.ChoiceField(label=gettext_lazy("ground"), choices=ListGround.choices)
    listed_on = forms.DateField(label=gettext_lazy("listed on"), widget=DATE_INPUT)
    decision_number = forms.CharField(label=gettext_lazy("decision number"), max_length=100, required=False)
    note = forms.CharField(
        label=gettext_lazy("note"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


@login_required
def listentry_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Put an entity on the abnormal operations list (or the serious violation list)."""
    if not can_decide(request.user, ListEntry):
        raise PermissionDenied
    entity = _entity(request, pk)
    form = ListingForm(request.POST or None, initial={"listed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            entry = lists.list_entity(actor=request.user, entity=entity, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("{entity} was added to the {list}.").format(
                    entity=entity.name, list=entry.get_kind_display()
                ),
            )
            return redirect(model_url(entity, "detail"))
    return render(request, "credit/lists/listentry_add.html", {"form": form, "entity": entity})


class RemovalForm(forms.Form):
    removed_on = forms.DateField(label=gettext_lazy("removed on"), widget=DATE_INPUT)
    reason = forms.CharField(label=gettext_lazy("removal reason"), widget=forms.Textarea(attrs={"rows": 3}))


@login_required
def listentry_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Take an entity off a list once the cause is cured (条例 Art 17(2))."""
    if not can_decide(request.user, ListEntry):
        raise PermissionDenied
    entry = get_object_or_404(
        restrict_queryset(ListEntry.objects.select_related("entity"), request.user, "change"), pk=pk
    )
    form = RemovalForm(request.POST or None, initial={"removed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            lists.remove_from_list(actor=request.user, entry=entry, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("{entity} was removed from the {list}.").format(
                    entity=entry.entity.name, list=entry.get_kind_display()
                ),
            )
            return redirect(model_url(entry, "detail"))
    return render(request, "credit/lists/listentry_remove.html", {"form": form, "entry": entry})


@register_model_view(ListEntry, "detail")
class ListEntryDetailView(ObjectDetailView):
    """The list entry with its actions (remove) and its repair applications."""

    def get_template_names(self) -> list[str]:
        return ["credit/lists/listentry.html"]

    def get_context_data(self, obj: Model, context: dict[str, Any]) -> dict[str, Any]:
        assert isinstance(obj, ListEntry)
        user = self.request.user
        return {
            **context,
            "can_remove": obj.status == "listed" and can_decide(user, ListEntry),
            "repairs": list(repair.repairs_visible_to(user).filter(list_entry=obj).order_by("-applied_on")),
        }


# ---------------------------------------------------------------- credit repair


class RepairForm(forms.Form):
    target = forms.ChoiceField(label=gettext_lazy("what to repair"))
    reason = forms.CharField(
        label=gettext_lazy("reason and commitment"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy("How the cause was cured, and your commitment to comply from now on."),
    )
    declaration = forms.BooleanField(
        label=gettext_lazy("I declare that the cause has been cured and that the statements are true.")
    )
    evidence = forms.FileField(label=gettext_lazy("evidence"), required=False)

    def __init__(self, *args: Any, targets: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        target = self.fields["target"]
        assert isinstance(target, forms.ChoiceField)
        target.choices = targets


def _repair_targets(entity: Entity) -> tuple[list[tuple[str, str]], dict[str, dict[str, Any]]]:
    entries, penalties = repair.repair_targets(entity)
    choices: list[tuple[str, str]] = []
    resolved: dict[str, dict[str, Any]] = {}
    for entry in entries:
        key = f"entry-{entry.pk}"
        kind = repair.LIST_REPAIR_KIND[ListKind(entry.kind)]
        choices.append(
            (
                key,
                _("{repair} ({ground}, listed on {date})").format(
                    repair=RepairKind(kind).label, ground=entry.get_ground_display(), date=entry.listed_on
                ),
            )
        )
        resolved[key] = {"kind": kind, "list_entry": entry}
    for event in penalties:
        key = f"penalty-{event.pk}"
        choices.append(
            (
                key,
                _("{repair}: {summary} ({date})").format(
                    repair=RepairKind.PENALTY_PUBLICITY_STOP.label,
                    summary=event.summary,
                    date=event.occurred_on,
                ),
            )
        )
        resolved[key] = {"kind": RepairKind.PENALTY_PUBLICITY_STOP, "penalty_event": event}
    return choices, resolved


@login_required
def repair_apply(request: HttpRequest, pk: int) -> HttpResponse:
    """An enterprise applies for credit repair for its own entity (国市监信规〔2021〕3号); bureau
    staff may enter an application received at the counter."""
    user: Any = request.user
    if user.role != Role.ENTERPRISE and not user_can(user, CreditRepair, "add"):
        raise PermissionDenied
    entity = _entity(request, pk)
    if user.role == Role.ENTERPRISE and not is_own_entity(user, entity):
        raise PermissionDenied
    choices, resolved = _repair_targets(entity)
    form = RepairForm(request.POST or None, request.FILES or None, targets=choices)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = repair.apply_for_repair(
                actor=request.user,
                entity=entity,
                reason=data["reason"],
                evidence=data["evidence"],
                **resolved[data["target"]],
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("Your application was submitted; the decision is due by {date}.").format(
                    date=created.due_on
                ),
            )
            return redirect("credit:repair_view", pk=created.pk)
    return render(
        request, "credit/repair/apply.html", {"form": form, "entity": entity, "has_targets": bool(choices)}
    )


@login_required
def repair_mine(request: HttpRequest) -> HttpResponse:
    """The applications the user may follow (an enterprise: its own)."""
    user: Any = request.user
    repairs = repair.repairs_visible_to(user)
    if user.role != Role.ENTERPRISE:
        repairs = repairs.filter(applicant=user)
    rows = [
        (r, repair.is_overdue(r))
        for r in repairs.select_related("entity").order_by("-applied_on", "-pk")[:200]
    ]
    return render(request, "credit/repair/mine.html", {"rows": rows})


@login_required
def repair_view(request: HttpRequest, pk: int) -> HttpResponse:
    """An application as its applicant sees it: status, due date, decision."""
    obj = get_object_or_404(
        repair.repairs_visible_to(request.user).select_related("entity", "list_entry", "penalty_event"), pk=pk
    )
    context = {
        "repair": obj,
        "overdue": repair.is_overdue(obj),
        "can_decide": can_decide(request.user, CreditRepair)
        and restrict_queryset(CreditRepair.objects.all(), request.user, "change").filter(pk=obj.pk).exists(),
    }
    return render(request, "credit/repair/view.html", context)


class DecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=gettext_lazy("decision"),
        choices=[("1", gettext_lazy("Approve")), ("0", gettext_lazy("Reject"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=gettext_lazy("decision note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=gettext_lazy("Required for a rejection."),
    )
    decided_on = forms.DateField(label=gettext_lazy("decided on"), widget=DATE_INPUT)


@login_required
def repair_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """The bureau reviews an application: approve (the listing is removed or the penalty's
    publicity stopped) or reject with a reason."""
    if not can_decide(request.user, CreditRepair):
        raise PermissionDenied
    obj = get_object_or_404(
        restrict_queryset(
            CreditRepair.objects.select_related("entity", "list_entry", "penalty_event", "applicant"),
            request.user,
            "change",
        ),
        pk=pk,
    )
    form = DecisionForm(request.POST or None, initial={"decided_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            repair.decide_repair(actor=request.user, repair=obj, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The decision was recorded."))
            return redirect(model_url(obj, "detail"))
    context = {"repair": obj, "form": form, "overdue": repair.is_overdue(obj)}
    return render(request, "credit/repair/decide.html", context)


@register_model_view(CreditRepair, "detail")
class CreditRepairDetailView(ObjectDetailView):
    """An application with the decide action while it awaits a decision."""

    def get_template_names(self) -> list[str]:
        return ["credit/repair/creditrepair.html"]

    def get_context_data(self, obj: Model, context: dict[str, Any]) -> dict[str, Any]:
        assert isinstance(obj, CreditRepair)
        user = self.request.user
        return {
            **context,
            "overdue": repair.is_overdue(obj),
            "can_decide": obj.status == RepairStatus.SUBMITTED
            and can_decide(user, CreditRepair)
            and restrict_queryset(CreditRepair.objects.all(), user, "change").filter(pk=obj.pk).exists(),
        }


# ---------------------------------------------------------------- jobs


def can_run_jobs(user: Any) -> bool:
    """City-wide sweeps are started by city bureau staff only."""
    return (
        getattr(user, "is_authenticated", False) and user.role == Role.STAFF and can_decide(user, ListEntry)
    )


class SweepForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("report year"), min_value=2014, max_value=2100)


@login_required
def lists_sweep(request: HttpRequest) -> HttpResponse:
    """Start the annual-report sweep or the 3-year move; both run as background jobs and this
    page redirects to the job's progress page."""
    if not can_run_jobs(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    form = SweepForm(request.POST or None, initial={"year": today.year - 1})
    if request.method == "POST":
        if request.POST.get("action") == "move":
            job = create_job(
                kind=JobKind.LIST_MOVE,
                name=_("Move to the serious violation list ({date})").format(date=today.isoformat()),
                owner=request.user,
                params={"today": today.isoformat()},
            )
            return redirect("core:job_detail", pk=job.pk)
        if form.is_valid():
            year = form.cleaned_data["year"]
            try:
                lists.check_sweep_allowed(year, today)
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                job = create_job(
                    kind=JobKind.ANNUAL_REPORT_SWEEP,
                    name=_("Annual-report sweep {year}").format(year=year),
                    owner=request.user,
                    params={"year": year, "today": today.isoformat()},
                )
                return redirect("core:job_detail", pk=job.pk)
    move_years = rule_value("abnormal-list-to-serious", on=today)
    context = {"form": form, "today": today, "move_years": int(move_years)}
    return render(request, "credit/lists/sweep.html", context)


# ---------------------------------------------------------------- to-do and menu


@todo.register
def repairs_awaiting_decision(user: Any) -> list[todo.TodoItem]:
    """Applications awaiting the bureau's decision in the user's scope, overdue ones first."""
    if not can_decide(user, CreditRepair):
        return []
    today = timezone.localdate()
    waiting = (
        restrict_queryset(CreditRepair.objects.all(), user, "change")
        .filter(status=RepairStatus.SUBMITTED)
        .select_related("entity")
        .order_by("due_on", "pk")
    )
    items = []
    for obj in waiting[: todo.ITEM_LIMIT]:
        template = (
            _("Overdue: decide the credit repair of {entity}")
            if obj.due_on < today
            else _("Decide the credit repair of {entity}")
        )
        items.append(
            todo.TodoItem(
                title=template.format(entity=obj.entity.name),
                url=reverse("credit:repair_decide", args=[obj.pk]),
                due=obj.due_on,
                module=str(_("Credit repair")),
            )
        )
    total = waiting.count()
    if total > todo.ITEM_LIMIT:
        items.append(
            todo.TodoItem(
                title=_("More credit repairs awaiting a decision"),
                url=reverse("credit:creditrepair_list") + "?status=submitted",
                count=total - todo.ITEM_LIMIT,
                module=str(_("Credit repair")),
            )
        )
    return items


register_menu(
    MenuGroup(
        gettext_lazy("Credit repair"),
        "◇",
        [
            MenuItem(
                gettext_lazy("My credit repairs"),
                "credit:repair_mine",
                check=lambda u: u.role == Role.ENTERPRISE,
            ),
            MenuItem(gettext_lazy("List and annual-report jobs"), "credit:lists_sweep", check=can_run_jobs),
        ],
        order=21,
    )
)

urlpatterns = [
    path("market-entities/<int:pk>/list-entries/add/", listentry_add, name="listentry_add"),
    path("list-entries/<int:pk>/remove/", listentry_remove, name="listentry_remove"),
    path("market-entities/<int:pk>/credit-repairs/apply/", repair_apply, name="repair_apply"),
    path("credit-repairs/<int:pk>/decide/", repair_decide, name="repair_decide"),
    path("my-credit-repairs/", repair_mine, name="repair_mine"),
    path("my-credit-repairs/<int:pk>/", repair_view, name="repair_view"),
    path("list-jobs/", lists_sweep, name="lists_sweep"),
]

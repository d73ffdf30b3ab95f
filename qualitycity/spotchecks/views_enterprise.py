"""The enterprise's spot-check pages (我的抽检): the samples where the user's entity is the
sampled unit or the producer, each with its reports and item results, the notice of a failed
result served on the entity with the button that acknowledges its receipt
(`services.acknowledge_notice`: the objection window runs from that day), the window, and the
objection form (`services.submit_objection`) while the window is open.

An enterprise user (role "enterprise") names their entity by `user.uscc`; every row is read
through `restrict_queryset`, whose `Scope.uscc` bounds the user to the samples, reports,
notices and objections of that entity (another entity's sample: 404). Other roles get 403:
the bureau works on samples on its own screens. The pages never show the samplers, the
prices or the bureau's notes.

`urlpatterns` is included by `spotchecks/urls.py` (namespace "spotchecks")."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from qualitycity.core import todo
from qualitycity.core.choices import Role
from qualitycity.core.navigation import MenuGroup, MenuItem, register_menu
from qualitycity.core.permissions import restrict_queryset, user_can
from qualitycity.core.services import rule
from qualitycity.registry.models import Entity
from qualitycity.spotchecks import services
from qualitycity.spotchecks.choices import (
    OPEN_OBJECTION_STATUSES,
    Conclusion,
    ObjectionStatus,
    Party,
    Purpose,
    Verdict,
)
from qualitycity.spotchecks.models import Objection, Sample, SampleNotice, TestItem, TestReport, TestResult
from qualitycity.spotchecks.objections import window_rule

PAGE_SIZE = 30

#: The columns of a sample these pages load: not the samplers, the prices or the notes.
SAMPLE_COLUMNS = (
    "pk",
    "number",
    "programme",
    "purpose",
    "level",
    "category__name",
    "county__name",
    "link_type",
    "place",
    "online_platform",
    "sampled_unit_id",
    "sampled_unit__name",
    "sampled_unit__uscc",
    "producer_id",
    "producer__name",
    "producer__uscc",
    "labelled_producer",
    "product_name",
    "brand",
    "specification",
    "batch_number",
    "production_date",
    "shelf_life",
    "sampled_on",
    "institution__name",
    "status",
    "conclusion",
    "reported_on",
    "published_at",
)
CLOSED_FOR_OBJECTION = (*OPEN_OBJECTION_STATUSES, ObjectionStatus.DECIDED)


def _enterprise_user(request: HttpRequest) -> Any:
    user: Any = request.user
    if getattr(user, "role", "") != Role.ENTERPRISE or not getattr(user, "uscc", ""):
        raise PermissionDenied
    return user


def _samples(user: Any) -> QuerySet[Sample]:
    return (
        restrict_queryset(Sample.objects.all(), user)
        .select_related("category", "county", "sampled_unit", "producer", "institution")
        .only(*SAMPLE_COLUMNS)
    )


def _notices(user: Any, action: str = "view") -> QuerySet[SampleNotice]:
    """The failed results served on the user's entity."""
    return restrict_queryset(SampleNotice.objects.all(), user, action)


def _roles(sample: Sample, uscc: str) -> list[str]:
    roles = []
    if sample.sampled_unit.uscc == uscc:
        roles.append(str(Party.SAMPLED_UNIT.label))
    if sample.producer is not None and sample.producer.uscc == uscc:
        roles.append(str(Party.PRODUCER.label))
    return roles


# --- the objection window ---------------------------------------------------------------------


def _window_length(sample: Sample, on: Any) -> str:
    """The window's length as the rule book gives it on `on`: "7 working days (《食品安全法》第88条)"."""
    found = rule(window_rule(sample), on)
    template = _("{n} working days") if found.unit == "working_days" else _("{n} days")
    length = template.format(n=int(found.value))
    return f"{length}（{found.legal_source}）" if found.legal_source else length


def _window(notice: SampleNotice, sample: Sample, objections: list[Objection], today: Any) -> dict[str, Any]:
    """The state of a notice's objection window and whether the form is offered."""
    contestable = sample.conclusion == Conclusion.UNQUALIFIED and sample.purpose == Purpose.SUPERVISION
    blocking = next((o for o in objections if o.status in CLOSED_FOR_OBJECTION), None)
    if notice.received_on is None:
        state = "unacknowledged"
    elif notice.objection_due is None:
        state = "unknown"
    elif today <= notice.objection_due:
        state = "open"
    else:
        state = "closed"
    try:
        length = _window_length(sample, notice.received_on or today)
    except ValidationError:  # no rule in force: the page says nothing of the length
        length = ""
    return {
        "state": state,
        "length": length,
        "contestable": contestable,
        "blocking": blocking,
        "can_object": contestable and blocking is None and state in ("open", "unknown"),
    }


class ObjectionForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason for the objection"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        help_text=gettext_lazy("What you contest and why: sampling, storage, method, the value found …"),
    )
    contested_items = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Contested items"),
        queryset=TestItem.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=gettext_lazy("The failed items you ask to have re-tested."),
    )

    def __init__(self, *args: Any, items: QuerySet[TestItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["contested_items"]
        field.queryset = items  # type: ignore[attr-defined]  # a ModelMultipleChoiceField
        field.label_from_instance = lambda item: item.name  # type: ignore[attr-defined]

    def add_service_errors(self, exc: ValidationError) -> None:
        """The service's errors on their fields; the others (the window, the sample) above."""
        if not hasattr(exc, "error_dict"):
            self.add_error(None, exc)
            return
        for key, errors in exc.message_dict.items():
            self.add_error(key if key in self.fields else None, errors)


def _failed_items(sample: Sample) -> QuerySet[TestItem]:
    """The items that failed in the first test: what an objection may contest."""
    ids = TestResult.objects.filter(
        report__sample=sample, report__is_retest=False, verdict=Verdict.FAIL
    ).values("test_item_id")
    return TestItem.objects.filter(pk__in=ids).order_by("name")


# --- pages ------------------------------------------------------------------------------------


def _unacknowledged(user: Any) -> QuerySet[SampleNotice]:
    """Failed results served on the entity whose receipt it has not acknowledged."""
    return _notices(user).filter(sample__conclusion=Conclusion.UNQUALIFIED, received_on__isnull=True)


def _window_open(user: Any, today: Any) -> QuerySet[SampleNotice]:
    """Received failed supervision results whose objection window is still open, with no
    objection being handled or decided."""
    return (
        _notices(user)
        .filter(
            sample__conclusion=Conclusion.UNQUALIFIED,
            sample__purpose=Purpose.SUPERVISION,
            objection_due__gte=today,
        )
        .exclude(sample__objections__status__in=CLOSED_FOR_OBJECTION)
    )


@login_required
def sample_list(request: HttpRequest) -> HttpResponse:
    """The entity's samples, newest first: conclusion, and what awaits it (acknowledging a
    failed result, an objection window)."""
    user = _enterprise_user(request)
    today = timezone.localdate()
    samples = _samples(user)
    awaiting = Q(pk__in=_unacknowledged(user).values("sample_id")) | Q(
        pk__in=_window_open(user, today).values("sample_id")
    )
    show = request.GET.get("show", "")
    if show == "failed":
        samples = samples.filter(conclusion=Conclusion.UNQUALIFIED)
    elif show == "todo":
        samples = samples.filter(awaiting)
    else:
        show = ""
    page = Paginator(samples.order_by("-sampled_on", "-number"), PAGE_SIZE).get_page(request.GET.get("page"))
    ids = [s.pk for s in page.object_list]
    notices: dict[int, list[SampleNotice]] = {}
    for notice in _notices(user).filter(sample_id__in=ids).order_by("party"):
        notices.setdefault(notice.sample_id, []).append(notice)
    pending = services.under_objection(ids)
    rows = [
        {
            "sample": s,
            "roles": _roles(s, user.uscc),
            "notices": notices.get(s.pk, []),
            "pending": s.pk in pending,
        }
        for s in page.object_list
    ]
    context = {
        "entity": Entity.objects.filter(uscc=user.uscc).first(),
        "page": page,
        "rows": rows,
        "show": show,
        "today": today,
        "todo_count": _samples(user).filter(awaiting).count(),
    }
    return render(request, "spotchecks/enterprise_sample_list.html", context)


def _detail(
    request: HttpRequest,
    user: Any,
    sample: Sample,
    *,
    form_notice: SampleNotice | None = None,
    form: ObjectionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    today = timezone.localdate()
    reports = (
        restrict_queryset(TestReport.objects.filter(sample=sample), user)
        .select_related("institution")
        .prefetch_related(
            Prefetch("results", queryset=TestResult.objects.select_related("test_item").order_by("pk"))
        )
        .order_by("issued_on", "pk")
    )
    objections = list(
        restrict_queryset(Objection.objects.filter(sample=sample), user)
        .select_related("notice", "retest_institution")
        .prefetch_related("contested_items")
        .order_by("submitted_on", "pk")
    )
    # the window is closed for everyone while any party's objection is handled or decided
    on_sample = list(Objection.objects.filter(sample=sample).only("pk", "status", "notice_id"))
    items = _failed_items(sample)
    notices = []
    for notice in _notices(user).filter(sample=sample).order_by("party"):
        window = _window(notice, sample, on_sample, today)
        notice_form = None
        if form is not None and form_notice is not None and form_notice.pk == notice.pk:
            notice_form = form
        elif window["can_object"] and user_can(user, Objection, "add"):
            notice_form = ObjectionForm(items=items, prefix=f"n{notice.pk}")
        notices.append({"notice": notice, "window": window, "form": notice_form})
    context = {
        "sample": sample,
        "roles": _roles(sample, user.uscc),
        "reports": [
            {"report": r, "results": list(r.results.all()), "is_latest": i == len(reports) - 1}
            for i, r in enumerate(reports)
        ],
        "notices": notices,
        "objections": objections,
        "pending": any(o.status in OPEN_OBJECTION_STATUSES for o in on_sample),
        "today": today,
    }
    return render(request, "spotchecks/enterprise_sample_detail.html", context, status=status)


@login_required
def sample_detail(request: HttpRequest, number: str) -> HttpResponse:
    """One sample of the entity: the sampling facts, the reports with their item results, the
    notices served on the entity, the objection window and form, the objections."""
    user = _enterprise_user(request)
    sample = get_object_or_404(_samples(user), number=number)
    return _detail(request, user, sample)


def _own_notice(request: HttpRequest, number: str, pk: int, action: str) -> tuple[Any, Sample, SampleNotice]:
    user = _enterprise_user(request)
    sample = get_object_or_404(_samples(user), number=number)
    notice = get_object_or_404(_notices(user, action).filter(sample=sample).select_related("sample"), pk=pk)
    return user, sample, notice


@login_required
@require_POST
def acknowledge(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    """Acknowledge the receipt of a failed result on the platform: received today."""
    user, sample, notice = _own_notice(request, number, pk, "change")
    already = notice.received_on is not None
    notice = services.acknowledge_notice(notice, actor=user)
    if already:
        messages.info(request, _("The receipt of this result was already recorded."))
    elif notice.objection_due is not None:
        messages.success(
            request,
            _("Receipt acknowledged. You may object and ask for a re-test until {date}.").format(
                date=date_format(notice.objection_due, "DATE_FORMAT")
            ),
        )
    else:
        messages.success(request, _("Receipt acknowledged."))
    return redirect("spotchecks:enterprise_sample_detail", number=sample.number)


@login_required
@require_POST
def submit_objection(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    """Object to a failed result and ask for a re-test; the service refuses it after the
    window, naming the window."""
    user, sample, notice = _own_notice(request, number, pk, "view")
    if not user_can(user, Objection, "add"):
        raise PermissionDenied
    form = ObjectionForm(request.POST, items=_failed_items(sample), prefix=f"n{notice.pk}")
    if form.is_valid():
        try:
            services.submit_objection(
                notice,
                actor=user,
                reason=form.cleaned_data["reason"],
                contested_items=list(form.cleaned_data["contested_items"]),
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("Your objection was submitted; the bureau decides on the re-test."))
            return redirect("spotchecks:enterprise_sample_detail", number=sample.number)
    return _detail(request, user, sample, form_notice=notice, form=form)


# --- menu and to-dos ----------------------------------------------------------------------------


def _is_enterprise(user: Any) -> bool:
    return getattr(user, "role", "") == Role.ENTERPRISE and bool(getattr(user, "uscc", ""))


register_menu(
    MenuGroup(
        gettext_lazy("Spot-check results"),
        "⚗",
        [MenuItem(gettext_lazy("My spot checks"), "spotchecks:enterprise_sample_list", check=_is_enterprise)],
        order=23,
    )
)


@todo.register
def enterprise_todos(user: Any) -> list[todo.TodoItem]:
    """For an enterprise user: failed results served on the entity and not yet acknowledged,
    and objection windows still open (no objection handled or decided yet)."""
    if not _is_enterprise(user) or not user_can(user, SampleNotice, "view"):
        return []
    today = timezone.localdate()
    module = str(_("Spot checks"))
    kinds = [
        (
            _unacknowledged(user).order_by("sent_on", "pk"),
            _("Acknowledge the failed spot-check result of {product} ({number})"),
            _("More failed spot-check results to acknowledge"),
        ),
        (
            _window_open(user, today).order_by("objection_due", "pk"),
            _("Objection window open: {product} ({number})"),
            _("More open objection windows"),
        ),
    ]
    items: list[todo.TodoItem] = []
    for qs, title, more in kinds:
        for notice in qs.select_related("sample")[: todo.ITEM_LIMIT]:
            items.append(
                todo.TodoItem(
                    title=title.format(product=notice.sample.product_name, number=notice.sample.number),
                    url=reverse("spotchecks:enterprise_sample_detail", args=[notice.sample.number]),
                    due=notice.objection_due,
                    module=module,
                )
            )
        total = qs.count()
        if total > todo.ITEM_LIMIT:
            items.append(
                todo.TodoItem(
                    title=more,
                    url=reverse("spotchecks:enterprise_sample_list") + "?show=todo",
                    count=total - todo.ITEM_LIMIT,
                    module=module,
                )
            )
    return items


urlpatterns = [
    path("my/", sample_list, name="enterprise_sample_list"),
    path("my/<str:number>/", sample_detail, name="enterprise_sample_detail"),
    path("my/<str:number>/notices/<int:pk>/acknowledge/", acknowledge, name="enterprise_notice_acknowledge"),
    path("my/<str:number>/notices/<int:pk>/objection/", submit_objection, name="enterprise_objection_submit"),
]

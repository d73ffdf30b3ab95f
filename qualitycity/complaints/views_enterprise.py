"""The respondent enterprise's online dispute resolution (ODR) pages: the complaints against
its entity, each with the facts, the request and the statutory clocks, and the answer form
with an optional settlement proposal (`services.respond`).

An enterprise user (role "enterprise") names their entity by `user.uscc`. The role has no
permission on complaint cases in `core.permissions` (it must not see the bureau's case
screens), so these pages select the rows themselves: complaints (never tip-offs, whose
reporters are protected) whose respondent is the user's entity, the same rows
`Scope(uscc="respondent__uscc")` would give. The complainant's personal data is masked
everywhere on these pages, including inside the free text.

`urlpatterns` is included by `complaints/urls.py` (namespace "complaints")."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qualitycity.complaints import disclosure, services
from qualitycity.complaints.choices import ClockState, Party
from qualitycity.complaints.models import OdrMessage
from qualitycity.complaints.odr import OPEN_FOR_ODR, respondent_cases
from qualitycity.core.choices import Role
from qualitycity.core.masking import mask_address, mask_name, mask_phone
from qualitycity.core.navigation import MenuGroup, MenuItem, register_menu
from qualitycity.registry.choices import EntityTagKind
from qualitycity.registry.models import Entity, EntityTag

PAGE_SIZE = 30


def _enterprise_user(request: HttpRequest) -> Any:
    user: Any = request.user
    if getattr(user, "role", "") != Role.ENTERPRISE or not getattr(user, "uscc", ""):
        raise PermissionDenied
    return user


def _commitments(entity: Entity | None) -> dict[str, bool]:
    tags = set(EntityTag.objects.filter(entity=entity).values_list("tag", flat=True)) if entity else set()
    return {
        "is_odr": EntityTagKind.ODR in tags,
        "first_payout_commitment": EntityTagKind.FIRST_COMPENSATION in tags,
    }


@login_required
def complaint_list(request: HttpRequest) -> HttpResponse:
    """The complaints against the user's entity, newest first, with what awaits an answer."""
    user = _enterprise_user(request)
    entity = Entity.objects.filter(uscc=user.uscc).first()
    cases = respondent_cases(user).annotate(
        answers=Count("odr_messages", filter=Q(odr_messages__party=Party.RESPONDENT))
    )
    status = request.GET.get("status", "")
    if status == "open":
        cases = cases.filter(status__in=OPEN_FOR_ODR)
    page = Paginator(cases.order_by("-received_at", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {
            "case": case,
            "complainant": mask_name(case.complainant_name),
            "subject": disclosure.mask_free_text(case.subject, disclosure.personal_data(case)),
            "is_open": case.status in OPEN_FOR_ODR,
            "answer_due": services.answer_due(case) if case.status in OPEN_FOR_ODR else None,
        }
        for case in page.object_list
    ]
    context = {
        "entity": entity,
        "page": page,
        "rows": rows,
        "status": status,
        "open_count": respondent_cases(user).filter(status__in=OPEN_FOR_ODR).count(),
        **_commitments(entity),
    }
    return render(request, "complaints/enterprise_complaint_list.html", context)


class AnswerForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Your answer"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        help_text=gettext_lazy("The complainant and the bureau read it."),
    )
    proposed_amount = forms.DecimalField(
        label=gettext_lazy("Settlement you propose (yuan)"),
        required=False,
        min_value=Decimal("0"),
        max_digits=12,
        decimal_places=2,
        help_text=gettext_lazy(
            "Leave empty to answer without a proposal. If the complainant agrees, the complaint is settled."
        ),
    )


@login_required
def complaint_detail(request: HttpRequest, number: str) -> HttpResponse:
    """One complaint against the user's entity, masked, with the ODR thread and the answer form."""
    user = _enterprise_user(request)
    case = get_object_or_404(respondent_cases(user), number=number)
    if not services.is_respondent_user(case, user):
        raise PermissionDenied
    is_open = case.status in OPEN_FOR_ODR
    form = AnswerForm(request.POST or None) if is_open else None
    if request.method == "POST":
        if form is None:
            messages.error(request, _("This case is not open for an answer."))
            return redirect("complaints:enterprise_complaint_detail", number=case.number)
        if form.is_valid():
            try:
                services.respond(
                    case,
                    user=user,
                    text=form.cleaned_data["text"],
                    proposed_amount=form.cleaned_data["proposed_amount"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Your answer was sent to the complainant."))
                return redirect("complaints:enterprise_complaint_detail", number=case.number)
    known = disclosure.personal_data(case)
    thread = [
        {"message": m, "text": disclosure.mask_free_text(m.text, known)}
        for m in OdrMessage.objects.filter(case=case).order_by("at", "pk")
    ]
    entity = case.respondent
    context = {
        "case": case,
        "complainant": {
            "name": mask_name(case.complainant_name),
            "phone": mask_phone(case.complainant_phone),
            "address": mask_address(case.complainant_address),
        },
        "facts": disclosure.mask_free_text(case.facts, known),
        "request_text": disclosure.mask_free_text(case.request, known),
        "subject": disclosure.mask_free_text(case.subject, known),
        "clocks": [
            {"label": c.label, "due": c.due, "state": c.state, "state_label": ClockState(c.state).label}
            for c in services.clocks_of(case)
        ],
        "answer_due": services.answer_due(case) if is_open else None,
        "thread": thread,
        "form": form,
        "is_open": is_open,
        **_commitments(entity),
    }
    return render(request, "complaints/enterprise_complaint_detail.html", context)


def _sees_odr_pages(user: Any) -> bool:
    """Enterprise users, once `complaints/urls.py` includes these pages."""
    if getattr(user, "role", "") != Role.ENTERPRISE:
        return False
    try:
        reverse("complaints:enterprise_complaint_list")
    except NoReverseMatch:
        return False
    return True


register_menu(
    MenuGroup(
        gettext_lazy("Complaints"),
        "✉",
        [
            MenuItem(
                gettext_lazy("Complaints against us (ODR)"),
                "complaints:enterprise_complaint_list",
                check=_sees_odr_pages,
            )
        ],
        order=22,
    )
)

urlpatterns = [
    path("odr/", complaint_list, name="enterprise_complaint_list"),
    path("odr/<str:number>/", complaint_detail, name="enterprise_complaint_detail"),
]

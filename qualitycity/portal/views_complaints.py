"""The public side of complaints and tip-offs (投诉举报): the intake form, the receipt, following
a case by its receipt, and the disclosure of handled complaints (消费投诉信息公示).

No account is needed. The form and the tracking page are never cached (they carry a CSRF token
and a case); the disclosure pages are cached like the rest of the portal. Every page has the
portal's per-address request limit; submissions and failed receipt lookups have their own,
stricter limits (`complaints.limits`). A throttled sender gets a 429 page and keeps what they typed; other
addresses are unaffected. Case data is read through `complaints.services` (by receipt) and
`complaints.disclosure` (published records, masked); complainants' personal data never reaches
a public page."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from qualitycity.complaints import disclosure, services
from qualitycity.complaints.choices import CaseKind, CaseStatus, CategoryKind, Channel, ClockState
from qualitycity.complaints.intake import identity_required, validate
from qualitycity.complaints.limits import RECEIPT_MISSES, SUBMISSIONS
from qualitycity.complaints.models import Category, ComplaintCase
from qualitycity.core.filters import search_condition
from qualitycity.core.generic.views import htmx_render
from qualitycity.core.middleware import client_ip
from qualitycity.core.models import Division
from qualitycity.portal.views import portal_context, public_page, rate_limited, render_public
from qualitycity.registry.models import Entity

PAGE_SIZE = 30
LOOKUP_LIMIT = 10
RECEIPT_SALT = "qualitycity.portal.complaint-receipt"
#: A receipt page link stays valid this long; the tracking link (number + code) does not expire.
RECEIPT_MAX_AGE = 30 * 24 * 3600

# --- per-address limits ---------------------------------------------------------------------


def _too_many(request: HttpRequest, wait: int) -> HttpResponse:
    response = render_public(request, "portal/rate_limited.html", {}, status=429)
    response["Retry-After"] = str(wait)
    return response


# --- the intake form ------------------------------------------------------------------------

KIND_CHOICES = [
    ("complaint", gettext_lazy("Complaint: I want my loss put right")),
    ("tip_off", gettext_lazy("Tip-off: I report a violation")),
    ("both", gettext_lazy("Both")),
]
KINDS = {"complaint": [CaseKind.COMPLAINT], "tip_off": [CaseKind.TIP_OFF], "both": list(CaseKind)}
#: Accepted attachments: extension → the first bytes of such a file.
ATTACHMENT_TYPES: dict[str, tuple[bytes, ...]] = {
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "webp": (b"RIFF",),
    "pdf": (b"%PDF-",),
}
#: Fields a complaint cannot do without (checked by the intake; marked on the form).
COMPLAINT_REQUIRED = (
    "kind",
    "complainant_name",
    "complainant_phone",
    "complainant_address",
    "respondent_name",
    "subject",
    "facts",
    "request",
)
#: Intake error keys that are named differently on the form.
ERROR_FIELDS = {"kinds": "kind", "county_code": "county_code"}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Several files in one input (Django's documented pattern)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget",
            MultipleFileInput(attrs={"accept": ".jpg,.jpeg,.png,.webp,.pdf,image/*,application/pdf"}),
        )
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        if not data:
            return []
        single = super().clean
        items = data if isinstance(data, list | tuple) else [data]
        return [single(item, initial) for item in items]


def _max_attachments() -> int:
    return int(getattr(settings, "QCITY_COMPLAINT_MAX_ATTACHMENTS", 5))


def _max_attachment_bytes() -> int:
    return int(getattr(settings, "QCITY_COMPLAINT_ATTACHMENT_MAX_BYTES", 5 * 1024 * 1024))


def _county_choices() -> list[tuple[str, str]]:
    city = Division.objects.filter(code=settings.QCITY_CITY_CODE).first()
    counties = Division.objects.counties()
    if city is not None:
        counties = counties.inside(city)
    return [("", str(gettext_lazy("Not known")))] + [(d.code, d.name) for d in counties.order_by("code")]


class ComplaintForm(forms.Form):
    """The public form. It parses types only: which fields a complaint or a tip-off needs is
    the intake's rule (`complaints.intake.validate`), whose errors are put on these fields."""

    kind = forms.ChoiceField(
        label=gettext_lazy("What do you want to do?"),
        choices=KIND_CHOICES,
        widget=forms.RadioSelect,
        initial="complaint",
    )
    is_anonymous = forms.BooleanField(
        label=gettext_lazy("Report anonymously (tip-offs only)"),
        required=False,
        help_text=gettext_lazy("Without your name and phone the bureau cannot tell you the outcome."),
    )
    complainant_name = forms.CharField(label=gettext_lazy("Your name"), max_length=50, required=False)
    complainant_phone = forms.CharField(
        label=gettext_lazy("Your phone"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    complainant_id_number = forms.CharField(
        label=gettext_lazy("Your ID number"),
        max_length=30,
        required=False,
        help_text=gettext_lazy(
            "Resident ID card number; required for complaints from 15 April 2026 (SAMR Order 121)."
        ),
    )
    complainant_address = forms.CharField(label=gettext_lazy("Your address"), max_length=200, required=False)
    respondent_name = forms.CharField(
        label=gettext_lazy("The business you complain about"),
        max_length=200,
        required=False,
        help_text=gettext_lazy(
            "Its name as on its sign or receipt; pick it from the register below when it is listed."
        ),
    )
    picked_uscc = forms.CharField(required=False, max_length=18, widget=forms.HiddenInput)
    respondent_uscc = forms.CharField(
        label=gettext_lazy("Its unified social credit code (if known)"), max_length=18, required=False
    )
    respondent_address = forms.CharField(
        label=gettext_lazy("Its address"),
        max_length=300,
        required=False,
        help_text=gettext_lazy("Needed for a complaint unless you give the credit code or bought online."),
    )
    county_code = forms.ChoiceField(label=gettext_lazy("County or district of the business"), required=False)
    is_online = forms.BooleanField(label=gettext_lazy("I bought it online"), required=False)
    platform_name = forms.CharField(label=gettext_lazy("Online platform"), max_length=200, required=False)
    platform_uscc = forms.CharField(
        label=gettext_lazy("The platform's unified social credit code (if known)"),
        max_length=18,
        required=False,
    )
    subject = forms.CharField(label=gettext_lazy("Goods or service"), max_length=200, required=False)
    amount = forms.DecimalField(
        label=gettext_lazy("Amount paid (yuan)"),
        required=False,
        min_value=Decimal("0"),
        max_digits=12,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.01", "min": "0"}),
    )
    harm_known_on = forms.DateField(
        label=gettext_lazy("When did you learn of the harm?"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    facts = forms.CharField(
        label=gettext_lazy("What happened"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        max_length=5000,
    )
    request = forms.CharField(
        label=gettext_lazy("What do you ask for?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
        help_text=gettext_lazy("For example a refund, an exchange, a repair or compensation."),
    )
    attachments = AttachmentsField(
        label=gettext_lazy("Photos or PDF files"),
        required=False,
        help_text=gettext_lazy("Receipts, photos of the goods, chat records: JPG, PNG, WebP or PDF."),
    )
    #: The honeypot: hidden from people, filled in by bots.
    website = forms.CharField(required=False, label=gettext_lazy("Leave this empty"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["county_code"].choices = _county_choices()  # type: ignore[attr-defined]  # a ChoiceField
        # progressive enhancement: typing the name offers matches from the register (htmx)
        self.fields["respondent_name"].widget.attrs.update(
            {
                "hx-get": reverse("portal:complaint_respondent_lookup"),
                "hx-trigger": "input changed delay:400ms",
                "hx-target": "#respondent-matches",
                "autocomplete": "off",
            }
        )

    def clean_complainant_id_number(self) -> str:
        value: str = self.cleaned_data["complainant_id_number"].strip().upper()
        if len(value) == 18 and value[:17].isdigit():
            from stdnum.cn import ric

            if not ric.is_valid(value):
                raise ValidationError(_("This resident ID number is not valid; please check it."))
        return value

    def clean_attachments(self) -> list[UploadedFile]:
        files: list[UploadedFile] = self.cleaned_data["attachments"]
        if len(files) > _max_attachments():
            raise ValidationError(_("Attach at most {n} files.").format(n=_max_attachments()))
        errors = []
        for upload in files:
            name = upload.name or ""
            extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
            if (upload.size or 0) > _max_attachment_bytes():
                errors.append(
                    _("{name} is larger than {mb} MB.").format(
                        name=name, mb=_max_attachment_bytes() // 1048576
                    )
                )
                continue
            head = upload.read(16)
            upload.seek(0)
            if extension not in ATTACHMENT_TYPES or not head.startswith(ATTACHMENT_TYPES[extension]):
                errors.append(_("{name} is not a JPG, PNG, WebP or PDF file.").format(name=name))
        if errors:
            raise ValidationError(errors)
        return files

    def submission(self) -> services.Submission:
        """The submission for the intake; from a form with type errors, what could be read."""
        data: dict[str, Any] = dict.fromkeys(self.fields, "") | {"amount": None, "harm_known_on": None}
        data.update(getattr(self, "cleaned_data", {}))
        respondent_uscc = data["respondent_uscc"] or data["picked_uscc"]
        facts = data["facts"]
        platform_uscc = data["platform_uscc"]
        platform_name = data["platform_name"].strip()
        if platform_name and not platform_uscc:
            platform = Entity.objects.published().filter(name=platform_name).first()
            if platform is not None:
                platform_uscc = platform.uscc
            else:
                # the case has no column for an unregistered platform's name: keep it in the facts
                facts = "\n".join([facts, _("Online platform: {name}").format(name=platform_name)]).strip()
        return services.Submission(
            kinds=list(KINDS.get(data["kind"], [])),
            facts=facts,
            subject=data["subject"],
            request=data["request"],
            respondent_name=data["respondent_name"],
            respondent_uscc=respondent_uscc,
            respondent_address=data["respondent_address"],
            platform_uscc=platform_uscc,
            platform_name=platform_name,
            is_online=bool(data["is_online"] or platform_name or platform_uscc),
            amount=data["amount"],
            harm_known_on=data["harm_known_on"],
            complainant_name=data["complainant_name"],
            complainant_phone=data["complainant_phone"],
            complainant_id_number=data["complainant_id_number"],
            complainant_address=data["complainant_address"],
            is_anonymous=bool(data["is_anonymous"]),
            county_code=data["county_code"],
        )

    def add_intake_errors(self, exc: ValidationError) -> None:
        """Put each of the intake's errors on its field (the rest above the form); a field
        that already has an error keeps only its own."""
        if not hasattr(exc, "error_dict"):
            self.add_error(None, exc)
            return
        for key, messages in exc.message_dict.items():
            name = ERROR_FIELDS.get(key, key)
            if name in self.fields and name in self.errors:
                continue
            self.add_error(name if name in self.fields else None, messages)

    def check_with_intake(self) -> None:
        """After type errors, name every other missing or bad field too, in one go."""
        try:
            validate(self.submission(), timezone.localdate())
        except ValidationError as exc:
            self.add_intake_errors(exc)


class _Throttled(Exception):
    """Raised inside the trial transaction of a throttled sender to roll it back."""


def _required_fields() -> list[str]:
    names = list(COMPLAINT_REQUIRED)
    if identity_required(timezone.localdate()):
        names.append("complainant_id_number")
    return names


def _form_page(
    request: HttpRequest, form: ComplaintForm, status: int = 200, retry_after: int = 0
) -> HttpResponse:
    context = {
        "title": _("Submit a complaint or tip-off"),
        "form": form,
        "required": _required_fields(),
        "retry_after": retry_after,
        "max_files": _max_attachments(),
        "max_mb": _max_attachment_bytes() // 1048576,
    }
    response = render_public(request, "portal/complaints_form.html", context, status=status)
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


def _receipt_url(cases: list[ComplaintCase], merged: bool) -> str:
    token = signing.dumps({"c": [[c.number, c.receipt_code] for c in cases], "m": merged}, salt=RECEIPT_SALT)
    return reverse("portal:complaint_receipt", args=[token])


def tracking_url(case: ComplaintCase) -> str:
    """The link that opens a case without an account (number and receipt code)."""
    return (
        reverse("portal:complaint_track")
        + "?"
        + urlencode({"number": case.number, "code": case.receipt_code})
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@rate_limited
def complaint_create(request: HttpRequest) -> HttpResponse:
    """The public form; on success, a redirect to the printable receipt."""
    if request.method != "POST":
        return _form_page(request, ComplaintForm())
    address = client_ip(request)
    if request.POST.get("website"):
        # a bot: answer as if received, keep nothing, count it against the address
        SUBMISSIONS.hit(address)
        return render_public(request, "portal/complaints_receipt.html", {"title": _("Received"), "rows": []})
    form = ComplaintForm(request.POST, request.FILES)
    if not form.is_valid():
        form.check_with_intake()
        return _form_page(request, form)
    data = form.submission()
    wait = SUBMISSIONS.retry_after(address)
    try:
        if wait:
            # over the limit: only a repeat of what this sender already submitted goes through
            # (it returns the existing receipt); anything new is rolled back and refused
            try:
                with transaction.atomic():
                    result = services.submit(data, actor=None, channel=Channel.PORTAL, source=address)
                    if not result.merged:
                        raise _Throttled
            except _Throttled:
                return _form_page(request, form, status=429, retry_after=wait)
        else:
            result = services.submit(
                data,
                actor=None,
                channel=Channel.PORTAL,
                source=address,
                files=form.cleaned_data["attachments"],
            )
    except ValidationError as exc:
        form.add_intake_errors(exc)
        return _form_page(request, form)
    if not result.merged:
        SUBMISSIONS.hit(address)
    return redirect(_receipt_url(result.cases, result.merged))


@never_cache
@require_safe
@rate_limited
def complaint_receipt(request: HttpRequest, token: str) -> HttpResponse:
    """The printable receipt: each case number (two when the submission was split), its
    receipt code and its tracking link."""
    try:
        payload = signing.loads(token, salt=RECEIPT_SALT, max_age=RECEIPT_MAX_AGE)
    except signing.BadSignature as exc:
        raise Http404 from exc
    rows = []
    for number, code in payload.get("c", []):
        case = services.case_by_receipt(number, code)
        if case is not None:
            rows.append(
                {
                    "case": case,
                    "url": tracking_url(case),
                    "link": request.build_absolute_uri(tracking_url(case)),
                }
            )
    if not rows:
        raise Http404
    context = {"title": _("Receipt"), "rows": rows, "merged": bool(payload.get("m"))}
    response = render_public(request, "portal/complaints_receipt.html", context)
    response["X-Robots-Tag"] = "noindex"
    return response


@require_safe
@rate_limited
def respondent_lookup(request: HttpRequest) -> HttpResponse:
    """Registered entities by name, credit code or pinyin initials, for the form: a fragment
    (htmx), JSON (`?format=json`) or a page. Entity names and credit codes are public."""
    q = (request.GET.get("q") or request.GET.get("respondent_name") or "").strip()[:100]
    matches: list[Entity] = []
    if len(q) >= 2:
        matches = list(
            Entity.objects.published()
            .filter(search_condition(q, ("name", "uscc", "former_names"), "search_key"))
            .order_by("name", "pk")[:LOOKUP_LIMIT]
        )
    if request.GET.get("format") == "json":
        results = [
            {"name": e.name, "uscc": e.uscc, "county": e.county.name if e.county else ""} for e in matches
        ]
        return JsonResponse({"q": q, "results": results}, json_dumps_params={"ensure_ascii": False})
    context = {"q": q, "matches": matches, "title": _("Find the business in the register")}
    return htmx_render(
        request,
        "portal/complaints_lookup.html",
        {**portal_context(), **context},
        "portal/complaints_lookup_results.html",
    )


# --- following a case by its receipt --------------------------------------------------------

TRACK_DONE = {
    "reply": gettext_lazy("Your message was sent."),
    "agree": gettext_lazy("You agreed to the proposal; the complaint is settled."),
    "decline": gettext_lazy("You declined the proposal."),
    "rate": gettext_lazy("Thank you for rating the handling."),
}


def _track_context(case: ComplaintCase) -> dict[str, Any]:
    clocks = [
        {"label": c.label, "due": c.due, "state": c.state, "state_label": ClockState(c.state).label}
        for c in services.clocks_of(case)
        if c.name != "jurisdiction"
    ]
    answer_due = None
    if case.kind == CaseKind.COMPLAINT and case.respondent_id and case.status not in _ENDED:
        answer_due = services.answer_due(case)
    return {
        "case": case,
        "clocks": clocks,
        "answer_due": answer_due,
        "score_choices": range(1, 6),
        **disclosure.receipt_view(case),
    }


_ENDED = (CaseStatus.CLOSED, CaseStatus.REJECTED, CaseStatus.TRANSFERRED)


def _track_action(request: HttpRequest, case: ComplaintCase) -> str:
    """Carry out the POSTed action; returns its key for the notice, or raises ValidationError."""
    action = request.POST.get("action", "")
    if action == "reply":
        services.complainant_reply(case, text=request.POST.get("text", "")[:5000])
        return action
    if action in ("agree", "decline"):
        pk = request.POST.get("proposal", "")
        proposal = case.odr_messages.filter(pk=int(pk), is_proposal=True).first() if pk.isdigit() else None
        if proposal is None:
            raise ValidationError(_("That is not a proposal on this case."))
        services.complainant_decides(case, proposal=proposal, agree=action == "agree")
        return action
    if action == "rate":
        try:
            score = int(request.POST.get("score", ""))
        except ValueError as exc:
            raise ValidationError(_("Satisfaction is a score from 1 to 5.")) from exc
        disclosure.record_satisfaction(case, score=score, comment=request.POST.get("comment", "")[:1000])
        return action
    raise ValidationError(_("Unknown action."))


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@rate_limited
def complaint_track(request: HttpRequest) -> HttpResponse:
    """A case opened by its number and receipt code: status, dates, clocks, the timeline
    without staff names, the ODR thread with the enterprise's proposals, a reply box and, after
    closure, the rating. A wrong number or code gets the same neutral "not found"."""
    source = request.POST if request.method == "POST" else request.GET
    number = source.get("number", "").strip()[:30]
    code = source.get("code", "").strip()[:40]
    context: dict[str, Any] = {"title": _("Follow your case"), "number": number}
    if not number and not code:
        return render_public(request, "portal/complaints_track.html", context)
    address = client_ip(request)
    wait = RECEIPT_MISSES.retry_after(address)
    if wait:
        return _too_many(request, wait)
    case = services.case_by_receipt(number, code) if number and code else None
    if case is None:
        RECEIPT_MISSES.hit(address)
        return render_public(
            request, "portal/complaints_track.html", {**context, "not_found": True}, status=404
        )
    status = 200
    if request.method == "POST":
        try:
            done = _track_action(request, case)
        except ValidationError as exc:
            context["error"] = " ".join(exc.messages)
            status = 400
        else:
            url = tracking_url(case) + "&" + urlencode({"done": done})
            return HttpResponseRedirect(url)
        case = services.case_by_receipt(number, code) or case
    context.update(_track_context(case))
    context["code"] = case.receipt_code
    context["done"] = TRACK_DONE.get(request.GET.get("done", ""), "")
    response = render_public(request, "portal/complaints_track.html", context, status=status)
    response["X-Robots-Tag"] = "noindex"
    return response


# --- disclosure (消费投诉信息公示) ----------------------------------------------------------


def _published_filters(request: HttpRequest) -> dict[str, str]:
    return {name: request.GET.get(name, "").strip()[:20] for name in ("county", "category", "year")}


@public_page
def published_list(request: HttpRequest) -> HttpResponse:
    """Handled complaints published under the disclosure policy, filtered by county, object
    category and year of closure. Respondent names are public; complainants never appear."""
    filters = _published_filters(request)
    cases = disclosure.published_cases()
    if filters["county"]:
        cases = cases.filter(county__code=filters["county"])
    if filters["category"]:
        code = filters["category"]
        cases = cases.filter(Q(object_category__code=code) | Q(object_category__parent__code=code))
    if filters["year"].isdigit():
        cases = cases.filter(closed_on__year=int(filters["year"]))
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [{"case": c, "text": disclosure.mask_free_text(c.published_text)} for c in page.object_list]
    this_year = timezone.localdate().year
    context = {
        "title": _("Published complaints"),
        "page": page,
        "rows": rows,
        "filters": filters,
        "query": urlencode({k: v for k, v in filters.items() if v}),
        "counties": _county_choices()[1:],
        "categories": Category.objects.filter(kind=CategoryKind.OBJECT, is_active=True).select_related(
            "parent"
        ),
        "years": list(range(this_year, this_year - 6, -1)),
    }
    return render_public(request, "portal/complaints_published.html", context)


@public_page
def respondent_record(request: HttpRequest, uscc: str) -> HttpResponse:
    """One entity's public complaint record over the policy's period: counts by object
    category and outcome, ODR participation, the first-payout commitment, its records."""
    entity = Entity.objects.published().filter(uscc=uscc.strip().upper()).first()
    if entity is None:
        raise Http404
    summary = disclosure.respondent_summary(entity)
    rows = [{"case": c, "text": disclosure.mask_free_text(c.published_text)} for c in summary["cases"]]
    context = {"title": entity.name, **summary, "rows": rows}
    return render_public(request, "portal/complaints_respondent.html", context)


urlpatterns = [
    path("complaints/", complaint_create, name="complaint_create"),
    path("complaints/receipt/<str:token>/", complaint_receipt, name="complaint_receipt"),
    path("complaints/track/", complaint_track, name="complaint_track"),
    path("complaints/respondent-lookup/", respondent_lookup, name="complaint_respondent_lookup"),
    path("complaints/published/", published_list, name="complaint_published_list"),
    path("complaints/respondents/<str:uscc>/", respondent_record, name="complaint_respondent_detail"),
]

"""Complaint and tip-off endpoints (投诉举报): public intake, the case with its statutory clocks,
the transitions and the on-time rate (消费投诉按时办结率).

Who may do what:

- `POST /complaints` is public. Without a token the channel is "api", `received_at` is ignored
  (only staff may say a case was received elsewhere or earlier) and each client address may
  submit at most `QCITY_COMPLAINT_SUBMISSIONS_PER_MINUTE` / `…_PER_HOUR` new cases (the
  portal form's settings, counted separately): beyond that a 429 `throttled` with
  `Retry-After`, except that an identical repeat still gets its earlier case back. With a
  bearer token of a user who may add cases (staff), `received_at` and the staff channel are
  honoured and every clock counts from that day. A browser session does not count here: the
  public endpoint takes no cookie credentials, so it needs no CSRF token.
- `GET /complaints/{number}`: staff within their data scope (`restrict`), unmasked; the
  respondent enterprise's user its own complaints (never tip-offs), the complainant's personal
  data masked; anyone else only with `?code=<receipt code>`, masked. Wrong codes count towards
  a per-address limit (`QCITY_COMPLAINT_TRACK_MISSES_PER_MINUTE` / `…_PER_HOUR`).
- `POST /complaints/{number}/{transition}`: staff who may change the case, through the same
  services as the case page. A refusal answers with the service's stable code: 409 when the
  case's state forbids the step (`out_of_order`, `wrong_kind`, `already_extended` …), 422 when
  the request lacks what the step needs (`ground_required`, `reason_required` …, naming the field).
- `GET /complaints/stats/on-time-rate` and `…/by/{county|department|category|nature|month}`:
  staff who may view cases, over their data scope (`complaints.indicators`).

The client address is REMOTE_ADDR (`core.middleware.client_ip`); X-Forwarded-For is not
trusted. A deployment behind a reverse proxy sets REMOTE_ADDR in its own middleware."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer, SessionAuth

from qualitycity.complaints import disclosure, indicators, services
from qualitycity.complaints.choices import CaseKind, CaseStatus, CategoryKind, Channel
from qualitycity.complaints.limits import RECEIPT_MISSES, SUBMISSIONS
from qualitycity.complaints.models import Category, ComplaintCase
from qualitycity.complaints.odr import respondent_cases
from qualitycity.complaints.schemas import (
    ComplaintCaseIn,
    ComplaintCaseOut,
    ErrorOut,
    IntakeOut,
    OnTimeByOut,
    OnTimeRateFilter,
    OnTimeRateOut,
    TransitionIn,
    TransitionName,
)
from qualitycity.core.choices import Role
from qualitycity.core.masking import mask_address, mask_id_number, mask_name, mask_phone
from qualitycity.core.middleware import client_ip
from qualitycity.core.models import ApiToken, Department, Division
from qualitycity.core.permissions import restrict_queryset, user_can

router = Router(tags=["complaints"])

#: Channels staff may name for a case they register (the portal is the public form's).
STAFF_CHANNELS = (
    Channel.API,
    Channel.HOTLINE_12315,
    Channel.HOTLINE_12345,
    Channel.WALK_IN,
    Channel.LETTER,
    Channel.IMPORT,
)
#: Refusals caused by what the request lacks: 422 on the named field. Every other code is a
#: state conflict: 409.
INPUT_CODES = {
    "ground_required": "ground",
    "not_time_barred": "ground",
    "reason_required": "reason",
    "outcome_required": "outcome",
    "bad_amount": "amount_recovered",
}
GROUPS = ("county", "department", "category", "nature", "month")


# --- authentication and limits ----------------------------------------------------------------


class BearerAuth(HttpBearer):
    """A bearer token from `POST /auth/token`. A token sent that fails is a 401: a request is
    the public only when it sends no credentials at all."""

    def __call__(self, request: HttpRequest) -> Any:
        user = super().__call__(request)
        if user is None and request.headers.get("Authorization"):
            raise AuthenticationError
        return user

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = ApiToken.authenticate(token)
        if user is not None:
            request.user = user
        return user


class StaffSessionAuth(SessionAuth):
    """The logged-in browser session; used here for reading only."""


def public(request: HttpRequest) -> Any:
    """No credentials: the public (an anonymous user, truthy so that ninja lets it through)."""
    return AnonymousUser()


#: The public intake takes a token or nothing: no cookie credentials, so no CSRF token.
PUBLIC_WRITE = [BearerAuth(), public]
PUBLIC_READ = [BearerAuth(), StaffSessionAuth(), public]


def _caller(request: HttpRequest) -> Any:
    """The authenticated user, or None for the public."""
    user = getattr(request, "auth", None)
    return user if getattr(user, "is_authenticated", False) else None


def _error(status: int, code: str, message: str, details: list[dict[str, str]] | None = None) -> Status:
    return Status(status, {"code": code, "message": message, "details": details or []})


def _throttled(wait: int) -> HttpResponse:
    response = JsonResponse(
        {
            "code": "throttled",
            "message": _("Too many requests from your address; try again in {seconds} seconds.").format(
                seconds=wait
            ),
            "details": [],
        },
        status=429,
        json_dumps_params={"ensure_ascii": False},
    )
    response["Retry-After"] = str(wait)
    return response


class _Throttled(Exception):
    """Raised inside the trial intake of a throttled sender to roll it back."""


# --- output -----------------------------------------------------------------------------------


def _code(obj: Any) -> str | None:
    return obj.code if obj is not None else None


def clocks_out(case: ComplaintCase) -> list[dict[str, Any]]:
    return [
        {
            "name": c.name,
            "label": c.label,
            "started_on": c.started_on,
            "due": c.due,
            "state": c.state,
            "rule_version": c.rule_version,
            "rule_source": c.rule_source,
            "rule_confirmed": c.rule_confirmed,
            "paused_days": c.paused_days,
            "extension_days": c.extension_days,
            "stopped_on": c.stopped_on,
        }
        for c in services.clocks_of(case)
    ]


def case_out(case: ComplaintCase, *, masked: bool) -> dict[str, Any]:
    """A case; `masked` hides the complainant's personal data, also inside the free text."""
    if masked:
        known = disclosure.personal_data(case)
        complainant = {
            "name": mask_name(case.complainant_name),
            "phone": mask_phone(case.complainant_phone),
            "id_number": mask_id_number(case.complainant_id_number),
            "address": mask_address(case.complainant_address),
        }
        subject, facts, request_text = (
            disclosure.mask_free_text(text, known) for text in (case.subject, case.facts, case.request)
        )
    else:
        complainant = {
            "name": case.complainant_name,
            "phone": case.complainant_phone,
            "id_number": case.complainant_id_number,
            "address": case.complainant_address,
        }
        subject, facts, request_text = case.subject, case.facts, case.request
    return {
        "number": case.number,
        "kind": case.kind,
        "channel": case.channel,
        "status": case.status,
        "status_label": str(CaseStatus(case.status).label),
        "received_at": timezone.localtime(case.received_at),
        "received_on": case.received_on,
        "complainant": complainant,
        "is_anonymous": case.is_anonymous,
        "personal_data_masked": masked,
        "respondent": {
            "name": case.respondent_name,
            "uscc": case.respondent_uscc or (case.respondent.uscc if case.respondent else ""),
            "address": case.respondent_address,
            "is_registered": case.respondent_id is not None,
        },
        "is_online": case.is_online,
        "subject": subject,
        "amount": case.amount,
        "facts": facts,
        "request": request_text,
        "harm_known_on": case.harm_known_on,
        "object_category": _code(case.object_category),
        "problem_category": _code(case.problem_category),
        "county": _code(case.county),
        "handling_department": _code(case.handling_department),
        "accepted_on": case.accepted_on,
        "rejected_on": case.rejected_on,
        "rejection_ground": case.rejection_ground,
        "closed_on": case.closed_on,
        "outcome": case.outcome,
        "amount_recovered": case.amount_recovered,
        "handling_due": case.handling_due,
        "on_time": case.on_time,
        "split_from": case.split_from.number if case.split_from else None,
        "duplicate_of": case.duplicate_of.number if case.duplicate_of else None,
        "clocks": clocks_out(case),
    }


RELATED = (
    "respondent",
    "county",
    "handling_department",
    "object_category",
    "problem_category",
    "split_from",
    "duplicate_of",
)


def _cases(user: Any, action: str = "view") -> QuerySet[ComplaintCase]:
    if not user_can(user, ComplaintCase, action):
        raise PermissionDenied
    return ComplaintCase.objects.restrict(user, action).select_related(*RELATED)


# --- intake -----------------------------------------------------------------------------------


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    if value is None or timezone.is_aware(value):
        return value
    return timezone.make_aware(value)


def _intake_out(result: services.IntakeResult) -> dict[str, Any]:
    return {
        "merged": result.merged,
        "cases": [
            {
                "number": case.number,
                "kind": case.kind,
                "status": case.status,
                "channel": case.channel,
                "received_at": timezone.localtime(case.received_at),
                "county": _code(case.county),
                "handling_department": _code(case.handling_department),
                "receipt_code": case.receipt_code,
                "clocks": clocks_out(case),
            }
            for case in result.cases
        ],
    }


@router.post(
    "/complaints",
    auth=PUBLIC_WRITE,
    response={200: IntakeOut, 201: IntakeOut, 403: ErrorOut, 422: ErrorOut, 429: ErrorOut},
)
def submit_case(request: HttpRequest, payload: ComplaintCaseIn) -> Any:
    """Submit a complaint, a tip-off or both (two cases). 201 with the case number(s), their
    receipt codes (given only here) and their clocks; 200 with `merged: true` and the earlier
    case(s) for an identical repeat within minutes; 422 naming every missing or bad field (a
    bad credit code on `respondent_uscc`); 429 `throttled` for a public sender over the limit.
    `received_at` and `channel` are honoured for staff tokens only."""
    user = _caller(request)
    fields = payload.dict()
    channel, received_at = fields.pop("channel"), fields.pop("received_at")
    if user is not None:
        if not user_can(user, ComplaintCase, "add"):
            raise PermissionDenied
        channel = channel or Channel.API
        if channel not in STAFF_CHANNELS:
            raise ValidationError(
                {"channel": [_("Choose one of: {channels}.").format(channels=", ".join(STAFF_CHANNELS))]}
            )
        data = services.Submission(**fields, received_at=_aware(received_at))
        result = services.submit(data, actor=user, channel=channel, source=f"staff-{user.pk}")
        return Status(200 if result.merged else 201, _intake_out(result))
    address = client_ip(request)
    data = services.Submission(**fields)
    wait = SUBMISSIONS.retry_after(address)
    if wait:
        # over the limit: only a repeat of what this sender already submitted goes through (it
        # answers with the earlier case); anything new is rolled back and refused
        try:
            with transaction.atomic():
                result = services.submit(data, actor=None, channel=Channel.API, source=address)
                if not result.merged:
                    raise _Throttled
        except _Throttled:
            return _throttled(wait)
    else:
        result = services.submit(data, actor=None, channel=Channel.API, source=address)
        if not result.merged:
            SUBMISSIONS.hit(address)
    return Status(200 if result.merged else 201, _intake_out(result))


# --- statistics (before the case routes: "stats" is not a case number) --------------------------


def _indicator_filters(request: HttpRequest, query: OnTimeRateFilter) -> dict[str, Any]:
    user = request.auth  # type: ignore[attr-defined]  # set by ninja's authentication
    if not user_can(user, ComplaintCase, "view"):
        raise PermissionDenied
    today = timezone.localdate()
    start = query.start or today.replace(month=1, day=1)
    end = query.end or today
    errors: dict[str, list[str]] = {}
    if start > end:
        errors["from"] = [_("The start lies after the end of the period.")]
    filters: dict[str, Any] = {"start": start, "end": end, "user": user, "today": today}
    if query.kind not in (*CaseKind.values, "all"):
        errors["kind"] = [_('Choose "complaint", "tip_off" or "all".')]
    filters["kind"] = None if query.kind == "all" else query.kind
    lookups: tuple[tuple[str, QuerySet[Any]], ...] = (
        ("county", restrict_queryset(Division.objects.all(), user)),
        ("department", restrict_queryset(Department.objects.all(), user)),
        ("category", Category.objects.restrict(user).filter(kind=CategoryKind.OBJECT)),
    )
    for name, qs in lookups:
        code = getattr(query, name).strip()
        if code:
            found = qs.filter(code=code).first()
            if found is None:
                errors[name] = [_("Unknown code “{code}”.").format(code=code)]
            filters[name] = found
    if errors:
        raise ValidationError(errors)
    return filters


@router.get("/complaints/stats/on-time-rate", response={200: OnTimeRateOut, 403: ErrorOut, 422: ErrorOut})
def on_time_rate(request: HttpRequest, query: Query[OnTimeRateFilter]) -> dict[str, Any]:
    """The on-time rate (消费投诉按时办结率) over the caller's data scope: the cases whose handling
    limit falls in [from, to] and which are due (closed, or past the limit), and how many of them
    were handled within every statutory limit. `definition` states the rule in words."""
    filters = _indicator_filters(request, query)
    return {
        **indicators.on_time_rate(**filters),
        "start": filters["start"],
        "end": filters["end"],
        "county": query.county or None,
    }


@router.get(
    "/complaints/stats/on-time-rate/by/{by}", response={200: OnTimeByOut, 403: ErrorOut, 422: ErrorOut}
)
def on_time_rate_by(request: HttpRequest, by: str, query: Query[OnTimeRateFilter]) -> dict[str, Any]:
    """The on-time rate per county, handling unit, object category, nature of the problem or
    month of the handling limit; the same cases and filters as `/on-time-rate`."""
    if by not in GROUPS:
        raise ValidationError({"by": [_("Choose one of: {groups}.").format(groups=", ".join(GROUPS))]})
    filters = _indicator_filters(request, query)
    return {
        "by": by,
        "start": filters["start"],
        "end": filters["end"],
        "county": query.county or None,
        "definition": str(indicators.DEFINITION),
        "rows": indicators.on_time_by(by, **filters),
    }


# --- one case ---------------------------------------------------------------------------------


@router.get(
    "/complaints/{number}",
    auth=PUBLIC_READ,
    response={200: ComplaintCaseOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 429: ErrorOut},
)
def get_case(request: HttpRequest, number: str, code: str = "") -> Any:
    """A case with its clocks. Staff: within their data scope. The respondent enterprise's
    user: its complaints, the complainant's personal data masked. Anyone else: with the
    receipt `code` given at intake, masked; a wrong number or code is a plain 404."""
    user = _caller(request)
    number = number.strip().upper()
    if user is None:
        if not code.strip():
            raise AuthenticationError
        address = client_ip(request)
        wait = RECEIPT_MISSES.retry_after(address)
        if wait:
            return _throttled(wait)
        case = services.case_by_receipt(number, code)
        if case is None:
            RECEIPT_MISSES.hit(address)
            raise Http404
        return case_out(case, masked=True)
    if user.role == Role.ENTERPRISE:
        if not user.uscc:
            raise PermissionDenied
        mine = respondent_cases(user).select_related(*RELATED)
        return case_out(get_object_or_404(mine, number=number), masked=True)
    return case_out(get_object_or_404(_cases(user), number=number), masked=False)


def _transition_kwargs(name: str, payload: TransitionIn, user: Any) -> dict[str, Any]:
    """The service's arguments from the fields this transition reads."""
    if name == "reject":
        return {"ground": payload.ground, "note": payload.note}
    if name == "pause-clock":
        return {"reason": payload.reason}
    if name == "close":
        return {
            "outcome": payload.outcome,
            "amount_recovered": payload.amount_recovered,
            "note": payload.note,
        }
    if name == "transfer":
        code = payload.department.strip()
        departments = restrict_queryset(Department.objects.all(), user).filter(kind="market_supervision")
        department = departments.filter(code=code).first() if code else None
        if department is None:
            message = _("Unknown handling unit “{code}”.").format(code=code) if code else None
            raise ValidationError({"department": [message or _("This field is required.")]})
        return {"to_department": department, "reason": payload.reason, "disputed": payload.disputed}
    if name == "decide":
        if payload.opened is None:
            raise ValidationError({"opened": [_("Say whether a case is opened (true or false).")]})
        return {"opened": payload.opened, "note": payload.note}
    if name == "extend":
        return {"approval": payload.approval}
    return {"note": payload.note}


@router.post(
    "/complaints/{number}/{transition}",
    response={200: ComplaintCaseOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
)
def transition_case(
    request: HttpRequest, number: str, transition: TransitionName, payload: TransitionIn
) -> Any:
    """Move a case on: accept, reject, start-mediation, pause-clock, resume-clock, close,
    transfer, start-verification, decide, extend, notify-reporter — the services of the case
    page, with their clocks, timeline and audit. A step the case's state forbids is 409 with
    the service's code (`out_of_order`, `wrong_kind` …); a missing field is 422 naming it."""
    user = request.auth  # type: ignore[attr-defined]  # set by ninja's authentication
    case = get_object_or_404(_cases(user, "change"), number=number.strip().upper())
    name = transition.value
    kwargs = _transition_kwargs(name, payload, user)
    step = cast(Any, services.TRANSITIONS[name])
    try:
        step(case, actor=user, **kwargs)
    except services.TransitionError as exc:
        message = " ".join(exc.messages)
        code = exc.code or "refused"
        if code in INPUT_CODES:
            field = "approval" if name == "extend" and code == "reason_required" else INPUT_CODES[code]
            return _error(422, code, message, [{"field": field, "message": message}])
        return _error(409, code, message)
    case.refresh_from_db()
    return case_out(case, masked=False)

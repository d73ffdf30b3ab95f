"""Intake: one submission (portal, hotline, API, import) becomes one case, or two when it is
both a complaint and a tip-off. Required fields are checked and named; the respondent is found
in the registry; the case is classified (suggestion), routed, numbered, given a receipt and
its first statutory clock. Identical repeats from one sender within minutes are merged."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from qualitycity.complaints import clocks
from qualitycity.complaints.choices import CaseKind, CaseStatus, Channel, ClockName
from qualitycity.complaints.models import CaseAction, CaseCounter, Category, ComplaintCase, RoutingRule
from qualitycity.core import audit
from qualitycity.core.models import Department, Division
from qualitycity.core.services import rule_value
from qualitycity.registry.models import Entity
from qualitycity.registry.validators import clean_uscc

PREFIX = {CaseKind.COMPLAINT: "TS", CaseKind.TIP_OFF: "JB"}
CITY_UNIT = "samr-jc"
#: Channels where staff may state when the case was received elsewhere or earlier.
BACKDATING_CHANNELS = {
    Channel.HOTLINE_12315,
    Channel.HOTLINE_12345,
    Channel.IMPORT,
    Channel.API,
    Channel.WALK_IN,
    Channel.LETTER,
}


@dataclass
class Submission:
    """What a submitter gives; `kinds` is ["complaint"], ["tip_off"] or both."""

    kinds: list[str]
    facts: str
    subject: str = ""
    request: str = ""
    respondent_name: str = ""
    respondent_uscc: str = ""
    respondent_address: str = ""
    platform_uscc: str = ""
    platform_name: str = ""
    is_online: bool = False
    amount: Decimal | None = None
    harm_known_on: dt.date | None = None
    complainant_name: str = ""
    complainant_phone: str = ""
    complainant_id_number: str = ""
    complainant_address: str = ""
    is_anonymous: bool = False
    county_code: str = ""
    object_category: str = ""
    problem_category: str = ""
    received_at: dt.datetime | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class IntakeResult:
    cases: list[ComplaintCase]
    merged: bool = False


def identity_required(on: dt.date) -> bool:
    """Order 121 (from 2026-04-15) requires a complainant's real identity (ID number)."""
    try:
        return bool(int(rule_value("complaint-identity-required", on=on)))
    except ValidationError:
        return False


def _required(errors: dict[str, list[str]], data: Submission, name: str) -> None:
    if not str(getattr(data, name) or "").strip():
        errors.setdefault(name, []).append(_("This field is required."))


def validate(data: Submission, received_on: dt.date) -> dict[str, Any]:
    """Check a submission; returns the resolved respondent and platform, or raises a
    ValidationError naming every missing or bad field."""
    errors: dict[str, list[str]] = {}
    kinds = [k for k in data.kinds if k in CaseKind.values]
    if not kinds or len(kinds) != len(data.kinds):
        errors["kinds"] = [_("Say whether this is a complaint, a tip-off or both.")]
    _required(errors, data, "facts")
    _required(errors, data, "respondent_name")
    if CaseKind.COMPLAINT in kinds:
        for name in ("subject", "request", "complainant_name", "complainant_phone", "complainant_address"):
            _required(errors, data, name)
        if identity_required(received_on):
            _required(errors, data, "complainant_id_number")
        if not (data.respondent_address.strip() or data.respondent_uscc.strip() or data.is_online):
            errors.setdefault("respondent_address", []).append(
                _(
                    "Give the respondent's address, its unified social credit code, or mark an online purchase."
                )
            )
    if CaseKind.TIP_OFF in kinds and not data.is_anonymous and CaseKind.COMPLAINT not in kinds:
        for name in ("complainant_name", "complainant_phone"):
            _required(errors, data, name)
    if data.complainant_phone and sum(ch.isdigit() for ch in data.complainant_phone) < 7:
        errors.setdefault("complainant_phone", []).append(
            _("Enter a phone number with its area code or a mobile number.")
        )
    resolved: dict[str, Any] = {"respondent": None, "platform": None}
    for name, target in (("respondent_uscc", "respondent"), ("platform_uscc", "platform")):
        raw = getattr(data, name).strip()
        if not raw:
            continue
        try:
            code = clean_uscc(raw)
        except ValidationError as exc:
            errors.setdefault(name, []).extend(exc.messages)
            continue
        resolved[name] = code
        resolved[target] = Entity.objects.filter(uscc=code).select_related("county").first()
    if data.amount is not None and data.amount < 0:
        errors.setdefault("amount", []).append(_("The amount cannot be negative."))
    if data.harm_known_on and data.harm_known_on > received_on:
        errors.setdefault("harm_known_on", []).append(
            _("The date the harm became known lies after the date received.")
        )
    if data.received_at and data.received_at > timezone.now() + dt.timedelta(minutes=5):
        errors.setdefault("received_at", []).append(_("The date received cannot lie in the future."))
    for name, kind in (("object_category", "object"), ("problem_category", "nature")):
        code = getattr(data, name)
        if code:
            found = Category.objects.filter(kind=kind, code=code, is_active=True).first()
            if found is None:
                errors.setdefault(name, []).append(_("Unknown category: %(code)s") % {"code": code})
            resolved[name] = found
    if errors:
        raise ValidationError(errors)
    if resolved["respondent"] is None and not data.respondent_uscc:
        resolved["respondent"] = (
            Entity.objects.filter(name=data.respondent_name.strip()).select_related("county").first()
        )
    return resolved


def time_barred(case: ComplaintCase) -> bool:
    """More than the time bar (3 years) between knowing of the harm and the complaint."""
    if case.harm_known_on is None:
        return False
    years = int(rule_value("complaint-time-bar", on=case.received_on))
    try:
        limit = case.harm_known_on.replace(year=case.harm_known_on.year + years)
    except ValueError:  # 29 February
        limit = case.harm_known_on.replace(year=case.harm_known_on.year + years, day=28)
    return case.received_on > limit


def submitter_key(data: Submission, source: str) -> str:
    """A fingerprint of the sender (phone and ID, else the network address) for duplicates."""
    digits = "".join(ch for ch in data.complainant_phone if ch.isdigit())
    basis = f"{digits}|{data.complainant_id_number.strip().upper()}" if digits else f"ip|{source}"
    return hashlib.sha256(basis.encode()).hexdigest()


def _facts_hash(data: Submission) -> str:
    text = " ".join(data.facts.split()) + "|" + data.respondent_name.strip()
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def next_number(kind: str, year: int) -> str:
    prefix = PREFIX[CaseKind(kind)]
    for _attempt in range(3):
        try:
            with transaction.atomic():
                counter, _ = CaseCounter.objects.select_for_update().get_or_create(prefix=prefix, year=year)
                CaseCounter.objects.filter(pk=counter.pk).update(last=F("last") + 1)
                counter.refresh_from_db(fields=["last"])
                return f"{prefix}-{year}-{counter.last:06d}"
        except IntegrityError:  # two first cases of a year at once
            continue
    raise RuntimeError("could not number the case")


def route(
    respondent: Entity | None, platform: Entity | None, county_code: str, category: Category | None
) -> tuple[Division | None, Department | None]:
    """The county and handling unit: the respondent's county, else the one given, else the
    platform's (Order 121: a seller on a platform that cannot be reached goes to the platform's
    bureau); the routing table by county and object category decides the unit."""
    county = respondent.county if respondent is not None else None
    if county is None and county_code:
        county = Division.objects.filter(code=county_code).first()
    if county is None and platform is not None:
        county = platform.county
    department = None
    if county is not None:
        candidates = [category, category.parent if category and category.parent_id else None, None]
        for cat in candidates:
            rule_row = (
                RoutingRule.objects.filter(county=county, category=cat).select_related("department").first()
            )
            if rule_row is not None:
                department = rule_row.department
                break
    if department is None:
        department = Department.objects.filter(code=CITY_UNIT).first()
    return county, department


def _suggest(text: str) -> dict[str, Any]:
    from qualitycity.complaints.classifier import suggest

    return suggest(text)


def submit(
    data: Submission, *, actor: Any, channel: str, source: str = "", files: list[Any] | None = None
) -> IntakeResult:
    """Take a submission in; returns the case(s), or the earlier case when it is a repeat.

    Validation, classification and routing only read, and run before the write transaction,
    so that concurrent submissions hold the database's write lock only for the inserts."""
    now = timezone.now()
    received_at = data.received_at if (data.received_at and channel in BACKDATING_CHANNELS) else now
    received_on = timezone.localdate(received_at)
    resolved = validate(data, received_on)
    key = submitter_key(data, source)
    window = int(rule_value("complaint-duplicate-window", on=received_on))
    facts_hash = _facts_hash(data)
    text = f"{data.subject} {data.facts} {data.request}"
    suggestion = {**_suggest(text), "facts_hash": facts_hash}
    object_category = resolved.get("object_category") or _category("object", suggestion)
    problem_category = resolved.get("problem_category") or _category("nature", suggestion)
    respondent, platform = resolved["respondent"], resolved["platform"]
    county, department = route(respondent, platform, data.county_code, object_category)
    with transaction.atomic():
        recent = ComplaintCase.objects.filter(
            submitter_key=key, received_at__gte=now - dt.timedelta(minutes=window)
        )
        same = [c for c in recent if c.suggestion.get("facts_hash") == facts_hash]
        if same:
            return IntakeResult(cases=sorted(same, key=lambda c: c.pk), merged=True)
        similar = (
            ComplaintCase.objects.filter(
                submitter_key=key,
                respondent_name=data.respondent_name.strip(),
                received_at__gte=received_at - dt.timedelta(days=1),
            )
            .order_by("pk")
            .first()
        )
        return _create(
            data,
            actor=actor,
            channel=channel,
            files=files,
            received_at=received_at,
            resolved=resolved,
            key=key,
            suggestion=suggestion,
            categories=(object_category, problem_category),
            routing=(county, department),
            similar=similar,
        )


def _create(
    data: Submission,
    *,
    actor: Any,
    channel: str,
    files: list[Any] | None,
    received_at: dt.datetime,
    resolved: dict[str, Any],
    key: str,
    suggestion: dict[str, Any],
    categories: tuple[Category | None, Category | None],
    routing: tuple[Division | None, Department | None],
    similar: ComplaintCase | None,
) -> IntakeResult:
    now = timezone.now()
    received_on = timezone.localdate(received_at)
    object_category, problem_category = categories
    county, department = routing
    respondent, platform = resolved["respondent"], resolved["platform"]
    user = actor if getattr(actor, "is_authenticated", False) else None
    cases: list[ComplaintCase] = []
    for kind in sorted(set(data.kinds), key=lambda k: k != CaseKind.COMPLAINT):
        case = ComplaintCase(
            number=next_number(kind, received_on.year),
            kind=kind,
            channel=channel,
            received_at=received_at,
            complainant_name=data.complainant_name.strip(),
            complainant_phone=data.complainant_phone.strip(),
            complainant_id_number=data.complainant_id_number.strip().upper(),
            complainant_address=data.complainant_address.strip(),
            is_anonymous=data.is_anonymous and kind == CaseKind.TIP_OFF,
            respondent=respondent,
            respondent_name=(respondent.name if respondent else data.respondent_name.strip())[:200],
            respondent_uscc=resolved.get("respondent_uscc", ""),
            respondent_address=data.respondent_address.strip()[:300],
            platform=platform,
            is_online=data.is_online or platform is not None,
            subject=data.subject.strip()[:200],
            amount=data.amount,
            facts=data.facts.strip(),
            request=data.request.strip(),
            harm_known_on=data.harm_known_on,
            object_category=object_category,
            problem_category=problem_category,
            suggestion=suggestion,
            classification_confirmed=bool(
                resolved.get("object_category") and resolved.get("problem_category")
            ),
            county=county,
            handling_department=department,
            split_from=cases[0] if cases else None,
            duplicate_of=similar,
            receipt_code=secrets.token_urlsafe(12),
            submitter_key=key,
            created_by=user,
            updated_by=user,
        )
        if case.is_anonymous:
            case.complainant_name = case.complainant_phone = case.complainant_id_number = (
                case.complainant_address
            ) = ""
        case.save()
        first_clock = ClockName.ACCEPT if kind == CaseKind.COMPLAINT else ClockName.VERIFY
        clocks.start(case, first_clock, received_on)
        CaseAction.objects.create(
            case=case,
            action="received",
            at=now,
            actor=user,
            party="staff" if user else "complainant",
            to_status=CaseStatus.RECEIVED,
            note=_("Received through %(channel)s") % {"channel": Channel(channel).label}
            + (_("; split from %(number)s") % {"number": cases[0].number} if cases else ""),
        )
        audit.record(actor=actor, action="create", obj=case, message=f"received via {channel}")
        for upload in files or []:
            from qualitycity.complaints.models import CaseAttachment

            CaseAttachment.objects.create(case=case, file=upload, name=getattr(upload, "name", "file")[:200])
        cases.append(case)
    return IntakeResult(cases=cases)


def _category(kind: str, suggestion: dict[str, Any]) -> Category | None:
    code = (suggestion.get(kind) or {}).get("code")
    return Category.objects.filter(kind=kind, code=code).first() if code else None

"""Spot-check and sampling endpoints (产品质量监督抽查, 食品安全抽检): plans, samples and their
sampling records, the lab's receipt and report, notices of a failed result, objections and
re-tests, disposal cases and the batch pass rates.

Every endpoint restricts its queryset with `restrict(user, action)` and calls the services the
pages call: reading needs "view"; creating a plan or a sample "add"; a workflow step (receipt,
report, service of a notice, decision, disposal step, closure) "change" on the object it moves
on, inside the caller's data scope. Lab users (role "lab", bounded by their institution's
USCC) receive and report the samples sent to their institution, and the re-tests assigned to
it. Enterprise users (bounded by `user.uscc`) read their own samples without the bureau's
fields (samplers, prices, notes), acknowledge the notices addressed to their entity (received
today) and object to them on the day they submit.

A field error is 422 `validation_error` naming the field (a report's rows as
`results[<index>].<field>`); a step the object's state forbids is 409 with a stable code:
`already_received`, `already_served`, `already_decided`, `closed`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, cast
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.db.models import Model, Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from qualitycity.core import audit
from qualitycity.core.choices import Role
from qualitycity.core.models import Department, Division, User
from qualitycity.core.permissions import DIVISION_SCOPED_ROLES, in_scope, restrict_queryset, user_can
from qualitycity.registry.choices import RegistrationStatus
from qualitycity.registry.models import Entity, ProductCategory
from qualitycity.registry.validators import clean_uscc
from qualitycity.spotchecks import rates, services
from qualitycity.spotchecks.choices import (
    Conclusion,
    DisposalStatus,
    Level,
    LinkType,
    ObjectionStatus,
    Programme,
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
    TestResult,
)
from qualitycity.spotchecks.schemas import (
    DisposalCloseIn,
    DisposalDetailOut,
    DisposalFilter,
    DisposalPage,
    DisposalStepIn,
    ErrorOut,
    NoticeReceiptIn,
    ObjectionDecisionIn,
    ObjectionFilter,
    ObjectionIn,
    ObjectionOut,
    ObjectionPage,
    PassRateFilter,
    PassRateOut,
    SampleDetailOut,
    SampleFilter,
    SampleIn,
    SampleNoticeOut,
    SamplePage,
    SampleReceiptIn,
    SpotCheckPlanFilter,
    SpotCheckPlanIn,
    SpotCheckPlanOut,
    SpotCheckPlanPage,
    TestReportIn,
)

router = Router(tags=["spotchecks"])

MAX_PAGE_SIZE = 200
REFUSED = {409: ErrorOut, 422: ErrorOut}


# --- errors and lookups -----------------------------------------------------------------------


def _conflict(code: str, message: str) -> Status:
    """A step the object's state forbids: 409 with its stable code."""
    return Status(409, {"code": code, "message": message, "details": []})


def _allowed(request: HttpRequest, model: type[Model], action: str) -> None:
    if not user_can(request.user, model, action):
        raise PermissionDenied


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)  # authenticated: the router requires a token or a session


def _unknown(code: str) -> str:
    return _("Unknown code “{code}”.").format(code=code)


def _canonical_uscc(raw: str, field: str, errors: dict[str, list[str]]) -> str | None:
    try:
        return clean_uscc(raw.strip())
    except ValidationError as exc:
        errors.setdefault(field, []).extend(exc.messages)
        return None


def _institution(
    request: HttpRequest, uscc: str, field: str, errors: dict[str, list[str]]
) -> TestingInstitution | None:
    code = _canonical_uscc(uscc, field, errors)
    if code is None:
        return None
    found = TestingInstitution.objects.restrict(request.user, "view").filter(uscc=code).first()
    if found is None:
        errors.setdefault(field, []).append(_unknown(uscc))
    return found


def _category(code: str, field: str, errors: dict[str, list[str]]) -> ProductCategory | None:
    """A category of the catalogue (reference data every working user reads)."""
    found = ProductCategory.objects.filter(code=code.strip()).first()
    if found is None:
        errors.setdefault(field, []).append(_unknown(code))
    return found


def _county(
    request: HttpRequest, code: str, field: str, errors: dict[str, list[str]], *, counties_only: bool = True
) -> Division | None:
    qs = restrict_queryset(Division.objects.all(), request.user)
    if counties_only:
        qs = qs.counties()
    found = qs.filter(code=code.strip()).first()
    if found is None:
        errors.setdefault(field, []).append(_unknown(code))
    return found


def _raise(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ValidationError(errors)


def _page(qs: QuerySet, page: int, page_size: int, out: Callable[[Any], dict[str, Any]]) -> dict[str, Any]:
    page_size = min(max(page_size, 1), MAX_PAGE_SIZE)
    paginator = Paginator(qs, page_size)
    current = paginator.get_page(page)
    return {
        "count": paginator.count,
        "page": current.number,
        "page_size": page_size,
        "results": [out(obj) for obj in current.object_list],
    }


# --- querysets --------------------------------------------------------------------------------


def _plans(request: HttpRequest, action: str = "view") -> QuerySet[SpotCheckPlan]:
    _allowed(request, SpotCheckPlan, action)
    return (
        SpotCheckPlan.objects.restrict(request.user, action)
        .select_related("organiser")
        .prefetch_related("categories", "counties", "institutions")
    )


SAMPLE_RELATED = ("plan", "category", "county", "sampled_unit", "producer", "institution")


def _samples(request: HttpRequest, action: str = "view") -> QuerySet[Sample]:
    _allowed(request, Sample, action)
    return Sample.objects.restrict(request.user, action).select_related(*SAMPLE_RELATED)


def _notices(request: HttpRequest, action: str = "view") -> QuerySet[SampleNotice]:
    _allowed(request, SampleNotice, action)
    return SampleNotice.objects.restrict(request.user, action).select_related("sample", "entity")


OBJECTION_RELATED = ("sample", "notice__entity", "retest_institution", "retest_report")


def _objections(request: HttpRequest, action: str = "view") -> QuerySet[Objection]:
    _allowed(request, Objection, action)
    return (
        Objection.objects.restrict(request.user, action)
        .select_related(*OBJECTION_RELATED)
        .prefetch_related("contested_items")
    )


def _disposals(request: HttpRequest, action: str = "view") -> QuerySet[Disposal]:
    _allowed(request, Disposal, action)
    return Disposal.objects.restrict(request.user, action).select_related(
        "sample", "entity", "county", "department"
    )


# --- output -----------------------------------------------------------------------------------


def plan_out(plan: SpotCheckPlan) -> dict[str, Any]:
    return {
        "id": plan.pk,
        "number": plan.number,
        "name": plan.name,
        "programme": plan.programme,
        "purpose": plan.purpose,
        "level": plan.level,
        "year": plan.year,
        "organiser": plan.organiser.code,
        "organiser_name": plan.organiser.name,
        "categories": sorted(c.code for c in plan.categories.all()),
        "counties": sorted(c.code for c in plan.counties.all()),
        "batches_planned": plan.batches_planned,
        "institutions": sorted(i.uscc for i in plan.institutions.all()),
        "start_date": plan.start_date,
        "end_date": plan.end_date,
        "is_targeted": plan.is_targeted,
        "note": plan.note,
    }


def _party(entity: Entity | None) -> dict[str, Any] | None:
    if entity is None:
        return None
    return {
        "uscc": entity.uscc,
        "name": entity.name,
        "is_registered": entity.registration_status != RegistrationStatus.UNREGISTERED,
    }


#: What an enterprise user is not shown of the sampling record (as on its pages): the samplers,
#: the prices, the bureau's notes.
BUREAU_ONLY: dict[str, Any] = {
    "samplers": [],
    "unit_price": None,
    "amount_paid": None,
    "refusal_note": "",
    "note": "",
}


def _is_enterprise(request: HttpRequest) -> bool:
    return getattr(request.user, "role", "") == Role.ENTERPRISE


def sample_out(sample: Sample, *, enterprise: bool = False) -> dict[str, Any]:
    """A sample; for an enterprise user without the bureau's fields (`BUREAU_ONLY`)."""
    data = {
        "id": sample.pk,
        "number": sample.number,
        "plan": sample.plan.number,
        "plan_id": sample.plan_id,
        "programme": sample.programme,
        "purpose": sample.purpose,
        "level": sample.level,
        "category": sample.category.code,
        "category_name": sample.category.name,
        "category_group": sample.category_group,
        "county": sample.county.code,
        "county_name": sample.county.name,
        "link_type": sample.link_type,
        "place": sample.place,
        "online_platform": sample.online_platform,
        "sampled_unit": _party(sample.sampled_unit),
        "producer": _party(sample.producer),
        "labelled_producer": sample.labelled_producer,
        "labelled_producer_address": sample.labelled_producer_address,
        "product_name": sample.product_name,
        "brand": sample.brand,
        "specification": sample.specification,
        "batch_number": sample.batch_number,
        "production_date": sample.production_date,
        "shelf_life": sample.shelf_life,
        "gtin": sample.gtin,
        "trace_code": sample.trace_code,
        "quantity": sample.quantity,
        "backup_quantity": sample.backup_quantity,
        "quantity_unit": sample.quantity_unit,
        "unit_price": sample.unit_price,
        "amount_paid": sample.amount_paid,
        "storage_condition": sample.storage_condition,
        "seal_number": sample.seal_number,
        "samplers": sample.sampler_names(),
        "unit_signed": sample.unit_signed,
        "refusal_note": sample.refusal_note,
        "sampled_at": timezone.localtime(sample.sampled_at),
        "sampled_on": sample.sampled_on,
        "institution": sample.institution.uscc,
        "institution_name": sample.institution.name,
        "delivery_due": sample.delivery_due,
        "delivered_on": sample.delivered_on,
        "report_due": sample.report_due,
        "reported_on": sample.reported_on,
        "status": sample.status,
        "conclusion": sample.conclusion,
        "failed_items": sample.failed_items,
        "published_at": sample.published_at,
        "note": sample.note,
    }
    return {**data, **BUREAU_ONLY} if enterprise else data


def _report_out(report: TestReport) -> dict[str, Any]:
    return {
        "id": report.pk,
        "number": report.number,
        "institution": report.institution.uscc,
        "institution_name": report.institution.name,
        "issued_on": report.issued_on,
        "is_retest": report.is_retest,
        "conclusion": report.conclusion,
        "failed_items": report.failed_items,
        "note": report.note,
        "results": [
            {
                "item_id": r.test_item_id,
                "item": r.test_item.name,
                "value": r.value_text,
                "unit": r.unit,
                "verdict": r.verdict,
                "limit": r.test_item.limit_text(),
            }
            for r in report.results.all()
        ],
    }


def notice_out(notice: SampleNotice) -> dict[str, Any]:
    return {
        "id": notice.pk,
        "sample": notice.sample.number,
        "sample_id": notice.sample_id,
        "party": notice.party,
        "uscc": notice.entity.uscc,
        "entity_name": notice.entity.name,
        "sent_on": notice.sent_on,
        "received_on": notice.received_on,
        "method": notice.method,
        "objection_due": notice.objection_due,
    }


def objection_out(objection: Objection) -> dict[str, Any]:
    entity = objection.notice.entity
    return {
        "id": objection.pk,
        "sample": objection.sample.number,
        "sample_id": objection.sample_id,
        "notice": objection.notice_id,
        "party": objection.notice.party,
        "uscc": entity.uscc,
        "entity_name": entity.name,
        "submitted_on": objection.submitted_on,
        "reason": objection.reason,
        "contested_items": sorted(i.pk for i in objection.contested_items.all()),
        "status": objection.status,
        "decision_due": objection.decision_due,
        "decided_on": objection.decided_on,
        "decision_note": objection.decision_note,
        "retest_institution": objection.retest_institution.uscc if objection.retest_institution else None,
        "retest_draw": objection.retest_draw or {},
        "retest_report": objection.retest_report.number if objection.retest_report else None,
        "outcome": objection.outcome,
    }


def sample_detail(request: HttpRequest, sample: Sample) -> dict[str, Any]:
    """The sample with what the caller may see of its reports, notices, objections and case."""
    user = request.user
    results = TestResult.objects.select_related("test_item").order_by("pk")
    reports = (
        restrict_queryset(TestReport.objects.filter(sample=sample), user)
        .select_related("institution")
        .prefetch_related(Prefetch("results", queryset=results))
        .order_by("issued_on", "pk")
    )
    notices = restrict_queryset(SampleNotice.objects.filter(sample=sample), user).select_related(
        "sample", "entity"
    )
    objections = (
        restrict_queryset(Objection.objects.filter(sample=sample), user)
        .select_related(*OBJECTION_RELATED)
        .prefetch_related("contested_items")
        .order_by("submitted_on", "pk")
    )
    disposal = restrict_queryset(Disposal.objects.filter(sample=sample), user).first()
    return {
        **sample_out(sample, enterprise=_is_enterprise(request)),
        "reports": [_report_out(r) for r in reports],
        "notices": [notice_out(n) for n in notices.order_by("party")],
        "objections": [objection_out(o) for o in objections],
        "disposal": disposal.number if disposal else None,
        "disposal_id": disposal.pk if disposal else None,
    }


def disposal_out(disposal: Disposal) -> dict[str, Any]:
    return {
        "id": disposal.pk,
        "number": disposal.number,
        "sample": disposal.sample.number,
        "sample_id": disposal.sample_id,
        "uscc": disposal.entity.uscc,
        "entity_name": disposal.entity.name,
        "county": disposal.county.code,
        "department": disposal.department.code if disposal.department else None,
        "opened_on": disposal.opened_on,
        "due_on": disposal.due_on,
        "status": disposal.status,
        "lot": disposal.lot or {},
        "measures_taken": disposal.measures_taken,
        "closed_on": disposal.closed_on,
    }


def disposal_detail(disposal: Disposal) -> dict[str, Any]:
    ok, why = services.can_close(disposal)
    return {
        **disposal_out(disposal),
        "steps": [
            {
                "id": s.pk,
                "kind": s.kind,
                "label": s.get_kind_display(),
                "done_on": s.done_on,
                "deadline": s.deadline,
                "passed": s.passed,
                "document_number": s.document_number,
                "note": s.note,
            }
            for s in disposal.steps.order_by("done_on", "pk")
        ],
        "allowed_steps": [str(k) for k in services.allowed_steps(disposal)],
        "can_close": ok,
        "close_blocked_by": "" if ok else why,
    }


# --- plans ------------------------------------------------------------------------------------


@router.get("/spotchecks/plans", response=SpotCheckPlanPage)
def list_plans(
    request: HttpRequest, filters: Query[SpotCheckPlanFilter], page: int = 1, page_size: int = 50
) -> dict[str, Any]:
    """Plans in the caller's scope (by the organising department), newest year first."""
    qs = _plans(request)
    for name, value in filters.dict().items():
        if value not in (None, ""):
            qs = qs.filter(**{name: value})
    return _page(qs.order_by("-year", "number"), page, page_size, plan_out)


@router.get("/spotchecks/plans/{plan_id}", response=SpotCheckPlanOut)
def get_plan(request: HttpRequest, plan_id: int) -> dict[str, Any]:
    return plan_out(get_object_or_404(_plans(request), pk=plan_id))


def _check_plan_labs(
    categories: list[ProductCategory], institutions: list[TestingInstitution], errors: dict[str, list[str]]
) -> None:
    """Every lab is qualified (CMA scope) for a category of the plan; every category has a lab."""
    for lab in institutions:
        if not any(lab.is_qualified_for_category(c) for c in categories):
            errors.setdefault("institutions", []).append(
                _("{lab} is not qualified for any category of the plan.").format(lab=lab)
            )
    for category in categories:
        if institutions and not any(lab.is_qualified_for_category(category) for lab in institutions):
            errors.setdefault("institutions", []).append(
                _("No assigned lab is qualified for {category}.").format(category=category)
            )


@router.post("/spotchecks/plans", response={201: SpotCheckPlanOut, **REFUSED})
def create_plan(request: HttpRequest, payload: SpotCheckPlanIn) -> Status:
    """Create a plan. Unknown codes, labs not qualified for the plan's categories (or categories
    without a qualified lab) and the model's own rules are 422 naming the field."""
    _allowed(request, SpotCheckPlan, "add")
    user = _user(request)
    errors: dict[str, list[str]] = {}
    organiser = (
        restrict_queryset(Department.objects.all(), user).filter(code=payload.organiser.strip()).first()
    )
    if organiser is None:
        errors["organiser"] = [_unknown(payload.organiser)]
    lists: dict[str, list[Any]] = {}
    for field, codes, lookup in (
        ("categories", payload.categories, lambda c: _category(c, "categories", errors)),
        ("counties", payload.counties, lambda c: _county(request, c, "counties", errors)),
        ("institutions", payload.institutions, lambda c: _institution(request, c, "institutions", errors)),
    ):
        if not codes:
            errors.setdefault(field, []).append(_("This field is required."))
        found = [lookup(code) for code in dict.fromkeys(codes)]
        lists[field] = [obj for obj in found if obj is not None]
    if "categories" not in errors and "institutions" not in errors:
        _check_plan_labs(lists["categories"], lists["institutions"], errors)
    plan = SpotCheckPlan(
        number=payload.number.strip(),
        name=payload.name.strip(),
        programme=payload.programme,
        purpose=payload.purpose,
        level=payload.level,
        year=payload.year,
        organiser=organiser,
        batches_planned=payload.batches_planned,
        start_date=payload.start_date,
        end_date=payload.end_date,
        is_targeted=payload.is_targeted,
        note=payload.note,
        created_by=user,
        updated_by=user,
    )
    try:
        plan.full_clean(exclude=["organiser"] if organiser is None else None)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    _raise(errors)
    try:
        with transaction.atomic():
            plan.save()
            plan.categories.set(lists["categories"])
            plan.counties.set(lists["counties"])
            plan.institutions.set(lists["institutions"])
            if not in_scope(plan, user, "add"):
                raise ValidationError(
                    {"organiser": [_("The organising department lies outside your data scope.")]}
                )
            audit.record_change(actor=user, obj=plan, before=None, message="created")
    except IntegrityError:
        plan.pk = None
        plan.validate_unique()  # a plan of that number saved meanwhile: 422 on `number`
        raise
    return Status(201, plan_out(_plans(request).get(pk=plan.pk)))


# --- samples ----------------------------------------------------------------------------------


def _filter_samples(request: HttpRequest, qs: QuerySet[Sample], f: SampleFilter) -> QuerySet[Sample]:
    errors: dict[str, list[str]] = {}
    for name in ("programme", "purpose", "level", "category_group", "conclusion", "status", "link_type"):
        value = getattr(f, name)
        if value:
            qs = qs.filter(**{name: value})
    if f.concluded is not None:
        pending = Q(conclusion=Conclusion.PENDING)
        qs = qs.exclude(pending) if f.concluded else qs.filter(pending)
    if f.plan.strip():
        qs = qs.filter(plan__number=f.plan.strip())
    if f.county.strip():
        county = _county(request, f.county, "county", errors, counties_only=False)
        if county is not None:
            qs = qs.filter(county__code__startswith=county.prefix)
    if f.category.strip():
        category = _category(f.category, "category", errors)
        if category is not None:
            qs = qs.filter(category_id__in=rates.descendant_ids(category.pk))
    if f.producer.strip():
        uscc = _canonical_uscc(f.producer, "producer", errors)
        qs = qs.filter(producer__uscc=uscc)
    if f.sampled_from:
        qs = qs.filter(sampled_on__gte=f.sampled_from)
    if f.sampled_to:
        qs = qs.filter(sampled_on__lte=f.sampled_to)
    _raise(errors)
    return qs


@router.get(
    "/spotchecks/samples", response={200: SamplePage, 422: ErrorOut}, url_name="spotchecks_sample_list"
)
def list_samples(
    request: HttpRequest, filters: Query[SampleFilter], page: int = 1, page_size: int = 50
) -> dict[str, Any]:
    """Samples in the caller's scope (a county officer: sampled in the county; a lab: sent to
    it), newest first. `county` and `category` take codes; `producer` a USCC."""
    qs = _filter_samples(request, _samples(request), filters)
    enterprise = _is_enterprise(request)
    return _page(
        qs.order_by("-sampled_on", "-number"), page, page_size, lambda s: sample_out(s, enterprise=enterprise)
    )


@router.get("/spotchecks/samples/{sample_id}", response=SampleDetailOut)
def get_sample(request: HttpRequest, sample_id: int) -> dict[str, Any]:
    """A sample with its reports and item results, notices, objections and disposal case."""
    return sample_detail(request, get_object_or_404(_samples(request), pk=sample_id))


def _sampling_plans(user: User) -> QuerySet[SpotCheckPlan]:
    """The plans a user may sample under: those in view, and for a county-bounded user also the
    plans (a city's, a province's) that sample in the user's county."""
    visible = SpotCheckPlan.objects.restrict(user, "view")
    division = user.scope_division if user.role in DIVISION_SCOPED_ROLES else None
    if division is None:
        return visible
    covering = SpotCheckPlan.objects.filter(
        Q(counties__code__startswith=division.prefix) | Q(counties__isnull=True)
    )
    return SpotCheckPlan.objects.filter(Q(pk__in=visible.values("pk")) | Q(pk__in=covering.values("pk")))


def _aware(value: dt.datetime) -> dt.datetime:
    return value if timezone.is_aware(value) else timezone.make_aware(value)


@router.post("/spotchecks/samples", response={201: SampleDetailOut, **REFUSED})
def create_sample(request: HttpRequest, payload: SampleIn) -> Status:
    """Record a sample from its sampling record (`services.record_sample`). Every field error is
    422 at once: a taken number, fewer than two samplers, a county or category outside the plan,
    a lab of another plan or not qualified, an unregistered party without its name …"""
    _allowed(request, Sample, "add")
    user = _user(request)
    errors: dict[str, list[str]] = {}
    plan = _sampling_plans(user).filter(number=payload.plan.strip()).first()
    if plan is None:
        errors["plan"] = [_unknown(payload.plan)]
    category = _category(payload.category, "category", errors)
    county = _county(request, payload.county, "county", errors)
    institution = _institution(request, payload.institution, "institution", errors)
    if plan is None or category is None or county is None or institution is None:
        raise ValidationError(errors)
    producer = payload.producer
    record = services.SampleRecord(
        number=payload.number,
        plan=plan,
        category=category,
        county=county,
        link_type=payload.link_type,
        place=payload.place,
        online_platform=payload.online_platform,
        sampled_unit=services.Party(**payload.sampled_unit.dict()),
        producer=services.Party(**producer.dict()) if producer is not None else None,
        product_name=payload.product_name,
        brand=payload.brand,
        specification=payload.specification,
        batch_number=payload.batch_number,
        production_date=payload.production_date,
        shelf_life=payload.shelf_life,
        gtin=payload.gtin.strip(),
        trace_code=payload.trace_code,
        quantity=payload.quantity,
        backup_quantity=payload.backup_quantity,
        quantity_unit=payload.quantity_unit,
        unit_price=payload.unit_price,
        amount_paid=payload.amount_paid,
        storage_condition=payload.storage_condition,
        seal_number=payload.seal_number,
        samplers=payload.samplers,
        unit_signed=payload.unit_signed,
        refusal_note=payload.refusal_note,
        sampled_at=_aware(payload.sampled_at),
        institution=institution,
        note=payload.note,
    )
    with transaction.atomic():
        sample = services.record_sample(record, actor=user)
        if not in_scope(sample, user, "add"):
            raise ValidationError(
                {"county": [_("{county} lies outside your data scope.").format(county=county)]}
            )
    return Status(201, sample_detail(request, _samples(request).get(pk=sample.pk)))


@router.post("/spotchecks/samples/{sample_id}/receipt", response={200: SampleDetailOut, **REFUSED})
def receive_sample(request: HttpRequest, sample_id: int, payload: SampleReceiptIn) -> Any:
    """The lab received the sample: its report clock starts. 409 `already_received`."""
    sample = get_object_or_404(_samples(request, "change"), pk=sample_id)
    if sample.status != SampleStatus.SAMPLED:
        return _conflict("already_received", _("The lab has already received this sample."))
    services.receive_sample(sample, actor=request.user, received_on=payload.received_on)
    return sample_detail(request, _samples(request).get(pk=sample.pk))


def _report_target(
    request: HttpRequest, sample_id: int, objection_id: int | None
) -> tuple[Sample, Objection | None]:
    """The sample a report is for, and the objection whose re-test it is. A lab user reaches
    the samples sent to its institution, and a re-test through the objection assigned to it."""
    user = _user(request)
    sample = _samples(request, "change").filter(pk=sample_id).first()
    if objection_id is None:
        if sample is None:
            raise Http404
        return sample, None
    objection = (
        restrict_queryset(Objection.objects.all(), user)
        .select_related("retest_institution")
        .filter(pk=objection_id, sample_id=sample_id)
        .first()
    )
    if sample is None and objection is not None and user.role == Role.LAB:
        sample = Sample.objects.select_related(*SAMPLE_RELATED).get(pk=sample_id)
    if sample is None:
        raise Http404
    if objection is None:
        raise ValidationError({"objection": [_unknown(str(objection_id))]})
    return sample, objection


def _result_rows(request: HttpRequest, sample: Sample, payload: TestReportIn) -> list[services.ResultRow]:
    """The report's rows with their test items: by id, or by name among the items of the
    sample's category (the nearest category first). An unknown item stays None: the service
    names its row."""
    applicable = services.applicable_items(sample)
    by_name: dict[str, TestItem] = {}
    for category in sample.category.ancestors():
        for candidate in applicable:
            if candidate.category_id == category.pk:
                by_name.setdefault(candidate.name, candidate)
    ids = {r.item for r in payload.results if isinstance(r.item, int)}
    ids |= {int(r.item) for r in payload.results if isinstance(r.item, str) and r.item.strip().isdigit()}
    by_id = TestItem.objects.restrict(request.user, "view").in_bulk(ids)
    rows = []
    item: TestItem | None
    for row in payload.results:
        if isinstance(row.item, int):
            item, name = by_id.get(row.item), str(row.item)
        else:
            name = row.item.strip()
            item = by_name.get(name) or (by_id.get(int(name)) if name.isdigit() else None)
        rows.append(
            services.ResultRow(
                item=item,
                value_text=row.value,
                unit=row.unit.strip(),
                lab_verdict=row.verdict,
                item_name=name,
            )
        )
    return rows


@router.post("/spotchecks/samples/{sample_id}/results", response={201: SampleDetailOut, **REFUSED})
def enter_results(request: HttpRequest, sample_id: int, payload: TestReportIn) -> Status:
    """The lab's report (`services.enter_report`): every item judged against its limit, the
    conclusion derived, a failure served and a disposal case opened. With `objection`, the
    re-test's report, which replaces the conclusion. Nothing is written unless every row is
    good: 422 with `results[<index>].item` (unknown, not of the category, outside the lab's CMA
    scope, no limit), `.unit`, `.value`, `.verdict`, and `sample` (not delivered, already
    reported), `institution`, `number`, `issued_on`, `objection`."""
    _allowed(request, TestReport, "add")
    user = _user(request)
    sample, objection = _report_target(request, sample_id, payload.objection)
    errors: dict[str, list[str]] = {}
    institution: TestingInstitution | None
    if payload.institution:
        institution = _institution(request, payload.institution, "institution", errors)
    elif user.role == Role.LAB:
        institution = TestingInstitution.objects.filter(uscc=user.uscc).first()
    else:
        institution = objection.retest_institution if objection is not None else sample.institution
    if institution is None:
        errors.setdefault("institution", []).append(_("This field is required."))
        raise ValidationError(errors)
    if user.role == Role.LAB and institution.uscc != user.uscc:
        raise PermissionDenied
    rows = _result_rows(request, sample, payload)
    try:
        services.enter_report(
            sample,
            actor=user,
            institution=institution,
            number=payload.number,
            issued_on=payload.issued_on,
            rows=rows,
            objection=objection,
            note=payload.note,
        )
    except services.ReportError as exc:
        details = [
            {"field": field, "message": str(message)}
            for field, messages in exc.report_errors.items()
            for message in messages
        ]
        details += [
            {"field": f"results[{index}].{name}", "message": str(message)}
            for index, fields in sorted(exc.rows.items())
            for name, message in fields.items()
        ]
        return Status(
            422, {"code": "validation_error", "message": _("The data is not valid."), "details": details}
        )
    sample = Sample.objects.select_related(*SAMPLE_RELATED).get(pk=sample.pk)
    return Status(201, sample_detail(request, sample))


# --- notices and objections -------------------------------------------------------------------


@router.post("/spotchecks/notices/{notice_id}/receipt", response={200: SampleNoticeOut, **REFUSED})
def serve_notice(request: HttpRequest, notice_id: int, payload: NoticeReceiptIn) -> Any:
    """The party received the failed result (送达): its objection window starts. 409
    `already_served`. An enterprise user acknowledges a notice addressed to its entity on the
    platform (`services.acknowledge_notice`): received today, whatever the request says; only
    the bureau records a service by other means or on another day."""
    notice = get_object_or_404(_notices(request, "change"), pk=notice_id)
    if notice.received_on is not None:
        return _conflict("already_served", _("The receipt of this notice is already recorded."))
    if _is_enterprise(request):
        services.acknowledge_notice(notice, actor=request.user)
    else:
        services.serve_notice(
            notice, actor=request.user, received_on=payload.received_on, method=payload.method
        )
    return notice_out(SampleNotice.objects.select_related("sample", "entity").get(pk=notice.pk))


def _contested_items(sample: Sample, refs: list[int | str]) -> list[TestItem]:
    """Test items of the sample's first report, by id or name."""
    items = {
        r.test_item.pk: r.test_item
        for r in TestResult.objects.filter(report__sample=sample, report__is_retest=False).select_related(
            "test_item"
        )
    }
    names = {i.name: i for i in items.values()}
    found, unknown = [], []
    for ref in refs:
        text = str(ref).strip()
        item = names.get(text) or (items.get(int(text)) if text.isdigit() else None)
        if item is None:
            unknown.append(text)
        else:
            found.append(item)
    if unknown:
        raise ValidationError({"contested_items": [_unknown(text) for text in unknown]})
    return found


@router.post("/spotchecks/notices/{notice_id}/objections", response={201: ObjectionOut, **REFUSED})
def submit_objection(request: HttpRequest, notice_id: int, payload: ObjectionIn) -> Status:
    """A party objects to a failed result and asks for a re-test, within its window (15 days
    for products, 7 working days for food, from receipt): after it, 422 on `submitted_on`
    naming the window. Needs "add" on objections and the notice in view: an enterprise user
    objects to the notices addressed to its own entity, on the day it submits (`submitted_on`
    is for staff recording an objection received on paper)."""
    _allowed(request, Objection, "add")
    user = _user(request)
    notice = get_object_or_404(_notices(request), pk=notice_id)
    submitted_on = None if _is_enterprise(request) else payload.submitted_on
    items = _contested_items(notice.sample, payload.contested_items)
    objection = services.submit_objection(
        notice, actor=user, reason=payload.reason, submitted_on=submitted_on, contested_items=items
    )
    found = Objection.objects.select_related(*OBJECTION_RELATED).prefetch_related("contested_items")
    return Status(201, objection_out(found.get(pk=objection.pk)))


@router.get("/spotchecks/objections", response=ObjectionPage)
def list_objections(
    request: HttpRequest, filters: Query[ObjectionFilter], page: int = 1, page_size: int = 50
) -> dict[str, Any]:
    """Objections in the caller's scope (a lab: the re-tests assigned to it), newest first."""
    qs = _objections(request)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.outcome:
        qs = qs.filter(outcome=filters.outcome)
    if filters.sample.strip():
        qs = qs.filter(sample__number=filters.sample.strip())
    return _page(qs.order_by("-submitted_on", "-pk"), page, page_size, objection_out)


@router.post("/spotchecks/objections/{objection_id}/decision", response={200: ObjectionOut, **REFUSED})
def decide_objection(request: HttpRequest, objection_id: int, payload: ObjectionDecisionIn) -> Any:
    """Accept (a re-test lab: drawn at random among the other qualified labs for food, the
    named `institution` for products) or refuse with the reason. 409 `already_decided`."""
    objection = get_object_or_404(_objections(request, "change"), pk=objection_id)
    if objection.status != ObjectionStatus.SUBMITTED:
        return _conflict("already_decided", _("This objection has already been decided."))
    errors: dict[str, list[str]] = {}
    institution = None
    if payload.institution:
        institution = _institution(request, payload.institution, "institution", errors)
    _raise(errors)
    services.decide_objection(
        objection, actor=request.user, accept=payload.accept, note=payload.note, institution=institution
    )
    return objection_out(_objections(request).get(pk=objection.pk))


# --- disposal ---------------------------------------------------------------------------------


@router.get("/spotchecks/disposals", response={200: DisposalPage, 422: ErrorOut})
def list_disposals(
    request: HttpRequest, filters: Query[DisposalFilter], page: int = 1, page_size: int = 50
) -> dict[str, Any]:
    """Disposal cases (核查处置) in the caller's scope, newest first."""
    qs = _disposals(request)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.county.strip():
        errors: dict[str, list[str]] = {}
        county = _county(request, filters.county, "county", errors, counties_only=False)
        _raise(errors)
        assert county is not None
        qs = qs.filter(county__code__startswith=county.prefix)
    return _page(qs.order_by("-opened_on", "-number"), page, page_size, disposal_out)


@router.get("/spotchecks/disposals/{disposal_id}", response=DisposalDetailOut)
def get_disposal(request: HttpRequest, disposal_id: int) -> dict[str, Any]:
    """A case with its steps, the steps that may come next and whether it may close."""
    return disposal_detail(get_object_or_404(_disposals(request), pk=disposal_id))


@router.post("/spotchecks/disposals/{disposal_id}/steps", response={201: DisposalDetailOut, **REFUSED})
def add_disposal_step(request: HttpRequest, disposal_id: int, payload: DisposalStepIn) -> Any:
    """Record the next step; out of order (产品质量法 Art 17 for products) is 422 on `kind`
    with the steps allowed. 409 `closed` for a closed case."""
    disposal = get_object_or_404(_disposals(request, "change"), pk=disposal_id)
    if disposal.status != DisposalStatus.OPEN:
        return _conflict("closed", _("The case is closed."))
    services.add_step(
        disposal,
        actor=request.user,
        kind=payload.kind,
        done_on=payload.done_on,
        deadline=payload.deadline,
        passed=payload.passed,
        document_number=payload.document_number,
        note=payload.note,
    )
    return Status(201, disposal_detail(_disposals(request).get(pk=disposal.pk)))


@router.post("/spotchecks/disposals/{disposal_id}/close", response={200: DisposalDetailOut, **REFUSED})
def close_disposal(request: HttpRequest, disposal_id: int, payload: DisposalCloseIn) -> Any:
    """Close the case with the measures taken, once its steps allow (422 on `status` saying
    what is missing). 409 `closed` for a closed case."""
    disposal = get_object_or_404(_disposals(request, "change"), pk=disposal_id)
    if disposal.status != DisposalStatus.OPEN:
        return _conflict("closed", _("The case is closed."))
    services.close_disposal(
        disposal, actor=request.user, measures_taken=payload.measures_taken, closed_on=payload.closed_on
    )
    return disposal_detail(_disposals(request).get(pk=disposal.pk))


# --- pass rates -------------------------------------------------------------------------------


def _drill(request: HttpRequest, params: dict[str, str]) -> str:
    """The batches a figure counts, on the API's sample list."""
    query = urlencode({**params, "concluded": "true"})
    return request.build_absolute_uri(f"{reverse('api:spotchecks_sample_list')}?{query}")


def _rate_figures(rate: services.Rate) -> dict[str, Any]:
    percent = rate.percent
    return {
        "total": rate.total,
        "qualified": rate.qualified,
        "unqualified": rate.unqualified,
        "rate": float(percent) if percent is not None else None,
    }


def _month_end(month: dt.date) -> dt.date:
    following = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


def _breakdown_rows(
    request: HttpRequest, counter: Any, f: services.RateFilter, by: str, params: dict[str, str]
) -> list[dict[str, Any]]:
    groups = counter.breakdown(f, by)
    keys = [key for key, _rate in groups]
    labels: dict[Any, tuple[str, str]] = {}  # key → (code for the drill-down, label)
    if by == "county":
        labels = {pk: (d.code, d.name) for pk, d in Division.objects.in_bulk(keys).items()}
    elif by == "category":
        labels = {pk: (c.code, c.name) for pk, c in ProductCategory.objects.in_bulk(keys).items()}
    else:
        choices = {"level": Level, "programme": Programme, "link_type": LinkType}.get(by)
        for key in keys:
            if by == "month":
                labels[key] = (key.strftime("%Y-%m"), key.strftime("%Y-%m"))
            elif choices is not None and key in choices.values:
                labels[key] = (str(key), str(choices(key).label))
            else:
                labels[key] = (str(key), str(key))
    rows = []
    for key, rate in groups:
        code, label = labels.get(key, (str(key), str(key)))
        drill = dict(params)
        if by == "month":
            first, last = key, _month_end(key)
            drill["sampled_from"] = max(first, f.start).isoformat() if f.start else first.isoformat()
            drill["sampled_to"] = min(last, f.end).isoformat() if f.end else last.isoformat()
        else:
            drill[by] = code
        rows.append({"key": code, "label": label, **_rate_figures(rate), "drill_url": _drill(request, drill)})
    return rows


@router.get("/spotchecks/pass-rates", response={200: PassRateOut, 403: ErrorOut, 422: ErrorOut})
def pass_rates(request: HttpRequest, query: Query[PassRateFilter]) -> dict[str, Any]:
    """Batch pass rate (批次合格率 = qualified ÷ batches with a final conclusion) over the caller's
    data scope, by sampling date; `indicator` names a plan indicator (manufacturing, food,
    farm) and returns its definition; `by` breaks the figure down. Every figure links to its
    batches on the sample list."""
    _allowed(request, Sample, "view")
    user = _user(request)
    errors: dict[str, list[str]] = {}
    indicator = query.indicator.strip()
    if indicator and indicator not in services.INDICATORS:
        errors["indicator"] = [_unknown(indicator)]
    by = query.by.strip()
    if by and by not in rates.BREAKDOWNS:
        errors["by"] = [_unknown(by)]
    if query.start and query.end and query.start > query.end:
        errors["from"] = [_("The start lies after the end of the period.")]
    county = _county(request, query.county, "county", errors) if query.county.strip() else None
    category = _category(query.category, "category", errors) if query.category.strip() else None
    _raise(errors)
    f = services.RateFilter(
        programme=query.programme or "",
        purpose=query.purpose or "",
        level=query.level or "",
        county=county.pk if county else None,
        category=category.pk if category else None,
        start=query.start,
        end=query.end,
        indicator=indicator,
    )
    # The sample list's parameters for the same batches (codes where the page takes ids).
    params = {k: v for k, v in f.params().items() if k not in ("county_id", "category_id")}
    if county is not None:
        params["county"] = county.code
    if category is not None:
        params["category"] = category.code
    qs = restrict_queryset(Sample.objects.all(), user)
    counter = services.pass_rate_counter(user, qs)
    definition = services.INDICATORS[indicator] if indicator else None
    figures = _rate_figures(counter.rate(f))
    rows = _breakdown_rows(request, counter, f, by, params) if by else None
    return {
        "programme": query.programme,
        "purpose": query.purpose,
        "level": query.level,
        "start": query.start,
        "end": query.end,
        "county": county.code if county else None,
        "category": category.code if category else None,
        "indicator": indicator or None,
        "label": str(definition.label) if definition else None,
        "definition": str(definition.definition) if definition else None,
        **figures,
        "drill_url": _drill(request, params),
        "by": by or None,
        "rows": rows,
        "counted_live": counter.live or counter.as_of is None,
        "as_of": counter.as_of,
    }

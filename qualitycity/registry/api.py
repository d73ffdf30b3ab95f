"""Entity endpoints: the same restrict() and the same form/service as the web UI."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Status

from qualitycity.core.masking import mask_name
from qualitycity.core.models import Division, Industry
from qualitycity.core.permissions import user_can
from qualitycity.core.uscc import USCCError, normalize
from qualitycity.registry import services
from qualitycity.registry.filters import EntityFilterSet
from qualitycity.registry.models import Entity
from qualitycity.registry.schemas import EntityFilter, EntityIn, EntityOut, EntityPage

router = Router(tags=["entities"])


def entity_out(e: Entity) -> dict[str, Any]:
    return {
        "uscc": e.uscc,
        "name": e.name,
        "entity_type": e.entity_type,
        "legal_representative": mask_name(e.legal_representative),
        "date_established": e.date_established,
        "registration_status": e.registration_status,
        "address": e.address,
        "county_code": e.county.code,
        "county_name": e.county.name,
        "township_code": e.township.code if e.township else None,
        "industry_code": e.industry.code if e.industry else None,
    }


def _entities(request: HttpRequest, action: str = "view") -> Any:
    if not user_can(request.user, Entity, action):
        raise PermissionDenied
    return (
        Entity.objects.all().restrict(request.user, action).select_related("county", "township", "industry")
    )


@router.get("/entities", response=EntityPage)
def list_entities(
    request: HttpRequest, filters: Query[EntityFilter], page: int = 1, page_size: int = 50
) -> dict:
    """Entities in the caller's scope, filtered like the list page."""
    page = max(page, 1)
    page_size = min(max(page_size, 1), 500)
    params = {k: v for k, v in filters.dict().items() if v not in (None, "")}
    filterset = EntityFilterSet(params or None, queryset=_entities(request))
    if filterset.is_bound and not filterset.is_valid():
        raise ValidationError({k: list(v) for k, v in filterset.errors.items()})
    qs = filterset.qs.order_by("name", "pk")
    start = (page - 1) * page_size
    return {
        "count": qs.count(),
        "page": page,
        "page_size": page_size,
        "results": [entity_out(e) for e in qs[start : start + page_size]],
    }


def _uscc_or_422(raw: str) -> str:
    from qualitycity.core.uscc import validate

    try:
        return validate(normalize(raw))
    except USCCError as exc:
        from qualitycity.registry.validators import USCC_MESSAGES

        raise ValidationError({"uscc": [str(USCC_MESSAGES.get(exc.code, exc))]}) from exc


@router.get("/entities/{uscc}", response=EntityOut)
def get_entity(request: HttpRequest, uscc: str) -> dict:
    code = _uscc_or_422(uscc)
    return entity_out(get_object_or_404(_entities(request), uscc=code))


def _form_data(payload: EntityIn) -> dict[str, Any]:
    data = payload.dict()
    county = Division.objects.filter(code=data.pop("county_code")).first()
    township_code = data.pop("township_code")
    township = Division.objects.filter(code=township_code).first() if township_code else None
    industry_code = data.pop("industry_code")
    industry = Industry.objects.filter(code=industry_code).first() if industry_code else None
    errors: dict[str, list[str]] = {}
    if county is None:
        errors["county_code"] = ["unknown county code"]
    if township_code and township is None:
        errors["township_code"] = ["unknown township code"]
    if industry_code and industry is None:
        errors["industry_code"] = ["unknown industry code"]
    if errors:
        raise ValidationError(errors)
    data.update(
        county=county.pk if county else None,
        township=township.pk if township else None,
        industry=industry.pk if industry else None,
    )
    return data


@router.post("/entities", response={201: EntityOut})
def create_entity(request: HttpRequest, payload: EntityIn) -> Status:
    """Create an entity; an invalid USCC gives 422 with details[0].field == "uscc"."""
    _entities(request, "add")
    _uscc_or_422(payload.uscc)
    entity = services.save_entity(actor=request.user, data=_form_data(payload))
    return Status(201, entity_out(entity))

"""Entity endpoints: the same restrict() and the same form/service as the web UI."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from qualitycity.core.masking import mask_name, mask_phone
from qualitycity.core.models import Division, Industry
from qualitycity.core.permissions import user_can
from qualitycity.registry import services
from qualitycity.registry.filters import EntityFilterSet
from qualitycity.registry.hooks import api_extras
from qualitycity.registry.models import Entity, SpecialisedTown
from qualitycity.registry.schemas import EntityFilter, EntityIn, EntityOut, EntityPage, EntityPatch
from qualitycity.registry.search import former_name_list
from qualitycity.registry.validators import uscc_or_field_error

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
        "operating_address": e.operating_address,
        "registered_capital": e.registered_capital,
        "contact_phone": mask_phone(e.contact_phone),
        "former_names": former_name_list(e.former_names),
        "specialised_town": e.specialised_town.code if e.specialised_town else None,
        "tags": sorted(t.tag for t in e.tags.all()),
    }


def _entities(request: HttpRequest, action: str = "view") -> Any:
    if not user_can(request.user, Entity, action):
        raise PermissionDenied
    return (
        Entity.objects.all()
        .restrict(request.user, action)
        .select_related("county", "township", "industry", "specialised_town")
        .prefetch_related("tags")
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
    return uscc_or_field_error(raw)


@router.get("/entities/{uscc}", response=EntityOut)
def get_entity(request: HttpRequest, uscc: str) -> dict:
    code = _uscc_or_422(uscc)
    entity = get_object_or_404(_entities(request), uscc=code)
    return {**entity_out(entity), **api_extras(entity, request.user)}


#: API field → (form field, model, look-up field) for the codes the API takes.
CODE_FIELDS = {
    "county_code": ("county", Division, "code"),
    "township_code": ("township", Division, "code"),
    "industry_code": ("industry", Industry, "code"),
    "specialised_town": ("specialised_town", SpecialisedTown, "code"),
}


def _form_data(data: dict[str, Any]) -> dict[str, Any]:
    """API fields → form data: codes become primary keys, former names one per line."""
    errors: dict[str, list[str]] = {}
    for api_name, (form_name, model, lookup) in CODE_FIELDS.items():
        if api_name not in data:
            continue
        code = data.pop(api_name)
        found = model._default_manager.filter(**{lookup: code}).first() if code else None
        if code and found is None:
            errors[api_name] = [_("Unknown value “{value}”.").format(value=code)]
        elif not code and api_name == "county_code":
            errors[api_name] = [_("This field is required.")]
        data[form_name] = found.pk if found else None
    if errors:
        raise ValidationError(errors)
    if "former_names" in data:
        data["former_names"] = "\n".join(data["former_names"] or [])
    if "tags" in data and data["tags"] is None:
        data["tags"] = []
    return data


@router.post("/entities", response={201: EntityOut})
def create_entity(request: HttpRequest, payload: EntityIn) -> Status:
    """Create an entity; an invalid USCC gives 422 with details[0].field == "uscc"."""
    _entities(request, "add")
    _uscc_or_422(payload.uscc)
    entity = services.save_entity(actor=request.user, data=_form_data(payload.dict()))
    return Status(201, entity_out(_entities(request).get(pk=entity.pk)))


@router.patch("/entities/{uscc}", response=EntityOut)
def update_entity(request: HttpRequest, uscc: str, payload: EntityPatch) -> dict:
    """Change the fields sent, through the same form and audit path as the edit page; 422 with
    details[0].field naming the field for bad data; 404 outside the caller's scope."""
    code = _uscc_or_422(uscc)
    entity = get_object_or_404(_entities(request, "change"), uscc=code)
    data = _form_data(payload.dict(exclude_unset=True))
    services.save_entity(actor=request.user, data=data, instance=entity)
    return entity_out(_entities(request).get(pk=entity.pk))

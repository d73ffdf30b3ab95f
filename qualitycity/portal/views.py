"""The public portal: no login, read-only, cached, rate-limited per address.

It reads only `published()` querysets and shows personal data only through the shared
masking helper."""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_page
from django.views.decorators.http import require_safe

from qualitycity.core.filters import search_condition
from qualitycity.core.masking import mask_name
from qualitycity.core.middleware import client_ip
from qualitycity.registry.models import Entity


def rate_limited(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """At most QCITY_PORTAL_RATE_LIMIT requests per minute per client address."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        key = f"portal-rate:{client_ip(request)}:{int(time.time() // 60)}"
        cache.add(key, 0, 120)
        try:
            count = cache.incr(key)
        except ValueError:
            count = 1
        if count > settings.QCITY_PORTAL_RATE_LIMIT:
            response = render_public(request, "portal/rate_limited.html", {}, status=429)
            response["Retry-After"] = "60"
            return response
        return view(request, *args, **kwargs)

    return wrapper


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """GET/HEAD only, rate-limited, then cached."""
    cached = cache_page(settings.QCITY_PORTAL_CACHE_SECONDS, key_prefix="portal")(view)
    return require_safe(rate_limited(cached))


def portal_context() -> dict[str, Any]:
    """The city and bureau named on every public page, from the reference data."""
    from qualitycity.core.models import Department, Division

    city = Division.objects.filter(code=settings.QCITY_CITY_CODE).first()
    bureau = Department.objects.filter(
        division__code=settings.QCITY_CITY_CODE, kind="market_supervision"
    ).first()
    return {"city_name": city.name if city else "", "bureau_name": bureau.name if bureau else ""}


def render_public(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    return render(request, template, {**portal_context(), **context}, status=status)


@public_page
def home(request: HttpRequest) -> HttpResponse:
    return render_public(request, "portal/home.html", {"entity_count": Entity.objects.active().count()})


@public_page
def entity_search(request: HttpRequest) -> HttpResponse:
    """Look an entity up by name, USCC or pinyin initials; legal representative masked."""
    q = request.GET.get("q", "").strip()[:100]
    page = None
    if len(q) >= 2:
        qs = Entity.objects.published().filter(search_condition(q, ("name", "uscc"), "search_key"))
        page = Paginator(qs.order_by("name", "pk"), 20).get_page(request.GET.get("page"))
        for entity in page.object_list:
            entity.masked_representative = mask_name(entity.legal_representative)
    context = {"q": q, "page": page, "too_short": bool(q) and len(q) < 2, "title": _("Entity lookup")}
    return render_public(request, "portal/entity_search.html", context)


@public_page
def entity_detail(request: HttpRequest, uscc: str) -> HttpResponse:
    """An entity's public record: registration facts, current public list entries and the
    public events of its archive (penalties, spot-check results …) still inside their
    publicity period. Personal data masked; the risk class never shown."""
    from django.db.models import Q
    from django.http import Http404
    from django.utils import timezone

    from qualitycity.credit.models import CreditEvent, ListEntry

    entity = Entity.objects.published().filter(uscc=uscc.strip().upper()).first()
    if entity is None:
        raise Http404
    today = timezone.localdate()
    events = (
        CreditEvent.objects.public()
        .filter(entity=entity)
        .filter(Q(public_until__isnull=True) | Q(public_until__gte=today))
        .order_by("-occurred_on", "-pk")[:100]
    )
    lists = ListEntry.objects.filter(entity=entity, is_public=True, status="listed").order_by("-listed_on")
    context = {
        "entity": entity,
        "representative": mask_name(entity.legal_representative),
        "events": events,
        "lists": lists,
        "title": entity.name,
    }
    return render_public(request, "portal/entity_detail.html", context)

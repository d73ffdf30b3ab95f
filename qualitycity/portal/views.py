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
            response = render(request, "portal/rate_limited.html", status=429)
            response["Retry-After"] = "60"
            return response
        return view(request, *args, **kwargs)

    return wrapper


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """GET/HEAD only, rate-limited, then cached."""
    cached = cache_page(settings.QCITY_PORTAL_CACHE_SECONDS, key_prefix="portal")(view)
    return require_safe(rate_limited(cached))


@public_page
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/home.html", {"entity_count": Entity.objects.active().count()})


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
    return render(request, "portal/entity_search.html", context)

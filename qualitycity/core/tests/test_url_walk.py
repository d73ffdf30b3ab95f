"""Walk every URL of every app for every role: anonymous → login, wrong role → 403,
wrong county → 404, allowed → 200."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from qualitycity.core.generic.registry import OBJECT_ACTIONS, registered_models
from qualitycity.core.models import AuditRecord, CalendarDay, Department, Division, Industry, Rule, User
from qualitycity.core.permissions import role_allows
from qualitycity.core.testing.users import CAST
from qualitycity.registry.models import Entity
from qualitycity.registry.tests.factories import entity

pytestmark = pytest.mark.django_db

ROLES = sorted(CAST)
#: URLs anyone may open without logging in.
PUBLIC_PREFIXES = ("/public/", "/login/", "/logout/", "/i18n/", "/jsi18n/", "/api/v1/")
ACTION_PERMISSION = {
    "list": "view",
    "detail": "view",
    "history": "view",
    "add": "add",
    "edit": "change",
    "delete": "delete",
    "import": "import",
}


def _objects(cast) -> dict[type, Any]:
    from qualitycity.core import audit

    auditor = cast("auditor")
    return {
        Entity: entity("140525"),
        Division: Division.objects.get(code="140525"),
        Industry: Industry.objects.get(code="3391"),
        Department: Department.objects.get(code="samr-zz"),
        CalendarDay: CalendarDay.objects.create(date=dt.date(2027, 1, 1), is_workday=False, name="元旦"),
        Rule: Rule.objects.order_by("pk").first(),
        User: cast("zezhou"),
        AuditRecord: audit.record(actor=auditor, action="settings", message="walk"),
    }


def _url(config: Any, action: str, obj: Any) -> str:
    meta = config.model._meta
    kwargs = {"pk": obj.pk} if action in OBJECT_ACTIONS else None
    return reverse(f"{meta.app_label}:{meta.model_name}_{action}", kwargs=kwargs)


def _expected(role_name: str, model: type, action: str) -> int:
    role = CAST[role_name][0]
    meta = model._meta
    allowed = role_allows(role, meta.app_label, meta.model_name, ACTION_PERMISSION[action])
    if not allowed:
        return 403
    if role_name == "enterprise" and model is Entity:
        return 404 if action in OBJECT_ACTIONS else 200  # the entity is not theirs
    if role_name == "gaoping" and model is Entity:
        return 404 if action in OBJECT_ACTIONS else 200  # another county's entity
    return 200


def test_every_model_view_for_every_role(cast, client) -> None:
    objects = _objects(cast)
    checked = 0
    failures = []
    for config in registered_models():
        obj = objects[config.model]
        for action in config.views:
            url = _url(config, action, obj)
            anonymous = client.get(url)
            if anonymous.status_code != 302 or "/login/" not in anonymous["Location"]:
                failures.append(f"anonymous {url}: {anonymous.status_code}")
            for role_name in ROLES:
                from django.test import Client

                c = Client()
                c.force_login(cast(role_name))
                status = c.get(url).status_code
                want = _expected(role_name, config.model, action)
                checked += 1
                if status != want:
                    failures.append(f"{role_name} {url}: {status} != {want}")
    assert failures == []
    assert checked > 300


def test_county_officer_sees_only_their_county(login, cast) -> None:
    own = entity("140525", name="泽州本县铸造有限公司")
    other = entity("140581", name="高平外县铸造有限公司")
    client = login("zezhou")
    listing = client.get("/registry/market-entities/").content.decode()
    assert own.name in listing
    assert other.name not in listing
    assert client.get(f"/registry/market-entities/{other.pk}/").status_code == 404
    assert client.get(f"/registry/market-entities/{own.pk}/").status_code == 200
    assert client.post(f"/registry/market-entities/{other.pk}/edit/", {"name": "x"}).status_code == 404


def test_enterprise_user_sees_only_their_entity(cast, client) -> None:
    mine = entity("140525")
    theirs = entity("140525")
    member = cast("enterprise", uscc=mine.uscc)
    client.force_login(member)
    listing = client.get("/registry/market-entities/").content.decode()
    assert mine.name in listing
    assert theirs.name not in listing


def _plain_urls(resolver: URLResolver, prefix: str = "") -> list[str]:
    urls = []
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            urls.extend(_plain_urls(pattern, route))
        elif isinstance(pattern, URLPattern) and "<" not in route and "^" not in route:
            urls.append("/" + route)
    return urls


def test_every_url_needs_login_unless_public(client, db) -> None:
    urls = _plain_urls(get_resolver())
    assert len(urls) > 20
    for url in urls:
        response = client.get(url)
        if url.startswith(PUBLIC_PREFIXES):
            assert response.status_code in (200, 302, 401, 404, 405, 422), url
        else:
            assert response.status_code == 302, url
            assert response["Location"].startswith("/login/"), url

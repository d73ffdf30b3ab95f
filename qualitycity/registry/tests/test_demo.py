"""`qcity demo`: deterministic data, valid codes, every role's account."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db.models import ProtectedError

from qualitycity.core.models import User
from qualitycity.core.uscc import is_valid
from qualitycity.registry.choices import RegistrationStatus
from qualitycity.registry.models import Entity

pytestmark = pytest.mark.django_db


def _demo(monkeypatch, *args: str) -> str:
    monkeypatch.setenv("QCITY_DEMO_PASSWORD", "Demo-Pass-2026")
    out = io.StringIO()
    call_command("demo", "--scale", "tiny", *args, stdout=out)
    return out.getvalue()


def _delete_all(model) -> None:
    """Delete every row of `model`, first deleting whatever other modules' demo rows protect
    (drawn targets, complaints …) without importing those modules."""
    while True:
        try:
            model.objects.all().delete()
            return
        except ProtectedError as exc:
            for protected in {type(obj) for obj in exc.protected_objects}:
                _delete_all(protected)


def _register():
    """The register's entities; spot checks add unregistered sampled units and producers."""
    return Entity.objects.exclude(registration_status=RegistrationStatus.UNREGISTERED)


def test_tiny_demo_is_realistic_and_deterministic(monkeypatch) -> None:
    output = _demo(monkeypatch)
    assert _register().count() == 500
    assert all(is_valid(u) for u in Entity.objects.values_list("uscc", flat=True))
    first = Entity.objects.order_by("pk").first()
    assert first.name.startswith(("晋城市", "高平市", first.county.name))
    assert first.township is None or first.township.code.startswith(first.county.code)
    assert set(_register().values_list("county__code", flat=True)) == {
        "140502",
        "140521",
        "140522",
        "140524",
        "140525",
        "140581",
    }
    assert "demo password: Demo-Pass-2026" in output
    names = list(Entity.objects.order_by("pk").values_list("name", flat=True)[:20])
    _delete_all(Entity)
    _demo(monkeypatch)
    assert list(Entity.objects.order_by("pk").values_list("name", flat=True)[:20]) == names


def test_demo_accounts_for_every_role(monkeypatch, client) -> None:
    _demo(monkeypatch)
    roles = dict(User.objects.values_list("username", "role"))
    assert roles["zezhou"] == "county_officer"
    assert roles["auditor"] == "audit_admin"
    assert roles["lab1"] == "lab"
    assert len(set(roles.values())) == 10
    qiye = User.objects.get(username="qiye")
    assert Entity.objects.filter(uscc=qiye.uscc, entity_type="enterprise").exists()
    response = client.post("/login/", {"username": "zezhou", "password": "Demo-Pass-2026"})
    assert response.status_code == 302


def test_if_empty_skips_loaded_data(monkeypatch) -> None:
    _demo(monkeypatch)
    output = _demo(monkeypatch, "--if-empty")
    assert "already loaded" in output
    assert _register().count() == 500

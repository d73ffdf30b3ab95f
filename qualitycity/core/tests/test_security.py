"""Security policy: passwords, lockout, idle timeout, separation of the admin roles."""

from __future__ import annotations

import time

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client

from qualitycity.core.models import SecurityPolicy
from qualitycity.core.security import clear_policy_cache

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "password",
    ["Short1!", "alllowercase", "ALLUPPER123", "nodigitsnoupper!"],
)
def test_weak_passwords_are_refused(password: str) -> None:
    with pytest.raises(ValidationError):
        validate_password(password)


def test_password_with_three_classes_passes() -> None:
    validate_password("Strong-pass1")


def test_password_containing_username_is_refused(cast) -> None:
    with pytest.raises(ValidationError):
        validate_password("Zezhou-2026x", user=cast("zezhou"))


def test_last_five_passwords_cannot_be_reused(cast) -> None:
    member = cast("staff")
    history = [f"Rotate-{i}-pass" for i in range(6)]
    for pw in history:
        validate_password(pw, user=member)
        member.set_password(pw)
        member.save()
    with pytest.raises(ValidationError):
        validate_password(history[-3], user=member)
    validate_password(history[0], user=member)  # six changes ago: allowed again


def test_lockout_after_five_failures(cast, password) -> None:
    cast("staff")
    client = Client()
    for _ in range(5):
        client.post("/login/", {"username": "staff", "password": "wrong"})
    response = client.post("/login/", {"username": "staff", "password": password})
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def test_security_admin_changes_lockout_policy(login, cast, password) -> None:
    response = login("security").post(
        "/settings/security/",
        {
            "min_length": 10,
            "min_character_classes": 3,
            "history_size": 5,
            "lockout_failures": 2,
            "lockout_minutes": 15,
            "idle_timeout_minutes": 30,
        },
    )
    assert response.status_code == 302
    assert SecurityPolicy.current().lockout_failures == 2
    cast("staff")
    client = Client()
    for _ in range(2):
        client.post("/login/", {"username": "staff", "password": "wrong"})
    assert client.post("/login/", {"username": "staff", "password": password}).status_code == 403


def test_only_the_security_admin_edits_the_policy(login) -> None:
    for name in ("sysadmin", "auditor", "staff"):
        assert login(name).get("/settings/security/").status_code == 403
    assert login("security").get("/settings/security/").status_code == 200


def test_system_admin_manages_users_but_not_audit(login) -> None:
    client = login("sysadmin")
    assert client.get("/users/").status_code == 200
    assert client.get("/audit-records/").status_code == 403


def test_idle_session_times_out(login, monkeypatch) -> None:
    client = login("staff")
    assert client.get("/").status_code == 200
    policy = SecurityPolicy.current()
    policy.idle_timeout_minutes = 30
    policy.save()
    clear_policy_cache()
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 31 * 60)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")

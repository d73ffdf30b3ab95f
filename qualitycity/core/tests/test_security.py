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


def _user_form(**extra: str) -> dict[str, str]:
    data = {"username": "newclerk", "first_name": "新", "role": "staff", "is_active": "on"}
    data.update(extra)
    return data


def test_system_admin_creates_a_user_under_the_policy(login, client) -> None:
    from qualitycity.core.models import AuditRecord, User

    admin = login("sysadmin")
    weak = admin.post("/users/add/", _user_form(password1="short", password2="short"))
    assert weak.status_code == 200
    assert not User.objects.filter(username="newclerk").exists()
    strong = admin.post("/users/add/", _user_form(password1="Clerk-pass-2026", password2="Clerk-pass-2026"))
    assert strong.status_code == 302
    created = User.objects.get(username="newclerk")
    rec = AuditRecord.objects.get(action="create", object_type="core.user", object_id=str(created.pk))
    assert "password" not in rec.data
    assert created.password not in rec.data
    response = client.post("/login/", {"username": "newclerk", "password": "Clerk-pass-2026"})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == created.pk


def test_rule_versions_in_force_cannot_be_edited(login) -> None:
    from qualitycity.core.models import Rule

    rule = Rule.objects.get(key="food-retest-window")
    response = login("sysadmin").post(
        f"/rules/{rule.pk}/edit/",
        {
            "key": "food-retest-window",
            "name": rule.name,
            "value": "99",
            "unit": "calendar_days",
            "legal_source": "changed source",
            "effective_from": "2015-10-01",
            "is_confirmed": "on",
        },
    )
    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.value == 7
    assert rule.unit == "working_days"
    assert rule.legal_source == "changed source"

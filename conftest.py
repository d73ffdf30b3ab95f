"""Suite-wide fixtures: role users, a logged-in client factory, the task worker."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from qualitycity.core.testing.users import PASSWORD, user

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _isolated_var(tmp_path, settings) -> None:
    """Each test writes job files under its own folder and starts with an empty cache."""
    from django.core.cache import cache

    settings.VAR_DIR = tmp_path / "var"
    settings.VAR_DIR.mkdir()
    cache.clear()


@pytest.fixture(autouse=True)
def _flushable_audit_table(request) -> None:
    """Tests that flush the database afterwards (live server, transactional) need SQLite's
    append-only triggers off: SQLite flushes with DELETE (PostgreSQL truncates, which row
    triggers do not see). Tests of the guard install it themselves."""
    marker = request.node.get_closest_marker("django_db")
    by_marker = marker is not None and marker.kwargs.get("transaction", False)
    if by_marker or {"transactional_db", "live_server"} & set(request.fixturenames):
        from django.db import connection

        from qualitycity.core.db_guard import remove

        request.getfixturevalue("transactional_db")
        if connection.vendor == "sqlite":
            remove(connection)
        _ensure_reference_data()


def _ensure_reference_data() -> None:
    """A flush at the end of a transactional test removes what the migrations loaded:
    reference data, the default risk model and joint-punishment rules, inspection result
    categories, complaint taxonomies and routing, the Jincheng plan, the spot-check catalogue and
    the shipped standards."""
    from qualitycity.core.models import Division
    from qualitycity.core.reference import live_get_model, load_all

    if not Division.objects.exists():
        load_all(live_get_model)
    from qualitycity.credit import punishment, risk

    risk.ensure_default_model()
    punishment.ensure_default_rules()
    import importlib

    from django.apps import apps

    from qualitycity.complaints.defaults import ensure_defaults

    importlib.import_module("qualitycity.inspections.migrations.0002_default_result_categories").install(
        apps, None
    )
    ensure_defaults()
    from qualitycity.plan.seed import load_jincheng

    load_jincheng(apps.get_model)
    from qualitycity.nqi.services import load_shipped_standards
    from qualitycity.spotchecks.catalogue import install as install_catalogue

    install_catalogue(apps.get_model)
    load_shipped_standards(apps.get_model)


@pytest.fixture
def cast(db) -> Callable[[str], Any]:
    return user


@pytest.fixture
def login(db) -> Callable[[str], Client]:
    """`login("zezhou")` → a test client logged in as that cast member."""

    def _login(name: str) -> Client:
        member = user(name)
        client = Client()
        client.force_login(member)
        return client

    return _login


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture
def run_worker(monkeypatch) -> Callable[[], None]:
    """Run the real database worker over the queued tasks, inside the test's transaction.

    The worker recycles connections between tasks (`close_old_connections`); inside a test's
    transaction that would close the connection the test runs in (PostgreSQL), so only that
    recycling is switched off here."""
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    def _run() -> None:
        call_command("db_worker", batch=True, verbosity=0, startup_delay=False, reload=False)

    return _run

"""The hash-chained audit trail: records, verification, tampering, the command."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from hypothesis import given, settings
from hypothesis import strategies as st

from qualitycity.core import audit
from qualitycity.core.choices import AuditAction
from qualitycity.core.models import AuditRecord, Division

pytestmark = pytest.mark.django_db


def _drop_append_only_guard() -> None:
    """What someone with direct database access could do before tampering."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE core_auditrecord DISABLE TRIGGER core_auditrecord_no_change")
        else:
            cursor.execute("DROP TRIGGER IF EXISTS core_auditrecord_no_update")
            cursor.execute("DROP TRIGGER IF EXISTS core_auditrecord_no_delete")


def _three_records(cast) -> list[AuditRecord]:
    staff = cast("staff")
    division = Division.objects.get(code="140525")
    return [
        audit.record(actor=staff, action=AuditAction.UPDATE, obj=division, before={"a": 1}, after={"a": i})
        for i in range(2, 5)
    ]


def test_records_chain_each_to_the_previous(cast) -> None:
    records = _three_records(cast)
    assert [r.prev_hash for r in records[1:]] == [r.hash for r in records[:-1]]
    assert records[0].changes == {"a": [1, 2]}
    assert audit.verify().ok is True


def test_application_cannot_change_or_delete_records(cast) -> None:
    rec = _three_records(cast)[0]
    rec.message = "changed"
    with pytest.raises(PermissionDenied):
        rec.save()
    with pytest.raises(PermissionDenied):
        rec.delete()
    with pytest.raises(PermissionDenied):
        AuditRecord.objects.all().delete()
    with pytest.raises(PermissionDenied):
        AuditRecord.objects.filter(pk=rec.pk).update(message="x")


def test_database_refuses_sql_update_of_the_trail(cast) -> None:
    from django.db import DatabaseError, transaction

    from qualitycity.core.db_guard import install

    install(connection)
    rec = _three_records(cast)[0]
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditrecord SET message = 'x' WHERE id = %s", [rec.pk])


def test_sql_update_breaks_the_chain_and_names_the_record(cast) -> None:
    records = _three_records(cast)
    base = AuditRecord.objects.count()
    _drop_append_only_guard()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditrecord SET message = 'forged' WHERE id = %s", [records[1].pk])
    result = audit.verify()
    assert result.ok is False
    assert result.broken_id == records[1].pk
    assert result.count == base - 2
    with pytest.raises(CommandError, match=f"record id {records[1].pk}"):
        call_command("audit", "verify")


def test_sql_delete_breaks_the_chain_and_names_the_next_record(cast) -> None:
    records = _three_records(cast)
    _drop_append_only_guard()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditrecord WHERE id = %s", [records[1].pk])
    result = audit.verify()
    assert result.ok is False
    assert result.broken_id == records[2].pk
    assert "removed" in result.reason


def test_removing_the_newest_record_is_detected(cast) -> None:
    records = _three_records(cast)
    _drop_append_only_guard()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditrecord WHERE id = %s", [records[-1].pk])
    result = audit.verify()
    assert result.ok is False
    assert result.reason == "newest records were removed"


def test_verify_command_prints_count(cast, capsys) -> None:
    _three_records(cast)
    n = AuditRecord.objects.count()
    call_command("audit", "verify")
    assert capsys.readouterr().out.strip() == f"audit chain ok: {n} records"


def test_login_and_failed_login_are_recorded(cast, client, password) -> None:
    cast("staff")
    client.post("/login/", {"username": "staff", "password": "wrong"})
    client.post("/login/", {"username": "staff", "password": password})
    actions = list(AuditRecord.objects.order_by("seq").values_list("action", "actor_username"))
    assert (AuditAction.LOGIN_FAILED, "staff") in actions
    assert (AuditAction.LOGIN, "staff") in actions


def test_only_the_audit_admin_reads_the_trail(login) -> None:
    assert login("auditor").get("/audit-records/").status_code == 200
    for name in ("sysadmin", "security", "staff", "leader"):
        assert login(name).get("/audit-records/").status_code == 403


_SCALAR = st.one_of(st.none(), st.integers(min_value=-(2**62), max_value=2**62), st.text(max_size=30))


@settings(max_examples=200, deadline=None)
@given(st.fixed_dictionaries(dict.fromkeys(audit.RECORD_COLUMNS, _SCALAR)))
def test_record_text_is_the_canonical_json_of_the_fields(fields: dict) -> None:
    # record_many hashes this text; verify() hashes canonical_json of the same fields
    assert audit._record_text(fields) == audit.canonical_json(fields)


def test_record_many_chains_like_record(cast) -> None:
    entries = [
        audit.Entry(AuditAction.CREATE, "core.division", str(i), f'名称"{i}"\n', {"name": [None, f"甲{i}"]})
        for i in range(5)
    ]
    audit.record(actor=None, action=AuditAction.UPDATE, object_type="x", object_id="1", message="before")
    assert audit.record_many(actor=None, entries=entries) == 5
    audit.record(actor=None, action=AuditAction.UPDATE, object_type="x", object_id="2", message="after")
    result = audit.verify()
    assert result.ok, result
    assert AuditRecord.objects.filter(object_type="core.division").count() == 5

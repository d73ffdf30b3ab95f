"""Load the shipped reference data and make the audit table append-only on PostgreSQL."""

from django.db import migrations

PG_APPEND_ONLY = """
CREATE OR REPLACE FUNCTION core_auditrecord_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the audit trail is append-only';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS core_auditrecord_no_change ON core_auditrecord;
CREATE TRIGGER core_auditrecord_no_change BEFORE UPDATE OR DELETE ON core_auditrecord
    FOR EACH ROW EXECUTE FUNCTION core_auditrecord_append_only();
"""
PG_DROP = """
DROP TRIGGER IF EXISTS core_auditrecord_no_change ON core_auditrecord;
DROP FUNCTION IF EXISTS core_auditrecord_append_only();
"""
SQLITE_APPEND_ONLY = [
    "CREATE TRIGGER IF NOT EXISTS core_auditrecord_no_update BEFORE UPDATE ON core_auditrecord "
    "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;",
    "CREATE TRIGGER IF NOT EXISTS core_auditrecord_no_delete BEFORE DELETE ON core_auditrecord "
    "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;",
]


def load(apps, schema_editor):
    from qualitycity.core.reference import load_all

    load_all(apps.get_model)


def protect_audit(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_APPEND_ONLY)
    elif vendor == "sqlite":
        for statement in SQLITE_APPEND_ONLY:
            schema_editor.execute(statement)


def unprotect_audit(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_DROP)
    elif vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS core_auditrecord_no_update")
        schema_editor.execute("DROP TRIGGER IF EXISTS core_auditrecord_no_delete")


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [
        migrations.RunPython(load, migrations.RunPython.noop),
        migrations.RunPython(protect_audit, unprotect_audit),
    ]

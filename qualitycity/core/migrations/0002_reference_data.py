"""Load the shipped reference data and make the audit table append-only in the database."""

from django.db import migrations


def load(apps, schema_editor):
    from qualitycity.core.reference import load_all

    load_all(apps.get_model)


def protect_audit(apps, schema_editor):
    from qualitycity.core.db_guard import install

    install(schema_editor.connection)


def unprotect_audit(apps, schema_editor):
    from qualitycity.core.db_guard import remove

    remove(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [
        migrations.RunPython(load, migrations.RunPython.noop),
        migrations.RunPython(protect_audit, unprotect_audit),
    ]

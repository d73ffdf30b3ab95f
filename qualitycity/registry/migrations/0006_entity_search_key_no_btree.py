"""The entity's pinyin key loses its B-tree index: every search of it is a substring search,
served by the trigram index of migration 0004 (FTS5 on SQLite, pg_trgm on PostgreSQL), and
the 600-character B-tree only slowed every insert.

Only the index is dropped, by name: Django's own AlterField would rebuild the table on SQLite,
and dropping the table would take the search index's triggers with it."""

from __future__ import annotations

from typing import Any

from django.db import migrations, models

INDEX = "registry_entity_search_key_20243c7d"


def drop(apps: Any, schema_editor: Any) -> None:
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}_like")


def restore(apps: Any, schema_editor: Any) -> None:
    schema_editor.execute(f"CREATE INDEX {INDEX} ON registry_entity (search_key)")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX {INDEX}_like ON registry_entity (search_key varchar_pattern_ops)"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0005_category_group_unregistered"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(drop, restore)],
            state_operations=[
                migrations.AlterField(
                    model_name="entity",
                    name="search_key",
                    field=models.CharField(blank=True, editable=False, max_length=600, verbose_name="pinyin"),
                ),
            ],
        ),
    ]

"""Three B-tree indexes of the entity table go: the county's (the county and status index
leads with the county and serves the same look-ups) and those of who created and last
changed the row (nothing lists entities by them). Each one cost every insert of a register
import; together about two fifths of the entity inserts' time (docs/benchmarks.md).

Dropped by name, as in 0006: Django's AlterField would rebuild the table on SQLite, and
dropping the table would take the search index's triggers with it."""

from __future__ import annotations

from typing import Any

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

INDEXES = {
    "registry_entity_county_id_11774cda": "county_id",
    "registry_entity_created_by_id_8e6cecf1": "created_by_id",
    "registry_entity_updated_by_id_e6988f00": "updated_by_id",
}


def drop(apps: Any, schema_editor: Any) -> None:
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


def restore(apps: Any, schema_editor: Any) -> None:
    for name, column in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX {name} ON registry_entity ({column})")


def _user(verbose_name: str) -> models.ForeignKey:
    return models.ForeignKey(
        blank=True,
        db_index=False,
        editable=False,
        null=True,
        on_delete=django.db.models.deletion.SET_NULL,
        related_name="+",
        to=settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0006_entity_search_key_no_btree"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(drop, restore)],
            state_operations=[
                migrations.AlterField(
                    model_name="entity",
                    name="county",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="core.division",
                        verbose_name="county",
                    ),
                ),
                migrations.AlterField(model_name="entity", name="created_by", field=_user("created by")),
                migrations.AlterField(model_name="entity", name="updated_by", field=_user("updated by")),
            ],
        ),
    ]

"""A trigram index for the entity search box (issue 3 item 4).

SQLite: an FTS5 table with the trigram tokenizer over name, USCC, former names and the pinyin
search key, external-content on registry_entity and kept in sync by triggers; the filter
queries it as `pk IN (SELECT rowid … MATCH …)`. PostgreSQL: pg_trgm GIN indexes on the same
columns, which serve the `UPPER(col) LIKE` / `LIKE` conditions Django writes for
icontains/contains. Other databases: nothing (the plain LIKE scan still works)."""

from django.db import migrations

FTS = "registry_entity_search"
COLUMNS = ("name", "uscc", "former_names", "search_key")

SQLITE_FORWARD = [
    f"CREATE VIRTUAL TABLE {FTS} USING fts5({', '.join(COLUMNS)}, "
    "content='registry_entity', content_rowid='id', tokenize='trigram')",
    f"CREATE TRIGGER {FTS}_ai AFTER INSERT ON registry_entity BEGIN "
    f"INSERT INTO {FTS}(rowid, {', '.join(COLUMNS)}) "
    f"VALUES (new.id, {', '.join('new.' + c for c in COLUMNS)}); END",
    f"CREATE TRIGGER {FTS}_ad AFTER DELETE ON registry_entity BEGIN "
    f"INSERT INTO {FTS}({FTS}, rowid, {', '.join(COLUMNS)}) "
    f"VALUES ('delete', old.id, {', '.join('old.' + c for c in COLUMNS)}); END",
    f"CREATE TRIGGER {FTS}_au AFTER UPDATE OF {', '.join(COLUMNS)} ON registry_entity BEGIN "
    f"INSERT INTO {FTS}({FTS}, rowid, {', '.join(COLUMNS)}) "
    f"VALUES ('delete', old.id, {', '.join('old.' + c for c in COLUMNS)}); "
    f"INSERT INTO {FTS}(rowid, {', '.join(COLUMNS)}) "
    f"VALUES (new.id, {', '.join('new.' + c for c in COLUMNS)}); END",
    f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')",
]
SQLITE_REVERSE = [
    f"DROP TRIGGER IF EXISTS {FTS}_au",
    f"DROP TRIGGER IF EXISTS {FTS}_ad",
    f"DROP TRIGGER IF EXISTS {FTS}_ai",
    f"DROP TABLE IF EXISTS {FTS}",
]
POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS registry_entity_name_trgm ON registry_entity "
    "USING gin ((UPPER(name::text)) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS registry_entity_uscc_trgm ON registry_entity "
    "USING gin ((UPPER(uscc::text)) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS registry_entity_former_trgm ON registry_entity "
    "USING gin ((UPPER(former_names::text)) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS registry_entity_key_trgm ON registry_entity "
    "USING gin (search_key gin_trgm_ops)",
]
POSTGRES_REVERSE = [
    "DROP INDEX IF EXISTS registry_entity_key_trgm",
    "DROP INDEX IF EXISTS registry_entity_former_trgm",
    "DROP INDEX IF EXISTS registry_entity_uscc_trgm",
    "DROP INDEX IF EXISTS registry_entity_name_trgm",
]


def _run(schema_editor, statements):
    for sql in statements:
        schema_editor.execute(sql)


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _run(schema_editor, SQLITE_FORWARD)
    elif vendor == "postgresql":
        _run(schema_editor, POSTGRES_FORWARD)


def reverse(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _run(schema_editor, SQLITE_REVERSE)
    elif vendor == "postgresql":
        _run(schema_editor, POSTGRES_REVERSE)


class Migration(migrations.Migration):
    dependencies = [("registry", "0003_specialised_towns")]

    operations = [migrations.RunPython(forward, reverse)]

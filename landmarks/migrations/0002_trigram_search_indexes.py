"""Trigram indexes for Landmark.objects.search() on PostgreSQL.

search() uses LIKE '%…%' (name_zh, pinyin, initials) and UPPER(name_en) LIKE UPPER('%…%'):
a B-tree cannot serve a leading wildcard, a pg_trgm GIN index can. Chinese text is indexed
only under a UTF-8 LC_CTYPE (the clusters of scripts/with-postgres use C.UTF-8). SQLite has no
such index and scans, which is fine for an embedded database.
"""

from django.db import migrations

INDEXES = {
    "landmark_name_zh_trgm": "name_zh gin_trgm_ops",
    "landmark_pinyin_trgm": "pinyin gin_trgm_ops",
    "landmark_initials_trgm": "initials gin_trgm_ops",
    "landmark_name_en_trgm": "(UPPER(name_en)) gin_trgm_ops",
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, expression in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON landmarks_landmark USING gin ({expression})")


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("landmarks", "0001_initial")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]

"""Indexes for the registry lists at 100,000 rows.

On PostgreSQL the lists order by ``sort_key COLLATE "C"`` (code-point order, the same as SQLite's
BINARY) and that order needs an index of its own; it carries the search key too, so a page of a
search and its count are read from the index alone. Where the pg_trgm extension can be installed, a
trigram index finds a rare part of a name without reading the group's rows. SQLite orders by the
plain (cycle, group, sort_key) index and scans in-process, so it needs neither.
"""

from django.db import migrations, models, transaction
from django.db.utils import DatabaseError

POSTGRES_INDEXES = [
    (
        "member_order_c_idx",
        'CREATE INDEX IF NOT EXISTS member_order_c_idx ON registry_member '
        '(cycle_id, group_id, (sort_key COLLATE "C"), id) INCLUDE (search_key)',
    ),
    (
        "community_order_c_idx",
        "CREATE INDEX IF NOT EXISTS community_order_c_idx ON registry_communitymember "
        '(fiscal_year, (sort_key COLLATE "C"), id) INCLUDE (district_id, is_erased, search_key)',
    ),
]
TRIGRAM_INDEXES = [
    (
        "member_search_trgm_idx",
        "CREATE INDEX IF NOT EXISTS member_search_trgm_idx ON registry_member "
        "USING gin (search_key gin_trgm_ops)",
    ),
    (
        "community_search_trgm_idx",
        "CREATE INDEX IF NOT EXISTS community_search_trgm_idx ON registry_communitymember "
        "USING gin (search_key gin_trgm_ops)",
    ),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for _name, sql in POSTGRES_INDEXES:
        schema_editor.execute(sql)
    try:  # pg_trgm is a trusted extension, but a locked-down server may still refuse it
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except DatabaseError:
        return  # searches still work, by reading the group's rows
    for _name, sql in TRIGRAM_INDEXES:
        schema_editor.execute(sql)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _sql in [*POSTGRES_INDEXES, *TRIGRAM_INDEXES]:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("bangkok_network", "0001_initial"),
        ("registry", "0004_import_shapes_and_mapping"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="member",
            index=models.Index(
                fields=["cycle", "group", "kind", "is_active", "is_erased", "source"], name="member_totals_idx"
            ),
        ),
        migrations.RunPython(create, drop),
    ]

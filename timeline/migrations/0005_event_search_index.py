"""Full-text search index for PostgreSQL; SQLite searches without one.

The expression is the one Django writes for SearchVector("title", "summary",
config="english") in timeline.browse.search, so the planner can use the index.
"""

from django.db import migrations

INDEX = "event_search_english"
EXPRESSION = (
    "to_tsvector('english'::regconfig, "
    "COALESCE(\"title\", '') || ' ' || COALESCE(\"summary\", ''))"
)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{INDEX}" ON "timeline_event" USING gin ({EXPRESSION})'
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f'DROP INDEX IF EXISTS "{INDEX}"')


class Migration(migrations.Migration):
    dependencies = [("timeline", "0004_event_end_optional")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]

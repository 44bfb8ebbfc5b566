"""Migrations apply forwards over a database that holds the newsroom's data.

A deployment runs the migrations that are new to it over real events. So: load the seed
timeline at the latest schema, take the timeline app back to an earlier migration (the
data stays in the tables that schema has), then apply every later migration forwards
with the data present, and check that every row comes back as it was. Every migration
from 0001 on has the tables the seed events live in, so each is a starting point.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

# Tables that hold what load_seeds writes, with the columns a migration may add or
# recreate (Event.version is new in 0007, the story's key events and narrative lines in
# 0009, the Spanish title and summary in 0010; unused event types are re-made by 0002).
SEED_TABLES = [
    "timeline_place",
    "timeline_actor",
    "timeline_source",
    "timeline_event",
    "timeline_eventactor",
    "timeline_eventsource",
    "timeline_count",
    "timeline_timeline",
    "timeline_timelineevent",
]
ADDED_SINCE = {
    ("timeline_event", "version"),
    ("timeline_timelineevent", "is_key"),
    ("timeline_timelineevent", "narrative"),
    ("timeline_event", "title_es"),
    ("timeline_event", "summary_es"),
}
# Every timeline migration but the newest: each is a state a deployment may upgrade from.
START_POINTS = [
    "0001_initial",
    "0002_event_types",
    "0003_roles",
    "0004_event_end_optional",
    "0005_event_search_index",
    "0006_article_imports",
    "0007_event_version",
    "0008_extractionrun_started_at",
    "0009_story",
]


def timeline_migrations() -> list[str]:
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    return sorted(name for app, name in graph.nodes if app == "timeline")


def migrate(targets: list[tuple[str, str]] | None = None) -> None:
    """Migrate to targets, or every app to its latest migration, as `migrate` would."""
    executor = MigrationExecutor(connection)
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    connection.close()  # forget any cached view of the old schema


def rows(table: str) -> list[dict[str, Any]]:
    """Every row of table, in id order, without the columns a later migration adds."""
    quoted = connection.ops.quote_name(table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {quoted} ORDER BY id")  # noqa: S608 - our table names
        columns = [column[0] for column in cursor.description]
        return [
            {
                column: value
                for column, value in zip(columns, row, strict=True)
                if (table, column) not in ADDED_SINCE
            }
            for row in cursor.fetchall()
        ]


def event_type_slugs() -> list[tuple[int, str]]:
    """Each event's type, by slug: unused types may come back with new ids."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT e.id, t.slug FROM timeline_event e "
            "JOIN timeline_eventtype t ON t.id = e.event_type_id ORDER BY e.id"
        )
        return cursor.fetchall()


def snapshot() -> dict[str, Any]:
    return {table: rows(table) for table in SEED_TABLES} | {"types": event_type_slugs()}


@pytest.mark.parametrize("start", START_POINTS)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_later_migrations_apply_over_the_seed_data(start):
    call_command("load_seeds", verbosity=0)
    before = snapshot()
    assert len(before["timeline_event"]) == 9
    try:
        migrate([("timeline", start)])
        assert len(rows("timeline_event")) == 9  # the data is there as the later ones apply
        migrate()
        after = snapshot()
    finally:
        migrate()  # the next test needs the latest schema, whatever happened here

    assert after == before
    if start < "0007":  # from 0007 on the column, and the versions the seeds made, stay
        with connection.cursor() as cursor:
            cursor.execute("SELECT DISTINCT version FROM timeline_event")
            assert cursor.fetchall() == [(0,)]  # 0007's default for rows it finds


def test_every_migration_but_the_newest_is_a_start_point():
    """A new migration makes the one before it a start point: the list grows with the app."""
    assert timeline_migrations()[:-1] == START_POINTS

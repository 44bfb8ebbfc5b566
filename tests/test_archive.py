"""export_archive and import_archive: the whole newsroom, history included, in one file.

A restore into an empty database gives back the same archive; a restore into a
database that holds anything, or of a damaged file, changes nothing.
"""

import datetime as dt
import json

import pytest
import reversion
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.core.management.color import no_style
from django.db import connection
from django.utils import timezone
from reversion.models import Revision, Version

from tests.factories import make_event, make_user
from timeline import archive
from timeline.models import (
    Decision,
    EditorialStatus,
    Event,
    EventType,
    ExtractionRun,
    Place,
    ProposedEvent,
    Source,
)


@pytest.fixture
def newsroom(db):
    """The seed timeline, edited and published by an editor, with an article import."""
    call_command("load_seeds", verbosity=0)
    editor = make_user(role="Editor", username="ana", first_name="Ana", email="ana@example.org")
    event = Event.objects.order_by("pk").first()
    with reversion.create_revision():
        reversion.set_user(editor)
        reversion.set_comment("Fixed the title")
        event.title += " (updated)"
        event.updated_by = editor
        event.save()
    with reversion.create_revision():
        reversion.set_user(editor)
        reversion.set_comment("Published")
        event.unpublish(by=editor)
        event.publish(by=editor)
    run = ExtractionRun.objects.create(
        source=Source.objects.get(),
        text="Agents arrived on Monday.",
        published_at=dt.datetime(2025, 6, 16, 11, 0, 0, 123456, tzinfo=dt.UTC),
        time_zone="America/Chicago",
        created_by=editor,
    )
    ProposedEvent.objects.create(
        run=run,
        position=0,
        candidate={"title": "Agents arrive", "precision": "day"},
        evidence="Agents arrived on Monday.",
        evidence_start=0,
        evidence_end=25,
        event_type="raid",
        start=dt.date(2025, 6, 16),
        end=dt.date(2025, 6, 16),
        decision=Decision.ACCEPTED,
        event=event,
        decided_by=editor,
        decided_at=timezone.now(),
    )
    EventType.objects.filter(slug="rally").update(name="Protest")  # an editor renamed it
    return editor


def export(tmp_path, name="archive.json"):
    path = tmp_path / name
    call_command("export_archive", str(path), verbosity=0)
    return path


def restore(path):
    call_command("import_archive", str(path), verbosity=0)


def archived(path):
    return json.loads(path.read_text())


def empty_database():
    """Leave the database as `migrate` makes it: the roles and event types, nothing else.

    Id sequences start again from 1 as in a new database, so a restore that did not move
    them past the restored ids would collide on its next insert.
    """
    for model in reversed(archive.MODELS):
        if model is User:
            User.objects.all().delete()  # with group memberships and admin log entries
        elif model not in archive.MADE_BY_MIGRATIONS:
            model._base_manager.all()._raw_delete(connection.alias)
    EventType.objects.filter(slug="rally").update(name="Rally")
    tables = [model._meta.db_table for model in archive.MODELS]
    with connection.cursor() as cursor:
        sequences = [
            sequence
            for table in tables
            for sequence in connection.introspection.get_sequences(cursor, table)
        ]
        for statement in connection.ops.sequence_reset_by_name_sql(no_style(), sequences):
            cursor.execute(statement)


def test_an_archive_restored_into_an_empty_database_exports_the_same(newsroom, tmp_path):
    first = export(tmp_path, "first.json")
    empty_database()
    assert not Event.objects.exists()

    restore(first)
    second = export(tmp_path, "second.json")

    before, after = archived(first), archived(second)
    assert before["data"] == after["data"]
    models = {record["model"] for record in before["data"]}
    assert {"timeline.event", "timeline.eventsource", "timeline.count", "timeline.eventactor"} <= (
        models
    )
    assert {"timeline.timelineevent", "timeline.proposedevent", "auth.user"} <= models
    assert {"reversion.revision", "reversion.version"} <= models
    assert EventType.objects.get(slug="rally").name == "Protest"  # the archive's, not migrate's


def test_the_restore_keeps_history_users_and_microseconds(newsroom, tmp_path):
    event = Event.objects.order_by("pk").first()
    updated_at, version = event.updated_at, event.version
    path = export(tmp_path)
    empty_database()

    restore(path)

    restored = Event.objects.get(pk=event.pk)
    assert restored.title.endswith("(updated)")
    assert (restored.updated_at, restored.version) == (updated_at, version)
    assert restored.updated_by.username == "ana"
    comments = [version.revision.comment for version in Version.objects.get_for_object(restored)]
    assert comments == ["Published", "Fixed the title", "Loaded from seeds"]
    assert Revision.objects.filter(user__username="ana").count() == 2
    ana = User.objects.get(username="ana")
    assert (ana.first_name, ana.email, ana.is_staff) == ("Ana", "ana@example.org", True)
    assert list(ana.groups.values_list("name", flat=True)) == ["Editor"]


def test_no_password_hash_leaves_in_an_archive(newsroom, tmp_path):
    path = export(tmp_path)
    text = path.read_text()
    assert newsroom.password.split("$")[-1] not in text
    assert '"password"' not in text
    empty_database()

    restore(path)

    assert not User.objects.get(username="ana").has_usable_password()


def test_new_rows_after_a_restore_do_not_collide_with_restored_ones(newsroom, tmp_path):
    path = export(tmp_path)
    empty_database()
    restore(path)

    with reversion.create_revision():
        event = make_event(title="After the restore")
    place = Place.objects.create(name="Pilsen", kind="neighbourhood")

    assert event.pk > max(r["pk"] for r in archived(path)["data"] if r["model"] == "timeline.event")
    assert Place.objects.filter(pk=place.pk).count() == 1
    assert Version.objects.get_for_object(event).count() == 1


def test_importing_into_a_database_that_holds_data_changes_nothing(newsroom, tmp_path):
    path = export(tmp_path)
    before = archived(export(tmp_path, "before.json"))["data"]

    with pytest.raises(CommandError, match=r"already holds data .*nothing was changed"):
        restore(path)

    assert archived(export(tmp_path, "after.json"))["data"] == before


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "not JSON"),
        ('{"format": "something-else", "version": 1, "data": []}', "not a Dateline archive"),
        ('{"format": "dateline-archive", "version": 2, "data": []}', "version 2"),
        ('{"format": "dateline-archive", "version": 1}', "no list of records"),
    ],
)
def test_an_archive_of_another_kind_is_refused(db, tmp_path, text, message):
    path = tmp_path / "archive.json"
    path.write_text(text)

    with pytest.raises(CommandError, match=message):
        restore(path)

    assert EventType.objects.count() == 9


def damaged(path, damage):
    archive_data = archived(path)
    damage(archive_data["data"])
    path.write_text(json.dumps(archive_data))
    return path


def break_last_event(records):
    last_event = max(i for i, r in enumerate(records) if r["model"] == "timeline.event")
    records[last_event]["fields"]["event_type"] = 9999  # refers to no event type


def add_a_superuser(records):
    records.append({"model": "auth.permission", "fields": {"name": "x", "codename": "x"}})


def cut_a_record(records):
    records.append("truncated")


@pytest.mark.parametrize("damage", [break_last_event, add_a_superuser, cut_a_record])
def test_a_damaged_archive_restores_nothing(newsroom, tmp_path, damage):
    path = damaged(export(tmp_path), damage)
    empty_database()
    event_types = list(EventType.objects.values_list("pk", "name"))

    with pytest.raises(CommandError, match=r"[Nn]othing was restored"):
        restore(path)

    assert not Event.objects.exists()
    assert not Place.objects.exists()
    assert not User.objects.exists()
    assert not Version.objects.exists()
    assert list(EventType.objects.values_list("pk", "name")) == event_types


def test_an_unpublished_draft_and_a_trashed_event_come_back_as_they_were(db, tmp_path):
    editor = make_user(role="Editor", username="ben")
    draft = make_event(title="Draft", editorial_status=EditorialStatus.DRAFT)
    trashed = make_event(title="Gone")
    trashed.trash(by=editor)
    path = export(tmp_path)
    empty_database()

    restore(path)

    assert Event.objects.get(pk=draft.pk).editorial_status == EditorialStatus.DRAFT
    assert Event.objects.get(pk=trashed.pk).trashed_by.username == "ben"
    assert list(Event.objects.published()) == []

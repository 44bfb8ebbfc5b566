"""One JSON file that holds everything the newsroom entered, and its restore.

`export_archive` writes every timeline, event, event type, place, actor, source, citation,
count, actor role and timeline entry, the article imports and their proposals, the whole
reversion history (revisions and versions), and the accounts, to one versioned file:

    {"format": "dateline-archive", "version": 1, "exported_at": "...", "data": [...]}

`data` is Django's serialized form ({"model", "pk", "fields"}), rows keep their ids
(reversion's history refers to rows by id), and references to accounts, groups,
permissions and content types are natural keys (a username, a group name), so the file
reads without a lookup table and restores into any database. Datetimes keep their
microseconds, unlike Django's JSON encoder, so a restored database equals the original.

Accounts are exported without their password hashes: a backup file travels further than
the database, and a hash in it could be cracked offline. Restored accounts cannot log in
until given a password (`manage.py create_editor NAME --reset-password`).

`import_archive` restores a file into an empty, freshly migrated database in one
transaction, then moves PostgreSQL's id sequences past the restored ids.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from typing import Any

from django.contrib.auth.models import Group, User
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError, DeserializedObject
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connections, models, transaction
from django.utils import timezone
from reversion.models import Revision, Version

from timeline.models import (
    Actor,
    Count,
    Event,
    EventActor,
    EventSource,
    EventType,
    ExtractionRun,
    Place,
    ProposedEvent,
    Source,
    Timeline,
    TimelineEvent,
)

FORMAT = "dateline-archive"
VERSION = 1

# In the order a restore writes them: what is referred to by natural key comes first.
MODELS: list[type[models.Model]] = [
    Group,
    User,
    EventType,
    Place,
    Actor,
    Source,
    Event,
    EventActor,
    EventSource,
    Count,
    Timeline,
    TimelineEvent,
    ExtractionRun,
    ProposedEvent,
    Revision,
    Version,
]
# Migrations create these rows (the nine event types, the Reporter and Editor roles), so
# a freshly migrated database holds them: the archive's copies replace or update them.
MADE_BY_MIGRATIONS: frozenset[type[models.Model]] = frozenset({Group, EventType})
# Never written to an archive.
SECRET_FIELDS = {User: {"password"}}


class ArchiveError(Exception):
    """The archive cannot be written or restored; the message says why and what to do."""


# --- Export --------------------------------------------------------------------------


def export_archive(*, using: str = DEFAULT_DB_ALIAS) -> dict[str, Any]:
    """Return the whole archive, read from one consistent snapshot of the database."""
    connection = connections[using]
    outermost = not connection.in_atomic_block
    with transaction.atomic(using=using):
        if connection.vendor == "postgresql" and outermost:
            # One snapshot for every query, so a save during the export cannot leave
            # a citation in the file without its event. (A caller's transaction keeps
            # the isolation it began with.)
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        data = [record for model in MODELS for record in serialize(model, using=using)]
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": timezone.now().isoformat(),
        "data": data,
    }


def serialize(model: type[models.Model], *, using: str) -> list[dict[str, Any]]:
    """Return model's rows in id order as Django's serialized records."""
    secret = SECRET_FIELDS.get(model, set())
    fields = [
        field.name
        for field in [*model._meta.concrete_fields, *model._meta.many_to_many]
        if not field.primary_key and field.name not in secret
    ]
    records = serializers.serialize(
        "python",
        model._default_manager.using(using).order_by("pk").iterator(),
        fields=fields,
        use_natural_foreign_keys=True,
        # A group is known by its name: the restore updates the role a migration made.
        # (Event types keep their ids: the restore deletes the migration's and adds these.)
        use_natural_primary_keys=model is Group,
    )
    for record in records:
        for name, value in record["fields"].items():
            if isinstance(value, list):  # many-to-many: the same order from any database
                record["fields"][name] = sorted(value)
    return records


class ArchiveEncoder(DjangoJSONEncoder):
    """DjangoJSONEncoder, but datetimes and times keep their microseconds."""

    def default(self, o: Any) -> Any:
        if isinstance(o, (dt.datetime, dt.time)):
            return o.isoformat()
        return super().default(o)


def dumps(archive: dict[str, Any]) -> str:
    return json.dumps(archive, cls=ArchiveEncoder, ensure_ascii=False, indent=1)


# --- Import --------------------------------------------------------------------------


def loads(text: str) -> dict[str, Any]:
    """Parse an archive file, refusing anything that is not a version we can restore."""
    try:
        archive = json.loads(text)
    except json.JSONDecodeError as error:
        raise ArchiveError(f"The file is not JSON ({error}); nothing was restored.") from None
    if not isinstance(archive, dict) or archive.get("format") != FORMAT:
        raise ArchiveError(
            f'The file is not a Dateline archive (no "format": "{FORMAT}"); nothing was restored.'
        )
    if archive.get("version") != VERSION:
        raise ArchiveError(
            f"The archive is version {archive.get('version')!r}; this Dateline restores "
            f"version {VERSION} only. Nothing was restored."
        )
    if not isinstance(archive.get("data"), list):
        raise ArchiveError('The archive has no list of records ("data"); nothing was restored.')
    return archive


def import_archive(archive: dict[str, Any], *, using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """Restore archive into an empty database, all or nothing; return rows per model."""
    connection = connections[using]
    labels = {model._meta.label_lower: model for model in MODELS}
    restored = dict.fromkeys((model._meta.label for model in MODELS), 0)
    with transaction.atomic(using=using):
        refuse_unless_empty(using=using)
        # No event refers to them yet: the archive's event types replace the migration's.
        EventType.objects.using(using).all().delete()
        with connection.constraint_checks_disabled():
            for item in deserialize(archive["data"], labels=labels, using=using):
                if isinstance(item.object, User):
                    item.object.set_unusable_password()  # the archive holds no passwords
                item.save(using=using)
                restored[item.object._meta.label] += 1
        try:
            connection.check_constraints(table_names=[model._meta.db_table for model in MODELS])
        except IntegrityError as error:
            raise ArchiveError(
                f"The archive refers to rows it does not hold ({error}); nothing was restored."
            ) from None
        reset_sequences(using=using)
    return restored


def refuse_unless_empty(*, using: str) -> None:
    """Refuse to restore over anything entered here: a restore never merges."""
    held = {
        model._meta.verbose_name_plural: count
        for model in MODELS
        if model not in MADE_BY_MIGRATIONS
        and (count := model._default_manager.using(using).count())
    }
    if held:
        listed = ", ".join(f"{count} {name}" for name, count in held.items())
        raise ArchiveError(
            f"The database already holds data ({listed}). import_archive restores into an "
            "empty, freshly migrated database only; nothing was changed."
        )


def deserialize(
    records: Iterable[Any], *, labels: dict[str, type[models.Model]], using: str
) -> Iterator[DeserializedObject]:
    """Yield the archive's objects, refusing records of any model an archive does not hold."""
    checked = (check_record(record, labels=labels) for record in records)
    try:
        yield from serializers.deserialize("python", checked, using=using)
    except DeserializationError as error:
        raise ArchiveError(f"A record cannot be restored: {error}. Nothing was restored.") from None


def check_record(record: Any, *, labels: dict[str, type[models.Model]]) -> dict[str, Any]:
    if not isinstance(record, dict) or not isinstance(record.get("fields"), dict):
        raise ArchiveError(
            f"A record is not a model row: {str(record)[:200]}. Nothing was restored."
        )
    if str(record.get("model", "")).lower() not in labels:
        raise ArchiveError(
            f"The archive holds rows of {record.get('model')!r}, which an archive never "
            "holds; nothing was restored."
        )
    return record


def reset_sequences(*, using: str) -> None:
    """Move id sequences past the restored ids, so new rows do not collide with them.

    PostgreSQL's sequences do not follow ids inserted explicitly; SQLite needs nothing.
    """
    connection = connections[using]
    statements = connection.ops.sequence_reset_sql(no_style(), MODELS)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)

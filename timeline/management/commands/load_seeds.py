"""Load the seed timeline from seeds/ once; loading it again changes nothing.

Every object in the seed file carries a stable key (a slug, or the source's URL), so a
reload finds what is already there and only creates what is missing. Citations, counts,
actor roles and part-of links are written only for events created in this run, so an
event an editor has since changed is never touched or duplicated.
"""

from __future__ import annotations

import datetime as dt
import json
import zoneinfo
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import reversion
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import models, transaction

from timeline.dates import DatePrecision
from timeline.models import (
    Actor,
    Count,
    Event,
    EventActor,
    EventSource,
    EventType,
    Place,
    Source,
    Timeline,
    TimelineEvent,
    normalize_url,
)

DEFAULT_FILE = Path(settings.BASE_DIR) / "seeds" / "ice-in-chicago-june-2025.json"
NOTHING_CHANGED = "Seed data already loaded; nothing changed."

Row = dict[str, Any]


@dataclass
class Created:
    """What one run created, for the closing report."""

    sources: int = 0
    places: int = 0
    actors: int = 0
    timelines: int = 0
    # Slugs rather than a tally: the timeline needs to know which events are new.
    event_slugs: set[str] = field(default_factory=set)

    def report(self) -> str:
        """Return "Created 1 source, 6 places, ..." or say that nothing changed."""
        tallies = [
            (self.sources, "source"),
            (self.places, "place"),
            (self.actors, "actor"),
            (len(self.event_slugs), "event"),
            (self.timelines, "timeline"),
        ]
        parts = [f"{n} {noun}{'' if n == 1 else 's'}" for n, noun in tallies if n]
        if not parts:
            return NOTHING_CHANGED
        return f"Created {', '.join(parts)}."


class Command(BaseCommand):
    help = "Load the seed timeline (ICE in Chicago, June 2025); safe to run more than once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--file",
            type=Path,
            default=DEFAULT_FILE,
            help=f"The seed JSON file (default: {DEFAULT_FILE.relative_to(settings.BASE_DIR)}).",
        )

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        seed = read_seed_file(file)
        created = Created()
        with transaction.atomic(), reversion.create_revision():
            reversion.set_comment("Loaded from seeds")
            load_seed(seed, seed_dir=file.parent, created=created)
        self.stdout.write(self.style.SUCCESS(created.report()))


def read_seed_file(path: Path) -> Row:
    """Read the seed JSON, or stop with a message a journalist can act on."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CommandError(f"No seed file at {path}.") from None
    except json.JSONDecodeError as error:
        raise CommandError(f"{path} is not valid JSON: {error}") from None


def load_seed(seed: Row, *, seed_dir: Path, created: Created) -> None:
    """Create whatever the seed describes that the database does not hold yet."""
    source = load_source(seed["source"], seed_dir=seed_dir, created=created)
    places = load_places(seed["places"], created=created)
    actors = load_actors(seed["actors"], created=created)
    events = load_events(
        seed["events"], source=source, places=places, actors=actors, created=created
    )
    load_timeline(seed["timeline"], events=events, created=created)


def validated[M: models.Model](obj: M, *, label: str, exclude: tuple[str, ...] = ()) -> M:
    """Run the model's own validation, naming the seed row when it fails."""
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as error:
        raise CommandError(f"{label}: {error.message_dict}") from None
    return obj


def look_up[M: models.Model](known: dict[str, M], key: str, *, label: str) -> M:
    """Return the object a seed row refers to by slug, from those loaded before it."""
    try:
        return known[key]
    except KeyError:
        raise CommandError(f"{label} refers to {key!r}, which is not listed above it.") from None


# --- Source ----------------------------------------------------------------------------


def load_source(row: Row, *, seed_dir: Path, created: Created) -> Source:
    """Find the seed article by its normalised URL, or create it with its captured text."""
    url = normalize_url(row["url"])
    source = Source.objects.filter(url=url).first()
    if source is not None:
        return source
    source = Source(
        url=url,
        outlet=row["outlet"],
        headline=row["headline"],
        author=row.get("author", ""),
        published_at=aware_datetime(row["published_at"], time_zone=row["time_zone"]),
        source_type=row["source_type"],
        language=row.get("language", "en"),
        captured_text=(seed_dir / row["text_file"]).read_text(encoding="utf-8"),
    )
    validated(source, label=f"Source {url}").save()
    created.sources += 1
    return source


def aware_datetime(value: str, *, time_zone: str) -> dt.datetime:
    """Read "2025-06-16T06:00:00" as a wall-clock time in time_zone."""
    moment = dt.datetime.fromisoformat(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zoneinfo.ZoneInfo(time_zone))
    return moment


# --- Places and actors -----------------------------------------------------------------


def load_places(rows: list[Row], *, created: Created) -> dict[str, Place]:
    """Find or create each place by slug; a parent must be listed before its children."""
    places: dict[str, Place] = {}
    for row in rows:
        place = Place.objects.filter(slug=row["slug"]).first()
        if place is None:
            place = create_place(row, places=places)
            created.places += 1
        places[row["slug"]] = place
    return places


def create_place(row: Row, *, places: dict[str, Place]) -> Place:
    label = f"Place {row['slug']!r}"
    place = Place(
        slug=row["slug"],
        name=row["name"],
        kind=row["kind"],
        parent=look_up(places, row["parent"], label=label) if row.get("parent") else None,
        abbreviation=row.get("abbreviation", ""),
        latitude=optional_decimal(row.get("latitude")),
        longitude=optional_decimal(row.get("longitude")),
        time_zone=row.get("time_zone", ""),
        precision=row["precision"],
    )
    # The path is derived from the parent's in save().
    validated(place, label=label, exclude=("path",)).save()
    return place


def optional_decimal(value: str | float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def load_actors(rows: list[Row], *, created: Created) -> dict[str, Actor]:
    """Find or create each actor by slug; a parent must be listed before its children."""
    actors: dict[str, Actor] = {}
    for row in rows:
        actor = Actor.objects.filter(slug=row["slug"]).first()
        if actor is None:
            label = f"Actor {row['slug']!r}"
            actor = Actor(
                slug=row["slug"],
                name=row["name"],
                kind=row["kind"],
                parent=look_up(actors, row["parent"], label=label) if row.get("parent") else None,
                description=row.get("description", ""),
            )
            validated(actor, label=label).save()
            created.actors += 1
        actors[row["slug"]] = actor
    return actors


# --- Events ----------------------------------------------------------------------------


def load_events(
    rows: list[Row],
    *,
    source: Source,
    places: dict[str, Place],
    actors: dict[str, Actor],
    created: Created,
) -> dict[str, Event]:
    """Find or create each event by slug, with its evidence when it is new."""
    event_types = {event_type.slug: event_type for event_type in EventType.objects.all()}
    events: dict[str, Event] = {}
    new_rows: list[Row] = []
    for row in rows:
        event = Event.objects.filter(slug=row["slug"]).first()
        if event is None:
            event = create_event(row, event_types=event_types, places=places)
            add_evidence(event, row, source=source, actors=actors)
            new_rows.append(row)
            created.event_slugs.add(row["slug"])
        events[row["slug"]] = event
    # A second pass, so an event may be part of one listed after it.
    for row in new_rows:
        link_part_of(events[row["slug"]], row, events=events)
    return events


def create_event(row: Row, *, event_types: dict[str, EventType], places: dict[str, Place]) -> Event:
    """Save a new event from its seed row; Event.save() stamps published_at."""
    label = f"Event {row['slug']!r}"
    if row["type"] not in event_types:
        raise CommandError(f"{label} has type {row['type']!r}, which is not an event type.")
    try:
        precision = DatePrecision.from_slug(row["precision"])
    except ValueError as error:
        raise CommandError(f"{label}: {error}") from None
    event = Event(
        slug=row["slug"],
        title=row["title"],
        summary=row.get("summary", ""),
        event_type=event_types[row["type"]],
        status=row["status"],
        date_text=row["date_text"],
        anchor=dt.date.fromisoformat(row["anchor"]),
        start=dt.date.fromisoformat(row["start"]),
        end=dt.date.fromisoformat(row["end"]),
        precision=precision,
        certainty=row["certainty"],
        time_of_day=row.get("time_of_day", ""),
        time_zone=row["time_zone"],
        place=look_up(places, row["place"], label=label) if row.get("place") else None,
        editorial_status=row["editorial_status"],
        verification=row["verification"],
        is_key=row.get("is_key", False),
    )
    # save() stamps published_at, so the published-has-a-date constraint is checked there.
    validated(event, label=label, exclude=("published_at",)).save()
    return event


def add_evidence(event: Event, row: Row, *, source: Source, actors: dict[str, Actor]) -> None:
    """Attach a new event's citations, counts and actor roles from its seed row."""
    label = f"Event {row['slug']!r}"
    for position, citation in enumerate(row["citations"]):
        if citation["quote"] not in source.captured_text:
            raise CommandError(f"{label} quotes words that are not in the article: {citation}")
        validated(
            EventSource(
                event=event,
                source=source,
                quote=citation["quote"],
                supports=citation["supports"],
                position=position,
            ),
            label=f"{label} citation {position + 1}",
        ).save()
    for position, count in enumerate(row["counts"]):
        validated(
            Count(event=event, source=source, position=position, **count),
            label=f"{label} count {position + 1}",
        ).save()
    for role in row["actors"]:
        actor = look_up(actors, role["actor"], label=label)
        validated(
            EventActor(event=event, actor=actor, role=role["role"]),
            label=f"{label} actor {role['actor']!r}",
        ).save()


def link_part_of(event: Event, row: Row, *, events: dict[str, Event]) -> None:
    """Point a new event at the wider event it belongs to, if the seed names one."""
    if row.get("part_of") is None:
        return
    part_of = events.get(row["part_of"])
    if part_of is None:
        raise CommandError(
            f"Event {row['slug']!r} is part of {row['part_of']!r}, which is not in the seed."
        )
    event.part_of = part_of
    event.save(update_fields=["part_of", "updated_at"])


# --- Timeline --------------------------------------------------------------------------


def load_timeline(row: Row, *, events: dict[str, Event], created: Created) -> Timeline:
    """Find or create the timeline by slug and put the seeded events on it.

    An event goes on the timeline only when the timeline or the event is new in this
    run, so an editor who has taken an event off the timeline does not see it return.
    The events the seed's "story" names are key events, each with its narrative line.
    """
    timeline = Timeline.objects.filter(slug=row["slug"]).first()
    timeline_is_new = timeline is None
    if timeline is None:
        timeline = Timeline(
            slug=row["slug"],
            title=row["title"],
            description=row.get("description", ""),
            ordering=row["ordering"],
            is_published=row["is_published"],
        )
        validated(timeline, label=f"Timeline {row['slug']!r}").save()
        created.timelines += 1
    story = row.get("story", {})
    unknown = sorted(set(story) - set(row["events"]))
    if unknown:
        raise CommandError(f"Timeline {row['slug']!r}: its story names {unknown}, not its events.")
    for slug in row["events"]:
        event = look_up(events, slug, label=f"Timeline {row['slug']!r}")
        if timeline_is_new or slug in created.event_slugs:
            # A key event of the story, with its narrative line, is one more entry field.
            entry = TimelineEvent(
                timeline=timeline, event=event, is_key=slug in story, narrative=story.get(slug, "")
            )
            if not TimelineEvent.objects.filter(timeline=timeline, event=event).exists():
                validated(entry, label=f"Timeline {row['slug']!r}, {slug}").save()
    return timeline

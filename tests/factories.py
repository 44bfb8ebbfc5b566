"""Small makers of test data: make_event(title="Raid", place=chicago) and friends.

Every maker takes keyword overrides and fills the rest with plain, valid values.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from django.contrib.auth.models import Group, User

from timeline.models import (
    Actor,
    ActorKind,
    ActorRole,
    Count,
    EditorialStatus,
    Event,
    EventActor,
    EventSource,
    EventType,
    Measure,
    Place,
    PlaceKind,
    Source,
    Timeline,
    TimelineEvent,
)

_numbers = itertools.count(1)


def make_user(*, role: str = "Editor", username: str | None = None, **overrides: Any) -> User:
    """A staff user in the Reporter or Editor group."""
    username = username or f"{role.lower()}{next(_numbers)}"
    user = User.objects.create_user(
        username=username, password="correct horse battery", is_staff=True, **overrides
    )
    user.groups.add(Group.objects.get(name=role))
    return user


def make_place(**overrides: Any) -> Place:
    fields = {"name": f"Place {next(_numbers)}", "kind": PlaceKind.CITY} | overrides
    return Place.objects.create(**fields)


def make_actor(**overrides: Any) -> Actor:
    fields = {"name": f"Actor {next(_numbers)}", "kind": ActorKind.PERSON} | overrides
    return Actor.objects.create(**fields)


def make_source(**overrides: Any) -> Source:
    n = next(_numbers)
    fields = {
        "url": f"https://news.example.org/story-{n}",
        "outlet": "Example News",
        "headline": f"Story {n}",
    } | overrides
    return Source.objects.create(**fields)


def make_event(**overrides: Any) -> Event:
    """An event; published unless editorial_status says otherwise."""
    start = overrides.pop("start", dt.date(2025, 6, 14))
    fields = {
        "title": f"Event {next(_numbers)}",
        "event_type": EventType.objects.get(slug=overrides.pop("type", "rally")),
        "start": start,
        "end": start,
        "editorial_status": EditorialStatus.PUBLISHED,
    } | overrides
    return Event.objects.create(**fields)


def make_citation(event: Event, **overrides: Any) -> EventSource:
    fields = {"source": overrides.pop("source", None) or make_source(), "quote": "It happened."}
    return EventSource.objects.create(event=event, **(fields | overrides))


def make_actor_role(event: Event, **overrides: Any) -> EventActor:
    """The actor's part in the event; an organizer unless role says otherwise."""
    fields = {"actor": overrides.pop("actor", None) or make_actor(), "role": ActorRole.ORGANIZER}
    return EventActor.objects.create(event=event, **(fields | overrides))


def make_count(event: Event, **overrides: Any) -> Count:
    fields = {"measure": Measure.PARTICIPANTS, "low": 100} | overrides
    return Count.objects.create(event=event, **fields)


def make_timeline(*events: Event, **overrides: Any) -> Timeline:
    n = next(_numbers)
    fields = {"title": f"Timeline {n}", "slug": f"timeline-{n}", "is_published": True} | overrides
    timeline = Timeline.objects.create(**fields)
    for event in events:
        TimelineEvent.objects.create(timeline=timeline, event=event)
    return timeline


def make_key_entry(timeline: Timeline, event: Event, narrative: str = "") -> TimelineEvent:
    """Put the event on the timeline as a step of its story, with a narrative line."""
    entry, _ = TimelineEvent.objects.update_or_create(
        timeline=timeline,
        event=event,
        defaults={"is_key": True, "narrative": narrative or f"What {event.title} tells."},
    )
    return entry

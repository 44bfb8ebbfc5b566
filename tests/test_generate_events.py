"""`manage.py generate_events`: synthetic events for benchmarks and demos."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import F

from timeline.dates import DatePrecision
from timeline.models import (
    Actor,
    Count,
    EditorialStatus,
    Event,
    EventActor,
    EventSource,
    EventType,
    Place,
    Source,
    Timeline,
    TimelineEvent,
)

pytestmark = pytest.mark.django_db


def generate(*args: str) -> str:
    out = StringIO()
    call_command("generate_events", *args, stdout=out)
    return out.getvalue()


def run_events(tag: str) -> list[Event]:
    """The events one run made, in the order it made them."""
    events = Event.objects.filter(slug__contains=f"-{tag}-")
    return sorted(events, key=lambda event: int(event.slug.rsplit("-", 1)[1]))


def test_generates_the_events_asked_for_with_their_evidence() -> None:
    output = generate("--count", "300", "--seed", "3")

    assert Event.objects.count() == 300
    assert "Created 300 events" in output
    assert re.search(r"in \d+\.\d s\.", output)
    assert set(Event.objects.values_list("event_type__slug", flat=True)) == set(
        EventType.objects.values_list("slug", flat=True)
    )
    for event in Event.objects.prefetch_related("citations", "counts", "actor_roles"):
        assert 1 <= len(event.citations.all()) <= 3
        assert all(citation.quote for citation in event.citations.all())
        assert len(event.counts.all()) <= 2
        assert len(event.actor_roles.all()) <= 3
    assert Count.objects.exists()
    assert EventActor.objects.exists()
    assert 20 <= Source.objects.count() <= 400
    assert Source.objects.filter(url__startswith="https://news.example.org/").count() == (
        Source.objects.count()
    )


def test_generated_rows_pass_the_models_own_validation() -> None:
    generate("--count", "300", "--seed", "4")

    for model in (Event, EventSource, Count, EventActor, Source, Place, Actor, TimelineEvent):
        for row in model.objects.all():
            row.full_clean()
    assert not Event.objects.filter(end__lt=F("start")).exists()
    assert set(Event.objects.values_list("precision", flat=True)) >= {
        DatePrecision.DAY,
        DatePrecision.WEEK,
        DatePrecision.MONTH,
        DatePrecision.TIME,
    }


def test_published_events_have_a_publication_time_and_some_are_hidden() -> None:
    generate("--count", "300", "--seed", "5")

    published = Event.objects.filter(editorial_status=EditorialStatus.PUBLISHED)
    assert published.count() > 200
    assert not published.filter(published_at__isnull=True).exists()
    assert not Event.objects.exclude(editorial_status=EditorialStatus.PUBLISHED).filter(
        published_at__isnull=False
    )
    assert Event.objects.drafts().filter(editorial_status=EditorialStatus.DRAFT).exists()
    assert Event.objects.drafts().filter(editorial_status=EditorialStatus.IN_REVIEW).exists()
    assert Event.objects.trashed().exists()
    assert Event.objects.published().count() < Event.objects.count()


def test_demo_timelines_hold_a_good_share_including_hidden_events() -> None:
    generate("--count", "300", "--seed", "6")

    timelines = Timeline.objects.all()
    assert len(timelines) == 4
    assert all(timeline.title.startswith("Demo timeline") for timeline in timelines)
    assert timelines.filter(is_published=False).exists()
    on_a_timeline = Event.objects.filter(timeline_entries__isnull=False).distinct().count()
    assert on_a_timeline >= 60
    # Something for leak tests to hide: a published timeline holding unpublished events.
    assert TimelineEvent.objects.filter(
        timeline__is_published=True,
        event__editorial_status__in=[EditorialStatus.DRAFT, EditorialStatus.IN_REVIEW],
    ).exists()


def test_one_timeline_publishes_every_event_in_a_single_published_timeline() -> None:
    generate("--count", "120", "--seed", "6", "--one-timeline")
    generate("--count", "120", "--seed", "6")

    (timeline,) = Timeline.objects.filter(title__startswith="Benchmark timeline")
    assert timeline.is_published
    assert timeline.events.count() == 120
    assert Event.objects.published().filter(timeline_entries__timeline=timeline).count() == 120
    # The same seed's titles and dates as without the option; only the publishing differs.
    assert [e.title for e in run_events("s6r1")] == [e.title for e in run_events("s6r2")]


def test_the_same_seed_gives_the_same_titles_and_dates() -> None:
    generate("--count", "60", "--seed", "7")
    places = Place.objects.count()
    output = generate("--count", "60", "--seed", "7")
    generate("--count", "60", "--seed", "8")

    first, second, other = run_events("s7r1"), run_events("s7r2"), run_events("s8r1")

    def block(events: list[Event]) -> list[tuple]:
        return [(e.title, e.start, e.end, e.precision, e.date_text) for e in events]

    assert len(first) == len(second) == 60
    assert block(first) == block(second)
    assert block(first) != block(other)
    # Each run adds events and sources but shares the places.
    assert "run tag s7r2" in output
    assert Event.objects.count() == 180
    assert Place.objects.count() == places


def test_a_smaller_count_gives_the_first_events_of_a_bigger_one() -> None:
    generate("--count", "30", "--seed", "9")
    generate("--count", "90", "--seed", "9")

    small, big = run_events("s9r1"), run_events("s9r2")

    assert [e.title for e in small] == [e.title for e in big[:30]]


def test_places_form_a_hierarchy_with_their_place_lines() -> None:
    generate("--count", "20")

    south_loop = Place.objects.get(slug="south-loop")
    assert south_loop.path == "united-states/illinois/chicago/south-loop/"
    assert south_loop.display_name == "South Loop, Chicago, IL"
    assert Place.objects.get(slug="boyle-heights").display_name == "Boyle Heights, Los Angeles, CA"
    assert Place.objects.get(slug="el-paso").effective_time_zone == "America/Denver"
    for place in Place.objects.select_related("parent"):
        parent_path = place.parent.path if place.parent else ""
        assert place.path == f"{parent_path}{place.slug}/"
        assert place.display_name == place.place_line()
        assert place.latitude is not None
        assert place.time_zone
    assert Place.objects.count() >= 30


def test_events_take_the_time_zone_of_their_place() -> None:
    generate("--count", "200", "--seed", "10")

    for event in Event.objects.filter(place__isnull=False).select_related("place"):
        assert event.time_zone == event.place.effective_time_zone


@pytest.mark.parametrize(
    ("count", "message"),
    [
        ("0", "between 1 and 2,000,000"),
        ("-5", "between 1 and 2,000,000"),
        ("2000001", "between 1 and 2,000,000"),
        ("many", "invalid int value"),
    ],
)
def test_a_bad_count_is_refused_and_nothing_is_made(count: str, message: str) -> None:
    with pytest.raises(CommandError, match=message):
        generate("--count", count)

    assert not Event.objects.exists()
    assert not Source.objects.exists()

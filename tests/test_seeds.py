"""The seed timeline and `manage.py load_seeds`, which must be safe to run again."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from reversion.models import Revision, Version

from timeline.models import Event, EventSource, Place, Source, Timeline

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SEED_FILE = SEEDS / "ice-in-chicago-june-2025.json"
ARTICLE_FILE = SEEDS / "block-club-chicago-2025-06-16.txt"

TRUMP_ORDER = "2025-06-15-trump-orders-ice-to-expand-deportations"
CHICAGO_RALLY = "2025-06-14-no-kings-rally-in-chicago"
NATIONWIDE_RALLIES = "2025-06-14-no-kings-rallies-across-the-united-states"
CHIEF_OF_STAFF_REMARKS = "2025-06-09-chief-of-staff-says-federal-agents-have-48-hours-to-deploy"
SOUTH_LOOP_ARRESTS = "2025-06-01-ice-arrests-at-least-10-at-south-loop-check-ins"


def load_seeds(*args: str) -> str:
    out = StringIO()
    call_command("load_seeds", *args, stdout=out)
    return out.getvalue().strip()


def row_counts() -> dict[str, int]:
    """Rows in every Dateline model, and in the history tables."""
    models = [*apps.get_app_config("timeline").get_models(), Revision, Version]
    return {model._meta.label: model._default_manager.count() for model in models}


@pytest.mark.django_db
def test_load_seeds_creates_the_demo_timeline():
    output = load_seeds()

    assert output == "Created 1 source, 6 places, 11 actors, 9 events, 1 timeline."
    timeline = Timeline.objects.published().get(slug="ice-in-chicago-june-2025")
    assert timeline.title == "ICE in Chicago, June 2025"
    events = {event.slug: event for event in timeline.published_events()}
    assert len(events) == 9
    assert events[TRUMP_ORDER].display_date == "Sunday night, June 15, 2025"
    assert events[CHIEF_OF_STAFF_REMARKS].display_date == "Week of June 9, 2025"
    assert events[SOUTH_LOOP_ARRESTS].display_date == "June 2025"
    assert events[SOUTH_LOOP_ARRESTS].counts.get().display == "at least 10 arrested"
    rally_counts = [count.display for count in events[CHICAGO_RALLY].counts.all()]
    assert "70,000" in rally_counts[0]
    assert "organizers" in rally_counts[0]
    assert events[CHICAGO_RALLY].part_of == events[NATIONWIDE_RALLIES]


@pytest.mark.django_db
def test_seed_source_keeps_the_article_as_captured():
    load_seeds()

    source = Source.objects.get()
    assert source.outlet == "Block Club Chicago"
    assert source.captured_text == ARTICLE_FILE.read_text(encoding="utf-8")
    assert source.published_at.isoformat() == "2025-06-16T11:00:00+00:00"


@pytest.mark.django_db
def test_loading_seeds_twice_creates_nothing_new():
    load_seeds()
    before = row_counts()

    output = load_seeds()

    assert output == "Seed data already loaded; nothing changed."
    assert row_counts() == before
    assert before["timeline.Event"] == 9


@pytest.mark.django_db
def test_every_seed_quote_is_in_the_article():
    article = ARTICLE_FILE.read_text(encoding="utf-8")
    seed = json.loads(SEED_FILE.read_text(encoding="utf-8"))
    quotes = [citation["quote"] for event in seed["events"] for citation in event["citations"]]
    load_seeds()

    assert len(quotes) == EventSource.objects.count() > 0
    for quote in quotes:
        assert quote in article, quote
    for citation in EventSource.objects.select_related("source"):
        assert citation.quote in citation.source.captured_text


@pytest.mark.django_db
def test_a_quote_not_in_the_article_stops_the_whole_load(tmp_path):
    seed = json.loads(SEED_FILE.read_text(encoding="utf-8"))
    seed["events"][-1]["citations"][0]["quote"] = "Words the article never used."
    (tmp_path / "seed.json").write_text(json.dumps(seed), encoding="utf-8")
    (tmp_path / ARTICLE_FILE.name).write_text(ARTICLE_FILE.read_text(encoding="utf-8"))

    with pytest.raises(CommandError, match="not in the article"):
        load_seeds("--file", str(tmp_path / "seed.json"))

    assert Event.objects.count() == 0
    assert Source.objects.count() == 0


@pytest.mark.django_db
def test_seeded_events_have_places_inside_the_hierarchy():
    load_seeds()

    south_loop = Place.objects.get(slug="south-loop")
    assert south_loop.display_name == "South Loop, Chicago, IL"
    assert Place.objects.get(slug="los-angeles").display_name == "Los Angeles, CA"
    arrests = Event.objects.get(slug=SOUTH_LOOP_ARRESTS)
    assert arrests.place == south_loop
    illinois = Place.objects.get(slug="illinois")
    assert arrests in Event.objects.in_place(illinois)
    assert Event.objects.in_place(illinois).count() == 7
    assert Event.objects.in_place(Place.objects.get(slug="united-states")).count() == 9


@pytest.mark.django_db
def test_seeded_events_have_history():
    load_seeds()

    for event in Event.objects.all():
        versions = Version.objects.get_for_object(event)
        assert versions.exists(), event.slug
        assert versions.first().revision.comment == "Loaded from seeds"


@pytest.mark.django_db
def test_the_seed_timeline_tells_a_story_of_its_key_events():
    load_seeds()

    timeline = Timeline.objects.get(slug="ice-in-chicago-june-2025")
    steps = list(timeline.story_events())
    assert [event.slug for event in steps] == [
        SOUTH_LOOP_ARRESTS,
        "2025-06-09-national-guard-and-marines-deployed-in-los-angeles",
        "2025-06-11-johnson-calls-on-chicago-to-resist",
        CHICAGO_RALLY,
        TRUMP_ORDER,
    ]
    assert all(event.narrative for event in steps)
    load_seeds()
    assert timeline.story_events().count() == 5


@pytest.mark.django_db
def test_a_story_naming_an_event_not_on_the_timeline_stops_the_load(tmp_path):
    seed = json.loads(SEED_FILE.read_text(encoding="utf-8"))
    seed["timeline"]["story"]["no-such-event"] = "A line."
    (tmp_path / "seed.json").write_text(json.dumps(seed), encoding="utf-8")
    (tmp_path / ARTICLE_FILE.name).write_text(ARTICLE_FILE.read_text(encoding="utf-8"))

    with pytest.raises(CommandError, match="no-such-event"):
        load_seeds("--file", str(tmp_path / "seed.json"))

    assert Timeline.objects.count() == 0

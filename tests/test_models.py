"""The model's rules, held by the database itself, and the QuerySet vocabulary."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tests.factories import (
    make_actor,
    make_count,
    make_event,
    make_place,
    make_source,
    make_timeline,
    make_user,
)
from timeline.dates import DatePrecision
from timeline.models import (
    ActorRole,
    EditorialStatus,
    Estimator,
    Event,
    EventActor,
    EventType,
    Measure,
    Place,
    PlaceKind,
    Qualifier,
    Source,
    TimelineOrder,
    normalize_url,
)

pytestmark = pytest.mark.django_db

D = dt.date


def refused(write) -> None:
    """Assert the database refuses the write."""
    with pytest.raises(IntegrityError), transaction.atomic():
        write()


# --- Constraints in the database ---------------------------------------------------


def test_database_refuses_an_event_ending_before_it_starts():
    event = make_event(start=D(2025, 6, 14))
    refused(lambda: Event.objects.filter(pk=event.pk).update(end=D(2025, 6, 13)))


def test_database_refuses_a_count_whose_low_is_above_its_high():
    event = make_event()
    refused(lambda: make_count(event, low=500, high=100))


def test_database_refuses_a_count_with_neither_number_nor_words():
    event = make_event()
    refused(lambda: make_count(event, low=None, high=None, words=""))


def test_database_refuses_duplicate_event_slugs():
    make_event(slug="no-kings")
    refused(lambda: make_event(slug="no-kings"))


def test_database_refuses_the_same_source_url_twice_after_normalising():
    make_source(url="https://blockclubchicago.org/2025/06/16/ice/")
    refused(
        lambda: make_source(url="HTTPS://BlockClubChicago.org/2025/06/16/ice?utm_source=twitter")
    )


def test_database_refuses_coordinates_off_the_globe():
    refused(lambda: make_place(latitude=91, longitude=0))


def test_database_refuses_a_published_event_without_a_publication_time():
    event = make_event()
    refused(lambda: Event.objects.filter(pk=event.pk).update(published_at=None))


def test_database_refuses_an_event_type_colour_that_is_not_hex():
    refused(
        lambda: EventType.objects.create(slug="vigil", name="Vigil", colour="red", description="")
    )


def test_event_clean_explains_an_end_before_the_start():
    event = Event(title="Backwards", start=D(2025, 6, 14), end=D(2025, 6, 1))
    with pytest.raises(ValidationError, match="before the start"):
        event.clean()


# --- Sources -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTPS://Example.ORG/News/Story/", "https://example.org/News/Story"),
        ("https://example.org:443/a?utm_source=x&id=7&fbclid=abc", "https://example.org/a?id=7"),
        ("http://example.org:8080/a#comments", "http://example.org:8080/a"),
        ("https://example.org/?b=2&a=1", "https://example.org?b=2&a=1"),
    ],
)
def test_source_urls_are_normalised(url, expected):
    assert normalize_url(url) == expected


@pytest.mark.parametrize(
    "url", ["ftp://example.org/file", "example.org/story", "javascript:alert(1)"]
)
def test_source_urls_must_be_web_addresses(url):
    with pytest.raises(ValidationError, match="http"):
        normalize_url(url)


def test_source_is_stored_with_its_normalised_url():
    source = make_source(url="https://Example.org/story/?utm_medium=email")
    source.refresh_from_db()
    assert source.url == "https://example.org/story"
    assert Source.objects.filter(url=normalize_url("https://example.org/story/")).exists()


# --- Places ------------------------------------------------------------------------


def make_chicago() -> tuple[Place, Place, Place]:
    illinois = make_place(name="Illinois", kind=PlaceKind.STATE, abbreviation="IL")
    chicago = make_place(name="Chicago", kind=PlaceKind.CITY, parent=illinois)
    south_loop = make_place(name="South Loop", kind=PlaceKind.NEIGHBOURHOOD, parent=chicago)
    return illinois, chicago, south_loop


def test_place_line_names_the_city_and_state():
    _, chicago, south_loop = make_chicago()
    assert south_loop.display_name == "South Loop, Chicago, IL"
    assert chicago.display_name == "Chicago, IL"


def test_places_inside_a_city_are_found_at_any_depth():
    illinois, chicago, south_loop = make_chicago()
    elsewhere = make_place(name="Springfield", parent=illinois)
    assert set(Place.objects.within(chicago)) == {chicago, south_loop}
    assert set(Place.objects.within(illinois)) == {illinois, chicago, south_loop, elsewhere}


def test_moving_a_place_moves_everything_inside_it():
    _illinois, chicago, south_loop = make_chicago()
    indiana = make_place(name="Indiana", kind=PlaceKind.STATE, abbreviation="IN")
    chicago.parent = indiana
    chicago.save()
    south_loop.refresh_from_db()
    assert south_loop.path.startswith(indiana.path)
    assert south_loop.display_name == "South Loop, Chicago, IN"


def test_a_place_cannot_be_inside_itself():
    _, chicago, south_loop = make_chicago()
    chicago.parent = south_loop
    with pytest.raises(ValidationError, match="inside itself"):
        chicago.clean()


def test_a_place_takes_its_time_zone_from_the_nearest_parent():
    illinois, _chicago, south_loop = make_chicago()
    illinois.time_zone = "America/Chicago"
    illinois.save()
    south_loop.refresh_from_db()
    assert south_loop.effective_time_zone == "America/Chicago"


# --- Counts ------------------------------------------------------------------------


def test_counts_show_their_range_and_who_estimated_them():
    event = make_event()
    crowd = make_count(event, low=70_000, estimated_by=Estimator.ORGANIZERS)
    arrests = make_count(event, measure=Measure.ARRESTED, low=10, qualifier=Qualifier.AT_LEAST)
    spread = make_count(event, low=5_000, high=10_000, estimated_by=Estimator.POLICE)
    words = make_count(event, low=None, words="millions of people")
    assert crowd.display == "70,000 participants (organizers’ estimate)"
    assert arrests.display == "at least 10 arrested"
    assert spread.display == "5,000–10,000 participants (police estimate)"
    assert words.display == "millions of people"


# --- Events and their QuerySets ----------------------------------------------------


def test_published_excludes_drafts_reviews_and_the_trash():
    editor = make_user(role="Editor")
    public = make_event(title="Public")
    make_event(title="Draft", editorial_status=EditorialStatus.DRAFT)
    make_event(title="In review", editorial_status=EditorialStatus.IN_REVIEW)
    trashed = make_event(title="Trashed")
    trashed.trash(by=editor)
    assert list(Event.objects.published()) == [public]
    assert set(Event.objects.trashed()) == {trashed}


def test_published_with_lookups_still_excludes_drafts_and_the_trash():
    editor = make_user(role="Editor")
    raid = make_event(title="Raid", type="raid")
    make_event(title="Draft raid", type="raid", editorial_status=EditorialStatus.DRAFT)
    trashed = make_event(title="Trashed raid", type="raid")
    trashed.trash(by=editor)
    make_event(title="Rally", type="rally")
    assert list(Event.objects.published(event_type__slug="raid")) == [raid]


def test_restoring_from_the_trash_brings_an_event_back_as_it_was():
    editor = make_user(role="Editor")
    event = make_event(title="Rally")
    event.trash(by=editor)
    event.restore(by=editor)
    assert list(Event.objects.published()) == [event]


def test_a_reporter_cannot_bring_a_published_event_back_from_the_trash():
    from django.core.exceptions import PermissionDenied

    editor, reporter = make_user(role="Editor"), make_user(role="Reporter")
    event = make_event(title="Rally")
    event.trash(by=editor)
    with pytest.raises(PermissionDenied):
        event.restore(by=reporter)
    assert list(Event.objects.trashed()) == [event]


def test_a_published_event_passes_full_clean_before_its_first_save():
    rally = Event(
        title="Rally",
        event_type=EventType.objects.get(slug="rally"),
        start=dt.date(2025, 6, 14),
        date_text="Saturday",
        editorial_status=EditorialStatus.PUBLISHED,
    )
    rally.full_clean(exclude=["slug"])
    assert rally.published_at is not None


def test_events_sort_by_start_then_day_before_week_before_month():
    month = make_event(start=D(2025, 6, 1), end=D(2025, 6, 30), precision=DatePrecision.MONTH)
    week = make_event(start=D(2025, 6, 1), end=D(2025, 6, 7), precision=DatePrecision.WEEK)
    day = make_event(start=D(2025, 6, 1))
    earlier = make_event(start=D(2025, 5, 31))
    assert list(Event.objects.chronological()) == [earlier, day, week, month]


def test_between_finds_events_whose_dates_overlap_the_range():
    june = make_event(start=D(2025, 6, 1), end=D(2025, 6, 30), precision=DatePrecision.MONTH)
    tenth = make_event(start=D(2025, 6, 10))
    july = make_event(start=D(2025, 7, 4))
    assert set(Event.objects.between(D(2025, 6, 9), D(2025, 6, 15))) == {june, tenth}
    assert set(Event.objects.between(D(2025, 7, 1), None)) == {july}
    assert set(Event.objects.between(None, D(2025, 6, 5))) == {june}


def test_of_type_in_place_and_involving_narrow_events():
    _, chicago, south_loop = make_chicago()
    los_angeles = make_place(name="Los Angeles")
    ice = make_actor(name="ICE")
    arrests = make_event(type="arrest", place=south_loop)
    rally = make_event(type="rally", place=chicago)
    deployment = make_event(type="deployment", place=los_angeles)
    EventActor.objects.create(event=arrests, actor=ice, role=ActorRole.ENFORCING_AGENCY)
    assert set(Event.objects.of_type("arrest", "deployment")) == {arrests, deployment}
    assert set(Event.objects.in_place(chicago)) == {arrests, rally}
    assert list(Event.objects.involving(ice)) == [arrests]


def test_timeline_shows_its_published_events_in_its_order():
    first = make_event(start=D(2025, 6, 10))
    second = make_event(start=D(2025, 6, 14))
    draft = make_event(start=D(2025, 6, 12), editorial_status=EditorialStatus.DRAFT)
    timeline = make_timeline(second, draft, first)
    assert list(timeline.published_events()) == [first, second]
    timeline.ordering = TimelineOrder.NEWEST_FIRST
    assert list(timeline.published_events()) == [second, first]


def test_event_slug_is_made_from_date_and_title_and_never_changes():
    event = make_event(title="No Kings rally", start=D(2025, 6, 14))
    assert event.slug == "2025-06-14-no-kings-rally"
    event.title = "No Kings rally draws 70,000"
    event.save()
    event.refresh_from_db()
    assert event.slug == "2025-06-14-no-kings-rally"
    assert make_event(title="No Kings rally", start=D(2025, 6, 14)).slug.endswith("-2")


def test_a_reporter_cannot_publish_through_the_model():
    from django.core.exceptions import PermissionDenied

    reporter = make_user(role="Reporter")
    draft = make_event(editorial_status=EditorialStatus.DRAFT)
    with pytest.raises(PermissionDenied):
        draft.publish(by=reporter)
    draft.refresh_from_db()
    assert draft.editorial_status == EditorialStatus.DRAFT


def test_publishing_stamps_the_time_and_unpublishing_clears_it():
    editor = make_user(role="Editor")
    draft = make_event(editorial_status=EditorialStatus.DRAFT)
    assert draft.published_at is None
    draft.publish(by=editor)
    draft.refresh_from_db()
    assert draft.published_at is not None
    draft.unpublish(by=editor)
    draft.refresh_from_db()
    assert draft.published_at is None
    assert draft.editorial_status == EditorialStatus.DRAFT

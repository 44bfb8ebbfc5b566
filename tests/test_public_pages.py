"""The public pages show published events only; anything else does not exist."""

from __future__ import annotations

import pytest

from tests.factories import make_citation, make_event, make_timeline, make_user
from timeline.models import EditorialStatus

pytestmark = pytest.mark.django_db


def test_home_lists_published_timelines_and_events_only(client):
    make_event(title="Published rally")
    make_event(title="Draft raid", editorial_status=EditorialStatus.DRAFT)
    make_timeline(title="Visible timeline")
    make_timeline(title="Hidden timeline", is_published=False)
    page = client.get("/").content.decode()
    assert "Published rally" in page
    assert "Visible timeline" in page
    assert "Draft raid" not in page
    assert "Hidden timeline" not in page


def test_timeline_page_leaves_out_drafts_and_the_trash(client):
    editor = make_user(role="Editor")
    shown = make_event(title="Shown event")
    draft = make_event(title="Draft event", editorial_status=EditorialStatus.IN_REVIEW)
    trashed = make_event(title="Trashed event")
    trashed.trash(by=editor)
    timeline = make_timeline(shown, draft, trashed)
    page = client.get(timeline.get_absolute_url()).content.decode()
    assert "Shown event" in page
    assert "Draft event" not in page
    assert "Trashed event" not in page


def test_unpublished_timeline_is_not_found(client):
    timeline = make_timeline(make_event(), is_published=False)
    assert client.get(timeline.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("status", [EditorialStatus.DRAFT, EditorialStatus.IN_REVIEW])
def test_unpublished_event_page_is_not_found(client, status):
    event = make_event(editorial_status=status)
    assert client.get(event.get_absolute_url()).status_code == 404


def test_event_page_shows_its_date_source_and_quote(client):
    event = make_event(title="March against ICE raids", date_text="Tuesday")
    make_citation(event, quote="Chicagoans took to the streets Tuesday")
    page = client.get(event.get_absolute_url()).content.decode()
    assert "June 14, 2025" in page
    assert "Chicagoans took to the streets Tuesday" in page
    assert "“Tuesday”" in page


def test_what_journalists_type_is_escaped_on_the_page(client):
    event = make_event(title="<script>alert('x')</script>")
    page = client.get(event.get_absolute_url()).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;" in page


def test_public_pages_cost_the_same_queries_for_many_events(client, django_assert_max_num_queries):
    events = [make_event() for _ in range(3)]
    for event in events:
        make_citation(event)
    timeline = make_timeline(*events)
    # Eleven cold: the page's keys, then its cards in full (timeline.cards).
    with django_assert_max_num_queries(11):
        client.get(timeline.get_absolute_url())
    more = [make_event() for _ in range(20)]
    for event in more:
        make_citation(event)
        timeline.entries.create(event=event)
    with django_assert_max_num_queries(11):
        client.get(timeline.get_absolute_url())
    with django_assert_max_num_queries(2):  # the timelines, the latest events with their places
        client.get("/")

"""Story mode over HTTP: a timeline's published key events, one step a page, in order."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from tests.factories import (
    make_citation,
    make_count,
    make_event,
    make_key_entry,
    make_place,
    make_timeline,
    make_user,
)
from timeline.models import EditorialStatus

pytestmark = pytest.mark.django_db

HTMX_STEP = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "story-step"}
DRAFT_NARRATIVE = "A secret line about the courthouse arrest"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:
    """Trashing an event needs an editor; the real password hasher is slow on purpose."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def story():
    """Three published key events out of date order, a key draft, a key trashed event,
    a key event taken back, and an event that is not key."""
    chicago = make_place(name="Chicago")
    rally = make_event(title="No Kings rally", start=dt.date(2025, 6, 14), place=chicago)
    raid = make_event(title="Car wash raid", type="raid", start=dt.date(2025, 6, 10))
    make_citation(raid, quote="Agents arrived at 9 a.m.")
    make_count(raid, low=12, measure="detained")
    order = make_event(title="Trump orders ICE", type="order", start=dt.date(2025, 6, 15))
    march = make_event(title="March downtown", start=dt.date(2025, 6, 11))
    draft = make_event(
        title="Courthouse arrest",
        type="arrest",
        start=dt.date(2025, 6, 12),
        editorial_status=EditorialStatus.DRAFT,
    )
    trashed = make_event(title="Trashed rally", start=dt.date(2025, 6, 13))
    trashed.trash(by=make_user(role="Editor", username="trasher"))
    withdrawn = make_event(title="Withdrawn statement", type="statement", start=dt.date(2025, 6, 9))
    withdrawn.unpublish(by=make_user(role="Editor", username="unpublisher"))
    timeline = make_timeline(march, title="ICE in Chicago", slug="ice-in-chicago")
    make_key_entry(timeline, rally, "Tens of thousands answered on the streets.")
    make_key_entry(timeline, raid, "It began at a car wash.")
    make_key_entry(timeline, order, "Then the president gave his order.")
    make_key_entry(timeline, draft, DRAFT_NARRATIVE)
    make_key_entry(timeline, trashed, "A line for a trashed event")
    make_key_entry(timeline, withdrawn, "A line for a withdrawn event")
    return timeline


def step_heading(response) -> str:
    return re.search(r'<h2 id="story-step-heading"[^>]*>([^<]*)</h2>', response.content.decode())[1]


def card_titles(response) -> list[str]:
    return re.findall(r'<h3 id="title-\d+"><a [^>]*>([^<]*)</a>', response.content.decode())


def test_the_story_opens_at_its_first_key_event_with_its_narrative(client, story):
    response = client.get("/timelines/ice-in-chicago/story/")

    assert response.status_code == 200
    page = response.content.decode()
    assert step_heading(response) == "Step 1 of 3"
    assert "It began at a car wash." in page
    assert card_titles(response) == ["Car wash raid"]
    assert "12 detained" in page  # the same card as on the timeline
    assert "<title>ICE in Chicago: the story, step 1 of 3 · Dateline</title>" in page


def test_each_step_has_its_own_address_in_date_order(client, story):
    seen = []
    for number in (1, 2, 3):
        response = client.get(f"/timelines/ice-in-chicago/story/{number}/")
        assert response.status_code == 200
        assert step_heading(response) == f"Step {number} of 3"
        seen += card_titles(response)

    assert seen == ["Car wash raid", "No Kings rally", "Trump orders ICE"]


def test_next_and_previous_are_real_links_that_htmx_swaps(client, story):
    page = client.get("/timelines/ice-in-chicago/story/2/").content.decode()

    for rel, number in (("prev", 1), ("next", 3)):
        link = re.search(rf'<a [^>]*rel="{rel}"[^>]*>', page)[0]
        assert f'href="/timelines/ice-in-chicago/story/{number}/"' in link
        assert f'hx-get="/timelines/ice-in-chicago/story/{number}/"' in link
        assert 'hx-target="#story-step"' in link
        assert 'hx-push-url="true"' in link


def test_the_first_step_has_no_previous_and_the_last_no_next(client, story):
    first = client.get("/timelines/ice-in-chicago/story/1/").content.decode()
    last = client.get("/timelines/ice-in-chicago/story/3/").content.decode()

    assert 'rel="prev"' not in first
    assert 'rel="next"' in first
    assert 'rel="next"' not in last
    assert 'rel="prev"' in last
    assert "The end" in last


def test_every_step_is_listed_and_the_current_one_is_marked(client, story):
    page = client.get("/timelines/ice-in-chicago/story/2/").content.decode()
    steps = re.findall(r'<li><a href="/timelines/ice-in-chicago/story/(\d)/"([^>]*)>', page)

    assert [number for number, _ in steps] == ["1", "2", "3"]
    assert ['aria-current="step"' in attributes for _, attributes in steps] == [False, True, False]


def test_an_htmx_step_change_gets_only_the_step_with_its_title(client, story):
    response = client.get("/timelines/ice-in-chicago/story/3/", **HTMX_STEP)

    fragment = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in fragment
    assert '<section id="story-step"' in fragment
    assert "<title>ICE in Chicago: the story, step 3 of 3 · Dateline</title>" in fragment
    assert card_titles(response) == ["Trump orders ICE"]


def test_a_history_restore_gets_the_whole_page(client, story):
    response = client.get(
        "/timelines/ice-in-chicago/story/2/", **HTMX_STEP, HTTP_HX_HISTORY_RESTORE_REQUEST="true"
    )
    assert "<html" in response.content.decode()


def test_drafts_trashed_and_unpublished_key_events_are_not_steps(client, story):
    pages = [client.get(f"/timelines/ice-in-chicago/story/{n}/") for n in (1, 2, 3)]
    every_page = "".join(page.content.decode() for page in pages)

    assert all(step_heading(page).endswith("of 3") for page in pages)
    for hidden in ("Courthouse arrest", "Trashed rally", "Withdrawn statement"):
        assert hidden not in every_page
    for line in (DRAFT_NARRATIVE, "A line for a trashed event", "A line for a withdrawn event"):
        assert line not in every_page
    assert client.get("/timelines/ice-in-chicago/story/4/").status_code == 404


def test_an_event_on_the_timeline_but_not_key_is_not_a_step(client, story):
    every_page = "".join(
        client.get(f"/timelines/ice-in-chicago/story/{n}/").content.decode() for n in (1, 2, 3)
    )
    assert "March downtown" not in every_page


def test_a_step_past_the_end_is_a_404_that_says_how_long_the_story_is(client, story):
    for number in (0, 4, 99):
        response = client.get(f"/timelines/ice-in-chicago/story/{number}/")
        assert response.status_code == 404, number
        page = response.content.decode()
        assert "This story has 3 steps" in page, number
        assert 'href="/timelines/ice-in-chicago/story/1/"' in page, number


def test_a_timeline_without_key_events_has_no_story(client, db):
    make_timeline(make_event(title="A rally"), title="Plain", slug="plain")

    response = client.get("/timelines/plain/story/")

    assert response.status_code == 404
    page = response.content.decode()
    assert "This timeline has no story yet" in page
    assert 'href="/timelines/plain/"' in page


def test_a_timeline_whose_only_key_event_is_a_draft_has_no_story(client, db):
    draft = make_event(title="Courthouse arrest", editorial_status=EditorialStatus.IN_REVIEW)
    timeline = make_timeline(title="Unready", slug="unready")
    make_key_entry(timeline, draft, DRAFT_NARRATIVE)

    response = client.get("/timelines/unready/story/")

    assert response.status_code == 404
    assert "This timeline has no story yet" in response.content.decode()
    assert DRAFT_NARRATIVE not in response.content.decode()
    assert "/story/" not in client.get("/timelines/unready/").content.decode()


def test_an_unpublished_timeline_has_no_story(client, story):
    story.is_published = False
    story.save()

    assert client.get("/timelines/ice-in-chicago/story/").status_code == 404
    assert client.get("/timelines/ice-in-chicago/story/1/").status_code == 404


def test_the_timeline_page_offers_story_next_to_all_events(client, story):
    page = client.get("/timelines/ice-in-chicago/").content.decode()
    modes = re.search(r'<nav class="story-modes".*?</nav>', page, re.S)[0]

    assert re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', modes) == [
        ("/timelines/ice-in-chicago/", "All events"),
        ("/timelines/ice-in-chicago/story/", "Story"),
    ]


def test_the_timeline_page_hides_story_without_key_events(client, db):
    make_timeline(make_event(title="A rally"), slug="plain")

    page = client.get("/timelines/plain/").content.decode()

    assert "story-modes" not in page
    assert "/story/" not in page


def test_the_story_page_says_where_its_oembed_is(client, story):
    page = client.get("/timelines/ice-in-chicago/story/2/").content.decode()
    link = re.search(r'<link rel="alternate" type="application/json\+oembed" href="([^"]+)"', page)

    assert "url=http%3A%2F%2Ftestserver%2Ftimelines%2Fice-in-chicago%2Fstory%2F2%2F" in link[1]


def test_a_warm_repeat_of_a_step_makes_no_query(client, story, django_assert_num_queries):
    for address, extra in (
        ("/timelines/ice-in-chicago/story/", {}),
        ("/timelines/ice-in-chicago/story/2/", {}),
        ("/timelines/ice-in-chicago/story/2/", HTMX_STEP),
        ("/timelines/ice-in-chicago/story/9/", {}),
    ):
        first = client.get(address, **extra)
        with django_assert_num_queries(0):
            again = client.get(address, **extra)
        assert again.content == first.content, address
        assert again.status_code == first.status_code, address


def test_the_page_and_its_htmx_fragment_are_cached_apart(client, story):
    address = "/timelines/ice-in-chicago/story/2/"
    page = client.get(address)
    fragment = client.get(address, **HTMX_STEP)

    assert page["ETag"] != fragment["ETag"]
    assert "HX-Target" in page["Vary"]
    assert "<html" in client.get(address).content.decode()
    assert "<html" not in client.get(address, **HTMX_STEP).content.decode()
    assert page["Cache-Control"].startswith("public, ")


def test_a_changed_narrative_shows_at_once(client, story):
    address = "/timelines/ice-in-chicago/story/1/"
    first = client.get(address)
    entry = story.entries.get(event__title="Car wash raid")
    entry.narrative = "It began on a Tuesday at a car wash."
    entry.save()

    again = client.get(address, HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 200
    assert "It began on a Tuesday at a car wash." in again.content.decode()


def test_publishing_a_key_draft_adds_a_step(client, story):
    assert step_heading(client.get("/timelines/ice-in-chicago/story/")) == "Step 1 of 3"
    story.entries.get(event__title="Courthouse arrest").event.publish(
        by=make_user(role="Editor", username="publisher")
    )

    response = client.get("/timelines/ice-in-chicago/story/2/")  # June 12, between the two

    assert step_heading(response) == "Step 2 of 4"
    assert card_titles(response) == ["Courthouse arrest"]
    assert DRAFT_NARRATIVE in response.content.decode()


@pytest.mark.parametrize("steps", [2, 20])
def test_a_step_costs_the_same_queries_however_long_the_story(
    client, db, django_assert_max_num_queries, steps
):
    timeline = make_timeline(slug="long")
    for n in range(steps):
        event = make_event(start=dt.date(2025, 1, 1) + dt.timedelta(days=n))
        make_citation(event)
        make_count(event)
        make_key_entry(timeline, event)
        make_timeline(event)  # other timelines' entries are no part of it
    for _ in range(steps):
        timeline.entries.create(event=make_event())  # not key

    # 9 with a cold cache: timeline, step ids, event, 2 prefetches, and the timeline's
    # axis (its aggregate and publication marker, cached per data version after that).
    with django_assert_max_num_queries(9):
        assert client.get("/timelines/long/story/2/").status_code == 200
    with django_assert_max_num_queries(9):
        assert client.get("/timelines/long/story/").status_code == 200


def test_a_story_page_sets_no_cookie_and_holds_no_csrf_token(client, story):
    response = client.get("/timelines/ice-in-chicago/story/")

    assert not response.cookies
    assert "csrfmiddlewaretoken" not in response.content.decode()


def test_a_step_shows_the_timeline_axis_whose_periods_open_the_list(client, db):
    timeline = make_timeline(slug="axis-story")
    make_key_entry(timeline, make_event(start=dt.date(2025, 6, 14)), "The march.")

    page = client.get("/timelines/axis-story/story/").content.decode()

    assert 'class="axis axis-compact"' in page
    assert 'href="/timelines/axis-story/?start=2025-06-14' in page

"""The story's print view: every step on one page, published key events only."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

from tests.factories import make_citation, make_event, make_key_entry, make_timeline
from tests.test_story import DRAFT_NARRATIVE, story  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


def test_the_print_view_lists_every_step_with_its_narrative_in_order(client, story):  # noqa: F811
    response = client.get("/timelines/ice-in-chicago/story/print/")

    assert response.status_code == 200
    page = response.content.decode()
    assert re.findall(r'<h2 id="print-step-\d+"[^>]*>([^<]*)</h2>', page) == [
        "Step 1 of 3",
        "Step 2 of 3",
        "Step 3 of 3",
    ]
    lines = re.findall(r'<p class="story-narrative">([^<]*)</p>', page)
    assert lines == [
        "It began at a car wash.",
        "Tens of thousands answered on the streets.",
        "Then the president gave his order.",
    ]


def test_the_print_view_never_shows_a_draft_or_trashed_key_event(client, story):  # noqa: F811
    page = client.get("/timelines/ice-in-chicago/story/print/").content.decode()

    for hidden in ("Courthouse arrest", "Trashed rally", "Withdrawn statement", "March downtown"):
        assert hidden not in page
    assert DRAFT_NARRATIVE not in page


def test_the_print_view_has_a_print_stylesheet_and_no_inline_script(client, story):  # noqa: F811
    page = client.get("/timelines/ice-in-chicago/story/print/").content.decode()
    stylesheet = re.search(r'<link rel="stylesheet" href="/static/(css/story[^"]*\.css)">', page)

    assert stylesheet
    assert "@media print" in Path(finders.find(stylesheet[1])).read_text()
    assert not re.search(r"<script(?![^>]*\bsrc=)", page)
    assert " onclick=" not in page


def test_the_story_page_links_to_its_print_view(client, story):  # noqa: F811
    page = client.get("/timelines/ice-in-chicago/story/").content.decode()
    assert 'href="/timelines/ice-in-chicago/story/print/"' in page


def test_the_print_view_of_a_timeline_without_a_story_is_a_404(client, db):
    make_timeline(make_event(), slug="plain")

    response = client.get("/timelines/plain/story/print/")

    assert response.status_code == 404
    assert "This timeline has no story yet" in response.content.decode()


def test_a_warm_repeat_of_the_print_view_makes_no_query(
    client,
    story,  # noqa: F811
    django_assert_num_queries,
):
    first = client.get("/timelines/ice-in-chicago/story/print/")
    with django_assert_num_queries(0):
        assert client.get("/timelines/ice-in-chicago/story/print/").content == first.content


@pytest.mark.parametrize("steps", [2, 20])
def test_the_print_view_costs_the_same_queries_however_long_the_story(
    client, db, django_assert_max_num_queries, steps
):
    timeline = make_timeline(slug="long")
    for n in range(steps):
        event = make_event(start=dt.date(2025, 1, 1) + dt.timedelta(days=n))
        make_citation(event)
        make_key_entry(timeline, event)

    with django_assert_max_num_queries(5):  # 4 today: timeline, events, 2 prefetches
        response = client.get("/timelines/long/story/print/")
    assert response.content.decode().count('class="story-print-step"') == steps

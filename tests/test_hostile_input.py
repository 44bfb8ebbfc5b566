"""Hostile text typed by an editor (or pasted from an article) reaches every surface inert.

One published timeline and event carry markup, template syntax, SQL, spreadsheet
formulas, a javascript: address, a right-to-left override and a CDATA end in every text
field a reader sees. Each surface must show the text as text: HTML and XML escape it,
JSON round-trips it exactly, the feed and the calendar parse and carry it, and CSV
cells a spreadsheet would run as formulas start with an apostrophe.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from decimal import Decimal

import feedparser
import icalendar
import pytest
from django.core.exceptions import ValidationError

from tests.factories import (
    make_actor,
    make_actor_role,
    make_citation,
    make_count,
    make_event,
    make_place,
    make_source,
    make_timeline,
)
from timeline.exports import FORMULA_STARTS

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'); DROP TABLE--",
    "{{ 7*7 }}",
    '=HYPERLINK("http://evil","x")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "-2+3",
    "javascript:alert(1)",
    "\u202e",
    "]]>",
]

# What must never appear in HTML or XML: the markup, live.
LIVE_MARKUP = ["<script>alert", "<img src=x"]


def hostile(first: str) -> str:
    """Every payload, starting with `first` (so each formula start leads some CSV cell)."""
    return " ".join([first, *(p for p in PAYLOADS if p != first)])


TITLE = hostile('=HYPERLINK("http://evil","x")')
SUMMARY = hostile("+cmd|' /C calc'!A0")
PLACE = hostile("@SUM(1+1)")
ACTOR = hostile("-2+3")
OUTLET = "\t" + hostile("<script>alert(1)</script>")
HEADLINE = hostile('"><img src=x onerror=alert(1)>')
QUOTE = hostile("]]>")
WORDS = "\r" + hostile("{{ 7*7 }}")
TIMELINE_TITLE = hostile("@SUM(1+1)")
TIMELINE_DESCRIPTION = hostile("<script>alert(1)</script>")


@pytest.fixture
def story():
    place = make_place(name=PLACE, latitude=Decimal("41.878100"), longitude=Decimal("-87.629800"))
    event = make_event(title=TITLE, summary=SUMMARY, place=place, type="raid")
    make_actor_role(event, actor=make_actor(name=ACTOR))
    make_citation(event, source=make_source(outlet=OUTLET, headline=HEADLINE), quote=QUOTE)
    make_count(event, low=None, words=WORDS)
    timeline = make_timeline(event, title=TIMELINE_TITLE, description=TIMELINE_DESCRIPTION)
    return {"event": event, "timeline": timeline, "place": place}


def assert_inert(body: str, where: str) -> None:
    """No live markup, and the hostile text is there, escaped (not silently dropped)."""
    for markup in LIVE_MARKUP:
        assert markup not in body, where
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body, where


def html_surfaces(story) -> dict[str, tuple[str, dict[str, str]]]:
    timeline, event = story["timeline"], story["event"]
    htmx = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "results"}
    return {
        "home": ("/", {}),
        "timeline page": (timeline.get_absolute_url(), {}),
        "all events": ("/events/", {}),
        "event page": (event.get_absolute_url(), {}),
        "card fragment": (event.get_absolute_url() + "?card=1", htmx),
        "htmx results": (timeline.get_absolute_url(), htmx),
        "search results": (timeline.get_absolute_url() + "?q=alert", {}),
        "search fragment": (timeline.get_absolute_url() + "?q=calc", htmx),
        "timeline embed": (f"/embed/timelines/{timeline.slug}/", {}),
        "searched embed": (f"/embed/timelines/{timeline.slug}/?q=alert", {}),
        "event embed": (f"/embed/events/{event.slug}/", {}),
    }


def test_html_pages_escape_hostile_text(client, story):
    for where, (path, extra) in html_surfaces(story).items():
        response = client.get(path, **extra)
        assert response.status_code == 200, where
        body = response.content.decode()
        assert_inert(body, where)
        assert "{{ 7*7 }}" in body, where  # shown as typed, never evaluated
        assert "\u202e" in body, where  # kept: the browser isolates it in its element


def test_search_finds_hostile_text_and_marks_it_safely(client, story):
    body = client.get(story["timeline"].get_absolute_url(), {"q": "alert"}).content.decode()
    assert "1 event" in body
    assert "<mark>" in body
    assert_inert(body, "search")


def test_event_page_json_ld_round_trips_and_cannot_close_its_script(client, story):
    body = client.get(story["event"].get_absolute_url()).content.decode()
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', body, re.S)
    assert len(scripts) == 1
    assert "<" not in scripts[0]
    assert ">" not in scripts[0]
    data = json.loads(scripts[0])
    assert data["name"] == TITLE
    assert data["description"] == SUMMARY
    assert data["location"]["name"] == PLACE
    assert data["organizer"][0]["name"] == ACTOR


def test_json_api_round_trips_hostile_text_exactly(client, story):
    listed = client.get("/api/v1/events/").json()["events"][0]
    detail = client.get(f"/api/v1/timelines/{story['timeline'].slug}/").json()
    for event in (listed, detail["events"][0]):
        assert event["title"] == TITLE
        assert event["summary"] == SUMMARY
        assert event["place"]["name"] == PLACE
        assert event["actors"][0]["name"] == ACTOR
        assert event["sources"][0]["outlet"] == OUTLET
        assert event["sources"][0]["headline"] == HEADLINE
        assert event["sources"][0]["quote"] == QUOTE
        assert event["counts"][0]["words"] == WORDS
    assert detail["timeline"]["title"] == TIMELINE_TITLE
    assert detail["timeline"]["description"] == TIMELINE_DESCRIPTION
    timelines = client.get("/api/v1/timelines/").json()["timelines"]
    assert timelines[0]["title"] == TIMELINE_TITLE


def test_oembed_gives_the_exact_title_and_an_inert_iframe(client, story):
    for page, title in [
        (story["event"].get_absolute_url(), TITLE),
        (story["timeline"].get_absolute_url(), TIMELINE_TITLE),
    ]:
        response = client.get("/oembed/", {"url": "http://testserver" + page})
        assert response.status_code == 200
        data = json.loads(response.content)
        assert data["title"] == title
        # Consumers paste `html` into their pages as it is.
        for markup in LIVE_MARKUP:
            assert markup not in data["html"]
        assert html.escape(title) in data["html"]
        assert re.fullmatch(r"<iframe [^<>]*></iframe>", data["html"])


def test_geojson_round_trips_hostile_text_and_keeps_coordinates_numbers(client, story):
    data = json.loads(client.get("/events/export.geojson").content)
    feature = data["features"][0]
    assert feature["properties"]["title"] == TITLE
    assert feature["properties"]["place"] == PLACE
    assert feature["geometry"]["coordinates"] == [-87.6298, 41.8781]


def test_timelinejs_text_is_escaped_html_of_the_exact_text(client, story):
    data = json.loads(
        client.get(f"/timelines/{story['timeline'].slug}/export.timelinejs.json").content
    )
    assert html.unescape(data["title"]["text"]["headline"]) == TIMELINE_TITLE
    slide = data["events"][0]["text"]
    assert html.unescape(slide["headline"]) == TITLE
    # TimelineJS puts `text` into the page as HTML: only our own tags may be live.
    for markup in LIVE_MARKUP:
        assert markup not in slide["text"]
        assert markup not in slide["headline"]
        assert markup not in data["title"]["text"]["text"]
    text = html.unescape(slide["text"])
    for part in (SUMMARY, QUOTE, PLACE, OUTLET, HEADLINE):
        assert part in text


def test_atom_feed_parses_and_carries_the_text(client, story):
    for path in ["/events/feed/", f"/timelines/{story['timeline'].slug}/feed/"]:
        response = client.get(path)
        body = response.content.decode()
        for markup in LIVE_MARKUP:
            assert markup not in body, path
        feed = feedparser.parse(response.content)
        assert not feed.bozo, (path, feed.get("bozo_exception"))
        entry = feed.entries[0]
        assert entry.title == TITLE
        content = html.unescape(entry.content[0].value)
        assert SUMMARY.split("<script>")[0] in content
    timeline_feed = feedparser.parse(
        client.get(f"/timelines/{story['timeline'].slug}/feed/").content
    )
    assert timeline_feed.feed.title.startswith(TIMELINE_TITLE)


def test_calendar_parses_and_carries_the_text(client, story):
    for path in ["/events/calendar.ics", f"/timelines/{story['timeline'].slug}/calendar.ics"]:
        calendar = icalendar.Calendar.from_ical(client.get(path).content)
        (entry,) = calendar.walk("VEVENT")
        assert str(entry["SUMMARY"]) == TITLE
        assert str(entry["LOCATION"]) == PLACE
        description = str(entry["DESCRIPTION"])
        for part in (SUMMARY, QUOTE, OUTLET.strip(), HEADLINE):
            assert part in description, (path, part)
    calendar = icalendar.Calendar.from_ical(
        client.get(f"/timelines/{story['timeline'].slug}/calendar.ics").content
    )
    assert str(calendar["X-WR-CALNAME"]).startswith(TIMELINE_TITLE)


NUMBER_COLUMNS = {"latitude", "longitude"}


def test_csv_cells_that_a_spreadsheet_would_run_are_guarded(client, story):
    for path in ["/events/export.csv", f"/timelines/{story['timeline'].slug}/export.csv"]:
        rows = list(csv.DictReader(io.StringIO(client.get(path).content.decode())))
        (row,) = rows
        for column, cell in row.items():
            if column not in NUMBER_COLUMNS:
                assert not cell.startswith(FORMULA_STARTS), (path, column, cell)
        assert row["title"] == "'" + TITLE
        assert row["summary"] == "'" + SUMMARY
        assert row["place"] == "'" + PLACE
        assert row["actors"].startswith("'" + ACTOR)
        assert row["source_outlets"] == "'" + OUTLET
        assert row["counts"].startswith("'" + WORDS)
        # Numbers stay numbers: a western longitude is negative, not text.
        assert Decimal(row["longitude"]) == Decimal("-87.629800")
        assert Decimal(row["latitude"]) == Decimal("41.878100")


def test_a_javascript_address_is_never_stored_as_a_source(db):
    with pytest.raises(ValidationError):
        make_source(url="javascript:alert(1)")


def test_admin_change_list_and_form_escape_hostile_text(editor_client, story):
    event = story["event"]
    for path in [
        "/admin/timeline/event/",
        "/admin/timeline/event/?q=alert",
        f"/admin/timeline/event/{event.pk}/change/",
        f"/admin/timeline/timeline/{story['timeline'].pk}/change/",
        f"/admin/timeline/place/{story['place'].pk}/change/",
    ]:
        response = editor_client.get(path)
        assert response.status_code == 200, path
        assert_inert(response.content.decode(), path)

"""Feeds, calendars, downloads and the JSON API over HTTP: what other tools get from us."""

from __future__ import annotations

import csv
import datetime as dt
import io
import xml.etree.ElementTree as ET

import feedparser
import icalendar
import pytest
from django.urls import resolve
from django.utils import timezone

from tests.factories import (
    make_actor,
    make_citation,
    make_count,
    make_event,
    make_place,
    make_source,
    make_timeline,
)
from timeline import api, browse, exports, feeds
from timeline.models import EditorialStatus, EventActor, PlaceKind

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script> & “quoted”'
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def story():
    """A published timeline with events at each precision, and three hidden events."""
    illinois = make_place(name="Illinois", kind=PlaceKind.STATE, abbreviation="IL")
    chicago = make_place(
        name="Chicago", parent=illinois, latitude="41.878100", longitude="-87.629800"
    )
    los_angeles = make_place(name="Los Angeles", latitude="34.052200", longitude="-118.243700")
    ice = make_actor(name="ICE", kind="agency")
    raid = make_event(
        title="Car wash raid",
        type="raid",
        place=chicago,
        summary="Agents detained workers.",
        start=dt.date(2025, 6, 10),
        precision=1,
        time=dt.time(21, 30),
        time_zone="America/Chicago",
        date_text="Tuesday night",
    )
    EventActor.objects.create(event=raid, actor=ice, role="enforcing_agency")
    make_count(raid, measure="detained", low=12, high=15, estimated_by="reporters")
    make_citation(
        raid,
        source=make_source(outlet="Block Club", url="https://blockclub.example/raid"),
        quote="Agents arrived at 9:30 p.m.",
    )
    rally = make_event(title="No Kings rally", place=chicago, summary="A march downtown.")
    make_count(rally, low=70000, estimated_by="organizers")
    make_citation(rally, quote="Tens of thousands marched.")
    week = make_event(
        title="Guard staged",
        type="deployment",
        place=los_angeles,
        start=dt.date(2025, 6, 9),
        end=dt.date(2025, 6, 15),
        precision=3,
        date_text="last week",
    )
    month = make_event(
        title="Courthouse arrests",
        type="arrest",
        start=dt.date(2025, 5, 1),
        end=dt.date(2025, 5, 31),
        precision=4,
    )
    year = make_event(
        title="Budget shift",
        type="policy",
        start=dt.date(2024, 1, 1),
        end=dt.date(2024, 12, 31),
        precision=5,
    )
    hidden = [
        make_event(title="Draft raid", type="raid", editorial_status=EditorialStatus.DRAFT),
        make_event(title="Review rally", editorial_status=EditorialStatus.IN_REVIEW),
        make_event(title="Trashed rally", trashed_at=timezone.now()),
    ]
    timeline = make_timeline(raid, rally, week, month, year, *hidden, slug="chicago")
    return {
        "timeline": timeline,
        "raid": raid,
        "rally": rally,
        "week": week,
        "month": month,
        "year": year,
        "hidden": hidden,
        "ice": ice,
    }


def hidden_are_absent(text: str, story) -> None:
    for event in story["hidden"]:
        assert event.title not in text
        assert event.slug not in text


def csv_rows(response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def calendar_events(response) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(e["summary"]): e for e in calendar.walk("VEVENT")}


# --- Addresses --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "view"),
    [
        ("/events/feed/", feeds.atom_feed),
        ("/events/calendar.ics", feeds.calendar),
        ("/events/export.csv", exports.csv_export),
        ("/events/export.geojson", exports.geojson_export),
        ("/events/export.timelinejs.json", exports.timelinejs_export),
        ("/timelines/chicago/feed/", feeds.atom_feed),
        ("/timelines/chicago/calendar.ics", feeds.calendar),
        ("/timelines/chicago/export.csv", exports.csv_export),
        ("/api/v1/events/", api.event_list),
        ("/api/v1/timelines/chicago/", api.timeline_detail),
    ],
)
def test_data_addresses_are_not_taken_for_event_pages(url, view):
    assert resolve(url).func is view


# --- Published events only, on every surface ------------------------------------------


def test_drafts_review_and_trash_never_reach_the_atom_feeds(client, story):
    for url in ("/events/feed/", "/timelines/chicago/feed/"):
        response = client.get(url)
        assert response.status_code == 200
        titles = {entry.title for entry in feedparser.parse(response.content).entries}
        assert titles == {
            "Car wash raid",
            "No Kings rally",
            "Guard staged",
            "Courthouse arrests",
            "Budget shift",
        }
        hidden_are_absent(response.content.decode(), story)


def test_drafts_review_and_trash_never_reach_the_calendars(client, story):
    for url in ("/events/calendar.ics", "/timelines/chicago/calendar.ics"):
        response = client.get(url)
        assert len(calendar_events(response)) == 5
        hidden_are_absent(response.content.decode(), story)


def test_drafts_review_and_trash_never_reach_the_csv(client, story):
    for url in ("/events/export.csv", "/timelines/chicago/export.csv"):
        response = client.get(url)
        assert len(csv_rows(response)) == 5
        hidden_are_absent(response.content.decode(), story)


def test_drafts_review_and_trash_never_reach_the_geojson(client, story):
    for hidden in story["hidden"]:  # give them coordinates, so only their status keeps them out
        hidden.place = story["raid"].place
        hidden.save()
    for url in ("/events/export.geojson", "/timelines/chicago/export.geojson"):
        response = client.get(url)
        assert len(response.json()["features"]) == 3  # raid, rally, week have coordinates
        hidden_are_absent(response.content.decode(), story)


def test_drafts_review_and_trash_never_reach_timelinejs(client, story):
    for url in ("/events/export.timelinejs.json", "/timelines/chicago/export.timelinejs.json"):
        response = client.get(url)
        assert len(response.json()["events"]) == 5
        hidden_are_absent(response.content.decode(), story)


def test_drafts_review_and_trash_never_reach_the_api(client, story):
    listing = client.get("/api/v1/timelines/").json()
    assert listing["timelines"][0]["event_count"] == 5
    for url in ("/api/v1/events/", "/api/v1/timelines/chicago/"):
        response = client.get(url, {"size": 100})
        assert len(response.json()["events"]) == 5
        hidden_are_absent(response.content.decode(), story)
    for hidden in story["hidden"]:  # not even by a filter that would match them
        response = client.get("/api/v1/events/", {"q": hidden.title})
        assert response.json()["events"] == []


def test_an_unpublished_timeline_is_not_found_anywhere(client, story):
    make_timeline(story["raid"], slug="secret", is_published=False)
    for url in (
        "/timelines/secret/feed/",
        "/timelines/secret/calendar.ics",
        "/timelines/secret/export.csv",
        "/timelines/secret/export.geojson",
        "/timelines/secret/export.timelinejs.json",
        "/api/v1/timelines/secret/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.get("/api/v1/timelines/").json()["timelines"][0]["slug"] == "chicago"


# --- Atom --------------------------------------------------------------------------------


def test_feed_lists_latest_published_first_with_date_place_and_sources(client, story):
    later = make_event(title="Newly published", start=dt.date(2020, 1, 1))  # happened long ago
    make_timeline(later)
    feed = feedparser.parse(client.get("/events/feed/").content)
    assert feed.bozo == 0
    assert feed.feed.title == "All events · Dateline"
    assert feed.entries[0].title == "Newly published"  # by when it went public
    raid = next(entry for entry in feed.entries if entry.title == "Car wash raid")
    assert raid.link == f"http://testserver{story['raid'].get_absolute_url()}"
    content = raid.content[0].value
    assert "June 10, 2025, 9:30 p.m." in content
    assert "Chicago, IL" in content
    assert '<a href="https://blockclub.example/raid">Block Club</a>' in content
    assert "Agents arrived at 9:30 p.m." in content
    assert raid.published_parsed
    assert raid.updated_parsed


def test_feed_takes_the_filters_from_the_query_string(client, story):
    feed = feedparser.parse(client.get("/timelines/chicago/feed/", {"type": "raid"}).content)
    assert [entry.title for entry in feed.entries] == ["Car wash raid"]
    assert feed.feed.link == "http://testserver/timelines/chicago/?type=raid"
    assert client.get("/events/feed/", {"start": "June"}).status_code == 400


def test_feed_escapes_hostile_text_and_survives_control_characters(client):
    event = make_event(title=HOSTILE + "\x0b", summary=HOSTILE)
    make_citation(event, quote=HOSTILE, source=make_source(outlet=HOSTILE))
    response = client.get("/events/feed/")
    assert response.status_code == 200
    entry = ET.fromstring(response.content).find(f"{ATOM}entry")  # noqa: S314 - our own feed
    assert entry.find(f"{ATOM}title").text == HOSTILE  # a text construct: the words, as typed
    content = entry.find(f"{ATOM}content").text  # HTML, with every typed character escaped
    assert "<script" not in content
    assert content.count("&lt;script&gt;") == 3  # summary, outlet, quote
    assert "<script" not in entry.find(f"{ATOM}summary").text


# --- iCalendar ---------------------------------------------------------------------------


def test_calendar_gives_each_event_at_its_precision(client, story):
    events = calendar_events(client.get("/timelines/chicago/calendar.ics"))
    rally = events["No Kings rally"]
    assert rally["dtstart"].params["VALUE"] == "DATE"
    assert rally.decoded("dtstart") == dt.date(2025, 6, 14)
    assert rally.decoded("dtend") == dt.date(2025, 6, 15)  # exclusive: one whole day
    week = events["Guard staged"]
    assert (week.decoded("dtstart"), week.decoded("dtend")) == (
        dt.date(2025, 6, 9),
        dt.date(2025, 6, 16),
    )
    month = events["Courthouse arrests"]
    assert (month.decoded("dtstart"), month.decoded("dtend")) == (
        dt.date(2025, 5, 1),
        dt.date(2025, 6, 1),
    )
    raid = events["Car wash raid"]
    assert raid["dtstart"].params["TZID"] == "America/Chicago"
    start = raid.decoded("dtstart")
    assert start.replace(tzinfo=None) == dt.datetime(2025, 6, 10, 21, 30)
    assert start.utcoffset() == dt.timedelta(hours=-5)


def test_calendar_events_carry_place_description_link_and_stable_uid(client, story):
    response = client.get("/timelines/chicago/calendar.ics")
    raid = calendar_events(response)["Car wash raid"]
    assert str(raid["location"]) == "Chicago, IL"
    description = str(raid["description"])
    assert "Agents detained workers." in description
    assert "Block Club" in description
    assert "https://blockclub.example/raid" in description
    assert "“Agents arrived at 9:30 p.m.”" in description
    assert str(raid["url"]) == f"http://testserver{story['raid'].get_absolute_url()}"
    assert str(raid["uid"]) == f"{story['raid'].slug}@testserver"
    assert raid.decoded("dtstamp").tzinfo is not None
    calendar = icalendar.Calendar.from_ical(response.content)
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["America/Chicago"]
    again = calendar_events(client.get("/events/calendar.ics"))["Car wash raid"]
    assert again["uid"] == raid["uid"]


def test_calendar_takes_the_filters_from_the_query_string(client, story):
    response = client.get("/events/calendar.ics", {"place": "los-angeles"})
    assert list(calendar_events(response)) == ["Guard staged"]


# --- CSV ---------------------------------------------------------------------------------

DOCUMENTED_COLUMNS = [
    "slug",
    "title",
    "type",
    "status",
    "display_date",
    "date_text",
    "start",
    "end",
    "precision",
    "certainty",
    "time",
    "time_of_day",
    "time_zone",
    "place",
    "latitude",
    "longitude",
    "actors",
    "counts",
    "summary",
    "source_outlets",
    "source_urls",
    "quotes",
    "verification",
    "url",
    "published_at",
    "updated_at",
]


def test_csv_has_the_documented_columns_and_one_row_per_event(client, story):
    response = client.get("/timelines/chicago/export.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="chicago.csv"'
    reader = csv.reader(io.StringIO(response.content.decode()))
    assert next(reader) == DOCUMENTED_COLUMNS
    rows = csv_rows(response)
    assert [row["title"] for row in rows] == [
        "Budget shift",
        "Courthouse arrests",
        "Guard staged",
        "Car wash raid",
        "No Kings rally",
    ]
    raid = rows[3]
    assert raid["display_date"] == "June 10, 2025, 9:30 p.m."
    assert (raid["start"], raid["end"], raid["precision"], raid["time"]) == (
        "2025-06-10",
        "2025-06-10",
        "time",
        "21:30",
    )
    assert (raid["place"], raid["latitude"], raid["longitude"]) == (
        "Chicago, IL",
        "41.878100",
        "-87.629800",  # a number, so no apostrophe
    )
    assert raid["actors"] == "ICE (enforcing agency)"
    assert raid["counts"] == "12–15 detained (reporters’ estimate)"
    assert raid["source_urls"] == "https://blockclub.example/raid"
    assert raid["quotes"] == "“Agents arrived at 9:30 p.m.” (Block Club)"


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_cells_that_would_run_as_formulas_get_an_apostrophe(client, start):
    hostile = f'{start}HYPERLINK("https://evil.example","x")'
    event = make_event(title=hostile, summary=hostile, date_text=hostile)
    make_citation(event, quote="fine", source=make_source(outlet=hostile))
    make_count(event, low=None, words=hostile)
    EventActor.objects.create(event=event, actor=make_actor(name=hostile), role="organizer")
    row = csv_rows(client.get("/events/export.csv"))[0]
    for column in ("title", "summary", "date_text", "source_outlets", "counts", "actors"):
        assert row[column].startswith(f"'{hostile}"), column


def test_csv_keeps_commas_quotes_newlines_and_markup_intact(client):
    tricky = 'Raid, "Operation X"\nsecond line <b>bold</b>'
    make_event(title=tricky, summary=HOSTILE)
    row = csv_rows(client.get("/events/export.csv"))[0]
    assert row["title"] == tricky
    assert row["summary"] == HOSTILE


def test_csv_takes_the_filters_from_the_query_string(client, story):
    rows = csv_rows(client.get("/events/export.csv", {"actor": "ice"}))
    assert [row["title"] for row in rows] == ["Car wash raid"]
    assert client.get("/events/export.csv", {"type": "picnic"}).status_code == 400


def test_downloads_say_when_they_hold_fewer_events_than_match(client, story, monkeypatch):
    response = client.get("/events/export.csv")
    assert response["Dateline-Export-Limit"] == "10000"
    assert response["Dateline-Export-Truncated"] == "false"
    monkeypatch.setattr(browse, "EXPORT_LIMIT", 2)
    for url in ("/events/export.csv", "/events/calendar.ics", "/events/export.timelinejs.json"):
        response = client.get(url, {"limited": "yes"})  # a fresh address, past the cache
        assert response["Dateline-Export-Limit"] == "2"
        assert response["Dateline-Export-Truncated"] == "true"
    assert len(csv_rows(client.get("/events/export.csv", {"limited": "yes"}))) == 2


# --- GeoJSON -----------------------------------------------------------------------------


def test_geojson_is_a_feature_collection_of_points_longitude_first(client, story):
    response = client.get("/timelines/chicago/export.geojson")
    assert response["Content-Type"] == "application/geo+json; charset=utf-8"
    data = response.json()
    assert data["type"] == "FeatureCollection"
    by_slug = {feature["id"]: feature for feature in data["features"]}
    assert story["month"].slug not in by_slug  # no place, no point
    raid = by_slug[story["raid"].slug]
    assert raid["type"] == "Feature"
    assert raid["geometry"] == {"type": "Point", "coordinates": [-87.6298, 41.8781]}
    assert raid["properties"]["title"] == "Car wash raid"
    assert raid["properties"]["display_date"] == "June 10, 2025, 9:30 p.m."
    assert raid["properties"]["url"] == f"http://testserver{story['raid'].get_absolute_url()}"
    for feature in data["features"]:
        longitude, latitude = feature["geometry"]["coordinates"]
        assert -180 <= longitude <= 180
        assert -90 <= latitude <= 90


# --- TimelineJS --------------------------------------------------------------------------


def test_timelinejs_dates_leave_out_what_the_precision_does_not_know(client, story):
    data = client.get("/timelines/chicago/export.timelinejs.json").json()
    slides = {slide["unique_id"]: slide for slide in data["events"]}
    raid = slides[story["raid"].slug]
    assert raid["start_date"] == {"year": 2025, "month": 6, "day": 10, "hour": 21, "minute": 30}
    assert "end_date" not in raid
    rally = slides[story["rally"].slug]
    assert rally["start_date"] == {"year": 2025, "month": 6, "day": 14}
    assert "end_date" not in rally
    week = slides[story["week"].slug]
    assert week["start_date"] == {"year": 2025, "month": 6, "day": 9}
    assert week["end_date"] == {"year": 2025, "month": 6, "day": 15}
    assert week["display_date"] == "Week of June 9, 2025"
    month = slides[story["month"].slug]
    assert month["start_date"] == {"year": 2025, "month": 5}
    assert "end_date" not in month
    assert month["display_date"] == "May 2025"
    year = slides[story["year"].slug]
    assert year["start_date"] == {"year": 2024}
    assert "end_date" not in year


def test_timelinejs_a_range_of_months_ends_at_its_last_month(client):
    event = make_event(
        start=dt.date(2025, 3, 1), end=dt.date(2025, 5, 31), precision=4, title="Spring"
    )
    slide = client.get("/events/export.timelinejs.json").json()["events"][0]
    assert slide["unique_id"] == event.slug
    assert slide["start_date"] == {"year": 2025, "month": 3}
    assert slide["end_date"] == {"year": 2025, "month": 5}


def test_timelinejs_slides_have_title_text_group_and_escaped_html(client, story):
    event = make_event(title=HOSTILE, summary=HOSTILE, type="court")
    make_citation(event, quote=HOSTILE, source=make_source(outlet="Court News"))
    make_timeline(event)
    data = client.get("/timelines/chicago/export.timelinejs.json").json()
    assert data["title"]["text"]["headline"] == story["timeline"].title
    slide = data["events"][3]
    assert slide["text"]["headline"] == "Car wash raid"
    assert slide["group"] == "Raid"
    assert "Agents detained workers." in slide["text"]["text"]
    assert '<a href="https://blockclub.example/raid">Block Club</a>' in slide["text"]["text"]
    hostile = client.get("/events/export.timelinejs.json", {"type": "court"}).json()["events"][0]
    assert hostile["group"] == "Court"
    for text in (hostile["text"]["headline"], hostile["text"]["text"]):
        assert "<script" not in text
        assert "&lt;script&gt;" in text


# --- JSON API ----------------------------------------------------------------------------


def test_api_event_has_date_block_place_actors_counts_and_sources(client, story):
    data = client.get("/api/v1/events/", {"type": "raid"}).json()
    assert data["next"] is None
    (raid,) = data["events"]
    assert raid["slug"] == story["raid"].slug
    assert raid["url"] == f"http://testserver{story['raid'].get_absolute_url()}"
    assert raid["type"] == {"slug": "raid", "name": "Raid"}
    assert raid["date"] == {
        "date_text": "Tuesday night",
        "start": "2025-06-10",
        "end": "2025-06-10",
        "precision": "time",
        "certainty": "exact",
        "time": "21:30",
        "time_of_day": "",
        "time_zone": "America/Chicago",
        "display_date": "June 10, 2025, 9:30 p.m.",
    }
    assert raid["place"] == {
        "slug": "chicago",
        "name": "Chicago",
        "display_name": "Chicago, IL",
        "latitude": 41.8781,
        "longitude": -87.6298,
    }
    assert raid["actors"] == [
        {"slug": "ice", "name": "ICE", "kind": "agency", "role": "enforcing_agency"}
    ]
    assert raid["counts"] == [
        {
            "measure": "detained",
            "low": 12,
            "high": 15,
            "words": "",
            "qualifier": "exact",
            "estimated_by": "reporters",
            "display": "12–15 detained (reporters’ estimate)",
        }
    ]
    (source,) = raid["sources"]
    assert source["url"] == "https://blockclub.example/raid"
    assert source["outlet"] == "Block Club"
    assert source["quote"] == "Agents arrived at 9:30 p.m."
    assert {"headline", "published_at"} <= source.keys()


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"type": ["raid", "deployment"]}, ["Guard staged", "Car wash raid"]),
        ({"place": "illinois"}, ["Car wash raid", "No Kings rally"]),
        ({"actor": "ice"}, ["Car wash raid"]),
        ({"start": "2025-06-12"}, ["Guard staged", "No Kings rally"]),
        ({"end": "2025-01-01"}, ["Budget shift"]),
        ({"q": "march"}, ["No Kings rally"]),
        ({"order": "newest", "type": "rally"}, ["No Kings rally"]),
    ],
)
def test_api_takes_the_public_filters(client, story, params, expected):
    events = client.get("/api/v1/events/", params).json()["events"]
    assert [event["title"] for event in events] == expected


def test_api_timeline_gives_the_timeline_and_its_first_page(client, story):
    data = client.get("/api/v1/timelines/chicago/", {"size": 2}).json()
    assert data["timeline"]["title"] == story["timeline"].title
    assert data["timeline"]["url"] == "http://testserver/timelines/chicago/"
    assert [event["title"] for event in data["events"]] == ["Budget shift", "Courthouse arrests"]
    assert data["next"].startswith("http://testserver/api/v1/timelines/chicago/?size=2&after=")
    listing = client.get("/api/v1/timelines/").json()["timelines"]
    assert listing[0]["api_url"] == "http://testserver/api/v1/timelines/chicago/"


@pytest.mark.parametrize("order", ["oldest", "newest"])
def test_api_pages_through_every_event_once(client, order):
    made = {make_event(start=dt.date(2025, 6, 1 + n % 3)).slug for n in range(11)}
    url, seen, pages = f"/api/v1/events/?size=3&order={order}", [], 0
    while url:
        data = client.get(url).json()
        seen += [event["slug"] for event in data["events"]]
        url, pages = data["next"], pages + 1
    assert pages == 4
    assert len(seen) == len(set(seen)) == 11
    assert set(seen) == made
    starts = [slug[:10] for slug in seen]
    assert starts == sorted(starts, reverse=order == "newest")


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"type": "picnic"}, "type"),
        ({"start": "June 1"}, "start"),
        ({"start": "2025-06-10", "end": "2025-06-01"}, "end"),
        ({"place": "atlantis"}, "place"),
        ({"after": "not-a-cursor"}, "after"),
        ({"order": "random"}, "order"),
    ],
)
def test_api_bad_parameters_get_a_400_with_json_errors(client, story, params, field):
    for url in ("/api/v1/events/", "/api/v1/timelines/chicago/"):
        response = client.get(url, params)
        assert response.status_code == 400
        assert response["Content-Type"] == "application/json"
        assert list(response.json()["errors"]) == [field]


def test_api_unknown_timeline_is_a_json_404(client, story):
    response = client.get("/api/v1/timelines/atlantis/")
    assert response.status_code == 404
    assert response.json() == {
        "errors": {"timeline": ["There is no published timeline “atlantis”."]}
    }


def test_api_a_cursor_cannot_be_edited(client, story):
    following = client.get("/api/v1/events/", {"size": 1}).json()["next"]
    assert client.get(following.replace("after=", "after=x")).status_code == 400


def test_api_queries_do_not_grow_with_page_size(client, django_assert_max_num_queries):
    ice = make_actor(name="ICE")
    for n in range(40):
        event = make_event(start=dt.date(2025, 6, 1) + dt.timedelta(days=n), place=make_place())
        make_citation(event)
        make_citation(event)
        make_count(event)
        EventActor.objects.create(event=event, actor=ice, role="target")
    for size in (5, 40):
        with django_assert_max_num_queries(9):
            response = client.get("/api/v1/events/", {"size": size, "fresh": size})
        assert len(response.json()["events"]) == size


def test_downloads_queries_do_not_grow_with_the_events(client, django_assert_max_num_queries):
    for n in range(30):
        event = make_event(start=dt.date(2025, 6, 1) + dt.timedelta(days=n), place=make_place())
        make_citation(event)
        make_count(event)
    for url in ("/events/export.csv", "/events/calendar.ics", "/events/feed/"):
        with django_assert_max_num_queries(9):
            assert client.get(url).status_code == 200


# --- Caching -----------------------------------------------------------------------------

SURFACES = [
    "/events/feed/",
    "/timelines/chicago/feed/",
    "/events/calendar.ics",
    "/timelines/chicago/calendar.ics?type=raid",
    "/events/export.csv",
    "/timelines/chicago/export.csv",
    "/events/export.geojson",
    "/timelines/chicago/export.timelinejs.json",
    "/api/v1/timelines/",
    "/api/v1/timelines/chicago/",
    "/api/v1/events/?type=rally",
]


@pytest.mark.parametrize("url", SURFACES)
def test_data_responses_are_cacheable_and_cookie_free(client, story, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["ETag"].startswith('"v')
    assert response["Last-Modified"].endswith("GMT")
    cache_control = response["Cache-Control"]
    assert "public" in cache_control
    assert "s-maxage=" in cache_control
    assert "stale-while-revalidate=" in cache_control
    assert "Set-Cookie" not in response
    assert not response.cookies


@pytest.mark.parametrize("url", SURFACES)
def test_a_conditional_request_for_the_same_data_gets_304(client, story, url):
    tag = client.get(url)["ETag"]
    response = client.get(url, headers={"if-none-match": tag})
    assert response.status_code == 304
    assert response["ETag"] == tag
    assert response.content == b""


@pytest.mark.parametrize("url", SURFACES)
def test_a_repeated_request_is_served_without_the_database(
    client, story, url, django_assert_num_queries
):
    first = client.get(url)
    with django_assert_num_queries(0):
        again = client.get(url)
        conditional = client.get(url, headers={"if-none-match": first["ETag"]})
    assert again.status_code == 200
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"]
    assert conditional.status_code == 304
    assert "Set-Cookie" not in again


def test_publishing_or_editing_an_event_changes_the_etag(client, story, editor):
    url = "/timelines/chicago/export.csv"
    first = client.get(url)
    draft = story["hidden"][0]
    draft.publish(by=editor)
    published = client.get(url, headers={"if-none-match": first["ETag"]})
    assert published.status_code == 200
    assert published["ETag"] != first["ETag"]
    assert "Draft raid" in published.content.decode()
    story["rally"].title = "No Kings march"
    story["rally"].save()
    edited = client.get(url, headers={"if-none-match": published["ETag"]})
    assert edited.status_code == 200
    assert edited["ETag"] != published["ETag"]
    assert "No Kings march" in edited.content.decode()


def test_a_signed_in_editor_gets_the_same_public_responses_without_cookies(editor_client, story):
    response = editor_client.get("/api/v1/events/")
    assert response.status_code == 200
    assert "Set-Cookie" not in response
    assert "Vary" not in response or "Cookie" not in response["Vary"]


# --- Links on the timeline page ---------------------------------------------------------


def test_timeline_page_links_feed_api_and_downloads_for_its_filters(client, story):
    page = client.get("/timelines/chicago/", {"type": "raid", "after": ""}).content.decode()
    assert (
        '<link id="feed-link" rel="alternate" type="application/atom+xml" title="'
        f'{story["timeline"].title} (Atom feed)" href="/timelines/chicago/feed/?type=raid">'
    ) in page
    assert 'type="application/json" title="' in page
    assert 'href="/api/v1/timelines/chicago/?type=raid"' in page
    for href in (
        "/timelines/chicago/feed/?type=raid",
        "/timelines/chicago/calendar.ics?type=raid",
        "/timelines/chicago/export.csv?type=raid",
        "/timelines/chicago/export.geojson?type=raid",
        "/timelines/chicago/export.timelinejs.json?type=raid",
    ):
        assert f'<a href="{href}"' in page, href


def test_all_events_page_links_the_unfiltered_data(client, story):
    page = client.get("/events/").content.decode()
    assert 'href="/events/feed/"' in page
    assert 'href="/api/v1/events/"' in page
    assert '<a href="/events/export.csv" type="text/csv" download>' in page


def test_a_filter_change_updates_the_download_links_out_of_band(client, story):
    fragment = client.get(
        "/events/", {"place": "chicago"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results"
    ).content.decode()
    assert 'id="downloads" aria-labelledby="downloads-title" hx-swap-oob="true">' in fragment
    assert 'href="/events/export.geojson?place=chicago"' in fragment
    more = client.get(
        "/events/", {"size": 1}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="load-more"
    ).content.decode()
    assert 'id="downloads"' not in more


def test_a_filter_change_updates_the_head_links_out_of_band(client, story):
    fragment = client.get(
        "/events/", {"place": "chicago"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results"
    ).content.decode()
    assert (
        '<link id="feed-link" rel="alternate" type="application/atom+xml" '
        'title="All events (Atom feed)" href="/events/feed/?place=chicago" hx-swap-oob="true">'
    ) in fragment
    assert '<link id="api-link" rel="alternate" type="application/json" ' in fragment
    assert 'href="/api/v1/events/?place=chicago" hx-swap-oob="true">' in fragment
    assert 'id="oembed-link"' in fragment
    page = client.get("/events/", {"place": "chicago"}).content.decode()
    assert "hx-swap-oob" not in page.split('id="feed-link"')[1].split(">")[0]

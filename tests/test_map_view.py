"""The map view of a timeline and of every event: the toggle, the places with their
counts (the whole view without JavaScript), and the GeoJSON the map reads."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from tests.factories import make_event, make_place, make_timeline, make_user
from timeline import browse
from timeline.models import EditorialStatus, Event, PlaceKind

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "results"}


@pytest.fixture
def story():
    illinois = make_place(name="Illinois", kind=PlaceKind.STATE, abbreviation="IL")
    chicago = make_place(name="Chicago", parent=illinois, latitude=41.8781, longitude=-87.6298)
    south_loop = make_place(
        name="South Loop",
        kind=PlaceKind.NEIGHBOURHOOD,
        parent=chicago,
        latitude=41.8569,
        longitude=-87.6247,
    )
    los_angeles = make_place(name="Los Angeles", latitude=34.0522, longitude=-118.2437)
    events = [
        make_event(title="No Kings rally", type="rally", place=chicago),
        make_event(title="March downtown", type="rally", place=chicago),
        make_event(title="Car wash raid", type="raid", place=south_loop),
        make_event(title="Guard deployed", type="deployment", place=los_angeles),
        make_event(title="Statement with no place", type="statement"),
    ]
    hidden = [
        make_event(
            title="Draft raid",
            type="raid",
            place=los_angeles,
            editorial_status=EditorialStatus.DRAFT,
        ),
        make_event(title="Review rally", place=chicago, editorial_status=EditorialStatus.IN_REVIEW),
        make_event(title="Trashed rally", place=chicago),
    ]
    hidden[2].trash(by=make_user(role="Editor"))
    timeline = make_timeline(*events, *hidden, title="ICE in Chicago", slug="chicago")
    return {"timeline": timeline, "chicago": chicago, "los_angeles": los_angeles}


def places(response) -> list[tuple[str, str, str]]:
    """The place list as a reader sees it: (name, link, count)."""
    page = response.content.decode()
    section = page[page.index('id="places-heading"') :]
    return [
        (name, href.replace("&amp;", "&"), count)
        for href, name, count in re.findall(
            r'<li><a href="([^"]*)"[^>]*>([^<]*)</a> <span class="place-count">([^<]*)</span>',
            section,
        )
    ]


def test_the_map_view_shows_the_places_with_their_counts_as_links_filtering_by_place(client, story):
    response = client.get("/timelines/chicago/", {"view": "map"})
    assert response.status_code == 200
    # A place counts what its link shows: the events at it and inside it.
    assert places(response) == [
        ("Chicago, IL", "/timelines/chicago/?place=chicago", "3 events"),
        ("Los Angeles", "/timelines/chicago/?place=los-angeles", "1 event"),
        ("South Loop, Chicago, IL", "/timelines/chicago/?place=south-loop", "1 event"),
    ]
    page = response.content.decode()
    assert "1 event with no place." in page
    assert 'id="cards"' not in page  # the map instead of the list


def test_a_place_link_from_the_map_shows_that_places_events_in_the_list(client, story):
    response = client.get("/timelines/chicago/", {"view": "map"})
    link = places(response)[0][1]
    titles = re.findall(
        r'<h3 id="title-\d+"><a [^>]*>([^<]*)</a>', client.get(link).content.decode()
    )
    assert sorted(titles) == ["Car wash raid", "March downtown", "No Kings rally"]


def test_the_map_view_keeps_the_filters_in_its_places_and_its_data(client, story):
    response = client.get("/timelines/chicago/", {"view": "map", "type": "rally"})
    assert places(response) == [
        ("Chicago, IL", "/timelines/chicago/?type=rally&place=chicago", "2 events")
    ]
    page = response.content.decode()
    assert 'data-map="/timelines/chicago/export.geojson?type=rally"' in page
    assert 'data-mode="events"' in page


def test_the_map_is_hidden_until_its_script_draws_it(client, story):
    """Without JavaScript an empty map would be a blank box: it waits, hidden, for map.js."""
    page = client.get("/timelines/chicago/", {"view": "map"}).content.decode()
    assert '<div class="map-frame" hidden>' in page
    assert 'data-basemap="/static/vendor/map/basemap.geojson"' in page
    assert "/static/js/map.js" in page
    assert 'data-tiles=""' in page


def test_the_toggle_links_keep_the_filters_and_say_which_view_is_shown(client, story):
    page = client.get("/timelines/chicago/", {"type": "rally"}).content.decode()
    assert (
        '<a href="/timelines/chicago/?type=rally" hx-get="/timelines/chicago/?type=rally" '
        'hx-target="#results" hx-push-url="true" aria-current="page">List</a>'
    ) in page
    assert 'href="/timelines/chicago/?type=rally&amp;view=map"' in page
    assert 'name="view" value="map"' not in page

    page = client.get("/timelines/chicago/", {"type": "rally", "view": "map"}).content.decode()
    assert 'hx-push-url="true" aria-current="page">Map</a>' in page
    # The filter form, outside the results region, sends view=map on with a filter change.
    assert '<input type="hidden" name="view" value="map" form="filters">' in page


def test_the_htmx_toggle_answers_with_the_results_region_only(client, story):
    response = client.get("/timelines/chicago/", {"view": "map"}, **HTMX)
    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page
    assert "data-map=" in page
    assert "Chicago, IL" in page
    response = client.get("/timelines/chicago/", {"view": "list"}, **HTMX)
    assert 'id="cards"' in response.content.decode()


def test_a_bad_view_says_what_is_wrong(client, story):
    response = client.get("/timelines/chicago/", {"view": "globe"})
    assert response.status_code == 400
    assert "The view is list or map." in response.content.decode()


def test_the_all_events_page_has_the_map_too(client, story):
    response = client.get("/events/", {"view": "map"})
    assert ("Los Angeles", "/events/?place=los-angeles", "1 event") in places(response)
    assert 'data-map="/events/export.geojson"' in response.content.decode()


def test_drafts_never_appear_on_the_map_or_in_its_data(client, story):
    for url in ("/timelines/chicago/", "/events/"):
        page = client.get(url, {"view": "map"}).content.decode()
        assert "Chicago, IL" in page
        assert "3 events" in page  # not the draft, the one in review or the trashed one
        data = client.get(f"{url}export.geojson").json()
        titles = {feature["properties"]["title"] for feature in data["features"]}
        assert titles == {"No Kings rally", "March downtown", "Car wash raid", "Guard deployed"}
        counts = {
            feature["properties"]["place"]: feature["properties"]["count"]
            for feature in client.get(f"{url}export.geojson", {"per": "place"}).json()["features"]
        }
        assert counts == {"Chicago, IL": 2, "South Loop, Chicago, IL": 1, "Los Angeles": 1}


def test_the_per_place_geojson_counts_every_matching_event_at_each_place(client, story):
    response = client.get("/timelines/chicago/export.geojson", {"per": "place", "type": "rally"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json; charset=utf-8"
    assert response["Dateline-Export-Truncated"] == "false"
    assert response.json() == {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": "chicago",
                "geometry": {"type": "Point", "coordinates": [-87.6298, 41.8781]},
                "properties": {
                    "slug": "chicago",
                    "place": "Chicago, IL",
                    "count": 2,
                    "url": "http://testserver/timelines/chicago/?type=rally&place=chicago",
                },
            }
        ],
    }


def test_the_geojson_refuses_an_unknown_per(client, story):
    response = client.get("/events/export.geojson", {"per": "state"})
    assert response.status_code == 400
    assert "per is place" in response.content.decode()


def test_beyond_the_export_limit_the_map_reads_counts_per_place(client, story, monkeypatch):
    """More events than one download holds: one marker per place, with its count."""
    monkeypatch.setattr(browse, "EXPORT_LIMIT", 3)
    page = client.get("/timelines/chicago/", {"view": "map"}).content.decode()
    assert 'data-map="/timelines/chicago/export.geojson?per=place"' in page
    assert 'data-mode="places"' in page
    assert "more than the 3 the map shows one by one" in page


def test_map_view_cost_does_not_grow_with_its_events(client, django_assert_max_num_queries):
    chicago = make_place(name="Chicago", latitude=41.88, longitude=-87.63)
    events = [
        make_event(title=f"Rally {n}", place=chicago, start=dt.date(2025, 1, 1) + dt.timedelta(n))
        for n in range(60)
    ]
    for n in range(20):
        place = make_place(name=f"Town {n}", latitude=40 + n / 10, longitude=-90)
        events.append(make_event(title=f"Raid {n}", type="raid", place=place))
    make_timeline(*events, slug="busy")
    assert Event.objects.count() == 80
    with django_assert_max_num_queries(10):
        response = client.get("/timelines/busy/", {"view": "map"})
    assert response.status_code == 200
    with django_assert_max_num_queries(10):
        response = client.get("/events/export.geojson", {"per": "place"})
    assert len(response.json()["features"]) == 21


def test_a_search_narrows_the_maps_places_and_its_data(client, story):
    response = client.get("/timelines/chicago/", {"view": "map", "q": "raid"})
    assert places(response) == [
        ("South Loop, Chicago, IL", "/timelines/chicago/?q=raid&place=south-loop", "1 event")
    ]
    features = client.get("/timelines/chicago/export.geojson", {"per": "place", "q": "raid"})
    assert [f["properties"]["count"] for f in features.json()["features"]] == [1]

"""The map view in a real browser, with no network beyond the live server: markers for
the filtered events over the basemap we ship, the list/map toggle and history, a marker
opening the event card, events at one spot kept apart, accessibility and a phone."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, Request, expect

from tests.browser.accessibility import serious_violations
from tests.factories import make_citation, make_event, make_place, make_timeline
from timeline import browse
from timeline.models import EditorialStatus

pytestmark = pytest.mark.browser


@pytest.fixture
def story(page: Page):
    chicago = make_place(name="Chicago", latitude=41.8781, longitude=-87.6298)
    los_angeles = make_place(name="Los Angeles", latitude=34.0522, longitude=-118.2437)
    minneapolis = make_place(name="Minneapolis", latitude=44.9778, longitude=-93.2650)
    events = [
        # Two at the same place on the same day: they must not hide each other.
        make_event(title="Rally at Federal Plaza", type="rally", place=chicago),
        make_event(title="Vigil at Federal Plaza", type="rally", place=chicago),
        make_event(title="Car wash raid", type="raid", place=chicago, start=dt.date(2025, 6, 10)),
        make_event(title="Guard deployed", type="deployment", place=los_angeles),
        make_event(title="March on City Hall", type="rally", place=minneapolis),
        make_event(
            title="Draft raid",
            type="raid",
            place=los_angeles,
            editorial_status=EditorialStatus.DRAFT,
        ),
    ]
    make_citation(events[2], quote="Agents arrived at the car wash.")
    return make_timeline(*events, title="A summer of protest", slug="summer")


@pytest.fixture
def offline(page: Page, live_server) -> list[str]:
    """Every request that would leave the live server, refused and recorded."""
    left: list[str] = []
    own = urlsplit(live_server.url).netloc

    def check(route, request: Request) -> None:
        if urlsplit(request.url).netloc == own or request.url.startswith("data:"):
            route.continue_()
        else:
            left.append(request.url)
            route.abort()

    page.route("**/*", check)
    return left


def map_ready(page: Page, markers: int | None = None) -> None:
    # Generous: a map loads Leaflet, the basemap and the export one after the other.
    expect(page.locator("[data-map]")).to_have_attribute(
        "data-basemap-drawn", "true", timeout=15_000
    )
    if markers is None:
        expect(page.locator("[data-map]")).to_have_attribute(
            "data-markers", re.compile(r"^\d+$"), timeout=15_000
        )
    else:
        expect(page.locator("[data-map]")).to_have_attribute(
            "data-markers", str(markers), timeout=15_000
        )


def test_the_map_draws_the_filtered_events_over_the_shipped_basemap_with_no_network(
    page: Page, story, offline, console_errors
):
    page.goto(f"{story.get_absolute_url()}?view=map&type=rally")
    map_ready(page, markers=3)
    # The basemap: US states drawn from our own static files, no tiles.
    assert page.locator("path.basemap-state").count() > 40
    assert page.locator("img.leaflet-tile").count() == 0
    expect(page.locator("#map-note")).to_have_text(
        "3 events on the map; select a marker for its card."
    )
    # Chicago's two rallies cluster; Minneapolis stands alone, drafts never show.
    # (While the map zooms to its markers a cluster's icon may be drawn twice, briefly.)
    cluster = page.get_by_role("button", name="2 events here; select to zoom in")
    expect(cluster.first).to_be_visible()
    expect(page.locator(".map-marker")).to_have_count(1)
    assert offline == []
    assert console_errors == []


def test_toggling_list_and_map_keeps_the_filters_and_the_history(
    page: Page, story, offline, console_errors
):
    page.goto(story.get_absolute_url())
    page.get_by_role("checkbox", name="Raid").check()
    page.wait_for_url("**type=raid**")
    expect(page.locator("#count")).to_have_text("1 event")
    page.get_by_role("link", name="Map", exact=True).click()
    page.wait_for_url("**view=map**")
    assert "type=raid" in page.url
    map_ready(page, markers=1)
    # A filter change on the map stays on the map.
    page.get_by_role("checkbox", name="Rally").check()
    expect(page.locator("#count")).to_have_text("4 events")
    assert "view=map" in page.url
    map_ready(page, markers=4)
    # Back and forward load the address afresh (htmx keeps no history cache), after the
    # address has changed: wait for what only the new page has, not for the count.
    page.go_back()
    assert "view=map" in page.url
    map_ready(page, markers=1)
    expect(page.locator("#count")).to_have_text("1 event")
    page.go_back()
    assert "view=map" not in page.url
    expect(page.locator("li.card h3 a")).to_have_text(["Car wash raid"], timeout=15_000)
    expect(page.locator("#count")).to_have_text("1 event")
    page.get_by_role("link", name="Map", exact=True).click()
    page.wait_for_url("**view=map**")
    map_ready(page, markers=1)
    page.get_by_role("link", name="List", exact=True).click()
    page.wait_for_url(lambda url: "view=map" not in url)
    assert "type=raid" in page.url
    expect(page.locator("li.card h3 a")).to_have_text(["Car wash raid"])
    assert offline == []
    assert console_errors == []


def test_clicking_a_marker_shows_the_events_card(page: Page, story, offline, console_errors):
    page.goto(f"{story.get_absolute_url()}?view=map&type=raid")
    map_ready(page, markers=1)
    page.locator(".map-marker").click()
    card = page.locator("#map-card li.card")
    expect(card.locator("h3 a")).to_have_text("Car wash raid")
    expect(card).to_contain_text("Chicago")
    # The card is the list's: its title expands it in place.
    card.locator("h3 a").click()
    expect(card.locator(".card-more")).to_contain_text("Agents arrived at the car wash.")
    assert offline == []
    assert console_errors == []


def test_events_at_the_same_place_and_time_spread_out_to_be_chosen(
    page: Page, story, offline, console_errors
):
    page.goto(f"{story.get_absolute_url()}?view=map&type=rally&place=chicago")
    map_ready(page, markers=2)
    cluster = page.locator(".map-cluster")
    expect(cluster).to_have_count(1)  # once the zoom to them has settled
    cluster.click()
    markers = page.locator(".map-marker")
    expect(markers).to_have_count(2)
    titles = {markers.nth(n).get_attribute("title") for n in range(2)}
    assert titles == {
        "Rally at Federal Plaza (June 14, 2025, Chicago)",
        "Vigil at Federal Plaza (June 14, 2025, Chicago)",
    }
    page.locator('.map-marker[title^="Vigil"]').click()
    expect(page.locator("#map-card h3 a")).to_have_text("Vigil at Federal Plaza")
    assert offline == []
    assert console_errors == []


def test_without_javascript_the_map_view_lists_the_places_with_counts(browser, live_server, story):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(story.get_absolute_url())
        page.get_by_role("link", name="Map", exact=True).click()
        expect(page.locator(".map-frame")).to_be_hidden()
        places = page.locator(".place-list li")
        expect(places).to_have_text(
            ["Chicago 3 events", "Los Angeles 1 event", "Minneapolis 1 event"]
        )
        page.get_by_role("link", name="Chicago").click()
        expect(page.locator("#count")).to_have_text("3 events")
        assert "place=chicago" in page.url
    finally:
        context.close()


def test_the_map_view_has_no_serious_accessibility_violations(page: Page, story, offline):
    page.goto(f"{story.get_absolute_url()}?view=map")
    map_ready(page)
    page.locator(".map-marker").first.click()
    expect(page.locator("#map-card li.card")).to_have_count(1)
    assert serious_violations(page) == []


def test_the_map_view_on_a_phone_has_no_sideways_scrolling(page: Page, story, offline):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{story.get_absolute_url()}?view=map")
    map_ready(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_an_embedded_map_draws_and_its_popup_links_out_of_the_frame(
    page: Page, story, offline, console_errors
):
    page.goto(f"/embed/timelines/{story.slug}/?view=map&type=raid")
    map_ready(page, markers=1)
    page.locator(".map-marker").click()
    link = page.locator(".map-popup a")
    expect(link).to_have_text("Car wash raid")
    expect(link).to_have_attribute("target", "_top")
    assert offline == []
    assert console_errors == []


def test_beyond_the_export_limit_markers_are_places_with_counts_leading_to_their_events(
    page: Page, story, offline, console_errors, monkeypatch
):
    # The live server runs in this process: a limit of 2 makes five events "too many".
    monkeypatch.setattr(browse, "EXPORT_LIMIT", 2)
    page.goto(f"{story.get_absolute_url()}?view=map")
    map_ready(page, markers=3)  # Chicago, Los Angeles, Minneapolis
    expect(page.locator("#map-note")).to_contain_text("each marker is a place with its count")
    page.locator("[data-map]").evaluate(
        "element => element.datelineMap.setView([41.8781, -87.6298], 10, {animate: false})"
    )
    chicago = page.locator('.map-place[title="Chicago: 3 events"]')
    expect(chicago).to_have_text("3")
    chicago.click()
    expect(page.locator("#map-card h3")).to_have_text("Chicago")
    page.get_by_role("link", name="Show them in the list").click()
    page.wait_for_url("**place=chicago**")
    expect(page.locator("#count")).to_have_text("3 events")
    assert "view=map" not in page.url
    assert offline == []
    assert console_errors == []

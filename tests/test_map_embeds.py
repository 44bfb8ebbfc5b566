"""Embeds that ask for the map (`view=map`), the loader's data-view, and oEmbed for them."""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qsl, urlsplit

import pytest

from tests.factories import make_event, make_place, make_timeline
from timeline.models import EditorialStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def timeline():
    chicago = make_place(name="Chicago", latitude=41.88, longitude=-87.63)
    events = [
        make_event(title="No Kings rally", type="rally", place=chicago),
        make_event(title="Car wash raid", type="raid", place=chicago),
        make_event(
            title="Draft raid", type="raid", place=chicago, editorial_status=EditorialStatus.DRAFT
        ),
    ]
    return make_timeline(*events, title="ICE in Chicago", slug="chicago")


def test_an_embed_with_view_map_shows_the_map_and_its_places(client, timeline):
    response = client.get("/embed/timelines/chicago/", {"view": "map", "type": "raid"})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-map="/timelines/chicago/export.geojson?type=raid"' in page
    assert "data-embed" in page
    assert "/static/js/map.js" in page
    # Its places leave the frame for the site's list, as every embed link does.
    assert (
        '<a href="/timelines/chicago/?type=raid&amp;place=chicago" target="_top">Chicago</a> '
        '<span class="place-count">1 event</span>'
    ) in page
    # The heading opens the site's map with the same filters.
    assert 'href="/timelines/chicago/?view=map&amp;type=raid" target="_top"' in page
    assert "Draft raid" not in page


def test_an_embed_map_has_the_compact_time_axis_over_it(client, timeline):
    page = client.get("/embed/timelines/chicago/", {"view": "map"}).content.decode()

    assert 'class="axis axis-compact"' in page
    assert 'target="_top"' in page[page.index('class="axis axis-compact"') :]


def test_an_embed_without_view_map_loads_no_map(client, timeline):
    page = client.get("/embed/timelines/chicago/").content.decode()
    assert "map.js" not in page
    assert "No Kings rally" in page


def test_the_map_embed_may_be_framed_by_anyone_under_the_fixed_policy(client, timeline):
    response = client.get("/embed/events/", {"view": "map"})
    assert response.status_code == 200
    assert "frame-ancestors *" in response["Content-Security-Policy"]
    assert "img-src 'self' data:;" in response["Content-Security-Policy"]
    assert "X-Frame-Options" not in response
    assert "nonce" not in response.content.decode()


def test_a_bad_view_in_an_embed_says_what_is_wrong(client, timeline):
    response = client.get("/embed/timelines/chicago/", {"view": "globe"})
    assert response.status_code == 400
    assert "The view is list or map." in response.content.decode()


def test_the_share_panel_offers_the_map_embed_when_the_map_is_shown(client, timeline):
    page = html.unescape(client.get("/timelines/chicago/", {"view": "map"}).content.decode())
    assert '<iframe src="http://testserver/embed/timelines/chicago/?view=map"' in page
    assert 'data-timeline="chicago" data-view="map" async' in page


def test_the_loader_passes_data_view_on_to_the_frame():
    with open("static/js/embed.js", encoding="utf-8") as script:
        source = script.read()
    filters = re.search(r"var FILTERS = \[([^\]]*)\]", source).group(1)
    assert '"view"' in filters


def test_oembed_for_the_map_view_embeds_the_map(client, timeline):
    url = "http://testserver/timelines/chicago/?type=raid&view=map"
    response = client.get("/oembed/", {"url": url, "format": "json"})
    assert response.status_code == 200
    src = urlsplit(html.unescape(re.search(r'src="([^"]*)"', response.json()["html"]).group(1)))
    assert src.path == "/embed/timelines/chicago/"
    assert parse_qsl(src.query) == [("type", "raid"), ("view", "map")]
    assert 'data-mode="events"' in client.get(f"{src.path}?{src.query}").content.decode()


def test_oembed_refuses_a_view_that_does_not_exist(client, timeline):
    url = "http://testserver/timelines/chicago/?view=globe"
    response = client.get("/oembed/", {"url": url, "format": "json"})
    assert response.status_code == 400
    assert "The view is list or map." in response.json()["error"]

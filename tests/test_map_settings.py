"""The map's tile source: a setting from the environment, and the CSP allowing exactly
its host (and no other image host when none is set)."""

from __future__ import annotations

import json

import pytest

from tests.processes import manage

# In a fresh process (the settings read the environment once): migrate a database in
# memory with one event, then ask for the all-events map as a reader would.
PAGE = """
import json
from django.core.management import call_command
from django.test import Client
from tests.factories import make_event, make_place
call_command("migrate", verbosity=0)
make_event(place=make_place(name="Chicago", latitude=41.88, longitude=-87.63))
response = Client(HTTP_HOST="127.0.0.1").get("/events/", {"view": "map"})
page = response.content.decode()
start = page.index('data-tiles="')
print(json.dumps({
    "status": response.status_code,
    "csp": response["Content-Security-Policy"],
    "tiles": page[start:page.index('data-basemap', start)].strip(),
}))
"""


def map_page(**env: str) -> dict:
    result = manage("shell", "-c", PAGE, DATABASE_URL="sqlite:///:memory:", **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def img_src(csp: str) -> str:
    return next(part for part in csp.split("; ") if part.startswith("img-src"))


def test_without_a_tile_url_images_come_from_our_own_origin_only():
    page = map_page()
    assert page["status"] == 200
    assert img_src(page["csp"]) == "img-src 'self' data:"
    assert page["tiles"] == 'data-tiles="" data-attribution=""'


def test_a_tile_url_allows_exactly_its_host_and_reaches_the_map():
    page = map_page(
        MAP_TILE_URL="https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        MAP_TILE_ATTRIBUTION="© OpenStreetMap contributors",
    )
    assert img_src(page["csp"]) == "img-src 'self' data: https://tile.openstreetmap.org"
    assert page["tiles"] == (
        'data-tiles="https://tile.openstreetmap.org/{z}/{x}/{y}.png" '
        'data-attribution="© OpenStreetMap contributors"'
    )
    # Nothing else loosened: scripts and styles stay our own.
    assert "script-src 'self';" in page["csp"]
    assert "style-src 'self';" in page["csp"]


def test_a_tile_url_with_subdomains_allows_that_hosts_subdomains_only():
    page = map_page(
        MAP_TILE_URL="https://{s}.tiles.example.org:8443/{z}/{x}/{y}.png",
        MAP_TILE_ATTRIBUTION="Example tiles",
    )
    assert img_src(page["csp"]) == "img-src 'self' data: https://*.tiles.example.org:8443"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"MAP_TILE_URL": "tile.openstreetmap.org/{z}/{x}/{y}.png"}, "MAP_TILE_URL must start"),
        ({"MAP_TILE_URL": "https://tile.openstreetmap.org/{z}/{x}.png"}, "MAP_TILE_URL lacks {y}"),
        (
            {"MAP_TILE_URL": "https://tile.openstreetmap.org/{z}/{x}/{y}.png"},
            "MAP_TILE_ATTRIBUTION",
        ),
    ],
)
def test_a_bad_tile_setting_stops_start_up_naming_it(env, message):
    result = manage("check", **env)
    assert result.returncode != 0
    assert message in result.stderr.splitlines()[-1]

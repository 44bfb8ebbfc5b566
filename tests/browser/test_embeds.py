"""Embeds in a real browser, on a page from another origin, as a newsroom's article would be.

The host page comes from a small server of its own on 127.0.0.1 (another origin than the
live server on localhost, but on the same machine, so Chromium's private network checks
do not stand in the way); the frame inside it comes from the live server.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import Frame, Page, expect

from tests.factories import make_event, make_timeline
from timeline.models import EditorialStatus

pytestmark = pytest.mark.browser


class HostSite:
    """Another site: serves the one article page it is given."""

    def __init__(self) -> None:
        self.document = b""
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(site.document)))
                self.end_headers()
                self.wfile.write(site.document)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"


@pytest.fixture
def host_site() -> Iterator[HostSite]:
    site = HostSite()
    thread = threading.Thread(target=site.server.serve_forever, daemon=True)
    thread.start()
    yield site
    site.server.shutdown()
    site.server.server_close()


@pytest.fixture
def timeline():
    raid = make_event(title="Car wash raid", type="raid", start=dt.date(2025, 6, 10))
    second = make_event(
        title="Home Depot raid: agents detain day labourers waiting for work in the car park",
        type="raid",
        start=dt.date(2025, 6, 12),
    )
    rally = make_event(title="No Kings rally", type="rally", start=dt.date(2025, 6, 14))
    draft = make_event(title="Draft raid", type="raid", editorial_status=EditorialStatus.DRAFT)
    return make_timeline(raid, second, rally, draft, title="ICE in Chicago")


def host(page: Page, site: HostSite, body: str) -> None:
    """Open an article on the other site whose body is this markup."""
    site.document = (
        f"<!doctype html><html><head><title>An article</title></head><body>{body}</body></html>"
    ).encode()
    page.goto(f"{site.url}/article")


def embed_frame(page: Page) -> Frame:
    """The frame our embed loaded into, once its page has loaded."""
    for _ in range(200):
        for frame in page.frames:
            if "/embed/" in frame.url:
                frame.wait_for_load_state()
                return frame
        page.wait_for_timeout(50)
    raise AssertionError(f"no embed frame among {[f.url for f in page.frames]}")


def content_height(frame: Frame) -> int:
    return frame.evaluate(
        "() => Math.ceil(document.getElementById('embed').getBoundingClientRect().height)"
    )


def test_loader_puts_a_filtered_frame_after_itself_and_fits_it_to_the_events(
    page: Page, live_server, host_site, timeline, console_errors: list[str]
):
    host(
        page,
        host_site,
        "<h1>An article</h1>"
        f'<script src="{live_server.url}/static/js/embed.js" data-timeline="{timeline.slug}" '
        'data-type="raid" data-height="150" async></script><p>The article goes on.</p>',
    )
    iframe = page.locator("iframe.dateline-embed")
    expect(iframe).to_have_attribute(
        "src", re.compile(rf"^{live_server.url}/embed/timelines/{timeline.slug}/\?type=raid#id=")
    )
    assert (
        page.evaluate(
            "() => document.querySelector('script[data-timeline]').nextElementSibling.tagName"
        )
        == "IFRAME"
    )
    frame = embed_frame(page)
    expect(frame.get_by_role("link", name="Car wash raid")).to_be_visible()
    expect(frame.get_by_role("link", name=re.compile("^Home Depot raid"))).to_be_visible()
    expect(frame.get_by_text("No Kings rally")).to_have_count(0)
    expect(frame.get_by_text("Draft raid")).to_have_count(0)

    # The frame reported its height and the loader applied it.
    page.wait_for_function("() => document.querySelector('iframe').height !== '150'")
    expect(iframe).to_have_attribute("height", str(content_height(frame)))

    # A narrower column wraps the events onto more lines: the frame grows to match.
    wide = int(iframe.get_attribute("height"))
    page.set_viewport_size({"width": 320, "height": 800})
    page.wait_for_function(
        "(wide) => Number(document.querySelector('iframe').height) > wide", arg=wide
    )
    expect(iframe).to_have_attribute("height", str(content_height(frame)))
    assert console_errors == []


def test_a_link_in_the_frame_opens_the_event_in_the_top_window(
    page: Page, live_server, host_site, timeline, console_errors: list[str]
):
    host(
        page,
        host_site,
        f'<script src="{live_server.url}/static/js/embed.js" '
        f'data-timeline="{timeline.slug}" async></script>',
    )
    frame = embed_frame(page)
    frame.get_by_role("link", name="Car wash raid").click()
    page.wait_for_url(f"{live_server.url}/events/**")
    expect(page.get_by_role("heading", level=1)).to_have_text("Car wash raid")
    assert console_errors == []


def test_wordpress_sandboxed_frame_posts_its_height_with_the_secret(
    page: Page, live_server, host_site, timeline, console_errors: list[str]
):
    # What WordPress makes of an oEmbed iframe from a provider it does not trust, with a
    # listener doing what wp-embed.js does.
    src = f"{live_server.url}/embed/timelines/{timeline.slug}/?theme=dark#?secret=Abc123"
    host(
        page,
        host_site,
        f'<iframe class="wp-embedded-content" sandbox="allow-scripts" security="restricted" '
        f'src="{src}" data-secret="Abc123" width="600" height="200"></iframe>'
        "<script>"
        "window.received = [];"
        "var frame = document.querySelector('iframe');"
        "window.addEventListener('message', function (event) {"
        "  if (event.source !== frame.contentWindow) return;"
        "  window.received.push({origin: event.origin, data: event.data});"
        "  var data = event.data;"
        "  if (data && data.message === 'height' && data.secret === frame.dataset.secret) {"
        "    frame.height = data.value;"
        "  }"
        "});"
        "</script>",
    )
    frame = embed_frame(page)
    expect(frame.get_by_role("link", name="Car wash raid")).to_be_visible()
    page.wait_for_function("() => window.received.some(m => m.data && m.data.message === 'height')")
    heights = page.evaluate(
        "() => window.received.filter(m => m.data && m.data.message === 'height')"
    )
    assert heights[-1]["origin"] == "null"  # the sandbox gave the frame an opaque origin
    assert heights[-1]["data"]["secret"] == "Abc123"
    assert heights[-1]["data"]["value"] == content_height(frame)
    expect(page.locator("iframe")).to_have_attribute("height", str(content_height(frame)))

    # The sandbox forbids navigating the top window: the frame asks WordPress instead.
    frame.get_by_role("link", name="Car wash raid").click()
    page.wait_for_function("() => window.received.some(m => m.data && m.data.message === 'link')")
    link = page.evaluate("() => window.received.find(m => m.data.message === 'link').data")
    assert link["secret"] == "Abc123"
    assert re.fullmatch(rf"{live_server.url}/events/[\w-]+/", link["value"])
    assert page.url == f"{host_site.url}/article"
    assert console_errors == []


def test_pym_parent_gets_the_height_in_its_own_format(
    page: Page, live_server, host_site, timeline, console_errors: list[str]
):
    src = f"{live_server.url}/embed/timelines/{timeline.slug}/?childId=chart-1&parentUrl=x"
    host(
        page,
        host_site,
        f'<div id="chart-1"><iframe src="{src}" width="100%" height="100"></iframe></div>'
        "<script>"
        "window.pym = [];"
        "window.addEventListener('message', function (event) {"
        "  if (typeof event.data === 'string') window.pym.push(event.data);"
        "});"
        "</script>",
    )
    frame = embed_frame(page)
    page.wait_for_function("() => window.pym.length > 0")
    message = page.evaluate("() => window.pym[window.pym.length - 1]")
    assert message == f"pymxPYMxchart-1xPYMxheightxPYMx{content_height(frame)}"
    assert console_errors == []


def test_a_plain_iframe_without_any_script_shows_the_events_at_its_own_height(
    page: Page, live_server, host_site, timeline, console_errors: list[str]
):
    src = f"{live_server.url}/embed/timelines/{timeline.slug}/"
    host(
        page,
        host_site,
        f'<iframe src="{src}" title="ICE in Chicago" width="500" height="120"></iframe>',
    )
    frame = embed_frame(page)
    expect(frame.get_by_role("link", name="Car wash raid")).to_be_attached()
    expect(page.locator("iframe")).to_have_attribute("height", "120")
    # The rest scrolls inside the frame.
    assert frame.evaluate("() => document.scrollingElement.scrollHeight") > 120
    assert console_errors == []


def test_share_panel_follows_the_filters_as_they_change(
    page: Page, live_server, timeline, console_errors: list[str]
):
    page.goto(timeline.get_absolute_url())
    link = page.get_by_label("Link", exact=True)
    expect(link).to_have_value(f"{live_server.url}{timeline.get_absolute_url()}")
    page.get_by_role("checkbox", name="Raid").check()
    expect(page).to_have_url(re.compile(r"\?type=raid&order=oldest$"))
    query = r"\?type=raid&order=oldest"
    expect(link).to_have_value(
        re.compile(rf"^{live_server.url}{timeline.get_absolute_url()}{query}$")
    )
    expect(page.get_by_label("Embed (iframe, any site)")).to_have_value(
        # The code is HTML, so the & between filters is written &amp;.
        re.compile(rf'src="{live_server.url}/embed/timelines/{timeline.slug}/\?type=raid&amp;')
    )
    expect(page.get_by_label("Embed (script, fits its height to the events)")).to_have_value(
        re.compile(r'data-type="raid" data-order="oldest"')
    )
    assert console_errors == []

"""Our TimelineJS export, loaded by the real TimelineJS library in a real browser.

The export is only worth something if TimelineJS reads it: this test gives the address
of /timelines/<slug>/export.timelinejs.json to `new TL.Timeline(...)` on a page from
another origin, as a newsroom's page does, and checks what a reader then sees: a slide
and a marker for every published event with its headline and our date, no draft, and
the next button moving on to the next event. It also checks that TimelineJS read each
date to the precision we gave by leaving parts out (a year alone, a year and a month).

TimelineJS comes from npm at the exact version pinned in tests/browser/timelinejs
(`make test` installs it there with `npm ci`), and the page loads it from those files:
Playwright answers for a made-up origin, http://timelinejs.test, passes requests for the
live server on, and aborts any other request, so the test never reaches the internet and
fails if TimelineJS tries to (fonts, analytics, language files).
"""

from __future__ import annotations

import datetime as dt
import json
import mimetypes
from pathlib import Path

import pytest
from playwright.sync_api import APIResponse, Page, Route, expect

from tests.factories import make_event, make_timeline
from timeline.dates import DatePrecision
from timeline.models import EditorialStatus

pytestmark = pytest.mark.browser

PACKAGE = Path(__file__).parent / "timelinejs"
DIST = PACKAGE / "node_modules" / "@knight-lab" / "timelinejs" / "dist"
ORIGIN = "http://timelinejs.test"


@pytest.fixture
def timelinejs() -> Path:
    if not (DIST / "js" / "timeline.js").is_file():
        pytest.fail(
            f"TimelineJS is not installed in {PACKAGE}: run `make test`, or "
            "`npm ci --prefix tests/browser/timelinejs`.",
            pytrace=False,
        )
    return DIST


@pytest.fixture
def story(page: Page):
    events = {
        "day": make_event(
            title='Raid at the "Smith & Sons" car wash',
            type="raid",
            start=dt.date(2025, 6, 14),
        ),
        "month": make_event(
            title="Arrests rise through June",
            start=dt.date(2025, 6, 1),
            end=dt.date(2025, 6, 30),
            precision=DatePrecision.MONTH,
        ),
        "year": make_event(
            title="County ends its agreement with ICE",
            start=dt.date(2024, 1, 1),
            end=dt.date(2024, 12, 31),
            precision=DatePrecision.YEAR,
        ),
        "range": make_event(
            title="Three days of protests downtown",
            start=dt.date(2025, 6, 10),
            end=dt.date(2025, 6, 12),
        ),
    }
    draft = make_event(
        title="Draft raid", start=dt.date(2025, 6, 13), editorial_status=EditorialStatus.DRAFT
    )
    timeline = make_timeline(
        *events.values(), draft, title="ICE in Chicago", description="A summer of raids."
    )
    return timeline, events, draft


class TimelineJSSite:
    """The made-up origin: a page running TimelineJS on a source, and its files."""

    def __init__(self, page: Page, *, dist: Path, live_server_url: str, source: str) -> None:
        self.dist = dist.resolve()
        self.live_server_url = live_server_url
        self.document = f"""<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>A newsroom page with TimelineJS</title>
  <link rel="stylesheet" href="/dist/css/timeline.css">
  <script src="/dist/js/timeline.js"></script>
</head>
<body>
  <div id="timeline-embed" style="width: 100%; height: 600px"></div>
  <script>
    window.timeline = new TL.Timeline("timeline-embed", {json.dumps(source)}, {{
      font: null,
      script_path: "{ORIGIN}/dist/js/",
    }});
  </script>
</body>
</html>"""
        self.from_live_server: list[APIResponse] = []
        self.aborted: list[str] = []
        page.route("**/*", self.answer)

    def answer(self, route: Route) -> None:
        url = route.request.url
        if url.startswith(f"{self.live_server_url}/"):
            # Chromium's local network checks refuse a public origin's request to
            # localhost; a newsroom's page would read Dateline on the internet, so
            # Playwright fetches the live server's answer and hands it over unchanged.
            response = route.fetch()
            self.from_live_server.append(response)
            route.fulfill(response=response)
        elif url == f"{ORIGIN}/":
            route.fulfill(body=self.document, content_type="text/html; charset=utf-8")
        elif url.startswith(f"{ORIGIN}/dist/"):
            path = (self.dist / url.removeprefix(f"{ORIGIN}/dist/").split("?")[0]).resolve()
            if path.is_relative_to(self.dist) and path.is_file():
                content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                route.fulfill(path=path, content_type=content_type)
            else:
                route.fulfill(status=404)
        else:
            self.aborted.append(url)
            route.abort()


def test_timelinejs_renders_the_published_events_of_our_export_at_their_dates(
    page: Page, live_server, timelinejs: Path, story, console_errors: list[str]
):
    timeline, events, draft = story
    source = f"{live_server.url}/timelines/{timeline.slug}/export.timelinejs.json"
    site = TimelineJSSite(page, dist=timelinejs, live_server_url=live_server.url, source=source)
    page.goto(f"{ORIGIN}/")

    # A title slide and one slide per published event.
    expect(page.locator(".tl-slide")).to_have_count(1 + len(events))
    title_slide = page.locator(".tl-slide-titleslide")
    expect(title_slide.locator(".tl-headline")).to_have_text("ICE in Chicago")
    expect(title_slide.locator(".tl-text-content")).to_have_text("A summer of raids.")

    shown_dates = {
        "day": "June 14, 2025",
        "month": "June 2025",
        "year": "2024",
        "range": "June 10–12, 2025",
    }
    for name, event in events.items():
        slide = page.locator(f'.tl-slide[id="{event.slug}"]')
        # The headline is HTML to TimelineJS: quotes and the ampersand come out as typed.
        expect(slide.locator(".tl-headline")).to_have_text(event.title)
        expect(slide.locator(".tl-headline-date")).to_have_text(shown_dates[name])
        marker = page.locator(f'.tl-timemarker[id="{event.slug}-marker"]')
        expect(marker.locator(".tl-headline")).to_have_text(event.title)
    expect(page.get_by_text("Draft raid")).to_have_count(0)
    expect(page.locator(f'[id^="{draft.slug}"]')).to_have_count(0)

    # What TimelineJS makes of the dates on its own, which also places them on its axis:
    # a part left out is a precision, not a guess at January or the first of the month.
    own_dates = page.evaluate(
        """() => Object.fromEntries(window.timeline.config.events.map(e => [
            e.unique_id,
            [e.start_date, e.end_date].filter(Boolean)
                .map(d => d.getDisplayDate(window.timeline.language)),
        ]))"""
    )
    assert own_dates == {
        events["day"].slug: ["June 14, 2025"],
        events["month"].slug: ["June 2025"],
        events["year"].slug: ["2024"],
        events["range"].slug: ["June 10, 2025", "June 12, 2025"],
    }

    # TimelineJS opens on the title; the next button goes to the earliest event.
    expect(title_slide).not_to_have_attribute("inert", "true")
    page.locator(".tl-slidenav-next").first.click()
    first = page.locator(f'.tl-slide[id="{events["year"].slug}"]')
    expect(first).not_to_have_attribute("inert", "true")
    expect(first.locator(".tl-headline")).to_be_in_viewport()
    expect(title_slide).to_have_attribute("inert", "true")
    expect(page.locator(f'[id="{events["year"].slug}-marker"]')).to_have_class(
        "tl-timemarker tl-timemarker-active"
    )
    page.locator(".tl-slidenav-next").first.click()
    expect(page.locator(f'.tl-slide[id="{events["month"].slug}"]')).not_to_have_attribute(
        "inert", "true"
    )
    assert page.evaluate("() => window.timeline.current_id") == events["month"].slug

    # TimelineJS fetched the export itself. Playwright would add a missing CORS header to
    # the answer it hands over, so the live server's own headers must allow other sites.
    assert [r.url for r in site.from_live_server] == [source]
    assert site.from_live_server[0].headers["access-control-allow-origin"] == "*"
    assert site.aborted == []
    assert console_errors == []

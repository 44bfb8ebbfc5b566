"""The seed timeline in Spanish in a real browser: no English interface left, a switcher
that keeps the filters, and axe finds nothing serious."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from tests.browser.accessibility import serious_violations

pytestmark = pytest.mark.browser

ENGLISH = "/timelines/ice-in-chicago-june-2025/"
SPANISH = "/es/timelines/ice-in-chicago-june-2025/"

# Interface words both languages write the same way, or that are names.
SAME_IN_BOTH = {"Dateline", "TimelineJS (JSON)", "CSV", "GeoJSON", "iCalendar", "Atom"}

# Every visible text and every label a reader or a screen reader gets, outside event
# content: what the events say keeps its language (and says so with lang="en"), as do the
# timeline's own title and description and the embed code to copy.
INTERFACE_TEXT = """() => {
  const content = "[lang]:not(html), h1, .lede, .place, .snippet, .summary, textarea, " +
    "script, style, template, .leaflet-container";
  const found = new Set();
  const add = (text) => {
    text = (text || "").replace(/\\s+/g, " ").trim();
    if (/[A-Za-z]{3}/.test(text)) found.add(text);
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const element = node.parentElement;
    if (element.closest(content)) continue;
    if (!element.checkVisibility({ visibilityProperty: true }) &&
        !element.closest(".visually-hidden")) continue;
    add(node.textContent);
  }
  for (const element of document.querySelectorAll("[aria-label], [title], [placeholder], [alt]")) {
    if (element.closest(content)) continue;
    for (const name of ["aria-label", "title", "placeholder", "alt"]) {
      add(element.getAttribute(name));
    }
  }
  for (const link of document.head.querySelectorAll("link[title]")) add(link.title);
  return [...found];
}"""


@pytest.fixture
def seeds(page: Page) -> None:
    call_command("load_seeds", verbosity=0)


def interface_text(page: Page, address: str) -> set[str]:
    page.goto(address)
    page.wait_for_load_state("networkidle")
    return set(page.evaluate(INTERFACE_TEXT))


def test_the_spanish_seed_timeline_keeps_no_english_interface(page: Page, seeds, console_errors):
    english = interface_text(page, ENGLISH)
    assert {"All events", "Search", "Show events"} <= english  # the extraction reads the page
    spanish = interface_text(page, SPANISH)
    assert {"Todos los eventos", "Buscar", "Mostrar eventos"} <= spanish
    assert page.locator("html").get_attribute("lang") == "es"
    title = page.locator("h1").inner_text()  # content: the oEmbed link's title, for one
    left = {text for text in english & spanish if text not in SAME_IN_BOTH | {title}}
    assert left == set()
    assert console_errors == []


def test_the_language_switcher_keeps_the_filters(page: Page, seeds, console_errors):
    page.goto(ENGLISH)
    page.wait_for_load_state("networkidle")  # timeline.js submits the filters with HTMX
    all_titles = page.locator("#cards h3 a").all_inner_texts()
    page.locator("#filters input[name=type][value=rally]").check()
    page.locator("#filters").get_by_role("button", name="Show events").click()
    expect(page).to_have_url(re.compile(r"/timelines/ice-in-chicago-june-2025/\?.*type=rally"))
    expect(page.locator("#cards li.card").first).to_be_visible()
    rallies = page.locator("#cards h3 a").all_inner_texts()
    assert 0 < len(rallies) < len(all_titles)
    expect(page.locator("#cards li.card:not(.type-rally)")).to_have_count(0)

    page.locator("#languages").get_by_role("link", name="Español").click()
    expect(page).to_have_url(
        re.compile(r"/es/timelines/ice-in-chicago-june-2025/\?(.*&)?type=rally(&|$)")
    )
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.locator("#filters input[name=type][value=rally]")).to_be_checked()
    expect(page.locator("#cards li.card:not(.type-rally)")).to_have_count(0)
    # The same events: seed events have no Spanish title, so they read as in English.
    assert page.locator("#cards h3 a").all_inner_texts() == rallies

    page.locator("#languages").get_by_role("link", name="English").click()
    expect(page).to_have_url(
        re.compile(r"^[^?]*/timelines/ice-in-chicago-june-2025/\?.*type=rally")
    )
    assert "/es/" not in page.url
    expect(page.locator("#filters input[name=type][value=rally]")).to_be_checked()
    assert console_errors == []


def test_no_serious_or_critical_accessibility_violations_in_spanish(page: Page, seeds):
    page.goto(SPANISH)
    page.wait_for_load_state("networkidle")
    assert serious_violations(page) == []


def test_a_reader_whose_browser_prefers_spanish_can_switch_to_english_and_stay(
    browser, live_server, page: Page, seeds
):
    spanish_browser = browser.new_context(base_url=live_server.url, locale="es-ES")
    reader = spanish_browser.new_page()
    try:
        reader.goto(ENGLISH)  # no prefix: answered in the browser's language
        expect(reader.locator("html")).to_have_attribute("lang", "es")
        reader.locator("#languages").get_by_role("link", name="English").click()
        expect(reader.locator("html")).to_have_attribute("lang", "en")
        expect(reader).to_have_url(re.compile(r"/en/timelines/ice-in-chicago-june-2025/"))
        reader.wait_for_load_state("networkidle")
        reader.locator("#filters input[name=type][value=rally]").check()
        reader.locator("#filters").get_by_role("button", name="Show events").click()
        expect(reader).to_have_url(re.compile(r"/en/timelines/[^?]*\?.*type=rally"))
        expect(reader.locator("#cards li.card").first).to_be_visible()
        reader.goto(reader.locator("#cards li.card h3 a").first.get_attribute("href"))
        expect(reader).to_have_url(re.compile(r"/en/events/"))
        expect(reader.locator("html")).to_have_attribute("lang", "en")
    finally:
        spanish_browser.close()

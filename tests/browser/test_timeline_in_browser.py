"""The public timeline in a real browser: filters, history, load more, cards, no script,
accessibility and a phone-sized screen."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.accessibility import serious_violations
from tests.factories import make_citation, make_event, make_place, make_timeline

pytestmark = pytest.mark.browser


@pytest.fixture
def story(page: Page):
    chicago = make_place(name="Chicago")
    events = []
    for n in range(30):
        event = make_event(
            title=f"{'Raid' if n % 3 == 0 else 'Rally'} number {n:02}",
            type="raid" if n % 3 == 0 else "rally",
            place=chicago,
            start=dt.date(2025, 1, 1) + dt.timedelta(days=3 * n),
            summary=f"What happened on occasion {n}.",
        )
        make_citation(event, quote=f"Quoted passage {n}")
        events.append(event)
    return make_timeline(*events, title="A busy year")


def cards(page: Page):
    return page.locator("li.card h3 a")


def test_filtering_updates_the_list_and_the_address_and_back_restores_it(
    page: Page, story, console_errors
):
    page.goto(story.get_absolute_url())
    expect(page.locator("#count")).to_have_text("30 events")
    page.get_by_role("checkbox", name="Raid").check()
    page.wait_for_url("**type=raid**")
    expect(page.locator("#count")).to_have_text("10 events")
    expect(cards(page).first).to_have_text("Raid number 00")
    page.go_back()
    expect(page.locator("#count")).to_have_text("30 events")
    expect(page.get_by_role("checkbox", name="Raid")).not_to_be_checked()
    page.go_forward()
    expect(page.locator("#count")).to_have_text("10 events")
    assert console_errors == []


def test_a_filter_change_brings_the_heads_feed_api_and_oembed_links_up_to_date(
    page: Page, story, console_errors
):
    page.goto(story.get_absolute_url())
    feed = page.locator('head link[rel="alternate"][type="application/atom+xml"]')
    api = page.locator('head link[rel="alternate"][type="application/json"]')
    oembed = page.locator('head link[rel="alternate"][type="application/json+oembed"]')
    expect(feed).to_have_attribute("href", f"/timelines/{story.slug}/feed/")
    page.get_by_role("checkbox", name="Raid").check()
    page.wait_for_url("**type=raid**")
    expect(page.locator("#count")).to_have_text("10 events")
    # Replaced where they stand, one of each, as a reload of the new address would have them.
    # The form also sends its order, oldest first.
    expect(feed).to_have_attribute(
        "href", re.compile(rf"^/timelines/{story.slug}/feed/\?type=raid(&order=oldest)?$")
    )
    expect(api).to_have_attribute(
        "href", re.compile(rf"^/api/v1/timelines/{story.slug}/\?type=raid(&order=oldest)?$")
    )
    expect(oembed).to_have_count(1)
    assert "type%3Draid" in oembed.get_attribute("href")
    expect(page.locator("link[rel=alternate]:not([hreflang])")).to_have_count(3)
    # Where the page lives in Spanish follows the filters too.
    expect(page.locator('head link[hreflang="es"]')).to_have_count(1)
    expect(page.locator('head link[hreflang="es"]')).to_have_attribute(
        "href", re.compile(rf"^(?:https?://[^/]+)?/es/timelines/{story.slug}/\?type=raid")
    )
    assert console_errors == []


def test_load_more_appends_without_duplicates(page: Page, story, console_errors):
    page.set_viewport_size({"width": 1280, "height": 500})
    page.goto(story.get_absolute_url() + "?size=10")
    expect(cards(page)).to_have_count(10)
    page.get_by_role("link", name="Load more events").click()
    expect(cards(page)).not_to_have_count(10)
    while page.get_by_role("link", name="Load more events").count():
        page.get_by_role("link", name="Load more events").click()
        page.wait_for_timeout(200)
    titles = cards(page).all_inner_texts()
    assert len(titles) == 30
    assert len(set(titles)) == 30
    assert console_errors == []


def test_a_card_expands_in_place_and_folds_again(page: Page, story, console_errors):
    page.goto(story.get_absolute_url())
    link = cards(page).first
    link.click()
    expect(link).to_have_attribute("aria-expanded", "true")
    expect(page.locator(".card-more").first).to_contain_text("Quoted passage 0")
    assert page.url.endswith(story.get_absolute_url())  # stayed on the timeline
    link.click()
    expect(link).to_have_attribute("aria-expanded", "false")
    assert console_errors == []


def test_without_javascript_the_form_and_links_still_work(browser: Browser, live_server, story):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(story.get_absolute_url())
        page.get_by_role("checkbox", name="Raid").check()
        page.get_by_role("button", name="Show events").click()
        expect(page.locator("#count")).to_have_text("10 events")
        assert "type=raid" in page.url
        page.get_by_role("link", name="Raid number 00").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Raid number 00")
    finally:
        context.close()


@pytest.mark.parametrize("where", ["timeline", "event"])
def test_no_serious_or_critical_accessibility_violations(page: Page, story, where):
    url = (
        story.get_absolute_url() if where == "timeline" else story.events.first().get_absolute_url()
    )
    page.goto(url)
    assert serious_violations(page) == []


def test_a_phone_screen_has_no_sideways_scrolling(page: Page, story):
    page.set_viewport_size({"width": 360, "height": 740})
    for url in (story.get_absolute_url(), story.events.first().get_absolute_url()):
        page.goto(url)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, url

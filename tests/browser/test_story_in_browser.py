"""Story mode in a real browser: arrow keys, Home/End and swipes step through the key
events, the address and history follow, and axe finds nothing serious."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.accessibility import serious_violations
from tests.factories import make_citation, make_event, make_key_entry, make_place, make_timeline
from timeline.models import EditorialStatus

pytestmark = pytest.mark.browser


@pytest.fixture
def story(page: Page):
    chicago = make_place(name="Chicago")
    timeline = make_timeline(title="ICE in Chicago", slug="ice-in-chicago")
    for n, title in enumerate(["Check-in arrests", "Car wash raid", "No Kings rally"]):
        event = make_event(title=title, place=chicago, start=dt.date(2025, 6, 1 + 5 * n))
        make_citation(event, quote=f"Quoted passage {n}")
        make_key_entry(timeline, event, f"Narrative line {n + 1}.")
    draft = make_event(
        title="Draft arrest", start=dt.date(2025, 6, 3), editorial_status=EditorialStatus.DRAFT
    )
    make_key_entry(timeline, draft, "A draft's line.")
    timeline.entries.create(event=make_event(title="Not key", start=dt.date(2025, 6, 2)))
    return timeline


def step_heading(page: Page):
    return page.locator("#story-step-heading")


def story_path(number: int) -> re.Pattern[str]:
    return re.compile(rf"/timelines/ice-in-chicago/story/{number}/$")


def test_arrow_keys_step_through_the_story_and_history_follows(page: Page, story, console_errors):
    page.goto("/timelines/ice-in-chicago/")
    page.get_by_role("link", name="Story", exact=True).click()
    page.wait_for_load_state()  # story.js is deferred: keys before it loads do nothing
    expect(step_heading(page)).to_have_text("Step 1 of 3")
    expect(page.locator(".story-narrative")).to_have_text("Narrative line 1.")

    page.keyboard.press("ArrowRight")
    expect(page).to_have_url(story_path(2))
    expect(step_heading(page)).to_have_text("Step 2 of 3")
    expect(page.locator(".story-narrative")).to_have_text("Narrative line 2.")
    expect(page.locator("li.card h3 a")).to_have_text("Car wash raid")
    expect(page).to_have_title("ICE in Chicago: the story, step 2 of 3 · Dateline")

    page.keyboard.press("ArrowRight")
    expect(page).to_have_url(story_path(3))
    expect(step_heading(page)).to_have_text("Step 3 of 3")
    page.keyboard.press("ArrowRight")  # the last step: nowhere further to go
    expect(step_heading(page)).to_have_text("Step 3 of 3")

    page.keyboard.press("ArrowLeft")
    expect(page).to_have_url(story_path(2))
    expect(step_heading(page)).to_have_text("Step 2 of 3")

    page.go_back()
    expect(page).to_have_url(story_path(3))
    expect(step_heading(page)).to_have_text("Step 3 of 3")
    page.go_back()
    expect(page).to_have_url(story_path(2))
    expect(step_heading(page)).to_have_text("Step 2 of 3")
    page.go_forward()
    expect(step_heading(page)).to_have_text("Step 3 of 3")

    page.keyboard.press("Home")
    expect(page).to_have_url(story_path(1))
    expect(step_heading(page)).to_have_text("Step 1 of 3")
    page.keyboard.press("End")
    expect(page).to_have_url(story_path(3))
    assert "Draft arrest" not in page.content()
    assert console_errors == []


def test_next_and_previous_links_keep_the_focus_on_them(page: Page, story, console_errors):
    page.goto("/timelines/ice-in-chicago/story/1/")
    page.get_by_role("link", name="Next →").focus()
    page.keyboard.press("Enter")
    expect(step_heading(page)).to_have_text("Step 2 of 3")
    expect(page.get_by_role("link", name="Next →")).to_be_focused()
    expect(page.locator("#story-announce")).to_have_text("Step 2 of 3")
    assert console_errors == []


def test_a_swipe_moves_to_the_next_and_previous_step(page: Page, story):
    page.goto("/timelines/ice-in-chicago/story/1/")
    step = page.locator("#story-step")
    box = step.bounding_box()
    y = box["y"] + box["height"] / 2

    def swipe(from_x: float, to_x: float) -> None:
        for kind, x in (("pointerdown", from_x), ("pointerup", to_x)):
            step.dispatch_event(
                kind,
                {
                    "pointerType": "touch",
                    "pointerId": 7,
                    "clientX": x,
                    "clientY": y,
                    "bubbles": True,
                    "isPrimary": True,
                },
            )

    swipe(box["x"] + 300, box["x"] + 100)
    expect(page).to_have_url(story_path(2))
    expect(step_heading(page)).to_have_text("Step 2 of 3")
    swipe(box["x"] + 100, box["x"] + 300)
    expect(page).to_have_url(story_path(1))


def test_the_story_works_without_javascript(browser, live_server, story):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto("/timelines/ice-in-chicago/story/")
        page.get_by_role("link", name="Next →").click()
        expect(page).to_have_url(story_path(2))
        expect(step_heading(page)).to_have_text("Step 2 of 3")
    finally:
        context.close()


@pytest.mark.parametrize(
    "address",
    [
        "/timelines/ice-in-chicago/story/2/",
        "/timelines/ice-in-chicago/story/print/",
        "/embed/timelines/ice-in-chicago/story/2/",
    ],
)
def test_no_serious_or_critical_accessibility_violations(page: Page, story, address):
    page.goto(address)
    assert serious_violations(page) == []

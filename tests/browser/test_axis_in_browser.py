"""The time axis on the seed timeline in a real browser: labels, selecting, keys, axe, phones."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from tests.browser.accessibility import serious_violations

pytestmark = pytest.mark.browser

SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "axis.png"
SEED_URL = "/timelines/ice-in-chicago-june-2025/"


@pytest.fixture
def seeds(page: Page) -> str:
    call_command("load_seeds", verbosity=0)
    return SEED_URL


def test_the_axis_shows_dated_labels_for_the_seed_timeline(page: Page, seeds, console_errors):
    page.set_viewport_size({"width": 1100, "height": 900})
    page.goto(seeds)
    axis = page.locator("#axis")
    expect(axis.locator("figcaption")).to_contain_text("Events per day, June 1, 2025 – June 30")
    labels = axis.locator(".axis-chart .tick text")
    expect(labels.first).to_have_text("June 2, 2025")
    expect(labels.nth(1)).to_have_text("June 9")
    expect(axis.locator(".marker-published text")).to_have_text("Published")
    expect(axis.locator(".axis-legend")).to_contain_text("Dated only roughly")
    expect(axis.locator('a.bin[aria-label^="June 14, 2025: "]')).to_have_count(1)
    if os.environ.get("SCREENSHOTS"):  # SCREENSHOTS=1 pytest ... retakes the README's picture
        page.screenshot(path=str(SCREENSHOT))
    assert console_errors == []


def test_dragging_across_a_week_lists_it_and_puts_it_in_the_address(
    page: Page, seeds, console_errors
):
    page.goto(seeds)
    expect(page.locator("#count")).to_have_text("9 events")
    box = page.locator(".axis-chart").bounding_box()

    def at(day: int) -> float:  # the middle of June <day>'s bin: thirty bins
        return box["x"] + (day - 0.5) / 30 * box["width"]

    middle = box["y"] + box["height"] / 2
    page.mouse.move(at(9), middle)
    page.mouse.down()
    page.mouse.move(at(12), middle, steps=5)
    page.mouse.move(at(15), middle, steps=5)
    page.mouse.up()
    page.wait_for_url(re.compile(r"start=2025-06-09&end=2025-06-15"))
    expect(page.locator("#axis figcaption")).to_contain_text("June 9, 2025 – June 15, 2025")
    page.go_back()
    expect(page.locator("#count")).to_have_text("9 events")
    assert console_errors == []


def test_clicking_a_day_lists_it(page: Page, seeds, console_errors):
    page.goto(seeds)
    page.locator('a.bin[aria-label^="June 14, 2025: "]').click()
    page.wait_for_url(re.compile(r"start=2025-06-14&end=2025-06-14"))
    expect(page.locator("#axis figcaption")).to_contain_text("Events per hour, June 14, 2025")
    assert console_errors == []


def test_keyboard_alone_zooms_and_selects(page: Page, seeds, console_errors):
    page.goto(seeds)
    for _ in range(80):  # tab to the axis: one period of it is in the tab order
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('bin')"):
            break
    else:
        pytest.fail("Tab never reached the time axis")
    page.keyboard.press("+")
    page.wait_for_url(re.compile(r"start=2025-06-09&end=2025-06-23"))
    expect(page.locator("#axis figcaption")).to_contain_text("June 9, 2025 – June 23, 2025")
    # Focus is back on the axis, so the keys go on working.
    expect(page.locator("a.bin:focus")).to_have_count(1)
    page.keyboard.press("Home")
    page.keyboard.press("ArrowRight")
    expect(page.locator("a.bin:focus")).to_have_attribute("data-start", "2025-06-10")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"start=2025-06-10&end=2025-06-10"))
    # The day's events, those known only to its week and the one known only to its month.
    expect(page.locator("#count")).to_have_text("5 events")
    assert console_errors == []


def test_the_seed_timeline_with_its_axis_has_no_serious_accessibility_violations(page: Page, seeds):
    page.goto(seeds)
    assert serious_violations(page) == []


def test_a_phone_screen_has_no_sideways_scrolling_with_the_axis(page: Page, seeds):
    page.set_viewport_size({"width": 360, "height": 740})
    for url in (seeds, f"{seeds}?start=2025-06-14&end=2025-06-14"):
        page.goto(url)
        expect(page.locator("#axis")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, url

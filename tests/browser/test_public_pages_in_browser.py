"""A reader on the home page sees published events only and can open one."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.factories import make_event
from timeline.models import EditorialStatus

pytestmark = pytest.mark.browser


def test_home_shows_published_events_and_opens_one(page: Page):
    make_event(title="March against ICE raids")
    make_event(title="Raid still in review", editorial_status=EditorialStatus.DRAFT)
    page.goto("/")
    expect(page.get_by_role("link", name="March against ICE raids")).to_be_visible()
    expect(page.get_by_text("Raid still in review")).to_have_count(0)

    page.get_by_role("link", name="March against ICE raids").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("March against ICE raids")
    expect(page).to_have_title("March against ICE raids · Dateline")

"""An editor imports the seed article in a real browser and decides on the proposals."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_admin_in_browser import log_in
from tests.factories import make_user
from timeline.models import EditorialStatus, Event, ProposedEvent

pytestmark = pytest.mark.browser

SEED = Path(__file__).resolve().parents[2] / "seeds" / "block-club-chicago-2025-06-16.txt"


def test_import_the_seed_article_accept_two_and_reject_one(page: Page, console_errors):
    editor = make_user(role="Editor")
    log_in(page, editor.username)
    page.goto("/admin/timeline/event/import/")
    page.get_by_label("Article text").fill(SEED.read_text())
    page.get_by_label("Web address").fill("https://blockclubchicago.org/2025/06/16/trump-ice/")
    page.get_by_label("Outlet").fill("Block Club Chicago")
    page.get_by_label("Headline").fill("Trump orders ICE to expand deportations in Chicago")
    page.get_by_label("Published on").fill("2025-06-16")
    page.get_by_role("button", name="Import and propose events").click()

    proposals = page.locator("section.proposal")
    expect(proposals.first).to_be_visible()
    assert proposals.count() >= 9
    first, second, third = proposals.nth(0), proposals.nth(1), proposals.nth(2)
    first.get_by_role("button", name="Accept as proposed").click()
    expect(first.locator(".decision")).to_contain_text("Accepted")
    second.get_by_role("button", name="Accept as proposed").click()
    expect(second.locator(".decision")).to_contain_text("Accepted")
    third.get_by_role("button", name="Reject").click()
    expect(third.locator(".decision")).to_contain_text("Rejected")

    decisions = ProposedEvent.objects.exclude(decision="pending")
    assert sorted(decisions.values_list("decision", flat=True)) == [
        "accepted",
        "accepted",
        "rejected",
    ]
    drafts = Event.objects.filter(citations__source__outlet="Block Club Chicago")
    assert drafts.count() == 2
    assert set(drafts.values_list("editorial_status", flat=True)) == {EditorialStatus.DRAFT}
    assert console_errors == []

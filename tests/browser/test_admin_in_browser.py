"""An editor signs in to the admin with a password and finds the events there."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.factories import make_event, make_user

pytestmark = pytest.mark.browser


def log_in(page: Page, username: str) -> None:
    """Sign in through the admin's login form, as a journalist does."""
    page.goto("/admin/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Log in").click()


def test_editor_logs_in_and_finds_a_published_event_on_the_event_list(page: Page):
    editor = make_user(role="Editor")
    make_event(title="March against ICE raids")
    log_in(page, editor.username)
    page.get_by_role("link", name="Events", exact=True).first.click()
    expect(page.get_by_role("link", name="March against ICE raids")).to_be_visible()
    row = page.get_by_role("row", name="March against ICE raids")
    expect(row).to_contain_text("published")


def test_a_wrong_password_keeps_the_editor_out(page: Page):
    editor = make_user(role="Editor", username="someone")
    page.goto("/admin/")
    page.get_by_label("Username").fill(editor.username)
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Log in").click()
    expect(page.locator(".errornote")).to_be_visible()
    expect(page.get_by_role("link", name="Events", exact=True)).to_have_count(0)

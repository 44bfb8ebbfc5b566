"""Our pages run under a strict Content Security Policy without tripping it.

Public pages have `script-src 'self'` and no nonce (they are cached); the admin adds the
request's nonce for Django's admin scripts. A violation (an inline script or style, a
script without the nonce, a file from another origin) shows in the browser's console as
an error; so does any uncaught exception.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_admin_in_browser import log_in
from tests.factories import make_citation, make_count, make_event, make_timeline, make_user

pytestmark = pytest.mark.browser


def visit(page: Page, path: str) -> None:
    """Open path, let its scripts and HTMX requests settle, and check it is the page asked for."""
    response = page.goto(path)
    page.wait_for_load_state("networkidle")
    assert response is not None
    assert response.status == 200, f"{path} answered {response.status}"
    assert page.url.endswith(path), f"{path} led to {page.url}"


def test_public_pages_have_no_console_errors(page: Page, console_errors: list[str]):
    event = make_event(title="March against ICE raids")
    make_citation(event, quote="Chicagoans took to the streets Tuesday")
    timeline = make_timeline(event, title="ICE in Chicago")
    for path in ["/", event.get_absolute_url(), timeline.get_absolute_url(), "/events/"]:
        visit(page, path)
    assert console_errors == []


def test_admin_pages_have_no_console_errors(page: Page, console_errors: list[str]):
    editor = make_user(role="Editor")
    event = make_event(title="March against ICE raids")
    make_citation(event)
    make_count(event)
    make_timeline(event)
    log_in(page, editor.username)
    expect(page.get_by_role("link", name="Events", exact=True).first).to_be_visible()
    for path in [
        "/admin/timeline/event/",
        f"/admin/timeline/event/{event.pk}/change/",
        "/admin/timeline/event/add/",
        f"/admin/timeline/event/{event.pk}/history/",
        "/admin/timeline/timeline/",
        "/admin/timeline/source/",
    ]:
        visit(page, path)
    assert console_errors == []


def test_the_policy_refuses_a_script_injected_into_the_page(page: Page, console_errors: list[str]):
    page.goto("/")
    page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "document.title = 'injected'";
            document.body.append(script);
        }"""
    )
    expect(page).to_have_title("Dateline")
    assert any("Content Security Policy" in error for error in console_errors)

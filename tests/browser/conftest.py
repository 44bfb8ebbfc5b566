"""A real browser against the live server: one Chromium for these tests, a new page per test.

Browser tests need Debian's Chromium (`apt-get install -y chromium`); CHROMIUM_PATH points
elsewhere. Without it they fail, never skip: a skipped browser test guards nothing.

Mark each test module `pytestmark = pytest.mark.browser`; the `page` fixture brings the
database the live server needs.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from playwright.sync_api import Browser, ConsoleMessage, Error, Page, sync_playwright

CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item) -> Iterator[None]:
    """Let each `browser` test use the ORM while Playwright's event loop is marked running.

    Playwright's sync API keeps an asyncio loop marked as running in this thread, so Django
    refuses ORM calls here, although they still run one at a time between Playwright's
    calls and never inside a coroutine. The variable is set around the whole test, setup
    and teardown included (pytest-django's live-server helper sets the database up before
    any fixture of ours, and flushes it after), and not for the whole process: left in
    os.environ it reaches subprocesses, and `manage.py check --deploy` rightly refuses it.
    """
    if item.get_closest_marker("browser") is None:  # pytest calls this for every test
        return (yield)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        return (yield)


# One Chromium for all the browser tests, stopped when they are done: while Playwright
# runs, the thread looks async to Django, and tests after these (transactional ones from
# other files come next) must get the ORM back as usual.
@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM_PATH).is_file():
        pytest.fail(
            f"Browser tests need Chromium at {CHROMIUM_PATH}: run `apt-get install -y chromium` "
            "or set CHROMIUM_PATH to a Chromium binary.",
            pytrace=False,
        )
    before = {alias: connections[alias] for alias in connections}
    with sync_playwright() as playwright:
        carry_serialized_contents(before)
        # Playwright passes --no-sandbox itself unless chromium_sandbox=True, which is what
        # running as root in a container needs.
        browser = playwright.chromium.launch(executable_path=CHROMIUM_PATH, headless=True)
        yield browser
        browser.close()


def carry_serialized_contents(before: dict[str, BaseDatabaseWrapper]) -> None:
    """Give the connections this thread now uses the snapshot serialized_rollback restores.

    Django keeps connections in an asgiref Local, which serves a different connection once
    an event loop runs in the thread, as Playwright's does from its start. The test
    database was made before (its fixture spans the session), so the snapshot of the data
    migrations' rows hangs on the earlier connection; without it the database would stay
    empty after the first flush.
    """
    for alias, connection in before.items():
        if hasattr(connection, "_test_serialized_contents"):
            connections[alias]._test_serialized_contents = connection._test_serialized_contents


@pytest.fixture
def page(
    browser: Browser, live_server, transactional_db, django_db_serialized_rollback
) -> Iterator[Page]:
    # The live server answers from another thread, so each test commits for real and the
    # database is emptied after it; serialized_rollback puts back what the data migrations
    # made (the Reporter and Editor groups, the event types) before the next test.
    context = browser.new_context(base_url=live_server.url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def console_errors(page: Page) -> list[str]:
    """What the page reported as errors: console errors (CSP violations among them) and
    uncaught exceptions, in the order they happened."""
    errors: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(f"{page.url}: {message.text}")

    def on_page_error(error: Error) -> None:
        errors.append(f"{page.url}: uncaught {error.name}: {error.message}")

    page.on("console", on_console)
    page.on("pageerror", on_page_error)
    return errors


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:
    """Sign-ins through the login form hash a password; the real hasher is slow on purpose."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

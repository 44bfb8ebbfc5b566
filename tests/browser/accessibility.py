"""axe-core in the browser tests: what it finds serious on a page, as one call."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

SERIOUS = {"serious", "critical"}


def serious_violations(page: Page) -> list[tuple[str, str, int]]:
    """axe's serious and critical findings on the page as it stands: (rule, impact, nodes)."""
    results = Axe().run(page)
    return [
        (v["id"], v["impact"], len(v["nodes"]))
        for v in results.response["violations"]
        if v["impact"] in SERIOUS
    ]

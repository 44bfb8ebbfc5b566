"""What a reader's first view costs on the wire: pages are sent gzipped, and stay small."""

from __future__ import annotations

import datetime as dt
import gzip

import pytest

from tests.factories import make_event, make_timeline

FIRST_VIEW_BUDGET = 80 * 1024  # bytes, issue 13: the whole first view, HTML the largest part


def timeline_of(count: int, slug: str):
    events = [
        make_event(
            title=f"Agents detain {n} people at a Chicago car wash",
            summary="Witnesses said agents arrived before dawn and left within the hour. " * 3,
            start=dt.date(2025, 1, 1) + dt.timedelta(days=n),
        )
        for n in range(count)
    ]
    return make_timeline(*events, slug=slug)


def fetch(client, url: str):
    return client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")


@pytest.mark.django_db
def test_a_timeline_page_is_sent_gzipped_to_a_browser_that_accepts_it(client):
    timeline = timeline_of(3, "gzipped")

    plain = client.get(timeline.get_absolute_url())
    packed = fetch(client, timeline.get_absolute_url())

    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    assert gzip.decompress(packed.content) == plain.content


@pytest.mark.django_db
def test_the_first_view_stays_in_budget_and_flat_as_the_timeline_grows(client):
    small = len(fetch(client, timeline_of(20, "small").get_absolute_url()).content)
    large = len(fetch(client, timeline_of(300, "large").get_absolute_url()).content)

    assert large <= FIRST_VIEW_BUDGET
    assert large / small <= 1.2

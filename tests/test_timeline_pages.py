"""The public timeline over HTTP: filters, fragments, pages, bad parameters, budgets."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from tests.factories import (
    make_actor,
    make_citation,
    make_count,
    make_event,
    make_place,
    make_timeline,
    make_user,
)
from timeline.models import EditorialStatus, Event, EventActor, PlaceKind

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def results(client, url, **params):
    """A filter change as htmx makes it: the results region only."""
    return client.get(url, params, **HTMX, HTTP_HX_TARGET="results")


def titles(response) -> list[str]:
    page = response.content.decode()
    return re.findall(r'<h3 id="title-\d+"><a [^>]*>([^<]*)</a>', page)


@pytest.fixture
def chicago_story():
    illinois = make_place(name="Illinois", kind=PlaceKind.STATE, abbreviation="IL")
    chicago = make_place(name="Chicago", parent=illinois)
    south_loop = make_place(name="South Loop", kind=PlaceKind.NEIGHBOURHOOD, parent=chicago)
    los_angeles = make_place(name="Los Angeles")
    ice = make_actor(name="ICE")
    rally = make_event(title="No Kings rally", type="rally", place=chicago, summary="A march.")
    raid = make_event(
        title="Car wash raid", type="raid", place=south_loop, start=dt.date(2025, 6, 10)
    )
    EventActor.objects.create(event=raid, actor=ice, role="enforcing agency")
    guard = make_event(
        title="Guard deployed",
        type="deployment",
        place=los_angeles,
        start=dt.date(2025, 5, 2),
        summary="Troops arrived downtown.",
    )
    hidden = [
        make_event(title="Draft raid", type="raid", editorial_status=EditorialStatus.DRAFT),
        make_event(title="Review rally", editorial_status=EditorialStatus.IN_REVIEW),
        make_event(title="Trashed rally"),
    ]
    hidden[2].trash(by=make_user(role="Editor"))
    timeline = make_timeline(rally, raid, guard, *hidden)
    return {
        "places": (illinois, chicago, south_loop, los_angeles),
        "ice": ice,
        "events": (rally, raid, guard),
        "timeline": timeline,
    }


# --- Filters, on full pages and on fragments ----------------------------------------


@pytest.mark.parametrize("fragment", [False, True], ids=["page", "fragment"])
@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["Guard deployed", "Car wash raid", "No Kings rally"]),
        ({"type": ["raid", "rally"]}, ["Car wash raid", "No Kings rally"]),
        ({"place": "chicago"}, ["Car wash raid", "No Kings rally"]),  # includes South Loop
        ({"place": "south-loop"}, ["Car wash raid"]),
        ({"actor": "ice"}, ["Car wash raid"]),
        ({"start": "2025-06-01"}, ["Car wash raid", "No Kings rally"]),
        ({"end": "2025-06-10"}, ["Guard deployed", "Car wash raid"]),
        ({"start": "2025-06-01", "end": "2025-06-12"}, ["Car wash raid"]),
        ({"q": "troops"}, ["Guard deployed"]),
        ({"order": "newest"}, ["No Kings rally", "Car wash raid", "Guard deployed"]),
        ({"type": "rally", "place": "chicago", "start": "2025-06-01"}, ["No Kings rally"]),
        ({"type": "deployment", "place": "chicago"}, []),
    ],
)
def test_each_filter_and_combinations(client, chicago_story, params, expected, fragment):
    url = chicago_story["timeline"].get_absolute_url()
    response = results(client, url, **params) if fragment else client.get(url, params)
    assert response.status_code == 200
    assert titles(response) == expected
    body = response.content.decode()
    assert ("<html" in body) is not fragment
    assert f"{len(expected)} event" in body


def test_all_events_page_has_the_same_filters(client, chicago_story):
    response = client.get("/events/", {"type": "raid"})
    assert titles(response) == ["Car wash raid"]


def test_empty_result_says_so_and_offers_to_clear(client, chicago_story):
    response = client.get("/events/", {"q": "nothing-like-this"})
    assert response.status_code == 200
    assert "No events match" in response.content.decode()


# --- Drafts never leak ---------------------------------------------------------------

HIDDEN = ("Draft raid", "Review rally", "Trashed rally")


@pytest.mark.parametrize(
    "params",
    [{}, {"type": "raid"}, {"q": "raid"}, {"q": "rally"}, {"order": "newest"}, {"size": 1}],
)
def test_drafts_review_and_trash_absent_from_pages_fragments_counts_and_bars(
    client, chicago_story, params
):
    for url in ("/events/", chicago_story["timeline"].get_absolute_url()):
        for response in (client.get(url, params), results(client, url, **params)):
            body = response.content.decode()
            assert not any(title in body for title in HIDDEN)
            shown = {"raid": 1, "rally": 1}.get(params.get("q") or params.get("type"), 3)
            assert f">{shown} event" in body
            bars = re.findall(r": ([\d,]+) events?</title>", body)
            bar_total = sum(int(n.replace(",", "")) for n in bars)
            assert bar_total == shown


def test_card_fragment_and_event_page_of_a_draft_are_not_found(client, chicago_story):
    draft = chicago_story["timeline"].events.get(title="Draft raid")
    assert client.get(draft.get_absolute_url(), {"card": 1}, **HTMX).status_code == 404
    assert client.get(draft.get_absolute_url()).status_code == 404


# --- Keyset pages --------------------------------------------------------------------


def test_pages_with_equal_dates_neither_skip_nor_repeat(client):
    day = dt.date(2025, 6, 14)
    made = [make_event(title=f"Same day {n:02}", start=day) for n in range(7)]
    made += [
        make_event(title=f"Week {n}", start=day, precision=3, end=day + dt.timedelta(6))
        for n in range(3)
    ]
    seen, url = [], "/events/?size=3"
    while url:
        response = client.get(url)
        assert response.status_code == 200
        seen += titles(response)
        match = re.search(r'id="load-more"[^>]*><a href="([^"]+)"', response.content.decode())
        url = match.group(1).replace("&amp;", "&") if match else None
    assert seen == [e.title for e in made]  # day before week, then by id


def test_load_more_fragment_appends_cards_without_repeating_headings(client):
    for n in range(4):
        make_event(title=f"June {n}", start=dt.date(2025, 6, 1 + n))
    first = client.get("/events/?size=2")
    next_url = re.search(r'hx-get="([^"]+)" hx-target="#load-more"', first.content.decode())
    more = client.get(next_url.group(1).replace("&amp;", "&"), **HTMX, HTTP_HX_TARGET="load-more")
    body = more.content.decode()
    assert titles(more) == ["June 2", "June 3"]
    assert "<h2>June 2025</h2>" not in body  # the month began on the page before
    assert "<ol" not in body
    assert "<html" not in body


def test_newest_first_pages_run_backwards(client):
    for n in range(5):
        make_event(title=f"Day {n}", start=dt.date(2025, 6, 1 + n))
    first = client.get("/events/?order=newest&size=2")
    assert titles(first) == ["Day 4", "Day 3"]
    next_url = re.search(r'id="load-more"[^>]*><a href="([^"]+)"', first.content.decode())
    assert titles(client.get(next_url.group(1).replace("&amp;", "&"))) == ["Day 2", "Day 1"]


# --- Bad parameters ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"start": "2025-13-45"}, "Give the start date as YYYY-MM-DD."),
        ({"end": "yesterday"}, "Give the end date as YYYY-MM-DD."),
        ({"type": "picnic"}, "There is no event type called “picnic”."),
        ({"place": "atlantis"}, "There is no place called “atlantis”."),
        ({"actor": "nobody"}, "There is no one called “nobody”."),
        ({"after": "tampered.cursor"}, "This link to a later page is damaged"),
        ({"start": "2025-06-10", "end": "2025-06-01"}, "The end date is before the start date."),
        ({"order": "sideways"}, "Select a valid choice"),
        ({"q": "x" * 500}, "at most 200 characters"),
        ({"size": "lots"}, "Enter a whole number."),
    ],
)
def test_bad_parameters_get_a_clear_message_and_a_400(client, chicago_story, params, message):
    for response in (client.get("/events/", params), results(client, "/events/", **params)):
        assert response.status_code == 400
        assert message in response.content.decode()


def test_a_huge_page_size_is_corrected_not_refused(client):
    for n in range(3):
        make_event(title=f"Event {n}")
    response = client.get("/events/", {"size": 10**9})
    assert response.status_code == 200
    assert len(titles(response)) == 3


def test_a_cursor_signed_for_one_event_cannot_be_edited(client, chicago_story):
    response = client.get("/events/?size=1")
    token = re.search(r"after=([^&\"]+)", response.content.decode()).group(1)
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert client.get(f"/events/?size=1&after={forged}").status_code == 400


def test_filter_responses_vary_on_htmx_headers(client, chicago_story):
    response = client.get("/events/")
    assert "HX-Request" in response["Vary"]


# --- Query budgets -------------------------------------------------------------------


def _make_many(count: int, timeline=None):
    chicago = make_place(name=f"City {count}")
    events = []
    for n in range(count):
        event = make_event(title=f"Busy {n}", place=chicago, start=dt.date(2025, 1 + n % 12, 1))
        make_citation(event)
        make_count(event)
        events.append(event)
    return make_timeline(*events) if timeline else None


@pytest.mark.parametrize("count", [5, 40])
def test_timeline_page_queries_do_not_grow_with_page_or_data(
    client, django_assert_max_num_queries, count
):
    timeline = _make_many(count, timeline=True)
    url = timeline.get_absolute_url()
    # Cold: the page's keys, then the cards not yet rendered, in full (timeline.cards).
    with django_assert_max_num_queries(11):
        assert client.get(url, {"size": 100}).status_code == 200
    with django_assert_max_num_queries(10):
        assert results(client, url, type="rally", size=100).status_code == 200
    page = client.get(url, {"size": 2}).content.decode()
    next_url = re.search(r'id="load-more"[^>]*><a href="([^"]+)"', page).group(1)
    with django_assert_max_num_queries(10):
        response = client.get(next_url.replace("&amp;", "&"), **HTMX, HTTP_HX_TARGET="load-more")
        assert response.status_code == 200


def test_a_new_filter_counts_and_charts_its_events_in_one_pass(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timeline = make_timeline(
        *[make_event(type="raid", start=dt.date(2024, 1 + 2 * n, 3)) for n in range(6)],
        make_event(type="rally", start=dt.date(2024, 2, 1)),
    )
    with CaptureQueriesContext(connection) as queries:
        response = results(client, timeline.get_absolute_url(), type="raid")
    page = response.content.decode()
    assert "6 events" in page
    assert 'aria-label="Events per month"' in page
    assert 'aria-label="March 2024: 1 event"' in page
    assert 'aria-label="April 2024: 0 events"' in page
    # The total, the range and the bars come from one read of the matching events (the
    # time axis's publication marker reads the citations, apart).
    events = [q["sql"] for q in queries.captured_queries if '"timeline_source"' not in q["sql"]]
    reads = [sql for sql in events if "GROUP BY" in sql or "MIN(" in sql.upper()]
    assert len(set(reads)) == 1


def test_a_short_range_is_charted_by_day_and_a_longer_one_by_week(client):
    timeline = make_timeline(
        make_event(type="raid", start=dt.date(2025, 6, 10)),
        make_event(type="raid", start=dt.date(2025, 6, 11)),
        make_event(type="raid", start=dt.date(2025, 7, 1)),
        make_event(type="rally", start=dt.date(2025, 8, 20)),
    )
    page = results(client, timeline.get_absolute_url(), type="raid").content.decode()
    assert 'aria-label="Events per day"' in page
    assert 'aria-label="June 10, 2025: 1 event"' in page
    assert 'aria-label="June 16, 2025: 0 events"' in page
    assert "start=2025-07-01&amp;end=2025-07-01" in page  # the last day lists that day
    page = results(client, timeline.get_absolute_url()).content.decode()
    assert 'aria-label="Events per week"' in page
    assert 'aria-label="Week of June 9, 2025: 2 events"' in page
    assert 'aria-label="Week of June 16, 2025: 0 events"' in page


@pytest.mark.parametrize("count", [1, 20])
def test_event_page_queries_do_not_grow_with_its_sources(
    client, django_assert_max_num_queries, count
):
    event = make_event(place=make_place(name="Chicago"))
    for _ in range(count):
        make_citation(event)
        make_count(event)
    make_timeline(event)
    with django_assert_max_num_queries(8):
        assert client.get(event.get_absolute_url()).status_code == 200


def test_search_marks_the_words_found_and_escapes_the_rest(client):
    make_event(title="Vigil", summary="<b>Candles</b> lit for the troops at dusk.")
    body = client.get("/events/", {"q": "troops"}).content.decode()
    assert "<mark>troops</mark>" in body
    assert "<b>Candles</b>" not in body


def test_best_match_order_pages_through_every_match_once(client):
    from django.db import connection

    for n in range(5):
        make_event(
            title=f"Raid {n}", summary="raid " * (n + 1) + "downtown", start=dt.date(2025, 1, 1 + n)
        )
    make_event(title="Unrelated", summary="a quiet day")
    seen, url = [], "/events/?q=raid&order=relevance&size=2"
    while url:
        response = client.get(url)
        assert response.status_code == 200
        seen += titles(response)
        match = re.search(r'id="load-more"[^>]*><a href="([^"]+)"', response.content.decode())
        url = match.group(1).replace("&amp;", "&") if match else None
    assert sorted(seen) == [f"Raid {n}" for n in range(5)]
    if connection.vendor == "postgresql":
        assert seen[0] == "Raid 4"  # the summary that says "raid" most ranks first


# --- The event page ------------------------------------------------------------------


def test_event_page_shows_everything_a_reader_needs(client, chicago_story):
    import json

    rally, raid, _ = chicago_story["events"]
    make_count(rally, low=70_000, estimated_by="organizers")
    make_citation(rally, quote="70,000 people at Chicago’s rally")
    other_rally = make_event(title="Second rally", place=rally.place, start=dt.date(2025, 6, 20))
    body = client.get(rally.get_absolute_url()).content.decode()
    assert "70,000 participants (organizers’ estimate)" in body
    assert "70,000 people at Chicago’s rally" in body
    assert other_rally.title in body  # related: same type, same place
    assert chicago_story["timeline"].title in body
    assert '<meta property="og:title" content="No Kings rally">' in body
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', body).group(1)
    )
    assert data["@type"] == "Event"
    assert data["startDate"] == "2025-06-14"
    assert data["location"]["name"] == rally.place.display_name
    raid_body = client.get(raid.get_absolute_url()).content.decode()
    assert "ICE" in raid_body
    assert "(enforcing agency)" in raid_body


def test_json_ld_keeps_reduced_precision_and_cannot_close_its_script(client):
    import json

    event = make_event(
        title="</script><script>alert(1)</script>",
        start=dt.date(2025, 6, 1),
        end=dt.date(2025, 6, 30),
        precision=4,
    )
    body = client.get(event.get_absolute_url()).content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', body).group(1)
    assert json.loads(block)["startDate"] == "2025-06"
    assert "<script>alert(1)" not in body


def test_card_fragment_holds_summary_sources_and_quotes(client, chicago_story):
    rally = chicago_story["events"][0]
    make_citation(rally, quote="tens of thousands of people march")
    response = client.get(rally.get_absolute_url(), {"card": 1}, **HTMX)
    body = response.content.decode()
    assert "<html" not in body
    assert "A march." in body
    assert "tens of thousands of people march" in body


# --- Cards: rendered once per event, language and data version (timeline/cards.py) -------


def _card_reads(queries) -> list[str]:
    """The queries that read events in full, as a card needs them (with their summary)."""
    return [q["sql"] for q in queries.captured_queries if '"timeline_event"."summary"' in q["sql"]]


def test_a_new_filter_over_cards_already_shown_renders_none_again(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    events = [make_event(type="raid", start=dt.date(2025, 6, day)) for day in (2, 9, 16)]
    make_count(events[0], low=300)
    make_citation(events[0])
    timeline = make_timeline(*events)
    url = timeline.get_absolute_url()
    first = results(client, url, type="raid")
    with CaptureQueriesContext(connection) as queries:
        again = results(client, url, type="raid", start="2025-06-01")
    assert not _card_reads(queries)
    assert titles(again) == titles(first) == [event.title for event in events]
    assert "300 participants" in again.content.decode()
    assert "1 source" in again.content.decode()


def test_cards_this_process_served_need_no_trip_to_the_shared_cache(client):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from timeline import cards

    events = [make_event(type="raid", start=dt.date(2025, 6, day)) for day in (2, 9)]
    timeline = make_timeline(*events)
    url = timeline.get_absolute_url()
    first = results(client, url, type="raid")
    # The shared copies are gone (evicted, say); this process still has its own.
    cache.delete_many([f"{cards.key_prefix()}{event.pk}" for event in events])
    with CaptureQueriesContext(connection) as queries:
        again = results(client, url, type="raid", start="2025-06-01")
    assert not _card_reads(queries)
    assert titles(again) == titles(first)


def test_a_card_read_after_its_event_was_unpublished_is_left_out():
    from timeline import cards

    shown, unpublished = make_event(title="Shown"), make_event(title="Unpublished")
    # Unpublished between the page's read and the cards' (no signal: the same version).
    Event.objects.filter(pk=unpublished.pk).update(editorial_status=EditorialStatus.DRAFT)
    groups = [{"event": shown, "month": None, "day": None},
              {"event": unpublished, "month": None, "day": None}]  # fmt: skip
    attached = cards.attach(groups)
    assert [group["event"] for group in attached] == [shown]
    assert "Shown" in attached[0]["card"]


def test_an_edit_or_unpublishing_shows_at_once_in_the_cards(client):
    kept, dropped = make_event(title="Raid on 26th Street"), make_event(title="Rally downtown")
    timeline = make_timeline(kept, dropped)
    url = timeline.get_absolute_url()
    assert titles(results(client, url)) == ["Raid on 26th Street", "Rally downtown"]
    kept.title = "Raid on 26th Street, corrected"
    kept.save()
    dropped.editorial_status = EditorialStatus.DRAFT
    dropped.save()
    assert titles(results(client, url, start="2025-01-01")) == ["Raid on 26th Street, corrected"]


def test_each_language_has_its_own_cards(client):
    event = make_event(title="Raid in Pilsen", title_es="Redada en Pilsen", type="raid")
    timeline = make_timeline(event)
    assert titles(results(client, timeline.get_absolute_url())) == ["Raid in Pilsen"]
    spanish = results(client, f"/es{timeline.get_absolute_url()}", start="2025-01-01")
    assert titles(spanish) == ["Redada en Pilsen"]
    assert 'href="/es/events/' in spanish.content.decode()

"""The time axis above the list: bins, ticks, markers, links, and what it costs."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.factories import make_citation, make_event, make_source, make_timeline
from timeline import axis, browse
from timeline.models import EditorialStatus, Event, EventType, TimelineEvent

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "results"}


def figure(client, url, **params) -> str:
    page = client.get(url, params).content.decode()
    match = re.search(r'<figure class="axis[^"]*" id="axis".*?</figure>', page, re.S)
    assert match, "the page has no time axis"
    return match.group()


def svg(html: str) -> str:
    return re.search(r'<svg class="axis-chart".*?</svg>', html, re.S).group()


def tick_labels(html: str) -> list[str]:
    return re.findall(r'<g class="tick[^"]*">.*?<text[^>]*>([^<]+)</text>', html)


def test_a_month_of_events_is_binned_by_day_with_dated_ticks(client):
    timeline = make_timeline(
        make_event(type="raid", start=dt.date(2025, 6, 2)),
        make_event(type="rally", start=dt.date(2025, 6, 14)),
        make_event(type="rally", start=dt.date(2025, 6, 14)),
        make_event(type="rally", start=dt.date(2025, 6, 28)),
    )
    html = figure(client, timeline.get_absolute_url())
    assert "Events per day, June 2, 2025 – June 28, 2025" in html
    assert 'aria-label="June 14, 2025: 2 events"' in html
    assert 'aria-label="June 15, 2025: 0 events"' in html
    assert tick_labels(html)[:3] == ["June 2, 2025", "June 9", "June 16"]
    # Coloured by type, and the colour has words in the legend.
    assert 'class="bar type-raid"' in html
    assert 'class="bar type-rally"' in html
    assert '<li class="type-raid"><span class="swatch" aria-hidden="true"></span>Raid</li>' in html


@pytest.mark.parametrize(
    ("start", "end", "unit", "labels"),
    [
        ("2025-06-14", "2025-06-14", "hour", ["June 14, 2025", "03:00", "06:00"]),
        ("2025-06-01", "2025-06-07", "day", ["June 1, 2025", "June 2", "June 3"]),
        ("2025-05-01", "2025-08-31", "week", ["May 2025", "Jun", "Jul", "Aug"]),
        ("2024-01-01", "2025-12-31", "month", ["Jan 2024", "Apr", "Jul", "Oct", "Jan 2025"]),
        ("2010-01-01", "2025-12-31", "year", ["2010", "2012", "2014"]),
    ],
)
def test_ticks_are_chosen_for_the_span_shown(client, start, end, unit, labels):
    timeline = make_timeline(make_event(start=dt.date(2025, 6, 14), time=dt.time(15, 30),
                                        precision=1))  # fmt: skip
    html = figure(client, timeline.get_absolute_url(), start=start, end=end)
    assert f'aria-label="Events per {unit}"' in html
    assert tick_labels(html)[: len(labels)] == labels


def test_a_single_day_is_drawn_by_the_hour(client):
    timeline = make_timeline(
        make_event(start=dt.date(2025, 6, 14), time=dt.time(15, 30), precision=1),
        make_event(start=dt.date(2025, 6, 14)),  # no clock time: across the whole day
    )
    html = figure(client, timeline.get_absolute_url(), start="2025-06-14", end="2025-06-14")
    assert 'aria-label="June 14, 2025, 15:00–15:59: 2 events, 1 dated only roughly"' in html
    assert 'aria-label="June 14, 2025, 09:00–09:59: 1 event, 1 dated only roughly"' in html


def test_weeks_and_months_are_drawn_across_their_span_not_on_a_made_up_day(client):
    week = make_event(type="raid", start=dt.date(2025, 6, 9), end=dt.date(2025, 6, 15),
                      precision=3)  # fmt: skip
    about = make_event(type="rally", start=dt.date(2025, 6, 20), certainty="approximate")
    timeline = make_timeline(week, about, make_event(start=dt.date(2025, 6, 1)))
    html = svg(figure(client, timeline.get_absolute_url()))
    # No bar of the week's type anywhere: it is one band over the seven days.
    assert "type-raid" not in html
    assert "June 9, 2025 to June 15, 2025: 1 event dated only roughly" in html
    assert 'aria-label="June 12, 2025: 1 event, 1 dated only roughly"' in html
    # "About June 20" is not a solid bar on June 20 either.
    assert 'aria-label="June 20, 2025: 1 event, 1 dated only roughly"' in html
    assert html.count('class="bar type-rally"') == 1  # only the exact June 1 event


def test_at_month_scale_a_week_fits_in_its_month(client):
    timeline = make_timeline(
        make_event(type="raid", start=dt.date(2025, 6, 9), end=dt.date(2025, 6, 15), precision=3),
        make_event(start=dt.date(2024, 1, 5)),
    )
    html = figure(client, timeline.get_absolute_url())
    assert 'aria-label="Events per month"' in html
    assert 'aria-label="June 2025: 1 event"' in html
    assert 'class="bar type-raid"' in html


def test_each_period_is_a_link_that_lists_it_and_keeps_the_other_filters(client):
    timeline = make_timeline(
        make_event(type="raid", start=dt.date(2025, 6, 10)),
        make_event(type="raid", start=dt.date(2025, 6, 20)),
    )
    html = figure(client, timeline.get_absolute_url(), type="raid")
    url = f"{timeline.get_absolute_url()}?type=raid&amp;start=2025-06-10&amp;end=2025-06-10"
    assert f'<a class="bin" href="{url}" hx-get="{url}" hx-target="#results"' in html
    listed = client.get(f"{timeline.get_absolute_url()}?type=raid&start=2025-06-10&end=2025-06-10")
    assert ">1 event<" in listed.content.decode()


def test_zoom_and_pan_are_links_to_narrower_wider_and_shifted_windows(client):
    timeline = make_timeline(
        make_event(start=dt.date(2025, 6, 1)), make_event(start=dt.date(2025, 6, 30))
    )
    url = timeline.get_absolute_url()
    whole = figure(client, url)
    assert f'href="{url}?start=2025-06-09&amp;end=2025-06-23" ' in whole  # zoom in: half
    assert "Zoom out (not available)" in whole  # the whole timeline is shown already
    zoomed = figure(client, url, start="2025-06-08", end="2025-06-22")
    assert f'href="{url}?start=2025-05-31&amp;end=2025-06-29" ' in zoomed  # zoom out: double
    assert f'href="{url}?start=2025-06-01&amp;end=2025-06-15" ' in zoomed  # earlier
    assert f'href="{url}?start=2025-06-15&amp;end=2025-06-29" ' in zoomed  # later
    assert f'href="{url}" hx-get="{url}"' in zoomed  # the whole timeline again


def test_today_is_marked_where_it_falls(client):
    today = timezone.localdate()
    timeline = make_timeline(
        make_event(start=today - dt.timedelta(days=5)),
        make_event(start=today + dt.timedelta(days=5)),
    )
    html = figure(client, timeline.get_absolute_url())
    assert 'class="marker marker-today"' in html
    old = make_timeline(
        make_event(start=dt.date(2020, 1, 1)), make_event(start=dt.date(2020, 2, 1))
    )
    assert "marker-today" not in figure(client, old.get_absolute_url())


def test_the_most_cited_sources_publication_date_is_marked(client):
    article = make_source(
        outlet="Block Club Chicago",
        headline="ICE in Chicago",
        published_at=dt.datetime(2025, 6, 16, 6, tzinfo=dt.UTC),
    )
    other = make_source(outlet="Elsewhere", published_at=dt.datetime(2025, 6, 3, tzinfo=dt.UTC))
    events = [make_event(start=dt.date(2025, 6, day)) for day in (1, 10, 14, 20)]
    for event in events:
        make_citation(event, source=article)
    make_citation(events[0], source=other)
    timeline = make_timeline(*events)
    html = figure(client, timeline.get_absolute_url())
    assert "Block Club Chicago published the article “ICE in Chicago” on June 16, 2025" in html
    assert "Elsewhere" not in html
    # Outside the window shown, there is no marker.
    narrow = figure(client, timeline.get_absolute_url(), start="2025-06-01", end="2025-06-07")
    assert "marker-published" not in narrow


def test_drafts_and_trash_are_never_counted_or_drawn(client, django_user_model):
    timeline = make_timeline(
        make_event(type="raid", start=dt.date(2025, 6, 10)),
        make_event(
            type="rally", start=dt.date(2025, 6, 11), editorial_status=EditorialStatus.DRAFT
        ),
        make_event(
            type="rally", start=dt.date(2025, 6, 12), editorial_status=EditorialStatus.IN_REVIEW
        ),
    )
    html = figure(client, timeline.get_absolute_url())
    assert "type-rally" not in html
    assert 'aria-label="June 11, 2025: 0 events"' in html
    assert "June 10, 2025 – June 10, 2025" not in html
    counts = [int(n) for n in re.findall(r'aria-label="[^"]+: (\d+) events?"', html)]
    assert sum(counts) == 1


def test_the_axis_is_cached_by_data_version(client):
    event = make_event(type="raid", start=dt.date(2025, 6, 10))
    timeline = make_timeline(event, make_event(start=dt.date(2025, 6, 20)))
    url = timeline.get_absolute_url()
    assert 'aria-label="June 10, 2025: 1 event"' in figure(client, url, type="raid")
    with CaptureQueriesContext(connection) as queries:
        client.get(url, {"type": "raid", "size": 5}, **HTMX)  # another address, same axis rows
    assert not [q for q in queries.captured_queries if "GROUP BY" in q["sql"]]
    make_event(type="raid", start=dt.date(2025, 6, 10), title="Second raid")
    TimelineEvent.objects.create(timeline=timeline, event=Event.objects.get(title="Second raid"))
    assert 'aria-label="June 10, 2025: 2 events"' in figure(client, url, type="raid")


def test_the_total_comes_from_the_axis_rows():
    timeline = make_timeline(
        make_event(start=dt.date(2025, 6, 1)), make_event(start=dt.date(2025, 6, 9), precision=3,
                                                           end=dt.date(2025, 6, 15)),
    )  # fmt: skip
    query = browse.Query(start=dt.date(2025, 6, 10), end=dt.date(2025, 6, 30))
    assert browse.total(query, timeline) == axis.rows(query, timeline).total == 1


def _many(count: int):
    """count published events over the same ten weeks and five types, in bulk."""
    types = list(EventType.objects.order_by("position")[:5])
    now = timezone.now()
    events = Event.objects.bulk_create(
        Event(
            title=f"Event {n}",
            slug=f"bulk-{count}-{n}",
            event_type=types[n % 5],
            start=dt.date(2025, 3, 3) + dt.timedelta(days=7 * (n // 5 % 10)),
            end=dt.date(2025, 3, 3) + dt.timedelta(days=7 * (n // 5 % 10)),
            editorial_status=EditorialStatus.PUBLISHED,
            published_at=now,
        )
        for n in range(count)
    )
    timeline = make_timeline(slug=f"many-{count}")
    TimelineEvent.objects.bulk_create(TimelineEvent(timeline=timeline, event=e) for e in events)
    browse.bump_data_version()
    return timeline


def test_queries_and_svg_size_do_not_grow_with_the_number_of_events(client):
    sizes = {}
    for count in (50, 2000):
        timeline = _many(count)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(timeline.get_absolute_url(), **HTMX)
        assert response.status_code == 200
        body = response.content.decode()
        chart = svg(body)
        assert f">{count:,} events<" in body
        sizes[count] = (len(queries.captured_queries), len(chart.encode()))
    (queries_small, bytes_small), (queries_large, bytes_large) = sizes[50], sizes[2000]
    assert queries_small == queries_large
    # The same bins and bars; only the numbers in them are longer.
    assert bytes_large - bytes_small < 0.05 * bytes_small
    assert bytes_large < 40_000


def test_embeds_show_a_compact_axis_whose_periods_open_the_timeline(client):
    timeline = make_timeline(
        make_event(start=dt.date(2025, 6, 1)), make_event(start=dt.date(2025, 6, 20))
    )
    page = client.get(f"/embed/timelines/{timeline.slug}/").content.decode()
    assert 'class="axis axis-compact"' in page
    assert 'height="76"' in page
    url = f"{timeline.get_absolute_url()}?start=2025-06-20&amp;end=2025-06-20"
    assert f'<a class="bin" href="{url}" target="_top"' in page
    assert "hx-get" not in svg(page)


@pytest.mark.django_db
def test_the_axis_speaks_the_page_language_and_each_language_has_its_own_copy(client):
    make_timeline(
        make_event(title="March", start=dt.date(2025, 6, 14)),
        make_event(title="Raid", start=dt.date(2025, 7, 20)),
        slug="both",
    )

    english = client.get("/timelines/both/").content.decode()
    spanish = client.get("/es/timelines/both/").content.decode()
    again = client.get("/timelines/both/").content.decode()

    assert "Events per " in english
    assert "Eventos por " in spanish
    assert "Events per " not in spanish
    assert "Zoom in" not in spanish
    assert "Eventos por " not in again


def test_counts_in_the_drawing_and_its_table_are_grouped_as_the_language_writes_them():
    from django.utils import translation

    raid = EventType.objects.get(slug="raid")
    june = axis.Bin(dt.date(2025, 6, 1), dt.date(2025, 6, 30), "June 2025", count=1500, spans=1200)
    june.by_type, june.overlap_by_type = {raid.pk: 300}, {raid.pk: 1500}
    links = axis.Links("/timelines/t/", [])
    with translation.override("es"):
        svg = axis._svg([june], "month", june.start, june.end, axis.FULL, {raid.pk: raid},
                        links, [], htmx=True, target="")  # fmt: skip
        table = axis._table([june], "", {raid.pk: raid}, [])
    assert "1.500 eventos, 1.200 " in svg
    assert "<td>1.500 (1.200 " in table
    assert "1,500" not in svg + table


# --- Month rows for a reader's dates: the undated rows, cut, and the edges read again -----


@pytest.fixture
def spread():
    """Fourteen months of events: days, a week, spans over months, rough dates, a draft."""
    events = []
    for n in range(40):
        start = dt.date(2024, 11, 3) + dt.timedelta(days=n * 11)
        length = (0, 0, 6, 40, 75)[n % 5]
        events.append(
            make_event(
                type=("raid", "rally", "arrest")[n % 3],
                start=start,
                end=start + dt.timedelta(days=length),
                precision=3 if length == 6 else 1,
                certainty="approximate" if n % 7 == 0 else "exact",
            )
        )
    events.append(make_event(start=dt.date(2025, 3, 1), editorial_status=EditorialStatus.DRAFT))
    return make_timeline(*events)


def _exact(query, timeline) -> list[tuple]:
    """Month rows straight from the database: the aggregate months() must equal."""
    found = axis._grouped(browse.matching(query, timeline).order_by(), "month", bounds=True)
    return sorted(_comparable(found))


def _comparable(found) -> list[tuple]:
    keys = ("b0", "b1", "event_type_id", "approx", "n", "first", "last")
    return [tuple(row[key] for key in keys) for row in found]


days = st.one_of(st.none(), st.dates(dt.date(2024, 9, 1), dt.date(2026, 4, 30)))


@settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(start=days, end=days)
@example(start=dt.date(2025, 3, 1), end=dt.date(2025, 3, 31))  # edges in one month, aligned
@example(start=dt.date(2025, 3, 17), end=dt.date(2025, 3, 18))  # edges in one month
@example(start=dt.date(1, 1, 1), end=dt.date(9999, 12, 31))  # the calendar's ends
@example(start=dt.date(9999, 12, 31), end=None)  # no month after the first edge
def test_month_rows_for_any_dates_are_those_of_exactly_the_events_matched(spread, start, end):
    if start and end and end < start:
        start, end = end, start
    query = browse.Query(start=start, end=end)
    assert sorted(_comparable(axis.months(query, spread))) == _exact(query, spread)


def test_a_new_date_filter_reads_only_its_edge_months_again(client):
    timeline = make_timeline(
        *(make_event(type="raid", start=dt.date(2025, month, 10)) for month in range(1, 13))
    )
    url = timeline.get_absolute_url()
    client.get(url, {"type": "raid"}, **HTMX)  # the undated rows, read once
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"type": "raid", "start": "2025-03-15"}, **HTMX)
    assert ">9 events<" in response.content.decode()  # April to December, and none of March
    aggregates = [q["sql"] for q in queries.captured_queries if "GROUP BY" in q["sql"]]
    # One aggregate, of the events ending in March on or after the 15th; no full read.
    assert len(aggregates) == 1
    assert re.search(r'"end" < \S*2025-04-01', aggregates[0]), aggregates[0]


def test_dates_on_month_edges_or_in_empty_months_read_no_aggregate_again(client):
    timeline = make_timeline(
        *(make_event(type="raid", start=dt.date(2025, month, 10)) for month in range(1, 13))
    )
    url = timeline.get_absolute_url()
    client.get(url, {"type": "raid"}, **HTMX)  # the undated rows, read once
    for dates, shown in (
        ({"start": "2025-02-01", "end": "2025-11-30"}, 10),  # whole months, as the axis links
        ({"start": "2019-06-15"}, 12),  # nothing ends in June 2019
    ):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, {"type": "raid", **dates}, **HTMX)
        assert f">{shown} events<" in response.content.decode()
        assert not [q for q in queries.captured_queries if "GROUP BY" in q["sql"]], dates

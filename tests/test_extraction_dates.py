"""How the extractor resolves the dates news copy writes, against the publication date.

Sentences here are our own, written the way wire and local copy is written.
"""

from __future__ import annotations

import datetime as dt

import pytest

from timeline.extraction import extract

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
# A week of publication dates, Monday June 16 to Sunday June 22, 2025.
PUBLICATION_DAYS = [dt.date(2025, 6, 16) + dt.timedelta(days=n) for n in range(7)]


def only(text: str, published: dt.date | dt.datetime, **kwargs):
    events = extract(text, published=published, **kwargs)
    assert len(events) == 1, [e.as_json() for e in events]
    return events[0]


def span(event) -> tuple[str, str, str]:
    return event.start.isoformat(), event.end.isoformat(), event.precision


# --- Weekdays, by tense -------------------------------------------------------------


@pytest.mark.parametrize("published", PUBLICATION_DAYS, ids=lambda d: d.strftime("%a"))
@pytest.mark.parametrize("weekday", WEEKDAYS)
def test_a_weekday_in_past_tense_is_the_latest_such_day_on_or_before_publication(
    published, weekday
):
    event = only(f"Protesters marched downtown {weekday}, organizers said.", published)
    assert event.start.strftime("%A") == weekday
    assert 0 <= (published - event.start).days <= 6
    assert event.start == event.end
    assert event.status == "occurred"


@pytest.mark.parametrize("published", PUBLICATION_DAYS, ids=lambda d: d.strftime("%a"))
@pytest.mark.parametrize("weekday", WEEKDAYS)
def test_a_weekday_in_future_tense_is_the_next_such_day_on_or_after_publication(published, weekday):
    event = only(f"Activists will rally at Federal Plaza {weekday}.", published)
    assert event.start.strftime("%A") == weekday
    assert 0 <= (event.start - published).days <= 6
    assert event.status == "planned"


def test_examples_of_weekdays_read_on_a_monday():
    monday = dt.date(2025, 6, 16)
    assert only("The mayor said Wednesday that the city would sue.", monday).start == dt.date(
        2025, 6, 11
    )
    assert only("The council is scheduled to vote Thursday.", monday).start == dt.date(2025, 6, 19)
    assert only("Police arrested two men Monday.", monday).start == monday


def test_a_possessive_weekday_is_a_date():
    event = only("Thousands filled the streets at Saturday’s march.", dt.date(2025, 6, 16))
    assert span(event) == ("2025-06-14", "2025-06-14", "day")
    assert event.type == "rally"


@pytest.mark.parametrize(
    ("words", "time_of_day", "day"),
    [
        ("Sunday night", "night", "2025-06-15"),
        ("late Monday", "late", "2025-06-16"),
        ("Tuesday morning", "morning", "2025-06-10"),
        ("early Friday", "early morning", "2025-06-13"),
    ],
)
def test_parts_of_the_day_keep_the_day_and_say_when_in_it(words, time_of_day, day):
    event = only(f"Agents detained a man {words}, witnesses said.", dt.date(2025, 6, 16))
    assert event.start.isoformat() == day
    assert event.precision == "day"
    assert event.time_of_day == time_of_day


def test_a_clock_time_beside_the_day_gives_time_precision():
    event = only(
        "Agents swept through the building around 1 a.m. on Tuesday.", dt.date(2025, 10, 2)
    )
    assert event.start == dt.date(2025, 9, 30)
    assert event.precision == "time"
    assert event.time == dt.time(1, 0)
    assert event.certainty == "approximate"


# --- Periods ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("last week", ("2025-06-09", "2025-06-15", "week")),
        ("earlier this week", ("2025-06-16", "2025-06-18", "week")),
        ("this week", ("2025-06-16", "2025-06-18", "week")),
        ("the past week", ("2025-06-11", "2025-06-17", "week")),
        ("last month", ("2025-05-01", "2025-05-31", "month")),
        ("this month", ("2025-06-01", "2025-06-30", "month")),
        ("earlier this month", ("2025-06-01", "2025-06-30", "month")),
        ("over the weekend", ("2025-06-14", "2025-06-15", "week")),
        ("last year", ("2024-01-01", "2024-12-31", "year")),
        ("yesterday", ("2025-06-17", "2025-06-17", "day")),
        ("today", ("2025-06-18", "2025-06-18", "day")),
    ],
)
def test_period_phrases_resolve_to_the_whole_period(phrase, expected):
    wednesday = dt.date(2025, 6, 18)
    event = only(f"Federal agents arrested 12 people {phrase}, officials said.", wednesday)
    assert span(event) == expected


def test_never_a_made_up_day_for_last_week():
    event = only("Agents raided a car wash last week.", dt.date(2025, 6, 16))
    assert event.precision == "week"
    assert event.start != event.end


def test_a_day_earlier_moves_the_date_it_refers_back_to_at_its_precision():
    events = extract(
        "The chief said last week that agents got orders a day earlier to deploy.",
        published=dt.date(2025, 6, 16),
    )
    assert [span(e) for e in events] == [
        ("2025-06-09", "2025-06-15", "week"),
        ("2025-06-08", "2025-06-14", "week"),
    ]


def test_a_day_earlier_with_nothing_to_refer_back_to_dates_nothing():
    assert extract("A day earlier, agents had been told.", published=dt.date(2025, 6, 16)) == []


# --- Explicit dates -----------------------------------------------------------------


def test_month_and_day_without_a_year_take_the_publication_year():
    event = only("The judge ruled June 3 that the order was unlawful.", dt.date(2025, 6, 16))
    assert span(event) == ("2025-06-03", "2025-06-03", "day")


def test_a_past_event_on_a_later_month_day_is_last_year():
    event = only("Police arrested 40 protesters Oct. 18.", dt.date(2025, 6, 16))
    assert event.start == dt.date(2024, 10, 18)


def test_a_full_date_and_a_day_range():
    events = extract(
        "The hearing began June 14, 2024, and protests ran June 3-5.",
        published=dt.date(2025, 6, 16),
    )
    assert [span(e) for e in events] == [
        ("2024-06-14", "2024-06-14", "day"),
        ("2025-06-03", "2025-06-05", "day"),
    ]


def test_a_month_named_alone_is_the_whole_month_most_recently_past():
    event = only("The stand gave away hot dogs in September.", dt.date(2025, 11, 28))
    assert span(event) == ("2025-09-01", "2025-09-30", "month")


# --- Words that only look like dates ------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Officials may march the detainees out now.",
        "We will march, and we are not afraid.",
        "The second group arrived in a sun-baked lot.",
        "It took a day to clear the streets.",
        "The union said members may join the march.",
    ],
)
def test_words_that_look_like_dates_date_nothing(sentence):
    assert extract(sentence, published=dt.date(2025, 6, 16)) == []


def test_dates_inside_quotations_belong_to_the_speaker_not_the_event():
    text = "“What happened over the weekend is a disgrace,” the senator said."
    assert extract(text, published=dt.date(2025, 6, 16)) == []


def test_an_aware_publication_time_is_read_in_the_local_time_zone():
    # 02:00 UTC on Monday is still Sunday evening in Chicago.
    published = dt.datetime(2025, 6, 16, 2, 0, tzinfo=dt.UTC)
    event = only("Protesters marched downtown today.", published, time_zone="America/Chicago")
    assert event.start == dt.date(2025, 6, 15)


def test_a_weekday_written_with_its_date_is_one_date():
    event = only("The judge ruled Monday, June 9, that the order stands.", dt.date(2025, 6, 16))
    assert span(event) == ("2025-06-09", "2025-06-09", "day")


def test_a_day_after_something_dates_that_thing_a_day_before():
    events = extract(
        "The judge issued the order late Saturday, a day after hearing arguments.",
        published=dt.date(2025, 10, 6),
    )
    assert [e.start.isoformat() for e in events] == ["2025-10-04", "2025-10-03"]

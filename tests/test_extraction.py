"""Places, counts, types and actors of proposed events; the seed article end to end;
the extract_events command."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from timeline.extraction import KnownPlace, extract
from timeline.extraction.counts import find_counts

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "block-club-chicago-2025-06-16.txt"
MONDAY = dt.date(2025, 6, 16)
SOUTH_LOOP = KnownPlace(
    names=("South Loop",),
    parts=("South Loop", "Chicago", "IL"),
    kind="neighbourhood",
    latitude=41.8569,
    longitude=-87.6247,
    slug="south-loop",
)


def only(text: str, **kwargs):
    events = extract(text, published=kwargs.pop("published", MONDAY), **kwargs)
    assert len(events) == 1, [e.as_json() for e in events]
    return events[0]


# --- Places -------------------------------------------------------------------------


def test_a_city_written_as_a_location_is_the_place_with_its_coordinates():
    event = only("Hundreds of protesters marched in Portland, Ore., on Saturday.")
    assert event.place.display_name == "Portland, OR"
    assert event.place.latitude == pytest.approx(45.5, abs=0.1)


def test_a_neighbourhood_we_hold_beats_the_city_written_beside_it():
    event = only(
        "Agents arrested five people Tuesday in Chicago’s South Loop.", places=[SOUTH_LOOP]
    )
    assert event.place.display_name == "South Loop, Chicago, IL"
    assert event.place.slug == "south-loop"


def test_a_city_named_but_not_as_the_place_of_the_event_is_not_its_place():
    text = "CHICAGO — Marchers on Tuesday showed solidarity with Los Angeles."
    assert only(text).place.display_name == "Chicago, IL"


def test_the_dateline_is_the_place_only_when_the_sentence_names_none():
    text = (
        "LOS ANGELES (CNS) - The mayor imposed a curfew Tuesday.\n\n"
        "Protesters rallied in San Francisco on Wednesday."
    )
    places = [e.place.display_name for e in extract(text, published=MONDAY)]
    assert places == ["Los Angeles, CA", "San Francisco, CA"]


def test_without_a_dateline_the_main_city_is_the_fallback():
    text = "Agents were seen in Chicago on Friday.\n\nThe mayor said Saturday the city would sue."
    events = extract(text, published=MONDAY)
    assert [e.place.display_name for e in events] == ["Chicago, IL", "Chicago, IL"]


def test_a_nationwide_event_is_placed_in_the_country():
    event = only("Rallies held Saturday across the United States drew millions.")
    assert event.place.display_name == "United States"


def test_common_words_are_not_taken_for_cities():
    event = only("Officials in Washington said Tuesday they would appeal.")
    assert event.place is None


# --- Counts -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("clause", "expected"),
    [
        (
            "organizers estimated there were 70,000 people at the rally",
            ("participants", 70_000, None, "exact", "organizers"),
        ),
        (
            "Chicago saw tens of thousands of people march",
            ("participants", 20_000, 99_999, "about", ""),
        ),
        ("At least 10 people were arrested by ICE", ("arrested", 10, None, "at_least", "")),
        ("the rallies drew millions", ("participants", 2_000_000, None, "about", "")),
        ("Trump sent more than 700 U.S. Marines", ("deployed", 700, None, "at_least", "")),
        ("agents stormed the building, arresting 37 people", ("arrested", 37, None, "exact", "")),
        (
            "about 200 protesters gathered, police said",
            ("participants", 200, None, "about", "police"),
        ),
    ],
)
def test_counts_carry_measure_range_qualifier_and_who_estimated(clause, expected):
    (count,) = find_counts(clause)
    assert (count.measure, count.low, count.high, count.qualifier, count.estimated_by) == expected


@pytest.mark.parametrize(
    "clause",
    [
        "they had 48 hours to deploy to five cities",
        "the Bears won 24-15 in Week 3",
        "the curfew runs from 8 p.m. to 6 a.m.",
        "a 2 percent rise in arrests",
    ],
)
def test_numbers_that_are_not_people_are_not_counts(clause):
    assert find_counts(clause) == []


# --- Types --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("Hundreds took to the streets Saturday.", "rally"),
        ("Agents raided a car wash in Bell on Friday.", "raid"),
        ("Police arrested 12 protesters Sunday night.", "arrest"),
        ("The Pentagon deployed 700 Marines on Monday.", "deployment"),
        ("The mayor said Wednesday the city would not cooperate.", "statement"),
        ("The governor signed an executive order Thursday.", "order"),
        ("A federal judge ruled Friday that the deployment was illegal.", "court"),
        ("The council approved a new budget last month.", "policy"),
        ("The team won its game on Friday.", "other"),
        # A speech verb far from the date does not make the act a statement.
        ("The stand said it will be giving away free food on Tuesday.", "other"),
        # "Saturday's march": the date belongs to the noun after it.
        ("Organizers said Saturday’s march was peaceful.", "rally"),
        # A curse directed at customers is no directive.
        ("A cook known for insults directed at customers gave food away last month.", "other"),
    ],
)
def test_the_type_is_what_the_sentence_says_happened(sentence, kind):
    assert only(sentence).type == kind


def test_a_post_that_gives_an_order_is_an_order():
    text = "“Officers are hereby ordered to act,” the president wrote Sunday night."
    assert only(text).type == "order"


def test_expected_and_scheduled_events_say_so():
    assert only("The march is expected to draw crowds Saturday.").status == "expected"
    assert only("A hearing is scheduled for Thursday.").status == "scheduled"


# --- What news copy does around its dates (MONDAY = June 16, 2025) ------------------


def dated(text: str) -> list[tuple]:
    """(type, start, end, status, inherited) of every candidate, as ISO dates."""
    return [
        (e.type, e.start.isoformat(), e.end.isoformat(), e.status, e.inherited)
        for e in extract(text, published=MONDAY)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A fact a speaker reports keeps its own type.
        (
            "By Thursday, the department said agents had arrested 61 people.",
            [("arrest", "2025-06-12", "2025-06-12", "occurred", False)],
        ),
        # A date inside a subordinate clause dates that clause's act.
        (
            "The vote came after agents arrested 14 people last month.",
            [("arrest", "2025-05-01", "2025-05-31", "occurred", False)],
        ),
        (
            "Under a policy that took effect last year, officers may detain people.",
            [("policy", "2024-01-01", "2024-12-31", "occurred", False)],
        ),
        # Someone else's saying beside an act: the act; testimony at a hearing: a statement.
        (
            "At a council oversight hearing Monday, the police chief testified about the Guard.",
            [("statement", "2025-06-16", "2025-06-16", "occurred", False)],
        ),
        (
            "Deputies took a council member into custody Tuesday.",
            [("arrest", "2025-06-10", "2025-06-10", "occurred", False)],
        ),
        (
            "Prosecutors on Wednesday dropped charges against the organizer.",
            [("court", "2025-06-11", "2025-06-11", "occurred", False)],
        ),
        (
            "About 200 Border Patrol agents began arriving in the city last week.",
            [("deployment", "2025-06-09", "2025-06-15", "occurred", False)],
        ),
        # The month March is no march.
        (
            "The controller released a report in March.",
            [("other", "2025-03-01", "2025-03-31", "occurred", False)],
        ),
        # Two days joined are one span.
        (
            "Smaller crowds gathered Friday and Saturday nights.",
            [("rally", "2025-06-13", "2025-06-14", "occurred", False)],
        ),
        # A plan announced is dated as the plan.
        (
            "Organizers said they will return Saturday for a march to the center.",
            [("rally", "2025-06-21", "2025-06-21", "planned", False)],
        ),
        # A schedule in the present tense looks ahead.
        (
            "The directive takes effect Monday.",
            [("order", "2025-06-16", "2025-06-16", "scheduled", False)],
        ),
        (
            "The new rules take effect Jan. 1, officials said.",
            [("policy", "2026-01-01", "2026-01-01", "scheduled", False)],
        ),
        # Who votes decides what a vote is.
        (
            "The mayor vetoed the budget amendment Tuesday.",
            [("policy", "2025-06-10", "2025-06-10", "occurred", False)],
        ),
        (
            "Union members voted Sunday to authorize a strike.",
            [("other", "2025-06-15", "2025-06-15", "occurred", False)],
        ),
        (
            "The city filed a notice of appeal Tuesday morning.",
            [("court", "2025-06-10", "2025-06-10", "occurred", False)],
        ),
        # The people of the event, named again, carry it on.
        (
            "On Sunday afternoon, hundreds of people marched along Central Avenue. "
            "Three marchers were arrested after they sat down in the street.",
            [
                ("rally", "2025-06-15", "2025-06-15", "occurred", False),
                ("arrest", "2025-06-15", "2025-06-15", "occurred", True),
            ],
        ),
        # A clock time with no day carries the story's day on.
        (
            "Agents detained a man Tuesday near 26th Street.\n\n"
            "Shortly before 11 p.m., officers arrested two protesters for blocking traffic.",
            [
                ("arrest", "2025-06-10", "2025-06-10", "occurred", False),
                ("arrest", "2025-06-10", "2025-06-10", "occurred", True),
            ],
        ),
        # "hours later" dates from the sentence before, and says so.
        (
            "The governor deployed 500 Guard members Monday. Hours later, troopers arrested 12.",
            [
                ("deployment", "2025-06-16", "2025-06-16", "occurred", False),
                ("arrest", "2025-06-16", "2025-06-16", "occurred", True),
            ],
        ),
    ],
)
def test_news_copy_around_a_date_is_read_as_a_reporter_means_it(text, expected):
    assert dated(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The blaze was 5% contained Tuesday, fire officials said.",
        "More than 650 firefighters were assigned to the fire as of Tuesday.",
        "Lawyers for the government have until Monday to respond.",
        "Organizers plan to return every Saturday until the Guard leaves.",
        "It was the second detention on this stretch of 26th Street in June.",
        "No managers had been charged as of Saturday.",
        "Police did not arrest anyone Tuesday.",
        "The Guard will remain in the city through the end of September.",
        "The hiring freeze has been in place since January.",
        "Arizona’s employer sanctions law, passed in 2007, allows the state to act.",
        "The raid was the largest this year, officials said.",
        "Most were released from jail by Monday afternoon.",
        "Volunteers hand out food on Wednesday afternoons.",
        "Residents still talk about the December 2022 blizzard.",
        "The council may extend the fee waiver into next year.",
        "“We are scared to go out,” said Ana Ruiz, 54, a vendor, on Thursday.",
    ],
)
def test_states_deadlines_habits_and_denials_date_no_event(text):
    assert dated(text) == []


def test_a_reaction_beside_an_act_is_not_a_second_event_but_testimony_is():
    assert [
        e[0]
        for e in dated("A judge blocked the layoffs Thursday, and the city said it would appeal.")
    ] == ["court"]
    assert [
        e[0]
        for e in dated("Students walked out Thursday while the president testified in Washington.")
    ] == [
        "rally",
        "statement",
    ]


def test_acts_in_a_relative_clause_beside_a_date_are_background():
    text = (
        "Organizers said Tuesday’s marches showed solidarity with Los Angeles, where troops "
        "have been deployed and a curfew imposed."
    )
    assert [e[0] for e in dated(text)] == ["rally"]


# --- Actors -------------------------------------------------------------------------


def test_actors_are_named_in_full_after_the_first_mention():
    text = (
        "Mayor Brandon Johnson spoke at a rally in Chicago on Friday.\n\n"
        "Johnson said Saturday that ICE agents were not welcome."
    )
    events = extract(text, published=MONDAY)
    assert events[1].actors[:2] == ["Brandon Johnson", "ICE"]


# --- The seed article, end to end ---------------------------------------------------

SEED_EVENTS = {
    # (type, start, end, place): what a journalist curated from the seed article
    ("order", "2025-06-15", "2025-06-15", "Chicago, IL"),
    ("rally", "2025-06-14", "2025-06-14", "Chicago, IL"),
    ("rally", "2025-06-14", "2025-06-14", "United States"),
    ("statement", "2025-06-09", "2025-06-15", "Chicago, IL"),
    ("order", "2025-06-08", "2025-06-14", "Chicago, IL"),
    ("statement", "2025-06-11", "2025-06-11", "Chicago, IL"),
    ("rally", "2025-06-10", "2025-06-10", "Chicago, IL"),
    ("deployment", "2025-06-09", "2025-06-15", "Los Angeles, CA"),
    ("arrest", "2025-06-01", "2025-06-30", "South Loop, Chicago, IL"),
}


def test_the_seed_article_yields_every_seed_event_with_date_type_and_place():
    events = extract(
        SEED.read_text(), published=MONDAY, time_zone="America/Chicago", places=[SOUTH_LOOP]
    )
    found = {(e.type, e.start.isoformat(), e.end.isoformat(), e.place.display_name) for e in events}
    assert found >= SEED_EVENTS
    rally = next(e for e in events if e.place.display_name == "United States")
    assert [(c.measure, c.text) for c in rally.counts] == [("participants", "millions")]
    sunday = next(e for e in events if e.date_text == "Sunday night")
    assert sunday.time_of_day == "night"
    assert "Donald Trump" in sunday.actors
    arrests = next(e for e in events if e.type == "arrest")
    assert [(c.measure, c.low, c.qualifier) for c in arrests.counts] == [
        ("arrested", 10, "at_least")
    ]
    assert SEED.read_text()[arrests.evidence_start : arrests.evidence_end] == arrests.evidence


def test_an_event_told_twice_is_proposed_once_with_the_other_telling_as_evidence():
    events = extract(
        "Chicagoans took to the streets Tuesday.\n\nOrganizers said Tuesday’s marches were big.",
        published=MONDAY,
    )
    assert [(e.type, e.evidence) for e in events] == [
        ("rally", "Chicagoans took to the streets Tuesday.")
    ]
    assert events[0].also_told == ["Organizers said Tuesday’s marches were big."]


def test_a_later_telling_with_the_clock_time_is_the_one_proposed():
    events = extract(
        "Agents raided a warehouse in Cicero on Tuesday.\n\n"
        "The raid began around 5 a.m. Tuesday, witnesses said.",
        published=MONDAY,
    )
    assert len(events) == 1
    assert events[0].time == dt.time(5, 0)
    assert events[0].also_told == ["Agents raided a warehouse in Cicero on Tuesday."]


# --- The command line ---------------------------------------------------------------


def run(*args: str, stdin: str | None = None) -> str:
    out = io.StringIO()
    if stdin is not None:
        import sys

        real = sys.stdin
        sys.stdin = io.TextIOWrapper(io.BytesIO(stdin.encode()))
        try:
            call_command("extract_events", *args, stdout=out, stderr=io.StringIO())
        finally:
            sys.stdin = real
    else:
        call_command("extract_events", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.mark.django_db
def test_command_prints_the_events_of_a_file_with_duplicates_from_the_database():
    call_command("load_seeds", stdout=io.StringIO())
    events = json.loads(run(str(SEED), "--published", "2025-06-16T09:00"))["events"]
    arrests = next(e for e in events if e["type"] == "arrest")
    assert arrests["place"] == "South Loop, Chicago, IL"
    assert arrests["start"] == "2025-06-01"
    assert arrests["end"] == "2025-06-30"
    assert arrests["counts"][0]["text"] == "At least 10"
    assert arrests["duplicates"] == ["2025-06-01-ice-arrests-at-least-10-at-south-loop-check-ins"]
    expected_keys = {"title", "type", "status", "date_text", "start", "end", "precision"}
    expected_keys |= {"place", "latitude", "longitude", "actors", "counts", "evidence"}
    assert all(expected_keys | {"confidence", "duplicates"} <= set(e) for e in events)


@pytest.mark.django_db
def test_command_reads_standard_input():
    events = json.loads(run("-", "--published", "2025-06-16", stdin="Police arrested 3 Friday."))
    assert [(e["type"], e["start"]) for e in events["events"]] == [("arrest", "2025-06-13")]


@pytest.mark.django_db
def test_batch_mode_reports_a_bad_line_and_goes_on(tmp_path):
    batch = tmp_path / "in.jsonl"
    lines = [
        {"id": "good", "text": "Police arrested 3 Friday.", "published": "2025-06-16"},
        {"id": "empty", "text": "   ", "published": "2025-06-16"},
        {"id": "future", "text": "Police arrested 3 Friday.", "published": "2999-01-01"},
    ]
    batch.write_text("\n".join([*map(json.dumps, lines), "{not json"]) + "\n")
    rows = [json.loads(line) for line in run("--batch", str(batch)).splitlines()]
    assert [row["id"] for row in rows] == ["good", "empty", "future", 4]
    assert rows[0]["events"][0]["start"] == "2025-06-13"
    assert isinstance(rows[0]["elapsed_ms"], float)
    assert rows[1]["error"] == "The article is empty."
    assert rows[2]["error"] == "The publication date is in the future."
    assert rows[3]["error"] == "Line 4 is not JSON."


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        (b"", ["--published", "2025-06-16"], "The article is empty."),
        (b"\x00\x01binary\xff", ["--published", "2025-06-16"], "not UTF-8"),
        (b"x" * 200_001, ["--published", "2025-06-16"], "the limit is 200 kB"),
        (b"Police arrested 3 Friday.", [], "Give the publication date"),
        (b"Police arrested 3 Friday.", ["--published", "16/06/2025"], "is not a date like"),
        (b"Police arrested 3.", ["--published", "2025-06-16", "--timezone", "Mars/Base"], "zone"),
    ],
)
def test_command_refuses_bad_input_with_a_clear_message(tmp_path, content, args, message):
    article = tmp_path / "article.txt"
    article.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        run(str(article), *args)


def test_each_clause_joined_by_and_keeps_its_own_act():
    text = "Protesters have gathered nightly since June, and police arrested 12 people on Sept. 28."
    events = extract(text, published=dt.date(2025, 10, 6))
    assert [(e.type, e.date_text) for e in events] == [
        ("rally", "since June"),
        ("arrest", "Sept. 28"),
    ]


# --- Bounded work on input no newsroom wrote ------------------------------------------


def test_a_run_longer_than_any_sentence_is_read_in_pieces_cut_at_commas():
    from timeline.extraction.text import MAX_SENTENCE, sentences

    run = "Agents raided a warehouse Monday, and " * 3_000

    pieces = sentences(run)

    assert len(pieces) > 100
    assert max(len(piece.text) for piece in pieces) <= MAX_SENTENCE
    assert all(run[p.start : p.end] == p.text for p in pieces)  # offsets stay true


def test_a_sentence_that_lists_dates_proposes_a_handful_not_one_per_date():
    from timeline.extraction.pipeline import MAX_MENTIONS

    listing = "Hearings were held " + ", ".join(f"June {day}" for day in range(1, 29)) + "."

    events = extract(listing, published=MONDAY)

    assert 0 < len(events) <= MAX_MENTIONS


def test_a_span_of_days_at_the_end_of_the_calendar_does_not_overflow():
    # Found by Hypothesis: Thursday, December 30, 9999 plus six days is past the calendar.
    events = extract("Crowds marched Thursday and Friday.", published=dt.date(9999, 12, 31))

    assert [(e.start, e.end) for e in events] == [(dt.date(9999, 12, 30), dt.date(9999, 12, 31))]

"""Held-out check of the article extractor: one hand-written file per failure kind.

The examples are written independently of the extractor's rules (see README.md). An
example counts as right only when every gold event has its own candidate with the same
type and dates (and status, precision, certainty, inherited where the gold says) and no
candidate is left over.
"""

from __future__ import annotations

import datetime as dt
import re

from tests.extraction.heldout import (
    CERTAINTIES,
    KINDS,
    PRECISIONS,
    STATUSES,
    TYPES,
    evaluate,
    load,
)

# What the extractor reaches on each file, less a little room, and well above what it
# reached before the rules for each kind (the figures in README.md): a test here fails
# when the rule for its kind is taken away.
THRESHOLDS = {
    "typing": 0.94,
    "inherited": 0.70,
    "future": 0.84,
    "periods": 0.90,
    "quoted": 0.78,
    "two_events": 0.80,
}

MIN_EXAMPLES = 45
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def assert_accurate(kind: str) -> None:
    score = evaluate(kind)
    assert score.accuracy >= THRESHOLDS[kind], (
        f"below the {THRESHOLDS[kind]:.0%} threshold\n" + score.describe()
    )


def test_typing_comes_from_the_main_clause() -> None:
    assert_accurate("typing")


def test_dateless_sentences_inherit_only_when_they_continue_the_event() -> None:
    assert_accurate("inherited")


def test_future_and_modal_verbs_look_forward_and_past_tense_looks_back() -> None:
    assert_accurate("future")


def test_counted_periods_resolve_to_spans() -> None:
    assert_accurate("periods")


def test_quoted_dates_resolve_against_the_attribution() -> None:
    assert_accurate("quoted")


def test_two_clauses_under_one_date_give_two_events() -> None:
    assert_accurate("two_events")


def test_the_heldout_data_is_well_formed() -> None:
    problems: list[str] = []
    ids: set[str] = set()
    assert set(THRESHOLDS) == set(KINDS)
    for kind in KINDS:
        examples = load(kind)  # a line that does not parse raises here
        if len(examples) < MIN_EXAMPLES:
            problems.append(f"{kind}: {len(examples)} examples, fewer than {MIN_EXAMPLES}")
        for example in examples:
            where = f"{kind}/{example.get('id')}"
            if set(example) != {"id", "published", "text", "events", "note"}:
                problems.append(f"{where}: keys {sorted(example)}")
                continue
            if example["id"] in ids:
                problems.append(f"{where}: duplicate id")
            ids.add(example["id"])
            if not ISO_DATE.fullmatch(example["published"]):
                problems.append(f"{where}: published {example['published']!r} is not ISO")
            if not example["text"].strip() or not example["note"].strip():
                problems.append(f"{where}: empty text or note")
            for event in example["events"]:
                problems += [f"{where}: {p}" for p in event_problems(event)]
    assert not problems, "\n".join(problems)


def event_problems(event: dict) -> list[str]:
    allowed = {"type", "start", "end", "status", "precision", "certainty", "inherited"}
    problems = [f"unknown key {key!r}" for key in set(event) - allowed]
    if event.get("type") not in TYPES:
        problems.append(f"type {event.get('type')!r}")
    if "status" in event and event["status"] not in STATUSES:
        problems.append(f"status {event['status']!r}")
    if "precision" in event and event["precision"] not in PRECISIONS:
        problems.append(f"precision {event['precision']!r}")
    if "certainty" in event and event["certainty"] not in CERTAINTIES:
        problems.append(f"certainty {event['certainty']!r}")
    if "inherited" in event and event["inherited"] is not True:
        problems.append("inherited is given only as true")
    dates = [event.get("start"), event.get("end")]
    if not all(isinstance(d, str) and ISO_DATE.fullmatch(d) for d in dates):
        problems.append(f"dates {dates!r} are not ISO")
    elif dt.date.fromisoformat(dates[0]) > dt.date.fromisoformat(dates[1]):
        problems.append(f"start {dates[0]} is after end {dates[1]}")
    return problems

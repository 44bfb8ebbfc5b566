"""The extractor's pipeline: sentences → date mentions → candidate events.

Every date mention outside quoted speech dates one candidate: what happened comes from
the act named nearest to it in its clause, where from the place written as a location
nearest to it (or the article's dateline), with the clause's counts and the sentence's
actors. Words inside quotation marks are the speaker's, dated from the speaker's day,
so they date nothing here; the attribution outside them does ("Trump wrote Sunday").
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from collections import Counter
from collections.abc import Sequence

from timeline.extraction import kinds
from timeline.extraction.actors import find_actors
from timeline.extraction.candidates import Candidate, KnownPlace
from timeline.extraction.counts import find_counts
from timeline.extraction.places import Gazetteer, PlaceMention, choose, find_by_name, gazetteer
from timeline.extraction.text import Sentence, clause_bounds, sentences, words_between
from timeline.extraction.when import Mention, find_mentions, relative_shift

FUTURE = re.compile(
    r"\b(?:will|won['’]t|['’]ll|shall|plans?\s+to|planning\s+to|planned|scheduled|set\s+to|"
    r"set\s+for|slated|expected\s+to|expects\s+to|(?:is|are)\s+expected|going\s+to|"
    r"upcoming|ahead\s+of)\b",
    re.I,
)
FUTURE_WINDOW = 70  # characters before the date in which a future verb governs it
ONGOING = re.compile(
    r"\b(?:has\s+been|have\s+been|remains?|continues?|continuing|ongoing|for\s+much\s+of|"
    r"still)\b",
    re.I,
)
DATELINE = re.compile(r"^(?P<place>[A-Z][A-Z .'’-]+?)(?:,\s*[A-Z][\w.]*)?\s*(?:\([^)]*\))?\s*[—–-]")
LEADING_WORDS = re.compile(r"^(?:and|but|so|before that|after that|meanwhile|then)\b,?\s*", re.I)
TITLE_WORDS = 14


def extract(
    text: str,
    *,
    published: dt.datetime | dt.date,
    time_zone: str = "America/Chicago",
    places: Sequence[KnownPlace] = (),
) -> list[Candidate]:
    """Candidate events in text, dated against its publication date."""
    anchor = _local_date(published, time_zone)
    gazette = gazetteer(places)
    article = sentences(text)
    fallback = _dateline(text, places) or _main_city(article, gazette)
    people: dict[str, str] = {}
    candidates: list[Candidate] = []
    previous: Mention | None = None
    for sentence in article:
        actors = find_actors(sentence.text, people)
        place_mentions = gazette.find(sentence.text)
        found = find_mentions(
            sentence.text, anchor, future=lambda at, s=sentence.text: _is_future(s, at)
        )
        for mention in found:
            if sentence.in_quotes(mention.start):
                continue
            if mention.refers_back:
                mention = _refer_back(mention, previous, sentence.text)
                if mention is None:
                    continue
            previous = mention
            candidates.append(
                _candidate(sentence, mention, anchor, place_mentions, fallback, actors)
            )
    return _mark_repeats(candidates)


def _local_date(published: dt.datetime | dt.date, time_zone: str) -> dt.date:
    if isinstance(published, dt.datetime):
        if published.tzinfo is not None:
            return published.astimezone(zoneinfo.ZoneInfo(time_zone)).date()
        return published.date()
    return published


def _is_future(sentence: str, position: int) -> bool:
    start, _ = clause_bounds(sentence, position)
    window = sentence[max(start, position - FUTURE_WINDOW) : position]
    return bool(FUTURE.search(window))


def _refer_back(mention: Mention, previous: Mention | None, sentence: str) -> Mention | None:
    """ "a day earlier": the date before it, moved, at that date's precision."""
    prepositional = mention.text.lower().endswith(("after", "before")) and bool(
        re.match(r"\s+[a-z]", sentence[mention.end :])
    )
    days = relative_shift(mention.text, prepositional=prepositional)
    if previous is None or days is None:
        return None
    try:
        return previous.shifted(days, mention.text, mention.start, mention.end)
    except OverflowError:  # "a day later" than December 31, 9999
        return None


def _candidate(
    sentence: Sentence,
    mention: Mention,
    anchor: dt.date,
    place_mentions: list[PlaceMention],
    fallback: KnownPlace | None,
    actors: list[str],
) -> Candidate:
    text = sentence.text
    clause_start, clause_end = clause_bounds(text, mention.start)
    clause = text[clause_start:clause_end]
    found = kinds.triggers(clause, clause_start)
    kind, _, confidence = kinds.classify(
        found,
        mention.start,
        mention.end,
        lambda a, b: words_between(text, a, b),
        possessive=mention.attributive,
    )
    if kind == "statement" and _orders(text, sentence):
        kind = "order"  # a post or statement that gives an order is the order
    in_clause = [m for m in place_mentions if clause_start <= m.start < clause_end]
    place = choose(in_clause, mention.start) or choose(place_mentions, mention.start)
    future = _is_future(text, mention.start)
    window = text[max(clause_start, mention.start - 40) : min(clause_end, mention.end + 40)]
    counts = find_counts(clause)
    if mention.kind == "explicit":
        confidence += 0.05
    if place is not None:
        confidence += 0.05
    return Candidate(
        title=_title(text, sentence, clause_start, clause_end),
        type=kind,
        status=_status(window, future),
        date_text=re.sub(r"^(?:on|in)\s+", "", mention.text),
        start=mention.first,
        end=mention.last,
        precision=mention.precision,
        time_of_day=mention.time_of_day,
        time=mention.time,
        certainty=mention.certainty,
        place=place or fallback,
        actors=actors,
        counts=counts,
        evidence=text,
        evidence_start=sentence.start,
        evidence_end=sentence.end,
        confidence=min(confidence, 0.95),
    )


_ORDER_WORDS = re.compile(r"\b(?:ordered|order|directed|instructed|directive)\b", re.I)


def _orders(text: str, sentence: Sentence) -> bool:
    return any(_ORDER_WORDS.search(text[start:end]) for start, end in sentence.quoted)


def _status(window: str, future: bool) -> str:
    if future:
        if re.search(r"\b(?:scheduled|set for|slated)\b", window, re.I):
            return "scheduled"
        if re.search(r"\b(?:expected|likely)\b", window, re.I):
            return "expected"
        return "planned"
    return "ongoing" if ONGOING.search(window) else "occurred"


def _title(text: str, sentence: Sentence, start: int, end: int) -> str:
    """The clause without its quotations, cut to a headline's length."""
    kept = []
    position = start
    for quote_start, quote_end in sorted(sentence.quoted):
        if quote_end <= start or quote_start >= end:
            continue
        kept.append(text[position : max(position, quote_start)])
        position = max(position, quote_end)
    kept.append(text[position:end])
    words = " ".join(" ".join(kept).split())
    if len(words.split()) < 6:  # the quotation was the point: keep it
        words = " ".join(text[start:end].split())
    words = LEADING_WORDS.sub("", words.strip(" ,.;:—–-"))
    cut = words.split()
    title = " ".join(cut[:TITLE_WORDS]) + ("…" if len(cut) > TITLE_WORDS else "")
    title = title.strip(" ,.;:")
    return (title[:1].upper() + title[1:]) or text[:80]


def _dateline(text: str, places: Sequence[KnownPlace]) -> KnownPlace | None:
    match = DATELINE.match(text.lstrip())
    return find_by_name(match.group("place"), places) if match else None


def _main_city(article: list[Sentence], gazette: Gazetteer) -> KnownPlace | None:
    """The city the article names most often as a location, when it has no dateline."""
    tally: Counter[KnownPlace] = Counter()
    for sentence in article:
        for mention in gazette.find(sentence.text):
            if mention.locative and mention.place.kind == "city":
                tally[mention.place] += 1
    return tally.most_common(1)[0][0] if tally else None


def _mark_repeats(candidates: list[Candidate]) -> list[Candidate]:
    """Point an event told twice (same type, dates and place) back at its first telling.

    Both stay: each sentence may say something the other does not, and the editor
    merges the second into the first as one more citation.
    """
    first: dict[tuple, int] = {}
    for index, candidate in enumerate(candidates):
        key = (
            candidate.type,
            candidate.start,
            candidate.end,
            candidate.place.display_name if candidate.place else "",
        )
        if key in first:
            candidate.same_as = first[key]
            candidate.confidence = max(0.1, candidate.confidence - 0.2)
        else:
            first[key] = index
    return candidates

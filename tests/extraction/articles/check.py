#!/usr/bin/env python3
"""Validate the held-out extraction articles in this folder.

Checks that every NN_slug.json parses and has the gold format that
../shared/eval/score.py reads, that each evidence phrase occurs verbatim in
the text inside one sentence, and that dates, types, statuses and precisions
are valid. With --dates, also prints each event's publication weekday and the
weekday of its resolved dates, for checking the arithmetic by eye.

    python3 tests/extraction/articles/check.py [--dates]

Exit status 0 when the set is valid, 1 otherwise.
"""

from __future__ import annotations

import argparse
import calendar
import datetime as dt
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

TYPES = {"rally", "raid", "arrest", "deployment", "statement", "order", "court", "policy", "other"}
STATUSES = {"occurred", "ongoing", "planned", "scheduled", "expected", "cancelled", "postponed"}
PRECISIONS = {"day", "week", "month"}
ARTICLE_KEYS = {
    "id",
    "url",
    "publisher",
    "headline",
    "published",
    "text",
    "events",
    "undated_mentions",
}
EVENT_KEYS = {
    "summary",
    "type",
    "date_start",
    "date_end",
    "precision",
    "location",
    "evidence",
    "status",
}
LATEST = dt.date(2026, 11, 30)

# A full stop after these does not end a sentence.
ABBREVIATIONS = {
    "a.m",
    "p.m",
    "u.s",
    "n.j",
    "n.y",
    "d.c",
    "ill",
    "ore",
    "tenn",
    "calif",
    "fla",
    "ga",
    "gov",
    "sen",
    "rep",
    "lt",
    "gen",
    "dr",
    "mr",
    "mrs",
    "ms",
    "st",
    "jr",
    "sr",
    "no",
    "vs",
    "jan",
    "feb",
    "aug",
    "sept",
    "oct",
    "nov",
    "dec",
    "mt",
    "ft",
}
SENTENCE_END = re.compile(r"[.!?][\"'”’)]*(?=\s+[\"'“‘(]?[A-Z0-9])")


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of text; paragraphs always end one."""
    spans = []
    for para in re.finditer(r"[^\n]+", text):
        start = para.start()
        for m in SENTENCE_END.finditer(para.group()):
            word = re.search(r"([A-Za-z.]+)$", para.group()[: m.start()])
            if word and word.group(1).lower().strip(".") in ABBREVIATIONS:
                continue
            if word and re.fullmatch(r"[A-Z]", word.group(1)):  # an initial: "W. Smith"
                continue
            end = para.start() + m.end()
            spans.append((start, end))
            start = end
        spans.append((start, para.end()))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def iso(value, where: str, errors: list[str]) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        errors.append(f"{where}: not an ISO date: {value!r}")
        return None


def check_event(art: dict, ev: dict, where: str, spans, errors: list[str]) -> None:
    missing = EVENT_KEYS - ev.keys()
    if missing:
        errors.append(f"{where}: missing keys {sorted(missing)}")
        return
    if ev["type"] not in TYPES:
        errors.append(f"{where}: bad type {ev['type']!r}")
    if ev["status"] not in STATUSES:
        errors.append(f"{where}: bad status {ev['status']!r}")
    if ev["precision"] not in PRECISIONS:
        errors.append(f"{where}: bad precision {ev['precision']!r}")
    if not ev["location"]:
        errors.append(f"{where}: empty location")

    start = iso(ev["date_start"], where, errors)
    end = iso(ev["date_end"], where, errors) if ev["date_end"] is not None else start
    if start and end:
        if start > end:
            errors.append(f"{where}: date_start {start} after date_end {end}")
        if ev["precision"] == "month":
            last = calendar.monthrange(start.year, start.month)[1]
            if start.day != 1 or end != start.replace(day=last):
                errors.append(f"{where}: month precision must span one calendar month")
        if ev["precision"] == "week" and start == end:
            errors.append(f"{where}: week precision needs a date_end")
        published = dt.date.fromisoformat(art["published"])
        if ev["status"] == "occurred" and start > published:
            errors.append(f"{where}: occurred event starts after publication")
        if ev["status"] in {"planned", "scheduled", "expected"} and end < published:
            errors.append(f"{where}: future-status event ends before publication")

    phrase = ev["evidence"]
    words = len(phrase.split())
    if not 3 <= words <= 12:
        errors.append(f"{where}: evidence has {words} words (want 3-12): {phrase!r}")
    text = art["text"]
    hits = [m.start() for m in re.finditer(re.escape(phrase), text)]
    if not hits:
        errors.append(f"{where}: evidence not in text verbatim: {phrase!r}")
    elif len(hits) > 1:
        errors.append(f"{where}: evidence occurs {len(hits)} times: {phrase!r}")
    else:
        at, stop = hits[0], hits[0] + len(phrase)
        if not any(s <= at and stop <= e for s, e in spans):
            errors.append(f"{where}: evidence crosses a sentence end: {phrase!r}")


def check_article(path: Path, errors: list[str]) -> dict | None:
    try:
        art = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        errors.append(f"{path.name}: does not parse: {exc}")
        return None
    where = path.name
    if not re.fullmatch(r"\d\d_[a-z0-9-]+\.json", path.name):
        errors.append(f"{where}: file name is not NN_slug.json")
    missing = ARTICLE_KEYS - art.keys()
    if missing:
        errors.append(f"{where}: missing keys {sorted(missing)}")
        return None
    if art["id"] != path.stem:
        errors.append(f"{where}: id {art['id']!r} is not the file name")
    if not str(art["url"]).startswith("https://example.org/"):
        errors.append(f"{where}: url is not a made-up https://example.org/ address")
    published = iso(art["published"], where, errors)
    if published and published > LATEST:
        errors.append(f"{where}: published after {LATEST}")
    # From a wire brief to a weekend feature.
    if not 1500 <= len(art["text"]) <= 5000:
        errors.append(f"{where}: text is {len(art['text'])} characters (want 1,500-5,000)")
    if not isinstance(art["undated_mentions"], list):
        errors.append(f"{where}: undated_mentions is not a list")
    if not 3 <= len(art["events"]) <= 8:
        errors.append(f"{where}: {len(art['events'])} events (want 3-8)")
    spans = sentences(art["text"])
    for i, ev in enumerate(art["events"]):
        check_event(art, ev, f"{where} event {i}", spans, errors)
    return art


def show_dates(art: dict) -> None:
    published = dt.date.fromisoformat(art["published"])
    print(f"{art['id']}  published {published} {published:%A}")
    for ev in art["events"]:
        start = dt.date.fromisoformat(ev["date_start"])
        end = dt.date.fromisoformat(ev["date_end"]) if ev["date_end"] else start
        span = f"{start} {start:%a}" + (f" .. {end} {end:%a}" if end != start else "")
        kind = f"{ev['precision']:<5} {span:<32} {ev['status']:<9} {ev['type']:<10}"
        print(f"   {kind} {ev['evidence']!r}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dates", action="store_true", help="print weekdays of every date")
    args = parser.parse_args()
    errors: list[str] = []
    paths = sorted(HERE.glob("*.json"))
    if not paths:
        errors.append("no articles found")
    articles = [a for a in (check_article(p, errors) for p in paths) if a]
    if args.dates:
        for art in articles:
            show_dates(art)
    n_events = sum(len(a["events"]) for a in articles)
    for line in errors:
        print("ERROR", line)
    print(f"{len(articles)} articles, {n_events} events, {len(errors)} problems")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())

"""Numbers of people in a sentence: "70,000 people", "at least 10 arrested", "millions".

A count is a figure (digits, number words or a crowd word like "tens of thousands"),
what was counted (the noun after it, or the verb around it), a qualifier ("at least",
"more than", "about") and who estimated it ("organizers estimated", "police said").
"""

from __future__ import annotations

import re

from timeline.extraction.candidates import CandidateCount

_SMALL = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "a dozen": 12, "a hundred": 100,
}  # fmt: skip
# Crowd words and the range they stand for.
_VAGUE = {
    "dozens": (24, 99),
    "scores": (40, 99),
    "hundreds": (200, 999),
    "thousands": (2_000, 9_999),
    "tens of thousands": (20_000, 99_999),
    "hundreds of thousands": (200_000, 999_999),
    "millions": (2_000_000, None),
}
_SCALE = {"hundred": 100, "thousand": 1_000, "million": 1_000_000}
_QUALIFIERS = {
    "at least": "at_least", "more than": "at_least", "over": "at_least",
    "upwards of": "at_least", "nearly": "at_most", "almost": "at_most", "up to": "at_most",
    "fewer than": "at_most", "less than": "at_most", "about": "about", "around": "about",
    "roughly": "about", "approximately": "about", "an estimated": "about", "some": "about",
}  # fmt: skip
NUMBER = re.compile(
    r"(?P<qualifier>\b(?:at least|more than|over|upwards of|nearly|almost|up to|fewer than|"
    r"less than|about|around|roughly|approximately|an estimated|some)\s+)?"
    r"(?P<figure>\b\d{1,3}(?:,\d{3})+\b|\b\d+(?:\.\d+)?(?:\s+(?:hundred|thousand|million))?\b|"
    r"\b(?:hundreds of thousands|tens of thousands|thousands|hundreds|dozens|scores|millions)\b|"
    r"\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|"
    r"forty|fifty|a dozen|a hundred)\b)",
    re.I,
)
# What follows the figure, within a few words: "people", "U.S. Marines", "armed agents".
_NOUNS = [
    ("deployed", r"troops|Marines|soldiers|National Guard|Guard members|Guardsmen|service members"),
    ("arrested", r"arrests"),
    ("detained", r"detainees|detentions"),
    ("injured", r"injuries|injured|wounded"),
    ("killed", r"deaths|dead|killed|fatalities"),
    ("participants", r"people|protesters|demonstrators|marchers|participants|attendees|residents"),
    ("other", r"agents|officers"),
]
_VERBS = [
    ("arrested", r"arrest(?:ed|ing|s)?|taken into custody"),
    ("detained", r"detain(?:ed|ing)?"),
    ("injured", r"injur(?:ed|ing)|hurt|wounded"),
    ("killed", r"killed|died|dead"),
    ("deployed", r"deploy(?:ed|ing)?|sent|mobilized"),
    (
        "participants",
        r"march(?:ed)?|rall(?:y|ied)|protest(?:ed)?|drew|attended|turned out|gathered",
    ),
]
_ESTIMATORS = [
    ("organizers", r"organi[sz]ers"),
    ("police", r"police|authorities"),
    ("agency", r"DHS|ICE|Department of Homeland Security|the agency|Border Patrol"),
    ("officials", r"officials|the city|the mayor"),
    ("reporters", r"reporters|journalists|our count"),
]
_ESTIMATE_VERB = r"(?:estimated|said|say|says|reported|counted|claimed|according to)"
# Figures that are not counts of people.
_NOT_COUNTS = re.compile(
    r"^(?:\s*(?:%|percent|a\.m\.|p\.m\.|hours?|days?|weeks?|months?|years?|minutes?|miles?|"
    r"feet|dollars?|cities|blocks?|states?|times|touchdowns?|games?|points?|-\d))",
    re.I,
)


def find_counts(clause: str) -> list[CandidateCount]:
    """The counts of people in a clause."""
    counts = []
    for match in NUMBER.finditer(clause):
        after = clause[match.end() : match.end() + 40]
        if _NOT_COUNTS.match(after) or _is_date_or_score(clause, match):
            continue
        measure = _measure(clause, match)
        if measure is None:
            continue
        low, high = _value(match.group("figure"))
        words = match.group().strip()
        qualifier = _QUALIFIERS.get((match.group("qualifier") or "").strip().lower(), "exact")
        if qualifier == "exact" and match.group("figure").lower() in _VAGUE:
            qualifier = "about"  # "tens of thousands" is an estimate by its nature
        counts.append(
            CandidateCount(
                measure=measure,
                low=low,
                high=high,
                text=words,
                qualifier=qualifier,
                estimated_by=_estimator(clause),
            )
        )
    return counts


def _value(figure: str) -> tuple[int | None, int | None]:
    lowered = figure.lower()
    if lowered in _VAGUE:
        return _VAGUE[lowered]
    if lowered in _SMALL:
        return _SMALL[lowered], None
    parts = lowered.split()
    number = float(parts[0].replace(",", ""))
    if len(parts) == 2:
        number *= _SCALE[parts[1]]
    return int(number), None


def _measure(clause: str, match: re.Match[str]) -> str | None:
    after = clause[match.end() : match.end() + 45]
    for measure, nouns in _NOUNS:
        if re.match(rf"\s+(?:[\w.-]+\s+){{0,3}}?(?:{nouns})\b", after, re.I):
            if measure in {"participants", "other"}:
                # "10 people were arrested", "arresting 37 people": the verb says what.
                verb = _verb_near(clause, match)
                return verb or ("participants" if measure == "participants" else None)
            return measure
    if match.group("figure").lower() in _VAGUE:
        return _verb_near(clause, match)  # "drew millions"
    return None


def _verb_near(clause: str, match: re.Match[str]) -> str | None:
    before = clause[max(0, match.start() - 30) : match.start()]
    after = clause[match.end() : match.end() + 50]
    for measure, verbs in _VERBS:
        if re.search(rf"\b(?:{verbs})\s*$", before, re.I) or re.search(
            rf"^\s+(?:[\w.-]+\s+){{0,3}}(?:were|was|have been|had been)?\s*(?:{verbs})\b",
            after,
            re.I,
        ):
            return measure
    return None


def _estimator(clause: str) -> str:
    for who, words in _ESTIMATORS:
        if re.search(
            rf"\b(?:{words})\s+{_ESTIMATE_VERB}|\baccording to\s+(?:the\s+)?(?:{words})", clause
        ):
            return who
    return ""


def _is_date_or_score(clause: str, match: re.Match[str]) -> bool:
    before = clause[max(0, match.start() - 12) : match.start()]
    return bool(
        re.search(r"(?:January|February|March|April|May|June|July|August|September|October|"
                  r"November|December|Jan\.|Feb\.|Aug\.|Sept\.|Oct\.|Nov\.|Dec\.|Week|No\.)\s*$",
                  before)
    )  # fmt: skip

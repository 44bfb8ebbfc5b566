"""What kind of event a date mention dates: from the words that say what happened.

Each trigger is a word or phrase that names an act ("took to the streets", "arrested",
"imposed", "ruled"). The trigger nearest the date mention wins, with one rule from how
news is written: attribution verbs ("said", "wrote") are everywhere, so they type an
event only when they are written right beside the date ("Johnson said Wednesday",
"a Friday news conference") or when nothing else happened in the clause.
"""

from __future__ import annotations

import dataclasses
import re

TRIGGERS: dict[str, str] = {
    "rally": (
        r"rall(?:y|ies|ied|ying)|march(?:ed|es|ing)?|protest(?:s|ed|ing)?|"
        r"demonstrat(?:ion|ions|ed|ing)|took to the streets|take to the streets|"
        r"vigils?|walkouts?|walked out|sit-ins?|picket(?:s|ed|ing)?|gathered|"
        r"counter-?protests?|No Kings"
    ),
    "raid": (
        r"raid(?:s|ed|ing)?|sweeps?|swept through|stormed|descended on|"
        r"operations?|blitz|crackdown|surge"
    ),
    "arrest": (
        r"arrest(?:s|ed|ing)?|detain(?:ed|ing|s)?|detentions?|detainments?|"
        r"taken into custody|took into custody|apprehended|handcuffed|booked"
    ),
    "deployment": (
        r"deploy(?:ed|ing|ment|ments|s)?|troops|National Guard|Guard members|Marines|"
        r"soldiers|military presence|federalized|mobiliz(?:ed|ing)|stationed|staged|"
        r"sent (?:in )?(?:troops|agents)"
    ),
    "order": (
        r"order(?:ed|ing|s)?|executive order|directive|directed(?! at| toward| against)|"
        r"memo(?:randum)?|proclamation|signed|imposed|instructed|notice|curfew|mandate[ds]?"
    ),
    "court": (
        r"judge|ruled|ruling|court|lawsuit|sued|filed suit|restraining order|TRO|"
        r"injunction|appeal(?:ed|s)?|indicted|charged|hearing|verdict|sentenced"
    ),
    "policy": (
        r"polic(?:y|ies)|rule change|new rule|budget|funding|ordinance|legislation|"
        r"approved|law(?! enforcement)|laws"
    ),
}
SPEECH = (
    r"said|says|told|wrote|posted|tweeted|announced|stated|testified|declared|"
    r"news conference|press conference|press briefing|briefing|interview|speech|remarks|"
    r"statement|social media post|post on|letter|warned|threatened|vowed|pledged|"
    r"suggested|called on|urged|praised|condemned|criticized"
)
# Order beats rally where both match one word: "a restraining order", "ordered".
_PRIORITY = ["court", "order", "deployment", "arrest", "raid", "rally", "policy"]
_PATTERNS = [(kind, re.compile(rf"\b(?:{TRIGGERS[kind]})\b", re.I)) for kind in _PRIORITY]
_SPEECH = re.compile(rf"\b(?:{SPEECH})\b", re.I)
# People who take part name an act only when nothing else in the clause does:
# "demonstrators made their way through the Loop" is a rally, "police arrested
# protesters" an arrest.
PARTICIPANTS = re.compile(
    r"\b(?:protesters|demonstrators|marchers|counter-?protesters|crowds?)\b", re.I
)
# An attribution verb this close to the date types the event as what was said.
BESIDE = 3


@dataclasses.dataclass(frozen=True)
class Trigger:
    kind: str
    start: int
    end: int
    words: str
    weak: bool = False


def triggers(clause: str, offset: int = 0) -> list[Trigger]:
    """Every act named in a clause, with its kind and position."""
    found: list[Trigger] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(clause):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            taken.append(match.span())
            found.append(Trigger(kind, offset + match.start(), offset + match.end(), match.group()))
    for match in PARTICIPANTS.finditer(clause):
        found.append(
            Trigger("rally", offset + match.start(), offset + match.end(), match.group(), weak=True)
        )
    for match in _SPEECH.finditer(clause):
        if not any(match.start() < end and start < match.end() for start, end in taken):
            found.append(
                Trigger("statement", offset + match.start(), offset + match.end(), match.group())
            )
    return found


def classify(
    found: list[Trigger], start: int, end: int, distance, *, possessive: bool = False
) -> tuple[str, Trigger | None, float]:
    """The type of the event dated at start..end, the trigger that says so, and how sure.

    distance(a, b) counts the words between two positions.
    """
    if not found:
        return "other", None, 0.3

    def gap(trigger: Trigger) -> int:
        if trigger.end <= start:
            return distance(trigger.end, start)
        if trigger.start >= end:
            return distance(end, trigger.start)
        return 0

    if possessive:
        # "Tuesday's marches", "a Friday news conference": the noun the date belongs to.
        owned = [t for t in found if t.start >= end and gap(t) <= BESIDE]
        if owned:
            nearest = min(owned, key=gap)
            return nearest.kind, nearest, 0.85
    speech = [t for t in found if t.kind == "statement"]
    acts = [t for t in found if t.kind != "statement" and not t.weak]
    acts = acts or [t for t in found if t.weak]
    close_speech = [t for t in speech if gap(t) <= BESIDE]
    if close_speech:
        nearest = min(close_speech, key=gap)
        closer_acts = [t for t in acts if gap(t) < gap(nearest)]
        if not closer_acts:
            return "statement", nearest, 0.8
    if acts:
        nearest = min(acts, key=lambda t: (gap(t), _PRIORITY.index(t.kind)))
        return nearest.kind, nearest, max(0.4, 0.9 - 0.03 * gap(nearest))
    # Said, but not beside the date: the date belongs to what was said, an act unnamed.
    return "other", None, 0.35

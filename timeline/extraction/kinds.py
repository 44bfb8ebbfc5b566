"""What kind of event a date mention dates: from what the main clause says happened.

Each trigger is a word or phrase that names an act ("took to the streets", "arrested",
"imposed", "ruled"). News hangs many acts on one date, so a trigger's place in the
clause decides, not only its distance from the date:

- a verb of the clause beats a noun, and a noun inside a phrase that only sets the
  scene ("during Tuesday's protest", "after the ruling", "where troops were staged")
  counts only when nothing else happened;
- saying is the news only when the date belongs to the saying ("Johnson said
  Wednesday", "a Friday news conference"); an attribution after the fact ("agents
  detained 14 people Monday, officials said") leaves the fact its own type, and so
  does a past act reported by the speaker ("ICE said Monday it had arrested 14");
- who acts can settle it: a judge or court that "orders" gives a ruling (court);
  troops that arrive, stage or are summoned are a deployment.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence

TRIGGERS: dict[str, str] = {
    "rally": (
        r"rall(?:y|ies|ied|ying)|march(?:ed|es|ing)?|protest(?:s|ed|ing)?|"
        r"demonstrat(?:ion|ions|ed|ing)|took to the streets|take to the streets|"
        r"vigils?|walkouts?|walked out|walk(?:s|ing)? out|sit-ins?|picket(?:s|ed|ing)?|gathered|"
        r"counter-?protests?|No Kings|showed up|turned out|filled the streets|"
        r"flooded the streets|chanted|assembled"
    ),
    "raid": (
        r"raid(?:s|ed|ing)?|sweeps?|swept through|stormed|descended on|"
        r"operations?|blitz|crackdown|surge|searched|executed (?:a )?search warrants?|"
        r"fanned out"
    ),
    "arrest": (
        r"arrest(?:s|ed|ing)?|detain(?:ed|ing|s)?|"
        r"detentions?(?! (?:center|centre|facility|facilities|camp|site|officers?))|detainments?|"
        r"taken (?:\w+ ){0,3}?into custody|took (?:[\w.’'-]+ ){0,6}?into custody|apprehended|"
        r"handcuffed|booked|rounded up|"
        r"in handcuffs|led away"
    ),
    "deployment": (
        r"deploy(?:ed|ing|ment|ments|s)?|troops|National Guard|Guard members|Guardsmen|"
        r"Marines|soldiers|military presence|federaliz(?:ed|ing)|mobiliz(?:ed|ing)|"
        r"stationed|staged|activated|sent (?:in )?(?:troops|agents)|battalions?|brigades?|"
        r"paratroopers|(?:send|sending|sent) (?:in )?(?:a |an |the |\w+ )?(?:battalion|brigade|"
        r"unit|troops|Guard)|(?-i:Guard)"
    ),
    "order": (
        r"order(?:ed|ing|s)?|executive order|directive|directed(?! at| toward| against)|"
        r"memo(?:randum)?|proclamation|signed|imposed|instructed|notice|curfew|mandate[ds]?|"
        r"lifted|issued|invoked|declared (?:a |an )?(?:[\w-]+ ){0,3}(?:emergency|disaster)|"
        r"emergency declaration|disaster declaration"
    ),
    "court": (
        r"judge|ruled|ruling|rulings|court|lawsuit|lawsuits|sued|filed suit|"
        r"restraining order|TRO|injunction|appeal(?:ed|s)?|indicted|indictment|charged|"
        r"(?<!oversight )(?<!council )(?<!committee )(?<!congressional )(?<!public )"
        r"(?<!community )(?<!budget )(?<!confirmation )hearing|"
        r"verdict|sentenced|convicted|acquitted|pleaded|arraigned|struck down|charges|"
        r"filed (?:a |an )?(?:[\w-]+ )?(?:motions?|complaints?|petitions?|appeal|lawsuit|suit)|"
        r"notice of appeal|petition(?:ed)?|trial|"
        r"jury selection|grand jury|testify before a grand jury"
    ),
    "policy": (
        r"polic(?:y|ies)|rule change|new rules?|budget|funding|ordinance|legislation|"
        r"approved|law(?! enforcement)|laws|passed|voted|vote|bill|dissolved|repealed|"
        r"abolished|rescinded|enacted|adopted|took effect|went into effect|veto(?:ed|es)?|"
        r"override|overrode|"
        r"ended (?:its|their|the) (?:\w+ )?(?:agreement|program|contract|partnership)|"
        r"resolution|take (?:it |them )?up|took (?:it )?up"
    ),
}
SPEECH = (
    r"said|says|told|wrote|posted|tweeted|announced|stated|testified|declared|"
    r"news conference|press conference|press briefing|briefing|interview|speech|remarks|"
    r"statement|social media post|post on|letter|warned|threatened|vowed|pledged|"
    r"suggested|called on|urged|praised|condemned|criticized|spoke|addressed|testify|"
    r"testimony|apologized|told reporters|speaking|community meeting|town hall"
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
# Verb forms among the triggers: a clause's verb says what happened more surely than a
# noun does ("arrested" against "protest").
_VERB_FORM = re.compile(
    r"(?:ed|took to the streets|into custody|swept through|descended on|filed suit|"
    r"sued|struck down|walked out|showed up|turned out|filled the streets|flooded the "
    r"streets|rounded up|taken into custody|said|says|told|wrote|spoke|took effect|fanned out|"
    r"went into effect)$",
    re.I,
)
_THE_MONTH = re.compile(
    r"\b(?:in|since|of|early|mid|late|last|this|next|by|until|through|from|during|"
    r"before|after)[\s-]+$|\w\s+$",
    re.I,
)
_DETERMINER = re.compile(r"\b(?:the|a|an|his|her|their|its|our|of|newly|recently)\s+$", re.I)
# Words that open a phrase setting the scene for the clause's act rather than being it.
# The first set happens at the same time as the act; the second at another, or not.
# "rallied ahead of Thursday's vote": news means the same day, so "before" is here too.
ALONGSIDE = r"during|at|amid|in|as|while|when|with|before|ahead of"
APART = (
    r"after|following|since|over|against|about|for|of|to|on|"
    r"in response to|in the wake of|where|who|which|that|because|despite|until|from"
)
_SCENE = re.compile(rf"\b(?P<word>{ALONGSIDE}|{APART})\b", re.I)
_ALONGSIDE = re.compile(rf"^(?:{ALONGSIDE})$", re.I)
# Of those, the words that open a clause with its own verb ("after agents arrested two
# people", "where troops were staged"); the rest open a noun phrase, which a verb ends.
CONJUNCTIONS = re.compile(
    r"^(?:after|before|since|as|while|when|where|who|which|that|because|until)$", re.I
)
# Who can only rule, not order: "a judge ordered" is a ruling.
COURTS = re.compile(
    r"\b(?:judges?|court|courts|justices|jury|juries|panel|magistrate|Supreme Court)\b", re.I
)
FORCES = re.compile(
    r"\b(?:troops|National Guard|Guard members|Guardsmen|Guard|Marines|soldiers|"
    r"service members|paratroopers)\b"
)
AGENTS = re.compile(
    r"\b(?:troops|National Guard|Guard members|Guardsmen|Marines|soldiers|agents|officers|"
    r"service members)\b"
)
MOVES = re.compile(
    r"\b(?:arriv(?:ed|ing|e)|began arriving|landed|rolled|staged|summoned|federalized|"
    r"mobilized|activated|dispatched|sent|moved into|took up positions|patrolled|"
    r"positioned|pulled out|withdrawn|withdrew|left)\b",
    re.I,
)
_FUTURE_WORD = re.compile(
    r"\b(?:will|would|plans?\s+to|intends?\s+to|expects?\s+to|is\s+to|are\s+to|going\s+to|"
    r"set\s+to|scheduled\s+to|due\s+to)\b",
    re.I,
)
_SAID_ONLY = re.compile(r"^(?:said|says|told|wrote)$", re.I)
UNIONS = re.compile(
    r"\b(?:union|members|workers|employees|nurses|teachers|drivers|Local\s+\d+)\b", re.I
)
LAWS = re.compile(r"\s+(?:\w+\s+){0,3}?(?:bill|law|ordinance|budget|legislation|measure)\b", re.I)
# A future or modal verb before a reported act: what is only said will happen.
_NOT_YET = re.compile(
    r"\b(?:will|would|could|should|might|may|must|to|plans?|wants?)\s+(?:\w+\s+){0,2}$", re.I
)
# The speaker said it happened: "it had arrested", "they detained".
_PAST_ACT = re.compile(r"(?:ed)$", re.I)
# An attribution verb this close to the date types the event as what was said.
BESIDE = 4
OWNED = 3  # words between a possessive date and the noun it dates: "Tuesday's No Kings rally"


@dataclasses.dataclass(frozen=True)
class Trigger:
    kind: str
    start: int
    end: int
    words: str
    weak: bool = False
    modifier: bool = False  # "the detained workers": a participle used as an adjective

    @property
    def verbal(self) -> bool:
        return not self.modifier and bool(_VERB_FORM.search(self.words))


def triggers(clause: str, offset: int = 0) -> list[Trigger]:
    """Every act named in a clause, with its kind and position."""
    found: list[Trigger] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(clause):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            if match.group() == "March" and _THE_MONTH.search(clause[: match.start()]):
                continue  # "a report in March": the month, not a march
            taken.append(match.span())
            modifier = bool(_DETERMINER.search(clause[: match.start()])) or _reduced_relative(
                clause, match
            )
            found.append(
                Trigger(
                    kind,
                    offset + match.start(),
                    offset + match.end(),
                    match.group(),
                    modifier=modifier,
                )
            )
    for match in PARTICIPANTS.finditer(clause):
        found.append(
            Trigger("rally", offset + match.start(), offset + match.end(), match.group(), weak=True)
        )
    for match in _SPEECH.finditer(clause):
        if not any(match.start() < end and start < match.end() for start, end in taken):
            found.append(
                Trigger("statement", offset + match.start(), offset + match.end(), match.group())
            )
    return sorted(found, key=lambda trigger: trigger.start)


def _reduced_relative(clause: str, match: re.Match[str]) -> bool:
    """ "arrests ordered by the administration": a participle describing a noun, not a verb."""
    if not match.group().lower().endswith("ed"):
        return False
    if not re.match(r"\s+by\b", clause[match.end() :]):
        return False
    return not re.search(
        r"\b(?:was|were|is|are|be|been|being|has|have|had|got|get)\s+(?:\w+ly\s+)?$",
        clause[: match.start()],
        re.I,
    )


@dataclasses.dataclass(frozen=True)
class Clause:
    """The clause around a date mention, and how to count words in its sentence."""

    sentence: str
    start: int
    end: int
    distance: Callable[[int, int], int]

    def before(self, position: int, words: int) -> str:
        """Up to `words` words of the clause before position."""
        text = self.sentence[self.start : position]
        return " ".join(text.split()[-words:]) if words else ""

    def scene_word(self, trigger: Trigger, found: list[Trigger]) -> str:
        """The word opening the scene-setting phrase a trigger sits in, or ""."""
        window_start = max(self.start, trigger.start - 60)
        for other in found:  # a verb between the word and the trigger closes the phrase
            if other.verbal and window_start <= other.end <= trigger.start:
                window_start = other.end
        window = self.sentence[window_start : trigger.start]
        words = list(_SCENE.finditer(window))
        if not words:
            return ""
        last = words[-1]
        word = last.group("word").lower()
        gap = self.distance(window_start + last.end(), trigger.start)
        if word == "to" and gap == 0:
            return ""  # an infinitive, "set to take effect", not a place it went to
        if trigger.verbal:
            # "for the curfew she imposed": a verb is not inside a noun phrase.
            if (gap > 0 and not CONJUNCTIONS.match(word)) or gap > 8:
                return ""
        elif gap > 5:
            return ""
        return word


def classify(
    found: list[Trigger],
    start: int,
    end: int,
    clause: Clause,
    *,
    possessive: bool = False,
    others: Sequence[tuple[int, int]] = (),
) -> tuple[str, Trigger | None, float]:
    """The type of the event dated at start..end, the trigger that says so, and how sure."""
    if not found or all(t.kind == "statement" for t in found):
        text = clause.sentence[clause.start : clause.end]
        if AGENTS.search(text) and MOVES.search(text):
            return "deployment", None, 0.5  # "200 Border Patrol agents began arriving"
    if not found:
        return "other", None, 0.3

    def gap(trigger: Trigger) -> int:
        if trigger.end <= start:
            return clause.distance(trigger.end, start)
        if trigger.start >= end:
            return clause.distance(end, trigger.start)
        return 0

    scene = {trigger: clause.scene_word(trigger, found) for trigger in found}
    speech = [t for t in found if t.kind == "statement"]
    acts = [t for t in found if t.kind != "statement" and not t.weak]
    governing = _speech_governing(speech, acts, start, end, gap, clause)
    if governing is not None:
        acts = [t for t in acts if t.end <= governing.start or not _reported(t, governing, clause)]

    def main(trigger: Trigger) -> bool:
        return not scene[trigger]

    def alongside(trigger: Trigger) -> bool:
        return bool(_ALONGSIDE.match(scene[trigger]))

    chosen: Trigger | None = None
    confidence = 0.0
    if possessive:
        # "Tuesday's marches", "a Friday news conference": the noun the date belongs to,
        # unless that noun only sets the scene for another act ("arrested during Tuesday's
        # protest").
        owned = [t for t in found if t.start >= end and gap(t) <= OWNED]
        if owned:
            nearest = min(owned, key=gap)
            verbs = [t for t in acts if t.verbal and main(t) and t is not nearest]
            if not (verbs and alongside(nearest)):
                chosen, confidence = nearest, 0.85
    if chosen is None and governing is not None:
        # "the department said agents had arrested 61 people": the fact keeps its type.
        told = [
            t
            for t in acts
            if t.start >= governing.end
            and t.verbal
            and main(t)
            and not _reported(t, governing, clause)
            and not any(governing.end <= a < t.end + 40 for a, _ in others)  # dated apart
        ]
        chosen, confidence = (told[0], 0.75) if told else (governing, 0.8)
    if chosen is None and acts:
        # "The vote came after agents arrested 14 people last month", "a policy that took
        # effect last year": a date inside a subordinate clause dates that clause's act.
        local = _local(acts, start, clause)
        if local:
            acts = local
        ranked = sorted(
            acts,
            key=lambda t: (
                not (t.verbal and main(t)),
                not main(t),
                not alongside(t) if not main(t) else False,
                gap(t),
                _PRIORITY.index(t.kind),
            ),
        )
        chosen = ranked[0]
        confidence = max(0.4, 0.9 - 0.03 * gap(chosen) - (0 if main(chosen) else 0.15))
    if chosen is None:
        weak = [t for t in found if t.weak]
        if weak:
            chosen, confidence = min(weak, key=gap), 0.5
    if chosen is None:
        # Said, but not beside the date: the date belongs to what was said, an act unnamed.
        return "other", None, 0.35
    return _by_actor(chosen, found, scene, clause), chosen, confidence


_OPENS_CLAUSE = re.compile(r"\b(?:that|which|who|after|before|when|since|because|until)\b", re.I)


def _local(acts: list[Trigger], start: int, clause: Clause) -> list[Trigger]:
    """The acts of the subordinate clause a date at start sits in, if it sits in one."""
    before = clause.sentence[clause.start : start]
    openers = list(_OPENS_CLAUSE.finditer(before))
    opener = openers[-1] if openers else None
    if opener is None or "," in before[opener.end() :]:
        return []
    begin = clause.start + opener.end()
    return [t for t in acts if begin <= t.start < start]


def _speech_governing(speech, acts, start, end, gap, clause: Clause) -> Trigger | None:
    """The attribution the date belongs to: "said Wednesday", "a Friday news conference".

    An attribution that follows the date with its speaker between ("... Monday, officials
    said") is the source of a fact, not the news.
    """
    for trigger in sorted(speech, key=gap):
        if gap(trigger) > BESIDE:
            break
        if trigger.end <= start:
            if any(trigger.end <= t.start and t.end <= start for t in acts):
                continue  # "told agents received notice a day earlier": the notice's date
            if _FUTURE_WORD.search(clause.sentence[trigger.end : start]):
                continue  # "said they will return Saturday": the plan's date, not the saying's
            return trigger  # "said Wednesday", "told reporters last week"
        if trigger.verbal:
            continue  # "... Monday, officials said", "signed it Tuesday and said"
        return trigger  # "a Friday news conference", "Wednesday in a statement"
    # "The governor will testify before the committee on Wednesday": the saying is the
    # clause's verb, with nothing done between it and the date.
    for trigger in speech:
        if not (trigger.verbal or trigger.words.lower().startswith("testif")):
            continue
        if trigger.end > start or clause.distance(trigger.end, start) > 10:
            continue
        if _SAID_ONLY.match(trigger.words) and clause.distance(trigger.end, start) > BESIDE:
            continue  # "said" this far from the date is an attribution of what follows
        if _FUTURE_WORD.search(clause.sentence[trigger.end : start]):
            continue  # "said they will return Saturday": the plan's date
        if not any(trigger.end <= t.start and t.end <= start for t in acts):
            return trigger
    # "On Wednesday, Johnson said ...": the date opens the clause whose verb is the saying.
    lead = clause.sentence[clause.start : start]
    # ... or "At a council oversight hearing Monday, the chief testified".
    scene_lead = re.fullmatch(r"\s*(?:at|during|in)\s+[^,]{1,60}?\s*", lead, re.I)
    if (
        not lead.strip(" ,")
        or re.fullmatch(r"\s*(?:on|late|early|by)\s*", lead, re.I)
        or scene_lead
    ):
        verbs = [t for t in speech if t.verbal and t.start >= end]
        if verbs and clause.distance(end, verbs[0].start) <= 6:
            return verbs[0]
    return None


def _reported(trigger: Trigger, speech: Trigger, clause: Clause) -> bool:
    """Whether an act after a saying is only what was said, not a reported past act."""
    if trigger.start < speech.end:
        return False
    if trigger.verbal and _PAST_ACT.search(trigger.words):
        return bool(_NOT_YET.search(clause.sentence[speech.end : trigger.start]))
    return True


def _by_actor(chosen: Trigger, found: list[Trigger], scene: dict, clause: Clause) -> str:
    """Who acts can change the type: a judge "orders" a ruling; troops "arrive" deployed."""
    text = clause.sentence[clause.start : clause.end]
    subject = clause.sentence[clause.start : chosen.start]
    courts = [m for m in COURTS.finditer(subject)]
    if chosen.kind != "court" and courts:
        position = clause.start + courts[-1].start()
        if not _SCENE.search(clause.sentence[max(clause.start, position - 25) : position]):
            return "court"
    if chosen.kind in {"order", "statement"}:
        court_acts = [
            t for t in found if t.kind == "court" and not scene[t] and t.words.lower() != "court"
        ]
        if court_acts and chosen.kind == "order" and chosen.words.lower() in {"order", "orders"}:
            return "court"  # "a restraining order", "the judge's order"
        if chosen.kind == "order" and any(t.end <= chosen.start for t in court_acts):
            return "court"  # "A restraining order issued Wednesday bars agents"
    if chosen.kind in {"other", "rally", "raid"} and FORCES.search(text) and MOVES.search(text):
        return "deployment"
    if (
        chosen.kind == "policy"
        and chosen.words.lower() in {"voted", "vote"}
        and UNIONS.search(subject)
    ):
        return "other"  # "Members voted to authorize a strike": no law or rule
    if chosen.words.lower() == "signed" and LAWS.match(clause.sentence[chosen.end : clause.end]):
        return "policy"  # signing a bill into law is the policy, not an order
    return chosen.kind

"""The extractor's pipeline: sentences → date mentions → candidate events.

Every date mention outside quoted speech dates one candidate: what happened comes from
the clause it sits in (kinds), where from the place written as a location nearest to it
(or the article's dateline), with the clause's counts and the sentence's actors. Then
what news copy does around its dates:

- a second act in the same sentence under the same date ("imposed a curfew Tuesday as
  thousands marched") is a second candidate;
- a sentence with no date of its own that carries on the event before it ("The
  government immediately filed an appeal.") takes that date, marked inherited;
- words inside quotation marks are dated from the day the speaker said them ("“We
  arrested 12 people this morning,” the chief said Tuesday");
- an event told twice is proposed once, from the telling that says it best.
"""

from __future__ import annotations

import dataclasses
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
from timeline.extraction.when import CLOCK, Mention, find_mentions, relative_shift

FUTURE = re.compile(
    r"\b(?:will|won['’]t|['’]ll|shall|plans?\s+(?:to|a|an)|planning\s+(?:to|a|an)|planned|"
    r"scheduled|set\s+to|set\s+for|slated|expected\s+to|expects?\s+(?:\w+\s+){0,3}?to|"
    r"(?:is|are)\s+expected|going\s+to|upcoming|"
    r"(?:is|are|was|were)\s+(?:widely\s+)?(?:likely|unlikely|due|poised|about)\s+to|"
    r"likely\s+to|due\s+(?:to|in|on|for|back)|intends?\s+to|aims?\s+to|hopes?\s+to|"
    r"(?:is|are)\s+to\s+(?!be\s+\w+ed\b)|vow(?:s|ed)\s+to|promis(?:es|ed)\s+to|"
    r"threaten(?:s|ed)\s+to|would|(?:set|scheduled|called)\s+(?:[\w’'-]+\s+){1,10}?for|"
    r"takes?\s+effect|go(?:es)?\s+into\s+effect|expires|resumes|reopens|kicks\s+off)\b",
    re.I,
)
# The status a future word gives: "scheduled for", "expected to", "will".
SCHEDULED = re.compile(
    r"\b(?:scheduled|set|slated|due|called|takes?|go|goes|expires|resumes|reopens|kicks)\b", re.I
)
EXPECTED = re.compile(r"\b(?:expect\w*|likely|unlikely|poised)\b", re.I)
# After the date, a future verb still governs it: "Saturday's march is expected to draw".
FUTURE_AFTER = re.compile(
    r"^\W*(?:[\w’']+\s+){0,4}?(?:will|is\s+expected|are\s+expected|is\s+set|are\s+set|"
    r"is\s+scheduled|are\s+scheduled|is\s+likely|are\s+likely|is\s+planned|are\s+planned|"
    r"is\s+due|are\s+due)\b",
    re.I,
)
FUTURE_WINDOW = 100  # characters before the date in which a future verb governs it
ONGOING = re.compile(
    r"\b(?:has\s+been|have\s+been|remains?|continues?|continuing|ongoing|for\s+much\s+of|"
    r"still|since)\b",
    re.I,
)
DATELINE = re.compile(r"^(?P<place>[A-Z][A-Z .'’-]+?)(?:,\s*[A-Z][\w.]*)?\s*(?:\([^)]*\))?\s*[—–-]")
LEADING_WORDS = re.compile(r"^(?:and|but|so|before that|after that|meanwhile|then)\b,?\s*", re.I)
TITLE_WORDS = 14
MAX_MENTIONS = 8  # date mentions read in one sentence


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
    last: _Dated | None = None  # the sentence before, when it dated an event
    for sentence in article:
        context = _Context(
            sentence=sentence,
            anchor=anchor,
            places=gazette.find(sentence.text),
            fallback=fallback,
            actors=find_actors(sentence.text, people),
        )
        found = find_mentions(
            sentence.text,
            anchor,
            future=lambda at, end, s=sentence.unquoted: _is_future(s, at, end),
        )
        made: list[Candidate] = []
        # No sentence of news dates more than a handful of things; past that it is a list.
        outside = [m for m in found if not sentence.in_quotes(m.start)][:MAX_MENTIONS]
        dated_here = False
        outside = [
            m
            for m in outside
            if not _background_year(m, anchor, sentence.unquoted)
            and not _state_of_things(m, sentence.unquoted)
        ]
        for mention in outside:
            carried = mention.refers_back and not dated_here
            if mention.refers_back:
                mention = _refer_back(mention, previous, sentence.text)
                if mention is None:
                    continue
            previous, dated_here = mention, True
            these = [
                c
                for c in _candidates(context, mention, outside)
                if c.type != "other" or _tells_an_act(sentence.unquoted, mention, c)
            ]
            if _BY_A_PASSERBY.search(sentence.unquoted):
                # "“We are afraid,” said Ana Ruiz, 54, a vendor, on Thursday": a voice, not news.
                these = [c for c in these if c.type not in {"statement", "other"}]
            if _attribution(sentence.unquoted, mention) and len(outside) > 1:
                # "..., in the past 24 hours, officials said Friday": Friday dates the
                # sourcing of an act the sentence dates itself.
                these = [c for c in these if c.type != "statement"]
            for candidate in these:
                # "Hours later, troopers arrested ...": dated from the sentence before.
                candidate.inherited = carried
            made.extend(these)
        quoted = _quoted(context, made)
        if not quoted:
            for candidate in made:
                if candidate.type == "statement" and _orders(sentence.text, sentence):
                    candidate.type = "order"  # a post or statement that gives an order is the order
        made.extend(quoted)
        if not outside and not made and last is not None:
            inherited = _inherited(context, last)
            if inherited is not None:
                made.append(inherited)
        candidates.extend(made)
        if made:
            last = _Dated(sentence, made[-1], hops=last.hops + 1 if not outside and last else 0)
        elif outside or (last and sentence.paragraph - last.sentence.paragraph > 1):
            last = None
    return _merge_repeats(candidates)


@dataclasses.dataclass(frozen=True)
class _Context:
    """What every candidate of one sentence is made from."""

    sentence: Sentence
    anchor: dt.date
    places: list[PlaceMention]
    fallback: KnownPlace | None
    actors: list[str]


@dataclasses.dataclass(frozen=True)
class _Dated:
    sentence: Sentence
    candidate: Candidate
    hops: int  # how many sentences the date has been carried on already


def _local_date(published: dt.datetime | dt.date, time_zone: str) -> dt.date:
    if isinstance(published, dt.datetime):
        if published.tzinfo is not None:
            return published.astimezone(zoneinfo.ZoneInfo(time_zone)).date()
        return published.date()
    return published


# A past verb between a future word and the date ends the future's reach: "who said she
# would rule quickly, ruled Friday". Not after "be": "is expected to be sentenced Friday".
_PAST_VERB = re.compile(
    r"(?<!\bbe )(?<!\bbeen )(?<!\bbeing )(?<!\bthe )(?<!\ba )(?<!\ban )(?<!\bof )"
    r"(?<!\bfor )(?<!\bher )(?<!\bhis )(?<!\btheir )\b[a-z]{3,}ed\b"
)


def _is_future(sentence: str, position: int, end: int | None = None) -> bool:
    return bool(_future_word(sentence, position, end))


def _future_word(sentence: str, position: int, end: int | None = None) -> str:
    """The word that puts the date at position ahead of its sentence's time, or ""."""
    start, clause_end = clause_bounds(sentence, position)
    window = sentence[max(start, position - FUTURE_WINDOW) : position]
    futures = list(FUTURE.finditer(window))
    if futures and not _PAST_VERB.search(window[futures[-1].end() :]):
        return futures[-1].group()
    if end is not None:
        # "Saturday's march is expected to draw": the date is the subject of a future
        # verb; not "said Tuesday that the city will", where the future is what was said.
        after = FUTURE_AFTER.match(sentence[end:clause_end])
        # A date that opens its clause may stand before its comma: "On Monday, the
        # Marines will begin arriving".
        opens = re.fullmatch(r"\W*(?:on|by|early|late)?\s*", sentence[start:position], re.I)
        barrier = r"\b(?:that|said|says|who|which)\b" + ("" if opens else "|,")
        if after and not re.search(barrier, after.group(), re.I):
            return after.group()
    return ""


# A verb in the past that someone did, against a state ("was 5% contained", "remained in
# custody", "It is the second fire this month"), which dates no event of its own.
_ACTIVE_PAST = re.compile(
    r"(?<!\bwas )(?<!\bwere )(?<!\bis )(?<!\bare )(?<!\bbe )(?<!\bbeen )(?<!\bthe )"
    r"\b(?:[a-z]{3,}ed|took|went|made|began|held|drew|saw|sent|came|fell|rose|broke|ran|"
    r"fought|gave|won|lost|hit|led|met|spoke|struck|threw|wrote|left|shut|swept|beat|chose)\b"
)
_STATE = re.compile(
    r"\b(?:(?:was|were|is|are|has\s+been|have\s+been|had\s+been)\s+(?:a|an|the|\d[\d,.%]*|one|"
    r"among|about|nearly|more|less|still|in|at|on|under|over|only|just|largely|mostly)\b|"
    r"remained|remains|appeared|seemed|stayed)",
    re.I,
)


def _tells_an_act(sentence: str, mention: Mention, candidate: Candidate) -> bool:
    """An event of no known kind is proposed only when its clause tells something done."""
    if candidate.status != "occurred":
        return True  # a plan says what it is about already
    start, end = clause_bounds(sentence, mention.start)
    clause = sentence[start:end]
    if not _STATE.search(clause):
        return True  # "A tornado tore through Little Rock on Tuesday"
    return any(
        m.group().lower() not in {"remained", "appeared", "seemed", "stayed"}
        for m in _ACTIVE_PAST.finditer(clause)
    )


# A speaker who is a reader's neighbour rather than an official: an age, or who they are.
_BY_A_PASSERBY = re.compile(
    r"\b[A-Z][a-z]+,\s+\d{1,3},|\b(?:a|an|one|another)\s+(?:\w+\s+)?(?:resident|neighbor|"
    r"neighbour|worker|student|parent|mother|father|protester|marcher|customer|vendor|volunteer|"
    r"shopper|passer-by|bystander|witness|cousin|friend)\b|\bwho\s+(?:lives|works)\b"
)


def _background_year(mention: Mention, anchor: dt.date, sentence: str) -> bool:
    """A past year named by number ("passed in 2007", "since 2018"): background.

    So is "this year" after a superlative: "the largest raid this year".
    """
    if (
        mention.precision == "month"
        and mention.kind == "month"
        and re.search(r"(?:19|20)\d\d", mention.text)
    ):
        return (anchor - mention.last).days > 365  # "the December 2022 blizzard"
    if mention.precision != "year":
        return False
    if mention.last.year < anchor.year and mention.kind in {"year", "counted"}:
        return True  # "in 2020", "three years ago"; "last year" stays
    if mention.text.lower() in {"this year", "next year"}:
        return True  # "crime had fallen this year": a year too long to put on a timeline
    before = sentence[max(0, mention.start - 60) : mention.start]
    return bool(re.search(r"\b(?:\w+est|most|first|only)\b", before, re.I))


# "had been released by Wednesday", "no one had been charged as of Saturday", "police
# did not arrest anyone Tuesday": how things stood, or what did not happen.
_AS_OF = re.compile(r"\b(?:as\s+of|by|until|through)\s+(?:late\s+|early\s+)?$", re.I)
_PERFECT = re.compile(r"\b(?:had|has|have)\s+(?:not\s+|already\s+|yet\s+)?(?:been\s+)?\w+", re.I)
_NEGATED = re.compile(
    r"\b(?:did|does|do|has|have|had|was|were|is|are|could|would)\s+not\b|n['’]t\b|"
    r"^\s*(?:no|none|nobody)\b|\bno\s+(?:one|reports?|arrests?|injuries|charges)\b|\bnever\b",
    re.I,
)


# A state, not an act, right before the date: "was 5% contained Tuesday".
_STATE_BEFORE = re.compile(
    r"\b(?:(?:was|were|is|are)\s+(?:\d[\d,.%]*\s+)?(?:contained|closed|open|shut|under\s+\w+|"
    r"in\s+custody|in\s+place|without\s+power)|remained\s+(?:[\w-]+\s+){0,3}?|"
    r"(?:were|was)\s+(?:still\s+)?(?:in|at)\s+(?:[\w-]+\s+){0,3}?)\s*$",
    re.I,
)


def _state_of_things(mention: Mention, sentence: str) -> bool:
    """Whether the mention dates a state of things or a non-event rather than an act."""
    start, end = clause_bounds(sentence, mention.start)
    clause = sentence[start:end]
    before = sentence[start : mention.start]
    if re.search(r"\bas\s+of\s+$|\b(?:every|each)\s+$", before, re.I):
        return True  # "650 firefighters as of Tuesday"; "every Saturday" is a habit
    if re.search(r"(?:mornings|afternoons|evenings|nights)$", mention.text, re.I) and not re.search(
        r"\band\b", mention.text
    ):
        return True  # "on Wednesday afternoons": a habit too
    if re.search(r"\b(?:have|has|had|given|gave|get|got)\s+until\s+$", before, re.I):
        return True  # "have until Monday to respond": a deadline
    if re.match(
        r"\s*(?:it|this|that|there)\s+(?:was|is|were|are|has\s+been|had\s+been)\b", clause, re.I
    ):
        return True  # "It was the second detention in January": a description
    lead = mention.text.split()[0].lower()  # "since January", "through June", "of September"
    long_span = mention.precision in {"month", "year"}
    ends = re.search(
        r"\b(?:through|until|till|by)\s+(?:the\s+end(?:\s+of)?\s+)?$", before, re.I
    ) or lead in {"through", "until"}
    if ends and long_span:
        return True  # "will remain through the end of September": when a state ends
    if _STATE_BEFORE.search(before):
        return True  # "was 5% contained Tuesday", "remained in custody Friday"
    if (re.search(r"\bsince\s+$", before, re.I) or lead == "since") and long_span:
        acts = [t for t in kinds.triggers(clause) if t.kind != "statement" and not t.weak]
        if not acts:
            return True  # "a hiring freeze that has been in place since January"
    if _AS_OF.search(before):
        # "All had been released by Wednesday" is how things stood; "By Tuesday night,
        # 200 people had gathered" still tells an act.
        acts = [t for t in kinds.triggers(clause) if t.kind != "statement" and not t.weak]
        if not acts:
            return True
    # What is denied before the date, not in what someone said after it ("said Thursday
    # that she would not allow ...").
    denied = list(_NEGATED.finditer(sentence[start : mention.end]))
    if not denied:
        return False
    # "didn't go shirtless until Friday's victory": it happened then.
    return not re.search(r"\buntil\b", sentence[start + denied[-1].end() : mention.start], re.I)


def _attribution(sentence: str, mention: Mention) -> bool:
    """Whether the mention dates a trailing attribution: "..., officials said Friday"."""
    before = sentence[: mention.start]
    comma = before.rfind(",")
    if comma < 0:
        return False
    return bool(
        re.fullmatch(
            r",\s*[^,]{1,60}?\b(?:said|says|told\s+\w+|wrote|added|announced)\s+(?:on\s+)?",
            before[comma:],
            re.I,
        )
    )


def _refer_back(mention: Mention, previous: Mention | None, sentence: str) -> Mention | None:
    """ "a day earlier": the date before it, moved, at that date's precision."""
    if previous is not None and previous.precision in {"month", "year"}:
        return None  # "the next day" after "last month": no day, nor week, to name
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


def _candidates(context: _Context, mention: Mention, mentions: list[Mention]) -> list[Candidate]:
    """The event a date mention dates, and a second act its sentence hangs on the same date."""
    text = context.sentence.text
    unquoted = context.sentence.unquoted
    clause_start, clause_end = clause_bounds(text, mention.start)
    # A sentence that goes on to another act ("imposed a curfew Tuesday and thousands
    # marched") types the mention by its own part first, then by its clause.
    first = None
    for strong in (False, True):
        own = _segment_of(_segments(text, strong=strong), mention.start)
        start, end = max(clause_start, own.start), min(clause_end, own.end)
        kind = _kind(
            context,
            start,
            end,
            mention.start,
            mention.end,
            possessive=mention.attributive,
            others=[(m.start, m.end) for m in mentions if m is not mention],
        )
        if kind[1] is not None:
            first = _candidate(context, mention, clause_start, clause_end, kind=(kind[0], kind[2]))
            break
        if not strong and PAST.search(unquoted[start:end]) and _other_acts(text, mention, []):
            # "Fire crews evacuated 30,000 residents Thursday as the board declared an
            # emergency": an act no trigger names, beside one that another names.
            first = _candidate(context, mention, clause_start, clause_end, kind=("other", 0.4))
            break
    if first is None:
        first = _candidate(context, mention, clause_start, clause_end)
    made = [first]
    for segment in _other_acts(text, mention, mentions):
        kind, trigger, confidence = _kind(
            context, segment.start, segment.end, segment.start, segment.start
        )
        if trigger is None or kind == "other":
            continue
        if kind == "statement" and not NEWS_SPEECH.search(trigger.words):
            continue  # "..., and the mayor said it would appeal": a reaction, not news
        if not (segment.joined == "amid" or _told_as_done(unquoted, trigger, segment)):
            continue  # "bracing for more raids": not an act of that day
        place = choose(
            [m for m in context.places if segment.start <= m.start < segment.end], trigger.start
        )
        elsewhere = place is not None and all(place != other.place for other in made)
        others = ANOTHER.search(text[segment.start : segment.end])
        if any(kind == other.type for other in made) and not (elsewhere or others):
            continue  # the same act again, at the same place
        made.append(
            _candidate(context, mention, segment.start, segment.end, kind=(kind, confidence - 0.1))
        )
    return made


# Another group doing the same: "while a second team raided a nearby store".
ANOTHER = re.compile(
    r"\b(?:a\s+second|another|a\s+separate|a\s+smaller|a\s+larger|rival|counter-?\w*)\b",
    re.I,
)
# Sayings that are news beside another act: testimony, an announcement, a news conference.
NEWS_SPEECH = re.compile(
    r"testif|testimony|announc|news conference|press conference|apologiz|speech|address", re.I
)


@dataclasses.dataclass(frozen=True)
class _Segment:
    start: int
    end: int
    joined: str  # the word joining it to the part before: "and", "as", "amid", ";"


# Where a sentence goes on to a second act at the same time: "..., and thousands
# marched", "... as protesters gathered", "... amid what will be the largest rally",
# "... hours after a grand jury indicted him".
_SAME_TIME = re.compile(
    r",?\s(?:and|as|while|amid|even\s+as|just\s+as|as\s+well\s+as|"
    r"(?:hours|minutes|moments|shortly|soon|just)\s+after|after)\s|;\s|\s[—–]\s",
    re.I,
)
# The same without a bare "and", which joins nouns as often as clauses ("troops and Marines").
_SAME_TIME_STRONG = re.compile(
    r",\s(?:and|as|while)\s|\s(?:amid|even\s+as|just\s+as|while)\s|;\s|\s[—–]\s", re.I
)


_CLAUSE_AFTER = re.compile(
    r"^[^,;]{0,40}?\b(?:[a-z]{3,}ed|took|went|made|began|held|drew|saw|sent|came|fell|rose|"
    r"broke|ran|fought|gave|got|won|lost|hit|led|met|spoke|stood|struck|threw|wrote|told|"
    r"left|kept|shut|swept|sought|caught|beat|will|would|is|are|was|were)\b"
)


def _segments(text: str, *, strong: bool = False) -> list[_Segment]:
    cuts = list((_SAME_TIME_STRONG if strong else _SAME_TIME).finditer(text))
    # A bare "and" joins clauses only when a verb follows before any comma: "and thousands
    # marched", not "from South Carolina and Ohio, who arrived".
    cuts = [
        cut
        for cut in cuts
        if cut.group().strip().lower() != "and" or _CLAUSE_AFTER.match(text[cut.end() :])
    ]
    starts = [0, *[cut.end() for cut in cuts]]
    ends = [*[cut.start() for cut in cuts], len(text)]
    joined = ["", *[cut.group().strip(" ,;").lower() for cut in cuts]]
    return [_Segment(a, b, word) for a, b, word in zip(starts, ends, joined, strict=True)]


def _segment_of(segments: list[_Segment], position: int) -> _Segment:
    return next((s for s in segments if s.start <= position < s.end), segments[-1])


def _told_as_done(text: str, trigger: kinds.Trigger, segment: _Segment) -> bool:
    """An act told in the past, not as a perfect or a plan: "marched", "began making arrests".

    A noun counts when a past verb stands within a few words of it ("200 troops waited",
    "scheduled an emergency hearing"), and not inside a phrase that sets the scene
    ("vandalism during immigration protests").
    """
    piece = text[segment.start : segment.end]
    clause = kinds.Clause(text, segment.start, segment.end, lambda a, b: words_between(text, a, b))
    found = kinds.triggers(piece, segment.start)
    if clause.scene_word(trigger, found):
        return False
    verbs = [(trigger.start, trigger.end)] if trigger.verbal else []
    if not verbs:
        verbs = [
            (segment.start + m.start(), segment.start + m.end())
            for m in PAST.finditer(piece)
            if words_between(text, *sorted((segment.start + m.start(), trigger.start))) <= 4
        ]
    return any(
        not re.search(
            r"\b(?:has|have|had|will|would|could|to|be|been)\s+(?:been\s+)?$",
            text[max(segment.start, start - 20) : start],
            re.I,
        )
        for start, _ in verbs
    )


def _other_acts(text: str, mention: Mention, mentions: list[Mention]) -> list[_Segment]:
    """The parts of the sentence next to the mention's own that no other date governs."""
    segments = _segments(text)
    own = segments.index(_segment_of(segments, mention.start))
    found = []
    for index in (own - 2, own - 1, own + 1, own + 2):
        if not 0 <= index < len(segments):
            continue
        segment = segments[index]
        if index < own and "after" in segments[own].joined:
            continue  # "The vote came after agents arrested 14 last month": later, not then
        if index > own and re.search(
            r",\s+(?:where|who|which|whose|when)\b", text[mention.end : segment.start], re.I
        ):
            continue  # "..., where troops have been deployed and a curfew imposed": background
        between = segments[min(index, own) + 1 : max(index, own)]
        if any(any(s.start <= m.start < s.end for m in mentions) for s in between):
            continue  # another date stands between them
        if segment.end - segment.start < 12:
            continue
        if any(
            segment.start <= other.start < segment.end and not _attribution(text, other)
            for other in mentions
        ):
            continue  # dated by its own words
        joined = segments[max(index, own)].joined
        if (
            joined == "and"
            and index == own + 1
            and _starts_with_verb(text[segment.start : segment.end])
        ):
            continue  # "marched Tuesday and chanted": one act told in two verbs
        found.append(dataclasses.replace(segment, joined=joined))
    return found


def _starts_with_verb(piece: str) -> bool:
    first = piece.split()[0].lower() if piece.split() else ""
    return bool(re.fullmatch(r"[a-z]+(?:ed|ing)|took|went|made|began|held|drew|saw|sent", first))


def _kind(
    context: _Context,
    clause_start: int,
    clause_end: int,
    start: int,
    end: int,
    *,
    possessive: bool = False,
    acts_only: bool = False,
    others: Sequence[tuple[int, int]] = (),
) -> tuple[str, kinds.Trigger | None, float]:
    """The type of what is dated at start..end in a clause; acts_only leaves sayings out."""
    text = context.sentence.unquoted  # the reporter's words say what happened
    clause = kinds.Clause(text, clause_start, clause_end, lambda a, b: words_between(text, a, b))
    found = [
        t
        for t in kinds.triggers(text[clause_start:clause_end], clause_start)
        if not (acts_only and t.kind == "statement")
    ]
    return kinds.classify(found, start, end, clause, possessive=possessive, others=others)


def _candidate(
    context: _Context,
    mention: Mention,
    clause_start: int,
    clause_end: int,
    *,
    kind: tuple[str, float] | None = None,
) -> Candidate:
    sentence = context.sentence
    text = sentence.text
    if kind is None:
        event_type, _, confidence = _kind(
            context,
            clause_start,
            clause_end,
            mention.start,
            mention.end,
            possessive=mention.attributive,
        )
    else:
        event_type, confidence = kind
    in_clause = [m for m in context.places if clause_start <= m.start < clause_end]
    place = choose(in_clause, mention.start) or choose(context.places, mention.start)
    future = _future_word(sentence.unquoted, mention.start, mention.end)
    window = sentence.unquoted[
        max(clause_start, mention.start - 40) : min(clause_end, mention.end + 40)
    ]
    counts = find_counts(text[clause_start:clause_end])
    if mention.kind == "explicit":
        confidence += 0.05
    if place is not None:
        confidence += 0.05
    return Candidate(
        title=_title(text, sentence, clause_start, clause_end),
        type=event_type,
        status=_status(window, future),
        date_text=re.sub(r"^(?:on|in)\s+", "", mention.text),
        start=mention.first,
        end=mention.last,
        precision=mention.precision,
        time_of_day=mention.time_of_day,
        time=mention.time,
        certainty=mention.certainty,
        place=place or context.fallback,
        actors=context.actors,
        counts=counts,
        evidence=text,
        evidence_start=sentence.start,
        evidence_end=sentence.end,
        confidence=min(confidence, 0.95),
    )


def _quoted(context: _Context, made: list[Candidate]) -> list[Candidate]:
    """Acts a quotation dates, counted from the day its attribution gives.

    "“We arrested 12 people this morning,” the chief said Tuesday": this morning is
    Tuesday's. A quotation with no dated attribution beside it dates nothing.
    """
    said = next((c for c in made if c.type == "statement"), None)
    if said is None or said.precision != "day":
        return []
    sentence = context.sentence
    quoted: list[Candidate] = []
    for quote_start, quote_end in sentence.quoted:
        words = sentence.text[quote_start:quote_end]
        inside = find_mentions(
            words,
            said.start,
            future=lambda at, end, w=words: _is_future(w, at, end),
        )
        for mention in inside[:MAX_MENTIONS]:
            if mention.refers_back:
                continue
            mention = dataclasses.replace(
                mention, start=quote_start + mention.start, end=quote_start + mention.end
            )
            start, end = clause_bounds(words, mention.start - quote_start)
            kind, trigger, confidence = _quoted_kind(words, start, end, mention, quote_start)
            if kind == "statement":
                continue
            if trigger is None and not _SPEAKER_SAW.search(words[start:end]):
                continue  # "I am grateful to be breathing free air today": no act
            candidate = _candidate(
                context,
                mention,
                quote_start + start,
                quote_start + end,
                kind=(kind, confidence - 0.15),
            )
            candidate.date_text = f"{candidate.date_text} (said {said.date_text})"
            # The speaker's tense, not the reporter's, says whether it had happened yet.
            future = _future_word(words, mention.start - quote_start, mention.end - quote_start)
            if not future and _UNDER_WAY.search(words[start:end]) and mention.last >= said.start:
                future = "will"  # "Tonight, we're holding a vigil"
            candidate.status = _status(words[start:end], future)
            quoted.append(candidate)
    return quoted


# A speaker telling what happened, in the past: "The river crested this morning".
_SPEAKER_SAW = re.compile(
    r"\b(?!(?:said|told|asked)\b)(?:[a-z]{3,}ed|took|came|went|fell|rose|broke|left)\b"
)
# The present of a plan: "we're holding a vigil", "the curfew goes into effect".
_UNDER_WAY = re.compile(
    r"(?:['’]re|\bare|['’]s|\bis|\bam|['’]m)\s+\w+ing\b|\bgoes\s+into\s+effect|\btakes\s+effect",
    re.I,
)


def _quoted_kind(
    words: str, start: int, end: int, mention: Mention, offset: int
) -> tuple[str, kinds.Trigger | None, float]:
    clause = kinds.Clause(words, start, end, lambda a, b: words_between(words, a, b))
    found = kinds.triggers(words[start:end], start)
    return kinds.classify(
        found, mention.start - offset, mention.end - offset, clause, possessive=mention.attributive
    )


# A sentence that carries on the event before it: by its first words, or by its acts.
CONTINUES = re.compile(
    r"^(?:the\s+(?:government|administration|city|state|agency|department|"
    r"judge|court|move|decision|ruling|order|raid|arrests?|protests?|rally|march|crowd|"
    r"officers?|agents|troops|police|group|demonstrators|protesters)|they|he|she|it|his|"
    r"her|their|its|afterward|afterwards|later|then|soon\s+after|within\s+hours|"
    r"in\s+response|that|those|this|also|at\s+least|more\s+than|about|nearly|some|police|"
    r"agents|officers|protesters|demonstrators|inside|outside)\b",
    re.I,
)
# Background, habit and opinion: a sentence like these reports no event of its own.
BACKGROUND = re.compile(
    r"\b(?:has|have|had)\s+(?:long|often|repeatedly|been|never)\b|\b(?:usually|typically|"
    r"often|generally|every|each\s+year|historically|traditionally|in\s+recent\s+years|"
    r"since\s+(?:19|20)\d\d|would|could|should|might|may|will|can|must)\b|\?$|"
    r"\b(?:did|does|do|was|were|is|are)\s+not\b|n['’]t\b|^\s*(?:no|none|nobody)\b|"
    r"\b(?:has|have)\s+(?:\w+ly\s+)?[a-z]+ed\b",
    re.I,
)
MAX_HOPS = 1
# The people of an event, named again: the marchers of a march, the agents of a raid.
_THOSE_OF = {
    "rally": re.compile(r"\b(?:marchers|protesters|demonstrators|the crowd|participants)\b", re.I),
    "raid": re.compile(r"\b(?:the agents|the officers|the operation)\b", re.I),
    "deployment": re.compile(r"\b(?:the troops|the soldiers|the Guard|Guard members)\b"),
}
# A verb in the past tense, regular or among the irregular ones news uses most.
PAST = re.compile(
    r"\b(?:[a-z]{3,}ed|saw|drew|took|went|made|began|held|sent|came|fell|rose|broke|ran|"
    r"brought|fought|gave|got|won|lost|hit|led|met|spoke|stood|struck|threw|wrote|told|"
    r"left|kept|shut|swept|sought|caught|beat|chose|grew|knew|paid|said|set|sat|spent)\b"
)
# Words that move a story on to the next act: "The government immediately filed an appeal."
SEQUENCE = re.compile(
    r"\b(?:immediately|then|later|afterwards?|in response|responded|subsequently|also|"
    r"soon after|shortly after|moments later|within (?:the |an? )?(?:hour|hours|minutes|day)|"
    r"(?:hours|minutes|shortly|soon|moments) (?:after|before)|within (?:hours|minutes) of|"
    r"after the (?:rally|march|hearing|ruling|sentencing|vote|raid|arrests?|meeting|protest|"
    r"verdict|decision|announcement))\b",
    re.I,
)


def _inherited(context: _Context, last: _Dated) -> Candidate | None:
    """The sentence's own act, dated by the dated sentence before it in its paragraph."""
    sentence = context.sentence
    text = sentence.unquoted
    if last.hops >= MAX_HOPS or sentence.paragraph - last.sentence.paragraph > 1:
        return None
    # News runs a paragraph a sentence: the next paragraph carries the event on only
    # when it says so ("The government immediately filed an appeal.").
    next_paragraph = sentence.paragraph != last.sentence.paragraph
    if len(text.strip()) < len(sentence.text) / 2 or BACKGROUND.search(text):
        return None
    previous = last.candidate
    # A clock time with no day ("Shortly before 11 p.m., officers arrested two") is a time
    # of the day the story is on.
    clocked = bool(CLOCK.search(text)) and previous.precision in {"day", "time"}
    moves_on = bool(SEQUENCE.search(text)) or clocked
    kind, trigger, confidence = _kind(context, 0, len(text), 0, 0, acts_only=not moves_on)
    if trigger is None or kind == "other":
        return None
    if kind == "statement" and not (moves_on and trigger.verbal):
        return None  # "City attorneys said they would comply": a reaction, not news
    counts = find_counts(text)
    same_actors = bool(set(context.actors) & set(previous.actors)) or bool(
        _THOSE_OF.get(previous.type) and _THOSE_OF[previous.type].search(text)
    )  # "Three marchers were arrested" after a march
    more_of_it = kind == previous.type and bool(counts)  # "Los Angeles saw 200,000"
    if not (CONTINUES.match(text.lstrip()) or moves_on or same_actors or more_of_it):
        return None
    if next_paragraph and not (moves_on or CONTINUES.match(text.lstrip())):
        return None
    whole = _Segment(0, len(text), "")
    if not (_told_as_done(text, trigger, whole) or counts):
        return None  # no act told as done: "19 of them had prior deportation orders"
    place = choose(context.places, trigger.start)
    if kind == previous.type:
        # Carrying on the same rally, raid or deployment is the same event; a second
        # ruling, order or arrest after it is a new one.
        # "also" adds an order or an arrest ("It also ordered farmers", "Also detained
        # were two employees"), but a judge who "also ordered" restitution is still
        # handing down the one sentence.
        sequel = SEQUENCE.search(re.sub(r"\balso\b", "", text, flags=re.I))
        also = re.search(r"\balso\b", text, re.I)
        new_act = (sequel and kind in {"court", "order", "policy", "arrest", "statement"}) or (
            also and kind in {"order", "arrest", "policy"}
        )
        elsewhere = place is not None and place != previous.place
        if not (new_act or elsewhere or (counts and place != previous.place)):
            return None
    mention = Mention(
        text=previous.date_text,
        start=trigger.start,
        end=trigger.end,
        kind="inherited",
        first=previous.start,
        last=previous.end,
        precision=previous.precision,
        time_of_day=previous.time_of_day,
        time=previous.time,
        certainty=previous.certainty,
    )
    candidate = _candidate(
        context, mention, 0, len(text), kind=(kind, min(confidence, previous.confidence) - 0.25)
    )
    candidate.status = "occurred" if previous.status == "ongoing" else previous.status
    candidate.date_text = f"{previous.date_text} (from the sentence before)"
    candidate.inherited = True
    return candidate


def _unquoted(sentence: Sentence) -> str:
    text = sentence.text
    for start, end in sorted(sentence.quoted, reverse=True):
        text = text[:start] + text[end:]
    return text


_ORDER_WORDS = re.compile(r"\b(?:ordered|order|directed|instructed|directive)\b", re.I)


def _orders(text: str, sentence: Sentence) -> bool:
    return any(_ORDER_WORDS.search(text[start:end]) for start, end in sentence.quoted)


def _status(window: str, future: str) -> str:
    """Occurred or ongoing for the past; for the future, what its word promises."""
    if future and re.search(r"\b(?:remains?|continues?)\b", window, re.I):
        return "ongoing"  # "will remain in place": it holds now and goes on
    if future:
        if SCHEDULED.search(future):
            return "scheduled"
        if EXPECTED.search(future):
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


def _merge_repeats(candidates: list[Candidate]) -> list[Candidate]:
    """Propose an event told twice (same type, dates and place) once.

    The first telling stays, unless a later one gives the clock time; the other sentences
    ride along on it as `also_told`, for the editor to cite.
    """
    groups: dict[tuple, list[Candidate]] = {}
    for candidate in candidates:
        groups.setdefault(_key(candidate), []).append(candidate)
    kept = []
    for candidate in candidates:
        if candidate.inherited or candidate.type == "other":
            # Made from the event before it, or of no known kind: never a retelling.
            kept.append(candidate)
            continue
        group = [c for c in groups[_key(candidate)] if not c.inherited]
        best = min(group, key=lambda c: (c.time is None, group.index(c)))
        if candidate is best:
            candidate.also_told = [c.evidence for c in group if c is not best]
            kept.append(candidate)
    return kept


def _key(candidate: Candidate) -> tuple:
    return (
        candidate.type,
        candidate.start,
        candidate.end,
        candidate.place.display_name if candidate.place else "",
    )

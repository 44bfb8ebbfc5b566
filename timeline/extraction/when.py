"""Date mentions in a sentence, resolved against the publication date.

The conventions are those of ../shared/DOMAIN.md: a weekday named alone is the most
recent such day on or before publication in past tense, the next one on or after it in
future tense; "last week" is the previous Monday–Sunday; "this month" the calendar
month; "a day earlier" moves the date it refers back to, at that date's precision.
Explicit dates ("June 14", "Oct. 18, 2024") are parsed by dateparser; this module finds
them, decides tense and periods, and keeps words that only look like dates out.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import re
from collections.abc import Callable
from functools import lru_cache

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = {
    name: number
    for number in range(1, 13)
    for name in {
        calendar.month_name[number].lower(),
        calendar.month_abbr[number].lower(),
        calendar.month_abbr[number].lower() + ".",
    }
} | {"sept": 9, "sept.": 9}

_WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_PART = r"(?P<part>morning|afternoon|evening|night|overnight)s?"
_MONTH = (
    r"(?P<month>January|February|March|April|May|June|July|August|September|October|"
    r"November|December|Jan\.|Feb\.|Mar\.|Apr\.|Aug\.|Sept\.|Sep\.|Oct\.|Nov\.|Dec\.)"
)
_COUNT = (
    r"an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a\s+few|"
    r"a\s+couple\s+of|several|\d{1,3}"
)
_UNIT = r"hours?|days?|weeks?|months?|years?"
_HEDGE = (
    r"less\s+than|fewer\s+than|under|nearly|almost|about|around|roughly|some|"
    r"more\s+than|over|just\s+over|just\s+under|just|only"
)
_CLOCK = r"(?P<clock>(?:\d{1,2}(?::\d{2})?\s*(?:a\.m\.|p\.m\.|am\b|pm\b))|noon|midnight)"

# Each pattern names its kind; the first that matches at a position wins, longest first.
PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "relative_day",
        re.compile(
            r"\b(?P<phrase>(?:a|one|two|three|four|five|six|several)\s+days?\s+"
            r"(?:earlier|later|before|after)|the\s+(?:day|night)\s+before|"
            r"the\s+(?:previous|next|following)\s+day|the\s+day\s+after)\b",
            re.I,
        ),
    ),
    (
        "explicit",
        re.compile(
            rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?"
            r"(?:\s*(?:-|–|to|through)\s*(?P<day2>\d{1,2})(?:st|nd|rd|th)?)?"
            r"(?:,?\s+(?P<year>(?:19|20)\d{2}))?\b"
        ),
    ),
    (
        "month",
        re.compile(
            r"\b(?P<lead>in|since|during|until|through|by|from|early|mid|late|last|this|next|"
            rf"mid-|early-|late-|of)\s*-?\s*{_MONTH}(?:\s+(?P<year>(?:19|20)\d{{2}}))?\b"
        ),
    ),
    ("month_year", re.compile(rf"\b{_MONTH}\s+(?P<year>(?:19|20)\d{{2}})\b")),
    (
        "weekday",
        re.compile(
            r"\b(?:(?P<modifier>last|next|this|early|late|on|this\s+past|this\s+coming)\s+)?"
            rf"{_WEEKDAY}(?P<possessive>['’]s)?(?:\s+{_PART})?\b",
            re.I,
        ),
    ),
    (
        "counted",
        re.compile(
            rf"\b(?P<hedge>(?:{_HEDGE})\s+)?(?P<count>(?:{_COUNT}))\s+(?P<unit>(?:{_UNIT}))\s+ago\b|"
            r"\b(?:in|over|during|within|for|throughout)\s+the\s+(?:past|last|previous)\s+"
            rf"(?P<hedge2>(?:{_HEDGE})\s+)?(?P<count2>(?:{_COUNT}))\s+(?P<unit2>(?:{_UNIT}))\b",
            re.I,
        ),
    ),
    (
        "same_day",
        re.compile(
            r"\b(?P<phrase>(?:later|earlier)\s+that\s+(?:day|night|morning|afternoon|evening)|"
            r"that\s+(?:same\s+)?(?:day|night|morning|afternoon|evening)|the\s+same\s+day|"
            r"(?:hours|moments|minutes)\s+(?:later|earlier))\b",
            re.I,
        ),
    ),
    (
        "period",
        re.compile(
            r"\b(?P<phrase>(?:earlier|later)\s+this\s+(?:week|month|year)|"
            r"(?:the\s+)?(?:past|previous|last|this|next|coming)\s+(?:week|month|year|weekend)|"
            r"over\s+the\s+weekend|this\s+weekend|last\s+weekend|"
            r"yesterday(?:\s+(?:morning|afternoon|evening))?|today|tonight|tomorrow|"
            r"last\s+night|this\s+(?:morning|afternoon|evening))\b",
            re.I,
        ),
    ),
    ("year", re.compile(r"\b(?P<lead>in|since|during|of|by)\s+(?P<year>(?:19|20)\d{2})\b")),
]
CLOCK = re.compile(
    rf"\b(?P<about>about|around|approximately|roughly|shortly\s+after|just\s+after|before|after)?\s*(?:at\s+)?{_CLOCK}",
    re.I,
)


@dataclasses.dataclass(frozen=True)
class Mention:
    """Words that date something, where they are, and what they mean."""

    text: str
    start: int  # offsets in the sentence
    end: int
    kind: str
    first: dt.date
    last: dt.date
    precision: str  # time, day, week, month, year
    time_of_day: str = ""
    time: dt.time | None = None
    certainty: str = "exact"
    refers_back: bool = False  # "a day earlier": relative to the mention before it
    attributive: bool = False  # "Tuesday's marches", "a Friday news conference"

    def shifted(self, days: int, text: str, start: int, end: int) -> Mention:
        delta = dt.timedelta(days=days)
        return dataclasses.replace(
            self,
            text=text,
            start=start,
            end=end,
            kind="relative_day",
            first=self.first + delta,
            last=self.last + delta,
            time_of_day="",
            time=None,
            refers_back=True,
        )


def week_of(day: dt.date) -> tuple[dt.date, dt.date]:
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


def month_of(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def find_mentions(
    sentence: str, published: dt.date, *, future: Callable[[int, int], bool]
) -> list[Mention]:
    """Date mentions in a sentence; future(start, end) says whether the verb there looks ahead."""
    taken: list[tuple[int, int]] = []
    found: list[Mention] = []
    for kind, pattern in PATTERNS:
        for match in pattern.finditer(sentence):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            try:
                mention = _resolve(
                    kind, match, sentence, published, future(match.start(), match.end())
                )
            except (ValueError, OverflowError):
                # A day the calendar lacks: "February 29" put in a common year, or
                # "last year" counted from a date in the year 1. It names no date.
                mention = None
            if mention is None:
                continue
            taken.append((match.start(), match.end()))
            found.append(mention)
    found.sort(key=lambda mention: mention.start)
    found = [
        mention
        for index, mention in enumerate(found)
        if not _names_the_next(sentence, mention, found[index + 1 : index + 2])
    ]
    return _spans([_with_clock(sentence, mention) for mention in found], sentence)


_JOINED = re.compile(r"\s*(?:and|through|to|until|-|–)\s*(?:late\s+|early\s+)?", re.I)


def _spans(found: list[Mention], sentence: str) -> list[Mention]:
    """ "Friday and Saturday nights", "between late Sunday and early Monday": one span."""
    joined: list[Mention] = []
    for mention in found:
        last = joined[-1] if joined else None
        if (
            last is not None
            and last.kind == mention.kind == "weekday"
            and _JOINED.fullmatch(sentence[last.end : mention.start])
            and 0 < (mention.first - last.first).days <= 6  # no overflow near year 9999
        ):
            joined[-1] = dataclasses.replace(
                last,
                text=sentence[last.start : mention.end],
                end=mention.end,
                last=mention.last,
                time_of_day=mention.time_of_day or last.time_of_day,
                time=None,
                precision="day",
                attributive=mention.attributive,
            )
            continue
        joined.append(mention)
    return joined


def _names_the_next(sentence: str, mention: Mention, following: list[Mention]) -> bool:
    """ "Monday, June 16": the weekday only names the explicit date after it."""
    if mention.kind != "weekday" or not following or following[0].kind != "explicit":
        return False
    return bool(re.fullmatch(r",?\s*", sentence[mention.end : following[0].start]))


def _resolve(kind, match, sentence, published, future) -> Mention | None:
    text = match.group().strip()
    start, end = match.start(), match.end()

    def day(value: dt.date, **extra) -> Mention:
        return Mention(text, start, end, kind, value, value, "day", **extra)

    if kind == "weekday":
        return _weekday(match, text, start, end, published, future, sentence)
    if kind == "explicit":
        return _explicit(match, text, start, end, published, future)
    if kind in {"month", "month_year"}:
        return _month(match, text, start, end, published, future, sentence)
    if kind == "year":
        year = int(match.group("year"))
        return Mention(text, start, end, kind, dt.date(year, 1, 1), dt.date(year, 12, 31), "year")
    if kind == "relative_day":
        return Mention(text, start, end, kind, published, published, "day", refers_back=True)
    if kind == "same_day":
        part = re.search(r"morning|afternoon|evening|night", text, re.I)
        return Mention(
            text,
            start,
            end,
            kind,
            published,
            published,
            "day",
            time_of_day=part.group().lower() if part else "",
            refers_back=True,
        )
    if kind == "counted":
        return _counted(match, text, start, end, published)
    phrase = re.sub(r"\s+", " ", match.group("phrase").lower())
    return _period(phrase, text, start, end, published, future, day)


def _weekday(match, text, start, end, published, future, sentence) -> Mention | None:
    raw = match.group("weekday")
    modifier = (match.group("modifier") or "").lower()
    if not raw[0].isupper():
        return None  # "sunday" in lower case is not how news copy names a day
    target = WEEKDAYS.index(raw.lower())
    back = (published.weekday() - target) % 7
    ahead = (target - published.weekday()) % 7
    if modifier == "last" or modifier == "this past":
        offset = -(back or 7)
    elif modifier == "next" or modifier == "this coming":
        offset = ahead or 7
    elif future:
        offset = ahead
    else:
        offset = -back
    value = published + dt.timedelta(days=offset)
    part = (match.group("part") or "").lower()
    time_of_day = {"overnight": "night"}.get(part, part)
    if modifier in {"early", "late"}:
        time_of_day = {"early": "early morning", "late": "late"}[modifier]
    if not time_of_day:
        # "late Monday night", "early Tuesday morning" written before the weekday
        before = sentence[max(0, start - 12) : start].lower()
        if re.search(r"\blate\s*$", before):
            time_of_day = "late"
    attributive = bool(match.group("possessive")) or bool(
        re.search(r"\b(?:a|an|the|its|his|her|their)\s+$", sentence[:start], re.I)
    )
    return Mention(
        text,
        start,
        end,
        "weekday",
        value,
        value,
        "day",
        time_of_day=time_of_day,
        attributive=attributive,
    )


def _explicit(match, text, start, end, published, future) -> Mention | None:
    parsed = _parse(f"{match.group('month')} {match.group('day')} {match.group('year') or ''}")
    if parsed is None:
        return None
    if match.group("year") is None:
        parsed = parsed.replace(year=published.year)
        if not future and parsed > published + dt.timedelta(days=1):
            parsed = parsed.replace(year=published.year - 1)
        elif future and parsed < published - dt.timedelta(days=60):
            parsed = parsed.replace(year=published.year + 1)
    last = parsed
    if match.group("day2"):
        try:
            last = parsed.replace(day=int(match.group("day2")))
        except ValueError:
            return None
        if last < parsed:
            return None
    return Mention(text, start, end, "explicit", parsed, last, "day")


@lru_cache(maxsize=2048)
def _parse(words: str) -> dt.date | None:
    """dateparser reads the month and day; the year, tense and range are ours."""
    import dateparser

    parsed = dateparser.parse(
        words.strip(),
        languages=["en"],
        settings={"REQUIRE_PARTS": ["day", "month"], "RELATIVE_BASE": dt.datetime(2000, 1, 1)},
    )
    return parsed.date() if parsed else None


def _month(match, text, start, end, published, future, sentence) -> Mention | None:
    month = MONTHS[match.group("month").lower()]
    lead = (match.groupdict().get("lead") or "").lower().strip("-")
    if match.group("month") == "May" and not match.groupdict().get("year") and lead in {"by", "of"}:
        return None  # "by May" is fine; "of May" in "the city of May..." rarely a date
    year_text = match.groupdict().get("year")
    if year_text:
        year = int(year_text)
    elif lead == "last":
        year = published.year if month < published.month else published.year - 1
    elif lead == "next":
        year = published.year if month > published.month else published.year + 1
    elif lead == "this":
        year = published.year
    elif future:
        year = published.year if month >= published.month else published.year + 1
    else:
        year = published.year if month <= published.month else published.year - 1
    first, last = month_of(year, month)
    certainty = "approximate" if lead in {"early", "mid", "late"} else "exact"
    return Mention(text, start, end, "month", first, last, "month", certainty=certainty)


_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
_VAGUE_COUNTS = {"a few": (2, 4), "a couple of": (2, 3), "several": (3, 7)}


def _counted(match, text, start, end, published) -> Mention | None:
    """ "two weeks ago", "less than a month ago", "in the past 24 hours", "the past three days".

    "N ago" names the unit it counts back to: a day, the Monday–Sunday week, the calendar
    month, the year. "less than N ago" and "the past N" name the stretch from then up to
    publication. A hedge ("about", "nearly") makes the date approximate.
    """
    ago = match.group("unit") is not None
    count_words = re.sub(r"\s+", " ", (match.group("count") or match.group("count2")).lower())
    unit = (match.group("unit") or match.group("unit2")).lower().rstrip("s")
    hedge = re.sub(r"\s+", " ", (match.group("hedge") or match.group("hedge2") or "").lower())
    hedge = hedge.strip()
    vague = _VAGUE_COUNTS.get(count_words)
    if vague:
        low, high = vague
    else:
        low = high = int(count_words) if count_words.isdigit() else _NUMBER_WORDS[count_words]
    if low == 0 or high > 400:
        return None
    certainty = "approximate" if (hedge and hedge != "just") or vague else "exact"
    one = dt.timedelta(days=1)

    def mention(first: dt.date, last: dt.date, precision: str) -> Mention:
        return Mention(text, start, end, "counted", first, last, precision, certainty=certainty)

    less = hedge in {"less than", "fewer than", "under", "just under"}
    if unit == "hour":
        # Hours count back from publication, some time on its day: 24 of them reach the day
        # before.
        return mention(published - dt.timedelta(days=(high + 23) // 24), published, "day")
    if ago and not less:
        if unit == "day":
            return mention(
                published - dt.timedelta(days=high), published - dt.timedelta(days=low), "day"
            )
        if unit == "week":  # the Monday–Sunday week, as "last week" is
            first, _ = week_of(published - dt.timedelta(days=7 * high))
            _, last = week_of(published - dt.timedelta(days=7 * low))
            return mention(first, last, "week")
        if unit == "month":  # the calendar month, as "last month" is
            first, _ = month_of(*_month_minus(published, high))
            _, last = month_of(*_month_minus(published, low))
            return mention(first, last, "month")
        return mention(
            dt.date(published.year - high, 1, 1), dt.date(published.year - low, 12, 31), "year"
        )
    # "the past three days", "less than two weeks ago": from then up to publication, the
    # first day of the count included and the day it started from left out.
    if unit == "day":
        return mention(published - dt.timedelta(days=high - 1), published, "day")
    if unit == "week":
        return mention(published - dt.timedelta(days=7 * high - 1), published, "week")
    months = high * (12 if unit == "year" else 1)
    return mention(_months_back(published, months) + one, published, unit)


def _month_minus(day: dt.date, months: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 - months
    return index // 12, index % 12 + 1


def _months_back(day: dt.date, months: int) -> dt.date:
    year, month = _month_minus(day, months)
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _period(phrase, text, start, end, published, future, day) -> Mention | None:
    one = dt.timedelta(days=1)
    kind = "period"
    if phrase.startswith("yesterday"):
        part = phrase.removeprefix("yesterday").strip()
        return day(published - one, time_of_day=part)
    if phrase == "today":
        return day(published)
    if phrase == "tonight":
        return day(published, time_of_day="night")
    if phrase == "last night":
        return day(published - one, time_of_day="night")
    if phrase == "tomorrow":
        return day(published + one)
    if phrase.startswith("this ") and phrase.split()[1] in {"morning", "afternoon", "evening"}:
        return day(published, time_of_day=phrase.split()[1])
    phrase = phrase.removeprefix("the ")
    unit = phrase.split()[-1]
    if unit == "weekend" or phrase == "over the weekend":
        saturday = published - dt.timedelta(days=(published.weekday() - 5) % 7)
        if phrase.startswith(("next", "coming")) or (future and phrase == "this weekend"):
            saturday = published + dt.timedelta(days=(5 - published.weekday()) % 7)
        elif phrase.startswith("last") and published.weekday() >= 5:
            saturday -= dt.timedelta(days=7)
        return Mention(text, start, end, kind, saturday, saturday + one, "week")
    if unit == "week":
        monday, sunday = week_of(published)
        if phrase in {"last week", "previous week"}:
            return Mention(text, start, end, kind, monday - 7 * one, sunday - 7 * one, "week")
        if phrase == "past week":  # the seven days before publication, as curated
            return Mention(text, start, end, kind, published - 7 * one, published - one, "week")
        if phrase in {"next week", "coming week"}:
            return Mention(text, start, end, kind, monday + 7 * one, sunday + 7 * one, "week")
        if phrase == "later this week":
            return Mention(text, start, end, kind, published, sunday, "week")
        return Mention(text, start, end, kind, monday, published, "week")  # this, earlier this
    if unit == "month":
        year, month = published.year, published.month
        if phrase == "past month":
            first = _months_back(published, 1) + one
            return Mention(text, start, end, kind, first, published, "month")
        if phrase in {"last month", "previous month"}:
            year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        elif phrase in {"next month", "coming month"}:
            year, month = (year, month + 1) if month < 12 else (year + 1, 1)
        first, last = month_of(year, month)
        return Mention(text, start, end, kind, first, last, "month")
    if unit == "year":
        if phrase == "past year":
            first = _months_back(published, 12) + one
            return Mention(text, start, end, kind, first, published, "year")
        year = published.year + {"last": -1, "previous": -1, "next": 1}.get(phrase.split()[0], 0)
        return Mention(text, start, end, kind, dt.date(year, 1, 1), dt.date(year, 12, 31), "year")
    return None


def _with_clock(sentence: str, mention: Mention) -> Mention:
    """Attach a clock time written right beside the date: "around 1 a.m. on Tuesday"."""
    if mention.precision != "day":
        return mention
    window_start = max(0, mention.start - 30)
    window = sentence[window_start : mention.end + 20]
    for match in CLOCK.finditer(window):
        absolute = window_start + match.start("clock")
        near = absolute < mention.start and mention.start - (window_start + match.end()) <= 5
        near = near or (absolute >= mention.end and absolute - mention.end <= 5)
        if not near:
            continue
        clock = _clock(match.group("clock"))
        if clock is None:
            continue
        approximate = bool(match.group("about")) and match.group("about").lower() in {
            "about", "around", "approximately", "roughly",
        }  # fmt: skip
        return dataclasses.replace(
            mention,
            precision="time",
            time=clock,
            time_of_day="",
            certainty="approximate" if approximate else mention.certainty,
        )
    return mention


def _clock(words: str) -> dt.time | None:
    words = words.lower().replace(" ", "")
    if words == "noon":
        return dt.time(12, 0)
    if words == "midnight":
        return dt.time(0, 0)
    match = re.match(r"(\d{1,2})(?::(\d{2}))?(a\.m\.|p\.m\.|am|pm)", words)
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if not (1 <= hour <= 12 and minute < 60):
        return None
    if match.group(3).startswith("p") and hour != 12:
        hour += 12
    if match.group(3).startswith("a") and hour == 12:
        hour = 0
    return dt.time(hour, minute)


_COUNTS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


def relative_shift(phrase: str, *, prepositional: bool = False) -> int | None:
    """Days "a day earlier" moves from the date it refers back to (None: unknown).

    Written as a preposition ("a day after hearing arguments") the phrase dates what
    follows it from the event of its own clause, so it moves the other way.
    """
    if prepositional:
        shift = relative_shift(phrase)
        return -shift if shift is not None else None
    if re.search(r"\b(?:that|same|hours|minutes|moments)\b", phrase, re.I):
        return 0  # "later that day", "hours later": the same day
    words = phrase.lower().split()
    if "before" in words or "previous" in words or "earlier" in words:
        sign = -1
    elif {"after", "later", "next", "following"} & set(words):
        sign = 1
    else:
        return None
    if words[0] in _COUNTS:
        return sign * _COUNTS[words[0]]
    if words[0] == "the":
        return sign
    return None  # "several days earlier": no day to name

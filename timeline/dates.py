"""How Dateline shows a date it knows only to some precision.

An event's date is a range of local calendar days (start..end, inclusive) with a
precision; what readers see must say no more than that. "last week" is shown as
"Week of June 9, 2025", never as a made-up day.
"""

from __future__ import annotations

import datetime as dt

from django.db import models

# AP style: these months are abbreviated when they stand with a day.
_AP_MONTHS = {
    1: "Jan.",
    2: "Feb.",
    8: "Aug.",
    9: "Sept.",
    10: "Oct.",
    11: "Nov.",
    12: "Dec.",
}


class DatePrecision(models.IntegerChoices):
    """How much of a date is known; also the sort order within a start day."""

    TIME = 1, "time"
    DAY = 2, "day"
    WEEK = 3, "week"
    MONTH = 4, "month"
    YEAR = 5, "year"

    @property
    def slug(self) -> str:
        return self.name.lower()

    @classmethod
    def from_slug(cls, slug: str) -> DatePrecision:
        try:
            return cls[slug.upper()]
        except KeyError:
            raise ValueError(f"Unknown date precision {slug!r}.") from None


class Certainty(models.TextChoices):
    EXACT = "exact", "exact"
    APPROXIMATE = "approximate", "approximate"
    UNCERTAIN = "uncertain", "uncertain"


class TimeOfDay(models.TextChoices):
    EARLY_MORNING = "early morning", "early morning"
    MORNING = "morning", "morning"
    MIDDAY = "midday", "midday"
    AFTERNOON = "afternoon", "afternoon"
    EVENING = "evening", "evening"
    NIGHT = "night", "night"
    LATE = "late", "late"
    OVERNIGHT = "overnight", "overnight"


def month_day(day: dt.date) -> str:
    """Return "June 14" or "Oct. 18": AP style for a day within its month."""
    month = _AP_MONTHS.get(day.month, day.strftime("%B"))
    return f"{month} {day.day}"


def full_day(day: dt.date) -> str:
    """Return "June 14, 2025"."""
    return f"{month_day(day)}, {day.year}"


def clock_time(value: dt.time) -> str:
    """Return AP-style clock time: "9 p.m.", "9:30 a.m.", "noon", "midnight"."""
    if value.hour == 12 and value.minute == 0:
        return "noon"
    if value.hour == 0 and value.minute == 0:
        return "midnight"
    hour = value.hour % 12 or 12
    suffix = "a.m." if value.hour < 12 else "p.m."
    minutes = f":{value.minute:02d}" if value.minute else ""
    return f"{hour}{minutes} {suffix}"


def _day_range(start: dt.date, end: dt.date) -> str:
    if start == end:
        return full_day(start)
    if start.year != end.year:
        return f"{full_day(start)} – {full_day(end)}"
    if start.month != end.month:
        return f"{month_day(start)} – {month_day(end)}, {end.year}"
    return f"{month_day(start)}–{end.day}, {end.year}"


def _month_range(start: dt.date, end: dt.date) -> str:
    if (start.year, start.month) == (end.year, end.month):
        return start.strftime("%B %Y")
    if start.year == end.year:
        return f"{start.strftime('%B')} – {end.strftime('%B %Y')}"
    return f"{start.strftime('%B %Y')} – {end.strftime('%B %Y')}"


def display_date(
    *,
    start: dt.date,
    end: dt.date | None = None,
    precision: int = DatePrecision.DAY,
    time: dt.time | None = None,
    time_of_day: str = "",
    certainty: str = Certainty.EXACT,
) -> str:
    """Return the reader-facing date for a range known to the given precision."""
    end = end or start
    precision = DatePrecision(precision)
    if precision == DatePrecision.YEAR:
        text = str(start.year) if start.year == end.year else f"{start.year}–{end.year}"
    elif precision == DatePrecision.MONTH:
        text = _month_range(start, end)
    elif precision == DatePrecision.WEEK:
        text = f"Week of {full_day(start)}"
    elif time_of_day and start == end:
        text = f"{start.strftime('%A')} {time_of_day}, {full_day(start)}"
    else:
        text = _day_range(start, end)
    if precision == DatePrecision.TIME and time is not None and start == end:
        text = f"{text}, {clock_time(time)}"
    if certainty == Certainty.APPROXIMATE:
        text = f"About the w{text[1:]}" if text.startswith("Week") else f"About {text}"
    elif certainty == Certainty.UNCERTAIN:
        text = f"{text} (unconfirmed)"
    return text

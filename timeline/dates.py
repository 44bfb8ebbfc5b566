"""How Dateline shows a date it knows only to some precision.

An event's date is a range of local calendar days (start..end, inclusive) with a
precision; what readers see must say no more than that. "last week" is shown as
"Week of June 9, 2025", never as a made-up day.

Dates are written in the active language: AP style in English, and in Spanish the style
of US Spanish-language newsrooms: "9 de junio de 2025", "Semana del 9 de junio de 2025",
"Domingo en la noche, 15 de junio de 2025", a twelve-hour clock as US readers read it
("9:30 p. m.", with the RAE's spaced "a. m."/"p. m.", "mediodía", "medianoche"). A date
shown on its own starts with a capital in Spanish too ("Junio de 2025").
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils import translation

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
    if (translation.get_language() or "").startswith("es"):
        return _display_es(start, end, precision, time, time_of_day, certainty)
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


# --- Spanish ----------------------------------------------------------------------------

_ES_MONTHS = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
]
_ES_WEEKDAYS = ["lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"]
# As US Spanish-language newsrooms say it: "el domingo en la noche".
_ES_TIMES_OF_DAY = {
    TimeOfDay.EARLY_MORNING: "en la madrugada",
    TimeOfDay.MORNING: "en la mañana",
    TimeOfDay.MIDDAY: "al mediodía",
    TimeOfDay.AFTERNOON: "en la tarde",
    TimeOfDay.EVENING: "al anochecer",
    TimeOfDay.NIGHT: "en la noche",
    TimeOfDay.LATE: "a última hora",
    TimeOfDay.OVERNIGHT: "durante la noche",
}


def _es_day(day: dt.date, *, year: bool = True) -> str:
    text = f"{day.day} de {_ES_MONTHS[day.month - 1]}"
    return f"{text} de {day.year}" if year else text


def _es_month(day: dt.date, *, year: bool = True) -> str:
    month = _ES_MONTHS[day.month - 1]
    return f"{month} de {day.year}" if year else month


def _spanish() -> bool:
    return (translation.get_language() or "").startswith("es")


def day_in_language(day: dt.date) -> str:
    """Return "June 14, 2025", or "14 de junio de 2025" on a Spanish page."""
    return _es_day(day) if _spanish() else full_day(day)


def month_day_in_language(day: dt.date) -> str:
    """Return "June 14", or "14 de junio" on a Spanish page."""
    return _es_day(day, year=False) if _spanish() else month_day(day)


def weekday_in_language(day: dt.date) -> str:
    """Return "Saturday, June 14", or "sábado 14 de junio" on a Spanish page."""
    if _spanish():
        return f"{_ES_WEEKDAYS[day.weekday()]} {_es_day(day, year=False)}"
    return f"{day.strftime('%A')}, {month_day(day)}"


def month_in_language(day: dt.date, *, short: bool = False, year: bool = True) -> str:
    """Return "June 2025", "Jun 2025" or "Jun"; "junio de 2025", "jun 2025" or "jun"."""
    if _spanish():
        name = _ES_MONTHS[day.month - 1]
        if short:
            return f"{name[:3]} {day.year}" if year else name[:3]
        return f"{name} de {day.year}" if year else name
    return day.strftime(("%b" if short else "%B") + (" %Y" if year else ""))


def clock_time_es(value: dt.time) -> str:
    """Return "9 p. m.", "9:30 a. m.", "mediodía", "medianoche"."""
    if value.hour == 12 and value.minute == 0:
        return "mediodía"
    if value.hour == 0 and value.minute == 0:
        return "medianoche"
    hour = value.hour % 12 or 12
    suffix = "a. m." if value.hour < 12 else "p. m."
    minutes = f":{value.minute:02d}" if value.minute else ""
    return f"{hour}{minutes} {suffix}"


def _display_es(
    start: dt.date,
    end: dt.date,
    precision: DatePrecision,
    time: dt.time | None,
    time_of_day: str,
    certainty: str,
) -> str:
    # `about` is how an approximate date begins: Spanish needs the article of what follows.
    if precision == DatePrecision.YEAR:
        text = str(start.year) if start.year == end.year else f"{start.year}–{end.year}"
        about = "hacia"
    elif precision == DatePrecision.MONTH:
        about = "hacia"
        if (start.year, start.month) == (end.year, end.month):
            text = _es_month(start)
        else:
            text = f"de {_es_month(start, year=start.year != end.year)} a {_es_month(end)}"
            about = "aproximadamente"
    elif precision == DatePrecision.WEEK:
        text, about = f"semana del {_es_day(start)}", "hacia la"
    elif time_of_day and start == end:
        part = _ES_TIMES_OF_DAY.get(time_of_day, time_of_day)
        text, about = f"{_ES_WEEKDAYS[start.weekday()]} {part}, {_es_day(start)}", "hacia el"
    elif start == end:
        text, about = _es_day(start), "hacia el"
    else:
        about = "aproximadamente"
        if start.year != end.year:
            text = f"del {_es_day(start)} al {_es_day(end)}"
        elif start.month != end.month:
            text = f"del {_es_day(start, year=False)} al {_es_day(end)}"
        else:
            text = f"del {start.day} al {_es_day(end)}"
    if precision == DatePrecision.TIME and time is not None and start == end:
        text = f"{text}, {clock_time_es(time)}"
    if certainty == Certainty.APPROXIMATE:
        text = f"{about} {text}"
    elif certainty == Certainty.UNCERTAIN:
        text = f"{text} (sin confirmar)"
    return text[0].upper() + text[1:]

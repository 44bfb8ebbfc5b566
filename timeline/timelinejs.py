"""Reading TimelineJS files: JSON or the spreadsheet template saved as CSV, to plain rows.

Pure functions over text; nothing here touches the database. A date keeps the precision
the file gave it: a year alone spans the year, a year and month span the month, a full
date is one day and an hour makes it a clock time; a Monday-to-Sunday range shown as
"Week of ..." (how our export writes a week) is a week. Every slide that cannot be read is
reported with where it is ("line 7" of a CSV, "event 3" of a JSON file), all at once.
"""

from __future__ import annotations

import calendar
import csv
import dataclasses
import datetime as dt
import html
import io
import json
import re
from typing import Any

from django.utils.html import strip_tags

from timeline.dates import DatePrecision, full_day

# The spreadsheet template's columns that a file must have to be read as one.
CSV_REQUIRED = {"Year", "Month", "Day", "Headline", "Text"}
CSV_COLUMNS = (
    "Year, Month, Day, Time, End Year, End Month, End Day, End Time, Display Date, "
    "Headline, Text, Media, Media Credit, Media Caption, Media Thumbnail, Type, Group, "
    "Background"
)
TITLE_MAX = 300  # Event.title
DATE_TEXT_MAX = 200  # Event.date_text
# What no event text may hold: control characters (PostgreSQL refuses NUL, feeds and
# calendars the rest) and lone surrogates, which JSON's \u escapes can spell but UTF-8
# cannot store.
UNSTORABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
SURROGATE = re.compile(r"[\ud800-\udfff]")


class TimelineJSError(ValueError):
    """The file as a whole cannot be read: not JSON, not the template, or bad rows."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


@dataclasses.dataclass(frozen=True)
class Slide:
    """One event read from the file, with its dates at the file's precision."""

    where: str
    title: str
    summary: str
    start: dt.date
    end: dt.date
    precision: DatePrecision
    time: dt.time | None
    group: str
    date_text: str  # the file's display date, if it gave one


@dataclasses.dataclass(frozen=True)
class Document:
    title: str
    slides: list[Slide]


def plain_text(value: Any) -> str:
    """HTML (or plain) text as plain text: tags dropped, entities decoded, spaces tidied."""
    if value is None:
        return ""
    text = strip_tags(str(value).replace("</p>", "</p>\n\n").replace("<br>", "\n"))
    text = SURROGATE.sub("\ufffd", UNSTORABLE.sub("", html.unescape(text)))
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def parse(text: str) -> Document:
    """Read TimelineJS JSON or template CSV; raise TimelineJSError saying what is wrong."""
    stripped = text.lstrip("\ufeff").lstrip()
    if stripped.startswith(("{", "[")):
        try:
            data = json.loads(stripped)
        except RecursionError:
            raise TimelineJSError("The file is not valid JSON: it is nested too deeply.") from None
        except ValueError as error:  # JSONDecodeError, or a number too long to read
            raise TimelineJSError(f"The file is not valid JSON: {error}.") from None
        return parse_json(data)
    return parse_csv(text.lstrip("\ufeff"))


def parse_json(data: Any) -> Document:
    if not isinstance(data, dict) or not isinstance(data.get("events"), list):
        raise TimelineJSError('A TimelineJS JSON file needs an "events" list.')
    title_slide = data.get("title") if isinstance(data.get("title"), dict) else {}
    title = plain_text(_text_of(title_slide).get("headline"))
    slides, problems = [], []
    for n, event in enumerate(data["events"], start=1):
        where = f"event {n}"
        try:
            if not isinstance(event, dict):
                raise ValueError("it is not a slide object")
            start = event.get("start_date")
            if not isinstance(start, dict):
                raise ValueError("start_date is missing")
            end = event.get("end_date")
            if end is not None and not isinstance(end, dict):
                raise ValueError("end_date is not a date object")
            end = end or {}
            text = _text_of(event)
            slides.append(
                _slide(
                    where,
                    headline=text.get("headline"),
                    text=text.get("text"),
                    group=event.get("group"),
                    display_date=event.get("display_date") or start.get("display_date"),
                    start=(start.get("year"), start.get("month"), start.get("day")),
                    time=_json_time(start),
                    end=(end.get("year"), end.get("month"), end.get("day")),
                )
            )
        except ValueError as error:
            problems.append(f"{where}: {error}")
    return _document(title, slides, problems)


def parse_csv(text: str) -> Document:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        return _read_csv(reader)
    except csv.Error as error:  # a cell longer than the csv module reads, for one
        raise TimelineJSError(
            f"The file cannot be read as CSV (line {reader.line_num}: {error})."
        ) from None


def _read_csv(reader: csv.DictReader) -> Document:
    headers = {(name or "").strip() for name in reader.fieldnames or []}
    missing = CSV_REQUIRED - headers
    if missing:
        raise TimelineJSError(
            "The file is neither TimelineJS JSON nor the TimelineJS spreadsheet template "
            f"as CSV (missing columns: {', '.join(sorted(missing))}; expected {CSV_COLUMNS})."
        )
    title, slides, problems = "", [], []
    for raw in reader:
        where = f"line {reader.line_num}"
        extra = raw.pop(None, None)  # DictReader's list of cells beyond the header's columns
        if extra and any(cell.strip() for cell in extra):
            problems.append(f"{where}: it has more cells than the header row has columns")
            continue
        row = {(key or "").strip(): (value or "").strip() for key, value in raw.items()}
        kind = row.get("Type", "").lower()
        if kind == "title":
            title = plain_text(row.get("Headline"))
            continue
        if kind == "era" or not any(row.values()):
            continue
        try:
            slides.append(
                _slide(
                    where,
                    headline=row.get("Headline"),
                    text=row.get("Text"),
                    group=row.get("Group") or row.get("Type"),
                    display_date=row.get("Display Date"),
                    start=(row.get("Year"), row.get("Month"), row.get("Day")),
                    time=_csv_time(row.get("Time", "")),
                    end=(row.get("End Year"), row.get("End Month"), row.get("End Day")),
                )
            )
        except ValueError as error:
            problems.append(f"{where}: {error}")
    return _document(title, slides, problems)


def _document(title: str, slides: list[Slide], problems: list[str]) -> Document:
    if problems:
        raise TimelineJSError(
            f"{len(problems)} event{'' if len(problems) == 1 else 's'} could not be read; "
            "nothing was imported.",
            problems,
        )
    if not slides:
        raise TimelineJSError("The file has no events.")
    return Document(title=title, slides=slides)


def _text_of(slide: dict[str, Any]) -> dict[str, Any]:
    text = slide.get("text")
    return text if isinstance(text, dict) else {}


Parts = tuple[Any, Any, Any]


def _slide(
    where: str,
    *,
    headline: Any,
    text: Any,
    group: Any,
    display_date: Any,
    start: Parts,
    time: dt.time | None,
    end: Parts,
) -> Slide:
    title = plain_text(headline)
    if not title:
        raise ValueError("the headline is missing")
    if len(title) > TITLE_MAX:
        raise ValueError(f"the headline is longer than {TITLE_MAX} characters")
    first, last, precision = _span(start, "start")
    if time is not None:
        if precision != DatePrecision.DAY:
            raise ValueError("a time is given without a full date")
        precision = DatePrecision.TIME
    if _blank(end[0]):
        if any(not _blank(part) for part in end):
            raise ValueError("the end date has no year")
    else:
        _, last, end_precision = _span(end, "end")
        # A range is as precise as its vaguer end: 2025 to June 2026 is known by year.
        if end_precision > precision and precision != DatePrecision.TIME:
            precision = end_precision
        if last < first:
            raise ValueError("the end date is before the start date")
    date_text = plain_text(display_date)[:DATE_TEXT_MAX]
    if precision == DatePrecision.DAY and _names_its_week(first, last, date_text):
        precision = DatePrecision.WEEK
    return Slide(
        where=where,
        title=title,
        summary=plain_text(text),
        start=first,
        end=last,
        precision=precision,
        time=time,
        group=plain_text(group),
        date_text=date_text,
    )


def _names_its_week(first: dt.date, last: dt.date, date_text: str) -> bool:
    """Say whether a Monday-to-Sunday range is shown as a week ("Week of June 9, 2025").

    TimelineJS has no week: our export writes a week as its seven days with the week as
    the display date, so that pair reads back as a week, not as seven known days.
    """
    return (
        first.weekday() == 0
        and last - first == dt.timedelta(days=6)
        and f"week of {full_day(first)}".lower() in date_text.lower()
    )


def _blank(value: Any) -> bool:
    return value is None or str(value).strip() == ""


def _number(value: Any, name: str, low: int, high: int) -> int:
    if isinstance(value, bool):
        raise ValueError(f"{name} {value!r} is not a number")
    try:
        number = int(str(value).strip())
    except ValueError:
        raise ValueError(f"{name} {value!r} is not a number") from None
    if not low <= number <= high:
        raise ValueError(f"{name} {number} is out of range")
    return number


def _span(parts: Parts, which: str) -> tuple[dt.date, dt.date, DatePrecision]:
    """The first and last day a date's parts cover, and its precision."""
    year_part, month_part, day_part = parts
    if _blank(year_part):
        raise ValueError(f"the {which} year is missing")
    year = _number(year_part, f"{which} year", dt.MINYEAR, dt.MAXYEAR)
    if _blank(month_part):
        if not _blank(day_part):
            raise ValueError(f"the {which} date has a day but no month")
        return dt.date(year, 1, 1), dt.date(year, 12, 31), DatePrecision.YEAR
    month = _number(month_part, f"{which} month", 1, 12)
    if _blank(day_part):
        last_day = calendar.monthrange(year, month)[1]
        return dt.date(year, month, 1), dt.date(year, month, last_day), DatePrecision.MONTH
    day = _number(day_part, f"{which} day", 1, 31)
    try:
        date = dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"the {which} date {year}-{month:02d}-{day:02d} does not exist") from None
    return date, date, DatePrecision.DAY


def _json_time(parts: dict[str, Any]) -> dt.time | None:
    if _blank(parts.get("hour")):
        return None
    hour = _number(parts["hour"], "hour", 0, 23)
    minute = 0 if _blank(parts.get("minute")) else _number(parts["minute"], "minute", 0, 59)
    return dt.time(hour, minute)


CLOCK = re.compile(r"^(\d{1,2})(?::(\d{2}))?(?::(\d{2}))?\s*([ap])?\.?\s*m?\.?$", re.IGNORECASE)


def _csv_time(value: str) -> dt.time | None:
    """ "14:30", "2:30 PM", "9 a.m." or "14:30:00" as a time; blank as None."""
    if not value:
        return None
    match = CLOCK.match(value.strip())
    if not match:
        raise ValueError(f"time {value!r} is not a clock time")
    hour, minute = int(match[1]), int(match[2] or 0)
    if match[4]:
        if not 1 <= hour <= 12:
            raise ValueError(f"time {value!r} is not a clock time")
        hour = hour % 12 + (12 if match[4].lower() == "p" else 0)
    if hour > 23 or minute > 59 or int(match[3] or 0) > 59:
        raise ValueError(f"time {value!r} is not a clock time")
    return dt.time(hour, minute)

"""The time axis above a timeline's list: bins, ticks, markers, and the SVG that draws them.

The axis window is the reader's date filter (`start`/`end`), or the whole matching range
when there is none: zooming and panning change `start`/`end`, so the axis always draws
exactly the events the list holds, and the address says what is shown.

Bins come from one aggregate over the matching events (GROUP BY the bin of the start,
the bin of the end, the type and whether the date is approximate), so the cost and the
SVG's size follow the number of bins (at most about sixty) and never the number of
events. Months and years come from the month rows of the same filters without dates,
read once per data version, with only the two edge months of a date filter read again
(`months`), so a reader's new dates cost what those months hold, not what the timeline
does. A range short enough for weeks, days or hours is read once more at that unit. The
rows also give the total, so the count above the list costs no query of its own.

An event whose date fits inside one bin is a bar in that bin, coloured by type; one
known only to a span wider than a bin (a week, a month) or only approximately is drawn
across its span in a lane below, never as a made-up day.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import html
from collections.abc import Callable
from typing import Any

from django.db.models import BooleanField, Case, Count, Max, Min, Q, Value, When
from django.db.models.functions import ExtractHour, TruncMonth, TruncWeek
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, ngettext

from timeline import browse, dates
from timeline.models import Event, EventType, Source, Timeline

UNITS = ("hour", "day", "week", "month", "year")
# The widest window (in days) each unit bins; past the last, years.
UNIT_LIMITS = (("hour", 1), ("day", 31), ("week", 183), ("month", 366 * 5))
MIN_DAYS = 1
MAX_YEARS = 60  # year bins at most; a wider window is cut to the years with events


@dataclasses.dataclass(frozen=True)
class Layout:
    """Where things go in the SVG, in pixels down; across is in percent of the width."""

    height: int
    bars_top: int
    bars_bottom: int
    span_top: int
    span_bottom: int
    axis_y: int
    label_y: int


FULL = Layout(height=132, bars_top=20, bars_bottom=86, span_top=90, span_bottom=100,
              axis_y=104, label_y=122)  # fmt: skip
COMPACT = Layout(height=76, bars_top=14, bars_bottom=42, span_top=45, span_bottom=51,
                 axis_y=54, label_y=70)  # fmt: skip


# --- Rows: the one aggregate --------------------------------------------------------


def unit_for(lo: dt.date, hi: dt.date) -> str:
    """The bin for a window: hours on one day, then days, weeks, months, years."""
    days = (hi - lo).days + 1
    for unit, limit in UNIT_LIMITS:
        if days <= limit:
            return unit
    return "year"


def floor(day: dt.date, unit: str) -> dt.date:
    """The first day of the bin holding day."""
    if unit == "week":
        return day - dt.timedelta(days=day.weekday())
    if unit == "month":
        return day.replace(day=1)
    if unit == "year":
        return day.replace(month=1, day=1)
    return day


def following(day: dt.date, unit: str) -> dt.date:
    """The first day of the bin after the one starting on day."""
    if unit == "week":
        return day + dt.timedelta(days=7)
    if unit == "month":
        return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    if unit == "year":
        return day.replace(year=day.year + 1, month=1, day=1)
    return day + dt.timedelta(days=1)


def _as_date(value: dt.date | dt.datetime | str) -> dt.date:
    if isinstance(value, str):
        return dt.date.fromisoformat(value[:10])
    return value.date() if isinstance(value, dt.datetime) else value


@dataclasses.dataclass(frozen=True)
class Rows:
    """The aggregate for one set of filters: its unit, window and grouped counts."""

    unit: str
    lo: dt.date
    hi: dt.date
    # (first bin, last bin, event type id, approximate, hour or None, count)
    rows: tuple[tuple[dt.date, dt.date, int, bool, int | None, int], ...]

    @property
    def total(self) -> int:
        return sum(row[-1] for row in self.rows)


APPROXIMATE = Case(
    When(certainty="exact", then=Value(False)), default=Value(True), output_field=BooleanField()
)


def _grouped(events, unit: str, *, bounds: bool = False) -> list[dict[str, Any]]:
    # Days are the indexed columns themselves; years are added up from months.
    first, last = "start", "end"
    if unit == "week":
        events = events.annotate(b0=TruncWeek("start"), b1=TruncWeek("end"))
        first, last = "b0", "b1"
    elif unit in ("month", "year"):
        events = events.annotate(b0=TruncMonth("start"), b1=TruncMonth("end"))
        first, last = "b0", "b1"
    fields = [first, last, "event_type_id", "approx"]
    events = events.annotate(approx=APPROXIMATE)
    if unit == "hour":
        events = events.annotate(hour=ExtractHour("time"))
        fields.append("hour")
    extra: dict[str, Any] = {"n": Count("pk")}
    if bounds:
        extra |= {"first": Min("start"), "last": Max("end")}
    rows = list(events.values(*fields).annotate(**extra))
    for row in rows:
        row["b0"], row["b1"] = _as_date(row[first]), _as_date(row[last])
    return rows


def rows(query: browse.Query, timeline: Timeline | None = None) -> Rows:
    """The axis's aggregate for these filters, kept per data version in this process
    (made from the shared month rows, it costs less than fetching it would)."""
    key = f"dateline.axis.rows.{browse.data_version()}.{query.key(timeline)}"
    return browse.kept(key, lambda: _rows(query, timeline), shared=False)


def _rows(query: browse.Query, timeline: Timeline | None) -> Rows:
    def events():
        return browse.matching(query, timeline).order_by()

    if query.start and query.end:
        lo, hi = query.start, query.end
        unit = unit_for(lo, hi)
        found = months(query, timeline) if unit in ("month", "year") else _grouped(events(), unit)
    else:
        # The range is not known yet: months give it and, for a long range, the bins.
        found = months(query, timeline)
        if not found:
            day = query.start or query.end or timezone.localdate()
            return Rows("day", day, day, ())
        lo = query.start or min(row["first"] for row in found)
        hi = query.end or max(row["last"] for row in found)
        lo, hi = min(lo, hi), max(lo, hi)
        if lo == hi:  # everything on one day: the week around it, by day; hours on asking
            lo, hi = shifted(lo, -3), shifted(hi, 3)
        unit = unit_for(lo, hi)
        if unit not in ("month", "year"):
            found = _grouped(events(), unit)
    if unit == "year" and hi.year - lo.year >= MAX_YEARS and found:
        # A window of centuries asked for in the address: only the years with events.
        lo = max(lo, min(row["b0"] for row in found))
        hi = min(hi, max(row["b1"] for row in found))
        lo, hi = lo, max(hi, lo)
    if unit == "year" and hi.year - lo.year >= MAX_YEARS:
        hi = lo.replace(year=min(lo.year + MAX_YEARS - 1, dt.date.max.year))
    lo, hi = _window(lo, hi, unit)
    # Month rows added up into the bins shown: years hold a twelfth as many.
    grouped: dict[tuple, int] = {}
    bins_of: dict[dt.date, dt.date] = {}  # each month's bin, worked out once
    for row in found:
        b0, b1 = row["b0"], row["b1"]
        if b0 not in bins_of:
            bins_of[b0] = floor(b0, unit)
        if b1 not in bins_of:
            bins_of[b1] = floor(b1, unit)
        bin_key = (
            bins_of[b0],
            bins_of[b1],
            row["event_type_id"],
            bool(row["approx"]),
            row.get("hour"),
        )
        grouped[bin_key] = grouped.get(bin_key, 0) + row["n"]
    return Rows(unit, lo, hi, tuple((*bin_key, n) for bin_key, n in grouped.items()))


def months(query: browse.Query, timeline: Timeline | None) -> list[dict[str, Any]]:
    """The month rows, with their first and last days, of the events matching the filters.

    A reader's new dates must not cost an aggregate over every event they match. So the
    rows of the same filters without dates are read once per data version and kept; a
    date filter keeps the rows wholly inside it and reads again only the events of its
    edge months: those ending in the month of `start` and those starting in the month of
    `end`. An edge needs no read when its date is the month's first (or last) day, as
    the axis's own links to months and years are, or when no event ends (or starts) in
    it. The parts never overlap, so the rows are exact.
    """
    undated = dataclasses.replace(query, start=None, end=None)
    key = f"dateline.axis.month-rows.{browse.data_version()}.{undated.key(timeline)}"
    every = browse.kept(key, lambda: _MonthRows(undated, timeline))
    if query.start is None and query.end is None:
        return every.rows
    first = floor(query.start, "month") if query.start else None
    last = floor(query.end, "month") if query.end else None
    after_first = _next_month(first) if first else None
    read_first = first is not None and query.start != first and first in every.last_months
    read_last = (
        last is not None
        and query.end != _last_day(last)
        and last in every.first_months
        and not (read_first and after_first is None)  # then all are in the first edge
    )
    # The rows wholly inside: ending after the first edge (or in it, when it is not read
    # again) and starting before the last edge (or in it, likewise).
    found = every.rows
    if first is not None:
        found = [r for r in found if r["b1"] > first or (r["b1"] == first and not read_first)]
    if last is not None:
        found = [r for r in found if r["b0"] < last or (r["b0"] == last and not read_last)]
    events = browse.matching(query, timeline).order_by() if read_first or read_last else None
    if read_first:  # ending in the month of `start`, on or after it
        edge = events.filter(end__lt=after_first) if after_first else events
        found += _grouped(edge, "month", bounds=True)
    if read_last:  # starting in the month of `end`, up to it
        edge = events.filter(start__gte=last)
        if read_first:
            edge = edge.filter(end__gte=after_first)  # not counted in the first edge
        found += _grouped(edge, "month", bounds=True)
    return found


class _MonthRows:
    """The month rows of filters without dates, and the months they start and end in."""

    def __init__(self, undated: browse.Query, timeline: Timeline | None) -> None:
        events = browse.matching(undated, timeline).order_by()
        self.rows = _grouped(events, "month", bounds=True)
        self.first_months = {row["b0"] for row in self.rows}
        self.last_months = {row["b1"] for row in self.rows}


def _last_day(month: dt.date) -> dt.date:
    after = _next_month(month)
    return after - dt.timedelta(days=1) if after else dt.date.max


def _next_month(day: dt.date) -> dt.date | None:
    try:
        return following(day, "month")
    except (OverflowError, ValueError):  # December 9999: no month after it
        return None


def _window(lo: dt.date, hi: dt.date, unit: str) -> tuple[dt.date, dt.date]:
    """The window widened to whole bins."""
    last = floor(hi, unit)
    try:
        return floor(lo, unit), following(last, unit) - dt.timedelta(days=1)
    except (OverflowError, ValueError):  # the last bin of the calendar
        return floor(lo, unit), dt.date.max


def shifted(day: dt.date, days: int) -> dt.date:
    """day moved by days, kept inside the calendar."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.max if days > 0 else dt.date.min


def total(query: browse.Query, timeline: Timeline | None = None) -> int:
    """How many published events match: the sum of the axis's rows."""
    return rows(query, timeline).total


# --- Bins, ticks and markers --------------------------------------------------------


@dataclasses.dataclass
class Bin:
    start: dt.date
    end: dt.date
    label: str
    hour: int | None = None
    count: int = 0  # events whose dates overlap the bin: what selecting it lists
    spans: int = 0  # of those, drawn across a span
    by_type: dict[int, int] = dataclasses.field(default_factory=dict)  # bars in this bin
    overlap_by_type: dict[int, int] = dataclasses.field(default_factory=dict)


class _Words:
    """What a drawing says of its bins' counts, in the language active when it is made.

    The language is looked up once, not for each number: looking it up cost more than
    the formatting, a dozen times a bin.
    """

    def __init__(self) -> None:
        self.number = _numbers()
        self._rough = gettext(", %(n)s dated only roughly")
        self._events: dict[int, str] = {}

    def events(self, n: int) -> str:
        if n not in self._events:
            self._events[n] = ngettext("%(n)s event", "%(n)s events", n) % {"n": self.number(n)}
        return self._events[n]

    def counted(self, b: Bin) -> str:
        """ "12 events", "12 events, 3 dated only roughly"."""
        text = self.events(b.count)
        return text + self._rough % {"n": self.number(b.spans)} if b.spans else text


def _spanish() -> bool:
    return (get_language() or "").startswith("es")


full_day = dates.day_in_language
month_day = dates.month_day_in_language
_month = dates.month_in_language


def _numbers() -> Callable[[int], str]:
    """_number for the language now active, looked up once: for loops over the bins."""
    separator = "." if _spanish() else ","
    return lambda n: f"{n:,}".replace(",", separator)


def _present(made: list[Bin], types: dict[int, EventType]) -> list[int]:
    """The types with events in the bins, in the legend's order."""
    found = {pk for b in made for pk in b.overlap_by_type}
    return sorted(found & types.keys(), key=lambda pk: (types[pk].position, types[pk].name))


def _type_names(types: dict[int, EventType], order: list[int]) -> dict[int, str]:
    """Each type's name as the bars' titles and the table write it: translated, lower case."""
    return {pk: gettext(types[pk].name).lower() for pk in order}


def bin_label(start: dt.date, unit: str, hour: int | None = None) -> str:
    if unit == "hour":
        return f"{full_day(start)}, {hour:02d}:00–{hour:02d}:59"
    if unit == "day":
        return full_day(start)
    if unit == "week":
        return gettext("Week of %(day)s") % {"day": full_day(start)}
    if unit == "month":
        return _month(start)
    return str(start.year)


def bins(data: Rows) -> list[Bin]:
    """Every bin of the window, empty ones too, with its counts."""
    unit, lo, hi = data.unit, data.lo, data.hi
    if unit == "hour":
        made = [Bin(lo, lo, bin_label(lo, unit, h), hour=h) for h in range(24)]
    else:
        made, day = [], lo
        while day <= hi:
            try:
                after = following(day, unit)
            except (OverflowError, ValueError):
                made.append(Bin(day, hi, bin_label(day, unit)))
                break
            made.append(Bin(day, after - dt.timedelta(days=1), bin_label(day, unit)))
            day = after
    index = {b.start: i for i, b in enumerate(made)} if unit != "hour" else {}
    for first, last, type_id, approx, hour, n in data.rows:
        if unit == "hour":
            fits = first == last == lo and hour is not None and not approx
            covered = range(hour, hour + 1) if fits else range(24)
        else:
            fits = first == last and not approx
            a = index.get(max(first, lo), 0 if first < lo else None)
            b = index.get(min(last, floor(hi, unit)), len(made) - 1 if last > hi else None)
            if a is None or b is None:
                continue
            covered = range(a, b + 1)
        for i in covered:
            target = made[i]
            target.count += n
            target.overlap_by_type[type_id] = target.overlap_by_type.get(type_id, 0) + n
            if fits:
                target.by_type[type_id] = target.by_type.get(type_id, 0) + n
            else:
                target.spans += n
    return made


@dataclasses.dataclass(frozen=True)
class Tick:
    x: float  # percent across
    label: str
    minor: bool = False  # hidden on narrow screens


def ticks(unit: str, lo: dt.date, hi: dt.date) -> list[Tick]:
    """Labelled ticks for the window, few enough to read: at most about eight."""
    if unit == "hour":
        return [
            Tick(h / 24 * 100, full_day(lo) if h == 0 else f"{h:02d}:00", minor=h % 6 != 0)
            for h in range(0, 24, 3)
        ]
    days = (hi - lo).days + 1

    def x(day: dt.date) -> float:
        return (day - lo).days / days * 100

    found: list[Tick] = []
    if unit == "day" or (unit == "week" and days <= 63):
        step = 1 if days <= 8 else 7
        day = lo if step == 1 else floor(lo, "week")
        if day < lo:
            day += dt.timedelta(days=7)
        while day <= hi:
            label = full_day(day) if not found else month_day(day)
            found.append(Tick(x(day), label, minor=len(found) % 2 == 1))
            day += dt.timedelta(days=step)
        return found
    if unit in ("week", "month"):
        months = (hi.year - lo.year) * 12 + hi.month - lo.month + 1
        step = next(s for s in (1, 2, 3, 6, 12) if months / s <= 8)
        day = floor(lo, "month")
        while day <= hi:
            if (day.month - 1) % step == 0 and day >= lo:
                first = day.month == 1 or not found
                label = _month(day, short=True, year=first)
                found.append(Tick(x(day), label, minor=len(found) % 2 == 1))
            day = following(day, "month")
        return found
    years = hi.year - lo.year + 1
    step = next(s for s in (1, 2, 5, 10, 20, 50, 100) if years / s <= 8)
    for year in range(lo.year, hi.year + 1):
        if year % step == 0:
            found.append(Tick(x(dt.date(year, 1, 1)), str(year), minor=len(found) % 2 == 1))
    return found


@dataclasses.dataclass(frozen=True)
class Marker:
    kind: str  # "today" or "published"
    x: float
    label: str  # short, on the axis
    text: str  # the whole sentence, for the title and screen readers


def position(unit: str, lo: dt.date, hi: dt.date, day: dt.date, hour: float = 12) -> float | None:
    """Where a day (at an hour) falls across the window, in percent; None outside it."""
    if not lo <= day <= hi:
        return None
    if unit == "hour":
        return hour / 24 * 100
    return ((day - lo).days + hour / 24) / ((hi - lo).days + 1) * 100


def most_cited_source(timeline: Timeline | None) -> Source | None:
    """The source the timeline's published events cite most (the article it was made from)."""
    if timeline is None:
        return None
    key = f"dateline.axis.source.{browse.data_version()}.{timeline.pk}"
    return browse.kept(key, lambda: _most_cited_source(timeline) or "") or None


def _most_cited_source(timeline: Timeline) -> Source | None:
    cited = Event.objects.published().filter(timeline_entries__timeline=timeline).values("pk")
    return (
        Source.objects.filter(published_at__isnull=False)
        .annotate(n=Count("citations", filter=Q(citations__event__in=cited)))
        .filter(n__gt=0)
        .order_by("-n", "published_at", "pk")
        .only("outlet", "headline", "published_at")
        .first()
    )


# --- The window's controls and the drawing ------------------------------------------


@dataclasses.dataclass(frozen=True)
class Control:
    name: str  # zoom-in, zoom-out, earlier, later, whole
    label: str
    text: str
    key: str  # the key that does it when the axis has focus
    url: str  # "" when there is nowhere to go


@dataclasses.dataclass
class Axis:
    unit: str
    lo: dt.date
    hi: dt.date
    caption: str
    compact: bool
    svg: SafeString
    table: SafeString
    legend: list[tuple[str, str]]  # (css class, text)
    controls: list[Control]
    markers: list[Marker]
    total: int


class Links:
    """Addresses for a window or period: the current filters with start and end changed."""

    def __init__(self, path: str, filters: list[tuple[str, str]]) -> None:
        kept = [(k, v) for k, v in filters if k not in {"start", "end", "after"}]
        self.prefix = f"{path}?{urlencode(kept)}&" if kept else f"{path}?"
        self.path = f"{path}?{urlencode(kept)}" if kept else path

    def period(self, start: dt.date | None, end: dt.date | None) -> str:
        if start is None and end is None:
            return self.path
        return f"{self.prefix}start={start.isoformat()}&end={end.isoformat()}"


def _zoomed(lo: dt.date, hi: dt.date, factor: float) -> tuple[dt.date, dt.date]:
    days = (hi - lo).days + 1
    new = max(MIN_DAYS, round(days * factor))
    start = shifted(shifted(lo, days // 2), -(new // 2))
    return start, shifted(start, new - 1)


def _controls(query: browse.Query, data: Rows, links: Links) -> list[Control]:
    lo, hi = data.lo, data.hi
    days = (hi - lo).days + 1
    zoomed = bool(query.start or query.end)
    in_lo, in_hi = _zoomed(lo, hi, 0.5)
    out_lo, out_hi = _zoomed(lo, hi, 2)
    shift = max(1, days // 2)
    controls = [
        Control("zoom-in", gettext("Zoom in"), "+", "+",
                links.period(in_lo, in_hi) if days > 1 else ""),
        Control("zoom-out", gettext("Zoom out"), "−", "-",
                links.period(out_lo, out_hi) if zoomed else ""),
        Control("earlier", gettext("Earlier"), "←", "PageUp",
                links.period(shifted(lo, -shift), shifted(hi, -shift)) if zoomed else ""),
        Control("later", gettext("Later"), "→", "PageDown",
                links.period(shifted(lo, shift), shifted(hi, shift)) if zoomed else ""),
        Control("whole", gettext("Whole timeline"), gettext("Whole timeline"), "0",
                links.period(None, None) if zoomed else ""),
    ]  # fmt: skip
    return controls


def build(
    query: browse.Query,
    timeline: Timeline | None,
    *,
    path: str,
    filters: list[tuple[str, str]],
    compact: bool = False,
    htmx: bool = True,
    target: str = "",
    types: list[EventType] | None = None,
) -> Axis | None:
    """The axis for these filters, kept per data version, address and day."""
    address = hashlib.sha256(
        repr((path, filters, compact, htmx, target, query.key(timeline), get_language())).encode()
    ).hexdigest()[:32]
    today = timezone.localdate()
    key = f"dateline.axis.svg.{browse.data_version()}.{today.isoformat()}.{address}"
    # Kept in this process only: the response it is part of is in the shared cache already,
    # and a new filter's axis costs less to draw than a round trip for nothing.
    return browse.kept(
        key,
        lambda: _build(query, timeline, path=path, filters=filters, compact=compact,
                       htmx=htmx, target=target, today=today, types=types),
        shared=False,
    )  # fmt: skip


def _build(
    query: browse.Query,
    timeline: Timeline | None,
    *,
    path: str,
    filters: list[tuple[str, str]],
    compact: bool,
    htmx: bool,
    target: str,
    today: dt.date,
    types: list[EventType] | None,
) -> Axis | None:
    data = rows(query, timeline)
    if not data.rows and not (query.start or query.end):
        return None
    kinds = {t.pk: t for t in (types if types is not None else EventType.objects.all())}
    made = bins(data)
    layout = COMPACT if compact else FULL
    links = Links(path, filters)
    unit, lo, hi = data.unit, data.lo, data.hi

    markers = []
    now = timezone.localtime()
    at = position(unit, lo, hi, today, now.hour + now.minute / 60)
    if at is not None:
        today_text = gettext("Today, %(day)s") % {"day": full_day(today)}
        markers.append(Marker("today", at, gettext("Today"), today_text))
    source = most_cited_source(timeline)
    if source is not None:
        local = timezone.localtime(source.published_at)
        at = position(unit, lo, hi, local.date(), local.hour + local.minute / 60)
        if at is not None:
            markers.append(
                Marker(
                    "published",
                    at,
                    gettext("Published"),
                    gettext("%(outlet)s published the article “%(headline)s” on %(day)s")
                    % {
                        "outlet": source.outlet,
                        "headline": source.headline,
                        "day": full_day(local.date()),
                    },
                )
            )

    svg = _svg(made, unit, lo, hi, layout, kinds, links, markers, htmx=htmx, target=target)
    present = sorted(
        {t for b in made for t in b.by_type}, key=lambda pk: (kinds[pk].position, kinds[pk].name)
    )
    legend = [(f"type-{kinds[pk].slug}", gettext(kinds[pk].name)) for pk in present]
    if any(b.spans for b in made):
        legend.append(
            ("span", gettext("Dated only roughly (a week, a month, “about”): drawn across it"))
        )
    for marker in markers:
        legend.append((f"marker-{marker.kind}", marker.text))
    window = full_day(lo) if lo == hi else f"{full_day(lo)} – {full_day(hi)}"
    caption = gettext("Events per %(unit)s, %(window)s") % {
        "unit": _UNITS[unit](),
        "window": window,
    }
    return Axis(
        unit=unit,
        lo=lo,
        hi=hi,
        caption=caption,
        compact=compact,
        svg=svg,
        table=_table(made, caption, kinds, markers),
        legend=legend,
        controls=[] if compact else _controls(query, data, links),
        markers=markers,
        total=data.total,
    )


def _pct(value: float) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".") + "%"


def _svg(
    made: list[Bin],
    unit: str,
    lo: dt.date,
    hi: dt.date,
    layout: Layout,
    types: dict[int, EventType],
    links: Links,
    markers: list[Marker],
    *,
    htmx: bool,
    target: str,
) -> SafeString:
    count = len(made)
    step = 100 / count
    peak = max((sum(b.by_type.values()) for b in made), default=0) or 1
    span_peak = max((b.spans for b in made), default=0) or 1
    bar_room = layout.bars_bottom - layout.bars_top
    span_room = layout.span_bottom - layout.span_top
    order = _present(made, types)
    words = _Words()
    names, number = _type_names(types, order), words.number
    slugs = {pk: html.escape(types[pk].slug) for pk in order}
    hit_width, bar_width = _pct(step), _pct(step * 0.84)  # the same for every bin
    parts: list[str] = []

    # html.escape, not django's escape: the same text, without its lazy-string checks,
    # 70-odd times a drawing.
    target_attr = f' target="{html.escape(target)}"' if target else ""
    for i, b in enumerate(made):
        x = i * step
        inner = [
            f'<rect class="hit" x="{_pct(x)}" y="0" width="{hit_width}" '
            f'height="{layout.axis_y}"></rect>'
        ]
        y = layout.bars_bottom
        for pk in order:
            n = b.by_type.get(pk)
            if not n:
                continue
            h = max(1.5, bar_room * n / peak)
            y -= h
            inner.append(
                f'<rect class="bar type-{slugs[pk]}" x="{_pct(x + step * 0.08)}" '
                f'y="{y:.1f}" width="{bar_width}" height="{h:.1f}"></rect>'
            )
        detail = ", ".join(
            f"{number(n)} {names[pk]}" for pk in order if (n := b.overlap_by_type.get(pk))
        )
        counted = words.counted(b)
        aria = html.escape(f"{b.label}: {counted}")
        title = html.escape(f"{b.label} ({detail}): {counted}") if detail else aria
        inner.append(f"<title>{title}</title>")
        body = "".join(inner)
        if b.hour is not None:  # an hour is as narrow as the filters go: not a link
            parts.append(f'<g class="bin" role="img" aria-label="{aria}">{body}</g>')
            continue
        start, end = b.start.isoformat(), b.end.isoformat()
        url = html.escape(links.period(b.start, b.end))
        hx = f' hx-get="{url}" hx-target="#results" hx-push-url="true"' if htmx else ""
        parts.append(
            f'<a class="bin" href="{url}"{hx}{target_attr} data-start="{start}" '
            f'data-end="{end}" aria-label="{aria}">{body}</a>'
        )

    # Rough dates: runs of bins with the same number of spanning events, drawn as one band.
    i = 0
    while i < count:
        n = made[i].spans
        j = i
        while j + 1 < count and made[j + 1].spans == n:
            j += 1
        if n:
            h = max(2.0, span_room * n / span_peak)
            first, last = made[i], made[j]
            when = (
                first.label
                if i == j
                else gettext("%(first)s to %(last)s") % {"first": first.label, "last": last.label}
            )
            parts.append(
                f'<rect class="span" x="{_pct(i * step)}" y="{layout.span_top:.1f}" '
                f'width="{_pct((j - i + 1) * step)}" height="{h:.1f}"><title>'
                f"{escape(when)}: "
                + escape(
                    ngettext("%(n)s event dated only roughly", "%(n)s events dated only roughly", n)
                    % {"n": number(n)}
                )
                + "</title></rect>"
            )
        i = j + 1

    decor = [
        f'<line class="axis-line" x1="0" x2="100%" y1="{layout.axis_y}" '
        f'y2="{layout.axis_y}"></line>'
    ]
    try:
        marks = ticks(unit, lo, hi)
    except (OverflowError, ValueError):  # a window at the calendar's very end
        marks = []
    for tick in marks:
        minor = " minor" if tick.minor else ""
        anchor = "end" if tick.x > 80 else "start"
        dx = "-3" if anchor == "end" else "3"
        decor.append(
            f'<g class="tick{minor}"><line x1="{_pct(tick.x)}" x2="{_pct(tick.x)}" '
            f'y1="{layout.axis_y}" y2="{layout.axis_y + 6}"></line>'
            f'<text x="{_pct(tick.x)}" dx="{dx}" y="{layout.label_y}" text-anchor="{anchor}">'
            f"{escape(tick.label)}</text></g>"
        )
    for m in markers:
        anchor = "end" if m.x > 60 else "start"
        dx = "-4" if anchor == "end" else "4"
        decor.append(
            f'<g class="marker marker-{m.kind}"><line x1="{_pct(m.x)}" x2="{_pct(m.x)}" '
            f'y1="{2 if m.kind == "published" else 0}" y2="{layout.axis_y}"></line>'
            f'<text x="{_pct(m.x)}" dx="{dx}" y="11" text-anchor="{anchor}">'
            f"{escape(m.label)}</text><title>{escape(m.text)}</title></g>"
        )
    return format_html(
        '<svg class="axis-chart" width="100%" height="{h}" role="group" '
        'aria-label="{label}">{bins}<g aria-hidden="true">{decor}</g></svg>',
        h=layout.height,
        label=gettext("Events per %(unit)s") % {"unit": _UNITS[unit]()},
        bins=mark_safe("".join(parts)),  # noqa: S308 - every value escaped above
        decor=mark_safe("".join(decor)),  # noqa: S308 - every value escaped above
    )


_UNITS = {
    "hour": lambda: gettext("hour"),
    "day": lambda: gettext("day"),
    "week": lambda: gettext("week"),
    "month": lambda: gettext("month"),
    "year": lambda: gettext("year"),
}


def _table(
    made: list[Bin], caption: str, types: dict[int, EventType], markers: list[Marker]
) -> SafeString:
    """The counts as a table for screen readers: periods with events, and the markers."""
    order = _present(made, types)
    names, number = _type_names(types, order), _numbers()
    rows_html = []
    for b in made:
        if not b.count:
            continue
        detail = ", ".join(
            f"{number(n)} {names[pk]}" for pk in order if (n := b.overlap_by_type.get(pk))
        )
        rough = gettext(" (%(n)s dated only roughly)") % {"n": number(b.spans)} if b.spans else ""
        rows_html.append(
            f'<tr><th scope="row">{html.escape(b.label)}</th>'
            f"<td>{number(b.count)}{html.escape(rough)}</td><td>{html.escape(detail)}</td></tr>"
        )
    return format_html(
        # In a hidden box: a table is as wide as its cells, whatever its own width says.
        '<div class="visually-hidden"><table><caption>{caption}</caption><thead><tr>'
        '<th scope="col">{period}</th><th scope="col">{events}</th><th scope="col">{by_type}</th>'
        "</tr></thead><tbody>{rows}</tbody></table></div>",
        period=gettext("Period"),
        events=gettext("Events"),
        by_type=gettext("By type"),
        caption=caption,
        rows=mark_safe("".join(rows_html)),  # noqa: S308 - every value escaped above
    )

"""Downloads of a timeline or of every event, for the filters in the query string.

    /timelines/<slug>/export.csv              /events/export.csv
    /timelines/<slug>/export.geojson          /events/export.geojson
    /timelines/<slug>/export.geojson?per=place  (one feature per place, with its count)
    /timelines/<slug>/export.timelinejs.json  /events/export.timelinejs.json

Published events only, in the timeline's date order, at most browse.EXPORT_LIMIT of
them: every response says the limit in `Dateline-Export-Limit` and whether events were
left out in `Dateline-Export-Truncated` (true or false). The CSV columns are COLUMNS,
in that order; new columns are only ever added at the end.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.html import escape, format_html, format_html_join
from django.utils.http import urlencode
from django.utils.safestring import SafeString
from django.views.decorators.http import require_safe

from timeline import browse, maps
from timeline.caching import public_cache
from timeline.dates import DatePrecision
from timeline.models import Event, Timeline

MAX_AGE, S_MAXAGE = 300, 900


# --- What a download covers --------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Selection:
    """A timeline (or every event) and the reader's filters, validated."""

    timeline: Timeline | None
    query: browse.Query
    filters: list[tuple[str, str]]  # as given, without the page cursor

    @property
    def title(self) -> str:
        return self.timeline.title if self.timeline else "All events"

    @property
    def name(self) -> str:
        """The start of a download's file name."""
        return self.timeline.slug if self.timeline else "all-events"

    @property
    def page_url(self) -> str:
        """The public page showing the same events."""
        path = self.timeline.get_absolute_url() if self.timeline else reverse("all_events")
        return f"{path}?{urlencode(self.filters)}" if self.filters else path


def select(request: HttpRequest, slug: str | None) -> Selection | HttpResponse:
    """The published timeline named by slug (404 if none) and valid filters (or a 400)."""
    timeline = None
    if slug is not None:
        timeline = Timeline.objects.published().filter(slug=slug).first()
        if timeline is None:
            raise Http404("There is no published timeline at this address.")
    query, errors = browse.read_filters(request.GET, timeline)
    if query is None:
        lines = [message for messages in errors.values() for message in messages]
        return HttpResponse(
            "\n".join(lines) + "\n", status=400, content_type="text/plain; charset=utf-8"
        )
    filters = [
        (key, value)
        for key, values in request.GET.lists()
        for value in values
        if key not in {"after", "size"} and value
    ]
    return Selection(timeline, query, filters)


def public_data(response: HttpResponse, *, truncated: bool | None = None) -> HttpResponse:
    """Mark a data response as open to any site and, for a download, say if it was cut."""
    # Public data, read without credentials: TimelineJS and maps on other sites fetch it.
    response["Access-Control-Allow-Origin"] = "*"
    if truncated is not None:
        response["Dateline-Export-Limit"] = str(browse.EXPORT_LIMIT)
        response["Dateline-Export-Truncated"] = "true" if truncated else "false"
    return response


# --- Text shared by feeds, calendars and downloads ----------------------------------

# XML 1.0 and iCalendar text allow no control characters but tab and line breaks.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def plain(text: str) -> str:
    """Text with the control characters no feed or calendar may carry removed."""
    return CONTROL.sub("", text)


def event_html(event: Event, *, page_url: str = "", with_date: bool = True) -> SafeString:
    """The event as escaped HTML: date, place, summary, counts and sources with quotes."""
    parts = []
    facts = [event.display_date] if with_date else []
    if event.place:
        facts.append(event.place.display_name)
    if facts:
        parts.append(format_html("<p><strong>{}</strong></p>", " · ".join(facts)))
    if event.summary:
        parts.append(format_html("<p>{}</p>", event.summary))
    counts = [count.display for count in event.counts.all()]
    if counts:
        parts.append(format_html("<p>{}</p>", "; ".join(counts)))
    citations = list(event.citations.all())
    if citations:
        items = format_html_join(
            "",
            '<li><a href="{}">{}</a>: {}{}</li>',
            (
                (
                    c.source.url,
                    c.source.outlet,
                    c.source.headline,
                    format_html(" <q>{}</q>", c.quote) if c.quote else "",
                )
                for c in citations
            ),
        )
        parts.append(format_html("<p>Sources:</p><ul>{}</ul>", items))
    if page_url:
        parts.append(format_html('<p><a href="{}">The event on Dateline</a></p>', page_url))
    return SafeString(plain("".join(parts)))


def event_text(event: Event) -> str:
    """The event as plain text: summary, counts, then each source with its quote."""
    lines = [event.summary] if event.summary else []
    counts = [count.display for count in event.counts.all()]
    if counts:
        lines += ["", "; ".join(counts)]
    citations = list(event.citations.all())
    if citations:
        lines += ["", "Sources:"]
        for c in citations:
            lines.append(f"{c.source.outlet}: {c.source.headline} {c.source.url}")
            if c.quote:
                lines.append(f"“{c.quote}”")
    return plain("\n".join(lines).strip())


# --- CSV ---------------------------------------------------------------------------

COLUMNS = (
    "slug",
    "title",
    "type",
    "status",
    "display_date",
    "date_text",
    "start",
    "end",
    "precision",
    "certainty",
    "time",
    "time_of_day",
    "time_zone",
    "place",
    "latitude",
    "longitude",
    "actors",
    "counts",
    "summary",
    "source_outlets",
    "source_urls",
    "quotes",
    "verification",
    "url",
    "published_at",
    "updated_at",
)

# A spreadsheet takes a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def guard(value: Any) -> str:
    """The cell as text; text a spreadsheet would run as a formula gets a leading apostrophe.

    Numbers (a negative longitude) stay numbers: only text is guarded.
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return f"'{value}" if value.startswith(FORMULA_STARTS) else value
    return str(value)


def csv_row(request: HttpRequest, event: Event) -> list[str]:
    """One event as CSV cells, in COLUMNS order."""
    place = event.place
    citations = list(event.citations.all())
    row = [
        event.slug,
        event.title,
        event.event_type.slug,
        event.status,
        event.display_date,
        event.date_text,
        event.start.isoformat(),
        event.end.isoformat(),
        DatePrecision(event.precision).slug,
        event.certainty,
        event.time.strftime("%H:%M") if event.time else "",
        event.time_of_day,
        event.time_zone,
        place.display_name if place else "",
        place.latitude if place else None,
        place.longitude if place else None,
        "; ".join(f"{r.actor.name} ({r.get_role_display()})" for r in event.actor_roles.all()),
        "; ".join(count.display for count in event.counts.all()),
        event.summary,
        "; ".join(c.source.outlet for c in citations),
        " ".join(c.source.url for c in citations),
        "\n".join(f"“{c.quote}” ({c.source.outlet})" for c in citations if c.quote),
        event.verification,
        request.build_absolute_uri(event.get_absolute_url()),
        event.published_at.isoformat() if event.published_at else "",
        event.updated_at.isoformat(),
    ]
    return [guard(cell) for cell in row]


@require_safe
@public_cache(max_age=MAX_AGE, s_maxage=S_MAXAGE)
def csv_export(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    selection = select(request, slug)
    if isinstance(selection, HttpResponse):
        return selection
    events, truncated = browse.everything(selection.query, selection.timeline)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    writer.writerows(csv_row(request, event) for event in events)
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{selection.name}.csv"'
    return public_data(response, truncated=truncated)


# --- GeoJSON -----------------------------------------------------------------------


def feature(request: HttpRequest, event: Event) -> dict[str, Any] | None:
    """The event as a GeoJSON Point feature, or None when its place has no coordinates."""
    place = event.place
    if place is None or place.latitude is None or place.longitude is None:
        return None
    return {
        "type": "Feature",
        "id": event.slug,
        # GeoJSON (RFC 7946) puts longitude first.
        "geometry": {
            "type": "Point",
            "coordinates": [float(place.longitude), float(place.latitude)],
        },
        "properties": {
            "slug": event.slug,
            "title": event.title,
            "type": event.event_type.slug,
            "display_date": event.display_date,
            "start": event.start,
            "end": event.end,
            "precision": DatePrecision(event.precision).slug,
            "place": place.display_name,
            "url": request.build_absolute_uri(event.get_absolute_url()),
        },
    }


@require_safe
@public_cache(max_age=MAX_AGE, s_maxage=S_MAXAGE)
def geojson_export(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    selection = select(request, slug)
    if isinstance(selection, HttpResponse):
        return selection
    per = request.GET.get("per", "")
    if per:
        if per != maps.PER_PLACE:
            return HttpResponse(
                "per is place (one feature per place), or leave it out.\n",
                status=400,
                content_type="text/plain; charset=utf-8",
            )
        return _places_geojson(request, selection)
    events, truncated = browse.everything(selection.query, selection.timeline)
    features = [f for f in (feature(request, event) for event in events) if f is not None]
    data = {"type": "FeatureCollection", "features": features}
    return public_data(_json(data, "application/geo+json"), truncated=truncated)


def _places_geojson(request: HttpRequest, selection: Selection) -> HttpResponse:
    """One Point per place with coordinates and how many matching events happened there.

    Every matching event is counted (one GROUP BY), so this has no limit: it is how the
    map shows a selection larger than one download holds.
    """
    places, _ = maps.place_counts(selection.query, selection.timeline)
    filters = [(key, value) for key, value in selection.filters if key != "per"]
    path = selection.timeline.get_absolute_url() if selection.timeline else reverse("all_events")
    features = [
        {
            "type": "Feature",
            "id": place.slug,
            "geometry": {"type": "Point", "coordinates": [place.longitude, place.latitude]},
            "properties": {
                "slug": place.slug,
                "place": place.name,
                "count": place.here,
                # The list of the events in (and inside) this place, with the same filters.
                "url": request.build_absolute_uri(
                    maps.address(path, filters, place=place.slug, view=None)
                ),
            },
        }
        for place in places
        if place.on_map
    ]
    data = {"type": "FeatureCollection", "features": features}
    return public_data(_json(data, "application/geo+json"), truncated=False)


# --- TimelineJS --------------------------------------------------------------------


def timelinejs_date(event: Event, *, end: bool = False) -> dict[str, int]:
    """A TimelineJS date: the parts the precision knows and none beyond it."""
    day = event.end if end else event.start
    precision = event.precision
    parts = {"year": day.year}
    if precision <= DatePrecision.MONTH:
        parts["month"] = day.month
    if precision <= DatePrecision.WEEK:
        parts["day"] = day.day
    if precision == DatePrecision.TIME and event.time is not None and not end:
        parts |= {"hour": event.time.hour, "minute": event.time.minute}
    return parts


def slide(request: HttpRequest, event: Event) -> dict[str, Any]:
    """The event as a TimelineJS slide; its text is HTML, so every part is escaped."""
    data: dict[str, Any] = {
        "unique_id": event.slug,
        "start_date": timelinejs_date(event),
        "display_date": event.display_date,
        "text": {
            "headline": escape(plain(event.title)),
            "text": event_html(
                event,
                page_url=request.build_absolute_uri(event.get_absolute_url()),
                with_date=False,
            ),
        },
        "group": event.event_type.name,
    }
    # A week, a month range or a run of days spans to its end; one day or month does not.
    finish = timelinejs_date(event, end=True)
    if finish != {k: v for k, v in data["start_date"].items() if k in finish}:
        data["end_date"] = finish
    return data


@require_safe
@public_cache(max_age=MAX_AGE, s_maxage=S_MAXAGE)
def timelinejs_export(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    selection = select(request, slug)
    if isinstance(selection, HttpResponse):
        return selection
    events, truncated = browse.everything(selection.query, selection.timeline)
    description = selection.timeline.description if selection.timeline else ""
    data = {
        "title": {
            "text": {
                "headline": escape(plain(selection.title)),
                "text": format_html("<p>{}</p>", plain(description)) if description else "",
            }
        },
        "events": [slide(request, event) for event in events],
    }
    return public_data(_json(data, "application/json"), truncated=truncated)


def _json(data: dict[str, Any], content_type: str) -> HttpResponse:
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return HttpResponse(text, content_type=f"{content_type}; charset=utf-8")

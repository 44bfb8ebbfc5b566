"""Subscriptions: Atom feeds and iCalendar files, for a timeline or every event.

    /timelines/<slug>/feed/          /events/feed/
    /timelines/<slug>/calendar.ics   /events/calendar.ics

Both take the public filters from the query string. A feed lists the FEED_SIZE
matching events most recently published, newest first by when they went public (not
by when they happened), so a reader's feed shows what is new on the timeline. A
calendar holds every matching event, up to browse.EXPORT_LIMIT.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

import icalendar
from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.views.decorators.http import require_safe

from timeline import browse
from timeline.caching import public_cache
from timeline.dates import DatePrecision
from timeline.exports import Selection, event_html, event_text, plain, public_data, select
from timeline.models import Event, EventStatus

FEED_SIZE = 50
MAX_AGE, S_MAXAGE = 300, 900


# --- Atom --------------------------------------------------------------------------


class AtomWithContent(Atom1Feed):
    """Atom with each entry's full text in <content type="html">, not only a summary."""

    def add_item_elements(self, handler, item: dict[str, Any]) -> None:
        super().add_item_elements(handler, item)
        if item.get("content"):
            handler.addQuickElement("content", item["content"], {"type": "html"})


class EventFeed(Feed):
    """The events of a selection most recently published."""

    feed_type = AtomWithContent
    author_name = "Dateline"

    def get_object(self, request: HttpRequest, *, selection: Selection, path: str) -> Selection:
        self.path = path
        return selection

    def title(self, selection: Selection) -> str:
        return plain(f"{selection.title} · Dateline")

    def subtitle(self, selection: Selection) -> str:
        description = selection.timeline.description if selection.timeline else ""
        return plain(description or "Events as Dateline publishes them.")

    def link(self, selection: Selection) -> str:
        return selection.page_url

    def feed_url(self) -> str:
        return self.path

    def items(self, selection: Selection) -> list[Event]:
        return browse.latest(selection.query, selection.timeline, limit=FEED_SIZE)

    def item_title(self, event: Event) -> str:
        return plain(event.title)  # Atom titles are text: written as they are, escaped once

    def item_description(self, event: Event) -> str:
        return plain(escape(" — ".join(filter(None, [event.display_date, event.summary]))))

    def item_extra_kwargs(self, event: Event) -> dict[str, Any]:
        return {"content": event_html(event)}

    def item_pubdate(self, event: Event) -> dt.datetime | None:
        return event.published_at

    def item_updateddate(self, event: Event) -> dt.datetime:
        return event.updated_at

    def item_categories(self, event: Event) -> list[str]:
        return [event.event_type.name]


@require_safe
@public_cache(max_age=MAX_AGE, s_maxage=S_MAXAGE)
def atom_feed(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    selection = select(request, slug)
    if isinstance(selection, HttpResponse):
        return selection
    return public_data(EventFeed()(request, selection=selection, path=request.get_full_path()))


# --- iCalendar ---------------------------------------------------------------------


def calendar_event(request: HttpRequest, event: Event) -> icalendar.Event:
    """The event as a VEVENT: all day over its range, or at its clock time when known."""
    entry = icalendar.Event()
    entry.add("uid", f"{event.slug}@{request.get_host()}")
    entry.add("dtstamp", event.updated_at.astimezone(dt.UTC))
    entry.add("last-modified", event.updated_at.astimezone(dt.UTC))
    entry.add("summary", plain(event.title))
    if event.precision == DatePrecision.TIME and event.time is not None:
        entry.add(
            "dtstart",
            dt.datetime.combine(event.start, event.time, zoneinfo.ZoneInfo(event.time_zone)),
        )
    else:
        # All day, DTEND the day after the last (RFC 5545: the end is exclusive), so a
        # week or month event covers its whole range and claims no exact day.
        entry.add("dtstart", event.start)
        entry.add("dtend", event.end + dt.timedelta(days=1))
    if event.place:
        entry.add("location", plain(event.place.display_name))
        if event.place.latitude is not None:
            entry.add("geo", (float(event.place.latitude), float(event.place.longitude)))
    description = "\n\n".join(filter(None, [event.display_date, event_text(event)]))
    entry.add("description", description)
    entry.add("url", request.build_absolute_uri(event.get_absolute_url()))
    entry.add("categories", [plain(event.event_type.name)])
    if event.status == EventStatus.CANCELLED:
        entry.add("status", "CANCELLED")
    return entry


@require_safe
@public_cache(max_age=MAX_AGE, s_maxage=S_MAXAGE)
def calendar(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    selection = select(request, slug)
    if isinstance(selection, HttpResponse):
        return selection
    events, truncated = browse.everything(selection.query, selection.timeline)
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Dateline//Timeline calendar//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", plain(f"{selection.title} · Dateline"))
    for event in events:
        cal.add_component(calendar_event(request, event))
    cal.add_missing_timezones()  # a VTIMEZONE for every TZID used
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    return public_data(response, truncated=truncated)

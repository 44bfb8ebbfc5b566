"""Public pages. Readers see published events only, and nothing else exists for them.

The timeline (one timeline, or every event) is one view: a full page for a plain
request, the results region for an HTMX filter change, the next cards for "load
more". Without JavaScript the same form submits as GET and gives the same page.

The timeline, all-events and event pages are cached by data version (`public_cache`),
like the embeds: one copy per address and HTMX target serves every reader, so they hold
nothing about the reader (no CSRF token, no signed-in bar, no CSP nonce; their forms
are GET forms and their scripts are static files).
"""

from __future__ import annotations

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from timeline import axis, browse, cards, maps
from timeline.caching import HTMX_HEADERS, public_cache
from timeline.models import Event, EventActor, Timeline

RESULTS_ID = "results"
LOAD_MORE_ID = "load-more"


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    timelines = Timeline.objects.published().order_by("-updated_at")[:20]
    # One line each (_event_item.html): type, date, title and place; no counts or sources.
    latest = (
        Event.objects.published()
        .select_related("event_type", "place")
        .order_by("-start", "-precision", "-pk")[:20]
    )
    return TemplateResponse(
        request, "timeline/home.html", {"timelines": timelines, "latest": latest}
    )


@require_GET
@public_cache(max_age=60, vary=HTMX_HEADERS)
def timeline_detail(request: HttpRequest, slug: str) -> HttpResponse:
    timeline = browse.published_timeline(slug)
    if timeline is None:
        raise Http404
    return _timeline(request, timeline)


@require_GET
@public_cache(max_age=60, vary=HTMX_HEADERS)
def all_events(request: HttpRequest) -> HttpResponse:
    return _timeline(request, None)


def _timeline(request: HttpRequest, timeline: Timeline | None) -> HttpResponse:
    types = browse.event_types()
    form = maps.ViewFilter(request.GET, types=types)
    context: dict[str, Any] = {
        "timeline": timeline,
        "form": form,
        "types": types,
        "selected_types": set(request.GET.getlist("type")),
        "base_url": request.path,
    }
    if not form.is_valid():
        context["errors"] = [error for errors in form.errors.values() for error in errors]
        return TemplateResponse(request, _template(request), context, status=400)
    query = browse.Query.from_form(form, timeline)
    view = form.cleaned_data["view"]
    context |= {
        "query": query,
        "view": view,
        "list_url": _with(request, after=None, view=None),
        "map_url": _with(request, after=None, view="map"),
        "total": browse.total(query, timeline),
        "axis": axis.build(
            query, timeline, path=request.path, filters=_filter_params(request), types=types
        ),
        "filters": _filter_params(request),
    }
    if view == "map":  # the map and its places instead of a page of cards
        context |= maps.context(
            request, query, timeline, total=context["total"], filters=context["filters"]
        )
        return TemplateResponse(request, _template(request), context)
    # A search's cards show its own snippet; any other page's cards come from their cache.
    result = browse.page(query, timeline, keys_only=not query.q)
    browse.with_snippets(result.events, query.q)
    groups = _grouped(result, headings=not query.by_relevance)
    context |= {
        "page": result,
        "groups": groups if query.q else cards.attach(groups),
        "next_url": _with(request, after=result.next_cursor) if result.next_cursor else "",
        "first_page_url": _with(request, after=None),
    }
    return TemplateResponse(request, _template(request), context)


def _template(request: HttpRequest) -> str:
    htmx = getattr(request, "htmx", None)
    if htmx and not htmx.history_restore_request:
        if htmx.target == LOAD_MORE_ID:
            return "timeline/_cards.html"
        if htmx.target == RESULTS_ID:
            return "timeline/_results.html"
    return "timeline/timeline.html"


def _filter_params(request: HttpRequest) -> list[tuple[str, str]]:
    """The current filters, without the page, for links that keep them."""
    return [
        (key, value)
        for key, values in request.GET.lists()
        for value in values
        if key not in {"after"} and value
    ]


def _with(request: HttpRequest, **changes: str | None) -> str:
    params = [(k, v) for k, v in _filter_params(request) if k not in changes]
    params += [(k, v) for k, v in changes.items() if v]
    return f"{request.path}?{urlencode(params)}" if params else request.path


def _grouped(result: browse.Page, *, headings: bool = True) -> list[dict[str, Any]]:
    """Cards with the month and day headings that fall before them.

    A heading is written only when the period changes, counting from the last card of
    the page before, so "load more" never repeats one.
    """
    groups = []
    previous_month = previous_day = None
    if result.previous is not None:
        start, precision, _ = result.previous
        previous_month = (start.year, start.month)
        previous_day = start if precision <= 2 else None
    if not headings:  # best match first: dates jump about, so no date headings
        return [{"event": event, "month": None, "day": None} for event in result.events]
    for event in result.events:
        month = (event.start.year, event.start.month)
        day = event.start if event.precision <= 2 else None  # time or day precision
        groups.append(
            {
                "event": event,
                "month": event.start if month != previous_month else None,
                "day": day
                if day is not None and (day != previous_day or month != previous_month)
                else None,
            }
        )
        previous_month, previous_day = month, day
    return groups


@require_GET
@public_cache(max_age=60, vary=HTMX_HEADERS)
def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(
        Event.objects.published()
        .select_related("event_type", "place", "part_of")
        .prefetch_related(
            "counts",
            Prefetch("citations", queryset=_citations()),
            Prefetch(
                "actor_roles",
                queryset=EventActor.objects.select_related("actor").order_by("pk"),
            ),
            Prefetch("timelines", queryset=Timeline.objects.published().order_by("title")),
        ),
        slug=slug,
    )
    if getattr(request, "htmx", None) and request.GET.get("card"):
        return TemplateResponse(request, "timeline/_card_more.html", {"event": event})
    context = {
        "event": event,
        "related": _related(event),
        "json_ld": _json_ld(request, event),
    }
    return TemplateResponse(request, "timeline/event_detail.html", context)


def _citations():
    from timeline.models import EventSource

    return EventSource.objects.select_related("source").order_by("position", "pk")


def _related(event: Event) -> list[Event]:
    """Events it is part of or that are part of it, then what came next of the same type
    at the same place: two indexed queries (an OR across them read the whole table)."""
    public = (
        Event.objects.published()
        .exclude(pk=event.pk)
        .select_related("event_type", "place")
        .order_by("start", "precision", "pk")
    )
    # Unordered in SQL, so the part_of index serves it; a date order would walk them all.
    family = sorted(
        public.filter(part_of=event).order_by()[:5],
        key=lambda other: (other.start, other.precision, other.pk),
    )
    if event.part_of_id:
        family = list(public.filter(pk=event.part_of_id)) + family[:4]
    if event.place_id and len(family) < 5:
        family += public.filter(
            place_id=event.place_id, event_type_id=event.event_type_id, start__gte=event.start
        ).order_by("start", "pk")[: 5 - len(family)]
    return family


def _json_ld(request: HttpRequest, event: Event) -> str:
    """schema.org Event, at the date's precision, safe inside a script element."""
    precision = event.get_precision_display()
    fmt = {"month": "%Y-%m", "year": "%Y"}.get(precision, "%Y-%m-%d")
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.localized_title,
        "description": event.localized_summary,
        "inLanguage": event.content_language,
        "startDate": event.start.strftime(fmt),
        "endDate": event.end.strftime(fmt),
        "eventStatus": f"https://schema.org/Event{_schema_status(event.status)}",
        "url": request.build_absolute_uri(event.get_absolute_url()),
    }
    if event.starts_at:
        data["startDate"] = event.starts_at.isoformat()
    if event.place:
        place: dict[str, Any] = {"@type": "Place", "name": event.place.display_name}
        if event.place.latitude is not None:
            place["geo"] = {
                "@type": "GeoCoordinates",
                "latitude": float(event.place.latitude),
                "longitude": float(event.place.longitude),
            }
        data["location"] = place
    organizers = [
        {"@type": "Person" if r.actor.kind == "person" else "Organization", "name": r.actor.name}
        for r in event.actor_roles.all()
        if r.role == "organizer"
    ]
    if organizers:
        data["organizer"] = organizers
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return mark_safe(text.translate(SCRIPT_ESCAPES))  # noqa: S308 - nothing can close the script


# What json_script escapes, so no text an editor typed can end the script element.
SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def _schema_status(status: str) -> str:
    return {
        "cancelled": "Cancelled",
        "postponed": "Postponed",
    }.get(status, "Scheduled")

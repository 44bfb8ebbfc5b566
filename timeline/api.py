"""The read-only JSON API, version 1: published timelines and events, nothing else.

    GET /api/v1/timelines/           published timelines
    GET /api/v1/timelines/<slug>/    one timeline and the first page of its events
    GET /api/v1/events/              every published event, filtered and paged

Events take the public timeline's filters (type, place, actor, start, end, q, order,
size) and are paged by keyset: `next` is the URL of the following page, with a signed
cursor, or null on the last page. A bad parameter gets a 400 and `{"errors": {...}}`;
an unknown or unpublished timeline a 404 in the same shape. The shape of an event is
the contract: add fields, never rename or remove them within v1.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count as CountOf
from django.db.models import Prefetch, Q, prefetch_related_objects
from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_safe

from timeline import browse
from timeline.caching import public_cache
from timeline.dates import DatePrecision
from timeline.models import EditorialStatus, Event, EventActor, Timeline

MAX_AGE, S_MAXAGE = 60, 300


@require_safe
@public_cache(max_age=MAX_AGE, s_maxage=S_MAXAGE)
def timeline_list(request: HttpRequest) -> JsonResponse:
    live = Q(
        entries__event__editorial_status=EditorialStatus.PUBLISHED,
        entries__event__trashed_at__isnull=True,
    )
    timelines = (
        Timeline.objects.published()
        .annotate(event_count=CountOf("entries", filter=live))
        .order_by("-updated_at", "pk")
    )
    return _json({"timelines": [timeline_data(request, timeline) for timeline in timelines]})


@require_safe
@public_cache(max_age=MAX_AGE, s_maxage=S_MAXAGE)
def timeline_detail(request: HttpRequest, slug: str) -> JsonResponse:
    timeline = Timeline.objects.published().filter(slug=slug).first()
    if timeline is None:
        return _errors({"timeline": [f"There is no published timeline “{slug}”."]}, 404)
    query, errors = browse.read_filters(request.GET, timeline)
    if query is None:
        return _errors(errors, 400)
    return _json({"timeline": timeline_data(request, timeline)} | _page(request, query, timeline))


@require_safe
@public_cache(max_age=MAX_AGE, s_maxage=S_MAXAGE)
def event_list(request: HttpRequest) -> JsonResponse:
    query, errors = browse.read_filters(request.GET)
    if query is None:
        return _errors(errors, 400)
    return _json(_page(request, query, None))


def _page(request: HttpRequest, query: browse.Query, timeline: Timeline | None) -> dict[str, Any]:
    result = browse.page(query, timeline)
    # The page comes with counts and citations; the API also gives sources and actors.
    prefetch_related_objects(
        result.events,
        "citations__source",
        Prefetch("actor_roles", queryset=EventActor.objects.select_related("actor")),
    )
    following = None
    if result.next_cursor:
        params = [(k, v) for k, v in request.GET.lists() if k != "after"]
        params.append(("after", [result.next_cursor]))
        following = request.build_absolute_uri(f"{request.path}?{urlencode(params, doseq=True)}")
    return {
        "events": [event_data(request, event) for event in result.events],
        "next": following,
    }


def timeline_data(request: HttpRequest, timeline: Timeline) -> dict[str, Any]:
    """A timeline as the API gives it."""
    data = {
        "slug": timeline.slug,
        "title": timeline.title,
        "description": timeline.description,
        "ordering": timeline.ordering,
        "updated_at": timeline.updated_at,
        "url": request.build_absolute_uri(timeline.get_absolute_url()),
        "api_url": request.build_absolute_uri(
            reverse("api_timeline", kwargs={"slug": timeline.slug})
        ),
    }
    if hasattr(timeline, "event_count"):
        data["event_count"] = timeline.event_count
    return data


def event_data(request: HttpRequest, event: Event) -> dict[str, Any]:
    """An event as the API gives it: date block, place, actors, counts and sources."""
    place = event.place
    return {
        "slug": event.slug,
        "url": request.build_absolute_uri(event.get_absolute_url()),
        "title": event.title,
        "summary": event.summary,
        "type": {"slug": event.event_type.slug, "name": event.event_type.name},
        "status": event.status,
        "verification": event.verification,
        "is_key": event.is_key,
        "correction": event.correction,
        "date": {
            "date_text": event.date_text,
            "start": event.start,
            "end": event.end,
            "precision": DatePrecision(event.precision).slug,
            "certainty": event.certainty,
            "time": event.time.strftime("%H:%M") if event.time else None,
            "time_of_day": event.time_of_day,
            "time_zone": event.time_zone,
            "display_date": event.display_date,
        },
        "place": None
        if place is None
        else {
            "slug": place.slug,
            "name": place.name,
            "display_name": place.display_name,
            "latitude": float(place.latitude) if place.latitude is not None else None,
            "longitude": float(place.longitude) if place.longitude is not None else None,
        },
        "actors": [
            {
                "slug": role.actor.slug,
                "name": role.actor.name,
                "kind": role.actor.kind,
                "role": role.role,
            }
            for role in event.actor_roles.all()
        ],
        "counts": [
            {
                "measure": count.measure,
                "low": count.low,
                "high": count.high,
                "words": count.words,
                "qualifier": count.qualifier,
                "estimated_by": count.estimated_by,
                "display": count.display,
            }
            for count in event.counts.all()
        ],
        "sources": [
            {
                "url": citation.source.url,
                "outlet": citation.source.outlet,
                "headline": citation.source.headline,
                "published_at": citation.source.published_at,
                "quote": citation.quote,
                "supports": citation.supports,
            }
            for citation in event.citations.all()
        ],
        "published_at": event.published_at,
        "updated_at": event.updated_at,
    }


def _json(data: dict[str, Any], status: int = 200) -> JsonResponse:
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    # Public data, read without credentials: any site may fetch it.
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _errors(errors: dict[str, list[str]], status: int) -> JsonResponse:
    return _json({"errors": errors}, status=status)

"""The map view: where the events that the filters select happened.

`view=map` on a timeline, the all-events page or an embed swaps the list of cards for
a map and a list of places with their counts. The list of places is the whole view
without JavaScript (each place a link that filters by it); with it, static/js/map.js
draws the map from our GeoJSON export for the same filters, so the map selects events
exactly as the list, the feeds and the downloads do (browse.matching).

How many events a map can take: the export holds at most browse.EXPORT_LIMIT events.
Up to that, the map reads one feature per event and Leaflet.markercluster clusters
them (and spreads out, "spiderfies", those at the same spot). Beyond it, the map reads
the export's per-place form (`per=place`: one feature per place with its count, one
GROUP BY however many events match) and clusters the places, adding their counts; the
map says so, and a place leads to its events in the list. Either way every matching
event is counted and the browser holds at most EXPORT_LIMIT markers.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from django import forms
from django.conf import settings
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from timeline import browse
from timeline.caching import public_cache
from timeline.models import Event, Timeline

VIEWS = (("list", gettext_lazy("List")), ("map", gettext_lazy("Map")))
# The per-place export: how the map shows more events than one download holds.
PER_PLACE = "place"


class ViewFilter(browse.TimelineFilter):
    """The public timeline's filters, and whether to show them as a list or a map."""

    view = forms.ChoiceField(required=False, choices=VIEWS, label=gettext_lazy("View"))

    def __init__(self, data: Any, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        self.fields["view"].error_messages["invalid_choice"] = gettext_lazy(
            "The view is list or map."
        )

    def clean_view(self) -> str:
        return self.cleaned_data["view"] or "list"


@dataclasses.dataclass(frozen=True)
class PlaceCount:
    """A place where matching events happened: how many at it, and at it or inside it."""

    slug: str
    name: str
    path: str
    latitude: float | None
    longitude: float | None
    here: int
    within: int

    @property
    def on_map(self) -> bool:
        return self.latitude is not None and self.longitude is not None


def place_counts(
    query: browse.Query, timeline: Timeline | None = None
) -> tuple[list[PlaceCount], int]:
    """Matching events counted per place, most first, and how many have no place.

    One query, whatever the number of events. `within` adds the places inside a place,
    as the place filter does, so a place's count is what its link shows.
    """
    rows = list(
        browse.matching(query, timeline)
        .order_by()
        .values(
            "place__slug",
            "place__display_name",
            "place__path",
            "place__latitude",
            "place__longitude",
        )
        .annotate(n=Count("pk"))
    )
    unplaced = sum(row["n"] for row in rows if row["place__slug"] is None)
    placed = [row for row in rows if row["place__slug"] is not None]
    places = []
    for row in placed:
        path = row["place__path"]
        latitude, longitude = row["place__latitude"], row["place__longitude"]
        places.append(
            PlaceCount(
                slug=row["place__slug"],
                name=row["place__display_name"],
                path=path,
                latitude=float(latitude) if latitude is not None else None,
                longitude=float(longitude) if longitude is not None else None,
                here=row["n"],
                within=sum(other["n"] for other in placed if other["place__path"].startswith(path)),
            )
        )
    places.sort(key=lambda place: (-place.within, place.name))
    return places, unplaced


def address(path: str, filters: list[tuple[str, str]], **changes: str | None) -> str:
    """path with the filters, those named in changes replaced (None or "" drops them)."""
    params = [(key, value) for key, value in filters if key not in changes and key != "after"]
    params += [(key, value) for key, value in changes.items() if value]
    return f"{path}?{urlencode(params)}" if params else path


def geojson_url(timeline: Timeline | None, filters: list[tuple[str, str]], *, per: str = "") -> str:
    """Our GeoJSON export for the same filters (per=place for counts per place)."""
    if timeline is None:
        path = reverse("events_geojson")
    else:
        path = reverse("timeline_geojson", kwargs={"slug": timeline.slug})
    kept = [(key, value) for key, value in filters if key not in {"view", "after", "size", "per"}]
    return address(path, kept, per=per or None)


def context(
    request: HttpRequest,
    query: browse.Query,
    timeline: Timeline | None,
    *,
    total: int,
    filters: list[tuple[str, str]],
    page_path: str | None = None,
) -> dict[str, Any]:
    """What _map.html (and the embed's map) shows: the map's data, places and counts."""
    places, unplaced = place_counts(query, timeline)
    per_event = total <= browse.EXPORT_LIMIT
    page_path = page_path or request.path
    return {
        "map": {
            "geojson_url": geojson_url(timeline, filters, per="" if per_event else PER_PLACE),
            "mode": "events" if per_event else "places",
            "limit": browse.EXPORT_LIMIT,
            "tile_url": settings.MAP_TILE_URL,
            "tile_attribution": settings.MAP_TILE_ATTRIBUTION,
            "places": [
                (place, address(page_path, filters, place=place.slug, view=None))
                for place in places
            ],
            "on_map": sum(place.here for place in places if place.on_map),
            "unplaced": unplaced,
            "card_url": reverse("event_card", kwargs={"slug": "__slug__"}),
        }
    }


@require_GET
@public_cache(max_age=60)
def event_card(request: HttpRequest, slug: str) -> HttpResponse:
    """One published event's card, as the list shows it: what a map marker opens."""
    event = get_object_or_404(
        Event.objects.published().for_cards(),
        slug=slug,
    )
    return TemplateResponse(request, "timeline/_map_card.html", {"event": event})

"""Between the extractor (pure) and the database: places it may name, events it may repeat."""

from __future__ import annotations

from timeline.extraction.candidates import Candidate, KnownPlace
from timeline.models import Event, Place, PlaceKind


def known_places() -> list[KnownPlace]:
    """The places already in the database, so the extractor can name neighbourhoods."""
    places = Place.objects.only(
        "name", "slug", "kind", "latitude", "longitude", "time_zone", "display_name", "path"
    )
    known = []
    for place in places:
        known.append(
            KnownPlace(
                names=(place.name,),
                parts=tuple(part.strip() for part in place.display_name.split(",")),
                kind=place.kind,
                latitude=float(place.latitude) if place.latitude is not None else None,
                longitude=float(place.longitude) if place.longitude is not None else None,
                time_zone=place.time_zone,
                slug=place.slug,
            )
        )
    return known


def place_for(candidate: Candidate) -> Place | None:
    """The database place a candidate names, when it is one we hold."""
    if candidate.place is None:
        return None
    if candidate.place.slug:
        return Place.objects.filter(slug=candidate.place.slug).first()
    return (
        Place.objects.filter(display_name=candidate.place.display_name).first()
        or Place.objects.filter(
            name=candidate.place.parts[0], kind__in=[PlaceKind.CITY, PlaceKind.STATE]
        ).first()
    )


def possible_duplicates(candidate: Candidate, *, limit: int = 5) -> list[Event]:
    """Live events that may be the same one: same type, overlapping dates, same or near place.

    "Near" is the candidate's place, any place inside it, or the city holding it.
    """
    events = (
        Event.objects.live()
        .of_type(candidate.type)
        .between(candidate.start, candidate.end)
        .select_related("place")
    )
    place = place_for(candidate)
    if place is not None:
        city = next(
            (node for node in [place, *place.ancestors()] if node.kind == PlaceKind.CITY), place
        )
        events = events.filter(place__path__startswith=city.path)
    return list(events.order_by("start", "pk")[:limit])

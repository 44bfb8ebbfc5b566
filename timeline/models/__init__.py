"""Dateline's domain: events with their dates, places, actors, counts and cited sources.

See ../shared/DOMAIN.md for what each field means. One module a concept; everything is
re-exported here, so `from timeline.models import Event` is the one way to import.
Integrity that the data depends on (end not before start, low not above high, unique
slugs and source URLs) lives in the database as constraints, not only in forms.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from timeline.models.common import PUBLISH_PERMISSION, unique_slug, validate_time_zone
from timeline.models.events import (
    ActorRole,
    Count,
    EditorialStatus,
    Estimator,
    Event,
    EventActor,
    EventQuerySet,
    EventSource,
    EventStatus,
    EventType,
    Measure,
    Qualifier,
    Supports,
    Verification,
)
from timeline.models.places import (
    Actor,
    ActorKind,
    Place,
    PlaceKind,
    PlacePrecision,
    PlaceQuerySet,
)
from timeline.models.sources import (
    TRACKING_PARAMETERS,
    Decision,
    ExtractionRun,
    ExtractionRunQuerySet,
    ProposedEvent,
    RunStatus,
    Source,
    SourceType,
    normalize_url,
)
from timeline.models.timelines import (
    NARRATIVE_MAX_LENGTH,
    Timeline,
    TimelineEvent,
    TimelineEventQuerySet,
    TimelineOrder,
    TimelineQuerySet,
)

if TYPE_CHECKING:
    # A type only, for annotations elsewhere (`by: User`).
    from timeline.models.common import User as User

__all__ = [
    "NARRATIVE_MAX_LENGTH",
    "PUBLISH_PERMISSION",
    "TRACKING_PARAMETERS",
    "Actor",
    "ActorKind",
    "ActorRole",
    "Count",
    "Decision",
    "EditorialStatus",
    "Estimator",
    "Event",
    "EventActor",
    "EventQuerySet",
    "EventSource",
    "EventStatus",
    "EventType",
    "ExtractionRun",
    "ExtractionRunQuerySet",
    "Measure",
    "Place",
    "PlaceKind",
    "PlacePrecision",
    "PlaceQuerySet",
    "ProposedEvent",
    "Qualifier",
    "RunStatus",
    "Source",
    "SourceType",
    "Supports",
    "Timeline",
    "TimelineEvent",
    "TimelineEventQuerySet",
    "TimelineOrder",
    "TimelineQuerySet",
    "Verification",
    "normalize_url",
    "unique_slug",
    "validate_time_zone",
]

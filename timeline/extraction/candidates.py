"""What the extractor proposes: candidate events, with their places and counts.

Plain data, no database: the admin's review turns an accepted candidate into an Event.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any


@dataclasses.dataclass(frozen=True)
class KnownPlace:
    """A place the gazetteer can name: from the database or the offline city list.

    `names` are the spellings looked for in text ("South Loop"); `parts` the display
    line from the most specific part out: ("South Loop", "Chicago", "IL").
    """

    names: tuple[str, ...]
    parts: tuple[str, ...]
    kind: str  # country, state, county, city, neighbourhood, venue (as PlaceKind)
    latitude: float | None = None
    longitude: float | None = None
    time_zone: str = ""
    slug: str = ""  # set when the place is already in the database

    @property
    def display_name(self) -> str:
        return ", ".join(self.parts)


@dataclasses.dataclass(frozen=True)
class CandidateCount:
    """ "At least 10 people were arrested" → arrested, 10, None, "at least 10", at_least."""

    measure: str  # participants, arrested, detained, deployed, injured, killed
    low: int | None
    high: int | None
    text: str  # the words used
    qualifier: str = "exact"  # exact, about, at_least, at_most
    estimated_by: str = ""  # organizers, police, agency, reporters, officials


@dataclasses.dataclass
class Candidate:
    """One event the article seems to report, with the sentence that says so."""

    title: str
    type: str  # one of the nine EventType slugs
    status: str  # occurred, ongoing, planned, scheduled, expected
    date_text: str  # the words that date it: "Sunday night", "last week"
    start: dt.date
    end: dt.date  # inclusive
    precision: str  # time, day, week, month, year
    evidence: str  # the sentence
    evidence_start: int  # offsets of the sentence in the article text
    evidence_end: int
    confidence: float
    time_of_day: str = ""  # morning, afternoon, evening, night, late, early
    time: dt.time | None = None
    certainty: str = "exact"
    place: KnownPlace | None = None
    actors: list[str] = dataclasses.field(default_factory=list)
    counts: list[CandidateCount] = dataclasses.field(default_factory=list)
    # An earlier candidate telling the same event, by index: runs made before retellings
    # were merged into also_told carry it, and their review still shows it.
    same_as: int | None = None
    # Dated by the sentence before, which this one continues ("The government
    # immediately filed an appeal."): a date the editor should check.
    inherited: bool = False
    # Other sentences telling the same event: further evidence for the same citation.
    also_told: list[str] = dataclasses.field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        """The command line's and the review's shape of a candidate."""
        return {
            "title": self.title,
            "type": self.type,
            "status": self.status,
            "date_text": self.date_text,
            "date_inherited": self.inherited,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "precision": self.precision,
            "certainty": self.certainty,
            "time_of_day": self.time_of_day or None,
            "time": self.time.isoformat(timespec="minutes") if self.time else None,
            "place": self.place.display_name if self.place else None,
            "place_slug": self.place.slug if self.place and self.place.slug else None,
            "latitude": self.place.latitude if self.place else None,
            "longitude": self.place.longitude if self.place else None,
            "actors": list(self.actors),
            "counts": [dataclasses.asdict(count) for count in self.counts],
            "evidence": self.evidence,
            "evidence_start": self.evidence_start,
            "evidence_end": self.evidence_end,
            "confidence": round(self.confidence, 2),
            "same_as": self.same_as,
            "also_told": list(self.also_told),
        }

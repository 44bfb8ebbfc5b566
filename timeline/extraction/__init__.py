"""Events from article text: pure functions, no database.

    extract(text, published=dt.datetime(...), time_zone="America/Chicago", places=[...])

returns candidate events with resolved dates, places, actors, counts and evidence.
"""

from timeline.extraction.candidates import Candidate, CandidateCount, KnownPlace
from timeline.extraction.pipeline import extract

__all__ = ["Candidate", "CandidateCount", "KnownPlace", "extract"]

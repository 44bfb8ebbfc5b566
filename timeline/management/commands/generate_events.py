"""Make synthetic events for benchmarks and demos: `generate_events --count 100000 --seed 7`.

Builds a place hierarchy (United States, states, cities, neighbourhoods), actors and up
to 400 sources under https://news.example.org, then `--count` events from 2015 to 2025
with citations, counts, actor roles and places on four "Demo timeline" timelines.
`--one-timeline` instead publishes every event in one published timeline, so that it
shows exactly `--count` events (scripts/benchmark-browser times pages by that number).
The same seed gives the same titles, dates and text. Each run adds: places and actors
are shared by slug, while events, sources and timelines are new, with a run tag
(`s7r2`: seed 7, second run with it) in their slugs and addresses.

Events and the rows that hang off them are written with COPY (PostgreSQL) or
executemany (SQLite), not save(), so the slug, end and published_at that Event.save()
would set are set here; the database's constraints still check every row. No history
(django-reversion) is recorded for generated rows.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import math
import random
import time
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.management.base import (
    BaseCommand,
    CommandError,
    CommandParser,
    OutputWrapper,
)
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.text import slugify

from timeline.dates import Certainty, DatePrecision, TimeOfDay, clock_time, month_day
from timeline.models import (
    Actor,
    ActorKind,
    ActorRole,
    Count,
    EditorialStatus,
    Estimator,
    Event,
    EventActor,
    EventSource,
    EventStatus,
    EventType,
    Measure,
    Place,
    PlaceKind,
    PlacePrecision,
    Qualifier,
    Source,
    SourceType,
    Supports,
    Timeline,
    TimelineEvent,
    TimelineOrder,
    Verification,
    normalize_url,
)

MAX_COUNT = 2_000_000
BATCH_SIZE = 5_000
FIRST_DAY = dt.date(2015, 1, 1)
LAST_DAY = dt.date(2025, 12, 31)
SOURCE_HOST = "https://news.example.org"

# --- Places and actors ---------------------------------------------------------------


def table(text: str) -> list[list[str]]:
    """Read a table written one row a line, cells separated by "|"."""
    return [[cell.strip() for cell in line.split("|")] for line in text.strip().splitlines()]


def words(text: str) -> list[str]:
    """Read a comma-separated word list written across lines."""
    return [word.strip() for word in text.replace("\n", " ").split(",") if word.strip()]


ZONES = {
    "eastern": "America/New_York",
    "central": "America/Chicago",
    "mountain": "America/Denver",
    "arizona": "America/Phoenix",
    "pacific": "America/Los_Angeles",
}

# Slug | name | kind | parent slug | abbreviation | latitude | longitude | zone. Slugs match
# the seed data's where they overlap, so generated events share its places.
PLACES = table("""
united-states | United States | country | | U.S. | 39.8283 | -98.5795 | central
illinois | Illinois | state | united-states | IL | 40.0000 | -89.2000 | central
chicago | Chicago | city | illinois | | 41.8781 | -87.6298 | central
south-loop | South Loop | neighbourhood | chicago | | 41.8569 | -87.6244 | central
pilsen | Pilsen | neighbourhood | chicago | | 41.8558 | -87.6564 | central
little-village | Little Village | neighbourhood | chicago | | 41.8455 | -87.7050 | central
logan-square | Logan Square | neighbourhood | chicago | | 41.9234 | -87.7083 | central
back-of-the-yards | Back of the Yards | neighbourhood | chicago | | 41.8089 | -87.6645 | central
broadview | Broadview | city | illinois | | 41.8639 | -87.8534 | central
california | California | state | united-states | CA | 36.7783 | -119.4179 | pacific
los-angeles | Los Angeles | city | california | | 34.0522 | -118.2437 | pacific
boyle-heights | Boyle Heights | neighbourhood | los-angeles | | 34.0339 | -118.2053 | pacific
westlake | Westlake | neighbourhood | los-angeles | | 34.0597 | -118.2771 | pacific
downtown-los-angeles | Downtown | neighbourhood | los-angeles | | 34.0407 | -118.2468 | pacific
paramount | Paramount | city | california | | 33.8894 | -118.1598 | pacific
san-diego | San Diego | city | california | | 32.7157 | -117.1611 | pacific
barrio-logan | Barrio Logan | neighbourhood | san-diego | | 32.6973 | -117.1457 | pacific
oregon | Oregon | state | united-states | OR | 43.8041 | -120.5542 | pacific
portland-or | Portland | city | oregon | | 45.5152 | -122.6784 | pacific
south-waterfront | South Waterfront | neighbourhood | portland-or | | 45.4995 | -122.6710 | pacific
texas | Texas | state | united-states | TX | 31.9686 | -99.9018 | central
houston | Houston | city | texas | | 29.7604 | -95.3698 | central
gulfton | Gulfton | neighbourhood | houston | | 29.7227 | -95.4727 | central
el-paso | El Paso | city | texas | | 31.7619 | -106.4850 | mountain
segundo-barrio | Segundo Barrio | neighbourhood | el-paso | | 31.7497 | -106.4797 | mountain
san-antonio | San Antonio | city | texas | | 29.4241 | -98.4936 | central
new-york | New York | state | united-states | NY | 42.1657 | -74.9481 | eastern
new-york-city | New York City | city | new-york | | 40.7128 | -74.0060 | eastern
lower-manhattan | Lower Manhattan | neighbourhood | new-york-city | | 40.7163 | -74.0086 | eastern
jackson-heights | Jackson Heights | neighbourhood | new-york-city | | 40.7557 | -73.8831 | eastern
massachusetts | Massachusetts | state | united-states | MA | 42.4072 | -71.3824 | eastern
boston | Boston | city | massachusetts | | 42.3601 | -71.0589 | eastern
east-boston | East Boston | neighbourhood | boston | | 42.3702 | -71.0389 | eastern
arizona | Arizona | state | united-states | AZ | 34.0489 | -111.0937 | arizona
phoenix | Phoenix | city | arizona | | 33.4484 | -112.0740 | arizona
maryvale | Maryvale | neighbourhood | phoenix | | 33.4950 | -112.1800 | arizona
florida | Florida | state | united-states | FL | 27.6648 | -81.5158 | eastern
miami | Miami | city | florida | | 25.7617 | -80.1918 | eastern
little-havana | Little Havana | neighbourhood | miami | | 25.7654 | -80.2199 | eastern
minnesota | Minnesota | state | united-states | MN | 46.7296 | -94.6859 | central
minneapolis | Minneapolis | city | minnesota | | 44.9778 | -93.2650 | central
cedar-riverside | Cedar-Riverside | neighbourhood | minneapolis | | 44.9690 | -93.2470 | central
district-of-columbia | District of Columbia | state | united-states | DC \
    | 38.9072 | -77.0369 | eastern
washington-dc | Washington | city | district-of-columbia | | 38.9072 | -77.0369 | eastern
""")

PLACE_PRECISION = {
    PlaceKind.COUNTRY: PlacePrecision.COUNTRY,
    PlaceKind.STATE: PlacePrecision.STATE,
    PlaceKind.CITY: PlacePrecision.CITY,
    PlaceKind.NEIGHBOURHOOD: PlacePrecision.NEIGHBOURHOOD,
}

# Slug | name | kind | parent slug | description | pool the generator picks it from.
# People are invented: synthetic quotes are never put in a real person's mouth.
ACTORS = table("""
department-of-homeland-security | Department of Homeland Security | agency | | | agency
ice | U.S. Immigration and Customs Enforcement (ICE) | agency \
    | department-of-homeland-security | | enforcer
ice-ero | Enforcement and Removal Operations (ERO) | unit | ice | | enforcer
cbp | U.S. Customs and Border Protection | agency | department-of-homeland-security | | enforcer
border-patrol | U.S. Border Patrol | unit | cbp | | enforcer
fbi | Federal Bureau of Investigation | agency | | | enforcer
federal-agents | Federal agents | group | | | enforcer
city-police | City police | group | | Local police officers | enforcer
state-police | State police | group | | State troopers | enforcer
national-guard | National Guard | unit | | | force
us-marines | U.S. Marines | unit | | | force
federal-protective-service | Federal Protective Service | agency \
    | department-of-homeland-security | | force
department-of-justice | Department of Justice | agency | | | agency
city-council | City council | group | | Members of the city council | agency
state-legislature | State legislature | group | | | agency
ana-whitfield | Ana Whitfield | person | | Governor (fictional) | official
marcus-hale | Marcus Hale | person | | Governor (fictional) | official
rosa-delgado | Rosa Delgado | person | | Mayor (fictional) | official
tom-okafor | Tom Okafor | person | | Mayor (fictional) | official
linda-park | Linda Park | person | | Cabinet secretary (fictional) | official
james-varga | James Varga | person | | Agency director (fictional) | official
ellen-morrow | Ellen Morrow | person | | President (fictional) | official
jin-soto | Jin Soto | person | | Alderperson (fictional) | official
ruth-abara | Ruth Abara | person | | State attorney general (fictional) | official
david-lund | David Lund | person | | Pastor and organizer (fictional) | speaker
maria-quintero | Maria Quintero | person | | Community organizer (fictional) | speaker
immigrant-rights-coalition | Immigrant Rights Coalition | organisation | | | organisation
workers-united-alliance | Workers United Alliance | organisation | | | organisation
faith-leaders-network | Faith Leaders Network | organisation | | | organisation
student-action-committee | Student Action Committee | organisation | | | organisation
civil-liberties-union | Civil Liberties Union | organisation | | | organisation
legal-aid-society | Legal Aid Society | organisation | | | organisation
protesters | Protesters | group | | | crowd
residents | Residents | group | | | crowd
workers | Workers | group | | | crowd
students | Students | group | | | crowd
parents | Parents | group | | | crowd
us-district-court | U.S. District Court | agency | | Federal trial court | court
court-of-appeals | U.S. Court of Appeals | agency | | Federal appeals court | court
state-supreme-court | State Supreme Court | agency | | | court
""")

# Per type: the roles an event of it may name, in order, with the actor pool for each.
ROLES: dict[str, list[tuple[str, str]]] = {
    "rally": [("organizer", "organisation"), ("participant", "crowd"), ("speaker", "speaker")],
    "raid": [("enforcing_agency", "enforcer"), ("target", "crowd"), ("speaker", "official")],
    "arrest": [("enforcing_agency", "enforcer"), ("target", "crowd"), ("speaker", "official")],
    "deployment": [
        ("deployed_force", "force"),
        ("deploying_authority", "official"),
        ("speaker", "official"),
    ],
    "statement": [("speaker", "official"), ("speaker", "speaker"), ("target", "agency")],
    "order": [("issuer", "official"), ("target", "enforcer"), ("speaker", "official")],
    "court": [("court", "court"), ("plaintiff", "organisation"), ("defendant", "agency")],
    "policy": [("issuer", "agency"), ("speaker", "official"), ("target", "crowd")],
    "other": [("participant", "crowd"), ("speaker", "speaker"), ("organizer", "organisation")],
}

# --- Words ---------------------------------------------------------------------------

SITES = words("""
warehouse, car wash, bakery, shipyard, courthouse, apartment complex, bus depot,
construction site, meatpacking plant, orchard, restaurant, hotel, day-labor corner,
flea market, church, school, hospital, parking lot, train station, laundromat,
garment factory, farm, food bank, community center, library, Home Depot, truck stop,
check-in office
""")
CROWDS = words("""
hundreds of residents, students, faith leaders, union members, parents, neighbors,
veterans, nurses, teachers, street vendors, day laborers, musicians, grandmothers,
cyclists, tenants, youth groups
""")
CAUSES = words("""
immigration raids, the deployment, detentions, deportations, curfews, school safety,
police funding, the new rule, family separations, courthouse arrests, the budget cuts,
sanctuary protections, workplace sweeps, surveillance drones, the detention center,
the checkpoint
""")
RALLY_NOUNS = ["rally", "march", "vigil", "protest", "walkout", "sit-in", "caravan", "teach-in"]
RALLY_VERBS = ["rally", "march", "hold vigil", "protest", "walk out", "gather", "picket"]
RAID_NAMES = words("""
Operation Midway, Operation Lakeshore, Operation Safe Harbor, Operation Granite,
Operation Clear Skies, Operation Ironwood, Operation Northstar, Operation Mesa
""")
FORCES = words("""
National Guard troops, Marines, federal agents, Border Patrol tactical units,
state troopers, Guard engineers, military police
""")
TOPICS = words("""
sanctuary policy, detention conditions, the curfew, troop withdrawal, federal funding,
bond hearings, the asylum backlog, worksite enforcement, body cameras, masked agents,
school access, the census count, rental aid, language access, emergency shelters,
the border wall, visa processing, driver's licenses, legal aid funding,
transit security
""")
SPEECH_VERBS = words("""
calls for action on, warns about, vows to fight, pledges support for, demands answers on,
criticizes, rejects, defends, questions, promises review of
""")
# Who speaks or signs for a place of each kind.
OFFICIALS = {
    "country": ["President", "Cabinet secretary", "Agency director", "Senator"],
    "state": ["Governor", "Attorney general", "State senator"],
    "city": ["Mayor", "Police chief", "Council member"],
    "neighbourhood": ["Alderperson", "Pastor", "Community organizer"],
    None: ["Agency director", "Spokesperson", "President"],
}
ORDER_KINDS = words("""
executive order, directive, memo, proclamation, emergency declaration, guidance,
enforcement priorities
""")
COURT_VERBS = ["blocks", "halts", "upholds", "pauses", "strikes down", "allows", "limits"]
POLICY_VERBS = ["approves", "passes", "cuts", "expands", "delays", "repeals", "funds"]
POLICY_THINGS = words("""
budget, ordinance, bill, rule, grant program, hiring plan, data policy, shelter plan,
reporting requirement
""")
OTHER_THINGS = words("""
Community meeting, Town hall, Benefit concert, Hunger strike, Mural unveiled, Bus tour,
Candlelight procession, Food drive, Teach-in, Press tour
""")
DETAILS = [
    "Witnesses described unmarked vans and agents in tactical vests.",
    "Organizers handed out know-your-rights cards in English and Spanish.",
    "A helicopter circled overhead for most of the afternoon.",
    "Shops on the block closed early and children were kept inside.",
    "Lawyers said they were not allowed to speak with those held.",
    "The crowd chanted and carried hand-painted banners.",
    "Officials declined to say how many people were involved.",
    "Video shared online showed a tense standoff near the entrance.",
    "Volunteers set up a hotline and a rapid-response network.",
    "Local clergy opened a sanctuary for families overnight.",
    "The city's emergency management office issued an alert.",
    "Reporters were kept behind a line of barricades.",
    "Rain thinned the crowd by evening, but a core group stayed.",
    "A spokesperson said the operation targeted people with final removal orders.",
    "Neighbors filmed from balconies and shared the footage.",
    "Students left classes early to join.",
    "The agency said more details would follow in a statement.",
    "Council members called for an independent investigation.",
]
OUTLETS = [
    ("Lakeshore Ledger", "lakeshore-ledger"),
    ("Pacific Dispatch", "pacific-dispatch"),
    ("Metro Wire", "metro-wire"),
    ("Gulf Coast Courier", "gulf-coast-courier"),
    ("Capitol Report", "capitol-report"),
    ("Borderland Post", "borderland-post"),
    ("Northern Star Tribune", "northern-star-tribune"),
    ("Example News", "example-news"),
    ("Court Watch", "court-watch"),
    ("Civic Data Desk", "civic-data-desk"),
]
FIRST_NAMES = words("""
Alex, Bea, Carlos, Dana, Eli, Farah, Gus, Hana, Ivan, Jo, Kofi, Lena, Mateo, Nia, Omar,
Priya, Quinn, Rosa, Sam, Tariq
""")
LAST_NAMES = words("""
Alvarez, Brooks, Chen, Duarte, Evans, Fischer, Garcia, Huang, Iqbal, Jensen, Kowalski,
Lopez, Moreno, Nakamura, Osei, Petrov
""")
WORDS_ONLY = {
    "participants": ["hundreds", "thousands", "dozens", "tens of thousands", "a few hundred"],
    "arrested": ["dozens", "several", "a handful"],
    "detained": ["dozens", "several", "scores"],
    "deployed": ["hundreds", "thousands"],
    "injured": ["several", "a few"],
}
# Per type: which measures its counts use, and the typical size of each (log-uniform).
MEASURES: dict[str, list[str]] = {
    "rally": ["participants", "participants", "arrested", "injured"],
    "raid": ["detained", "arrested", "injured"],
    "arrest": ["arrested", "detained"],
    "deployment": ["deployed"],
}
SIZES = {
    "participants": (20, 100_000),
    "arrested": (1, 300),
    "detained": (1, 500),
    "deployed": (50, 5_000),
    "injured": (1, 40),
}
ESTIMATORS = {
    "participants": ["organizers", "police", "reporters", "officials"],
    "arrested": ["police", "agency", "officials", "reporters"],
    "detained": ["agency", "officials", "reporters", "organizers"],
    "deployed": ["officials", "agency", "reporters"],
    "injured": ["officials", "reporters", "organizers"],
}

TYPE_WEIGHTS = {
    "rally": 20,
    "raid": 14,
    "arrest": 14,
    "deployment": 8,
    "statement": 16,
    "order": 7,
    "court": 9,
    "policy": 7,
    "other": 5,
}
# Per type: how likely each level of place is (country, state, city, neighbourhood, none).
PLACE_LEVELS: dict[str, tuple[int, int, int, int, int]] = {
    "rally": (1, 2, 45, 52, 0),
    "raid": (0, 1, 35, 64, 0),
    "arrest": (0, 1, 40, 59, 0),
    "deployment": (2, 10, 60, 28, 0),
    "statement": (12, 20, 50, 8, 10),
    "order": (40, 35, 25, 0, 0),
    "court": (5, 25, 70, 0, 0),
    "policy": (25, 40, 35, 0, 0),
    "other": (2, 8, 50, 35, 5),
}
LEVELS = ["country", "state", "city", "neighbourhood", None]
FUTURE_STATUSES = {EventStatus.PLANNED, EventStatus.SCHEDULED, EventStatus.EXPECTED}
STATUS_WEIGHTS = {
    EventStatus.OCCURRED: 86,
    EventStatus.ONGOING: 4,
    EventStatus.PLANNED: 2,
    EventStatus.SCHEDULED: 2,
    EventStatus.EXPECTED: 2,
    EventStatus.CANCELLED: 2,
    EventStatus.POSTPONED: 2,
}
VERIFICATION_WEIGHTS = {
    Verification.UNVERIFIED: 10,
    Verification.SINGLE_SOURCE: 30,
    Verification.CORROBORATED: 35,
    Verification.CONFIRMED: 20,
    Verification.DISPUTED: 4,
    Verification.RETRACTED: 1,
}


def weighted(rng: random.Random, weights: dict[Any, int]) -> Any:
    """Return one key of weights, chosen in proportion to its weight."""
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def log_uniform(rng: random.Random, low: int, high: int) -> int:
    """Return a whole number between low and high, small ones as likely per decade as big."""
    return round(math.exp(rng.uniform(math.log(low), math.log(high))))


def round_figure(n: int) -> int:
    """Round the way a reporter would: 1,840 -> 1,800; 37 -> 40."""
    if n < 20:
        return n
    step = 10 ** max(1, len(str(n)) - 2)
    return max(step, round(n / step) * step)


# --- What the run made ----------------------------------------------------------------


@dataclass
class Made:
    """What one run created, for the closing report."""

    places: int = 0
    actors: int = 0
    sources: int = 0
    timelines: int = 0
    events: int = 0
    citations: int = 0
    counts: int = 0
    actor_roles: int = 0
    timeline_entries: int = 0
    statuses: dict[str, int] = field(default_factory=dict)

    def report(self, *, seed: int, tag: str, seconds: float) -> str:
        """Return the closing lines: what was created and how long it took."""
        tallies = ", ".join(
            f"{n:,} {name}"
            for name, n in [
                ("events", self.events),
                ("citations", self.citations),
                ("counts", self.counts),
                ("actor roles", self.actor_roles),
                ("timeline entries", self.timeline_entries),
                ("sources", self.sources),
                ("timelines", self.timelines),
                ("new places", self.places),
                ("new actors", self.actors),
            ]
        )
        statuses = ", ".join(f"{n:,} {name}" for name, n in sorted(self.statuses.items()))
        return (
            f"Created {tallies} (seed {seed}, run tag {tag}) in {seconds:.1f} s.\n"
            f"Events by editorial state: {statuses}."
        )


@dataclass
class Planned:
    """One event before it has a primary key, with the rows that will hang off it."""

    event: dict[str, Any]  # Event field attnames to values
    citations: list[tuple[int, str, str]]  # source index, quote, supports
    counts: list[dict[str, Any]]
    roles: list[tuple[int, str]]  # actor index, role
    timelines: list[int]


# --- The generator ---------------------------------------------------------------------


class Generator:
    """Turns a seed into events; all randomness comes from seeded random.Random streams."""

    def __init__(
        self, *, seed: int, tag: str, stdout: OutputWrapper, one_timeline: bool = False
    ) -> None:
        # Reproducible synthetic data, not secrets: a seeded PRNG is what is wanted.
        self.rng = random.Random(seed)  # noqa: S311
        # Sources draw from their own stream, so the events a seed gives do not depend
        # on how many sources --count calls for: --count 300 gives the first 300 of 3,000.
        self.source_rng = random.Random(f"{seed}:sources")  # noqa: S311
        self.seed = seed
        self.tag = tag
        self.one_timeline = one_timeline
        self.stdout = stdout
        self.made = Made()
        self.now = timezone.now()

    # Shared rows: places and actors, found by slug or created through save().

    def ensure_places(self) -> None:
        by_slug: dict[str, Place] = {}
        for slug, name, kind, parent, abbreviation, lat, lon, zone in PLACES:
            place = Place.objects.filter(slug=slug).first()
            if place is None:
                place = Place(
                    slug=slug,
                    name=name,
                    kind=kind,
                    parent=by_slug.get(parent),
                    abbreviation=abbreviation,
                    latitude=Decimal(lat),
                    longitude=Decimal(lon),
                    time_zone=ZONES[zone],
                    precision=PLACE_PRECISION[PlaceKind(kind)],
                )
                place.save()
                self.made.places += 1
            by_slug[slug] = place
        # In table order, not database order, so the choice of place follows the seed.
        self.places = [by_slug[row[0]] for row in PLACES]
        self.zones = [place.effective_time_zone for place in self.places]
        self.places_by_level = {
            level: [i for i, row in enumerate(PLACES) if row[2] == level]
            for level in LEVELS
            if level
        }
        parents = {row[0]: row[3] for row in PLACES}

        def in_illinois(slug: str) -> bool:
            while slug and slug != "illinois":
                slug = parents[slug]
            return slug == "illinois"

        self.illinois = {i for i, row in enumerate(PLACES) if in_illinois(row[0])}

    def ensure_actors(self) -> None:
        by_slug: dict[str, Actor] = {}
        for slug, name, kind, parent, description, _pool in ACTORS:
            actor = Actor.objects.filter(slug=slug).first()
            if actor is None:
                actor = Actor.objects.create(
                    slug=slug,
                    name=name,
                    kind=ActorKind(kind),
                    parent=by_slug.get(parent),
                    description=description,
                )
                self.made.actors += 1
            by_slug[slug] = actor
        self.actors = [by_slug[row[0]] for row in ACTORS]
        self.pools: dict[str, list[int]] = {}
        for i, row in enumerate(ACTORS):
            self.pools.setdefault(row[5], []).append(i)

    def create_sources(self, n: int) -> None:
        """Create n sources spread evenly over the years, oldest first."""
        rng, span = self.source_rng, (LAST_DAY - FIRST_DAY).days
        sources = []
        for i in range(n):
            day = FIRST_DAY + dt.timedelta(days=round(span * (i + rng.random()) / n))
            outlet, outlet_slug = rng.choice(OUTLETS)
            headline = self.source_headline(rng)
            published = dt.datetime.combine(
                day,
                dt.time(rng.randint(6, 22), rng.choice((0, 15, 30, 45))),
                zoneinfo.ZoneInfo(settings.TIME_ZONE),
            )
            url = (
                f"{SOURCE_HOST}/{outlet_slug}/{day:%Y/%m/%d}/"
                f"{slugify(headline)[:80]}-{self.tag}-{i + 1}"
            )
            sources.append(
                Source(
                    url=normalize_url(url),
                    outlet=outlet,
                    headline=headline,
                    author=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                    published_at=published,
                    source_type=weighted(
                        rng,
                        {
                            SourceType.NEWS_REPORT: 60,
                            SourceType.WIRE: 15,
                            SourceType.OFFICIAL_STATEMENT: 10,
                            SourceType.SOCIAL_POST: 7,
                            SourceType.COURT_FILING: 6,
                            SourceType.DATASET: 2,
                        },
                    ),
                    captured_text=" ".join(rng.sample(DETAILS, 4)),
                    captured_at=published + dt.timedelta(hours=rng.randint(1, 48)),
                )
            )
        self.sources = Source.objects.bulk_create(sources, batch_size=BATCH_SIZE)
        self.source_days = [source.published_at.date() for source in self.sources]
        self.made.sources = len(self.sources)

    @staticmethod
    def source_headline(rng: random.Random) -> str:
        return rng.choice(
            [
                f"What we know about {rng.choice(TOPICS)}",
                f"Live updates: {rng.choice(CAUSES)} and the response",
                f"{rng.choice(CROWDS).capitalize()} respond to {rng.choice(CAUSES)}",
                f"Inside the fight over {rng.choice(TOPICS)}",
                f"Timeline: {rng.choice(RAID_NAMES)} and its aftermath",
            ]
        )

    def create_timelines(self) -> None:
        run = self.tag
        specs = [
            (
                f"Demo timeline: enforcement in Illinois ({run})",
                "Raids, arrests, deployments and protests in Illinois, generated for demos.",
                TimelineOrder.OLDEST_FIRST,
                True,
            ),
            (
                f"Demo timeline: the court fights ({run})",
                "Lawsuits, rulings, orders and policy changes, newest first.",
                TimelineOrder.NEWEST_FIRST,
                True,
            ),
            (
                f"Demo timeline: crowds in the streets ({run})",
                "Rallies, marches and vigils across the country.",
                TimelineOrder.OLDEST_FIRST,
                True,
            ),
            (
                f"Demo timeline: editors' picks, unpublished ({run})",
                "A working list that readers never see.",
                TimelineOrder.OLDEST_FIRST,
                False,
            ),
        ]
        if self.one_timeline:
            specs = [
                (
                    f"Benchmark timeline ({run})",
                    "Every generated event, published, in one timeline.",
                    TimelineOrder.OLDEST_FIRST,
                    True,
                )
            ]
        self.timelines = Timeline.objects.bulk_create(
            Timeline(
                title=title,
                slug=slugify(title)[:200],
                description=description,
                ordering=ordering,
                is_published=is_published,
            )
            for title, description, ordering, is_published in specs
        )
        self.made.timelines = len(self.timelines)

    # One event.

    def plan(self, n: int) -> Planned:
        rng = self.rng
        type_slug = weighted(rng, TYPE_WEIGHTS)
        level = rng.choices(LEVELS, weights=PLACE_LEVELS[type_slug])[0]
        place_index = rng.choice(self.places_by_level[level]) if level else None
        place_name = self.places[place_index].name if place_index is not None else ""
        if level == PlaceKind.COUNTRY:
            place_name = f"the {place_name}"
        zone = self.zones[place_index] if place_index is not None else settings.TIME_ZONE

        status = weighted(rng, STATUS_WEIGHTS)
        dates = self.dates(status)
        title, summary = self.text(type_slug, place_name, level)

        editorial = weighted(
            rng,
            {EditorialStatus.PUBLISHED: 88, EditorialStatus.DRAFT: 8, EditorialStatus.IN_REVIEW: 4},
        )
        published_at = trashed_at = None
        # When it was written up: the anchor day, in the afternoon where it happened.
        written = dt.datetime.combine(
            dates["anchor"],
            dt.time(rng.randint(7, 21), rng.randint(0, 59)),
            zoneinfo.ZoneInfo(zone),
        )
        if editorial == EditorialStatus.PUBLISHED:
            published_at = min(written + dt.timedelta(minutes=rng.randint(20, 600)), self.now)
        if rng.random() < 0.04:
            trashed_at = min(written + dt.timedelta(days=rng.randint(1, 60)), self.now)

        slug = f"{dates['start']:%Y-%m-%d}-{slugify(title)[:120].strip('-')}-{self.tag}-{n}"
        event = dict(
            title=title,
            slug=slug,
            summary=summary,
            event_type_id=self.types[type_slug],
            status=status,
            date_text=dates["date_text"],
            anchor=dates["anchor"],
            start=dates["start"],
            end=dates["end"],
            precision=dates["precision"],
            certainty=dates["certainty"],
            time=dates["time"],
            time_of_day=dates["time_of_day"],
            time_zone=zone,
            place_id=self.places[place_index].pk if place_index is not None else None,
            editorial_status=editorial,
            verification=weighted(rng, VERIFICATION_WEIGHTS),
            is_key=rng.random() < 0.03,
            correction=(
                f"Updated {month_day(dates['anchor'] + dt.timedelta(days=2))}: "
                f"{rng.choice(['crowd estimate revised', 'place corrected', 'date clarified'])}."
                if published_at and rng.random() < 0.01
                else ""
            ),
            published_at=published_at,
            trashed_at=trashed_at,
        )
        citations = self.citations(dates["start"], title, place_name)
        counts = self.counts(type_slug, [index for index, _, _ in citations])
        roles = self.roles(type_slug)
        timelines = self.memberships(type_slug, place_index, bool(counts))
        if self.one_timeline:
            # After every draw, so the titles and dates stay those the seed gives.
            timelines = [0]
            event["editorial_status"], event["trashed_at"] = EditorialStatus.PUBLISHED, None
            event["published_at"] = published_at or min(
                written + dt.timedelta(minutes=20), self.now
            )
        key = EditorialStatus(event["editorial_status"]).label
        key += " (trashed)" if event["trashed_at"] else ""
        self.made.statuses[key] = self.made.statuses.get(key, 0) + 1
        return Planned(event, citations, counts, roles, timelines)

    def dates(self, status: str) -> dict[str, Any]:
        """Return a date block: the range, its precision, and the words that gave it."""
        rng = self.rng
        span = (LAST_DAY - FIRST_DAY).days
        # Later years carry more news, as they do in any archive.
        day = FIRST_DAY + dt.timedelta(days=int(span * rng.random() ** 0.7))
        precision = rng.choices(
            [DatePrecision.DAY, DatePrecision.WEEK, DatePrecision.MONTH, DatePrecision.TIME],
            weights=[78, 9, 6, 7],
        )[0]
        certainty = weighted(
            rng, {Certainty.EXACT: 85, Certainty.APPROXIMATE: 12, Certainty.UNCERTAIN: 3}
        )
        future = status in FUTURE_STATUSES
        start = end = day
        clock, time_of_day = None, ""
        if precision == DatePrecision.WEEK:
            start = day - dt.timedelta(days=day.weekday())
            end = start + dt.timedelta(days=6)
            anchor = end + dt.timedelta(days=rng.randint(1, 6))
            date_text = "last week" if rng.random() < 0.7 else f"the week of {month_day(start)}"
        elif precision == DatePrecision.MONTH:
            start = day.replace(day=1)
            end = day.replace(day=calendar.monthrange(day.year, day.month)[1])
            anchor = end + dt.timedelta(days=rng.randint(1, 20))
            date_text = "last month" if rng.random() < 0.6 else f"in {start:%B}"
        else:
            offset = rng.choice((0, 0, 1, 1, 1, 2, 3, 5, 9))
            anchor = day - dt.timedelta(days=offset + 1) if future else day + dt.timedelta(offset)
            if offset == 0 and not future:
                date_text = "today"
            elif offset == 0:
                date_text = "tomorrow"
            elif offset == 1 and not future:
                date_text = "yesterday"
            elif offset < 6:
                date_text = f"{day:%A}"
            else:
                date_text = month_day(day)
            named = date_text not in ("today", "yesterday", "tomorrow")
            if precision == DatePrecision.TIME:
                clock = dt.time(rng.randint(6, 22), rng.choice((0, 0, 15, 30, 45)))
                date_text = f"{date_text} at {clock_time(clock)}"
            elif rng.random() < 0.1:
                time_of_day = rng.choice([TimeOfDay.NIGHT, TimeOfDay.MORNING, TimeOfDay.EVENING])
                if named:
                    date_text = f"{date_text} {time_of_day}"
            if certainty == Certainty.APPROXIMATE and precision == DatePrecision.DAY and named:
                date_text = f"around {date_text}"
        return {
            "start": start,
            "end": end,
            "anchor": anchor,
            "precision": precision,
            "certainty": certainty,
            "time": clock,
            "time_of_day": time_of_day,
            "date_text": date_text,
        }

    def text(self, type_slug: str, place: str, level: str | None) -> tuple[str, str]:
        """Return a title and a two- or three-sentence summary for an event."""
        rng = self.rng
        at = f" in {place}" if place else ""
        site, crowd, cause, topic = (
            rng.choice(SITES),
            rng.choice(CROWDS),
            rng.choice(CAUSES),
            rng.choice(TOPICS),
        )
        if type_slug == "rally":
            noun = rng.choice(RALLY_NOUNS)
            title = rng.choice(
                [
                    f"{crowd.capitalize()} {rng.choice(RALLY_VERBS)} against {cause}{at}",
                    f"{noun.capitalize()} over {cause} draws {crowd}{at}",
                    f"{crowd.capitalize()} hold {noun} outside {site}{at}",
                ]
            )
            lead = f"A {noun} against {cause} brought {crowd} to a {site}{at}."
        elif type_slug == "raid":
            name = rng.choice(RAID_NAMES)
            title = rng.choice(
                [
                    f"Federal agents raid {site}{at}",
                    f"{name} sweeps {site}{at}",
                    f"Immigration agents descend on {site}{at}",
                ]
            )
            lead = f"Agents carried out a raid at a {site}{at} as part of {name}."
        elif type_slug == "arrest":
            who = rng.choice(["workers", "residents", "students", "parents", "protesters"])
            title = rng.choice(
                [
                    f"Agents arrest {who} at {site}{at}",
                    f"{who.capitalize()} detained outside {site}{at}",
                    f"{who.capitalize()} taken into custody during {cause} protest{at}",
                ]
            )
            lead = f"{who.capitalize()} were detained near a {site}{at}."
        elif type_slug == "deployment":
            force = rng.choice(FORCES)
            verb = rng.choice(["deployed to", "staged near", "withdrawn from", "sent to"])
            title = f"{force.capitalize()} {verb} {place or 'the city'}"
            lead = f"{force.capitalize()} were {verb} {place or 'the city'} amid {cause}."
        elif type_slug == "statement":
            who = rng.choice(OFFICIALS[level])
            title = f"{who} {rng.choice(SPEECH_VERBS)} {topic}"
            lead = f"The {who.lower()} spoke to reporters about {topic} and {cause}."
        elif type_slug == "order":
            kind = rng.choice(ORDER_KINDS)
            who = rng.choice(OFFICIALS[level])
            title = f"{who} {rng.choice(['signs', 'issues', 'rescinds'])} {kind} on {topic}"
            lead = f"Officials released the {kind} on {topic}{at}."
        elif type_slug == "court":
            title = rng.choice(
                [
                    f"Judge {rng.choice(COURT_VERBS)} {topic}",
                    f"Lawsuit filed over {topic}{at}",
                    f"Appeals court {rng.choice(COURT_VERBS)} ruling on {topic}",
                ]
            )
            lead = f"The case turns on {topic} and {cause}."
        elif type_slug == "policy":
            thing = rng.choice(POLICY_THINGS)
            title = f"Lawmakers {rng.choice(POLICY_VERBS)} {thing} for {topic}"
            lead = f"The {thing} changes how {place or 'the government'} handles {topic}."
        else:
            thing = rng.choice(OTHER_THINGS)
            title = f"{thing} on {cause}{at}"
            lead = f"A {thing.lower()} about {cause} was held at a {site}{at}."
        summary = " ".join([lead, *rng.sample(DETAILS, rng.randint(1, 2))])
        return title[:300], summary

    def citations(self, start: dt.date, title: str, place: str) -> list[tuple[int, str, str]]:
        """Cite one to three sources published near the event's start."""
        rng = self.rng
        near = bisect.bisect_left(self.source_days, start)
        chosen: list[int] = []
        for _ in range(rng.choices((1, 2, 3), weights=(45, 35, 20))[0]):
            index = min(max(near + rng.randint(-2, 3), 0), len(self.sources) - 1)
            if index not in chosen:
                chosen.append(index)
        supports = [Supports.EVENT, Supports.DATE, Supports.PLACE, Supports.NUMBERS]
        rows = []
        for position, index in enumerate(chosen):
            said = rng.choice(["said", "reported", "confirmed", "told reporters"])
            quote = rng.choice(
                [
                    f"“{title},” the outlet {said}.",
                    f"{rng.choice(DETAILS)} {place + ' ' if place else ''}officials {said} later.",
                    f"{title}, according to witnesses.",
                ]
            )
            rows.append((index, quote, supports[position] if position else Supports.EVENT))
        return rows

    def counts(self, type_slug: str, source_indexes: list[int]) -> list[dict[str, Any]]:
        rng = self.rng
        measures = MEASURES.get(type_slug)
        if not measures:
            return []
        rows = []
        for position in range(rng.choices((0, 1, 2), weights=(35, 45, 20))[0]):
            measure = rng.choice(measures)
            n = log_uniform(rng, *SIZES[measure])
            form = rng.choices(
                ["exact", "about", "at_least", "range", "words"], [30, 30, 20, 12, 8]
            )[0]
            if n < 10 and form in ("about", "range"):
                form = "exact"
            low = high = None
            qualifier = Qualifier.EXACT
            if form == "exact":
                low = high = n
                words = f"{n:,}"
            elif form == "about":
                low = high = round_figure(n)
                qualifier = Qualifier.ABOUT
                words = f"about {low:,}"
            elif form == "at_least":
                low = round_figure(n)
                qualifier = Qualifier.AT_LEAST
                words = f"at least {low:,}"
            elif form == "range":
                low, high = round_figure(n), round_figure(n * 2)
                high = max(high, low)
                words = f"between {low:,} and {high:,}"
            else:
                words = rng.choice(WORDS_ONLY[measure])
            rows.append(
                {
                    "measure": Measure(measure),
                    "low": low,
                    "high": high,
                    "words": words,
                    "qualifier": qualifier,
                    "estimated_by": Estimator(rng.choice(ESTIMATORS[measure])),
                    "source_id": rng.choice(source_indexes),
                    "position": position,
                }
            )
        return rows

    def roles(self, type_slug: str) -> list[tuple[int, str]]:
        rng = self.rng
        how_many = rng.choices((0, 1, 2, 3), weights=(10, 30, 35, 25))[0]
        rows: list[tuple[int, str]] = []
        for role, pool in ROLES[type_slug][:how_many]:
            actor = rng.choice(self.pools[pool])
            if (actor, role) not in rows:
                rows.append((actor, ActorRole(role)))
        return rows

    def memberships(self, type_slug: str, place_index: int | None, has_counts: bool) -> list[int]:
        rng = self.rng
        chosen = []
        if (
            type_slug in ("raid", "arrest", "deployment", "rally")
            and place_index in self.illinois
            and rng.random() < 0.9
        ):
            chosen.append(0)
        if type_slug in ("court", "order", "policy") and rng.random() < 0.6:
            chosen.append(1)
        if type_slug == "rally" and rng.random() < (0.7 if has_counts else 0.3):
            chosen.append(2)
        if rng.random() < 0.08:
            chosen.append(3)
        return chosen

    # Writing.

    def write(self, count: int) -> None:
        self.types = dict(EventType.objects.values_list("slug", "pk"))
        missing = set(TYPE_WEIGHTS) - set(self.types)
        if missing:
            raise CommandError(
                f"Event types {', '.join(sorted(missing))} are missing; run migrate first."
            )
        self.ensure_places()
        self.ensure_actors()
        self.create_sources(min(400, max(20, count // 3)))
        self.create_timelines()
        written = 0
        while written < count:
            size = min(BATCH_SIZE, count - written)
            plans = [self.plan(written + i + 1) for i in range(size)]
            self.write_batch(plans)
            written += size
            if count > BATCH_SIZE:
                self.stdout.write(f"  {written:,} of {count:,} events")

    def write_batch(self, plans: list[Planned]) -> None:
        events = [plan.event for plan in plans]
        insert_rows(Event, events, now=self.now)
        slugs = [event["slug"] for event in events]
        ids: dict[str, int] = {}
        for i in range(0, len(slugs), 1_000):
            ids.update(
                Event.objects.filter(slug__in=slugs[i : i + 1_000]).values_list("slug", "pk")
            )
        citations, counts, roles, entries = [], [], [], []
        for plan in plans:
            event_id = ids[plan.event["slug"]]
            citations += [
                {
                    "event_id": event_id,
                    "source_id": self.sources[index].pk,
                    "quote": quote,
                    "supports": supports,
                    "position": position,
                }
                for position, (index, quote, supports) in enumerate(plan.citations)
            ]
            counts += [
                row | {"event_id": event_id, "source_id": self.sources[row["source_id"]].pk}
                for row in plan.counts
            ]
            roles += [
                {"event_id": event_id, "actor_id": self.actors[actor].pk, "role": role}
                for actor, role in plan.roles
            ]
            entries += [
                {"event_id": event_id, "timeline_id": self.timelines[index].pk}
                for index in plan.timelines
            ]
        insert_rows(EventSource, citations, now=self.now)
        insert_rows(Count, counts, now=self.now)
        insert_rows(EventActor, roles, now=self.now)
        insert_rows(TimelineEvent, entries, now=self.now)
        self.made.events += len(events)
        self.made.citations += len(citations)
        self.made.counts += len(counts)
        self.made.actor_roles += len(roles)
        self.made.timeline_entries += len(entries)


def insert_rows(model: type[models.Model], rows: list[dict[str, Any]], *, now: dt.datetime) -> None:
    """Insert rows (field attnames to values) with COPY or executemany, skipping the ORM.

    bulk_create compiles every value through the ORM, which cost about a millisecond
    per event here; this keeps 100,000 events well within a minute. Fields a row leaves out
    get their default, auto_now fields get now, and values are adapted the way the
    ORM would, so the database's constraints still judge every row.
    """
    if not rows:
        return
    fields = [field for field in model._meta.local_concrete_fields if not field.primary_key]
    defaults = [
        now
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
        else field.get_default()
        for field in fields
    ]
    adapt = [adapter(field) for field in fields]
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    values = [
        tuple(
            convert(row.get(field.attname, default))
            for field, default, convert in zip(fields, defaults, adapt, strict=True)
        )
        for row in rows
    ]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY is several times faster than INSERT, whose parameters psycopg
            # splits and quotes in Python.
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for value in values:
                    copy.write_row(value)
        else:
            placeholders = ", ".join(["%s"] * len(fields))
            sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608
            cursor.executemany(sql, values)


def adapter(field: models.Field) -> Callable[[Any], Any]:
    """Return how to turn a Python value for field into what the database driver takes."""
    if isinstance(field, (models.DateField, models.TimeField)):  # DateTimeField included
        return lambda value: field.get_db_prep_save(value, connection)
    if isinstance(field, (models.CharField, models.TextField, models.IntegerField)):
        return lambda value: value
    if isinstance(field, (models.BooleanField, models.ForeignKey)):
        return lambda value: value
    return lambda value: field.get_db_prep_save(value, connection)


def run_tag(seed: int) -> str:
    """Return "s7r1", or r2, r3 ... when this seed has run before here."""
    run = 1
    while Source.objects.filter(
        url__startswith=SOURCE_HOST, url__contains=f"-s{seed}r{run}-"
    ).exists():
        run += 1
    return f"s{seed}r{run}"


class Command(BaseCommand):
    help = (
        "Generate synthetic events for benchmarks and demos, with places, actors, sources, "
        "citations, counts and demo timelines. Additive: each run creates new events, "
        "sources and timelines (tagged s<seed>r<run> in slugs and URLs) and reuses places "
        "and actors by slug; delete the rows yourself to start again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--count",
            type=int,
            required=True,
            help=f"how many events to create (1 to {MAX_COUNT:,})",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=1,
            help="random seed; the same seed gives the same titles and dates (default: 1)",
        )
        parser.add_argument(
            "--one-timeline",
            action="store_true",
            help="publish every event, all in one published timeline (for benchmarks)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        count, seed = options["count"], options["seed"]
        if not 1 <= count <= MAX_COUNT:
            raise CommandError(f"--count must be between 1 and {MAX_COUNT:,}; got {count:,}.")
        began = time.perf_counter()
        with transaction.atomic():
            tag = run_tag(seed)
            generator = Generator(
                seed=seed, tag=tag, stdout=self.stdout, one_timeline=options["one_timeline"]
            )
            generator.write(count)
        seconds = time.perf_counter() - began
        self.stdout.write(generator.made.report(seed=seed, tag=tag, seconds=seconds))

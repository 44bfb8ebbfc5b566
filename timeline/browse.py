"""What readers browse: filters, keyset pages and counts (the time axis is timeline/axis.py).

Every query starts from Event.objects.published(), so nothing a reader is shown,
counted or charted can be a draft or in the trash. Pages are keyset pages over
(start, precision, id): a page deep in a timeline costs what the first one does.
Counts are cached per filter and per data version, and the
version moves whenever an event, a timeline or its membership changes.
"""

from __future__ import annotations

import collections
import contextlib
import contextvars
import dataclasses
import datetime as dt
import functools
import hashlib
import html
import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any, NamedTuple

from django import forms
from django.core import signing
from django.core.cache import cache
from django.db import connection
from django.db.models import Exists, FloatField, OuterRef, Prefetch, Q
from django.db.models.functions import Cast
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from timeline.models import (
    Actor,
    Event,
    EventActor,
    EventQuerySet,
    EventSource,
    EventType,
    Place,
    Timeline,
    TimelineEvent,
    TimelineOrder,
)
from timeline.models.events import at_or_inside, overlapping

PAGE_SIZE = 25
MAX_PAGE_SIZE = 100
CURSOR_SALT = "dateline.timeline.cursor"
SEARCH_CONFIG = "english"
MARK_START, MARK_STOP = "\x02", "\x03"  # stand-ins for <mark> until the text is escaped


# --- Filters ------------------------------------------------------------------------


class TimelineFilter(forms.Form):
    """The reader's filters, read from the query string; the same form renders them."""

    type = forms.MultipleChoiceField(required=False, label=_("Type"))
    place = forms.SlugField(required=False, label=_("Place"))
    actor = forms.SlugField(required=False, label=_("Who"))
    start = forms.DateField(required=False, label=_("From"), input_formats=["%Y-%m-%d"])
    end = forms.DateField(required=False, label=_("To"), input_formats=["%Y-%m-%d"])
    q = forms.CharField(required=False, max_length=200, label=_("Search"), strip=True)
    order = forms.ChoiceField(
        required=False,
        choices=[
            ("oldest", _("Oldest first")),
            ("newest", _("Newest first")),
            ("relevance", _("Best match first")),
        ],
        label=_("Order"),
    )
    after = forms.CharField(required=False, max_length=200)
    size = forms.IntegerField(required=False, min_value=1)

    def __init__(self, data: Any, *, types: list[EventType], **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        self.types = types
        self.fields["type"].choices = [(t.slug, t.name) for t in types]
        self.fields["type"].error_messages["invalid_choice"] = _(
            "There is no event type called “%(value)s”."
        )
        self.fields["start"].error_messages["invalid"] = _("Give the start date as YYYY-MM-DD.")
        self.fields["end"].error_messages["invalid"] = _("Give the end date as YYYY-MM-DD.")
        self.place: Place | None = None
        self.actor: Actor | None = None

    # Read only where the form is drawn: a results region or an API answer never needs them.
    @functools.cached_property
    def place_choices(self) -> list[tuple[str, str]]:
        places = Place.objects.order_by("path").values_list("slug", "display_name")
        return [("", _("Anywhere")), *places]

    @functools.cached_property
    def actor_choices(self) -> list[tuple[str, str]]:
        actors = Actor.objects.order_by("name").values_list("slug", "name")[:500]
        return [("", _("Anyone")), *actors]

    def clean_place(self) -> str:
        slug = self.cleaned_data["place"]
        if slug:
            self.place = Place.objects.filter(slug=slug).first()
            if self.place is None:
                raise forms.ValidationError(
                    _("There is no place called “%(slug)s”."), params={"slug": slug}
                )
        return slug

    def clean_actor(self) -> str:
        slug = self.cleaned_data["actor"]
        if slug:
            self.actor = Actor.objects.filter(slug=slug).first()
            if self.actor is None:
                raise forms.ValidationError(
                    _("There is no one called “%(slug)s”."), params={"slug": slug}
                )
        return slug

    def clean_after(self) -> tuple | None:
        token = self.cleaned_data["after"]
        if not token:
            return None
        try:
            key = signing.loads(token, salt=CURSOR_SALT)
            if key[0] == "r":  # best match first: (rank, id)
                return "r", float(key[1]), int(key[2])
            start, precision, pk = key
            return dt.date.fromisoformat(start), int(precision), int(pk)
        except (signing.BadSignature, ValueError, TypeError, IndexError, KeyError):
            raise forms.ValidationError(
                _("This link to a later page is damaged; start again from the first page.")
            ) from None

    def clean_size(self) -> int:
        # A huge page size is corrected, not refused: the reader still gets a page.
        return min(self.cleaned_data["size"] or PAGE_SIZE, MAX_PAGE_SIZE)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end date is before the start date."))
        return data


@dataclasses.dataclass(frozen=True)
class Query:
    """Validated filters: what the events must be, in which order, from where."""

    types: tuple[str, ...] = ()
    # The same types by id, from the form's list: filtering on the event's own column lets
    # PostgreSQL read only those types' rows through its index, not join every event.
    type_ids: tuple[int, ...] = ()
    place: Place | None = None
    actor: Actor | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    q: str = ""
    newest_first: bool = False
    by_relevance: bool = False  # best match first: a search on PostgreSQL
    after: tuple | None = None
    size: int = PAGE_SIZE

    @classmethod
    def from_form(cls, form: TimelineFilter, timeline: Timeline | None = None) -> Query:
        data = form.cleaned_data
        order = data.get("order") or (
            "newest"
            if timeline is not None and timeline.ordering == TimelineOrder.NEWEST_FIRST
            else "oldest"
        )
        types = tuple(sorted(data.get("type") or ()))
        return cls(
            types=types,
            type_ids=tuple(sorted(t.pk for t in form.types if t.slug in types)),
            place=form.place,
            actor=form.actor,
            start=data.get("start"),
            end=data.get("end"),
            q=data.get("q") or "",
            newest_first=order == "newest",
            by_relevance=order == "relevance" and bool(data.get("q")) and uses_postgres(),
            after=data.get("after"),
            size=data.get("size") or PAGE_SIZE,
        )

    def key(self, timeline: Timeline | None) -> str:
        """What the matching set depends on (not the page): for caching counts."""
        parts = [
            timeline.pk if timeline else "",
            ",".join(self.types),
            self.place.pk if self.place else "",
            self.actor.pk if self.actor else "",
            self.start or "",
            self.end or "",
            self.q,
        ]
        return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:32]


def matching(query: Query, timeline: Timeline | None = None) -> EventQuerySet:
    """Published events matching the filters, unordered."""
    # The conditions go in with published()'s own filter(): each filter() copies the
    # whole query, and on a results region that copying cost as much as compiling it.
    conditions: dict[str, Any] = {}
    if timeline is not None:
        conditions["timeline_entries__timeline_id"] = timeline.pk
    if query.type_ids:
        conditions["event_type_id__in"] = query.type_ids
    elif query.types:
        conditions["event_type__slug__in"] = query.types
    if query.place is not None:
        conditions |= at_or_inside(query.place)
    conditions |= overlapping(query.start, query.end)
    events = Event.objects.published(**conditions)
    if query.actor is not None:
        events = events.filter(
            Exists(EventActor.objects.filter(actor=query.actor, event=OuterRef("pk")))
        )
    if query.q:
        events = search(events, query.q)
    return events


# --- Search -------------------------------------------------------------------------


def uses_postgres() -> bool:
    return connection.vendor == "postgresql"


def search_vector():
    from django.contrib.postgres.search import SearchVector

    return SearchVector("title", "summary", config=SEARCH_CONFIG)


def search(events: EventQuerySet, q: str) -> EventQuerySet:
    """PostgreSQL's full-text search where we have it; words in title or summary elsewhere."""
    if uses_postgres():
        from django.contrib.postgres.search import SearchQuery

        return events.annotate(search=search_vector()).filter(
            search=SearchQuery(q, search_type="websearch", config=SEARCH_CONFIG)
        )
    for word in q.split()[:10]:
        events = events.filter(Q(title__icontains=word) | Q(summary__icontains=word))
    return events


def with_snippets(events: list[Event], q: str) -> None:
    """Give each event a `snippet`: its summary around the words searched, marked."""
    if not q:
        return
    if uses_postgres() and events:
        from django.contrib.postgres.search import SearchHeadline, SearchQuery

        query = SearchQuery(q, search_type="websearch", config=SEARCH_CONFIG)
        headlines = dict(
            Event.objects.filter(pk__in=[e.pk for e in events])
            .annotate(
                headline=SearchHeadline(
                    "summary",
                    query,
                    config=SEARCH_CONFIG,
                    start_sel=MARK_START,
                    stop_sel=MARK_STOP,
                    max_words=30,
                    min_words=12,
                )
            )
            .values_list("pk", "headline")
        )
        for event in events:
            event.snippet = _marked(headlines.get(event.pk) or "")
        return
    words = [re.escape(w) for w in q.split()[:10] if w]
    pattern = re.compile("|".join(words), re.I) if words else None
    for event in events:
        text = event.summary[:300]
        if pattern is not None:
            text = pattern.sub(lambda m: f"{MARK_START}{m.group()}{MARK_STOP}", text)
        event.snippet = _marked(text)


def _marked(text: str) -> str:
    """Escape a snippet, then turn the stand-ins into <mark>: no reader text is markup."""
    escaped = html.escape(text.replace("<", "‹").replace(">", "›"), quote=True)
    return escaped.replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>")


# --- Pages --------------------------------------------------------------------------


class Key(NamedTuple):
    """What orders a card and heads it by date: the rows of a keys_only page."""

    pk: int
    start: dt.date
    precision: int


@dataclasses.dataclass
class Page:
    events: list[Event] | list[Key]
    next_cursor: str | None
    previous: tuple | None  # the key of the event before this page, for headings


def page(query: Query, timeline: Timeline | None = None, *, keys_only: bool = False) -> Page:
    """One keyset page of matching events, with what a card shows prefetched; or with
    keys_only, only what orders and heads them, as Keys (timeline.cards adds the cards:
    plain tuples, as model instances with deferred fields cost more to make than the
    query does)."""
    events = matching(query, timeline)
    if query.by_relevance:
        events, order = _by_rank(events, query)
    else:
        if query.after is not None and query.after[0] != "r":
            events = events.filter(_beyond(query.after, newest_first=query.newest_first))
        order = ["start", "precision", "pk"]
        if query.newest_first:
            order = [f"-{field}" for field in order]
    events = events.order_by(*order)
    if keys_only:
        rows = [Key(*row) for row in events.values_list(*Key._fields)[: query.size + 1]]
    else:
        rows = list(events.for_cards()[: query.size + 1])
    more = len(rows) > query.size
    rows = rows[: query.size]
    next_cursor = cursor(rows[-1], by_relevance=query.by_relevance) if more and rows else None
    previous = query.after if query.after and query.after[0] != "r" else None
    return Page(rows, next_cursor, previous)


def _by_rank(events: EventQuerySet, query: Query) -> tuple[EventQuerySet, list[str]]:
    from django.contrib.postgres.search import SearchQuery, SearchRank

    # As double precision, so the rank read back into a cursor compares equal to itself.
    ranked = events.annotate(
        rank=Cast(
            SearchRank(
                search_vector(),
                SearchQuery(query.q, search_type="websearch", config=SEARCH_CONFIG),
            ),
            FloatField(),
        )
    )
    if query.after is not None and query.after[0] == "r":
        _, rank, pk = query.after
        ranked = ranked.filter(Q(rank__lt=rank) | Q(rank=rank, pk__gt=pk))
    return ranked, ["-rank", "pk"]


def cursor(event: Event | Key, *, by_relevance: bool = False) -> str:
    key = (
        ["r", event.rank, event.pk]
        if by_relevance
        else [event.start.isoformat(), event.precision, event.pk]
    )
    return signing.dumps(key, salt=CURSOR_SALT, compress=True)


def _beyond(after: tuple, *, newest_first: bool) -> Q:
    start, precision, pk = after
    # The leading bound lets the (start, precision, id) index range-scan to the cursor;
    # the OR alone made databases read every row before it.
    if newest_first:
        return Q(start__lte=start) & (
            Q(start__lt=start)
            | Q(start=start, precision__lt=precision)
            | Q(start=start, precision=precision, pk__lt=pk)
        )
    return Q(start__gte=start) & (
        Q(start__gt=start)
        | Q(start=start, precision__gt=precision)
        | Q(start=start, precision=precision, pk__gt=pk)
    )


# --- Counts, cached per data version -------------------------------------------------

VERSION_KEY = "dateline.timeline.version"
CHANGED_KEY = "dateline.timeline.changed_at"
CACHE_SECONDS = 600


# (version, changed_at) while a public response is made: see pinned_version().
_pinned: contextvars.ContextVar[tuple[int, float] | None] = contextvars.ContextVar(
    "data_version", default=None
)


def data_version() -> int:
    pinned = _pinned.get()
    if pinned is not None:
        return pinned[0]
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, _new_version(), None)
        version = cache.get(VERSION_KEY) or _new_version()  # whoever added first
    return version


def _new_version() -> int:
    """A version no earlier cache held, so an emptied cache never revives a kept copy."""
    return time.time_ns() // 1000


@contextlib.contextmanager
def pinned_version() -> Iterator[int]:
    """Within the block, data_version() and changed_at() are what they were on entering.

    A public response is made of one version, read from the cache once (one round trip
    for both) rather than by each of its parts. Nothing inside may save data: its bump
    would not be seen there.
    """
    found = cache.get_many([VERSION_KEY, CHANGED_KEY])
    version = found.get(VERSION_KEY) or data_version()
    token = _pinned.set((version, found.get(CHANGED_KEY) or changed_at()))
    try:
        yield version
    finally:
        _pinned.reset(token)


def changed_at() -> float:
    """When published data last changed (as far as this cache knows), as a timestamp."""
    pinned = _pinned.get()
    if pinned is not None:
        return pinned[1]
    moment = cache.get(CHANGED_KEY)
    if moment is None:
        moment = time.time()
        cache.add(CHANGED_KEY, moment, None)
    return moment


def bump_data_version(**kwargs: Any) -> None:
    """Move the data version: every cached count, bar, feed and embed is stale now."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, _new_version(), None)
    cache.set(CHANGED_KEY, time.time(), None)


for _model in (Event, Timeline, TimelineEvent, EventSource, EventType, Place, Actor, EventActor):
    receiver(post_save, sender=_model, dispatch_uid=f"bump-{_model.__name__}")(bump_data_version)
    receiver(post_delete, sender=_model, dispatch_uid=f"bump-del-{_model.__name__}")(
        bump_data_version
    )


class Recent:
    """A process's recent copies of values whose keys name the data version, so never
    stale: the least recently used go first once there are more than `size`."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._values: collections.OrderedDict[str, Any] = collections.OrderedDict()
        self._lock = threading.Lock()

    def get_many(self, keys: Iterable[str]) -> dict[str, Any]:
        found = {}
        with self._lock:
            for key in keys:
                if key in self._values:
                    self._values.move_to_end(key)
                    found[key] = self._values[key]
        return found

    def set_many(self, values: dict[str, Any]) -> None:
        with self._lock:
            self._values.update(values)
            for key in values:
                self._values.move_to_end(key)
            while len(self._values) > self.size:
                self._values.popitem(last=False)


_recent = Recent(256)  # kept() values beside the shared cache


def kept(
    key: str, compute: Callable[[], Any], seconds: int = CACHE_SECONDS, *, shared: bool = True
) -> Any:
    """A value whose key names the data version: from this process's recent copies, else
    the shared cache, else computed and stored in both (only here if not shared: for
    what costs less to compute than to send).

    The key must hold data_version(), which only ever moves to a number never used
    before: a copy kept here is never stale, and the shared cache is asked (and its
    value unpickled) once per process, not on every use. The value is shared: never
    change it.
    """
    found = _recent.get_many([key])
    if key in found:
        return found[key]
    value = cache.get(key) if shared else None
    if value is None:
        value = compute()
        if shared:
            cache.set(key, value, seconds)
    _recent.set_many({key: value})
    return value


def event_types() -> list[EventType]:
    """Every event type, in the order the filters list them; kept per data version."""
    key = f"dateline.types.{data_version()}"
    return kept(key, lambda: list(EventType.objects.order_by("position", "name")))


def published_timeline(slug: str) -> Timeline | None:
    """The published timeline at slug, knowing whether it has a story; kept per version."""
    key = f"dateline.timeline.{data_version()}.{hashlib.sha256(slug.encode()).hexdigest()[:32]}"
    return kept(key, lambda: Timeline.objects.published().with_story().filter(slug=slug).first())


def total(query: Query, timeline: Timeline | None = None) -> int:
    """How many published events match, whatever the page: the time axis's sum."""
    from timeline import axis  # the axis reads through this module

    return axis.total(query, timeline)


# --- Feeds, the API and downloads: the same filters, over every matching event --------

EXPORT_LIMIT = 10_000  # events in one download; the response says when there were more


def read_filters(
    params: Any, timeline: Timeline | None = None
) -> tuple[Query | None, dict[str, list[str]]]:
    """Validate the public filters in a query string: the Query, or None and the errors."""
    form = TimelineFilter(params, types=event_types())
    if not form.is_valid():
        return None, {field: list(errors) for field, errors in form.errors.items()}
    return Query.from_form(form, timeline), {}


def in_full(events: EventQuerySet) -> EventQuerySet:
    """With all the data surfaces show: type, place, counts, sources and actors."""
    return events.for_timeline().prefetch_related(
        Prefetch("actor_roles", queryset=EventActor.objects.select_related("actor"))
    )


def everything(
    query: Query, timeline: Timeline | None = None, *, limit: int | None = None
) -> tuple[list[Event], bool]:
    """Every matching event in date order, up to limit (EXPORT_LIMIT); and whether there were more.

    Fetched a thousand at a time with what each shows, so the cost is a few queries
    per thousand events.
    """
    limit = EXPORT_LIMIT if limit is None else limit
    order = ["start", "precision", "pk"]
    if query.newest_first:
        order = [f"-{field}" for field in order]
    events = in_full(matching(query, timeline).order_by(*order))
    rows = list(events[: limit + 1].iterator(chunk_size=1000))
    return rows[:limit], len(rows) > limit


def latest(query: Query, timeline: Timeline | None = None, *, limit: int = 50) -> list[Event]:
    """The matching events most recently published, newest first: what a feed shows."""
    events = matching(query, timeline).order_by("-published_at", "-pk")
    return list(in_full(events)[:limit])

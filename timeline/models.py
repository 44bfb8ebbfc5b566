"""Dateline's domain: events with their dates, places, actors, counts and cited sources.

See ../shared/DOMAIN.md for what each field means. Integrity that the data depends on
(end not before start, low not above high, unique slugs and source URLs) lives in the
database as constraints, not only in forms.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Greatest, Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from timeline.dates import Certainty, DatePrecision, TimeOfDay, display_date

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    User = AbstractBaseUser | AnonymousUser

PUBLISH_PERMISSION = "timeline.publish_event"


def validate_time_zone(value: str) -> None:
    """Refuse anything that is not an IANA time zone name."""
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValidationError(
            "%(value)s is not a time zone; use an IANA name such as America/Chicago.",
            params={"value": value},
        ) from None


def unique_slug(model: type[models.Model], text: str, *, max_length: int = 200) -> str:
    """Return a slug for text that no row of model has yet ("rally", "rally-2", ...)."""
    base = slugify(text)[: max_length - 10].strip("-") or model._meta.model_name
    slug, n = base, 1
    while model._default_manager.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


# --- Event types -------------------------------------------------------------------


class EventType(models.Model):
    """What kind of thing happened; the nine stable slugs are seeded by a migration."""

    slug = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=80)
    colour = models.CharField(
        max_length=7,
        help_text="Hex colour used beside the label on timelines, e.g. #b91c1c.",
    )
    description = models.TextField(help_text="What counts as this type, for editors.")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(colour__regex=r"^#[0-9a-fA-F]{6}$"), name="eventtype_colour_hex"
            ),
        ]

    def __str__(self) -> str:
        return self.name


# --- Places ------------------------------------------------------------------------


class PlaceKind(models.TextChoices):
    COUNTRY = "country", "country"
    STATE = "state", "state"
    COUNTY = "county", "county"
    CITY = "city", "city"
    NEIGHBOURHOOD = "neighbourhood", "neighbourhood"
    VENUE = "venue", "venue"


class PlacePrecision(models.TextChoices):
    POINT = "point", "exact point"
    NEIGHBOURHOOD = "neighbourhood", "neighbourhood"
    CITY = "city", "city"
    STATE = "state", "state"
    COUNTRY = "country", "country"


class PlaceQuerySet(models.QuerySet["Place"]):
    def within(self, place: Place) -> PlaceQuerySet:
        """Places inside place, and place itself (Chicago includes the South Loop)."""
        return self.filter(path__startswith=place.path)


class Place(models.Model):
    """A place in a hierarchy: country, state, county, city, neighbourhood, venue."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=PlaceKind)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    abbreviation = models.CharField(
        max_length=20, blank=True, help_text="Short form used in place lines, e.g. IL."
    )
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    time_zone = models.CharField(
        max_length=64, blank=True, validators=[validate_time_zone], help_text="IANA name."
    )
    precision = models.CharField(max_length=20, choices=PlacePrecision, default=PlacePrecision.CITY)
    # Materialised path of slugs ("united-states/illinois/chicago/"), kept by save(),
    # so "everything inside Chicago" is one indexed prefix match at any depth.
    path = models.CharField(max_length=1000, editable=False, db_index=True)
    # The place line, kept by save() like the path, so lists never walk the hierarchy.
    display_name = models.CharField(max_length=500, editable=False)

    objects = PlaceQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180),
                name="place_coordinates_valid",
            ),
            models.CheckConstraint(condition=~Q(parent=F("pk")), name="place_not_own_parent"),
        ]

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = unique_slug(Place, self.name)
        if self.pk and self.parent_id and self.parent.path.startswith(self.path):
            raise ValidationError({"parent": "A place cannot be inside itself."})
        old_path = self.path
        self.path = (self.parent.path if self.parent else "") + f"{self.slug}/"
        self.display_name = self.place_line()
        with transaction.atomic():
            super().save(*args, **kwargs)
            if old_path and old_path != self.path:
                for child in self.children.all():
                    child.save(update_fields=["path", "display_name"])

    def place_line(self) -> str:
        """Return the place line: "South Loop, Chicago, IL"; "Los Angeles, CA"."""
        parts = [self.name]
        for node in self.ancestors():
            if node.kind in (PlaceKind.CITY, PlaceKind.STATE):
                parts.append(node.abbreviation or node.name)
        return ", ".join(parts)

    def ancestors(self) -> list[Place]:
        """Return the chain of parents, nearest first, stopping at a loop."""
        chain, seen, node = [], {self.pk}, self.parent
        while node is not None and node.pk not in seen:
            chain.append(node)
            seen.add(node.pk)
            node = node.parent
        return chain

    def clean(self) -> None:
        if self.pk and self.parent_id and self.parent.path.startswith(self.path):
            raise ValidationError({"parent": "A place cannot be inside itself."})
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError("Give both latitude and longitude, or neither.")

    @property
    def effective_time_zone(self) -> str:
        """Return this place's time zone, or the nearest parent's, or the site's."""
        for node in [self, *self.ancestors()]:
            if node.time_zone:
                return node.time_zone
        return settings.TIME_ZONE


# --- Actors ------------------------------------------------------------------------


class ActorKind(models.TextChoices):
    PERSON = "person", "person"
    AGENCY = "agency", "agency"
    UNIT = "unit", "unit"
    ORGANISATION = "organisation", "organisation"
    GROUP = "group", "group"


class Actor(models.Model):
    """A person, agency, unit, organisation or generic group ("Protesters")."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=ActorKind)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text="The body this one belongs to: DHS for ICE, ICE for ERO.",
    )
    description = models.CharField(
        max_length=300, blank=True, help_text="Who they are: 'Mayor of Chicago'."
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=~Q(parent=F("pk")), name="actor_not_own_parent"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = unique_slug(Actor, self.name)
        super().save(*args, **kwargs)


# --- Sources -----------------------------------------------------------------------

# Query parameters that identify a campaign or a click, never the document.
TRACKING_PARAMETERS = frozenset(
    {"fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "yclid", "_ga", "ref_src"}
)


def normalize_url(url: str) -> str:
    """Return the canonical form of a source URL, so one article is one source.

    Lower-cases scheme and host, drops default ports, fragments, tracking parameters
    (utm_*, fbclid, ...) and a trailing slash; keeps the path's case and the order
    of the remaining parameters, which can matter to the site.
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in {"http", "https"} or not parts.hostname:
        raise ValidationError("Enter a full web address starting with http:// or https://.")
    host = parts.hostname.lower()
    try:
        port = parts.port
    except ValueError:
        raise ValidationError("That web address has an invalid port.") from None
    if port and (scheme, port) not in {("http", 80), ("https", 443)}:
        host = f"{host}:{port}"
    query = [
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if not key.lower().startswith("utm_") and key.lower() not in TRACKING_PARAMETERS
    ]
    path = parts.path.rstrip("/")
    return urlunsplit((scheme, host, path, urlencode(query, doseq=True), ""))


class SourceType(models.TextChoices):
    NEWS_REPORT = "news", "news report"
    WIRE = "wire", "wire story"
    OFFICIAL_STATEMENT = "official", "official statement"
    SOCIAL_POST = "social", "social post"
    COURT_FILING = "court", "court filing"
    DATASET = "dataset", "dataset"


class Source(models.Model):
    """One article, post, document or dataset, with the text as captured."""

    url = models.URLField(
        max_length=2000, unique=True, help_text="Stored normalised: one address, one source."
    )
    outlet = models.CharField(max_length=200)
    headline = models.CharField(max_length=500)
    author = models.CharField(max_length=300, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    source_type = models.CharField(
        max_length=20, choices=SourceType, default=SourceType.NEWS_REPORT
    )
    language = models.CharField(max_length=16, default="en", help_text="BCP 47, e.g. en, es.")
    captured_text = models.TextField(blank=True, help_text="The text as captured, plain.")
    captured_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-published_at", "outlet"]
        indexes = [models.Index(Lower("outlet"), name="source_outlet_lower")]

    def __str__(self) -> str:
        return f"{self.outlet}: {self.headline}"

    def save(self, *args, **kwargs) -> None:
        self.url = normalize_url(self.url)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.url:
            try:
                self.url = normalize_url(self.url)
            except ValidationError as error:
                raise ValidationError({"url": error.messages}) from None


# --- Events ------------------------------------------------------------------------


class EventStatus(models.TextChoices):
    """Whether the event happened: schema.org eventStatus plus what news needs."""

    OCCURRED = "occurred", "occurred"
    ONGOING = "ongoing", "ongoing"
    PLANNED = "planned", "planned"
    SCHEDULED = "scheduled", "scheduled"
    EXPECTED = "expected", "expected"
    CANCELLED = "cancelled", "cancelled"
    POSTPONED = "postponed", "postponed"


class EditorialStatus(models.TextChoices):
    DRAFT = "draft", "draft"
    IN_REVIEW = "in_review", "in review"
    PUBLISHED = "published", "published"


class Verification(models.TextChoices):
    UNVERIFIED = "unverified", "unverified"
    SINGLE_SOURCE = "single_source", "single source"
    CORROBORATED = "corroborated", "corroborated"
    CONFIRMED = "confirmed", "confirmed"
    DISPUTED = "disputed", "disputed"
    RETRACTED = "retracted", "retracted"


class EventQuerySet(models.QuerySet["Event"]):
    """The one vocabulary every surface uses to ask for events."""

    def live(self) -> EventQuerySet:
        """Events not in the trash."""
        return self.filter(trashed_at__isnull=True)

    def trashed(self) -> EventQuerySet:
        return self.filter(trashed_at__isnull=False)

    def published(self) -> EventQuerySet:
        """What readers may see: published and not in the trash."""
        return self.filter(editorial_status=EditorialStatus.PUBLISHED, trashed_at__isnull=True)

    def drafts(self) -> EventQuerySet:
        return self.live().exclude(editorial_status=EditorialStatus.PUBLISHED)

    def of_type(self, *slugs: str) -> EventQuerySet:
        return self.filter(event_type__slug__in=slugs)

    def in_place(self, place: Place) -> EventQuerySet:
        """Events at place or anywhere inside it."""
        return self.filter(place__path__startswith=place.path)

    def involving(self, actor: Actor) -> EventQuerySet:
        return self.filter(actor_roles__actor=actor).distinct()

    def between(self, start: dt.date | None, end: dt.date | None) -> EventQuerySet:
        """Events whose date range overlaps start..end (either bound may be open)."""
        qs = self
        if start is not None:
            qs = qs.filter(end__gte=start)
        if end is not None:
            qs = qs.filter(start__lte=end)
        return qs

    def in_timeline(self, timeline: Timeline) -> EventQuerySet:
        return self.filter(timeline_entries__timeline=timeline)

    def chronological(self) -> EventQuerySet:
        """Order by start, then precision (day before week before month), then id."""
        return self.order_by("start", "precision", "pk")

    def for_timeline(self) -> EventQuerySet:
        """Fetch what a timeline card shows in a fixed number of queries."""
        return self.select_related("event_type", "place").prefetch_related(
            models.Prefetch(
                "counts", queryset=Count.objects.select_related("source").order_by("position")
            ),
            models.Prefetch(
                "citations",
                queryset=EventSource.objects.select_related("source").order_by("position"),
            ),
        )


class Event(models.Model):
    """One thing that happened at one place over one bounded time."""

    title = models.CharField(max_length=300)
    slug = models.SlugField(
        max_length=200,
        unique=True,
        blank=True,
        help_text="Part of the event's address; made from the date and title, then never changes.",
    )
    summary = models.TextField(blank=True)
    event_type = models.ForeignKey(
        EventType, on_delete=models.PROTECT, related_name="events", verbose_name="type"
    )
    status = models.CharField(
        "event status", max_length=20, choices=EventStatus, default=EventStatus.OCCURRED
    )

    # The date block: the words, what resolved them, and what they mean.
    date_text = models.CharField(
        max_length=200, blank=True, help_text='The words the source used: "Sunday night".'
    )
    anchor = models.DateField(
        null=True, blank=True, help_text="The date the words were resolved against."
    )
    start = models.DateField(help_text="First local day the event may have happened on.")
    end = models.DateField(blank=True, help_text="Last local day; leave empty for a one-day event.")
    precision = models.PositiveSmallIntegerField(choices=DatePrecision, default=DatePrecision.DAY)
    certainty = models.CharField(max_length=20, choices=Certainty, default=Certainty.EXACT)
    time = models.TimeField(null=True, blank=True, help_text="Local clock time, when known.")
    time_of_day = models.CharField(max_length=20, choices=TimeOfDay, blank=True)
    time_zone = models.CharField(
        max_length=64,
        validators=[validate_time_zone],
        default=settings.TIME_ZONE,
        help_text="IANA time zone of the place, e.g. America/Chicago.",
    )

    place = models.ForeignKey(
        Place, null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    part_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="parts",
        help_text="The wider event this is one of, e.g. a national day of action.",
    )
    actors = models.ManyToManyField(Actor, through="EventActor", related_name="events")
    sources = models.ManyToManyField(Source, through="EventSource", related_name="events")

    editorial_status = models.CharField(
        max_length=20, choices=EditorialStatus, default=EditorialStatus.DRAFT
    )
    verification = models.CharField(
        max_length=20, choices=Verification, default=Verification.UNVERIFIED
    )
    is_key = models.BooleanField("key event", default=False)
    correction = models.TextField(
        blank=True, help_text='Shown on the event: "Updated June 17: crowd estimate revised."'
    )

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    trashed_at = models.DateTimeField(null=True, blank=True, db_index=True)
    trashed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Counts the saves of the row, so an editor's form opened at one version cannot
    # overwrite a later one (see EventAdmin). Every save() raises it, in the database.
    version = models.PositiveIntegerField(default=0, editable=False)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["start", "precision", "pk"]
        permissions = [("publish_event", "Can publish and unpublish events")]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=F("start")), name="event_end_not_before_start"
            ),
            models.CheckConstraint(
                condition=~Q(editorial_status=EditorialStatus.PUBLISHED)
                | Q(published_at__isnull=False),
                name="event_published_has_published_at",
            ),
        ]
        indexes = [
            # The public surfaces: published, live events in date order.
            models.Index(
                fields=["start", "precision", "id"],
                condition=Q(editorial_status="published", trashed_at__isnull=True),
                name="event_public_chrono",
            ),
            models.Index(fields=["event_type", "start"], name="event_type_start"),
            models.Index(fields=["place", "start"], name="event_place_start"),
            models.Index(fields=["end"], name="event_end"),
            models.Index(fields=["editorial_status", "start"], name="event_status_start"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = unique_slug(Event, f"{self.start:%Y-%m-%d} {self.title}")
        if self.end is None:
            self.end = self.start
        # published_at says when the event went public, and only while it is.
        if self.editorial_status == EditorialStatus.PUBLISHED:
            self.published_at = self.published_at or timezone.now()
        else:
            self.published_at = None
        if not self._state.adding:
            self.bump_version(kwargs)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("event_detail", kwargs={"slug": self.slug})

    def bump_version(self, save_kwargs: dict) -> None:
        """Make this save raise the stored version by one, whatever the caller saves.

        Computed in the UPDATE itself, so two saves never write the same number, and never
        below the version this instance holds: reverting to an old revision writes its old
        number back raw, so EventAdmin sets the newest number it read before saving, and
        numbers are never reused. Django reads the new value back with RETURNING.
        """
        self.version = Greatest(F("version"), Value(self.version or 0)) + 1
        update_fields = save_kwargs.get("update_fields")
        if update_fields is not None and "version" not in update_fields:
            save_kwargs["update_fields"] = [*update_fields, "version"]

    @property
    def display_date(self) -> str:
        """The date as readers see it, at its precision: "Week of June 9, 2025"."""
        return display_date(
            start=self.start,
            end=self.end,
            precision=self.precision,
            time=self.time,
            time_of_day=self.time_of_day,
            certainty=self.certainty,
        )

    @property
    def is_published(self) -> bool:
        return self.editorial_status == EditorialStatus.PUBLISHED and self.trashed_at is None

    @property
    def starts_at(self) -> dt.datetime | None:
        """The aware start time when a clock time is known."""
        if self.time is None:
            return None
        return dt.datetime.combine(self.start, self.time, zoneinfo.ZoneInfo(self.time_zone))

    def clean(self) -> None:
        if self.start and self.end is None:
            self.end = self.start
        if self.editorial_status == EditorialStatus.PUBLISHED:
            self.published_at = self.published_at or timezone.now()
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": "The end date cannot be before the start date."})
        if self.time is not None and self.precision != DatePrecision.TIME:
            raise ValidationError(
                {"precision": "A clock time is given, so the precision should be 'time'."}
            )

    # The only ways an event goes public or leaves it. Each checks who asks.

    def publish(self, *, by: User) -> None:
        """Publish the event; only editors may."""
        if not by.has_perm(PUBLISH_PERMISSION):
            raise PermissionDenied("Only editors can publish events.")
        if self.trashed_at is not None:
            raise ValidationError("Restore the event from the trash before publishing it.")
        self.editorial_status = EditorialStatus.PUBLISHED
        self.updated_by = by
        self.save(update_fields=["editorial_status", "published_at", "updated_by", "updated_at"])

    def unpublish(self, *, by: User) -> None:
        """Take the event off every public surface, back to draft; only editors may."""
        if not by.has_perm(PUBLISH_PERMISSION):
            raise PermissionDenied("Only editors can unpublish events.")
        self.editorial_status = EditorialStatus.DRAFT
        self.updated_by = by
        self.save(update_fields=["editorial_status", "published_at", "updated_by", "updated_at"])

    def trash(self, *, by: User) -> None:
        """Move the event to the trash, from which it can be restored."""
        if self.is_published and not by.has_perm(PUBLISH_PERMISSION):
            raise PermissionDenied("Only editors can delete published events.")
        self.trashed_at = timezone.now()
        self.trashed_by = by
        self.save(update_fields=["trashed_at", "trashed_by", "updated_at"])

    def restore(self, *, by: User) -> None:
        """Bring the event back from the trash as it was; a published one only by an editor."""
        if self.editorial_status == EditorialStatus.PUBLISHED and not by.has_perm(
            PUBLISH_PERMISSION
        ):
            raise PermissionDenied("Only editors can restore published events.")
        self.trashed_at = None
        self.trashed_by = None
        self.updated_by = by
        self.save(update_fields=["trashed_at", "trashed_by", "updated_by", "updated_at"])


class ActorRole(models.TextChoices):
    ORGANIZER = "organizer", "organizer"
    PARTICIPANT = "participant", "participant"
    TARGET = "target", "target"
    ENFORCING_AGENCY = "enforcing_agency", "enforcing agency"
    DEPLOYED_FORCE = "deployed_force", "deployed force"
    DEPLOYING_AUTHORITY = "deploying_authority", "deploying authority"
    SPEAKER = "speaker", "speaker"
    ISSUER = "issuer", "issuer"
    COURT = "court", "court"
    PLAINTIFF = "plaintiff", "plaintiff"
    DEFENDANT = "defendant", "defendant"


class EventActor(models.Model):
    """An actor's part in an event, with an explicit role."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="actor_roles")
    actor = models.ForeignKey(Actor, on_delete=models.PROTECT, related_name="event_roles")
    role = models.CharField(max_length=30, choices=ActorRole)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "actor", "role"], name="eventactor_unique_role"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.actor} ({self.get_role_display()})"


class Supports(models.TextChoices):
    EVENT = "event", "the whole event"
    DATE = "date", "the date"
    PLACE = "place", "the place"
    NUMBERS = "numbers", "the numbers"
    ACTORS = "actors", "who was involved"


class EventSource(models.Model):
    """A citation: the source, the exact quote that supports the event, and what it supports."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="citations")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="citations")
    quote = models.TextField(help_text="The exact words from the source.")
    supports = models.CharField(max_length=20, choices=Supports, default=Supports.EVENT)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = "citation"

    def __str__(self) -> str:
        return f"{self.source.outlet}: “{self.quote[:60]}”"


class Measure(models.TextChoices):
    PARTICIPANTS = "participants", "participants"
    ARRESTED = "arrested", "arrested"
    DETAINED = "detained", "detained"
    DEPLOYED = "deployed", "deployed"
    INJURED = "injured", "injured"
    KILLED = "killed", "killed"
    OTHER = "other", "other"


class Qualifier(models.TextChoices):
    EXACT = "exact", "exactly"
    ABOUT = "about", "about"
    AT_LEAST = "at_least", "at least"
    AT_MOST = "at_most", "at most"


class Estimator(models.TextChoices):
    ORGANIZERS = "organizers", "organizers"
    POLICE = "police", "police"
    AGENCY = "agency", "agency"
    OFFICIALS = "officials", "officials"
    REPORTERS = "reporters", "reporters"
    OTHER = "other", "other"


class Count(models.Model):
    """An attributed number: 70,000 participants, as organizers estimated, per a source."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="counts")
    measure = models.CharField(max_length=20, choices=Measure)
    low = models.PositiveBigIntegerField(null=True, blank=True)
    high = models.PositiveBigIntegerField(null=True, blank=True)
    words = models.CharField(
        max_length=200, blank=True, help_text='The words used: "tens of thousands".'
    )
    qualifier = models.CharField(max_length=20, choices=Qualifier, default=Qualifier.EXACT)
    estimated_by = models.CharField(max_length=20, choices=Estimator, blank=True)
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, related_name="counts"
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(low__isnull=True) | Q(high__isnull=True) | Q(low__lte=F("high")),
                name="count_low_not_above_high",
            ),
            models.CheckConstraint(
                condition=Q(low__isnull=False) | Q(high__isnull=False) | ~Q(words=""),
                name="count_has_number_or_words",
            ),
        ]

    def __str__(self) -> str:
        return self.display

    def clean(self) -> None:
        if self.low is not None and self.high is not None and self.low > self.high:
            raise ValidationError({"high": "The high figure cannot be below the low one."})
        if self.low is None and self.high is None and not self.words:
            raise ValidationError("Give a number or the words the source used.")

    @property
    def display(self) -> str:
        """Return "70,000 participants (organizers' estimate)" or "millions"."""
        if self.low is not None and self.high is not None and self.low != self.high:
            figure = f"{self.low:,}–{self.high:,}"
        elif self.low is not None or self.high is not None:
            figure = f"{self.low if self.low is not None else self.high:,}"
            if self.qualifier != Qualifier.EXACT:
                figure = f"{self.get_qualifier_display()} {figure}"
        else:
            figure = ""
        # The source's words alone read better than "millions participants".
        text = f"{figure} {self.get_measure_display()}" if figure else self.words
        if self.estimated_by:
            who = self.get_estimated_by_display()
            text += f" ({who}’ estimate)" if who.endswith("s") else f" ({who} estimate)"
        return text


# --- Timelines ---------------------------------------------------------------------


class TimelineOrder(models.TextChoices):
    OLDEST_FIRST = "oldest", "oldest first"
    NEWEST_FIRST = "newest", "newest first"


class TimelineQuerySet(models.QuerySet["Timeline"]):
    def published(self) -> TimelineQuerySet:
        return self.filter(is_published=True)


class Timeline(models.Model):
    """A curated collection of events, published as one story."""

    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=200, unique=True)
    description = models.TextField(blank=True)
    ordering = models.CharField(
        max_length=10, choices=TimelineOrder, default=TimelineOrder.OLDEST_FIRST
    )
    is_published = models.BooleanField("published", default=False)
    events = models.ManyToManyField(Event, through="TimelineEvent", related_name="timelines")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TimelineQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("timeline_detail", kwargs={"slug": self.slug})

    def published_events(self) -> EventQuerySet:
        """The events readers see on this timeline, in its order."""
        events = Event.objects.published().in_timeline(self).chronological()
        return events.reverse() if self.ordering == TimelineOrder.NEWEST_FIRST else events


class TimelineEvent(models.Model):
    """An event's place on a timeline, with an optional note for that timeline."""

    timeline = models.ForeignKey(Timeline, on_delete=models.CASCADE, related_name="entries")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="timeline_entries")
    note = models.TextField(blank=True, help_text="Shown with the event on this timeline only.")

    class Meta:
        ordering = ["event__start", "event__precision", "event_id"]
        constraints = [
            models.UniqueConstraint(fields=["timeline", "event"], name="timelineevent_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.timeline}: {self.event}"


# --- Imports: articles turned into proposed events -----------------------------------


class RunStatus(models.TextChoices):
    PENDING = "pending", "waiting to start"
    RUNNING = "running", "extracting"
    DONE = "done", "done"
    FAILED = "failed", "failed"

    @property
    def is_finished(self) -> bool:
        return self in (RunStatus.DONE, RunStatus.FAILED)


class Decision(models.TextChoices):
    """What an editor did with a proposed event."""

    PENDING = "pending", "to review"
    ACCEPTED = "accepted", "accepted"
    EDITED = "edited", "edited and accepted"
    MERGED = "merged", "merged into an existing event"
    REJECTED = "rejected", "rejected"


class ExtractionRunQuerySet(models.QuerySet["ExtractionRun"]):
    def with_counts(self) -> ExtractionRunQuerySet:
        """Annotate how many proposals each run made and what became of them."""
        return self.annotate(
            proposed_count=models.Count("proposals"),
            **{
                f"{decision}_count": models.Count(
                    "proposals", filter=Q(proposals__decision=decision)
                )
                for decision in Decision.values
            },
        )


class ExtractionRun(models.Model):
    """One extraction of one article's text: when, by whom, against which date, and how it went.

    The run keeps the text it read, so evidence offsets stay true after a re-import
    replaces the source's captured text.
    """

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="extraction_runs")
    text = models.TextField(help_text="The plain text the extractor read.")
    published_at = models.DateTimeField(
        help_text="The publication time dates were resolved against."
    )
    time_zone = models.CharField(
        max_length=64,
        validators=[validate_time_zone],
        help_text="IANA time zone of the place reported on.",
    )
    status = models.CharField(max_length=20, choices=RunStatus, default=RunStatus.PENDING)
    error = models.TextField(blank=True, help_text="Why the extraction failed.")
    skipped = models.PositiveIntegerField(
        default=0, help_text="Candidates not proposed again: an earlier import proposed them."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ExtractionRunQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "article import"

    def __str__(self) -> str:
        return f"{self.source.headline} ({self.created_at:%Y-%m-%d %H:%M})"

    def get_absolute_url(self) -> str:
        return reverse("admin:timeline_event_review", kwargs={"run_id": self.pk})

    @property
    def published_on(self) -> dt.date:
        """The local publication day: what "Sunday" and "last week" are counted from."""
        return timezone.localtime(self.published_at, zoneinfo.ZoneInfo(self.time_zone)).date()

    @property
    def is_finished(self) -> bool:
        return RunStatus(self.status).is_finished

    def start(self) -> None:
        self.status = RunStatus.RUNNING
        self.save(update_fields=["status"])

    def finish(self, *, skipped: int) -> None:
        self.status = RunStatus.DONE
        self.skipped = skipped
        self.finished_at = timezone.now()
        self.save(update_fields=["status", "skipped", "finished_at"])

    def fail(self, error: BaseException) -> None:
        self.status = RunStatus.FAILED
        self.error = f"{type(error).__name__}: {error}"[:2000]
        self.finished_at = timezone.now()
        self.save(update_fields=["status", "error", "finished_at"])

    def decision_counts(self) -> dict[str, int]:
        """How many proposals are pending, accepted, edited, merged and rejected."""
        counts = dict.fromkeys(Decision.values, 0)
        rows = self.proposals.order_by().values_list("decision").annotate(n=models.Count("pk"))
        counts.update(dict(rows))
        return counts


class ProposedEvent(models.Model):
    """A candidate event the extractor found in a run, and what the editor decided about it.

    `candidate` is Candidate.as_json() as proposed and never changes; edits go to the
    event it becomes. The evidence and dates are also columns, so a re-import can tell
    what was proposed before.
    """

    run = models.ForeignKey(ExtractionRun, on_delete=models.CASCADE, related_name="proposals")
    position = models.PositiveSmallIntegerField(help_text="The candidate's place in the article.")
    candidate = models.JSONField()
    evidence = models.TextField(help_text="The sentence that reports the event.")
    evidence_start = models.PositiveIntegerField()
    evidence_end = models.PositiveIntegerField()
    event_type = models.CharField(max_length=40)
    start = models.DateField()
    end = models.DateField()
    decision = models.CharField(max_length=20, choices=Decision, default=Decision.PENDING)
    event = models.ForeignKey(
        Event,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
        help_text="The event it became, or the one it was merged into.",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["run", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "position"], name="proposedevent_unique_position"
            ),
            models.CheckConstraint(
                condition=Q(evidence_end__gte=F("evidence_start")),
                name="proposedevent_evidence_offsets_ordered",
            ),
            models.CheckConstraint(
                condition=Q(decision=Decision.PENDING) | Q(decided_at__isnull=False),
                name="proposedevent_decision_has_time",
            ),
        ]

    def __str__(self) -> str:
        return self.candidate.get("title", "") or f"Proposal {self.position}"

    @property
    def is_pending(self) -> bool:
        return self.decision == Decision.PENDING

    @property
    def precision(self) -> DatePrecision:
        """The proposed date's precision; a day when the extractor names one we do not know."""
        try:
            return DatePrecision.from_slug(self.candidate.get("precision") or "day")
        except ValueError:
            return DatePrecision.DAY

    @property
    def display_date(self) -> str:
        """The proposed date as readers would see it: "Week of June 9, 2025"."""
        data = self.candidate
        return display_date(
            start=self.start,
            end=self.end,
            precision=self.precision,
            time=dt.time.fromisoformat(data["time"]) if data.get("time") else None,
            time_of_day=data.get("time_of_day") or "",
            certainty=data.get("certainty") or Certainty.EXACT,
        )

    def decide(self, decision: Decision, *, by: User, event: Event | None = None) -> None:
        """Record the editor's decision, once."""
        if not self.is_pending:
            raise ValidationError("This proposal has already been decided.")
        self.decision = decision
        self.event = event
        self.decided_by = by
        self.decided_at = timezone.now()
        self.save(update_fields=["decision", "event", "decided_by", "decided_at"])

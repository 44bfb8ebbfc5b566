"""Events: their types, statuses, dates, actors' roles, citations and counts.

Integrity that the data depends on (end not before start, low not above high, unique
slugs) lives in the database as constraints, not only in forms.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Greatest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from timeline.dates import Certainty, DatePrecision, TimeOfDay, display_date
from timeline.models.common import PUBLISH_PERMISSION, unique_slug, validate_time_zone
from timeline.models.places import Actor, Place
from timeline.models.sources import Source

if TYPE_CHECKING:
    from timeline.models.common import User
    from timeline.models.timelines import Timeline

# --- Event types -------------------------------------------------------------------


class EventType(models.Model):
    """What kind of thing happened; the nine stable slugs are seeded by a migration."""

    slug = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=80)
    colour = models.CharField(
        max_length=7,
        help_text=_("Hex colour used beside the label on timelines, e.g. #b91c1c."),
    )
    description = models.TextField(help_text=_("What counts as this type, for editors."))
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


def at_or_inside(place: Place) -> dict[str, Any]:
    """The lookups of EventQuerySet.in_place, for a filter() that sets several at once."""
    return {"place__path__startswith": place.path}


def overlapping(start: dt.date | None, end: dt.date | None) -> dict[str, Any]:
    """The lookups of EventQuerySet.between, for a filter() that sets several at once."""
    lookups: dict[str, Any] = {}
    if start is not None:
        lookups["end__gte"] = start
    if end is not None:
        lookups["start__lte"] = end
    return lookups


class EventQuerySet(models.QuerySet["Event"]):
    """The one vocabulary every surface uses to ask for events."""

    def live(self) -> EventQuerySet:
        """Events not in the trash."""
        return self.filter(trashed_at__isnull=True)

    def trashed(self) -> EventQuerySet:
        return self.filter(trashed_at__isnull=False)

    def published(self, **lookups: Any) -> EventQuerySet:
        """What readers may see: published and not in the trash; and matching lookups,
        if given, set in the same filter() (each filter() copies the whole query)."""
        return self.filter(
            editorial_status=EditorialStatus.PUBLISHED, trashed_at__isnull=True, **lookups
        )

    def drafts(self) -> EventQuerySet:
        return self.live().exclude(editorial_status=EditorialStatus.PUBLISHED)

    def of_type(self, *slugs: str) -> EventQuerySet:
        return self.filter(event_type__slug__in=slugs)

    def in_place(self, place: Place) -> EventQuerySet:
        """Events at place or anywhere inside it."""
        return self.filter(**at_or_inside(place))

    def involving(self, actor: Actor) -> EventQuerySet:
        return self.filter(actor_roles__actor=actor).distinct()

    def between(self, start: dt.date | None, end: dt.date | None) -> EventQuerySet:
        """Events whose date range overlaps start..end (either bound may be open)."""
        return self.filter(**overlapping(start, end))

    def in_timeline(self, timeline: Timeline) -> EventQuerySet:
        return self.filter(timeline_entries__timeline=timeline)

    def chronological(self) -> EventQuerySet:
        """Order by start, then precision (day before week before month), then id."""
        return self.order_by("start", "precision", "pk")

    def for_cards(self) -> EventQuerySet:
        """With what a list card shows (type, place, counts, sources): three queries."""
        return self.select_related("event_type", "place").prefetch_related("counts", "citations")

    def for_timeline(self) -> EventQuerySet:
        """With everything an event's full entry shows (counts and citations in order, with
        their sources): the exports, the story and an event's embed, in three queries."""
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
        help_text=_(
            "Part of the event's address; made from the date and title, then never changes."
        ),
    )
    summary = models.TextField(blank=True)
    # Event content keeps its language; Spanish pages show these when an editor wrote them.
    title_es = models.CharField(_("title in Spanish"), max_length=300, blank=True)
    summary_es = models.TextField(_("summary in Spanish"), blank=True)
    event_type = models.ForeignKey(
        EventType, on_delete=models.PROTECT, related_name="events", verbose_name=_("type")
    )
    status = models.CharField(
        "event status", max_length=20, choices=EventStatus, default=EventStatus.OCCURRED
    )

    # The date block: the words, what resolved them, and what they mean.
    date_text = models.CharField(
        max_length=200, blank=True, help_text=_('The words the source used: "Sunday night".')
    )
    anchor = models.DateField(
        null=True, blank=True, help_text=_("The date the words were resolved against.")
    )
    start = models.DateField(help_text=_("First local day the event may have happened on."))
    end = models.DateField(
        blank=True, help_text=_("Last local day; leave empty for a one-day event.")
    )
    precision = models.PositiveSmallIntegerField(choices=DatePrecision, default=DatePrecision.DAY)
    certainty = models.CharField(max_length=20, choices=Certainty, default=Certainty.EXACT)
    time = models.TimeField(null=True, blank=True, help_text=_("Local clock time, when known."))
    time_of_day = models.CharField(max_length=20, choices=TimeOfDay, blank=True)
    time_zone = models.CharField(
        max_length=64,
        validators=[validate_time_zone],
        default=settings.TIME_ZONE,
        help_text=_("IANA time zone of the place, e.g. America/Chicago."),
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
        help_text=_("The wider event this is one of, e.g. a national day of action."),
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
        blank=True, help_text=_('Shown on the event: "Updated June 17: crowd estimate revised."')
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
    def localized_title(self) -> str:
        """The title in the page's language: the Spanish one on Spanish pages, if written."""
        return self._in_language(self.title, self.title_es)

    @property
    def localized_summary(self) -> str:
        """The summary in the page's language, as localized_title."""
        return self._in_language(self.summary, self.summary_es)

    @property
    def content_language(self) -> str:
        """The language of the title shown on this page: "es" or "en"."""
        return "es" if self._in_language("", self.title_es) else "en"

    @staticmethod
    def _in_language(english: str, spanish: str) -> str:
        return spanish if spanish and translation.get_language() == "es" else english

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
    quote = models.TextField(help_text=_("The exact words from the source."))
    supports = models.CharField(max_length=20, choices=Supports, default=Supports.EVENT)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("citation")

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
        max_length=200, blank=True, help_text=_('The words used: "tens of thousands".')
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
        if translation.get_language() == "es":
            return self._display_es()
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

    def _display_es(self) -> str:
        """Return "70.000 participantes (según los organizadores)"; words stay the source's."""
        if self.low is not None and self.high is not None and self.low != self.high:
            figure = f"{number_format(self.low, force_grouping=True)}–"
            figure += number_format(self.high, force_grouping=True)
        elif self.low is not None or self.high is not None:
            figure = number_format(
                self.low if self.low is not None else self.high, force_grouping=True
            )
            if self.qualifier != Qualifier.EXACT:
                figure = f"{pgettext('count qualifier', self.get_qualifier_display())} {figure}"
        else:
            figure = ""
        measure = pgettext("count measure", self.get_measure_display())
        text = f"{figure} {measure}" if figure else self.words
        if self.estimated_by:
            text += f" (según {pgettext('count estimator', self.get_estimated_by_display())})"
        return text

"""Timelines: curated collections of events, published as one story."""

from __future__ import annotations

from django.db import models
from django.db.models import Exists, F, FilteredRelation, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from timeline.models.events import Event, EventQuerySet

NARRATIVE_MAX_LENGTH = 300


class TimelineOrder(models.TextChoices):
    OLDEST_FIRST = "oldest", "oldest first"
    NEWEST_FIRST = "newest", "newest first"


class TimelineQuerySet(models.QuerySet["Timeline"]):
    def published(self) -> TimelineQuerySet:
        return self.filter(is_published=True)

    def with_story(self) -> TimelineQuerySet:
        """Annotate `has_story`: whether a published key event is on the timeline."""
        steps = TimelineEvent.objects.filter(timeline=OuterRef("pk")).in_story()
        return self.annotate(has_story=Exists(steps))


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

    def story_events(self) -> EventQuerySet:
        """The story's steps: published key events, oldest first, each with `narrative`.

        Oldest first whatever the timeline's order: a story is told from its beginning.
        """
        entry = FilteredRelation(
            "timeline_entries",
            condition=Q(timeline_entries__timeline=self, timeline_entries__is_key=True),
        )
        return (
            Event.objects.published()
            .annotate(story_entry=entry)
            .filter(story_entry__isnull=False)
            .annotate(narrative=F("story_entry__narrative"))
            .chronological()
        )


class TimelineEventQuerySet(models.QuerySet["TimelineEvent"]):
    def in_story(self) -> TimelineEventQuerySet:
        """Entries that are steps of their timeline's story: key, and the event published."""
        return self.filter(
            is_key=True,
            event__in=Event.objects.published(),
        )


class TimelineEvent(models.Model):
    """An event's place on a timeline, with an optional note for that timeline."""

    timeline = models.ForeignKey(Timeline, on_delete=models.CASCADE, related_name="entries")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="timeline_entries")
    note = models.TextField(blank=True, help_text=_("Shown with the event on this timeline only."))
    is_key = models.BooleanField(
        "in the story",
        default=False,
        help_text=_("A key event: one step of this timeline's story mode."),
    )
    narrative = models.CharField(
        "narrative line",
        max_length=NARRATIVE_MAX_LENGTH,
        blank=True,
        help_text=_("One or two sentences readers see with this step of the story."),
    )

    objects = TimelineEventQuerySet.as_manager()

    class Meta:
        ordering = ["event__start", "event__precision", "event_id"]
        constraints = [
            models.UniqueConstraint(fields=["timeline", "event"], name="timelineevent_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.timeline}: {self.event}"

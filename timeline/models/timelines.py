"""Timelines: curated collections of events, published as one story."""

from __future__ import annotations

from django.db import models
from django.urls import reverse

from timeline.models.events import Event, EventQuerySet


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

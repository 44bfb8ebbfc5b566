"""Places in their hierarchy, and the actors (people, agencies, groups) events involve."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from timeline.models.common import unique_slug, validate_time_zone

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
        max_length=20, blank=True, help_text=_("Short form used in place lines, e.g. IL.")
    )
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    time_zone = models.CharField(
        max_length=64, blank=True, validators=[validate_time_zone], help_text=_("IANA name.")
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
        help_text=_("The body this one belongs to: DHS for ICE, ICE for ERO."),
    )
    description = models.CharField(
        max_length=300, blank=True, help_text=_("Who they are: 'Mayor of Chicago'.")
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

"""What every model module shares: the publish permission, time zone and slug helpers."""

from __future__ import annotations

import zoneinfo
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import slugify

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

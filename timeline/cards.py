"""The list's cards, each rendered once per event, language and data version.

Rendering cards was most of what a results region cost, and readers who filter
differently still see the same events. So a page's query reads only what orders the
cards and heads them by date (`browse.page(..., keys_only=True)`); the cards' HTML
comes from the cache in one read, and only the events missing there are read in full
and rendered, by the same template (timeline/_cards.html#card). The key names the data
version, so any edit renders them afresh.

A search's cards carry their own snippet and are rendered with the page instead.
"""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from timeline import browse
from timeline.models import Event

TEMPLATE = "timeline/_cards.html#card"


def attach(groups: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The groups (from views._grouped), each with its card's HTML as `card`.

    A group whose event stopped being public between the page's read and this one is
    left out rather than shown from an older copy.
    """
    version, language = browse.data_version(), get_language()
    keys = {group["event"].pk: f"dateline.card.{version}.{language}.{group['event'].pk}"
            for group in groups}  # fmt: skip
    found = cache.get_many(list(keys.values()))
    missing = [pk for pk, key in keys.items() if key not in found]
    if missing:
        events = (
            Event.objects.published()
            .filter(pk__in=missing)
            .select_related("event_type", "place")
            .prefetch_related("counts", "citations")
        )
        rendered = {
            keys[event.pk]: render_to_string(TEMPLATE, {"event": event}) for event in events
        }
        cache.set_many(rendered, browse.CACHE_SECONDS)
        found |= rendered
    # Each card is our own template's autoescaped output.
    return [
        group | {"card": mark_safe(found[keys[group["event"].pk]])}  # noqa: S308
        for group in groups
        if keys[group["event"].pk] in found
    ]

"""The list's cards, each rendered once per event, language and data version.

Rendering cards was most of what a results region cost, and readers who filter
differently still see the same events. So a page's query reads only what orders the
cards and heads them by date (`browse.page(..., keys_only=True)`); the cards' HTML
comes from the cache in one read, and only the events missing there are read in full
and rendered, by the same template (timeline/_cards.html#card). The key names the data
version, so any edit renders them afresh, and a process may keep its own copies.

A search's cards carry their own snippet and are rendered with the page instead.
"""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from timeline import browse, languages
from timeline.models import Event

TEMPLATE = "timeline/_cards.html#card"

# The cards this process served lately, beside the shared cache: a page's worth read
# from here costs a tenth of a round trip to Redis and 25 unpicklings. About 1 kB each.
_recent = browse.Recent(2000)


def key_prefix() -> str:
    """Where cards are kept now (the event's id follows): by data version, and language
    and address style (languages.links_key)."""
    return f"dateline.card.{browse.data_version()}.{languages.links_key()}."


def attach(groups: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The groups (from views._grouped), each with its card's HTML as `card`.

    A card not kept is read with published(), so an event unpublished since the page's
    read is left out, not drawn from its row. One kept is shown as kept: its key holds
    the data version the whole response was made of (browse.pinned_version).
    """
    prefix = key_prefix()
    keys = {group["event"].pk: f"{prefix}{group['event'].pk}" for group in groups}
    found = _recent.get_many(keys.values())
    if len(found) < len(keys):
        found |= cache.get_many([key for key in keys.values() if key not in found])
        _recent.set_many(found)
    missing = [pk for pk, key in keys.items() if key not in found]
    if missing:
        events = Event.objects.published(pk__in=missing).for_cards()
        rendered = {
            keys[event.pk]: render_to_string(TEMPLATE, {"event": event}) for event in events
        }
        cache.set_many(rendered, browse.CACHE_SECONDS)
        _recent.set_many(rendered)
        found |= rendered
    # Each card is our own template's autoescaped output.
    return [
        group | {"card": mark_safe(found[keys[group["event"].pk]])}  # noqa: S308
        for group in groups
        if keys[group["event"].pk] in found
    ]

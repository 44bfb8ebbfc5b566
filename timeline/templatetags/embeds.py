"""Embed code for templates: the share panel and oEmbed discovery links."""

from __future__ import annotations

from typing import Any

from django import template

from timeline import embeds
from timeline.models import Event, Timeline

register = template.Library()


@register.simple_tag(takes_context=True)
def timeline_embed_code(
    context: dict[str, Any], timeline: Timeline | None, filters: Any
) -> embeds.EmbedCode:
    """{% timeline_embed_code timeline filters as code %}: link, iframe, script, oEmbed.

    Worked out once a request: the share panel and the oEmbed link both ask for it.
    """
    request, filters = context["request"], list(filters or [])
    made = request.__dict__.setdefault("_dateline_embed_codes", {})
    key = (timeline.pk if timeline else None, tuple(map(tuple, filters)))
    if key not in made:
        made[key] = embeds.timeline_code(request, timeline or None, filters)
    return made[key]


@register.simple_tag(takes_context=True)
def event_embed_code(context: dict[str, Any], event: Event) -> embeds.EmbedCode:
    """{% event_embed_code event as code %}: link, iframe and oEmbed for one event."""
    return embeds.event_code(context["request"], event)

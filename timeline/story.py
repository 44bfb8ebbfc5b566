"""Story mode: a timeline told one key event at a time, with a URL per step.

Editors tick "in the story" on a timeline's entries and write a narrative line for
each (the admin's timeline page, kept in its history). Readers step through the
published ones, oldest first: /timelines/<slug>/story/<n>/, with next and previous as
plain links that HTMX turns into a swap of the step region (the address follows), and
static/js/story.js adding arrow keys, Home/End and swipes. /story/print/ lists every
step for printing, and /embed/timelines/<slug>/story/ is the same story in a frame.

Steps are published events only: an entry whose event is a draft, in review,
unpublished or in the trash is not a step, and its narrative is never read. Pages are
cached by data version like the timeline page, and cost the same few queries however
many steps or events the timeline has.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from timeline import axis, browse, embeds
from timeline.caching import HTMX_HEADERS, public_cache
from timeline.models import Event, Timeline

STEP_ID = "story-step"


@dataclasses.dataclass(frozen=True)
class Step:
    """One step of a timeline's story: its event (with `narrative`) and where it stands."""

    number: int
    total: int
    event: Event

    @property
    def is_first(self) -> bool:
        return self.number == 1

    @property
    def is_last(self) -> bool:
        return self.number == self.total

    @property
    def card(self) -> list[dict[str, Any]]:
        """The event as timeline/_cards.html takes it: one card, no date headings."""
        return [{"event": self.event, "month": None, "day": None}]


def step(timeline: Timeline, number: int) -> Step | None:
    """Step `number` (from 1) of the timeline's story, or None when there is no such step.

    Two reads whatever the story's length: the steps' ids in order, then the one event
    with what its card shows.
    """
    ids = list(timeline.story_events().values_list("pk", flat=True))
    if not 1 <= number <= len(ids):
        return None
    event = timeline.story_events().for_timeline().get(pk=ids[number - 1])
    return Step(number=number, total=len(ids), event=event)


def steps(timeline: Timeline) -> list[Step]:
    """Every step of the timeline's story, in order, for the print view."""
    events = list(timeline.story_events().for_timeline())
    return [Step(number=n, total=len(events), event=e) for n, e in enumerate(events, 1)]


def story_url(timeline: Timeline, number: int = 1, *, embed: bool = False) -> str:
    name = "embed_timeline_story_step" if embed else "timeline_story_step"
    return reverse(name, kwargs={"slug": timeline.slug, "number": number})


# --- Reader pages ---------------------------------------------------------------------


@require_GET
@public_cache(max_age=60, vary=HTMX_HEADERS)
def timeline_story(request: HttpRequest, slug: str, number: int = 1) -> HttpResponse:
    """One step of the story: the full page, or the step region for an HTMX swap."""
    timeline = get_object_or_404(Timeline.objects.published(), slug=slug)
    current = step(timeline, number)
    if current is None:
        return _no_such_step(request, timeline, number)
    htmx = getattr(request, "htmx", None)
    fragment = bool(htmx and htmx.target == STEP_ID and not htmx.history_restore_request)
    template_name = "timeline/story.html#step" if fragment else "timeline/story.html"
    context = _step_context(request, timeline, current) | {"fragment": fragment}
    return TemplateResponse(request, template_name, context)


@require_GET
@public_cache(max_age=60)
def timeline_story_print(request: HttpRequest, slug: str) -> HttpResponse:
    """Every step on one page, for readers who print the whole story."""
    timeline = get_object_or_404(Timeline.objects.published(), slug=slug)
    all_steps = steps(timeline)
    if not all_steps:
        return _no_such_step(request, timeline, 1)
    context = {"timeline": timeline, "steps": all_steps, "story_url": story_url(timeline)}
    return TemplateResponse(request, "timeline/story_print.html", context)


def _no_such_step(request: HttpRequest, timeline: Timeline, number: int) -> HttpResponse:
    """A 404 that says why: no story at all, or a step past its end."""
    total = timeline.story_events().count()
    context = {
        "timeline": timeline,
        "number": number,
        "total": total,
        "story_url": story_url(timeline) if total else "",
    }
    return TemplateResponse(request, "timeline/story_missing.html", context, status=404)


def _step_context(request: HttpRequest, timeline: Timeline, current: Step) -> dict[str, Any]:
    page_url = request.build_absolute_uri(story_url(timeline, current.number))
    oembed_query = urlencode({"url": page_url, "format": "json"})
    embed_src = request.build_absolute_uri(story_url(timeline, current.number, embed=True))
    title = gettext("%(title)s: the story") % {"title": timeline.title}
    # The whole timeline's axis, compact, its periods opening the timeline's list there.
    timeline_path = timeline.get_absolute_url()
    return {
        "axis": axis.build(
            browse.Query(), timeline, path=timeline_path, filters=[], compact=True, htmx=False
        ),
        "timeline": timeline,
        "step": current,
        "title": title,
        "numbers": [(n, story_url(timeline, n)) for n in range(1, current.total + 1)],
        "previous_url": "" if current.is_first else story_url(timeline, current.number - 1),
        "next_url": "" if current.is_last else story_url(timeline, current.number + 1),
        "page_url": page_url,
        "oembed_url": request.build_absolute_uri(f"{reverse('oembed')}?{oembed_query}"),
        "iframe": embeds.iframe_html(embed_src, title, "100%", embeds.TIMELINE_SIZE[1]),
        "script": _loader_script(request, timeline, current.number),
    }


def _loader_script(request: HttpRequest, timeline: Timeline, number: int) -> str:
    return format_html(
        '<script src="{}" data-timeline="{}" data-story="{}" async></script>',
        embeds.loader_url(request),
        timeline.slug,
        number,
    )


# --- The embed ------------------------------------------------------------------------


@embeds.frameable
@public_cache(max_age=60)
def timeline_story_embed(request: HttpRequest, slug: str, number: int = 1) -> HttpResponse:
    """The story in someone else's page: one step, next and previous inside the frame."""
    theme = request.GET.get("theme", "")
    theme = theme if theme in embeds.THEMES else "light"
    timeline = Timeline.objects.published().filter(slug=slug).first()
    current = step(timeline, number) if timeline is not None else None
    if timeline is None or current is None:
        context = {"theme": theme, "title": gettext("Not available")}
        return TemplateResponse(request, "embed/missing.html", context, status=404)
    keep = f"?{urlencode({'theme': theme})}" if theme != "light" else ""

    def in_frame(number: int) -> str:
        return f"{story_url(timeline, number, embed=True)}{keep}"

    context = {
        "timeline": timeline,
        "step": current,
        "theme": theme,
        "title": gettext("%(title)s: the story") % {"title": timeline.title},
        "page_url": story_url(timeline, current.number),
        "previous_url": "" if current.is_first else in_frame(current.number - 1),
        "next_url": "" if current.is_last else in_frame(current.number + 1),
        "first_url": in_frame(1),
        "last_url": in_frame(current.total),
    }
    return TemplateResponse(request, "embed/story.html", context)

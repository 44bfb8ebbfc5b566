"""Public pages. Readers see published events only, and nothing else exists for them."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from timeline.models import Event, Timeline


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    timelines = Timeline.objects.published().order_by("-updated_at")
    latest = Event.objects.published().for_timeline().chronological().reverse()[:50]
    return TemplateResponse(
        request, "timeline/home.html", {"timelines": timelines, "latest": latest}
    )


@require_GET
def timeline_detail(request: HttpRequest, slug: str) -> HttpResponse:
    timeline = get_object_or_404(Timeline.objects.published(), slug=slug)
    events = timeline.published_events().for_timeline()
    return TemplateResponse(
        request, "timeline/timeline_detail.html", {"timeline": timeline, "events": events}
    )


@require_GET
def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(Event.objects.published().for_timeline(), slug=slug)
    return TemplateResponse(request, "timeline/event_detail.html", {"event": event})

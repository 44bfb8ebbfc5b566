"""Embeds: a compact timeline (or one event) for other sites' iframes, and oEmbed.

An embed page is built to sit in someone else's article:

- Its events are in the HTML, so the frame makes no API calls; it uses no cookies,
  session or CSRF token, so it works in WordPress's sandbox (an opaque origin).
- It is cached by data version (`public_cache`), so it carries no per-request CSP
  nonce: its only script is a static file from our own origin.
- Only these routes may be framed (CSP `frame-ancestors *`, no X-Frame-Options);
  every other page keeps `frame-ancestors 'none'` and X-Frame-Options: DENY.
- Links open the event page in the top window (`target="_top"`): a plain iframe may
  navigate its parent on a click, and inside WordPress's sandbox, which forbids that,
  static/js/embed-frame.js asks the WordPress host to do it with its "link" message.
  `_blank` would need `allow-popups`, which WordPress's sandbox does not grant either,
  and would open tabs the reader did not ask for.

oEmbed (https://oembed.com) answers for our own timeline and event URLs with an iframe
pointing at the matching embed, filters and all; a story page's URL gives the story's
embed at that step.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.template.response import TemplateResponse
from django.urls import Resolver404, ResolverMatch, reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_GET

from timeline import axis, browse, languages, maps
from timeline.caching import public_cache
from timeline.models import Event, Timeline

PROVIDER_NAME = "Dateline"
# The filters an embed shares with the public timeline; the page cursor and size are not.
# `view=map` shows the map instead of the list (timeline.maps).
FILTER_KEYS = ("type", "place", "actor", "start", "end", "q", "order", "view")
DEFAULT_LIMIT = 10
MAX_LIMIT = 50
THEMES = ("light", "dark")
# Sizes an embed is offered at when the consumer does not constrain it.
TIMELINE_SIZE = (600, 600)
EVENT_SIZE = (600, 260)
CACHE_AGE = 3600
# A story's pages (timeline.story), each answered with the story's embed at that step.
STORY_PAGES = {"timeline_story", "timeline_story_step", "timeline_story_print"}

# The site's policy (fixed, no nonce: a cached page cannot carry one), except that
# anyone may frame an embed.
EMBED_CSP = {**settings.SECURE_CSP, "frame-ancestors": ["*"]}


def frameable(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Let any site frame this view; the outermost decorators, so cached hits keep it."""
    return require_GET(xframe_options_exempt(csp_override(EMBED_CSP)(view)))


# --- Filters ------------------------------------------------------------------------


class EmbedFilter(maps.ViewFilter):
    """The public timeline's filters, list or map, plus how many events and which colours."""

    limit = forms.IntegerField(required=False, min_value=1, label=gettext_lazy("Events shown"))
    theme = forms.ChoiceField(
        required=False, choices=[(t, t) for t in THEMES], label=gettext_lazy("Theme")
    )

    def __init__(self, data: Any, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        self.fields["limit"].error_messages["invalid"] = gettext_lazy(
            "Give the number of events as a number."
        )
        self.fields["theme"].error_messages["invalid_choice"] = gettext_lazy(
            "The theme is light or dark."
        )

    def clean_limit(self) -> int:
        # Too many is corrected, not refused: the embed still shows something.
        return min(self.cleaned_data["limit"] or DEFAULT_LIMIT, MAX_LIMIT)

    def clean_theme(self) -> str:
        return self.cleaned_data["theme"] or "light"


def embed_filters(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The (key, value) pairs an embed of this view keeps: filters only, in order."""
    return [(key, value) for key, value in pairs if key in FILTER_KEYS and value]


def _theme(request: HttpRequest) -> str:
    theme = request.GET.get("theme", "")
    return theme if theme in THEMES else "light"


# --- Embed pages ----------------------------------------------------------------------


@frameable
@public_cache(max_age=60)
def timeline_embed(request: HttpRequest, slug: str) -> HttpResponse:
    timeline = Timeline.objects.published().filter(slug=slug).first()
    if timeline is None:
        return _missing(request)
    return _timeline_embed(request, timeline)


@frameable
@public_cache(max_age=60)
def all_events_embed(request: HttpRequest) -> HttpResponse:
    return _timeline_embed(request, None)


@frameable
@public_cache(max_age=60)
def event_embed(request: HttpRequest, slug: str) -> HttpResponse:
    event = Event.objects.published().for_timeline().filter(slug=slug).first()
    if event is None:
        return _missing(request)
    context = {
        "event": event,
        "theme": _theme(request),
        "title": event.title,
        "page_url": event.get_absolute_url(),
    }
    return TemplateResponse(request, "embed/event.html", context)


def _missing(request: HttpRequest) -> HttpResponse:
    """A 404 the frame can show: a short note rather than the browser's refusal to frame."""
    context = {"theme": _theme(request), "title": gettext("Not available")}
    return TemplateResponse(request, "embed/missing.html", context, status=404)


def _timeline_embed(request: HttpRequest, timeline: Timeline | None) -> HttpResponse:
    types = browse.event_types()
    form = EmbedFilter(request.GET, types=types)
    title = timeline.title if timeline else gettext("All events")
    page_url = timeline.get_absolute_url() if timeline else reverse("all_events")
    context: dict[str, Any] = {"timeline": timeline, "title": title, "theme": _theme(request)}
    if not form.is_valid():
        context |= {
            "errors": [error for errors in form.errors.values() for error in errors],
            "page_url": page_url,
        }
        return TemplateResponse(request, "embed/timeline.html", context, status=400)
    query = dataclasses.replace(
        browse.Query.from_form(form, timeline), after=None, size=form.cleaned_data["limit"]
    )
    filters = embed_filters(_pairs(request.GET))
    context["page_url"] = f"{page_url}?{urlencode(filters)}" if filters else page_url
    # The compact axis over the list and the map alike; its periods open the page.
    context["axis"] = axis.build(
        query, timeline, path=page_url, filters=filters, compact=True, htmx=False,
        target="_top", types=types,
    )  # fmt: skip
    if form.cleaned_data["view"] == "map":
        context |= {"view": "map", "total": browse.total(query, timeline)}
        context |= maps.context(
            request, query, timeline, total=context["total"], filters=filters, page_path=page_url
        )
        return TemplateResponse(request, "embed/timeline.html", context)
    result = browse.page(query, timeline)
    browse.with_snippets(result.events, query.q)
    context |= {"events": result.events, "total": browse.total(query, timeline)}
    return TemplateResponse(request, "embed/timeline.html", context)


def _pairs(query: QueryDict) -> list[tuple[str, str]]:
    return [(key, value) for key, values in query.lists() for value in values]


# --- oEmbed ---------------------------------------------------------------------------


class OEmbedRequest(forms.Form):
    """What an oEmbed consumer asks: a URL of ours, and the space it has for it."""

    url = forms.CharField(max_length=2000)
    maxwidth = forms.IntegerField(required=False, min_value=1)
    maxheight = forms.IntegerField(required=False, min_value=1)

    def clean_url(self) -> str:
        url = self.cleaned_data["url"]
        try:
            parts = urlsplit(url)
        except ValueError:  # an unclosed IPv6 bracket, for one
            parts = urlsplit("")
        if parts.scheme not in {"http", "https"} or not parts.netloc:
            raise forms.ValidationError(gettext_lazy("Give the full address of a Dateline page."))
        return url


@require_GET
@public_cache(max_age=300)
def oembed(request: HttpRequest) -> HttpResponse:
    """The oEmbed endpoint: JSON describing an iframe for a timeline or an event."""
    if request.GET.get("format", "json") != "json":
        return _oembed_error(gettext("Only format=json is offered."), status=501)
    form = OEmbedRequest(request.GET)
    if not form.is_valid():
        message = " ".join(e for errors in form.errors.values() for e in errors)
        return _oembed_error(message, status=400)
    parts = urlsplit(form.cleaned_data["url"])
    if parts.netloc.lower() != request.get_host().lower():
        return _oembed_error(gettext("That page is not on this site."), status=404)
    try:
        # In the page's own language and addresses: a Spanish page embeds in Spanish.
        with languages.answering_as(parts.path) as match:
            found = _embeddable(match, parts.query)
    except Resolver404:
        return _oembed_error(gettext("There is nothing to embed at that address."), status=404)
    if isinstance(found, HttpResponse):
        return found
    title, size, src = found
    width = min(size[0], form.cleaned_data["maxwidth"] or size[0])
    height = min(size[1], form.cleaned_data["maxheight"] or size[1])
    data = {
        "type": "rich",
        "version": "1.0",
        "title": title,
        "provider_name": PROVIDER_NAME,
        "provider_url": request.build_absolute_uri("/"),
        "html": iframe_html(request.build_absolute_uri(src), title, width, height),
        "width": width,
        "height": height,
        "cache_age": CACHE_AGE,
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    # Public data: a consumer may ask from the browser as well as from its server.
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _embeddable(
    match: ResolverMatch, query: str
) -> tuple[str, tuple[int, int], str] | HttpResponse:
    """The title, size and iframe address for the page matched, or the error to answer."""
    if match.url_name == "event_detail":
        event = Event.objects.published().filter(slug=match.kwargs["slug"]).first()
        if event is None:
            return _oembed_error(gettext("There is no such event."), status=404)
        title, size = event.localized_title, EVENT_SIZE
        src = reverse("embed_event", kwargs={"slug": event.slug})
    elif match.url_name in {"timeline_detail", "all_events"}:
        timeline = None
        if match.url_name == "timeline_detail":
            timeline = Timeline.objects.published().filter(slug=match.kwargs["slug"]).first()
            if timeline is None:
                return _oembed_error(gettext("There is no such timeline."), status=404)
        filters = embed_filters(_pairs(QueryDict(query)))
        types = browse.event_types()
        check = maps.ViewFilter(QueryDict(urlencode(filters)), types=types)
        if not check.is_valid():
            message = " ".join(e for errors in check.errors.values() for e in errors)
            return _oembed_error(
                gettext("The address has filters that do not apply: %(errors)s")
                % {"errors": message},
                400,
            )
        title = timeline.title if timeline else gettext("All events")
        size = TIMELINE_SIZE
        src = embed_path(timeline, filters)
    elif match.url_name in STORY_PAGES:
        timeline = Timeline.objects.published().filter(slug=match.kwargs["slug"]).first()
        number = match.kwargs.get("number", 1)
        if timeline is None or not 1 <= number <= timeline.story_events().count():
            return _oembed_error(
                gettext("There is no such story, or no such step of it."), status=404
            )
        title = gettext("%(title)s: the story") % {"title": timeline.title}
        size = TIMELINE_SIZE
        src = reverse("embed_timeline_story_step", kwargs={"slug": timeline.slug, "number": number})
    else:
        return _oembed_error(gettext("There is nothing to embed at that address."), status=404)
    return title, size, src


def _oembed_error(message: str, status: int) -> HttpResponse:
    response = JsonResponse({"error": message}, status=status)
    response["Access-Control-Allow-Origin"] = "*"
    return response


# --- Embed code: what the share panel offers and discovery advertises -----------------


def embed_path(timeline: Timeline | None, filters: list[tuple[str, str]]) -> str:
    """The embed of a timeline (or of every event) with these filters."""
    if timeline is None:
        path = reverse("embed_all_events")
    else:
        path = reverse("embed_timeline", kwargs={"slug": timeline.slug})
    return f"{path}?{urlencode(filters)}" if filters else path


def iframe_html(src: str, title: str, width: int | str, height: int) -> str:
    """An iframe any page can paste: fixed height, scrolling inside, no script needed."""
    return format_html(
        '<iframe src="{}" title="{}" width="{}" height="{}" loading="lazy" '
        'style="border:0;max-width:100%"></iframe>',
        src,
        title,
        width,
        height,
    )


@dataclasses.dataclass(frozen=True)
class EmbedCode:
    """Everything a reader needs to share or embed one view of a timeline or event."""

    title: str
    page_url: str
    embed_url: str
    oembed_url: str
    iframe: str
    script: str = ""
    filtered: bool = False


def loader_url(request: HttpRequest) -> str:
    """The loader at its unhashed address: pasted into articles, it must outlive deploys."""
    return request.build_absolute_uri(f"{settings.STATIC_URL}js/embed.js")


def timeline_code(
    request: HttpRequest, timeline: Timeline | None, filters: list[tuple[str, str]]
) -> EmbedCode:
    """Link, iframe and script for a timeline (or every event) with these filters."""
    filters = embed_filters(filters)
    title = timeline.title if timeline else gettext("All events")
    page = timeline.get_absolute_url() if timeline else reverse("all_events")
    page_url = request.build_absolute_uri(f"{page}?{urlencode(filters)}" if filters else page)
    embed_url = request.build_absolute_uri(embed_path(timeline, filters))
    attributes: list[tuple[str, str]] = []
    if timeline is not None:
        attributes.append(("data-timeline", timeline.slug))
    values: dict[str, list[str]] = {}
    for key, value in filters:
        values.setdefault(key, []).append(value)
    # Several types go in one attribute, comma-separated; any other filter is one value.
    attributes += [
        (f"data-{key}", ",".join(found) if key == "type" else found[-1])
        for key, found in values.items()
    ]
    script = format_html(
        '<script src="{}"{} async></script>',
        loader_url(request),
        format_html_join("", ' {}="{}"', attributes),
    )
    return EmbedCode(
        title=title,
        page_url=page_url,
        embed_url=embed_url,
        oembed_url=_oembed_url(request, page_url),
        iframe=iframe_html(embed_url, title, "100%", TIMELINE_SIZE[1]),
        script=script,
        filtered=bool(filters),
    )


def event_code(request: HttpRequest, event: Event) -> EmbedCode:
    """Link and iframe for one event."""
    page_url = request.build_absolute_uri(event.get_absolute_url())
    embed_url = request.build_absolute_uri(reverse("embed_event", kwargs={"slug": event.slug}))
    return EmbedCode(
        title=event.title,
        page_url=page_url,
        embed_url=embed_url,
        oembed_url=_oembed_url(request, page_url),
        iframe=iframe_html(embed_url, event.title, "100%", EVENT_SIZE[1]),
    )


def _oembed_url(request: HttpRequest, page_url: str) -> str:
    query = urlencode({"url": page_url, "format": "json"})
    return request.build_absolute_uri(f"{reverse('oembed')}?{query}")

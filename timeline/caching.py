"""HTTP caching for every public read: pages, embeds, feeds, API, exports.

    @public_cache(max_age=60)
    def embed(request, slug): ...

    @public_cache(max_age=60, vary=HTMX_HEADERS)
    def timeline_detail(request, slug): ...

The response is validated and kept by data version (timeline.browse.data_version,
moved by every save of an event, timeline or what they show): a conditional request
for an unchanged version gets a 304, and an unconditional one is served from the
cache, neither touching the database. Cache-Control lets a CDN keep the response
for a short while and serve it stale while it revalidates.

A view whose output depends on a request header names it in `vary`: the header's value
is part of the ETag and the cache key, and every answer says `Vary` on it. The active
language is always part of both: where it came from the reader's browser or choice
rather than the URL, timeline.languages adds `Vary: Accept-Language`. Nothing else
about the request may change the page: one copy is served to every reader, signed in
or not. A signed-in editor's browser is told to revalidate every time (`private,
no-cache`; a 304 while nothing changed), so what they just published shows at once.
As a guard, a response whose rendering read the session (who is signed in) or
asked for a CSRF token is neither stored nor marked public.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import http_date, parse_etags, parse_http_date_safe

from timeline import browse

KEEP_SECONDS = 600

# What an HTMX request says that changes which part of a page is sent back.
HTMX_HEADERS = ("HX-Request", "HX-Target", "HX-History-Restore-Request")


def public_cache(
    *, max_age: int = 60, s_maxage: int = 300, stale: int = 600, vary: tuple[str, ...] = ()
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Cache a public GET view by data version; see the module's docstring."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            with browse.pinned_version():  # one version, read once, for all of the answer
                return serve(request, *args, **kwargs)

        def serve(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            version, changed_at = browse.data_version(), browse.changed_at()
            tag = _etag(version, request, vary)
            if _not_modified(request, tag, changed_at):
                response = HttpResponseNotModified()
                _headers(request, response, tag, changed_at, max_age, s_maxage, stale)
                patch_vary_headers(response, vary)
                return response
            key = f"dateline.response.{tag}"
            stored = cache.get(key)
            if stored is not None:
                content, status, headers = stored
                response = HttpResponse(content, status=status)
                for name, value in headers:
                    response[name] = value
            else:
                response = view(request, *args, **kwargs)
                if hasattr(response, "render") and not response.is_rendered:
                    response.render()
                if _looked_at_the_reader(request):
                    patch_cache_control(response, private=True, no_cache=True)
                    patch_vary_headers(response, vary)
                    return response
                if response.status_code in (200, 404) and not response.streaming:
                    headers = [
                        (name, value)
                        for name, value in response.items()
                        if name.lower() not in {"set-cookie", "vary"}
                    ]
                    cache.set(key, (response.content, response.status_code, headers), KEEP_SECONDS)
            if response.status_code == 200:
                _headers(request, response, tag, changed_at, max_age, s_maxage, stale)
            patch_vary_headers(response, vary)
            return response

        wrapped.public_cache = True
        return wrapped

    return decorate


def _etag(version: int, request: HttpRequest, vary: tuple[str, ...] = ()) -> str:
    # The whole address, host and scheme too: oEmbed, feeds and exports write absolute
    # URLs, so a response made for one host must not be served for another.
    # And the language: an address without a prefix is answered in the reader's
    # (timeline.languages), and a Spanish page must never be served to an English reader.
    address = f"{translation.get_language()}\n{request.build_absolute_uri()}"
    if vary:
        address += "".join(f"\n{name}: {request.headers.get(name, '')}" for name in vary)
    digest = hashlib.sha256(address.encode()).hexdigest()[:16]
    return f'"v{version}-{digest}"'


def _looked_at_the_reader(request: HttpRequest) -> bool:
    """Whether rendering read who is signed in, or put a CSRF token in the page."""
    session = getattr(request, "session", None)
    return bool(
        (session is not None and session.accessed) or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    )


def _not_modified(request: HttpRequest, tag: str, changed_at: float) -> bool:
    if request.method not in {"GET", "HEAD"}:
        return False
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match:
        return tag in parse_etags(if_none_match) or if_none_match.strip() == "*"
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    return since is not None and int(changed_at) <= since


def _headers(request, response, tag, changed_at, max_age, s_maxage, stale) -> None:
    response["ETag"] = tag
    response["Last-Modified"] = http_date(changed_at)
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        # Someone signed in (an editor, most likely) sees the current version, not their
        # browser's copy from a minute ago; a shared cache does not keep their answer.
        response["Cache-Control"] = "private, no-cache"
        return
    response["Cache-Control"] = (
        f"public, max-age={max_age}, s-maxage={s_maxage}, "
        f"stale-while-revalidate={stale}, stale-if-error={stale * 6}"
    )

"""Which language a request is answered in, and where the same page lives in the other.

English lives at /timelines/..., Spanish at /es/timelines/... (`i18n_patterns` with no
prefix for English). A prefixed address is always its language. An address without one
is English unless the reader's browser asks for Spanish before English
(Accept-Language); those answers say `Vary: Accept-Language`, and the page cache keys
them by language (timeline.caching). No cookie is read, so a CDN keeps one copy per
address and language.

So that a reader whose browser asks for Spanish can still read English, English is also
at /en/timelines/...: such a request is resolved and linked with config.urls_english,
where every English address has the prefix, so its links keep the reader in English.
The language switcher and hreflang="en" point there; hreflang="x-default" is the
unprefixed address.

Feeds, calendars, downloads and the API are always English: their field names are part
of the contract, and a cached copy must not change with the reader's browser.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.urls import ResolverMatch, get_urlconf, is_valid_path, resolve, set_urlconf
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext_noop, pgettext_lazy
from django.utils.translation.trans_real import parse_accept_lang_header

# Never translated, whatever the reader's browser says.
ENGLISH_ONLY_URLCONF = "timeline.data_urls"
ENGLISH_ONLY_PATHS = ("/healthz", "/static/")
# The addresses of a request for /en/...: English pages prefixed, and linked so.
ENGLISH_URLCONF = "config.urls_english"


class LanguageMiddleware(LocaleMiddleware):
    """The URL prefix, else the reader's browser; English for the data surfaces."""

    def process_request(self, request: HttpRequest) -> None:
        language = translation.get_language_from_path(request.path_info)
        request.language_negotiated = False
        if language == settings.LANGUAGE_CODE:  # /en/...: English asked for by name
            request.urlconf = urlconf_for(language)
        elif language is None:
            # The address resolves in English (no prefix); the page is then made in the
            # browser's language, once the view is known (process_view).
            language = settings.LANGUAGE_CODE
            request.language_negotiated = not _english_only(request.path_info)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

    def process_view(self, request: HttpRequest, *args: object) -> None:
        if request.language_negotiated:
            translation.activate(_from_browser(request))
            request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if getattr(request, "language_negotiated", False):
            patch_vary_headers(response, ("Accept-Language",))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


def urlconf_for(prefix: str | None) -> str | None:
    """The URLconf an address with this language prefix is answered and linked with: the
    English one for /en/, the site's own (None) for /es/ or no prefix."""
    return ENGLISH_URLCONF if prefix == settings.LANGUAGE_CODE else None


def links_key() -> str:
    """What links rendered now depend on besides the data: the language, and whether
    English addresses carry /en/ (config.urls_english). In the key of anything kept
    rendered, so a page at /en/ never shows links made for an unprefixed one."""
    prefixed = get_urlconf() == ENGLISH_URLCONF
    return f"{translation.get_language()}{'-prefixed' if prefixed else ''}"


def _from_browser(request: HttpRequest) -> str:
    """The first of our languages the browser accepts; English when none (not the cookie)."""
    for code, _ in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        if code == "*":
            break
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return settings.LANGUAGE_CODE


def _english_only(path: str) -> bool:
    return path.startswith(ENGLISH_ONLY_PATHS) or is_valid_path(path, ENGLISH_ONLY_URLCONF)


@contextlib.contextmanager
def answering_as(path: str) -> Iterator[ResolverMatch]:
    """Within the block, as a request for one of our addresses is answered, whatever its
    language prefix (/es/, /en/ or none): its language active and reverse() writing
    addresses as its links do. Yields what is at it; Resolver404 if nothing is."""
    language = translation.get_language_from_path(path)
    urlconf = urlconf_for(language)
    previous = get_urlconf()
    with translation.override(language or settings.LANGUAGE_CODE):
        set_urlconf(urlconf)
        try:
            yield resolve(path, urlconf=urlconf)
        finally:
            set_urlconf(previous)


def path_in(path: str, language: str | None) -> str:
    """The same public page's path in a language, always prefixed (/en/timelines/x/,
    /es/timelines/x/), or with None the unprefixed one, in the reader's language."""
    code = translation.get_language_from_path(path)
    if code is not None:
        path = path.removeprefix(f"/{code}")
    return f"/{language}{path}" if language else path


def address_in(request: HttpRequest, language: str | None) -> str:
    """The current page's path and query string in a language (see path_in)."""
    path = path_in(request.path, language)
    query = request.META.get("QUERY_STRING", "")
    return f"{path}?{query}" if query else path


# Words stored in the database or as choices that Spanish pages show through
# {% translate %} or pgettext: here, so makemessages puts them in the catalog.
INTERFACE_WORDS = [
    # Event types (migration 0002)
    gettext_noop("Rally"),
    gettext_noop("Raid"),
    gettext_noop("Arrest"),
    gettext_noop("Deployment"),
    gettext_noop("Statement"),
    gettext_noop("Order"),
    gettext_noop("Court"),
    gettext_noop("Policy"),
    gettext_noop("Other"),
    # Event status, verification, date precision, actor roles
    gettext_noop("Occurred"),
    gettext_noop("Ongoing"),
    gettext_noop("Planned"),
    gettext_noop("Scheduled"),
    gettext_noop("Expected"),
    gettext_noop("Cancelled"),
    gettext_noop("Postponed"),
    gettext_noop("Unverified"),
    gettext_noop("Single source"),
    gettext_noop("Corroborated"),
    gettext_noop("Confirmed"),
    gettext_noop("Disputed"),
    gettext_noop("Retracted"),
    gettext_noop("time"),
    gettext_noop("day"),
    gettext_noop("week"),
    gettext_noop("month"),
    gettext_noop("year"),
    gettext_noop("organizer"),
    gettext_noop("participant"),
    gettext_noop("target"),
    gettext_noop("enforcing agency"),
    gettext_noop("deployed force"),
    gettext_noop("deploying authority"),
    gettext_noop("speaker"),
    gettext_noop("issuer"),
    gettext_noop("court"),
    gettext_noop("plaintiff"),
    gettext_noop("defendant"),
    gettext_noop("other"),
    # Counts (Count.display in Spanish)
    pgettext_lazy("count measure", "participants"),
    pgettext_lazy("count measure", "arrested"),
    pgettext_lazy("count measure", "detained"),
    pgettext_lazy("count measure", "deployed"),
    pgettext_lazy("count measure", "injured"),
    pgettext_lazy("count measure", "killed"),
    pgettext_lazy("count measure", "other"),
    pgettext_lazy("count qualifier", "about"),
    pgettext_lazy("count qualifier", "at least"),
    pgettext_lazy("count qualifier", "at most"),
    pgettext_lazy("count estimator", "organizers"),
    pgettext_lazy("count estimator", "police"),
    pgettext_lazy("count estimator", "agency"),
    pgettext_lazy("count estimator", "officials"),
    pgettext_lazy("count estimator", "reporters"),
    pgettext_lazy("count estimator", "other"),
]

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from config.health import healthz

# The 500 page shows the request id, which the error's log lines carry too.
handler500 = "config.requestlog.server_error"


def site(*, prefix_english: bool) -> list[URLPattern | URLResolver]:
    """Every address. English pages are unprefixed here, and under /en/ in
    config.urls_english, the addresses a request for /en/... is answered and linked in."""
    return [
        # For load balancers and uptime checks: database and cache reachable, no cookies.
        path("healthz", healthz, name="healthz"),
        path("admin/", admin.site.urls),
        # Feeds, downloads and the API first: /events/feed/ must not be read as an event.
        # They are English only, at one address (timeline.languages).
        path("", include("timeline.data_urls")),
        # The pages readers see: English at /timelines/..., Spanish at /es/timelines/...
        *i18n_patterns(
            # Embeds and oEmbed: the only pages other sites may frame.
            path("", include("timeline.embed_urls")),
            path("", include("timeline.urls")),
            prefix_default_language=prefix_english,
        ),
    ]


urlpatterns = site(prefix_english=False)

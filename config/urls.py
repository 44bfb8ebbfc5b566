from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    # Feeds, downloads and the API first: /events/feed/ must not be read as an event.
    path("", include("timeline.data_urls")),
    # Embeds and oEmbed: the only pages other sites may frame.
    path("", include("timeline.embed_urls")),
    path("", include("timeline.urls")),
]

"""Addresses of the data surfaces: feeds, calendars, downloads and the JSON API.

Included before timeline.urls, so /events/feed/ is a feed and not an event's page.
"""

from django.urls import path

from timeline import api, exports, feeds

urlpatterns = [
    path("events/feed/", feeds.atom_feed, name="events_feed"),
    path("events/calendar.ics", feeds.calendar, name="events_calendar"),
    path("events/export.csv", exports.csv_export, name="events_csv"),
    path("events/export.geojson", exports.geojson_export, name="events_geojson"),
    path("events/export.timelinejs.json", exports.timelinejs_export, name="events_timelinejs"),
    path("timelines/<slug:slug>/feed/", feeds.atom_feed, name="timeline_feed"),
    path("timelines/<slug:slug>/calendar.ics", feeds.calendar, name="timeline_calendar"),
    path("timelines/<slug:slug>/export.csv", exports.csv_export, name="timeline_csv"),
    path("timelines/<slug:slug>/export.geojson", exports.geojson_export, name="timeline_geojson"),
    path(
        "timelines/<slug:slug>/export.timelinejs.json",
        exports.timelinejs_export,
        name="timeline_timelinejs",
    ),
    path("api/v1/timelines/", api.timeline_list, name="api_timelines"),
    path("api/v1/timelines/<slug:slug>/", api.timeline_detail, name="api_timeline"),
    path("api/v1/events/", api.event_list, name="api_events"),
]

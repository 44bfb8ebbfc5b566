"""Routes other sites use: embeddable pages and the oEmbed endpoint."""

from django.urls import path

from timeline import embeds, story

urlpatterns = [
    path("embed/timelines/<slug:slug>/", embeds.timeline_embed, name="embed_timeline"),
    path(
        "embed/timelines/<slug:slug>/story/",
        story.timeline_story_embed,
        name="embed_timeline_story",
    ),
    path(
        "embed/timelines/<slug:slug>/story/<int:number>/",
        story.timeline_story_embed,
        name="embed_timeline_story_step",
    ),
    path("embed/events/", embeds.all_events_embed, name="embed_all_events"),
    path("embed/events/<slug:slug>/", embeds.event_embed, name="embed_event"),
    path("oembed/", embeds.oembed, name="oembed"),
]

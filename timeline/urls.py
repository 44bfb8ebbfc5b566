from django.urls import path

from timeline import maps, story, views

urlpatterns = [
    path("", views.home, name="home"),
    path("events/", views.all_events, name="all_events"),
    path("timelines/<slug:slug>/", views.timeline_detail, name="timeline_detail"),
    path("timelines/<slug:slug>/story/", story.timeline_story, name="timeline_story"),
    path(
        "timelines/<slug:slug>/story/<int:number>/",
        story.timeline_story,
        name="timeline_story_step",
    ),
    path(
        "timelines/<slug:slug>/story/print/",
        story.timeline_story_print,
        name="timeline_story_print",
    ),
    path("events/<slug:slug>/", views.event_detail, name="event_detail"),
    path("events/<slug:slug>/card/", maps.event_card, name="event_card"),
]

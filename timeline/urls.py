from django.urls import path

from timeline import views

urlpatterns = [
    path("", views.home, name="home"),
    path("events/", views.all_events, name="all_events"),
    path("timelines/<slug:slug>/", views.timeline_detail, name="timeline_detail"),
    path("events/<slug:slug>/", views.event_detail, name="event_detail"),
]

"""/<lang>/events/: the list, its calendar feed, each event and its calendar file."""

from django.urls import path

from . import feeds, views

app_name = "events"
urlpatterns = [
    path("", views.EventListView.as_view(), name="list"),
    path("calendar.ics", views.calendar, name="calendar"),
    path("feed.atom", feeds.feed, name="feed"),
    path("<slug:slug>/", views.EventDetailView.as_view(), name="detail"),
    path("<slug:slug>/calendar.ics", views.event_calendar, name="event_calendar"),
]

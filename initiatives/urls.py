"""/<lang>/initiatives/: the list, its CSV export, each initiative."""

from django.urls import path

from . import feeds, views

app_name = "initiatives"
urlpatterns = [
    path("", views.InitiativeListView.as_view(), name="list"),
    path("export.csv", views.export_csv, name="export"),
    path("feed.atom", feeds.feed, name="feed"),
    path("<slug:slug>/", views.InitiativeDetailView.as_view(), name="detail"),
]

"""/<lang>/alerts/: asking for an alert, and the links in its e-mails (routed by alliance)."""

from django.urls import path

from . import views
from .models import Topic

app_name = "alerts"
urlpatterns = [
    path("initiatives/", views.subscribe, {"topic": Topic.INITIATIVES}, name="initiatives"),
    path("events/", views.subscribe, {"topic": Topic.EVENTS}, name="events"),
    path("requested/", views.requested, name="requested"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]

"""/<lang>/join/: an organisation applies for membership (routed in alliance/urls.py)."""

from django.urls import path

from . import views

app_name = "join"
urlpatterns = [
    path("", views.join, name="apply"),
    path("thanks/", views.join_thanks, name="thanks"),
]

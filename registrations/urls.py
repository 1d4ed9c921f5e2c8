"""/<lang>/events/<slug>/register/ and the cancel link, under the event's address."""

from django.urls import path

from . import views

app_name = "registrations"
urlpatterns = [
    path("<slug:slug>/register/", views.register, name="register"),
    path("<slug:slug>/register/done/", views.registered, name="registered"),
    path("<slug:slug>/cancel/<str:token>/", views.cancel_registration, name="cancel"),
]

"""/<lang>/members/: the member directory and each organisation's profile."""

from django.urls import path

from . import views

app_name = "members"
urlpatterns = [
    path("", views.OrganisationListView.as_view(), name="list"),
    path("<slug:slug>/", views.OrganisationDetailView.as_view(), name="detail"),
]

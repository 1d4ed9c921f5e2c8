"""/api/v1/: the partner API's routes, its schema and its docs.

Like alliance/urls.py, this is where the apps meet: each app writes its own
serializers and viewsets in its api.py, and this router assembles them.
"""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from common.api import CountryViewSet, RegionViewSet, ThemeViewSet
from events.api import EventViewSet
from initiatives.api import IatiActivitiesView, InitiativeViewSet
from members.api import OrganisationViewSet

from . import views

app_name = "api"

router = SimpleRouter()
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("events", EventViewSet, basename="event")
router.register("initiatives", InitiativeViewSet, basename="initiative")
router.register("countries", CountryViewSet, basename="country")
router.register("regions", RegionViewSet, basename="region")
router.register("themes", ThemeViewSet, basename="theme")

urlpatterns = [
    path("", views.root, name="root"),
    path("initiatives.xml", IatiActivitiesView.as_view(), name="initiatives-iati"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    *router.urls,
    # Last: anything else under /api/v1/ is a JSON 404 (or gets its missing slash).
    re_path(r"^(?P<path>.*)$", views.not_found, name="not-found"),
]

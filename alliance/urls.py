from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from events.sitemaps import EventSitemap
from initiatives.sitemaps import InitiativeSitemap
from members.sitemaps import OrganisationSitemap

from . import views
from .sitemaps import SectionSitemap

sitemaps = {
    "sections": SectionSitemap,
    "members": OrganisationSitemap,
    "events": EventSitemap,
    "initiatives": InitiativeSitemap,
}

urlpatterns = [
    # The partner API: one address in every language (its texts carry all three).
    path("api/v1/", include("alliance.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots"),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("members/", include("members.urls")),
    path("join/", include("members.urls_join")),
    path("events/", include("events.urls")),
    path("initiatives/", include("initiatives.urls")),
    path("admin/", admin.site.urls),
)

"""The portal's addresses: where the apps meet (the pages in three languages, the API, sitemaps)."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemaps
from django.urls import include, path

from . import countries, views
from .sitemaps import SITEMAPS

urlpatterns = [
    # The partner API: one address in every language (its texts carry all three).
    path("api/v1/", include("alliance.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    # An index of sitemap files, each of at most 10,000 URLs (toolkit/sitemaps.py).
    path(
        "sitemap.xml",
        sitemaps.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemaps.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path("robots.txt", views.robots_txt, name="robots"),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("about/", views.about, name="about"),
    path("contact/", views.contact, name="contact"),
    path("privacy/", views.privacy, name="privacy"),
    path("data/", views.partners_data, name="partners_data"),
    path(
        "countries/",
        include(
            (
                [
                    path("", countries.country_list, name="list"),
                    # Lower-case ISO codes (/kz/); /KZ/ is redirected there, anything else 404s.
                    path("<str:code>/", countries.country_detail, name="detail"),
                ],
                "countries",
            )
        ),
    ),
    path("members/", include("members.urls")),
    path("join/", include("applications.urls")),
    path("events/", include("events.urls")),
    # Registering and cancelling live under the event's address.
    path("events/", include("registrations.urls")),
    path("initiatives/", include("initiatives.urls")),
    path("alerts/", include("alerts.urls")),
    path("admin/", views.moved_admin_pages()),
    path("admin/", admin.site.urls),
)

"""What every page's template gets: the page in each language, the site's address."""

from django.conf import settings
from django.urls import reverse, translate_url
from django.utils.translation import get_language_info, override

# Each language named in itself. Django calls Kazakh "Қазақ" (the people);
# the language is "Қазақша".
AUTONYMS = {"kk": "Қазақша"}


def language_versions(request):
    """The current page in each language, its query (filters) kept."""
    path = request.get_full_path()
    versions = []
    for code, _name in settings.LANGUAGES:
        url = translate_url(path, code)
        if url == path and code != request.LANGUAGE_CODE:
            # Not a page of ours (a 404): offer that language's home page.
            with override(code):
                url = reverse("home")
        name = AUTONYMS.get(code) or get_language_info(code)["name_local"]
        versions.append({"code": code, "name": name, "url": url})
    return versions


# The main menu's section of each app's pages: registering is part of an event's pages.
NAV_SECTIONS = {"registrations": "events"}


def nav_section(request):
    """The main menu's entry the page belongs to: "members", "events", "initiatives" or None."""
    match = request.resolver_match
    app_name = match.app_name if match else None
    return NAV_SECTIONS.get(app_name, app_name)


def portal(request):
    return {
        "language_versions": language_versions(request),
        "site_url": settings.SITE_URL,
        "nav_section": nav_section(request),
    }

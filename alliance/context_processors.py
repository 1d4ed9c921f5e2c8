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


def portal(request):
    return {
        "language_versions": language_versions(request),
        "site_url": settings.SITE_URL,
    }

from django.conf import settings
from django.urls import reverse, translate_url
from django.utils.translation import get_language_info, override


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
        versions.append({"code": code, "name": get_language_info(code)["name_local"], "url": url})
    return versions


def portal(request):
    return {
        "language_versions": language_versions(request),
        "site_url": settings.SITE_URL,
    }

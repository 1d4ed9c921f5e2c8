"""Whole public pages cached per language, until staff change any content.

A content version number lives in the cache and is part of every page's key;
saving or deleting any content record (or changing its many-to-many links)
bumps it, so every cached page is stale at once and nothing needs to know
which pages showed the record. Only anonymous GETs without cookies that could
change the page (a session, messages) are served from the cache, and only
plain 200 answers that set no cookie are stored.

Why not Django's cache_page/CacheMiddleware: their key prefix is fixed when
the view is decorated (or held on the shared middleware instance), and here it
must change with the content version on every request; the rest (language in
the key, no cookies, 200s only) is the few lines below.

With several gunicorn workers the cache must be shared (CACHE_URL, Redis):
each worker's own memory would not see another worker's bump. Pages also
expire after settings.PAGE_CACHE_SECONDS whatever happens.
"""

import functools
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import get_language

VERSION_KEY = "content-version"


class PublicContent:
    """A model whose records public pages show: a save or delete makes every cached page stale.

    Models opt in by inheriting it, so a new staff-only model (registrations,
    applications) never flushes the public cache by accident.
    """


def content_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY, 1)
    return version


def bump_content_version():
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not in the cache (yet, or any more): start a new series
        cache.add(VERSION_KEY, 2, timeout=None)


def is_content(model):
    return isinstance(model, type) and issubclass(model, PublicContent)


def content_changed(sender, **kwargs):
    if is_content(sender):
        bump_content_version()


def m2m_content_changed(sender, instance, action, **kwargs):
    # An auto-created link table is no model of ours: the record it links decides.
    if action.startswith("post_") and (is_content(sender) or is_content(type(instance))):
        bump_content_version()


def connect_signals():
    post_save.connect(content_changed, dispatch_uid="alliance-cache-save")
    post_delete.connect(content_changed, dispatch_uid="alliance-cache-delete")
    m2m_changed.connect(m2m_content_changed, dispatch_uid="alliance-cache-m2m")


def data_timeout():
    """How long data derived from content (choices, cards) is kept: a new version replaces it."""
    return settings.PAGE_CACHE_SECONDS or 300


def cached_by_content(name, compute):
    """`compute()`, kept until content changes; per language, as labels are translated."""
    key = f"data:{content_version()}:{get_language()}:{name}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, data_timeout())
    return value


def personal(request):
    """Whether the reader has a session (a login, say) or messages waiting: never cached."""
    # "messages" is the cookie of Django's message storage.
    return settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES


def page_key(request):
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    return f"page:{content_version()}:{get_language()}:{path}"


def cache_public_page(view):
    """Serve anonymous readers the page from the cache, keyed by language and content version."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if (
            not settings.PAGE_CACHE_SECONDS
            or request.method not in ("GET", "HEAD")
            or personal(request)
        ):
            return view(request, *args, **kwargs)
        key = page_key(request)
        cached = cache.get(key)
        if cached is not None:
            return cached
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        if (
            request.method == "GET"
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not request.user.is_authenticated
        ):
            cache.set(key, response, settings.PAGE_CACHE_SECONDS)
        return response

    return wrapped

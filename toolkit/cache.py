"""Whole public pages cached per language, until staff change any content.

A content version number lives in the cache and is part of every page's key;
saving or deleting any content record (or changing its many-to-many links)
bumps it, so every cached page is stale at once and nothing needs to know
which pages showed the record. Today's date is in the key too: the passing
of a day changes pages (an event becomes past) without any save. Only
anonymous GETs without cookies that could change the page (a session,
messages) are served from the cache, and only plain 200 answers that set no
cookie are stored.

Why not Django's cache_page/CacheMiddleware: their key prefix is fixed when
the view is decorated (or held on the shared middleware instance), and here it
must change with the content version on every request; the rest (language in
the key, no cookies, 200s only) is the few lines below.

With several gunicorn workers the cache must be shared (CACHE_URL, Redis):
each worker's own memory would not see another worker's bump. Pages also
expire after settings.PAGE_CACHE_SECONDS whatever happens.

A page's key holds only what changes it: its path, the language and the
parameters its list recognises (its FilterSet's, and `page`), normalised.
Anything else (utm_*, fbclid, a random string) is dropped before the view
sees the request, so it neither makes a new entry nor changes the page; and
only the one canonical address of each valid filter combination is stored, so
the number of entries is bounded (README, Performance).

The cache is an accelerator: with its Redis out (toolkit.cache_backend) every
read is a miss, pages are drawn afresh, and a staff edit that could not bump
the version bumps it once Redis is back.
"""

import functools
import hashlib

import django_filters
from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import get_language

from .cache_backend import cache_recovered

VERSION_KEY = "content-version"

# The list pages' page number: a recognised parameter of every list.
PAGE_PARAMETER = "page"


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


# A bump that could not be stored (the cache was out) is made when the cache
# is back; otherwise the pages cached before the outage would be served, with
# what staff changed during it missing, until they expire.
bump_owed = False


def bump_content_version():
    global bump_owed
    try:
        cache.incr(VERSION_KEY)
        return
    except ValueError:  # not in the cache (yet, or any more): start a new series
        if cache.add(VERSION_KEY, 2, timeout=None):
            return
    try:  # another process started the series meanwhile
        cache.incr(VERSION_KEY)
    except ValueError:  # the cache is unavailable
        bump_owed = True


def pay_owed_bump(**kwargs):
    global bump_owed
    if bump_owed:
        bump_owed = False
        bump_content_version()


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
    cache_recovered.connect(pay_owed_bump, dispatch_uid="alliance-cache-recovered")


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


class Parameters:
    """The query parameters a page reads: their names, and which may be repeated.

    From the page's FilterSet (its filters, plus `page`); a page without one
    (home, a detail page) reads none. A parameter is repeatable when its
    widget reads every value (a multiple select, checkboxes); for any other,
    Django reads the last value given, and so does this.
    """

    def __init__(self, filterset_class=None):
        filters = filterset_class.base_filters if filterset_class else {}
        self.repeatable = {name for name, filter in filters.items() if reads_every_value(filter)}
        self.names = sorted({*filters, PAGE_PARAMETER} if filterset_class else ())
        # Free text has no bound on its values: such pages are drawn, never stored.
        self.free_text = {
            name
            for name, filter in filters.items()
            if isinstance(filter, django_filters.CharFilter)
        }

    def normalised(self, query):
        """`query` with only these parameters, sorted; repeated values sorted, empty dropped."""
        normal = QueryDict(mutable=True)
        for name in self.names:
            if name in self.repeatable:
                values = sorted({value for value in query.getlist(name) if value.strip()})
            else:
                last = query.get(name, "")
                values = [last] if last.strip() else []
            if values:
                normal.setlist(name, values)
        normal._mutable = False
        return normal


def reads_every_value(filter):
    widget = filter.extra.get("widget") or filter.field_class.widget
    return bool(getattr(widget, "allow_multiple_selected", False))


def page_key(request):
    """The page's key: its content version, today's date, its language and its address.

    Today is in it because a page tells the time as well as the content: an
    event on yesterday is past today ("Past", no calendar button), an
    initiative whose start has come is ongoing. No save marks that passing,
    so the first request of a day draws every page afresh.
    """
    address = f"{request.path}?{request.META.get('QUERY_STRING', '')}"
    digest = hashlib.sha256(address.encode()).hexdigest()[:32]
    return f"page:{content_version()}:{timezone.localdate()}:{get_language()}:{digest}"


def canonical(response, query):
    """Whether the page answers its one canonical address: only those are stored.

    The filters must be valid and each parameter written as the filter would
    write its value (KZ, not kz; 2025, not 02025), and the page number must be
    the page shown (not ?page=999 showing the last one). So each entry is one
    distinct valid combination, however many ways there are of asking for it.
    """
    context = getattr(response, "context_data", None) or {}
    filterset = context.get("filter")
    if filterset is not None and filterset.is_bound:
        if not filterset.is_valid():
            return False
        form = filterset.form
        for name in query:
            if name in form.fields and query.getlist(name) != written_as(
                form.fields[name], form.cleaned_data.get(name)
            ):
                return False
    page = context.get("page_obj")
    requested = query.get(PAGE_PARAMETER)
    return requested is None or (page is not None and requested == str(page.number))


def written_as(field, value):
    """The cleaned `value` of a form field as it is written in an address, normalised."""
    prepared = field.prepare_value(value)
    values = prepared if isinstance(prepared, list | tuple) else [prepared]
    return sorted({str(value) for value in values if value not in (None, "")})


def cache_public_page(view=None, *, filterset=None):
    """Serve anonymous readers the page from the cache, keyed by language and content version.

    `@cache_public_page` for a page that reads no parameters (home, details);
    `cache_public_page(filterset=EventFilter)` for a list, which reads its
    filters and `page`. Either way the view sees only those parameters.
    """
    if view is None:
        return functools.partial(cache_public_page, filterset=filterset)
    parameters = Parameters(filterset)

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        query = parameters.normalised(request.GET)
        # The view (its links: pagination, language versions, filters to
        # remove) sees the address as it is cached: nothing else in it.
        request.GET = query
        request.META["QUERY_STRING"] = query.urlencode()
        if (
            not settings.PAGE_CACHE_SECONDS
            or personal(request)
            or parameters.free_text.intersection(query)
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
            and canonical(response, query)
        ):
            cache.set(key, response, settings.PAGE_CACHE_SECONDS)
        return response

    return wrapped

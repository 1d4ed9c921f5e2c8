"""Atom feeds of a filtered list: the list's own FilterSet, the newest records first.

django.contrib.syndication writes the Atom (Atom1Feed); what every list's
feed adds to it is here:

- the list's filters, read by its FilterSet exactly as the page reads them; a
  filter that is not valid lists nothing and says so in the subtitle (a valid,
  empty feed, as the page shows an empty list with its errors), never a 500;
- absolute links from settings.SITE_URL (as in e-mails): the entry's page and
  the filtered list in the feed's language, and `rel="self"` with the filters;
- ids that never change: `tag:` URIs (RFC 4151) from the record's id, the day
  it was added and the language, so a new slug or a moved portal keeps them;
- `published` when the record was added, `updated` when it last changed;
- the page cache (toolkit.cache) and conditional GET (an ETag of the content:
  a record leaving the list changes it, which a date of the newest entry would
  not), so feed readers polling every few minutes cost little.
"""

import re
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.middleware.http import ConditionalGetMiddleware
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.decorators import decorator_from_middleware
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from .cache import cache_public_page
from .mail import absolute_url

# What XML 1.0 cannot hold, and a search (?q=) may: left out of the feed's title.
NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

# Parameters of a list page that do not choose its records.
NOT_FILTERS = ("page", "sort")


class FeedResponse(HttpResponse):
    """An Atom document that shows the page cache its filters, like a list page's response.

    toolkit.cache stores only a list's canonical addresses, which it checks on
    `context_data["filter"]`; that stays out of the cached copy.
    """

    def __getstate__(self):
        state = self.__dict__.copy()
        state.pop("context_data", None)
        return state


def filters_query(query):
    """The query string of the filters in `query` (not the page, not the order)."""
    query = query.copy()
    for name in NOT_FILTERS:
        query.pop(name, None)
    return query.urlencode()


def with_query(path, query):
    return f"{path}?{query}" if query else path


def tag_uri(record, language):
    """An entry's permanent id (RFC 4151): tag:<host>,<day added>:<model>/<id>/<language>."""
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    day = record.created_at.date().isoformat()
    return f"tag:{host},{day}:{record._meta.model_name}/{record.pk}/{language}"


class FilteredFeed(Feed):
    """The Atom feed of a list page: its filters, its newest `limit` records, in its language.

    Subclasses name the list's `filterset_class`, `list_url_name` and
    `title_text`, give `records()` (the queryset with what the entries show)
    and an `entry_template` for each entry's summary (HTML, with `obj`).
    """

    feed_type = Atom1Feed
    filterset_class = None
    list_url_name = ""
    title_text = ""
    entry_template = ""
    limit = 50

    def records(self):
        raise NotImplementedError

    @classmethod
    def as_view(cls):
        """The feed as a view (GET, HEAD): the page cache (its list's parameters), then ETags."""
        view = cache_public_page(cls(), filterset=cls.filterset_class)
        return require_safe(decorator_from_middleware(ConditionalGetMiddleware)(view))

    def __call__(self, request, *args, **kwargs):
        # Feed.__call__ without its Last-Modified (the newest entry's date: it
        # would not change when a record leaves the list), and with the filters
        # shown to the page cache.
        filterset = self.get_object(request)
        generator = self.get_feed(filterset, request)
        response = FeedResponse(content_type=generator.content_type)
        generator.write(response, "utf-8")
        response.context_data = {"filter": filterset}
        return response

    def get_object(self, request, *args, **kwargs):
        return self.filterset_class(request.GET or None, queryset=self.records(), request=request)

    def items(self, filterset):
        if filterset.is_bound and not filterset.is_valid():
            return []
        return filterset.qs.order_by("-created_at", "-pk")[: self.limit]

    # --- The feed ----------------------------------------------------------

    def title(self, filterset):
        described = "; ".join(f"{label}: {values}" for label, values in filterset.described())
        title = f"{self.title_text}: {described}" if described else str(self.title_text)
        return NOT_IN_XML.sub("", title)

    def subtitle(self, filterset):
        if filterset.is_bound and not filterset.is_valid():
            # The filters by name, not the values sent (XML refuses control characters).
            fields = filterset.form.fields
            return _("Some filters are not valid, so nothing is listed: %(filters)s.") % {
                "filters": ", ".join(
                    str(fields[name].label) if name in fields else name
                    for name in filterset.form.errors
                )
            }
        return _("The %(count)d most recently added, newest first.") % {"count": self.limit}

    def link(self, filterset):
        query = filters_query(filterset.request.GET)
        return absolute_url(with_query(reverse(self.list_url_name), query))

    def feed_url(self, filterset):
        return absolute_url(
            with_query(filterset.request.path, filters_query(filterset.request.GET))
        )

    def feed_guid(self, filterset):
        return self.feed_url(filterset)

    def author_name(self):
        return _("TsAKO")

    def author_link(self):
        return absolute_url(reverse("home"))

    # --- Each entry --------------------------------------------------------

    def item_description(self, item):
        # Rendered without the request: Feed's description_template would run the
        # context processors (every language's address of the page) for each entry.
        return render_to_string(self.entry_template, {"obj": item})

    def item_link(self, item):
        return absolute_url(item.get_absolute_url())

    def item_guid(self, item):
        return tag_uri(item, get_language())

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [theme.name for theme in item.themes.all()]

"""The sitemap classes every app's sitemap builds on: each page in each language.

/sitemap.xml is an index of files of at most `limit` URLs each. The protocol
allows 50,000, but a file that size (with each URL's alternates, 29 MB) took
15 s to draw at scale: 10,000 keep a file quick. Each record is listed once
per language, with the others as alternates, so a file holds `limit` URL
entries: `limit / 3` records.
"""

import functools
from collections.abc import Sequence

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator
from django.db.models import Max

from toolkit.models import AddressBySlug


class PortalSitemap(Sitemap):
    """Every page in each language, with hreflang alternates and an x-default."""

    i18n = True
    alternates = True
    x_default = True
    limit = 10_000


class InEachLanguage(Sequence):
    """(record, language) pairs of a queryset, read a slice at a time.

    What Django's Sitemap paginates when i18n is on; Django builds the whole
    list (every record, three times) for every file and for the index, which
    at 50,000 records read them all to draw a page of them. This counts
    them in the database and reads only the records of the page asked for.
    """

    def __init__(self, queryset, languages):
        self.queryset = queryset
        self.languages = languages

    @functools.cached_property
    def _count(self):
        return self.queryset.count() * len(self.languages)

    def count(self):
        return self._count

    def __len__(self):
        return self._count

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop, _step = index.indices(self._count)
        per_record = len(self.languages)
        first, last = start // per_record, -(-stop // per_record)
        pairs = [
            (record, language)
            for record in self.queryset[first:last]
            for language in self.languages
        ]
        return pairs[start - first * per_record : stop - first * per_record]


class DetailSitemap(PortalSitemap):
    """Detail pages of one model; subclasses name the queryset (ordered, so pages are stable)."""

    changefreq = "weekly"

    def lastmod(self, obj):
        return obj.updated_at

    def location(self, obj):
        # Five addresses per record (its language, three alternates, x-default).
        if not hasattr(self, "_address"):
            self._address = AddressBySlug(type(obj))
        return self._address(obj.slug)

    @property
    def paginator(self):
        # Every record is in every language (no get_languages_for_item per record).
        languages = self.languages or [code for code, _name in settings.LANGUAGES]
        return Paginator(InEachLanguage(self.items(), languages), self.limit)

    def get_latest_lastmod(self):
        """One aggregate, not every record (Django reads them all for the index)."""
        return self.items().aggregate(latest=Max("updated_at"))["latest"]

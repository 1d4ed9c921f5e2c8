"""/<lang>/initiatives/feed.atom: the initiatives the list shows for its filters, newest first."""

from django.utils.translation import gettext_lazy as _

from toolkit.feeds import FilteredFeed

from .filters import InitiativeFilter
from .models import Initiative, countries_prefetch, regions_prefetch


class InitiativeFeed(FilteredFeed):
    filterset_class = InitiativeFilter
    list_url_name = "initiatives:list"
    title_text = _("TsAKO initiatives")
    entry_template = "initiatives/feed_entry.html"

    def records(self):
        # What each entry shows: its countries, regions, themes and budget (the row's own).
        return Initiative.objects.prefetch_related(
            countries_prefetch(), regions_prefetch(), "themes"
        )


feed = InitiativeFeed.as_view()

"""/<lang>/events/feed.atom: the events the list shows for the same filters, newest first."""

from django.utils.translation import gettext_lazy as _

from toolkit.feeds import FilteredFeed

from .filters import EventFilter
from .models import Event


class EventFeed(FilteredFeed):
    filterset_class = EventFilter
    list_url_name = "events:list"
    title_text = _("TsAKO events")
    entry_template = "events/feed_entry.html"

    def records(self):
        return Event.objects.select_related("country", "parent").prefetch_related("themes")


feed = EventFeed.as_view()

"""What each kind of alert watches: a list of the content apps, read by its own FilterSet.

A subscription stores the list's filters as the list's address writes them
(KZ, not kz; each parameter once, values sorted), so two ways of asking for
the same filter are one subscription, and the filter means tomorrow what it
means today. What chooses no records (the page, the order) is left out;
event alerts tell of upcoming events (and those still to be dated), so their
`when` is left out too.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import QueryDict

from events.filters import EventFilter
from events.models import Event
from initiatives.filters import InitiativeFilter
from initiatives.models import Initiative, countries_prefetch
from toolkit.cache import written_as

from .models import Topic


@dataclass(frozen=True)
class Listing:
    filterset_class: type
    records: Callable  # () -> the queryset, with what a digest shows of each record
    list_url_name: str
    feed_url_name: str
    leave_out: tuple  # parameters of the list that an alert does not keep
    narrow: Callable = None  # records -> those an alert tells of; None: all

    def filterset(self, data):
        data = data.copy()
        for name in self.leave_out:
            data.pop(name, None)
        return self.filterset_class(data, queryset=self.records())

    def new_records(self, filterset, *, since, until):
        """The filter's records added after `since`, up to `until`, newest first."""
        records = filterset.qs.filter(created_at__gt=since, created_at__lte=until)
        if self.narrow:
            records = self.narrow(records)
        return records.order_by("-created_at", "-pk")

    def saved_query(self, filterset):
        """The query string a valid filterset is stored as: each filter as the address writes it."""
        query = QueryDict(mutable=True)
        for name, field in filterset.form.fields.items():
            values = written_as(field, filterset.form.cleaned_data.get(name))
            if name not in self.leave_out and values:
                query.setlist(name, values)
        return query.urlencode()


LISTINGS = {
    Topic.INITIATIVES: Listing(
        InitiativeFilter,
        lambda: Initiative.objects.prefetch_related(countries_prefetch()),
        "initiatives:list",
        "initiatives:feed",
        leave_out=("page", "sort"),
    ),
    Topic.EVENTS: Listing(
        EventFilter,
        lambda: Event.objects.select_related("country"),
        "events:list",
        "events:feed",
        leave_out=("page", "when"),
        narrow=lambda records: records.not_over(),
    ),
}


def described(subscription):
    """A subscription's filters in words, in the active language: [(label, values)]."""
    return LISTINGS[subscription.topic].filterset(QueryDict(subscription.query)).described()

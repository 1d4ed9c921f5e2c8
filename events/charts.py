"""Events per year as a chart: how many events the list's filters select, by the year they start."""

from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from toolkit.cache import cached_by_content
from toolkit.charts import BarChart, Row, Series
from toolkit.cldr import format_number as number


def events_per_year(queryset, cache_key=None):
    """A chart of the events starting in each year (one query), or None when none is dated.

    With `cache_key` the counts are kept until content changes (toolkit.cache).
    """

    def compute():
        rows = (
            queryset.order_by()
            .prefetch_related(None)
            .annotate(year=ExtractYear("start_date"))
            .values("year")
            .annotate(events=Count("pk"))
        )
        return {row["year"]: row["events"] for row in rows}

    counts = cached_by_content(cache_key, compute) if cache_key else compute()
    undated = counts.pop(None, 0)
    if not counts:
        return None
    description = _(
        "How many events and consultations start in each year, parts of larger events "
        "(side events) included; an event over two years counts in the first."
    )
    if undated:
        description += " " + ngettext(
            "%(count)s event without a date is not shown.",
            "%(count)s events without a date are not shown.",
            undated,
        ) % {"count": number(undated)}
    return BarChart(
        id="events-per-year",
        title=_("Events per year"),
        description=description,
        category_label=_("Year"),
        series=[Series(_("Events"))],
        rows=[
            Row(label=str(year), values=[count], texts=[number(count)])
            for year, count in sorted(counts.items())
        ],
    )

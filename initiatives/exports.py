"""Initiatives as CSV rows: labels, not codes, in the reader's language.

Rows are produced one at a time from a queryset iterator, so an export of any
size needs neither all rows in memory nor more than four queries per chunk.
"""

import csv

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from alliance.dates import DatePrecision

from .models import ParticipationRole

# Initiatives fetched (with their prefetched relations) per round trip.
CHUNK_SIZE = 500

COLUMNS = [
    _("Title"),
    _("Acronym"),
    _("Summary"),
    _("Status"),
    _("Start"),
    _("End"),
    _("Budget"),
    _("Currency"),
    _("What the budget covers"),
    _("Organisations"),
    _("Countries"),
    _("Geographic scope"),
    _("Themes"),
    _("Website"),
    _("Page on the portal"),
]

ISO_FORMATS = {
    DatePrecision.YEAR: "%Y",
    DatePrecision.MONTH: "%Y-%m",
    DatePrecision.DAY: "%Y-%m-%d",
}


def partial_date(value, precision):
    """ISO 8601 at the date's precision: "2024", "2025-11", "2026-04-22"."""
    if value is None:
        return ""
    return value.strftime(ISO_FORMATS.get(precision, "%Y-%m-%d"))


def plain_decimal(value):
    """A decimal with a point and no grouping, whatever the language: "541500.00"."""
    return "" if value is None else f"{value:f}"


def organisations_cell(initiative):
    """'IUCN (Lead); GEF (Funder)', from the prefetched participations."""
    return "; ".join(
        f"{p.organisation.short_name or p.organisation.name} ({ParticipationRole(p.role).label})"
        for p in initiative.participations.all()
    )


def countries_cell(initiative):
    """'Kazakhstan (40%); Kyrgyzstan', from the prefetched country shares."""
    names = []
    for share in initiative.country_shares.all():
        if share.percentage is None:
            names.append(share.country.name)
        else:
            names.append(f"{share.country.name} ({share.percentage.normalize():f}%)")
    return "; ".join(names)


def row(initiative):
    status = initiative.status
    return [
        initiative.title,
        initiative.acronym,
        initiative.summary,
        status.label if status else "",
        partial_date(initiative.start_date, initiative.start_precision),
        partial_date(initiative.end_date, initiative.end_precision),
        plain_decimal(initiative.budget_amount),
        initiative.budget_currency,
        initiative.budget_note,
        organisations_cell(initiative),
        countries_cell(initiative),
        initiative.geographic_scope,
        "; ".join(theme.name for theme in initiative.themes.all()),
        initiative.website,
        settings.SITE_URL + initiative.get_absolute_url(),
    ]


class Echo:
    """A file-like object whose write() hands back what it was given."""

    def write(self, value):
        return value


def csv_lines(queryset, language):
    """The CSV, line by line, with a byte order mark first so Excel reads UTF-8.

    The language is set here, not only by the request: a streamed body is
    produced after the view has returned.
    """
    writer = csv.writer(Echo())
    with translation.override(language):
        yield "\ufeff" + writer.writerow([str(label) for label in COLUMNS])
        for initiative in queryset.iterator(chunk_size=CHUNK_SIZE):
            yield writer.writerow(row(initiative))

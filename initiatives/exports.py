"""Initiatives as CSV rows: labels, not codes, in the reader's language.

Rows are produced a chunk at a time from a queryset iterator, so an export of
any size needs neither all rows in memory nor more than five queries per chunk
(participations, their organisations, country shares, region shares, themes),
besides one for the initiatives and three for the names of countries, regions
and themes. Cells go
through toolkit.spreadsheets, so no text runs as a formula; the budget is a
number and stays one.
"""

import contextlib
import itertools

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from common.dates import iso_partial_date
from common.models import Country, Region, Theme
from members.models import Organisation
from toolkit.spreadsheets import SpreadsheetWriter

from .models import CountryShare, Initiative, Participation, ParticipationRole, RegionShare

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
    # Not empty: a region-wide initiative, which a country filter includes (README).
    _("Regions"),
    _("Geographic scope"),
    _("Themes"),
    _("Website"),
    _("Page on the portal"),
]


class Relations:
    """Who took part, where and on what, for a chunk of initiatives: read by key, not as models.

    An export of 50,000 initiatives named some 400,000 related records; as
    prefetched models (a country object per country share, an organisation per
    participation) building them took most of the export's time. Here each
    chunk reads the links as plain values and names each organisation once;
    countries and themes (a few dozen) are read once for the whole export.
    """

    def __init__(self, chunk, country_names, theme_names, region_names):
        ids = [initiative.pk for initiative in chunk]
        self.participations = rest_by_first_value(
            Participation.objects.filter(initiative__in=ids, organisation__is_published=True)
            .order_by("initiative", "position", "pk")
            .values_list("initiative", "organisation", "role")
        )
        organisation_ids = {organisation for links in self.participations.values()
                            for organisation, _role in links}  # fmt: skip
        self.organisation_names = {
            organisation.pk: organisation.short_name or organisation.name
            for organisation in Organisation.objects.filter(pk__in=organisation_ids)
        }
        self.shares = rest_by_first_value(
            CountryShare.objects.filter(initiative__in=ids)
            .order_by("initiative", "country__code")
            .values_list("initiative", "country", "percentage")
        )
        self.regions = rest_by_first_value(
            RegionShare.objects.filter(initiative__in=ids)
            .order_by("initiative", "region__code")
            .values_list("initiative", "region", "percentage")
        )
        self.themes = rest_by_first_value(
            Initiative.themes.through.objects.filter(initiative__in=ids)
            .order_by("initiative", "theme__position", "theme__slug")
            .values_list("initiative", "theme")
        )
        self.country_names = country_names
        self.theme_names = theme_names
        self.region_names = region_names

    def organisations_cell(self, initiative):
        """'IUCN (Lead); GEF (Funder)'."""
        return "; ".join(
            f"{self.organisation_names[organisation]} ({ParticipationRole(role).label})"
            for organisation, role in self.participations.get(initiative.pk, ())
        )

    def countries_cell(self, initiative):
        """'Kazakhstan (40%); Kyrgyzstan'."""
        return shares_cell(self.shares.get(initiative.pk, ()), self.country_names)

    def regions_cell(self, initiative):
        """'Central Asia', or 'Central Asia (60%)' where the source gives a share."""
        return shares_cell(self.regions.get(initiative.pk, ()), self.region_names)

    def themes_cell(self, initiative):
        return "; ".join(self.theme_names[theme] for (theme,) in self.themes.get(initiative.pk, ()))


def shares_cell(shares, names):
    """Each place's name, with its share in percent when there is one, joined by "; "."""
    cells = []
    for place, percentage in shares:
        name = names[place]
        cells.append(name if percentage is None else f"{name} ({percentage.normalize():f}%)")
    return "; ".join(cells)


def rest_by_first_value(rows):
    """{first value: [the rest of each row]}, in the rows' order."""
    groups = {}
    for first, *rest in rows:
        groups.setdefault(first, []).append(rest)
    return groups


def row(initiative, relations):
    status = initiative.status
    return [
        initiative.title,
        initiative.acronym,
        initiative.summary,
        status.label if status else "",
        iso_partial_date(initiative.start_date, initiative.start_precision),
        iso_partial_date(initiative.end_date, initiative.end_precision),
        initiative.budget_amount,  # a number: written with a point, no grouping
        initiative.budget_currency,
        initiative.budget_note,
        relations.organisations_cell(initiative),
        relations.countries_cell(initiative),
        relations.regions_cell(initiative),
        initiative.geographic_scope,
        relations.themes_cell(initiative),
        initiative.website,
        settings.SITE_URL + initiative.get_absolute_url(),
    ]


def csv_lines(queryset, language):
    """The CSV, a chunk of rows at a time, with a byte order mark first so Excel reads UTF-8.

    The language is set here, not only by the request: a streamed body is
    produced after the view has returned.
    """
    writer = SpreadsheetWriter()
    with translation.override(language):
        yield writer.header(COLUMNS)
        country_names = {country.pk: country.name for country in Country.objects.all()}
        theme_names = {theme.pk: theme.name for theme in Theme.objects.all()}
        region_names = {region.pk: region.name for region in Region.objects.all()}
        # Relations are read per chunk by Relations, not prefetched as models.
        # Closed as soon as this ends, even by an error: its database cursor with it.
        initiatives = queryset.prefetch_related(None).iterator(chunk_size=CHUNK_SIZE)
        with contextlib.closing(initiatives):
            while chunk := list(itertools.islice(initiatives, CHUNK_SIZE)):
                relations = Relations(chunk, country_names, theme_names, region_names)
                yield "".join(writer.row(row(initiative, relations)) for initiative in chunk)

"""Funding as charts and tables: budgets by start year, by theme and by funder, per currency.

What is counted, said on the page: an initiative has one budget for its whole
life, as its source gives it; it is never split by year, theme, funder or
country. So "by year" is the budgets of the initiatives *starting* in each
year; an initiative on several themes (or with several funders) counts in each
of their rows; and under a country, a region-wide initiative's whole budget is
shown apart ("Region-wide"), never as the country's. Amounts in different
currencies are never added: each currency has its own chart.
"""

from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from common.models import Theme
from members.models import Organisation
from toolkit.cache import cached_by_content
from toolkit.charts import BarChart, Row, Series
from toolkit.cldr import format_compact_money as short_amount
from toolkit.cldr import format_money as amount

COUNTRY_SPECIFIC = gettext_lazy("Country-specific")
REGION_WIDE = gettext_lazy("Region-wide (whole budgets)")
# Funders listed by name on a country page; the others are counted.
FUNDERS_SHOWN = 15


def amount_with_count(total, count, currency):
    return ngettext(
        "%(amount)s (%(count)s initiative)", "%(amount)s (%(count)s initiatives)", count
    ) % {"amount": amount(total, currency), "count": count}


def by_currency(rows, split):
    """{currency: {key: [(total, count) or None per series]}}, budgeted rows only."""
    currencies = {}
    for row in rows:
        if not row["budgeted"]:
            continue
        keys = currencies.setdefault(row["budget_currency"], {})
        series = 1 if split and row["is_regional"] else 0
        cells = keys.setdefault(row["key"], [None] * (2 if split else 1))
        total, count = cells[series] or (0, 0)
        cells[series] = (total + row["total"], count + row["budgeted"])
    return currencies


def currency_order(currencies):
    """Currencies with the most budgeted initiatives first."""

    def budgeted(code):
        return sum(cell[1] for cells in currencies[code].values() for cell in cells if cell)

    return sorted(currencies, key=lambda code: (-budgeted(code), code))


def chart_rows(cells_by_key, labels, currency):
    rows = []
    for key, label in labels:
        cells = cells_by_key[key]
        rows.append(
            Row(
                label=label,
                values=[cell[0] if cell else None for cell in cells],
                texts=[amount_with_count(*cell, currency) if cell else "–" for cell in cells],
                short=[short_amount(cell[0], currency) if cell else "" for cell in cells],
            )
        )
    return rows


@dataclass
class FundingCharts:
    by_year: list = field(default_factory=list)
    by_theme: list = field(default_factory=list)
    unbudgeted: int = 0  # initiatives without an amount: in no chart
    split: bool = False

    def __bool__(self):
        return bool(self.by_year)


def funding_charts(queryset, split=False, id_prefix="funding"):
    """Budgets by start year and by theme, one chart of each per currency (three queries:
    the two sums and the themes' names)."""
    theme_rows = queryset.budgets_by("theme", split)
    keys = {row["key"] for row in theme_rows if row["key"] is not None}
    theme_names = {theme.pk: theme.name for theme in Theme.objects.filter(pk__in=keys)}
    year_rows = queryset.budgets_by("year", split)
    series = (
        [Series(COUNTRY_SPECIFIC), Series(REGION_WIDE, "series-2")]
        if split
        else [Series(gettext_lazy("Budget"))]
    )
    charts = FundingCharts(
        unbudgeted=sum(row["initiatives"] - row["budgeted"] for row in year_rows), split=split
    )
    years = by_currency(year_rows, split)
    themes = by_currency(theme_rows, split)
    regional_note = (
        " "
        + _(
            "Region-wide initiatives cover a region that includes the country; their whole "
            "budget is shown, not the country's part of it, which the sources do not give."
        )
        if split
        else ""
    )
    for currency in currency_order(years):
        cells = years[currency]
        labels = [(key, str(key)) for key in sorted(k for k in cells if k is not None)]
        if None in cells:
            labels.append((None, _("No start date")))
        charts.by_year.append(
            BarChart(
                id=f"{id_prefix}-year-{currency.lower()}",
                title=_("Budgets by start year, in %(currency)s") % {"currency": currency},
                description=_(
                    "The budgets of the initiatives starting in each year, summed. A budget is "
                    "for an initiative's whole life, often several years, and is not split by "
                    "year."
                )
                + regional_note,
                category_label=_("Start year"),
                series=series,
                rows=chart_rows(cells, labels, currency),
            )
        )
    for currency in currency_order(themes):
        cells = themes[currency]

        def largest(key, cells=cells):
            return -sum(cell[0] for cell in cells[key] if cell)

        keys = sorted((k for k in cells if k is not None), key=lambda k: (largest(k), k))
        labels = [(key, theme_names.get(key, "")) for key in keys]
        if None in cells:
            labels.append((None, _("No theme given")))
        charts.by_theme.append(
            BarChart(
                id=f"{id_prefix}-theme-{currency.lower()}",
                title=_("Budgets by theme, in %(currency)s") % {"currency": currency},
                description=_(
                    "The budgets of the initiatives on each theme, summed. An initiative on "
                    "several themes is counted under each, so the bars add up to more than "
                    "the total."
                )
                + regional_note,
                category_label=_("Theme"),
                series=series,
                rows=chart_rows(cells, labels, currency),
            )
        )
    return charts


def funding_section(queryset, split=False, cache_key=None, **context):
    """The funding charts drawn as HTML (templates/initiatives/_funding_charts.html), or "".

    Drawn once per language and kept until content changes under `cache_key`
    (toolkit.cache): summing and formatting a few hundred amounts and drawing
    the charts took most of a page's time. `context`: the section's heading,
    its level and its ids' prefix.
    """

    def draw():
        funding = funding_charts(queryset, split)
        if not funding:
            return ""
        return render_to_string("initiatives/_funding_charts.html", {"funding": funding, **context})

    return mark_safe(cached_by_content(cache_key, draw) if cache_key else draw())


@dataclass
class FunderRow:
    organisation: Organisation | None  # None: initiatives with no funder given
    initiatives: int
    texts: list  # per series: amounts per currency, or "–"


@dataclass
class FunderTable:
    rows: list
    others: int  # funders not listed by name
    series: list


def funders_table(queryset, split=False, cache_key=None, shown=FUNDERS_SHOWN):
    """Each funder's initiatives and their budgets per currency (two queries: the sums, and
    the funders named), kept per language until content changes under `cache_key`.

    A budget is the initiative's, as its source gives it: with several funders
    it is in each funder's row, and no funder's own contribution is known.
    """

    def compute():
        funders = {}
        for row in queryset.budgets_by("funder", split):
            funder = funders.setdefault(row["key"], {"initiatives": 0, "cells": {}})
            funder["initiatives"] += row["initiatives"]
            if row["budgeted"]:
                series = 1 if split and row["is_regional"] else 0
                cell = funder["cells"].setdefault((series, row["budget_currency"]), [0, 0])
                cell[0] += row["total"]
                cell[1] += row["budgeted"]
        # Most initiatives first; ties by key, so the same funders are named each time.
        ranked = sorted(
            (k for k in funders if k is not None), key=lambda k: (-funders[k]["initiatives"], k)
        )
        organisations = Organisation.objects.in_bulk(ranked[:shown])
        table = []
        for key in [*organisations, *([None] if None in funders else [])]:
            funder = funders[key]
            texts = []
            for series in range(2 if split else 1):
                cells = sorted(
                    (currency, cell)
                    for (number, currency), cell in funder["cells"].items()
                    if number == series
                )
                texts.append(
                    "; ".join(amount_with_count(*cell, currency) for currency, cell in cells) or "–"
                )
            table.append(FunderRow(organisations.get(key), funder["initiatives"], texts))
        # Ties in the count by name, as the reader reads it; "no funder given" last.
        table.sort(
            key=lambda r: (r.organisation is None, -r.initiatives, str(r.organisation or ""))
        )
        labels = [COUNTRY_SPECIFIC, REGION_WIDE] if split else [gettext_lazy("Budget")]
        return FunderTable(table, max(len(ranked) - shown, 0), [str(label) for label in labels])

    return cached_by_content(cache_key, compute) if cache_key else compute()

"""The country and theme filters every list of the portal offers."""

import functools

from django.db.models import Count, Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from toolkit.cache import cached_by_content
from toolkit.filters import CodeFilter, RecordsFilter, narrowed
from toolkit.widgets import FacetCheckboxes

from .models import Country, Theme


def country_choices():
    return [(code, name) for _key, code, name in Country.objects.listed()]


def countries_with_data(coverage):
    """The codes of the countries with any row of `coverage()`: those worth offering."""

    def compute():
        rows = coverage().filter(country=OuterRef("pk"))
        return set(Country.objects.filter(Exists(rows)).values_list("code", flat=True))

    return cached_by_content(f"countries-with-{coverage().model._meta.label_lower}", compute)


class CountryFilter(CodeFilter):
    """?country=KZ&country=kg: records in any of these countries (`queryset.in_countries()`).

    `coverage` gives the rows that place a record in a country (a `country`
    key; `record`, their key to the listed record: "pk" when the rows are the
    records themselves). It offers the countries with any of them; any other
    country is still accepted by its code, and drawn when chosen.
    """

    pattern = "^[A-Za-z]{2}$"
    description = _("ISO 3166-1 alpha-2 codes (KZ, KG, ...); repeat for several countries.")

    def __init__(self, *args, coverage, record="pk", **kwargs):
        self.coverage = coverage
        self.record = record
        kwargs.setdefault("label", _("Country"))
        kwargs.setdefault("choices", country_choices)
        kwargs.setdefault(
            "widget", FacetCheckboxes(offered=functools.partial(countries_with_data, coverage))
        )
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        return qs.in_countries(*value) if value else qs

    def count(self, queryset):
        """{code: records} in each country, among `queryset` (one GROUP BY)."""
        if self.record == "pk":
            rows = queryset.order_by()
        else:
            rows = self.coverage()
            if narrowed(queryset):
                rows = rows.filter(**{f"{self.record}__in": queryset.values("pk")})
        codes = {key: code for key, code, _name in Country.objects.listed()}
        counted = rows.values_list("country").annotate(records=Count(self.record)).order_by()
        return {codes[key]: count for key, count in counted if key in codes}


class ThemeFilter(RecordsFilter):
    """?theme=climate-education&theme=water: records on any of these themes, by slug."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Theme"))
        kwargs.setdefault("queryset", Theme.objects.all())
        kwargs.setdefault("field_name", "themes")
        super().__init__(*args, **kwargs)

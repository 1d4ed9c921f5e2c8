"""Funding charts: budgets by start year, theme and funder, per currency, never split or added
across currencies; on the list page their tables match the data."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from lxml import html as lxml_html

from initiatives.charts import funders_table, funding_charts
from initiatives.models import Initiative
from tests.factories import (
    CountryFactory,
    CountryShareFactory,
    InitiativeFactory,
    OrganisationFactory,
    ParticipationFactory,
    RegionFactory,
    RegionShareFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


def make(slug, year, amount, currency, themes=(), countries=(), regions=(), funders=()):
    initiative = InitiativeFactory(
        slug=slug,
        start_date=datetime.date(year, 1, 1),
        end_date=datetime.date(year + 2, 12, 31),
        budget_amount=None if amount is None else Decimal(amount),
        budget_currency=currency,
    )
    initiative.themes.set(themes)
    for country in countries:
        CountryShareFactory(initiative=initiative, country=country)
    for region in regions:
        RegionShareFactory(initiative=initiative, region=region)
    for funder in funders:
        ParticipationFactory(initiative=initiative, organisation=funder, role="funder")
    return initiative


@pytest.fixture
def funded():
    kazakhstan = CountryFactory(code="KZ", name_en="Kazakhstan")
    kyrgyzstan = CountryFactory(code="KG", name_en="Kyrgyzstan")
    central_asia = RegionFactory(countries=[kazakhstan, kyrgyzstan])
    water = ThemeFactory(slug="water", name_en="Water cooperation", position=1)
    biodiversity = ThemeFactory(slug="biodiversity", name_en="Biodiversity", position=2)
    sdc = OrganisationFactory(slug="sdc", name_en="SDC", relation="partner")
    eu = OrganisationFactory(slug="eu", name_en="European Union", relation="partner")
    make("blue-peace", 2024, "8100000", "CHF", [water], [kazakhstan, kyrgyzstan], funders=[sdc])
    make("tien-shan", 2022, "125200", "EUR", [biodiversity], [kazakhstan], funders=[eu, sdc])
    make(
        "nexus", 2016, "1300000", "EUR", [water, biodiversity], regions=[central_asia], funders=[eu]
    )
    make("one-health", 2024, "11000000", "EUR", [biodiversity], regions=[central_asia])
    make("wecoop", 2019, None, "", [water], regions=[central_asia], funders=[eu])
    make("elsewhere", 2024, "999", "EUR", [water], [CountryFactory(code="DE")])
    return kazakhstan


def table(chart):
    return [(row.label, row.texts) for row in chart.rows]


def test_budgets_by_start_year_are_per_currency_and_never_added_across_them(funded):
    with translation.override("en"):
        charts = funding_charts(Initiative.objects.all())

    assert [chart.id for chart in charts.by_year] == ["funding-year-eur", "funding-year-chf"]
    eur, chf = charts.by_year
    assert table(eur) == [
        ("2016", ["€1,300,000 (1 initiative)"]),
        ("2022", ["€125,200 (1 initiative)"]),
        ("2024", ["€11,000,999 (2 initiatives)"]),
    ]
    assert table(chf) == [("2024", ["CHF\xa08,100,000 (1 initiative)"])]
    assert "starting in each year" in eur.description and "not split" in eur.description
    assert charts.unbudgeted == 1  # WECOOP: no amount, in no chart


def test_under_a_country_region_wide_budgets_are_a_series_of_their_own(funded):
    with translation.override("en"):
        charts = funding_charts(Initiative.objects.in_countries("KZ"), split=True)

    eur = charts.by_year[0]
    assert [series.label for series in eur.series] == [
        "Country-specific",
        "Region-wide (whole budgets)",
    ]
    assert table(eur) == [
        ("2016", ["–", "€1,300,000 (1 initiative)"]),
        ("2022", ["€125,200 (1 initiative)", "–"]),
        ("2024", ["–", "€11,000,000 (1 initiative)"]),
    ]
    assert "not the country's part of it" in eur.description


def test_an_initiative_on_several_themes_counts_under_each(funded):
    with translation.override("en"):
        charts = funding_charts(Initiative.objects.in_countries("KZ"))

    eur = charts.by_theme[0]
    # Largest first; Nexus (EUR 1.3 m) is in both themes.
    assert table(eur) == [
        ("Biodiversity", ["€12,425,200 (3 initiatives)"]),
        ("Water cooperation", ["€1,300,000 (1 initiative)"]),
    ]
    assert "counted under each" in eur.description


def test_funders_table_gives_each_funders_initiatives_per_currency(funded):
    with translation.override("en"):
        funders = funders_table(Initiative.objects.in_countries("KZ"), split=True)

    rows = [(str(row.organisation or "-"), row.initiatives, row.texts) for row in funders.rows]
    assert rows == [
        ("European Union", 3, ["€125,200 (1 initiative)", "€1,300,000 (1 initiative)"]),
        (
            "SDC",
            2,
            ["CHF\xa08,100,000 (1 initiative); €125,200 (1 initiative)", "–"],
        ),
        ("-", 1, ["–", "€11,000,000 (1 initiative)"]),  # One Health: no funder given
    ]
    assert funders.others == 0


def test_funders_beyond_those_shown_are_counted(funded):
    funders = funders_table(Initiative.objects.all(), shown=1)

    assert [str(row.organisation) for row in funders.rows if row.organisation] == ["European Union"]
    assert funders.others == 1


@pytest.mark.parametrize(
    ("language", "heading", "cell"),
    [
        ("en", "Budgets by start year, in EUR", "€125,200 (1 initiative)"),
        ("ru", "Бюджеты по году начала, EUR", "125\xa0200\xa0€ (1 инициатива)"),
        ("kk", "Басталу жылы бойынша бюджеттер, EUR", "125\xa0200\xa0€ (1 бастама)"),
    ],
)
def test_list_page_chart_tables_match_the_data_in_each_language(
    funded, client, language, heading, cell
):
    with translation.override(language):
        url = reverse("initiatives:list")
    content = client.get(url, {"country": "KZ"}).content.decode()

    page = lxml_html.fromstring(content)
    figure = page.get_element_by_id("funding-year-eur-caption").getparent()
    assert figure.find(".//svg/title").text == heading
    rows = [[cell.text_content() for cell in row] for row in figure.iter("tr")]
    assert rows[1:] == [
        ["2016", "–", rows[1][2]],
        ["2022", cell, "–"],
        ["2024", "–", rows[3][2]],
    ]
    # Three bars: one per value, in its series' colour.
    assert [rect.get("class") for rect in figure.iter("rect")] == [
        "series-2",
        "series-1",
        "series-2",
    ]


def test_list_page_shows_no_charts_beyond_the_first_page_or_without_results(funded, client):
    InitiativeFactory.create_batch(20)

    assert "funding-year-eur" not in client.get("/en/initiatives/", {"page": 2}).content.decode()
    empty = client.get("/en/initiatives/", {"year": 1990}).content.decode()
    assert "funding-heading" not in empty

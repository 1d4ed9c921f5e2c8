"""Region-wide initiatives: a country filter finds them through their region, says so and
can leave them out; the totals say how much is country-specific and how much regional."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from initiatives.models import Initiative, ParticipationRole
from tests.api_helpers import data
from tests.factories import (
    CountryFactory,
    CountryShareFactory,
    InitiativeFactory,
    OrganisationFactory,
    ParticipationFactory,
    RegionFactory,
    RegionShareFactory,
)

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "ru", "kk"]


# --- Local helpers ---------------------------------------------------------


def list_url(language="en"):
    with translation.override(language):
        return reverse("initiatives:list")


def csv_url(language="en"):
    with translation.override(language):
        return reverse("initiatives:export")


def slugs_of(queryset):
    return sorted(queryset.values_list("slug", flat=True))


def page_slugs(response):
    return sorted(initiative.slug for initiative in response.context["initiatives"])


def make(slug, countries=(), regions=(), amount=None, currency="", **kwargs):
    initiative = InitiativeFactory(
        slug=slug,
        title_en=slug.replace("-", " ").title(),
        budget_amount=amount,
        budget_currency=currency,
        **kwargs,
    )
    ParticipationFactory(initiative=initiative, role=ParticipationRole.LEAD)
    for country in countries:
        CountryShareFactory(initiative=initiative, country=country)
    for region in regions:
        RegionShareFactory(initiative=initiative, region=region)
    return initiative


@pytest.fixture
def places():
    """Kazakhstan and Kyrgyzstan in Central Asia (619); Germany in no region."""
    kazakhstan = CountryFactory(
        code="KZ", name_en="Kazakhstan", name_ru="Казахстан", name_kk="Қазақстан"
    )
    kyrgyzstan = CountryFactory(code="KG", name_en="Kyrgyzstan")
    germany = CountryFactory(code="DE", name_en="Germany", is_central_asian=False)
    central_asia = RegionFactory(countries=[kazakhstan, kyrgyzstan])
    return kazakhstan, kyrgyzstan, germany, central_asia


@pytest.fixture
def portfolio(places):
    """In Kazakhstan itself, in Kyrgyzstan, region-wide (with and without countries), elsewhere."""
    kazakhstan, kyrgyzstan, germany, central_asia = places
    make("in-kazakhstan", [kazakhstan], amount=Decimal("100"), currency="EUR")
    make("in-kyrgyzstan", [kyrgyzstan], amount=Decimal("7"), currency="USD")
    make("central-asia", regions=[central_asia], amount=Decimal("1000"), currency="EUR")
    make(
        "central-asia-and-kyrgyzstan",
        [kyrgyzstan],
        [central_asia],
        amount=Decimal("50"),
        currency="CHF",
    )
    make("in-germany", [germany], amount=Decimal("3"), currency="EUR")
    return places


# --- The queryset ----------------------------------------------------------


def test_in_countries_includes_initiatives_whose_region_covers_the_country(portfolio):
    assert slugs_of(Initiative.objects.in_countries("kz")) == [
        "central-asia",
        "central-asia-and-kyrgyzstan",
        "in-kazakhstan",
    ]


def test_in_countries_lists_an_initiative_once_through_both_ways(portfolio):
    found = Initiative.objects.in_countries("KZ", "KG")

    assert slugs_of(found) == [
        "central-asia",
        "central-asia-and-kyrgyzstan",
        "in-kazakhstan",
        "in-kyrgyzstan",
    ]
    assert found.count() == 4


def test_in_countries_outside_every_region_finds_only_its_own(portfolio):
    assert slugs_of(Initiative.objects.in_countries("DE")) == ["in-germany"]


def test_regional_and_country_specific_split_by_region_shares(portfolio):
    assert slugs_of(Initiative.objects.regional()) == [
        "central-asia",
        "central-asia-and-kyrgyzstan",
    ]
    assert slugs_of(Initiative.objects.country_specific()) == [
        "in-germany",
        "in-kazakhstan",
        "in-kyrgyzstan",
    ]


def test_tally_split_says_how_much_is_regional(portfolio):
    tally = Initiative.objects.in_countries("KZ").tally(split=True)

    assert tally.count == 3
    assert tally.totals == [
        {"budget_currency": "CHF", "total": Decimal("50"), "count": 1},
        {"budget_currency": "EUR", "total": Decimal("1100"), "count": 2},
    ]
    assert tally.regional.count == 2
    assert tally.regional.totals == [
        {"budget_currency": "CHF", "total": Decimal("50"), "count": 1},
        {"budget_currency": "EUR", "total": Decimal("1000"), "count": 1},
    ]
    country = tally.country_specific
    assert country.count == 1
    assert country.totals == [{"budget_currency": "EUR", "total": Decimal("100"), "count": 1}]


def test_tally_without_split_has_no_regional_part(portfolio):
    tally = Initiative.objects.in_countries("KZ").tally()

    assert tally.regional is None
    assert tally.country_specific is None
    assert tally.count == 3


# --- The filter: page, CSV and API -----------------------------------------


def test_country_filter_page_lists_regional_ones_and_leaves_them_out_on_request(client, portfolio):
    included = client.get(list_url(), {"country": "KZ"})
    left_out = client.get(list_url(), {"country": "KZ", "regional": "exclude"})
    alone = client.get(list_url(), {"country": "KZ", "regional": "only"})

    assert page_slugs(included) == ["central-asia", "central-asia-and-kyrgyzstan", "in-kazakhstan"]
    assert page_slugs(left_out) == ["in-kazakhstan"]
    assert page_slugs(alone) == ["central-asia", "central-asia-and-kyrgyzstan"]


def test_regional_filter_without_a_country_applies_to_every_initiative(client, portfolio):
    response = client.get(list_url(), {"regional": "exclude"})

    assert page_slugs(response) == ["in-germany", "in-kazakhstan", "in-kyrgyzstan"]


def test_regional_filter_unknown_value_is_a_form_error_not_a_500(client, portfolio):
    response = client.get(list_url(), {"country": "KZ", "regional": "maybe"})

    assert response.status_code == 200
    assert "regional" in response.context["filter"].errors
    assert client.get(csv_url(), {"regional": "maybe"}).status_code == 400
    assert client.get("/api/v1/initiatives/", {"regional": "maybe"}).status_code == 400


def test_filter_form_offers_to_leave_regional_ones_out(client, portfolio):
    content = client.get(list_url(), {"country": "KZ"}).content.decode()

    assert '<select name="regional" id="id_regional">' in content
    assert '<option value="exclude">Only country-specific initiatives</option>' in content
    assert "Region-wide initiatives covering a chosen country are included." in content


@pytest.mark.parametrize(
    ("language", "totals", "country_line", "regional_line"),
    [
        (
            "en",
            "€1,100 (2 initiatives)",
            "1 country-specific initiative: €100",
            "2 regional initiatives, covering a region that includes the chosen countries: "
            "CHF 50; €1,000",
        ),
        (
            "ru",
            "1 100 € (2 инициативы)",
            "1 инициатива по отдельным странам: 100 €",
            "2 региональные инициативы, охватывающие регион, в который входят выбранные "
            "страны: 50 CHF; 1 000 €",
        ),
        (
            "kk",
            "1 100 € (2 бастама)",
            "Жекелеген елдер бойынша 1 бастама: 100 €",
            "Таңдалған елдер кіретін өңірді қамтитын 2 өңірлік бастама: 50 CHF; 1 000 €",
        ),
    ],
)
def test_totals_under_a_country_filter_say_how_much_is_regional(
    client, portfolio, language, totals, country_line, regional_line
):
    content = client.get(list_url(language), {"country": "KZ"}).content.decode()
    text = content.replace("\xa0", " ")

    assert totals in text
    assert f"<li>{country_line}</li>" in text
    assert f"<li>{regional_line}</li>" in text


def test_totals_say_nothing_of_regions_without_a_country_filter(client, portfolio):
    content = client.get(list_url()).content.decode()

    assert "Total budget" in content
    assert "Country-specific and regional" not in content


def test_totals_are_not_split_when_regional_ones_are_left_out(client, portfolio):
    response = client.get(list_url(), {"country": "KZ", "regional": "exclude"})

    assert response.context["tally"].regional is None
    assert "Country-specific and regional" not in response.content.decode()


@pytest.mark.parametrize(
    ("language", "mark"),
    [
        ("en", "Regional (Central Asia)"),
        ("ru", "Региональная (Центральная Азия)"),
        ("kk", "Өңірлік (Орталық Азия)"),
    ],
)
def test_card_of_a_regional_initiative_says_so_in_the_readers_language(
    client, portfolio, language, mark
):
    response = client.get(list_url(language), {"country": "KZ"})
    cards = {
        initiative.slug: str(card)
        for initiative, card in zip(
            response.context["initiatives"], response.context["cards"], strict=True
        )
    }

    assert f'<strong class="badge">{mark}</strong>' in cards["central-asia"]
    assert f'<strong class="badge">{mark}</strong>' in cards["central-asia-and-kyrgyzstan"]
    assert 'class="badge"' not in cards["in-kazakhstan"]


def test_detail_page_names_the_region(client, portfolio):
    initiative = Initiative.objects.get(slug="central-asia")
    RegionShareFactory(
        initiative=InitiativeFactory(slug="with-share"),
        region=initiative.regions.get(),
        percentage=Decimal("60"),
    )

    content = client.get(initiative.get_absolute_url()).content.decode()
    with_share = client.get(Initiative.objects.get(slug="with-share").get_absolute_url())

    assert "<dt>Regions</dt>" in content
    assert "<dd>Regional (Central Asia)</dd>" in content
    assert "<dd>Regional (Central Asia, 60%)</dd>" in with_share.content.decode()


def test_home_page_names_the_region_of_recent_initiatives(client, portfolio):
    with translation.override("ru"):
        home = reverse("home")

    assert "Региональная (Центральная Азия)" in client.get(home).content.decode()


@pytest.mark.parametrize(
    ("language", "mark"),
    [("en", "Regional (Central Asia)"), ("kk", "Өңірлік (Орталық Азия)")],
)
def test_feed_of_a_country_marks_the_regional_entries(client, portfolio, language, mark):
    with translation.override(language):
        feed = reverse("initiatives:feed")
    content = client.get(feed, {"country": "KZ"}).content.decode()

    assert content.count(mark) == 2
    assert "/central-asia-and-kyrgyzstan/" in content


def test_csv_has_a_regions_column(client, portfolio):
    response = client.get(csv_url("ru"), {"country": "KZ"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    header, *rows = list(csv.reader(io.StringIO(body)))
    # The last column is the page on the portal, which ends with the slug.
    by_slug = {row[-1].rstrip("/").rpartition("/")[2]: row for row in rows}

    regions = header.index("Регионы")
    assert header[regions - 1] == "Страны"
    assert set(by_slug) == {"central-asia", "central-asia-and-kyrgyzstan", "in-kazakhstan"}
    assert by_slug["central-asia"][regions] == "Центральная Азия"
    assert by_slug["central-asia-and-kyrgyzstan"][regions] == "Центральная Азия"
    assert by_slug["in-kazakhstan"][regions] == ""


def test_csv_region_with_its_share(client, places):
    *_countries, central_asia = places
    initiative = make("shared")
    RegionShareFactory(initiative=initiative, region=central_asia, percentage=Decimal("25.50"))

    body = b"".join(client.get(csv_url()).streaming_content).decode("utf-8-sig")
    header, row = list(csv.reader(io.StringIO(body)))

    assert row[header.index("Regions")] == "Central Asia (25.5%)"


def test_csv_leaves_regional_ones_out_with_the_same_filter(client, portfolio):
    body = b"".join(
        client.get(csv_url(), {"country": "KZ", "regional": "exclude"}).streaming_content
    ).decode("utf-8-sig")
    _header, *rows = list(csv.reader(io.StringIO(body)))

    assert [row[0] for row in rows] == ["In Kazakhstan"]


def test_api_says_which_initiatives_are_regional(client, portfolio):
    body = data(client, "initiatives/", {"country": "KZ", "sort": "start"})
    records = {record["slug"]: record for record in body["results"]}

    assert set(records) == {"central-asia", "central-asia-and-kyrgyzstan", "in-kazakhstan"}
    assert records["central-asia"]["is_regional"] is True
    assert records["central-asia"]["regions"] == [
        {
            "region": {
                "code": "619",
                "name": {"en": "Central Asia", "ru": "Центральная Азия", "kk": "Орталық Азия"},
                "links": {"api": "http://testserver/api/v1/regions/619/"},
            },
            "percentage": None,
        }
    ]
    assert records["central-asia"]["countries"] == []
    assert records["in-kazakhstan"]["is_regional"] is False
    assert records["in-kazakhstan"]["regions"] == []


def test_api_leaves_regional_ones_out_with_the_same_filter(client, portfolio):
    body = data(client, "initiatives/", {"country": ["KZ", "KG"], "regional": "exclude"})

    assert sorted(record["slug"] for record in body["results"]) == [
        "in-kazakhstan",
        "in-kyrgyzstan",
    ]


# --- Query counts: bounded in every language, at two sizes -----------------


def make_many(places, count):
    kazakhstan, _kyrgyzstan, _germany, central_asia = places
    for index in range(count):
        make(f"country-{index}", [kazakhstan], amount=Decimal("10"), currency="EUR")
        regional = make(
            f"regional-{index}", regions=[central_asia], amount=Decimal("5"), currency="USD"
        )
        ParticipationFactory(initiative=regional, organisation=OrganisationFactory(), role="funder")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("count", [1, 6])
def test_country_filtered_list_queries_are_bounded(
    client, places, django_assert_num_queries, language, count
):
    make_many(places, count)

    # 1 count with the totals split (regional ones apart), 1 page of
    # initiatives, 3 for the cards (country shares with countries, region
    # shares with regions, participations with organisations), 4 for the
    # form's choices (countries, themes, leads, funders), 2 for the funding
    # charts (budgets by start year and by theme, regional ones apart; no
    # theme to name), 5 facet counts and the countries with initiatives. The
    # regions that cover Kazakhstan are a subquery of them.
    with django_assert_num_queries(17):
        response = client.get(list_url(language), {"country": "KZ"})
    assert len(response.context["cards"]) == 2 * count
    assert response.context["tally"].regional.count == count

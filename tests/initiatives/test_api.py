"""The API's initiatives: budget, derived status, dates, roles and countries, the pages' filters."""

import datetime
from decimal import Decimal

import pytest

from tests.api_helpers import data, days, get, make_initiative, make_initiatives, slugs
from tests.factories import CountryFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


# --- Initiatives -----------------------------------------------------------


def test_initiative_with_budget_status_dates_roles_and_countries(client, one_health):
    body = data(client, "initiatives/one-health/")

    assert body["title"]["kk"] == "Орталық Азия үшін бірыңғай денсаулық"
    assert body["budget"] == {
        "amount": "11000000.00",
        "currency": "EUR",
        "note": {"en": "IUCN's budget share", "ru": "", "kk": ""},
    }
    assert body["status"] == one_health.status.value
    assert body["start"]["iso"] == "2024"
    assert body["start"]["display"] == {"en": "2024", "ru": "2024", "kk": "2024"}
    assert body["end"] == {
        "date": "2029-12-31",
        "precision": "year",
        "iso": "2029",
        "display": {"en": "2029", "ru": "2029", "kk": "2029"},
    }
    assert [
        (p["organisation"]["slug"], p["role"], p["iati_role"]) for p in body["organisations"]
    ] == [
        ("iucn", "lead", "2"),
        ("bmuv", "funder", "1"),
    ]
    assert [(c["country"]["code"], c["percentage"]) for c in body["countries"]] == [
        ("KG", "40.00"),
        ("KZ", "60.00"),
    ]
    assert body["themes"][0]["slug"] == "health"
    assert body["website"] == "https://example.org/one-health"


@pytest.mark.parametrize(
    ("start", "end", "status"),
    [(10, 100, "planned"), (-10, 100, "ongoing"), (-100, -10, "completed")],
)
def test_initiative_status_is_derived_as_on_the_pages(client, start, end, status):
    make_initiative(
        slug="x",
        start_date=days(start),
        end_date=days(end),
        start_precision="day",
        end_precision="day",
    )

    assert data(client, "initiatives/x/")["status"] == status
    assert slugs(client, "initiatives/", {"status": status}) == ["x"]


def test_initiative_without_budget_or_dates(client):
    make_initiative(
        slug="x", budget_amount=None, budget_currency="", start_date=None, end_date=None
    )

    body = data(client, "initiatives/x/")

    assert body["budget"] is None
    assert body["status"] is None
    assert body["start"] is None


def test_initiative_filters_are_the_initiative_pages(client, one_health, kazakhstan):
    uzbekistan = CountryFactory(code="UZ")
    make_initiative(
        slug="old",
        countries=[uzbekistan],
        start_date=datetime.date(2010, 1, 1),
        end_date=datetime.date(2012, 12, 31),
        lead=OrganisationFactory(slug="undp"),
        budget_amount=Decimal("5"),
    )

    assert slugs(client, "initiatives/", {"country": ["KZ", "KG"], "status": "ongoing"}) == [
        "one-health"
    ]
    assert slugs(client, "initiatives/", {"country": "uz"}) == ["old"]
    assert slugs(client, "initiatives/", {"status": "completed"}) == ["old"]
    assert slugs(client, "initiatives/", {"year": 2011}) == ["old"]
    assert slugs(client, "initiatives/", {"lead": "iucn"}) == ["one-health"]
    assert slugs(client, "initiatives/", {"funder": "bmuv"}) == ["one-health"]
    assert slugs(client, "initiatives/", {"theme": "health"}) == ["one-health"]
    assert slugs(client, "initiatives/", {"q": "health"}) == ["one-health"]
    assert slugs(client, "initiatives/", {"sort": "budget"}) == ["old", "one-health"]
    assert slugs(client, "initiatives/") == ["one-health", "old"]


def test_two_countries_do_not_list_an_initiative_twice(client, one_health):
    body = data(client, "initiatives/", {"country": ["KZ", "KG"]})

    assert body["count"] == 1
    assert [item["slug"] for item in body["results"]] == ["one-health"]


def test_search_covers_the_languages_a_reader_may_be_shown(client, one_health):
    # An English reader is shown Russian where there is no English (en → ru → kk).
    assert slugs(client, "initiatives/", {"q": "Единое"}) == ["one-health"]
    response = get(client, "initiatives/", {"q": "Единое"}, accept_language="ru")
    assert [item["slug"] for item in response.json()["results"]] == ["one-health"]


@pytest.mark.parametrize("count", [1, 12])
def test_filtered_initiative_list_queries_do_not_grow(client, django_assert_num_queries, count):
    make_initiatives(count)

    # 1. the content clock, 2.-3. the latest start and end passed (once a day
    # and version of the initiatives), 4. the countries, read once to
    # validate the ?country= codes, 5. the theme by its slug, 6. the count,
    # 7. the page, 8. themes, 9. country shares with their countries,
    # 10. region shares with their regions, 11. participations with their
    # organisations.
    with django_assert_num_queries(11):
        body = data(
            client,
            "initiatives/",
            {"country": ["KZ", "KG"], "theme": "restoration", "page_size": 200},
        )
    assert body["count"] == count

"""The API's reference data: countries and themes, their order, names, ETags and query counts."""

import pytest

from tests.api_helpers import data
from tests.factories import CountryFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def test_countries_central_asian_first_with_names_in_each_language(client, kazakhstan):
    CountryFactory(
        code="DE", name_en="Germany", name_ru="Германия", name_kk="", is_central_asian=False
    )
    CountryFactory(code="UZ", name_en="Uzbekistan")

    body = data(client, "countries/")

    assert [country["code"] for country in body["results"]] == ["KZ", "UZ", "DE"]
    assert body["results"][0] == {
        "code": "KZ",
        "name": {"en": "Kazakhstan", "ru": "Казахстан", "kk": "Қазақстан"},
        "is_central_asian": True,
        "links": {"api": "http://testserver/api/v1/countries/KZ/"},
    }
    # Raw stored values: an empty language stays empty, no fallback.
    assert body["results"][2]["name"]["kk"] == ""


def test_country_detail_by_code_in_any_case(client, kazakhstan):
    assert data(client, "countries/kz/")["code"] == "KZ"
    assert data(client, "countries/KZ/")["name"]["kk"] == "Қазақстан"


def test_themes_in_portal_order(client):
    ThemeFactory(slug="water", name_en="Water", position=2)
    ThemeFactory(slug="education", name_en="Education", description_ru="Описание", position=1)

    body = data(client, "themes/")

    assert [theme["slug"] for theme in body["results"]] == ["education", "water"]
    assert body["results"][0]["description"] == {"en": "", "ru": "Описание", "kk": ""}
    assert data(client, "themes/water/")["name"]["en"] == "Water"


def test_a_renamed_country_changes_the_reference_list(client, kazakhstan):
    first = client.get("/api/v1/countries/")
    assert (
        client.get("/api/v1/countries/", headers={"if-none-match": first["ETag"]}).status_code
        == 304
    )

    kazakhstan.name_en = "Republic of Kazakhstan"
    kazakhstan.save()

    assert (
        client.get("/api/v1/countries/", headers={"if-none-match": first["ETag"]}).status_code
        == 200
    )


@pytest.mark.parametrize("count", [1, 12])
def test_reference_list_queries_do_not_grow(client, django_assert_num_queries, count):
    for index in range(count):
        ThemeFactory(slug=f"theme-{index}")
        CountryFactory(code=f"A{chr(65 + index)}")

    # 1. the content clock, 2. the count for the paginator, 3. the page.
    with django_assert_num_queries(3):
        data(client, "themes/")
    with django_assert_num_queries(3):
        data(client, "countries/")

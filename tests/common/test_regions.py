"""Regions (OECD DAC codes) and the countries they cover: the model and the API."""

import pytest
from django.db import IntegrityError, transaction

from common.models import Region
from tests.api_helpers import data, get
from tests.factories import CountryFactory, RegionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def central_asia():
    countries = [CountryFactory(code=code) for code in ("UZ", "KZ", "TJ")]
    return RegionFactory(countries=countries)


def test_region_found_by_its_dac_code_as_natural_key(central_asia):
    assert Region.objects.get_by_natural_key("619") == central_asia
    assert central_asia.natural_key() == ("619",)
    assert str(central_asia) == "Central Asia"


def test_region_code_must_be_a_dac_code():
    with pytest.raises(IntegrityError), transaction.atomic():
        Region.objects.create(code="CA", name_en="Central Asia")


def test_country_knows_its_regions(central_asia):
    kazakhstan = central_asia.countries.get(code="KZ")

    assert list(kazakhstan.regions.all()) == [central_asia]


def test_api_lists_regions_with_their_countries(client, central_asia):
    RegionFactory(code="89", name_en="Europe, regional", name_ru="", name_kk="")

    body = data(client, "regions/")

    assert [region["code"] for region in body["results"]] == ["619", "89"]
    assert body["results"][0] == {
        "code": "619",
        "name": {"en": "Central Asia", "ru": "Центральная Азия", "kk": "Орталық Азия"},
        "countries": ["KZ", "TJ", "UZ"],
        "links": {"api": "http://testserver/api/v1/regions/619/"},
    }
    assert body["results"][1]["countries"] == []


def test_api_region_by_code(client, central_asia):
    assert data(client, "regions/619/")["name"]["kk"] == "Орталық Азия"


def test_api_unknown_or_malformed_region_is_a_json_404(client, central_asia):
    for code in ("620", "central-asia", "6%00"):
        response = get(client, f"regions/{code}/")
        assert response.status_code == 404, code
        assert response["Content-Type"] == "application/json"


def test_api_region_list_queries_do_not_grow(client, django_assert_num_queries):
    for number in range(5):
        RegionFactory(
            code=str(100 + number), countries=[CountryFactory(code=f"A{'BCDEF'[number]}")]
        )

    # 1. the content clock, 2. the count (pagination), 3. the page of
    # regions, 4. their countries.
    with django_assert_num_queries(4):
        assert len(data(client, "regions/")["results"]) == 5

"""CountryCoverage, what ?country= reads, follows every change to shares and regions."""

from decimal import Decimal

import pytest

from initiatives.models import CountryCoverage, CountryShare, Initiative
from tests.admin_helpers import admin_url, management_form
from tests.factories import (
    CountryFactory,
    CountryShareFactory,
    InitiativeFactory,
    RegionFactory,
    RegionShareFactory,
)

pytestmark = pytest.mark.django_db


def covered(initiative):
    rows = CountryCoverage.objects.filter(initiative=initiative)
    return sorted(rows.values_list("country__code", flat=True))


@pytest.fixture
def kazakhstan():
    return CountryFactory(code="KZ")


@pytest.fixture
def kyrgyzstan():
    return CountryFactory(code="KG")


def test_a_country_share_is_coverage_until_deleted(kazakhstan):
    share = CountryShareFactory(country=kazakhstan)
    initiative = share.initiative

    assert covered(initiative) == ["KZ"]
    share.delete()
    assert covered(initiative) == []


def test_a_region_share_covers_the_regions_countries(kazakhstan, kyrgyzstan):
    initiative = InitiativeFactory()
    CountryShareFactory(initiative=initiative, country=kazakhstan)

    share = RegionShareFactory(
        initiative=initiative, region=RegionFactory(countries=[kazakhstan, kyrgyzstan])
    )

    assert covered(initiative) == ["KG", "KZ"]
    share.delete()
    assert covered(initiative) == ["KZ"]


def test_a_share_moved_to_another_country_moves_the_coverage(kazakhstan, kyrgyzstan):
    share = CountryShareFactory(country=kazakhstan, percentage=Decimal("50"))

    share.country = kyrgyzstan
    share.save()

    assert covered(share.initiative) == ["KG"]


def test_a_region_gaining_or_losing_a_country_changes_its_initiatives(kazakhstan, kyrgyzstan):
    region = RegionFactory(countries=[kazakhstan])
    initiative = RegionShareFactory(region=region).initiative

    region.countries.add(kyrgyzstan)
    assert covered(initiative) == ["KG", "KZ"]
    region.countries.remove(kazakhstan)
    assert covered(initiative) == ["KG"]
    region.countries.clear()
    assert covered(initiative) == []


def test_a_country_joining_or_leaving_regions_from_its_side(kazakhstan, kyrgyzstan):
    region = RegionFactory(countries=[kazakhstan])
    initiative = RegionShareFactory(region=region).initiative

    kyrgyzstan.regions.add(region)
    assert covered(initiative) == ["KG", "KZ"]
    kyrgyzstan.regions.clear()
    assert covered(initiative) == ["KZ"]


def test_deleting_an_initiative_takes_its_coverage_along(kazakhstan):
    initiative = CountryShareFactory(country=kazakhstan).initiative
    RegionShareFactory(initiative=initiative, region=RegionFactory(countries=[kazakhstan]))

    Initiative.objects.filter(pk=initiative.pk).delete()

    assert not CountryCoverage.objects.exists()


def test_refresh_derives_rows_a_bulk_write_left_out(kazakhstan, kyrgyzstan):
    initiative = InitiativeFactory()
    CountryShare.objects.bulk_create([CountryShare(initiative=initiative, country=kazakhstan)])
    assert covered(initiative) == []  # bulk_create sends no signal

    CountryCoverage.objects.refresh([initiative.pk])

    assert covered(initiative) == ["KZ"]
    CountryCoverage.objects.all().delete()
    CountryCoverage.objects.refresh()
    assert covered(initiative) == ["KZ"]


def test_admin_inline_edit_keeps_coverage(admin_client, kazakhstan, kyrgyzstan):
    region = RegionFactory(countries=[kazakhstan, kyrgyzstan])
    initiative = InitiativeFactory(slug="green-schools", title_en="Green Schools")
    response = admin_client.post(
        admin_url(Initiative, "change", "en", initiative.pk),
        {
            "title_en": "Green Schools",
            "slug": "green-schools",
            "start_date": "2025-01-01",
            "start_precision": "year",
            "end_date": "2027-12-31",
            "end_precision": "year",
            **management_form("participations"),
            **management_form("country_shares"),
            **management_form("region_shares", total=1),
            "region_shares-0-region": region.pk,
            "region_shares-0-percentage": "",
        },
    )

    assert response.status_code == 302, response.content
    assert list(initiative.regions.all()) == [region]
    assert covered(initiative) == ["KG", "KZ"]
    assert list(Initiative.objects.in_countries("KG")) == [initiative]

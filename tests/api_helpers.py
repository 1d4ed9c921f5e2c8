"""What the API tests share: requests and their JSON, and records to ask about.

The fixtures here (kazakhstan, kyrgyzstan, one_health) are offered to every
test module by tests/conftest.py (pytest_plugins); the helpers are imported.
"""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from initiatives.models import ParticipationRole
from members.models import OrganisationKind, Relation
from tests.factories import (
    CountryFactory,
    CountryShareFactory,
    InitiativeFactory,
    OrganisationFactory,
    ParticipationFactory,
    ThemeFactory,
)
from toolkit.models import ContentClock


def get(client, path, params=None, **headers):
    return client.get(f"/api/v1/{path}", params or {}, headers=headers)


def data(client, path, params=None, **headers):
    response = get(client, path, params, **headers)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()


def slugs(client, path, params=None):
    return [item.get("slug") or item.get("code") for item in data(client, path, params)["results"]]


def today():
    return timezone.localdate()


def days(n):
    return today() + datetime.timedelta(days=n)


def make_initiative(lead=None, funder=None, countries=(), themes=(), **kwargs):
    initiative = InitiativeFactory(**kwargs)
    if lead:
        ParticipationFactory(initiative=initiative, organisation=lead, role=ParticipationRole.LEAD)
    if funder:
        ParticipationFactory(
            initiative=initiative, organisation=funder, role=ParticipationRole.FUNDER
        )
    for country in countries:
        CountryShareFactory(initiative=initiative, country=country)
    initiative.themes.set(themes)
    return initiative


@pytest.fixture
def kazakhstan():
    return CountryFactory(code="KZ", name_en="Kazakhstan", name_ru="Казахстан", name_kk="Қазақстан")


@pytest.fixture
def kyrgyzstan():
    return CountryFactory(code="KG", name_en="Kyrgyzstan", name_ru="Кыргызстан", name_kk="")


@pytest.fixture
def one_health(kazakhstan, kyrgyzstan):
    """IUCN leads, BMUV funds, EUR 11 million, 2024 – 2029, two countries."""
    iucn = OrganisationFactory(
        slug="iucn",
        name_en="International Union for Conservation of Nature",
        name_ru="Международный союз охраны природы",
        name_kk="",
        short_name_en="IUCN",
        short_name_ru="МСОП",
        kind=OrganisationKind.INTERNATIONAL_ORGANISATION,
        relation=Relation.PARTNER,
        country=None,
    )
    bmuv = OrganisationFactory(slug="bmuv", name_en="German Environment Ministry")
    initiative = make_initiative(
        lead=iucn,
        funder=bmuv,
        themes=[ThemeFactory(slug="health", name_en="One Health", name_ru="Единое здоровье")],
        slug="one-health",
        title_en="One Health for Central Asia",
        title_ru="Единое здоровье для Центральной Азии",
        title_kk="Орталық Азия үшін бірыңғай денсаулық",
        summary_en="Prevents zoonotic diseases.",
        start_date=datetime.date(2024, 1, 1),
        start_precision="year",
        end_date=datetime.date(2029, 12, 31),
        end_precision="year",
        budget_amount=Decimal("11000000.00"),
        budget_currency="EUR",
        budget_note_en="IUCN's budget share",
        website="https://example.org/one-health",
    )
    CountryShareFactory(initiative=initiative, country=kazakhstan, percentage=Decimal("60"))
    CountryShareFactory(initiative=initiative, country=kyrgyzstan, percentage=Decimal("40"))
    return initiative


def make_initiatives(count):
    kazakhstan = CountryFactory(code="KZ")
    kyrgyzstan = CountryFactory(code="KG")
    theme = ThemeFactory(slug="restoration")
    for _index in range(count):
        make_initiative(
            lead=OrganisationFactory(),
            funder=OrganisationFactory(),
            countries=[kazakhstan, kyrgyzstan],
            themes=[theme],
        )


def settle(seconds=60):
    """As if every change so far had been made `seconds` ago: Last-Modified is sent again.

    A change in the last two seconds gives no Last-Modified (toolkit.api.viewsets).
    """
    clock = ContentClock.objects.filter(pk=1).first()
    if clock is not None:
        for entry in clock.versions.values():
            entry[1] -= seconds
        clock.save()

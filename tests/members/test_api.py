"""The API's organisations: members and partners, texts in every language, roles, contacts."""

import pytest

from events.models import EventParticipationRole
from members.models import OrganisationKind, Relation
from tests.api_helpers import data, get, slugs
from tests.factories import (
    ContactPersonFactory,
    CountryFactory,
    EventFactory,
    EventParticipationFactory,
    OrganisationFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


# --- Organisations ---------------------------------------------------------


def test_organisations_members_by_default_partners_on_request(client, one_health):
    member = OrganisationFactory(slug="ecomuseum", relation=Relation.MEMBER)

    assert member.slug in slugs(client, "organisations/")
    assert "iucn" not in slugs(client, "organisations/")
    assert slugs(client, "organisations/", {"relation": "partner"}) == ["iucn"]
    assert {"iucn", "ecomuseum", "bmuv"} <= set(
        slugs(client, "organisations/", {"relation": "all"})
    )


def test_organisation_texts_in_every_language_as_stored(client, one_health):
    body = data(client, "organisations/iucn/")

    assert body["name"] == {
        "en": "International Union for Conservation of Nature",
        "ru": "Международный союз охраны природы",
        "kk": "",
    }
    assert body["short_name"] == {"en": "IUCN", "ru": "МСОП", "kk": ""}
    assert body["kind"] == "international_organisation"
    assert body["relation"] == "partner"
    assert body["country"] is None
    assert body["links"] == {
        "api": "http://testserver/api/v1/organisations/iucn/",
        "web": {
            "en": "http://testserver/en/members/iucn/",
            "ru": "http://testserver/ru/members/iucn/",
            "kk": "http://testserver/kk/members/iucn/",
        },
    }


def test_organisation_detail_lists_its_roles_in_initiatives_and_events(client, one_health):
    event = EventFactory(slug="summit", title_en="Summit")
    EventParticipationFactory(event=event, organisation=one_health.organisations.get(slug="iucn"))

    body = data(client, "organisations/iucn/")

    assert body["initiatives"] == [
        {
            "initiative": {
                "slug": "one-health",
                "title": {
                    "en": "One Health for Central Asia",
                    "ru": "Единое здоровье для Центральной Азии",
                    "kk": "Орталық Азия үшін бірыңғай денсаулық",
                },
                "links": {
                    "api": "http://testserver/api/v1/initiatives/one-health/",
                    "web": {
                        code: f"http://testserver/{code}/initiatives/one-health/"
                        for code in ("en", "ru", "kk")
                    },
                },
            },
            "role": "lead",
            "note": {"en": "", "ru": "", "kk": ""},
        }
    ]
    assert [(item["event"]["slug"], item["role"]) for item in body["events"]] == [
        ("summit", EventParticipationRole.ORGANISER)
    ]


def test_organisation_shows_only_public_contacts(client):
    organisation = OrganisationFactory(slug="ecomuseum")
    ContactPersonFactory(
        organisation=organisation,
        name="Public Person",
        email="public@example.org",
        phone="+7 701 111",
        is_public=True,
    )
    ContactPersonFactory(
        organisation=organisation,
        name="Private Person",
        email="private@example.org",
        phone="+7 701 999",
        is_public=False,
    )

    for response in (get(client, "organisations/"), get(client, "organisations/ecomuseum/")):
        content = response.content.decode()
        assert "Public Person" in content
        assert "public@example.org" in content
        assert "Private Person" not in content
        assert "private@example.org" not in content
        assert "+7 701 999" not in content
    assert data(client, "organisations/ecomuseum/")["contacts"] == [
        {
            "name": "Public Person",
            "role": {"en": "Coordinator", "ru": "", "kk": ""},
            "phone": "+7 701 111",
            "email": "public@example.org",
        }
    ]


def test_organisation_filters_are_the_directorys(client, kazakhstan, kyrgyzstan):
    water = ThemeFactory(slug="water")
    # Names fixed here: the factory's numbered names would sort by test order.
    first = OrganisationFactory(
        slug="first", name_en="A school", country=kazakhstan, kind=OrganisationKind.SCHOOL
    )
    first.themes.add(water)
    OrganisationFactory(
        slug="second", name_en="B group", country=kyrgyzstan, mission_en="Glaciers and rivers"
    )
    OrganisationFactory(slug="third", name_en="C fund", country=CountryFactory(code="TJ"))

    assert slugs(client, "organisations/", {"country": "KZ"}) == ["first"]
    assert slugs(client, "organisations/", {"country": ["kz", "KG"]}) == ["first", "second"]
    assert slugs(client, "organisations/", {"kind": "school"}) == ["first"]
    assert slugs(client, "organisations/", {"theme": "water"}) == ["first"]
    assert slugs(client, "organisations/", {"q": "glaciers"}) == ["second"]
    # "Country TJ" before "Kazakhstan" before "Kyrgyzstan".
    assert slugs(client, "organisations/", {"sort": "country"}) == ["third", "first", "second"]


# --- Query counts ----------------------------------------------------------


def make_organisations(count):
    water = ThemeFactory(slug="water")
    parent = OrganisationFactory(slug="parent")
    for _index in range(count):
        organisation = OrganisationFactory(parent=parent)
        organisation.themes.add(water)
        ContactPersonFactory(organisation=organisation, is_public=True)


@pytest.mark.parametrize("count", [1, 12])
def test_organisation_list_queries_do_not_grow(client, django_assert_num_queries, count):
    make_organisations(count)

    # 1. the content clock, 2. the count, 3. the page of organisations with
    # their country and parent, 4. their themes, 5. their public contacts. (No
    # country choices: ?relation=all names no country.)
    with django_assert_num_queries(5):
        body = data(client, "organisations/", {"relation": "all"})
    assert body["count"] == count + 1

"""The partner API: endpoints, filters, languages, privacy, caching, CORS, throttling, errors."""

import datetime
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone, translation
from django.utils.http import http_date

from events.models import EventRoleKind
from initiatives.models import ParticipationRole
from members.models import OrganisationKind, Relation
from tests.factories import (
    ContactPersonFactory,
    CountryFactory,
    CountryShareFactory,
    EventFactory,
    EventRoleFactory,
    EventSpokenLanguageFactory,
    ExpectedOutcomeFactory,
    InitiativeFactory,
    OrganisationFactory,
    ParticipationFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_FILE = ROOT / "alliance" / "api" / "openapi.yaml"


@pytest.fixture(autouse=True)
def _fresh_throttle():
    # The throttle counts in the cache, which outlives a test.
    cache.clear()
    yield
    cache.clear()


# --- Local helpers ---------------------------------------------------------


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


# --- Root, countries, themes -----------------------------------------------


def test_root_links_every_endpoint(client):
    body = data(client, "")

    assert body["organisations"] == "http://testserver/api/v1/organisations/"
    assert body["initiatives_iati"] == "http://testserver/api/v1/initiatives.xml"
    assert set(body) == {
        "organisations",
        "events",
        "initiatives",
        "initiatives_iati",
        "countries",
        "themes",
        "schema",
        "docs",
    }


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
    EventRoleFactory(event=event, organisation=one_health.organisations.get(slug="iucn"))

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
        ("summit", EventRoleKind.ORGANISER)
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


# --- Events ----------------------------------------------------------------


def test_event_with_precise_dates_languages_outcomes_and_roles(client, kazakhstan):
    host = OrganisationFactory(slug="host", name_en="Host", short_name_en="H")
    summit = EventFactory(slug="summit", title_en="Summit")
    event = EventFactory(
        slug="consultation",
        title_en="Consultation",
        title_ru="Консультация",
        title_kk="",
        parent=summit,
        country=kazakhstan,
        start_date=datetime.date(2025, 11, 1),
        start_precision="month",
        end_date=None,
    )
    EventSpokenLanguageFactory(event=event, language="ru", position=1)
    EventSpokenLanguageFactory(event=event, language="kk", position=2)
    ExpectedOutcomeFactory(event=event, text_en="A declaration", text_ru="Декларация")
    EventRoleFactory(event=event, organisation=host, role=EventRoleKind.HOST, note_en="Venue")

    body = data(client, "events/consultation/")

    assert body["title"] == {"en": "Consultation", "ru": "Консультация", "kk": ""}
    assert body["parent"]["slug"] == "summit"
    assert body["start"] == {
        "date": "2025-11-01",
        "precision": "month",
        "iso": "2025-11",
        "display": {"en": "November 2025", "ru": "Ноябрь 2025 г.", "kk": "Қараша 2025 ж."},
    }
    assert body["end"]["date"] == "2025-11-30"
    assert body["end"]["iso"] == "2025-11"
    assert body["languages"] == ["ru", "kk"]
    assert body["outcomes"] == [{"text": {"en": "A declaration", "ru": "Декларация", "kk": ""}}]
    assert body["organisations"][0]["organisation"]["slug"] == "host"
    assert body["organisations"][0]["role"] == "host"
    assert body["organisations"][0]["note"]["en"] == "Venue"
    assert body["country"]["code"] == "KZ"
    assert data(client, "events/summit/")["children"][0]["slug"] == "consultation"


def test_undated_event_has_null_dates(client):
    EventFactory(slug="tba", start_date=None)

    body = data(client, "events/tba/")

    assert body["start"] is None
    assert body["end"] is None


def test_event_filters_are_the_events_pages(client, kazakhstan, kyrgyzstan):
    water = ThemeFactory(slug="water")
    upcoming = EventFactory(slug="upcoming", start_date=days(10), country=kazakhstan)
    upcoming.themes.add(water)
    EventFactory(slug="past", start_date=datetime.date(2020, 5, 5), country=kyrgyzstan)
    EventFactory(slug="tba", start_date=None, kind="forum", country=None)

    # The page's order: upcoming, then undated, then past.
    assert slugs(client, "events/") == ["upcoming", "tba", "past"]
    assert slugs(client, "events/", {"when": "upcoming"}) == ["upcoming", "tba"]
    assert slugs(client, "events/", {"when": "past"}) == ["past"]
    assert slugs(client, "events/", {"country": ["KZ", "kg"]}) == ["upcoming", "past"]
    assert slugs(client, "events/", {"kind": "forum"}) == ["tba"]
    assert slugs(client, "events/", {"theme": "water"}) == ["upcoming"]
    assert slugs(client, "events/", {"year": 2020}) == ["past"]
    assert slugs(client, "events/", {"q": "event"}) == ["upcoming", "tba", "past"]


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


def test_search_follows_the_request_language(client, one_health):
    assert slugs(client, "initiatives/", {"q": "Единое"}) == []
    response = get(client, "initiatives/", {"q": "Единое"}, accept_language="ru")
    assert [item["slug"] for item in response.json()["results"]] == ["one-health"]


# --- Pagination ------------------------------------------------------------


def test_pages_are_stable_and_do_not_overlap(client):
    # Same start and title: only the slug tells them apart.
    for index in range(7):
        make_initiative(slug=f"same-{index}", title_en="Same")

    first = data(client, "initiatives/", {"page_size": 4})
    second = data(client, "initiatives/", {"page_size": 4, "page": 2})

    listed = [item["slug"] for item in first["results"] + second["results"]]
    assert listed == [f"same-{index}" for index in range(7)]
    assert first["count"] == 7
    assert first["next"].endswith("/api/v1/initiatives/?page=2&page_size=4")
    assert second["next"] is None


# --- Bad input -------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "params", "parameter"),
    [
        ("initiatives/", {"country": "XX"}, "country"),
        ("initiatives/", {"status": "someday"}, "status"),
        ("initiatives/", {"year": "abc"}, "year"),
        ("initiatives/", {"year": "99999"}, "year"),
        ("initiatives/", {"lead": "nobody"}, "lead"),
        ("initiatives/", {"sort": "colour"}, "sort"),
        ("initiatives/", {"page_size": "100000"}, "page_size"),
        ("initiatives/", {"page_size": "0"}, "page_size"),
        ("initiatives/", {"page": "abc"}, "page"),
        ("organisations/", {"relation": "enemy"}, "relation"),
        ("organisations/", {"q": "x" * 201}, "q"),
        ("events/", {"when": "tomorrow"}, "when"),
        ("events/", {"theme": "no-such-theme"}, "theme"),
        ("events/", {"q": "nul\x00byte"}, "q"),
    ],
)
def test_bad_input_is_a_400_naming_the_parameter(client, kazakhstan, path, params, parameter):
    response = get(client, path, params)

    assert response.status_code == 400
    body = response.json()
    assert body["status"] == 400
    assert body["detail"] == "Some parameters are not valid."
    assert list(body["errors"]) == [parameter]
    assert body["errors"][parameter][0]


def test_errors_speak_the_request_language(client):
    response = get(client, "initiatives/", {"status": "someday"}, accept_language="ru")

    assert response.status_code == 400
    assert response.json()["errors"]["status"][0].startswith("Выберите корректный вариант")


@pytest.mark.parametrize(
    ("path", "detail"),
    [
        ("organisations/nobody/", "No organisation has the slug “nobody”."),
        ("events/nothing/", "No event has the slug “nothing”."),
        ("initiatives/none/", "No initiative has the slug “none”."),
        ("countries/XX/", "No country has the code “XX”."),
        ("countries/KAZ/", "No country has the code “KAZ”."),
        ("themes/none/", "No theme has the slug “none”."),
        ("initiatives/not a slug/", "No initiative has the slug “not a slug”."),
        ("initiatives/nul%00byte/", "No initiative has the slug “nul\x00byte”."),
        ("initiatives/?page=99", "Invalid page."),
        ("nowhere/", "There is nothing at this address in the API."),
        ("initiatives/a/b/c/", "There is nothing at this address in the API."),
    ],
)
def test_unknown_records_and_addresses_are_a_json_404(client, path, detail):
    response = client.get(f"/api/v1/{path}")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": 404, "detail": detail}


def test_address_without_its_slash_is_redirected_with_its_query(client):
    response = client.get("/api/v1/initiatives?country=KZ")

    assert response.status_code == 301
    assert response["Location"] == "/api/v1/initiatives/?country=KZ"


def test_api_is_read_only(client, one_health):
    for method in (client.post, client.put, client.patch, client.delete):
        response = method("/api/v1/initiatives/one-health/")
        assert response.status_code == 405
        assert response.json()["status"] == 405


# --- Conditional GET -------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["organisations/?relation=all", "events/", "initiatives/", "initiatives/one-health/"]
)
def test_unchanged_data_is_a_304(client, one_health, path):
    EventFactory()
    first = client.get(f"/api/v1/{path}")
    assert first["ETag"].startswith('W/"')
    assert first["Last-Modified"]

    by_etag = client.get(f"/api/v1/{path}", headers={"if-none-match": first["ETag"]})
    by_date = client.get(f"/api/v1/{path}", headers={"if-modified-since": first["Last-Modified"]})

    for response in (by_etag, by_date):
        assert response.status_code == 304
        assert response.content == b""
        assert response["ETag"] == first["ETag"]


def test_a_change_or_a_deletion_changes_the_etag(client, one_health):
    make_initiative(slug="other")
    first = client.get("/api/v1/initiatives/")

    one_health.save()
    changed = client.get("/api/v1/initiatives/", headers={"if-none-match": first["ETag"]})
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]

    InitiativeFactory._meta.model.objects.filter(slug="other").delete()
    deleted = client.get("/api/v1/initiatives/", headers={"if-none-match": changed["ETag"]})
    assert deleted.status_code == 200


def test_a_renamed_lead_changes_the_initiatives_etag(client, one_health):
    first = client.get("/api/v1/initiatives/one-health/")

    lead = one_health.organisations.get(slug="iucn")
    lead.name_en = "IUCN, renamed"
    lead.save()

    response = client.get(
        "/api/v1/initiatives/one-health/", headers={"if-none-match": first["ETag"]}
    )
    assert response.status_code == 200
    assert response.json()["organisations"][0]["organisation"]["name"]["en"] == "IUCN, renamed"


def test_a_status_change_overnight_moves_last_modified(client):
    initiative = make_initiative(
        slug="x", start_date=days(-3), end_date=days(-1), start_precision="day", end_precision="day"
    )
    InitiativeFactory._meta.model.objects.filter(pk=initiative.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=30)
    )

    response = client.get("/api/v1/initiatives/x/")

    # Completed since today (the day after its end), though not saved since.
    midnight = datetime.datetime.combine(
        today(), datetime.time.min, tzinfo=timezone.get_current_timezone()
    )
    assert response["Last-Modified"] == http_date(midnight.timestamp())


def test_etag_depends_on_the_query(client, one_health):
    first = client.get("/api/v1/initiatives/")
    other = client.get("/api/v1/initiatives/?status=ongoing")

    assert first["ETag"] != other["ETag"]
    response = client.get(
        "/api/v1/initiatives/?status=ongoing", headers={"if-none-match": first["ETag"]}
    )
    assert response.status_code == 200


def test_reference_data_etag_hashes_the_body(client, kazakhstan):
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


def test_head_answers_like_get(client, one_health):
    response = client.head("/api/v1/initiatives/")

    assert response.status_code == 200
    assert response["ETag"]


# --- CORS ------------------------------------------------------------------


def test_api_allows_any_origin_to_read(client, one_health):
    response = get(client, "initiatives/", origin="https://partner.example.org")

    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    assert "Access-Control-Allow-Credentials" not in response


def test_api_preflight_allows_reads_only(client):
    response = client.options(
        "/api/v1/initiatives/",
        headers={
            "origin": "https://partner.example.org",
            "access-control-request-method": "GET",
            "access-control-request-headers": "if-none-match",
        },
    )

    assert response.status_code == 200
    assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert "if-none-match" in response["Access-Control-Allow-Headers"]


def test_pages_outside_the_api_send_no_cors_headers(client):
    response = client.get("/en/initiatives/", headers={"origin": "https://partner.example.org"})

    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response


# --- Throttling ------------------------------------------------------------


def test_anonymous_clients_are_throttled(client, settings):
    settings.API_THROTTLE_RATE = "3/minute"

    statuses = [get(client, "themes/").status_code for _request in range(4)]

    assert statuses == [200, 200, 200, 429]
    response = get(client, "themes/")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert response.json()["status"] == 429
    # Others (another address) are counted apart.
    assert client.get("/api/v1/themes/", REMOTE_ADDR="10.0.0.9").status_code == 200


def test_throttle_rate_must_be_well_formed():
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={"API_THROTTLE_RATE": "lots", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
    )

    assert result.returncode != 0
    assert "API_THROTTLE_RATE must look like" in result.stderr


# --- Query counts ----------------------------------------------------------


def make_organisations(count):
    water = ThemeFactory(slug="water")
    parent = OrganisationFactory(slug="parent")
    for _index in range(count):
        organisation = OrganisationFactory(parent=parent)
        organisation.themes.add(water)
        ContactPersonFactory(organisation=organisation, is_public=True)


def make_events(count):
    host = OrganisationFactory()
    summit = EventFactory(slug="summit")
    for _index in range(count):
        event = EventFactory(parent=summit, start_date=days(5))
        event.themes.add(ThemeFactory(slug="water"))
        EventSpokenLanguageFactory(event=event)
        ExpectedOutcomeFactory(event=event)
        EventRoleFactory(event=event, organisation=host)
        EventFactory(parent=event)


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


@pytest.mark.parametrize("count", [1, 12])
def test_organisation_list_queries_do_not_grow(client, django_assert_num_queries, count):
    make_organisations(count)

    # 1. the countries (the FilterSet's country choices), 2. count, latest
    # change and the parents' latest change in one aggregate, 3. the page of
    # organisations with their country and parent, 4. their themes, 5. their
    # public contacts.
    with django_assert_num_queries(5):
        body = data(client, "organisations/", {"relation": "all"})
    assert body["count"] == count + 1


@pytest.mark.parametrize("count", [1, 12])
def test_event_list_queries_do_not_grow(client, django_assert_num_queries, count):
    make_events(count)

    # 1. the aggregate (count, latest changes of the events, their parents,
    # children and organisations, latest end passed), 2. the size of each
    # listing group (upcoming, to be dated, past: see EventListing), 3. the
    # page with country and parent, 4. themes, 5. spoken languages,
    # 6. outcomes, 7. roles with their organisations, 8. children.
    with django_assert_num_queries(8):
        body = data(client, "events/")
    assert body["count"] == 2 * count + 1


@pytest.mark.parametrize("count", [1, 12])
def test_filtered_initiative_list_queries_do_not_grow(client, django_assert_num_queries, count):
    make_initiatives(count)

    # 1. the countries, read once to validate the ?country= codes, 2. the
    # theme by its slug, 3. the aggregate, 4. the page, 5. themes, 6. country
    # shares with their countries, 7. participations with their organisations.
    with django_assert_num_queries(7):
        body = data(
            client,
            "initiatives/",
            {"country": ["KZ", "KG"], "theme": "restoration", "page_size": 200},
        )
    assert body["count"] == count


@pytest.mark.parametrize("count", [1, 12])
def test_reference_list_queries_do_not_grow(client, django_assert_num_queries, count):
    for index in range(count):
        ThemeFactory(slug=f"theme-{index}")
        CountryFactory(code=f"A{chr(65 + index)}")

    # 1. the count for the paginator, 2. the page.
    with django_assert_num_queries(2):
        data(client, "themes/")
    with django_assert_num_queries(2):
        data(client, "countries/")


@pytest.mark.parametrize("count", [1, 12])
def test_not_modified_costs_one_aggregate(client, django_assert_num_queries, count):
    make_initiatives(count)
    etag = client.get("/api/v1/initiatives/")["ETag"]

    # The aggregate alone: no record is fetched.
    with django_assert_num_queries(1):
        response = client.get("/api/v1/initiatives/", headers={"if-none-match": etag})
    assert response.status_code == 304


# --- Schema and docs -------------------------------------------------------


def test_committed_schema_matches_the_code(tmp_path):
    generated = tmp_path / "openapi.yaml"

    with translation.override("en"):
        call_command(
            "spectacular",
            "--file",
            str(generated),
            "--validate",
            "--fail-on-warn",
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )

    assert generated.read_text() == SCHEMA_FILE.read_text(), (
        "The API changed: regenerate the schema with "
        "`.venv/bin/python manage.py spectacular --file alliance/api/openapi.yaml "
        "--validate --fail-on-warn` and commit it."
    )


def test_schema_is_served(client):
    response = client.get("/api/v1/schema/", {"format": "json"})

    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/initiatives/" in schema["paths"]
    assert "/api/v1/initiatives.xml" in schema["paths"]


def test_docs_load_swagger_from_our_static_files(client):
    page = client.get("/api/v1/docs/")

    assert page.status_code == 200
    content = page.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in content
    assert "https://" not in content
    # No inline script: the page's CSP allows scripts from our origin only.
    assert "<script>" not in content
    script = client.get("/api/v1/docs/", {"script": ""})
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "/api/v1/schema/" in script.content.decode()

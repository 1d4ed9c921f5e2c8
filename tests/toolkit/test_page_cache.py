"""The page cache: anonymous readers get a stored page until staff change any content."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from tests.factories import CountryFactory, CountryShareFactory, InitiativeFactory, ThemeFactory
from toolkit.cache import content_version


@pytest.fixture(autouse=True)
def _page_cache(settings, db):
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


def list_url(language):
    with translation.override(language):
        return reverse("initiatives:list")


def test_anonymous_list_page_is_served_from_the_cache(client, django_assert_num_queries):
    InitiativeFactory(title_en="Green schools")
    first = client.get(list_url("en"))

    with django_assert_num_queries(0):
        again = client.get(list_url("en"))

    assert again.status_code == 200
    assert again.content == first.content
    assert "Green schools" in again.content.decode()


def test_each_language_is_cached_apart(client):
    InitiativeFactory(title_en="Green schools", title_ru="Зелёные школы", title_kk="Жасыл мектеп")

    pages = {
        language: client.get(list_url(language)).content.decode() for language in ["en", "ru", "kk"]
    }
    cached = {language: client.get(list_url(language)).content.decode() for language in pages}

    assert "Green schools" in cached["en"]
    assert "Зелёные школы" in cached["ru"]
    assert "Жасыл мектеп" in cached["kk"]
    assert cached == pages


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_a_model_save_refreshes_the_cached_page(client, language):
    initiative = InitiativeFactory(title_en="Old", title_ru="Старое", title_kk="Ескі")
    shown = {"en": "title_en", "ru": "title_ru", "kk": "title_kk"}[language]
    assert getattr(initiative, shown) in client.get(list_url(language)).content.decode()

    setattr(initiative, shown, "Renamed 2031")
    initiative.save()

    page = client.get(list_url(language)).content.decode()
    assert "Renamed 2031" in page


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_a_staff_edit_in_the_admin_refreshes_the_cached_page(client, admin_client, language):
    theme = ThemeFactory(slug="water", name_en="Water", name_ru="Вода", name_kk="Су")
    InitiativeFactory().themes.add(theme)
    before = client.get(list_url(language)).content.decode()
    assert {"en": "Water", "ru": "Вода", "kk": "Су"}[language] in before

    with translation.override(language):
        change = reverse("admin:common_theme_change", args=[theme.pk])
    response = admin_client.post(
        change,
        {
            "slug": "water",
            "name_en": "Water and ice",
            "name_ru": "Вода и лёд",
            "name_kk": "Су мен мұз",
            "description_en": "",
            "description_ru": "",
            "description_kk": "",
            "position": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]

    after = client.get(list_url(language)).content.decode()
    assert {"en": "Water and ice", "ru": "Вода и лёд", "kk": "Су мен мұз"}[language] in after


def test_a_new_day_draws_the_page_again(client, monkeypatch):
    # What a page says may change with the date alone (an event becomes past,
    # an initiative ongoing), with no save to make the cache stale.
    InitiativeFactory(title_en="Green schools")
    client.get(list_url("en"))
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: tomorrow)

    with CaptureQueriesContext(connection) as queries:
        again = client.get(list_url("en"))

    assert again.status_code == 200
    assert len(queries) > 0


def test_a_many_to_many_change_makes_the_cache_stale():
    initiative, theme = InitiativeFactory(), ThemeFactory()
    version = content_version()

    initiative.themes.add(theme)

    assert content_version() != version


def test_a_deletion_makes_the_cache_stale():
    initiative = InitiativeFactory()
    version = content_version()

    initiative.delete()

    assert content_version() != version


def test_a_logged_in_reader_is_never_served_from_the_cache(client, admin_client):
    InitiativeFactory(title_en="Green schools")
    client.get(list_url("en"))  # stored for anonymous readers
    admin_client.get(list_url("en"))

    with CaptureQueriesContext(connection) as queries:
        page = admin_client.get(list_url("en"))

    assert len(queries) > 0
    assert "Green schools" in page.content.decode()


def test_a_post_is_never_answered_from_the_cache(client):
    InitiativeFactory()
    assert client.get(list_url("en")).status_code == 200

    response = client.post(list_url("en"))

    assert response.status_code == 405


def test_a_reader_with_messages_waiting_is_not_served_from_the_cache(client):
    InitiativeFactory()
    client.get(list_url("en"))
    client.cookies["messages"] = "something"

    with CaptureQueriesContext(connection) as queries:
        client.get(list_url("en"))
    assert len(queries) > 0


def test_each_address_is_cached_apart(client):
    InitiativeFactory(title_en="Green schools")
    client.get(list_url("en"))

    filtered = client.get(list_url("en") + "?q=nothing-like-it")

    assert "Green schools" not in filtered.content.decode()


def test_the_cache_can_be_turned_off(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    InitiativeFactory()
    client.get(list_url("en"))

    with CaptureQueriesContext(connection) as queries:
        client.get(list_url("en"))
    assert len(queries) > 0


# --- What a page's key is made of --------------------------------------------


def page(client, address):
    response = client.get(address)
    assert response.status_code == 200
    return response.content.decode()


def from_the_cache(client, address):
    """The page, asserting that it was served from the cache (no query at all)."""
    with CaptureQueriesContext(connection) as queries:
        content = page(client, address)
    assert len(queries) == 0, [query["sql"] for query in queries]
    return content


def drawn_afresh(client, address):
    with CaptureQueriesContext(connection) as queries:
        content = page(client, address)
    assert len(queries) > 0
    return content


JUNK = "utm_source=newsletter&utm_medium=email&fbclid=IwAR0xyz&zz=random"


def test_unknown_parameters_neither_change_the_page_nor_make_an_entry(client):
    for number in range(21):  # two pages of twenty
        InitiativeFactory(title_en=f"Green schools {number:02}")
    plain = page(client, list_url("en") + "?page=2")

    with_junk = from_the_cache(client, list_url("en") + f"?page=2&{JUNK}")

    assert with_junk == plain
    # The links on it (previous page, the page in Russian and Kazakh) carry none of it.
    assert 'href="?" rel="prev"' in with_junk
    assert 'href="/ru/initiatives/?page=2"' in with_junk
    assert "utm_source" not in with_junk and "fbclid" not in with_junk


def test_a_list_with_only_unknown_parameters_is_the_plain_list(client):
    InitiativeFactory(title_en="Green schools")
    plain = page(client, list_url("en"))

    assert from_the_cache(client, list_url("en") + f"?{JUNK}") == plain


def test_parameter_order_repeats_and_empty_ones_make_one_entry(client):
    kazakhstan = CountryFactory(code="KZ")
    kyrgyzstan = CountryFactory(code="KG")
    CountryShareFactory(initiative=InitiativeFactory(title_en="Steppe"), country=kazakhstan)
    CountryShareFactory(initiative=InitiativeFactory(title_en="Mountains"), country=kyrgyzstan)
    InitiativeFactory(title_en="Elsewhere")
    first = page(client, list_url("en") + "?country=KZ&country=KG&sort=budget")

    # As a submitted filter form sends it: every field, most of them empty.
    same = from_the_cache(
        client,
        list_url("en") + "?sort=budget&q=&status=&country=KG&country=KZ&country=KG&year=&lead=",
    )

    assert same == first
    assert "Steppe" in same and "Mountains" in same and "Elsewhere" not in same


@pytest.mark.parametrize(
    "query",
    [
        "country=kz",  # accepted, but KZ is how the filter writes it
        "year=02025",  # likewise 2025
        "page=999",  # shows the last page
        "page=abc",  # shows the first page
        "country=XX",  # not valid: the form says so
        "q=green",  # free text: no bound on its values
    ],
)
def test_only_the_one_canonical_address_of_a_page_is_stored(client, query):
    CountryShareFactory(initiative=InitiativeFactory(title_en="Green"), country=CountryFactory())
    first = page(client, list_url("en") + f"?{query}")

    again = drawn_afresh(client, list_url("en") + f"?{query}")

    assert again == first


def test_the_canonical_address_is_stored(client):
    CountryShareFactory(
        initiative=InitiativeFactory(title_en="Green"), country=CountryFactory(code="KZ")
    )
    first = page(client, list_url("en") + "?country=KZ&year=2025")

    assert from_the_cache(client, list_url("en") + "?year=2025&country=KZ") == first
    assert "Green" in first


def test_a_detail_page_takes_no_parameters(client):
    initiative = InitiativeFactory(title_en="Green schools")
    plain = page(client, initiative.get_absolute_url())

    with_parameters = from_the_cache(
        client, initiative.get_absolute_url() + f"?page=3&country=KZ&{JUNK}"
    )

    assert with_parameters == plain
    assert "Green schools" in plain

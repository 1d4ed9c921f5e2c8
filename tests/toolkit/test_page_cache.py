"""The page cache: anonymous readers get a stored page until staff change any content."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from tests.factories import InitiativeFactory, ThemeFactory
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

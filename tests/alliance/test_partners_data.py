"""The "Data for partners" page: every door to the data, its filters, the terms, links to it."""

import pytest
from django.urls import reverse
from django.utils import translation

from common.models import AllianceProfile
from tests.admin_helpers import admin_url
from tests.factories import (
    AllianceProfileFactory,
    CountryFactory,
    InitiativeFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "ru", "kk"]
HEADINGS = {
    "en": "Data for partners",
    "ru": "Данные для партнёров",
    "kk": "Серіктестерге арналған деректер",
}
NO_TERMS = {
    "en": "The alliance has not published terms for reusing these data yet.",
    "ru": "Альянс ещё не опубликовал условия повторного использования этих данных.",
    "kk": "Альянс бұл деректерді қайта пайдалану шарттарын әлі жарияламаған.",
}


def url_in(language, name):
    with translation.override(language):
        return reverse(name)


@pytest.fixture
def catalogue():
    kazakhstan = CountryFactory(
        code="KZ", name_en="Kazakhstan", name_ru="Казахстан", name_kk="Қазақстан"
    )
    CountryFactory(code="KG", name_en="Kyrgyzstan", name_ru="Кыргызстан", name_kk="Қырғызстан")
    ThemeFactory(
        slug="climate-education", name_en="Climate education", name_ru="Климатическое образование"
    )
    InitiativeFactory.create_batch(3)
    return AllianceProfileFactory(), kazakhstan


@pytest.mark.parametrize("language", LANGUAGES)
def test_partners_data_links_every_door_in_each_language(client, catalogue, language):
    response = client.get(f"/{language}/data/")

    content = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{language}">' in content
    assert f"<h1>{HEADINGS[language]}</h1>" in content
    for door in ("/api/v1/", "/api/v1/docs/", "/api/v1/schema/", "/api/v1/initiatives.xml"):
        assert f'href="{door}"' in content
    # The exports and calendars of the reader's language, and a filtered example of each.
    assert f'href="/{language}/initiatives/export.csv"' in content
    assert f'href="/{language}/events/calendar.ics"' in content
    assert 'href="/api/v1/initiatives/?country=KZ&amp;country=KG"' in content
    assert f'href="/{language}/events/calendar.ics?when=upcoming"' in content
    # The values the filters take: country codes and theme slugs, named in the reader's language.
    name = {"en": "Kazakhstan", "ru": "Казахстан", "kk": "Қазақстан"}[language]
    assert f"<tr><td><code>KZ</code></td><td>{name}</td></tr>" in content
    assert "<code>climate-education</code>" in content
    # The API's limits, as configured.
    assert "1000" in content


def test_partners_data_states_the_api_limit_that_is_configured(client, catalogue, settings):
    settings.API_THROTTLE_RATE = "60/minute"

    content = client.get("/en/data/").content.decode()

    assert "60 requests per minute per client address." in content


@pytest.mark.parametrize("language", LANGUAGES)
def test_partners_data_says_no_terms_are_published_until_staff_write_them(
    client, catalogue, language
):
    content = client.get(f"/{language}/data/").content.decode()

    assert NO_TERMS[language] in content
    # No licence is suggested while none is stated.
    for invented in ("Creative Commons", "CC BY", "CC0", "Open Database License"):
        assert invented not in content


def test_partners_data_shows_the_terms_staff_wrote_in_the_readers_language(client, catalogue):
    profile, _kazakhstan = catalogue
    profile.data_terms_en = "Reuse freely, naming TsAKO as the source: https://example.org/terms"
    profile.data_terms_ru = "Используйте свободно, указывая ЦАКО как источник."
    profile.save()

    english = client.get("/en/data/").content.decode()
    russian = client.get("/ru/data/").content.decode()
    kazakh = client.get("/kk/data/").content.decode()

    assert "Reuse freely, naming TsAKO as the source" in english
    assert '<a href="https://example.org/terms"' in english
    assert NO_TERMS["en"] not in english
    assert "Используйте свободно, указывая ЦАКО как источник." in russian
    # No Kazakh text yet: the Russian one, with a word that it is not translated.
    assert "Используйте свободно" in kazakh
    assert 'class="notice" role="note"' in kazakh
    assert NO_TERMS["kk"] not in kazakh


def test_partners_data_terms_are_edited_in_the_admin_in_three_languages(admin_client):
    profile = AllianceProfileFactory()

    response = admin_client.get(admin_url(AllianceProfile, "change", "en", profile.pk))

    content = response.content.decode()
    for language in LANGUAGES:
        assert f'name="data_terms_{language}"' in content


@pytest.mark.parametrize("language", LANGUAGES)
def test_partners_data_links_the_feeds_and_the_alerts(client, catalogue, language):
    content = client.get(f"/{language}/data/").content.decode()

    for name in ("initiatives:feed", "events:feed", "alerts:initiatives", "alerts:events"):
        assert f'href="{url_in(language, name)}' in content
    assert f'href="{url_in(language, "initiatives:feed")}?country=KZ"' in content


@pytest.mark.parametrize("language", LANGUAGES)
def test_partners_data_query_count_is_bounded(
    client, catalogue, language, django_assert_max_num_queries
):
    CountryFactory.create_batch(10)
    ThemeFactory.create_batch(10)
    # The profile, the countries (cached after), the themes.
    with django_assert_max_num_queries(3):
        client.get(f"/{language}/data/")


@pytest.mark.parametrize(
    "path",
    ["/en/", "/ru/initiatives/", "/kk/events/", "/en/no-such-page/"],
)
def test_partners_data_is_linked_from_every_pages_footer(client, catalogue, path):
    content = client.get(path).content.decode()

    footer = content[content.index('<footer class="site-footer">') :]
    assert f'href="/{path.split("/")[1]}/data/"' in footer


@pytest.mark.parametrize("language", LANGUAGES)
def test_partners_data_is_linked_from_the_initiatives_list(client, catalogue, language):
    content = client.get(f"/{language}/initiatives/").content.decode()

    main = content[content.index("<main") : content.index("</main>")]
    assert f'href="/{language}/data/"' in main


def test_partners_data_is_in_the_sitemap_in_three_languages(client, catalogue):
    content = client.get("/sitemap-sections.xml").content.decode()

    for language in LANGUAGES:
        assert f"<loc>http://testserver/{language}/data/</loc>" in content

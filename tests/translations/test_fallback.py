"""Readers fall back in an order that makes sense for them, and are told in which language.

kk → ru → en, ru → kk → en, en → ru → kk (settings.MODELTRANSLATION_FALLBACK_LANGUAGES).
A text shown in another language carries that language's `lang` attribute and
"(in Russian)" in the reader's language, on cards and on detail pages, at a
query count that does not grow with the records.
"""

import re

import pytest
from django.utils import translation
from modeltranslation.utils import resolution_order

from tests.factories import (
    CountryFactory,
    EventFactory,
    ExpectedOutcomeFactory,
    InitiativeFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "order"),
    [("kk", ("kk", "ru", "en")), ("ru", ("ru", "kk", "en")), ("en", ("en", "ru", "kk"))],
)
def test_fallback_order_per_reader(language, order):
    assert tuple(resolution_order(language)) == order


def russian_only_member():
    return OrganisationFactory(
        slug="zelenaya-step",
        source_language="ru",
        name_en="",
        name_ru="Зелёная степь",
        name_kk="",
        description_en="",
        description_ru="Учим детей беречь степь.",
        mission_en="",
    )


def page(client, language, url):
    with translation.override(language):
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(("language", "mark"), [("en", "(in Russian)"), ("kk", "(орыс тілінде)")])
def test_fallback_profile_says_which_language_with_lang_attributes(client, language, mark):
    organisation = russian_only_member()
    with translation.override(language):
        url = organisation.get_absolute_url()

    html = page(client, language, url)

    h1 = re.search(r"<h1>(.*?)</h1>", html, re.S).group(1)
    assert '<span lang="ru">Зелёная степь</span>' in h1
    assert f'<small class="in-language" lang="{language}">{mark}</small>' in h1
    assert '<div lang="ru"><p>Учим детей беречь степь.</p></div>' in html


def test_fallback_russian_reader_sees_russian_without_a_mark(client):
    organisation = russian_only_member()
    with translation.override("ru"):
        html = page(client, "ru", organisation.get_absolute_url())

    assert "<h1>Зелёная степь</h1>" in html
    assert "in-language" not in html


def test_fallback_russian_reader_sees_kazakh_before_english(client):
    organisation = OrganisationFactory(
        source_language="kk", name_en="Green Steppe", name_ru="", name_kk="Жасыл дала"
    )
    with translation.override("ru"):
        html = page(client, "ru", organisation.get_absolute_url())

    assert '<span lang="kk">Жасыл дала</span>' in html
    assert "(на казахском)" in html


def test_fallback_marks_on_cards_and_event_and_initiative_pages(client):
    event = EventFactory(
        source_language="kk", title_en="", title_ru="", title_kk="Климат форумы", summary_en=""
    )
    ExpectedOutcomeFactory(event=event, text_en="", text_kk="Жол картасы")
    initiative = InitiativeFactory(
        source_language="ru", title_en="", title_ru="Степь", summary_en="", summary_ru="Кратко."
    )
    with translation.override("en"):
        event_page = page(client, "en", event.get_absolute_url())
        initiative_page = page(client, "en", initiative.get_absolute_url())
        events_list = page(client, "en", "/en/events/")

    assert (
        '<span lang="kk">Климат форумы</span> <small class="in-language" lang="en">(in Kazakh)'
        in event_page
    )
    assert '<li><span lang="kk">Жол картасы</span>' in event_page
    assert '<span lang="ru">Степь</span>' in initiative_page
    assert '<span lang="ru">Кратко.</span>' in initiative_page
    assert '<span lang="kk">Климат форумы</span>' in events_list


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
@pytest.mark.parametrize("size", [3, 25])
def test_fallback_directory_query_count_does_not_grow(
    client, django_assert_num_queries, language, size
):
    country = CountryFactory()
    for index in range(size):
        source = ["en", "ru", "kk"][index % 3]
        OrganisationFactory(
            country=country,
            source_language=source,
            **{
                f"name_{code}": (f"Name {index} {code}" if code == source else "")
                for code in ["en", "ru", "kk"]
            },
        )

    # As tests/members/test_pages.py counts it: the marks read the rows' own columns.
    with django_assert_num_queries(10):
        html = page(client, language, f"/{language}/members/")
    # Two records in three are written in another language than the reader's.
    assert html.count('class="in-language"') >= min(size, 20) // 3

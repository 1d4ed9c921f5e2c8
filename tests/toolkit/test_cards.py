"""List cards: drawn once per record and language, drawn again when content or the day changes."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone, translation

from initiatives.models import ParticipationRole
from tests.factories import (
    EventFactory,
    InitiativeFactory,
    OrganisationFactory,
    ParticipationFactory,
    ThemeFactory,
)


@pytest.fixture(autouse=True)
def _cold_cache(settings, db):
    # The page cache off, so each request draws its page from the cards.
    settings.PAGE_CACHE_SECONDS = 0
    cache.clear()
    yield
    cache.clear()


def page(client, name, language="en", **query):
    with translation.override(language):
        response = client.get(reverse(name), query)
    assert response.status_code == 200
    return response.content.decode()


def test_a_card_is_drawn_once_for_every_page_that_shows_it(client, django_assert_num_queries):
    lead = OrganisationFactory(name_en="Green Steppe Fund")
    initiative = InitiativeFactory(title_en="Clean rivers")
    ParticipationFactory(initiative=initiative, organisation=lead, role=ParticipationRole.LEAD)
    first = page(client, "initiatives:list")

    # The same card on another page (sorted, say): no query for its lead or
    # countries. What is left: the count with the totals, the page's rows, the
    # themes to choose from (the country, lead and funder choices are cached too).
    with django_assert_num_queries(3):
        again = page(client, "initiatives:list", sort="start")

    assert "Green Steppe Fund" in first
    assert cards(first) == cards(again)


def cards(content):
    """The list's cards, not the links after them (which carry the sort)."""
    return content.split('<ul class="cards">')[1].split('<ul class="list-links">')[0]


def test_renaming_what_a_card_names_draws_it_again(client):
    lead = OrganisationFactory(name_en="Green Steppe Fund")
    initiative = InitiativeFactory(title_en="Clean rivers")
    ParticipationFactory(initiative=initiative, organisation=lead, role=ParticipationRole.LEAD)
    assert "Green Steppe Fund" in page(client, "initiatives:list")

    # Staff rename the lead: a save in another model than the card's own.
    lead.name_en = "Blue Steppe Fund"
    lead.save()

    content = page(client, "initiatives:list")
    assert "Blue Steppe Fund" in content
    assert "Green Steppe Fund" not in content


@pytest.mark.parametrize(
    ("language", "title"), [("en", "Clean rivers"), ("ru", "Чистые реки"), ("kk", "Таза өзендер")]
)
def test_each_language_has_its_own_cards(client, language, title):
    InitiativeFactory(title_en="Clean rivers", title_ru="Чистые реки", title_kk="Таза өзендер")
    for other in ("en", "ru", "kk"):
        page(client, "initiatives:list", other)

    assert title in page(client, "initiatives:list", language)


def test_a_card_says_ongoing_once_its_start_has_come(client, monkeypatch):
    today = timezone.localdate()
    InitiativeFactory(
        title_en="Clean rivers",
        start_date=today + datetime.timedelta(days=1),
        start_precision="day",
        end_date=today + datetime.timedelta(days=1),
        end_precision="day",
    )
    assert "Planned" in page(client, "initiatives:list")

    tomorrow = today + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: tomorrow)

    content = page(client, "initiatives:list")
    assert "Ongoing" in content
    assert "Planned" not in content.split('<ul class="cards">')[1]


def test_member_cards_differ_by_the_relation_listed(client):
    OrganisationFactory(name_en="Steppe Partner", relation="partner")

    partners = page(client, "members:list", relation="partner")
    everyone = page(client, "members:list", relation="all")

    # "Partner" is said on a card only where other relations are listed too.
    card = '<h3><a href="/en/members/'
    assert card in partners and card in everyone
    assert "· Partner" in everyone.split('<ul class="cards">')[1]


def test_event_cards_show_their_themes_and_are_grouped(client):
    theme = ThemeFactory(name_en="Glaciers")
    event = EventFactory(title_en="Glacier forum", start_date=None, end_date=None)
    event.themes.add(theme)

    content = page(client, "events:list")

    assert "Glacier forum" in content
    assert "<li>Glaciers</li>" in content

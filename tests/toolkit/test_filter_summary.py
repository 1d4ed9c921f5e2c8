"""What a list's filters ask, value by value: the phone's summary, its chips and #results.

The summary and chips come from toolkit.filter_summary on each list's own
FilterSet; the pages show them (includes/filter_panel.html, active_filters.html)
in en, ru and kk.
"""

import re
from html import unescape

import pytest
from django.http import QueryDict
from django.urls import reverse
from django.utils import translation

from events.filters import EventFilter
from initiatives.filters import InitiativeFilter
from initiatives.models import ParticipationRole
from members.filters import OrganisationFilter
from members.models import OrganisationKind, Relation
from tests.factories import (
    CountryFactory,
    EventFactory,
    InitiativeFactory,
    OrganisationFactory,
    ParticipationFactory,
    ThemeFactory,
)
from tests.public_pages import LANGUAGES
from toolkit.filter_summary import summarise

pytestmark = pytest.mark.django_db

PATH = "/en/initiatives/"


KAZAKHSTAN = {"en": "Kazakhstan", "ru": "Казахстан", "kk": "Қазақстан"}
KYRGYZSTAN = {"en": "Kyrgyzstan", "ru": "Кыргызстан", "kk": "Қырғызстан"}
WATER = {
    "en": "Water cooperation",
    "ru": "Водное сотрудничество",
    "kk": "Су саласындағы ынтымақтастық",
}


def names(field, texts):
    """{"name_en": ..., "name_ru": ..., "name_kk": ...} for a factory."""
    return {f"{field}_{language}": text for language, text in texts.items()}


@pytest.fixture
def countries():
    return {
        "KZ": CountryFactory(code="KZ", **names("name", KAZAKHSTAN)),
        "KG": CountryFactory(code="KG", **names("name", KYRGYZSTAN)),
    }


@pytest.fixture
def water():
    return ThemeFactory(slug="water", **names("name", WATER))


def summary_of(filterset_class, query, count=3, path=PATH):
    query = QueryDict(query)
    return summarise(filterset_class(query), query, path, count)


def chips(summary):
    return [(chip.text, chip.url) for chip in summary.chips]


def query_of(url):
    """The parameters of a chip's address, as {name: [values]}; it must end at the results."""
    assert url.endswith("#results"), url
    address = url.removesuffix("#results")
    return dict(QueryDict(address.partition("?")[2]).lists())


# --- The summary of a FilterSet --------------------------------------------------


def test_each_value_is_a_chip_whose_address_drops_that_value_alone(countries, water):
    summary = summary_of(
        InitiativeFilter, "country=kg&country=KZ&theme=water&q=&sort=name&page=3&year="
    )

    assert summary.valid
    # In the form's order (Kazakhstan first), whatever the address's.
    assert [chip.text for chip in summary.chips] == [
        "Kazakhstan",
        "Kyrgyzstan",
        "Water cooperation",
    ]
    assert summary.text == "Kazakhstan, Kyrgyzstan, Water cooperation"
    without_kz, without_kg, without_water = (query_of(chip.url) for chip in summary.chips)
    # One value gone, every other kept (the order too); no page, no empty parameter.
    assert without_kz == {"country": ["KG"], "theme": ["water"], "sort": ["name"]}
    assert without_kg == {"country": ["KZ"], "theme": ["water"], "sort": ["name"]}
    assert without_water == {"country": ["kg", "KZ"], "sort": ["name"]}
    assert all(chip.url.startswith(f"{PATH}?") for chip in summary.chips)
    assert summary.clear_url == f"{PATH}#results"
    assert summary.count == 3


def test_the_last_chip_leads_to_the_bare_list_at_its_results(countries):
    summary = summary_of(InitiativeFilter, "country=KZ&page=2")

    assert chips(summary) == [("Kazakhstan", f"{PATH}#results")]


def test_a_value_that_does_not_say_its_filter_is_named_with_it(countries):
    """A search, a year and an organisation (which may lead or fund) carry their filter's label."""
    lead = OrganisationFactory(slug="undp", name_en="UNDP")
    funder = OrganisationFactory(slug="gef", name_en="GEF")
    ParticipationFactory(organisation=lead, role=ParticipationRole.LEAD)
    ParticipationFactory(organisation=funder, role=ParticipationRole.FUNDER)

    summary = summary_of(
        InitiativeFilter,
        "q=water&year=2025&lead=undp&funder=gef&status=ongoing&regional=exclude",
    )

    assert [chip.text for chip in summary.chips] == [
        "Search: water",
        "Only country-specific initiatives",
        "Ongoing",
        "Year: 2025",
        "Led by: UNDP",
        "Funded by: GEF",
    ]
    assert query_of(summary.chips[4].url) == {
        "q": ["water"],
        "year": ["2025"],
        "funder": ["gef"],
        "status": ["ongoing"],
        "regional": ["exclude"],
    }


def test_a_choice_the_list_shows_anyway_is_no_chip(countries):
    """The directory lists members and events lists all events when not told otherwise."""
    assert summary_of(OrganisationFilter, "relation=member&sort=country").chips == []
    assert summary_of(EventFilter, "when=all").chips == []
    assert [chip.text for chip in summary_of(OrganisationFilter, "relation=partner").chips] == [
        "Partners"
    ]
    assert [chip.text for chip in summary_of(EventFilter, "when=past&kind=forum").chips] == [
        "Past",
        "Forum",
    ]


def test_wrong_filters_give_no_chip_and_say_so(countries):
    summary = summary_of(InitiativeFilter, "country=XX&theme=nothing")

    assert not summary.valid
    assert summary.chips == []
    assert summary.count == 0


def test_chips_in_russian_name_values_in_russian(countries, water):
    with translation.override("ru"):
        summary = summary_of(InitiativeFilter, "country=KZ&theme=water&q=вода")

    assert summary.text == "Поиск: вода, Казахстан, Водное сотрудничество"


# --- The pages -------------------------------------------------------------------


def make_lists(countries, water):
    kazakh = OrganisationFactory(
        slug="kazakh-ngo", country=countries["KZ"], kind=OrganisationKind.NGO
    )
    kazakh.themes.add(water)
    OrganisationFactory(slug="kyrgyz-ngo", country=countries["KG"], relation=Relation.MEMBER)
    initiative = InitiativeFactory(slug="water-kz")
    initiative.country_shares.create(country=countries["KZ"])
    initiative.themes.add(water)
    InitiativeFactory(slug="elsewhere")
    event = EventFactory(slug="water-forum", country=countries["KZ"])
    event.themes.add(water)
    EventFactory(slug="elsewhere", country=countries["KG"])


RESULT = {"en": "1 result", "ru": "1 результат", "kk": "1 нәтиже"}
FILTERS = {"en": "Filters", "ru": "Фильтры", "kk": "Сүзгілер"}
REMOVE = {"en": "Remove filter: {}", "ru": "Убрать фильтр: {}", "kk": "Сүзгіні алып тастау: {}"}


def words(html):
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", ["initiatives", "events", "members"])
def test_a_filtered_list_says_what_it_asks_and_lands_at_the_results(
    client, countries, water, name, language
):
    make_lists(countries, water)
    with translation.override(language):
        path = reverse(f"{name}:list")
    response = client.get(path, {"country": "KZ", "theme": "water"})
    page = response.content.decode()

    # The summary: the values in words, and the count.
    summary = re.search(r'<details class="filter-panel">\s*<summary>(.*?)</summary>', page, re.S)
    assert summary, "the panel is closed, with a summary"
    assert words(summary.group(1)) == (
        f"{FILTERS[language]} {KAZAKHSTAN[language]}, {WATER[language]} · {RESULT[language]}"
    )
    # Each value a chip that removes it alone, landing at the results.
    country_chip = (
        f'<a href="{path}?theme=water#results" '
        f'aria-label="{REMOVE[language].format(KAZAKHSTAN[language])}">'
    )
    theme_chip = (
        f'<a href="{path}?country=KZ#results" '
        f'aria-label="{REMOVE[language].format(WATER[language])}">'
    )
    assert country_chip in page
    assert theme_chip in page
    # The form and the other ways out land at the results heading, which takes focus.
    assert f'action="{path}#results"' in page
    assert f'<a href="{path}#results">' in page  # clear the filters
    assert page.count('id="results" tabindex="-1"') == 1


@pytest.mark.parametrize("name", ["initiatives", "events", "members"])
def test_a_bare_list_says_no_filter_is_chosen(client, countries, water, name):
    make_lists(countries, water)

    page = client.get(reverse(f"{name}:list")).content.decode()

    summary = re.search(r"<summary>(.*?)</summary>", page, re.S)
    assert re.fullmatch(r"Filters none chosen · \d results?", words(summary.group(1)))
    assert 'class="chips"' not in page
    assert 'id="results" tabindex="-1"' in page


@pytest.mark.parametrize("name", ["initiatives", "events", "members"])
def test_a_wrong_filter_opens_the_panel(client, countries, name):
    page = client.get(reverse(f"{name}:list"), {"country": "XX"}).content.decode()

    assert '<details class="filter-panel" open>' in page
    assert "Filters some are not valid" in words(
        re.search(r"<summary>(.*?)</summary>", page, re.S).group(1)
    )
    assert 'class="chips"' not in page

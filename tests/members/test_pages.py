"""The member directory, with its filters and facet counts, the profile pages and the sitemap."""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from events.models import EventParticipationRole
from initiatives.models import ParticipationRole
from members.models import OrganisationKind, Relation
from tests.facet_helpers import boxes, labels
from tests.factories import (
    ContactPersonFactory,
    CountryFactory,
    EventFactory,
    EventParticipationFactory,
    InitiativeFactory,
    OrganisationFactory,
    ParticipationFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "ru", "kk"]

# One organisation named in each language.
NAMES = {"en": "Little Earth", "ru": "Маленькая Земля", "kk": "Кішкентай Жер"}


# --- Local helpers ---------------------------------------------------------


@pytest.fixture(autouse=True)
def _english_by_default():
    """Each request activates its page's language; tests build URLs in English."""
    with translation.override("en"):
        yield


def list_url(language="en"):
    with translation.override(language):
        return reverse("members:list")


def get_list(client, language="en", **params):
    return client.get(list_url(language), params)


def profile_url(organisation, language="en"):
    with translation.override(language):
        return organisation.get_absolute_url()


def slugs(response):
    """The organisations on the page, in order."""
    return [organisation.slug for organisation in response.context["page_obj"].object_list]


def text(response):
    return response.content.decode()


def heading(response):
    """The results heading: '3 members'."""
    match = re.search(r'<h2 id="results" tabindex="-1">(.*?)</h2>', text(response), re.S)
    return match.group(1).strip()


def errors(response):
    """The error messages the filter form shows, as plain text."""
    return " ".join(
        str(message) for field in response.context["filter"].errors.values() for message in field
    )


def make_countries():
    return {
        "KZ": CountryFactory(code="KZ", name_en="Kazakhstan", name_ru="Казахстан"),
        "KG": CountryFactory(code="KG", name_en="Kyrgyzstan", name_ru="Кыргызстан"),
        "TJ": CountryFactory(code="TJ", name_en="Tajikistan", name_ru="Таджикистан"),
    }


def make_full_organisations(count, country=None, theme=None):
    """`count` members, each with a country and two themes: what a card shows."""
    country = country or CountryFactory(code="KZ")
    themes = [theme or ThemeFactory(slug="education"), ThemeFactory(slug="water")]
    organisations = []
    for _index in range(count):
        organisation = OrganisationFactory(country=country, city_en="Almaty")
        organisation.themes.set(themes)
        organisations.append(organisation)
    return organisations


# --- The directory in each language ----------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_directory_in_each_language_shows_names_in_that_language(client, language):
    OrganisationFactory(
        slug="little-earth", name_en=NAMES["en"], name_ru=NAMES["ru"], name_kk=NAMES["kk"]
    )

    response = get_list(client, language)

    assert response.status_code == 200
    assert f'<html lang="{language}">' in text(response)
    assert NAMES[language] in text(response)
    other_names = [name for code, name in NAMES.items() if code != language]
    assert not any(name in text(response) for name in other_names)
    assert f'href="/{language}/members/little-earth/"' in text(response)
    assert text(response).count("<h1>") == 1


def test_directory_kazakh_reader_sees_russian_name_when_kazakh_is_missing(client):
    OrganisationFactory(name_en="Little Earth", name_ru="Маленькая Земля", name_kk="")

    response = get_list(client, "kk")

    assert "Маленькая Земля" in text(response)


def test_directory_card_shows_the_organisation(client):
    kazakhstan = CountryFactory(code="KZ", name_en="Kazakhstan")
    organisation = OrganisationFactory(
        name_en="Ecological Society Green Salvation",
        short_name_en="Green Salvation",
        kind=OrganisationKind.PUBLIC_FOUNDATION,
        country=kazakhstan,
        city_en="Almaty",
        founded_year=1990,
    )
    organisation.themes.set([ThemeFactory(name_en="Water"), ThemeFactory(name_en="Climate")])

    response = get_list(client)

    page = text(response)
    link = f'<a href="{organisation.get_absolute_url()}">Ecological Society Green Salvation</a>'
    assert link in page
    assert "<p>Green Salvation</p>" in page
    assert "Public foundation · Almaty, Kazakhstan · founded in 1990" in page
    assert "<li>Water</li>" in page
    assert "<li>Climate</li>" in page
    assert heading(response) == "1 member"


# --- Search ----------------------------------------------------------------


def test_search_finds_english_name(client):
    OrganisationFactory(slug="little-earth", name_en="Little Earth")
    OrganisationFactory(slug="other", name_en="Youth Network")

    response = get_list(client, q="little")

    assert slugs(response) == ["little-earth"]
    assert heading(response) == "1 member"
    assert 'value="little"' in text(response)


def test_search_finds_name_in_current_language(client):
    OrganisationFactory(slug="little-earth", name_en="Little Earth", name_ru="Маленькая Земля")
    OrganisationFactory(slug="other", name_en="Youth Network", name_ru="Молодёжная сеть")

    response = get_list(client, "ru", q="Земля")

    assert slugs(response) == ["little-earth"]
    assert "Маленькая Земля" in text(response)


def test_search_from_russian_page_finds_english_text(client):
    OrganisationFactory(slug="little-earth", name_en="Little Earth", name_ru="Маленькая Земля")

    response = get_list(client, "ru", q="Little")

    assert slugs(response) == ["little-earth"]


def test_search_finds_a_record_written_in_kazakh_alone_for_an_english_reader(client):
    # A record may be written in any one language: an English reader is shown Russian,
    # then Kazakh, when there is no English (en → ru → kk), and can search for it.
    OrganisationFactory(
        slug="youth", source_language="kk", name_en="", name_ru="", name_kk="Жастар"
    )

    response = get_list(client, "en", q="Жастар")

    assert slugs(response) == ["youth"]


def test_search_covers_short_name_mission_and_description(client):
    OrganisationFactory(slug="acronym", short_name_en="CAREC")
    OrganisationFactory(slug="mission", mission_en="Restore the Aral Sea basin.")
    OrganisationFactory(slug="description", description_en="Runs glacier monitoring.")
    OrganisationFactory(slug="none", description_en="Something else.", mission_en="Nothing.")

    assert slugs(get_list(client, q="carec")) == ["acronym"]
    assert slugs(get_list(client, q="aral")) == ["mission"]
    assert slugs(get_list(client, q="glacier")) == ["description"]


# --- Country, kind, theme ----------------------------------------------------


def test_country_filter_single_code(client):
    countries = make_countries()
    OrganisationFactory(slug="kz", country=countries["KZ"])
    OrganisationFactory(slug="kg", country=countries["KG"])

    response = get_list(client, country="KZ")

    assert slugs(response) == ["kz"]
    assert 'value="KZ" id="id_country_' in text(response)
    assert re.search(r'value="KZ" id="id_country_\d" checked', text(response))


def test_country_filter_repeated_codes_are_combined(client):
    countries = make_countries()
    OrganisationFactory(slug="kz", country=countries["KZ"])
    OrganisationFactory(slug="kg", country=countries["KG"])
    OrganisationFactory(slug="tj", country=countries["TJ"])

    response = client.get(list_url(), {"country": ["KZ", "KG"]})

    assert sorted(slugs(response)) == ["kg", "kz"]
    assert heading(response) == "2 members"


def test_country_filter_lower_case_code(client):
    countries = make_countries()
    OrganisationFactory(slug="kz", country=countries["KZ"])
    OrganisationFactory(slug="kg", country=countries["KG"])

    response = get_list(client, country="kg")

    assert slugs(response) == ["kg"]
    assert errors(response) == ""


def test_kind_filter(client):
    OrganisationFactory(slug="school", kind=OrganisationKind.SCHOOL)
    OrganisationFactory(slug="ngo", kind=OrganisationKind.NGO)

    response = get_list(client, kind="school")

    assert slugs(response) == ["school"]
    assert boxes(text(response), "kind")["school"] == ("School (1)", True, False)


def test_kind_filter_takes_several_kinds(client):
    OrganisationFactory(slug="school", kind=OrganisationKind.SCHOOL)
    OrganisationFactory(slug="ngo", kind=OrganisationKind.NGO)
    OrganisationFactory(slug="university", kind=OrganisationKind.UNIVERSITY)

    response = get_list(client, kind=["school", "ngo"])

    assert sorted(slugs(response)) == ["ngo", "school"]


def test_theme_filter_by_slug(client):
    water = ThemeFactory(slug="water", name_en="Water")
    with_theme = OrganisationFactory(slug="with-theme")
    with_theme.themes.set([water, ThemeFactory(slug="air")])
    OrganisationFactory(slug="without-theme")

    response = get_list(client, theme="water")

    assert slugs(response) == ["with-theme"]
    assert boxes(text(response), "theme")["water"] == ("Water (1)", True, False)


def test_filters_combine(client):
    countries = make_countries()
    OrganisationFactory(slug="kz-school", country=countries["KZ"], kind=OrganisationKind.SCHOOL)
    OrganisationFactory(slug="kz-ngo", country=countries["KZ"], kind=OrganisationKind.NGO)
    OrganisationFactory(slug="kg-school", country=countries["KG"], kind=OrganisationKind.SCHOOL)

    response = get_list(client, country="KZ", kind="school")

    assert slugs(response) == ["kz-school"]


# --- Relation: members by default --------------------------------------------


def make_relations():
    OrganisationFactory(slug="member", relation=Relation.MEMBER)
    OrganisationFactory(slug="partner", relation=Relation.PARTNER)
    OrganisationFactory(slug="funder", relation=Relation.OTHER)


def test_relation_default_lists_members_only(client):
    make_relations()

    response = get_list(client)

    assert slugs(response) == ["member"]
    assert heading(response) == "1 member"
    # The default is visible: the form shows "Members" chosen.
    assert '<option value="member" selected>Members (1)</option>' in text(response)


def test_relation_partner_lists_partners(client):
    make_relations()

    response = get_list(client, relation="partner")

    assert slugs(response) == ["partner"]
    assert heading(response) == "1 partner"
    assert "· Partner" in text(response)


def test_relation_all_lists_every_organisation(client):
    make_relations()

    response = get_list(client, relation="all")

    assert sorted(slugs(response)) == ["funder", "member", "partner"]
    assert heading(response) == "3 organisations"
    assert '<option value="all" selected>All organisations (3)</option>' in text(response)


def test_relation_empty_means_the_default(client):
    make_relations()

    response = get_list(client, relation="")

    assert slugs(response) == ["member"]


# --- Sort ----------------------------------------------------------------------


def make_sortable():
    countries = make_countries()
    OrganisationFactory(slug="b", name_en="Bravo", country=countries["KZ"], founded_year=2000)
    OrganisationFactory(slug="a", name_en="alpha", country=countries["TJ"], founded_year=2010)
    OrganisationFactory(slug="c", name_en="Charlie", country=countries["KG"], founded_year=None)


def test_sort_default_is_by_name_ignoring_case(client):
    make_sortable()

    response = get_list(client)

    assert slugs(response) == ["a", "b", "c"]
    assert '<option value="name" selected>' in text(response)


def test_sort_newest_founding_year_first_undated_last(client):
    make_sortable()

    assert slugs(get_list(client, sort="newest")) == ["a", "b", "c"]


def test_sort_oldest_founding_year_first_undated_last(client):
    make_sortable()

    assert slugs(get_list(client, sort="oldest")) == ["b", "a", "c"]


def test_sort_by_country_name(client):
    make_sortable()

    # Kazakhstan, Kyrgyzstan, Tajikistan.
    assert slugs(get_list(client, sort="country")) == ["b", "c", "a"]


def test_sort_by_name_in_the_readers_language(client):
    OrganisationFactory(slug="z", name_en="Zebra", name_ru="Антилопа")
    OrganisationFactory(slug="a", name_en="Antelope", name_ru="Зебра")

    assert slugs(get_list(client, "en")) == ["a", "z"]
    assert slugs(get_list(client, "ru")) == ["z", "a"]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        # Ә after А, І after Ы, Cyrillic before Latin; quotes and № do not count.
        ("kk", ["number", "quoted", "social", "yssyk", "ile", "eco", "latin"]),
        # Ә after А, І after И (as in Ukrainian), then Ы, Э, then Latin.
        ("ru", ["number", "quoted", "social", "ile", "yssyk", "eco", "latin"]),
        # Latin first, then Cyrillic.
        ("en", ["number", "latin", "quoted", "social", "ile", "yssyk", "eco"]),
    ],
)
def test_sort_by_name_follows_the_readers_alphabet(client, language, expected):
    names = {
        "eco": "ЭКОЦЕНТР",
        "social": "Әлеуметтік-экологиялық қор",
        "quoted": "«Ақбота» қоры",
        "latin": "Green Salvation",
        "number": "№ 25 мектеп-гимназия",
        "ile": "Іле Алатауы",
        "yssyk": "Ыстық көл",
    }
    for slug, name in names.items():
        OrganisationFactory(slug=slug, name_en=name, name_ru=name, name_kk=name)

    assert slugs(get_list(client, language)) == expected


# --- Facet counts ------------------------------------------------------------


def test_facets_count_each_value(client):
    countries = make_countries()
    water = ThemeFactory(slug="water", name_en="Water")
    for _index in range(2):
        organisation = OrganisationFactory(country=countries["KZ"], kind=OrganisationKind.SCHOOL)
        organisation.themes.set([water])
    OrganisationFactory(country=countries["KG"], kind=OrganisationKind.NGO)
    OrganisationFactory(country=countries["KG"], relation=Relation.PARTNER)

    page = text(get_list(client))

    # Tajikistan has no organisation at all: not offered.
    assert labels(page, "country") == {"KZ": "Kazakhstan (2)", "KG": "Kyrgyzstan (1)"}
    assert labels(page, "kind")["school"] == "School (2)"
    assert labels(page, "kind")["ngo"] == "NGO (1)"
    assert boxes(page, "kind")["museum"] == ("Museum (0)", False, True)
    assert labels(page, "theme") == {"water": "Water (2)"}
    assert '<option value="partner">Partners (1)</option>' in page
    assert '<option value="all">All organisations (4)</option>' in page


def test_facets_count_over_the_other_active_filters(client):
    countries = make_countries()
    OrganisationFactory(country=countries["KZ"], kind=OrganisationKind.SCHOOL)
    OrganisationFactory(country=countries["KZ"], kind=OrganisationKind.NGO)
    OrganisationFactory(country=countries["KG"], kind=OrganisationKind.SCHOOL)

    page = text(get_list(client, country="KZ", kind="school"))

    # Countries counted among schools; Kyrgyzstan still counts, to be added.
    assert "Kazakhstan (1)</label>" in page
    assert "Kyrgyzstan (1)</label>" in page
    # Kinds counted in Kazakhstan.
    assert boxes(page, "kind")["school"] == ("School (1)", True, False)
    assert boxes(page, "kind")["ngo"] == ("NGO (1)", False, False)
    # Relations counted among Kazakh schools.
    assert '<option value="member" selected>Members (1)</option>' in page


def test_facets_count_an_organisation_once_however_many_themes(client):
    organisation = OrganisationFactory(country=CountryFactory(code="KZ", name_en="Kazakhstan"))
    organisation.themes.set([ThemeFactory(slug="water"), ThemeFactory(slug="air")])

    page = text(get_list(client))

    assert "Kazakhstan (1)</label>" in page
    assert '<option value="all">All organisations (1)</option>' in page


# --- Pagination --------------------------------------------------------------


def test_pagination_twenty_per_page_keeps_the_filters(client):
    make_full_organisations(25)

    first = get_list(client, theme="education")
    second = get_list(client, theme="education", page=2)

    assert len(slugs(first)) == 20
    assert len(slugs(second)) == 5
    assert set(slugs(first)).isdisjoint(slugs(second))
    assert heading(first) == "25 members"
    assert 'aria-current="page">1</a>' in text(first)
    assert 'href="?theme=education&amp;page=2" rel="next"' in text(first)
    assert "Showing 1–20" in text(first)


def test_pagination_has_no_page_links_when_one_page_is_enough(client):
    make_full_organisations(3)

    response = get_list(client)

    assert 'rel="next"' not in text(response)
    assert "Page 1 of" not in text(response)


# --- Bad input: a 200 with a message, never a 500 ------------------------------

# What the page says when a filter is wrong, as the events and initiatives pages do.
CORRECT_THE_FILTERS = "Correct the filters to see the directory"
NOTHING_LISTED = "Some filters are not valid, so no organisation is listed."


def make_bad_input_data():
    countries = make_countries()
    ThemeFactory(slug="water", name_en="Water")
    OrganisationFactory(
        slug="kz-school",
        name_en="Steppe School",
        country=countries["KZ"],
        kind=OrganisationKind.SCHOOL,
    )
    OrganisationFactory(
        slug="kg-ngo",
        name_en="Mountain Society",
        country=countries["KG"],
        kind=OrganisationKind.NGO,
    )


INVALID_CHOICE = "Select a valid choice."


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"country": "XX"}, "XX is not one of the available choices"),
        ({"country": "Kazakhstan"}, INVALID_CHOICE),
        ({"country": "\x00"}, INVALID_CHOICE),
        ({"kind": "spaceship"}, "spaceship is not one of the available choices"),
        ({"kind": "\x00"}, INVALID_CHOICE),
        ({"theme": "no-such-theme"}, INVALID_CHOICE),
        ({"theme": "\x00"}, "Null characters are not allowed"),
        ({"theme": "not a slug"}, INVALID_CHOICE),
        ({"theme": "x" * 5000}, INVALID_CHOICE),
        ({"relation": "spaceship"}, "spaceship is not one of the available choices"),
        ({"relation": "\x00"}, INVALID_CHOICE),
        ({"sort": "title"}, "title is not one of the available choices"),
        ({"q": "x" * 201}, "at most 200 characters"),
        ({"q": "earth\x00"}, "Null characters are not allowed"),
    ],
)
def test_bad_filter_value_shows_the_error_and_lists_nothing(client, params, message):
    make_bad_input_data()

    # kind=school alone would list the Steppe School; with a wrong filter, nothing is.
    response = get_list(client, **{"kind": "school", **params})

    page = text(response)
    (field,) = params
    assert response.status_code == 200
    assert field in response.context["filter"].errors
    assert escape(message) in page
    assert 'class="errors" role="alert"' in page
    # Not a silently broader list: not even what the other filters would give.
    assert slugs(response) == []
    assert "Steppe School" not in page
    assert "Mountain Society" not in page
    # What to correct, and no "0 members" or "no member matches" beside it.
    assert heading(response) == CORRECT_THE_FILTERS
    assert NOTHING_LISTED in page
    assert "0 members" not in page
    assert "No member matches" not in page
    assert "Filtered by:" not in page


def test_bad_filter_offers_to_remove_it_or_clear_all(client):
    make_bad_input_data()

    response = get_list(client, country="XX", kind="school")

    page = text(response)
    assert '<a href="?kind=school#results">remove the filter “Country”</a>' in page
    assert f'<a href="{list_url()}#results">clear all filters</a>' in page


def test_several_bad_filters_are_removed_together(client):
    make_bad_input_data()

    response = get_list(client, country="XX", kind="school", sort="title", page=2)

    page = text(response)
    assert set(response.context["filter"].errors) == {"country", "sort"}
    # One link to the valid filters alone: removing one would lead to the other.
    assert '<a href="?kind=school#results">remove the filters that are not valid</a>' in page
    assert "remove the filter “" not in page


def test_bad_filter_shows_no_facet_counts(client):
    # Counts without the wrong filter are not what correcting it would give.
    make_bad_input_data()

    page = text(get_list(client, kind="school", theme="no-such-theme"))

    assert "Kazakhstan</label>" in page
    assert "Kazakhstan (" not in page
    assert boxes(page, "kind")["school"] == ("School", True, False)
    assert boxes(page, "theme")["water"] == ("Water", False, False)
    assert '<option value="all">All organisations</option>' in page


def test_bad_filter_does_not_speak_of_a_wrong_page(client):
    make_bad_input_data()

    page = text(get_list(client, kind="spaceship", page=3))

    assert NOTHING_LISTED in page
    assert "That page does not exist" not in page
    assert "Page 1 of" not in page


@pytest.mark.parametrize("params", [{"relation": "spaceship"}, {"sort": "title"}])
def test_bad_relation_or_sort_is_an_error_like_any_other(client, params):
    # Only a missing or empty ?relation= or ?sort= means the default.
    OrganisationFactory(slug="member", name_en="Little Earth", relation=Relation.MEMBER)
    OrganisationFactory(slug="partner", name_en="Big Sky", relation=Relation.PARTNER)

    response = get_list(client, **params)

    page = text(response)
    (field,) = params
    assert field in response.context["filter"].errors
    assert slugs(response) == []
    assert "Little Earth" not in page
    assert "Big Sky" not in page
    assert heading(response) == CORRECT_THE_FILTERS
    label = {"relation": "Relation to the alliance", "sort": "Sort by"}[field]
    assert f'<a href="?#results">remove the filter “{label}”</a>' in page


def test_empty_relation_and_sort_mean_the_defaults(client):
    OrganisationFactory(slug="b", name_en="Bravo", relation=Relation.MEMBER)
    OrganisationFactory(slug="a", name_en="Alpha", relation=Relation.MEMBER)
    OrganisationFactory(slug="partner", relation=Relation.PARTNER)

    response = get_list(client, relation="", sort="")

    assert errors(response) == ""
    assert slugs(response) == ["a", "b"]
    assert heading(response) == "2 members"


@pytest.mark.parametrize(
    ("page", "shown"),
    [
        ("abc", 1),
        ("", 1),
        ("-1", 2),
        ("0", 2),
        ("1.5", 1),
        ("99999", 2),
        ("9" * 5000, 1),
        ("\x00", 1),
    ],
)
def test_bad_page_shows_a_real_page_and_says_so(client, page, shown):
    make_full_organisations(25)

    response = get_list(client, page=page)

    assert response.status_code == 200
    assert response.context["page_obj"].number == shown
    assert heading(response) == "25 members"
    if page:
        assert f"That page does not exist, so page {shown} of 2 is shown." in text(response)


def test_page_number_written_differently_is_not_called_wrong(client):
    make_full_organisations(25)

    response = get_list(client, page="02")

    assert response.context["page_obj"].number == 2
    assert "That page does not exist" not in text(response)


def test_repeated_single_value_parameters_use_the_last(client):

    OrganisationFactory(slug="museum", kind=OrganisationKind.MUSEUM, founded_year=1990)
    OrganisationFactory(slug="school", kind=OrganisationKind.SCHOOL, founded_year=2000)
    OrganisationFactory(slug="ngo", kind=OrganisationKind.NGO, founded_year=2010)

    response = client.get(list_url(), {"relation": ["all", "partner"], "sort": ["name", "newest"]})

    assert response.status_code == 200
    assert slugs(response) == []  # partners only
    response = client.get(list_url(), {"sort": ["name", "newest"]})
    assert slugs(response) == ["ngo", "school", "museum"]
    assert errors(response) == ""


@pytest.mark.parametrize(
    "query",
    ["country[]=KZ", "=&&&=x", "q", "%zz=%zz", "q=%ff%fe", "unknown=1"],
)
def test_malformed_query_string_is_not_an_error_page(client, query):
    OrganisationFactory(slug="member")

    response = client.get(f"{list_url()}?{query}")

    assert response.status_code == 200
    assert errors(response) == ""
    assert heading(response) in {"1 member", "0 members"}


def test_no_results_says_what_to_change(client):
    OrganisationFactory(slug="member", name_en="Little Earth", kind=OrganisationKind.NGO)
    OrganisationFactory(slug="partner", relation=Relation.PARTNER, kind=OrganisationKind.SCHOOL)

    response = get_list(client, q="earth", kind="school")

    page = text(response)
    assert heading(response) == "0 members"
    assert "No member matches these filters." in page
    assert '<a href="?kind=school#results">remove the filter “Search: earth”</a>' in page
    assert '<a href="?q=earth#results">remove the filter “Kind of organisation: School”</a>' in page
    # Parameters in the order of their names, as the page cache normalises the address.
    assert 'href="?kind=school&amp;q=earth&amp;relation=all#results"' in page
    assert "include partners and other organisations" in page


# --- The profile ---------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_profile_in_each_language_shows_text_in_that_language(client, language):
    organisation = OrganisationFactory(
        name_en=NAMES["en"],
        name_ru=NAMES["ru"],
        name_kk=NAMES["kk"],
        mission_en="Climate education for all.",
        mission_ru="Климатическое образование для всех.",
        mission_kk="Барлығына климаттық білім.",
        description_en="",
    )
    missions = {
        "en": "Climate education for all.",
        "ru": "Климатическое образование для всех.",
        "kk": "Барлығына климаттық білім.",
    }

    response = client.get(profile_url(organisation, language))

    page = text(response)
    assert response.status_code == 200
    assert f'<html lang="{language}">' in page
    assert f"<h1>{NAMES[language]}</h1>" in page
    assert missions[language] in page
    assert page.count("<h1>") == 1
    # Everything is translated: no fallback notice.
    assert 'class="notice" role="note"' not in page


def test_profile_says_which_text_falls_back_to_another_language(client):
    organisation = OrganisationFactory(
        name_en="Little Earth", name_ru="Маленькая Земля", name_kk=""
    )

    page = text(client.get(profile_url(organisation, "kk")))

    assert 'class="notice" role="note"' in page
    h1 = '<h1><span lang="ru">Маленькая Земля</span> <small class="in-language" lang="kk">'
    assert h1 in page


def test_profile_shows_the_facts(client):
    # First: the parent's own country may be "KZ" too, and would keep its factory name.
    kazakhstan = CountryFactory(code="KZ", name_en="Kazakhstan")
    parent = OrganisationFactory(slug="parent", name_en="CAREC Regional", relation=Relation.PARTNER)
    organisation = OrganisationFactory(
        name_en="CAREC Kazakhstan",
        short_name_en="CAREC KZ",
        kind=OrganisationKind.INTERNATIONAL_ORGANISATION,
        relation=Relation.PARTNER,
        country=kazakhstan,
        city_en="Almaty",
        founded_year=2001,
        founding_note_en="re-established as an independent entity in April 2023",
        description_en="Regional environmental centre.",
        mission_en="Cooperation for the environment.",
        website="https://carececo.org/",
        parent=parent,
    )
    OrganisationFactory(slug="unit", name_en="CAREC Astana office", parent=organisation)

    page = text(client.get(organisation.get_absolute_url()))

    assert "<h1>CAREC Kazakhstan</h1>" in page
    assert '<p class="lead">CAREC KZ</p>' in page
    assert "<dd>International organisation</dd>" in page
    assert "<dd>Partner</dd>" in page
    assert "<dd>Almaty, Kazakhstan</dd>" in page
    assert "<dd>2001; re-established as an independent entity in April 2023</dd>" in page
    assert "Regional environmental centre." in page
    assert "Cooperation for the environment." in page
    assert '<a href="https://carececo.org/" rel="noopener">' in page
    assert '<a href="/en/members/parent/">CAREC Regional</a>' in page
    assert '<a href="/en/members/unit/">CAREC Astana office</a>' in page


def test_profile_themes_link_to_the_directory_filtered_by_theme(client):
    member = OrganisationFactory()
    member.themes.set([ThemeFactory(slug="water", name_en="Water")])
    partner = OrganisationFactory(relation=Relation.PARTNER)
    partner.themes.set([ThemeFactory(slug="water")])

    member_page = text(client.get(member.get_absolute_url()))
    partner_page = text(client.get(partner.get_absolute_url()))

    assert '<a href="/en/members/?theme=water">Water</a>' in member_page
    # A partner's theme finds the partner too.
    assert '<a href="/en/members/?theme=water&amp;relation=all">Water</a>' in partner_page


def test_profile_unknown_slug_is_404(client):
    response = client.get(list_url() + "no-such-organisation/")

    assert response.status_code == 404


def test_profile_slug_with_nul_byte_is_404(client):
    response = client.get(list_url() + "bad%00slug/")

    assert response.status_code == 404


def test_profile_shows_public_contacts_only(client):
    organisation = OrganisationFactory()
    ContactPersonFactory(
        organisation=organisation,
        name="Aigerim Public",
        email="aigerim@example.org",
        phone="+7 701 000 00 00",
        is_public=True,
    )
    ContactPersonFactory(
        organisation=organisation,
        name="Secret Person",
        email="secret@example.org",
        phone="+77019999999",
        is_public=False,
    )

    page = text(client.get(organisation.get_absolute_url()))

    assert "Aigerim Public" in page
    assert '<a href="mailto:aigerim@example.org">' in page
    assert '<a href="tel:+77010000000">' in page
    assert "Secret Person" not in page
    assert "secret@example.org" not in page
    assert "+77019999999" not in page


def test_profile_without_public_contacts_has_no_contact_section(client):
    organisation = OrganisationFactory()
    ContactPersonFactory(organisation=organisation, name="Secret Person", is_public=False)

    page = text(client.get(organisation.get_absolute_url()))

    assert "Secret Person" not in page
    assert "<h2>Contact</h2>" not in page


def test_profile_lists_events_with_roles(client):
    organisation = OrganisationFactory()
    summit = EventFactory(slug="summit", title_en="Regional Climate Summit")
    EventParticipationFactory(
        event=summit, organisation=organisation, role=EventParticipationRole.ORGANISER
    )
    EventParticipationFactory(
        event=summit, organisation=organisation, role=EventParticipationRole.HOST
    )
    forum = EventFactory(slug="forum", title_en="Youth Forum")
    EventParticipationFactory(
        event=forum, organisation=organisation, role=EventParticipationRole.PARTICIPANT
    )
    EventFactory(slug="elsewhere", title_en="Someone Else's Event")

    page = text(client.get(organisation.get_absolute_url()))

    assert f'<a href="{summit.get_absolute_url()}">Regional Climate Summit</a>' in page
    assert "Role: Organiser, Host" in page
    assert f'<a href="{forum.get_absolute_url()}">Youth Forum</a>' in page
    assert "Role: Participant" in page
    assert "Someone Else" not in page


def test_profile_lists_initiatives_with_roles(client):
    organisation = OrganisationFactory()
    led = InitiativeFactory(slug="led", title_en="Restoring the Aral")
    ParticipationFactory(initiative=led, organisation=organisation, role=ParticipationRole.LEAD)
    funded = InitiativeFactory(slug="funded", title_en="Green Schools")
    ParticipationFactory(
        initiative=funded,
        organisation=organisation,
        role=ParticipationRole.FUNDER,
        note_en="main donor",
    )
    joined = InitiativeFactory(slug="joined", title_en="Glacier Watch")
    ParticipationFactory(
        initiative=joined, organisation=organisation, role=ParticipationRole.IMPLEMENTING
    )

    page = text(client.get(organisation.get_absolute_url()))

    assert f'<a href="{led.get_absolute_url()}">Restoring the Aral</a>' in page
    assert "Role: Lead" in page
    assert f'<a href="{funded.get_absolute_url()}">Green Schools</a>' in page
    assert "Role: Funder (main donor)" in page
    assert f'<a href="{joined.get_absolute_url()}">Glacier Watch</a>' in page
    assert "Role: Implementing partner" in page


# --- Sitemap -----------------------------------------------------------------


def test_sitemap_lists_each_profile_in_each_language(client):
    OrganisationFactory(slug="little-earth", relation=Relation.PARTNER)

    response = client.get("/sitemap-members.xml")

    page = text(response)
    assert response.status_code == 200
    for language in LANGUAGES:
        assert f"<loc>http://testserver/{language}/members/little-earth/</loc>" in page
        assert (
            f'hreflang="{language}" href="http://testserver/{language}/members/little-earth/"'
            in page
        )
    assert 'hreflang="x-default" href="http://testserver/members/little-earth/"' in page


# --- Queries do not grow with the data ---------------------------------------


@pytest.mark.parametrize("size", [3, 25])
def test_directory_query_count_does_not_grow(client, django_assert_num_queries, size):
    make_full_organisations(size)

    # 1 countries (the country choices), 1 count for the paginator, 4 facet
    # counts (relation, country, kind, theme), 1 page of organisations with
    # their countries, 1 prefetch of their themes, 1 themes for the theme choices,
    # 1 the countries with any organisation (those offered).
    with django_assert_num_queries(10):
        response = get_list(client)
        assert len(slugs(response)) == min(size, 20)


@pytest.mark.parametrize("size", [3, 25])
def test_directory_filtered_query_count_does_not_grow(client, django_assert_num_queries, size):
    make_full_organisations(size)
    CountryFactory(code="KG")  # a wrong code would list nothing

    # The 10 above, plus 1 to check the theme's slug. The country codes are
    # checked against the list already loaded.
    with django_assert_num_queries(11):
        response = client.get(
            list_url(),
            {"country": ["kz", "kg"], "theme": "education", "kind": "ngo", "q": "Organisation"},
        )
        assert len(slugs(response)) == min(size, 20)


@pytest.mark.parametrize("size", [3, 25])
def test_directory_bad_filter_query_count_does_not_grow(client, django_assert_num_queries, size):
    make_full_organisations(size)

    # 1 countries (the country choices), 1 to check the theme's slug, 1 themes
    # for the theme choices, 1 the countries with any organisation. No facet
    # counts, no count and no page: nothing is listed while the country is wrong.
    with django_assert_num_queries(4):
        response = get_list(client, country="XX", theme="education")
        assert slugs(response) == []


@pytest.mark.parametrize("size", [3, 25])
def test_profile_query_count_does_not_grow(client, django_assert_num_queries, size):
    organisation = OrganisationFactory(parent=OrganisationFactory())
    organisation.themes.set([ThemeFactory() for _index in range(size)])
    for _index in range(size):
        OrganisationFactory(parent=organisation)
        EventParticipationFactory(
            organisation=organisation, role=EventParticipationRole.PARTICIPANT
        )
        ParticipationFactory(organisation=organisation, role=ParticipationRole.FUNDER)
        ContactPersonFactory(organisation=organisation, is_public=True)

    # 1 organisation with its country and parent, 2 prefetches (themes, units),
    # 1 event roles with their events, 1 participations with their initiatives,
    # 1 public contact people.
    with django_assert_num_queries(6):
        response = client.get(organisation.get_absolute_url())
        assert len(response.context["events"]) == size
        assert len(response.context["initiatives"]) == size

"""Filters for combining on the initiatives list: several values per facet, counted for the
current selection, through the page, the CSV export, the API, the feed and alerts."""

import csv
import datetime
import io
import re

import pytest
from django.utils import translation

from initiatives.models import ParticipationRole
from initiatives.views import InitiativeListView
from tests.facet_helpers import boxes, labels, ticked
from tests.factories import (
    CountryFactory,
    CountryShareFactory,
    InitiativeFactory,
    OrganisationFactory,
    ParticipationFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "ru", "kk"]
TODAY = datetime.date.today()


def make(slug, *, themes=(), countries=(), lead=None, funder=None, status="ongoing"):
    """An initiative with these relations, running, over or to come as `status` says (None:
    undated, so in no status)."""
    years = {"planned": (1, 3), "ongoing": (-1, 1), "completed": (-4, -2)}.get(status)
    initiative = InitiativeFactory(
        slug=slug,
        title_en=slug.replace("-", " ").title(),
        start_date=datetime.date(TODAY.year + years[0], 1, 1) if years else None,
        end_date=datetime.date(TODAY.year + years[1], 12, 31) if years else None,
    )
    initiative.themes.set(themes)
    for country in countries:
        CountryShareFactory(initiative=initiative, country=country)
    for organisation, role in [(lead, ParticipationRole.LEAD), (funder, ParticipationRole.FUNDER)]:
        if organisation:
            ParticipationFactory(initiative=initiative, organisation=organisation, role=role)
    return initiative


@pytest.fixture
def world():
    """Three initiatives differing in every facet, and one with nothing."""
    kz = CountryFactory(code="KZ", name_en="Kazakhstan")
    kg = CountryFactory(code="KG", name_en="Kyrgyzstan")
    tj = CountryFactory(code="TJ", name_en="Tajikistan")
    CountryFactory(code="TM", name_en="Turkmenistan")  # no initiative at all
    water = ThemeFactory(slug="water", name_en="Water")
    air = ThemeFactory(slug="air", name_en="Air")
    land = ThemeFactory(slug="land", name_en="Land")
    iucn = OrganisationFactory(slug="iucn", name_en="IUCN", short_name_en="")
    fao = OrganisationFactory(slug="fao", name_en="FAO", short_name_en="")
    undp = OrganisationFactory(slug="undp", name_en="UNDP", short_name_en="")
    gef = OrganisationFactory(slug="gef", name_en="GEF", short_name_en="")
    eu = OrganisationFactory(slug="eu", name_en="EU", short_name_en="")
    adb = OrganisationFactory(slug="adb", name_en="ADB", short_name_en="")
    make("blue", themes=[water], countries=[kz], lead=iucn, funder=gef, status="ongoing")
    make("clean", themes=[air], countries=[kg], lead=fao, funder=eu, status="planned")
    make("green", themes=[land], countries=[tj], lead=undp, funder=adb, status="completed")
    make("blank", status=None)


# Each facet: two of its values, and the initiatives having one of them.
FACETS = [
    ("theme", ["water", "air"], ["blue", "clean"]),
    ("status", ["ongoing", "planned"], ["blue", "clean"]),
    ("lead", ["iucn", "fao"], ["blue", "clean"]),
    ("funder", ["eu", "adb"], ["clean", "green"]),
    ("country", ["KG", "TJ"], ["clean", "green"]),
]


def listed(client, language="en", **params):
    with translation.override(language):
        response = client.get(f"/{language}/initiatives/", params)
    assert response.status_code == 200
    return response


def slugs_on(response):
    return sorted(initiative.slug for initiative in response.context["initiatives"])


@pytest.mark.parametrize(("facet", "values", "expected"), FACETS)
def test_two_values_of_a_facet_list_either_on_the_page(client, world, facet, values, expected):
    response = listed(client, **{facet: values})

    assert slugs_on(response) == expected
    assert sorted(ticked(response.content.decode(), facet)) == sorted(values)


@pytest.mark.parametrize(("facet", "values", "expected"), FACETS)
def test_two_values_of_a_facet_export_either_as_csv(client, world, facet, values, expected):
    response = client.get("/en/initiatives/export.csv", {facet: values})

    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))
    titles = sorted(row["Title"] for row in rows)
    assert titles == sorted(slug.title() for slug in expected)


@pytest.mark.parametrize(("facet", "values", "expected"), FACETS)
def test_two_values_of_a_facet_list_either_in_the_api(client, world, facet, values, expected):
    response = client.get("/api/v1/initiatives/", {facet: values})

    assert response.status_code == 200
    assert sorted(item["slug"] for item in response.json()["results"]) == expected


@pytest.mark.parametrize(("facet", "values", "expected"), FACETS)
def test_one_value_of_a_facet_still_works(client, world, facet, values, expected):
    assert slugs_on(listed(client, **{facet: values[0]})) == expected[:1]
    response = client.get("/api/v1/initiatives/", {facet: values[0]})
    assert len(response.json()["results"]) == 1


def test_facets_combine_any_value_within_every_facet_across(client, world):
    response = listed(client, theme=["water", "air", "land"], status=["planned", "completed"])

    assert slugs_on(response) == ["clean", "green"]
    response = listed(client, theme=["water", "air"], status=["planned", "completed"])
    assert slugs_on(response) == ["clean"]


def test_an_initiative_matching_two_values_is_listed_and_counted_once(client, world):
    make("both", themes=[ThemeFactory(slug="water"), ThemeFactory(slug="air")])

    response = listed(client, theme=["water", "air"])

    assert slugs_on(response) == ["blue", "both", "clean"]
    assert response.context["paginator"].count == 3


def test_feed_and_alert_read_several_values(client, world):
    feed = client.get("/en/initiatives/feed.atom", {"theme": ["air", "water"]})
    alert = client.get("/en/alerts/initiatives/", {"theme": ["water", "air"]})

    assert re.findall(r"<title>(Blue|Clean)</title>", feed.content.decode()) == ["Clean", "Blue"]
    # The alert names both themes, as it will read them.
    assert re.search(r"Theme.*Water, Air|Theme.*Air, Water", alert.content.decode(), re.S)


# --- Counts for the current selection ----------------------------------------


def test_each_option_shows_its_count(client, world):
    page = listed(client).content.decode()

    assert labels(page, "theme") == {"water": "Water (1)", "air": "Air (1)", "land": "Land (1)"}
    assert labels(page, "status") == {
        "planned": "Planned (1)",
        "ongoing": "Ongoing (1)",
        "completed": "Completed (1)",
    }
    assert labels(page, "lead") == {"fao": "FAO (1)", "iucn": "IUCN (1)", "undp": "UNDP (1)"}
    assert labels(page, "funder") == {"adb": "ADB (1)", "eu": "EU (1)", "gef": "GEF (1)"}


def test_a_facets_own_choice_does_not_shrink_its_own_counts(client, world):
    page = listed(client, theme="water").content.decode()

    # Air and Land still count what ticking them would add.
    assert labels(page, "theme") == {"water": "Water (1)", "air": "Air (1)", "land": "Land (1)"}


def test_another_facets_choice_shrinks_the_counts(client, world):
    page = listed(client, theme="water").content.decode()

    assert labels(page, "status") == {
        "planned": "Planned (0)",
        "ongoing": "Ongoing (1)",
        "completed": "Completed (0)",
    }
    # Counted 0: greyed, still there, still a checkbox.
    assert boxes(page, "status")["planned"] == ("Planned (0)", False, True)
    assert boxes(page, "country")["KZ"] == ("Kazakhstan (1)", False, False)
    assert boxes(page, "country")["KG"] == ("Kyrgyzstan (0)", False, True)
    assert labels(page, "lead")["fao"] == "FAO (0)"


def test_a_choice_counted_zero_stays_ticked_and_can_be_unticked(client, world):
    page = listed(client, theme="water", status="planned").content.decode()

    assert boxes(page, "status")["planned"] == ("Planned (0)", True, True)
    assert boxes(page, "theme")["water"] == ("Water (0)", True, True)
    assert "disabled" not in page.split('name="status"')[1].split("</fieldset>")[0]


def test_countries_without_any_initiative_are_not_offered(client, world):
    page = listed(client).content.decode()
    chosen = listed(client, country="TM").content.decode()

    assert list(labels(page, "country")) == ["KZ", "KG", "TJ"]
    assert "Turkmenistan" not in page
    # Still accepted, and drawn ticked when asked for (an address in the wild).
    assert boxes(chosen, "country")["TM"] == ("Turkmenistan (0)", True, True)


def test_drafts_are_neither_counted_nor_make_a_country_offered(client, world):
    turkmenistan = CountryFactory(code="TM")
    draft = make("draft", themes=[ThemeFactory(slug="water")], countries=[turkmenistan])
    draft.is_published = False
    draft.save()

    page = listed(client).content.decode()

    assert labels(page, "theme")["water"] == "Water (1)"
    assert "TM" not in labels(page, "country")


def test_counts_follow_a_search(client, world):
    page = listed(client, q="blue").content.decode()

    assert labels(page, "theme") == {"water": "Water (1)", "air": "Air (0)", "land": "Land (0)"}


def test_a_wrong_filter_shows_no_counts(client, world):
    page = listed(client, theme="water", status="someday").content.decode()

    assert labels(page, "theme")["water"] == "Water"


# --- Nothing to export ---------------------------------------------------------


def test_an_empty_result_offers_no_export(client, world):
    page = listed(client, theme="water", status="planned").content.decode()

    assert "No initiatives match these filters." in page
    assert "Nothing to export: no initiative matches these filters." in page
    for export in ["export.csv", "feed.atom", "initiatives.xml", "calendar.ics"]:
        assert export not in page.split("<footer")[0], export


def test_a_result_offers_its_exports_with_its_filters(client, world):
    page = listed(client, theme=["water", "air"]).content.decode()

    assert 'href="/en/initiatives/export.csv?theme=air&amp;theme=water"' in page
    assert 'href="/en/initiatives/feed.atom?theme=air&amp;theme=water"' in page
    assert "Nothing to export" not in page


# --- Pagination ------------------------------------------------------------------


def pages_nav(content):
    return content.split('<nav class="pagination"')[1].split("</nav>")[0]


def test_pagination_numbers_first_and_last_keep_the_filters(client, world, monkeypatch):
    monkeypatch.setattr(InitiativeListView, "paginate_by", 2)
    water = ThemeFactory(slug="water")
    for number in range(37):
        make(f"more-{number:02}", themes=[water])

    nav = pages_nav(listed(client, theme="water", page=6).content.decode())

    # 38 initiatives on water, 2 a page: « First ‹ Previous 1 … 4 5 [6] 7 8 … 19 Next › Last »
    assert 'aria-label="Pages"' in nav
    texts = [re.sub(r"<[^>]+>", "", item).strip() for item in re.findall(r"<li>(.*?)</li>", nav)]
    numbers = ["1", "…", "4", "5", "6", "7", "8", "…", "19"]
    assert texts == ["« First", "‹ Previous", *numbers, "Next ›", "Last »"]
    assert '<a href="?theme=water" aria-label="Page 1">1</a>' in nav
    assert '<a href="?theme=water&amp;page=6" aria-label="Page 6" aria-current="page">6</a>' in nav
    assert '<a href="?theme=water&amp;page=19">Last' in nav
    assert '<a href="?theme=water"><span aria-hidden="true">«</span> First</a>' in nav
    assert 'href="?theme=water&amp;page=5" rel="prev"' in nav
    assert 'href="?theme=water&amp;page=7" rel="next"' in nav


def test_pagination_on_the_first_and_last_pages(client, world, monkeypatch):
    monkeypatch.setattr(InitiativeListView, "paginate_by", 2)

    first = pages_nav(listed(client).content.decode())
    last = pages_nav(listed(client, page=2).content.decode())

    assert "First" not in first and "Previous" not in first
    assert "Next" in first and "Last" in first
    assert "Next" not in last and "Last" not in last
    assert 'aria-current="page">2</a>' in last


@pytest.mark.parametrize("language", LANGUAGES)
def test_pagination_in_each_language(client, world, monkeypatch, language):
    monkeypatch.setattr(InitiativeListView, "paginate_by", 1)

    nav = pages_nav(listed(client, language, page=2).content.decode())

    words = {
        "en": ("Pages", "First", "Last", "Page 2"),
        "ru": ("Страницы", "Первая", "Последняя", "Страница 2"),
        "kk": ("Беттер", "Бірінші", "Соңғы", "2-бет"),
    }[language]
    for word in words:
        assert word in nav, word


# --- Queries: bounded, in every language, at two sizes ----------------------------


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("size", [2, 9])
def test_queries_with_several_values_do_not_grow(
    client, django_assert_max_num_queries, language, size
):
    kz, kg = CountryFactory(code="KZ"), CountryFactory(code="KG")
    water, air = ThemeFactory(slug="water"), ThemeFactory(slug="air")
    iucn, fao = OrganisationFactory(slug="iucn"), OrganisationFactory(slug="fao")
    for number in range(size):
        make(
            f"initiative-{number}",
            themes=[water, air][: 1 + number % 2],
            countries=[kz, kg][: 1 + number % 2],
            lead=[iucn, fao][number % 2],
            funder=OrganisationFactory(),
        )
    params = {"theme": ["water", "air"], "lead": ["iucn", "fao"], "country": ["KZ", "KG"]}

    # Cold: the 18 of the unfiltered list (see test_pages) and 2 to read the
    # themes and the leads by their slugs. The charts' sums and the facet
    # counts are one query each, whatever the size.
    with django_assert_max_num_queries(20):
        response = listed(client, language, **params, status=["ongoing", "planned"])
    assert response.context["paginator"].count == size
    # Another order of the same selection: the counts come from the cache.
    with django_assert_max_num_queries(5):
        listed(client, language, **params, status=["ongoing", "planned"], sort="name")

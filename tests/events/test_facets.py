"""Filters for combining on the events list: several values per facet, counted for the current
selection, through the page, the calendar, the feed and the API."""

import datetime
import re

import pytest
from django.utils import translation

from events.models import EventKind
from tests.facet_helpers import boxes, labels, ticked
from tests.factories import CountryFactory, EventFactory, ThemeFactory

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "ru", "kk"]
DAY = datetime.date.today() + datetime.timedelta(days=30)


def make(slug, *, kind, country, themes=()):
    event = EventFactory(
        slug=slug,
        title_en=slug.title(),
        kind=kind,
        country=country,
        start_date=DAY,
        start_precision="day",
        end_date=DAY,
        end_precision="day",
    )
    event.themes.set(themes)
    return event


@pytest.fixture
def world():
    kz = CountryFactory(code="KZ", name_en="Kazakhstan")
    kg = CountryFactory(code="KG", name_en="Kyrgyzstan")
    tj = CountryFactory(code="TJ", name_en="Tajikistan")
    CountryFactory(code="TM", name_en="Turkmenistan")  # no event at all
    water = ThemeFactory(slug="water", name_en="Water")
    air = ThemeFactory(slug="air", name_en="Air")
    land = ThemeFactory(slug="land", name_en="Land")
    make("summit", kind=EventKind.SUMMIT, country=kz, themes=[water])
    make("forum", kind=EventKind.FORUM, country=kg, themes=[air])
    make("workshop", kind=EventKind.WORKSHOP, country=tj, themes=[land])


FACETS = [
    ("kind", ["summit", "forum"], ["forum", "summit"]),
    ("theme", ["water", "air"], ["forum", "summit"]),
    ("country", ["KG", "TJ"], ["forum", "workshop"]),
]


def listed(client, language="en", **params):
    with translation.override(language):
        response = client.get(f"/{language}/events/", params)
    assert response.status_code == 200
    return response


def slugs_on(response):
    return sorted(event.slug for event in response.context["page_obj"].object_list)


@pytest.mark.parametrize(("facet", "values", "expected"), FACETS)
def test_two_values_of_a_facet_list_either_on_the_page(client, world, facet, values, expected):
    response = listed(client, **{facet: values})

    assert slugs_on(response) == expected
    assert sorted(ticked(response.content.decode(), facet)) == sorted(values)
    # One value, as addresses in the wild have it.
    assert len(slugs_on(listed(client, **{facet: values[0]}))) == 1


@pytest.mark.parametrize(("facet", "values", "expected"), FACETS)
def test_two_values_of_a_facet_in_the_calendar(client, world, facet, values, expected):
    response = client.get("/en/events/calendar.ics", {facet: values})

    summaries = re.findall(r"^SUMMARY:(.*)\r$", response.content.decode(), re.M)
    assert sorted(summaries) == sorted(slug.title() for slug in expected)


@pytest.mark.parametrize(("facet", "values", "expected"), FACETS)
def test_two_values_of_a_facet_in_the_feed_and_the_api(client, world, facet, values, expected):
    feed = client.get("/en/events/feed.atom", {facet: values}).content.decode()
    api = client.get("/api/v1/events/", {facet: values})

    assert sorted(re.findall(r"<title>(Summit|Forum|Workshop)</title>", feed)) == sorted(
        slug.title() for slug in expected
    )
    assert sorted(item["slug"] for item in api.json()["results"]) == expected
    single = client.get("/api/v1/events/", {facet: values[0]})
    assert len(single.json()["results"]) == 1


def test_each_option_counts_the_other_facets_selection(client, world):
    page = listed(client, kind=["summit", "forum"]).content.decode()

    # Kinds are not narrowed by their own choice.
    assert labels(page, "kind")["workshop"] == "Workshop or training (1)"
    assert boxes(page, "kind")["summit"] == ("Summit (1)", True, False)
    # Countries and themes are counted among summits and forums.
    assert labels(page, "country") == {
        "KZ": "Kazakhstan (1)",
        "KG": "Kyrgyzstan (1)",
        "TJ": "Tajikistan (0)",
    }
    assert boxes(page, "theme")["land"] == ("Land (0)", False, True)


def test_countries_without_any_event_are_not_offered(client, world):
    page = listed(client).content.decode()

    assert "Turkmenistan" not in page
    assert list(labels(page, "country")) == ["KZ", "KG", "TJ"]


def test_an_empty_result_offers_no_calendar_or_feed(client, world):
    page = listed(client, kind="summit", country="KG").content.decode()
    main = page.split("<footer")[0]

    assert "No events match these filters." in page
    assert "Nothing to export: no event matches these filters." in page
    assert "calendar.ics" not in main
    assert "feed.atom" not in main


def test_a_result_offers_its_calendar_and_feed_with_its_filters(client, world):
    page = listed(client, kind=["summit", "forum"]).content.decode()

    assert 'href="/en/events/calendar.ics?kind=forum&amp;kind=summit"' in page
    assert 'href="/en/events/feed.atom?kind=forum&amp;kind=summit"' in page


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("size", [2, 9])
def test_queries_with_several_values_do_not_grow(
    client, django_assert_max_num_queries, language, size
):
    kz, kg = CountryFactory(code="KZ"), CountryFactory(code="KG")
    water, air = ThemeFactory(slug="water"), ThemeFactory(slug="air")
    for number in range(size):
        make(
            f"event-{number}",
            kind=[EventKind.SUMMIT, EventKind.FORUM][number % 2],
            country=[kz, kg][number % 2],
            themes=[water, air][: 1 + number % 2],
        )
    params = {"kind": ["summit", "forum"], "theme": ["water", "air"], "country": ["KZ", "KG"]}

    # Cold: the 10 of the unfiltered list (see test_pages) and 1 to read the
    # themes by their slugs; the facet counts are one GROUP BY each.
    with django_assert_max_num_queries(11):
        response = listed(client, language, **params)
    assert response.context["page_obj"].paginator.count == size
    # The same selection on another page: the counts come from the cache.
    with django_assert_max_num_queries(6):
        listed(client, language, **params, page="2")

"""The Atom feeds of the initiatives and events lists (toolkit.feeds, initiatives/feeds.py,
events/feeds.py): the list's filters, newest first, valid Atom 1.0 in three languages.

Each feed is parsed twice: by feedparser, as feed readers do, and by lxml for
what RFC 4287 requires of the document itself (feedparser forgives a missing
id or updated).
"""

import datetime

import feedparser
import pytest
from django.urls import reverse
from django.utils import timezone, translation
from lxml import etree

from initiatives.models import Initiative
from tests.factories import (
    CountryFactory,
    CountryShareFactory,
    EventFactory,
    InitiativeFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "ru", "kk"]
SITE = "https://tsako.example.org"
ATOM = "{http://www.w3.org/2005/Atom}"
NOW = timezone.now()


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE


def url(name, language="en"):
    with translation.override(language):
        return reverse(name)


def get_feed(client, name, language="en", **params):
    response = client.get(url(f"{name}:feed", language), params)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    return response


def atom(response):
    """The feed checked against RFC 4287's musts; feedparser's reading of it."""
    root = etree.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    for element in [root, *root.iter(f"{ATOM}entry")]:
        for required in ("id", "title", "updated"):
            assert len(element.findall(f"{ATOM}{required}")) == 1, (element.tag, required)
        # Each id an absolute IRI; each date RFC 3339.
        assert element.findtext(f"{ATOM}id").split(":", 1)[0] in ("tag", "https")
        datetime.datetime.fromisoformat(element.findtext(f"{ATOM}updated"))
    selves = [link for link in root.findall(f"{ATOM}link") if link.get("rel") == "self"]
    assert len(selves) == 1
    # An author for the feed covers every entry that has none.
    assert root.find(f"{ATOM}author/{ATOM}name").text
    for entry in root.iter(f"{ATOM}entry"):
        alternates = [
            link for link in entry.findall(f"{ATOM}link") if link.get("rel") == "alternate"
        ]
        assert len(alternates) == 1
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


def kazakh_initiatives():
    """Three initiatives in Kazakhstan added a day apart (oldest first) and one in Kyrgyzstan."""
    kazakhstan, kyrgyzstan = CountryFactory(code="KZ"), CountryFactory(code="KG")
    water = ThemeFactory(slug="water", name_en="Water", name_ru="Вода", name_kk="Су")
    added = []
    for number in range(3):
        initiative = InitiativeFactory(
            slug=f"steppe-{number}",
            title_en=f"Steppe {number}",
            title_ru=f"Степь {number}",
            title_kk=f"Дала {number}",
            summary_en="Restores degraded land.",
            summary_ru="Восстанавливает деградированные земли.",
            summary_kk="Тозған жерлерді қалпына келтіреді.",
            created_at=NOW - datetime.timedelta(days=3 - number),
        )
        initiative.themes.add(water)
        CountryShareFactory(initiative=initiative, country=kazakhstan)
        added.append(initiative)
    other = InitiativeFactory(slug="mountains", created_at=NOW)
    CountryShareFactory(initiative=other, country=kyrgyzstan)
    return added


# --- The initiatives' feed -------------------------------------------------------


def test_initiatives_feed_lists_the_filtered_initiatives_newest_first(client):
    kazakh_initiatives()
    parsed = atom(get_feed(client, "initiatives", country="KZ"))
    assert [entry.title for entry in parsed.entries] == ["Steppe 2", "Steppe 1", "Steppe 0"]
    assert parsed.entries[0].link == f"{SITE}/en/initiatives/steppe-2/"
    assert "Restores degraded land." in parsed.entries[0].summary
    assert "Country KZ" in parsed.entries[0].summary
    assert [tag.term for tag in parsed.entries[0].tags] == ["Water"]
    # Title and links say which list: the filters in words, the list with them.
    assert parsed.feed.title == "TsAKO initiatives: Country: Country KZ"
    assert parsed.feed.link == f"{SITE}/en/initiatives/?country=KZ"
    selves = [link.href for link in parsed.feed.links if link.rel == "self"]
    assert selves == [f"{SITE}/en/initiatives/feed.atom?country=KZ"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_initiatives_feed_speaks_the_feeds_language(client, language):
    added = kazakh_initiatives()
    response = get_feed(client, "initiatives", language, country="KZ")
    parsed = atom(response)
    assert etree.fromstring(response.content).get("{http://www.w3.org/XML/1998/namespace}lang") == (
        language
    )
    titles = {"en": "Steppe 2", "ru": "Степь 2", "kk": "Дала 2"}
    summaries = {
        "en": "Restores degraded land.",
        "ru": "Восстанавливает деградированные земли.",
        "kk": "Тозған жерлерді қалпына келтіреді.",
    }
    themes = {"en": "Water", "ru": "Вода", "kk": "Су"}
    entry = parsed.entries[0]
    assert entry.title == titles[language]
    assert summaries[language] in entry.summary
    assert [tag.term for tag in entry.tags] == [themes[language]]
    assert entry.link == f"{SITE}/{language}/initiatives/steppe-2/"
    # A tag: URI of the record and language: kept when the slug changes.
    day = added[2].created_at.date().isoformat()
    assert entry.id == f"tag:tsako.example.org,{day}:initiative/{added[2].pk}/{language}"
    # The filters in words, in the feed's language.
    assert parsed.feed.title.endswith(
        {"en": "Country KZ", "ru": "Страна KZ", "kk": "Ел KZ"}[language]
    )


def test_initiatives_feed_search_with_control_characters_is_still_xml(client):
    kazakh_initiatives()
    parsed = atom(get_feed(client, "initiatives", q="Steppe\x01\x1f 2"))
    assert parsed.feed.title == "TsAKO initiatives: Search: Steppe 2"


def test_initiatives_feed_ids_survive_a_new_slug(client):
    added = kazakh_initiatives()
    before = atom(get_feed(client, "initiatives", country="KZ")).entries[0]
    added[2].slug = "steppe-renamed"
    added[2].save()
    after = atom(get_feed(client, "initiatives", country="KZ")).entries[0]
    assert after.link.endswith("/steppe-renamed/")
    assert after.id == before.id
    assert after.published == before.published
    assert after.updated > before.updated


def test_initiatives_feed_keeps_at_most_its_limit(client, monkeypatch):
    from initiatives.feeds import InitiativeFeed

    kazakh_initiatives()
    monkeypatch.setattr(InitiativeFeed, "limit", 2)
    parsed = atom(get_feed(client, "initiatives"))
    assert [entry.link.rsplit("/", 2)[1] for entry in parsed.entries] == ["mountains", "steppe-2"]


@pytest.mark.parametrize(
    "params",
    [
        {"country": "ZZ"},
        {"year": "abc"},
        {"theme": "no-such-theme"},
        {"lead": "\x00"},
        {"status": "lost"},
        {"q": "x" * 500},
        {"country": "KZ", "year": "99999"},
    ],
)
def test_initiatives_feed_with_bad_filters_is_an_empty_valid_feed(client, params):
    kazakh_initiatives()
    parsed = atom(get_feed(client, "initiatives", **params))
    assert parsed.entries == []
    assert "not valid" in parsed.feed.subtitle


@pytest.mark.parametrize("language", LANGUAGES)
def test_initiatives_feed_queries_are_bounded(
    client, settings, django_assert_max_num_queries, language
):
    settings.PAGE_CACHE_SECONDS = 0
    water = ThemeFactory(slug="water")
    kazakhstan = CountryFactory(code="KZ")
    for size in (2, 12):
        for number in range(size):
            initiative = InitiativeFactory(slug=f"size-{size}-{number}")
            initiative.themes.add(water)
            CountryShareFactory(initiative=initiative, country=kazakhstan)
        # The countries (the filter's choices, then cached); the theme; the
        # initiatives; their country shares; their region shares; their themes.
        with django_assert_max_num_queries(6):
            parsed = atom(get_feed(client, "initiatives", language, country="KZ", theme="water"))
        assert len(parsed.entries) == {2: 2, 12: 14}[size]


def test_initiatives_feed_is_cached_until_content_changes(client, django_assert_num_queries):
    kazakh_initiatives()
    first = get_feed(client, "initiatives", country="KZ", utm_source="newsletter")
    with django_assert_num_queries(0):
        again = get_feed(client, "initiatives", country="KZ")
    assert again.content == first.content
    InitiativeFactory(slug="newer")  # in no country: the unfiltered feed shows it
    assert b"newer" in get_feed(client, "initiatives").content


def test_initiatives_feed_answers_conditional_get(client):
    kazakh_initiatives()
    first = get_feed(client, "initiatives", country="KZ")
    etag = first["ETag"]
    assert "Last-Modified" not in first
    unchanged = client.get(url("initiatives:feed"), {"country": "KZ"}, HTTP_IF_NONE_MATCH=etag)
    assert unchanged.status_code == 304
    assert client.post(url("initiatives:feed")).status_code == 405
    # A record leaving the list changes the feed, though no newer record came.
    Initiative.objects.get(slug="steppe-0").country_shares.all().delete()
    changed = client.get(url("initiatives:feed"), {"country": "KZ"}, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert b"steppe-0" not in changed.content


@pytest.mark.parametrize("language", LANGUAGES)
def test_initiatives_list_links_its_feed_with_its_filters(client, language):
    kazakh_initiatives()
    with translation.override(language):
        response = client.get(reverse("initiatives:list"), {"country": "KZ", "page": "1"})
    content = response.content.decode()
    feed = f"/{language}/initiatives/feed.atom?country=KZ"
    assert '<link rel="alternate" type="application/atom+xml" title="' in content
    assert f'href="{feed}">' in content
    assert f'<a href="{feed}" type="application/atom+xml">' in content
    # The alert for the same filters (alerts adds it through toolkit.links).
    assert f'href="/{language}/alerts/initiatives/?country=KZ"' in content


def test_initiatives_list_with_bad_filters_offers_no_feed(client):
    response = client.get(url("initiatives:list"), {"year": "abc"})
    assert b"application/atom+xml" not in response.content
    assert b"/alerts/" not in response.content


# --- The events' feed ----------------------------------------------------------------


def test_events_feed_lists_the_filtered_events_newest_first(client):
    water = ThemeFactory(slug="water", name_en="Water")
    for number, start in enumerate([datetime.date(2031, 5, 1), datetime.date(2020, 5, 1)]):
        event = EventFactory(
            slug=f"forum-{number}",
            title_en=f"Forum {number}",
            start_date=start,
            created_at=NOW - datetime.timedelta(days=number),
        )
        event.themes.add(water)
    EventFactory(slug="other-theme", created_at=NOW)
    parsed = atom(get_feed(client, "events", theme="water"))
    assert [entry.title for entry in parsed.entries] == ["Forum 0", "Forum 1"]
    assert "Astana" in parsed.entries[0].summary
    upcoming = atom(get_feed(client, "events", theme="water", when="upcoming"))
    assert [entry.title for entry in upcoming.entries] == ["Forum 0"]
    assert upcoming.feed.link == f"{SITE}/en/events/?theme=water&when=upcoming"


@pytest.mark.parametrize("language", LANGUAGES)
def test_events_feed_is_valid_and_bounded_in_each_language(
    client, settings, django_assert_max_num_queries, language
):
    settings.PAGE_CACHE_SECONDS = 0
    kazakhstan = CountryFactory(code="KZ")
    for size in (2, 12):
        for number in range(size):
            EventFactory(
                slug=f"size-{size}-{number}", title_ru=f"Форум {number}", country=kazakhstan
            )
        # The countries (the filter's choices); the events with their country
        # and parent; their themes.
        with django_assert_max_num_queries(3):
            parsed = atom(get_feed(client, "events", language, country="KZ", when="all"))
        assert len(parsed.entries) == {2: 2, 12: 14}[size]
    if language != "en":
        assert parsed.entries[0].title.startswith("Форум")


@pytest.mark.parametrize("params", [{"when": "someday"}, {"kind": "\x00"}, {"year": "-1"}])
def test_events_feed_with_bad_filters_is_an_empty_valid_feed(client, params):
    EventFactory()
    parsed = atom(get_feed(client, "events", **params))
    assert parsed.entries == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_events_list_links_its_feed_with_its_filters(client, language):
    # Upcoming: the list offers no feed of a selection with nothing in it.
    EventFactory(start_date=timezone.localdate() + datetime.timedelta(days=30))
    with translation.override(language):
        response = client.get(reverse("events:list"), {"when": "upcoming"})
    content = response.content.decode()
    assert f'href="/{language}/events/feed.atom?when=upcoming">' in content
    assert f'href="/{language}/alerts/events/?when=upcoming"' in content

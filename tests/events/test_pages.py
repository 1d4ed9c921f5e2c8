"""The public events pages: list, detail, iCalendar feeds and the sitemap, in en/ru/kk."""

import datetime
import re

import pytest
from django.utils import timezone, translation
from icalendar import Calendar

from events.models import (
    AttendanceMode,
    DateStatus,
    Event,
    EventKind,
    EventListing,
    EventParticipationRole,
    ListingGroup,
)
from tests.factories import (
    CountryFactory,
    EventFactory,
    EventParticipationFactory,
    EventSpokenLanguageFactory,
    ExpectedOutcomeFactory,
    OrganisationFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "ru", "kk"]


# --- Local helpers ---------------------------------------------------------


def days_from_today(days):
    return timezone.localdate() + datetime.timedelta(days=days)


def html(response):
    assert response.status_code == 200
    return response.content.decode()


def titles_in_order(content, *titles):
    """The positions of `titles` in `content` are increasing."""
    positions = [content.index(title) for title in titles]
    return positions == sorted(positions)


def parse_calendar(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def vevents(calendar):
    return {str(component["SUMMARY"]): component for component in calendar.walk("VEVENT")}


def make_summit(consultations=1, side_events=1, outcomes=1, roles=1):
    """A summit with dated consultations, each with side events, outcomes and roles."""
    summit = EventFactory(
        title_en="Regional Ecological Summit 2026",
        slug="summit",
        kind=EventKind.SUMMIT,
        start_date=days_from_today(200),
    )
    summit.themes.set([ThemeFactory()])
    EventSpokenLanguageFactory(event=summit, language="ru")
    for n in range(outcomes):
        ExpectedOutcomeFactory(event=summit, position=n, text_en=f"Outcome number {n}")
    for n in range(roles):
        EventParticipationFactory(
            event=summit,
            organisation=OrganisationFactory(slug=f"org-{n}", name_en=f"Org {n}"),
            role=list(EventParticipationRole)[n % len(EventParticipationRole)],
            position=n,
        )
    for n in range(consultations):
        consultation = EventFactory(
            slug=f"consultation-{n}",
            kind=EventKind.CONSULTATION,
            parent=summit,
            start_date=days_from_today(10 + n),
        )
        for m in range(side_events):
            EventFactory(
                slug=f"side-{n}-{m}",
                kind=EventKind.SIDE_EVENT,
                parent=consultation,
                start_date=days_from_today(10 + n),
            )
    return summit


def make_listed_events(count):
    """`count` upcoming and `count` past events, in Kazakhstan, on water, with a parent."""
    kazakhstan = CountryFactory(code="KZ")
    parent = EventFactory(slug="parent", start_date=days_from_today(100), country=kazakhstan)
    theme = ThemeFactory(slug="water")
    for n in range(count):
        for offset in (n + 1, -n - 1):
            event = EventFactory(
                parent=parent, start_date=days_from_today(offset), country=kazakhstan
            )
            event.themes.set([theme])


# --- Listing order, read group by group -----------------------------------


def make_events_in_every_group():
    """Upcoming, undated, past and held-undated events, some on the same day, some with a time."""
    events = []
    for n in range(9):
        events.append(EventFactory(start_date=days_from_today(n // 2 + 1)))
        events.append(EventFactory(start_date=days_from_today(-(n // 2) - 1)))
        events.append(EventFactory(start_date=None, title_en=f"Undated {n % 3}"))
        if n % 3 == 0:
            status = DateStatus.HELD if n else DateStatus.WAS_SCHEDULED
            events.append(EventFactory(start_date=None, date_status=status, title_en=f"Held {n}"))
    events.append(EventFactory(start_date=days_from_today(1), start_time=datetime.time(9, 30)))
    # Started yesterday, ends tomorrow: still upcoming, as on the page.
    events.append(EventFactory(start_date=days_from_today(-1), end_date=days_from_today(1)))
    return events


@pytest.mark.parametrize(
    ("start", "stop"),
    [(0, 20), (0, 32), (5, 12), (8, 25), (20, 40), (27, 29), (28, 31), (30, 32), (0, 0)],
)
def test_listing_slices_are_those_of_the_one_ordered_query(start, stop):
    make_events_in_every_group()
    ordered = Event.objects.in_listing_order()

    listing = EventListing(ordered)

    assert listing.count() == 32
    # Upcoming, to be announced, past (with a date, then without one).
    assert listing.group_sizes() == [11, 9, 12]
    assert [event.slug for event in listing[start:stop]] == [
        event.slug for event in ordered[start:stop]
    ]


def test_listing_pages_keep_the_groups_apart(client):
    make_events_in_every_group()

    first = html(client.get("/en/events/"))
    second = html(client.get("/en/events/?page=2"))

    assert re.findall(r"<h2>([^<]+)</h2>", first) == ["Upcoming", "Date to be announced"]
    assert re.findall(r"<h2>([^<]+)</h2>", second) == ["Past"]


# --- List page -------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_list_page_in_each_language(client, language):
    EventFactory(
        title_en="Climate School Forum",
        title_ru="Форум климатических школ",
        title_kk="Климаттық мектептер форумы",
        start_date=days_from_today(5),
    )

    content = html(client.get(f"/{language}/events/"))

    assert f'<html lang="{language}">' in content
    expected = {
        "en": "Climate School Forum",
        "ru": "Форум климатических школ",
        "kk": "Климаттық мектептер форумы",
    }[language]
    assert expected in content
    assert content.count("<h1") == 1


def test_list_upcoming_first_then_undated_then_past(client):
    EventFactory(title_en="Last year's forum", start_date=days_from_today(-300))
    EventFactory(title_en="Yesterday's briefing", start_date=days_from_today(-1))
    EventFactory(title_en="Next month's summit", start_date=days_from_today(30))
    EventFactory(title_en="Tomorrow's workshop", start_date=days_from_today(1))
    EventFactory(title_en="Consultation in Dushanbe", start_date=None)

    content = html(client.get("/en/events/"))

    assert titles_in_order(
        content,
        "<h2>Upcoming</h2>",
        "Tomorrow&#x27;s workshop",
        "Next month&#x27;s summit",
        "<h2>Date to be announced</h2>",
        "Consultation in Dushanbe",
        "<h2>Past</h2>",
        "Yesterday&#x27;s briefing",
        "Last year&#x27;s forum",
    )


def test_list_event_running_today_is_upcoming(client):
    EventFactory(
        title_en="Week-long school",
        start_date=days_from_today(-3),
        end_date=days_from_today(3),
    )

    content = html(client.get("/en/events/?when=upcoming"))

    assert "Week-long school" in content
    assert "<h2>Upcoming</h2>" in content


def test_list_when_upcoming_leaves_out_past(client):
    EventFactory(title_en="Coming forum", start_date=days_from_today(10))
    EventFactory(title_en="Undated consultation", start_date=None)
    EventFactory(title_en="Old forum", start_date=days_from_today(-10))

    content = html(client.get("/en/events/?when=upcoming"))

    assert "Coming forum" in content
    assert "Undated consultation" in content
    assert "Old forum" not in content


def test_list_when_past_leaves_out_upcoming_and_undated(client):
    EventFactory(title_en="Coming forum", start_date=days_from_today(10))
    EventFactory(title_en="Undated consultation", start_date=None)
    EventFactory(title_en="Old forum", start_date=days_from_today(-10))

    content = html(client.get("/en/events/?when=past"))

    assert "Old forum" in content
    assert "Coming forum" not in content
    assert "Undated consultation" not in content


def test_list_country_filter_is_repeatable_and_case_insensitive(client):
    EventFactory(title_en="In Kazakhstan", country=CountryFactory(code="KZ"))
    EventFactory(title_en="In Kyrgyzstan", country=CountryFactory(code="KG"))
    EventFactory(title_en="In Tajikistan", country=CountryFactory(code="TJ"))

    content = html(client.get("/en/events/?country=kz&country=KG"))

    assert "In Kazakhstan" in content
    assert "In Kyrgyzstan" in content
    assert "In Tajikistan" not in content


def test_list_kind_filter(client):
    EventFactory(title_en="The summit", kind=EventKind.SUMMIT)
    EventFactory(title_en="The workshop", kind=EventKind.WORKSHOP)

    content = html(client.get("/en/events/?kind=summit"))

    assert "The summit" in content
    assert "The workshop" not in content


def test_list_theme_filter_by_slug(client):
    ThemeFactory(slug="climate-education")
    EventFactory(title_en="On education").themes.set([ThemeFactory(slug="climate-education")])
    EventFactory(title_en="On water").themes.set([ThemeFactory(slug="water")])

    content = html(client.get("/en/events/?theme=climate-education"))

    assert "On education" in content
    assert "On water" not in content


def test_list_year_filter_includes_events_held_in_part_that_year(client):
    EventFactory(
        title_en="New Year school",
        start_date=datetime.date(2024, 12, 30),
        end_date=datetime.date(2025, 1, 3),
    )
    EventFactory(title_en="Spring forum 2025", start_date=datetime.date(2025, 4, 1))
    EventFactory(title_en="Forum 2026", start_date=datetime.date(2026, 4, 1))
    EventFactory(title_en="Undated forum", start_date=None)

    content = html(client.get("/en/events/?year=2025"))

    assert "New Year school" in content
    assert "Spring forum 2025" in content
    assert "Forum 2026" not in content
    assert "Undated forum" not in content


def test_list_search_covers_title_summary_description_city_and_venue(client):
    EventFactory(title_en="Glacier day")
    EventFactory(title_en="Second", summary_en="About glaciers in the Pamirs.")
    EventFactory(title_en="Third", description_en="Melting glaciers.")
    EventFactory(title_en="Fourth", city_en="Glacierville")
    EventFactory(title_en="Fifth", venue_en="Glacier Hall")
    EventFactory(title_en="Unrelated", summary_en="Deserts.")

    content = html(client.get("/en/events/?q=glacier"))

    for title in ["Glacier day", "Second", "Third", "Fourth", "Fifth"]:
        assert f">{title}</a>" in content
    assert "Unrelated" not in content


def test_list_search_reads_the_readers_language(client):
    EventFactory(title_en="Water forum", title_ru="Водный форум")

    # Lower case in the text: SQLite's LIKE folds the case of ASCII letters only.
    assert "Водный форум" in html(client.get("/ru/events/?q=форум"))
    assert "Водный форум" not in html(client.get("/en/events/?q=форум"))


def test_list_card_shows_kind_parent_place_and_precision(client):
    summit = EventFactory(
        title_en="Regional Ecological Summit 2026",
        kind=EventKind.SUMMIT,
        country=CountryFactory(code="KZ", name_en="Kazakhstan"),
    )
    EventFactory(
        title_en="Online consultation",
        kind=EventKind.CONSULTATION,
        parent=summit,
        start_date=datetime.date(2025, 11, 1),
        start_precision="month",
        city_en="",
        country=None,
        attendance=AttendanceMode.ONLINE,
    )

    content = html(client.get("/en/events/"))

    assert "Consultation for Regional Ecological Summit 2026" in content
    assert '<time datetime="2025-11">November 2025</time>' in content
    assert "1 November 2025" not in content
    assert "November 2025</time> · Held online</p>" in content
    assert "Astana, Kazakhstan" in content


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "November 2025"), ("ru", "ноябрь 2025\u202fг."), ("kk", "2025\u202fж. қараша")],
)
def test_list_month_precision_in_the_readers_language(client, language, expected):
    EventFactory(start_date=datetime.date(2025, 11, 1), start_precision="month")

    content = html(client.get(f"/{language}/events/"))

    assert f'<time datetime="2025-11">{expected}</time>' in content


def test_list_paginates_with_shareable_links(client):
    for n in range(25):
        EventFactory(title_en=f"Kind workshop {n}", kind=EventKind.WORKSHOP)

    content = html(client.get("/en/events/?kind=workshop&page=2"))

    assert 'href="?kind=workshop&amp;page=2" aria-label="Page 2" aria-current="page"' in content
    # The first page has no number in its address.
    assert 'href="?kind=workshop" aria-label="Page 1">1</a>' in content
    assert content.count('class="card"') == 5


def test_list_links_to_the_filtered_feed(client):
    EventFactory(kind=EventKind.SUMMIT)

    content = html(client.get("/en/events/?kind=summit&page=2"))

    assert 'href="/en/events/calendar.ics?kind=summit"' in content


@pytest.mark.parametrize(
    "query",
    [
        "country=XX",
        "kind=party",
        "theme=no-such-theme",
        "year=abc",
        "year=99999999999999999999999",
        "year=-5",
        "when=tomorrow",
        "q=" + "x" * 201,
        "q=a%00b",
        "theme=a%00b",
        "country=K%00Z",
        "kind=summit%00",
        "year=20%0025",
    ],
)
def test_list_bad_filter_shows_form_error(client, query):
    EventFactory(title_en="Some forum")

    content = html(client.get(f"/en/events/?{query}"))

    assert 'class="errors"' in content
    assert "Correct the filters to see the events." in content
    assert "Some forum" not in content


@pytest.mark.parametrize(
    "query",
    [
        "page=abc",
        "page=99999",
        "page=-1",
        "page=%00",
        "year=2026&year=2026",
        "unknown=1",
        "q=",
        "country=",
    ],
)
def test_list_malformed_but_harmless_parameters_still_list(client, query):
    EventFactory(title_en="Some forum", start_date=datetime.date(2026, 4, 22))

    content = html(client.get(f"/en/events/?{query}"))

    assert "Some forum" in content


def test_list_rejects_post(client):
    assert client.post("/en/events/").status_code == 405


# --- Detail page -----------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_detail_page_in_each_language(client, language):
    EventFactory(
        slug="forum",
        title_en="Youth Climate Forum",
        title_ru="Молодёжный климатический форум",
        title_kk="Жастар климат форумы",
        summary_en="Young people meet.",
        summary_ru="Встреча молодёжи.",
        summary_kk="Жастар кездесуі.",
    )

    content = html(client.get(f"/{language}/events/forum/"))

    assert f'<html lang="{language}">' in content
    title = {
        "en": "Youth Climate Forum",
        "ru": "Молодёжный климатический форум",
        "kk": "Жастар климат форумы",
    }[language]
    assert f"<h1>{title}</h1>" in content
    assert content.count("<h1") == 1
    assert 'class="notice"' not in content


def test_detail_says_when_text_falls_back_to_another_language(client):
    EventFactory(slug="forum", title_en="Forum", title_ru="Форум", summary_ru="")

    content = html(client.get("/kk/events/forum/"))

    assert '<h1><span lang="ru">Форум</span> <small class="in-language" lang="kk">' in content
    assert 'class="notice"' in content


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "November 2025"), ("ru", "ноябрь 2025\u202fг."), ("kk", "2025\u202fж. қараша")],
)
def test_detail_month_precision_is_not_a_day(client, language, expected):
    EventFactory(slug="forum", start_date=datetime.date(2025, 11, 1), start_precision="month")

    content = html(client.get(f"/{language}/events/forum/"))

    assert f'<time datetime="2025-11">{expected}</time>' in content


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "ru",
            '<time datetime="2026-04-22">22</time>—'
            '<time datetime="2026-04-24">24 апреля 2026\u202fг.</time>',
        ),
        (
            "kk",
            '<time datetime="2026-04-22">2026\u202fж. 22</time>–'
            '<time datetime="2026-04-24">24 сәуір</time>',
        ),
        (
            "en",
            '<time datetime="2026-04-22">April 22</time>\u2009–\u2009'
            '<time datetime="2026-04-24">24, 2026</time>',
        ),
    ],
)
def test_detail_day_range_is_the_interval_format_with_each_end_a_time(client, language, expected):
    EventFactory(
        slug="forum", start_date=datetime.date(2026, 4, 22), end_date=datetime.date(2026, 4, 24)
    )

    content = html(client.get(f"/{language}/events/forum/"))

    assert expected in content


def test_detail_times_are_in_the_venues_zone(client, settings):
    settings.TIME_ZONE = "Asia/Almaty"
    EventFactory(
        slug="london",
        start_date=datetime.date(2026, 6, 10),
        start_time=datetime.time(14, 30),
        end_time=datetime.time(16, 15),
        time_zone="Europe/London",
    )

    content = html(client.get("/en/events/london/"))

    # CLDR's English short time; the zone's offset in the machine-readable value.
    assert '<time datetime="2026-06-10T14:30:00+01:00">2:30\u202fPM</time>' in content
    assert '<time datetime="2026-06-10T16:15:00+01:00">4:15\u202fPM</time>' in content
    assert "4:15\u202fPM</time> (Europe/London)" in content


def test_detail_shows_place_languages_outcomes_roles_themes_and_website(client):
    event = EventFactory(
        slug="forum",
        start_date=days_from_today(30),
        venue_en="Palace of Independence",
        address_en="52 Mangilik El Avenue",
        city_en="Astana",
        country=CountryFactory(code="KZ", name_en="Kazakhstan"),
        attendance=AttendanceMode.HYBRID,
        interpretation_en="Simultaneous interpretation provided",
        description_en="A long description.",
        website="https://example.org/forum",
    )
    event.themes.set([ThemeFactory(name_en="Climate education")])
    EventSpokenLanguageFactory(event=event, language="ru", position=0)
    EventSpokenLanguageFactory(event=event, language="en", position=1)
    ExpectedOutcomeFactory(event=event, position=2, text_en="A shared roadmap")
    ExpectedOutcomeFactory(event=event, position=1, text_en="A joint statement")
    EventParticipationFactory(
        event=event,
        role=EventParticipationRole.PARTNER,
        organisation=OrganisationFactory(slug="unep", name_en="UN Environment"),
    )
    EventParticipationFactory(
        event=event,
        role=EventParticipationRole.ORGANISER,
        organisation=OrganisationFactory(slug="eco", name_en="EcoCentre"),
    )

    content = html(client.get("/en/events/forum/"))

    for text in [
        "Palace of Independence",
        "52 Mangilik El Avenue",
        "Astana",
        "Kazakhstan",
        "Held in person; can also be followed online.",
        "Russian, English. Simultaneous interpretation provided",
        "A long description.",
        "<li>Climate education</li>",
        'href="https://example.org/forum"',
        'href="/en/events/forum/calendar.ics"',
    ]:
        assert text in content
    assert re.search(r"<ol>\s*<li>A joint statement</li><li>A shared roadmap</li>", content)
    assert titles_in_order(
        content,
        "<h3>Organisers</h3>",
        '<a href="/en/members/eco/">EcoCentre</a>',
        "<h3>Partners</h3>",
        '<a href="/en/members/unep/">UN Environment</a>',
    )


def test_detail_summit_timeline_by_date_with_side_events_nested(client):
    summit = EventFactory(slug="summit", title_en="Summit", kind=EventKind.SUMMIT)
    later = EventFactory(
        title_en="Consultation in Bishkek", parent=summit, start_date=datetime.date(2026, 3, 1)
    )
    EventFactory(title_en="Consultation in Dushanbe", parent=summit, start_date=None, end_date=None)
    EventFactory(
        title_en="Consultation in Almaty", parent=summit, start_date=datetime.date(2026, 1, 15)
    )
    EventFactory(title_en="Youth side event", parent=later, start_date=datetime.date(2026, 3, 1))

    content = html(client.get("/en/events/summit/"))

    timeline = content[content.index('<ol class="timeline">') :]
    assert titles_in_order(
        timeline,
        "Consultation in Almaty",
        "Consultation in Bishkek",
        "Youth side event",
        "Consultation in Dushanbe",
        "</ol>",
    )
    nested = (
        r"Consultation in Bishkek</a></h3>[^<]*<p[^>]*>.*?</p>\s*<ul>\s*<li><a [^>]*>Youth side"
    )
    assert re.search(nested, timeline, re.S)


def test_detail_consultation_links_back_and_shows_its_side_events(client):
    summit = EventFactory(slug="summit", title_en="Regional Ecological Summit 2026")
    consultation = EventFactory(slug="consultation", parent=summit)
    EventFactory(slug="side", title_en="Youth side event", parent=consultation)

    content = html(client.get("/en/events/consultation/"))

    assert 'Part of: <a href="/en/events/summit/">Regional Ecological Summit 2026</a>' in content
    assert '<ol class="timeline">' in content
    assert 'href="/en/events/side/">Youth side event</a>' in content


def test_detail_undated_event_has_no_calendar_link(client):
    EventFactory(slug="tba", start_date=None)

    content = html(client.get("/en/events/tba/"))

    assert "Date to be announced" in content
    assert "calendar.ics" not in content.split("<footer")[0]


# Held on a date no source gives, due at a time now over, and how people attend, in each language.
HELD = {
    "en": "Held; date not given",
    "ru": "Состоялось; дата не указана",
    "kk": "Өтті; күні көрсетілмеген",
}
WAS_SCHEDULED = {
    "en": "Was scheduled; date not given",
    "ru": "Было запланировано; дата не указана",
    "kk": "Жоспарланған болатын; күні көрсетілмеген",
}
HELD_ONLINE = {"en": "Held online.", "ru": "В онлайн-формате.", "kk": "Онлайн форматта."}
FOLLOWED_ONLINE = {
    "en": "Held in person; can also be followed online.",
    "ru": "Очно; можно также следить онлайн.",
    "kk": "Бетпе-бет форматта; онлайн да қадағалауға болады.",
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_detail_held_on_a_date_not_given(client, language):
    EventFactory(slug="c5", start_date=None, date_status=DateStatus.HELD)
    EventFactory(slug="tenth", start_date=None, date_status=DateStatus.WAS_SCHEDULED)

    content = html(client.get(f"/{language}/events/c5/"))

    assert HELD[language] in content
    assert "calendar.ics" not in content.split("<footer")[0]
    assert WAS_SCHEDULED[language] in html(client.get(f"/{language}/events/tenth/"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_list_puts_events_held_on_no_date_given_last_under_past(client, language):
    EventFactory(slug="tomorrow", start_date=days_from_today(1))
    EventFactory(slug="tba", start_date=None)
    EventFactory(slug="last-year", start_date=days_from_today(-300))
    EventFactory(slug="c5", start_date=None, date_status=DateStatus.HELD)
    EventFactory(slug="tenth", start_date=None, date_status=DateStatus.WAS_SCHEDULED)
    with translation.override(language):
        upcoming, tba, past = (str(group.label) for group in ListingGroup)

    content = html(client.get(f"/{language}/events/"))

    assert titles_in_order(
        content,
        f"<h2>{upcoming}</h2>",
        f"/{language}/events/tomorrow/",
        f"<h2>{tba}</h2>",
        f"/{language}/events/tba/",
        f"<h2>{past}</h2>",
        f"/{language}/events/last-year/",
        f"/{language}/events/c5/",
        HELD[language],
    )
    assert WAS_SCHEDULED[language] in content
    assert content.count("<h2>") == 3


@pytest.mark.parametrize(
    ("when", "shown"),
    [("upcoming", {"tomorrow", "tba"}), ("past", {"last-year", "c5", "tenth"})],
)
def test_list_when_never_calls_held_events_upcoming(client, when, shown):
    for slug, start, status in [
        ("tomorrow", days_from_today(1), ""),
        ("tba", None, ""),
        ("last-year", days_from_today(-300), ""),
        ("c5", None, DateStatus.HELD),
        ("tenth", None, DateStatus.WAS_SCHEDULED),
    ]:
        EventFactory(slug=slug, start_date=start, date_status=status)

    content = html(client.get(f"/en/events/?when={when}"))

    assert set(re.findall(r'<h3><a href="/en/events/([^/]+)/">', content)) == shown


@pytest.mark.parametrize("language", LANGUAGES)
def test_detail_held_online_is_not_followed_online(client, language):
    EventFactory(slug="online", attendance=AttendanceMode.ONLINE, city_en="", country=None)
    EventFactory(slug="hybrid", attendance=AttendanceMode.HYBRID)
    EventFactory(slug="unsaid")

    online = html(client.get(f"/{language}/events/online/"))
    hybrid = html(client.get(f"/{language}/events/hybrid/"))

    assert HELD_ONLINE[language] in online and FOLLOWED_ONLINE[language] not in online
    assert FOLLOWED_ONLINE[language] in hybrid and HELD_ONLINE[language] not in hybrid
    unsaid = html(client.get(f"/{language}/events/unsaid/"))
    assert HELD_ONLINE[language] not in unsaid and FOLLOWED_ONLINE[language] not in unsaid


@pytest.mark.parametrize("path", ["no-such-event/", "a%00b/", "%D1%84/", "x" * 300 + "/"])
def test_detail_unknown_slug_is_404(client, path):
    assert client.get(f"/en/events/{path}").status_code == 404


def test_feed_and_pages_answer_head_requests(client):
    EventFactory(slug="forum")

    for path in ["/en/events/", "/en/events/forum/", "/en/events/calendar.ics"]:
        assert client.head(path).status_code == 200


# --- iCalendar -------------------------------------------------------------


def test_event_calendar_times_in_the_venues_zone(client):
    EventFactory(
        slug="london",
        title_en="London briefing",
        start_date=datetime.date(2026, 6, 10),
        start_time=datetime.time(14, 30),
        end_time=datetime.time(16, 15),
        time_zone="Europe/London",
    )

    response = client.get("/en/events/london/calendar.ics")
    calendar = parse_calendar(response)

    assert response["Content-Disposition"] == 'attachment; filename="london.ics"'
    assert calendar["VERSION"] == "2.0"
    assert "TsAKO" in str(calendar["PRODID"])
    [event] = calendar.walk("VEVENT")
    assert event["DTSTART"].params["TZID"] == "Europe/London"
    assert event["DTSTART"].dt == datetime.datetime(
        2026, 6, 10, 14, 30, tzinfo=event["DTSTART"].dt.tzinfo
    )
    assert event["DTSTART"].dt.utcoffset() == datetime.timedelta(hours=1)
    assert event["DTEND"].dt.hour == 16
    assert event["DTEND"].dt.minute == 15
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/London"]
    assert str(event["UID"]) == "london@localhost"
    assert "DTSTAMP" in event
    assert str(event["URL"]) == "http://localhost:8000/en/events/london/"
    assert b"DTSTART;TZID=Europe/London:20260610T143000" in response.content


def test_event_calendar_month_or_year_is_left_out(client):
    # In a calendar it would be a block over the whole month: a false fact.
    # Next year's, so not past: a past event's page says nothing of calendars.
    year = timezone.localdate().year + 1
    EventFactory(slug="november", start_date=datetime.date(year, 11, 1), start_precision="month")
    EventFactory(slug="year", start_date=datetime.date(year, 1, 1), start_precision="year")
    EventFactory(
        slug="to-november",
        start_date=datetime.date(year, 10, 30),
        end_date=datetime.date(year, 11, 1),
        end_precision="month",
    )

    for slug in ["november", "year", "to-november"]:
        assert client.get(f"/en/events/{slug}/calendar.ics").status_code == 404
        content = html(client.get(f"/en/events/{slug}/"))
        assert f"/events/{slug}/calendar.ics" not in content
        assert "Not in calendars: its date is known only to the month or the year." in content


def test_event_calendar_days_end_the_day_after(client):
    EventFactory(
        slug="forum", start_date=datetime.date(2026, 4, 22), end_date=datetime.date(2026, 4, 24)
    )

    response = client.get("/en/events/forum/calendar.ics")
    [event] = parse_calendar(response).walk("VEVENT")

    assert event["DTSTART"].dt == datetime.date(2026, 4, 22)
    assert event["DTEND"].dt == datetime.date(2026, 4, 25)
    assert b"VTIMEZONE" not in response.content


@pytest.mark.parametrize(
    ("language", "summary", "location"),
    [
        ("en", "Water forum", "Congress Hall, Astana, Kazakhstan"),
        ("ru", "Водный форум", "Конгресс-холл, Астана, Казахстан"),
        ("kk", "Су форумы", "Конгресс-холл, Астана, Қазақстан"),
    ],
)
def test_event_calendar_in_the_request_language(client, language, summary, location):
    EventFactory(
        slug="water",
        title_en="Water forum",
        title_ru="Водный форум",
        title_kk="Су форумы",
        venue_en="Congress Hall",
        venue_ru="Конгресс-холл",
        city_en="Astana",
        city_ru="Астана",
        country=CountryFactory(
            code="KZ", name_en="Kazakhstan", name_ru="Казахстан", name_kk="Қазақстан"
        ),
    )

    [event] = parse_calendar(client.get(f"/{language}/events/water/calendar.ics")).walk("VEVENT")

    assert str(event["SUMMARY"]) == summary
    assert str(event["LOCATION"]) == location
    assert str(event["URL"]).endswith(f"/{language}/events/water/")


def test_event_calendar_unknown_or_undated_is_404(client):
    EventFactory(slug="tba", start_date=None)

    assert client.get("/en/events/nothing/calendar.ics").status_code == 404
    assert client.get("/en/events/tba/calendar.ics").status_code == 404


def test_calendar_feed_leaves_out_undated_and_year_and_mixes_zones(client):
    EventFactory(
        title_en="Almaty morning",
        start_date=datetime.date(2026, 5, 5),
        start_time=datetime.time(9, 0),
        time_zone="Asia/Almaty",
    )
    EventFactory(
        title_en="London afternoon",
        start_date=datetime.date(2026, 5, 6),
        start_time=datetime.time(14, 0),
        end_time=datetime.time(15, 0),
        time_zone="Europe/London",
    )
    EventFactory(title_en="All year", start_date=datetime.date(2027, 1, 1), start_precision="year")
    EventFactory(title_en="Undated", start_date=None)

    response = client.get("/en/events/calendar.ics")
    calendar = parse_calendar(response)

    assert response["Content-Disposition"] == 'attachment; filename="tsako-events-en.ics"'
    events = vevents(calendar)
    assert set(events) == {"Almaty morning", "London afternoon"}
    assert events["Almaty morning"]["DTSTART"].params["TZID"] == "Asia/Almaty"
    assert {str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")} == {
        "Asia/Almaty",
        "Europe/London",
    }


def test_calendar_feed_applies_the_list_filters(client):
    kazakhstan = CountryFactory(code="KZ")
    soon = days_from_today(5)
    EventFactory(
        title_en="Summit in Kazakhstan", kind=EventKind.SUMMIT, country=kazakhstan, start_date=soon
    )
    EventFactory(
        title_en="Workshop in Kazakhstan",
        kind=EventKind.WORKSHOP,
        country=kazakhstan,
        start_date=soon,
    )
    EventFactory(
        title_en="Summit in Uzbekistan",
        kind=EventKind.SUMMIT,
        country=CountryFactory(code="UZ"),
        start_date=soon,
    )
    EventFactory(
        title_en="Old summit",
        kind=EventKind.SUMMIT,
        country=kazakhstan,
        start_date=days_from_today(-5),
    )

    calendar = parse_calendar(
        client.get("/en/events/calendar.ics?kind=summit&country=kz&when=upcoming&page=3")
    )

    assert set(vevents(calendar)) == {"Summit in Kazakhstan"}


@pytest.mark.parametrize(
    "query", ["year=abc", "country=XX", "kind=party", "theme=nope", "q=a%00b", "theme=a%00b"]
)
def test_calendar_feed_bad_filter_is_400_in_plain_text(client, query):
    response = client.get(f"/en/events/calendar.ics?{query}")

    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "These filters are not valid" in response.content.decode()


# --- Sitemap ---------------------------------------------------------------


def test_sitemap_lists_every_event_in_each_language(client):
    EventFactory(slug="forum")

    content = client.get("/sitemap-events.xml").content.decode()

    for language in LANGUAGES:
        assert f"http://testserver/{language}/events/forum/" in content


# --- Bounded queries -------------------------------------------------------


@pytest.mark.parametrize("count", [1, 12])
def test_list_queries_do_not_grow_with_events(client, django_assert_num_queries, count):
    make_listed_events(count)

    # 1. the countries (the country filter's choices), 2. the themes (the theme
    # filter's choices), 3. the size of each listing group (the paginator's
    # count), 4. the page of events with their country and parent, 5. their themes,
    # 6. the events per year (the chart), 7.-9. the facet counts (one GROUP BY
    # each: kind, country, theme), 10. the countries with any event (offered).
    with django_assert_num_queries(10):
        html(client.get("/en/events/?when=all"))


@pytest.mark.parametrize("count", [1, 12])
def test_filtered_list_queries_do_not_grow_with_events(client, django_assert_num_queries, count):
    make_listed_events(count)
    year = timezone.localdate().year

    # 1. the countries, read once to validate ?country= and draw the form,
    # 2. the theme by its slug, to validate ?theme=, 3. the size of each
    # listing group, 4. the page of events with their country and parent,
    # 5. their themes, 6. the themes, as the form's choices, 7. the events per
    # year (the chart; a search's is not kept), 8.-10. the facet counts (kind,
    # country, theme), 11. the countries with any event.
    with django_assert_num_queries(11):
        content = html(client.get(f"/en/events/?country=KZ&theme=water&year={year}&q=event"))
    assert 'class="card"' in content


@pytest.mark.parametrize(("consultations", "outcomes", "roles"), [(1, 1, 1), (8, 6, 7)])
def test_detail_queries_do_not_grow_with_children(
    client, django_assert_num_queries, consultations, outcomes, roles
):
    make_summit(consultations=consultations, side_events=3, outcomes=outcomes, roles=roles)

    # 1. the event with its country and parent, 2. its themes, 3. its languages,
    # 4. its outcomes, 5. its roles with their organisations, 6. its children
    # (consultations) with their countries, 7. their children (side events).
    with django_assert_num_queries(7):
        content = html(client.get("/en/events/summit/"))
    assert content.count('<li><a href="/en/events/side-') == consultations * 3


@pytest.mark.parametrize("count", [1, 12])
def test_calendar_feed_queries_do_not_grow_with_events(client, django_assert_num_queries, count):
    make_listed_events(count)

    # 1. the dated events with their countries.
    with django_assert_num_queries(1):
        calendar = parse_calendar(client.get("/en/events/calendar.ics"))
    assert len(calendar.walk("VEVENT")) == 2 * count + 1

    # With filters: 1. the countries (to validate ?country=), 2. the theme by its
    # slug, 3. the events.
    with django_assert_num_queries(3):
        parse_calendar(client.get("/en/events/calendar.ics?country=KZ&theme=water"))

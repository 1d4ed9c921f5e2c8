"""Calendars (events/calendars.py): escaping, folding, no empty calendar, days only.

Each response passes RFC 5545's lexical rules and is read alike by `icalendar`
and `ical` (tests/events/calendar_checks.py); the seed's calendars are in
test_seeded_calendars.py.
"""

import datetime

import pytest

from events.models import AttendanceMode
from tests.events.calendar_checks import calendar_name, read_calendar
from tests.factories import CountryFactory, EventFactory

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "ru", "kk"]


@pytest.fixture
def kazakhstan(db):
    return CountryFactory(code="KZ", name_en="Kazakhstan", name_ru="Казахстан")


def test_calendar_escapes_every_text_property(client, kazakhstan):
    EventFactory(
        slug="odd",
        title_en='Water, energy; food \\ "nexus"',
        summary_en="First line,\nsecond; line",
        description_en="Back\\slash",
        venue_en="Hall 1; floor 2",
        city_en="Astana",
        country=kazakhstan,
        start_date=datetime.date(2026, 5, 5),
    )

    response = client.get("/en/events/odd/calendar.ics")
    first, second = read_calendar(response)

    assert calendar_name(first, second) == 'Water, energy; food \\ "nexus"'
    [vevent], [other] = first.walk("VEVENT"), second.events
    assert str(vevent["SUMMARY"]) == other.summary == 'Water, energy; food \\ "nexus"'
    assert (
        str(vevent["DESCRIPTION"])
        == other.description
        == ("First line,\nsecond; line\n\nBack\\slash")
    )
    assert str(vevent["LOCATION"]) == other.location == "Hall 1; floor 2, Astana, Kazakhstan"
    assert b'NAME:Water\\, energy\\; food \\\\ "nexus"\r\n' in response.content
    assert b"X-WR-CALNAME:Water\\, energy\\; food" in response.content


@pytest.mark.parametrize("language", LANGUAGES)
def test_calendar_folds_long_lines_between_characters(client, language):
    # Two-octet letters: a fold at 75 characters would be 150 octets, one at 75
    # octets may fall inside a letter; content_lines checks both.
    title = "Өңірлік экологиялық саммит: орнықты болашақтың ортақ пайымы, " * 4
    EventFactory(slug="long", title_en=title, title_ru=title, title_kk=title, summary_en=title)

    first, second = read_calendar(client.get(f"/{language}/events/long/calendar.ics"))

    assert calendar_name(first, second) == title
    assert str(first.walk("VEVENT")[0]["SUMMARY"]) == second.events[0].summary == title


def test_empty_calendar_carries_a_time_zone_and_no_event(client, db):
    first, second = read_calendar(client.get("/en/events/calendar.ics?when=upcoming"))

    assert first.walk("VEVENT") == [] and second.events == []
    assert [str(zone["TZID"]) for zone in first.walk("VTIMEZONE")] == ["Asia/Almaty"]


def test_calendar_leaves_out_month_and_year_precision(client, db):
    EventFactory(slug="day", start_date=datetime.date(2026, 5, 5))
    EventFactory(slug="month", start_date=datetime.date(2026, 5, 1), start_precision="month")
    EventFactory(slug="year", start_date=datetime.date(2026, 1, 1), start_precision="year")

    first, second = read_calendar(client.get("/en/events/calendar.ics"))

    assert [str(vevent["UID"]) for vevent in first.walk("VEVENT")] == ["day@localhost"]
    assert [vevent.uid for vevent in second.events] == ["day@localhost"]


@pytest.mark.parametrize(
    ("attendance", "country", "location"),
    [
        (AttendanceMode.ONLINE, None, "Held online"),
        (AttendanceMode.ONLINE, "KZ", "Astana, Kazakhstan (held online)"),
        (AttendanceMode.HYBRID, "KZ", "Astana, Kazakhstan (also online)"),
        (AttendanceMode.IN_PERSON, "KZ", "Astana, Kazakhstan"),
        ("", "KZ", "Astana, Kazakhstan"),
    ],
)
def test_calendar_location_says_held_online_or_also_online(
    client, kazakhstan, attendance, country, location
):
    EventFactory(
        slug="meeting",
        attendance=attendance,
        city_en="Astana" if country else "",
        country=kazakhstan if country else None,
    )

    first, second = read_calendar(client.get("/en/events/meeting/calendar.ics"))

    assert str(first.walk("VEVENT")[0]["LOCATION"]) == second.events[0].location == location

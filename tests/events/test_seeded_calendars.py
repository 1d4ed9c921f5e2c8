"""Every calendar address of the seed, in the three languages, valid and read alike.

Each event's file and the list's calendar under several filters: RFC 5545's
lexical rules, then `icalendar` and `ical` (tests/events/calendar_checks.py).
The seed is loaded once for the module.
"""

import pytest
from django.http import QueryDict
from django.utils import translation

from events.filters import EventFilter
from events.models import Event
from tests.events.calendar_checks import calendar_name, check_events, read_calendar

LANGUAGES = ["en", "ru", "kk"]

# What calendar clients are given on the list page: its filters, in several combinations.
LIST_QUERIES = [
    "",
    "when=upcoming",
    "when=past",
    "kind=side_event",
    "kind=consultation&when=past",
    "country=KZ",
    "theme=supporting-the-climate-transition",
    "year=2025",
    "q=COP",
    "year=2000",  # nothing: the calendar still holds a component
]


@pytest.fixture
def seeded(seeded_module, db):
    return seeded_module


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_seeded_events_calendar_is_valid_and_read_alike(client, seeded, language):
    events = list(Event.objects.select_related("country"))
    with translation.override(language):
        # The bug this guards against: titles with commas, written unescaped in NAME.
        assert any("," in event.title for event in events if event.in_calendars)

    for event in events:
        response = client.get(f"/{language}/events/{event.slug}/calendar.ics")
        if not event.in_calendars:
            # Undated, held on a date not given, or known only to the month or year.
            assert response.status_code == 404
            continue
        first, second = read_calendar(response)
        with translation.override(language):
            assert calendar_name(first, second) == event.title
        check_events(first, second, [event], language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_seeded_list_calendar_is_valid_and_read_alike(client, seeded, language):
    for query in LIST_QUERIES:
        response = client.get(f"/{language}/events/calendar.ics?{query}")
        first, second = read_calendar(response)

        shown = EventFilter(QueryDict(query) or None).qs
        placed = [event for event in shown if event.in_calendars]
        with translation.override(language):
            assert calendar_name(first, second) == translation.gettext("TsAKO events")
        check_events(first, second, placed, language, query)
        if not placed:
            # RFC 5545 wants a component: the portal's time zone, which clients show nothing for.
            assert [str(zone["TZID"]) for zone in first.walk("VTIMEZONE")] == ["Asia/Almaty"]
            assert [zone.tz_id for zone in second.timezones] == ["Asia/Almaty"]


def test_seeded_month_events_are_in_no_calendar(client, seeded):
    # COP30 (Belém, November 2025), COP26 (Glasgow, November 2021) and the UNEA-7 side
    # event (December 2025) are known to the month only: never a month-long block.
    content = client.get("/en/events/calendar.ics").content.decode()

    for slug in ["cop30-belem", "cop26-glasgow", "unea-7-drying-seas-and-lakes"]:
        assert f"UID:{slug}@" not in content
        assert client.get(f"/en/events/{slug}/calendar.ics").status_code == 404
    assert "UID:cop30-climate-migration-green-skills@" in content  # its side events are dated

"""The API's events: dates at their precision, languages, outcomes, roles, the pages' filters."""

import datetime

import pytest

from events.models import AttendanceMode, DateStatus, EventParticipationRole
from tests.api_helpers import data, days, slugs
from tests.factories import (
    EventFactory,
    EventParticipationFactory,
    EventSpokenLanguageFactory,
    ExpectedOutcomeFactory,
    OrganisationFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


# --- Events ----------------------------------------------------------------


def test_event_with_precise_dates_languages_outcomes_and_roles(client, kazakhstan):
    host = OrganisationFactory(slug="host", name_en="Host", short_name_en="H")
    summit = EventFactory(slug="summit", title_en="Summit")
    event = EventFactory(
        slug="consultation",
        title_en="Consultation",
        title_ru="Консультация",
        title_kk="",
        parent=summit,
        country=kazakhstan,
        start_date=datetime.date(2025, 11, 1),
        start_precision="month",
        end_date=None,
    )
    EventSpokenLanguageFactory(event=event, language="ru", position=1)
    EventSpokenLanguageFactory(event=event, language="kk", position=2)
    ExpectedOutcomeFactory(event=event, text_en="A declaration", text_ru="Декларация")
    EventParticipationFactory(
        event=event, organisation=host, role=EventParticipationRole.HOST, note_en="Venue"
    )

    body = data(client, "events/consultation/")

    assert body["title"] == {"en": "Consultation", "ru": "Консультация", "kk": ""}
    assert body["parent"]["slug"] == "summit"
    assert body["start"] == {
        "date": "2025-11-01",
        "precision": "month",
        "iso": "2025-11",
        "display": {
            "en": "November 2025",
            "ru": "ноябрь 2025\u202fг.",
            "kk": "2025\u202fж. қараша",
        },
    }
    assert body["end"]["date"] == "2025-11-30"
    assert body["end"]["iso"] == "2025-11"
    assert body["languages"] == ["ru", "kk"]
    assert body["outcomes"] == [{"text": {"en": "A declaration", "ru": "Декларация", "kk": ""}}]
    assert body["organisations"][0]["organisation"]["slug"] == "host"
    assert body["organisations"][0]["role"] == "host"
    assert body["organisations"][0]["note"]["en"] == "Venue"
    assert body["country"]["code"] == "KZ"
    assert data(client, "events/summit/")["children"][0]["slug"] == "consultation"


def test_undated_event_has_null_dates(client):
    EventFactory(slug="tba", start_date=None)

    body = data(client, "events/tba/")

    assert body["start"] is None
    assert body["end"] is None


def test_event_date_status_and_attendance(client):
    EventFactory(
        slug="c5",
        start_date=None,
        date_status=DateStatus.HELD,
        attendance=AttendanceMode.ONLINE,
        city_en="",
        country=None,
    )
    EventFactory(slug="hybrid", start_date=days(5), attendance=AttendanceMode.HYBRID)
    EventFactory(slug="tba", start_date=None)

    held, hybrid, tba = (data(client, f"events/{slug}/") for slug in ["c5", "hybrid", "tba"])

    assert (held["start"], held["date_status"]) == (None, "held")
    assert (held["attendance"], held["is_online"]) == ("online", True)
    assert (hybrid["date_status"], hybrid["attendance"], hybrid["is_online"]) == (
        "",
        "hybrid",
        True,
    )
    assert (tba["date_status"], tba["attendance"], tba["is_online"]) == (
        "to_be_announced",
        "",
        False,
    )
    # Held on a date not given: past, never upcoming, after the dated past events.
    assert slugs(client, "events/") == ["hybrid", "tba", "c5"]
    assert slugs(client, "events/", {"when": "upcoming"}) == ["hybrid", "tba"]
    assert slugs(client, "events/", {"when": "past"}) == ["c5"]


def test_event_filters_are_the_events_pages(client, kazakhstan, kyrgyzstan):
    water = ThemeFactory(slug="water")
    upcoming = EventFactory(slug="upcoming", start_date=days(10), country=kazakhstan)
    upcoming.themes.add(water)
    EventFactory(slug="past", start_date=datetime.date(2020, 5, 5), country=kyrgyzstan)
    EventFactory(slug="tba", start_date=None, kind="forum", country=None)

    # The page's order: upcoming, then undated, then past.
    assert slugs(client, "events/") == ["upcoming", "tba", "past"]
    assert slugs(client, "events/", {"when": "upcoming"}) == ["upcoming", "tba"]
    assert slugs(client, "events/", {"when": "past"}) == ["past"]
    assert slugs(client, "events/", {"country": ["KZ", "kg"]}) == ["upcoming", "past"]
    assert slugs(client, "events/", {"kind": "forum"}) == ["tba"]
    assert slugs(client, "events/", {"theme": "water"}) == ["upcoming"]
    assert slugs(client, "events/", {"year": 2020}) == ["past"]
    assert slugs(client, "events/", {"q": "event"}) == ["upcoming", "tba", "past"]


def make_events(count):
    host = OrganisationFactory()
    summit = EventFactory(slug="summit")
    for _index in range(count):
        event = EventFactory(parent=summit, start_date=days(5))
        event.themes.add(ThemeFactory(slug="water"))
        EventSpokenLanguageFactory(event=event)
        ExpectedOutcomeFactory(event=event)
        EventParticipationFactory(event=event, organisation=host)
        EventFactory(parent=event)


@pytest.mark.parametrize("count", [1, 12])
def test_event_list_queries_do_not_grow(client, django_assert_num_queries, count):
    make_events(count)

    # 1. the content clock, 2. the latest end passed (once a day and version
    # of the events), 3. the size of each listing group (upcoming, to be
    # dated, past: see EventListing), 4. the page with country and parent,
    # 5. themes, 6. spoken languages, 7. outcomes, 8. roles with their
    # organisations, 9. children.
    with django_assert_num_queries(9):
        body = data(client, "events/")
    assert body["count"] == 2 * count + 1

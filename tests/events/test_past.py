"""Past events say so, in words, wherever they are listed, and offer no calendar button.

"Past" is events.models.EventState: an event on today is not past; one known
only to a month or a year is past once that month or year is over; one held
(or due) on a date no source gives is past. The page cache keys pages by day,
so a page drawn before an event's last day is not served after it.
"""

import datetime

import pytest
from django.utils import timezone

from events.models import DateStatus, EventParticipationRole
from tests.events.page_checks import (
    LANGUAGES,
    MARKER,
    PAST,
    calendar_offered,
    get,
    line_of,
    main,
)
from tests.factories import CountryFactory, EventFactory, EventParticipationFactory

pytestmark = pytest.mark.django_db


def move_to(monkeypatch, day):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)


# --- At the edges: today, yesterday, this month and last, this year and last ---


def edges():
    today = timezone.localdate()
    this_month = today.replace(day=1)
    last_month = (this_month - datetime.timedelta(days=1)).replace(day=1)
    return {
        # slug: (fields, past?)
        "today": ({"start_date": today}, False),
        "yesterday": ({"start_date": today - datetime.timedelta(days=1)}, True),
        "since-yesterday": (
            {"start_date": today - datetime.timedelta(days=1), "end_date": today},
            False,
        ),
        "this-month": ({"start_date": this_month, "start_precision": "month"}, False),
        "last-month": ({"start_date": last_month, "start_precision": "month"}, True),
        "this-year": (
            {"start_date": today.replace(month=1, day=1), "start_precision": "year"},
            False,
        ),
        "last-year": (
            {"start_date": datetime.date(today.year - 1, 1, 1), "start_precision": "year"},
            True,
        ),
        "held": ({"start_date": None, "date_status": DateStatus.HELD}, True),
        "was-scheduled": ({"start_date": None, "date_status": DateStatus.WAS_SCHEDULED}, True),
        "to-be-announced": ({"start_date": None}, False),
    }


EDGES = list(edges())


@pytest.mark.parametrize("slug", EDGES)
def test_an_event_is_past_exactly_when_its_period_is_over(client, slug):
    fields, past = edges()[slug]
    EventFactory(slug=slug, title_en=f"Edge {slug}", **fields)

    page = get(client, f"/en/events/{slug}/")
    card = line_of(get(client, "/en/events/"), slug)

    assert (MARKER in main(page)) is past
    assert card.startswith(f"Edge {slug} Conference Past · ") is past
    if past:
        assert not calendar_offered(page, slug)
    elif fields.get("start_precision", "day") == "day" and fields["start_date"]:
        assert f'href="/en/events/{slug}/calendar.ics"' in page
        assert "Add to your calendar (iCalendar)" in page


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_past_event_says_so_on_its_country_page_and_organisations_profile(client, language):
    kazakhstan = CountryFactory(code="KZ")
    today = timezone.localdate()
    for slug, start in [("held", today - datetime.timedelta(days=3)), ("coming", today)]:
        event = EventFactory(slug=slug, title_en=slug.title(), start_date=start, country=kazakhstan)
        EventParticipationFactory(
            event=event,
            organisation__slug="eco",
            organisation__country=kazakhstan,
            role=EventParticipationRole.ORGANISER,
        )

    country = get(client, f"/{language}/countries/kz/")
    profile = get(client, f"/{language}/members/eco/")

    for content in (country, profile):
        assert PAST[language] in line_of(content, "held", language)
        assert PAST[language] not in line_of(content, "coming", language)


# --- The passing of a day: cached pages are drawn again ----------------------


def test_a_cached_page_shows_an_event_past_the_day_after_it(client, settings, monkeypatch):
    settings.PAGE_CACHE_SECONDS = 300
    kazakhstan = CountryFactory(code="KZ")
    today = timezone.localdate()
    EventFactory(slug="forum", title_en="Steppe Forum", start_date=today, country=kazakhstan)
    pages = ["/en/events/forum/", "/en/events/", "/en/countries/kz/", "/en/"]
    before = {url: get(client, url) for url in pages}
    assert [url for url, content in before.items() if MARKER in main(content)] == []
    assert "/en/events/forum/calendar.ics" in before["/en/events/forum/"]
    assert "/en/events/forum/" in before["/en/"]
    # The same day, the cache answers (the pages are not drawn again).
    assert {url: get(client, url) for url in pages} == before

    move_to(monkeypatch, today + datetime.timedelta(days=1))
    after = {url: get(client, url) for url in pages}

    assert MARKER in after["/en/events/forum/"]
    assert "/en/events/forum/calendar.ics" not in after["/en/events/forum/"]
    assert line_of(after["/en/events/"], "forum").startswith("Steppe Forum Conference Past · ")
    assert "Past" in line_of(after["/en/countries/kz/"], "forum")
    # The home page lists upcoming events only: yesterday's is gone.
    assert "/en/events/forum/" not in after["/en/"]

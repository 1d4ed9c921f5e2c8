"""An event's card and the country page's list leave out the kind "Other", which says nothing."""

import datetime
import re

import pytest
from django.utils import timezone

from events.models import EventKind
from tests.factories import CountryFactory, EventFactory

pytestmark = pytest.mark.django_db


def card_of(content, title):
    start = content.index(f">{title}</a></h3>")
    return content[start : content.index("</li>", start)]


def test_event_card_names_a_kind_only_when_it_says_something(client):
    summit = EventFactory(title_en="Regional Summit", kind=EventKind.SUMMIT)
    EventFactory(title_en="Meeting of experts", kind=EventKind.OTHER)
    EventFactory(title_en="Consultation in Osh", kind=EventKind.CONSULTATION, parent=summit)
    EventFactory(title_en="Evening reception", kind=EventKind.OTHER, parent=summit)

    content = client.get("/en/events/").content.decode()

    assert '<p class="meta">Summit</p>' in card_of(content, "Regional Summit")
    assert "Other" not in card_of(content, "Meeting of experts")
    assert "Consultation for Regional Summit" in card_of(content, "Consultation in Osh")
    reception = card_of(content, "Evening reception")
    assert '<p class="meta">Part of Regional Summit</p>' in reception
    assert "Other" not in reception


def test_country_page_lists_events_without_the_kind_other(client):
    kazakhstan = CountryFactory(code="KZ", name_en="Kazakhstan")
    # To come, so no "Past" marker stands before the kind.
    coming = timezone.localdate() + datetime.timedelta(days=30)
    EventFactory(
        title_en="Meeting of experts", kind=EventKind.OTHER, country=kazakhstan, start_date=coming
    )
    EventFactory(
        title_en="Astana forum", kind=EventKind.FORUM, country=kazakhstan, start_date=coming
    )

    content = client.get("/en/countries/kz/").content.decode()

    meeting = content[content.index(">Meeting of experts</a>") :]
    meeting = meeting[: meeting.index("</li>")]
    assert "Other" not in meeting
    assert re.search(r'<span class="meta">· <time', meeting), meeting
    forum = content[content.index(">Astana forum</a>") :]
    assert '<span class="meta">· Forum · ' in forum[: forum.index("</li>")]


def test_event_page_and_feed_leave_out_the_kind_other(client):
    summit = EventFactory(title_en="Regional Summit", slug="summit", kind=EventKind.SUMMIT)
    reception = EventFactory(
        title_en="Evening reception", slug="reception", kind=EventKind.OTHER, parent=summit
    )
    EventFactory(title_en="Side talk", kind=EventKind.OTHER, parent=reception)

    own_page = client.get(reception.get_absolute_url()).content.decode()
    summit_page = client.get(summit.get_absolute_url()).content.decode()
    feed = client.get("/en/events/feed.atom").content.decode()

    header = own_page[own_page.index("<h1") : own_page.index("</p>", own_page.index("<h1"))]
    assert "Other" not in header
    assert "Part of:" in header
    parts = summit_page[summit_page.index(">Evening reception</a>") :]
    assert "Other" not in parts[: parts.index("</li>")]
    assert "Other" not in feed
    assert "Part of Regional Summit" in feed

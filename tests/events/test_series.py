"""A consultation series (events/series.py): the summit's timeline and each consultation's place."""

import datetime

import pytest
from django.utils import timezone

from events.models import AttendanceMode, EventKind
from tests.events.page_checks import LANGUAGES, get, text, tree
from tests.factories import CountryFactory, EventFactory

pytestmark = pytest.mark.django_db


def days_from_today(days):
    return timezone.localdate() + datetime.timedelta(days=days)


def month_from_today(months):
    first = timezone.localdate().replace(day=1)
    year, month = divmod(first.month - 1 + months, 12)
    return first.replace(year=first.year + year, month=month + 1)


def steps(content):
    """[(title, what is said of it, aria-current)] of the series' timeline, in order."""
    found = []
    for item in tree(content).xpath("//*[@aria-labelledby='series-heading']//ol/li"):
        link = item.xpath("./a | ./h3/a")[0]
        facts = item.xpath("./p | ./span")[0]
        found.append((text(link), text(facts), link.get("aria-current")))
    return found


@pytest.fixture
def series():
    """A summit in two months, with consultations before and after it, one undated."""
    kyrgyzstan = CountryFactory(code="KG", name_en="Kyrgyzstan", name_ru="Кыргызстан")
    summit = EventFactory(
        slug="summit",
        title_en="Mountain Summit",
        kind=EventKind.SUMMIT,
        start_date=month_from_today(2),
        start_precision="month",
        city_en="Bishkek",
        country=kyrgyzstan,
    )
    consultations = [
        # (slug, fields) in the order of their dates, whatever order they are added in.
        ("after", {"start_date": month_from_today(3) + datetime.timedelta(days=4)}),
        ("undated", {"start_date": None}),
        ("held", {"start_date": days_from_today(-20)}),
        (
            "online",
            {
                "start_date": days_from_today(5),
                "city_en": "",
                "country": None,
                "attendance": AttendanceMode.ONLINE,
            },
        ),
        (
            "nowhere",
            {
                "start_date": month_from_today(1),
                "start_precision": "month",
                "city_en": "",
                "country": None,
            },
        ),
    ]
    for slug, fields in consultations:
        EventFactory(
            **{
                "slug": slug,
                "title_en": f"Consultation {slug}",
                "kind": EventKind.CONSULTATION,
                "parent": summit,
                "city_en": "Osh",
                "country": kyrgyzstan,
                **fields,
            }
        )
    return summit


def test_summit_timeline_orders_by_date_with_the_summit_in_its_place(client, series):
    content = get(client, "/en/events/summit/")

    shown = steps(content)
    assert [title for title, _facts, _current in shown] == [
        "Consultation held",
        "Consultation online",
        "Consultation nowhere",
        "Mountain Summit",
        "Consultation after",
        "Consultation undated",
    ]
    facts = [facts for _title, facts, _current in shown]
    assert facts[0].startswith("Consultation 1 · ") and facts[0].endswith(
        "· Osh, Kyrgyzstan · Past"
    )
    assert facts[1].endswith("· Held online · Upcoming")
    month = month_from_today(1)
    assert facts[2].startswith(f"Consultation 3 · {month:%B %Y} · Place not given · Upcoming")
    assert facts[3].startswith("Summit · ") and facts[3].endswith("Bishkek, Kyrgyzstan · Upcoming")
    assert facts[4].startswith("Consultation 4 · ")
    assert (
        facts[5] == "Consultation 5 · Date to be announced · Osh, Kyrgyzstan · Date to be announced"
    )
    assert [current for *_rest, current in shown] == [None, None, None, "page", None, None]
    # Each date at its precision, as a <time>: to the day, or the month alone.
    assert f'<time datetime="{days_from_today(-20):%Y-%m-%d}">' in content
    assert f'<time datetime="{month:%Y-%m}">' in content
    assert "5 consultations, in order of date" in content


def test_consultation_page_marks_itself_and_links_its_neighbours(client, series):
    content = get(client, "/en/events/nowhere/")

    page = tree(content)
    nav = page.xpath("//nav[@aria-labelledby='series-heading']")[0]
    assert text(nav.xpath("./h2")[0]) == "Consultation 3 of 5"
    assert [current for *_rest, current in steps(content)] == [None, None, "page", None, None, None]
    assert nav.xpath(".//a[@aria-current='page']/@href") == ["/en/events/nowhere/"]
    assert nav.xpath(".//a[@rel='prev']/@href") == ["/en/events/online/"]
    # After the third consultation comes the summit itself.
    assert nav.xpath(".//a[@rel='next']/@href") == ["/en/events/summit/"]
    assert text(nav.xpath(".//a[@rel='next']")[0]) == "Next: Mountain Summit →"


def test_an_event_in_no_series_shows_none(client):
    EventFactory(slug="alone", kind=EventKind.CONSULTATION)
    conference = EventFactory(slug="conference", kind=EventKind.CONFERENCE)
    EventFactory(slug="side", kind=EventKind.SIDE_EVENT, parent=conference)

    for slug in ["alone", "conference", "side"]:
        content = get(client, f"/en/events/{slug}/")
        assert 'aria-labelledby="series-heading"' not in content
    # A conference's parts are listed as before.
    assert "Consultations and side events" in get(client, "/en/events/conference/")


def make_series(consultations, side_events=2):
    kazakhstan = CountryFactory(code="KZ")
    summit = EventFactory(
        slug="summit", kind=EventKind.SUMMIT, start_date=days_from_today(200), country=kazakhstan
    )
    summit.themes.set([])
    EventFactory(slug="segment", kind=EventKind.HIGH_LEVEL_SEGMENT, parent=summit)
    for n in range(consultations):
        consultation = EventFactory(
            slug=f"consultation-{n}",
            kind=EventKind.CONSULTATION,
            parent=summit,
            start_date=days_from_today(n - 3),
            country=CountryFactory(code=f"X{chr(ord('A') + n)}"),
        )
        for m in range(side_events):
            EventFactory(slug=f"side-{n}-{m}", kind=EventKind.SIDE_EVENT, parent=consultation)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("consultations", [2, 12])
def test_series_pages_queries_do_not_grow_with_the_series(
    client, django_assert_num_queries, language, consultations
):
    make_series(consultations)

    # 1. the summit with its country (and parent), 2. its themes, 3. its
    # languages, 4. its outcomes, 5. its roles, 6. its parts (consultations,
    # segment) with their countries, 7. their parts (side events).
    with django_assert_num_queries(7):
        summit = get(client, f"/{language}/events/summit/")
    assert len(steps(summit)) == consultations + 1

    # 1. the consultation with its country, its summit and the summit's
    # country, 2. its themes, 3. its languages, 4. its outcomes, 5. its roles,
    # 6. its parts (side events) with their countries, 7. their parts, 8. the
    # summit's consultations with their countries (the series).
    with django_assert_num_queries(8):
        consultation = get(client, f"/{language}/events/consultation-1/")
    assert len(steps(consultation)) == consultations + 1
    assert ' aria-current="page">' in consultation


def test_a_series_leaves_its_drafts_out_and_a_draft_summit_unnamed(client, admin_client, series):
    draft = series.children.get(slug="online")
    draft.is_published = False
    draft.save()

    summit = get(client, "/en/events/summit/")
    assert "Consultation online" not in summit
    assert "4 consultations, in order of date" in summit
    nowhere = get(client, "/en/events/nowhere/")
    assert "Consultation 2 of 4" in nowhere
    assert "Consultation online" not in nowhere
    # Previewed, the draft is in its place, as readers will see it once published.
    preview = get(admin_client, "/en/events/online/")
    assert "Consultation 2 of 5" in preview
    assert "draft-banner" in preview

    series.is_published = False
    series.save()
    for slug in ["nowhere", "after"]:
        page = get(client, f"/en/events/{slug}/")
        assert 'aria-labelledby="series-heading"' not in page
        assert "Mountain Summit" not in page

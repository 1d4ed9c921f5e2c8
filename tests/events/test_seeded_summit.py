"""The Regional Ecological Summit 2026 (RES 2026) as seeded: past, and its consultation series.

Held in Astana on April 22-24, 2026, so past since: its page, its card in
every list, a country page and a partner's profile say "Past" and offer no
calendar button. Its page shows its nine consultations by date, each with
its place and state; each consultation's page shows where it sits.
"""

import pytest

from events.models import Event
from tests.events.page_checks import (
    LANGUAGES,
    PAST,
    calendar_offered,
    get,
    line_of,
    text,
    tree,
)

pytestmark = pytest.mark.django_db

# The consultations, by date: (slug, place, date as <time datetime>), as the fixtures give them.
CONSULTATIONS = [
    ("res-2026-consultation-almaty", "Almaty, Kazakhstan", "2025-03-13"),
    ("samarkand-climate-forum-2025", "Samarkand, Uzbekistan", "2025-04-05"),
    ("caccc-2025", "Ashgabat, Turkmenistan", "2025-05-13"),
    ("glacier-conservation-conference-2025", "Dushanbe, Tajikistan", "2025-05-29"),
    ("sb62-bonn", "Bonn, Germany", "2025-06-16"),
    ("ca-environment-ministers-aktau-2025", "Aktau, Kazakhstan", "2025-08-01"),
    ("res-2026-briefing-unga80", "New York, United States", "2025-09-25"),
    # Known only to the month.
    ("cop30-belem", "Belém, Brazil", "2025-11"),
    ("unea-7", "Nairobi, Kenya", "2025-12-08"),
]
SUMMIT = ("res-2026", "Astana, Kazakhstan", "2026-04-22")


@pytest.fixture
def seeded(seeded_module, db):
    return seeded_module


# --- Past ----------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_regional_ecological_summit_page_says_past_and_offers_no_calendar(client, seeded, language):
    content = get(client, f"/{language}/events/res-2026/")

    meta = text(tree(content).xpath("//article/p[@class='meta']")[0])
    assert meta.startswith(f"{PAST[language]} · ")
    assert not calendar_offered(content, "res-2026")


def test_regional_ecological_summit_card_says_past_in_every_list(client, seeded):
    listing = get(client, "/en/events/?when=past&kind=summit")
    country = get(client, "/en/countries/kz/")
    profile = get(client, "/en/members/unep/")

    card = line_of(listing, "res-2026")
    assert card.startswith("Regional Ecological Summit 2026")
    assert "Summit Past · April 22 – 24, 2026 · Astana, Kazakhstan" in card
    assert "· Past · Summit · April 22 – 24, 2026" in line_of(country, "res-2026")
    assert "Past · April 22 – 24, 2026 · Role: Partner" in line_of(profile, "res-2026")
    for content in (listing, country, profile):
        assert not calendar_offered(content, "res-2026")


def test_regional_ecological_summit_is_not_on_the_home_pages_upcoming_events(client, seeded):
    content = get(client, "/en/")

    upcoming = tree(content).xpath("//section[@aria-labelledby='events-heading']")[0]
    assert not upcoming.xpath('.//a[@href="/en/events/res-2026/"]')


def test_regional_ecological_summit_takes_no_registration(client, seeded):
    Event.objects.filter(slug="res-2026").update(registration_open=True)

    content = get(client, "/en/events/res-2026/")

    assert "The event is over." in content
    assert "/events/res-2026/register/" not in content
    # The registration page offers no form either.
    assert 'name="email"' not in get(client, "/en/events/res-2026/register/")


# --- The consultation series -------------------------------------------------


def steps(content):
    """The series' steps on a page: [(slug, its line, <time datetime> values, aria-current)].

    Its line is its title and what is said of it (not the side events nested in it).
    """
    items = tree(content).xpath("//*[@aria-labelledby='series-heading']//ol/li")
    found = []
    for item in items:
        link = item.xpath("./a | ./h3/a")[0]
        facts = item.xpath("./p | ./span")[0]
        found.append(
            (
                link.get("href").split("/")[-2],
                f"{text(link)} {text(facts)}",
                [time.get("datetime") for time in facts.xpath("./time")],
                link.get("aria-current"),
            )
        )
    return found


def test_summit_page_shows_its_consultations_by_date_with_places_and_states(client, seeded):
    content = get(client, "/en/events/res-2026/")

    shown = steps(content)
    assert [slug for slug, *_rest in shown] == [slug for slug, *_rest in [*CONSULTATIONS, SUMMIT]]
    for number, ((slug, line, times, _current), (_slug, place, date)) in enumerate(
        zip(shown, [*CONSULTATIONS, SUMMIT], strict=True), start=1
    ):
        assert place in line, slug
        assert times[0] == date, slug
        assert line.endswith("Past"), slug
        if slug != "res-2026":
            assert f"Consultation {number} ·" in line
    assert "Consultation 8 · November 2025 · Belém, Brazil · Past" in shown[7][1]
    # The summit itself is the current step; its high-level segment is nested in it.
    assert [current for *_rest, current in shown] == [None] * 9 + ["page"]
    parts = tree(content).xpath("//*[@aria-labelledby='series-heading']//ol/li[last()]/ul/li")
    assert text(parts[0]).startswith("High-level segment of RES 2026")
    assert "9 consultations, in order of date" in content
    # The timeline replaces the plain list of parts.
    assert "Consultations and side events" not in content


def test_consultation_page_shows_where_it_sits_in_the_series(client, seeded):
    content = get(client, "/en/events/samarkand-climate-forum-2025/")

    nav = tree(content).xpath("//nav[@aria-labelledby='series-heading']")[0]
    assert text(nav.xpath("./h2")[0]) == "Consultation 2 of 9"
    shown = steps(content)
    assert [current for *_rest, current in shown] == [None, "page"] + [None] * 8
    assert shown[1][1] == (
        "Samarkand Climate Forum Consultation 2 · April 5, 2025 · Samarkand, Uzbekistan · Past"
    )
    assert shown[9][1].startswith("Regional Ecological Summit 2026")
    previous = nav.xpath(".//a[@rel='prev']")[0]
    following = nav.xpath(".//a[@rel='next']")[0]
    assert previous.get("href") == "/en/events/res-2026-consultation-almaty/"
    assert text(previous) == "← Previous: First regional consultation on RES 2026"
    assert following.get("href") == "/en/events/caccc-2025/"


def test_first_and_last_consultations_lead_to_the_ends_of_the_series(client, seeded):
    first = tree(get(client, "/en/events/res-2026-consultation-almaty/"))
    last = tree(get(client, "/en/events/unea-7/"))

    assert not first.xpath("//nav//a[@rel='prev']")
    assert text(last.xpath("//nav[@aria-labelledby='series-heading']/h2")[0]) == (
        "Consultation 9 of 9"
    )
    assert last.xpath("//nav//a[@rel='next']/@href") == ["/en/events/res-2026/"]


SERIES_TEXTS = {
    "en": ("Consultation 2 of 9", "Previous: ", "Next: ", "Consultation 1 ·"),
    "ru": ("Консультация 2 из 9", "Ранее: ", "Далее: ", "Консультация 1 ·"),
    "kk": ("2-консультация (барлығы 9)", "Алдыңғысы: ", "Келесісі: ", "1-консультация ·"),
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_series_is_in_the_readers_language(client, seeded, language):
    content = get(client, f"/{language}/events/samarkand-climate-forum-2025/")
    summit = get(client, f"/{language}/events/res-2026/")

    for expected in SERIES_TEXTS[language]:
        assert expected in content
    heading = {
        "en": "Timeline of the consultations",
        "ru": "Хронология консультаций",
        "kk": "Консультациялар хронологиясы",
    }[language]
    count = {
        "en": "9 consultations, in order of date",
        "ru": "9 консультаций, по датам",
        "kk": "9 консультация, күн ретімен",
    }[language]
    assert heading in summit and count in summit
    assert f'<strong class="state state-past">{PAST[language]}</strong>' in summit

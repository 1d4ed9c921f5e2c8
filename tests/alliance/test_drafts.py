"""Drafts are on no public page, list, feed, export, sitemap or API, and counted nowhere public.

One small world: in Kazakhstan, a published member and a draft one, a published
initiative (led by the first, funded by the draft organisation) beside a draft
initiative, and events: a published one with a draft side event and the draft
organisation among its participants, a draft summit with a published
consultation in it. Everything a draft holds is named "Hidden" (or in Russian
"Скрытый", in Kazakh "Жасырын"); no public answer may carry that word, and
each must carry what is published, or the check would prove nothing.
"""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from events.models import EventKind, EventParticipationRole
from initiatives.models import ParticipationRole
from members.models import Relation
from tests.factories import (
    AllianceProfileFactory,
    CountryFactory,
    CountryShareFactory,
    EventFactory,
    EventParticipationFactory,
    InitiativeFactory,
    OrganisationFactory,
    ParticipationFactory,
    ThemeFactory,
)

HIDDEN = re.compile(r"Hidden|hidden-|Скрыт|Жасырын")
NAMED = re.compile(r"Hidden|Скрыт|Жасырын")
LANGUAGES = ["en", "ru", "kk"]


def hidden(name):
    return {"name_en": f"Hidden {name}", "name_ru": f"Скрытый {name}", "name_kk": f"Жасырын {name}"}


def same(field, text):
    """The same text in each language: what the test looks for reads alike in all three."""
    return {f"{field}_{language}": text for language in LANGUAGES}


def titled(name):
    return {
        "title_en": f"Hidden {name}",
        "title_ru": f"Скрытый {name}",
        "title_kk": f"Жасырын {name}",
    }


@pytest.fixture
def world(db):
    kazakhstan = CountryFactory(code="KZ", name_en="Kazakhstan")
    water = ThemeFactory(slug="water", name_en="Water")
    soon = timezone.localdate() + datetime.timedelta(days=30)
    open_org = OrganisationFactory(
        slug="open-org", **same("name", "Open Org"), country=kazakhstan, relation=Relation.MEMBER
    )
    open_org.themes.add(water)
    draft_org = OrganisationFactory(
        slug="hidden-org", **hidden("Org"), country=kazakhstan, relation=Relation.MEMBER,
        short_name="HID", is_published=False,
    )  # fmt: skip
    draft_org.themes.add(water)
    # A unit of the draft organisation: published, but its "part of" is not named.
    OrganisationFactory(
        slug="open-unit", **same("name", "Open Unit"), country=kazakhstan, parent=draft_org,
        relation=Relation.PARTNER,
    )  # fmt: skip

    initiative = InitiativeFactory(slug="open-initiative", **same("title", "Open Initiative"))
    CountryShareFactory(initiative=initiative, country=kazakhstan)
    initiative.themes.add(water)
    ParticipationFactory(initiative=initiative, organisation=open_org, role=ParticipationRole.LEAD)
    ParticipationFactory(
        initiative=initiative, organisation=draft_org, role=ParticipationRole.FUNDER
    )
    draft_initiative = InitiativeFactory(
        slug="hidden-initiative", **titled("Initiative"), is_published=False,
        budget_amount=Decimal("777"), budget_currency="USD", start_date=datetime.date(2019, 1, 1),
    )  # fmt: skip
    CountryShareFactory(initiative=draft_initiative, country=kazakhstan)
    draft_initiative.themes.add(water)
    ParticipationFactory(
        initiative=draft_initiative, organisation=open_org, role=ParticipationRole.LEAD
    )

    event = EventFactory(
        slug="open-event", **same("title", "Open Event"), country=kazakhstan, start_date=soon,
        kind=EventKind.CONFERENCE,
    )  # fmt: skip
    event.themes.add(water)
    EventParticipationFactory(event=event, organisation=open_org)
    EventParticipationFactory(
        event=event, organisation=draft_org, role=EventParticipationRole.PARTICIPANT
    )
    EventFactory(
        slug="hidden-side-event", **titled("Side event"), parent=event, country=kazakhstan,
        start_date=soon, is_published=False,
    )  # fmt: skip
    summit = EventFactory(
        slug="hidden-summit", **titled("Summit"), kind=EventKind.SUMMIT, country=kazakhstan,
        start_date=soon + datetime.timedelta(days=1), acronym="HID 2027", is_published=False,
    )  # fmt: skip
    summit.themes.add(water)
    EventParticipationFactory(event=summit, organisation=open_org)
    EventFactory(
        slug="open-consultation", **same("title", "Open Consultation"), kind=EventKind.CONSULTATION,
        parent=summit, country=kazakhstan, start_date=soon,
    )  # fmt: skip
    return {"draft_org": draft_org, "summit": summit, "initiative": draft_initiative}


def body(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def public(client, path, shows, hidden=HIDDEN):
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    text = body(response)
    assert not hidden.search(text), (path, hidden.search(text).group(0))
    for expected in shows:
        assert expected in text, (path, expected)
    return text


@pytest.mark.parametrize("language", LANGUAGES)
def test_pages_lists_and_profiles_show_no_draft(client, world, language):
    home = public(client, f"/{language}/", ["Open Event"])
    assert "Open Initiative" in home
    public(client, f"/{language}/members/", ["Open Org"])
    public(client, f"/{language}/members/?relation=all", ["Open Unit"])
    # The profile lists the published records it takes part in, never the drafts.
    profile = public(client, f"/{language}/members/open-org/", ["Open Initiative"])
    assert "Open Event" in profile
    public(client, f"/{language}/members/open-unit/", ["Open Unit"])
    public(client, f"/{language}/events/", ["Open Event", "Open Consultation"])
    # Its draft side event and its draft participant are left out.
    public(client, f"/{language}/events/open-event/", ["Open Org"])
    # Part of a draft summit: the summit is not named.
    public(client, f"/{language}/events/open-consultation/", ["Open Consultation"])
    public(client, f"/{language}/initiatives/", ["Open Initiative", "Open Org"])
    # Funded by a draft organisation: the funder is not named.
    public(client, f"/{language}/initiatives/open-initiative/", ["Open Org"])
    public(client, f"/{language}/countries/", ["/countries/kz/"])
    public(client, f"/{language}/countries/kz/", ["Open Initiative", "Open Event"])
    public(client, f"/{language}/about/", ["/members/"])


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_drafts_address_is_not_found(client, world, language):
    for path in [
        "members/hidden-org/",
        "events/hidden-summit/",
        "events/hidden-summit/calendar.ics",
        "events/hidden-summit/register/",
        "events/hidden-side-event/",
        "initiatives/hidden-initiative/",
    ]:
        response = client.get(f"/{language}/{path}")
        assert response.status_code == 404, path
        # (Its links repeat the address asked for, the slug with it.)
        assert not NAMED.search(response.content.decode()), path


def test_feeds_calendars_and_exports_hold_no_draft(client, world):
    public(client, "/en/events/feed.atom", ["Open Event"])
    public(client, "/en/events/calendar.ics", ["Open Event"])
    public(client, "/en/initiatives/feed.atom", ["Open Initiative"])
    csv = public(client, "/en/initiatives/export.csv", ["Open Initiative", "Open Org"])
    assert "USD" not in csv
    iati = public(client, "/api/v1/initiatives.xml", ["Open Initiative", "Open Org"])
    assert "777" not in iati
    # Filtered as a country page links them.
    public(client, "/en/initiatives/export.csv?country=KZ", ["Open Initiative"])
    public(client, "/api/v1/initiatives.xml?country=KZ", ["Open Initiative"])


def test_sitemaps_list_no_draft(client, world):
    index = public(client, "/sitemap.xml", ["sitemap-members.xml"])
    for section in re.findall(r"/(sitemap-\w+\.xml)", index):
        public(client, f"/{section}", [])
    public(client, "/sitemap-members.xml", ["/members/open-org/"])
    public(client, "/sitemap-events.xml", ["/events/open-consultation/"])
    public(client, "/sitemap-initiatives.xml", ["/initiatives/open-initiative/"])


def test_api_lists_and_details_hold_no_draft(client, world):
    public(client, "/api/v1/organisations/?relation=all", ["open-org", "open-unit"])
    public(client, "/api/v1/organisations/open-org/", ["open-initiative", "open-event"])
    unit = public(client, "/api/v1/organisations/open-unit/", ["open-unit"])
    assert '"parent":null' in unit.replace(" ", "")
    public(client, "/api/v1/events/", ["open-event", "open-consultation"])
    public(client, "/api/v1/events/open-event/", ["open-org"])
    consultation = public(client, "/api/v1/events/open-consultation/", ["open-consultation"])
    assert '"parent":null' in consultation.replace(" ", "")
    public(client, "/api/v1/initiatives/", ["open-initiative", "open-org"])
    public(client, "/api/v1/initiatives/open-initiative/", ["open-org"])
    for path in [
        "organisations/hidden-org/",
        "events/hidden-summit/",
        "events/hidden-side-event/",
        "initiatives/hidden-initiative/",
    ]:
        assert client.get(f"/api/v1/{path}").status_code == 404, path


def test_filters_neither_offer_nor_accept_a_draft_organisation(client, world):
    page = public(client, "/en/initiatives/", ["Open Org"])
    assert 'value="open-org"' in page
    # Chosen by its slug, a draft is an invalid choice: the form says so, naming nothing
    # (the address asked for is repeated in the page's links, its slug with it).
    page = public(client, "/en/initiatives/?funder=hidden-org", ["not one of the"], hidden=NAMED)
    assert "0 initiatives" in page
    # The API answers as for a slug naming nothing: an empty list.
    answer = client.get("/api/v1/initiatives/?funder=hidden-org")
    assert answer.json() == client.get("/api/v1/initiatives/?funder=nobody").json()
    assert answer.json()["count"] == 0
    public(client, "/en/initiatives/?lead=open-org", ["Open Initiative"])


def test_searches_find_no_draft(client, world):
    for path in [
        "/en/members/?q=Hidden&relation=all",
        "/ru/members/?q=Скрытый&relation=all",
        "/en/events/?q=Hidden",
        "/kk/events/?q=Жасырын",
        "/en/initiatives/?q=Hidden",
        "/api/v1/initiatives/?q=Hidden",
    ]:
        text = body(client.get(path))
        for word in ["/hidden-org/", "/hidden-summit/", "/hidden-initiative/", "hidden-side"]:
            assert word not in text, (path, word)


def test_counts_totals_facets_and_charts_leave_drafts_out(client, world):
    # The country's figures (home, map, countries page): one member, one initiative, two events.
    home = client.get("/en/").content.decode()
    assert "Kazakhstan: 1 member, 1 initiative, 2 events" in home
    directory = client.get("/en/members/?relation=all").content.decode()
    assert "2 organisations" in directory
    assert "Kazakhstan (2)" in directory  # the facet: the draft member is not counted
    assert "Water (1)" in directory
    initiatives = client.get("/en/initiatives/").content.decode()
    assert "1 initiative" in initiatives
    assert "USD" not in initiatives  # the draft's budget: not in the totals nor the charts
    assert "2019" not in initiatives  # nor its start year in the chart by year
    events = client.get("/en/events/").content.decode()
    assert "2 events" in events
    AllianceProfileFactory()
    assert "1 member organisation" in client.get("/en/about/").content.decode()
    country = client.get("/en/countries/kz/").content.decode()
    assert "USD" not in country
    assert "No funder given" in country  # the draft funder's initiative: no funder named

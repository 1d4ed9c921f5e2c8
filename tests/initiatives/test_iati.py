"""The IATI export: /api/v1/initiatives.xml, valid against the IATI activity schema 2.03."""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.cache import cache
from django.utils import timezone
from lxml import etree

from initiatives.models import ParticipationRole
from members.models import OrganisationKind
from tests.factories import (
    AllianceProfileFactory,
    CountryFactory,
    CountryShareFactory,
    InitiativeFactory,
    OrganisationFactory,
    ParticipationFactory,
    RegionFactory,
    RegionShareFactory,
    ThemeFactory,
    ThemeSectorFactory,
)

pytestmark = pytest.mark.django_db

SCHEMA = Path(__file__).resolve().parents[2] / "initiatives" / "iati_schema" / "2.03"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture(scope="module")
def iati_schema():
    # xml.xsd and iati-common.xsd are found beside it: nothing is fetched.
    return etree.XMLSchema(etree.parse(str(SCHEMA / "iati-activities-schema.xsd")))


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()
    yield
    cache.clear()


# --- Local helpers ---------------------------------------------------------


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def get_xml(client, params=None, **headers):
    return client.get("/api/v1/initiatives.xml", params or {}, headers=headers)


def body(response):
    """The whole document, streamed or not."""
    return b"".join(response.streaming_content) if response.streaming else response.content


def parse(response):
    assert response.status_code == 200, body(response)
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    return etree.fromstring(body(response))


def activity(document, slug):
    (found,) = document.xpath(f"iati-activity[iati-identifier='TSAKO-{slug}']")
    return found


def narratives(element):
    return {narrative.get(XML_LANG): narrative.text for narrative in element.iter("narrative")}


def make_initiative(slug, lead=True, countries=(), **kwargs):
    initiative = InitiativeFactory(slug=slug, **kwargs)
    if lead:
        ParticipationFactory(initiative=initiative, role=ParticipationRole.LEAD)
    for country, percentage in countries:
        CountryShareFactory(initiative=initiative, country=country, percentage=percentage)
    return initiative


@pytest.fixture
def portfolio():
    """Initiatives planned, ongoing and completed, with what IATI can say of each."""
    AllianceProfileFactory(name_kk="Орталық Азия климаттық білім альянсы")
    kazakhstan = CountryFactory(code="KZ", name_en="Kazakhstan", name_ru="Казахстан")
    kyrgyzstan = CountryFactory(code="KG", name_en="Kyrgyzstan")
    ongoing = make_initiative(
        "one-health",
        lead=False,
        countries=[(kazakhstan, Decimal("60")), (kyrgyzstan, Decimal("40"))],
        title_en="One Health for Central Asia",
        title_ru="Единое здоровье для Центральной Азии",
        title_kk="Орталық Азия үшін бірыңғай денсаулық",
        summary_en="Prevents zoonotic diseases.",
        summary_ru="Предотвращает зоонозы.",
        start_date=days(-400),
        start_precision="year",
        end_date=days(400),
        end_precision="year",
        budget_amount=Decimal("11000000.50"),
        budget_currency="EUR",
        website="https://example.org/one-health",
    )
    iucn = OrganisationFactory(
        slug="iucn",
        name_en="IUCN",
        name_ru="МСОП",
        name_kk="",
        kind=OrganisationKind.INTERNATIONAL_ORGANISATION,
    )
    ParticipationFactory(initiative=ongoing, organisation=iucn, role=ParticipationRole.LEAD)
    ParticipationFactory(
        initiative=ongoing,
        organisation=OrganisationFactory(slug="gef", kind=OrganisationKind.FUNDER),
        role=ParticipationRole.FUNDER,
    )
    ParticipationFactory(
        initiative=ongoing,
        organisation=OrganisationFactory(slug="school", kind=OrganisationKind.SCHOOL),
        role=ParticipationRole.IMPLEMENTING,
    )
    ongoing.themes.add(ThemeFactory(slug="health", name_en="Health", name_ru="Здоровье"))
    make_initiative(
        "planned",
        countries=[(kazakhstan, None), (kyrgyzstan, Decimal("40"))],
        start_date=days(30),
        start_precision="day",
        end_date=days(300),
        end_precision="day",
        budget_amount=None,
        budget_currency="",
    )
    completed = make_initiative(
        "completed",
        start_date=datetime.date(2019, 3, 1),
        start_precision="month",
        end_date=datetime.date(2021, 6, 30),
        end_precision="month",
        geographic_scope_en="Central Asia",
        geographic_scope_ru="Центральная Азия",
        budget_currency="USD",
        summary_en="",
        description_en="",
    )
    RegionShareFactory(initiative=completed, region=RegionFactory(countries=[kazakhstan]))
    return ongoing


# --- Validity --------------------------------------------------------------


def test_export_is_valid_iati_2_03(client, portfolio, iati_schema):
    document = parse(get_xml(client))

    assert iati_schema.validate(document), iati_schema.error_log
    assert document.tag == "iati-activities"
    assert document.get("version") == "2.03"
    assert len(document) == 3


def test_every_initiative_shape_is_valid(client, iati_schema):
    # Bare minimum: a lead and a start; no summary, countries or budget.
    make_initiative(
        "bare",
        title_en="Bare",
        title_ru="",
        summary_en="",
        budget_amount=None,
        budget_currency="",
        start_date=datetime.date(2026, 5, 1),
        end_date=None,
    )

    document = parse(get_xml(client))

    assert iati_schema.validate(document), iati_schema.error_log
    # The title stands in for a description, which IATI requires.
    assert narratives(activity(document, "bare").find("description")) == {"en": "Bare"}


# --- Content ---------------------------------------------------------------


def test_identifier_and_reporting_org(client, portfolio, settings):
    settings.IATI_REPORTING_ORG_REF = "KZ-BIN-123"

    document = parse(get_xml(client))

    element = document.find("iati-activity")
    assert element.findtext("iati-identifier").startswith("KZ-BIN-123-")
    reporting = element.find("reporting-org")
    assert reporting.get("ref") == "KZ-BIN-123"
    assert reporting.get("type") == "23"
    assert reporting.get("secondary-reporter") == "1"
    assert narratives(reporting) == {
        "en": "Central Asian Climate Education Alliance",
        "ru": "Центрально-Азиатский Альянс Климатического Образования",
        "kk": "Орталық Азия климаттық білім альянсы",
    }


def test_title_and_description_in_each_language(client, portfolio):
    element = activity(parse(get_xml(client)), "one-health")

    assert narratives(element.find("title")) == {
        "en": "One Health for Central Asia",
        "ru": "Единое здоровье для Центральной Азии",
        "kk": "Орталық Азия үшін бірыңғай денсаулық",
    }
    description = element.find("description")
    assert description.get("type") == "1"
    # Kazakh has no summary: it is left out, not filled with another language.
    assert narratives(description) == {
        "en": "Prevents zoonotic diseases.",
        "ru": "Предотвращает зоонозы.",
    }
    assert element.get("last-updated-datetime")
    assert element.get("default-currency") == "EUR"


def test_participating_orgs_with_iati_roles(client, portfolio):
    element = activity(parse(get_xml(client)), "one-health")

    orgs = element.findall("participating-org")
    assert [(org.get("role"), org.get("type")) for org in orgs] == [
        ("2", "40"),  # the lead: accountable; an international organisation: multilateral
        ("1", None),  # the funder: funding; "funder" says nothing of the type
        ("4", "80"),  # a school implements: academic, training and research
    ]
    assert narratives(orgs[0]) == {"en": "IUCN", "ru": "МСОП"}


@pytest.mark.parametrize(
    ("slug", "status", "dates"),
    [
        # Ahead: planned start and end.
        ("planned", "1", [("1", None), ("3", None)]),
        # Started, but the source gives years: "2024" is no actual day, so planned dates.
        ("one-health", "2", [("1", "year"), ("3", "year")]),
        # Over, known to the month: planned dates too.
        ("completed", "3", [("1", "month"), ("3", "month")]),
    ],
)
def test_status_and_date_types_follow_the_derived_status(client, portfolio, slug, status, dates):
    element = activity(parse(get_xml(client)), slug)

    assert element.find("activity-status").get("code") == status
    found = element.findall("activity-date")
    assert [date.get("type") for date in found] == [kind for kind, _precision in dates]
    for date, (_kind, precision) in zip(found, dates, strict=True):
        # A date known to the month or year says so in a narrative.
        assert bool(date.findall("narrative")) == (precision is not None)


@pytest.mark.parametrize(
    ("start", "end", "types"),
    [
        # Days the source gives, both passed: actual start and end.
        (datetime.date(2020, 3, 2), datetime.date(2021, 6, 15), ["2", "4"]),
        # Started on a given day, ends on a given day still ahead.
        (datetime.date(2020, 3, 2), days(200), ["2", "3"]),
    ],
)
def test_days_the_source_gives_are_actual_dates_once_passed(client, start, end, types):
    make_initiative(
        "exact", start_date=start, start_precision="day", end_date=end, end_precision="day"
    )

    element = activity(parse(get_xml(client)), "exact")

    assert [date.get("type") for date in element.findall("activity-date")] == types
    assert not element.findall("activity-date/narrative")


def test_imprecise_dates_are_period_edges_with_a_narrative(client, portfolio):
    element = activity(parse(get_xml(client)), "completed")

    start, end = element.findall("activity-date")
    assert start.get("iso-date") == "2019-03-01"
    assert end.get("iso-date") == "2021-06-30"
    assert narratives(start)["en"] == "March 2019"
    assert narratives(end)["ru"] == "июнь 2021\u202fг."


def test_recipient_countries_with_percentages_only_when_complete(client, portfolio):
    document = parse(get_xml(client))

    complete = activity(document, "one-health").findall("recipient-country")
    assert [(c.get("code"), c.get("percentage")) for c in complete] == [("KG", "40"), ("KZ", "60")]
    assert narratives(complete[1])["ru"] == "Казахстан"
    assert activity(document, "one-health").find("recipient-region") is None


def test_countries_without_shares_are_their_region_and_locations(client, portfolio):
    # One share unknown: IATI wants a percentage on each of several countries (3.1.1).
    element = activity(parse(get_xml(client)), "planned")

    assert element.findall("recipient-country") == []
    (region,) = element.findall("recipient-region")
    assert (region.get("code"), region.get("vocabulary")) == ("619", "1")
    assert narratives(region)["en"] == "Central Asia, regional"
    locations = element.findall("location")
    assert [
        (place.find("administrative").get("vocabulary"), place.find("administrative").get("code"))
        for place in locations
    ] == [("A4", "KG"), ("A4", "KZ")]
    assert narratives(locations[1].find("name"))["ru"] == "Казахстан"
    assert element.xpath("location/@percentage | location/*/@percentage") == []


def test_countries_beyond_central_asia_are_developing_countries_unspecified(client):
    kenya = CountryFactory(code="KE", name_en="Kenya")
    kazakhstan = CountryFactory(code="KZ", name_en="Kazakhstan")
    make_initiative(
        "global",
        countries=[(kenya, None), (kazakhstan, None)],
        geographic_scope_en="11 countries",
    )

    element = activity(parse(get_xml(client)), "global")

    assert [region.get("code") for region in element.findall("recipient-region")] == ["998"]
    assert element.xpath("location/administrative/@code") == ["KE", "KZ"]
    # The scope no region names is a location of its own.
    assert narratives(element.findall("location")[-1].find("name")) == {"en": "11 countries"}


def test_one_country_needs_no_share(client):
    make_initiative("one-country", countries=[(CountryFactory(code="UZ"), None)])

    element = activity(parse(get_xml(client)), "one-country")

    (country,) = element.findall("recipient-country")
    assert (country.get("code"), country.get("percentage")) == ("UZ", None)
    assert element.find("recipient-region") is None
    assert element.find("location") is None


def test_no_country_and_no_known_region_is_unspecified(client):
    make_initiative("somewhere", geographic_scope_en="Western Tien-Shan")

    element = activity(parse(get_xml(client)), "somewhere")

    (region,) = element.findall("recipient-region")
    assert region.get("code") == "998"
    assert narratives(element.find("location/name")) == {"en": "Western Tien-Shan"}


def test_a_region_the_initiative_covers_is_a_dac_recipient_region(client, portfolio):
    document = parse(get_xml(client))

    (region,) = activity(document, "completed").findall("recipient-region")
    assert region.get("code") == "619"
    assert region.get("vocabulary") == "1"
    assert region.get("percentage") is None
    assert narratives(region) == {
        "en": "Central Asia",
        "ru": "Центральная Азия",
        "kk": "Орталық Азия",
    }
    assert activity(document, "one-health").find("recipient-region") is None


def test_geographic_scope_alone_is_no_dac_region_of_its_own(client, portfolio):
    # The narrative says "Central Asia", but only RegionShare data makes that region:
    # the activity is "unspecified", and says the scope as a location.
    make_initiative("scope-only", geographic_scope_en="Central Asia")

    element = activity(parse(get_xml(client)), "scope-only")

    assert [region.get("code") for region in element.findall("recipient-region")] == ["998"]
    assert narratives(element.find("location/name")) == {"en": "Central Asia"}


def test_country_and_region_percentages_together_make_100(client, portfolio, iati_schema):
    kazakhstan = CountryFactory(code="KZ")
    both = make_initiative("both", countries=[(kazakhstan, Decimal("70"))])
    RegionShareFactory(initiative=both, percentage=Decimal("30"))
    unknown = make_initiative("unknown-region-share", countries=[(kazakhstan, Decimal("100"))])
    RegionShareFactory(initiative=unknown, percentage=None)

    document = parse(get_xml(client))

    assert iati_schema.validate(document), iati_schema.error_log
    element = activity(document, "both")
    assert element.find("recipient-country").get("percentage") == "70"
    assert element.find("recipient-region").get("percentage") == "30"
    # Element order: the schema wants every recipient-country before any recipient-region.
    tags = [child.tag for child in element if child.tag.startswith("recipient-")]
    assert tags == ["recipient-country", "recipient-region"]
    # The region's share is unknown: 100 for the country alone would be a false whole,
    # and two recipients need shares (3.4.2): the region stands alone, the country
    # is a location.
    element = activity(document, "unknown-region-share")
    assert element.find("recipient-country") is None
    (region,) = element.findall("recipient-region")
    assert (region.get("code"), region.get("percentage")) == ("619", None)
    assert element.xpath("location/administrative/@code") == ["KZ"]


def test_whole_budget_is_one_commitment_transaction(client, portfolio):
    element = activity(parse(get_xml(client)), "one-health")

    # A budget element may span a year at most (7.5.3): the sources give one amount.
    assert element.find("budget") is None
    (transaction,) = element.findall("transaction")
    assert transaction.find("transaction-type").get("code") == "2"
    start = datetime.date(portfolio.start_date.year, 1, 1).isoformat()
    assert transaction.find("transaction-date").get("iso-date") == start
    value = transaction.find("value")
    assert value.text == "11000000.50"
    assert value.get("currency") == "EUR"
    assert value.get("value-date") == start
    description = narratives(transaction.find("description"))
    assert description["en"].startswith("The budget of the whole initiative (")
    assert "не разбит по годам" in description["ru"]
    assert "жылдарға бөлінбеген" in description["kk"]
    assert activity(parse(get_xml(client)), "planned").find("transaction") is None


def test_budget_share_carries_its_note(client):
    make_initiative(
        "folur",
        budget_amount=Decimal("541500"),
        budget_currency="USD",
        budget_note_en="IUCN's budget share",
        budget_note_ru="Доля бюджета МСОП",
        budget_note_kk="",
    )

    transaction = activity(parse(get_xml(client)), "folur").find("transaction")

    description = narratives(transaction.find("description"))
    assert "IUCN's budget share" in description["en"]
    assert "Доля бюджета МСОП" in description["ru"]
    assert "IUCN's budget share" in description["kk"]  # no Kazakh note: the English one
    assert "The budget of the whole initiative" not in description["en"]


def test_commitment_of_a_planned_initiative_is_not_dated_in_the_future(client):
    initiative = make_initiative(
        "ahead", start_date=days(60), start_precision="day", end_date=days(400)
    )

    transaction = activity(parse(get_xml(client)), "ahead").find("transaction")

    day = initiative.updated_at.date().isoformat()
    assert transaction.find("transaction-date").get("iso-date") == day
    assert transaction.find("value").get("value-date") == day


def test_sectors_follow_the_themes_and_add_up_to_100(client):
    initiative = make_initiative("sectors")
    water = ThemeSectorFactory(theme__slug="water", code="14010").theme
    nexus = ThemeSectorFactory(theme__slug="nexus", code="14010").theme
    biodiversity = ThemeSectorFactory(theme__slug="biodiversity", code="41030").theme
    ThemeSectorFactory(theme=biodiversity, vocabulary="2", code="410")
    initiative.themes.add(water, nexus, biodiversity, ThemeFactory(slug="unmapped"))

    element = activity(parse(get_xml(client)), "sectors")

    sectors = [
        (s.get("vocabulary"), s.get("code"), s.get("percentage")) for s in element.findall("sector")
    ]
    # Each mapped theme weighs the same (in theme order): two of three are water policy.
    assert sectors == [("1", "41030", "33.33"), ("1", "14010", "66.67"), ("2", "410", "100")]


def test_initiative_without_a_mapped_theme_gets_the_default_sector(client, settings):
    settings.IATI_DEFAULT_SECTOR = "41081"
    make_initiative("unthemed")

    (sector,) = activity(parse(get_xml(client)), "unthemed").findall("sector")

    assert (sector.get("vocabulary"), sector.get("code"), sector.get("percentage")) == (
        "1",
        "41081",
        "100",
    )


def test_themes_are_tags_and_pages_are_document_links(client, portfolio):
    element = activity(parse(get_xml(client)), "one-health")

    (tag,) = element.findall("tag")
    assert (tag.get("code"), tag.get("vocabulary")) == ("health", "99")
    assert tag.get("vocabulary-uri") == "http://testserver/api/v1/themes/"
    links = element.findall("document-link")
    assert [link.get("url") for link in links] == [
        "http://testserver/en/initiatives/one-health/",
        "http://testserver/ru/initiatives/one-health/",
        "http://testserver/kk/initiatives/one-health/",
        "https://example.org/one-health",
    ]
    assert {link.find("category").get("code") for link in links} == {"A12"}
    assert links[1].find("language").get("code") == "ru"
    assert narratives(links[1].find("title")) == {"ru": "Единое здоровье для Центральной Азии"}


def test_undated_or_unled_initiatives_are_left_out(client, portfolio):
    make_initiative("undated", start_date=None, end_date=None)
    make_initiative("nobody", lead=False)

    identifiers = parse(get_xml(client)).xpath("iati-activity/iati-identifier/text()")

    assert "TSAKO-undated" not in identifiers
    assert "TSAKO-nobody" not in identifiers
    assert len(identifiers) == 3


def test_control_characters_are_dropped(client, iati_schema):
    make_initiative("pasted", title_en="From a PDF\x0c page", summary_en="Bell\x07")

    document = parse(get_xml(client))

    assert iati_schema.validate(document), iati_schema.error_log
    assert narratives(document.find("iati-activity/title"))["en"] == "From a PDF page"


# --- Filters, errors, caching ----------------------------------------------


def test_same_filters_as_the_list(client, portfolio):
    def identifiers(params):
        return parse(get_xml(client, params)).xpath("iati-activity/iati-identifier/text()")

    assert identifiers({"status": "ongoing"}) == ["TSAKO-one-health"]
    # "completed" covers Central Asia, which includes Kazakhstan.
    assert identifiers({"country": ["kz", "KG"], "sort": "start"}) == [
        "TSAKO-completed",
        "TSAKO-one-health",
        "TSAKO-planned",
    ]
    assert identifiers({"country": "KZ", "regional": "exclude", "sort": "start"}) == [
        "TSAKO-one-health",
        "TSAKO-planned",
    ]
    assert identifiers({"lead": "iucn"}) == ["TSAKO-one-health"]


def test_bad_filter_is_a_json_400(client, portfolio):
    response = get_xml(client, {"country": "KAZ"}, accept="application/xml")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert list(response.json()["errors"]) == ["country"]


def test_empty_result_is_a_well_formed_document(client):
    document = parse(get_xml(client))

    # IATI's schema wants one activity at least: no empty file is valid.
    assert document.tag == "iati-activities"
    assert len(document) == 0


def test_unchanged_export_is_a_304(client, portfolio):
    first = get_xml(client)

    again = get_xml(client, if_none_match=first["ETag"])

    assert again.status_code == 304
    portfolio.save()
    assert get_xml(client, if_none_match=first["ETag"]).status_code == 200


def test_export_is_cors_readable(client, portfolio):
    response = get_xml(client, origin="https://partner.example.org")

    assert response["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("count", [1, 12])
def test_export_queries_do_not_grow(client, django_assert_num_queries, count):
    kazakhstan = CountryFactory(code="KZ")
    theme = ThemeFactory(slug="water")
    for index in range(count):
        initiative = make_initiative(f"i-{index}", countries=[(kazakhstan, Decimal("100"))])
        initiative.themes.add(theme)

    # 1. the content clock, 2.-3. the latest start and end passed, 4. the
    # initiatives, 5. their themes, 6. country shares with countries,
    # 7. region shares with regions, 8. participations with organisations,
    # 9. the alliance profile (the reporting org's names), 10. the themes'
    # IATI sectors (once per document).
    with django_assert_num_queries(10):
        document = parse(get_xml(client))
    assert len(document) == count

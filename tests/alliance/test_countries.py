"""Country pages and the map: what the alliance has in each country, in three languages."""

import datetime
import gzip
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone, translation
from lxml import html as lxml_html

from events.models import EventKind
from tests.factories import (
    CountryFactory,
    CountryShareFactory,
    EventFactory,
    InitiativeFactory,
    OrganisationFactory,
    ParticipationFactory,
    RegionFactory,
    RegionShareFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "ru", "kk"]
NAMES = {
    "KZ": ("Kazakhstan", "Казахстан", "Қазақстан"),
    "KG": ("Kyrgyzstan", "Кыргызстан", "Қырғызстан"),
    "TJ": ("Tajikistan", "Таджикистан", "Тәжікстан"),
    "TM": ("Turkmenistan", "Туркменистан", "Түрікменстан"),
    "UZ": ("Uzbekistan", "Узбекистан", "Өзбекстан"),
}


def url_in(language, name, **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return lxml_html.fromstring(response.content.decode())


def text(element):
    return " ".join(element.text_content().split())


@pytest.fixture
def central_asia():
    countries = {
        code: CountryFactory(code=code, name_en=en, name_ru=ru, name_kk=kk)
        for code, (en, ru, kk) in NAMES.items()
    }
    RegionFactory(countries=list(countries.values()))
    return countries


@pytest.fixture
def kazakhstan(central_asia):
    """Kazakhstan: 2 members and a partner, 2 initiatives of its own and 1 region-wide,
    an upcoming consultation, a past summit; Kyrgyzstan a member and an initiative."""
    kz, kg = central_asia["KZ"], central_asia["KG"]
    OrganisationFactory(
        slug="ecomuseum", name_en="Ecomuseum", name_ru="Экомузей", name_kk="Экомұражай", country=kz
    )
    OrganisationFactory(slug="biom", name_en="BIOM", name_ru="БИОМ", name_kk="БИОМ", country=kz)
    OrganisationFactory(slug="partner", name_en="Some Partner", relation="partner", country=kz)
    OrganisationFactory(slug="kg-member", country=kg)
    water = ThemeFactory(slug="water", name_en="Water", name_ru="Вода", name_kk="Су")
    sdc = OrganisationFactory(slug="sdc", name_en="SDC", relation="partner", country=None)
    own = InitiativeFactory(
        slug="tien-shan",
        title_en="Western Tien-Shan",
        title_ru="Западный Тянь-Шань",
        title_kk="Батыс Тянь-Шань",
        start_date=datetime.date(2022, 1, 1),
        budget_amount=Decimal("125200"),
        budget_currency="EUR",
    )
    own.themes.add(water)
    CountryShareFactory(initiative=own, country=kz)
    ParticipationFactory(initiative=own, organisation=sdc, role="funder")
    # English only: the Russian and Kazakh pages fall back to it.
    second = InitiativeFactory(
        slug="blue-peace", title_en="Blue Peace", title_ru="", title_kk="", budget_currency="CHF"
    )
    CountryShareFactory(initiative=second, country=kz)
    CountryShareFactory(initiative=second, country=kg)
    regional = InitiativeFactory(
        slug="one-health",
        title_en="One Health",
        title_ru="",
        title_kk="",
        budget_amount=Decimal("11000000"),
        budget_currency="EUR",
    )
    RegionShareFactory(initiative=regional)
    InitiativeFactory(slug="german", title_en="Only in Germany")  # covers nothing here
    EventFactory(
        slug="consultation",
        title_en="Almaty consultation",
        title_ru="",
        kind=EventKind.CONSULTATION,
        start_date=timezone.localdate() + datetime.timedelta(days=20),
        country=kz,
    )
    EventFactory(
        slug="summit",
        title_en="Regional summit",
        title_ru="",
        start_date=datetime.date(2025, 4, 22),
        country=kz,
        kind=EventKind.SUMMIT,
    )
    EventFactory(slug="bishkek", title_en="Bishkek meeting", country=kg)
    return kz


# --- Addresses ---------------------------------------------------------------


def test_country_address_is_the_lower_case_iso_code(client, kazakhstan):
    assert url_in("ru", "countries:detail", code="kz") == "/ru/countries/kz/"

    upper = client.get("/en/countries/KZ/")
    assert upper.status_code == 301
    assert upper["Location"] == "/en/countries/kz/"


@pytest.mark.parametrize("path", ["xx", "kzz", "k1", "%D0%BA%D0%B7", "k"])
def test_unknown_or_malformed_country_is_a_404(client, kazakhstan, path):
    assert client.get(f"/en/countries/{path}/").status_code == 404


def test_a_known_country_with_nothing_recorded_has_a_page_but_is_not_listed(client, kazakhstan):
    CountryFactory(code="AF", name_en="Afghanistan")

    content = client.get("/en/countries/af/").content.decode()
    listing = client.get("/en/countries/").content.decode()

    assert "No member of the alliance is based in Afghanistan yet." in content
    assert "/en/countries/af/" not in listing
    # Turkmenistan has nothing either, but is Central Asian: always on the map and listed.
    assert "/en/countries/tm/" in listing


# --- The country page ------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "name", "members", "own_title", "regional_label"),
    [
        ("en", "Kazakhstan", ["BIOM", "Ecomuseum"], "Western Tien-Shan", "Regional (Central Asia)"),
        ("ru", "Казахстан", ["БИОМ", "Экомузей"], "Западный Тянь-Шань",
         "Региональная (Центральная Азия)"),
        ("kk", "Қазақстан", ["БИОМ", "Экомұражай"], "Батыс Тянь-Шань", "Өңірлік (Орталық Азия)"),
    ],
)  # fmt: skip
def test_country_page_shows_members_initiatives_and_events_in_each_language(
    client, kazakhstan, language, name, members, own_title, regional_label
):
    html = page(client, url_in(language, "countries:detail", code="kz"))

    assert html.get("lang") == language
    assert text(html.find(".//h1")) == name
    members_list = html.get_element_by_id("members-heading").getparent()
    assert [text(a) for a in members_list.iterfind(".//ul/li/a")] == members  # not the partner
    specific = html.get_element_by_id("specific-heading").getnext()
    # Latest start first.
    assert [text(a) for a in specific.iterfind("./li/a")] == ["Blue Peace", own_title]
    regional = html.get_element_by_id("regional-heading").getnext()
    assert [text(a) for a in regional.iterfind("./li/a")] == ["One Health"]
    assert regional_label in text(regional)
    consultations = html.get_element_by_id("consultations-heading").getnext()
    assert [text(a) for a in consultations.iterfind("./li/a")] == ["Almaty consultation"]
    held = html.get_element_by_id("held-heading").getnext()
    # Upcoming first, then past; the Bishkek meeting is Kyrgyzstan's.
    assert [text(a) for a in held.iterfind("./li/a")] == ["Almaty consultation", "Regional summit"]


def test_country_page_totals_keep_region_wide_budgets_apart(client, kazakhstan):
    html = page(client, "/en/countries/kz/")

    initiatives = text(html.get_element_by_id("initiatives-heading").getparent())
    assert (
        "2 country-specific initiatives work in Kazakhstan: CHF 1,000,000; €125,200." in initiatives
    )
    assert "1 region-wide initiative covers a region that includes it: €11,000,000." in initiatives
    assert "€11,000,000 for the whole region" in initiatives


def test_country_page_funding_charts_and_funders_table_match_the_data(client, kazakhstan):
    html = page(client, "/en/countries/kz/")

    figure = html.get_element_by_id("funding-year-eur-caption").getparent()
    rows = [[text(cell) for cell in row] for row in figure.iter("tr")]
    assert rows == [
        ["Start year", "Country-specific", "Region-wide (whole budgets)"],
        ["2022", "€125,200 (1 initiative)", "–"],
        ["2024", "–", "€11,000,000 (1 initiative)"],
    ]
    assert "starting in each year" in figure.find(".//svg/desc").text
    themes = html.get_element_by_id("funding-theme-eur-caption").getparent()
    assert [[text(cell) for cell in row] for row in themes.iter("tr")][1:] == [
        ["Water", "€125,200 (1 initiative)", "–"],
        ["No theme given", "–", "€11,000,000 (1 initiative)"],
    ]
    funders = html.get_element_by_id("funders-heading").getparent()
    assert [[text(cell) for cell in row] for row in funders.iter("tr")][1:] == [
        ["SDC", "1", "€125,200 (1 initiative)", "–"],
        ["No funder given", "2", "CHF 1,000,000 (1 initiative)", "€11,000,000 (1 initiative)"],
    ]


def test_country_page_offers_every_export_for_exactly_that_country(client, kazakhstan):
    html = page(client, "/ru/countries/kz/")

    data = html.get_element_by_id("data-heading").getparent()
    links = {a.get("href") for a in data.iterfind(".//li/a")}
    assert links == {
        "/ru/initiatives/export.csv?country=KZ",
        "/api/v1/initiatives.xml?country=KZ",
        "/ru/initiatives/feed.atom?country=KZ",
        "/ru/events/calendar.ics?country=KZ",
        "/ru/events/feed.atom?country=KZ",
        "/api/v1/initiatives/?country=KZ",
        "/api/v1/events/?country=KZ",
        "/api/v1/organisations/?country=KZ",
    }
    for link in links:
        response = client.get(link)
        assert response.status_code == 200, link
        # Read whole: a download holds its slot until then. The test client closes a
        # streamed answer once read; closing it again would send request_finished, which
        # closes the test's database connection (it is inside the test's transaction).
        response.getvalue()
    csv = client.get("/ru/initiatives/export.csv?country=KZ").getvalue()
    assert "Западный Тянь-Шань" in csv.decode() and "Only in Germany" not in csv.decode()


# --- The map -------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", ["home", "countries:list"])
def test_map_links_each_central_asian_country_with_its_figures(client, kazakhstan, language, name):
    html = page(client, url_in(language, name))

    svg = html.find(".//figure[@class='map']/svg")
    assert svg.find("title").text
    assert svg.get("aria-labelledby") == "map-title"
    links = {a.get("href"): a.get("aria-label") for a in svg.iterfind("a")}
    assert set(links) == {f"/{language}/countries/{code.lower()}/" for code in NAMES}
    label = links[f"/{language}/countries/kz/"]
    kz = NAMES["KZ"][LANGUAGES.index(language)]
    if language == "en":
        assert label == ("Kazakhstan: 2 members, 3 initiatives (1 of them region-wide), 2 events")
    elif language == "ru":
        assert label == "Казахстан: 2 члена, 3 инициативы (из них региональных: 1), 2 мероприятия"
    else:
        assert label.startswith(f"{kz}: 2 мүше, 3 бастама")
    # The labels drawn on the map are the same names, hidden from screen readers
    # (each link's label says it all).
    labels = svg.find("g[@class='labels']")
    assert labels.get("aria-hidden") == "true"
    assert kz in [t.text for t in labels.iter("text")]
    # The same figures in a table, each country a link.
    table = html.find(".//table[@class='country-table']")
    row = next(r for r in table.iter("tr") if text(r).startswith(kz))
    assert [text(cell) for cell in row] == [kz, "2", "3", "1", "2"]
    assert row.find(".//a").get("href") == f"/{language}/countries/kz/"


def test_country_page_map_marks_the_country_shown(client, kazakhstan):
    html = page(client, "/en/countries/kg/")

    current = [a.get("href") for a in html.iterfind(".//svg/a") if "current" in a.get("class")]
    assert current == ["/en/countries/kg/"]


def test_countries_list_has_other_countries_with_figures(client, kazakhstan):
    germany = CountryFactory(code="DE", name_en="Germany", is_central_asian=False)
    OrganisationFactory(country=germany, relation="partner")
    EventFactory(slug="bonn", country=germany)

    html = page(client, "/en/countries/")

    rows = [[text(cell) for cell in row] for row in html.find(".//table").iter("tr")]
    assert ["Germany", "0", "0", "0", "1"] in rows
    assert [row[0] for row in rows[1:6]] == [n[0] for n in NAMES.values()]


# --- Sitemap, weight, queries -------------------------------------------------


def test_sitemap_lists_the_countries_page_and_each_listed_country(client, kazakhstan):
    content = client.get("/sitemap-countries.xml").content.decode()
    sections = client.get("/sitemap-sections.xml").content.decode()

    for code in ["kz", "kg", "tj", "tm", "uz"]:
        assert f"http://testserver/kk/countries/{code}/" in content
    assert "http://testserver/ru/countries/" in sections


def make_many(kazakhstan, size):
    """`size` initiatives, members and events in Kazakhstan, over many years, currencies,
    themes and funders: what a page at scale holds."""
    themes = [ThemeFactory(slug=f"theme-{n}", name_en=f"Theme number {n}") for n in range(18)]
    currencies = ["EUR", "USD", "KZT", "CHF", "GBP", "KGS", "UZS"]
    funders = [OrganisationFactory(slug=f"funder-{n}", relation="partner") for n in range(20)]
    for n in range(size):
        initiative = InitiativeFactory(
            slug=f"many-{n}",
            start_date=datetime.date(2012 + n % 16, 1, 1),
            end_date=datetime.date(2030, 12, 31),
            budget_amount=Decimal(1000 * (n + 1)),
            budget_currency=currencies[n % len(currencies)],
        )
        initiative.themes.add(themes[n % 18], themes[(n * 7) % 18])
        CountryShareFactory(initiative=initiative, country=kazakhstan)
        if n % 3 == 0:
            RegionShareFactory(initiative=initiative)
        ParticipationFactory(initiative=initiative, organisation=funders[n % 20], role="funder")
        OrganisationFactory(slug=f"member-{n}", country=kazakhstan)
        EventFactory(slug=f"event-many-{n}", country=kazakhstan,
                     start_date=datetime.date(2012 + n % 16, 3, 1))  # fmt: skip


@pytest.mark.parametrize("language", LANGUAGES)
def test_new_pages_weigh_under_50_kb_gzipped_at_scale(client, kazakhstan, language, settings):
    make_many(kazakhstan, 120)

    for name, kwargs in [
        ("countries:detail", {"code": "kz"}),
        ("countries:list", {}),
        ("home", {}),
        ("initiatives:list", {}),
        ("events:list", {}),
    ]:
        response = client.get(url_in(language, name, **kwargs))
        size = len(gzip.compress(response.content))
        assert size < 50 * 1024, (name, size)
    # Every currency has its charts.
    html = page(client, url_in(language, "countries:detail", code="kz"))
    assert len(html.find_class("chart")) == 14


@pytest.mark.parametrize("size", [3, 30])
@pytest.mark.parametrize("language", LANGUAGES)
def test_country_pages_queries_are_bounded_at_two_sizes(
    client, kazakhstan, django_assert_max_num_queries, size, language, settings
):
    settings.PAGE_CACHE_SECONDS = 0
    make_many(kazakhstan, size)

    cache.clear()
    # Cold: 1 the country, 3 the figures of every country (members, initiatives,
    # events), 1 the countries' names, 1 its members, 1 the totals, 2 the
    # country-specific and the region-wide initiatives, 1 their regions, 3 the
    # funding sums (years, themes, their names), 2 the funders (sums, names),
    # 1 upcoming consultations, 1 events.
    with django_assert_max_num_queries(18):
        client.get(url_in(language, "countries:detail", code="kz"))
    # Warm (figures, lists, sums and names cached): the country alone.
    with django_assert_max_num_queries(1):
        client.get(url_in(language, "countries:detail", code="kz"))
    cache.clear()
    # The figures of every country, the countries' names.
    with django_assert_max_num_queries(4):
        client.get(url_in(language, "countries:list"))

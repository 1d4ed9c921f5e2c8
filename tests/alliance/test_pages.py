"""The home page and what every page shares: languages, switcher, 404, sitemap, CSP."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from lxml import etree

from common.models import Country
from tests.factories import (
    AllianceProfileFactory,
    CountryFactory,
    EventFactory,
    InitiativeFactory,
    OrganisationFactory,
)
from toolkit.sitemaps import PortalSitemap

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "ru", "kk"]


def url_in(language, name, **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


@pytest.fixture
def alliance():
    profile = AllianceProfileFactory(
        goal_en="Compulsory climate education by COP30.",
        goal_ru="Обязательное климатическое образование к COP30.",
        goal_kk="COP30-ға дейін міндетті климаттық білім беру.",
    )
    kazakhstan = CountryFactory(
        code="KZ", name_en="Kazakhstan", name_ru="Казахстан", name_kk="Қазақстан"
    )
    OrganisationFactory.create_batch(2, country=kazakhstan)
    # Titles only in English: the Russian and Kazakh pages fall back to them.
    EventFactory(
        title_en="Regional Ecological Summit",
        title_ru="",
        title_kk="",
        start_date=timezone.localdate() + datetime.timedelta(days=30),
    )
    InitiativeFactory(title_en="Blue Peace Central Asia 2.0", title_ru="", title_kk="")
    return profile


@pytest.mark.parametrize(
    ("language", "goal", "country"),
    [
        ("en", "Compulsory climate education by COP30.", "Kazakhstan"),
        ("ru", "Обязательное климатическое образование к COP30.", "Казахстан"),
        ("kk", "COP30-ға дейін міндетті климаттық білім беру.", "Қазақстан"),
    ],
)
def test_home_shows_goal_members_events_initiatives_in_each_language(
    client, alliance, language, goal, country
):
    response = client.get(url_in(language, "home"))

    content = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{language}">' in content
    assert goal in content
    # The map's table: the country's members.
    assert f'{country}</a></th><td class="number">2</td>' in content
    assert "Regional Ecological Summit" in content
    assert "Blue Peace Central Asia 2.0" in content


def test_home_query_count_is_bounded(client, alliance, django_assert_max_num_queries):
    OrganisationFactory.create_batch(10)
    InitiativeFactory.create_batch(10)
    # profile, countries with counts, upcoming events (+themes), initiatives
    # (+themes, country shares, participations), and the session-free rest.
    with django_assert_max_num_queries(10):
        client.get(url_in("en", "home"))


def test_home_works_without_any_content(client):
    response = client.get(url_in("kk", "home"))

    assert response.status_code == 200


def test_language_switcher_keeps_the_page_and_its_filters(client, alliance):
    response = client.get(url_in("ru", "members:list") + "?country=KZ&kind=ngo")

    content = response.content.decode()
    assert 'href="/kk/members/?country=KZ&amp;kind=ngo"' in content
    assert 'hreflang="en"' in content


def test_hreflang_alternates_name_every_language(client, alliance):
    content = client.get(url_in("en", "home")).content.decode()

    for language in ("en", "ru", "kk"):
        assert f'<link rel="alternate" hreflang="{language}"' in content


@pytest.mark.parametrize(
    ("language", "text"),
    [("en", "Page not found"), ("ru", "Страница не найдена"), ("kk", "Бет табылмады")],
)
def test_unknown_address_gets_a_translated_404(client, language, text):
    response = client.get(f"/{language}/no-such-page/")

    assert response.status_code == 404
    assert text in response.content.decode()


def test_public_pages_send_a_strict_content_security_policy(client, alliance):
    response = client.get(url_in("en", "home"))

    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_pages_carry_no_inline_style_or_script(client, alliance):
    content = client.get(url_in("en", "home")).content.decode()

    assert "style=" not in content
    assert "<script" not in content
    assert "<style" not in content


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_the_admin(client):
    response = client.get("/robots.txt")

    content = response.content.decode()
    assert response["Content-Type"].startswith("text/plain")
    assert "Disallow: /kk/admin/" in content
    assert "Sitemap: http://testserver/sitemap.xml" in content


def test_sitemap_lists_sections_with_language_alternates(client, alliance):
    response = client.get("/sitemap-sections.xml")

    content = response.content.decode()
    assert response.status_code == 200
    assert "<loc>http://testserver/ru/members/</loc>" in content
    assert 'hreflang="kk" href="http://testserver/kk/initiatives/"' in content
    assert 'hreflang="x-default"' in content


# --- The sitemap index ------------------------------------------------------

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def sitemap_locations(client, url):
    """The <loc> of each entry of a sitemap file or of the index, by its absolute URL."""
    response = client.get(url.removeprefix("http://testserver"))
    assert response.status_code == 200, url
    assert response["Content-Type"] == "application/xml"
    document = etree.fromstring(response.content)
    return [loc.text for loc in document.iter(f"{SITEMAP}loc")]


def test_sitemap_is_an_index_of_files_of_at_most_limit_urls(client, monkeypatch):
    # 6 URL entries a file: 2 records, each in 3 languages.
    monkeypatch.setattr(PortalSitemap, "limit", 6)
    country = CountryFactory(code="KZ")
    organisations = [OrganisationFactory(slug=f"org-{n}", country=country) for n in range(5)]
    events = [EventFactory(slug=f"event-{n}") for n in range(3)]
    initiatives = [InitiativeFactory(slug=f"initiative-{n}") for n in range(2)]

    files = sitemap_locations(client, "/sitemap.xml")

    # The country pages: every Central Asian country the database holds (the
    # events' factory made some), then those with anything recorded.
    countries = [f"countries/{code.lower()}/" for _key, code, _name in Country.objects.listed()]
    country_files = ["http://testserver/sitemap-countries.xml"]
    country_files += [
        f"http://testserver/sitemap-countries.xml?p={n}"
        for n in range(2, -(-len(countries) * 3 // 6) + 1)
    ]
    assert files == [
        "http://testserver/sitemap-sections.xml",
        "http://testserver/sitemap-sections.xml?p=2",
        "http://testserver/sitemap-sections.xml?p=3",
        "http://testserver/sitemap-sections.xml?p=4",
        "http://testserver/sitemap-sections.xml?p=5",
        "http://testserver/sitemap-members.xml",
        "http://testserver/sitemap-members.xml?p=2",
        "http://testserver/sitemap-members.xml?p=3",
        "http://testserver/sitemap-events.xml",
        "http://testserver/sitemap-events.xml?p=2",
        "http://testserver/sitemap-initiatives.xml",
        *country_files,
    ]
    listed = []
    for file in files:
        urls = sitemap_locations(client, file)
        assert 0 < len(urls) <= 6, file
        listed += urls
    pages = ["", "members/", "events/", "initiatives/", "countries/", "data/"]
    pages += ["about/", "contact/", "privacy/"]
    pages += [record.get_absolute_url().removeprefix("/en/") for record in organisations]
    pages += [record.get_absolute_url().removeprefix("/en/") for record in events]
    pages += [record.get_absolute_url().removeprefix("/en/") for record in initiatives]
    pages += countries
    expected = [f"http://testserver/{code}/{page}" for page in pages for code in LANGUAGES]
    # Every page in every language, once.
    assert sorted(listed) == sorted(expected)
    assert client.get("/sitemap-members.xml?p=4").status_code == 404


def test_sitemap_file_reads_only_the_records_it_lists(
    client, monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr(PortalSitemap, "limit", 6)
    for number in range(10):
        InitiativeFactory(slug=f"initiative-{number:02}")

    # 1. count the initiatives, 2. the two of the second page.
    with django_assert_num_queries(2):
        urls = sitemap_locations(client, "/sitemap-initiatives.xml?p=2")

    assert urls == [
        f"http://testserver/{code}/initiatives/initiative-{number:02}/"
        for number in (2, 3)
        for code in LANGUAGES
    ]

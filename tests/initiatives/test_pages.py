"""The initiatives pages: list with filters and budget totals, detail, CSV export, sitemap."""

import csv
import datetime
import io
import itertools
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation

from initiatives.models import Initiative, ParticipationRole
from tests.facet_helpers import boxes, labels
from tests.factories import (
    CountryFactory,
    CountryShareFactory,
    InitiativeFactory,
    OrganisationFactory,
    ParticipationFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "ru", "kk"]


# --- Local helpers ---------------------------------------------------------


def url(name, language="en", **kwargs):
    with translation.override(language):
        return reverse(f"initiatives:{name}", kwargs=kwargs or None)


def get_list(client, language="en", **params):
    return client.get(url("list", language), params)


def get_csv(client, language="en", params=None):
    return client.get(url("export", language), params or {})


def csv_rows(response):
    """The streamed CSV, parsed back: the header and the data rows."""
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))
    return rows[0], rows[1:]


def assert_accessible_outline(content):
    """One h1, headings that never skip a level, nothing inline for the CSP to block."""
    levels = [int(level) for level in re.findall(r"<h([1-6])[ >]", content)]
    assert levels.count(1) == 1
    assert levels[0] == 1
    assert all(later - earlier <= 1 for earlier, later in itertools.pairwise(levels))
    assert " style=" not in content
    assert "<script" not in content


def titles(response):
    return [initiative.title_en for initiative in response.context["initiatives"]]


def make_initiative(lead=None, funder=None, countries=(), themes=(), **kwargs):
    """An initiative with its lead, funder, countries and themes."""
    initiative = InitiativeFactory(**kwargs)
    if lead:
        ParticipationFactory(initiative=initiative, organisation=lead, role=ParticipationRole.LEAD)
    if funder:
        ParticipationFactory(
            initiative=initiative, organisation=funder, role=ParticipationRole.FUNDER
        )
    for country in countries:
        CountryShareFactory(initiative=initiative, country=country)
    initiative.themes.set(themes)
    return initiative


def make_full_initiatives(count):
    """`count` initiatives, each with a lead, a funder, two countries and a theme."""
    kazakhstan = CountryFactory(code="KZ", name_en="Kazakhstan")
    kyrgyzstan = CountryFactory(code="KG", name_en="Kyrgyzstan")
    theme = ThemeFactory(slug="restoration")
    for _index in range(count):
        make_initiative(
            lead=OrganisationFactory(),
            funder=OrganisationFactory(),
            countries=[kazakhstan, kyrgyzstan],
            themes=[theme],
        )


@pytest.fixture
def one_health():
    """A record like the seeds' first: IUCN leads, BMUV funds, EUR 11 million."""
    # Before any organisation, whose factory would make Kazakhstan otherwise.
    kazakhstan = CountryFactory(
        code="KZ", name_en="Kazakhstan", name_ru="Казахстан", name_kk="Қазақстан"
    )
    iucn = OrganisationFactory(
        slug="iucn",
        name_en="International Union for Conservation of Nature",
        name_ru="Международный союз охраны природы",
        short_name_en="IUCN",
        short_name_ru="МСОП",
    )
    bmuv = OrganisationFactory(slug="bmuv", name_en="German Environment Ministry", short_name_en="")
    initiative = make_initiative(
        lead=iucn,
        funder=bmuv,
        countries=[kazakhstan],
        themes=[ThemeFactory(slug="health", name_en="One Health", name_ru="Единое здоровье")],
        slug="one-health",
        title_en="One Health for Central Asia",
        title_ru="Единое здоровье для Центральной Азии",
        title_kk="Орталық Азия үшін бірыңғай денсаулық",
        acronym_en="OHCA",
        summary_en="Prevents zoonotic diseases through conservation.",
        summary_ru="Предотвращает зоонозы через охрану природы.",
        description_en="Integrates human, animal and environmental health.",
        start_date=datetime.date(2024, 1, 1),
        start_precision="year",
        end_date=datetime.date(2029, 12, 31),
        end_precision="year",
        budget_amount=Decimal("11000000.00"),
        budget_currency="EUR",
        budget_note_en="IUCN's budget share",
        budget_note_ru="Доля бюджета МСОП",
        website="https://example.org/one-health",
    )
    return initiative


# --- List page -------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "title", "amount", "period"),
    [
        ("en", "One Health for Central Asia", "€11,000,000", "2024\u2009–\u20092029"),
        ("ru", "Единое здоровье для Центральной Азии", "11\xa0000\xa0000\xa0€", "2024—2029"),
        ("kk", "Орталық Азия үшін бірыңғай денсаулық", "11\xa0000\xa0000\xa0€", "2024–2029"),
    ],
)
def test_list_page_in_each_language(client, one_health, language, title, amount, period):
    response = get_list(client, language)

    assert response.status_code == 200
    content = response.content.decode()
    assert f'<html lang="{language}">' in content
    assert_accessible_outline(content)
    assert title in content
    # The budget and the years as CLDR writes them in the language.
    assert amount in content
    assert period in content


def test_list_card_shows_lead_funder_status_and_countries(client, one_health):
    content = get_list(client).content.decode()

    assert "One Health for Central Asia</a> (OHCA)" in content
    assert "IUCN&#x27;s budget share" in content
    assert "International Union for Conservation of Nature (IUCN)" in content
    assert "German Environment Ministry" in content
    assert "<dd>Kazakhstan</dd>" in content
    assert f"2024\u2009–\u20092029 · {one_health.status.label}" in content


def test_list_card_shows_geographic_scope_without_countries(client):
    make_initiative(geographic_scope_en="Central Asia and the Caucasus")

    assert "Central Asia and the Caucasus" in get_list(client).content.decode()


def test_list_russian_reader_sees_russian_organisation_and_note(client, one_health):
    content = get_list(client, "ru").content.decode()

    assert "Международный союз охраны природы (МСОП)" in content
    assert "Доля бюджета МСОП" in content
    assert "Казахстан" in content


def test_list_has_csv_link_keeping_the_filters(client, one_health):
    content = get_list(client, country="KZ", status="ongoing", page="1").content.decode()

    assert "Download these initiatives as CSV" in content
    assert f'href="{url("export")}?country=KZ&amp;status=ongoing"' in content


# --- Filters ---------------------------------------------------------------


def test_list_filter_two_countries_matches_either(client):
    kazakhstan = CountryFactory(code="KZ")
    kyrgyzstan = CountryFactory(code="KG")
    tajikistan = CountryFactory(code="TJ")
    make_initiative(title_en="In Kazakhstan", countries=[kazakhstan])
    make_initiative(title_en="In Kyrgyzstan", countries=[kyrgyzstan])
    make_initiative(title_en="In both", countries=[kazakhstan, kyrgyzstan])
    make_initiative(title_en="In Tajikistan", countries=[tajikistan])

    response = client.get(url("list"), {"country": ["KZ", "KG"]})

    # "In both" is listed once, not once per country.
    assert sorted(titles(response)) == ["In Kazakhstan", "In Kyrgyzstan", "In both"]
    assert response.context["paginator"].count == 3


def test_list_filter_country_is_case_insensitive(client):
    make_initiative(title_en="In Kazakhstan", countries=[CountryFactory(code="KZ")])
    make_initiative(title_en="In Uzbekistan", countries=[CountryFactory(code="UZ")])

    response = get_list(client, country="kz")

    assert titles(response) == ["In Kazakhstan"]


def test_list_filter_status_follows_today(client):
    today = timezone.localdate()
    day = {"start_precision": "day", "end_precision": "day"}
    make_initiative(
        title_en="Planned",
        start_date=today + datetime.timedelta(days=30),
        end_date=today + datetime.timedelta(days=400),
        **day,
    )
    make_initiative(
        title_en="Ongoing",
        start_date=today - datetime.timedelta(days=30),
        end_date=today + datetime.timedelta(days=30),
        **day,
    )
    make_initiative(
        title_en="Ends today",
        start_date=today - datetime.timedelta(days=30),
        end_date=today,
        **day,
    )
    make_initiative(
        title_en="Completed",
        start_date=today - datetime.timedelta(days=400),
        end_date=today - datetime.timedelta(days=1),
        **day,
    )

    assert titles(get_list(client, status="planned")) == ["Planned"]
    assert sorted(titles(get_list(client, status="ongoing"))) == ["Ends today", "Ongoing"]
    assert titles(get_list(client, status="completed")) == ["Completed"]
    assert "Ongoing" in get_list(client, status="ongoing").content.decode()


def test_list_filter_year_matches_initiatives_running_that_year(client):
    make_initiative(
        title_en="2018-2022",
        start_date=datetime.date(2018, 1, 1),
        end_date=datetime.date(2022, 1, 1),
    )
    make_initiative(
        title_en="2022-2024",
        start_date=datetime.date(2022, 1, 1),
        end_date=datetime.date(2024, 1, 1),
    )
    make_initiative(
        title_en="2024-2029",
        start_date=datetime.date(2024, 1, 1),
        end_date=datetime.date(2029, 1, 1),
    )

    assert sorted(titles(get_list(client, year="2022"))) == ["2018-2022", "2022-2024"]
    assert titles(get_list(client, year="2026")) == ["2024-2029"]
    assert titles(get_list(client, year="2015")) == []


def test_list_filter_lead_and_funder_by_slug(client):
    iucn = OrganisationFactory(slug="iucn")
    fao = OrganisationFactory(slug="fao")
    gef = OrganisationFactory(slug="gef")
    make_initiative(title_en="IUCN-led, GEF-funded", lead=iucn, funder=gef)
    make_initiative(title_en="FAO-led, GEF-funded", lead=fao, funder=gef)
    # IUCN funds this one: it must not count as led by IUCN.
    make_initiative(title_en="FAO-led, IUCN-funded", lead=fao, funder=iucn)

    assert titles(get_list(client, lead="iucn")) == ["IUCN-led, GEF-funded"]
    assert sorted(titles(get_list(client, funder="gef"))) == [
        "FAO-led, GEF-funded",
        "IUCN-led, GEF-funded",
    ]
    assert titles(get_list(client, lead="fao", funder="iucn")) == ["FAO-led, IUCN-funded"]


def test_list_filter_theme_by_slug(client):
    water = ThemeFactory(slug="water")
    make_initiative(title_en="Blue Peace", themes=[water])
    make_initiative(title_en="Steppe", themes=[ThemeFactory(slug="land")])

    assert titles(get_list(client, theme="water")) == ["Blue Peace"]


def test_list_search_in_english(client):
    make_initiative(title_en="Blue Peace Central Asia", acronym_en="BPCA")
    make_initiative(title_en="Steppe", summary_en="Grazing with trees in the steppe.")
    make_initiative(title_en="Nexus", description_en="Water, energy and food security.")

    assert titles(get_list(client, q="blue peace")) == ["Blue Peace Central Asia"]
    assert titles(get_list(client, q="BPCA")) == ["Blue Peace Central Asia"]
    assert titles(get_list(client, q="grazing")) == ["Steppe"]
    assert titles(get_list(client, q="food security")) == ["Nexus"]


def test_list_search_in_russian(client):
    make_initiative(
        title_en="Steppe",
        title_ru="Степь",
        summary_ru="Восстановление пастбищ в Казахстане.",
    )
    make_initiative(title_en="Water", title_ru="Вода", summary_ru="Водное сотрудничество.")

    response = get_list(client, "ru", q="пастбищ")

    assert titles(response) == ["Steppe"]
    assert "Степь" in response.content.decode()


@pytest.mark.skipif(
    connection.vendor == "sqlite", reason="SQLite's LIKE folds the case of ASCII letters only"
)
def test_list_search_in_russian_ignores_case(client):
    make_initiative(title_en="Steppe", title_ru="Степь", summary_ru="Пастбища Казахстана.")

    assert titles(get_list(client, "ru", q="пастбища")) == ["Steppe"]


# --- Sorting ---------------------------------------------------------------


def test_list_sort_by_budget_both_ways_with_stable_ties(client):
    make_initiative(title_en="Small", slug="small", budget_amount=Decimal("10"))
    make_initiative(title_en="Large", slug="large", budget_amount=Decimal("1000"))
    make_initiative(title_en="Tie B", slug="tie-b", budget_amount=Decimal("100"))
    make_initiative(title_en="Tie A", slug="tie-a", budget_amount=Decimal("100"))
    make_initiative(title_en="None", slug="none", budget_amount=None, budget_currency="")

    assert titles(get_list(client, sort="budget")) == ["Small", "Tie A", "Tie B", "Large", "None"]
    # Without a budget still comes last; ties keep their order.
    assert titles(get_list(client, sort="-budget")) == ["Large", "Tie A", "Tie B", "Small", "None"]


def test_list_sort_by_start_and_end(client):
    make_initiative(
        title_en="Early start, late end",
        start_date=datetime.date(2016, 1, 1),
        end_date=datetime.date(2030, 1, 1),
    )
    make_initiative(
        title_en="Late start, early end",
        start_date=datetime.date(2021, 1, 1),
        end_date=datetime.date(2023, 1, 1),
    )

    assert titles(get_list(client, sort="start"))[0] == "Early start, late end"
    assert titles(get_list(client, sort="-start"))[0] == "Late start, early end"
    assert titles(get_list(client, sort="end"))[0] == "Late start, early end"
    assert titles(get_list(client, sort="-end"))[0] == "Early start, late end"
    # The default order: the latest start first.
    assert titles(get_list(client))[0] == "Late start, early end"


def test_sort_by_name_follows_the_readers_alphabet(client):
    # The title each reader is shown: Kazakh falls back to Russian where it is empty.
    make_initiative(slug="a", title_en="Water", title_ru="«Вода»", title_kk="«Су»")
    make_initiative(slug="b", title_en="Apple", title_ru="Әлем", title_kk="")
    make_initiative(slug="c", title_en="Eco", title_ru="ЭКО", title_kk="ЭКО")

    def order(language):
        response = get_list(client, language, sort="name")
        return [initiative.slug for initiative in response.context["initiatives"]]

    assert order("en") == ["b", "c", "a"]
    # Ә after А (not after Я, as code points have it), quotes do not count.
    assert order("ru") == ["b", "a", "c"]
    assert order("kk") == ["b", "a", "c"]


# --- Budget totals ---------------------------------------------------------


def test_list_totals_per_currency_never_summed_together(client):
    make_initiative(budget_amount=Decimal("11000000"), budget_currency="EUR")
    make_initiative(budget_amount=Decimal("125200"), budget_currency="EUR")
    make_initiative(budget_amount=Decimal("541500"), budget_currency="USD")
    make_initiative(budget_amount=None, budget_currency="")

    response = get_list(client)

    totals = {row["budget_currency"]: row["total"] for row in response.context["totals"]}
    assert totals == {"EUR": Decimal("11125200"), "USD": Decimal("541500")}
    content = response.content.decode()
    assert "€11,125,200 (2 initiatives)" in content
    assert "$541,500 (1 initiative)" in content
    assert "11,666,700" not in content


def test_list_totals_follow_the_filters(client):
    kazakhstan = CountryFactory(code="KZ")
    kyrgyzstan = CountryFactory(code="KG")
    make_initiative(budget_amount=Decimal("100"), countries=[kazakhstan, kyrgyzstan])
    make_initiative(budget_amount=Decimal("50"), countries=[kyrgyzstan])
    make_initiative(budget_amount=Decimal("7"), countries=[CountryFactory(code="UZ")])

    response = client.get(url("list"), {"country": ["KZ", "KG"]})

    # The initiative in both countries is counted once.
    assert response.context["totals"] == [
        {"budget_currency": "EUR", "total": Decimal("150"), "count": 2}
    ]


def test_lead_filter_offers_the_most_frequent_leads_by_name(client, monkeypatch):
    monkeypatch.setattr("initiatives.filters.OFFERED_ORGANISATIONS", 2)
    often = OrganisationFactory(name_en="Zhasyl Dala", slug="zhasyl-dala")
    sometimes = OrganisationFactory(name_en="Aral Fund", slug="aral-fund")
    rarely = OrganisationFactory(name_en="Barys Trust", slug="barys-trust")
    for lead, times in [(often, 3), (sometimes, 2), (rarely, 1)]:
        for _index in range(times):
            make_initiative(lead=lead)

    content = get_list(client).content.decode()
    chosen = get_list(client, lead="barys-trust").content.decode()

    assert labels(content, "lead") == {
        "aral-fund": "Aral Fund (2)",
        "zhasyl-dala": "Zhasyl Dala (3)",
    }
    assert list(labels(content, "lead")) == ["aral-fund", "zhasyl-dala"]
    # Not offered, but accepted, and shown as chosen, with its count.
    assert list(labels(chosen, "lead")) == ["aral-fund", "zhasyl-dala", "barys-trust"]
    assert boxes(chosen, "lead")["barys-trust"] == ("Barys Trust (1)", True, False)


def test_tally_counts_every_initiative_but_sums_only_budgets():
    funder = OrganisationFactory()
    theme = ThemeFactory()
    make_initiative(budget_amount=Decimal("100"), funder=funder, themes=[theme])
    # A currency without an amount: counted, not summed.
    make_initiative(budget_amount=None, budget_currency="EUR", funder=funder, themes=[theme])
    make_initiative(budget_amount=None, budget_currency="", funder=funder, themes=[theme])
    make_initiative(budget_amount=Decimal("5"), themes=[theme])

    tally = Initiative.objects.funded_by(funder).filter(themes=theme).tally()

    assert tally.count == 3
    assert tally.totals == [{"budget_currency": "EUR", "total": Decimal("100"), "count": 1}]


def test_list_heading_counts_initiatives_without_a_budget(client):
    make_initiative(budget_amount=Decimal("100"))
    make_initiative(budget_amount=None, budget_currency="")

    response = get_list(client)

    assert response.context["paginator"].count == 2
    assert "€100 (1 initiative)" in response.content.decode()


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "€1,234,567.50"),
        ("ru", "1\xa0234\xa0567,50\xa0€"),
        ("kk", "1\xa0234\xa0567,50\xa0€"),
    ],
)
def test_list_totals_formatted_for_the_language(client, language, expected):
    make_initiative(budget_amount=Decimal("1234567.50"))

    assert expected in get_list(client, language).content.decode()


# --- Pagination ------------------------------------------------------------


def test_list_paginates_and_forgives_bad_page_numbers(client):
    for index in range(23):
        make_initiative(title_en=f"Initiative {index:02}", slug=f"i-{index:02}")

    assert len(titles(get_list(client))) == 20
    assert len(titles(get_list(client, page="2"))) == 3
    assert len(titles(get_list(client, page="99"))) == 3
    assert len(titles(get_list(client, page="abc"))) == 20
    assert 'aria-label="Page 2">2</a>' in get_list(client).content.decode()


# --- Bad input on the list page: a form error, never a 500 -------------------


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"country": "XX"}, "country"),
        ({"country": ["KZ", "XX"]}, "country"),
        ({"status": "finished"}, "status"),
        ({"year": "soon"}, "year"),
        ({"year": "99999999999999999999"}, "year"),
        ({"year": "1e3"}, "year"),
        ({"lead": "nobody"}, "lead"),
        ({"funder": "nobody"}, "funder"),
        ({"theme": "no-such-theme"}, "theme"),
        ({"sort": "title"}, "sort"),
        ({"q": "x" * 201}, "q"),
        ({"q": "water\x00"}, "q"),
        ({"lead": "iucn\x00"}, "lead"),
        ({"status": "\x00"}, "status"),
        ({"country": "K\x00"}, "country"),
        ({"theme": "water\x00"}, "theme"),
        ({"year": "20\x0025"}, "year"),
    ],
)
def test_list_bad_filter_shows_form_error(client, params, field):
    CountryFactory(code="KZ")
    make_initiative(title_en="Must not be listed")

    response = client.get(url("list"), params)

    assert response.status_code == 200
    assert field in response.context["filter"].errors
    content = response.content.decode()
    assert 'class="errors" role="alert"' in content
    assert "Some filters are not valid" in content
    # Not a silently unfiltered list either.
    assert "Must not be listed" not in content
    assert "Download these initiatives as CSV" not in content


def test_list_repeated_params_use_the_last_value(client):
    make_initiative(
        title_en="Completed",
        start_date=datetime.date(2016, 1, 1),
        end_date=datetime.date(2019, 1, 1),
    )

    response = client.get(url("list"), {"status": ["planned", "completed"], "page": ["x", "1"]})

    assert response.status_code == 200
    assert titles(response) == ["Completed"]


# --- Detail page -----------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "title", "period"),
    [
        ("en", "One Health for Central Asia", "2024\u2009–\u20092029"),
        ("ru", "Единое здоровье для Центральной Азии", "2024—2029"),
        ("kk", "Орталық Азия үшін бірыңғай денсаулық", "2024–2029"),
    ],
)
def test_detail_page_in_each_language(client, one_health, language, title, period):
    response = client.get(url("detail", language, slug="one-health"))

    assert response.status_code == 200
    content = response.content.decode()
    assert f'<html lang="{language}">' in content
    assert_accessible_outline(content)
    assert f"<h1>{title} (OHCA)</h1>" in content
    assert period in content


def test_detail_page_shows_the_whole_record(client, one_health):
    gef = OrganisationFactory(
        slug="gef", name_en="Global Environment Facility", short_name_en="GEF"
    )
    ParticipationFactory(
        initiative=one_health,
        organisation=gef,
        role=ParticipationRole.FUNDER,
        note_en="via the GEF-7 programme",
    )
    share = one_health.country_shares.get()
    share.percentage = Decimal("40.00")
    share.save()
    CountryShareFactory(
        initiative=one_health, country=CountryFactory(code="KG", name_en="Kyrgyzstan")
    )

    content = client.get(url("detail", slug="one-health")).content.decode()

    assert "Prevents zoonotic diseases through conservation." in content
    assert "Integrates human, animal and environmental health." in content
    assert "€11,000,000 (IUCN&#x27;s budget share)" in content
    assert "Kazakhstan (40%)" in content
    assert "Kyrgyzstan" in content
    assert "One Health" in content
    assert 'href="https://example.org/one-health"' in content
    # Organisations grouped by role, linked, with their participation notes.
    assert "<h3>Lead</h3>" in content
    assert "<h3>Funder</h3>" in content
    assert content.index("<h3>Lead</h3>") < content.index("<h3>Funder</h3>")
    with translation.override("en"):
        assert f'href="{gef.get_absolute_url()}"' in content
    assert "Global Environment Facility (GEF)</a>: via the GEF-7 programme" in content


def test_detail_page_shows_geographic_scope_without_countries(client):
    make_initiative(slug="regional", geographic_scope_en="Central Asia")

    assert "Central Asia" in client.get(url("detail", slug="regional")).content.decode()


def test_detail_page_says_when_text_falls_back_to_another_language(client, one_health):
    # No Kazakh summary: a Kazakh reader sees the Russian one, and is told so.
    content = client.get(url("detail", "kk", slug="one-health")).content.decode()

    assert "Предотвращает зоонозы через охрану природы." in content
    assert 'class="notice" role="note"' in content


def test_detail_page_unknown_slug_is_404(client):
    assert client.get(url("detail", slug="no-such-initiative")).status_code == 404
    assert client.get("/en/initiatives/bad%00slug/").status_code == 404


# --- CSV export ------------------------------------------------------------


def test_csv_has_labels_one_row_per_initiative_and_plain_values(client, one_health):
    make_initiative(title_en="Second", countries=[], budget_amount=Decimal("541500.00"))

    response = get_csv(client)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="')
    assert response["Content-Disposition"].endswith('.csv"')
    header, rows = csv_rows(response)
    assert header[:8] == [
        "Title",
        "Acronym",
        "Summary",
        "Status",
        "Start",
        "End",
        "Budget",
        "Currency",
    ]
    assert "Organisations" in header
    assert len(rows) == 2
    record = dict(
        zip(header, rows[[row[0] for row in rows].index(one_health.title_en)], strict=True)
    )
    assert record["Acronym"] == "OHCA"
    assert record["Status"] == one_health.status.label
    assert record["Start"] == "2024"
    assert record["End"] == "2029"
    assert record["Budget"] == "11000000.00"
    assert record["Currency"] == "EUR"
    assert record["What the budget covers"] == "IUCN's budget share"
    assert record["Organisations"] == "IUCN (Lead); German Environment Ministry (Funder)"
    assert record["Countries"] == "Kazakhstan"
    assert record["Themes"] == "One Health"
    assert record["Website"] == "https://example.org/one-health"
    assert record["Page on the portal"].endswith("/en/initiatives/one-health/")


def test_csv_neutralises_formulas_in_text_but_keeps_numbers(client):
    make_initiative(
        lead=OrganisationFactory(name_en="=cmd|' /C calc'!A0", short_name=""),
        title_en='=HYPERLINK("http://evil.example/","Click")',
        acronym_en="+1+1",
        summary_en="-2+3",
        budget_note_en="@SUM(A1:A9)",
        website="\t=1+1",
        budget_amount=Decimal("-250.00"),
    )

    header, rows = csv_rows(get_csv(client))

    record = dict(zip(header, rows[0], strict=True))
    assert record["Title"] == '\'=HYPERLINK("http://evil.example/","Click")'
    assert record["Acronym"] == "'+1+1"
    assert record["Summary"] == "'-2+3"
    assert record["What the budget covers"] == "'@SUM(A1:A9)"
    assert record["Website"] == "'\t=1+1"
    assert record["Organisations"] == "'=cmd|' /C calc'!A0 (Lead)"
    # A number is data: negative, it stays a number a spreadsheet reads as one.
    assert record["Budget"] == "-250.00"


def test_csv_dates_at_their_precision(client):
    make_initiative(
        start_date=datetime.date(2025, 11, 1),
        start_precision="month",
        end_date=datetime.date(2026, 4, 24),
        end_precision="day",
    )

    header, rows = csv_rows(get_csv(client))

    record = dict(zip(header, rows[0], strict=True))
    assert (record["Start"], record["End"]) == ("2025-11", "2026-04-24")


def test_csv_in_russian_keeps_cyrillic_intact(client, one_health):
    response = get_csv(client, "ru")

    _header, rows = csv_rows(response)
    assert rows[0][0] == "Единое здоровье для Центральной Азии"
    assert any(cell.startswith("МСОП (") for cell in rows[0])
    assert "Казахстан" in rows[0]
    assert "Доля бюджета МСОП" in rows[0]
    assert rows[0][-1].endswith("/ru/initiatives/one-health/")


def test_csv_in_kazakh_falls_back_to_russian(client, one_health):
    _header, rows = csv_rows(get_csv(client, "kk"))

    assert rows[0][0] == "Орталық Азия үшін бірыңғай денсаулық"
    # No Kazakh summary: the Russian one, as the page shows.
    assert "Предотвращает зоонозы через охрану природы." in rows[0]


def test_csv_applies_the_filters(client):
    iucn = OrganisationFactory(slug="iucn")
    kazakhstan = CountryFactory(code="KZ")
    make_initiative(title_en="Kept", lead=iucn, countries=[kazakhstan])
    make_initiative(title_en="Other lead", lead=OrganisationFactory(), countries=[kazakhstan])
    make_initiative(title_en="Other country", lead=iucn, countries=[CountryFactory(code="UZ")])

    _header, rows = csv_rows(get_csv(client, params={"lead": "iucn", "country": "kz"}))

    assert [row[0] for row in rows] == ["Kept"]


def test_csv_follows_the_sort(client):
    make_initiative(title_en="Small", budget_amount=Decimal("1"))
    make_initiative(title_en="Large", budget_amount=Decimal("2"))

    _header, rows = csv_rows(get_csv(client, params={"sort": "-budget"}))

    assert [row[0] for row in rows] == ["Large", "Small"]


@pytest.mark.parametrize(
    "params",
    [
        {"country": "XX"},
        {"status": "finished"},
        {"year": "99999999999999999999"},
        {"year": "soon"},
        {"lead": "nobody"},
        {"funder": "nobody"},
        {"theme": "nothing"},
        {"sort": "title"},
        {"q": "x" * 201},
        {"q": "\x00"},
        {"lead": "\x00"},
    ],
)
def test_csv_bad_filter_is_400_with_plain_text(client, params):
    make_initiative()

    response = get_csv(client, params=params)

    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert "These filters are not valid" in text
    assert f"{next(iter(params))} (" in text


def test_csv_without_initiatives_is_just_the_header(client):
    header, rows = csv_rows(get_csv(client))

    assert header[0] == "Title"
    assert rows == []


# --- Sitemap ---------------------------------------------------------------


def test_sitemap_lists_each_initiative_in_each_language(client, one_health):
    content = client.get("/sitemap-initiatives.xml").content.decode()

    for language in LANGUAGES:
        assert f"/{language}/initiatives/one-health/" in content


# --- Query counts: the same at two sizes ------------------------------------


@pytest.mark.parametrize("size", [2, 7])
def test_list_query_count_does_not_grow(client, django_assert_num_queries, size):
    make_full_initiatives(size)

    # 1 count with the budget totals, 1 page of initiatives, 3 for the cards
    # (country shares with countries, region shares with regions,
    # participations with organisations), 5 for the form's choices
    # (countries, those with initiatives, themes, leads, funders), 5 facet
    # counts (one GROUP BY each: country, theme, status, lead, funder), 3 for
    # the funding charts (budgets by start year, by theme, the themes' names).
    with django_assert_num_queries(18):
        response = get_list(client)
        assert len(response.context["cards"]) == size
    # Another page with the same initiatives (the page cache cannot answer):
    # the cards, the country, lead and funder choices, the facet counts and
    # the charts' sums come from the cache.
    with django_assert_num_queries(3):
        response = get_list(client, sort="-start")
        assert len(response.context["cards"]) == size


@pytest.mark.parametrize("size", [2, 7])
def test_list_filtered_query_count_does_not_grow(client, django_assert_num_queries, size):
    make_full_initiatives(size)

    # The 18 above, plus the theme by its slug to validate ?theme=. The country
    # codes are checked against the list the form reads anyway; the regions
    # that cover them are a subquery of the count and of the page.
    with django_assert_num_queries(19):
        response = get_list(client, country="kz", theme="restoration", year="2025")
        assert len(response.context["cards"]) == size


@pytest.mark.parametrize("size", [2, 7])
def test_detail_query_count_does_not_grow(client, django_assert_num_queries, size):
    make_full_initiatives(1)
    initiative = Initiative.objects.get()
    for _index in range(size):
        ParticipationFactory(initiative=initiative, role=ParticipationRole.IMPLEMENTING)
        initiative.themes.add(ThemeFactory())

    # 1 initiative, 4 prefetches (themes, country shares with countries,
    # region shares with regions, participations with organisations).
    with django_assert_num_queries(5):
        response = client.get(initiative.get_absolute_url())
        assert response.status_code == 200


def test_csv_rows_keep_their_own_relations_across_chunks(
    client, monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr("initiatives.exports.CHUNK_SIZE", 2)
    kazakhstan = CountryFactory(code="KZ", name_en="Kazakhstan")
    for number in range(5):
        initiative = make_initiative(
            title_en=f"Initiative {number}",
            start_date=datetime.date(2020 + number, 1, 1),
            lead=OrganisationFactory(name_en=f"Lead {number}", short_name=""),
            themes=[ThemeFactory(name_en=f"Theme {number}")],
        )
        CountryShareFactory(initiative=initiative, country=kazakhstan, percentage=10 * number)

    # Countries, themes and regions once, the initiatives (one query, read a
    # chunk at a time), then 5 for each of the 3 chunks (2, 2 and 1 initiatives).
    with django_assert_num_queries(3 + 1 + 5 * 3):
        header, rows = csv_rows(get_csv(client, params={"sort": "start"}))

    for number, values in enumerate(rows):
        record = dict(zip(header, values, strict=True))
        assert record["Title"] == f"Initiative {number}"
        assert record["Organisations"] == f"Lead {number} (Lead)"
        assert record["Themes"] == f"Theme {number}"
        assert record["Countries"] == f"Kazakhstan ({10 * number}%)"


@pytest.mark.parametrize("size", [2, 7])
def test_csv_query_count_does_not_grow(client, django_assert_num_queries, size):
    make_full_initiatives(size)

    # Once: the countries, the themes and the regions, by key, and the
    # initiatives (read 500 at a time). Per chunk: their participations, those
    # organisations, their country shares, their region shares and their themes.
    with django_assert_num_queries(9):
        _header, rows = csv_rows(get_csv(client))
        assert len(rows) == size

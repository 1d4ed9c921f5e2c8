"""Demo data at scale: the generator's records are valid, and pages cost the same at any size."""

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from common.dates import period_end, period_start
from events.models import Event, EventKind, ExpectedOutcome
from initiatives.models import CountryCoverage, CountryShare, Initiative, Participation, RegionShare
from members.models import Organisation
from tests.factories import CountryFactory, OrganisationFactory, RegionFactory, ThemeFactory

LANGUAGES = ("en", "ru", "kk")


@pytest.fixture
def reference_data():
    countries = [
        CountryFactory(code=code, is_central_asian=code != "DE")
        for code in ("KZ", "KG", "TJ", "UZ", "TM", "DE")
    ]
    RegionFactory(countries=countries[:5])
    for _ in range(4):
        ThemeFactory()


def generate(settings, organisations, events, initiatives, *extra):
    settings.DEBUG = True  # pytest-django runs with DEBUG off; the command demands it on
    call_command(
        "generate_demo_data",
        f"--organisations={organisations}",
        f"--events={events}",
        f"--initiatives={initiatives}",
        *extra,
        stdout=open("/dev/null", "w"),  # noqa: SIM115
    )


def assert_normalised(record):
    if record.start_date is None:
        assert record.end_date is None
        return
    assert record.end_date is not None
    assert record.start_date == period_start(record.start_date, record.start_precision)
    assert record.end_date == period_end(record.end_date, record.end_precision)
    assert record.end_date >= record.start_date


@pytest.mark.django_db
def test_generated_data_validates(settings, reference_data):
    generate(settings, 30, 60, 150)

    assert Organisation.objects.filter(slug__startswith="demo-").count() == 30
    assert Event.objects.filter(slug__startswith="demo-").count() == 60
    assert Initiative.objects.filter(slug__startswith="demo-").count() == 150
    assert Event.objects.filter(parent__isnull=False).exists()
    for model, field in [(Organisation, "name"), (Event, "title"), (Initiative, "title")]:
        for record in model.objects.order_by("?")[:15]:
            record.full_clean()
            for language in LANGUAGES:
                assert getattr(record, f"{field}_{language}"), (record, language)
            if model is not Organisation:
                assert_normalised(record)
    for record in [
        *Participation.objects.all()[:20],
        *CountryShare.objects.all()[:20],
        *ExpectedOutcome.objects.all()[:20],
    ]:
        record.full_clean()
    assert all(
        i.themes.exists() and (i.countries.exists() or i.regions.exists())
        for i in Initiative.objects.all()[:20]
    )
    # Some cover Central Asia, some of those with no country of their own; the country
    # filter's table is derived for every one of them.
    assert RegionShare.objects.exists()
    assert Initiative.objects.regional().filter(countries=None).exists()
    assert CountryCoverage.objects.values("initiative").distinct().count() == 150
    # Every initiative has a lead; the year filter and statuses have dates to work on.
    assert not Initiative.objects.exclude(participations__role="lead").exists()
    assert len({i.budget_currency for i in Initiative.objects.all()} - {""}) > 2


@pytest.mark.django_db
def test_generator_refuses_with_debug_off(settings, reference_data):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("generate_demo_data", "--organisations=1", "--events=0", "--initiatives=0")

    assert not Organisation.objects.exists()


@pytest.mark.django_db
def test_generator_refuses_a_database_with_other_organisations(settings, reference_data):
    OrganisationFactory(slug="a-real-member")

    with pytest.raises(CommandError, match="--force"):
        generate(settings, 1, 0, 0)
    generate(settings, 1, 0, 0, "--force")

    assert Organisation.objects.filter(slug__startswith="demo-").count() == 1


@pytest.mark.django_db
def test_generator_deletes_its_data_only(settings, reference_data):
    OrganisationFactory(slug="a-real-member")
    generate(settings, 5, 10, 10, "--force")

    generate(settings, 0, 0, 0, "--delete")

    assert list(Organisation.objects.values_list("slug", flat=True)) == ["a-real-member"]
    assert not Event.objects.exists()
    assert not Initiative.objects.exists()


def count_queries(client, url):
    cache.clear()  # cold: what every page costs before the cards and choices are cached
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200, url
    return len(queries)


PAGES = [
    "/en/",
    "/en/members/?relation=all",
    "/ru/members/?relation=all&q=a",
    "/en/events/",
    "/kk/events/?q=a",
    "/en/initiatives/",
    "/en/initiatives/?country=KZ&country=KG&status=ongoing",
    "/kk/initiatives/?status=ongoing&status=planned&country=KZ",
    # Every kind ticked: as many results as the events list, each facet counted.
    "/ru/events/?" + "&".join(f"kind={kind}" for kind in EventKind.values),
    "/ru/initiatives/?q=a",
    "/en/initiatives/export.csv",
    "/api/v1/organisations/",
    "/api/v1/events/",
    "/api/v1/initiatives/",
    "/api/v1/initiatives/?country=KZ&country=KG",
    "/api/v1/initiatives.xml",
]


@pytest.mark.django_db
def test_page_queries_are_the_same_at_two_sizes(client, settings, reference_data):
    settings.PAGE_CACHE_SECONDS = 0
    generate(settings, 12, 12, 12)
    small = {url: count_queries(client, url) for url in PAGES}

    generate(settings, 40, 60, 80, "--force")
    large = {url: count_queries(client, url) for url in PAGES}

    assert large == small, {url: (small[url], large[url]) for url in PAGES}
    # 18 at most: the initiatives list's 9, its five facet counts and the
    # countries it offers, and its funding charts' two sums and the themes' names
    # (cached afterwards, like the cards).
    assert max(large.values()) <= 18, large


@pytest.mark.django_db
def test_admin_changelist_queries_are_the_same_at_two_sizes(admin_client, settings, reference_data):
    urls = [
        "/en/admin/members/organisation/",
        "/en/admin/events/event/",
        "/en/admin/initiatives/initiative/",
        "/en/admin/initiatives/initiative/?q=a",
    ]
    generate(settings, 12, 12, 12)
    # Each page once first: a process's first admin page fills caches kept for the
    # process (the content type cache), which is not size.
    for url in urls:
        admin_client.get(url)
    small = {url: count_queries(admin_client, url) for url in urls}

    generate(settings, 40, 60, 80, "--force")
    large = {url: count_queries(admin_client, url) for url in urls}

    assert large == small

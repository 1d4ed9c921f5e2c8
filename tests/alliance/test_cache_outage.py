"""The portal with its cache's Redis stopped, full or slow: every page answers, no form is lost.

Each test runs its own redis-server (tests/redis_server.py; skipped where it
is not installed), serves pages through it, takes it away mid-test, and
checks the pages' content, the rows the forms store, and that Redis is used
again once it is back. Flooding: addresses with random utm_* parameters make
no page entries of their own.
"""

import datetime
import json
import logging
import time
import uuid
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from applications.models import MembershipApplication
from registrations.models import Registration
from tests.factories import (
    CountryFactory,
    CountryShareFactory,
    EventFactory,
    InitiativeFactory,
    OrganisationFactory,
    ThemeFactory,
)
from tests.redis_server import TEST_RETRY, wait_for_retry
from toolkit.cache_backend import Outage

pytestmark = pytest.mark.django_db


@pytest.fixture
def portal(settings, redis_cache):
    """Some content, the page cache on, and the default cache on the test's own Redis."""
    settings.PAGE_CACHE_SECONDS = 300
    settings.FORM_RATE_LIMIT = 10
    kazakhstan = CountryFactory(code="KZ", name_en="Kazakhstan")
    OrganisationFactory(slug="green-steppe", name_en="Green Steppe Society", country=kazakhstan)
    EventFactory(
        slug="forum",
        title_en="Youth Climate Forum",
        start_date=datetime.date(2030, 5, 20),
        country=kazakhstan,
        registration_open=True,
    )
    CountryShareFactory(
        initiative=InitiativeFactory(slug="tien-shan", title_en="Western Tien Shan"),
        country=kazakhstan,
    )
    return redis_cache


# (address, what it must show): home, the three lists, the three details, the API.
PAGES = [
    ("/en/", "Youth Climate Forum"),
    ("/en/members/", "Green Steppe Society"),
    ("/en/events/", "Youth Climate Forum"),
    ("/en/initiatives/", "Western Tien Shan"),
    ("/en/initiatives/?country=KZ", "Western Tien Shan"),
    ("/en/members/green-steppe/", "Green Steppe Society"),
    ("/en/events/forum/", "Youth Climate Forum"),
    ("/en/initiatives/tien-shan/", "Western Tien Shan"),
    ("/api/v1/initiatives/", "Western Tien Shan"),
    ("/api/v1/organisations/", "Green Steppe Society"),
]


def page_keys(server):
    with server.client as client:
        return client.keys("*page:*")


def assert_every_page_answers(client):
    for address, shown in PAGES:
        response = client.get(address)
        assert response.status_code == 200, address
        content = response.content.decode()
        if address.startswith("/api/"):
            content = json.dumps(response.json(), ensure_ascii=False)
        assert shown in content, address


def assert_the_forms_store(client, admin_client):
    """The join form and a registration store their rows; the admin shows the application."""
    theme = ThemeFactory(slug="education")
    applications = MembershipApplication.objects.count()
    registrations = Registration.objects.count()
    with translation.override("en"):
        join, register = reverse("join:apply"), reverse("registrations:register", args=["forum"])

    joined = client.post(
        join,
        {
            "name": f"Eco Club {uuid.uuid4().hex[:6]}",
            "kind": "ngo",
            "country": str(CountryFactory(code="KZ").pk),
            "city": "Almaty",
            "website": "eco-club.kz",
            "description": "Eco clubs in schools.",
            "themes": [str(theme.pk)],
            "contact_name": "Aliya Nurlanovna",
            "contact_email": f"aliya-{uuid.uuid4().hex[:6]}@eco-club.kz",
            "consent": "on",
        },
    )
    registered = client.post(
        register,
        {
            "name": "Dana Seitkali",
            "email": f"dana-{uuid.uuid4().hex[:6]}@example.kz",
            "organisation": "Eco School 12",
            "language": "en",
            "consent": "on",
        },
    )

    assert joined.status_code == 302, joined.content.decode()[:1000]
    assert registered.status_code == 302, registered.content.decode()[:1000]
    assert MembershipApplication.objects.count() == applications + 1
    assert Registration.objects.count() == registrations + 1
    changelist = admin_client.get("/en/admin/applications/membershipapplication/")
    assert changelist.status_code == 200
    assert "Eco Club" in changelist.content.decode()


def served_from_the_cache(client, address):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
    assert response.status_code == 200
    return len(queries) == 0


def test_a_stopped_redis_leaves_every_page_and_form_working(client, admin_client, portal, caplog):
    caplog.set_level(logging.INFO, logger="toolkit.cache_backend")
    assert_every_page_answers(client)
    assert served_from_the_cache(client, "/en/initiatives/")
    assert page_keys(portal)

    portal.stop()
    assert_every_page_answers(client)
    assert_the_forms_store(client, admin_client)
    wait_for_retry()
    assert_every_page_answers(client)

    warnings = [record for record in caplog.records if record.levelno == logging.WARNING]
    assert len(warnings) == 1  # once for the outage, not once per request
    assert not served_from_the_cache(client, "/en/initiatives/")

    portal.start()  # empty: it kept nothing
    wait_for_retry()
    assert not served_from_the_cache(client, "/en/initiatives/")  # drawn, and stored again
    assert served_from_the_cache(client, "/en/initiatives/")
    assert page_keys(portal)
    assert any("available again" in record.getMessage() for record in caplog.records)


def test_a_full_redis_leaves_every_page_and_form_working(client, admin_client, portal):
    with portal.client as redis:
        redis.config_set("maxmemory-policy", "noeviction")
        redis.config_set("maxmemory", 1)  # every write refused: OOM

    assert_every_page_answers(client)
    assert_the_forms_store(client, admin_client)
    assert page_keys(portal) == []


def test_a_slow_redis_costs_a_page_one_short_timeout(client, admin_client, portal):
    with portal.client as redis:
        redis.execute_command("CLIENT", "PAUSE", 10_000, "ALL")

    waits = []
    started = time.monotonic()
    real_failed = Outage.failed
    with mock.patch.object(
        Outage, "failed", autospec=True, side_effect=lambda *a: waits.append(a) or real_failed(*a)
    ):
        assert_every_page_answers(client)
        assert_the_forms_store(client, admin_client)

    # One timeout, then Redis is left alone for the retry period: the pages and
    # forms wait for it once per period, not once per cache call (which is
    # hundreds). Counted, not timed: a slow machine only adds periods.
    periods = 1 + (time.monotonic() - started) / TEST_RETRY
    assert 1 <= len(waits) <= periods


def test_a_staff_edit_during_an_outage_shows_once_redis_is_back(client, portal):
    initiative = InitiativeFactory(slug="green", title_en="Old title")
    assert "Old title" in client.get("/en/initiatives/").content.decode()
    with portal.client as redis:  # Redis keeps its data, but answers nothing for a while
        redis.execute_command("CLIENT", "PAUSE", 1000, "ALL")

    initiative.title_en = "New title"
    initiative.save()  # the version bump cannot be stored now
    time.sleep(1.1)
    wait_for_retry()

    page = client.get("/en/initiatives/").content.decode()
    assert "New title" in page and "Old title" not in page


def test_random_utm_parameters_make_at_most_one_page_entry(client, portal):
    pages = {
        client.get(f"/en/initiatives/?utm_source={uuid.uuid4().hex}&fbclid={n}").content
        for n in range(50)
    }

    assert len(pages) == 1
    assert len(page_keys(portal)) <= 1
    assert b"utm_source" not in pages.pop()

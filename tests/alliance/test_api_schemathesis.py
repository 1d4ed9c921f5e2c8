"""The API against its own OpenAPI schema: schemathesis generates requests from it.

Valid and invalid input alike (unknown codes, wrong types, odd slugs, out-of-range
pages) must never cause a 500, and every response must be one the schema
documents, with the content type and body it documents.
"""

import datetime
from decimal import Decimal

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from alliance.wsgi import application
from initiatives.models import ParticipationRole
from tests.factories import (
    ContactPersonFactory,
    CountryFactory,
    CountryShareFactory,
    EventFactory,
    EventParticipationFactory,
    InitiativeFactory,
    OrganisationFactory,
    ParticipationFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

# Each operation gets this many examples of valid and as many of invalid input:
# the whole file runs in seconds.
EXAMPLES = 25

# Every check schemathesis has (`--checks all`): positive_data_acceptance too,
# since a well-formed code or slug that names nothing is an empty list, not a 400.
schemathesis.checks.load_all_checks()
CHECKS = list(schemathesis.checks.CHECKS.get_all())

# Loaded from the application itself, as a partner would fetch it. (Loaded
# when the module is, not through a fixture: schemathesis' lazy loader relies
# on pytest internals that pytest 9 no longer has.)
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", application)
schema.config.generation.update(max_examples=EXAMPLES, deterministic=True, database="none")


@pytest.fixture(autouse=True)
def _direct_wsgi_calls(settings):
    # The requests bypass Django's test client, so do what it does: keep the
    # test's database connection (and its transaction) open between requests.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    settings.API_THROTTLE_RATE = "1000000/hour"
    cache.clear()
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
    cache.clear()


@pytest.fixture
def records():
    """A little of everything, so that lists and details have bodies to check."""
    kazakhstan = CountryFactory(code="KZ")
    theme = ThemeFactory(slug="water")
    organisation = OrganisationFactory(slug="ecomuseum", country=kazakhstan)
    organisation.themes.add(theme)
    ContactPersonFactory(organisation=organisation, is_public=True)
    summit = EventFactory(slug="summit", start_date=None)
    event = EventFactory(
        slug="forum",
        parent=summit,
        start_date=datetime.date(2026, 4, 22),
        start_time=datetime.time(14, 30),
        end_time=datetime.time(18, 0),
        time_zone="Asia/Almaty",
    )
    EventParticipationFactory(event=event, organisation=organisation)
    initiative = InitiativeFactory(slug="restoration", budget_amount=Decimal("541500.00"))
    ParticipationFactory(
        initiative=initiative, organisation=organisation, role=ParticipationRole.LEAD
    )
    CountryShareFactory(initiative=initiative, country=kazakhstan, percentage=Decimal("100"))
    initiative.themes.add(theme)
    InitiativeFactory(
        slug="unfunded", budget_amount=None, budget_currency="", start_date=None, end_date=None
    )


@schema.parametrize()
@settings(
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_conforms_to_its_schema(case, records):
    case.call_and_validate(checks=CHECKS)

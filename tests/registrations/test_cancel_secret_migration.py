"""The migration that gives each existing registration its own cancel-link secret."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from registrations import services
from registrations.models import Registration
from tests.factories import EventFactory

BEFORE = [("registrations", "0002_asked_again")]
AFTER = [("registrations", "0003_cancel_secret")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def registrations_before_secrets(transactional_db):
    """Three registrations stored before cancel links carried a secret."""
    event = EventFactory(slug="forum", start_date=datetime.date(2030, 5, 20))
    old = migrate(BEFORE)
    OldRegistration = old.get_model("registrations", "Registration")
    for n in range(3):
        OldRegistration.objects.create(
            event_id=event.pk, name=f"P{n}", email=f"p{n}@example.kz", language="en"
        )
    yield
    # Leave the schema as every other test expects it.
    call_command("migrate", verbosity=0)


def test_migration_gives_every_existing_registration_its_own_secret(
    registrations_before_secrets, client
):
    after = migrate(AFTER).get_model("registrations", "Registration")

    secrets = list(after.objects.values_list("cancel_secret", flat=True))
    assert len(secrets) == 3
    assert len(set(secrets)) == 3
    assert all(len(secret) == 43 for secret in secrets)
    # Their new links work, with the code of today (the later migrations applied).
    call_command("migrate", verbosity=0)
    registration = Registration.objects.first()
    client.post(f"/en/events/forum/cancel/{services.cancel_token(registration)}/")
    registration.refresh_from_db()
    assert registration.status == "cancelled"

"""The page cache is opt-in: only models that public pages show make cached pages stale."""

import pytest
from django.apps import apps

from applications.models import MembershipApplication
from registrations.models import Registration
from tests.factories import CountryFactory, EventFactory, OrganisationFactory, ThemeFactory
from toolkit.cache import PublicContent, content_version

pytestmark = pytest.mark.django_db


def test_public_content_every_model_a_public_page_shows_opts_in():
    opted_in = {
        model._meta.label for model in apps.get_models() if issubclass(model, PublicContent)
    }
    assert opted_in == {
        "common.Country",
        "common.Region",
        "common.Theme",
        "common.AllianceProfile",
        "members.Organisation",
        "members.ContactPerson",
        "events.Event",
        "events.EventSpokenLanguage",
        "events.ExpectedOutcome",
        "events.EventParticipation",
        "initiatives.Initiative",
        "initiatives.Participation",
        "initiatives.CountryShare",
        "initiatives.RegionShare",
    }


def test_public_content_saving_a_shown_record_makes_cached_pages_stale():
    organisation = OrganisationFactory()
    before = content_version()

    organisation.save()

    assert content_version() > before


def test_public_content_linking_a_theme_to_a_shown_record_makes_cached_pages_stale():
    organisation = OrganisationFactory()
    theme = ThemeFactory()
    before = content_version()

    organisation.themes.add(theme)

    assert content_version() > before


def test_public_content_registrations_and_applications_leave_the_cache_alone():
    event = EventFactory()
    theme = ThemeFactory()
    country = CountryFactory()
    before = content_version()

    registration = Registration.objects.create(
        event=event, name="Dana", email="dana@example.kz", language="kk"
    )
    registration.delete()
    application = MembershipApplication.objects.create(
        name="Eco",
        country=country,
        description="…",
        contact_name="Aliya",
        contact_email="aliya@example.kz",
        language="ru",
    )
    # A staff-only record's link to a public one changes no public page.
    application.themes.add(theme)
    application.delete()

    assert content_version() == before

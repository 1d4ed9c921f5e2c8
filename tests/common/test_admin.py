"""The shared records in the admin: country codes, and the alliance profile as a single record."""

import pytest
from django.db import IntegrityError, transaction

from common.models import AllianceProfile, Country
from tests.admin_helpers import admin_url, make_alliance_profile
from tests.factories import AllianceProfileFactory

pytestmark = pytest.mark.django_db


def test_country_add_bad_code_is_refused(admin_client):
    response = admin_client.post(
        admin_url(Country, "add", "en"), {"code": "K1", "name_en": "Nowhere"}
    )

    assert response.status_code == 200
    assert 'class="errornote"' in response.text
    assert not Country.objects.exists()


# --- The alliance profile: one record --------------------------------------


def test_alliance_profile_add_refused_once_one_exists(admin_client):
    make_alliance_profile()

    changelist = admin_client.get(admin_url(AllianceProfile, "changelist", "en"))
    add = admin_client.get(admin_url(AllianceProfile, "add", "en"))

    assert admin_url(AllianceProfile, "add", "en") not in changelist.text
    assert add.status_code == 403


def test_alliance_profile_delete_refused(admin_client):
    profile = make_alliance_profile()

    response = admin_client.post(
        admin_url(AllianceProfile, "delete", "en", profile.pk), {"post": "yes"}
    )

    assert response.status_code == 403
    assert AllianceProfile.objects.exists()


def test_alliance_profile_is_a_single_row_in_the_database():
    AllianceProfileFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        AllianceProfileFactory(name_en="Another profile")

    assert AllianceProfile.objects.count() == 1

"""The organisations admin: what staff may enter, and who sees contact people's personal data."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission, User
from django.urls import reverse
from django.utils import translation

from members.models import ContactPerson, Organisation
from tests.admin_helpers import admin_url, assert_form_error, management_form
from tests.factories import ContactPersonFactory, CountryFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def organisation_form(**fields):
    return {
        "name_en": "Eco Schools Network",
        "slug": "eco-schools-network",
        "kind": "ngo",
        "relation": "member",
        **management_form("contacts"),
        **fields,
    }


def test_organisation_add_valid_input_is_stored(admin_client):
    response = admin_client.post(
        admin_url(Organisation, "add", "en"), organisation_form(website="ecoschools.kz")
    )

    assert response.status_code == 302
    organisation = Organisation.objects.get()
    assert organisation.name_en == "Eco Schools Network"
    assert organisation.website == "https://ecoschools.kz"


def test_organisation_add_too_long_name_is_refused(admin_client):
    response = admin_client.post(
        admin_url(Organisation, "add", "en"), organisation_form(name_kk="Ұ" * 256)
    )

    assert_form_error(response, "name_kk")
    assert not Organisation.objects.exists()


def test_organisation_add_duplicate_slug_is_refused(admin_client):
    OrganisationFactory(slug="eco-schools-network")

    response = admin_client.post(admin_url(Organisation, "add", "en"), organisation_form())

    assert_form_error(response, "slug")
    assert Organisation.objects.count() == 1


def test_organisation_add_without_english_name_is_refused(admin_client):
    response = admin_client.post(
        admin_url(Organisation, "add", "en"),
        organisation_form(name_en="", name_ru="Экошколы"),
    )

    assert_form_error(response, "name_en")
    assert not Organisation.objects.exists()


# --- Contact people: personal data -----------------------------------------


def staff_client(client, *codenames):
    user = User.objects.create_user("staff", "staff@example.org", "secret", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    client.force_login(user)
    return client


def test_contact_people_hidden_from_staff_without_permission(client):
    contact = ContactPersonFactory(email="private.person@example.org")
    staff_client(client, "view_organisation", "change_organisation")

    response = client.get(admin_url(Organisation, "change", "en", contact.organisation.pk))

    assert response.status_code == 200
    assert "private.person@example.org" not in response.text


def test_contact_people_shown_to_staff_with_permission(client):
    contact = ContactPersonFactory(email="private.person@example.org")
    staff_client(client, "view_organisation", "change_organisation", "view_contactperson")

    response = client.get(admin_url(Organisation, "change", "en", contact.organisation.pk))

    assert "private.person@example.org" in response.text


def test_contact_people_have_no_page_of_their_own():
    assert ContactPerson not in admin.site._registry


@pytest.mark.parametrize(
    ("language", "country"), [("en", "Kazakhstan"), ("ru", "Казахстан"), ("kk", "Қазақстан")]
)
def test_organisation_autocomplete_names_short_name_and_country(admin_client, language, country):
    OrganisationFactory(
        name_en="Teachers Lab LLP",
        name_ru="ТОО «Teachers Lab»",
        name_kk="«Teachers Lab» ЖШС",
        short_name="TL",
        country=CountryFactory(
            code="KZ", name_en="Kazakhstan", name_ru="Казахстан", name_kk="Қазақстан"
        ),
    )

    with translation.override(language):
        response = admin_client.get(
            reverse("admin:autocomplete"),
            {
                "app_label": "initiatives",
                "model_name": "participation",
                "field_name": "organisation",
                "term": "Teachers",
            },
        )

    (result,) = response.json()["results"]
    assert result["text"].endswith(f"(TL) · {country}")

"""Bulk actions and editable columns on organisations."""

import pytest
from reversion.models import Version

from members.models import Organisation
from tests.admin_actions import messages_of, run_action
from tests.admin_helpers import admin_url
from tests.factories import ContactPersonFactory, CountryFactory, OrganisationFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def test_set_country_on_organisations_in_kazakh_admin(admin_client):
    uz = CountryFactory(code="UZ", name_kk="Өзбекстан")
    kz = CountryFactory(code="KZ")
    organisations = [OrganisationFactory(country=kz) for _ in range(2)]

    page = run_action(admin_client, Organisation, "set_country", organisations, language="kk")
    assert "Өзбекстан" in page.text
    run_action(
        admin_client, Organisation, "set_country", organisations, language="kk", choice=uz.pk
    )

    assert {o.country for o in Organisation.objects.all()} == {uz}
    assert "2 жазба өзгертілді." in messages_of(admin_client, Organisation, "kk")


def test_remove_theme_version_keeps_contact_people(admin_client):
    theme = ThemeFactory()
    organisation = OrganisationFactory()
    organisation.themes.add(theme)
    ContactPersonFactory(organisation=organisation, name="Aigerim")

    run_action(admin_client, Organisation, "remove_theme", [organisation], choice=theme.pk)

    assert not organisation.themes.exists()
    version = Version.objects.get_for_object(organisation).get()
    assert "Aigerim" in [v.object_repr for v in version.revision.version_set.all()]


@pytest.mark.parametrize("count", [5, 100])
def test_organisation_bulk_action_bounded(admin_client, count, django_assert_max_num_queries):
    theme = ThemeFactory()
    organisations = [OrganisationFactory() for _ in range(count)]
    for organisation in organisations:
        ContactPersonFactory(organisation=organisation)

    with django_assert_max_num_queries(30):
        run_action(admin_client, Organisation, "add_theme", organisations, choice=theme.pk)

    assert theme.organisations.count() == count


def test_relation_editable_in_the_list(admin_client):
    organisation = OrganisationFactory(relation="other")

    response = admin_client.post(
        admin_url(Organisation, "changelist", "en"),
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-MIN_NUM_FORMS": "0",
            "form-MAX_NUM_FORMS": "1000",
            "form-0-id": str(organisation.pk),
            "form-0-relation": "partner",
            "_save": "Save",
        },
    )

    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.relation == "partner"

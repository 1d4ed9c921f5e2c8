"""The initiatives admin: the changelist's budget, status and lead; what staff may enter."""

import datetime

import pytest

from initiatives.models import Initiative, ThemeSector
from tests.admin_helpers import admin_url, assert_form_error, management_form
from tests.factories import (
    InitiativeFactory,
    ParticipationFactory,
    ThemeFactory,
    ThemeSectorFactory,
)

pytestmark = pytest.mark.django_db


def initiative_form(**fields):
    return {
        "title_en": "Green Schools",
        "slug": "green-schools",
        "start_date": "2025-01-01",
        "start_precision": "year",
        "end_date": "2027-12-31",
        "end_precision": "year",
        **management_form("participations"),
        **management_form("country_shares"),
        **management_form("region_shares"),
        **fields,
    }


def test_initiative_changelist_shows_budget_status_and_lead(admin_client):
    year = datetime.date.today().year
    initiative = InitiativeFactory(
        start_date=datetime.date(year - 1, 1, 1),
        start_precision="year",
        end_date=datetime.date(year + 1, 12, 31),
        end_precision="year",
        budget_amount=1250000,
        budget_currency="EUR",
    )
    ParticipationFactory(initiative=initiative, organisation__name_en="Little Earth")
    ParticipationFactory(initiative=initiative, role="funder", organisation__name_en="GIZ")

    response = admin_client.get(admin_url(Initiative, "changelist", "en"))

    assert '<td class="field-budget">€1,250,000</td>' in response.text
    assert '<td class="field-leads">Little Earth</td>' in response.text
    assert '<td class="field-status">Ongoing</td>' in response.text


def test_initiative_add_valid_input_is_stored(admin_client):
    response = admin_client.post(
        admin_url(Initiative, "add", "en"),
        initiative_form(budget_amount="250000", budget_currency="EUR"),
    )

    assert response.status_code == 302
    assert Initiative.objects.get().budget_currency == "EUR"


def test_initiative_add_budget_without_currency_is_refused(admin_client):
    response = admin_client.post(
        admin_url(Initiative, "add", "en"), initiative_form(budget_amount="250000")
    )

    assert_form_error(response, "budget_currency")
    assert not Initiative.objects.exists()


def test_initiative_add_end_before_start_is_refused(admin_client):
    response = admin_client.post(
        admin_url(Initiative, "add", "en"),
        initiative_form(start_date="2027-01-01", end_date="2025-12-31"),
    )

    assert_form_error(response, "end_date")
    assert not Initiative.objects.exists()


# --- IATI sectors of themes --------------------------------------------------


def test_theme_sector_changelist_names_the_sector(admin_client):
    ThemeSectorFactory(theme__name_en="Water cooperation", code="14010")

    response = admin_client.get(admin_url(ThemeSector, "changelist", "en"))

    assert "Water cooperation" in response.text
    assert "Water sector policy and administrative management" in response.text


@pytest.mark.parametrize(("vocabulary", "code"), [("1", "41081"), ("2", "410")])
def test_theme_sector_add_a_code_of_the_codelist_is_stored(admin_client, vocabulary, code):
    theme = ThemeFactory()

    response = admin_client.post(
        admin_url(ThemeSector, "add", "en"),
        {"theme": theme.pk, "vocabulary": vocabulary, "code": code},
    )

    assert response.status_code == 302
    assert ThemeSector.objects.get().code == code


@pytest.mark.parametrize(("vocabulary", "code"), [("1", "12345"), ("1", "410"), ("2", "41081")])
def test_theme_sector_add_a_code_outside_the_codelist_is_refused(admin_client, vocabulary, code):
    response = admin_client.post(
        admin_url(ThemeSector, "add", "en"),
        {"theme": ThemeFactory().pk, "vocabulary": vocabulary, "code": code},
    )

    assert_form_error(response, "code")
    assert "is not a code of the IATI" in response.text
    assert not ThemeSector.objects.exists()


# --- Currency as a list of ISO 4217 codes -------------------------------------


@pytest.mark.parametrize(
    ("language", "label"), [("en", "KZT – Kazakhstani Tenge"), ("kk", "KZT – Қазақстан теңгесі")]
)
def test_initiative_currency_is_a_list_named_in_the_admin_language(admin_client, language, label):
    page = admin_client.get(admin_url(Initiative, "add", language))

    field = page.context["adminform"].form.fields["budget_currency"]
    assert label in page.text
    assert field.choices[1][1][0] == ("EUR", field.choices[1][1][0][1])  # usual ones first


def test_initiative_currency_outside_the_list_is_refused(admin_client):
    response = admin_client.post(
        admin_url(Initiative, "add", "en"),
        initiative_form(budget_amount="250000", budget_currency="XYZ"),
    )

    assert_form_error(response, "budget_currency")


def test_initiative_currency_is_stored_as_its_code(admin_client):
    admin_client.post(
        admin_url(Initiative, "add", "ru"),
        initiative_form(budget_amount="250000", budget_currency="KGS"),
    )

    assert Initiative.objects.get().budget_currency == "KGS"


def test_initiative_with_a_withdrawn_currency_keeps_it_in_the_form(admin_client):
    initiative = InitiativeFactory(budget_currency="DEM")

    page = admin_client.get(admin_url(Initiative, "change", "en", initiative.pk))

    assert ("DEM", "DEM") in page.context["adminform"].form.fields["budget_currency"].choices

"""The filters the three list pages, their exports and the API share."""

import pytest
from django import forms
from django.http import QueryDict

from common.models import Country
from initiatives.filters import InitiativeFilter
from members.filters import OrganisationFilter
from tests.factories import CountryFactory, InitiativeFactory, OrganisationFactory
from toolkit.widgets import LongSelect

pytestmark = pytest.mark.django_db


@pytest.fixture
def kazakhstan():
    return CountryFactory(code="KZ")


def test_country_codes_are_case_insensitive_and_repeatable(kazakhstan):
    kyrgyzstan = CountryFactory(code="KG")
    OrganisationFactory(slug="in-kz", country=kazakhstan)
    OrganisationFactory(slug="in-kg", country=kyrgyzstan)
    OrganisationFactory(slug="in-tj", country=CountryFactory(code="TJ"))

    filterset = OrganisationFilter(QueryDict("country=kz&country= KG "))

    assert filterset.is_valid()
    assert sorted(o.slug for o in filterset.qs) == ["in-kg", "in-kz"]


def test_an_empty_country_value_asks_for_nothing(kazakhstan):
    InitiativeFactory(slug="anywhere")

    filterset = InitiativeFilter(QueryDict("country="))

    assert filterset.is_valid()
    assert [i.slug for i in filterset.qs] == ["anywhere"]


def test_an_unknown_country_is_an_error_that_names_the_code(kazakhstan):
    filterset = InitiativeFilter(QueryDict("country=KZ&country=XX"))

    assert not filterset.is_valid()
    assert "XX" in filterset.error_text()
    assert filterset.error_text().startswith("country (Country): ")


# --- Long selects ----------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "attrs"),
    [
        ("", {"id": "id_lead"}),
        ("b-fund", {"id": "id_lead", "aria-describedby": "id_lead_helptext"}),
        ("nowhere", {"id": "id_lead", "required": True, "disabled": False}),
    ],
)
def test_a_long_select_draws_what_djangos_select_draws(value, attrs):
    choices = [("", "Any organisation"), ("a-fund", "A & B <Fund>"), ("b-fund", "Б «Фонд»")]

    drawn = LongSelect(choices=choices).render("lead", value, attrs)

    assert drawn == forms.Select(choices=choices).render("lead", value, attrs)
    assert "A &amp; B &lt;Fund&gt;" in drawn


def test_a_long_select_leaves_option_groups_to_django():
    choices = [("Funds", [("a-fund", "A Fund")]), ("", "Any")]

    drawn = LongSelect(choices=choices).render("lead", "a-fund")

    assert drawn == forms.Select(choices=choices).render("lead", "a-fund")
    assert '<optgroup label="Funds">' in drawn


# --- Countries by code -----------------------------------------------------


@pytest.mark.django_db
def test_country_keys_by_code_follow_new_countries():
    kazakhstan = CountryFactory(code="KZ")
    assert Country.objects.ids_of(["KZ", "XX"]) == [kazakhstan.pk]

    kyrgyzstan = CountryFactory(code="KG")

    assert Country.objects.ids_of(["KG", "KZ"]) == [kyrgyzstan.pk, kazakhstan.pk]

"""The filters the three list pages, their exports and the API share."""

import re

import pytest
from django.http import QueryDict
from django.utils import translation

from common.models import Country
from initiatives.filters import InitiativeFilter
from members.filters import OrganisationFilter
from tests.factories import CountryFactory, InitiativeFactory, OrganisationFactory
from toolkit.widgets import FacetCheckboxes

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


# --- Facet checkboxes ------------------------------------------------------


def drawn(html):
    """(value, label text, ticked, greyed) of each checkbox, in the order drawn."""
    return [
        (value, label, "checked" in attrs, css == ' class="none"')
        for css, value, attrs, label in re.findall(
            r'<div( class="none")?><label[^>]*><input type="checkbox" name="\w+" '
            r'value="([^"]*)"([^>]*)> ([^<]*)</label></div>',
            html,
        )
    ]


def test_facet_checkboxes_draw_each_count_and_grey_the_empty_ones():
    widget = FacetCheckboxes(choices=[("kz", "Kazakhstan"), ("kg", "Kyrgyzstan"), ("tj", "A & B")])
    widget.counts = {"kz": 12, "tj": 1}

    html = widget.render("country", ["kg"], {"id": "id_country"})

    assert drawn(html) == [
        ("kz", "Kazakhstan (12)", False, False),
        # Ticked, counted 0: greyed, yet a checkbox that can be unticked.
        ("kg", "Kyrgyzstan (0)", True, True),
        ("tj", "A &amp; B (1)", False, False),
    ]
    assert "disabled" not in html
    assert re.findall(r'id="(id_country[^"]*)"', html) == [
        "id_country",
        "id_country_0",
        "id_country_1",
        "id_country_2",
    ]


@pytest.mark.parametrize(("language", "shown"), [("en", "12,345"), ("ru", "12\xa0345")])
def test_facet_counts_are_written_the_readers_way(language, shown):
    widget = FacetCheckboxes(choices=[("kz", "Kazakhstan")])
    widget.counts = {"kz": 12345}

    with translation.override(language):
        html = widget.render("country", [])

    assert drawn(html) == [("kz", f"Kazakhstan ({shown})", False, False)]


def test_facet_checkboxes_without_counts_draw_the_labels_alone():
    widget = FacetCheckboxes(choices=[("kz", "Kazakhstan")])

    assert drawn(widget.render("country", [])) == [("kz", "Kazakhstan", False, False)]


def test_facet_checkboxes_draw_only_what_is_offered_and_what_is_chosen():
    widget = FacetCheckboxes(
        choices=[("kz", "Kazakhstan"), ("kg", "Kyrgyzstan"), ("tj", "Tajikistan")],
        offered=lambda: {"kz"},
        chosen_elsewhere=lambda values: [(value, value.title()) for value in values],
    )

    html = widget.render("country", ["tj", "xx"], {"id": "id_country"})

    assert [(value, ticked) for value, _label, ticked, _none in drawn(html)] == [
        ("kz", False),
        ("tj", True),
        ("xx", True),
    ]
    # Numbered as drawn: no id is used twice.
    assert 'value="xx" id="id_country_2" checked> Xx</label>' in html


def test_facet_checkboxes_show_the_most_counted_and_the_rest_behind_more():
    choices = [(f"o{number}", f"Org {number}") for number in range(6)]
    widget = FacetCheckboxes(choices=choices, first=2)
    widget.counts = {"o1": 5, "o4": 9, "o5": 1}

    html = widget.render("lead", ["o0"])
    shown, more = html.split("<details")

    # Ticked and the two most counted, most counted first; the others by name.
    assert [value for value, *_rest in drawn(shown)] == ["o4", "o1", "o0"]
    assert "<summary>More (3)</summary>" in more
    assert [value for value, *_rest in drawn(more)] == ["o2", "o3", "o5"]


def test_facet_checkboxes_never_hide_one_option_alone():
    widget = FacetCheckboxes(choices=[("a", "A"), ("b", "B"), ("c", "C")], first=2)

    assert "<details" not in widget.render("lead", [])


# --- Countries by code -----------------------------------------------------


@pytest.mark.django_db
def test_country_keys_by_code_follow_new_countries():
    kazakhstan = CountryFactory(code="KZ")
    assert Country.objects.ids_of(["KZ", "XX"]) == [kazakhstan.pk]

    kyrgyzstan = CountryFactory(code="KG")

    assert Country.objects.ids_of(["KG", "KZ"]) == [kyrgyzstan.pk, kazakhstan.pk]

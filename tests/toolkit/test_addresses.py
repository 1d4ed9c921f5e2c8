"""toolkit.models.AddressBySlug: a detail page's address in any language, reversed once."""

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from initiatives.models import Initiative
from toolkit.models import AddressBySlug


def reversed_in(language, slug):
    with translation.override(language):
        return reverse("initiatives:detail", kwargs={"slug": slug})


def test_address_is_what_reverse_gives_in_each_language():
    address = AddressBySlug(Initiative)

    with translation.override("ru"):
        assert address("one-health") == reversed_in("ru", "one-health")
    assert address("water_2", "kk") == reversed_in("kk", "water_2")
    assert address("one-health", "en") == "/en/initiatives/one-health/"


def test_what_is_not_a_slug_goes_through_reverse_as_before():
    address = AddressBySlug(Initiative)

    with pytest.raises(NoReverseMatch):
        address("қала", "en")

"""An organisation's card names its kind and relation only where they tell the reader something."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from members.models import OrganisationKind, Relation
from tests.factories import CountryFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def page(client, url, **query):
    response = client.get(url, query)
    assert response.status_code == 200
    return response.content.decode()


def card_of(content, name):
    start = content.index(f">{name}</a></h3>")
    return content[start : content.index("</li>", start)]


@pytest.fixture
def centre():
    """An organisation of neither a listed kind nor a listed relation, as the seed has some."""
    return OrganisationFactory(
        name_en="Green Technologies Centre",
        name_ru="Центр зелёных технологий",
        kind=OrganisationKind.OTHER,
        relation=Relation.OTHER,
        country=CountryFactory(code="KZ", name_en="Kazakhstan", name_ru="Казахстан"),
        founded_year=None,
    )


@pytest.mark.parametrize(("language", "other"), [("en", "Other"), ("ru", "Другое")])
def test_cards_leave_out_the_kind_and_relation_other(client, centre, language, other):
    OrganisationFactory(name_en="Steppe Partner", name_ru="Степной партнёр", relation="partner")
    with translation.override(language):
        url = reverse("members:list")

    content = page(client, url, relation="all")

    card = card_of(content, centre.name_en if language == "en" else centre.name_ru)
    meta = re.search(r'<p class="meta">(.*?)</p>', card).group(1)
    assert meta == ("Kazakhstan" if language == "en" else "Казахстан")
    assert other not in card
    # A relation that says something is still said, with its separator.
    partner = card_of(content, "Steppe Partner" if language == "en" else "Степной партнёр")
    assert re.search(r'<p class="meta">NGO · Partner · |<p class="meta">НКО · Партнёр · ', partner)


def test_profile_says_what_the_relation_other_means(client, centre):
    content = page(client, centre.get_absolute_url())

    facts = content[content.index('<dl class="facts">') : content.index("</dl>")]
    assert "<dd>Neither a member nor a partner</dd>" in facts
    assert "Other" not in facts
    # A partner's profile still says it.
    partner = OrganisationFactory(relation="partner")
    assert "<dd>Partner</dd>" in page(client, partner.get_absolute_url())

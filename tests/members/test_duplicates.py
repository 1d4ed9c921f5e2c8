"""Finding the organisations an application or an import may duplicate."""

import pytest

from members.duplicates import name_words, possible_duplicates
from tests.factories import ContactPersonFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def teachers_lab():
    return OrganisationFactory(
        slug="teachers-lab",
        name_en="Teachers Lab LLP",
        name_ru="ТОО «Teachers Lab»",
        name_kk="«Teachers Lab» ЖШС",
        website="https://teacherslab.kz/",
    )


def found(**described):
    return {
        candidate.organisation.slug: [str(reason) for reason in candidate.reasons]
        for candidate in possible_duplicates(**described)
    }


def test_name_words_drop_quotes_case_and_legal_forms():
    assert name_words("ТОО «Teachers Lab»") == ("teachers", "lab")
    assert name_words("«Teachers Lab» ЖШС") == ("teachers", "lab")
    assert name_words("Teachers Lab LLP") == ("teachers", "lab")
    assert name_words("ОО «Эко Мактаб»") == ("эко", "мактаб")


@pytest.mark.parametrize(
    "name", ["Teachers Lab LLP", "teachers lab", "ТОО «Teachers Lab»", "«Teachers Lab» ЖШС"]
)
def test_possible_duplicates_same_name_in_any_language(teachers_lab, name):
    OrganisationFactory(slug="green-lab", name_en="Green Lab")

    assert found(name=name) == {"teachers-lab": ["name"]}


def test_possible_duplicates_by_website_and_mail_domain(teachers_lab):
    ContactPersonFactory(organisation=teachers_lab, email="director@teacherslab.kz")

    assert found(name="TL Marketplace", website="http://www.teacherslab.kz") == {
        "teachers-lab": ["website"]
    }
    assert found(name="TL Marketplace", email="someone@teacherslab.kz") == {
        "teachers-lab": ["e-mail domain"]
    }


def test_possible_duplicates_by_short_name():
    OrganisationFactory(
        slug="carec", name_en="Regional Environmental Center for Central Asia", short_name="CAREC"
    )

    assert found(name="CAREC") == {"carec": ["short name"]}


def test_possible_duplicates_ignore_free_mail_and_other_names(teachers_lab):
    ContactPersonFactory(organisation=teachers_lab, email="teacherslab@gmail.com")

    assert found(name="Eco Lab", email="eco.lab@gmail.com") == {}
    assert found(name="Lab") == {}  # one word shared is not a name


def test_possible_duplicates_all_reasons_rank_first(teachers_lab):
    OrganisationFactory(slug="teachers-lab-kz", name_en="Teachers Lab Kazakhstan")

    candidates = possible_duplicates(name="Teachers Lab", website="teacherslab.kz")

    assert [c.organisation.slug for c in candidates] == ["teachers-lab", "teachers-lab-kz"]
    assert candidates[0].because == "name, website"

"""Content falls back kk -> ru -> en and ru -> en; periods are stored at their edges."""

import datetime

import pytest
from django.utils import translation

from tests.factories import InitiativeFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_kazakh_reader_sees_russian_before_english():
    organisation = OrganisationFactory(
        name_en="Little Earth", name_ru="Маленькая Земля", name_kk=""
    )

    with translation.override("kk"):
        assert organisation.name == "Маленькая Земля"


def test_kazakh_reader_sees_english_when_russian_is_missing_too():
    organisation = OrganisationFactory(name_en="Little Earth", name_ru="", name_kk="")

    with translation.override("kk"):
        assert organisation.name == "Little Earth"


def test_russian_reader_falls_back_to_english():
    organisation = OrganisationFactory(mission_en="A greener region.", mission_ru="")

    with translation.override("ru"):
        assert organisation.mission == "A greener region."


def test_each_language_reads_its_own_text():
    organisation = OrganisationFactory(name_en="Youth", name_ru="Молодёжь", name_kk="Жастар")

    for language, expected in [("en", "Youth"), ("ru", "Молодёжь"), ("kk", "Жастар")]:
        with translation.override(language):
            assert organisation.name == expected


def test_saving_normalises_a_period_to_its_edges():
    initiative = InitiativeFactory(
        start_date=datetime.date(2024, 6, 15),
        start_precision="year",
        end_date=datetime.date(2029, 3, 3),
        end_precision="year",
    )

    initiative.refresh_from_db()
    assert initiative.start_date == datetime.date(2024, 1, 1)
    assert initiative.end_date == datetime.date(2029, 12, 31)
    assert initiative.period_display == "2024\u2009–\u20092029"  # CLDR English


def test_a_start_alone_covers_its_own_period():
    initiative = InitiativeFactory(
        start_date=datetime.date(2025, 12, 1), start_precision="month", end_date=None
    )

    assert initiative.end_date == datetime.date(2025, 12, 31)
    assert initiative.end_precision == "month"

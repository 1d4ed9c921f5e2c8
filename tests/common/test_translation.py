"""Content falls back kk -> ru -> en and ru -> en; dates print at their precision."""

import datetime

import pytest
from django.utils import translation

from common.dates import DatePrecision, format_partial_date, format_period
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


def test_partial_date_year_is_just_the_year():
    assert format_partial_date(datetime.date(2024, 1, 1), DatePrecision.YEAR) == "2024"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "November 2025"), ("ru", "Ноябрь 2025 г."), ("kk", "Қараша 2025 ж.")],
)
def test_partial_date_month_is_not_a_day(language, expected):
    with translation.override(language):
        assert format_partial_date(datetime.date(2025, 11, 1), DatePrecision.MONTH) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "April 22, 2026"), ("ru", "22 апреля 2026 г."), ("kk", "22 сәуір 2026 ж.")],
)
def test_partial_date_day_in_each_language(language, expected):
    with translation.override(language):
        assert format_partial_date(datetime.date(2026, 4, 22), DatePrecision.DAY) == expected


def test_kazakh_dates_use_lower_case_month_names():
    day = datetime.date(2026, 4, 22)

    with translation.override("kk"):
        assert format_partial_date(day, DatePrecision.DAY) == "22 сәуір 2026 ж."
        assert format_partial_date(day, DatePrecision.MONTH) == "Сәуір 2026 ж."


def test_period_collapses_when_start_and_end_read_the_same():
    november = datetime.date(2025, 11, 1)
    end_of_november = datetime.date(2025, 11, 30)

    with translation.override("en"):
        assert format_period(november, "month", end_of_november, "month") == "November 2025"


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
    assert initiative.period_display == "2024 – 2029"


def test_a_start_alone_covers_its_own_period():
    initiative = InitiativeFactory(
        start_date=datetime.date(2025, 12, 1), start_precision="month", end_date=None
    )

    assert initiative.end_date == datetime.date(2025, 12, 31)
    assert initiative.end_precision == "month"

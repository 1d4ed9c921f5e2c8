"""Dates print at their precision, and periods as ranges, with CLDR's patterns in each language.

Expected values are Babel's own (format_skeleton, format_interval) where Babel
has the pattern, and CLDR's words written out where the test makes a point:
Kazakh puts the year first, Russian writes a month alone in lower case.
"""

import datetime

import pytest
from babel import dates as babel_dates
from django.utils import translation

from common.dates import DatePrecision, format_partial_date, format_period, period_interval

DAY, MONTH, YEAR = DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR
LANGUAGES = ["en", "ru", "kk"]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    ("precision", "skeleton"), [(DAY, "yMMMMd"), (MONTH, "yMMMM"), (YEAR, "y")]
)
def test_partial_date_is_babels_skeleton_for_its_precision(language, precision, skeleton):
    day = datetime.date(2026, 4, 22)

    with translation.override(language):
        assert format_partial_date(day, precision) == babel_dates.format_skeleton(
            skeleton, day, locale=language
        )


@pytest.mark.parametrize(
    ("language", "day", "month"),
    [
        ("en", "April 22, 2026", "November 2025"),
        ("ru", "22 апреля 2026\u202fг.", "ноябрь 2025\u202fг."),
        ("kk", "2026\u202fж. 22 сәуір", "2025\u202fж. қараша"),
    ],
)
def test_partial_date_in_each_language(language, day, month):
    with translation.override(language):
        assert format_partial_date(datetime.date(2026, 4, 22), DAY) == day
        assert format_partial_date(datetime.date(2025, 11, 1), MONTH) == month
        assert format_partial_date(datetime.date(2024, 1, 1), YEAR) == "2024"


def test_partial_date_empty_without_a_date():
    assert format_partial_date(None, DAY) == ""


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "2024\u2009–\u20092029"), ("ru", "2024—2029"), ("kk", "2024–2029")],
)
def test_period_of_years(language, expected):
    with translation.override(language):
        assert format_period(
            datetime.date(2024, 1, 1), YEAR, datetime.date(2029, 12, 31), YEAR
        ) == (expected)


@pytest.mark.parametrize("language", LANGUAGES)
def test_period_of_months_in_one_year_and_across_years(language):
    october_2019, october_2022 = datetime.date(2019, 10, 1), datetime.date(2022, 10, 31)
    april, may = datetime.date(2026, 4, 1), datetime.date(2026, 5, 31)

    with translation.override(language):
        assert format_period(october_2019, MONTH, october_2022, MONTH) == (
            babel_dates.format_interval(october_2019, october_2022, "yMMMM", locale=language)
        )
        assert format_period(april, MONTH, may, MONTH) == (
            babel_dates.format_interval(april, may, "yMMMM", locale=language)
        )
    with translation.override("kk"):
        assert format_period(april, MONTH, may, MONTH) == "2026\u202fж. сәуір – мамыр"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "April 22\u2009–\u200924, 2026"),
        ("ru", "22—24 апреля 2026\u202fг."),
        ("kk", "2026\u202fж. 22–24 сәуір"),
    ],
)
def test_period_of_days_in_one_month(language, expected):
    with translation.override(language):
        assert format_period(datetime.date(2026, 4, 22), DAY, datetime.date(2026, 4, 24), DAY) == (
            expected
        )


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    ("start", "end", "precision"),
    [
        (datetime.date(2025, 11, 1), datetime.date(2025, 11, 30), MONTH),
        (datetime.date(2024, 1, 1), datetime.date(2024, 12, 31), YEAR),
        (datetime.date(2025, 3, 13), datetime.date(2025, 3, 13), DAY),
    ],
)
def test_period_within_one_unit_is_one_date(language, start, end, precision):
    with translation.override(language):
        assert format_period(start, precision, end, precision) == format_partial_date(
            start, precision
        )


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "April 22, 2026\u2009–\u2009May 2026"),
        ("ru", "22 апреля 2026\u202fг. — май 2026\u202fг."),
        ("kk", "2026\u202fж. 22 сәуір - 2026\u202fж. мамыр"),
    ],
)
def test_period_of_mixed_precisions_joins_each_end_by_the_fallback_pattern(language, expected):
    """A day to a month: each end at its own precision, in CLDR's fallback "{0} – {1}"."""
    with translation.override(language):
        assert format_period(
            datetime.date(2026, 4, 22), DAY, datetime.date(2026, 5, 31), MONTH
        ) == (expected)


def test_period_of_a_year_ending_in_a_month():
    with translation.override("ru"):
        assert format_period(
            datetime.date(2019, 1, 1), YEAR, datetime.date(2022, 10, 31), MONTH
        ) == ("2019 — октябрь 2022\u202fг.")


def test_period_with_one_end_only():
    with translation.override("en"):
        assert format_period(datetime.date(2026, 4, 22), DAY) == "April 22, 2026"
        assert format_period(None, DAY, datetime.date(2026, 4, 22), DAY) == "April 22, 2026"
        assert format_period(None, DAY) == ""


def test_period_interval_has_a_piece_for_each_end():
    with translation.override("ru"):
        interval = period_interval(
            datetime.date(2025, 12, 8), DAY, datetime.date(2025, 12, 12), DAY
        )

    assert (interval.first, interval.separator, interval.last) == (
        "8",
        "—",
        "12 декабря 2025\u202fг.",
    )

"""CLDR through Babel: intervals with full month names, money, numbers, percentages, times.

The literal values are CLDR's (Babel 2.19's data); the day ranges were also
checked against ICU (Intl.DateTimeFormat.formatRange), which widens the month
of the interval pattern the way toolkit.cldr does. "\u202f" is CLDR's narrow
no-break space before "г." and "ж.", "\u2009" English's thin space around "–".
"""

import datetime
from decimal import Decimal

import pytest
from babel import dates as babel_dates
from babel import numbers as babel_numbers
from django.template import Context, Template
from django.utils import translation

from toolkit import cldr

APRIL_22 = datetime.date(2026, 4, 22)
APRIL_24 = datetime.date(2026, 4, 24)
MAY_2 = datetime.date(2026, 5, 2)
JANUARY_3 = datetime.date(2027, 1, 3)


@pytest.mark.parametrize(
    ("language", "same_month", "same_year", "across_years"),
    [
        (
            "en",
            "April 22\u2009–\u200924, 2026",
            "April 22\u2009–\u2009May 2, 2026",
            "April 22, 2026\u2009–\u2009January 3, 2027",
        ),
        (
            "ru",
            "22—24 апреля 2026\u202fг.",
            "22 апреля — 2 мая 2026\u202fг.",
            "22 апреля 2026\u202fг. — 3 января 2027\u202fг.",
        ),
        (
            "kk",
            "2026\u202fж. 22–24 сәуір",
            "2026\u202fж. 22 сәуір – 2 мамыр",
            "2026\u202fж. 22 сәуір – 2027\u202fж. 3 қаңтар",
        ),
    ],
)
def test_day_ranges_use_the_interval_format_with_full_months(
    language, same_month, same_year, across_years
):
    with translation.override(language):
        assert str(cldr.format_interval(APRIL_22, APRIL_24, cldr.DAY)) == same_month
        assert str(cldr.format_interval(APRIL_22, MAY_2, cldr.DAY)) == same_year
        assert str(cldr.format_interval(APRIL_22, JANUARY_3, cldr.DAY)) == across_years


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_day_ranges_are_babels_interval_pattern_with_the_months_widened(language):
    """Babel's own interval for "yMMMd", its abbreviated months replaced by the full ones."""
    abbreviated = babel_dates.get_month_names("abbreviated", "format", locale=language)
    wide = babel_dates.get_month_names("wide", "format", locale=language)
    for end in (APRIL_24, MAY_2, JANUARY_3):
        expected = babel_dates.format_interval(APRIL_22, end, "yMMMd", locale=language)
        for month in {APRIL_22.month, end.month}:
            expected = expected.replace(abbreviated[month], wide[month])

        with translation.override(language):
            assert str(cldr.format_interval(APRIL_22, end, cldr.DAY)) == expected


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
@pytest.mark.parametrize("skeleton", [cldr.MONTH, cldr.YEAR])
def test_month_and_year_ranges_are_babels_own(language, skeleton):
    start, end = datetime.date(2021, 11, 1), datetime.date(2026, 4, 30)

    with translation.override(language):
        for last in (end, datetime.date(2021, 12, 31)):
            assert str(cldr.format_interval(start, last, skeleton)) == (
                babel_dates.format_interval(start, last, skeleton, locale=language)
            )


def test_a_range_within_one_unit_of_its_skeleton_is_one_date():
    with translation.override("ru"):
        november = cldr.format_interval(
            datetime.date(2025, 11, 1), datetime.date(2025, 11, 30), cldr.MONTH
        )
        assert november == cldr.Interval("ноябрь 2025\u202fг.")
        assert cldr.format_interval(APRIL_22, APRIL_22, cldr.DAY).last == ""


def test_an_interval_splits_around_its_separator_for_time_elements():
    with translation.override("kk"):
        interval = cldr.format_interval(APRIL_22, APRIL_24, cldr.DAY)

    assert interval == cldr.Interval("2026\u202fж. 22", "–", "24 сәуір")


@pytest.mark.parametrize(
    ("language", "eur", "chf", "usd_cents", "kzt"),
    [
        ("en", "€11,000,000", "CHF\xa01,610,000", "$541,500.50", "KZT\xa01,000"),
        (
            "ru",
            "11\xa0000\xa0000\xa0€",
            "1\xa0610\xa0000\xa0CHF",
            "541\xa0500,50\xa0$",
            "1\xa0000\xa0KZT",
        ),
        (
            "kk",
            "11\xa0000\xa0000\xa0€",
            "1\xa0610\xa0000\xa0CHF",
            "541\xa0500,50\xa0$",
            "1\xa0000\xa0₸",
        ),
    ],
)
def test_money_in_each_language(language, eur, chf, usd_cents, kzt):
    with translation.override(language):
        assert cldr.format_money(Decimal("11000000.00"), "EUR") == eur
        assert cldr.format_money(Decimal("1610000"), "CHF") == chf
        assert cldr.format_money(Decimal("541500.50"), "USD") == usd_cents
        assert cldr.format_money(1000, "KZT") == kzt


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_money_with_cents_is_babels_own(language):
    with translation.override(language):
        assert cldr.format_money(Decimal("541500.50"), "EUR") == babel_numbers.format_currency(
            Decimal("541500.50"), "EUR", locale=language
        )


def test_money_whole_amounts_drop_their_decimals_only():
    with translation.override("ru"):
        assert cldr.format_money(Decimal("100.00"), "EUR") == "100\xa0€"
        assert cldr.format_money(Decimal("100.10"), "EUR") == "100,10\xa0€"


@pytest.mark.parametrize(
    ("language", "count", "share", "clock"),
    [
        ("en", "12,345", "40.5%", "2:30\u202fPM"),
        ("ru", "12\xa0345", "40,5\xa0%", "14:30"),
        ("kk", "12\xa0345", "40,5%", "14:30"),
    ],
)
def test_numbers_percentages_and_times(language, count, share, clock):
    with translation.override(language):
        assert cldr.format_number(12345) == count
        assert cldr.format_percentage(Decimal("40.50")) == share
        assert cldr.format_time(datetime.time(14, 30)) == clock


def test_day_time_is_in_the_active_time_zone(settings):
    settings.TIME_ZONE = "Asia/Almaty"
    moment = datetime.datetime(2030, 5, 20, 5, 0, tzinfo=datetime.UTC)

    with translation.override("kk"):
        assert cldr.format_day_time(moment) == "2030\u202fж. 20 мамыр, 10:00"


def test_filters_write_the_readers_formats_and_leave_empty_values_empty():
    template = Template(
        "{% load cldr %}{{ amount|money:'EUR' }}|{{ none|money:'EUR' }}|{{ count|number }}"
        "|{{ share|percent }}|{{ when|day }}"
    )
    context = Context(
        {"amount": Decimal("125200.00"), "none": None, "count": 1234, "share": 60, "when": APRIL_22}
    )

    with translation.override("ru"):
        text = template.render(context)

    assert text == "125\xa0200\xa0€||1\xa0234|60\xa0%|22 апреля 2026\u202fг."

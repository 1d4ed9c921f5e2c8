"""Every seeded date, period and budget reads on its page exactly as Babel (CLDR) writes it.

The expected text is computed here with Babel's own functions for the fixture
data, in each language: a date alone with `format_skeleton`, a range of months
or years with `format_interval`, a range of days with `format_interval`'s
"yMMMd" pattern and the month names at full width (TR35's width adjustment,
which ICU applies and Babel leaves out), a budget with `format_currency`
without the ",00" of a whole amount and with CLDR's currency spacing
("CHF 1,610,000").
"""

import html

import pytest
from babel import dates as babel_dates
from babel import numbers as babel_numbers
from django.utils import translation
from django.utils.html import strip_tags

from events.models import Event
from initiatives.models import Initiative

LANGUAGES = ["en", "ru", "kk"]
SKELETONS = {"day": "yMMMMd", "month": "yMMMM", "year": "y"}
# A day alone and the two ends of a range of days.
DAY_RANGE = "yMMMd"


@pytest.fixture
def seeded(seeded_module, db):
    return seeded_module


def babel_period(record, language):
    start, end = record.start_date, record.end_date
    precision = record.start_precision
    assert precision == record.end_precision, "the seed has no period of mixed precisions"
    skeleton = SKELETONS[precision]
    alone = babel_dates.format_skeleton(skeleton, start, locale=language)
    if alone == babel_dates.format_skeleton(skeleton, end, locale=language):
        return alone
    if precision != "day":
        return babel_dates.format_interval(start, end, skeleton, locale=language)
    text = babel_dates.format_interval(start, end, DAY_RANGE, locale=language)
    abbreviated = babel_dates.get_month_names("abbreviated", "format", locale=language)
    wide = babel_dates.get_month_names("wide", "format", locale=language)
    for month in {start.month, end.month}:
        text = text.replace(abbreviated[month], wide[month])
    return text


def babel_budget(initiative, language):
    amount, currency = initiative.budget_amount, initiative.budget_currency
    text = babel_numbers.format_currency(amount, currency, locale=language)
    if amount == amount.to_integral_value():
        text = text.replace(babel_numbers.get_decimal_symbol(language) + "00", "")
    symbol = babel_numbers.get_currency_symbol(currency, locale=language)
    if symbol.isalpha() and text.startswith(symbol):
        text = f"{symbol}\xa0{text[len(symbol) :]}"
    return text


def page_text(client, record, language):
    with translation.override(language):
        url = record.get_absolute_url()
    response = client.get(url)
    assert response.status_code == 200
    return html.unescape(strip_tags(response.content.decode()))


@pytest.mark.parametrize("language", LANGUAGES)
def test_seeded_event_dates_read_as_babel_writes_them(client, seeded, language):
    events = list(Event.objects.filter(start_date__isnull=False))
    assert len(events) >= 17

    for event in events:
        text = page_text(client, event, language)

        assert babel_period(event, language) in text, event.slug


@pytest.mark.parametrize("language", LANGUAGES)
def test_seeded_initiative_periods_and_budgets_read_as_babel_writes_them(client, seeded, language):
    initiatives = list(Initiative.objects.all())
    budgets = [i for i in initiatives if i.budget_amount is not None]
    assert len(initiatives) == 10
    assert {i.budget_currency for i in budgets} == {"EUR", "USD", "CHF"}

    for initiative in initiatives:
        text = page_text(client, initiative, language)

        assert babel_period(initiative, language) in text, initiative.slug
        if initiative.budget_amount is not None:
            assert babel_budget(initiative, language) in text, initiative.slug


def test_seeded_kazakh_dates_put_the_year_first(client, seeded):
    text = page_text(client, Event.objects.get(slug="res-2026"), "kk")

    assert "2026\u202fж. 22–24 сәуір" in text


def test_seeded_budgets_in_russian_follow_the_amount_with_the_symbol(client, seeded):
    text = page_text(client, Initiative.objects.get(slug="one-health-central-asia"), "ru")

    assert "11\xa0000\xa0000\xa0€" in text
    assert "EUR 11" not in text

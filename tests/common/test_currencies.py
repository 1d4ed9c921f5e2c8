"""Currencies as staff pick them: ISO 4217 codes in the admin's language, usual ones first."""

import pytest

from common.currencies import USUAL, currency_choices, in_use


def test_usual_currencies_come_first_then_the_others_by_code():
    empty, (_usual, usual), (_other, other) = currency_choices("en")

    assert empty == ("", "---------")
    assert [code for code, _label in usual] == USUAL
    others = [code for code, _label in other]
    assert others == sorted(others)
    assert "AED" in others and "EUR" not in others


@pytest.mark.parametrize(
    ("language", "label", "group"),
    [
        ("en", "KZT – Kazakhstani Tenge", "Usual currencies"),
        ("ru", "KZT – Казахский тенге", "Обычные валюты"),
        ("kk", "KZT – Қазақстан теңгесі", "Әдеттегі валюталар"),
    ],
)
def test_currency_names_are_in_the_admin_language(language, label, group):
    _empty, (usual_group, usual), _other = currency_choices(language)

    assert usual_group == group
    assert dict(usual)["KZT"] == label


def test_withdrawn_currencies_are_not_offered():
    codes = in_use()

    assert "DEM" not in codes and "RUR" not in codes  # the mark, the 1991 rouble
    assert {"KZT", "UZS", "TMT", "RUB", "CNY"} <= set(codes)

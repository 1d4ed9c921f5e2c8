"""The interface catalogues and the seeded content follow the glossary (locale/glossary.csv)."""

import json
from pathlib import Path

import polib
import pytest

from toolkit.glossary import TRANSLATIONS, compile_pattern, load

ROOT = Path(__file__).resolve().parents[2]
TERMS = load(ROOT / "locale" / "glossary.csv")


def catalogue(language):
    path = ROOT / "locale" / language / "LC_MESSAGES" / "django.po"
    return [entry for entry in polib.pofile(str(path)) if not entry.obsolete]


def translations(entry):
    """The msgstr, or every plural form; untranslated ones left out."""
    texts = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
    return [text for text in texts if text]


def seeded_texts(language):
    """(where, text) of every field of the fixtures in `language` (name_ru, title_kk...)."""
    for path in sorted((ROOT / "fixtures").glob("*.json")):
        for record in json.loads(path.read_text(encoding="utf-8")):
            for field, value in record["fields"].items():
                if field.endswith(f"_{language}") and isinstance(value, str):
                    key = record["fields"].get("slug") or record.get("pk") or "?"
                    yield f"{path.name} {record['model']} {key} {field}", value


def test_glossary_has_the_alliance_terms_in_three_languages():
    english = {term.forms["en"] for term in TERMS}

    assert {"side event", "consultation", "initiative", "member"} <= english
    assert {"UN", "UNEP", "UNDP", "UNESCO", "IUCN", "EU", "World Bank"} <= english
    for term in TERMS:
        assert all(term.forms[code] for code in ("en", "ru", "kk")), term.forms
        # A term's own forms are never among its forbidden variants.
        for code in TRANSLATIONS:
            assert not term.forbidden_in(term.forms[code], code), term.forms


def test_glossary_official_forms():
    forms = {term.forms["en"]: term.forms for term in TERMS}

    assert forms["side event"]["ru"] == "параллельное мероприятие"
    assert forms["side event"]["kk"] == "қосалқы іс-шара"
    assert forms["UNEP"]["ru"] == "ЮНЕП"
    assert forms["UNDP"]["ru"] == "ПРООН"
    assert forms["IUCN"]["ru"] == "МСОП"


def test_patterns_match_whole_words_acronyms_by_case():
    side_event = compile_pattern("сопутствующ* мероприяти*")
    acronym = compile_pattern("EU")

    assert side_event.search("Консультации и Сопутствующие  мероприятия")
    assert not side_event.search("сопутствующий фактор")
    assert acronym.search("the EU delegation")
    assert not acronym.search("EUR 5 m") and not acronym.search("eu")


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_catalogue_uses_no_forbidden_variant(language):
    found = [
        (term.forms["en"], variant, entry.msgid[:60])
        for entry in catalogue(language)
        for text in translations(entry)
        for term in TERMS
        for variant in term.forbidden_in(text, language)
    ]

    assert found == []


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_catalogue_translates_each_term_as_the_glossary_does(language):
    """A msgid naming a term (side event, UNEP...) has the glossary's form in its msgstr."""
    missing = [
        (term.forms["en"], term.forms[language], entry.msgid[:60])
        for entry in catalogue(language)
        for term in TERMS
        if term.mentioned_in(" ".join(filter(None, [entry.msgid, entry.msgid_plural])), "en")
        for text in translations(entry)
        if not term.mentioned_in(text, language)
    ]

    assert missing == []


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_seeded_content_uses_no_forbidden_variant(language):
    found = [
        (where, term.forms["en"], variant)
        for where, text in seeded_texts(language)
        for term in TERMS
        for variant in term.forbidden_in(text, language)
    ]

    assert found == []


def test_the_check_finds_a_forbidden_variant():
    side_event = next(term for term in TERMS if term.forms["en"] == "side event")

    assert side_event.forbidden_in("Сопутствующее мероприятие", "ru") == [
        "Сопутствующее мероприятие"
    ]
    assert side_event.forbidden_in("Қосымша іс-шараның мақсаты", "kk") == ["Қосымша іс-шараның"]
    # "Қосымша" alone (additional) is a word of its own.
    assert side_event.forbidden_in("қосымша экологиялық білім беру", "kk") == []

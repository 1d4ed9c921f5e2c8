"""Translated columns as a reader sees them: the language after fallback, and its column.

modeltranslation decides the fallback order (`resolution_order`) and the
column names (`build_localized_fieldname`); these helpers apply them to
templates, search and ordering so that every app falls back alike.
"""

from django.db.models import F, Index, Q, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import get_language
from modeltranslation import settings as mt_settings
from modeltranslation.utils import build_localized_fieldname, resolution_order

from .collation import collated

# The languages every translated text is stored in: en, ru, kk (settings.LANGUAGES).
LANGUAGE_CODES = list(mt_settings.AVAILABLE_LANGUAGES)


def fallback_chain(language):
    """The language itself, then what modeltranslation falls back to, in order."""
    return list(resolution_order(language))


def reader_columns(field, language=None):
    """`field`'s columns in the order a reader of `language` is shown them: title_kk, title_ru…"""
    return [
        build_localized_fieldname(field, code)
        for code in fallback_chain(language or get_language())
    ]


def shown_language(obj, field, language=None):
    """The language `obj.<field>` is displayed in for a reader of `language`.

    None when the field is empty in every language of the chain.
    """
    language = language or get_language()
    for code in fallback_chain(language):
        if getattr(obj, build_localized_fieldname(field, code), None):
            return code
    return None


def fallback_languages(obj, fields, language=None):
    """The other languages some of `fields` are shown in, in chain order."""
    language = language or get_language()
    shown = {shown_language(obj, field, language) for field in fields}
    return [code for code in fallback_chain(language) if code != language and code in shown]


def shown_text(field, language=None):
    """A translated column as the reader sees it, after fallback: an expression to order by."""
    columns = reader_columns(field, language)
    if len(columns) == 1:
        return F(columns[0])
    # Empty translations are stored as "" or NULL: both fall back.
    return Coalesce(*(NullIf(F(column), Value("")) for column in columns))


def search_condition(fields, text, language=None):
    """Any of `fields` contains `text` in a column the reader may be shown (kk, ru, en for kk)."""
    condition = Q()
    for field in fields:
        for column in reader_columns(field, language):
            condition |= Q(**{f"{column}__icontains": text})
    return condition


def by_shown_name(field, language=None, **options):
    """Order by a translated name as the reader sees it, in the reader's alphabet.

    `options` go to asc() (nulls_last=True for a name that may be missing).
    """
    language = language or get_language()
    return collated(shown_text(field, language), language).asc(**options)


def name_indexes(field, prefix):
    """One index per language on `field` as by_shown_name() orders it, then the slug.

    A list sorted by name then reads its first page from the index instead of
    sorting every row (README, Performance). Declared from the same expressions,
    so a change of fallback order shows as a pending migration.
    """
    return [
        Index(collated(shown_text(field, code), code), F("slug"), name=f"{prefix}_{code}")
        for code in LANGUAGE_CODES
    ]

"""Which models and fields are translated, and in which language each record is written.

Read from modeltranslation's registry, so it knows no app.
"""

from django.core.exceptions import ObjectDoesNotExist
from modeltranslation import settings as mt_settings
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname, resolution_order

LANGUAGES = tuple(mt_settings.AVAILABLE_LANGUAGES)
# The state a field is in for its source language.
SOURCE = "source"


def tracked_models():
    """Every model with translated fields (modeltranslation's registry)."""
    return [model for model in translator.get_registered_models() if not model._meta.abstract]


def translated_fields(model):
    """The names of a model's translated fields in the model's order: ('name', 'description')."""
    names = translator.get_options_for_model(model).fields
    return tuple(field.name for field in model._meta.get_fields() if field.name in names)


def column(field, language):
    return build_localized_fieldname(field, language)


def columns(model):
    return [column(field, code) for field in translated_fields(model) for code in LANGUAGES]


def source_language_of(obj):
    """The language `obj` was written in: its own choice, its parent's, else the default."""
    own = getattr(obj, "source_language", None)
    if own in LANGUAGES:
        return own
    parent_name = getattr(type(obj), "translation_parent", None)
    if parent_name:
        try:
            parent = getattr(obj, parent_name)
        except ObjectDoesNotExist:  # a fixture part loaded before its parent
            parent = None
        if parent is not None:
            return source_language_of(parent)
    return mt_settings.DEFAULT_LANGUAGE


def field_source(values, source_language):
    """The language a field is translated from: the record's, else the first with text."""
    for code in resolution_order(source_language):
        if values.get(code):
            return code
    return None


def field_values(obj, field):
    return {code: getattr(obj, column(field, code), None) or "" for code in LANGUAGES}


def has_source_language(model):
    """Whether a model's records choose their source language (themselves or through a parent)."""
    return any(field.name == "source_language" for field in model._meta.fields) or bool(
        getattr(model, "translation_parent", None)
    )

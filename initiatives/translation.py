"""Initiatives' translated fields (modeltranslation): title_en, title_ru, title_kk...

No language is required: a record is written in its source language (any of the
three), where its model's required fields must be filled (translations.models).
"""

from modeltranslation.translator import TranslationOptions, register

from .models import Initiative, Participation


@register(Initiative)
class InitiativeTranslation(TranslationOptions):
    fields = ("title", "acronym", "summary", "description", "budget_note", "geographic_scope")


@register(Participation)
class ParticipationTranslation(TranslationOptions):
    fields = ("note",)

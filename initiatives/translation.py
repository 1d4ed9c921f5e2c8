"""Initiatives' translated fields (modeltranslation): title_en, title_ru, title_kk..."""

from modeltranslation.translator import TranslationOptions, register

from .models import Initiative, Participation


@register(Initiative)
class InitiativeTranslation(TranslationOptions):
    fields = ("title", "acronym", "summary", "description", "budget_note", "geographic_scope")
    required_languages = ("en",)


@register(Participation)
class ParticipationTranslation(TranslationOptions):
    fields = ("note",)

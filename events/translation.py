"""Events' translated fields (modeltranslation): title_en, title_ru, title_kk...

No language is required: a record is written in its source language (any of the
three), where its model's required fields must be filled (translations.models).
"""

from modeltranslation.translator import TranslationOptions, register

from .models import Event, EventParticipation, ExpectedOutcome


@register(Event)
class EventTranslation(TranslationOptions):
    fields = ("title", "venue", "address", "city", "summary", "description", "interpretation")


@register(ExpectedOutcome)
class ExpectedOutcomeTranslation(TranslationOptions):
    fields = ("text",)


@register(EventParticipation)
class EventParticipationTranslation(TranslationOptions):
    fields = ("note",)

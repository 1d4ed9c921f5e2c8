"""Events' translated fields (modeltranslation): title_en, title_ru, title_kk..."""

from modeltranslation.translator import TranslationOptions, register

from .models import Event, EventParticipation, ExpectedOutcome


@register(Event)
class EventTranslation(TranslationOptions):
    fields = ("title", "venue", "address", "city", "summary", "description", "interpretation")
    required_languages = ("en",)


@register(ExpectedOutcome)
class ExpectedOutcomeTranslation(TranslationOptions):
    fields = ("text",)
    required_languages = ("en",)


@register(EventParticipation)
class EventParticipationTranslation(TranslationOptions):
    fields = ("note",)

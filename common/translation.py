from modeltranslation.translator import TranslationOptions, register

from .models import AllianceProfile, Country, Theme


@register(Country)
class CountryTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("en",)


@register(Theme)
class ThemeTranslation(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("en",)


@register(AllianceProfile)
class AllianceProfileTranslation(TranslationOptions):
    fields = ("name", "acronym", "goal", "description", "formed_in")
    required_languages = ("en",)

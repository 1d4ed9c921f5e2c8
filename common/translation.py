"""The shared domain's translated fields (modeltranslation): name_en, name_ru, name_kk..."""

from modeltranslation.translator import TranslationOptions, register

from .models import AllianceProfile, Country, Region, Theme


@register(Country)
class CountryTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("en",)


@register(Region)
class RegionTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("en",)


@register(Theme)
class ThemeTranslation(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("en",)


@register(AllianceProfile)
class AllianceProfileTranslation(TranslationOptions):
    fields = (
        "name",
        "acronym",
        "goal",
        "description",
        "formed_in",
        "data_terms",
        "postal_address",
        "contact_notes",
        "privacy_notice",
        "data_controller",
    )
    required_languages = ("en",)

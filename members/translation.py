"""Organisations' translated fields (modeltranslation): name_en, name_ru, name_kk..."""

from modeltranslation.translator import TranslationOptions, register

from .models import ContactPerson, Organisation


@register(Organisation)
class OrganisationTranslation(TranslationOptions):
    fields = ("name", "short_name", "city", "founding_note", "description", "mission")
    required_languages = ("en",)


@register(ContactPerson)
class ContactPersonTranslation(TranslationOptions):
    fields = ("role",)

"""Organisations' translated fields (modeltranslation): name_en, name_ru, name_kk...

No language is required: a record is written in its source language (any of the
three), where its model's required fields must be filled (translations.models).
"""

from modeltranslation.translator import TranslationOptions, register

from .models import ContactPerson, Organisation


@register(Organisation)
class OrganisationTranslation(TranslationOptions):
    fields = ("name", "short_name", "city", "founding_note", "description", "mission")


@register(ContactPerson)
class ContactPersonTranslation(TranslationOptions):
    fields = ("role",)

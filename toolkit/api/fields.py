"""Serializer fields every endpoint uses: texts in all languages, precise dates, links.

A partner gets each translated text in all three languages in one call, as
stored ("" where a language has none: no fallback is applied), so that it can
choose its own fallback. Dates keep the precision their source gives.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from toolkit.i18n import LANGUAGE_CODES


def translations(instance, field):
    """A translated field's stored values, {"en": ..., "ru": ..., "kk": ...}: "" where empty."""
    return {code: getattr(instance, f"{field}_{code}", None) or "" for code in LANGUAGE_CODES}


def in_each_language(produce):
    """{"en": produce(), "ru": produce(), "kk": produce()}, each under its language."""
    values = {}
    for code in LANGUAGE_CODES:
        with translation.override(code):
            values[code] = produce()
    return values


class TranslationsSerializer(serializers.Serializer):
    """The schema of a text in every language of the portal (the `Translations` component)."""

    def get_fields(self):
        return {code: serializers.CharField(allow_blank=True) for code in LANGUAGE_CODES}


@extend_schema_field(TranslationsSerializer)
class TranslatedField(serializers.Field):
    """A modeltranslation field as {"en": ..., "ru": ..., "kk": ...}.

    `name = TranslatedField()` reads `name_en`, `name_ru` and `name_kk`;
    `TranslatedField(source="title")` reads another field's columns.
    """

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def bind(self, field_name, parent):
        self.translated_name = self.source or field_name
        # The whole object: the columns are read in to_representation().
        self.source = "*"
        super().bind(field_name, parent)

    def to_representation(self, instance):
        return translations(instance, self.translated_name)


class PageLinksSerializer(serializers.Serializer):
    """The schema of `links` for records that have a public page."""

    api = serializers.URLField(help_text=_("This record in the API."))
    web = TranslationsSerializer(help_text=_("Its page on the portal, in each language."))


class ApiLinksSerializer(serializers.Serializer):
    """The schema of `links` for records without a page of their own."""

    api = serializers.URLField(help_text=_("This record in the API."))


class LinksField(serializers.Field):
    """Absolute links to a record in the API and, where it has one, to its public page.

    `view_name` is the API's detail route; `lookup` the attribute in its URL.
    The public pages live under /en/, /ru/ and /kk/, so the record's
    get_absolute_url() is read in each language.
    """

    web = True

    def __init__(self, view_name, lookup="slug", **kwargs):
        self.view_name = view_name
        self.lookup = lookup
        kwargs.update(read_only=True, source="*")
        super().__init__(**kwargs)

    def absolute(self, path):
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else settings.SITE_URL + path

    def to_representation(self, instance):
        path = reverse(self.view_name, kwargs={self.lookup: getattr(instance, self.lookup)})
        links = {"api": self.absolute(path)}
        if self.web:
            links["web"] = in_each_language(lambda: self.absolute(instance.get_absolute_url()))
        return links


@extend_schema_field(PageLinksSerializer)
class PageLinksField(LinksField):
    """Links of a record with a public page: organisations, events, initiatives."""


@extend_schema_field(ApiLinksSerializer)
class ApiLinksField(LinksField):
    """Links of reference data without pages of their own: countries, themes."""

    web = False

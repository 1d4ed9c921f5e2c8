"""Serializer fields every endpoint uses: texts in all languages, precise dates, links.

A partner gets each translated text in all three languages in one call, as
stored ("" where a language has none: no fallback is applied), so that it can
choose its own fallback. Dates keep the precision their source gives.
"""

import functools

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from toolkit.i18n import LANGUAGE_CODES
from toolkit.models import SLUG, AddressBySlug


def translations(instance, field):
    """A translated field's stored values, {"en": ..., "ru": ..., "kk": ...}: "" where empty."""
    return {code: getattr(instance, f"{field}_{code}", None) or "" for code in LANGUAGE_CODES}


def translated_columns(field):
    """The columns of a translated field: ("name_en", "name_ru", "name_kk")."""
    return tuple(f"{field}_{code}" for code in LANGUAGE_CODES)


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


LOCAL_TIME_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]$"


@extend_schema_field(
    {
        "type": "string",
        "pattern": LOCAL_TIME_PATTERN,
        "nullable": True,
        "example": "14:30:00",
    }
)
class LocalTimeField(serializers.TimeField):
    """A wall-clock time with no offset ("14:30:00"), in the time zone another field names.

    Not OpenAPI's `format: time`, which is RFC 3339's full-time and requires
    an offset ("14:30:00+05:00"): the portal stores the time as the venue
    gives it, and the offset follows from the zone and the date (which may be
    known only to the month). The schema says what is sent: HH:MM:SS.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return None if value is None else value.isoformat(timespec="seconds")


class SharedRecord:
    """A serializer of a record that many rows of one answer name: each record drawn once.

    The same country, theme or organisation appears on many initiatives of a
    page; its representation does not depend on the row. For ModelSerializers.
    """

    def to_representation(self, instance):
        drawn = self.context.setdefault("shared_records", {})
        key = (type(self), instance.pk)
        if key not in drawn:
            drawn[key] = super().to_representation(instance)
        return drawn[key]


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
    The public pages live under /en/, /ru/ and /kk/; a record's page is found
    by its slug alone (organisations, events, initiatives), so each address is
    reversed once per language and model, not per record (AddressBySlug):
    four reverse() calls per record were a fifth of a list's serializing.
    """

    web = True

    def __init__(self, view_name, lookup="slug", **kwargs):
        self.view_name = view_name
        self.lookup = lookup
        kwargs.update(read_only=True, source="*")
        super().__init__(**kwargs)

    def origin(self):
        """("https://host" of the request, its URL configuration), once per request."""
        request = self.context.get("request")
        if request is None:
            return settings.SITE_URL, urls_in_use()
        if not hasattr(request, "api_origin"):
            request.api_origin = request.build_absolute_uri("/")[:-1], urls_in_use()
        return request.api_origin

    def to_representation(self, instance):
        origin, urls = self.origin()
        value = str(getattr(instance, self.lookup))
        links = {"api": origin + api_address(self.view_name, self.lookup, value, urls)}
        if self.web:
            address = addresses(type(instance), urls)
            links["web"] = {code: origin + address(value, code) for code in LANGUAGE_CODES}
        return links


def urls_in_use():
    return (get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())


@functools.cache
def addresses(model, urls):
    """AddressBySlug(model), one per model and URL configuration."""
    return AddressBySlug(model)


@functools.cache
def api_template(view_name, lookup, urls):
    before, _placeholder, after = reverse(
        view_name, kwargs={lookup: AddressBySlug.PLACEHOLDER}
    ).rpartition(AddressBySlug.PLACEHOLDER)
    return before, after


def api_address(view_name, lookup, value, urls):
    """reverse(view_name, kwargs={lookup: value}), reversed once per route for slugs and codes."""
    if not SLUG.fullmatch(value):
        return reverse(view_name, kwargs={lookup: value})
    before, after = api_template(view_name, lookup, urls)
    return f"{before}{value}{after}"


@extend_schema_field(PageLinksSerializer)
class PageLinksField(LinksField):
    """Links of a record with a public page: organisations, events, initiatives."""


@extend_schema_field(ApiLinksSerializer)
class ApiLinksField(LinksField):
    """Links of reference data without pages of their own: countries, themes."""

    web = False

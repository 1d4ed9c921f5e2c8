"""Admin of what the three apps share, and the translation-completeness tools they reuse.

Every translated model is edited in modeltranslation's tabbed admin: one tab
per language (EN, RU, KK) for each translated field. jQuery UI, which draws
the tabs, is served from static/vendor (settings.JQUERY_UI_URL), not a CDN.
"""

from functools import reduce
from operator import or_

from django.conf import settings
from django.contrib import admin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modeltranslation import settings as mt_settings
from modeltranslation.admin import TabbedTranslationAdmin
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname

from .models import AllianceProfile, Country, Theme

admin.site.site_header = _("TsAKO administration")
admin.site.site_title = _("TsAKO")
admin.site.index_title = _("Portal content")


def translated_fields(model):
    """The names of a model's translated fields in the model's order: ('name', 'description')."""
    names = translator.get_options_for_model(model).fields
    return tuple(field.name for field in model._meta.get_fields() if field.name in names)


def other_languages():
    """The languages translated from the default one (English): ['ru', 'kk']."""
    return [
        code for code in mt_settings.AVAILABLE_LANGUAGES if code != mt_settings.DEFAULT_LANGUAGE
    ]


def missing_translation(model, language):
    """A Q for the rows with English text in a field that has none in `language`."""
    conditions = []
    for field in translated_fields(model):
        source = build_localized_fieldname(field, mt_settings.DEFAULT_LANGUAGE)
        target = build_localized_fieldname(field, language)
        conditions.append(
            # `__gt=""` is "neither NULL nor empty" in one comparison.
            Q(**{f"{source}__gt": ""}) & (Q(**{target: ""}) | Q(**{f"{target}__isnull": True}))
        )
    return reduce(or_, conditions)


def complete_languages(obj):
    """The languages `obj` is complete in: each field with English text has theirs too."""
    fields = [
        field
        for field in translated_fields(type(obj))
        if getattr(obj, build_localized_fieldname(field, mt_settings.DEFAULT_LANGUAGE))
    ]
    return [
        language
        for language in mt_settings.AVAILABLE_LANGUAGES
        if all(getattr(obj, build_localized_fieldname(field, language)) for field in fields)
    ]


class MissingTranslationFilter(admin.SimpleListFilter):
    title = _("translation")
    parameter_name = "missing"

    def lookups(self, request, model_admin):
        names = dict(settings.LANGUAGES)
        return [
            (code, _("Missing %(language)s") % {"language": names[code]})
            for code in other_languages()
        ]

    def queryset(self, request, queryset):
        if self.value() in other_languages():
            return queryset.filter(missing_translation(queryset.model, self.value()))
        return queryset


class TranslationStatusMixin:
    """Adds a "Languages" column and a "Translation" filter to a translated model's changelist.

    The column is computed from the row's own columns, so it costs no query.
    """

    def get_list_display(self, request):
        return [*super().get_list_display(request), "translation_status"]

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), MissingTranslationFilter]

    @admin.display(description=_("Languages"))
    def translation_status(self, obj):
        return " ".join(complete_languages(obj))


@admin.register(Country)
class CountryAdmin(TranslationStatusMixin, TabbedTranslationAdmin):
    list_display = ["name", "code", "is_central_asian"]
    list_filter = ["is_central_asian"]
    search_fields = ["code", "name_en", "name_ru", "name_kk"]
    fields = ["code", "name", "is_central_asian"]


@admin.register(Theme)
class ThemeAdmin(TranslationStatusMixin, TabbedTranslationAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["slug", "name_en", "name_ru", "name_kk"]
    fields = ["name", "slug", "description", "position"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(AllianceProfile)
class AllianceProfileAdmin(TranslationStatusMixin, TabbedTranslationAdmin):
    """A single record: it can be edited, never deleted, and added only while there is none."""

    list_display = ["name", "acronym", "formed_in", "formed_on"]
    fieldsets = [
        (None, {"fields": ["name", "acronym", "goal", "description"]}),
        (_("Formation"), {"fields": ["formed_in", "formed_on", "formed_on_precision"]}),
        (None, {"fields": ["countries"]}),
    ]
    autocomplete_fields = ["countries"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not AllianceProfile.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

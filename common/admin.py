"""Admin of the shared domain: countries, regions, themes and the alliance's profile.

Every translated model is edited in modeltranslation's tabbed admin: one tab
per language (EN, RU, KK) for each translated field. jQuery UI, which draws
the tabs, is served from static/vendor (settings.JQUERY_UI_URL), not a CDN.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from toolkit import history
from toolkit.admin import HistoryAdmin
from translations.admin import TranslationStatusMixin

from .models import AllianceProfile, Country, Region, Theme

# Content history (toolkit.history): staff can compare, restore and recover these records.
history.register(Country)
history.register(Region)
history.register(Theme)
history.register(AllianceProfile)


@admin.register(Country)
class CountryAdmin(TranslationStatusMixin, HistoryAdmin, TabbedTranslationAdmin):
    list_display = ["name", "code", "is_central_asian"]
    list_filter = ["is_central_asian"]
    search_fields = ["code", "name_en", "name_ru", "name_kk"]
    fields = ["code", "name", "is_central_asian"]


@admin.register(Region)
class RegionAdmin(TranslationStatusMixin, HistoryAdmin, TabbedTranslationAdmin):
    list_display = ["name", "code", "country_codes"]
    search_fields = ["code", "name_en", "name_ru", "name_kk"]
    fields = ["code", "name", "countries"]
    autocomplete_fields = ["countries"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("countries")

    @admin.display(description=_("countries"))
    def country_codes(self, obj):
        return ", ".join(sorted(country.code for country in obj.countries.all()))


@admin.register(Theme)
class ThemeAdmin(TranslationStatusMixin, HistoryAdmin, TabbedTranslationAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["slug", "name_en", "name_ru", "name_kk"]
    fields = ["name", "slug", "description", "position"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(AllianceProfile)
class AllianceProfileAdmin(TranslationStatusMixin, HistoryAdmin, TabbedTranslationAdmin):
    """A single record: it can be edited, never deleted, and added only while there is none."""

    list_display = ["name", "acronym", "formed_in", "formed_on"]
    fieldsets = [
        (None, {"fields": ["name", "acronym", "goal", "description"]}),
        (_("Formation"), {"fields": ["formed_in", "formed_on", "formed_on_precision"]}),
        (None, {"fields": ["countries"]}),
        (_("Data for partners"), {"fields": ["data_terms"]}),
        (
            _("Public contact"),
            {"fields": ["contact_email", "contact_phone", "postal_address", "contact_notes"]},
        ),
        (_("Privacy"), {"fields": ["privacy_notice", "data_controller"]}),
    ]
    autocomplete_fields = ["countries"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not AllianceProfile.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

"""Admin of organisations, with their contact people edited inline.

Contact people are personal data: they are edited only here, under their
organisation, and Django's model permissions (view/add/change/delete contact
person) decide which staff see them.
"""

from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline

from common.models import Country, Theme
from toolkit import history
from toolkit.admin import HistoryAdmin
from toolkit.bulk import country_action, theme_actions
from toolkit.imports import ImportExportAdmin
from toolkit.publication_admin import PUBLICATION_ACTIONS, PublicationAdmin
from translations.admin import TranslatedInlineMixin, TranslationStatusMixin

from .models import ContactPerson, Organisation
from .resources import OrganisationResource

# Content history (toolkit.history): an organisation's versions hold its contact people,
# so recovering a deleted organisation brings them back.
history.register(Organisation, parts=["contacts"])
history.register(ContactPerson)


class ContactPersonInline(TranslatedInlineMixin, TranslationTabularInline):
    model = ContactPerson
    fields = ["name", "role", "email", "phone", "is_public"]
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(
    ImportExportAdmin,
    TranslationStatusMixin,
    PublicationAdmin,
    HistoryAdmin,
    TabbedTranslationAdmin,
):
    resource_classes = [OrganisationResource]
    # At scale, one COUNT of the whole table less per page ("Show all" still counts).
    show_full_result_count = False
    list_display = ["name", "short_name", "kind", "relation", "country", "founded_year"]
    # Staff sort a list of new organisations into members and partners without opening each.
    list_editable = ["relation"]
    actions = [
        *PUBLICATION_ACTIONS,
        *theme_actions(Organisation, Theme.objects.all()),
        country_action(Organisation, Country.objects.all()),
    ]
    list_filter = ["relation", "kind", "country", "themes"]
    list_select_related = ["country"]
    search_fields = [
        "slug",
        "name_en",
        "name_ru",
        "name_kk",
        "short_name_en",
        "short_name_ru",
        "short_name_kk",
    ]
    autocomplete_fields = ["country", "themes", "parent"]
    autocomplete_select_related = ["country"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "source_language",
                    "name",
                    "short_name",
                    "slug",
                    "kind",
                    "relation",
                    "parent",
                ]
            },
        ),
        (_("Place"), {"fields": ["country", "city"]}),
        (_("Founding"), {"fields": ["founded_year", "founding_note"]}),
        (None, {"fields": ["description", "mission", "themes", "website"]}),
    ]
    inlines = [ContactPersonInline]

    def autocomplete_label(self, obj):
        """'Teachers Lab LLP (TL) · Kazakhstan': which one, when names are alike."""
        parts = [obj.display_name]
        if obj.country:
            parts.append(obj.country.name)
        return " · ".join(parts)

    # Django 6 default; typed "example.org" is saved as https://example.org.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

"""Admin of initiatives, with participating organisations, country and region shares inline."""

from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import Prefetch
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline

from common import currencies
from common.models import Region, Theme
from toolkit import cldr, history
from toolkit.admin import HistoryAdmin
from toolkit.bulk import bulk_change, choice_form, theme_actions
from toolkit.imports import ImportExportAdmin
from toolkit.publication_admin import PUBLICATION_ACTIONS, PublicationAdmin
from translations.admin import TranslatedInlineMixin, TranslationStatusMixin

from . import services
from .iati_codelists import codelist
from .models import (
    CountryCoverage,
    CountryShare,
    Initiative,
    InitiativeStatus,
    Participation,
    RegionShare,
    SectorVocabulary,
    ThemeSector,
)
from .resources import InitiativeResource

# Content history (toolkit.history): an initiative's versions hold its participations and
# country and region shares.
history.register(Initiative, parts=["participations", "country_shares", "region_shares"])
history.register(Participation)
history.register(CountryShare)
history.register(RegionShare)
history.register(ThemeSector)


class StatusFilter(admin.SimpleListFilter):
    """Planned, ongoing or completed: derived from the dates, as the model does."""

    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return InitiativeStatus.choices

    def queryset(self, request, queryset):
        if self.value() in InitiativeStatus.values:
            return queryset.with_status(self.value())
        return queryset


class ParticipationInline(TranslatedInlineMixin, TranslationTabularInline):
    model = Participation
    fields = ["organisation", "role", "note", "position"]
    autocomplete_fields = ["organisation"]
    extra = 0


class CountryShareInline(admin.TabularInline):
    model = CountryShare
    fields = ["country", "percentage"]
    autocomplete_fields = ["country"]
    extra = 0


class RegionShareInline(admin.TabularInline):
    """The regions an initiative covers as a whole; a country filter finds it through them."""

    model = RegionShare
    fields = ["region", "percentage"]
    autocomplete_fields = ["region"]
    extra = 0


class InitiativeForm(forms.ModelForm):
    """The currency picked from ISO 4217 codes named in the admin's language, usual ones first."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "budget_currency" in self.fields:
            field = self.fields["budget_currency"]
            choices = currencies.currency_choices(get_language())
            current = self.initial.get("budget_currency")
            known = {code for _group, options in choices[1:] for code, _label in options}
            if current and current not in known:  # a code no longer in use stays as it is
                choices = [*choices, (current, current)]
            self.fields["budget_currency"] = forms.ChoiceField(
                label=field.label,
                required=False,
                choices=choices,
                help_text=_("Stored as its ISO 4217 code (EUR, USD, KZT, ...)."),
            )


@admin.register(Initiative)
class InitiativeAdmin(
    ImportExportAdmin,
    TranslationStatusMixin,
    PublicationAdmin,
    HistoryAdmin,
    TabbedTranslationAdmin,
):
    form = InitiativeForm
    resource_classes = [InitiativeResource]
    # At scale, one COUNT of the whole table less per page ("Show all" still counts).
    show_full_result_count = False
    list_display = ["title", "acronym", "dates", "status", "budget", "leads"]
    list_filter = [
        StatusFilter,
        "countries",
        "regions",
        "themes",
        "participations__role",
        "budget_currency",
    ]
    search_fields = [
        "slug",
        "title_en",
        "title_ru",
        "title_kk",
        "acronym_en",
        "acronym_ru",
        "acronym_kk",
    ]
    autocomplete_fields = ["themes"]
    fieldsets = [
        (None, {"fields": ["source_language", "title", "acronym", "slug"]}),
        (
            _("Dates"),
            {"fields": [("start_date", "start_precision"), ("end_date", "end_precision")]},
        ),
        (_("Budget"), {"fields": [("budget_amount", "budget_currency"), "budget_note"]}),
        (
            None,
            {"fields": ["summary", "description", "geographic_scope", "themes", "website"]},
        ),
    ]
    inlines = [ParticipationInline, CountryShareInline, RegionShareInline]
    actions = [*PUBLICATION_ACTIONS, *theme_actions(Initiative, Theme.objects.all()), "add_region"]
    # Django 6 default; typed "example.org" is saved as https://example.org.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_queryset(self, request):
        # The "lead" column reads the participations: one query for all the rows.
        participations = Participation.objects.select_related("organisation")
        return (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("participations", queryset=participations))
        )

    @admin.action(description=_("Add a region…"), permissions=["change"])
    def add_region(self, request, queryset):
        return bulk_change(
            self,
            request,
            queryset,
            action="add_region",
            title=_("Add a region"),
            question=_(
                "Mark the selected initiatives as covering this region as a whole? A country "
                "filter then finds them through the region's countries."
            ),
            form=choice_form(_("region"), Region.objects.all()),
            change=add_region_shares,
        )

    @admin.display(description=_("dates"), ordering="start_date")
    def dates(self, obj):
        return obj.period_display

    @admin.display(description=_("status"))
    def status(self, obj):
        return obj.status.label if obj.status else ""

    @admin.display(description=_("budget"), ordering="budget_amount")
    def budget(self, obj):
        if obj.budget_amount is None:
            return ""
        return cldr.format_money(obj.budget_amount, obj.budget_currency)

    @admin.display(description=_("lead"))
    def leads(self, obj):
        return ", ".join(str(organisation) for organisation in obj.leads)


@admin.register(ThemeSector)
class ThemeSectorAdmin(HistoryAdmin):
    """Which IATI sector each theme stands for in the IATI export (README, IATI file)."""

    list_display = ["theme", "vocabulary", "code", "sector_name"]
    list_editable = ["code"]
    list_filter = ["vocabulary"]
    list_select_related = ["theme"]
    search_fields = ["theme__name_en", "theme__name_ru", "theme__name_kk", "code"]
    autocomplete_fields = ["theme"]
    fields = ["theme", "vocabulary", "code"]

    @admin.display(description=_("sector (IATI codelist)"))
    def sector_name(self, obj):
        if obj.vocabulary not in SectorVocabulary.values:
            return ""
        return codelist(SectorVocabulary(obj.vocabulary).codelist).get(obj.code, "")


def add_region_shares(ids, region):
    """A region share for each initiative without one: in one insert, then what it derives."""
    covered = set(
        RegionShare.objects.filter(region=region, initiative__in=ids).values_list(
            "initiative_id", flat=True
        )
    )
    new = [pk for pk in ids if pk not in covered]
    # bulk_create sends no post_save: the coverage and the exports are asked for here.
    RegionShare.objects.bulk_create([RegionShare(initiative_id=pk, region=region) for pk in new])
    CountryCoverage.objects.refresh(new)
    services.request_build()
    return new

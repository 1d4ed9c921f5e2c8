"""Admin of events, with their languages, outcomes, organisers and child events inline.

Registrations (personal data) are the registrations app's: it extends this
admin with their counts and export.
"""

from django import forms
from django.contrib import admin
from django.db import models, transaction
from django.db.models import Case, IntegerField, Q, When
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import (
    TabbedTranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)

from common import time_zones
from common.models import Country, Theme
from toolkit import history
from toolkit.admin import HistoryAdmin
from toolkit.bulk import bulk_change, country_action, plain_form, sets, theme_actions
from toolkit.imports import ImportExportAdmin
from toolkit.publication_admin import PUBLICATION_ACTIONS, PublicationAdmin
from translations.admin import TranslatedInlineMixin, TranslationStatusMixin

from .models import HOLDS_PARTS, Event, EventParticipation, EventSpokenLanguage, ExpectedOutcome
from .resources import EventResource

# Content history (toolkit.history): an event's versions hold its languages, outcomes and
# participations. Not its child events: each is a record of its own, and restoring the parent
# must not delete a consultation added since (registrations are personal data: never kept).
history.register(Event, parts=["languages", "outcomes", "participations"])
history.register(EventSpokenLanguage)
history.register(ExpectedOutcome)
history.register(EventParticipation)


class WhenFilter(admin.SimpleListFilter):
    title = _("when")
    parameter_name = "when"

    def lookups(self, request, model_admin):
        return [
            ("upcoming", _("Upcoming")),
            ("past", _("Past")),
            ("undated", _("Undated")),
        ]

    def queryset(self, request, queryset):
        # The changelist applies its own ordering afterwards.
        if self.value() == "upcoming":
            return queryset.upcoming()
        if self.value() == "past":
            return queryset.past()
        if self.value() == "undated":
            return queryset.undated()
        return queryset


class SpokenLanguageInline(admin.TabularInline):
    model = EventSpokenLanguage
    fields = ["language", "position"]
    extra = 0


class NumberedInlineFormSet(BaseInlineFormSet):
    """Numbers the rows 0, 1, 2... in the order staff gave, before the unique check.

    A new row whose position staff left at its default goes after the others;
    ties keep the order of the form. Every row whose number changes is saved,
    and the rows that move are parked first, so that no save meets the unique
    (parent, position) of a row not saved yet.
    """

    PARKED = 32767  # the top of PositiveSmallIntegerField, counted down

    def clean(self):
        kept = [
            form
            for form in self.forms
            if form.has_changed() or form.instance.pk
            if not self._should_delete_form(form) and hasattr(form, "cleaned_data")
        ]

        def rank(pair):
            index, form = pair
            left_at_default = not form.instance.pk and "position" not in form.changed_data
            return (left_at_default, form.cleaned_data.get("position") or 0, index)

        for position, (_index, form) in enumerate(sorted(enumerate(kept), key=rank)):
            form.cleaned_data["position"] = position
            form.instance.position = position
            moved = form.instance.pk and form.initial.get("position") != position
            if moved and "position" not in form.changed_data:
                form.changed_data.append("position")  # so has_changed(): it is saved
        super().clean()

    def save(self, commit=True):
        if commit:
            moving = [
                form.instance.pk
                for form in self.initial_forms
                if form.has_changed() or self._should_delete_form(form)
            ]
            with transaction.atomic():
                for offset, pk in enumerate(moving):
                    self.model._default_manager.filter(pk=pk).update(position=self.PARKED - offset)
                return super().save(commit)
        return super().save(commit)


class ExpectedOutcomeInline(TranslatedInlineMixin, TranslationStackedInline):
    model = ExpectedOutcome
    formset = NumberedInlineFormSet
    fields = ["text", "position"]
    extra = 0


class EventParticipationInline(TranslatedInlineMixin, TranslationTabularInline):
    model = EventParticipation
    fields = ["organisation", "role", "note", "position"]
    autocomplete_fields = ["organisation"]
    extra = 0


class ChildEventInline(admin.TabularInline):
    """The consultations and side events of an event, each linked to its own form.

    Read-only here: a child is edited on its own page, where "part of" is set.
    """

    model = Event
    fk_name = "parent"
    verbose_name = _("part of this event")
    verbose_name_plural = _("parts of this event (consultations, side events)")
    fields = ["title", "kind", "period_display"]
    readonly_fields = fields
    ordering = ["start_date", "title_en"]
    show_change_link = True
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("dates"))
    def period_display(self, obj):
        return obj.period_display


class EventForm(forms.ModelForm):
    """The time zone picked from a list of cities in the admin's language, Central Asia first.

    Left empty for an event with times, it is the country's main zone.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "time_zone" in self.fields:
            field = self.fields["time_zone"]
            self.fields["time_zone"] = forms.ChoiceField(
                label=field.label,
                required=False,
                choices=time_zones.time_zone_choices(get_language()),
                help_text=_("Left empty, an event with times keeps its country's main time zone."),
            )

    def clean(self):
        cleaned = super().clean()
        has_times = cleaned.get("start_time") or cleaned.get("end_time")
        country = cleaned.get("country")
        if has_times and not cleaned.get("time_zone") and country is not None:
            cleaned["time_zone"] = time_zones.main_time_zone(country.code)
        return cleaned


@admin.register(Event)
class EventAdmin(
    ImportExportAdmin,
    TranslationStatusMixin,
    PublicationAdmin,
    HistoryAdmin,
    TabbedTranslationAdmin,
):
    form = EventForm
    resource_classes = [EventResource]
    # At scale, one COUNT of the whole table less per page ("Show all" still counts).
    show_full_result_count = False
    list_display = [
        "title",
        "kind",
        "dates",
        "country",
        "parent",
        "attendance",
        "registration_open",
        "capacity",
    ]
    # Opening registration and setting places, for a series of consultations at once.
    list_editable = ["registration_open", "capacity"]
    actions = [
        *PUBLICATION_ACTIONS,
        *theme_actions(Event, Theme.objects.all()),
        country_action(Event, Country.objects.all()),
        "open_registration",
        "close_registration",
    ]
    list_filter = [WhenFilter, "kind", "start_date", "country", "themes", "attendance"]
    list_select_related = ["country", "parent"]
    date_hierarchy = "start_date"
    search_fields = [
        "slug",
        "acronym",
        "title_en",
        "title_ru",
        "title_kk",
        "city_en",
        "city_ru",
        "city_kk",
    ]
    autocomplete_fields = ["parent", "country", "themes"]
    autocomplete_select_related = ["parent"]
    fieldsets = [
        (None, {"fields": ["source_language", "title", "acronym", "slug", "kind", "parent"]}),
        (
            _("Dates"),
            {
                "fields": [
                    ("start_date", "start_precision"),
                    ("end_date", "end_precision"),
                    "date_status",
                    ("start_time", "end_time", "time_zone"),
                ]
            },
        ),
        (_("Place"), {"fields": ["venue", "address", "city", "country", "attendance"]}),
        (None, {"fields": ["summary", "description", "interpretation", "themes", "website"]}),
        (
            _("Registration"),
            {
                "fields": [
                    "registration_open",
                    ("capacity", "registration_deadline"),
                ]
            },
        ),
    ]
    inlines = [
        SpokenLanguageInline,
        ExpectedOutcomeInline,
        EventParticipationInline,
        ChildEventInline,
    ]
    # Django 6 default; typed "example.org" is saved as https://example.org.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    @admin.action(description=_("Open registration…"), permissions=["change"])
    def open_registration(self, request, queryset):
        return bulk_change(
            self,
            request,
            queryset,
            action="open_registration",
            title=_("Open registration"),
            question=_(
                "Open registration for the selected events? People can then register on "
                "their pages."
            ),
            form=plain_form,
            change=sets(Event, "registration_open", True),
        )

    @admin.action(description=_("Close registration…"), permissions=["change"])
    def close_registration(self, request, queryset):
        return bulk_change(
            self,
            request,
            queryset,
            action="close_registration",
            title=_("Close registration"),
            question=_(
                "Close registration for the selected events? Those already registered keep "
                "their places."
            ),
            form=plain_form,
            change=sets(Event, "registration_open", False),
        )

    def get_inlines(self, request, obj):
        if obj is None:  # a new event has no parts yet
            return [inline for inline in self.inlines if inline is not ChildEventInline]
        return self.inlines

    @admin.display(description=_("dates"), ordering="start_date")
    def dates(self, obj):
        return obj.period_display

    def autocomplete_label(self, obj):
        """'RES 2026: ... · Summit · 22–24 April 2026': the one meant, among alike titles."""
        parts = [f"{obj.acronym}: {obj.title}" if obj.acronym else obj.title]
        parts += [obj.get_kind_display(), obj.period_display]
        if obj.parent is not None:
            parts.append(_("part of %(event)s") % {"event": obj.parent.acronym or obj.parent.title})
        return " · ".join(str(part) for part in parts if part)

    def get_search_results(self, request, queryset, search_term):
        """An exact acronym or slug first: "RES 2026" finds the summit before its parts."""
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term:
            exact = Q(acronym__iexact=search_term.strip()) | Q(slug__iexact=search_term.strip())
            found = found.annotate(
                exact_match=Case(When(exact, then=0), default=1, output_field=IntegerField())
            ).order_by("exact_match", *(self.get_ordering(request) or Event._meta.ordering))
        return found, may_have_duplicates

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # "Add a consultation to this series", on an event that can hold parts.
        if obj is not None and obj.kind in HOLDS_PARTS:
            context["add_part_url"] = (
                reverse("admin:events_event_add") + f"?parent={obj.pk}&kind=consultation"
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

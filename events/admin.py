"""Admin of events, with their languages, outcomes, organisers and child events inline.

Registrations (personal data) have their own changelist, seen only by staff
with the permission to view registrations; exporting them as CSV needs the
permission to export them too.
"""

import csv

from django.contrib import admin, messages
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import (
    TabbedTranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)

from alliance.admin import TranslationStatusMixin

from . import services
from .models import (
    Event,
    EventRole,
    EventSpokenLanguage,
    ExpectedOutcome,
    Registration,
    RegistrationStatus,
)


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

    Staff may leave every new row's position at its default; ties keep the
    order of the form.
    """

    def clean(self):
        kept = [
            form
            for form in self.forms
            if form.has_changed() or form.instance.pk
            if not self._should_delete_form(form) and hasattr(form, "cleaned_data")
        ]
        ranked = sorted(
            enumerate(kept), key=lambda pair: (pair[1].cleaned_data.get("position") or 0, pair[0])
        )
        for position, (_index, form) in enumerate(ranked):
            form.cleaned_data["position"] = position
            form.instance.position = position
        super().clean()


class ExpectedOutcomeInline(TranslationStackedInline):
    model = ExpectedOutcome
    formset = NumberedInlineFormSet
    fields = ["text", "position"]
    extra = 0


class EventRoleInline(TranslationTabularInline):
    model = EventRole
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


@admin.register(Event)
class EventAdmin(TranslationStatusMixin, TabbedTranslationAdmin):
    # At scale, one COUNT of the whole table less per page ("Show all" still counts).
    show_full_result_count = False
    list_display = ["title", "kind", "dates", "country", "parent", "is_online"]
    list_filter = [WhenFilter, "kind", "start_date", "country", "themes", "is_online"]
    list_select_related = ["country", "parent"]
    date_hierarchy = "start_date"
    search_fields = ["slug", "title_en", "title_ru", "title_kk", "city_en", "city_ru", "city_kk"]
    autocomplete_fields = ["parent", "country", "themes"]
    prepopulated_fields = {"slug": ["title_en"]}
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "parent"]}),
        (
            _("Dates"),
            {
                "fields": [
                    ("start_date", "start_precision"),
                    ("end_date", "end_precision"),
                    ("start_time", "end_time", "time_zone"),
                ]
            },
        ),
        (_("Place"), {"fields": ["venue", "address", "city", "country", "is_online"]}),
        (None, {"fields": ["summary", "description", "interpretation", "themes", "website"]}),
        (
            _("Registration"),
            {
                "fields": [
                    "registration_open",
                    ("capacity", "registration_deadline"),
                    "registrations_summary",
                ]
            },
        ),
    ]
    readonly_fields = ["registrations_summary"]
    actions = ["export_registrations"]
    inlines = [SpokenLanguageInline, ExpectedOutcomeInline, EventRoleInline, ChildEventInline]
    # Django 6 default; typed "example.org" is saved as https://example.org.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_inlines(self, request, obj):
        if obj is None:  # a new event has no parts yet
            return [inline for inline in self.inlines if inline is not ChildEventInline]
        return self.inlines

    @admin.display(description=_("dates"), ordering="start_date")
    def dates(self, obj):
        return obj.period_display

    @admin.display(description=_("registrations"))
    def registrations_summary(self, obj):
        if obj is None or obj.pk is None:
            return "–"
        counts = dict(
            obj.registrations.values_list("status").annotate(models.Count("pk")).order_by()
        )
        text = _("%(confirmed)d confirmed, %(waiting)d waiting, %(cancelled)d cancelled") % {
            "confirmed": counts.get(RegistrationStatus.CONFIRMED, 0),
            "waiting": counts.get(RegistrationStatus.WAITING, 0),
            "cancelled": counts.get(RegistrationStatus.CANCELLED, 0),
        }
        # The changelist itself asks for the permission to view registrations.
        query = urlencode({"event__id__exact": obj.pk})
        url = f"{reverse('admin:events_registration_changelist')}?{query}"
        return format_html('{} · <a href="{}">{}</a>', text, url, _("see them"))

    def has_export_permission(self, request):
        return request.user.has_perm("events.view_registration") and request.user.has_perm(
            "events.export_registration"
        )

    @admin.action(
        description=_("Export the registrations of the selected events (CSV)"),
        permissions=["export"],
    )
    def export_registrations(self, request, queryset):
        return registrations_csv(
            Registration.objects.filter(event__in=queryset).select_related("event")
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # More places (or none limited any more): the waiting list moves up.
        if change and {"capacity", "registration_open"} & set(form.changed_data):
            promoted = services.fill_places(form.instance)
            if promoted:
                self.message_user(
                    request,
                    ngettext(
                        "%(count)d person on the waiting list got a place and is being told.",
                        "%(count)d people on the waiting list got a place and are being told.",
                        len(promoted),
                    )
                    % {"count": len(promoted)},
                    messages.SUCCESS,
                )


CSV_COLUMNS = [
    _("Event"),
    _("Name"),
    _("E-mail"),
    _("Organisation"),
    _("Language"),
    _("Status"),
    _("Registered on"),
    _("Cancelled on"),
]


def spreadsheet_safe(value):
    """Text a spreadsheet will not run as a formula (names come from a public form)."""
    value = str(value)
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def iso(moment):
    return timezone.localtime(moment).isoformat(timespec="minutes") if moment else ""


def registrations_csv(registrations):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"tsako-registrations-{timezone.localdate().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # A byte order mark, so that spreadsheets read the Cyrillic as UTF-8.
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([str(column) for column in CSV_COLUMNS])
    for registration in registrations.order_by("event__slug", "created_at", "pk"):
        writer.writerow(
            [
                spreadsheet_safe(registration.event.title),
                spreadsheet_safe(registration.name),
                spreadsheet_safe(registration.email),
                spreadsheet_safe(registration.organisation),
                registration.language,
                registration.get_status_display(),
                iso(registration.created_at),
                iso(registration.cancelled_at),
            ]
        )
    return response


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    """People registered for events: seen with the view permission, exported with the export one.

    Registrations come from the public form, so staff cannot add them here;
    cancelling goes through events.services (the waiting list moves up), and
    deleting is left to the retention task and to staff with the permission.
    """

    list_display = [
        "name",
        "email",
        "organisation",
        "event",
        "status",
        "language",
        "created_at",
        "confirmation_sent_at",
        "reminder_sent_at",
    ]
    list_filter = ["status", "language", ("event", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["event"]
    search_fields = ["name", "email", "organisation", "event__title_en", "event__slug"]
    date_hierarchy = "created_at"
    actions = ["export_csv", "cancel"]
    fields = [
        "event",
        "name",
        "email",
        "organisation",
        "language",
        "status",
        "created_at",
        "promoted_at",
        "cancelled_at",
        "confirmation_sent_at",
        "promotion_sent_at",
        "reminder_sent_at",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_export_permission(self, request):
        return request.user.has_perm("events.view_registration") and request.user.has_perm(
            "events.export_registration"
        )

    @admin.action(description=_("Export selected registrations (CSV)"), permissions=["export"])
    def export_csv(self, request, queryset):
        return registrations_csv(queryset.select_related("event"))

    @admin.action(
        description=_("Cancel selected registrations (the waiting list moves up)"),
        permissions=["change"],
    )
    def cancel(self, request, queryset):
        count = sum(services.cancel(registration) for registration in queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d registration cancelled.", "%(count)d registrations cancelled.", count
            )
            % {"count": count},
            messages.SUCCESS,
        )

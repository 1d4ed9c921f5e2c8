"""Registrations in the admin: their own changelist, and their counts and export on each event.

Registrations are personal data: seen only by staff with the permission to
view them; exporting them as CSV needs the permission to export them too.
The event's admin (events.admin.EventAdmin) is extended here, not there, so
that events knows nothing of registrations.
"""

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from events.admin import EventAdmin
from events.models import Event
from toolkit.admin import confirmation
from toolkit.spreadsheets import SpreadsheetWriter

from . import services
from .models import Registration, RegistrationStatus


class EventWithRegistrationsAdmin(EventAdmin):
    """The event's admin with its registrations: counts, a link to them, the export, places."""

    fieldsets = [
        *EventAdmin.fieldsets[:-1],
        (
            EventAdmin.fieldsets[-1][0],
            {"fields": [*EventAdmin.fieldsets[-1][1]["fields"], "registrations_summary"]},
        ),
    ]
    readonly_fields = ["registrations_summary"]
    actions = [*EventAdmin.actions, "export_registrations"]

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
        url = f"{reverse('admin:registrations_registration_changelist')}?{query}"
        return format_html('{} · <a href="{}">{}</a>', text, url, _("see them"))

    # Not has_export_permission: that is the events' own export (toolkit.imports).
    def has_export_registrations_permission(self, request):
        return request.user.has_perm("registrations.view_registration") and request.user.has_perm(
            "registrations.export_registration"
        )

    @admin.action(
        description=_("Export the registrations of the selected events (CSV)"),
        permissions=["export_registrations"],
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


admin.site.unregister(Event)
admin.site.register(Event, EventWithRegistrationsAdmin)


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


def iso(moment):
    return timezone.localtime(moment).isoformat(timespec="minutes") if moment else ""


def registrations_csv(registrations):
    """The registrations as CSV; names and organisations come from a public form (see toolkit)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"tsako-registrations-{timezone.localdate().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = SpreadsheetWriter()
    response.write(writer.header(CSV_COLUMNS))
    for registration in registrations.order_by("event__slug", "created_at", "pk"):
        response.write(
            writer.row(
                [
                    registration.event.title,
                    registration.name,
                    registration.email,
                    registration.organisation,
                    registration.language,
                    registration.get_status_display(),
                    iso(registration.created_at),
                    iso(registration.cancelled_at),
                ]
            )
        )
    return response


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    """People registered for events: seen with the view permission, exported with the export one.

    Registrations come from the public form, so staff cannot add them here;
    cancelling goes through registrations.services (the waiting list moves up), and
    deleting is left to the retention task and to staff with the permission.
    """

    # What staff look for first stays on screen at 1366 px: who, their status, which event.
    list_display = ["name", "status_and_turn", "event", "email", "organisation", "created_at"]
    list_filter = ["status", "language", ("event", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["event"]
    search_fields = [
        "name",
        "email",
        "organisation",
        "event__title_en",
        "event__title_ru",
        "event__title_kk",
        "event__slug",
    ]
    date_hierarchy = "created_at"
    actions = ["export_csv", "cancel", "reinstate"]
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
        "cancelled_by",
        "cancellation_message",
        "confirmation_sent_at",
        "promotion_sent_at",
        "reminder_sent_at",
        "cancellation_sent_at",
        "asked_again_at",
        "already_registered_sent_at",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).with_waiting_turn()

    @admin.display(description=_("status"), ordering="status")
    def status_and_turn(self, obj):
        if obj.waiting_turn:
            return _("%(status)s (no. %(turn)d)") % {
                "status": obj.get_status_display(),
                "turn": obj.waiting_turn,
            }
        return obj.get_status_display()

    def has_export_permission(self, request):
        return request.user.has_perm("registrations.view_registration") and request.user.has_perm(
            "registrations.export_registration"
        )

    @admin.action(description=_("Export selected registrations (CSV)"), permissions=["export"])
    def export_csv(self, request, queryset):
        return registrations_csv(queryset.select_related("event"))

    @admin.action(
        description=_("Cancel selected registrations (the waiting list moves up)…"),
        permissions=["change"],
    )
    def cancel(self, request, queryset):
        """Confirmed first, with a message that goes to each person by e-mail."""
        form = MessageForm(request.POST if "confirmed" in request.POST else None)
        if not form.is_valid():
            return confirmation(
                self,
                request,
                title=_("Cancel the registrations"),
                question=_(
                    "Cancel these registrations? Each person is told by e-mail, in their "
                    "language, and their places go to the waiting list."
                ),
                objects=queryset,
                form=form,
                action="cancel",
            )
        message = form.cleaned_data["message"]
        count = sum(
            services.cancel(registration, by=request.user, message=message)
            for registration in queryset
        )
        self.message_user(
            request,
            ngettext(
                "%(count)d registration cancelled; the person is being told.",
                "%(count)d registrations cancelled; the people are being told.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )
        return None

    def has_reinstate_permission(self, request):
        return request.user.has_perm("registrations.reinstate_registration")

    @admin.action(
        description=_("Reinstate selected cancelled registrations…"), permissions=["reinstate"]
    )
    def reinstate(self, request, queryset):
        """Undo cancellations: a place if one is free, else the waiting list in their old turn."""
        if "confirmed" not in request.POST:
            return confirmation(
                self,
                request,
                title=_("Reinstate the registrations"),
                question=_(
                    "Reinstate these registrations? Each person gets a place if one is free, "
                    "otherwise their old turn on the waiting list, and is told by e-mail."
                ),
                objects=queryset,
                form=forms.Form(),
                action="reinstate",
            )
        for registration in queryset:
            try:
                status = services.reinstate(registration)
            except services.CannotReinstate:
                self.message_user(
                    request,
                    _("%(registration)s is not cancelled, or its event is over: unchanged.")
                    % {"registration": registration},
                    messages.WARNING,
                )
                continue
            self.message_user(
                request,
                _("%(registration)s is reinstated: %(status)s.")
                % {"registration": registration, "status": RegistrationStatus(status).label},
                messages.SUCCESS,
            )
        return None


class MessageForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the person (optional)"),
        help_text=_("Added to the e-mail, in the language of their registration."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

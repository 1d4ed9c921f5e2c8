"""Membership applications in the admin: staff review, accept or decline them.

Accepting creates the member organisation (applications.services.accept);
the application's page says which English fields hold the applicant's
untranslated text.
"""

from django.contrib import admin, messages
from django.db import models
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from members.models import Organisation

from . import services
from .models import ApplicationStatus, MembershipApplication


def field_labels(names):
    """Organisation fields as staff read them, in the admin's language."""
    return ", ".join(str(Organisation._meta.get_field(name).verbose_name) for name in names)


class EnglishCopiedFilter(admin.SimpleListFilter):
    """Accepted applications whose organisation shows their Russian or Kazakh text in English."""

    title = _("English text")
    parameter_name = "english"

    def lookups(self, request, model_admin):
        return [("copied", _("Copied from the application's language"))]

    def queryset(self, request, queryset):
        if self.value() == "copied":
            return queryset.filter(status=ApplicationStatus.ACCEPTED).exclude(language="en")
        return queryset


@admin.register(MembershipApplication)
class MembershipApplicationAdmin(admin.ModelAdmin):
    """Applications arrive from the public form; staff accept or decline them here.

    Personal data: Django's view/change permissions on membership applications
    decide who sees them (the "Membership" group has both). Accepting also
    needs the permission to add organisations. While an application is open,
    staff may correct its text before accepting; once decided it is read-only.
    """

    list_display = ["name", "country", "kind", "contact_name", "language", "status", "created_at"]
    list_filter = ["status", "language", "country", "kind", EnglishCopiedFilter]
    list_select_related = ["country"]
    search_fields = ["name", "contact_name", "contact_email", "city"]
    date_hierarchy = "created_at"
    actions = ["start_review", "accept", "decline"]
    change_form_template = "admin/applications/membershipapplication/change_form.html"
    fieldsets = [
        (None, {"fields": ["status", "language", "created_at", "decision", "member_link"]}),
        (
            _("Organisation"),
            {
                "fields": [
                    "name",
                    "kind",
                    "country",
                    "city",
                    "website",
                    "description",
                    "mission",
                    "themes",
                ]
            },
        ),
        (
            _("Contact person"),
            {"fields": ["contact_name", "contact_email", "contact_phone", "consent_at"]},
        ),
        (
            _("E-mail"),
            {
                "fields": [
                    "staff_notified_at",
                    "acknowledged_at",
                    "decision_sent_at",
                    "asked_again_at",
                    "already_received_sent_at",
                ]
            },
        ),
    ]
    filter_horizontal = ["themes"]
    # Typed "example.org" is saved as https://example.org.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    META_FIELDS = [
        "status",
        "language",
        "created_at",
        "decision",
        "member_link",
        "contact_name",
        "contact_email",
        "contact_phone",
        "consent_at",
        "staff_notified_at",
        "acknowledged_at",
        "decision_sent_at",
        "asked_again_at",
        "already_received_sent_at",
    ]

    def get_readonly_fields(self, request, obj=None):
        if obj is None or obj.is_open:
            return self.META_FIELDS
        return [field for fieldset in self.fieldsets for field in fieldset[1]["fields"]]

    def has_add_permission(self, request):
        return False  # applications come from the public form

    def has_accept_permission(self, request):
        return self.has_change_permission(request) and request.user.has_perm(
            "members.add_organisation"
        )

    @admin.display(description=_("decision"))
    def decision(self, obj):
        if obj.decided_at is None:
            return "–"
        return _("%(status)s on %(date)s by %(user)s") % {
            "status": obj.get_status_display(),
            "date": formats.localize(timezone.localtime(obj.decided_at)),
            "user": obj.decided_by or "–",
        }

    @admin.display(description=_("member organisation"))
    def member_link(self, obj):
        if obj.organisation is None:
            return "–"
        url = reverse("admin:members_organisation_change", args=[obj.organisation.pk])
        copied = services.english_copied_fields(obj)
        if not copied:
            return format_html('<a href="{}">{}</a>', url, obj.organisation)
        return format_html(
            '<a href="{}">{}</a><br>{}',
            url,
            obj.organisation,
            _(
                "Its English fields (%(fields)s) hold the applicant's %(language)s text "
                "until they are translated."
            )
            % {"fields": field_labels(copied), "language": obj.get_language_display()},
        )

    # --- Decisions: list actions, and buttons on an open application's page --

    @admin.action(
        description=_("Mark selected applications as under review"), permissions=["change"]
    )
    def start_review(self, request, queryset):
        count = sum(services.start_review(application) for application in queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d application marked as under review.",
                "%(count)d applications marked as under review.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(
        description=_("Accept selected applications (creates the members, e-mails them)"),
        permissions=["accept"],
    )
    def accept(self, request, queryset):
        for application in queryset:
            self.accept_one(request, application)

    @admin.action(
        description=_("Decline selected applications (e-mails the applicants)"),
        permissions=["change"],
    )
    def decline(self, request, queryset):
        for application in queryset:
            self.decline_one(request, application)

    def accept_one(self, request, application):
        try:
            organisation = services.accept(application, by=request.user)
        except services.ApplicationClosed:
            self.already_decided(request, application)
            return
        application.refresh_from_db()
        message = _("%(name)s is now a member; the applicant is being told.") % {
            "name": organisation
        }
        if copied := services.english_copied_fields(application):
            message += " " + _(
                "Its English fields (%(fields)s) hold the %(language)s text of the application "
                "until they are translated."
            ) % {"fields": field_labels(copied), "language": application.get_language_display()}
        self.message_user(request, message, messages.SUCCESS)

    def decline_one(self, request, application):
        try:
            services.decline(application, by=request.user)
        except services.ApplicationClosed:
            self.already_decided(request, application)
            return
        self.message_user(
            request,
            _("The application of %(name)s is declined; the applicant is being told.")
            % {"name": application},
            messages.SUCCESS,
        )

    def already_decided(self, request, application):
        self.message_user(
            request,
            _("The application of %(name)s was already decided; nothing was changed.")
            % {"name": application},
            messages.WARNING,
        )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["can_decide"] = bool(obj and obj.is_open and self.has_change_permission(request))
        context["can_accept"] = context["can_decide"] and self.has_accept_permission(request)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def response_change(self, request, obj):
        if "_accept" in request.POST and self.has_accept_permission(request):
            self.accept_one(request, obj)
        elif "_decline" in request.POST and self.has_change_permission(request, obj):
            self.decline_one(request, obj)
        else:
            return super().response_change(request, obj)
        return HttpResponseRedirect(request.path)

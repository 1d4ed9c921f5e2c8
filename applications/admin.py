"""Membership applications in the admin: staff review, accept or decline them.

Accepting creates the member organisation (applications.services.accept);
the application's page says which English fields hold the applicant's
untranslated text.
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from members.duplicates import possible_duplicates
from members.models import Organisation
from toolkit.admin import Todo, admin_todo, confirmation

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
    save_on_top = True  # the decisions too (change_form.html): a phone need not scroll to them
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "status",
                    "language",
                    "created_at",
                    "decision",
                    "member_link",
                    "possible_duplicates",
                ]
            },
        ),
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
        "possible_duplicates",
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
        decided = _("%(status)s on %(date)s by %(user)s") % {
            "status": obj.get_status_display(),
            "date": formats.localize(timezone.localtime(obj.decided_at)),
            "user": obj.decided_by or "–",
        }
        if not obj.decision_message:
            return decided
        return format_html("{}<br>{}: «{}»", decided, _("Message"), obj.decision_message)

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

    @admin.display(description=_("may already exist as"))
    def possible_duplicates(self, obj):
        if obj is None or not obj.is_open:
            return "–"
        candidates = duplicates_of(obj)
        if not candidates:
            return _("No organisation with this name, short name, website or e-mail domain.")
        return format_html_join(
            mark_safe("<br>"),
            '<a href="{}">{}</a> ({}) · <a href="{}">{}</a>',
            (
                (
                    reverse("admin:members_organisation_change", args=[c.organisation.pk]),
                    c.organisation.display_name,
                    c.because,
                    decide_url(obj, "accept") + f"?member={c.organisation.pk}",
                    _("Accept as this organisation…"),
                )
                for c in candidates
            ),
        )

    # --- Decisions: each confirmed on a page of its own, with a message ------
    # The list actions and the buttons on an application's page lead there;
    # accept and decline e-mail the applicant, reopen takes a decision back.

    def get_urls(self):
        return [
            path(
                "<path:object_id>/decide/<str:decision>/",
                self.admin_site.admin_view(self.decide_view),
                name="applications_membershipapplication_decide",
            ),
            *super().get_urls(),
        ]

    def may(self, request, decision):
        if decision == "accept":
            return self.has_accept_permission(request)
        if decision == "decline":
            return self.has_change_permission(request)
        return request.user.has_perm("applications.reopen_membershipapplication")

    def decide_view(self, request, object_id, decision):
        if decision not in DECISIONS:
            raise Http404
        application = self.get_object(request, object_id)
        if application is None:
            raise Http404
        if not self.may(request, decision):
            raise PermissionDenied
        change_url = reverse("admin:applications_membershipapplication_change", args=[object_id])
        if application.is_open == (decision == "reopen"):
            self.not_applicable(request, application, decision)
            return HttpResponseRedirect(change_url)
        candidates = duplicates_of(application) if decision == "accept" else []
        form = DecisionForm(
            request.POST if request.method == "POST" else None,
            candidates=candidates,
            initial={"member": request.GET.get("member", "")},
        )
        if request.method == "POST" and form.is_valid():
            self.carry_out(request, application, decision, **form.cleaned_data)
            return HttpResponseRedirect(change_url)
        return self.confirmation(request, [application], decision, form)

    def confirmation(self, request, applications, decision, form):
        return confirmation(
            self,
            request,
            title=DECISIONS[decision],
            question=question(decision, len(applications)),
            objects=applications,
            form=form,
            action=decision,
        )

    def carry_out(self, request, application, decision, message="", member=None):
        if decision == "accept":
            self.accept_one(request, application, message, member)
        elif decision == "decline":
            self.decline_one(request, application, message)
        else:
            try:
                services.reopen(application)
            except services.ApplicationOpen:
                self.not_applicable(request, application, decision)
                return
            self.log_change(request, application, gettext("Reopened."))
            self.message_user(
                request,
                _("The application of %(name)s is open again; nobody was e-mailed.")
                % {"name": application},
                messages.SUCCESS,
            )

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
        description=_("Accept selected applications (creates the members, e-mails them)…"),
        permissions=["accept"],
    )
    def accept(self, request, queryset):
        return self.decide_selected(request, queryset, "accept")

    @admin.action(
        description=_("Decline selected applications (e-mails the applicants)…"),
        permissions=["change"],
    )
    def decline(self, request, queryset):
        return self.decide_selected(request, queryset, "decline")

    def decide_selected(self, request, queryset, decision):
        """The list's actions, confirmed on a page first (as Django's delete is).

        Accepting several at once never links to an existing member: an
        application that may duplicate one is left for its own page.
        """
        applications = list(queryset)
        form = DecisionForm(request.POST if "confirmed" in request.POST else None)
        if not form.is_valid():
            return self.confirmation(request, applications, decision, form)
        for application in applications:
            if decision == "accept" and application.is_open and duplicates_of(application):
                self.message_user(
                    request,
                    _("%(name)s may already exist as an organisation: decide on its own page.")
                    % {"name": application},
                    messages.WARNING,
                )
                continue
            self.carry_out(request, application, decision, message=form.cleaned_data["message"])
        return None

    def accept_one(self, request, application, message="", member=None):
        try:
            organisation = services.accept(
                application, by=request.user, message=message, member=member
            )
        except services.ApplicationClosed:
            self.not_applicable(request, application, "accept")
            return
        application.refresh_from_db()
        text = _("%(name)s is now a member; the applicant is being told.") % {"name": organisation}
        if copied := services.english_copied_fields(application):
            text += " " + _(
                "Its English fields (%(fields)s) hold the %(language)s text of the application "
                "until they are translated."
            ) % {"fields": field_labels(copied), "language": application.get_language_display()}
        self.message_user(request, text, messages.SUCCESS)

    def decline_one(self, request, application, message=""):
        try:
            services.decline(application, by=request.user, message=message)
        except services.ApplicationClosed:
            self.not_applicable(request, application, "decline")
            return
        self.message_user(
            request,
            _("The application of %(name)s is declined; the applicant is being told.")
            % {"name": application},
            messages.SUCCESS,
        )

    def not_applicable(self, request, application, decision):
        if decision == "reopen":
            text = _("The application of %(name)s is still open; nothing was changed.")
        else:
            text = _("The application of %(name)s was already decided; nothing was changed.")
        self.message_user(request, text % {"name": application}, messages.WARNING)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["can_decide"] = bool(obj and obj.is_open and self.has_change_permission(request))
        context["can_accept"] = context["can_decide"] and self.has_accept_permission(request)
        context["can_reopen"] = bool(obj and not obj.is_open and self.may(request, "reopen"))
        if obj is not None:
            context["reopen_url"] = decide_url(obj, "reopen")
        return super().render_change_form(request, context, add, change, form_url, obj)

    def response_change(self, request, obj):
        # The edits are saved; the decision is confirmed on its own page.
        if "_accept" in request.POST and self.has_accept_permission(request):
            return HttpResponseRedirect(decide_url(obj, "accept"))
        if "_decline" in request.POST and self.has_change_permission(request, obj):
            return HttpResponseRedirect(decide_url(obj, "decline"))
        return super().response_change(request, obj)


def question(decision, count):
    if decision == "accept":
        return ngettext(
            "Accept this application? The applicant is e-mailed in the language of the "
            "application.",
            "Accept these %(count)d applications? Each applicant is e-mailed in the language "
            "of their application.",
            count,
        ) % {"count": count}
    if decision == "decline":
        return ngettext(
            "Decline this application? The applicant is e-mailed in the language of the "
            "application.",
            "Decline these %(count)d applications? Each applicant is e-mailed in the language "
            "of their application.",
            count,
        ) % {"count": count}
    return gettext(
        'Reopen this application? It goes back to "under review" and nobody is e-mailed; the '
        "next decision sends its own e-mail. A member organisation the acceptance created "
        "stays: change or delete it on its own page."
    )


DECISIONS = {
    "accept": _("Accept the application"),
    "decline": _("Decline the application"),
    "reopen": _("Reopen the application"),
}


def decide_url(application, decision):
    return reverse(
        "admin:applications_membershipapplication_decide", args=[application.pk, decision]
    )


def duplicates_of(application):
    return possible_duplicates(
        application.name, website=application.website, email=application.contact_email
    )


class DecisionForm(forms.Form):
    member = forms.ModelChoiceField(
        Organisation.objects.none(),
        label=_("Member organisation"),
        required=False,
        empty_label=_("A new organisation, from the application"),
        widget=forms.RadioSelect,
    )
    message = forms.CharField(
        label=_("Message to the applicant (optional)"),
        help_text=_("Added to the e-mail, in the language of the application."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        if not candidates:
            del self.fields["member"]
            return
        member = self.fields["member"]
        member.queryset = Organisation.objects.filter(
            pk__in=[candidate.organisation.pk for candidate in candidates]
        )
        member.label = _("This organisation may already exist")
        member.help_text = "\n".join(
            gettext("%(name)s: found by %(reasons)s")
            % {"name": candidate.organisation.display_name, "reasons": candidate.because}
            for candidate in candidates
        )


@admin_todo
def applications_todo(request):
    """Open applications, and a warning when no staff member would hear of a new one."""
    if not request.user.has_perm("applications.view_membershipapplication"):
        return []
    todos = []
    waiting = MembershipApplication.objects.open().count()
    if waiting:
        todos.append(
            Todo(
                ngettext(
                    "%(count)d membership application waits for a decision",
                    "%(count)d membership applications wait for a decision",
                    waiting,
                )
                % {"count": waiting},
                reverse("admin:applications_membershipapplication_changelist")
                + "?status__in=received,under_review",
            )
        )
    if not services.membership_staff_emails():
        todos.append(Todo(str(no_recipient_warning()), warning=True))
    return todos


def no_recipient_warning():
    return _(
        'Nobody in the "%(group)s" group is active staff with an e-mail address: new '
        "membership applications are e-mailed to the site's ADMINS only, or to nobody."
    ) % {"group": settings.MEMBERSHIP_STAFF_GROUP}

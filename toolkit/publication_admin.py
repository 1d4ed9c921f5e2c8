"""Drafts in the admin: the list's column, filter and actions, Preview, the front page's counts.

A content model's admin inherits `PublicationAdmin` (toolkit.publication has
the model side) and lists `*PUBLICATION_ACTIONS` among its actions.
"""

from django.contrib import admin
from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import publication
from .admin import Todo, admin_todo
from .bulk import bulk_change, plain_form
from .cldr import format_day_time

PUBLISHED, DRAFT, SCHEDULED = "published", "draft", "scheduled"

# The bulk actions: names of PublicationAdmin's methods, for an admin's `actions`.
PUBLICATION_ACTIONS = ["publish_now", "make_draft"]


def state(record):
    """ "Published", "Draft" or "Scheduled for 22 April 2026, 10:00", in the admin's language."""
    if record.is_published:
        return _("Published")
    if record.is_scheduled:
        return _("Scheduled for %(moment)s") % {"moment": format_day_time(record.publish_at)}
    return _("Draft")


class PublicationFilter(admin.SimpleListFilter):
    title = _("publication")
    parameter_name = "publication"

    def lookups(self, request, model_admin):
        return [
            (PUBLISHED, _("Published")),
            (DRAFT, _("Drafts (scheduled or not)")),
            (SCHEDULED, _("Scheduled")),
        ]

    def queryset(self, request, queryset):
        if self.value() == PUBLISHED:
            return queryset.published()
        if self.value() == DRAFT:
            return queryset.drafts()
        if self.value() == SCHEDULED:
            return queryset.scheduled()
        return queryset


class PublicationAdmin:
    """The admin of a Publishable model: publication first on the form, in the list and its
    filters; "Publish now" and "Make draft" for many records; Preview on a draft's form."""

    publication_fieldset = (_("Publication"), {"fields": [("is_published", "publish_at")]})

    def get_fieldsets(self, request, obj=None):
        return [self.publication_fieldset, *super().get_fieldsets(request, obj)]

    def get_list_display(self, request):
        display = list(super().get_list_display(request))
        return [*display[:1], "publication", *display[1:]]

    def get_list_filter(self, request):
        return [PublicationFilter, *super().get_list_filter(request)]

    @admin.display(description=_("publication"), ordering="is_published")
    def publication(self, obj):
        return state(obj)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # A draft's public page, as readers will see it: only staff can open it (Preview).
        if obj is not None and obj.pk and not obj.is_published:
            context["draft_preview_url"] = obj.get_absolute_url()
        return super().render_change_form(request, context, add, change, form_url, obj)

    @admin.action(description=_("Publish now…"), permissions=["change"])
    def publish_now(self, request, queryset):
        return bulk_change(
            self,
            request,
            queryset,
            action="publish_now",
            title=_("Publish now"),
            question=_(
                "Publish the selected records now? Those that are drafts become public at "
                "once: on pages, lists, feeds, exports and the API."
            ),
            form=plain_form,
            change=lambda ids, _choice: publication.publish(self.model, ids),
        )

    @admin.action(description=_("Make draft…"), permissions=["change"])
    def make_draft(self, request, queryset):
        return bulk_change(
            self,
            request,
            queryset,
            action="make_draft",
            title=_("Make draft"),
            question=_(
                "Make drafts of the selected records? They leave every public page, list, "
                "feed, export and count at once, until someone publishes them again."
            ),
            form=plain_form,
            change=lambda ids, _choice: publication.unpublish(self.model, ids),
        )


@admin_todo
def drafts_todo(request):
    """The drafts of each kind of record the user may see, linked to the list of them."""
    todos = []
    for model, model_admin in admin.site._registry.items():
        if not issubclass(model, publication.Publishable):
            continue
        if not model_admin.has_view_permission(request):
            continue
        # One query: the drafts, and those of them with a moment to publish them.
        counts = model._default_manager.drafts().aggregate(
            count=Count("pk"), scheduled=Count("publish_at")
        )
        count, scheduled = counts["count"], counts["scheduled"]
        if not count:
            continue
        opts = model._meta
        text = ngettext(
            "%(records)s: %(count)d draft, not public",
            "%(records)s: %(count)d drafts, not public",
            count,
        ) % {"records": str(opts.verbose_name_plural).capitalize(), "count": count}
        if scheduled:
            text += " " + ngettext(
                "(%(count)d of them scheduled)", "(%(count)d of them scheduled)", scheduled
            ) % {"count": scheduled}
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        todos.append(Todo(text, f"{url}?publication={DRAFT}"))
    return todos

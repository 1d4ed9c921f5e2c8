"""What every content model's admin reuses: history, confirmation pages, the front page's to-do.

The history of each record (toolkit.history): versions, differences,
restoring. Translation states and translators' rights are translations.admin's.
"""

from contextlib import contextmanager, nullcontext
from dataclasses import dataclass

from django.contrib.admin import helpers
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext
from reversion_compare.admin import CompareVersionAdmin

from toolkit.history import mirrored_fields, record_versions


class HistoryAdmin(CompareVersionAdmin):
    """A content model's admin with its history: versions, their differences, restoring, recovering.

    The history page lists every version with its user, time and change
    message; two versions can be compared field by field; any version can be
    restored, and a deleted record recovered ("Recover deleted ..." on the list).
    """

    @property
    def compare_exclude(self):
        # Versions keep each language's column (name_en, name_ru, name_kk), not `name`; and
        # what staff cannot edit ("updated at") changes with every version the history dates.
        not_editable = [field.name for field in self.model._meta.fields if not field.editable]
        return [*mirrored_fields(self.model), *not_editable]

    @contextmanager
    def create_revision(self, request):
        """A revision around a form's save only (a record's form, or the list's editable cells).

        A GET saves nothing (so no transaction around every admin page), and an
        action on the list (delete selected) records each record itself.
        """
        runs_an_action = bool(request.POST.get("action")) and "_save" not in request.POST
        saves_a_form = request.method == "POST" and not runs_an_action
        with super().create_revision(request) if saves_a_form else nullcontext():
            yield

    def delete_model(self, request, obj):
        self.record_before_deleting(request, [obj])
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        self.record_before_deleting(request, queryset)
        super().delete_queryset(request, queryset)

    def record_before_deleting(self, request, objects):
        """Save each record's last state, so it can be recovered whoever made it and however.

        django-reversion records saves, not deletions: a record created outside
        the admin (an accepted application, the shell) would have no version.
        """
        record_versions(objects, gettext("Deleted."), user=request.user)


def confirmation(model_admin, request, *, title, question, objects, form, action):
    """The page that asks staff to confirm a step that e-mails someone or cannot be undone.

    Used by list actions (the selected rows go back as Django's delete page
    sends them) and by an object's own decision page alike.
    """
    opts = model_admin.model._meta
    context = {
        **model_admin.admin_site.each_context(request),
        "title": title,
        "question": question,
        "opts": opts,
        "objects": [
            (
                reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]),
                obj,
            )
            for obj in objects
        ],
        "form": form,
        "action": action,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/confirm_decision.html", context)


@dataclass(frozen=True)
class Todo:
    """A line on the admin's front page: what waits for staff, or what will go wrong."""

    text: str
    url: str = ""
    warning: bool = False


# Each app adds a function of the request that returns its Todo lines (admin_todo).
TODO_SOURCES = []


def admin_todo(source):
    TODO_SOURCES.append(source)
    return source


def todos_for(request):
    return [item for source in TODO_SOURCES for item in source(request)]


class LabelledAutocompleteView(AutocompleteJsonView):
    """Autocomplete results in the model admin's words (`autocomplete_label(obj)`), if it has any.

    Django labels each result with str(obj) alone: a name without its short
    name or country, a title without its dates, cannot tell two records apart.
    """

    def get_queryset(self):
        queryset = super().get_queryset()
        related = getattr(self.model_admin, "autocomplete_select_related", ())
        return queryset.select_related(*related) if related else queryset

    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        label = getattr(self.model_admin, "autocomplete_label", None)
        if label is not None:
            result["text"] = str(label(obj))
        return result

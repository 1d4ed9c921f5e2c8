"""Bulk actions on a changelist: confirm with a choice, change every selected record at once.

Staff pick the records, then an action ("Add a theme…"); a confirmation page
(toolkit.admin.confirmation) lists them with the choice to make; confirming
changes them all in one transaction, records each changed record in the
content history (one revision each, with what was done as its comment) and
says how many changed. The writes are a few queries whatever the number of
records: no save() per record, so what save() signals would do is done here
(the public pages' cache is made stale).
"""

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from toolkit import clock, history
from toolkit.admin import confirmation
from toolkit.cache import bump_content_version


class ChoiceForm(forms.Form):
    """The one choice a bulk action asks for (a theme, a country, a region)."""

    def __init__(self, *args, label, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["choice"] = forms.ModelChoiceField(queryset=queryset, label=label)


def bulk_change(model_admin, request, queryset, *, action, title, question, form, change):
    """The confirmation page, then `change(ids, choice)`, which returns the ids it changed.

    `form` is called with the POST data once staff confirm (None before);
    a form without a "choice" passes None to `change`.
    """
    bound = form(request.POST if "confirmed" in request.POST else None)
    if not bound.is_valid():
        return confirmation(
            model_admin,
            request,
            title=title,
            question=question,
            objects=queryset,
            form=bound,
            action=action,
        )
    choice = bound.cleaned_data.get("choice")
    model = queryset.model
    with transaction.atomic():
        changed = change(list(queryset.values_list("pk", flat=True)), choice)
        if changed:
            bump_content_version()
            records = model._default_manager.filter(pk__in=changed).prefetch_related(
                *history.prefetches(model)
            )
            comment = f"{title}: {choice}" if choice is not None else str(title)
            history.record_versions_in_bulk(records, comment, user=request.user)
    model_admin.message_user(
        request,
        ngettext("%(count)d record changed.", "%(count)d records changed.", len(changed))
        % {"count": len(changed)},
        messages.SUCCESS,
    )
    return None


def choice_form(label, queryset):
    return lambda data: ChoiceForm(data, label=label, queryset=queryset)


def plain_form(data):
    """A confirmation with nothing to choose (open registration)."""
    return forms.Form(data)


def adds_to(model, field_name):
    """A `change` that links the choice (a theme) to each record through the many-to-many field."""
    field = model._meta.get_field(field_name)
    through = field.remote_field.through
    source, target = field.m2m_field_name(), field.m2m_reverse_field_name()

    def change(ids, choice):
        linked = set(
            through.objects.filter(**{target: choice, f"{source}__in": ids}).values_list(
                f"{source}_id", flat=True
            )
        )
        new = [pk for pk in ids if pk not in linked]
        # From the choice's side: one insert, and one m2m_changed signal for all.
        getattr(choice, field.remote_field.get_accessor_name()).add(*new)
        return new

    return change


def removes_from(model, field_name):
    """A `change` that unlinks the choice (a theme) from each record that has it."""
    field = model._meta.get_field(field_name)
    through = field.remote_field.through
    source, target = field.m2m_field_name(), field.m2m_reverse_field_name()

    def change(ids, choice):
        linked = list(
            through.objects.filter(**{target: choice, f"{source}__in": ids}).values_list(
                f"{source}_id", flat=True
            )
        )
        getattr(choice, field.remote_field.get_accessor_name()).remove(*linked)
        return linked

    return change


def sets(model, field_name, value=None):
    """A `change` that sets a field to the choice (a country), or to `value` (True)."""

    def change(ids, choice):
        new = choice if value is None else value
        records = model._default_manager.filter(pk__in=ids)
        changed = list(records.exclude(**{field_name: new}).values_list("pk", flat=True))
        model._default_manager.filter(pk__in=changed).update(**{field_name: new})
        if changed:
            clock.tick(model)  # update() sends no signal: the API's validators learn of it here
        return changed

    return change


def theme_actions(model, themes):
    """ "Add a theme…" and "Remove a theme…" for a model with `themes`, as admin actions."""

    @admin.action(description=_("Add a theme…"), permissions=["change"])
    def add_theme(model_admin, request, queryset):
        return bulk_change(
            model_admin,
            request,
            queryset,
            action="add_theme",
            title=_("Add a theme"),
            question=_("Add this theme to the selected records?"),
            form=choice_form(_("theme"), themes),
            change=adds_to(model, "themes"),
        )

    @admin.action(description=_("Remove a theme…"), permissions=["change"])
    def remove_theme(model_admin, request, queryset):
        return bulk_change(
            model_admin,
            request,
            queryset,
            action="remove_theme",
            title=_("Remove a theme"),
            question=_("Remove this theme from the selected records (those that have it)?"),
            form=choice_form(_("theme"), themes),
            change=removes_from(model, "themes"),
        )

    return [add_theme, remove_theme]


def country_action(model, countries):
    """ "Set the country…" for a model with a `country`, as an admin action."""

    @admin.action(description=_("Set the country…"), permissions=["change"])
    def set_country(model_admin, request, queryset):
        return bulk_change(
            model_admin,
            request,
            queryset,
            action="set_country",
            title=_("Set the country"),
            question=_("Set this country on the selected records?"),
            form=choice_form(_("country"), countries),
            change=sets(model, "country"),
        )

    return set_country

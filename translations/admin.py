"""What every translated model's admin reuses: translation states, filters and translators' rights.

- A compact "Languages" column early in the list (each language: source, up to
  date, outdated or missing) and a "Translation" filter first in the sidebar
  (missing in kk, outdated in ru...).
- On the change form, each language tab is marked with its state; an outdated
  translation shows what changed in its source since (a word diff) and a link
  to confirm it is still right; a record needs its required fields in its
  source language only.
- Translators: members of "Translators (kk)" (and en, ru), without the model's
  own change permission, may change only their language's texts: every other
  field, and the other languages, are read-only beside them; they never add or
  delete, nor restore a version.
"""

from functools import reduce
from operator import or_

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q, prefetch_related_objects
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.fields import TranslationField

from toolkit.admin import Todo, admin_todo

from . import xliff
from .diff import word_diff
from .models import Status, TranslationState
from .registry import (
    LANGUAGES,
    SOURCE,
    column,
    field_source,
    field_values,
    has_source_language,
    source_language_of,
    translated_fields,
)
from .tracking import confirm, field_states, language_summary, states_by_record

# The groups a migration creates: "Translators (en)", "Translators (ru)", "Translators (kk)".
TRANSLATOR_GROUP = "Translators ({language})"

STATE_LABELS = {
    SOURCE: _("source language"),
    Status.CURRENT: _("up to date"),
    Status.OUTDATED: _("outdated"),
    Status.MISSING: _("missing"),
}
# Shown beside the language code, so that no state is told by colour alone.
STATE_SYMBOLS = {SOURCE: "◆", Status.CURRENT: "✓", Status.OUTDATED: "!", Status.MISSING: "✗"}


def language_name(code):
    return dict(settings.LANGUAGES)[code]


def translator_languages(user):
    """The languages `user` translates, by their translator groups (cached on the user)."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    if not hasattr(user, "_translator_languages"):
        names = {TRANSLATOR_GROUP.format(language=code): code for code in LANGUAGES}
        groups = user.groups.filter(name__in=names).values_list("name", flat=True)
        user._translator_languages = frozenset(names[name] for name in groups)
    return user._translator_languages


def translates_only(user, model):
    """The languages a translator may change on `model`; None for anyone not limited to them.

    A translator who also holds the model's own change permission (or is a
    superuser) edits as any staff member does.
    """
    if not has_source_language(model):
        return None  # reference data (countries, themes) is not translators' to change
    if not user.is_active or not user.is_staff or user.is_superuser:
        return None
    opts = model._meta
    if user.has_perm(f"{opts.app_label}.change_{opts.model_name}"):
        return None
    return translator_languages(user) or None


def editable_columns(model, languages):
    return {column(field, code) for field in translated_fields(model) for code in languages}


def all_field_names(model):
    """Every editable field's name, each language's column in place of a translated field.

    (modeltranslation reads a translated field's own name as all its columns.)
    """
    originals = set(translated_fields(model))
    return [
        field.name
        for field in [*model._meta.fields, *model._meta.many_to_many]
        if field.editable and not field.auto_created and field.name not in originals
    ]


def missing_translation(model, language):
    """A Q for the records with a field that has text in another language but none in `language`."""
    conditions = []
    for field in translated_fields(model):
        target = column(field, language)
        empty = Q(**{target: ""}) | Q(**{f"{target}__isnull": True})
        # `__gt=""` is "neither NULL nor empty" in one comparison.
        elsewhere = reduce(
            or_, [Q(**{f"{column(field, code)}__gt": ""}) for code in LANGUAGES if code != language]
        )
        conditions.append(empty & elsewhere)
    return reduce(or_, conditions)


def outdated_translation(model, language):
    """An Exists for the records with a translation into `language` whose source changed since."""
    return Exists(
        TranslationState.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            object_id=OuterRef("pk"),
            language=language,
            status=Status.OUTDATED,
        )
    )


def outdated_annotations(model):
    """{"outdated_in_kk": Exists(...)} per language, for a list's own query."""
    return {f"outdated_in_{code}": outdated_translation(model, code) for code in LANGUAGES}


def complete_languages(obj):
    """The languages `obj` is complete in: no field misses its text there."""
    summary = language_summary(field_states(obj))
    return [code for code, state in summary.items() if state != Status.MISSING]


class TranslationFilter(admin.SimpleListFilter):
    title = _("translation")
    parameter_name = "translation"

    def lookups(self, request, model_admin):
        return [
            *(
                (
                    f"missing-{code}",
                    _("Missing in %(language)s") % {"language": language_name(code)},
                )
                for code in LANGUAGES
            ),
            *(
                (
                    f"outdated-{code}",
                    _("Outdated in %(language)s") % {"language": language_name(code)},
                )
                for code in LANGUAGES
            ),
        ]

    def queryset(self, request, queryset):
        state, _dash, language = (self.value() or "").partition("-")
        if language not in LANGUAGES:
            return queryset
        if state == "missing":
            return queryset.filter(missing_translation(queryset.model, language))
        if state == "outdated":
            return queryset.filter(outdated_translation(queryset.model, language))
        return queryset


def state_badges(summary):
    """'EN◆ RU✓ KK✗' with each language's state in words for screen readers and tooltips."""
    return format_html_join(
        " ",
        '<span class="translation-badge translation-{}" title="{}">{}<span aria-hidden="true">'
        "{}</span></span>",
        (
            (
                state,
                f"{language_name(code)}: {STATE_LABELS[state]}",
                code.upper(),
                STATE_SYMBOLS[state],
            )
            for code, state in summary.items()
            if state is not None
        ),
    )


class TranslatorRights:
    """Translators change their language's texts only, server-side (shared by forms and inlines)."""

    def translator_languages(self, request):
        return translates_only(request.user, self.rights_model)

    @property
    def rights_model(self):
        return getattr(self, "parent_model", None) or self.model

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) or bool(self.translator_languages(request))

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) or bool(
            self.translator_languages(request)
        )

    def has_add_permission(self, request, *args):
        if self.translator_languages(request):
            return False
        return super().has_add_permission(request, *args)

    def has_delete_permission(self, request, obj=None):
        if self.translator_languages(request):
            return False
        return super().has_delete_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        languages = self.translator_languages(request)
        if not languages:
            return readonly
        own = editable_columns(self.model, languages)
        return [*readonly, *(name for name in all_field_names(self.model) if name not in own)]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None and isinstance(db_field, TranslationField):
            # The switcher names each language in the admin's language (admin_tabs.js).
            field.widget.attrs["data-language"] = db_field.language
            field.widget.attrs["data-language-name"] = str(language_name(db_field.language))
        if (
            field is not None
            and isinstance(db_field, TranslationField)
            and has_source_language(self.model)
        ):
            # No language is required as such: the model asks for its source language.
            field.required = False
            # The words before the one language switcher beside the heading (admin_tabs.js).
            field.widget.attrs["data-switcher-label"] = gettext("Editing language")
        return field


class TranslatedInlineMixin(TranslatorRights):
    """For the translated inlines (outcomes, participations' notes, contact people's roles).

    A part's required text (an outcome's) is required in its record's source language.
    """

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        required = [
            name
            for name in translated_fields(self.model)
            if not self.model._meta.get_field(name).blank
        ]
        if not required or obj is None or self.translator_languages(request):
            return formset
        source = source_language_of(obj)

        class SourceLanguageForm(formset.form):
            def clean(self):
                cleaned = super().clean()
                for name in required:
                    own = column(name, source)
                    if own in self.fields and not cleaned.get(own):
                        self.add_error(own, _("Required in the source language."))
                return cleaned

        formset.form = SourceLanguageForm
        return formset


class TranslationStatusMixin(TranslatorRights):
    """A translated model's admin: states in the list and on the form, translators' rights."""

    class Media:
        css = {"all": ["translations/admin.css"]}
        # After modeltranslation's tabs: listed together so that the admin keeps the order.
        js = ["modeltranslation/js/tabbed_translation_fields.js", "translations/admin_tabs.js"]

    def get_list_display(self, request):
        display = list(super().get_list_display(request))
        # Early, beside the name: visible on a 1366 px screen whatever follows.
        return [*display[:1], "translation_state", *display[1:]]

    def get_list_filter(self, request):
        return [TranslationFilter, *super().get_list_filter(request)]

    def get_changelist(self, request, **kwargs):
        changelist = super().get_changelist(request, **kwargs)
        model = self.model

        class TranslationChangeList(changelist):
            def get_queryset(self, request, exclude_parameters=None):
                # Whether each language has an outdated field: in the page's own query.
                return (
                    super()
                    .get_queryset(request, exclude_parameters)
                    .annotate(**outdated_annotations(model))
                )

        return TranslationChangeList

    @admin.display(description=_("Languages"))
    def translation_state(self, obj):
        # The columns tell missing and source; the page query's annotations tell outdated.
        summary = language_summary(field_states(obj, rows=[]))
        for code, state in summary.items():
            if state == Status.CURRENT and getattr(obj, f"outdated_in_{code}", False):
                summary[code] = Status.OUTDATED
        return state_badges(summary)

    def has_module_permission(self, request):
        return super().has_module_permission(request) or bool(translator_languages(request.user))

    def get_actions(self, request):
        # Every list action changes something other than a text (themes, countries...).
        if self.translator_languages(request):
            return {}
        return super().get_actions(request)

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/confirm-translation/<str:part>/<int:part_id>/<str:field>/<str:language>/",
                self.admin_site.admin_view(self.confirm_translation_view),
                name=f"{opts.app_label}_{opts.model_name}_confirm_translation",
            ),
            *super().get_urls(),
        ]

    # --- The change form ------------------------------------------------------------

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        languages = self.translator_languages(request)
        if obj is not None and obj.pk:
            self.mark_form(context["adminform"].form, obj, obj, languages)
            for inline_formset in context.get("inline_admin_formsets", []):
                formset = inline_formset.formset
                part_model = formset.model
                if not self.is_translated(part_model):
                    continue
                known = [form.instance.pk for form in formset.forms if form.instance.pk]
                rows = states_by_record(part_model, known)
                for form in formset.forms:
                    if form.instance.pk:
                        self.mark_form(form, obj, form.instance, languages, rows[form.instance.pk])
        if languages:
            context["translator_languages"] = sorted(languages)
        return super().render_change_form(request, context, add, change, form_url, obj)

    @staticmethod
    def is_translated(model):
        from .registry import tracked_models

        return model in tracked_models()

    def mark_form(self, form, record, obj, languages, rows=None):
        """Each language's widget tells its state (for the tab script) and, below it, what to do."""
        states = field_states(obj, rows)
        source = source_language_of(obj)
        row_by_key = {(row.field, row.language): row for row in (rows or [])}
        if rows is None:
            row_by_key = {
                (row.field, row.language): row for row in TranslationState.objects.of(obj)
            }
        for field, by_language in states.items():
            values = field_values(obj, field)
            src = field_source(values, source)
            for code, state in by_language.items():
                name = column(field, code)
                if state is None or name not in form.fields:
                    continue
                form_field = form.fields[name]
                attrs = form_field.widget.attrs
                attrs["data-translation-state"] = state
                attrs["data-translation-label"] = str(STATE_LABELS[state])
                if languages and code in languages:
                    attrs["data-editing-language"] = code
                note = self.state_help(
                    record, obj, field, code, state, src, values, row_by_key.get((field, code))
                )
                original = form_field.help_text
                form_field.help_text = format_html("{}<br>{}", original, note) if original else note

    def state_help(self, record, obj, field, code, state, src, values, row):
        if state == SOURCE:
            return format_html(
                '<span class="translation-note">{}</span>',
                _("Source language: the other languages are translated from this text."),
            )
        if state == Status.MISSING:
            return format_html(
                '<span class="translation-note translation-missing">{}</span>',
                _("Missing: not yet translated from %(language)s.")
                % {"language": language_name(src)},
            )
        if state == Status.CURRENT:
            return format_html(
                '<span class="translation-note translation-current">{}</span>',
                _("Up to date with the %(language)s source.") % {"language": language_name(src)},
            )
        opts = obj._meta
        url = reverse(
            f"admin:{record._meta.app_label}_{record._meta.model_name}_confirm_translation",
            args=[record.pk, f"{opts.app_label}.{opts.model_name}", obj.pk, field, code],
        )
        return format_html(
            '<span class="translation-note translation-outdated">{}</span>'
            '<span class="translation-diff">{}</span> <a href="{}">{}</a>',
            _("Outdated: the %(language)s source changed since this translation:")
            % {"language": language_name(src)},
            word_diff(row.based_on if row else "", values[src]),
            url,
            _("Confirm the translation is still right"),
        )

    def confirm_translation_view(self, request, object_id, part, part_id, field, language):
        record = self.get_object(request, object_id)
        if record is None:
            raise Http404
        if not self.has_change_permission(request, record):
            raise PermissionDenied
        languages = self.translator_languages(request)
        if language not in LANGUAGES or (languages and language not in languages):
            raise PermissionDenied
        obj = self.confirmed_object(record, part, part_id)
        if field not in translated_fields(type(obj)):
            raise Http404
        values = field_values(obj, field)
        src = field_source(values, source_language_of(obj))
        opts = self.model._meta
        change_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])
        if request.method == "POST":
            if confirm(obj, field, language):
                self.message_user(
                    request,
                    _("The %(language)s %(field)s is marked up to date.")
                    % {
                        "language": language_name(language),
                        "field": type(obj)._meta.get_field(field).verbose_name,
                    },
                    messages.SUCCESS,
                )
            return HttpResponseRedirect(change_url)
        row = TranslationState.objects.of(obj).filter(field=field, language=language).first()
        context = {
            **self.admin_site.each_context(request),
            "opts": opts,
            "original": record,
            "title": gettext("Confirm a translation"),
            "field_name": type(obj)._meta.get_field(field).verbose_name,
            "language_name": language_name(language),
            "source_language_name": language_name(src) if src else "",
            "language": language,
            "source_language": src,
            "source_text": values[src] if src else "",
            "translation": values[language],
            "diff": word_diff(row.based_on if row else "", values[src] if src else ""),
            "change_url": change_url,
        }
        return TemplateResponse(request, "admin/translations/confirm_translation.html", context)

    def confirmed_object(self, record, part, part_id):
        """The record itself, or one of its parts edited inline (an outcome, a participation)."""
        if part == record._meta.label_lower and part_id == record.pk:
            return record
        for inline in self.inlines:
            model = inline.model
            if model._meta.label_lower != part:
                continue
            for relation in model._meta.fields:
                if relation.is_relation and relation.related_model is type(record):
                    found = model._default_manager.filter(pk=part_id, **{relation.name: record})
                    if obj := found.first():
                        return obj
        raise Http404

    # --- What translators may not reach ------------------------------------------------

    def revision_view(self, request, *args, **kwargs):
        if self.translator_languages(request):
            raise PermissionDenied
        return super().revision_view(request, *args, **kwargs)

    def recover_view(self, request, *args, **kwargs):
        if self.translator_languages(request):
            raise PermissionDenied
        return super().recover_view(request, *args, **kwargs)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if "source_language" in form.base_fields:
            # A form sent without it (a script) keeps the record's, or the default, language.
            form.base_fields["source_language"].required = False
        if "slug" in form.base_fields:
            form.base_fields["slug"].required = False
            form.base_fields["slug"].help_text = _(
                "Left empty, it is made from the name or title in the source language."
            )
        return form


# --- The translation dashboard ---------------------------------------------------------


def may_see_dashboard(user):
    return (
        user.is_active
        and user.is_staff
        and (
            user.is_superuser
            or bool(translator_languages(user))
            or user.has_perm("translations.view_translationstate")
        )
    )


def record_link(obj):
    """(label, admin address) of the record a state belongs to: a part links to its parent."""
    shown = obj
    parent_name = getattr(type(obj), "translation_parent", None)
    if parent_name:
        shown = getattr(obj, parent_name)
    opts = shown._meta
    try:
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[shown.pk])
    except NoReverseMatch:
        url = ""
    label = str(shown) if shown is obj else f"{shown} › {opts_name(obj)}"
    return label, url


def opts_name(obj):
    return str(obj._meta.verbose_name)


def prefetch_parents(records):
    """The parents of parts (an outcome's event) in one query per kind, for their links."""
    by_model = {}
    for record in records:
        by_model.setdefault(type(record), []).append(record)
    for model, same in by_model.items():
        if parent_name := getattr(model, "translation_parent", None):
            prefetch_related_objects(same, parent_name)


class PendingItem:
    """One line of the dashboard: a field of a record, missing or outdated in the language."""

    def __init__(self, row):
        self.row = row
        obj = row.record
        self.label, self.url = record_link(obj)
        self.kind = obj._meta.verbose_name
        self.field = obj._meta.get_field(row.field).verbose_name
        self.state = STATE_LABELS[row.status]
        values = field_values(obj, row.field)
        source = field_source(values, source_language_of(obj))
        self.source_language = source
        self.diff = (
            word_diff(row.based_on, values[source])
            if row.status == Status.OUTDATED and source
            else ""
        )


@admin.register(TranslationState)
class TranslationStateAdmin(admin.ModelAdmin):
    """The translation dashboard: each language's pending work, with counts, newest first.

    No record is edited here: each line links to the form where it is translated.
    """

    PER_PAGE = 50

    def has_module_permission(self, request):
        return may_see_dashboard(request.user)

    def has_view_permission(self, request, obj=None):
        return may_see_dashboard(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        return [
            path(
                "dashboard/<str:language>/",
                self.admin_site.admin_view(self.dashboard_view),
                name="translations_dashboard",
            ),
            path(
                "dashboard/<str:language>/xliff/",
                self.admin_site.admin_view(self.export_view),
                name="translations_export",
            ),
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="translations_import",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        own = sorted(translator_languages(request.user))
        language = own[0] if own else (get_language() if get_language() in LANGUAGES else "en")
        return HttpResponseRedirect(reverse("admin:translations_dashboard", args=[language]))

    def dashboard_view(self, request, language):
        if not self.has_view_permission(request):
            raise PermissionDenied
        if language not in LANGUAGES:
            raise Http404
        pending = TranslationState.objects.pending().filter(language=language)
        counts = {}
        for content_type_id, status, count in (
            pending.order_by()
            .values_list("content_type", "status")
            .annotate(count=Count("pk"))
            .values_list("content_type", "status", "count")
        ):
            counts.setdefault(content_type_id, {})[status] = count
        content_types = ContentType.objects.in_bulk(list(counts))
        table = sorted(
            (
                (
                    content_types[pk].model_class()._meta.verbose_name_plural
                    if content_types[pk].model_class()
                    else content_types[pk].model,
                    by_status.get(Status.MISSING, 0),
                    by_status.get(Status.OUTDATED, 0),
                )
                for pk, by_status in counts.items()
            ),
            key=lambda line: str(line[0]),
        )
        paginator = Paginator(
            pending.select_related("content_type").order_by("-changed_at", "pk"), self.PER_PAGE
        )
        page = paginator.get_page(request.GET.get("page"))
        rows = list(page.object_list)
        prefetch_related_objects(rows, "record")
        rows = [row for row in rows if row.record is not None]
        prefetch_parents([row.record for row in rows])
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Translations into %(language)s") % {"language": language_name(language)},
            "language": language,
            "languages": [(code, language_name(code)) for code in LANGUAGES],
            "table": table,
            "total_missing": sum(line[1] for line in table),
            "total_outdated": sum(line[2] for line in table),
            "items": [PendingItem(row) for row in rows],
            "page": page,
        }
        return TemplateResponse(request, "admin/translations/dashboard.html", context)

    def export_view(self, request, language):
        """The language's texts as an XLIFF 1.2 download (?pending=1: only what is pending)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        if language not in LANGUAGES:
            raise Http404
        pending = request.GET.get("pending") == "1"
        document = xliff.export(language, only_pending=pending)
        response = HttpResponse(document, content_type="application/x-xliff+xml; charset=utf-8")
        name = f"tsako-{language}{'-pending' if pending else ''}.xlf"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    SESSION_KEY = "translations-xliff-import"

    def import_view(self, request):
        """Upload an XLIFF file, see what it would change, then confirm: all of it or nothing."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import translations (XLIFF)"),
            "form": XliffUploadForm(),
        }

        def may_translate(model, language):
            own = translates_only(request.user, model)
            if own is not None:
                return language in own
            opts = model._meta
            return request.user.has_perm(f"{opts.app_label}.change_{opts.model_name}")

        if request.method == "POST" and "confirm" in request.POST:
            data = request.session.pop(self.SESSION_KEY, None)
            if data is None:
                raise Http404
            # Checked again: a source may have changed since the preview.
            result = xliff.plan(data.encode("utf-8"), may_translate=may_translate)
            if result.ok:
                written, confirmed = xliff.apply(result)
                self.message_user(
                    request,
                    _("Imported: %(written)d translations written, %(confirmed)d confirmed.")
                    % {"written": written, "confirmed": confirmed},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(
                    reverse("admin:translations_dashboard", args=[result.language])
                )
            context["result"] = result
            return TemplateResponse(request, "admin/translations/import.html", context)
        if request.method == "POST":
            form = XliffUploadForm(request.POST, request.FILES)
            context["form"] = form
            if form.is_valid():
                data = form.cleaned_data["file"]
                try:
                    result = xliff.plan(data, may_translate=may_translate)
                except xliff.XliffError as error:
                    form.add_error("file", str(error))
                else:
                    context["result"] = result
                    context["changes"] = [
                        (change, word_diff(change.before, change.after))
                        for change in result.changes
                    ]
                    if result.ok:
                        request.session[self.SESSION_KEY] = data.decode("utf-8")
        return TemplateResponse(request, "admin/translations/import.html", context)


class XliffUploadForm(forms.Form):
    file = forms.FileField(
        label=_("XLIFF file"),
        help_text=_("An XLIFF 1.2 file exported here and translated in a CAT tool."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > xliff.MAX_BYTES:
            raise forms.ValidationError(_("The file is too large."))
        data = upload.read()
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as error:
            raise forms.ValidationError(_("The file is not UTF-8 text.")) from error
        return data


@admin_todo
def translations_todo(request):
    """Texts waiting for a translation, per language, each linked to the dashboard.

    A translator's own languages; every language for other staff who may see the
    dashboard. One query.
    """
    user = request.user
    if not may_see_dashboard(user):
        return []
    mine = translator_languages(user)
    languages = [code for code in LANGUAGES if not mine or code in mine]
    pending = TranslationState.objects.pending().filter(language__in=languages).order_by()
    counts = dict(pending.values_list("language").annotate(count=Count("pk")))
    todos = []
    for code in languages:
        count = counts.get(code, 0)
        if count:
            todos.append(
                Todo(
                    ngettext(
                        "%(count)d text waits for its %(language)s translation",
                        "%(count)d texts wait for their %(language)s translation",
                        count,
                    )
                    % {"count": count, "language": language_name(code)},
                    reverse("admin:translations_dashboard", args=[code]),
                )
            )
    return todos

"""Spreadsheet import and export in the admin (django-import-export), for any content model.

What the apps' resources (members/resources.py, events/..., initiatives/...)
share, and the admin mixin that puts "Import" and "Export" on a changelist:

- CSV and XLSX only, both through the spreadsheet guard of toolkit.spreadsheets
  (a cell starting with = + - @ is exported with an apostrophe, and that
  apostrophe is dropped again on import, so an export imports as it was).
- One column per language for each translated field (`title_en`, `title_ru`,
  `title_kk`): `localized()` names them.
- Relations by their natural keys (a country's code, a theme's slug): an
  unknown key is an error of its row, not a silently dropped link.
- Each row is checked by the model's full_clean(); the whole file is one
  transaction, rolled back if any row fails, in the preview (a dry run) and
  in the import itself.
- Each import is recorded in the content history, one revision per record
  (toolkit.history), with the comment "Imported from FILE".
"""

import tablib
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Max
from django.shortcuts import redirect
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources, widgets
from import_export.admin import ImportExportMixin
from import_export.formats import base_formats
from import_export.results import RowResult
from modeltranslation import settings as mt_settings
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname

from toolkit import history
from toolkit.spreadsheets import cell, unguarded


def localized(model, *names):
    """Field names with each translated one as a column per language: title_en, title_ru, ..."""
    translated = (
        translator.get_options_for_model(model).fields
        if model in translator.get_registered_models()
        else ()
    )
    columns = []
    for name in names:
        if name in translated:
            columns += [
                build_localized_fieldname(name, code) for code in mt_settings.AVAILABLE_LANGUAGES
            ]
        else:
            columns.append(name)
    return columns


def _guarded(dataset):
    """A copy of `dataset` whose text cells a spreadsheet will not run as formulas."""
    rows = [[cell(value) if type(value) is str else value for value in row] for row in dataset]
    return tablib.Dataset(*rows, headers=dataset.headers)


def _unguarded(dataset):
    rows = [[unguarded(value) for value in row] for row in dataset]
    return tablib.Dataset(*rows, headers=dataset.headers)


class SafeCSV(base_formats.CSV):
    """CSV through the spreadsheet guard; the admin writes it with a byte order mark."""

    def export_data(self, dataset, **kwargs):
        return super().export_data(_guarded(dataset), **kwargs)

    def create_dataset(self, in_stream, **kwargs):
        return _unguarded(super().create_dataset(in_stream, **kwargs))


class SafeXLSX(base_formats.XLSX):
    """XLSX through the same guard: openpyxl writes a text starting with "=" as a formula."""

    def export_data(self, dataset, **kwargs):
        return super().export_data(_guarded(dataset), **kwargs)

    def create_dataset(self, in_stream):
        return _unguarded(super().create_dataset(in_stream))


FORMATS = [SafeCSV, SafeXLSX]


class KeyWidget(widgets.ForeignKeyWidget):
    """A related record by its key (a country's code); an unknown key is the row's error."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, str):
            value = value.strip()
        try:
            return super().clean(value, row, **kwargs)
        except self.model.DoesNotExist:
            raise ValueError(
                gettext("No %(model)s has the %(key)s “%(value)s”.")
                % {
                    "model": self.model._meta.verbose_name,
                    "key": self.model._meta.get_field(self.field).verbose_name,
                    "value": value,
                }
            ) from None


class Listed(list):
    """Records read from prefetched rows, answering .all() as a related manager does."""

    def all(self):
        return self


class KeysWidget(widgets.ManyToManyWidget):
    """Related records by their keys, comma-separated ("climate-education, youth")."""

    def __init__(self, model, field):
        super().__init__(model, separator=",", field=field)

    def clean(self, value, row=None, **kwargs):
        found = super().clean(value, row, **kwargs)
        if not value:
            return found
        keys = [key.strip() for key in str(value).split(self.separator) if key.strip()]
        known = {str(getattr(obj, self.field)) for obj in found}
        unknown = [key for key in keys if key not in known]
        if unknown:
            raise ValueError(
                gettext("No %(model)s has the %(key)s “%(value)s”.")
                % {
                    "model": self.model._meta.verbose_name,
                    "key": self.model._meta.get_field(self.field).verbose_name,
                    "value": ", ".join(unknown),
                }
            )
        return found


def keys_field(model, name, key):
    """A many-to-many field (themes) as its records' keys."""
    return fields.Field(attribute=name, column_name=name, widget=KeysWidget(model, key))


def key_field(model, name, key):
    """A foreign key (country, parent) as its record's key."""
    return fields.Field(attribute=name, column_name=name, widget=KeyWidget(model, key))


class LinksField(fields.Field):
    """The records linked through rows of a model of their own (participations, shares).

    Exported as the linked records' keys; on import the links the column no
    longer names are deleted and the new ones added (after the record is
    saved, as many-to-many fields are), and those kept keep their notes and
    shares. `kind` narrows the links to one sort (a role).
    """

    def __init__(self, column_name, accessor, target, key, kind=None):
        self.accessor, self.target, self.kind = accessor, target, kind or {}
        self.link_model = None  # known once the resource binds the field (ModelResource)
        super().__init__(
            attribute=column_name,
            column_name=column_name,
            widget=KeysWidget(None, key),
        )

    def bind(self, model):
        """Called by ContentResource: the link model, and the linked one the widget looks up."""
        self.link_model = model._meta.get_field(self.accessor).related_model
        self.widget.model = self.link_model._meta.get_field(self.target).related_model

    def links(self, obj):
        manager = getattr(obj, self.accessor)
        prefetched = self.accessor in getattr(obj, "_prefetched_objects_cache", {})
        rows = manager.all() if prefetched else manager.select_related(self.target)
        return [
            link
            for link in rows
            if all(getattr(link, name) == value for name, value in self.kind.items())
        ]

    def get_value(self, obj):
        if obj.pk is None:
            return Listed()
        return Listed(getattr(link, self.target) for link in self.links(obj))

    def save(self, instance, row, is_m2m=False, **kwargs):
        if self.readonly or not is_m2m:
            return
        wanted = list(self.clean(row, **kwargs))
        current = self.links(instance)
        for link in current:
            if getattr(link, self.target) not in wanted:
                link.delete()  # each by itself: signals keep what is derived from links
        kept = {getattr(link, f"{self.target}_id") for link in current}
        manager = getattr(instance, self.accessor)
        numbered = any(field.name == "position" for field in self.link_model._meta.fields)
        position = (manager.aggregate(last=Max("position"))["last"] or 0) + 1 if numbered else 0
        for obj in wanted:
            if obj.pk in kept:
                continue
            extra = {"position": position} if numbered else {}
            manager.create(**{self.target: obj}, **self.kind, **extra)
            position += 1


def _or_empty(value):
    return "" if value is None else value


class ContentResource(resources.ModelResource):
    """A content model's rows: validated, all or nothing, unchanged rows shown as skipped."""

    # Attributes set on every such resource's Meta by the apps.
    class Meta:
        clean_model_instances = True
        use_transactions = True
        skip_unchanged = True
        report_skipped = True
        import_id_fields = ["slug"]

    # A column a resource offers for the preview beside the changes (possible duplicates).
    has_candidates = False

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        for field in self.fields.values():
            if isinstance(field, LinksField):
                field.bind(self._meta.model)

    def related_fields(self):
        return [
            field
            for field in self.get_import_fields()
            if isinstance(field.widget, widgets.ManyToManyWidget)
        ]

    def import_instance(self, instance, row, **kwargs):
        """Every column's errors at once, the many-to-many keys' too (saved only later)."""
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for field in self.related_fields():
            if field.column_name not in row:
                continue
            try:
                field.clean(row, **kwargs)
            except ValueError as error:
                errors[field.attribute] = ValidationError(str(error), code="invalid")
        if errors:
            raise ValidationError(errors)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """Unchanged: every column as stored, an empty cell being no text (NULL or "").

        django-import-export's own check tells "" from NULL, and modeltranslation's
        columns of the other languages are nullable: a record exported and imported
        again would count as changed.
        """
        if import_validation_errors or original.pk is None:
            return False
        for field in self.get_import_fields():
            if field.column_name not in row:
                continue
            if isinstance(field.widget, widgets.ManyToManyWidget):
                new = sorted(obj.pk for obj in field.clean(row))
                old = sorted(obj.pk for obj in field.get_value(original).all())
                if new != old:
                    return False
            elif _or_empty(field.get_value(instance)) != _or_empty(field.get_value(original)):
                return False
        return True

    def filter_export(self, queryset, **kwargs):
        """The related records of every exported record in a few queries, not per record."""
        joined, lookups = [], []
        for field in self.get_export_fields():
            if isinstance(field, LinksField):
                lookups.append(f"{field.accessor}__{field.target}")
            elif isinstance(field.widget, widgets.ManyToManyWidget):
                lookups.append(field.attribute)
            elif isinstance(field.widget, widgets.ForeignKeyWidget):
                joined.append(field.attribute)
        queryset = super().filter_export(queryset, **kwargs)
        return queryset.select_related(*joined).prefetch_related(*lookups)

    def after_import(self, dataset, result, **kwargs):
        """Record the imported records in the content history (not in the dry run)."""
        super().after_import(dataset, result, **kwargs)
        result.has_candidates = any(getattr(row, "candidates", None) for row in result.rows)
        if kwargs.get("dry_run") or result.has_errors() or result.has_validation_errors():
            return
        changed = [
            row.object_id
            for row in result.rows
            if row.import_type in (RowResult.IMPORT_TYPE_NEW, RowResult.IMPORT_TYPE_UPDATE)
        ]
        model = self._meta.model
        records = model._default_manager.filter(pk__in=changed).prefetch_related(
            *history.prefetches(model)
        )
        comment = gettext("Imported from %(file)s") % {"file": kwargs.get("file_name") or "?"}
        history.record_versions_in_bulk(records, comment, user=kwargs.get("user"))


class ImportExportAdmin(ImportExportMixin):
    """Import and Export on a content model's changelist, with the rules above.

    Import needs the permissions to add and to change; export, to view. The
    export is of the list as filtered and searched (django-import-export reads
    the changelist's query string).
    """

    formats = FORMATS
    from_encoding = "utf-8-sig"
    to_encoding = "utf-8-sig"  # a byte order mark: spreadsheets then read Cyrillic as UTF-8
    import_template_name = "admin/import_export/import_preview.html"
    import_error_display = ("message",)

    def has_import_permission(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def get_import_data_kwargs(self, **kwargs):
        # A row that fails at the confirmation (changed since the preview) rolls back the
        # whole file, as an error does: never half a file.
        return {
            **super().get_import_data_kwargs(**kwargs),
            "rollback_on_validation_errors": True,
        }

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            messages.error(
                request,
                _(
                    "Nothing was imported: some rows are no longer valid (the data changed "
                    "since the preview). Upload the file again to see why."
                ),
            )
            opts = self.model._meta
            return redirect(f"admin:{opts.app_label}_{opts.model_name}_import")
        return super().process_result(result, request)

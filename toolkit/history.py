"""Content history: every version of a content record, who saved it and when, and undoing it.

django-reversion keeps a version of a record each time the admin saves it,
together with its parts (the rows edited inline with it: an event's outcomes,
an organisation's contact people), so restoring a version or recovering a
deleted record brings its parts back too. django-reversion-compare shows what
changed between two versions. A model opts in with `register()` in its app's
admin.py, and its admin inherits `toolkit.admin.HistoryAdmin`. Personal-data
workflows (registrations, applications) never opt in: their records are not
content to restore.
"""

import reversion
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, router
from django.db.models import Prefetch
from django.utils import timezone
from modeltranslation.translator import translator
from reversion.models import Revision, Version
from reversion.revisions import _get_options

# Each registered model's parts: the reverse relations whose rows are kept in its versions.
_parts = {}


def mirrored_fields(model):
    """A translated model's own field names (`name`), which only mirror the active language.

    Its columns of each language (`name_en`, `name_ru`, `name_kk`) hold the text.
    """
    if model not in translator.get_registered_models():
        return ()
    return tuple(translator.get_options_for_model(model).fields)


def register(model, parts=()):
    """Keep versions of `model`, each holding the rows of its `parts` (reverse accessors).

    A version keeps every language's column and leaves out the mirrored field:
    restoring `name` would write the restoring person's language into another's.
    So it is called from admin.py, once modeltranslation has added those columns
    (it does so once every model is loaded, before the admin is).
    """
    if not apps.models_ready:
        raise ImproperlyConfigured(
            f"Register {model.__name__} for history in admin.py, not while models load."
        )
    reversion.register(model, follow=parts, exclude=mirrored_fields(model))
    _parts[model] = tuple(parts)
    return model


def owner(obj):
    """The record whose versions hold `obj`: the record it is a part of, or itself."""
    for model, parts in _parts.items():
        for accessor in parts:
            relation = model._meta.get_field(accessor)
            if isinstance(obj, relation.related_model):
                return owner(getattr(obj, relation.field.name))
    return obj


def record_versions(objects, comment, user=None):
    """Save a version of each owner of `objects`, one revision per owner.

    Outside the admin (the seed), saves are not recorded by themselves. One
    revision per record matters: restoring a revision restores every record
    in it, and recovering one record must not undo edits to the others.
    """
    for record in dict.fromkeys(owner(obj) for obj in objects):
        if not reversion.is_registered(type(record)):
            continue
        with reversion.create_revision():
            reversion.set_user(user)
            reversion.set_comment(comment)
            reversion.add_to_revision(record)


def prefetches(model):
    """What a version of a `model` record reads: its many-to-many fields and its parts.

    The parts come with the records their names show (a participation's
    organisation), so serialising a hundred records costs the same few queries.
    """
    lookups = [*_auto_many_to_many(model)]
    for accessor in _parts.get(model, ()):
        relation = model._meta.get_field(accessor)
        part = relation.related_model
        shown = [
            field.name
            for field in part._meta.concrete_fields
            if field.is_relation and field.name != relation.field.name
        ]
        lookups.append(Prefetch(accessor, queryset=part._base_manager.select_related(*shown)))
        lookups += [f"{accessor}__{name}" for name in _auto_many_to_many(part)]
    return lookups


def _auto_many_to_many(model):
    # Through models of their own are parts (or not kept): the serializer skips them.
    return [
        field.name
        for field in model._meta.many_to_many
        if field.remote_field.through._meta.auto_created
    ]


def record_versions_in_bulk(records, comment, user=None):
    """What record_versions does, for many records at once in a fixed number of queries.

    One revision per record still (see record_versions), each with the
    record's parts. The records come with `prefetches(model)`; the revisions
    and versions are inserted in bulk, which django-reversion's
    create_revision() does per revision. django-reversion has no public API
    for this, so it reads its registration options (fields, format) here.
    """
    records = [record for record in records if reversion.is_registered(type(record))]
    if not records:
        return
    now = timezone.now()
    revisions = [Revision(date_created=now, user=user, comment=comment) for _record in records]
    if connection.features.can_return_rows_from_bulk_insert:
        revisions = Revision.objects.bulk_create(revisions)
    else:
        for revision in revisions:
            revision.save()
    versions = []
    for record, revision in zip(records, revisions, strict=True):
        for obj in [record, *_parts_of(record)]:
            options = _get_options(type(obj))
            versions.append(
                Version(
                    revision=revision,
                    content_type=ContentType.objects.get_for_model(type(obj)),
                    object_id=str(getattr(obj, options.object_id_field)),
                    db=router.db_for_write(type(obj), instance=obj),
                    format=options.format,
                    serialized_data=serializers.serialize(
                        options.format,
                        (obj,),
                        fields=options.fields,
                        use_natural_foreign_keys=options.use_natural_foreign_keys,
                    ),
                    object_repr=str(obj),
                )
            )
    Version.objects.bulk_create(versions, batch_size=500)


def _parts_of(record):
    return [
        part
        for accessor in _parts.get(type(record), ())
        for part in getattr(record, accessor).all()
    ]

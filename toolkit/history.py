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
from django.core.exceptions import ImproperlyConfigured
from modeltranslation.translator import translator

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

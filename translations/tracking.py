"""Each translation's state, kept on every save of a translated record, whatever saved it.

Generic over modeltranslation's registry: a `pre_save` reads the record's
texts as they were, a `post_save` writes one TranslationState per field and
language other than the field's source, a `post_delete` removes them. So the
admin, the shell, an import, the API and the seed all keep the states alike.

A record's source language is its `source_language` column, or its parent's
(`translation_parent = "event"` on a part edited under its event), else the
default language. A field's source is the record's source language when it
holds text there, else the first language of that language's fallback chain
that does (a field written only in English stays translatable).

Writes that send no signal (QuerySet.update(), bulk_create) leave the states
as they were: `manage.py refresh_translation_states` brings them up to date.
"""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_delete, post_migrate, post_save, pre_save
from django.utils import timezone

from .models import Status, TranslationState
from .registry import (
    LANGUAGES,
    SOURCE,
    column,
    columns,
    field_source,
    field_values,
    source_language_of,
    tracked_models,
    translated_fields,
)


def field_states(obj, rows=None):
    """{field: {language: "source" | "missing" | "outdated" | "current" | None}} for `obj`.

    None: the field is empty in every language. `rows`: the record's
    TranslationStates if already fetched (a list page fetches them at once).
    """
    if rows is None:
        rows = list(TranslationState.objects.of(obj))
    by_key = {(row.field, row.language): row for row in rows}
    source = source_language_of(obj)
    states = {}
    for field in translated_fields(type(obj)):
        values = field_values(obj, field)
        states[field] = {
            code: state_of(values, field_source(values, source), code, by_key.get((field, code)))
            for code in LANGUAGES
        }
    return states


def state_of(values, src, language, row):
    if src is None:
        return None
    if language == src:
        return SOURCE
    if not values[language]:
        return Status.MISSING
    if row is not None and (
        row.status == Status.OUTDATED
        or (row.source_language == src and row.based_on != values[src])
    ):
        return Status.OUTDATED
    return Status.CURRENT


def language_summary(states):
    """Each language's worst state over all fields: missing, then outdated, then current."""
    order = [Status.MISSING, Status.OUTDATED, Status.CURRENT, SOURCE]
    summary = {}
    for code in LANGUAGES:
        found = {field[code] for field in states.values() if field[code] is not None}
        summary[code] = next((state for state in order if state in found), None)
    return summary


def decide(values, src, language, row, previous, field):
    """(status, based_on, source_language) for one field in one language after a save.

    `previous`: the record's columns before the save, or None for a new record
    (every translation it holds was made now, from the source it holds).
    """
    target = values[language]
    source_text = values[src]
    if not target:
        if row is not None:
            return Status.MISSING, row.based_on, row.source_language
        return Status.MISSING, "", src
    if previous is None or previous.get(column(field, language)) != target:
        # Written now (a new record, or the translation itself changed): from this source.
        return Status.CURRENT, source_text, src
    if row is None:
        # A translation from before the states were kept: made from the source as it was.
        old_source = previous.get(column(field, src)) or ""
        return (
            Status.CURRENT if old_source == source_text else Status.OUTDATED,
            old_source,
            src,
        )
    if row.source_language != src:
        # The source moved to another language: still right if its old source is unchanged.
        if values.get(row.source_language) == row.based_on:
            return Status.CURRENT, source_text, src
        return Status.OUTDATED, row.based_on, row.source_language
    status = Status.CURRENT if row.based_on == source_text else Status.OUTDATED
    return status, row.based_on, src


def sync(obj, previous):
    """Write `obj`'s TranslationStates after a save (`previous`: its columns before, or None)."""
    model = type(obj)
    content_type = ContentType.objects.get_for_model(model)
    rows = {
        (row.field, row.language): row
        for row in TranslationState.objects.filter(content_type=content_type, object_id=obj.pk)
    }
    source = source_language_of(obj)
    now = timezone.now()
    created, changed, gone = [], [], []
    for field in translated_fields(model):
        values = field_values(obj, field)
        src = field_source(values, source)
        for code in LANGUAGES:
            row = rows.get((field, code))
            if src is None or code == src:
                if row is not None:
                    gone.append(row.pk)
                continue
            status, based_on, from_language = decide(values, src, code, row, previous, field)
            source_changed = (
                previous is not None and previous.get(column(field, src)) != values[src]
            )
            if row is None:
                created.append(
                    TranslationState(
                        content_type=content_type,
                        object_id=obj.pk,
                        field=field,
                        language=code,
                        status=status,
                        based_on=based_on,
                        source_language=from_language,
                        changed_at=now,
                    )
                )
                continue
            moved = row.status != status or (status != Status.CURRENT and source_changed)
            if moved or (row.based_on, row.source_language) != (based_on, from_language):
                if moved:
                    row.changed_at = now
                row.status, row.based_on, row.source_language = status, based_on, from_language
                changed.append(row)
    if gone:
        TranslationState.objects.filter(pk__in=gone).delete()
    if created:
        TranslationState.objects.bulk_create(created)
    if changed:
        TranslationState.objects.bulk_update(
            changed, ["status", "based_on", "source_language", "changed_at"]
        )


def confirm(obj, field, language):
    """A translator says the translation is still right for the current source: up to date."""
    values = field_values(obj, field)
    src = field_source(values, source_language_of(obj))
    if src is None or src == language or not values[language]:
        return False
    TranslationState.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(type(obj)),
        object_id=obj.pk,
        field=field,
        language=language,
        defaults={
            "status": Status.CURRENT,
            "based_on": values[src],
            "source_language": src,
            "changed_at": timezone.now(),
        },
    )
    return True


def refresh(queryset):
    """States for records written without signals (bulk writers): nothing taken as changed."""
    count = 0
    for obj in queryset.iterator(chunk_size=500):
        previous = {name: getattr(obj, name) for name in columns(type(obj))}
        sync(obj, previous)
        count += 1
    return count


def states_by_record(model, pks):
    """{pk: [TranslationState]} for many records of `model` in one query (a list page)."""
    grouped = defaultdict(list)
    if pks:
        content_type = ContentType.objects.get_for_model(model)
        for row in TranslationState.objects.filter(content_type=content_type, object_id__in=pks):
            grouped[row.object_id].append(row)
    return grouped


# --- Signals ------------------------------------------------------------------------


def remember_previous(sender, instance, raw=False, update_fields=None, **kwargs):
    if update_fields is not None and not set(update_fields) & set(columns(sender)):
        instance._translation_previous = "skip"
        return
    previous = None
    if instance.pk is not None and not (instance._state.adding and not raw):
        previous = (
            sender._base_manager.using(kwargs.get("using"))
            .filter(pk=instance.pk)
            .values(*columns(sender))
            .first()
        )
    instance._translation_previous = previous


def record_states(sender, instance, raw=False, **kwargs):
    previous = instance.__dict__.pop("_translation_previous", None)
    if previous != "skip":
        sync(instance, previous)


def forget_states(sender, instance, **kwargs):
    TranslationState.objects.filter(
        content_type=ContentType.objects.get_for_model(sender), object_id=instance.pk
    ).delete()


def fill_once(sender, using=None, **kwargs):
    """After `migrate`: a database with records but no states yet gets them (taken as right)."""
    if sender.name != "translations" or TranslationState.objects.using(using).exists():
        return
    for model in tracked_models():
        refresh(model._default_manager.using(using).all())


def connect_signals():
    for model in tracked_models():
        uid = f"translations-{model._meta.label_lower}"
        pre_save.connect(remember_previous, sender=model, dispatch_uid=uid)
        post_save.connect(record_states, sender=model, dispatch_uid=uid)
        post_delete.connect(forget_states, sender=model, dispatch_uid=uid)
    post_migrate.connect(fill_once, dispatch_uid="translations-fill-once")

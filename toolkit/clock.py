"""A version per content model that changes with its data: what the API's validators are made of.

Every save, delete or many-to-many change of a `PublicContent` record gives
its model a new version (ContentClock) inside the change's own transaction:
a list's validator is the versions of the models it shows, so it changes
whenever a record joins or leaves the list, is deleted, or a record it
nests (an organisation, a country share, a theme) changes. Reading them is
one query of one row, whatever the size of the lists.

Why not the page cache's content version (toolkit.cache): it lives in the
cache, which is an accelerator that may be out, evicted or per process, and
it is bumped outside the transaction, so a reader could see the new version
with the old data and keep that pairing; a validator must never be stale.

Changes that send no signal (QuerySet.update(), bulk_create(), raw SQL)
must call `tick()` themselves, as generate_demo_data does.
"""

import datetime
import functools
import json
import secrets

from django.apps import apps
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from .cache import is_content
from .models import ContentClock

CLOCK = 1


def labels(models):
    return sorted({model._meta.label_lower for model in models})


def tick(*models):
    """A new version for each of `models`, in the current transaction; when committed, its time."""
    names = labels(models)
    if not names:
        return
    now = timezone.now().timestamp()
    with transaction.atomic():
        clock, _created = ContentClock.objects.select_for_update().get_or_create(pk=CLOCK)
        for name in names:
            clock.versions[name] = [secrets.token_hex(8), now]
        clock.save(update_fields=["versions"])
    # The time a change became visible is its commit: a long transaction that
    # started earlier must not carry a Last-Modified older than what readers
    # saw meanwhile (README, API).
    transaction.on_commit(functools.partial(stamp, names))


# A model stamped this recently is not stamped again: a transaction that
# changed many records of a model stamps it once (Last-Modified counts whole
# seconds, and a change this recent gives no Last-Modified at all).
STAMP_RESOLUTION = 1.0


def tick_all():
    """A new version for every content model: after changes that sent no signal."""
    tick(*(model for model in apps.get_models() if is_content(model)))


def stamp(labels):
    """The models `labels` changed now: their change has just been committed."""
    moment = timezone.now().timestamp()
    with transaction.atomic():
        clock = ContentClock.objects.select_for_update().filter(pk=CLOCK).first()
        late = [
            name
            for name in labels
            if clock is not None
            and name in clock.versions
            and clock.versions[name][1] < moment - STAMP_RESOLUTION
        ]
        for name in late:
            clock.versions[name][1] = moment
        if late:
            clock.save(update_fields=["versions"])


def read_row():
    """The clock's row: {label: [version, when]}; one query, the row made if none exists yet."""
    table = ContentClock._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT versions FROM {table} WHERE id = %s", [CLOCK])
        found = cursor.fetchone()
    if found is None:
        ContentClock.objects.get_or_create(pk=CLOCK)
        return {}
    versions = found[0]
    return json.loads(versions) if isinstance(versions, str) else versions


def versions_of(row, names):
    """{label: version} of the models `names` in the clock's `row`, and when they last changed."""
    versions = {name: row[name][0] for name in names if name in row}
    moments = [row[name][1] for name in names if name in row]
    latest = max(moments, default=None)
    if latest is not None:
        latest = datetime.datetime.fromtimestamp(latest, tz=datetime.UTC)
    return versions, latest


def content_changed(sender, **kwargs):
    if is_content(sender):
        tick(sender)


def links_changed(sender, instance, action, model, **kwargs):
    # A link belongs to both records: both sides' lists show it.
    if action.startswith("post_"):
        tick(*(side for side in (type(instance), model) if is_content(side)))


def connect_signals():
    post_save.connect(content_changed, dispatch_uid="toolkit-clock-save")
    post_delete.connect(content_changed, dispatch_uid="toolkit-clock-delete")
    m2m_changed.connect(links_changed, dispatch_uid="toolkit-clock-m2m")

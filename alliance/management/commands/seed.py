"""Load the portal's seeded content from fixtures/ once, and never fight staff over it.

Each fixture record is loaded once. The seed remembers what it loaded
(alliance.models.SeedRecord, by model and natural key), so a later run skips
that record whatever staff did since: edited it, deleted it or changed its
natural key (a slug). A record added to the fixtures later is loaded by the
next run. Each record loaded gets its first version in the content history
("Loaded by the seed"), so staff can compare their edits with it.
"""

import json
from collections import Counter
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.exceptions import ObjectDoesNotExist
from django.core.management.base import BaseCommand
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import translation

from alliance.models import SeedRecord
from toolkit import history

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"

# What became of each fixture record, in the order the summary names them.
CREATED = "created"
ALREADY_LOADED = "already loaded"
DELETED = "deleted by staff"
ORPHANED = "part of a deleted record"
ADOPTED = "adopted"


def already_exists(obj, using):
    """Whether the database already holds this record.

    Fixture records carry no pk, so the deserializer sets one only when it
    finds the natural key in the database. The alliance profile has no
    natural key: it is a single record, kept as soon as there is one.
    """
    if hasattr(obj, "natural_key"):
        return obj.pk is not None
    return type(obj)._default_manager.using(using).exists()


def seed_key(obj):
    """The record's model and natural key (its pk if it has none), as SeedRecord keeps them."""
    key = obj.natural_key() if hasattr(obj, "natural_key") else [obj.pk]
    return obj._meta.label_lower, json.dumps(list(key), ensure_ascii=False)


def deserialize(record, using):
    """The fixture record as a DeserializedObject; None if it belongs to a record that is gone.

    Its natural key includes its owner's (an outcome's is its event's slug and
    its position): when staff deleted the owner, the key cannot be built. A
    fixture that is wrong in itself still fails loudly (DeserializationError).
    """
    try:
        return next(
            serializers.deserialize("python", [record], using=using, handle_forward_references=True)
        )
    except ObjectDoesNotExist:
        return None


class Command(BaseCommand):
    help = (
        "Load fixtures/*.json in file-name order, each record once. The seed remembers every "
        "record it loaded and never loads it again: what staff edited stays edited, what they "
        "deleted stays deleted (recover it from the admin's history instead), and a record "
        "added to the fixtures later is loaded by the next run. On a database seeded before "
        "the seed kept this record, every fixture record is taken as loaded and nothing is "
        "created."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--database", default=DEFAULT_DB_ALIAS, help="The database to load into."
        )
        parser.add_argument(
            "--fixtures-dir",
            type=Path,
            default=FIXTURES_DIR,
            help="Where the fixture files are (default: %(default)s).",
        )

    def handle(self, *args, database, fixtures_dir, **options):
        paths = sorted(fixtures_dir.glob("*.json"))
        if not paths:
            self.stderr.write(f"No fixtures in {fixtures_dir}.")
            return
        fixtures = [(path, json.loads(path.read_text(encoding="utf-8"))) for path in paths]
        tally = Counter()
        # Translated models fill their untranslated column from the active
        # language when saved: make it the default one, whatever the caller set.
        with (
            translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE),
            transaction.atomic(using=database),
        ):
            loaded = set(SeedRecord.objects.using(database).values_list("model", "natural_key"))
            seeded_before = not loaded and self.holds_seeded_content(fixtures, database)
            if seeded_before:
                self.stdout.write(
                    "This database was seeded before the seed remembered what it loaded: "
                    "every fixture record is taken as loaded, and none is created."
                )
            created_models = set()
            for path, records in fixtures:
                file_tally, created = self.load(records, database, loaded, seeded_before)
                tally += file_tally
                created_models.update(type(obj) for obj in created)
                history.record_versions(created, f"Loaded by the seed ({path.name}).")
                if options["verbosity"] >= 2:
                    self.stdout.write(f"{path.name}: {self.summary(file_tally)}")
            self.reset_sequences(database, created_models)
        self.stdout.write(f"Seed: {self.summary(tally)}")

    def holds_seeded_content(self, fixtures, using):
        """Whether any fixture record with a natural key is in the database already."""
        labels = {record["model"] for _path, records in fixtures for record in records}
        managers = [apps.get_model(label)._default_manager.using(using) for label in labels]
        if not any(manager.exists() for manager in managers):
            return False  # an empty database: no need to look record by record
        found = (deserialize(record, using) for _path, records in fixtures for record in records)
        return any(
            hasattr(obj, "natural_key") and already_exists(obj, using)
            for obj in (deserialized.object for deserialized in found if deserialized)
        )

    def load(self, records, using, loaded, seeded_before):
        """Load one file's records that the seed never loaded; what became of each, what it made."""
        tally = Counter()
        created = []
        pending = []
        remembered = []
        for record in records:
            deserialized = deserialize(record, using)
            if deserialized is None:
                tally[ORPHANED] += 1
                continue
            obj = deserialized.object
            key = seed_key(obj)
            exists = already_exists(obj, using)
            if key in loaded:
                tally[ALREADY_LOADED if exists else DELETED] += 1
                continue
            loaded.add(key)
            remembered.append(SeedRecord(model=key[0], natural_key=key[1]))
            if exists:
                tally[ADOPTED] += 1
                continue
            if seeded_before:
                tally[DELETED] += 1
                continue
            deserialized.save(using=using)
            tally[CREATED] += 1
            created.append(obj)
            if deserialized.deferred_fields:
                pending.append(deserialized)
        # References to records further down the same file.
        for deserialized in pending:
            self.save_references(deserialized, using)
        SeedRecord.objects.using(using).bulk_create(remembered)
        return tally, created

    def save_references(self, deserialized, using):
        """Set a new record's links to records further down its file, or say which one is gone."""
        try:
            with transaction.atomic(using=using):
                deserialized.save_deferred_fields(using=using)
        except DeserializationError as error:
            self.stderr.write(
                f"{deserialized.object._meta.label_lower} {deserialized.object}: loaded without "
                f"a link to a record that is gone (staff deleted it): {error}"
            )

    def summary(self, tally):
        parts = [
            f"{tally[CREATED]} created",
            f"{tally[ALREADY_LOADED] + tally[ADOPTED]} already loaded (left as they are)",
            f"{tally[DELETED]} deleted by staff (not brought back)",
        ]
        if tally[ORPHANED]:
            parts.append(f"{tally[ORPHANED]} skipped as parts of records staff deleted")
        return ", ".join(parts) + "."

    def reset_sequences(self, using, models):
        """Like loaddata: a record loaded with an explicit pk must not collide later."""
        connection = connections[using]
        statements = connection.ops.sequence_reset_sql(no_style(), list(models))
        if statements:
            with connection.cursor() as cursor:
                for sql in statements:
                    cursor.execute(sql)

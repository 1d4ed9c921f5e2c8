"""Load the portal's seeded content from fixtures/ without touching what staff edited."""

from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.core.management.base import BaseCommand
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import translation

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"


def already_exists(obj, using):
    """Whether the database already holds this record.

    Fixture records carry no pk, so the deserializer sets one only when it
    finds the natural key in the database. The alliance profile has no
    natural key: it is a single record, kept as soon as there is one.
    """
    if hasattr(obj, "natural_key"):
        return obj.pk is not None
    return type(obj)._default_manager.using(using).exists()


class Command(BaseCommand):
    help = (
        "Load fixtures/*.json in file-name order. Records whose natural key is already "
        "in the database are left as they are, so running it again changes nothing."
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
        created = existed = 0
        created_models = set()
        # Translated models fill their untranslated column from the active
        # language when saved: make it the default one, whatever the caller set.
        with (
            translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE),
            transaction.atomic(using=database),
        ):
            for path in paths:
                file_created, file_existed = self.load(path, database, created_models)
                created += file_created
                existed += file_existed
                if options["verbosity"] >= 2:
                    self.stdout.write(
                        f"{path.name}: {file_created} created, {file_existed} already existed"
                    )
            self.reset_sequences(database, created_models)
        self.stdout.write(f"Seed: {created} created, {existed} already existed.")

    def load(self, path, using, created_models):
        created = existed = 0
        pending = []
        with path.open(encoding="utf-8") as stream:
            for deserialized in serializers.deserialize(
                "json", stream, using=using, handle_forward_references=True
            ):
                if already_exists(deserialized.object, using):
                    existed += 1
                    continue
                deserialized.save(using=using)
                created += 1
                created_models.add(type(deserialized.object))
                if deserialized.deferred_fields:
                    pending.append(deserialized)
        # References to records further down the same file.
        for deserialized in pending:
            deserialized.save_deferred_fields(using=using)
        return created, existed

    def reset_sequences(self, using, models):
        """Like loaddata: a record loaded with an explicit pk must not collide later."""
        connection = connections[using]
        statements = connection.ops.sequence_reset_sql(no_style(), list(models))
        if statements:
            with connection.cursor() as cursor:
                for sql in statements:
                    cursor.execute(sql)

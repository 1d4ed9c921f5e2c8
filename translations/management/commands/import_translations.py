"""Write back the translations of an XLIFF 1.2 file, all of them or none."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from translations.xliff import XliffError, apply, plan


class Command(BaseCommand):
    help = (
        "Import the targets of an XLIFF 1.2 file made by export_translations. A unit whose "
        "source changed since the export is refused, and then nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would change; write nothing."
        )

    def handle(self, *args, file, dry_run, **options):
        try:
            result = plan(file.read_bytes())
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error}") from error
        except XliffError as error:
            raise CommandError(str(error)) from error
        for refusal in result.refused:
            self.stderr.write(f"Refused {refusal.unit_id or '(file)'}: {refusal.reason}")
        if not result.ok:
            raise CommandError(
                f"{len(result.refused)} units refused: nothing was imported from {file}."
            )
        for change in result.changes:
            self.stdout.write(
                f"{change.record._meta.label_lower}:{change.record.pk}:{change.field}"
            )
        if dry_run:
            self.stdout.write(
                f"Would write {len(result.changes)} translations and confirm "
                f"{len(result.confirmations)}; {result.unchanged} unchanged."
            )
            return
        written, confirmed = apply(result)
        self.stdout.write(
            f"Wrote {written} translations and confirmed {confirmed}; {result.unchanged} unchanged."
        )

"""Write the texts to translate into one language as XLIFF 1.2, for a CAT tool."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from translations.registry import LANGUAGES
from translations.xliff import export


class Command(BaseCommand):
    help = (
        "Export every translated text for translators into --language as XLIFF 1.2: one unit "
        "per field with its current source, the existing translation and its state "
        "(needs-translation, needs-review-translation, translated)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--language", required=True, choices=LANGUAGES)
        parser.add_argument(
            "--only-pending",
            action="store_true",
            help="Only the missing and outdated translations.",
        )
        parser.add_argument(
            "--output", type=Path, help="The file to write (default: standard output)."
        )

    def handle(self, *args, language, only_pending, output, **options):
        document = export(language, only_pending=only_pending)
        if output is None:
            self.stdout.write(document.decode("utf-8"))
            return
        try:
            output.write_bytes(document)
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error}") from error
        if options["verbosity"]:
            self.stderr.write(f"Wrote {document.count(b'<trans-unit ')} units to {output}.")

"""manage.py build_exports: build the full CSV and IATI files now (after a bulk load, say)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from initiatives import services


class Command(BaseCommand):
    help = "Build the full initiative exports (CSV in each language, IATI) into EXPORTS_DIR."

    def handle(self, *args, **options):
        services.build_exports()
        self.stdout.write(f"Built the full initiative exports in {settings.EXPORTS_DIR}.")

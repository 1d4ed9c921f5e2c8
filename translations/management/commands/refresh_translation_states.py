"""Bring the translation states up to date after writes that send no signal (bulk writers)."""

from django.core.management.base import BaseCommand

from translations.tracking import refresh, tracked_models


class Command(BaseCommand):
    help = (
        "Recompute every translated record's translation states (missing, outdated, up to date). "
        "Saves keep them by themselves; run this after QuerySet.update() or bulk_create()."
    )

    def handle(self, *args, **options):
        total = 0
        for model in tracked_models():
            total += refresh(model._default_manager.all())
        if options["verbosity"]:
            self.stdout.write(f"{total} records checked.")

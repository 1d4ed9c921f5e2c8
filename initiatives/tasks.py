"""The initiatives' background work: building the full exports. Thin: the work is in services."""

from celery import shared_task

from . import services


@shared_task
def build_exports():
    """Build the full CSV in each language and the IATI file (services.request_build queues it)."""
    services.build_exports()

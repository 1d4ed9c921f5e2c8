"""The toolkit's background work (thin): publishing drafts whose moment has come."""

from celery import shared_task

from . import publication


@shared_task
def publish_due():
    """(beat, every minute) Publish the drafts scheduled for now or earlier; how many."""
    return publication.publish_due()

"""Translation tasks (thin): the weekly digest to each language's translators."""

from celery import shared_task


@shared_task
def send_digests():
    from .digest import send_digests as send

    return send()

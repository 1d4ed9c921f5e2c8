"""Translation tasks (thin): the weekly digest to each language's translators."""

from celery import shared_task

from toolkit.background import MAIL_TASK_OPTIONS, queue

from .registry import LANGUAGES


@shared_task
def send_digests():
    """(beat) Queue each language's digest; each is sent only when something is new."""
    for code in LANGUAGES:
        queue("translations.tasks.send_digest", code)
    return len(LANGUAGES)


@shared_task(**MAIL_TASK_OPTIONS)
def send_digest(language):
    """Send one language's translators what became missing or outdated since their last digest."""
    # Imported when run: the digest reads the admin's labels, not needed to start a worker.
    from .digest import send_digest as send

    return send(language)

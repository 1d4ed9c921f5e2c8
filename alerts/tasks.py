"""Alert e-mail and housekeeping, in the background. Thin: the work is in alerts.services."""

from celery import shared_task

from toolkit.background import MAIL_TASK_OPTIONS

from . import services


@shared_task(**MAIL_TASK_OPTIONS)
def send_confirmation(subscription_id):
    """Send the link that confirms an alert (double opt-in)."""
    return services.send_confirmation(subscription_id)


@shared_task(**MAIL_TASK_OPTIONS)
def send_already_subscribed(subscription_id):
    """Tell a subscriber that the form was sent again with their address and filter."""
    return services.send_already_subscribed(subscription_id)


@shared_task(**MAIL_TASK_OPTIONS)
def send_digest(subscription_id):
    """Send one subscriber the week's new records, if there are any."""
    return services.send_digest(subscription_id)


@shared_task
def send_due_digests():
    """(beat) Queue the digests of the subscriptions whose week is over."""
    return services.queue_due_digests()


@shared_task
def send_unsent_mail():
    """(beat) The sweep: queue what a broker or mail server outage left unsent."""
    return services.send_unsent_mail()


@shared_task
def delete_expired():
    """(beat) Delete subscriptions never confirmed within settings.ALERT_CONFIRMATION_DAYS."""
    return services.delete_expired()

"""Registration e-mail and housekeeping, in the background. Thin: the work is in services."""

from celery import shared_task

from toolkit.background import MAIL_TASK_OPTIONS

from . import services


@shared_task(**MAIL_TASK_OPTIONS)
def send_confirmation(registration_id):
    """Confirm a registration (with the event's iCalendar file) or a place on the waiting list."""
    return services.send_confirmation(registration_id)


@shared_task(**MAIL_TASK_OPTIONS)
def send_already_registered(registration_id):
    """Tell a registered person that the form was sent again with their address."""
    return services.send_already_registered(registration_id)


@shared_task(**MAIL_TASK_OPTIONS)
def send_promotion(registration_id):
    """Tell someone on the waiting list that a place has become theirs."""
    return services.send_promotion(registration_id)


@shared_task(**MAIL_TASK_OPTIONS)
def send_cancellation(registration_id):
    """Tell a person that staff cancelled their registration."""
    return services.send_cancellation(registration_id)


@shared_task(**MAIL_TASK_OPTIONS)
def send_reminder(registration_id):
    """Remind a registered person of their event, settings.EVENT_REMINDER_HOURS before."""
    return services.send_reminder(registration_id)


@shared_task
def send_due_reminders():
    """(beat) Queue the reminders of events starting within the reminder window."""
    return services.queue_due_reminders()


@shared_task
def send_unsent_mail():
    """(beat) The sweep: queue what a broker or mail server outage left unsent."""
    return services.send_unsent_mail()


@shared_task
def delete_old_registrations():
    """(beat) Delete registrations settings.REGISTRATION_RETENTION_DAYS after their event."""
    return services.delete_old_registrations()

"""Membership e-mail, sent in the background. Thin: the work is in applications.services."""

from celery import shared_task

from toolkit.background import MAIL_TASK_OPTIONS

from . import services


@shared_task(**MAIL_TASK_OPTIONS)
def notify_staff(application_id):
    """Tell the membership staff of a new application, with a link to it in the admin."""
    return services.notify_staff(application_id)


@shared_task(**MAIL_TASK_OPTIONS)
def acknowledge(application_id):
    """Confirm receipt to the applicant, in the language they applied in."""
    return services.acknowledge(application_id)


@shared_task(**MAIL_TASK_OPTIONS)
def send_already_received(application_id):
    """Tell the applicant that we already have the application they sent again."""
    return services.send_already_received(application_id)


@shared_task(**MAIL_TASK_OPTIONS)
def send_decision(application_id):
    """Tell the applicant their application was accepted or declined."""
    return services.send_decision(application_id)


@shared_task
def send_unsent_mail():
    """The sweep (beat): queue what a broker or mail server outage left unsent."""
    return services.send_unsent_mail()

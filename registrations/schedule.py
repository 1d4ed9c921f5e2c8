"""When Celery beat runs this workflow's periodic tasks; settings.CELERY_BEAT_SCHEDULE gathers them.

Plain data (no models): the settings import it before Django is set up.
"""

from datetime import timedelta

from celery.schedules import crontab


def periodic_tasks(*, sweep_minutes):
    return {
        "send-unsent-registration-mail": {
            "task": "registrations.tasks.send_unsent_mail",
            "schedule": timedelta(minutes=sweep_minutes),
        },
        "send-event-reminders": {
            "task": "registrations.tasks.send_due_reminders",
            "schedule": timedelta(minutes=15),
        },
        "delete-old-registrations": {
            "task": "registrations.tasks.delete_old_registrations",
            "schedule": crontab(hour=3, minute=30),
        },
    }

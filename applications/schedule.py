"""When Celery beat runs this workflow's periodic task; settings.CELERY_BEAT_SCHEDULE gathers it.

Plain data (no models): the settings import it before Django is set up.
"""

from datetime import timedelta


def periodic_tasks(*, sweep_minutes):
    return {
        "send-unsent-membership-mail": {
            "task": "applications.tasks.send_unsent_mail",
            "schedule": timedelta(minutes=sweep_minutes),
        },
    }

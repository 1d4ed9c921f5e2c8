"""When Celery beat runs this workflow's periodic tasks; settings.CELERY_BEAT_SCHEDULE gathers them.

Plain data (no models): the settings import it before Django is set up.
"""

from datetime import timedelta

from celery.schedules import crontab


def periodic_tasks(*, sweep_minutes):
    return {
        "send-unsent-alert-mail": {
            "task": "alerts.tasks.send_unsent_mail",
            "schedule": timedelta(minutes=sweep_minutes),
        },
        # Daily, but each subscription is sent a digest once every
        # ALERT_DIGEST_DAYS: a day missed (an outage) is made up the next day.
        "send-alert-digests": {
            "task": "alerts.tasks.send_due_digests",
            "schedule": crontab(hour=6, minute=0),
        },
        "delete-expired-alerts": {
            "task": "alerts.tasks.delete_expired",
            "schedule": crontab(hour=3, minute=45),
        },
    }

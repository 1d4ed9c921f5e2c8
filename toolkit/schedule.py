"""When Celery beat publishes scheduled drafts; settings.CELERY_BEAT_SCHEDULE gathers it.

Plain data (no models): the settings import it before Django is set up.
"""

from celery.schedules import crontab


def periodic_tasks():
    return {
        # Every minute: a draft scheduled for 10:00 is public by 10:01 at the latest.
        "publish-scheduled-drafts": {
            "task": "toolkit.tasks.publish_due",
            "schedule": crontab(),
        },
    }

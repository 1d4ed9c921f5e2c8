"""When Celery beat sends the translators' weekly digest; settings.CELERY_BEAT_SCHEDULE gathers it.

Plain data (no models): the settings import it before Django is set up.
"""

from celery.schedules import crontab


def periodic_tasks():
    return {
        # Monday morning (TIME_ZONE): what became missing or outdated in each language last week.
        "translation-digests": {
            "task": "translations.tasks.send_digests",
            "schedule": crontab(day_of_week="mon", hour=8, minute=0),
        },
    }

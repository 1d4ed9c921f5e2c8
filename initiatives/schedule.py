"""When Celery beat rebuilds the full exports; settings.CELERY_BEAT_SCHEDULE gathers it.

Plain data (no models): the settings import it before Django is set up.
"""

from celery.schedules import crontab


def periodic_tasks():
    return {
        # Just after midnight (TIME_ZONE): an initiative's status follows the
        # date, and bulk changes send no signal that would ask for a build.
        "rebuild-initiative-exports": {
            "task": "initiatives.tasks.build_exports",
            "schedule": crontab(hour=0, minute=10),
        },
    }

"""tsako.W003: nobody on the staff would be told of a new membership application.

It reads the database, so `manage.py check --database default` (and migrate)
runs it; the admin's front page says the same to staff (applications.admin).
"""

from django.conf import settings
from django.core.checks import Warning, register
from django.db import DatabaseError

from . import services


@register("tsako")
def check_application_recipients(app_configs, databases=None, **kwargs):
    if not databases:
        return []
    try:
        emails = services.membership_staff_emails()
    except DatabaseError:  # not migrated yet: migrate itself runs the checks first
        return []
    if emails:
        return []
    fallback = ", ".join(email for _name, email in settings.ADMINS) or "nobody"
    return [
        Warning(
            f'No active staff member of the "{settings.MEMBERSHIP_STAFF_GROUP}" group has an '
            f"e-mail address: new membership applications are e-mailed to {fallback}.",
            hint="Add a staff member with an e-mail address to the group in the admin.",
            id="tsako.W003",
        )
    ]

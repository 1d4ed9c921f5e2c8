"""The admin site's own titles, and its page for a login locked out by django-axes.

Each app registers its models in its admin.py. Of django-axes's three models
only the access attempts are kept (settings: no access or failure logs), so
only they stay in the admin: that is where staff lift a lockout early.
"""

from axes.models import AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib import admin
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from toolkit.admin import LabelledAutocompleteView

admin.site.site_header = _("TsAKO administration")
admin.site.site_title = _("TsAKO")
admin.site.index_title = _("Portal content")

# Autocomplete results labelled by each model admin (toolkit.admin.LabelledAutocompleteView).
admin.site.autocomplete_view = lambda request: LabelledAutocompleteView.as_view(
    admin_site=admin.site
)(request)

admin.site.unregister(AccessLog)
admin.site.unregister(AccessFailureLog)


def locked_out(request, original_response=None, credentials=None):
    """settings.AXES_LOCKOUT_CALLABLE: the admin's page for a login refused by the lockout.

    429 with Retry-After: each try while locked starts the cool-off again, so
    the whole cool-off is the wait from now.
    """
    seconds = int(settings.AXES_COOLOFF_TIME.total_seconds())
    context = {
        **admin.site.each_context(request),
        "title": _("Too many failed logins"),
        "minutes": seconds // 60,
        "failure_limit": settings.AXES_FAILURE_LIMIT,
    }
    response = render(request, "admin/locked_out.html", context, status=429)
    response["Retry-After"] = str(seconds)
    return response

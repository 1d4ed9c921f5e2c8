"""The admin site's own titles; each app registers its models in its admin.py."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("TsAKO administration")
admin.site.site_title = _("TsAKO")
admin.site.index_title = _("Portal content")

"""What keeps bots off the public forms: a honeypot field and a per-address rate limit.

The address is toolkit.client_address.client_ip, the one the API throttle and the admin
login lockout count by too.
"""

from django import forms
from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from .cache_backend import count
from .client_address import client_ip

HONEYPOT = "homepage"


class HoneypotForm(forms.Form):
    """A field people never see (the template hides it) and bots tend to fill.

    A submission with it filled is answered as a success and stored nowhere,
    so a bot learns nothing.
    """

    homepage = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def is_bot(self):
        return bool(self.data.get(self.add_prefix(HONEYPOT), "").strip())

    def visible_fields(self):
        return [field for field in super().visible_fields() if field.name != HONEYPOT]


def over_rate_limit(request, scope):
    """Count this submission; True once its address has made more than the limit in the window.

    Counted atomically in the shared cache; while its Redis is out, in each
    process's memory (toolkit.cache_backend.count), so the limit still holds
    per gunicorn worker and every valid submission below it is stored.
    """
    key = f"form-rate:{scope}:{client_ip(request)}"
    return count(key, settings.FORM_RATE_LIMIT_WINDOW) > settings.FORM_RATE_LIMIT


def rate_limited(request):
    response = render(request, "includes/rate_limited.html", status=429)
    response["Retry-After"] = str(settings.FORM_RATE_LIMIT_WINDOW)
    return response

"""What keeps bots off the public forms: a honeypot field and a per-address rate limit.

The address is toolkit.client_address.client_ip, the one the API throttle and the admin
login lockout count by too.
"""

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from toolkit.client_address import client_ip

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
    """Count this submission; True once its address has made more than the limit in the window."""
    key = f"form-rate:{scope}:{client_ip(request)}"
    window = settings.FORM_RATE_LIMIT_WINDOW
    if cache.add(key, 1, timeout=window):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.set(key, 1, timeout=window)
            count = 1
    return count > settings.FORM_RATE_LIMIT


def rate_limited(request):
    response = render(request, "includes/rate_limited.html", status=429)
    response["Retry-After"] = str(settings.FORM_RATE_LIMIT_WINDOW)
    return response

"""The public form that asks for an alert (with the honeypot that keeps bots out)."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from toolkit.antispam import HoneypotForm

from .models import Subscription


class SubscriptionForm(HoneypotForm, forms.ModelForm):
    consent = forms.BooleanField(
        label=_("I agree that the alliance stores my e-mail address to send me these alerts."),
    )

    class Meta:
        model = Subscription
        fields = ["email", "language"]
        labels = {"email": _("Your e-mail address")}
        widgets = {"email": forms.EmailInput(attrs={"autocomplete": "email"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        days = settings.ALERT_CONFIRMATION_DAYS
        self.fields["consent"].help_text = ngettext(
            "Only the alliance's staff see it. We first send a link to confirm; without "
            "confirmation within %(days)s day it is deleted. Every e-mail has a link to "
            "unsubscribe, which deletes it.",
            "Only the alliance's staff see it. We first send a link to confirm; without "
            "confirmation within %(days)s days it is deleted. Every e-mail has a link to "
            "unsubscribe, which deletes it.",
            days,
        ) % {"days": days}

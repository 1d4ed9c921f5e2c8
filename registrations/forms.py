"""The public form a person registers for an event with (with the honeypot)."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from toolkit.antispam import HoneypotForm

from .models import Registration


class RegistrationForm(HoneypotForm, forms.ModelForm):
    consent = forms.BooleanField(
        label=_("I agree that the alliance stores these data to handle my registration."),
    )

    class Meta:
        model = Registration
        fields = ["name", "email", "organisation", "language"]
        labels = {"name": _("Your name"), "email": _("Your e-mail address")}
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "organisation": forms.TextInput(attrs={"autocomplete": "organization"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        days = settings.REGISTRATION_RETENTION_DAYS
        self.fields["consent"].help_text = ngettext(
            "Only alliance staff who handle registrations see them. "
            "They are deleted %(days)s day after the event.",
            "Only alliance staff who handle registrations see them. "
            "They are deleted %(days)s days after the event.",
            days,
        ) % {"days": days}

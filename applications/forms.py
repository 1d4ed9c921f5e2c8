"""The public form an organisation applies with (with the honeypot that keeps bots out)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from common.models import Theme
from toolkit.antispam import HoneypotForm

from .models import MembershipApplication


class MembershipApplicationForm(HoneypotForm, forms.ModelForm):
    consent = forms.BooleanField(
        label=_("I agree that the alliance stores these data to handle the application."),
        help_text=_(
            "Only the alliance's staff see the contact details. They are kept with the "
            "member's record if the application is accepted."
        ),
    )

    class Meta:
        model = MembershipApplication
        fields = [
            "name",
            "kind",
            "country",
            "city",
            "website",
            "description",
            "mission",
            "themes",
            "contact_name",
            "contact_email",
            "contact_phone",
        ]
        widgets = {
            "themes": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 5}),
            "mission": forms.Textarea(attrs={"rows": 3}),
            "contact_email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "contact_phone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["website"].assume_scheme = "https"
        self.fields["themes"].queryset = Theme.objects.all()

    def fieldsets(self):
        """The form's fields in groups, as the page shows them: [(legend, [bound fields])]."""
        return [
            (_("Your organisation"), [self[name] for name in self.Meta.fields[:8]]),
            (_("Contact person"), [self[name] for name in self.Meta.fields[8:]]),
            (_("Consent"), [self["consent"]]),
        ]

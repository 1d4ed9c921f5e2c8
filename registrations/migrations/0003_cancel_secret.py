"""Each registration gets its own random secret for its cancel links.

Added empty, filled row by row (a default would give every existing row the
same secret), then required.
"""

from django.db import migrations, models

import registrations.models


def fill_secrets(apps, schema_editor):
    Registration = apps.get_model("registrations", "Registration")
    for registration in Registration.objects.filter(cancel_secret__isnull=True).only("pk"):
        registration.cancel_secret = registrations.models.new_cancel_secret()
        registration.save(update_fields=["cancel_secret"])


class Migration(migrations.Migration):
    dependencies = [
        ("registrations", "0002_asked_again"),
    ]

    operations = [
        migrations.AddField(
            model_name="registration",
            name="cancel_secret",
            field=models.CharField(
                editable=False, max_length=43, null=True, verbose_name="cancel link secret"
            ),
        ),
        migrations.RunPython(fill_secrets, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="registration",
            name="cancel_secret",
            field=models.CharField(
                default=registrations.models.new_cancel_secret,
                editable=False,
                max_length=43,
                verbose_name="cancel link secret",
            ),
        ),
    ]

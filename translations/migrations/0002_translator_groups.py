"""The translators' groups: "Translators (en)", "Translators (ru)", "Translators (kk)".

They hold no model permission: translations.admin gives their members, on the
content models, the right to change their language's texts and nothing else.
"""

from django.db import migrations

LANGUAGES = ["en", "ru", "kk"]


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for code in LANGUAGES:
        Group.objects.get_or_create(name=f"Translators ({code})")


def remove_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=[f"Translators ({code})" for code in LANGUAGES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("translations", "0001_translation_states"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]

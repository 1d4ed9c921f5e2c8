"""The staff group told of new membership applications (settings.MEMBERSHIP_STAFF_GROUP).

Its members may see and decide applications, and add the organisations and
contact people an accepted application creates. Staff are added to it in the
admin.
"""

from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations

PERMISSIONS = {
    "membershipapplication": ["view", "change"],
    "organisation": ["view", "add", "change"],
    "contactperson": ["view", "add", "change"],
}


def create_group(apps, schema_editor):
    # Permissions are normally made after the last migration; the group needs them now.
    app_config = apps.get_app_config("members")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=settings.MEMBERSHIP_STAFF_GROUP)
    codenames = [
        f"{action}_{model}" for model, actions in PERMISSIONS.items() for action in actions
    ]
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="members", codename__in=codenames)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("members", "0002_membership_application"),
    ]

    operations = [
        # Reversing leaves the group: staff may have been added to it.
        migrations.RunPython(create_group, migrations.RunPython.noop),
    ]

"""Models that moved to another app keep their rows, and staff keep their permissions on them.

Countries, themes and the profile moved from the project package to common,
registrations from events, applications from members, and EventRole became
EventParticipation. A database migrated before the moves is migrated across
them here, as a deployed portal would be.
"""

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE_THE_MOVES = [
    ("common", None),
    ("registrations", None),
    ("applications", None),
    ("alliance", "0002_one_alliance_profile"),
    ("members", "0006_filter_indexes"),
    ("events", "0004_filter_indexes"),
    ("initiatives", "0004_filter_indexes"),
]
NEW_LABELS = {
    ("common", "country"),
    ("common", "theme"),
    ("common", "allianceprofile"),
    ("registrations", "registration"),
    ("applications", "membershipapplication"),
    ("events", "eventparticipation"),
}


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    applied = [(app, name) for app, name in targets if name is not None]
    return executor.loader.project_state(applied).apps


@pytest.fixture
def old_database(transactional_db):
    """The database as it was before the moves, with a staff group holding their permissions."""
    old = migrate(BEFORE_THE_MOVES)
    ContentType = old.get_model("contenttypes", "ContentType")
    # As on a deployed portal: the new labels never existed there.
    for app_label, model in NEW_LABELS:
        ContentType.objects.filter(app_label=app_label, model=model).delete()
    yield old
    # Leave the schema as every other test expects it.
    call_command("migrate", verbosity=0)


def test_moved_models_keep_rows_content_types_and_permissions(old_database):
    old = old_database
    ContentType = old.get_model("contenttypes", "ContentType")
    Permission = old.get_model("auth", "Permission")
    Group = old.get_model("auth", "Group")
    User = old.get_model("auth", "User")
    Country = old.get_model("alliance", "Country")
    kazakhstan = Country.objects.create(code="KZ", name_en="Kazakhstan")
    event = old.get_model("events", "Event").objects.create(
        title_en="Summit", slug="summit", kind="summit"
    )
    organisation = old.get_model("members", "Organisation").objects.create(
        name_en="Biom", slug="biom"
    )
    old.get_model("events", "EventRole").objects.create(event=event, organisation=organisation)
    old.get_model("events", "Registration").objects.create(
        event=event, name="Aigerim", email="a@example.org", language="kk"
    )
    old.get_model("members", "MembershipApplication").objects.create(
        name="Eco", country=kazakhstan, description="…", contact_name="A", contact_email="a@x.kz"
    )
    group = Group.objects.create(name="Registrars")
    for app_label, model, codename in [
        ("events", "registration", "export_registration"),
        ("members", "membershipapplication", "change_membershipapplication"),
        ("alliance", "country", "change_country"),
    ]:
        content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": codename}
        )
        group.permissions.add(permission)
    user = User.objects.create(username="registrar", is_staff=True)
    user.groups.add(group)

    call_command("migrate", verbosity=0)

    from django.contrib.auth import get_user_model

    from applications.models import MembershipApplication
    from common.models import Country
    from events.models import EventParticipation
    from registrations.models import Registration

    assert Country.objects.get().code == "KZ"
    assert Registration.objects.get().email == "a@example.org"
    assert MembershipApplication.objects.get().name == "Eco"
    assert EventParticipation.objects.get().organisation.slug == "biom"
    registrar = get_user_model().objects.get(username="registrar")
    assert registrar.has_perm("registrations.export_registration")
    assert registrar.has_perm("applications.change_membershipapplication")
    assert registrar.has_perm("common.change_country")
    # Relabelled, not created anew: nothing is left under the old labels.
    from django.contrib.contenttypes.models import ContentType as CurrentContentType

    assert not CurrentContentType.objects.filter(
        app_label="alliance", model__in=["country", "theme", "allianceprofile"]
    ).exists()
    assert not CurrentContentType.objects.filter(app_label="events", model="registration").exists()

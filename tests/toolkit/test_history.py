"""Content history in the admin: versions with who and when, differences, restoring, recovering.

toolkit.history registers the content models with django-reversion and
toolkit.admin.HistoryAdmin gives their admins the history, compare, revert
and recover views. Each test saves through the admin as staff do (POSTing
what the change form shows) and reads the pages staff read.
"""

import re

import pytest
import reversion
from django.contrib.auth.models import Permission, User
from django.utils import timezone
from reversion.models import Revision, Version

from applications.models import MembershipApplication
from common.models import AllianceProfile, Country, Theme
from events.models import Event, ExpectedOutcome
from initiatives.models import Initiative
from members.models import ContactPerson, Organisation
from registrations.models import Registration
from tests.admin_helpers import admin_url, make_alliance_profile, submitted_form
from tests.factories import (
    ContactPersonFactory,
    CountryFactory,
    EventFactory,
    ExpectedOutcomeFactory,
    InitiativeFactory,
    OrganisationFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


def save_in_admin(client, obj, language="en", **changes):
    """Open the record's change form, change some fields, save; the admin's answer."""
    page = client.get(admin_url(type(obj), "change", language, obj.pk))
    response = client.post(
        admin_url(type(obj), "change", language, obj.pk), submitted_form(page, **changes)
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


def versions_of(obj):
    return Version.objects.get_for_object(obj).order_by("pk")


def restore_in_admin(client, obj, version, language="en"):
    """Open a version from the history and save it, as the "Revert" page asks."""
    url = admin_url(type(obj), "revision", language, obj.pk, version.pk)
    page = client.get(url)
    assert page.status_code == 200
    return client.post(url, submitted_form(page))


def page_text(response):
    """The page's visible text, tags left out, spaces collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.text))


@pytest.fixture
def event():
    event = EventFactory(title_en="Climate Forum", title_ru="Климатический форум")
    ExpectedOutcomeFactory(event=event, position=0, text_en="A declaration")
    return event


# --- Every edit is a version ----------------------------------------------------------------


def test_event_edit_in_admin_records_version_with_user_and_time(admin_client, admin_user, event):
    before = timezone.now()

    save_in_admin(admin_client, event, title_en="Renamed forum")

    version = versions_of(event).get()
    assert version.field_dict["title_en"] == "Renamed forum"
    assert version.revision.user == admin_user
    assert before <= version.revision.date_created <= timezone.now()
    assert "Title [en]" in version.revision.get_comment()
    # The event's parts are in the same version: its outcomes.
    outcome = event.outcomes.get()
    assert version.revision.version_set.get_for_object(outcome).get().field_dict["text_en"] == (
        "A declaration"
    )


def test_event_history_page_lists_each_version_with_its_user(admin_client, event):
    save_in_admin(admin_client, event, title_en="Renamed forum")
    save_in_admin(admin_client, event, **{"outcomes-0-text_en": "A joint declaration"})

    response = admin_client.get(admin_url(Event, "history", "en", event.pk))

    assert response.status_code == 200
    rows = response.context["action_list"]
    assert len(rows) == 2
    assert {row["revision"].user.username for row in rows} == {"admin"}
    text = page_text(response)
    assert "Changed Title [en]." in text
    assert "Changed Text [en] for expected outcome “A joint declaration”." in text
    # Each version links to its page, where staff restore it.
    for row in rows:
        assert row["url"] in response.text


def test_event_compare_shows_the_changed_field_only(admin_client, event):
    save_in_admin(admin_client, event)
    save_in_admin(admin_client, event, title_en="Renamed forum")
    first, second = versions_of(event)

    response = admin_client.get(
        admin_url(Event, "compare", "en", event.pk),
        {"version_id1": first.pk, "version_id2": second.pk},
    )

    assert response.status_code == 200
    assert [row["field"].name for row in response.context["compare_data"]] == ["title_en"]
    diff = response.context["compare_data"][0]["diff"]
    assert "Climate Forum" in diff
    assert "Renamed forum" in diff


def test_event_compare_shows_a_changed_outcome(admin_client, event):
    save_in_admin(admin_client, event)
    save_in_admin(admin_client, event, **{"outcomes-0-text_en": "A joint declaration"})
    first, second = versions_of(event)

    response = admin_client.get(
        admin_url(Event, "compare", "ru", event.pk),
        {"version_id1": first.pk, "version_id2": second.pk},
    )

    rows = response.context["compare_data"]
    assert [row["field"].name for row in rows] == ["outcomes"]
    assert "A declaration" in rows[0]["diff"]
    assert "A joint declaration" in rows[0]["diff"]


def test_event_revert_restores_old_title_and_outcomes(admin_client, event):
    save_in_admin(admin_client, event)
    original = versions_of(event).get()
    save_in_admin(
        admin_client,
        event,
        title_en="Renamed forum",
        **{"outcomes-0-text_en": "A joint declaration"},
    )

    response = restore_in_admin(admin_client, event, original)

    assert response.status_code == 302
    event.refresh_from_db()
    assert event.title_en == "Climate Forum"
    assert event.title_ru == "Климатический форум"
    assert [outcome.text_en for outcome in event.outcomes.all()] == ["A declaration"]
    # Restoring is itself a version, saying so.
    assert "Reverted to previous version" in versions_of(event).last().revision.get_comment()


def test_event_revert_removes_outcome_added_since(admin_client, event):
    save_in_admin(admin_client, event)
    original = versions_of(event).get()
    ExpectedOutcomeFactory(event=event, position=1, text_en="A programme of action")
    save_in_admin(admin_client, event)

    restore_in_admin(admin_client, event, original)

    assert [outcome.text_en for outcome in event.outcomes.all()] == ["A declaration"]


def test_event_revert_keeps_child_events_added_since(admin_client, event):
    save_in_admin(admin_client, event)
    original = versions_of(event).get()
    consultation = EventFactory(parent=event, kind="consultation")

    restore_in_admin(admin_client, event, original)

    # A child event is a record of its own, not part of its parent's versions.
    consultation.refresh_from_db()
    assert consultation.parent == event


def test_revert_page_in_kazakh_restores_every_language_as_it_was(admin_client):
    theme = ThemeFactory(name_en="Water", name_ru="Вода", name_kk="Су")
    save_in_admin(admin_client, theme)
    original = versions_of(theme).get()
    save_in_admin(admin_client, theme, name_en="Rivers", name_ru="Реки", name_kk="Өзендер")

    restore_in_admin(admin_client, theme, original, language="kk")

    theme.refresh_from_db()
    assert (theme.name_en, theme.name_ru, theme.name_kk) == ("Water", "Вода", "Су")


def test_theme_list_editable_change_is_a_version(admin_client):
    theme = ThemeFactory(position=10)
    page = admin_client.get(admin_url(Theme, "changelist", "en"))
    data = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-0-id": str(theme.pk),
        "form-0-position": "20",
        "action": "",
        "_save": "Save",
    }

    response = admin_client.post(admin_url(Theme, "changelist", "en"), data)

    assert page.status_code == 200
    assert response.status_code == 302
    assert versions_of(theme).get().field_dict["position"] == 20


# --- Every content admin, in each language ------------------------------------------------


# A record of each content model, and a translated field staff change.
CONTENT = {
    Country: (CountryFactory, "name"),
    Theme: (ThemeFactory, "name"),
    AllianceProfile: (make_alliance_profile, "name"),
    Organisation: (OrganisationFactory, "name"),
    Event: (EventFactory, "title"),
    Initiative: (InitiativeFactory, "title"),
}


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
@pytest.mark.parametrize("model", CONTENT, ids=lambda m: m.__name__)
def test_history_pages_render_translated_fields(admin_client, model, language):
    make, field = CONTENT[model]
    obj = make()
    save_in_admin(admin_client, obj, language)
    save_in_admin(admin_client, obj, language, **{f"{field}_kk": "Жаңа атауы"})
    first, second = versions_of(obj)

    history = admin_client.get(admin_url(model, "history", language, obj.pk))
    compare = admin_client.get(
        admin_url(model, "compare", language, obj.pk),
        {"version_id1": first.pk, "version_id2": second.pk},
    )
    revision = admin_client.get(admin_url(model, "revision", language, obj.pk, first.pk))

    assert history.status_code == compare.status_code == revision.status_code == 200
    assert f'lang="{language}"' in history.text
    # The diff names the Kazakh column, and only it.
    assert [row["field"].name for row in compare.context["compare_data"]] == [f"{field}_kk"]
    assert "Жаңа атауы" in compare.context["compare_data"][0]["diff"]
    # The version's form keeps modeltranslation's tabs: one per language.
    for code in ["en", "ru", "kk"]:
        assert f"mt-field-{field}-{code}" in revision.text
    assert "/static/modeltranslation/js/tabbed_translation_fields.js" in revision.text


@pytest.mark.parametrize(
    ("language", "back", "recover"),
    [
        ("ru", "Назад к истории", "Восстановить удалённые: организации"),
        ("kk", "Тарихқа оралу", "Жойылғандарды қалпына келтіру: ұйымдар"),
    ],
)
def test_history_pages_speak_the_admin_language(admin_client, language, back, recover):
    # The libraries ship no Kazakh and little Russian: locale_django completes them.
    organisation = OrganisationFactory()
    save_in_admin(admin_client, organisation, language)
    save_in_admin(admin_client, organisation, language, name_kk="Жаңа атауы")
    first, second = versions_of(organisation)

    compare = admin_client.get(
        admin_url(Organisation, "compare", language, organisation.pk),
        {"version_id1": first.pk, "version_id2": second.pk},
    )
    changelist = admin_client.get(admin_url(Organisation, "changelist", language))

    assert back in compare.text
    assert "Go back to history list" not in compare.text
    assert recover in changelist.text


@pytest.mark.parametrize(
    "model", [Country, Theme, Organisation, Event, Initiative], ids=lambda m: m.__name__
)
def test_changelist_links_to_recover_deleted_records(admin_client, model):
    response = admin_client.get(admin_url(model, "changelist", "en"))

    assert admin_url(model, "recoverlist", "en") in response.text


def test_event_history_works_on_the_registrations_admin(admin_client):
    # registrations re-registers Event with its own admin: history must survive that.
    from django.contrib import admin

    from registrations.admin import EventWithRegistrationsAdmin

    assert type(admin.site._registry[Event]) is EventWithRegistrationsAdmin
    event = EventFactory()

    save_in_admin(admin_client, event, capacity="20")

    assert versions_of(event).get().field_dict["capacity"] == 20


# --- Deleted records come back ------------------------------------------------------------


def make_organisation_with_contacts():
    organisation = OrganisationFactory(slug="eco-schools", name_en="Eco Schools")
    ContactPersonFactory(organisation=organisation, name="Aigerim Bekova", email="a@example.org")
    ContactPersonFactory(organisation=organisation, name="Timur Alimov", email="t@example.org")
    return organisation


def recover_in_admin(client, version):
    url = admin_url(Organisation, "recover", "en", version.pk)
    page = client.get(url)
    assert page.status_code == 200
    return client.post(url, submitted_form(page))


def test_deleted_organisation_recovered_with_its_contact_people(admin_client):
    # Made outside the admin, never edited: no version until it is deleted.
    organisation = make_organisation_with_contacts()
    delete_url = admin_url(Organisation, "delete", "en", organisation.pk)

    deleted = admin_client.post(delete_url, {"post": "yes"})
    recover_list = admin_client.get(admin_url(Organisation, "recoverlist", "en"))
    version = Version.objects.get_deleted(Organisation).get()
    response = recover_in_admin(admin_client, version)

    assert deleted.status_code == 302
    assert "Eco Schools" in page_text(recover_list)
    assert response.status_code == 302
    recovered = Organisation.objects.get(slug="eco-schools")
    assert recovered.name_en == "Eco Schools"
    assert sorted(recovered.contacts.values_list("name", "email")) == [
        ("Aigerim Bekova", "a@example.org"),
        ("Timur Alimov", "t@example.org"),
    ]
    assert not Version.objects.get_deleted(Organisation).exists()


def test_deleted_organisation_records_who_deleted_it(admin_client, admin_user):
    organisation = make_organisation_with_contacts()

    admin_client.post(admin_url(Organisation, "delete", "en", organisation.pk), {"post": "yes"})

    revision = Version.objects.get_deleted(Organisation).get().revision
    assert revision.user == admin_user
    assert revision.get_comment() == "Deleted."


def test_organisations_deleted_together_are_recovered_one_by_one(admin_client):
    kept_deleted = OrganisationFactory(slug="water-watch")
    organisation = make_organisation_with_contacts()

    response = admin_client.post(
        admin_url(Organisation, "changelist", "en"),
        {
            "action": "delete_selected",
            "_selected_action": [str(organisation.pk), str(kept_deleted.pk)],
            "post": "yes",
        },
    )
    version = Version.objects.get_deleted(Organisation).get(object_repr="Eco Schools")
    recover_in_admin(admin_client, version)

    assert response.status_code == 302
    assert Organisation.objects.get(slug="eco-schools").contacts.count() == 2
    # Each record has a revision of its own: recovering one leaves the other deleted.
    assert not Organisation.objects.filter(slug="water-watch").exists()


def test_recover_needs_the_permission_to_add(client):
    organisation = make_organisation_with_contacts()
    with reversion.create_revision():
        reversion.add_to_revision(organisation)
    organisation.delete()
    editor = User.objects.create_user("editor", password="secret", is_staff=True)
    editor.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_organisation", "change_organisation"])
    )
    client.force_login(editor)
    version = Version.objects.get_deleted(Organisation).get()

    response = client.get(admin_url(Organisation, "recover", "en", version.pk))

    assert response.status_code == 403
    assert not Organisation.objects.exists()


# --- What history leaves alone ------------------------------------------------------------


def test_personal_data_is_never_versioned():
    assert not reversion.is_registered(Registration)
    assert not reversion.is_registered(MembershipApplication)
    assert {model._meta.app_label for model in reversion.get_registered_models()} == {
        "common",
        "members",
        "events",
        "initiatives",
    }


def test_viewing_the_admin_writes_no_history(admin_client, event):
    admin_client.get(admin_url(Event, "changelist", "en"))
    admin_client.get(admin_url(Event, "change", "en", event.pk))
    admin_client.get(admin_url(Event, "history", "en", event.pk))

    assert not Revision.objects.exists()


def test_saving_outside_a_revision_writes_no_history(event):
    # Public pages and partner syncs save nothing; a save without a revision records nothing.
    event.title_en = "Renamed in the shell"
    event.save()
    ExpectedOutcome.objects.create(event=event, position=1, text_en="Another")

    assert not Version.objects.exists()


def test_recovered_contact_people_keep_their_privacy_setting(admin_client):
    organisation = make_organisation_with_contacts()
    organisation.contacts.filter(name="Timur Alimov").update(is_public=True)
    admin_client.post(admin_url(Organisation, "delete", "en", organisation.pk), {"post": "yes"})

    recover_in_admin(admin_client, Version.objects.get_deleted(Organisation).get())

    assert dict(ContactPerson.objects.values_list("name", "is_public")) == {
        "Aigerim Bekova": False,
        "Timur Alimov": True,
    }


def test_bulk_action_version_restores_the_record_with_its_parts(admin_client):
    """A version made by a bulk action is a whole version: restoring it undoes later edits."""
    from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

    theme = ThemeFactory()
    event = EventFactory(title_en="Climate Forum")
    ExpectedOutcomeFactory(event=event, text_en="A declaration")
    admin_client.post(
        admin_url(Event, "changelist", "en"),
        {
            "action": "add_theme",
            ACTION_CHECKBOX_NAME: [str(event.pk)],
            "confirmed": "yes",
            "choice": str(theme.pk),
        },
    )
    [version] = versions_of(event)
    event.title_en = "Renamed"
    event.save()
    event.outcomes.all().delete()
    event.themes.clear()

    restore_in_admin(admin_client, event, version)

    event.refresh_from_db()
    assert event.title_en == "Climate Forum"
    assert [outcome.text_en for outcome in event.outcomes.all()] == ["A declaration"]
    assert list(event.themes.all()) == [theme]

"""The admin shows each translation's state and keeps translators to their language.

Change form: each language's widget carries its state (the tab script marks
the tabs with it), an outdated one shows what changed in its source and links
to confirming it. Changelist: a "Languages" column beside the name, and the
"Translation" filter first. Translators ("Translators (kk)") change their
language's texts and nothing else, whatever they POST.
"""

import datetime
import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from events.models import Event, ExpectedOutcome
from initiatives.models import Initiative
from members.models import Organisation
from tests.admin_helpers import admin_url, submitted_form
from tests.factories import (
    EventFactory,
    ExpectedOutcomeFactory,
    InitiativeFactory,
    OrganisationFactory,
)
from translations import tracking
from translations.admin import TranslationFilter
from translations.models import Status, TranslationState

pytestmark = pytest.mark.django_db


def outdated_initiative():
    initiative = InitiativeFactory(
        title_en="Restoring the steppe",
        title_ru="Восстановление степи",
        title_kk="Даланы қалпына келтіру",
        summary_en="",
    )
    initiative.title_en = "Restoring the northern steppe"
    initiative.save()
    return initiative


def widget_attrs(response, name):
    form = response.context["adminform"].form
    return form.fields[name].widget.attrs


# --- The change form -------------------------------------------------------------------


def test_change_form_widgets_carry_each_language_state(admin_client):
    initiative = outdated_initiative()

    response = admin_client.get(admin_url(Initiative, "change", "en", initiative.pk))

    states = {
        code: widget_attrs(response, f"title_{code}")["data-translation-state"]
        for code in ("en", "ru", "kk")
    }
    assert states == {"en": "source", "ru": "outdated", "kk": "outdated"}
    assert 'data-translation-state="outdated"' in response.text
    # Summary left empty in every language: no state at all.
    assert "data-translation-state" not in widget_attrs(response, "summary_kk")


def test_change_form_outdated_field_shows_the_word_diff_and_a_confirm_link(admin_client):
    initiative = outdated_initiative()

    response = admin_client.get(admin_url(Initiative, "change", "en", initiative.pk))

    help_text = response.context["adminform"].form.fields["title_kk"].help_text
    assert "Restoring the <ins>northern</ins> steppe" in help_text
    confirm = reverse(
        "admin:initiatives_initiative_confirm_translation",
        args=[initiative.pk, "initiatives.initiative", initiative.pk, "title", "kk"],
    )
    assert confirm in response.text


def test_change_form_missing_part_translation_is_marked(admin_client):
    event = EventFactory()
    outcome = ExpectedOutcomeFactory(event=event, text_en="A road map", text_ru="Дорожная карта")

    response = admin_client.get(admin_url(Event, "change", "en", event.pk))

    (formset,) = [
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.model is ExpectedOutcome
    ]
    (form,) = [form for form in formset.forms if form.instance.pk == outcome.pk]
    assert form.fields["text_kk"].widget.attrs["data-translation-state"] == "missing"
    assert form.fields["text_ru"].widget.attrs["data-translation-state"] == "current"


def test_change_form_loads_the_tab_marks_after_modeltranslation(admin_client):
    organisation = OrganisationFactory()

    page = admin_client.get(admin_url(Organisation, "change", "kk", organisation.pk)).text

    tabs = page.index("modeltranslation/js/tabbed_translation_fields.js")
    assert page.index("translations/admin_tabs.js") > tabs
    # The one switcher's label, in the admin's language.
    assert 'data-switcher-label="Өңдеу тілі"' in page


def test_confirm_view_shows_the_diff_then_marks_up_to_date(admin_client):
    initiative = outdated_initiative()
    url = reverse(
        "admin:initiatives_initiative_confirm_translation",
        args=[initiative.pk, "initiatives.initiative", initiative.pk, "title", "ru"],
    )

    page = admin_client.get(url)
    assert "Restoring the <ins>northern</ins> steppe" in page.text
    assert "Восстановление степи" in page.text

    response = admin_client.post(url)

    assert response.status_code == 302
    states = tracking.field_states(Initiative.objects.get(pk=initiative.pk))["title"]
    assert states == {"en": "source", "ru": "current", "kk": "outdated"}


def test_confirm_view_refuses_a_part_of_another_record(admin_client):
    event, other = EventFactory(), EventFactory()
    outcome = ExpectedOutcomeFactory(event=other, text_ru="Итог")
    url = reverse(
        "admin:events_event_confirm_translation",
        args=[event.pk, "events.expectedoutcome", outcome.pk, "text", "ru"],
    )

    assert admin_client.post(url).status_code == 404


def test_add_form_saves_a_record_written_in_russian_alone(admin_client):
    page = admin_client.get(admin_url(Organisation, "add", "en"))
    data = submitted_form(
        page, source_language="ru", name_ru="Зелёная степь", kind="ngo", relation="member"
    )

    response = admin_client.post(admin_url(Organisation, "add", "en"), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    organisation = Organisation.objects.get(name_ru="Зелёная степь")
    assert (organisation.slug, organisation.source_language) == ("zelyonaya-step", "ru")
    assert not organisation.name_en


def test_add_form_requires_the_name_in_the_source_language(admin_client):
    page = admin_client.get(admin_url(Organisation, "add", "en"))
    data = submitted_form(page, source_language="kk", name_ru="Зелёная степь", kind="ngo")

    response = admin_client.post(admin_url(Organisation, "add", "en"), data)

    assert response.status_code == 200
    assert "name_kk" in response.context["adminform"].form.errors


# --- The changelist --------------------------------------------------------------------


def test_changelist_languages_column_is_second_and_filter_first(admin_client):
    OrganisationFactory()

    response = admin_client.get(admin_url(Organisation, "changelist", "en"))

    changelist = response.context["cl"]
    assert list(changelist.list_display[1:3]) == ["name", "translation_state"]
    assert isinstance(changelist.filter_specs[0], TranslationFilter)


@pytest.mark.parametrize(
    ("choice", "expected"),
    [
        ("missing-kk", {"no_kazakh", "russian_only"}),
        ("missing-en", {"russian_only"}),
        ("outdated-ru", {"outdated"}),
        ("outdated-kk", set()),
    ],
)
def test_changelist_translation_filter(admin_client, choice, expected):
    records = {
        "no_kazakh": OrganisationFactory(name_kk=""),
        "russian_only": OrganisationFactory(
            source_language="ru", name_en="", name_kk="", description_en="", mission_en=""
        ),
        "complete": OrganisationFactory(description_en="", mission_en=""),
        "outdated": OrganisationFactory(description_en="", mission_en=""),
    }
    outdated = records["outdated"]
    outdated.name_en = "Renamed"
    outdated.name_kk = outdated.name_kk + " (жаңа)"
    outdated.save()  # the Kazakh was updated with it, the Russian was not

    response = admin_client.get(
        admin_url(Organisation, "changelist", "en") + f"?translation={choice}"
    )

    found = {name for name, obj in records.items() if obj in response.context["cl"].result_list}
    assert found == expected


# --- Translators -----------------------------------------------------------------------


@pytest.fixture
def kazakh_translator(client):
    user = User.objects.create_user("aigerim", "aigerim@example.kz", "pw", is_staff=True)
    user.groups.add(Group.objects.get(name="Translators (kk)"))
    client.force_login(user)
    return user


def test_translator_groups_are_created_by_a_migration():
    names = set(Group.objects.filter(name__startswith="Translators").values_list("name", flat=True))
    assert names == {"Translators (en)", "Translators (ru)", "Translators (kk)"}


def test_translator_changes_kazakh_but_not_english_title_or_budget(client, kazakh_translator):
    initiative = outdated_initiative()
    url = admin_url(Initiative, "change", "kk", initiative.pk)
    page = client.get(url)
    assert page.status_code == 200
    # Only their language is a field of the form; the others are shown read-only.
    form_fields = set(page.context["adminform"].form.fields)
    assert {"title_kk", "summary_kk"} <= form_fields
    assert not {"title_en", "title_ru", "budget_amount", "start_date", "slug"} & form_fields
    assert "Restoring the northern steppe" in page.text

    data = {
        **submitted_form(page),
        "title_kk": "Солтүстік даланы қалпына келтіру",
        # What a hand-made POST might try: none of it is theirs to change.
        "title_en": "Hacked",
        "budget_amount": "1",
        "budget_currency": "USD",
        "start_date": "2001-01-01",
        "source_language": "kk",
    }
    response = client.post(url, data)

    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.title_kk == "Солтүстік даланы қалпына келтіру"
    assert initiative.title_en == "Restoring the northern steppe"
    assert (initiative.budget_amount, initiative.budget_currency) == (Decimal("1000000"), "EUR")
    assert initiative.start_date == datetime.date(2024, 1, 1)
    assert initiative.source_language == "en"
    # Their update makes the Kazakh up to date; the Russian is still outdated.
    assert tracking.field_states(initiative)["title"] == {
        "en": "source",
        "ru": "outdated",
        "kk": "current",
    }


def test_translator_cannot_add_or_delete(client, kazakh_translator):
    initiative = InitiativeFactory()

    assert client.get(admin_url(Initiative, "add", "kk")).status_code == 403
    assert (
        client.post(
            admin_url(Initiative, "delete", "kk", initiative.pk), {"post": "yes"}
        ).status_code
        == 403
    )
    assert Initiative.objects.filter(pk=initiative.pk).exists()
    assert client.get(admin_url(Initiative, "changelist", "kk")).status_code == 200


def test_translator_changes_a_part_text_but_adds_no_part(client, kazakh_translator):
    event = EventFactory()
    outcome = ExpectedOutcomeFactory(event=event, text_en="A road map", text_kk="")
    url = admin_url(Event, "change", "kk", event.pk)
    page = client.get(url)
    data = submitted_form(page)
    prefix = next(
        inline.formset.prefix
        for inline in page.context["inline_admin_formsets"]
        if inline.formset.model is ExpectedOutcome
    )
    data[f"{prefix}-0-text_kk"] = "Жол картасы"
    data[f"{prefix}-0-text_en"] = "Changed"
    data[f"{prefix}-TOTAL_FORMS"] = "2"
    data[f"{prefix}-1-text_kk"] = "Жаңа нәтиже"

    response = client.post(url, data)

    assert response.status_code == 302
    outcome.refresh_from_db()
    assert (outcome.text_kk, outcome.text_en) == ("Жол картасы", "A road map")
    assert event.outcomes.count() == 1


def test_translator_cannot_restore_a_version(client, kazakh_translator):
    organisation = OrganisationFactory()

    response = client.get(
        admin_url(Organisation, "change", "kk", organisation.pk).replace("/change/", "/history/1/")
    )

    assert response.status_code == 403


def test_translator_confirms_only_their_language(client, kazakh_translator):
    initiative = outdated_initiative()

    def confirm(language):
        return client.post(
            reverse(
                "admin:initiatives_initiative_confirm_translation",
                args=[initiative.pk, "initiatives.initiative", initiative.pk, "title", language],
            )
        )

    assert confirm("ru").status_code == 403
    assert confirm("kk").status_code == 302


def test_translator_does_not_change_reference_data(client, kazakh_translator):
    from common.models import Theme
    from tests.factories import ThemeFactory

    theme = ThemeFactory()
    assert client.get(admin_url(Theme, "change", "kk", theme.pk)).status_code == 403


# --- The dashboard ---------------------------------------------------------------------


def test_dashboard_lists_pending_with_counts_newest_first(admin_client):
    older = OrganisationFactory(name_en="Older", name_kk="")
    newer = outdated_initiative()
    TranslationState.objects.of(older).update(
        changed_at=datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
    )

    response = admin_client.get(reverse("admin:translations_dashboard", args=["kk"]))

    items = response.context["items"]
    assert [item.row.record for item in items][:2] == [newer, older] or items[0].row.record == newer
    assert items[-1].row.record == older
    assert (response.context["total_missing"], response.context["total_outdated"]) >= (1, 1)
    assert "Restoring the <ins>northern</ins> steppe" in response.text
    counts = {
        str(kind): (missing, outdated) for kind, missing, outdated in response.context["table"]
    }
    assert counts["initiatives"][1] == 1


def test_dashboard_takes_a_translator_to_their_language(client, kazakh_translator):
    response = client.get(reverse("admin:translations_translationstate_changelist"))

    assert response["Location"] == reverse("admin:translations_dashboard", args=["kk"])
    assert client.get(response["Location"]).status_code == 200


def test_dashboard_queries_do_not_grow(admin_client, django_assert_max_num_queries):
    for index in range(30):
        outcome = ExpectedOutcomeFactory(text_en=f"Outcome {index}", text_kk="")
    # session, user, counts, content types, page count, page of states, records per kind
    # (2: organisations and countries of the factories, events, outcomes), outcomes' events.
    with django_assert_max_num_queries(14):
        response = admin_client.get(reverse("admin:translations_dashboard", args=["kk"]))
    assert response.status_code == 200
    assert outcome.text_en in response.text or response.context["page"].paginator.count > 50


def test_front_page_tells_a_translator_what_waits(client, kazakh_translator):
    OrganisationFactory(name_kk="")

    page = client.get(reverse("admin:index")).content.decode()

    assert re.search(r"\d+ text", page) or "аударма" in page
    assert Status.MISSING


def test_part_text_is_required_in_the_record_source_language(admin_client):
    event = EventFactory(source_language="kk", title_kk="Форум")
    url = admin_url(Event, "change", "en", event.pk)
    page = admin_client.get(url)
    data = submitted_form(page)
    prefix = next(
        inline.formset.prefix
        for inline in page.context["inline_admin_formsets"]
        if inline.formset.model is ExpectedOutcome
    )
    data[f"{prefix}-TOTAL_FORMS"] = "1"
    data[f"{prefix}-0-text_en"] = "A road map"  # no Kazakh: the event is written in Kazakh

    response = admin_client.post(url, data)

    assert response.status_code == 200
    (formset,) = [
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.model is ExpectedOutcome
    ]
    assert "text_kk" in formset.forms[0].errors
    assert not ExpectedOutcome.objects.exists()


def test_translator_gets_no_list_action(client, kazakh_translator):
    initiative = InitiativeFactory()

    page = client.get(admin_url(Initiative, "changelist", "kk"))
    response = client.post(
        admin_url(Initiative, "changelist", "kk"),
        {"action": "delete_selected", "_selected_action": [initiative.pk], "post": "yes"},
    )

    assert page.context["action_form"] is None
    assert response.status_code in (200, 302)
    assert Initiative.objects.filter(pk=initiative.pk).exists()

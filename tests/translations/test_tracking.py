"""Each translation's state is kept by the model, whatever path saved the record.

translations.tracking listens to every translated model's saves: a plain
`.save()` in the shell, a fixture load, a factory, the admin. A translation is
up to date while its source text is the one it was made from; when the source
changes it is outdated until a translator changes it or confirms it.
"""

import pytest
from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import ExpectedOutcome
from members.models import Organisation
from tests.factories import EventFactory, ExpectedOutcomeFactory, OrganisationFactory
from translations import tracking
from translations.models import Status, TranslationState

pytestmark = pytest.mark.django_db


def states(obj, field):
    """The field's state in each language, as read back from the database."""
    return tracking.field_states(type(obj).objects.get(pk=obj.pk))[field]


def test_tracking_new_record_in_three_languages_is_up_to_date():
    organisation = OrganisationFactory(
        name_en="Green Steppe", name_ru="Зелёная степь", name_kk="Жасыл дала"
    )

    assert states(organisation, "name") == {"en": "source", "ru": "current", "kk": "current"}
    row = TranslationState.objects.of(organisation).get(field="name", language="kk")
    assert (row.status, row.based_on, row.source_language) == ("current", "Green Steppe", "en")


def test_tracking_shell_save_of_a_changed_source_marks_the_others_outdated():
    organisation = OrganisationFactory(
        name_en="Green Steppe", name_ru="Зелёная степь", name_kk="Жасыл дала"
    )

    # As in `manage.py shell`: fetch, change the English, save.
    record = Organisation.objects.get(pk=organisation.pk)
    record.name_en = "Green Steppe Foundation"
    record.save()

    assert states(record, "name") == {"en": "source", "ru": "outdated", "kk": "outdated"}
    assert set(
        TranslationState.objects.of(record).filter(field="name").values_list("status", flat=True)
    ) == {Status.OUTDATED}
    # Fields whose source did not change stay up to date.
    assert states(record, "description")["en"] == "source"


def test_tracking_translator_update_makes_one_language_up_to_date():
    organisation = OrganisationFactory(
        name_en="Green Steppe", name_ru="Зелёная степь", name_kk="Жасыл дала"
    )
    organisation.name_en = "Green Steppe Foundation"
    organisation.save()

    organisation.name_kk = "Жасыл дала қоры"
    organisation.save()

    assert states(organisation, "name") == {"en": "source", "ru": "outdated", "kk": "current"}
    row = TranslationState.objects.of(organisation).get(field="name", language="kk")
    assert row.based_on == "Green Steppe Foundation"


def test_tracking_source_back_to_what_was_translated_is_up_to_date_again():
    organisation = OrganisationFactory(
        name_en="Green Steppe", name_ru="Зелёная степь", name_kk="Жасыл дала"
    )
    organisation.name_en = "Green Steppe Foundation"
    organisation.save()
    organisation.name_en = "Green Steppe"
    organisation.save()

    assert states(organisation, "name") == {"en": "source", "ru": "current", "kk": "current"}


def test_tracking_confirm_makes_an_outdated_translation_up_to_date():
    organisation = OrganisationFactory(
        name_en="Green Steppe", name_ru="Зелёная степь", name_kk="Жасыл дала"
    )
    organisation.name_en = "Green  Steppe"  # a typo fixed: the Russian is still right
    organisation.save()

    assert tracking.confirm(organisation, "name", "ru")

    assert states(organisation, "name") == {"en": "source", "ru": "current", "kk": "outdated"}


def test_tracking_russian_source_with_english_missing():
    organisation = Organisation(
        name_ru="Экологический центр «Жасыл»", description_ru="Учим детей.", source_language="ru"
    )
    organisation.full_clean(exclude=["slug"])
    organisation.save()

    assert organisation.slug == "ekologicheskiy-tsentr-zhasyl"
    assert states(organisation, "name") == {"en": "missing", "ru": "source", "kk": "missing"}
    # Fields empty in every language have no state at all.
    assert states(organisation, "mission") == {"en": None, "ru": None, "kk": None}
    assert not TranslationState.objects.of(organisation).filter(field="mission").exists()


def test_tracking_kazakh_source_gives_a_latin_slug():
    organisation = Organisation(name_kk="Қазақстан жасыл өңірі", source_language="kk")
    organisation.save()

    assert organisation.slug == "qazaqstan-zhasyl-oniri"


def test_tracking_source_language_field_is_required_only_there():
    organisation = Organisation(name_ru="Экоцентр", slug="ekotsentr", source_language="kk")

    with pytest.raises(ValidationError) as error:
        organisation.full_clean()

    assert set(error.value.message_dict) == {"name_kk"}
    organisation.source_language = "ru"
    organisation.full_clean()  # English is not required any more


def test_tracking_field_empty_in_the_source_language_is_translated_from_another():
    organisation = OrganisationFactory(
        name_en="Steppe",
        name_ru="Степь",
        name_kk="Дала",
        source_language="ru",
        mission_en="Green.",
        mission_ru="",
    )

    # The Russian record's mission exists only in English: Russian and Kazakh miss it.
    assert states(organisation, "mission") == {"en": "source", "ru": "missing", "kk": "missing"}


def test_tracking_parts_follow_their_parent_source_language():
    event = EventFactory(source_language="kk", title_kk="Климат форумы")
    outcome = ExpectedOutcomeFactory(
        event=event, text_en="", text_kk="Жол картасы", text_ru="Дорожная карта"
    )

    assert tracking.field_states(outcome)["text"] == {
        "en": "missing",
        "ru": "current",
        "kk": "source",
    }
    outcome.text_kk = "Жаңа жол картасы"
    outcome.save()
    assert tracking.field_states(outcome)["text"]["ru"] == "outdated"


def test_tracking_fixture_load_keeps_states(tmp_path):
    organisation = OrganisationFactory(name_en="Green Steppe", name_ru="Зелёная степь", name_kk="")
    path = tmp_path / "organisation.json"
    record = Organisation.objects.get(pk=organisation.pk)
    record.name_en = "Green Steppe Foundation"
    path.write_text(serializers.serialize("json", [record]), encoding="utf-8")

    call_command("loaddata", str(path), verbosity=0)

    assert states(organisation, "name") == {"en": "source", "ru": "outdated", "kk": "missing"}


def test_tracking_delete_removes_the_states():
    organisation = OrganisationFactory()
    assert TranslationState.objects.of(organisation).exists()
    stale = TranslationState.objects.of(organisation)

    organisation.delete()

    assert not stale.exists()


def test_tracking_refresh_after_a_bulk_update_finds_outdated():
    organisation = OrganisationFactory(name_en="Green Steppe", name_ru="Зелёная степь")
    Organisation.objects.filter(pk=organisation.pk).update(name_en="Blue Steppe")  # no signal

    call_command("refresh_translation_states", verbosity=0)

    row = TranslationState.objects.of(organisation).get(field="name", language="ru")
    assert row.status == Status.OUTDATED


def test_tracking_source_language_switch_keeps_right_translations_up_to_date():
    organisation = OrganisationFactory(
        name_en="Green Steppe", name_ru="Зелёная степь", name_kk="Жасыл дала"
    )

    organisation.source_language = "ru"
    organisation.save()

    assert states(organisation, "name") == {"en": "current", "ru": "source", "kk": "current"}


def test_tracking_save_of_other_fields_only_costs_no_state_query():
    organisation = OrganisationFactory()

    with CaptureQueriesContext(connection) as queries:
        organisation.relation = "partner"
        organisation.save(update_fields=["relation"])

    # Nothing translated changed: neither the old texts nor the states are read.
    sql = " ".join(query["sql"] for query in queries.captured_queries)
    assert "translations_translationstate" not in sql
    assert "name_kk" not in sql


def test_tracking_parts_without_their_parent_default_to_english():
    outcome = ExpectedOutcome(text_ru="Итог")
    assert tracking.source_language_of(outcome) == "en"

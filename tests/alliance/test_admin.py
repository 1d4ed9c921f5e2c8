"""The admin: every model in the tabbed EN/RU/KK editor, in each admin language.

Staff choose the admin's language by its URL (/en/admin/, /ru/admin/,
/kk/admin/), so every page is checked under all three prefixes. What staff may
enter for one model is checked in its app's folder (tests/<app>/test_admin.py).
"""

import html
import json
import re

import pytest
from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.contrib.staticfiles import finders
from django.utils import translation
from django.utils.html import escape

from alerts.models import Subscription
from applications.models import MembershipApplication
from common.models import AllianceProfile, Country, Region, Theme
from events.models import Event, EventParticipation, ExpectedOutcome
from initiatives.models import Initiative, Participation, ThemeSector
from members.models import ContactPerson, Organisation
from registrations.models import Registration
from tests.admin_helpers import admin_url, changelist_objects, make_alliance_profile, url_in
from tests.factories import (
    ContactPersonFactory,
    CountryFactory,
    CountryShareFactory,
    EventFactory,
    EventParticipationFactory,
    EventSpokenLanguageFactory,
    ExpectedOutcomeFactory,
    InitiativeFactory,
    OrganisationFactory,
    ParticipationFactory,
    RegionFactory,
    RegionShareFactory,
    ThemeFactory,
    ThemeSectorFactory,
)
from translations.admin import complete_languages, missing_translation
from translations.models import TranslationState
from translations.registry import translated_fields

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "ru", "kk"]


# --- Local helpers ---------------------------------------------------------


def make_organisation():
    organisation = OrganisationFactory()
    organisation.themes.set([ThemeFactory()])
    ContactPersonFactory(organisation=organisation)
    return organisation


def make_event():
    event = EventFactory()
    event.themes.set([ThemeFactory()])
    EventSpokenLanguageFactory(event=event)
    ExpectedOutcomeFactory(event=event)
    EventParticipationFactory(event=event)
    EventFactory(parent=event, kind="side_event")
    return event


def make_initiative():
    initiative = InitiativeFactory()
    initiative.themes.set([ThemeFactory()])
    ParticipationFactory(initiative=initiative)
    CountryShareFactory(initiative=initiative)
    RegionShareFactory(initiative=initiative)
    return initiative


def make_region():
    return RegionFactory(countries=[CountryFactory(code="KZ")])


# Every model the admin edits, and how to make a complete record of it.
MAKERS = {
    Country: CountryFactory,
    Region: make_region,
    Theme: ThemeFactory,
    AllianceProfile: make_alliance_profile,
    Organisation: make_organisation,
    Event: make_event,
    Initiative: make_initiative,
    ThemeSector: ThemeSectorFactory,
    User: lambda: User.objects.create_user("editor", "editor@example.org", "secret"),
    Group: lambda: Group.objects.create(name="Editors"),
}


def str_in(obj, language):
    with translation.override(language):
        return escape(str(obj))


def script_sources(html):
    return re.findall(r'<script[^>]*\bsrc="([^"]*)"', html)


# --- Every model, every page, every language -------------------------------


# Registered models whose admin (permissions, actions, three languages) is
# tested in their own feature's file instead of through MAKERS.
TESTED_ELSEWHERE = {
    MembershipApplication,  # tests/applications/test_membership.py
    Registration,  # tests/registrations/test_registration.py
    Subscription,  # tests/alerts/test_alerts.py
    AccessAttempt,  # tests/alliance/test_login_lockout.py
    TranslationState,  # tests/translations/test_admin.py (the translation dashboard)
}


def test_registry_every_model_covered():
    assert set(admin.site._registry) == set(MAKERS) | TESTED_ELSEWHERE


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("model", MAKERS, ids=lambda m: m.__name__)
def test_changelist_renders_with_records(admin_client, model, language):
    obj = MAKERS[model]()

    response = admin_client.get(admin_url(model, "changelist", language))

    assert response.status_code == 200
    assert f'lang="{language}"' in response.text
    assert obj in changelist_objects(response)
    assert str_in(obj, language) in response.text


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("model", MAKERS, ids=lambda m: m.__name__)
def test_add_form_renders_empty(admin_client, model, language):
    response = admin_client.get(admin_url(model, "add", language))

    assert response.status_code == 200
    assert response.context["adminform"].form.instance.pk is None


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("model", MAKERS, ids=lambda m: m.__name__)
def test_change_form_renders_record(admin_client, model, language):
    obj = MAKERS[model]()

    response = admin_client.get(admin_url(model, "change", language, obj.pk))

    assert response.status_code == 200
    assert response.context["original"] == obj
    assert str_in(obj, language) in response.text


# ThemeSector holds codes only: nothing to translate.
TRANSLATED = [
    model for model in MAKERS if model._meta.app_label != "auth" and model is not ThemeSector
]
# The translated models edited inline, one row each in the MAKERS' records.
TRANSLATED_INLINES = {
    Organisation: [ContactPerson],
    Event: [ExpectedOutcome, EventParticipation],
    Initiative: [Participation],
}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("model", TRANSLATED, ids=lambda m: m.__name__)
def test_change_form_translated_fields_have_three_tabs(admin_client, model, language):
    obj = MAKERS[model]()

    response = admin_client.get(admin_url(model, "change", language, obj.pk))

    # modeltranslation's script groups the inputs into one tab per language
    # by these classes; the first language is the default one.
    for form_model in [model, *TRANSLATED_INLINES.get(model, [])]:
        for field in translated_fields(form_model):
            for code in LANGUAGES:
                assert f"mt-field-{field}-{code}" in response.text, (form_model, field, code)
            assert f"mt-field-{field}-en mt-default" in response.text
    assert "/static/modeltranslation/js/tabbed_translation_fields.js" in script_sources(
        response.text
    )


@pytest.mark.parametrize("model", TRANSLATED, ids=lambda m: m.__name__)
def test_change_form_scripts_come_from_our_server(admin_client, model):
    obj = MAKERS[model]()

    response = admin_client.get(admin_url(model, "change", "en", obj.pk))

    sources = script_sources(response.text)
    assert "/static/vendor/jquery-ui/jquery-ui.min.js" in sources
    assert all(src.startswith("/") and not src.startswith("//") for src in sources), sources
    assert "googleapis" not in response.text
    # Nothing loaded from another host. (Not a bare "cdn" search: the random
    # CSRF token can contain those letters.)
    assert not re.search(r'<(script|link)[^>]*\b(src|href)="(https?:)?//', response.text)


def test_add_form_slug_follows_english_name_of_reference_data(admin_client):
    response = admin_client.get(admin_url(Theme, "add", "ru"))

    config = re.search(r'data-prepopulated-fields="([^"]*)"', response.text).group(1)
    fields = json.loads(html.unescape(config))
    assert [(f["id"], f["dependency_ids"]) for f in fields] == [("#id_slug", ["#id_name_en"])]


@pytest.mark.parametrize("model", [Organisation, Event, Initiative], ids=lambda m: m.__name__)
def test_add_form_slug_comes_from_the_source_language_when_saved(admin_client, model):
    # Content may be written in Russian or Kazakh alone: no English title to copy as typed.
    response = admin_client.get(admin_url(model, "add", "ru"))

    assert 'data-prepopulated-fields="[]"' in response.text
    assert not response.context["adminform"].form.fields["slug"].required
    assert "source_language" in response.context["adminform"].form.fields


def test_vendored_jquery_ui_ships_with_licence():
    assert finders.find("vendor/jquery-ui/jquery-ui.min.js")
    assert finders.find("vendor/jquery-ui/LICENSE.txt")


# --- Kazakh ----------------------------------------------------------------


def test_kazakh_admin_index_shows_strings_django_lacks(admin_client):
    # Django's own kk catalogue leaves "View site", "Recent actions" and the
    # app name "Authentication and Authorization" untranslated: locale_django has them.
    response = admin_client.get(url_in("kk", "admin:index"))

    assert response.status_code == 200
    assert "Сайтты қарау" in response.text
    assert "Соңғы әрекеттер" in response.text
    assert "Аутентификация және авторизация" in response.text
    assert "View site" not in response.text


def test_kazakh_changelist_shows_our_names_and_corrected_django_strings(admin_client):
    OrganisationFactory()

    response = admin_client.get(admin_url(Organisation, "changelist", "kk"))

    # Our verbose name inside Django's "Select %s to change", which Django's kk
    # catalogue spells "%s өзгерту үщін таңда".
    assert "<h1>Өзгерту үшін ұйым таңдаңыз</h1>" in response.text
    # Our filter title inside Django's " By %(filter_title)s ".
    assert "аударма бойынша" in response.text
    assert "Аудармасы жоқ: Қазақ тілі" in response.text


def test_kazakh_javascript_catalogue_has_month_names(admin_client):
    response = admin_client.get(url_in("kk", "admin:jsi18n"))

    assert response.status_code == 200
    # The catalogue is JSON, non-ASCII escaped.
    assert json.dumps("Қаңтар") in response.text  # January, for the calendar widget
    assert json.dumps("Сәрсенбі") in response.text  # Wednesday


# --- Translation completeness ----------------------------------------------


def test_languages_column_shows_each_language_state(admin_client):
    complete = CountryFactory(code="KZ")
    no_kazakh = CountryFactory(code="KG", name_kk="")
    no_russian = CountryFactory(code="TJ", name_ru=None)

    response = admin_client.get(admin_url(Country, "changelist", "en"))

    cells = {
        pk: re.findall(r'class="translation-badge translation-(\w+)" title="[^"]*">(\w\w)', cell)
        for pk, cell in re.findall(
            r'<a href="[^"]*/(\d+)/change/[^"]*">[^<]*</a>.*?'
            r'<td class="field-translation_state">(.*?)</td>',
            response.text,
            flags=re.S,
        )
    }
    assert cells == {
        str(complete.pk): [("source", "EN"), ("current", "RU"), ("current", "KK")],
        str(no_kazakh.pk): [("source", "EN"), ("current", "RU"), ("missing", "KK")],
        str(no_russian.pk): [("source", "EN"), ("missing", "RU"), ("current", "KK")],
    }


def test_languages_column_a_field_in_one_language_alone_is_missing_in_the_others():
    organisation = OrganisationFactory(
        description_en="", mission_en=None, founding_note_ru="Только по-русски"
    )

    # The factory gives Russian and Kazakh names; the founding note is Russian only.
    assert complete_languages(organisation) == ["ru"]


def test_languages_column_counts_every_translated_field():
    organisation = OrganisationFactory(description_ru="Описание", mission_ru="Миссия")

    # The factory gives English description and mission, and Kazakh for neither.
    assert complete_languages(organisation) == ["en", "ru"]


@pytest.mark.parametrize(
    ("language", "label"), [("kk", "Missing in Kazakh"), ("ru", "Missing in Russian")]
)
def test_missing_translation_filter_returns_incomplete_records(admin_client, language, label):
    complete = OrganisationFactory(
        description_ru="Описание",
        description_kk="Сипаттама",
        mission_ru="Миссия",
        mission_kk="Миссия",
    )
    no_kazakh_mission = OrganisationFactory(
        description_ru="Описание", description_kk="Сипаттама", mission_ru="Миссия"
    )
    no_russian_name = OrganisationFactory(
        name_ru=None,
        description_ru="Описание",
        description_kk="Сипаттама",
        mission_ru="Миссия",
        mission_kk="Миссия",
    )
    expected = {"kk": {no_kazakh_mission}, "ru": {no_russian_name}}[language]

    response = admin_client.get(
        admin_url(Organisation, "changelist", "en") + f"?translation=missing-{language}"
    )

    assert response.status_code == 200
    assert label in response.text
    assert changelist_objects(response) == expected
    assert complete not in changelist_objects(response)


def test_missing_translation_filter_agrees_with_languages_column():
    organisations = [
        OrganisationFactory(),
        OrganisationFactory(name_kk="", description_kk="Сипаттама", mission_kk="Миссия"),
        OrganisationFactory(
            description_ru="Описание",
            description_kk="Сипаттама",
            mission_ru="Миссия",
            mission_kk="Миссия",
        ),
    ]

    for language in ["ru", "kk"]:
        missing = set(Organisation.objects.filter(missing_translation(Organisation, language)))
        assert missing == {o for o in organisations if language not in complete_languages(o)}


# --- Search ----------------------------------------------------------------


SEARCHES = {
    Organisation: (
        OrganisationFactory,
        {"name_ru": "Экошкола", "name_kk": "Экомектеп"},
        {"name_ru": "Водоканал", "name_kk": "Сукәріз"},
    ),
    Event: (
        EventFactory,
        {"title_ru": "Форум", "title_kk": "Жиын"},
        {"title_ru": "Саммит", "title_kk": "Саммит"},
    ),
    Initiative: (
        InitiativeFactory,
        {"title_ru": "Зелёные школы", "title_kk": "Жасыл мектептер"},
        {"title_ru": "Чистый воздух", "title_kk": "Таза ауа"},
    ),
    Country: (
        CountryFactory,
        {"code": "UZ", "name_ru": "Узбекистан", "name_kk": "Өзбекстан"},
        {"code": "KZ", "name_ru": "Казахстан", "name_kk": "Қазақстан"},
    ),
    Region: (
        RegionFactory,
        {"code": "619", "name_ru": "Центральная Азия", "name_kk": "Орталық Азия"},
        {"code": "89", "name_ru": "Европа", "name_kk": "Еуропа"},
    ),
    Theme: (
        ThemeFactory,
        {"name_ru": "Вода", "name_kk": "Су"},
        {"name_ru": "Лес", "name_kk": "Орман"},
    ),
}


@pytest.mark.parametrize("language", ["ru", "kk"])
@pytest.mark.parametrize("model", SEARCHES, ids=lambda m: m.__name__)
def test_search_finds_record_by_translated_name(admin_client, model, language):
    factory, wanted, other = SEARCHES[model]
    obj = factory(**wanted)
    decoy = factory(**other)
    field = "title" if model in (Event, Initiative) else "name"

    response = admin_client.get(
        admin_url(model, "changelist", "en"), {"q": getattr(obj, f"{field}_{language}")}
    )

    assert changelist_objects(response) == {obj}
    assert decoy not in changelist_objects(response)


# --- Query counts ----------------------------------------------------------


def make_rows(model, count):
    if model is AllianceProfile:  # one row at most, held by the database
        return [make_alliance_profile()]
    if model is Country:  # the factory cycles through five codes
        codes = [f"{a}{b}" for a in "ABCDEFGHIJ" for b in "ABCDEFGHIJ"][:count]
        return [CountryFactory(code=code) for code in codes]
    if model is Region:  # the factory makes Central Asia
        countries = [CountryFactory(code=code) for code in ("KZ", "KG")]
        return [RegionFactory(code=str(100 + n), countries=countries) for n in range(count)]
    return [MAKERS[model]() for _ in range(count)]


# Each changelist's queries, whatever the number of rows. Every admin page:
# session, user, and "may staff add an alliance profile?" (the sidebar's add
# link). Every changelist: the filtered count, the total count and the page's
# rows (with whether each language has an outdated field, for the "Languages" column). Besides:
QUERY_BOUNDS = {
    Country: 3 + 3,
    Theme: 3 + 3,
    # + the countries of the rows, for the "countries" column
    Region: 3 + 3 + 1,
    # + the add permission asked again for the "Add" button
    AllianceProfile: 3 + 3 + 1,
    # + the country and theme filters' choices
    Organisation: 3 + 3 + 2,
    # + the country and theme filters' choices, the date hierarchy's range and its days
    Event: 3 + 3 + 4,
    # + the country, region and theme filters' choices, the currencies in use, and
    #   the participations with their organisations for the "lead" column
    Initiative: 3 + 3 + 5,
}


@pytest.mark.parametrize("rows", [3, 30])
@pytest.mark.parametrize("model", QUERY_BOUNDS, ids=lambda m: m.__name__)
def test_changelist_queries_bounded(admin_client, django_assert_max_num_queries, model, rows):
    make_rows(model, rows)
    url = admin_url(model, "changelist", "kk")

    with django_assert_max_num_queries(QUERY_BOUNDS[model]):
        response = admin_client.get(url)

    assert len(response.context["cl"].result_list) == model.objects.count()

"""About, Contact and Privacy: the alliance's profile, its public contact, what the forms keep."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from common.models import AllianceProfile
from tests.admin_helpers import admin_url
from tests.factories import AllianceProfileFactory, CountryFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "ru", "kk"]


def url_in(language, name):
    with translation.override(language):
        return reverse(name)


def get(client, language, name):
    response = client.get(url_in(language, name))
    assert response.status_code == 200
    assert f'<html lang="{language}">' in response.content.decode()
    return response.content.decode()


@pytest.fixture
def profile():
    profile = AllianceProfileFactory(
        name_kk="Орталық Азия климаттық білім беру альянсы",
        acronym_kk="ЦАКО",
        goal_kk="Біздің төрт елімізде міндетті климаттық білім беру.",
        description_en="Formed by education and environmental organisations.",
        description_ru="Создан образовательными и экологическими организациями.",
        formed_in_ru="Алматы",
        formed_in_kk="Алматы",
    )
    kazakhstan = CountryFactory(
        code="KZ", name_en="Kazakhstan", name_ru="Казахстан", name_kk="Қазақстан"
    )
    kyrgyzstan = CountryFactory(
        code="KG", name_en="Kyrgyzstan", name_ru="Кыргызстан", name_kk="Қырғызстан"
    )
    profile.countries.set([kazakhstan, kyrgyzstan])
    OrganisationFactory.create_batch(3, country=kazakhstan)
    OrganisationFactory(relation="partner", country=kazakhstan)
    return profile


# --- About -------------------------------------------------------------------

ABOUT = {
    "en": (
        "Central Asian Climate Education Alliance",
        "Compulsory climate education in our four countries.",
        "May 2023",
        "3 member organisations",
        "Kazakhstan",
    ),
    "ru": (
        "Центрально-Азиатский Альянс Климатического Образования",
        "Обязательное климатическое образование в наших четырёх странах.",
        "май 2023",
        "3 организации-члена",
        "Казахстан",
    ),
    "kk": (
        "Орталық Азия климаттық білім беру альянсы",
        "Біздің төрт елімізде міндетті климаттық білім беру.",
        "2023 ж. мамыр",
        "3 мүше ұйым",
        "Қазақстан",
    ),
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_about_shows_the_alliance_profile_in_each_language(client, profile, language):
    name, goal, formed_on, members, country = ABOUT[language]

    content = get(client, language, "about")

    assert f"<h1>{name}</h1>" in content
    assert goal in content
    assert formed_on in content.replace("\u202f", " ").replace("\xa0", " ")
    assert "Almaty" in content or "Алматы" in content
    assert "<dd>TsAKO</dd>" in content or "<dd>ЦАКО</dd>" in content
    # The member count (members only, not the partner) links to the directory.
    assert f'<a href="/{language}/members/">{members}</a>' in content
    # Each country the members come from, linked to its page.
    assert f'<a href="/{language}/countries/kz/">{country}</a>' in content
    assert f'href="/{language}/countries/kg/"' in content


def test_about_says_so_while_there_is_no_profile(client):
    content = get(client, "ru", "about")

    assert "Профиль альянса ещё не опубликован." in content


@pytest.mark.parametrize("language", LANGUAGES)
def test_about_query_count_is_bounded(client, profile, language, django_assert_max_num_queries):
    OrganisationFactory.create_batch(10)
    # The profile, its countries, the member count.
    with django_assert_max_num_queries(3):
        response = client.get(url_in(language, "about"))

    assert response.status_code == 200


# --- Contact -----------------------------------------------------------------

NO_CONTACT = {
    "en": "The alliance has not published a public contact yet.",
    "ru": "Альянс ещё не опубликовал публичные контакты.",
    "kk": "Альянс ашық байланыс деректерін әлі жарияламаған.",
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_contact_says_honestly_that_none_is_published_and_points_to_the_forms(
    client, profile, language
):
    content = get(client, language, "contact")

    assert NO_CONTACT[language] in content
    assert f'href="/{language}/join/"' in content
    assert f'href="/{language}/events/"' in content
    assert f'href="/{language}/privacy/"' in content
    # Nothing is suggested that the alliance has not published.
    assert "mailto:" not in content
    assert "tel:" not in content


def test_contact_seeded_profile_publishes_no_contact(client):
    # The source documents give none: the seed leaves every field empty.
    fixtures = Path(settings.BASE_DIR) / "fixtures"
    call_command(
        "loaddata", fixtures / "01_countries.json", fixtures / "03_alliance.json", verbosity=0
    )
    seeded = AllianceProfile.current()

    assert (seeded.contact_email, seeded.contact_phone, seeded.postal_address) == ("", "", "")
    assert not seeded.contact_notes and not seeded.privacy_notice and not seeded.data_controller
    assert NO_CONTACT["en"] in get(client, "en", "contact")


def test_contact_shows_what_staff_publish_at_once(client, profile):
    before = get(client, "en", "contact")  # now in the page cache

    profile.contact_email = "info@tsako.example.org"
    profile.contact_phone = "+7 727 000 00 00"
    profile.postal_address_en = "1 Example Street\nAlmaty"
    profile.postal_address_ru = "ул. Примерная, 1\nАлматы"
    profile.contact_notes_en = "We answer in English, Russian and Kazakh."
    profile.save()
    english = get(client, "en", "contact")
    russian = get(client, "ru", "contact")
    kazakh = get(client, "kk", "contact")

    assert NO_CONTACT["en"] in before
    assert NO_CONTACT["en"] not in english
    assert '<a href="mailto:info@tsako.example.org">info@tsako.example.org</a>' in english
    assert '<a href="tel:+77270000000">+7 727 000 00 00</a>' in english
    assert "1 Example Street<br>Almaty" in english
    assert "We answer in English, Russian and Kazakh." in english
    assert "ул. Примерная, 1<br>Алматы" in russian
    # No Kazakh address yet: the Russian one, marked as such.
    assert "ул. Примерная, 1" in kazakh
    assert 'class="notice" role="note"' in kazakh


def test_contact_and_privacy_fields_are_edited_in_three_language_tabs(admin_client, profile):
    response = admin_client.get(admin_url(AllianceProfile, "change", "en", profile.pk))

    content = response.content.decode()
    for field in ("postal_address", "contact_notes", "privacy_notice", "data_controller"):
        for language in LANGUAGES:
            assert f'name="{field}_{language}"' in content, (field, language)
    assert 'name="contact_email"' in content
    assert 'name="contact_phone"' in content


# --- Privacy -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "registrations", "alerts", "window"),
    [
        (
            "en",
            "Registrations are deleted automatically 30 days after the event ends.",
            "An alert not confirmed within 7 days is deleted automatically.",
            "the count is kept for 1 hour",
        ),
        (
            "ru",
            "Регистрации автоматически удаляются через 30 дней после окончания мероприятия.",
            "Оповещение, не подтверждённое в течение 7 дней, удаляется автоматически.",
            "счётчик хранится 1 час",
        ),
        (
            "kk",
            "Тіркеулер іс-шара аяқталғаннан кейін 30 күн өткенде автоматты түрде жойылады.",
            "7 күн ішінде расталмаған хабарлама автоматты түрде жойылады.",
            "бұл сан 1 сағат бойы сақталады",
        ),
    ],
)
def test_privacy_says_how_long_each_form_keeps_its_data_in_each_language(
    client, profile, settings, language, registrations, alerts, window
):
    settings.REGISTRATION_RETENTION_DAYS = 30
    settings.ALERT_CONFIRMATION_DAYS = 7
    settings.FORM_RATE_LIMIT_WINDOW = 3600

    content = get(client, language, "privacy")

    assert registrations in content
    assert alerts in content
    assert window in content
    # Each form is linked from here too, and the contact page for questions.
    assert f'href="/{language}/join/"' in content
    assert f'href="/{language}/contact/"' in content


def test_privacy_retention_follows_the_settings(client, profile, settings):
    settings.REGISTRATION_RETENTION_DAYS = 180
    settings.ALERT_CONFIRMATION_DAYS = 1
    settings.FORM_RATE_LIMIT_WINDOW = 5400
    settings.MEMBERSHIP_STAFF_GROUP = "Membership desk"

    english = get(client, "en", "privacy")
    russian = get(client, "ru", "privacy")

    assert "Registrations are deleted automatically 180 days after the event ends." in english
    assert "An alert not confirmed within 1 day is deleted automatically." in english
    assert "the count is kept for 90 minutes" in english
    assert "(the “Membership desk” group in the portal's administration)" in english
    assert "через 180 дней после окончания мероприятия" in russian
    assert "в течение 1 дня" in russian


def test_privacy_says_no_controller_is_published_until_staff_name_one(client, profile):
    before = get(client, "en", "privacy")

    profile.privacy_notice_en = "The alliance takes your privacy seriously."
    profile.data_controller_en = "The alliance's secretariat, Almaty."
    profile.save()
    after = get(client, "en", "privacy")

    assert "has not yet published who is responsible for these data" in before
    assert "The alliance takes your privacy seriously." not in before
    assert "has not yet published who is responsible for these data" not in after
    assert "The alliance takes your privacy seriously." in after
    assert "The alliance&#x27;s secretariat, Almaty." in after


@pytest.mark.parametrize("name", ["contact", "privacy"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_contact_and_privacy_query_count_is_bounded(
    client, profile, name, language, django_assert_max_num_queries
):
    # The profile.
    with django_assert_max_num_queries(1):
        response = client.get(url_in(language, name))

    assert response.status_code == 200

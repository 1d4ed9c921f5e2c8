"""Membership applications: the public form, the e-mails after commit, decisions in the admin.

E-mail bodies are checked for what does not depend on the catalogues (names,
links with the language prefix), so the tests hold once the Russian and
Kazakh translations arrive.
"""

import datetime
import re
from contextlib import contextmanager
from smtplib import SMTPException
from unittest import mock

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.core.cache import cache
from django.core.mail.backends.locmem import EmailBackend
from django.urls import reverse
from django.utils import timezone, translation
from kombu.exceptions import OperationalError
from reversion.models import Version

from alliance.celery import app as celery_app
from applications import services, tasks
from applications.models import ApplicationStatus, MembershipApplication
from members.models import ContactPerson, Organisation, Relation
from tests.factories import CountryFactory, OrganisationFactory, ThemeFactory

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "ru", "kk"]
SITE = "https://tsako.example.org"

# What an applicant writes, in each language.
TEXTS = {
    "en": {"name": "Green Steppe", "city": "Almaty", "description": "Eco clubs in schools."},
    "ru": {"name": "Зелёная степь", "city": "Алматы", "description": "Экоклубы в школах."},
    "kk": {"name": "Жасыл дала", "city": "Алматы", "description": "Мектептердегі экоклубтар."},
}


# --- Local helpers ---------------------------------------------------------


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE
    settings.FORM_RATE_LIMIT = 10
    # The rate limit counts in the cache, which outlives a test.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def staff():
    """A member of the membership group, with the group's permissions only."""
    user = User.objects.create_user("aigerim", "aigerim@tsako.example.org", "secret", is_staff=True)
    user.groups.add(Group.objects.get(name="Membership"))
    return user


def join_url(language="en"):
    with translation.override(language):
        return reverse("join:apply")


def admin_url(name, *args, language="en"):
    with translation.override(language):
        return reverse(f"admin:applications_membershipapplication_{name}", args=args)


def form_data(language="en", **fields):
    country = CountryFactory(code="KZ")
    theme = ThemeFactory(slug="education")
    return {
        **TEXTS[language],
        "kind": "ngo",
        "country": str(country.pk),
        "website": "green-steppe.kz",
        "mission": "",
        "themes": [str(theme.pk)],
        "contact_name": "Aliya Nurlanovna",
        "contact_email": "aliya@green-steppe.kz",
        "contact_phone": "+7 701 000 00 00",
        "consent": "on",
        **fields,
    }


def apply(client, capture, language="en", **fields):
    with capture(execute=True):
        return client.post(join_url(language), form_data(language, **fields))


def make_application(language="en", **fields):
    values = {
        **TEXTS[language],
        "kind": "school",
        "country": CountryFactory(code="KG"),
        "contact_name": "Bakyt Osmonov",
        "contact_email": "bakyt@example.kg",
        "language": language,
        **fields,
    }
    return MembershipApplication.objects.create(**values)


@contextmanager
def failures_retried():
    """In-process tasks retry a failure, as a worker does, instead of raising it at once."""
    propagates = celery_app.conf.task_eager_propagates
    celery_app.conf.task_eager_propagates = False
    try:
        yield
    finally:
        celery_app.conf.task_eager_propagates = propagates


def mail_to(outbox, address):
    return [message for message in outbox if address in message.to]


# --- The form --------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_join_page_has_the_form_in_each_language(client, language):
    CountryFactory(code="KZ")

    response = client.get(join_url(language))

    assert response.status_code == 200
    content = response.content.decode()
    assert f'lang="{language}"' in content
    assert 'name="csrfmiddlewaretoken"' in content
    for field in ["name", "kind", "country", "description", "contact_email", "consent"]:
        assert f'name="{field}"' in content
    # The honeypot is in the page but hidden from people and screen readers.
    assert re.search(r'<div hidden>.*name="homepage"', content, flags=re.S)
    assert "style=" not in content  # strict CSP: nothing inline


def test_member_directory_links_to_the_form(client):
    content = client.get("/ru/members/").content.decode()

    assert 'href="/ru/join/"' in content


@pytest.mark.parametrize("language", LANGUAGES)
def test_join_stores_the_application_and_emails_staff_and_applicant(
    client, django_capture_on_commit_callbacks, mailoutbox, staff, language
):
    response = apply(client, django_capture_on_commit_callbacks, language)

    assert response.status_code == 302
    assert response["Location"] == f"/{language}/join/thanks/"
    application = MembershipApplication.objects.get()
    assert application.name == TEXTS[language]["name"]
    assert application.language == language
    assert application.status == ApplicationStatus.RECEIVED
    assert application.website == "https://green-steppe.kz"
    assert [theme.slug for theme in application.themes.all()] == ["education"]
    assert application.staff_notified_at is not None
    assert application.acknowledged_at is not None

    assert len(mailoutbox) == 2
    (to_staff,) = mail_to(mailoutbox, "aigerim@tsako.example.org")
    # Staff read English, with a link to the application in the admin.
    assert to_staff.subject == f"New membership application: {TEXTS[language]['name']}"
    assert f"{SITE}/en/admin/applications/membershipapplication/{application.pk}/change/" in (
        to_staff.body
    )
    (to_applicant,) = mail_to(mailoutbox, "aliya@green-steppe.kz")
    assert TEXTS[language]["name"] in to_applicant.subject
    assert "Dear Aliya Nurlanovna," in to_applicant.body or language != "en"
    # Written in the applicant's language: its links are.
    assert f"{SITE}/{language}/\n" in to_applicant.body


def test_join_thanks_page_says_it_was_received(client):
    response = client.get("/en/join/thanks/")

    assert "We have stored your application" in response.content.decode()


def test_join_thanks_page_ignores_the_old_duplicate_flag(client):
    plain = client.get("/en/join/thanks/")
    flagged = client.get("/en/join/thanks/?duplicate=1")

    lead = re.compile(r'<p class="lead">(.*?)</p>', flags=re.S)
    assert lead.search(flagged.text).group(1) == lead.search(plain.text).group(1)
    assert "not stored a second time" not in flagged.text


def test_join_missing_consent_is_a_form_error(client, mailoutbox):
    response = client.post(join_url(), form_data(consent=""))

    assert response.status_code == 200
    assert response.context["form"].errors["consent"]
    assert "Some answers need correcting" in response.content.decode()
    assert not MembershipApplication.objects.exists()
    assert mailoutbox == []


@pytest.mark.parametrize(
    ("field", "value"),
    [("contact_email", "not an address"), ("name", ""), ("country", "999999"), ("kind", "x")],
)
def test_join_bad_input_is_a_form_error(client, field, value):
    response = client.post(join_url(), form_data(**{field: value}))

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not MembershipApplication.objects.exists()


def test_join_double_submit_stores_one_application_and_tells_the_applicant(
    client, django_capture_on_commit_callbacks, mailoutbox, staff
):
    first = apply(client, django_capture_on_commit_callbacks)
    mailoutbox.clear()

    response = apply(
        client,
        django_capture_on_commit_callbacks,
        name="GREEN STEPPE",
        contact_email="Aliya@Green-Steppe.kz",
        description="Sent again, with other words.",
    )

    assert response["Location"] == first["Location"] == "/en/join/thanks/"
    application = MembershipApplication.objects.get()
    assert application.description == TEXTS["en"]["description"]  # not overwritten
    # The applicant hears that we have it; staff are not told twice.
    (notice,) = mailoutbox
    assert notice.to == ["aliya@green-steppe.kz"]
    assert notice.subject == "We already have the application of Green Steppe"
    assert "We already have it" in notice.body
    assert "was not stored a second time" in notice.body
    application.refresh_from_db()
    assert application.already_received_sent_at is not None


def answer(capture, **fields):
    """What a visitor sees after sending the form: the response and the page it leads to."""
    from django.test import Client

    client = Client()
    response = apply(client, capture, **fields)
    page = client.get(response["Location"])
    return (
        response.status_code,
        response["Location"],
        response.content,
        sorted(response.cookies),
        re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page.text),
    )


def test_join_known_application_answered_exactly_as_a_new_one(
    django_capture_on_commit_callbacks, mailoutbox, staff
):
    make_application(
        name="Green Steppe", contact_email="aliya@green-steppe.kz", acknowledged_at=timezone.now()
    )

    known = answer(django_capture_on_commit_callbacks)
    new = answer(django_capture_on_commit_callbacks, name="Blue Lake")

    assert known == new
    assert known[:2] == (302, "/en/join/thanks/")
    assert MembershipApplication.objects.count() == 2
    # The applicant learns which by e-mail: "already have" for one, the receipt for the other.
    to_applicant = mail_to(mailoutbox, "aliya@green-steppe.kz")
    assert [m.subject for m in to_applicant] == [
        "We already have the application of Green Steppe",
        "We have received the application of Blue Lake",
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_join_known_application_told_in_its_language(
    client, django_capture_on_commit_callbacks, mailoutbox, language
):
    application = make_application(
        language,
        contact_email="aliya@green-steppe.kz",
        acknowledged_at=timezone.now(),
        status=ApplicationStatus.UNDER_REVIEW,
    )

    # Sent again through the English page.
    apply(client, django_capture_on_commit_callbacks, "en", name=TEXTS[language]["name"])

    (notice,) = mailoutbox
    assert notice.to == ["aliya@green-steppe.kz"]
    assert TEXTS[language]["name"] in notice.subject
    assert f"{SITE}/{language}/\n" in notice.body
    application.refresh_from_db()
    assert application.status == ApplicationStatus.UNDER_REVIEW


def test_join_known_application_notice_at_most_once_an_hour(
    client, django_capture_on_commit_callbacks, mailoutbox
):
    application = make_application(
        name="Green Steppe", contact_email="aliya@green-steppe.kz", acknowledged_at=timezone.now()
    )

    for _attempt in range(3):
        apply(client, django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 1

    MembershipApplication.objects.filter(pk=application.pk).update(
        already_received_sent_at=timezone.now() - datetime.timedelta(minutes=61)
    )
    apply(client, django_capture_on_commit_callbacks)

    assert len(mailoutbox) == 2


def test_join_known_application_not_yet_acknowledged_gets_just_the_acknowledgement(
    client, django_capture_on_commit_callbacks, mailoutbox
):
    make_application(name="Green Steppe", contact_email="aliya@green-steppe.kz")

    apply(client, django_capture_on_commit_callbacks)

    assert mailoutbox == []
    assert MembershipApplication.objects.get().asked_again_at is None


def test_already_received_notice_sent_once_and_never_after_a_decision(mailoutbox):
    open_one = make_application(acknowledged_at=timezone.now(), asked_again_at=timezone.now())
    decided = make_application(
        name="Other",
        acknowledged_at=timezone.now(),
        asked_again_at=timezone.now(),
        status=ApplicationStatus.DECLINED,
    )

    tasks.send_already_received.delay(open_one.pk)
    tasks.send_already_received.delay(open_one.pk)
    tasks.send_already_received.delay(decided.pk)

    assert [m.subject for m in mailoutbox] == [
        f"We already have the application of {TEXTS['en']['name']}"
    ]


def test_already_received_notice_with_the_broker_down_is_sent_by_the_sweep(
    client, django_capture_on_commit_callbacks, mailoutbox
):
    hour_ago = timezone.now() - datetime.timedelta(hours=1)
    make_application(
        name="Green Steppe",
        contact_email="aliya@green-steppe.kz",
        created_at=hour_ago,
        staff_notified_at=hour_ago,
        acknowledged_at=hour_ago,
    )
    with mock.patch(
        "celery.app.task.Task.apply_async", side_effect=OperationalError("connection refused")
    ):
        apply(client, django_capture_on_commit_callbacks)

    assert tasks.send_unsent_mail() == 0  # too young: its task may still be on its way
    MembershipApplication.objects.update(asked_again_at=hour_ago)
    assert tasks.send_unsent_mail() == 1
    assert tasks.send_unsent_mail() == 0

    (notice,) = mailoutbox
    assert notice.subject == "We already have the application of Green Steppe"


def test_join_database_refuses_a_duplicate_that_slips_past_the_check(staff):
    # Two requests at the same moment: both pass the check, the constraint stops one.
    make_application()
    form = mock.Mock()
    form.save.return_value = MembershipApplication(
        **{**TEXTS["en"], "kind": "ngo", "country": CountryFactory(code="KG")},
        contact_name="Other",
        contact_email="BAKYT@example.kg",
    )

    with (
        mock.patch.object(MembershipApplication.objects, "open") as open_applications,
        pytest.raises(services.DuplicateApplication),
    ):
        open_applications.return_value.filter.return_value.exists.return_value = False
        services.submit(form, language="en")

    assert MembershipApplication.objects.count() == 1


def test_join_same_organisation_again_after_a_decision_is_a_new_application(
    client, django_capture_on_commit_callbacks
):
    apply(client, django_capture_on_commit_callbacks)
    services.decline(MembershipApplication.objects.get())

    apply(client, django_capture_on_commit_callbacks)

    assert MembershipApplication.objects.count() == 2


def test_join_honeypot_stores_nothing_and_says_thanks(client, mailoutbox):
    response = client.post(join_url(), form_data(homepage="http://spam.example"))

    assert response.status_code == 302
    assert response["Location"] == "/en/join/thanks/"
    assert not MembershipApplication.objects.exists()
    assert mailoutbox == []


def test_join_rate_limit_per_address(client, settings):
    settings.FORM_RATE_LIMIT = 2
    for _attempt in range(2):
        assert client.post(join_url(), {"name": ""}).status_code == 200

    response = client.post(join_url(), form_data())

    assert response.status_code == 429
    assert response["Retry-After"] == str(settings.FORM_RATE_LIMIT_WINDOW)
    assert "Too many submissions" in response.content.decode()
    assert not MembershipApplication.objects.exists()
    # Another address is not affected.
    assert client.post(join_url(), {"name": ""}, REMOTE_ADDR="10.0.0.9").status_code == 200


def test_join_rate_limit_reads_the_address_our_proxy_saw(client, settings):
    settings.FORM_RATE_LIMIT = 1
    settings.NUM_PROXIES = 1
    client.post(join_url(), {"name": ""}, HTTP_X_FORWARDED_FOR="198.51.100.7")

    # A client cannot pick a new address by prepending its own entry.
    spoofed = client.post(
        join_url(), {"name": ""}, HTTP_X_FORWARDED_FOR="203.0.113.1, 198.51.100.7"
    )
    other = client.post(join_url(), {"name": ""}, HTTP_X_FORWARDED_FOR="198.51.100.8")

    assert spoofed.status_code == 429
    assert other.status_code == 200


@pytest.mark.parametrize("proxies", [None, 0], ids=["unset", "zero"])
def test_join_rate_limit_ignores_a_spoofed_forwarded_for_without_proxies(client, settings, proxies):
    settings.FORM_RATE_LIMIT = 1
    settings.NUM_PROXIES = proxies
    client.post(join_url(), {"name": ""}, HTTP_X_FORWARDED_FOR="198.51.100.7")

    # Straight at gunicorn, a client cannot pick a new address with the header.
    spoofed = client.post(join_url(), {"name": ""}, HTTP_X_FORWARDED_FOR="198.51.100.8")

    assert spoofed.status_code == 429


def test_join_needs_the_csrf_token():
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(join_url(), form_data())

    assert response.status_code == 403
    assert not MembershipApplication.objects.exists()


# --- Nothing lost: broker down, mail server down ----------------------------


def test_join_with_the_broker_down_succeeds_and_the_sweep_sends_later(
    client, django_capture_on_commit_callbacks, mailoutbox, staff, caplog
):
    with mock.patch(
        "celery.app.task.Task.apply_async", side_effect=OperationalError("connection refused")
    ):
        response = apply(client, django_capture_on_commit_callbacks, "ru")

    assert response.status_code == 302
    application = MembershipApplication.objects.get()
    assert application.acknowledged_at is None
    assert application.staff_notified_at is None
    assert mailoutbox == []
    assert "the sweep will send it" in caplog.text

    # Not yet: the sweep leaves what is younger than MAIL_SWEEP_MINUTES to the tasks.
    assert tasks.send_unsent_mail() == 0
    MembershipApplication.objects.update(created_at=timezone.now() - datetime.timedelta(hours=1))
    assert tasks.send_unsent_mail() == 2
    assert tasks.send_unsent_mail() == 0

    assert len(mailoutbox) == 2
    assert len(mail_to(mailoutbox, "aliya@green-steppe.kz")) == 1
    application.refresh_from_db()
    assert application.acknowledged_at is not None


def test_mail_server_down_is_retried_and_marked_sent_only_when_it_went(
    django_capture_on_commit_callbacks, mailoutbox
):
    application = make_application("kk")
    real_send = EmailBackend.send_messages
    acknowledged_during_tries = []

    def flaky(backend, messages):
        acknowledged_during_tries.append(
            MembershipApplication.objects.get(pk=application.pk).acknowledged_at
        )
        if len(acknowledged_during_tries) < 3:
            raise SMTPException("451 try again later")
        return real_send(backend, messages)

    # As a worker runs it: a failure schedules a retry (here run at once)
    # instead of being raised to the caller.
    with mock.patch.object(EmailBackend, "send_messages", flaky), failures_retried():
        result = tasks.acknowledge.apply(args=[application.pk])

    assert result.successful()
    assert result.result is True
    assert acknowledged_during_tries == [None, None, None]
    assert len(mailoutbox) == 1
    application.refresh_from_db()
    assert application.acknowledged_at is not None


def test_mail_server_down_for_good_keeps_the_request_and_the_record(
    client, django_capture_on_commit_callbacks, mailoutbox, staff, caplog
):
    with mock.patch.object(EmailBackend, "send_messages", side_effect=SMTPException("down")):
        response = apply(client, django_capture_on_commit_callbacks)

    # In-process (no broker) the first failure ends the task, which is logged;
    # the visitor still sees the success, and nothing is marked sent.
    assert response.status_code == 302
    application = MembershipApplication.objects.get()
    assert application.acknowledged_at is None
    assert application.staff_notified_at is None
    assert mailoutbox == []

    MembershipApplication.objects.update(created_at=timezone.now() - datetime.timedelta(hours=1))
    tasks.send_unsent_mail()

    assert len(mailoutbox) == 2


def test_mail_task_retries_with_backoff_then_gives_up():
    options = tasks.acknowledge
    assert SMTPException in options.autoretry_for
    assert OSError in options.autoretry_for
    assert options.retry_backoff
    assert options.max_retries == 8


def test_mail_task_run_twice_sends_once(mailoutbox):
    application = make_application()

    tasks.acknowledge.delay(application.pk)
    tasks.acknowledge.delay(application.pk)

    assert len(mailoutbox) == 1


def test_staff_mail_waits_until_someone_is_in_the_group(mailoutbox, caplog):
    application = make_application()

    tasks.notify_staff.delay(application.pk)

    assert mailoutbox == []
    assert "add staff with an e-mail address to the Membership group" in caplog.text
    application.refresh_from_db()
    assert application.staff_notified_at is None  # the sweep will try again

    User.objects.create_user("nurlan", "nurlan@tsako.example.org", "x", is_staff=True).groups.add(
        Group.objects.get(name="Membership")
    )
    tasks.notify_staff.delay(application.pk)

    assert [message.to for message in mailoutbox] == [["nurlan@tsako.example.org"]]


# --- Decisions -------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_accept_creates_the_member_in_the_application_language(
    django_capture_on_commit_callbacks, mailoutbox, language
):
    theme = ThemeFactory()
    application = make_application(language, mission="Teach climate.")
    application.themes.set([theme])

    with django_capture_on_commit_callbacks(execute=True):
        organisation = services.accept(application)

    text = TEXTS[language]
    assert getattr(organisation, f"name_{language}") == text["name"]
    assert getattr(organisation, f"description_{language}") == text["description"]
    assert getattr(organisation, f"city_{language}") == text["city"]
    # Written in the applicant's language alone: the others are translated from it.
    assert organisation.source_language == language
    others = [code for code in ["en", "ru", "kk"] if code != language]
    for code in others:
        assert not getattr(organisation, f"name_{code}")
    assert organisation.relation == Relation.MEMBER
    assert organisation.kind == "school"
    assert list(organisation.themes.all()) == [theme]
    contact = ContactPerson.objects.get(organisation=organisation)
    assert (contact.name, contact.email, contact.is_public) == (
        "Bakyt Osmonov",
        "bakyt@example.kg",
        False,
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED
    assert application.organisation == organisation
    assert application.decided_at is not None
    assert services.english_copied_fields(application) == []

    (message,) = mailoutbox
    assert message.to == ["bakyt@example.kg"]
    assert f"{SITE}/{language}/members/{organisation.slug}/" in message.body
    assert application.decision_sent_at is not None


def test_accept_gives_the_member_its_first_version_with_who_accepted(admin_user):
    application = make_application()
    application.themes.set([ThemeFactory(slug="water")])

    organisation = services.accept(application, by=admin_user)

    version = Version.objects.get_for_object(organisation).get()
    assert version.revision.user == admin_user
    assert version.revision.get_comment() == "Created by accepting a membership application."
    assert version.field_dict["themes"] == [organisation.themes.get().pk]
    # Its contact person is part of the version: deleting and recovering brings it back.
    contact = organisation.contacts.get()
    assert version.revision.version_set.get_for_object(contact).exists()


@pytest.mark.parametrize(
    ("language", "slug"),
    [("en", "green-steppe"), ("ru", "zelyonaya-step"), ("kk", "zhasyl-dala")],
)
def test_accept_gives_a_latin_slug(language, slug):
    organisation = services.accept(make_application(language))

    assert organisation.slug == slug


def test_accept_slug_never_clashes():
    OrganisationFactory(slug="green-steppe")

    organisation = services.accept(make_application())

    assert organisation.slug == "green-steppe-2"


def test_accept_then_missing_translation_filter_lists_the_member(admin_client):
    organisation = services.accept(make_application("ru"))

    missing_kazakh = admin_client.get(
        reverse("admin:members_organisation_changelist") + "?translation=missing-kk"
    )
    missing_russian = admin_client.get(
        reverse("admin:members_organisation_changelist") + "?translation=missing-ru"
    )

    assert organisation in missing_kazakh.context["cl"].result_list
    assert organisation not in missing_russian.context["cl"].result_list


def test_accepted_member_shows_publicly_without_contact_details(client):
    organisation = services.accept(make_application("ru"))

    content = client.get(f"/ru/members/{organisation.slug}/").content.decode()

    assert TEXTS["ru"]["name"] in content
    assert "bakyt@example.kg" not in content
    assert "Bakyt Osmonov" not in content
    # The English page shows the applicant's text rather than nothing.
    assert TEXTS["ru"]["name"] in client.get(f"/en/members/{organisation.slug}/").content.decode()


def test_decline_emails_the_applicant_in_their_language(
    django_capture_on_commit_callbacks, mailoutbox
):
    application = make_application("ru")

    with django_capture_on_commit_callbacks(execute=True):
        services.decline(application)

    application.refresh_from_db()
    assert application.status == ApplicationStatus.DECLINED
    assert not Organisation.objects.exists()
    (message,) = mailoutbox
    assert TEXTS["ru"]["name"] in message.subject
    assert f"{SITE}/ru/\n" in message.body


def test_decided_application_cannot_be_decided_again():
    application = make_application()
    services.decline(application)

    with pytest.raises(services.ApplicationClosed):
        services.accept(application)
    assert not Organisation.objects.exists()


# --- The admin -------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_admin_membership_staff_see_applications(client, staff, language):
    application = make_application(language)
    client.force_login(staff)

    changelist = client.get(admin_url("changelist", language=language))
    change = client.get(admin_url("change", application.pk, language=language))

    assert changelist.status_code == 200
    assert application in changelist.context["cl"].result_list
    assert change.status_code == 200
    assert "bakyt@example.kg" in change.content.decode()
    assert 'name="_accept"' in change.content.decode()


def test_admin_staff_without_the_permission_see_no_applications(client):
    make_application()
    editor = User.objects.create_user("editor", "e@example.org", "x", is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="change_organisation"))
    client.force_login(editor)

    assert client.get(admin_url("changelist")).status_code == 403


def test_admin_applications_cannot_be_added_by_hand(admin_client):
    assert admin_client.get(admin_url("add")).status_code == 403


def test_admin_accept_action(client, staff, django_capture_on_commit_callbacks, mailoutbox):
    application = make_application("kk")
    client.force_login(staff)

    asked = client.post(
        admin_url("changelist"), {"action": "accept", "_selected_action": [application.pk]}
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.RECEIVED  # not before staff confirm
    assert "Accept this application?" in asked.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            admin_url("changelist"),
            {"action": "accept", "_selected_action": [application.pk], "confirmed": "yes"},
            follow=True,
        )

    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED
    assert application.decided_by == staff
    content = response.content.decode()
    assert "is now a member" in content
    # The member is written in Kazakh: no English copy to warn of any more.
    assert application.organisation.source_language == "kk"
    assert "until they are translated" not in content
    assert len(mailoutbox) == 1


def test_admin_accept_needs_the_permission_to_add_members(client, staff):
    application = make_application()
    staff.groups.clear()
    for codename in ["view_membershipapplication", "change_membershipapplication"]:
        staff.user_permissions.add(Permission.objects.get(codename=codename))
    client.force_login(staff)

    response = client.get(admin_url("change", application.pk))
    client.post(
        admin_url("changelist"),
        {"action": "accept", "_selected_action": [application.pk], "confirmed": "yes"},
    )
    refused = client.get(admin_url("decide", application.pk, "accept"))

    assert refused.status_code == 403
    assert 'name="_accept"' not in response.content.decode()
    assert 'name="_decline"' in response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.RECEIVED


def test_admin_accept_button(client, staff, django_capture_on_commit_callbacks, mailoutbox):
    application = make_application("ru")
    client.force_login(staff)
    url = admin_url("change", application.pk)
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data["themes"] = []

    response = client.post(url, {**data, "name": "Зелёная степь (ОФ)", "_accept": "1"})
    assert response.status_code == 302
    assert response["Location"] == admin_url("decide", application.pk, "accept")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(response["Location"], {"message": ""})

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED
    # Staff corrected the name before accepting: the member has the correction.
    assert application.organisation.name_ru == "Зелёная степь (ОФ)"
    assert len(mailoutbox) == 1
    # Decided: the page is read-only and offers no decision any more.
    page = client.get(url).content.decode()
    assert 'name="_accept"' not in page
    assert application.organisation.source_language == "ru"


def test_admin_decline_action_and_review_action(
    client, staff, django_capture_on_commit_callbacks, mailoutbox
):
    first, second = make_application(), make_application("ru", contact_email="x@example.kg")
    client.force_login(staff)

    client.post(admin_url("changelist"), {"action": "start_review", "_selected_action": [first.pk]})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            admin_url("changelist"),
            {"action": "decline", "_selected_action": [second.pk], "confirmed": "yes"},
        )

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == ApplicationStatus.UNDER_REVIEW
    assert second.status == ApplicationStatus.DECLINED
    assert [message.to for message in mailoutbox] == [["x@example.kg"]]


def test_admin_accepting_a_declined_application_changes_nothing(client, staff):
    application = make_application()
    services.decline(application)
    client.force_login(staff)

    response = client.post(
        admin_url("changelist"),
        {"action": "accept", "_selected_action": [application.pk], "confirmed": "yes"},
        follow=True,
    )

    assert "was already decided" in response.content.decode()
    assert not Organisation.objects.exists()


def test_admin_english_copied_filter(admin_client):
    english = make_application("en")
    russian = make_application("ru")
    services.accept(english)
    services.accept(russian)

    response = admin_client.get(admin_url("changelist") + "?english=copied")

    assert list(response.context["cl"].result_list) == [russian]


def test_membership_group_is_created_with_its_permissions():
    group = Group.objects.get(name="Membership")

    assert set(group.permissions.values_list("codename", flat=True)) >= {
        "view_membershipapplication",
        "change_membershipapplication",
        "add_organisation",
        "view_contactperson",
    }


# --- Decisions confirmed, with a message; duplicates; taken back ------------


@pytest.fixture
def teachers_lab():
    return OrganisationFactory(
        slug="teachers-lab",
        name_en="Teachers Lab LLP",
        name_ru="ТОО «Teachers Lab»",
        name_kk="«Teachers Lab» ЖШС",
        relation=Relation.PARTNER,
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_admin_decline_message_reaches_the_applicant(
    client, staff, language, django_capture_on_commit_callbacks, mailoutbox
):
    application = make_application(language)
    client.force_login(staff)
    url = admin_url("decide", application.pk, "decline", language=language)

    asked = client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(url, {"message": "Please apply again after your registration."})

    assert asked.status_code == 200
    assert 'name="message"' in asked.content.decode()
    assert done.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DECLINED
    assert application.decision_message == "Please apply again after your registration."
    assert "Please apply again after your registration." in mailoutbox[0].body
    page = client.get(admin_url("change", application.pk, language=language)).content.decode()
    assert "Please apply again after your registration." in page


def test_admin_application_page_shows_possible_duplicates(client, staff, teachers_lab):
    application = make_application(name="Teachers Lab LLP")
    client.force_login(staff)

    page = client.get(admin_url("change", application.pk)).content.decode()

    assert reverse("admin:members_organisation_change", args=[teachers_lab.pk]) in page
    assert f"{admin_url('decide', application.pk, 'accept')}?member={teachers_lab.pk}" in page


def test_admin_accept_as_existing_member_creates_no_second_one(
    client, staff, teachers_lab, django_capture_on_commit_callbacks, mailoutbox
):
    application = make_application("ru", name="ТОО «Teachers Lab»")
    client.force_login(staff)
    url = admin_url("decide", application.pk, "accept")

    asked = client.get(f"{url}?member={teachers_lab.pk}")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"member": str(teachers_lab.pk), "message": ""})

    assert "This organisation may already exist" in asked.content.decode()
    assert Organisation.objects.count() == 1
    application.refresh_from_db()
    teachers_lab.refresh_from_db()
    assert application.organisation == teachers_lab
    assert teachers_lab.relation == Relation.MEMBER
    assert teachers_lab.name_en == "Teachers Lab LLP"  # its own texts are kept
    contact = ContactPerson.objects.get(organisation=teachers_lab)
    assert (contact.name, contact.email, contact.is_public) == (
        "Bakyt Osmonov",
        "bakyt@example.kg",
        False,
    )
    assert len(mailoutbox) == 1


def test_admin_accept_as_new_member_beside_a_candidate(client, staff, teachers_lab):
    application = make_application(name="Teachers Lab LLP")
    client.force_login(staff)

    client.post(admin_url("decide", application.pk, "accept"), {"member": "", "message": ""})

    application.refresh_from_db()
    assert application.organisation != teachers_lab
    assert Organisation.objects.count() == 2


def test_admin_accept_several_leaves_possible_duplicates_for_their_page(
    client, staff, teachers_lab
):
    duplicate = make_application(name="Teachers Lab LLP")
    other = make_application(name="Green Steppe", contact_email="x@example.kg")
    client.force_login(staff)

    response = client.post(
        admin_url("changelist"),
        {"action": "accept", "_selected_action": [duplicate.pk, other.pk], "confirmed": "yes"},
        follow=True,
    )

    duplicate.refresh_from_db()
    other.refresh_from_db()
    assert duplicate.status == ApplicationStatus.RECEIVED
    assert other.status == ApplicationStatus.ACCEPTED
    assert "may already exist as an organisation" in response.content.decode()


def test_admin_reopen_takes_a_decision_back_and_decides_anew(
    client, staff, django_capture_on_commit_callbacks, mailoutbox
):
    application = make_application()
    with django_capture_on_commit_callbacks(execute=True):
        services.decline(application, by=staff)
    client.force_login(staff)
    url = admin_url("decide", application.pk, "reopen")

    assert url in client.get(admin_url("change", application.pk)).content.decode()
    client.post(url, {})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.UNDER_REVIEW
    assert application.decided_at is None
    assert len(mailoutbox) == 1  # reopening e-mails nobody

    with django_capture_on_commit_callbacks(execute=True):
        client.post(admin_url("decide", application.pk, "accept"), {"message": ""})

    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED
    assert len(mailoutbox) == 2
    assert "is now a member" in mailoutbox[1].body


def test_admin_reopen_needs_its_permission(client, staff):
    application = make_application()
    services.decline(application)
    staff.groups.clear()
    for codename in ["view_membershipapplication", "change_membershipapplication"]:
        staff.user_permissions.add(Permission.objects.get(codename=codename))
    client.force_login(staff)

    page = client.get(admin_url("change", application.pk)).content.decode()
    response = client.post(admin_url("decide", application.pk, "reopen"), {})

    assert admin_url("decide", application.pk, "reopen") not in page
    assert response.status_code == 403
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DECLINED


def test_admin_decide_unknown_or_inapplicable_decisions(client, staff):
    application = make_application()
    client.force_login(staff)

    unknown = client.get(admin_url("decide", application.pk, "archive"))
    missing = client.get(admin_url("decide", 999999, "accept"))
    reopen_open = client.post(admin_url("decide", application.pk, "reopen"), {}, follow=True)

    assert unknown.status_code == 404
    assert missing.status_code == 404
    assert "is still open; nothing was changed" in reopen_open.content.decode()


# --- What the admin's front page and the checks say --------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_admin_index_counts_open_applications_with_a_link(client, staff, language):
    make_application()
    make_application("ru", contact_email="x@example.kg")
    services.decline(make_application("kk", contact_email="y@example.kg"))
    client.force_login(staff)

    with translation.override(language):
        page = client.get(reverse("admin:index")).content.decode()

    # The link's text starts with the count, in each language.
    assert re.search(r'\?status__in=received,under_review">2 \w', page)


def test_admin_index_open_applications_link_lists_them(client, staff):
    open_one = make_application()
    services.decline(make_application("ru", contact_email="x@example.kg"))
    client.force_login(staff)

    response = client.get(admin_url("changelist") + "?status__in=received,under_review")

    assert list(response.context["cl"].result_list) == [open_one]


def test_admin_index_without_the_permission_shows_no_applications(client):
    make_application()
    editor = User.objects.create_user("editor", "e@example.org", "x", is_staff=True)
    client.force_login(editor)

    page = client.get(reverse("admin:index")).content.decode()

    assert "status__in" not in page
    assert 'id="todo-module"' not in page


def test_admin_index_warns_when_nobody_would_hear_of_applications(client, staff):
    client.force_login(staff)
    assert (
        "is active staff with an e-mail address"
        not in client.get(reverse("admin:index")).content.decode()
    )

    staff.email = ""
    staff.save()

    assert (
        "is active staff with an e-mail address"
        in client.get(reverse("admin:index")).content.decode()
    )


def test_check_warns_when_nobody_would_hear_of_applications(staff):
    from django.core.checks import run_checks

    def warnings(**kwargs):
        return [m.id for m in run_checks(tags=["tsako"], **kwargs)]

    assert "tsako.W003" not in warnings(databases=["default"])
    staff.groups.clear()
    assert "tsako.W003" in warnings(databases=["default"])
    assert "tsako.W003" not in warnings()  # without the database it cannot tell

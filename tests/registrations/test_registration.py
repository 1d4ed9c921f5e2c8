"""Event registration: places and the waiting list, e-mails with the event's calendar file,
signed cancellation links, reminders, retention, and the admin's view and export.

E-mail bodies are checked for what does not depend on the catalogues (names,
dates in the language's formats, links with the language prefix), so the
tests hold once the Russian and Kazakh translations arrive.
"""

import csv
import datetime
import io
import re
import threading
import time
from contextlib import contextmanager
from smtplib import SMTPException
from unittest import mock

import pytest
from django.contrib.auth.models import Permission, User
from django.core.cache import cache
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from icalendar import Calendar
from kombu.exceptions import OperationalError

from alliance.celery import app as celery_app
from registrations import services, tasks
from registrations.models import Registration, RegistrationStatus
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "ru", "kk"]
SITE = "https://tsako.example.org"
# The heading of the page a cancel link answers after the event.
OVER = {"en": "This event is over", "ru": "Мероприятие завершилось", "kk": "Іс-шара аяқталды"}
# The event's first day, as CLDR writes it in each language (Kazakh puts the year first).
FIRST_DAY = {"en": "May 20, 2030", "ru": "20 мая 2030\u202fг.", "kk": "2030\u202fж. 20 мамыр"}


# --- Local helpers ---------------------------------------------------------


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE
    settings.FORM_RATE_LIMIT = 10
    # The rate limit counts in the cache, which outlives a test.
    cache.clear()
    yield
    cache.clear()


def open_event(**fields):
    values = {
        "slug": "forum",
        "title_en": "Youth Climate Forum",
        "title_ru": "Молодёжный климатический форум",
        "title_kk": "Жастардың климаттық форумы",
        "start_date": datetime.date(2030, 5, 20),
        "start_time": datetime.time(10, 0),
        "time_zone": "Asia/Almaty",
        "registration_open": True,
        **fields,
    }
    return EventFactory(**values)


def url(name, language="en", **kwargs):
    with translation.override(language):
        return reverse(f"registrations:{name}", kwargs=kwargs)


def form_data(**fields):
    return {
        "name": "Dana Seitkali",
        "email": "dana@example.kz",
        "organisation": "Eco School 12",
        "language": "en",
        "consent": "on",
        **fields,
    }


def register(client, capture, event, page_language="en", **fields):
    with capture(execute=True):
        return client.post(url("register", page_language, slug=event.slug), form_data(**fields))


def make_registration(event, email="aidar@example.kz", language="en", **fields):
    return Registration.objects.create(
        event=event, name="Aidar", email=email, language=language, **fields
    )


def cancel_link(message):
    return re.search(
        r"https://tsako\.example\.org(/\w\w/events/[^\s]+/cancel/[^\s]+/)", message.body
    )


def linked_registration(message, event):
    """The registration of `event` that a message's cancel link names."""
    token = cancel_link(message).group(1).rstrip("/").rsplit("/", 1)[1]
    return services.registration_for_token(event, token)


def without_csrf(response):
    """A response's body with its per-request CSRF token blanked, to compare two answers."""
    return re.sub(rb'(name="csrfmiddlewaretoken" value=")[^"]+', rb"\1", response.content)


def attached_calendar(message):
    ((filename, content, mimetype),) = message.attachments
    assert mimetype == "text/calendar"
    return filename, Calendar.from_ical(content)


@contextmanager
def failures_retried():
    """In-process tasks retry a failure, as a worker does, instead of raising it at once."""
    propagates = celery_app.conf.task_eager_propagates
    celery_app.conf.task_eager_propagates = False
    try:
        yield
    finally:
        celery_app.conf.task_eager_propagates = propagates


# --- The event's page ------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_detail_links_to_registration_with_places_left(client, language):
    event = open_event(capacity=30)
    make_registration(event)

    content = client.get(f"/{language}/events/forum/").content.decode()

    assert f'href="/{language}/events/forum/register/"' in content
    assert "29" in content
    # Personal data never shows on a public page.
    assert "aidar@example.kz" not in content


def test_detail_without_registration_says_nothing_of_it(client):
    open_event(registration_open=False)

    content = client.get("/en/events/forum/").content.decode()

    assert "/register/" not in content
    assert "registration-heading" not in content


def test_detail_full_event_mentions_the_waiting_list(client):
    event = open_event(capacity=1)
    make_registration(event)

    content = client.get("/en/events/forum/").content.decode()

    assert "waiting list" in content
    assert 'href="/en/events/forum/register/"' in content


@pytest.mark.parametrize(
    ("language", "closes"),
    [
        ("en", "Registration closes on May 19, 2030, 6:00\u202fPM."),
        ("ru", "Регистрация закрывается 19 мая 2030\u202fг., 18:00."),
        ("kk", "Тіркеу 2030\u202fж. 19 мамыр, 18:00 жабылады."),
    ],
)
def test_detail_says_when_registration_closes_as_cldr_writes_it(client, settings, language, closes):
    settings.TIME_ZONE = "Asia/Almaty"
    open_event(registration_deadline=datetime.datetime(2030, 5, 19, 13, 0, tzinfo=datetime.UTC))

    content = client.get(f"/{language}/events/forum/").content.decode()

    assert closes in content


def test_detail_after_the_deadline_says_registration_closed(client):
    open_event(registration_deadline=timezone.now() - datetime.timedelta(hours=1))

    content = client.get("/en/events/forum/").content.decode()

    assert "Registration has closed." in content
    assert 'href="/en/events/forum/register/"' not in content


# --- Registering -----------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_register_confirms_by_email_with_calendar_and_cancel_link(
    client, django_capture_on_commit_callbacks, mailoutbox, language
):
    event = open_event()
    form_page = client.get(url("register", language, slug="forum"))
    assert form_page.context["form"]["language"].value() == language

    response = register(
        client, django_capture_on_commit_callbacks, event, language, language=language
    )

    assert response.status_code == 302
    assert response["Location"] == f"/{language}/events/forum/register/done/"
    registration = Registration.objects.get()
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.language == language
    assert registration.confirmation_sent_at is not None

    (message,) = mailoutbox
    assert message.to == ["dana@example.kz"]
    title = getattr(event, f"title_{language}")
    assert title in message.subject
    assert FIRST_DAY[language] in message.body
    assert f"{SITE}/{language}/events/forum/" in message.body
    filename, calendar = attached_calendar(message)
    assert filename == "forum.ics"
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == title
    assert vevent["DTSTART"].dt == datetime.datetime(
        2030, 5, 20, 10, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=5))
    )
    assert cancel_link(message).group(1).startswith(f"/{language}/events/forum/cancel/")


def test_register_done_page_is_one_page_for_everyone(client):
    open_event()

    # The old pages' ?result= (confirmed, waiting, already) changes nothing.
    for query in ["", "?result=confirmed", "?result=waiting", "?result=already"]:
        text = client.get(f"/en/events/forum/register/done/{query}").content.decode()
        lead = re.search(r'<p class="lead">(.*?)</p>', text, flags=re.S).group(1)

        assert "whether you have a place or are on the waiting list" in lead
        assert "already registered" not in text
        assert "You are registered." not in text


def test_register_bad_input_is_a_form_error(client, mailoutbox):
    open_event()

    response = client.post(url("register", slug="forum"), form_data(email="nope", consent=""))

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"email", "consent"}
    assert not Registration.objects.exists()
    assert mailoutbox == []


def test_register_same_address_twice_is_one_registration_and_one_notice(
    client, django_capture_on_commit_callbacks, mailoutbox
):
    event = open_event()
    first = register(client, django_capture_on_commit_callbacks, event)

    again = register(
        client, django_capture_on_commit_callbacks, event, email="DANA@Example.KZ", name="Other"
    )

    assert again["Location"] == first["Location"] == "/en/events/forum/register/done/"
    registration = Registration.objects.get()
    assert registration.name == "Dana Seitkali"  # what was sent again is not stored
    confirmation, notice = mailoutbox
    assert notice.to == ["dana@example.kz"]
    assert notice.subject == "Already registered: Youth Climate Forum"
    assert "It was already registered, so nothing has changed. You have a place." in notice.body
    # The same registration's link (a signed token carries its second: compare what it names).
    assert linked_registration(notice, event) == linked_registration(confirmation, event)
    assert linked_registration(notice, event) == registration
    assert attached_calendar(notice)[0] == "forum.ics"
    registration.refresh_from_db()
    assert registration.already_registered_sent_at is not None


def test_register_same_address_for_another_event_is_fine(
    client, django_capture_on_commit_callbacks
):
    register(client, django_capture_on_commit_callbacks, open_event())
    register(client, django_capture_on_commit_callbacks, open_event(slug="summit"))

    assert Registration.objects.count() == 2


def test_register_database_refuses_a_duplicate_in_any_case(django_capture_on_commit_callbacks):
    event = open_event()
    make_registration(event, email="aidar@example.kz")

    # Two requests at the same moment: both pass the check, the constraint stops one.
    with (
        mock.patch.object(Registration.objects, "filter", side_effect=Registration.objects.none),
        pytest.raises(services.AlreadyRegistered),
    ):
        services.register(event, name="Aidar", email="AIDAR@example.kz", language="en")

    assert Registration.objects.count() == 1


def test_register_after_cancelling_takes_up_the_old_registration(
    client, django_capture_on_commit_callbacks, mailoutbox
):
    event = open_event()
    registration = make_registration(
        event, email="dana@example.kz", confirmation_sent_at=timezone.now()
    )
    services.cancel(registration)

    response = register(client, django_capture_on_commit_callbacks, event)

    assert response["Location"] == "/en/events/forum/register/done/"
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.cancelled_at is None
    assert len(mailoutbox) == 1


def test_register_honeypot_stores_nothing(client, mailoutbox):
    open_event()

    response = client.post(url("register", slug="forum"), form_data(homepage="spam"))

    assert response.status_code == 302
    assert not Registration.objects.exists()
    assert mailoutbox == []


def test_register_rate_limit_per_address(client, settings):
    settings.FORM_RATE_LIMIT = 3
    open_event()
    for _attempt in range(3):
        client.post(url("register", slug="forum"), {})

    response = client.post(url("register", slug="forum"), form_data())

    assert response.status_code == 429
    assert not Registration.objects.exists()


def test_register_needs_the_csrf_token():
    open_event()

    response = Client(enforce_csrf_checks=True).post(url("register", slug="forum"), form_data())

    assert response.status_code == 403
    assert not Registration.objects.exists()


@pytest.mark.parametrize(
    ("fields", "says"),
    [
        ({"registration_open": False}, "not open on this portal"),
        (
            {"registration_deadline": datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)},
            "its deadline has passed",
        ),
        (
            {"start_date": datetime.date(2020, 1, 1), "start_time": None, "time_zone": ""},
            "This event is over.",
        ),
    ],
    ids=["closed", "deadline-passed", "over"],
)
def test_register_refused_when_registration_is_not_open(client, mailoutbox, fields, says):
    open_event(**fields)

    page = client.get(url("register", slug="forum"))
    response = client.post(url("register", slug="forum"), form_data())

    assert says in page.content.decode()
    assert "<form" not in re.sub(
        r'<form class="filters".*?</form>', "", page.content.decode(), flags=re.S
    )
    assert response.status_code == 200
    assert says in response.content.decode()
    assert not Registration.objects.exists()
    assert mailoutbox == []


def test_register_deadline_passing_while_the_form_was_open(client, mailoutbox):
    event = open_event(registration_deadline=timezone.now() + datetime.timedelta(minutes=5))
    client.get(url("register", slug="forum"))

    with mock.patch("django.utils.timezone.now", return_value=event.registration_deadline):
        response = client.post(url("register", slug="forum"), form_data())

    assert "its deadline has passed" in response.content.decode()
    assert not Registration.objects.exists()


def test_register_unknown_event_is_404(client):
    assert client.get(url("register", slug="nothing")).status_code == 404


# --- Nobody learns who registered -------------------------------------------


def answer(capture, event, **fields):
    """What a visitor sees after sending the form: the response and the page it leads to."""
    client = Client()
    response = register(client, capture, event, **fields)
    page = client.get(response["Location"]) if response.status_code == 302 else None
    return (
        response.status_code,
        response.get("Location"),
        response.content,
        sorted(response.cookies),
        without_csrf(page) if page else None,
    )


@pytest.mark.parametrize(
    ("capacity", "known_status"),
    [(None, "confirmed"), (1, "confirmed"), (1, "waiting")],
    ids=["room", "full-known-has-the-place", "full-known-waits"],
)
def test_register_known_address_answered_exactly_as_a_new_one(
    django_capture_on_commit_callbacks, mailoutbox, capacity, known_status
):
    event = open_event(capacity=capacity)
    if known_status == "waiting":
        make_registration(event, email="holder@example.kz", confirmation_sent_at=timezone.now())
    make_registration(
        event, email="dana@example.kz", status=known_status, confirmation_sent_at=timezone.now()
    )

    known = answer(django_capture_on_commit_callbacks, event, email="dana@example.kz")
    new = answer(django_capture_on_commit_callbacks, event, email="someone-new@example.kz")

    assert known == new
    assert known[:2] == (302, "/en/events/forum/register/done/")
    # Each address's owner, and only they, learn what happened.
    assert [m.to for m in mailoutbox] == [["dana@example.kz"], ["someone-new@example.kz"]]
    notice, confirmation = mailoutbox
    assert "Already registered" in notice.subject
    assert "Already registered" not in confirmation.subject


def test_register_for_a_month_long_event_sends_no_calendar(
    client, django_capture_on_commit_callbacks, mailoutbox
):
    # Known only to the month: a calendar would show a false month-long block.
    event = open_event(
        start_date=datetime.date(2030, 5, 1), start_precision="month", start_time=None
    )

    register(client, django_capture_on_commit_callbacks, event, "en", language="en")

    (message,) = mailoutbox
    assert "May 2030" in message.body
    assert message.attachments == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_register_known_address_told_in_their_language_with_their_status(
    client, django_capture_on_commit_callbacks, mailoutbox, language
):
    event = open_event(capacity=1)
    make_registration(event, email="holder@example.kz", confirmation_sent_at=timezone.now())
    waiting = make_registration(
        event,
        email="dana@example.kz",
        language=language,
        status=RegistrationStatus.WAITING,
        confirmation_sent_at=timezone.now(),
    )

    # Sent again from the English page, asking for English: their registration says otherwise.
    register(client, django_capture_on_commit_callbacks, event, language="en")

    (notice,) = mailoutbox
    assert notice.to == ["dana@example.kz"]
    assert getattr(event, f"title_{language}") in notice.subject
    assert FIRST_DAY[language] in notice.body
    link = cancel_link(notice).group(1)
    assert link.startswith(f"/{language}/events/forum/cancel/")
    assert notice.attachments == []  # no calendar without a place
    if language == "en":
        assert "You are on the waiting list." in notice.body
    waiting.refresh_from_db()
    assert (waiting.language, waiting.status) == (language, RegistrationStatus.WAITING)
    # The link in the notice cancels that registration.
    client.post(link)
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CANCELLED


def test_register_known_address_notice_at_most_once_an_hour(
    client, django_capture_on_commit_callbacks, mailoutbox
):
    event = open_event()
    registration = make_registration(
        event, email="dana@example.kz", confirmation_sent_at=timezone.now()
    )

    for _attempt in range(3):
        register(client, django_capture_on_commit_callbacks, event)
    assert len(mailoutbox) == 1

    Registration.objects.filter(pk=registration.pk).update(
        already_registered_sent_at=timezone.now() - datetime.timedelta(minutes=61)
    )
    register(client, django_capture_on_commit_callbacks, event)

    assert len(mailoutbox) == 2
    assert Registration.objects.count() == 1


def test_register_known_address_whose_confirmation_is_unsent_gets_just_the_confirmation(
    client, django_capture_on_commit_callbacks, mailoutbox
):
    event = open_event()
    registration = make_registration(event, email="dana@example.kz")  # confirmation not sent yet

    response = register(client, django_capture_on_commit_callbacks, event)

    assert response["Location"] == "/en/events/forum/register/done/"
    assert mailoutbox == []
    registration.refresh_from_db()
    assert registration.asked_again_at is None
    tasks.send_unsent_mail()  # the sweep still owes them the confirmation, once old enough
    Registration.objects.update(created_at=timezone.now() - datetime.timedelta(hours=1))
    assert tasks.send_unsent_mail() == 1
    (confirmation,) = mailoutbox
    assert "You are registered" in confirmation.subject


def test_already_registered_notice_sent_once_however_often_its_task_runs(mailoutbox):
    registration = make_registration(
        open_event(), confirmation_sent_at=timezone.now(), asked_again_at=timezone.now()
    )

    tasks.send_already_registered.delay(registration.pk)
    tasks.send_already_registered.delay(registration.pk)

    assert len(mailoutbox) == 1


def test_already_registered_notice_not_sent_once_cancelled_or_never_asked(mailoutbox):
    event = open_event()
    cancelled = make_registration(
        event,
        confirmation_sent_at=timezone.now(),
        asked_again_at=timezone.now(),
        status=RegistrationStatus.CANCELLED,
    )
    never_asked = make_registration(
        event, email="w@example.kz", confirmation_sent_at=timezone.now()
    )

    tasks.send_already_registered.delay(cancelled.pk)
    tasks.send_already_registered.delay(never_asked.pk)

    assert mailoutbox == []


def test_already_registered_notice_with_the_broker_down_is_sent_by_the_sweep(
    client, django_capture_on_commit_callbacks, mailoutbox
):
    event = open_event()
    make_registration(event, email="dana@example.kz", confirmation_sent_at=timezone.now())
    with mock.patch(
        "celery.app.task.Task.apply_async", side_effect=OperationalError("connection refused")
    ):
        response = register(client, django_capture_on_commit_callbacks, event)

    assert response["Location"] == "/en/events/forum/register/done/"
    assert mailoutbox == []
    assert tasks.send_unsent_mail() == 0  # too young: its task may still be on its way
    Registration.objects.update(asked_again_at=timezone.now() - datetime.timedelta(hours=1))
    assert tasks.send_unsent_mail() == 1
    assert tasks.send_unsent_mail() == 0

    (notice,) = mailoutbox
    assert "Already registered" in notice.subject


# --- Capacity, waiting list, cancellation ----------------------------------


def test_capacity_full_goes_to_the_waiting_list_and_a_cancellation_promotes(
    client, django_capture_on_commit_callbacks, mailoutbox
):
    event = open_event(capacity=1)
    register(client, django_capture_on_commit_callbacks, event, email="first@example.kz")
    response = register(
        client,
        django_capture_on_commit_callbacks,
        event,
        "ru",
        email="second@example.kz",
        language="ru",
    )
    third = register(client, django_capture_on_commit_callbacks, event, email="third@example.kz")

    assert response["Location"] == "/ru/events/forum/register/done/"
    assert third["Location"] == "/en/events/forum/register/done/"
    first, second, _third = Registration.objects.order_by("pk")
    assert first.status == RegistrationStatus.CONFIRMED
    assert second.status == RegistrationStatus.WAITING
    waiting_mail = [m for m in mailoutbox if m.to == ["second@example.kz"]]
    assert len(waiting_mail) == 1
    assert waiting_mail[0].attachments == []  # no calendar without a place
    assert cancel_link(waiting_mail[0]) is not None

    # The first cancels through the link in their e-mail.
    first_mail = next(m for m in mailoutbox if m.to == ["first@example.kz"])
    link = cancel_link(first_mail).group(1)
    mailoutbox.clear()
    confirm_page = client.get(link)
    assert confirm_page.status_code == 200
    assert 'name="csrfmiddlewaretoken"' in confirm_page.content.decode()
    assert "dana" not in confirm_page.content.decode().lower()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(link)

    assert "is cancelled" in done.content.decode()
    first.refresh_from_db()
    second.refresh_from_db()
    _third.refresh_from_db()
    assert first.status == RegistrationStatus.CANCELLED
    assert second.status == RegistrationStatus.CONFIRMED
    assert second.promoted_at is not None
    assert _third.status == RegistrationStatus.WAITING  # one place, one promotion
    (promotion,) = mailoutbox
    assert promotion.to == ["second@example.kz"]
    assert "Молодёжный климатический форум" in promotion.subject
    assert FIRST_DAY["ru"] in promotion.body
    assert attached_calendar(promotion)[0] == "forum.ics"
    second.refresh_from_db()
    assert second.promotion_sent_at is not None

    # The promotion is sent once, however often its task runs.
    tasks.send_promotion.delay(second.pk)
    assert len(mailoutbox) == 1


def test_cancel_twice_changes_nothing_more(client, django_capture_on_commit_callbacks):
    event = open_event(capacity=1)
    registration = make_registration(event)
    waiting = make_registration(event, email="w1@example.kz", status=RegistrationStatus.WAITING)
    later = make_registration(event, email="w2@example.kz", status=RegistrationStatus.WAITING)
    link = url("cancel", slug="forum", token=services.cancel_token(registration))

    client.post(link)
    again = client.post(link)

    assert "already cancelled" in again.content.decode()
    assert "already cancelled" in client.get(link).content.decode()
    waiting.refresh_from_db()
    later.refresh_from_db()
    assert (waiting.status, later.status) == ("confirmed", "waiting")


@pytest.mark.parametrize(
    "token",
    ["nonsense", "MQ:1tAbcD:tampered", None],
    ids=["garbage", "bad-signature", "another-event"],
)
def test_cancel_bad_token_is_refused(client, token):
    event = open_event()
    registration = make_registration(event)
    other = open_event(slug="summit")
    if token is None:  # a real token, under another event's address
        token = services.cancel_token(make_registration(other, email="x@example.kz"))

    get = client.get(url("cancel", slug="forum", token=token))
    post = client.post(url("cancel", slug="forum", token=token))

    assert get.status_code == post.status_code == 404
    assert "This link does not work" in get.content.decode()
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    assert Registration.objects.filter(status=RegistrationStatus.CANCELLED).count() == 0


def test_cancel_token_of_a_deleted_registration_is_refused(client):
    event = open_event()
    registration = make_registration(event)
    token = services.cancel_token(registration)
    registration.delete()

    assert client.get(url("cancel", slug="forum", token=token)).status_code == 404


def test_cancel_link_of_a_cancelled_registration_does_not_cancel_the_new_one(
    client, django_capture_on_commit_callbacks, mailoutbox
):
    event = open_event()
    register(client, django_capture_on_commit_callbacks, event)
    old_link = cancel_link(mailoutbox[0]).group(1)
    client.post(old_link)
    mailoutbox.clear()

    register(client, django_capture_on_commit_callbacks, event)  # the same address, again
    new_link = cancel_link(mailoutbox[0]).group(1)
    get = client.get(old_link)
    post = client.post(old_link)

    assert new_link != old_link
    assert get.status_code == post.status_code == 404
    assert "This link does not work" in post.content.decode()
    registration = Registration.objects.get()
    assert registration.status == RegistrationStatus.CONFIRMED
    # The link they were sent this time works.
    client.post(new_link)
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED


def test_registering_again_after_cancelling_draws_a_new_secret(
    client, django_capture_on_commit_callbacks
):
    event = open_event()
    registration = make_registration(event, email="dana@example.kz")
    first_secret = registration.cancel_secret
    services.cancel(registration)

    register(client, django_capture_on_commit_callbacks, event)

    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.cancel_secret != first_secret
    assert len(registration.cancel_secret) == 43


def test_every_registration_has_its_own_secret():
    event = open_event()
    secrets = {make_registration(event, email=f"p{n}@example.kz").cancel_secret for n in range(5)}

    assert len(secrets) == 5


@pytest.mark.parametrize(
    "payload",
    [lambda r: [r.pk, "x" * 43], lambda r: [r.pk], lambda r: {"pk": r.pk}, lambda r: [True, "x"]],
    ids=["wrong-secret", "no-secret", "other-shape", "bool-id"],
)
def test_cancel_token_signed_but_without_the_right_secret_is_refused(client, payload):
    from django.core import signing

    registration = make_registration(open_event())
    token = signing.dumps(payload(registration), salt=services.CANCEL_SALT)

    response = client.post(url("cancel", slug="forum", token=token))

    assert response.status_code == 404
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED


def test_cancel_link_sent_before_secrets_existed_still_cancels_its_registration(client):
    from django.core import signing

    registration = make_registration(open_event())
    # As e-mailed before this change: the id alone, signed after the registration was made.
    legacy = signing.dumps(registration.pk, salt=services.CANCEL_SALT)

    response = client.post(url("cancel", slug="forum", token=legacy))

    assert "is cancelled" in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED


def test_cancel_link_sent_before_secrets_existed_does_not_cancel_a_newer_registration(
    client, django_capture_on_commit_callbacks
):
    from django.core import signing

    event = open_event()
    registration = make_registration(event, email="dana@example.kz")
    with mock.patch("django.core.signing.time.time", return_value=time.time() - 3600):
        legacy = signing.dumps(registration.pk, salt=services.CANCEL_SALT)  # an hour ago
    services.cancel(registration)
    register(client, django_capture_on_commit_callbacks, event)  # made anew since

    response = client.post(url("cancel", slug="forum", token=legacy))

    assert response.status_code == 404
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED


@pytest.mark.parametrize("valid", [True, False], ids=["its-link", "garbage"])
def test_cancel_link_after_the_event_says_it_is_over_and_cancels_nothing(client, valid):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    event = open_event(start_date=yesterday, start_time=None, time_zone="")
    registration = make_registration(event)
    token = services.cancel_token(registration) if valid else "nonsense"
    link = url("cancel", slug="forum", token=token)

    get = client.get(link)
    post = client.post(link)

    assert get.status_code == post.status_code == 410
    assert "This event is over" in post.content.decode()
    assert "<form" not in re.sub(
        r'<form class="filters".*?</form>', "", get.content.decode(), flags=re.S
    )
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED


@pytest.mark.parametrize("language", LANGUAGES)
def test_cancel_link_after_the_event_in_each_language(client, language):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    event = open_event(start_date=yesterday, start_time=None, time_zone="")
    token = services.cancel_token(make_registration(event))

    response = client.get(url("cancel", language, slug="forum", token=token))

    assert response.status_code == 410
    assert f'lang="{language}"' in response.content.decode()
    assert OVER[language] in response.content.decode()


def test_waiting_person_promoted_before_their_first_mail_gets_one_mail(mailoutbox):
    event = open_event(capacity=1)
    taken = make_registration(event, confirmation_sent_at=timezone.now())
    waiting = make_registration(event, email="w@example.kz", status=RegistrationStatus.WAITING)

    services.cancel(taken)  # promoted; their confirmation has not gone out yet
    tasks.send_confirmation.delay(waiting.pk)
    tasks.send_promotion.delay(waiting.pk)

    (message,) = [m for m in mailoutbox if m.to == ["w@example.kz"]]
    assert "You are registered" in message.subject
    assert attached_calendar(message)[0] == "forum.ics"


def test_raising_the_capacity_in_the_admin_promotes_the_waiting_list(
    admin_client, django_capture_on_commit_callbacks, mailoutbox
):
    event = open_event(capacity=1)
    make_registration(event, confirmation_sent_at=timezone.now())
    waiting = make_registration(
        event,
        email="w@example.kz",
        status=RegistrationStatus.WAITING,
        confirmation_sent_at=timezone.now(),
    )
    change_url = admin_url("events_event_change", event.pk)
    form = admin_client.get(change_url).context["adminform"].form
    data = {
        name: form[name].value()
        for name in form.fields
        if form[name].value() is not None and name not in {"themes"}
    }
    data.update({"start_date": "2030-05-20", "start_time": "10:00", "capacity": "2"})
    for prefix in ["languages", "outcomes", "participations", "children"]:
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(change_url, data, follow=True)

    assert "got a place" in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED
    assert [m.to for m in mailoutbox] == [["w@example.kz"]]


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite has no row locks; production runs PostgreSQL"
)
@pytest.mark.django_db(transaction=True)
def test_two_people_taking_the_last_place_at_once_do_not_both_get_it():
    event = open_event(capacity=1)
    barrier = threading.Barrier(2)
    results = []

    def take(email):
        try:
            barrier.wait()
            results.append(services.register(event, name=email, email=email, language="en"))
        finally:
            connection.close()

    real_has_place = services.has_place

    def slow_has_place(event):
        # Both have read the event before either counts: without the lock,
        # both would find the place free.
        time.sleep(0.2)
        return real_has_place(event)

    with (
        mock.patch.object(services, "enqueue_on_commit"),
        mock.patch.object(services, "has_place", slow_has_place),
    ):
        threads = [threading.Thread(target=take, args=(f"p{n}@example.kz",)) for n in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(10)

    assert sorted(r.status for r in results) == ["confirmed", "waiting"]
    assert Registration.objects.confirmed().count() == 1


# --- Nothing lost ------------------------------------------------------------


def test_register_with_the_broker_down_succeeds_and_the_sweep_sends_later(
    client, django_capture_on_commit_callbacks, mailoutbox, caplog
):
    event = open_event()
    with mock.patch(
        "celery.app.task.Task.apply_async", side_effect=OperationalError("connection refused")
    ):
        response = register(client, django_capture_on_commit_callbacks, event, "kk", language="kk")

    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.confirmation_sent_at is None
    assert mailoutbox == []
    assert "Broker unreachable" in caplog.text

    assert tasks.send_unsent_mail() == 0  # too young: its task may still be on its way
    Registration.objects.update(created_at=timezone.now() - datetime.timedelta(hours=1))
    assert tasks.send_unsent_mail() == 1
    assert tasks.send_unsent_mail() == 0

    (message,) = mailoutbox
    assert FIRST_DAY["kk"] in message.body


def test_sweep_sends_an_unsent_promotion_once(mailoutbox):
    event = open_event()
    hour_ago = timezone.now() - datetime.timedelta(hours=1)
    promoted = make_registration(
        event, confirmation_sent_at=hour_ago - datetime.timedelta(days=1), promoted_at=hour_ago
    )
    make_registration(event, email="cancelled@example.kz", status="cancelled")

    assert tasks.send_unsent_mail() == 1
    assert tasks.send_unsent_mail() == 0

    assert [m.to for m in mailoutbox] == [[promoted.email]]


def test_confirmation_retried_while_the_mail_server_is_down(mailoutbox):
    registration = make_registration(open_event())
    real_send = EmailBackend.send_messages
    marked_during_tries = []

    def flaky(backend, messages):
        marked_during_tries.append(
            Registration.objects.get(pk=registration.pk).confirmation_sent_at
        )
        if len(marked_during_tries) < 4:
            raise ConnectionRefusedError("mail server down")
        return real_send(backend, messages)

    with mock.patch.object(EmailBackend, "send_messages", flaky), failures_retried():
        result = tasks.send_confirmation.apply(args=[registration.pk])

    assert result.successful()
    assert marked_during_tries == [None] * 4
    assert len(mailoutbox) == 1
    registration.refresh_from_db()
    assert registration.confirmation_sent_at is not None


def test_confirmation_gives_up_after_its_retries_and_stays_unsent(mailoutbox):
    registration = make_registration(open_event())

    with (
        mock.patch.object(EmailBackend, "send_messages", side_effect=SMTPException("down")) as send,
        failures_retried(),
    ):
        result = tasks.send_confirmation.apply(args=[registration.pk])

    assert result.failed()
    assert send.call_count == tasks.send_confirmation.max_retries + 1
    registration.refresh_from_db()
    assert registration.confirmation_sent_at is None  # the sweep's now


def test_cancelled_before_the_confirmation_went_out_gets_none(mailoutbox):
    registration = make_registration(open_event())
    services.cancel(registration)

    tasks.send_confirmation.delay(registration.pk)

    assert mailoutbox == []
    assert not Registration.objects.confirmation_due().exists()


# --- Reminders ---------------------------------------------------------------


def event_starting_in(hours, **fields):
    start = timezone.localtime() + datetime.timedelta(hours=hours)
    return open_event(
        start_date=start.date(),
        start_time=start.time().replace(second=0, microsecond=0),
        time_zone=timezone.get_current_timezone_name(),
        **fields,
    )


def test_reminder_sent_once_within_the_window(mailoutbox, settings):
    settings.EVENT_REMINDER_HOURS = 48
    event = event_starting_in(24)
    registration = make_registration(event, language="ru")
    make_registration(event, email="waiting@example.kz", status="waiting")
    make_registration(event, email="gone@example.kz", status="cancelled")

    assert tasks.send_due_reminders() == 1
    assert tasks.send_due_reminders() == 0
    tasks.send_reminder.delay(registration.pk)

    (message,) = mailoutbox
    assert message.to == ["aidar@example.kz"]
    assert "Молодёжный климатический форум" in message.subject
    assert cancel_link(message).group(1).startswith("/ru/events/forum/cancel/")
    registration.refresh_from_db()
    assert registration.reminder_sent_at is not None


@pytest.mark.parametrize("hours", [72, -2], ids=["too-early", "already-started"])
def test_reminder_not_sent_outside_the_window(mailoutbox, settings, hours):
    settings.EVENT_REMINDER_HOURS = 48
    make_registration(event_starting_in(hours, slug=f"event-{hours + 100}"))

    assert tasks.send_due_reminders() == 0
    assert mailoutbox == []


def test_reminder_window_is_a_setting(mailoutbox, settings):
    make_registration(event_starting_in(60))

    settings.EVENT_REMINDER_HOURS = 48
    assert tasks.send_due_reminders() == 0
    settings.EVENT_REMINDER_HOURS = 72
    assert tasks.send_due_reminders() == 1


def test_reminder_for_an_all_day_event_counts_from_its_first_day(mailoutbox, settings):
    settings.EVENT_REMINDER_HOURS = 48
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    make_registration(open_event(start_date=tomorrow, start_time=None, time_zone=""))

    assert tasks.send_due_reminders() == 1
    assert len(mailoutbox) == 1


# --- Retention -----------------------------------------------------------------


def test_registrations_deleted_after_the_retention_period(settings):
    settings.REGISTRATION_RETENTION_DAYS = 30
    today = timezone.localdate()
    old = open_event(slug="old", start_date=today - datetime.timedelta(days=31), start_time=None)
    recent = open_event(
        slug="recent", start_date=today - datetime.timedelta(days=29), start_time=None
    )
    undated = open_event(slug="undated", start_date=None, start_time=None, time_zone="")
    for event in [old, recent, undated]:
        make_registration(event)

    assert tasks.delete_old_registrations() == 1

    assert set(Registration.objects.values_list("event__slug", flat=True)) == {"recent", "undated"}
    assert old.pk  # the event itself stays


# --- The admin -------------------------------------------------------------------


def admin_url(name, *args, language="en"):
    with translation.override(language):
        return reverse(f"admin:{name}", args=args)


def staff_with(*codenames):
    user = User.objects.create_user("organiser", "o@example.org", "x", is_staff=True)
    for codename in codenames:
        user.user_permissions.add(Permission.objects.get(codename=codename))
    return user


@pytest.mark.parametrize("language", LANGUAGES)
def test_admin_registrations_seen_with_the_permission(client, language):
    registration = make_registration(open_event())
    client.force_login(staff_with("view_registration"))

    changelist = client.get(admin_url("registrations_registration_changelist", language=language))
    change = client.get(
        admin_url("registrations_registration_change", registration.pk, language=language)
    )

    assert changelist.status_code == 200
    assert registration in changelist.context["cl"].result_list
    assert "aidar@example.kz" in changelist.content.decode()
    assert change.status_code == 200


def test_admin_registrations_hidden_without_the_permission(client):
    make_registration(open_event())
    client.force_login(staff_with("view_event", "change_event"))

    assert client.get(admin_url("registrations_registration_changelist")).status_code == 403


def test_admin_registrations_cannot_be_added_by_hand(admin_client):
    assert admin_client.get(admin_url("registrations_registration_add")).status_code == 403


def test_admin_export_csv_needs_the_export_permission(client):
    registration = make_registration(open_event())
    client.force_login(staff_with("view_registration"))
    changelist = admin_url("registrations_registration_changelist")

    response = client.post(
        changelist, {"action": "export_csv", "_selected_action": [registration.pk]}
    )

    # Without the permission the action is not offered: no file.
    assert response.status_code in (200, 302)
    assert not response.get("Content-Disposition")
    assert "text/csv" not in response["Content-Type"]


def test_admin_export_csv(client):
    event = open_event()
    registration = make_registration(event, language="kk", organisation="=HYPERLINK(1)")
    make_registration(event, email="w@example.kz", status="waiting", language="ru")
    client.force_login(staff_with("view_registration", "export_registration"))

    response = client.post(
        admin_url("registrations_registration_changelist"),
        {"action": "export_csv", "_selected_action": [registration.pk]},
    )

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="tsako-registrations-')
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeffEvent,Name,E-mail,Organisation,Language,Status,Registered")
    lines = text.strip().splitlines()
    assert len(lines) == 2
    assert "Youth Climate Forum,Aidar,aidar@example.kz,'=HYPERLINK(1),kk,Confirmed," in lines[1]


def test_admin_export_csv_neutralises_every_formula_a_visitor_typed(client):
    event = open_event()
    Registration.objects.create(
        event=event,
        name="@SUM(1+1)*cmd|' /C calc'!A0",
        email="-x@example.kz",
        organisation="+1-1",
        language="en",
    )
    client.force_login(staff_with("view_registration", "export_registration"))

    response = client.post(
        admin_url("registrations_registration_changelist"),
        {
            "action": "export_csv",
            "_selected_action": list(event.registrations.values_list("pk", flat=True)),
        },
    )

    text = response.content.decode("utf-8").removeprefix("\ufeff")
    _header, row = list(csv.reader(io.StringIO(text)))
    assert row[1:4] == ["'@SUM(1+1)*cmd|' /C calc'!A0", "'-x@example.kz", "'+1-1"]


def test_admin_event_action_exports_its_registrations(client):
    event = open_event()
    make_registration(event)
    make_registration(open_event(slug="other"), email="other@example.kz")
    client.force_login(
        staff_with("view_event", "change_event", "view_registration", "export_registration")
    )

    response = client.post(
        admin_url("events_event_changelist"),
        {"action": "export_registrations", "_selected_action": [event.pk]},
    )

    text = response.content.decode("utf-8")
    assert "aidar@example.kz" in text
    assert "other@example.kz" not in text


def test_admin_cancel_action_moves_the_waiting_list(
    admin_client, django_capture_on_commit_callbacks, mailoutbox
):
    event = open_event(capacity=1)
    taken = make_registration(event, confirmation_sent_at=timezone.now())
    waiting = make_registration(
        event, email="w@example.kz", status="waiting", confirmation_sent_at=timezone.now()
    )

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            admin_url("registrations_registration_changelist"),
            {"action": "cancel", "_selected_action": [taken.pk], "confirmed": "yes"},
        )

    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED
    assert sorted(m.to[0] for m in mailoutbox) == ["aidar@example.kz", "w@example.kz"]


def test_admin_event_page_counts_registrations(admin_client):
    event = open_event()
    make_registration(event)
    make_registration(event, email="w@example.kz", status="waiting")

    content = admin_client.get(admin_url("events_event_change", event.pk)).content.decode()

    assert "1 confirmed, 1 waiting, 0 cancelled" in content
    assert f"/en/admin/registrations/registration/?event__id__exact={event.pk}" in content


# --- Staff cancel with a word to the person, and can take it back ----------


def changelist_action(client, action, registrations, **fields):
    return client.post(
        admin_url("registrations_registration_changelist"),
        {"action": action, "_selected_action": [r.pk for r in registrations], **fields},
        follow=True,
    )


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_admin_cancel_asks_first_then_tells_the_person_with_the_message(
    admin_client, django_capture_on_commit_callbacks, mailoutbox, language
):
    registration = make_registration(
        open_event(), language=language, confirmation_sent_at=timezone.now()
    )

    asked = changelist_action(admin_client, "cancel", [registration])
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED  # not before staff confirm
    assert 'name="message"' in asked.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        changelist_action(
            admin_client, "cancel", [registration], confirmed="yes", message="The hall is closed."
        )

    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED
    assert registration.cancelled_by.username == "admin"
    (message,) = mailoutbox
    assert message.to == ["aidar@example.kz"]
    assert "The hall is closed." in message.body
    assert FIRST_DAY[language] in message.body
    with translation.override(language):
        assert open_event().title in message.subject


def test_cancelled_by_their_own_link_gets_no_cancellation_mail(
    client, django_capture_on_commit_callbacks, mailoutbox
):
    registration = make_registration(open_event(), confirmation_sent_at=timezone.now())

    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(registration)

    assert mailoutbox == []
    assert tasks.send_unsent_mail() == 0


def test_sweep_sends_an_unsent_cancellation_once(admin_user, mailoutbox):
    registration = make_registration(open_event(), confirmation_sent_at=timezone.now())
    with mock.patch(
        "celery.app.task.Task.apply_async", side_effect=OperationalError("connection refused")
    ):
        services.cancel(registration, by=admin_user)
    Registration.objects.update(cancelled_at=timezone.now() - datetime.timedelta(hours=1))

    assert tasks.send_unsent_mail() == 1
    assert tasks.send_unsent_mail() == 0
    assert [m.to for m in mailoutbox] == [["aidar@example.kz"]]


def test_admin_reinstate_gives_a_free_place_back_and_confirms_by_mail(
    admin_client, django_capture_on_commit_callbacks, mailoutbox
):
    event = open_event(capacity=2)
    registration = make_registration(event, confirmation_sent_at=timezone.now())
    services.cancel(registration)

    asked = changelist_action(admin_client, "reinstate", [registration])
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED
    assert "Reinstate these registrations?" in asked.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        done = changelist_action(admin_client, "reinstate", [registration], confirmed="yes")

    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.cancelled_at is None
    assert "is reinstated: Confirmed" in done.content.decode()
    (message,) = mailoutbox
    assert message.attachments  # the confirmation again, with the calendar file


def test_admin_reinstate_when_full_goes_back_to_its_old_turn(
    admin_client, django_capture_on_commit_callbacks, mailoutbox
):
    event = open_event(capacity=1)
    first = make_registration(event, confirmation_sent_at=timezone.now())
    services.cancel(first)
    taken = make_registration(event, email="b@example.kz")
    later = make_registration(event, email="c@example.kz", status="waiting")

    changelist_action(admin_client, "reinstate", [first], confirmed="yes")

    first.refresh_from_db()
    taken.refresh_from_db()
    assert first.status == RegistrationStatus.WAITING
    assert taken.status == RegistrationStatus.CONFIRMED
    assert list(event.registrations.waiting()) == [first, later]


def test_admin_reinstate_refuses_what_it_cannot_undo(admin_client):
    over = open_event(start_date=datetime.date(2020, 5, 20), slug="old-forum")
    cancelled = make_registration(over, status="cancelled")
    active = make_registration(open_event(), email="b@example.kz")

    response = changelist_action(admin_client, "reinstate", [cancelled, active], confirmed="yes")

    cancelled.refresh_from_db()
    active.refresh_from_db()
    assert cancelled.status == RegistrationStatus.CANCELLED
    assert active.status == RegistrationStatus.CONFIRMED
    assert response.content.decode().count("is not cancelled, or its event is over") == 2


def test_admin_reinstate_needs_its_permission(client):
    registration = make_registration(open_event(), status="cancelled")
    clerk = User.objects.create_user("clerk", "c@example.org", "x", is_staff=True)
    for codename in ["view_registration", "change_registration"]:
        clerk.user_permissions.add(Permission.objects.get(codename=codename))
    client.force_login(clerk)

    changelist_action(client, "reinstate", [registration], confirmed="yes")

    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED


def test_admin_list_shows_each_waiting_turn(admin_client):
    event = open_event(capacity=1)
    make_registration(event)
    later = timezone.now() + datetime.timedelta(minutes=1)
    second = make_registration(event, email="b@example.kz", status="waiting", created_at=later)
    first = make_registration(event, email="c@example.kz", status="waiting")
    other_event = open_event(slug="other", capacity=0)
    make_registration(other_event, email="d@example.kz", status="waiting")

    response = admin_client.get(admin_url("registrations_registration_changelist"))

    turns = {r.email: r.waiting_turn for r in response.context["cl"].result_list}
    assert turns == {
        "aidar@example.kz": None,
        first.email: 1,
        second.email: 2,
        "d@example.kz": 1,
    }
    assert "On the waiting list (no. 2)" in response.content.decode()


@pytest.mark.parametrize("title", ["Молодёжный климатический", "Жастардың климаттық"])
def test_admin_list_search_finds_the_event_title_in_any_language(admin_client, title):
    registration = make_registration(open_event())
    other = open_event(slug="other", title_en="Other", title_ru="Другое", title_kk="Басқа")
    make_registration(other, email="o@x.kz")

    response = admin_client.get(admin_url("registrations_registration_changelist"), {"q": title})

    assert list(response.context["cl"].result_list) == [registration]

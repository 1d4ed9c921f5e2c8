"""E-mail alerts: asking for one on a list's filters, double opt-in with signed links, the
weekly digest in the subscriber's language, one-click unsubscribe (RFC 8058), forms that
tell nobody who subscribed, expiry, the admin.

E-mail bodies are checked for what does not depend on the catalogues (titles,
links with the language prefix) and, where a test says so, for the Russian and
Kazakh text itself.
"""

import datetime
import re
from unittest import mock

import pytest
from django.contrib.auth.models import Permission, User
from django.core import signing
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from alerts import services
from alerts.models import Subscription, Topic
from tests.factories import (
    CountryFactory,
    CountryShareFactory,
    EventFactory,
    InitiativeFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "ru", "kk"]
SITE = "https://tsako.example.org"
NOW = timezone.now()
WEEK = datetime.timedelta(days=7)


# --- Local helpers ---------------------------------------------------------


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE
    settings.FORM_RATE_LIMIT = 10
    settings.ALERT_CONFIRMATION_DAYS = 7
    settings.ALERT_DIGEST_DAYS = 7
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def kazakhstan():
    return CountryFactory(code="KZ", name_en="Kazakhstan", name_ru="Казахстан", name_kk="Қазақстан")


@pytest.fixture
def water():
    return ThemeFactory(slug="water", name_en="Water", name_ru="Вода", name_kk="Су")


def url(name, language="en", **kwargs):
    with translation.override(language):
        return reverse(f"alerts:{name}", kwargs=kwargs or None)


def form_data(**fields):
    return {"email": "dana@example.kz", "language": "en", "consent": "on", **fields}


def ask(client, capture, topic="initiatives", query="country=KZ", page="en", **fields):
    """Send the alert form of `topic` on the `page` language's page; `fields` fill the form."""
    with capture(execute=True):
        return client.post(f"{url(topic, page)}?{query}", form_data(**fields))


def link(message, name):
    """The path of the `name` link (confirm, unsubscribe) in a message."""
    return re.search(rf"{SITE}(/\w\w/alerts/{name}/[^\s/]+/)", message.body).group(1)


def subscription(email="aidar@example.kz", topic=Topic.INITIATIVES, query="country=KZ", **fields):
    values = {"language": "en", "confirmed_at": NOW - WEEK, "covered_until": NOW - WEEK}
    return Subscription.objects.create(email=email, topic=topic, query=query, **values | fields)


def kazakh_initiative(kazakhstan, slug, added, **fields):
    initiative = InitiativeFactory(slug=slug, created_at=added, **fields)
    CountryShareFactory(initiative=initiative, country=kazakhstan)
    return initiative


def without_csrf(response):
    return re.sub(rb'(name="csrfmiddlewaretoken" value=")[^"]+', rb"\1", response.content)


# --- Asking for an alert -----------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_subscribe_page_says_the_filters_in_words(
    client, kazakhstan, water, language, django_assert_max_num_queries
):
    # The countries (the filter's choices); the theme. Nothing stored yet.
    with django_assert_max_num_queries(2):
        response = client.get(f"{url('initiatives', language)}?country=KZ&theme=water")
    content = response.content.decode()
    assert response.status_code == 200
    names = {"en": "Kazakhstan", "ru": "Казахстан", "kk": "Қазақстан"}
    themes = {"en": "Water", "ru": "Вода", "kk": "Су"}
    assert f"<dd>{names[language]}</dd>" in content
    assert f"<dd>{themes[language]}</dd>" in content
    assert response.context["form"]["language"].value() == language
    assert f'action="/{language}/alerts/initiatives/?country=KZ&amp;theme=water"' in content
    assert 'name="homepage"' in content
    assert '<meta name="robots" content="noindex">' in content


@pytest.mark.parametrize(
    "params", ["country=ZZ", "year=abc", "theme=nope", "lead=%00", "q=" + "x" * 300]
)
def test_subscribe_with_bad_filters_offers_nothing_and_stores_nothing(
    client, django_capture_on_commit_callbacks, mailoutbox, params
):
    page = client.get(f"{url('initiatives')}?{params}")
    assert page.status_code == 200
    assert "form" not in page.context
    assert b"not valid" in page.content
    response = ask(client, django_capture_on_commit_callbacks, query=params)
    assert response.status_code == 200
    assert not Subscription.objects.exists()
    assert mailoutbox == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_subscribe_sends_only_the_confirmation_in_the_chosen_language(
    client, django_capture_on_commit_callbacks, mailoutbox, kazakhstan, water, language
):
    response = ask(
        client,
        django_capture_on_commit_callbacks,
        # Asked in English for mail in `language`; what chooses no records is not kept.
        query="theme=water&country=kz&sort=budget&page=2&utm_source=x",
        language=language,
    )
    assert response.status_code == 302
    assert response["Location"] == "/en/alerts/requested/"
    stored = Subscription.objects.get()
    assert (stored.email, stored.topic, stored.language) == (
        "dana@example.kz",
        "initiatives",
        language,
    )
    assert stored.query == "country=KZ&theme=water"
    assert stored.confirmed_at is None
    assert stored.confirmation_sent_at is not None

    (message,) = mailoutbox
    assert message.to == ["dana@example.kz"]
    assert link(message, "confirm").startswith(f"/{language}/alerts/confirm/")
    assert link(message, "unsubscribe").startswith(f"/{language}/alerts/unsubscribe/")
    names = {"en": "Kazakhstan", "ru": "Казахстан", "kk": "Қазақстан"}
    assert names[language] in message.body
    subjects = {
        "en": "Confirm your TsAKO alert: New initiatives",
        "ru": "Подтвердите оповещение ЦАКО: Новые инициативы",
        "kk": "ЦАКО хабарламасын растаңыз: Жаңа бастамалар",
    }
    assert message.subject == subjects[language]


def test_subscribe_keeps_the_event_filters_but_not_when(
    client, django_capture_on_commit_callbacks, water
):
    ask(client, django_capture_on_commit_callbacks, "events", "when=past&theme=water&kind=forum")
    assert Subscription.objects.get().query == "kind=forum&theme=water"


# --- Nobody learns who subscribed ----------------------------------------------------


def test_known_address_gets_the_same_answer_and_its_owner_an_email(
    client, django_capture_on_commit_callbacks, mailoutbox, kazakhstan
):
    subscription(email="Dana@Example.kz")
    new = ask(client, django_capture_on_commit_callbacks, email="someone.else@example.kz")
    mailoutbox.clear()
    known = ask(client, django_capture_on_commit_callbacks, email="dana@example.kz", language="ru")
    assert (known.status_code, known["Location"]) == (new.status_code, new["Location"])
    assert without_csrf(client.get(known["Location"])) == without_csrf(client.get(new["Location"]))
    # The owner is told, in the language of their subscription (not the one sent again).
    (message,) = mailoutbox
    assert message.to == ["Dana@Example.kz"]
    assert "already" in message.subject.lower()
    assert link(message, "unsubscribe").startswith("/en/")
    assert Subscription.objects.filter(email__iexact="dana@example.kz").count() == 1
    # Asked again within the hour: no second e-mail.
    ask(client, django_capture_on_commit_callbacks, email="dana@example.kz")
    assert len(mailoutbox) == 1


def test_unconfirmed_address_asked_again_gets_the_confirmation_again(
    client, django_capture_on_commit_callbacks, mailoutbox, kazakhstan
):
    ask(client, django_capture_on_commit_callbacks)
    Subscription.objects.update(confirmation_sent_at=NOW - datetime.timedelta(hours=2))
    ask(client, django_capture_on_commit_callbacks)
    first, again = mailoutbox
    assert first.subject == again.subject
    assert link(again, "confirm")
    assert Subscription.objects.count() == 1


def test_bot_gets_the_same_answer_and_nothing_is_stored(
    client, django_capture_on_commit_callbacks, mailoutbox, kazakhstan
):
    response = ask(client, django_capture_on_commit_callbacks, homepage="http://spam.example")
    assert response["Location"] == "/en/alerts/requested/"
    assert not Subscription.objects.exists()
    assert mailoutbox == []


def test_subscribe_is_rate_limited(
    client, settings, django_capture_on_commit_callbacks, kazakhstan
):
    settings.FORM_RATE_LIMIT = 2
    for number in range(2):
        ask(client, django_capture_on_commit_callbacks, email=f"p{number}@example.kz")
    response = ask(client, django_capture_on_commit_callbacks, email="p3@example.kz")
    assert response.status_code == 429
    assert Subscription.objects.count() == 2


# --- Double opt-in ------------------------------------------------------------------


def test_confirm_link_asks_then_confirms(
    client, django_capture_on_commit_callbacks, mailoutbox, kazakhstan
):
    ask(client, django_capture_on_commit_callbacks)
    confirm = link(mailoutbox[0], "confirm")
    page = client.get(confirm)
    assert page.status_code == 200
    assert f'action="{confirm}"' in page.content.decode()
    assert b"dana@example.kz" not in page.content
    assert Subscription.objects.get().confirmed_at is None  # mail scanners follow links
    done = client.post(confirm)
    assert done.status_code == 200
    stored = Subscription.objects.get()
    assert stored.confirmed_at is not None
    assert stored.covered_until == stored.confirmed_at
    assert b"already confirmed" in client.get(confirm).content


def test_nothing_but_the_confirmation_is_sent_before_confirming(
    client, django_capture_on_commit_callbacks, mailoutbox, kazakhstan
):
    ask(client, django_capture_on_commit_callbacks)
    Subscription.objects.update(created_at=NOW - 2 * WEEK, covered_until=NOW - 2 * WEEK)
    kazakh_initiative(kazakhstan, "new-one", NOW - datetime.timedelta(days=1))
    mailoutbox.clear()
    assert services.queue_due_digests() == 0
    assert services.send_digest(Subscription.objects.get().pk) is False
    assert mailoutbox == []


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        lambda token: token.split(":")[0],
        lambda token: signing.dumps([1, "guess"], salt="alerts.subscription.confirm") + "x",
        lambda token: "not-a-token",
    ],
)
def test_tampered_links_do_nothing(
    client, django_capture_on_commit_callbacks, mailoutbox, tamper, kazakhstan
):
    ask(client, django_capture_on_commit_callbacks)
    for name in ("confirm", "unsubscribe"):
        path = link(mailoutbox[0], name)
        token = path.rstrip("/").rsplit("/", 1)[1]
        response = client.post(path.replace(token, tamper(token)))
        assert response.status_code == 404
    assert Subscription.objects.get().confirmed_at is None


def test_a_forged_secret_or_the_other_links_token_does_nothing(
    client, django_capture_on_commit_callbacks, mailoutbox, kazakhstan
):
    ask(client, django_capture_on_commit_callbacks)
    stored = Subscription.objects.get()
    forged = signing.dumps([stored.pk, "x" * 43], salt=services.CONFIRM_SALT)
    assert client.post(url("confirm", token=forged)).status_code == 404
    # The unsubscribe link's token does not confirm, and the reverse.
    confirm_token = link(mailoutbox[0], "confirm").rstrip("/").rsplit("/", 1)[1]
    unsubscribe_token = link(mailoutbox[0], "unsubscribe").rstrip("/").rsplit("/", 1)[1]
    assert client.post(url("confirm", token=unsubscribe_token)).status_code == 404
    assert client.post(url("unsubscribe", token=confirm_token)).status_code == 404
    stored.refresh_from_db()
    assert stored.confirmed_at is None


def test_confirm_link_expires(client, django_capture_on_commit_callbacks, mailoutbox, kazakhstan):
    eight_days_ago = (NOW - datetime.timedelta(days=8)).timestamp()
    with mock.patch("django.core.signing.time.time", return_value=eight_days_ago):
        ask(client, django_capture_on_commit_callbacks)
    response = client.post(link(mailoutbox[0], "confirm"))
    assert response.status_code == 410
    assert b"expired" in response.content
    assert Subscription.objects.get().confirmed_at is None


def test_unconfirmed_subscriptions_expire_and_are_deleted():
    old = NOW - datetime.timedelta(days=8)
    expired = subscription("old@example.kz", created_at=old, confirmed_at=None, covered_until=None)
    subscription("asked-again@example.kz", created_at=old, confirmed_at=None, asked_again_at=NOW)
    subscription("recent@example.kz", confirmed_at=None, covered_until=None)
    subscription("confirmed@example.kz", created_at=old)
    assert services.delete_expired() == 1
    remaining = set(Subscription.objects.values_list("email", flat=True))
    assert expired.email not in remaining
    assert remaining == {"asked-again@example.kz", "recent@example.kz", "confirmed@example.kz"}


# --- The weekly digest ----------------------------------------------------------------


def test_digest_tells_only_what_was_added_since_the_last_one(mailoutbox, kazakhstan):
    alert = subscription()
    kazakh_initiative(kazakhstan, "before", NOW - 2 * WEEK, title_en="Added before")
    kazakh_initiative(kazakhstan, "steppe", NOW - datetime.timedelta(days=2), title_en="Steppe")
    InitiativeFactory(slug="elsewhere", created_at=NOW - datetime.timedelta(days=2))
    assert services.send_digest(alert.pk, now=NOW) is True

    (message,) = mailoutbox
    assert "Steppe" in message.body
    assert f"{SITE}/en/initiatives/steppe/" in message.body
    assert "Added before" not in message.body
    assert "/elsewhere/" not in message.body
    assert f"{SITE}/en/initiatives/?country=KZ" in message.body
    assert message.subject == "New initiatives: 1 added this week"
    alert.refresh_from_db()
    assert alert.digest_sent_at is not None
    # The next week starts where this one ended: the same record is not told twice.
    mailoutbox.clear()
    kazakh_initiative(kazakhstan, "lake", NOW + datetime.timedelta(days=3), title_en="Lake")
    assert services.send_digest(alert.pk, now=NOW + WEEK) is True
    (message,) = mailoutbox
    assert "Lake" in message.body
    assert "Steppe" not in message.body


def test_digest_sends_nothing_when_nothing_is_new(mailoutbox, kazakhstan):
    alert = subscription()
    kazakh_initiative(kazakhstan, "before", NOW - 2 * WEEK)
    assert services.send_digest(alert.pk, now=NOW) is False
    assert mailoutbox == []
    alert.refresh_from_db()
    assert alert.covered_until > NOW - WEEK  # looked at: due again in a week
    assert alert.digest_sent_at is None


def test_digest_is_weekly_and_sent_once(mailoutbox, kazakhstan):
    alert = subscription(covered_until=NOW - datetime.timedelta(days=3))
    kazakh_initiative(kazakhstan, "steppe", NOW - datetime.timedelta(days=1))
    assert services.queue_due_digests(now=NOW) == 0
    assert services.send_digest(alert.pk, now=NOW) is False  # not a week yet
    Subscription.objects.update(covered_until=NOW - WEEK)
    assert services.queue_due_digests() == 1  # in-process tasks: sent at once
    assert len(mailoutbox) == 1
    assert services.send_digest(alert.pk) is False  # a task run twice sends once
    assert len(mailoutbox) == 1


@pytest.mark.parametrize("language", LANGUAGES)
def test_digest_is_in_the_subscribers_language(mailoutbox, kazakhstan, language):
    alert = subscription(language=language)
    kazakh_initiative(
        kazakhstan,
        "steppe",
        NOW - datetime.timedelta(days=1),
        title_en="Steppe restoration",
        title_ru="Восстановление степи",
        title_kk="Даланы қалпына келтіру",
    )
    services.send_digest(alert.pk, now=NOW)
    (message,) = mailoutbox
    titles = {
        "en": "Steppe restoration",
        "ru": "Восстановление степи",
        "kk": "Даланы қалпына келтіру",
    }
    subjects = {
        "en": "New initiatives: 1 added this week",
        "ru": "Новые инициативы: за неделю добавлено — 1",
        "kk": "Жаңа бастамалар: осы аптада 1 қосылды",
    }
    countries = {"en": "Kazakhstan", "ru": "Казахстан", "kk": "Қазақстан"}
    assert titles[language] in message.body
    assert countries[language] in message.body
    assert message.subject == subjects[language]
    assert f"{SITE}/{language}/initiatives/steppe/" in message.body
    assert link(message, "unsubscribe").startswith(f"/{language}/alerts/unsubscribe/")


def test_event_digest_tells_new_upcoming_events_of_its_theme(mailoutbox, water):
    alert = subscription(topic=Topic.EVENTS, query="theme=water")
    added = NOW - datetime.timedelta(days=1)
    for slug, start in [("summit", datetime.date(2099, 5, 1)), ("held", datetime.date(2001, 5, 1))]:
        EventFactory(
            slug=slug, title_en=slug.title(), start_date=start, created_at=added
        ).themes.add(water)
    EventFactory(slug="dry", title_en="Dry", start_date=datetime.date(2099, 5, 1), created_at=added)
    services.send_digest(alert.pk, now=NOW)
    (message,) = mailoutbox
    assert "Summit" in message.body
    assert "Held" not in message.body
    assert "Dry" not in message.body
    assert message.subject == "New upcoming events: 1 added this week"


def test_digest_lists_at_most_its_limit_and_counts_the_rest(mailoutbox, kazakhstan, monkeypatch):
    monkeypatch.setattr(services, "DIGEST_LIMIT", 2)
    alert = subscription()
    for number in range(5):
        kazakh_initiative(kazakhstan, f"i{number}", NOW - datetime.timedelta(hours=number + 1))
    services.send_digest(alert.pk, now=NOW)
    (message,) = mailoutbox
    assert message.body.count(f"{SITE}/en/initiatives/i") == 2
    assert "/en/initiatives/i0/" in message.body  # the newest
    assert "And 3 more" in message.body
    assert message.subject == "New initiatives: 5 added this week"


def test_digest_of_a_filter_no_longer_valid_sends_nothing(mailoutbox):
    alert = subscription(query="theme=deleted-theme")
    InitiativeFactory(created_at=NOW - datetime.timedelta(days=1))
    assert services.send_digest(alert.pk, now=NOW) is False
    assert mailoutbox == []


# --- One-click unsubscribe -------------------------------------------------------------


def test_every_email_has_the_unsubscribe_link_and_headers(
    client, django_capture_on_commit_callbacks, mailoutbox, kazakhstan
):
    ask(client, django_capture_on_commit_callbacks)  # the confirmation
    client.post(link(mailoutbox[0], "confirm"))
    ask(client, django_capture_on_commit_callbacks)  # "already subscribed"
    kazakh_initiative(kazakhstan, "steppe", timezone.now() - datetime.timedelta(hours=1))
    Subscription.objects.update(covered_until=NOW - WEEK)
    services.send_digest(Subscription.objects.get().pk, now=NOW + datetime.timedelta(hours=2))
    assert len(mailoutbox) == 3
    for message in mailoutbox:
        path = link(message, "unsubscribe")
        assert message.extra_headers["List-Unsubscribe"] == f"<{SITE}{path}>"
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert "List-Unsubscribe-Post: List-Unsubscribe=One-Click" in message.message().as_string()


def test_unsubscribe_get_asks_and_one_click_post_deletes_without_csrf(
    django_capture_on_commit_callbacks, mailoutbox, kazakhstan
):
    # As a mail client does it (RFC 8058): no cookie, no CSRF token, the one-click body.
    client = Client(enforce_csrf_checks=True)
    ask(Client(), django_capture_on_commit_callbacks)
    path = link(mailoutbox[0], "unsubscribe")
    page = client.get(path)
    assert page.status_code == 200
    assert f'action="{path}"' in page.content.decode()
    assert b"dana@example.kz" not in page.content
    assert Subscription.objects.exists()
    response = client.post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert not Subscription.objects.exists()
    # Again, or the page after: said calmly, nothing left to delete.
    assert client.post(path).status_code == 200
    assert b"unsubscribed" in client.get(path).content


# --- Pages, admin, sweep ---------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_alert_pages_are_translated_and_bounded(
    client,
    django_capture_on_commit_callbacks,
    mailoutbox,
    kazakhstan,
    language,
    django_assert_max_num_queries,
):
    ask(client, django_capture_on_commit_callbacks, language=language)
    confirm, unsubscribe = link(mailoutbox[0], "confirm"), link(mailoutbox[0], "unsubscribe")
    headings = {
        "en": ["Check your e-mail", "Confirm your e-mail alert", "Unsubscribe"],
        "ru": ["Проверьте почту", "Подтвердите оповещение по почте", "Отписаться"],
        "kk": ["Поштаңызды тексеріңіз", "Пошта хабарламасын растаңыз", "Жазылымнан бас тарту"],
    }[language]
    # At most: the subscription; the countries (to say its filters in words).
    for path, heading in zip(
        [url("requested", language), confirm, unsubscribe], headings, strict=True
    ):
        with django_assert_max_num_queries(2):
            response = client.get(path)
        assert f"<h1>{heading}</h1>" in response.content.decode()


@pytest.mark.parametrize("language", LANGUAGES)
def test_admin_shows_subscriptions_to_staff_with_the_permission_only(client, kazakhstan, language):
    alert = subscription(email="private@example.kz")
    staff = User.objects.create_user("staff", password="x", is_staff=True)
    client.force_login(staff)
    with translation.override(language):
        changelist = reverse("admin:alerts_subscription_changelist")
        change = reverse("admin:alerts_subscription_change", args=[alert.pk])
        add = reverse("admin:alerts_subscription_add")
    assert client.get(changelist).status_code == 403
    staff.user_permissions.add(Permission.objects.get(codename="view_subscription"))
    response = client.get(changelist)
    assert response.status_code == 200
    assert b"private@example.kz" in response.content
    page = client.get(change).content.decode()
    countries = {"en": "Country: Kazakhstan", "ru": "Страна: Казахстан", "kk": "Ел: Қазақстан"}
    assert countries[language] in page  # its filters in words, in the admin's language
    assert 'name="_save"' not in page  # read-only: they come from the public form
    assert client.get(add).status_code == 403


def test_sweep_sends_the_confirmations_an_outage_left_unsent(mailoutbox, settings):
    settings.MAIL_SWEEP_MINUTES = 15
    subscription(
        confirmed_at=None, covered_until=None, created_at=NOW - datetime.timedelta(hours=1)
    )
    subscription("fresh@example.kz", confirmed_at=None, covered_until=None)
    assert services.send_unsent_mail() == 1
    (message,) = mailoutbox
    assert message.to == ["aidar@example.kz"]
    assert services.send_unsent_mail() == 0

"""Admin logins lock after repeated failures, per username and client address, for a cool-off.

django-axes does the counting; these tests hold our settings to what the README
promises: the limit and cool-off from the environment, the pair (username,
address) locked and nothing else, the address read as the rate limits read it,
the locked-out page in three languages, and staff lifting a lock.
"""

import datetime

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.core.management import call_command

from tests.admin_helpers import url_in

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "ru", "kk"]
PASSWORD = "the-right-password-42"
# The page's sentence that says why, in each language.
REFUSED = {
    "en": "This login was refused",
    "ru": "Вход отклонён",
    "kk": "Кіру қабылданбады",
}


# The changelist's name for django-axes's attempts (Kazakh from locale_django/).
ATTEMPTS_HEADING = {"en": "access attempt", "ru": "о попытке доступа", "kk": "кіру әрекеті"}


@pytest.fixture(autouse=True)
def _limit(settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=30)


@pytest.fixture
def editor():
    return User.objects.create_user("editor", "editor@example.org", PASSWORD, is_staff=True)


def log_in(client, password, username="editor", language="en", **headers):
    login = url_in(language, "admin:login")
    return client.post(
        login,
        {"username": username, "password": password, "next": url_in(language, "admin:index")},
        **headers,
    )


def logged_in(response):
    return response.status_code == 302 and "_auth_user_id" in response.client.session


def fail(client, times, **kwargs):
    for _attempt in range(times):
        response = log_in(client, "wrong", **kwargs)
        assert response.status_code in (200, 429)


def test_login_works_with_the_right_password(client, editor):
    assert logged_in(log_in(client, PASSWORD))


def test_login_refused_after_the_failure_limit_even_with_the_right_password(client, editor):
    fail(client, 3)

    response = log_in(client, PASSWORD)

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert REFUSED["en"] in response.text
    assert "paused for 30 minutes" in response.text
    assert response["Retry-After"] == str(30 * 60)


def test_failed_attempts_keep_no_password(client, editor):
    log_in(client, "hunter2-typo")

    attempt = AccessAttempt.objects.get()
    assert (attempt.username, attempt.failures_since_start) == ("editor", 1)
    assert "hunter2-typo" not in attempt.post_data


def test_admin_index_names_the_lockouts_in_kazakh(admin_client):
    response = admin_client.get(url_in("kk", "admin:index"))

    assert "Кіруді бұғаттау" in response.text
    assert "Кіру әрекеттері" in response.text


def test_login_below_the_limit_still_works_and_clears_the_count(client, editor):
    fail(client, 2)

    assert logged_in(log_in(client, PASSWORD))
    assert not AccessAttempt.objects.exists()


def test_login_works_again_after_the_cool_off(client, editor):
    fail(client, 3)
    assert log_in(client, PASSWORD).status_code == 429

    # Half an hour and a minute later.
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - datetime.timedelta(minutes=31)
    )

    assert logged_in(log_in(client, PASSWORD))


def test_lockout_is_per_username_and_address(client, editor):
    User.objects.create_user("other", "other@example.org", PASSWORD, is_staff=True)
    fail(client, 3)

    # The same account from another address, another account from this one.
    assert logged_in(log_in(client, PASSWORD, REMOTE_ADDR="192.0.2.77"))
    client.logout()
    assert logged_in(log_in(client, PASSWORD, username="other"))


@pytest.mark.parametrize("proxies", [None, 0], ids=["unset", "zero"])
def test_lockout_cannot_be_dodged_with_x_forwarded_for(client, editor, settings, proxies):
    settings.NUM_PROXIES = proxies
    for n in range(3):
        log_in(client, "wrong", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")

    response = log_in(client, PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.9")

    assert response.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"127.0.0.1"}


def test_lockout_behind_a_proxy_counts_the_address_it_saw(client, editor, settings):
    settings.NUM_PROXIES = 1
    for n in range(3):
        # The client's own left-hand entries change; the proxy's does not.
        log_in(client, "wrong", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}, 198.51.100.7")

    locked = log_in(client, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.7")
    other = log_in(client, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.8")

    assert locked.status_code == 429
    assert logged_in(other)


@pytest.mark.parametrize("language", LANGUAGES)
def test_locked_out_page_in_each_language(client, editor, language):
    fail(client, 3, language=language)

    response = log_in(client, PASSWORD, language=language)

    assert response.status_code == 429
    assert f'lang="{language}"' in response.text
    assert REFUSED[language] in response.text
    assert f'href="{url_in(language, "admin:login")}"' in response.text


def test_staff_lift_a_lock_with_the_management_command(client, editor):
    fail(client, 3)

    call_command("axes_reset_username", "editor")

    assert logged_in(log_in(client, PASSWORD))


@pytest.mark.parametrize("language", LANGUAGES)
def test_staff_lift_a_lock_in_the_admin(client, admin_client, editor, language):
    fail(client, 3)
    attempt = AccessAttempt.objects.get()
    changelist = url_in(language, "admin:axes_accessattempt_changelist")

    page = admin_client.get(changelist)
    admin_client.post(changelist, {"action": "delete_selected", "_selected_action": [attempt.pk]})
    admin_client.post(
        changelist,
        {"action": "delete_selected", "_selected_action": [attempt.pk], "post": "yes"},
    )

    assert page.status_code == 200
    assert "editor" in page.text
    assert ATTEMPTS_HEADING[language] in page.text
    assert not AccessAttempt.objects.exists()
    assert logged_in(log_in(client, PASSWORD))

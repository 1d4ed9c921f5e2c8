"""Celery for real: a worker fed through Redis, a broker that is down, and the beat schedule.

The rest of the suite runs tasks in-process (no CELERY_BROKER_URL). Here a
second Celery app, configured like production (Redis broker, tasks not
eager), is made the current one, so the shared tasks that the views queue go
through the broker to a worker running in a thread of this process. That
worker writes to the same test database (transactional, so it sees committed
rows) and to the same locmem outbox.
"""

import datetime
import socket
import time
import uuid
from contextlib import contextmanager

import pytest
import redis
from celery import Celery, signals
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.urls import reverse
from django.utils import timezone, translation

from alliance.celery import app as default_app
from applications import tasks as member_tasks
from applications.models import MembershipApplication
from initiatives.services import published_csv
from registrations.models import Registration
from tests.factories import CountryFactory, EventFactory, InitiativeFactory

REDIS = ("127.0.0.1", 6379)
REDIS_URL = f"redis://{REDIS[0]}:{REDIS[1]}/0"
# A port nothing listens on: the broker is "down".
CLOSED_BROKER_URL = "redis://127.0.0.1:1/0"


def reachable(address):
    try:
        with socket.create_connection(address, timeout=0.5):
            return True
    except OSError:
        return False


@contextmanager
def production_like_app(broker_url):
    """A Celery app like production's (a broker, nothing eager), current while in use."""
    queue = f"tsako-test-{uuid.uuid4().hex}"
    app = Celery("alliance-test", set_as_current=False)
    app.config_from_object("django.conf:settings", namespace="CELERY")
    app.conf.update(
        broker_url=broker_url,
        task_always_eager=False,
        # Our own queue, so no other worker on this Redis takes our tasks.
        task_default_queue=queue,
        broker_connection_retry_on_startup=False,
    )
    # As alliance/celery.py does, but now: a worker knows the tasks it starts with.
    app.autodiscover_tasks(force=True)
    app.set_current()
    try:
        yield app
    finally:
        app.close()
        default_app.set_current()
        default_app.set_default()
        if broker_url == REDIS_URL:
            # The queue and the routing keys kombu keeps for it.
            with redis.Redis.from_url(REDIS_URL) as client:
                client.delete(queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}")


def close_db_connections(**_kwargs):
    # The worker's thread opens its own connection; close it after each task
    # so the test database can be flushed and dropped.
    connections.close_all()


def wait_for(condition, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def application_form():
    return {
        "name": "Zhasyl Dala",
        "kind": "ngo",
        "country": str(CountryFactory(code="KZ").pk),
        "description": "Eco clubs.",
        "contact_name": "Aliya",
        "contact_email": "aliya@example.kz",
        "consent": "on",
    }


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.skipif(not reachable(REDIS), reason=f"no Redis at {REDIS_URL} to run a real worker")
@pytest.mark.django_db(transaction=True)
def test_real_worker_sends_the_mail_of_a_registration_and_an_application(client, mailoutbox):
    event = EventFactory(
        slug="forum",
        title_ru="Форум",
        start_date=timezone.localdate() + datetime.timedelta(days=30),
        registration_open=True,
        capacity=10,
    )
    signals.task_postrun.connect(close_db_connections, weak=False)
    try:
        with production_like_app(REDIS_URL) as app:
            started = time.monotonic()
            registered = client.post(
                "/ru/events/forum/register/",
                {"name": "Dana", "email": "dana@example.kz", "language": "ru", "consent": "on"},
            )
            applied = client.post("/kk/join/", application_form())
            answered_in = time.monotonic() - started
            # Queued in Redis; with no worker running yet, nothing is sent.
            time.sleep(0.5)
            assert mailoutbox == []

            # The test only reads the outbox while the worker runs: SQLite's
            # shared in-memory test database locks whole tables.
            with start_worker(app, perform_ping_check=False, shutdown_timeout=20):
                assert wait_for(lambda: len(mailoutbox) >= 2), "no mail from the worker in 20 s"
                delivered_in = time.monotonic() - started
            # Stopped: the worker finished its last task, so its marks are committed.
    finally:
        signals.task_postrun.disconnect(close_db_connections)

    assert registered.status_code == 302
    assert applied.status_code == 302
    assert answered_in < 5
    print(f"requests answered in {answered_in:.2f} s; mail delivered {delivered_in:.2f} s after")
    by_recipient = {message.to[0]: message for message in mailoutbox}
    # Confirmation, in Russian, with the calendar file; and the acknowledgement.
    # (Nobody is in the membership group, so staff are not e-mailed yet.)
    assert set(by_recipient) == {"dana@example.kz", "aliya@example.kz"}
    confirmation = by_recipient["dana@example.kz"]
    assert "Форум" in confirmation.subject
    assert "/ru/events/forum/cancel/" in confirmation.body
    assert confirmation.attachments[0][0] == "forum.ics"
    assert f"{settings.SITE_URL}/kk/" in by_recipient["aliya@example.kz"].body
    registration = Registration.objects.get()
    assert registration.event == event
    assert registration.confirmation_sent_at is not None
    assert MembershipApplication.objects.get().acknowledged_at is not None


@pytest.mark.skipif(not reachable(REDIS), reason=f"no Redis at {REDIS_URL} to run a real worker")
@pytest.mark.django_db(transaction=True)
def test_real_worker_builds_the_exports_a_change_asks_for(client, settings, tmp_path):
    settings.PREBUILT_EXPORTS = True
    settings.EXPORTS_DIR = tmp_path
    settings.EXPORTS_BUILD_DELAY = 0
    signals.task_postrun.connect(close_db_connections, weak=False)
    try:
        with production_like_app(REDIS_URL) as app:
            InitiativeFactory(slug="steppe", title_en="Steppe Restoration")
            InitiativeFactory(slug="glaciers", title_en="Glacier Watch")
            time.sleep(0.5)
            assert published_csv("en").current() is None  # queued, not built

            with start_worker(app, perform_ping_check=False, shutdown_timeout=60):
                built = wait_for(lambda: published_csv("kk").current() is not None, timeout=60)
    finally:
        signals.task_postrun.disconnect(close_db_connections)

    assert built, "no export built by the worker in 60 s"
    response = client.get("/en/initiatives/export.csv")
    assert hasattr(response, "file_to_stream")
    content = b"".join(response.streaming_content).decode()
    assert "Steppe Restoration" in content
    assert "Glacier Watch" in content


@pytest.mark.django_db(transaction=True)
def test_broker_down_the_request_succeeds_and_the_record_waits_for_the_sweep(
    client, mailoutbox, caplog
):
    with production_like_app(CLOSED_BROKER_URL):
        started = time.monotonic()
        with translation.override("ru"):
            response = client.post(reverse("join:apply"), application_form())
        answered_in = time.monotonic() - started

    # The visitor sees the success; the application is stored, its mail unsent.
    assert response.status_code == 302
    assert response["Location"] == "/ru/join/thanks/"
    print(f"with the broker down the request answered in {answered_in:.2f} s")
    application = MembershipApplication.objects.get()
    assert application.language == "ru"
    assert application.acknowledged_at is None
    assert application.staff_notified_at is None
    assert mailoutbox == []
    assert caplog.text.count("Broker unreachable") == 2

    # The broker is back (here: in-process tasks) and the sweep runs.
    MembershipApplication.objects.update(created_at=timezone.now() - datetime.timedelta(hours=1))
    member_tasks.send_unsent_mail()
    member_tasks.send_unsent_mail()

    assert [message.to for message in mailoutbox] == [["aliya@example.kz"]]
    application.refresh_from_db()
    assert application.acknowledged_at is not None


def test_beat_schedule_names_real_tasks():
    default_app.loader.import_default_modules()
    names = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    assert names == {
        "applications.tasks.send_unsent_mail",
        "registrations.tasks.send_unsent_mail",
        "registrations.tasks.send_due_reminders",
        "registrations.tasks.delete_old_registrations",
        "initiatives.tasks.build_exports",
        "alerts.tasks.send_unsent_mail",
        "alerts.tasks.send_due_digests",
        "alerts.tasks.delete_expired",
        "translations.tasks.send_digests",
        "toolkit.tasks.publish_due",
    }
    assert names <= set(default_app.tasks)


def test_every_mail_task_retries_with_backoff():
    default_app.loader.import_default_modules()
    mail_tasks = [
        "applications.tasks.notify_staff",
        "applications.tasks.acknowledge",
        "applications.tasks.send_decision",
        "registrations.tasks.send_confirmation",
        "registrations.tasks.send_promotion",
        "registrations.tasks.send_reminder",
        "alerts.tasks.send_confirmation",
        "alerts.tasks.send_already_subscribed",
        "alerts.tasks.send_digest",
        "translations.tasks.send_digest",
    ]

    for name in mail_tasks:
        task = default_app.tasks[name]
        assert OSError in task.autoretry_for, name  # SMTPException is an OSError too
        assert task.retry_backoff and task.retry_jitter, name
        assert task.max_retries == 8, name

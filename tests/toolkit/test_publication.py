"""Scheduled publication: the beat task publishes due drafts, and every cache learns of it."""

import datetime

import pytest
from celery import current_app
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils import timezone
from reversion.models import Version

from alerts import services as alerts
from alerts.models import Subscription, Topic
from events.models import Event
from initiatives.models import Initiative
from members.models import Organisation
from tests.factories import (
    CountryFactory,
    CountryShareFactory,
    EventFactory,
    InitiativeFactory,
    OrganisationFactory,
)
from toolkit import publication
from toolkit.cache import content_version
from toolkit.tasks import publish_due

pytestmark = pytest.mark.django_db

NOW = timezone.now()
MINUTE = datetime.timedelta(minutes=1)


def scheduled(factory, moment, **fields):
    return factory(is_published=False, publish_at=moment, **fields)


def test_the_beat_schedule_publishes_drafts_every_minute():
    entry = settings.CELERY_BEAT_SCHEDULE["publish-scheduled-drafts"]

    assert entry["task"] == "toolkit.tasks.publish_due"
    assert entry["schedule"].minute == set(range(60))
    assert entry["task"] in current_app.tasks


def test_the_task_publishes_due_drafts_and_leaves_future_ones_and_plain_drafts():
    now = timezone.now()  # the task reads the clock
    due = [
        scheduled(EventFactory, now - MINUTE),
        scheduled(InitiativeFactory, now),
        scheduled(OrganisationFactory, now - datetime.timedelta(days=2)),
    ]
    future = scheduled(InitiativeFactory, now + datetime.timedelta(hours=1))
    draft = InitiativeFactory(is_published=False)

    # Queued as beat queues it (Celery runs in-process without a broker).
    assert publish_due.delay().get() == 3

    for record in due:
        record.refresh_from_db()
        assert record.is_published
    assert set(Initiative.objects.drafts()) == {future, draft}
    assert publish_due.delay().get() == 0


def test_the_task_publishes_at_the_moment_it_is_given():
    record = scheduled(EventFactory, NOW + datetime.timedelta(hours=1))

    assert publication.publish_due(now=NOW) == 0
    assert publication.publish_due(now=NOW + datetime.timedelta(hours=1)) == 1
    assert Event.objects.get(pk=record.pk).is_published


def test_publishing_dates_the_record_added_and_keeps_a_version():
    created = NOW - datetime.timedelta(days=30)
    record = scheduled(InitiativeFactory, NOW - MINUTE, created_at=created)

    publication.publish_due(now=NOW)

    record.refresh_from_db()
    # Feeds and alerts tell of it as added now, when readers first see it.
    assert record.created_at == NOW
    (version,) = Version.objects.get_for_object(record)
    assert version.revision.comment == "Published at the scheduled moment."


def test_publishing_bumps_the_content_clock_and_the_page_cache():
    record = scheduled(OrganisationFactory, NOW - MINUTE)
    page_version = content_version()
    clock = publication.clock.read_row().get("members.organisation")

    publication.publish_due(now=NOW)

    assert content_version() != page_version
    assert publication.clock.read_row()["members.organisation"] != clock
    assert Organisation.objects.published().filter(pk=record.pk).exists()


def test_a_cached_list_shows_the_record_once_the_task_publishes_it(client, settings):
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    InitiativeFactory(title_en="Already public")
    record = scheduled(InitiativeFactory, NOW + MINUTE, title_en="Next year's programme")
    before = client.get("/en/initiatives/").content.decode()
    assert "Already public" in before
    assert "Next year" not in before
    assert client.get("/en/initiatives/").content.decode() == before  # from the cache

    publication.publish_due(now=NOW + MINUTE)

    after = client.get("/en/initiatives/").content.decode()
    assert "Next year&#x27;s programme" in after
    assert client.get(record.get_absolute_url()).status_code == 200


def test_the_apis_etag_moves_when_the_task_publishes(client):
    EventFactory(slug="public-event")
    scheduled(EventFactory, NOW + MINUTE, slug="scheduled-event")
    first = client.get("/api/v1/events/")
    assert "scheduled-event" not in first.content.decode()
    assert (
        client.get("/api/v1/events/", headers={"if-none-match": first["ETag"]}).status_code == 304
    )

    publication.publish_due(now=NOW + MINUTE)

    again = client.get("/api/v1/events/", headers={"if-none-match": first["ETag"]})
    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]
    assert "scheduled-event" in again.content.decode()


def test_the_alert_digest_tells_of_a_draft_once_it_is_published(mailoutbox):
    kazakhstan = CountryFactory(code="KZ")
    week = datetime.timedelta(days=7)
    alert = Subscription.objects.create(
        email="aidar@example.kz",
        topic=Topic.INITIATIVES,
        query="country=KZ",
        language="en",
        confirmed_at=NOW - 2 * week,
        covered_until=NOW - week,
    )
    # Written as a draft three weeks ago, published by the task last night.
    draft = scheduled(
        InitiativeFactory,
        NOW - datetime.timedelta(days=1),
        title_en="Steppe schools",
        created_at=NOW - 3 * week,
    )
    CountryShareFactory(initiative=draft, country=kazakhstan)
    assert alerts.send_digest(alert.pk, now=NOW - datetime.timedelta(days=2)) is False

    publication.publish_due(now=NOW - datetime.timedelta(days=1))
    assert alerts.send_digest(alert.pk, now=NOW) is True

    (message,) = mailoutbox
    assert "Steppe schools" in message.body


def test_a_digest_leaves_drafts_out(mailoutbox):
    kazakhstan = CountryFactory(code="KZ")
    alert = Subscription.objects.create(
        email="aidar@example.kz",
        topic=Topic.EVENTS,
        query="country=KZ",
        language="en",
        confirmed_at=NOW - datetime.timedelta(days=14),
        covered_until=NOW - datetime.timedelta(days=7),
    )
    soon = timezone.localdate() + datetime.timedelta(days=20)
    added = NOW - datetime.timedelta(days=1)
    EventFactory(title_en="Draft forum", country=kazakhstan, start_date=soon, created_at=added,
                 is_published=False)  # fmt: skip
    EventFactory(title_en="Open forum", country=kazakhstan, start_date=soon, created_at=added)

    assert alerts.send_digest(alert.pk, now=NOW) is True

    (message,) = mailoutbox
    assert "Open forum" in message.body
    assert "Draft forum" not in message.body


def test_saving_a_draft_as_published_dates_it_added_now():
    record = EventFactory(is_published=False, created_at=NOW - datetime.timedelta(days=9))
    record = Event.objects.get(pk=record.pk)

    record.is_published = True
    record.save(update_fields=["is_published"])

    record.refresh_from_db()
    assert record.created_at > NOW


@pytest.mark.parametrize(
    ("is_published", "moment", "field_error"),
    [
        (False, NOW - MINUTE, True),  # a draft "scheduled" in the past
        (True, NOW + datetime.timedelta(days=1), True),  # published, and scheduled too
        (False, NOW + datetime.timedelta(days=1), False),
        (True, NOW - MINUTE, False),  # published as scheduled: the moment stays
        (False, None, False),
    ],
)
def test_a_publication_moment_must_agree_with_the_state(is_published, moment, field_error):
    record = InitiativeFactory.build(
        slug="checked", is_published=is_published, publish_at=moment, source_language="en"
    )

    if field_error:
        with pytest.raises(ValidationError) as error:
            record.full_clean()
        assert "publish_at" in error.value.message_dict
    else:
        record.full_clean()

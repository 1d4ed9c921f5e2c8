"""Bulk actions and editable columns on events: registration, country, themes."""

import pytest
from reversion.models import Version

from events.models import Event
from tests.admin_actions import messages_of, run_action
from tests.admin_helpers import admin_url
from tests.factories import CountryFactory, EventFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def test_open_registration_asks_first_then_opens_in_kazakh_admin(admin_client):
    events = [EventFactory(registration_open=False) for _ in range(3)]

    page = run_action(admin_client, Event, "open_registration", events, language="kk")

    assert page.status_code == 200
    assert 'name="confirmed"' in page.text
    assert not Event.objects.filter(registration_open=True).exists()

    run_action(admin_client, Event, "open_registration", events, language="kk", confirmed="yes")

    assert Event.objects.filter(registration_open=True).count() == 3
    assert "3 жазба өзгертілді." in messages_of(admin_client, Event, "kk")
    assert Version.objects.get_for_model(Event).count() == 3


def test_close_registration_changes_only_open_events(admin_client):
    open_one = EventFactory(registration_open=True)
    closed_one = EventFactory(registration_open=False)

    run_action(admin_client, Event, "close_registration", [open_one, closed_one], confirmed="yes")

    assert not Event.objects.filter(registration_open=True).exists()
    assert "1 record changed." in messages_of(admin_client, Event)
    assert not Version.objects.get_for_object(closed_one).exists()


def test_set_country_in_russian_admin(admin_client):
    kg = CountryFactory(code="KG", name_ru="Кыргызстан")
    events = [EventFactory() for _ in range(2)]

    page = run_action(admin_client, Event, "set_country", events, language="ru")
    assert "Кыргызстан" in page.text
    run_action(admin_client, Event, "set_country", events, language="ru", choice=kg.pk)

    assert {event.country for event in Event.objects.all()} == {kg}


def test_add_theme_to_events(admin_client):
    theme = ThemeFactory()
    events = [EventFactory() for _ in range(2)]

    run_action(admin_client, Event, "add_theme", events, choice=theme.pk)

    assert set(theme.events.all()) == set(events)


@pytest.mark.parametrize("count", [5, 100])
def test_event_bulk_actions_bounded(admin_client, count, django_assert_max_num_queries):
    events = [EventFactory(registration_open=False) for _ in range(count)]
    kz = CountryFactory(code="KZ")

    with django_assert_max_num_queries(30):
        run_action(admin_client, Event, "open_registration", events, confirmed="yes")
    with django_assert_max_num_queries(30):
        run_action(admin_client, Event, "set_country", events, choice=kz.pk)

    assert Event.objects.filter(registration_open=True, country=kz).count() == count


def test_registration_and_capacity_editable_in_the_list(admin_client):
    event = EventFactory(registration_open=False, capacity=None)
    page = admin_client.get(admin_url(Event, "changelist", "en"))
    assert 'name="form-0-capacity"' in page.text

    response = admin_client.post(
        admin_url(Event, "changelist", "en"),
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-MIN_NUM_FORMS": "0",
            "form-MAX_NUM_FORMS": "1000",
            "form-0-id": str(event.pk),
            "form-0-registration_open": "on",
            "form-0-capacity": "60",
            "_save": "Save",
        },
    )

    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.registration_open, event.capacity) == (True, 60)
    assert Version.objects.get_for_object(event).count() == 1


def test_set_country_changes_the_api_list_validator(admin_client, client):
    # update() sends no signal: the action itself must give the content a new version.
    kg = CountryFactory(code="KG")
    events = [EventFactory() for _ in range(2)]
    before = client.get("/api/v1/events/")["ETag"]

    run_action(admin_client, Event, "set_country", events, confirmed="yes", choice=kg.pk)

    assert client.get("/api/v1/events/", HTTP_IF_NONE_MATCH=before).status_code == 200

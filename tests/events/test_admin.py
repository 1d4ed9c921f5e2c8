"""The events admin: what staff may enter for an event, its outcomes and its child events."""

import pytest

from events.models import DateStatus, Event
from tests.admin_helpers import admin_url, assert_form_error, management_form
from tests.factories import EventFactory, ExpectedOutcomeFactory

pytestmark = pytest.mark.django_db


def event_form(**fields):
    return {
        "title_en": "Climate Education Forum",
        "slug": "climate-education-forum",
        "kind": "forum",
        "start_date": "2026-04-22",
        "start_precision": "day",
        "end_precision": "day",
        **management_form("languages"),
        **management_form("outcomes"),
        **management_form("participations"),
        **fields,
    }


def test_event_add_valid_input_is_stored(admin_client):
    response = admin_client.post(admin_url(Event, "add", "en"), event_form())

    assert response.status_code == 302
    assert Event.objects.get().slug == "climate-education-forum"


def test_event_added_without_a_date_is_to_be_announced(admin_client):
    # Neither a date nor "without a date" chosen: once a form error naming a constraint.
    response = admin_client.post(admin_url(Event, "add", "kk"), event_form(start_date=""))

    assert response.status_code == 302
    assert Event.objects.get().date_status == DateStatus.TO_BE_ANNOUNCED


def test_event_given_a_date_loses_its_status_without_a_date(admin_client):
    response = admin_client.post(
        admin_url(Event, "add", "en"), event_form(date_status=DateStatus.HELD)
    )

    assert response.status_code == 302
    assert Event.objects.get().date_status == ""


def test_event_add_end_before_start_is_refused(admin_client):
    response = admin_client.post(admin_url(Event, "add", "en"), event_form(end_date="2026-04-21"))

    assert_form_error(response, "end_date")
    assert not Event.objects.exists()


def test_event_add_bad_time_zone_is_refused(admin_client):
    response = admin_client.post(
        admin_url(Event, "add", "kk"),
        event_form(start_time="10:00", time_zone="Mars/Olympus_Mons"),
    )

    assert_form_error(response, "time_zone")
    assert "Mars/Olympus_Mons" in response.text
    assert not Event.objects.exists()


def test_event_add_duplicate_slug_is_refused(admin_client):
    EventFactory(slug="climate-education-forum")

    response = admin_client.post(admin_url(Event, "add", "ru"), event_form())

    assert_form_error(response, "slug")
    assert Event.objects.count() == 1


def test_event_change_with_child_events_keeps_them(admin_client):
    parent = EventFactory(slug="summit")
    child = EventFactory(parent=parent, slug="side-event")

    response = admin_client.post(
        admin_url(Event, "change", "en", parent.pk),
        event_form(
            title_en="Renamed summit",
            slug="summit",
            **management_form("children", total=1, initial=1),
        ),
    )

    assert response.status_code == 302
    parent.refresh_from_db()
    child.refresh_from_db()
    assert parent.title_en == "Renamed summit"
    assert child.parent == parent


def test_event_change_form_links_child_events(admin_client):
    parent = EventFactory()
    child = EventFactory(parent=parent, title_en="Youth consultation")

    response = admin_client.get(admin_url(Event, "change", "en", parent.pk))

    assert "Youth consultation" in response.text
    assert admin_url(Event, "change", "en", child.pk) in response.text


def test_event_add_outcomes_left_at_default_position_are_numbered(admin_client):
    response = admin_client.post(
        admin_url(Event, "add", "en"),
        event_form(
            **management_form("outcomes", total=2),
            **{"outcomes-0-text_en": "A declaration", "outcomes-0-position": "0"},
            **{"outcomes-1-text_en": "A programme of action", "outcomes-1-position": "0"},
        ),
    )

    assert response.status_code == 302
    event = Event.objects.get(slug="climate-education-forum")
    assert [(o.position, o.text_en) for o in event.outcomes.all()] == [
        (0, "A declaration"),
        (1, "A programme of action"),
    ]


def test_event_change_new_outcome_beside_an_existing_one_is_numbered(admin_client):
    event = EventFactory(slug="climate-education-forum")
    first = ExpectedOutcomeFactory(event=event, position=0, text_en="A declaration")

    response = admin_client.post(
        admin_url(Event, "change", "en", event.pk),
        event_form(
            **management_form("outcomes", total=2, initial=1),
            **{
                "outcomes-0-id": str(first.pk),
                "outcomes-0-event": str(event.pk),
                "outcomes-0-text_en": "A declaration",
                "outcomes-0-position": "0",
            },
            **{"outcomes-1-text_en": "A programme of action", "outcomes-1-position": "0"},
            **management_form("children"),
        ),
    )

    assert response.status_code == 302
    assert [o.text_en for o in event.outcomes.all()] == ["A declaration", "A programme of action"]


def test_event_cannot_become_part_of_its_own_child(admin_client):
    summit = EventFactory(slug="summit")
    consultation = EventFactory(slug="consultation", parent=summit)

    response = admin_client.post(
        admin_url(Event, "change", "en", summit.pk),
        event_form(slug="summit", parent=str(consultation.pk), **management_form("children")),
    )

    assert response.status_code == 200
    assert_form_error(response, "parent")
    summit.refresh_from_db()
    assert summit.parent is None


def outcome_rows(event, rows):
    """The outcomes inline as the form posts it: (outcome or None, text, position, delete)."""
    data = management_form(
        "outcomes", total=len(rows), initial=sum(1 for row in rows if row[0] is not None)
    )
    for index, (outcome, text, position, delete) in enumerate(rows):
        prefix = f"outcomes-{index}"
        data[f"{prefix}-text_en"] = text
        data[f"{prefix}-position"] = str(position)
        if outcome is not None:
            data[f"{prefix}-id"] = str(outcome.pk)
            data[f"{prefix}-event"] = str(event.pk)
        if delete:
            data[f"{prefix}-DELETE"] = "on"
    return data


@pytest.fixture
def summit_with_outcomes():
    event = EventFactory(slug="climate-education-forum")
    outcomes = [
        ExpectedOutcomeFactory(event=event, position=position, text_en=text)
        for position, text in enumerate(["A declaration", "A roadmap", "A youth statement"])
    ]
    return event, outcomes


def post_outcomes(admin_client, event, rows):
    return admin_client.post(
        admin_url(Event, "change", "en", event.pk),
        event_form(**outcome_rows(event, rows), **management_form("children")),
    )


def test_event_change_outcome_added_to_several_goes_last(admin_client, summit_with_outcomes):
    event, (first, second, third) = summit_with_outcomes

    response = post_outcomes(
        admin_client,
        event,
        [
            (first, "A declaration", 0, False),
            (second, "A roadmap", 1, False),
            (third, "A youth statement", 2, False),
            (None, "A pool of regional projects", 0, False),
        ],
    )

    assert response.status_code == 302
    assert [(o.position, o.text_en) for o in event.outcomes.all()] == [
        (0, "A declaration"),
        (1, "A roadmap"),
        (2, "A youth statement"),
        (3, "A pool of regional projects"),
    ]


def test_event_change_outcomes_reordered_are_stored_in_the_new_order(
    admin_client, summit_with_outcomes
):
    event, (first, second, third) = summit_with_outcomes

    response = post_outcomes(
        admin_client,
        event,
        [
            (first, "A declaration", 2, False),
            (second, "A roadmap", 0, False),
            (third, "A youth statement", 1, False),
            (None, "A pool of regional projects", 1, False),
        ],
    )

    assert response.status_code == 302
    assert [o.text_en for o in event.outcomes.all()] == [
        "A roadmap",
        "A youth statement",
        "A pool of regional projects",
        "A declaration",
    ]
    assert [o.position for o in event.outcomes.all()] == [0, 1, 2, 3]


def test_event_change_outcome_removed_closes_the_gap(admin_client, summit_with_outcomes):
    event, (first, second, third) = summit_with_outcomes

    response = post_outcomes(
        admin_client,
        event,
        [
            (first, "A declaration", 0, True),
            (second, "A roadmap", 1, False),
            (third, "A youth statement", 2, False),
            (None, "A pool of regional projects", 0, False),
        ],
    )

    assert response.status_code == 302
    assert [(o.position, o.text_en) for o in event.outcomes.all()] == [
        (0, "A roadmap"),
        (1, "A youth statement"),
        (2, "A pool of regional projects"),
    ]


# --- Pickers with context -----------------------------------------------------


def autocomplete(client, term, field_name="parent", language="en"):
    from django.urls import reverse
    from django.utils import translation

    with translation.override(language):
        url = reverse("admin:autocomplete")
    response = client.get(
        url,
        {"app_label": "events", "model_name": "event", "field_name": field_name, "term": term},
    )
    return [result["text"] for result in response.json()["results"]]


def test_parent_picker_finds_the_summit_by_its_acronym_first(admin_client):
    summit = EventFactory(
        title_en="Regional Ecological Summit 2026", acronym="RES 2026", kind="summit"
    )
    for n in range(3):
        EventFactory(title_en=f"Consultation {n} on RES 2026", kind="consultation", parent=summit)

    texts = autocomplete(admin_client, "RES 2026")

    assert texts[0].startswith("RES 2026: Regional Ecological Summit 2026 · Summit")
    assert all("part of RES 2026" in text for text in texts[1:])


def test_parent_picker_offers_only_events_that_hold_parts(admin_client):
    EventFactory(title_en="Forum on water", kind="forum")
    EventFactory(title_en="Side event on water", kind="side_event")
    EventFactory(title_en="Workshop on water", kind="workshop")

    assert [text.split(" · ")[0] for text in autocomplete(admin_client, "water")] == [
        "Forum on water"
    ]


def test_event_part_of_a_side_event_is_refused(admin_client):
    side_event = EventFactory(slug="side", kind="side_event")

    response = admin_client.post(
        admin_url(Event, "add", "en"), event_form(parent=str(side_event.pk))
    )

    assert_form_error(response, "parent")


def test_summit_page_offers_to_add_a_consultation_to_the_series(admin_client):
    summit = EventFactory(kind="summit")
    workshop = EventFactory(kind="workshop")

    summit_page = admin_client.get(admin_url(Event, "change", "en", summit.pk)).content.decode()
    workshop_page = admin_client.get(admin_url(Event, "change", "en", workshop.pk)).content.decode()
    add_form = admin_client.get(
        admin_url(Event, "add", "en") + f"?parent={summit.pk}&kind=consultation"
    )

    assert f"?parent={summit.pk}&amp;kind=consultation" in summit_page
    assert "?parent=" not in workshop_page
    assert add_form.context["adminform"].form.initial["parent"] == str(summit.pk)


@pytest.mark.parametrize(
    ("language", "city"), [("en", "Tashkent"), ("ru", "Ташкент"), ("kk", "Ташкент")]
)
def test_time_zone_is_picked_by_city_in_the_admin_language(admin_client, language, city):
    page = admin_client.get(admin_url(Event, "add", language)).content.decode()

    assert f'<option value="Asia/Tashkent">{city} (UTC+05:00, Asia/Tashkent)</option>' in page
    # Central Asia comes first.
    assert page.index("Asia/Tashkent") < page.index("Europe/London")


def test_time_zone_left_empty_is_the_country_main_zone(admin_client):
    from tests.factories import CountryFactory

    uzbekistan = CountryFactory(code="UZ")

    response = admin_client.post(
        admin_url(Event, "add", "en"),
        event_form(start_time="10:00", country=str(uzbekistan.pk), time_zone=""),
    )

    assert response.status_code == 302
    assert Event.objects.get().time_zone == "Asia/Tashkent"


def test_time_zone_left_empty_without_a_country_is_still_asked_for(admin_client):
    response = admin_client.post(admin_url(Event, "add", "en"), event_form(start_time="10:00"))

    assert_form_error(response, "time_zone")

"""What the layout changed around the pages: old admin addresses lead on, the menu stays right."""

import pytest

from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (
            "/en/admin/members/membershipapplication/7/change/?_changelist_filters=status",
            "/en/admin/applications/membershipapplication/7/change/?_changelist_filters=status",
        ),
        ("/ru/admin/events/registration/", "/ru/admin/registrations/registration/"),
        ("/kk/admin/alliance/country/3/change/", "/kk/admin/common/country/3/change/"),
        ("/en/admin/alliance/theme/", "/en/admin/common/theme/"),
        (
            "/en/admin/alliance/allianceprofile/1/change/",
            "/en/admin/common/allianceprofile/1/change/",
        ),
    ],
)
def test_frame_old_admin_addresses_of_moved_models_redirect(client, old, new):
    # Links in e-mails sent before the move ("see the application in the admin").
    response = client.get(old)

    assert response.status_code == 301
    assert response["Location"] == new


def test_frame_registering_is_under_events_in_the_main_menu(client):
    event = EventFactory(slug="forum", registration_open=True)

    response = client.get(f"/en/events/{event.slug}/register/")

    assert response.status_code == 200
    assert b'<a href="/en/events/" aria-current="page">' in response.content

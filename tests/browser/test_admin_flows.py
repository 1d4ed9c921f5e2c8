"""Staff's everyday flows in the Kazakh admin, in Chromium: each step as staff click it.

The unit tests cover each rule; these show that the pages, buttons and confirmations
work together in a non-English admin (Kazakh, whose admin catalogue we complete).
"""

import datetime

import pytest
from django.core import mail
from playwright.sync_api import expect

from applications.models import ApplicationStatus, MembershipApplication
from events.models import EventKind, ExpectedOutcome
from members.models import Organisation
from registrations.models import Registration, RegistrationStatus
from tests.browser.test_admin_browser import log_in
from tests.factories import (
    CountryFactory,
    EventFactory,
    ExpectedOutcomeFactory,
    InitiativeFactory,
    OrganisationFactory,
    ThemeFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def kk_admin(page, live_server):
    log_in(page, live_server, language="kk")
    return f"{live_server.url}/kk/admin"


def run_list_action(page, action):
    page.select_option("select[name=action]", action)
    page.locator("button[name=index]").click()


def test_outcome_added_to_an_event_that_has_two(page, kk_admin):
    """The 500 of the issue: a third outcome on the summit's page is saved, in order."""
    summit = EventFactory(kind=EventKind.SUMMIT, acronym="RES 2026")
    ExpectedOutcomeFactory(event=summit, position=0, text_en="A regional roadmap")
    ExpectedOutcomeFactory(event=summit, position=1, text_en="A youth declaration")

    page.goto(f"{kk_admin}/events/event/{summit.pk}/change/")
    page.locator("#outcomes-group .add-row a").click()
    # The form opens on the admin's language; the event's source language (English)
    # must be filled too, through the editing-language switcher.
    page.locator("[name='outcomes-2-text_kk']").fill("Экомектептер желісі")
    page.select_option("#modeltranslation-main-switch", index=0)  # EN
    page.locator("[name='outcomes-2-text_en']").fill("A network of eco-schools")
    page.locator("input[name=_continue]").click()

    expect(page.locator(".messagelist .success")).to_be_visible()
    outcomes = ExpectedOutcome.objects.filter(event=summit).order_by("position")
    assert [(o.position, o.text_en, o.text_kk or "") for o in outcomes] == [
        (0, "A regional roadmap", ""),
        (1, "A youth declaration", ""),
        (2, "A network of eco-schools", "Экомектептер желісі"),
    ]


def test_theme_added_to_two_initiatives_after_confirming(page, kk_admin):
    theme = ThemeFactory(name_en="Water", name_kk="Су ресурстары")
    chosen = [InitiativeFactory(title_kk=f"Бастама {n}") for n in range(2)]
    other = InitiativeFactory()

    page.goto(f"{kk_admin}/initiatives/initiative/")
    for initiative in chosen:
        page.locator(f"input[name=_selected_action][value='{initiative.pk}']").check()
    run_list_action(page, "add_theme")

    # The confirmation names what will change and asks for the theme; nothing changed yet.
    for initiative in chosen:
        expect(page.locator("#content")).to_contain_text(initiative.title_kk)
    assert not theme.initiatives.exists()
    page.select_option("select[name=choice]", label="Су ресурстары")
    page.locator("input[type=submit].default").click()

    expect(page.locator(".messagelist .success")).to_be_visible()
    assert set(theme.initiatives.all()) == set(chosen)
    assert not other.themes.exists()


def test_application_accepted_as_the_organisation_that_exists(page, kk_admin):
    kazakhstan = CountryFactory(code="KZ")
    existing = OrganisationFactory(
        slug="teachers-lab", name_en="Teachers Lab LLP", country=kazakhstan
    )
    application = MembershipApplication.objects.create(
        name="Teachers Lab LLP",
        country=kazakhstan,
        description="Teacher training on climate.",
        contact_name="Айгерім",
        contact_email="aigerim@teacherslab.kz",
        language="kk",
    )

    page.goto(f"{kk_admin}/applications/membershipapplication/{application.pk}/change/")
    candidates = page.locator(".field-possible_duplicates")
    expect(candidates.locator(f"a[href$='/organisation/{existing.pk}/change/']")).to_have_text(
        existing.name_kk  # found by its name, shown in the admin's language
    )
    candidates.locator("a[href*='/decide/accept/']").click()

    # The confirmation: the existing organisation is already chosen, a message is optional.
    expect(page.locator(f"input[name=member][value='{existing.pk}']")).to_be_checked()
    page.fill("textarea[name=message]", "Альянсқа қош келдіңіз!")
    page.locator("input[type=submit].default").click()

    expect(page.locator(".messagelist .success")).to_be_visible()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED
    assert application.organisation == existing
    assert Organisation.objects.count() == 1  # no second Teachers Lab
    assert "Альянсқа қош келдіңіз!" in mail.outbox[-1].body


def test_registration_cancelled_with_a_message_then_reinstated(page, kk_admin):
    event = EventFactory(start_date=datetime.date.today() + datetime.timedelta(days=60))
    registration = Registration.objects.create(
        event=event,
        name="Данияр",
        email="daniyar@example.kz",
        organisation="Жасыл әлем",
        language="kk",
        status=RegistrationStatus.CONFIRMED,
    )

    page.goto(f"{kk_admin}/registrations/registration/")
    page.locator(f"input[name=_selected_action][value='{registration.pk}']").check()
    run_list_action(page, "cancel")
    page.fill("textarea[name=message]", "Зал ауыстырылды, кешіріңіз.")
    page.locator("input[type=submit].default").click()

    expect(page.locator(".messagelist .success")).to_be_visible()
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED
    assert "Зал ауыстырылды, кешіріңіз." in mail.outbox[-1].body

    page.locator(f"input[name=_selected_action][value='{registration.pk}']").check()
    run_list_action(page, "reinstate")
    page.locator("input[type=submit].default").click()

    expect(page.locator(".messagelist .success")).to_be_visible()
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED


def test_part_of_picker_finds_the_summit_by_its_acronym(page, kk_admin):
    summit = EventFactory(
        kind=EventKind.SUMMIT,
        acronym="RES 2026",
        title_en="Regional Ecological Summit 2026",
        title_kk="Өңірлік экологиялық саммит 2026",
    )
    for n in range(3):  # consultations whose titles name the summit too
        EventFactory(
            kind=EventKind.CONSULTATION,
            parent=summit,
            title_en=f"RES 2026 consultation {n}",
            title_kk=f"RES 2026 консультациясы {n}",
        )
    EventFactory(kind=EventKind.SIDE_EVENT, title_en="RES 2026 side event")

    page.goto(f"{kk_admin}/events/event/add/")
    page.locator("#id_parent + .select2").click()
    page.locator(".select2-container--open .select2-search__field").fill("RES 2026")

    results = page.locator(".select2-results__option:not(.loading-results)")
    expect(results.first).to_contain_text("RES 2026: Өңірлік экологиялық саммит 2026")
    expect(results.first).to_contain_text("Саммит")
    # A side event cannot hold parts: it is not offered.
    expect(page.locator(".select2-results")).not_to_contain_text("side event")

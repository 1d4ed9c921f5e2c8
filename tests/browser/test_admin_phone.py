"""The admin's quick tasks on a 390 px phone, in the Russian admin."""

import datetime

import pytest
from playwright.sync_api import expect

from applications.models import ApplicationStatus, MembershipApplication
from registrations.models import Registration
from tests.browser.test_admin_browser import log_in
from tests.factories import CountryFactory, EventFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, locale="ru-RU")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def page_width(page):
    return page.evaluate("document.documentElement.scrollWidth")


def test_phone_application_decided_from_the_first_screen(phone, live_server):
    application = MembershipApplication.objects.create(
        name="Жасыл дала",
        country=CountryFactory(code="KZ"),
        description="Экоклубы в школах. " * 150,  # a long application, as they come
        contact_name="Алия",
        contact_email="aliya@green-steppe.kz",
        language="ru",
    )
    log_in(phone, live_server, language="ru")

    phone.goto(
        f"{live_server.url}/ru/admin/applications/membershipapplication/{application.pk}/change/"
    )
    accept = phone.locator("input[name=_accept]").first
    box = accept.bounding_box()
    assert box["y"] + box["height"] <= PHONE["height"]  # no scrolling to find it
    assert page_width(phone) <= PHONE["width"]

    accept.click()
    phone.fill("textarea[name=message]", "Добро пожаловать в альянс!")
    assert page_width(phone) <= PHONE["width"]
    phone.locator("input[type=submit].default").click()

    expect(phone.locator(".messagelist .success")).to_be_visible()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED
    assert application.decision_message == "Добро пожаловать в альянс!"


def test_phone_registrations_list_keeps_the_page_width_and_shows_status(phone, live_server):
    event = EventFactory(
        title_ru="Молодёжный климатический форум очень длинного названия для телефона",
        start_date=datetime.date(2030, 5, 20),
        capacity=1,
    )
    for n, status in enumerate(["confirmed", "waiting", "waiting"]):
        Registration.objects.create(
            event=event,
            name=f"Участник {n}",
            email=f"participant-with-a-long-address-{n}@example-organisation.kz",
            organisation="Экологический центр «Зелёная планета»",
            language="ru",
            status=status,
        )
    log_in(phone, live_server, language="ru")

    phone.goto(f"{live_server.url}/ru/admin/registrations/registration/")

    assert page_width(phone) <= PHONE["width"]  # the table scrolls inside its box
    status_header = phone.locator("#result_list thead th.column-status_and_turn")
    assert status_header.bounding_box()["x"] < PHONE["width"]
    expect(phone.locator("#result_list")).to_contain_text("(№ 2)")

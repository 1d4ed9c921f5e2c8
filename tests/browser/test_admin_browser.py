"""Staff edit a record in the tabbed EN / RU / KK admin, in a real browser."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from tests.factories import OrganisationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, language="en"):
    get_user_model().objects.create_superuser("staff", "staff@example.org", "a-long-password")
    page.goto(f"{live_server.url}/{language}/admin/login/")
    page.fill("#id_username", "staff")
    page.fill("#id_password", "a-long-password")
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/{language}/admin/")


def test_admin_language_tabs_switch_and_save_russian_text(page, live_server):
    organisation = OrganisationFactory(name_en="Little Earth", name_ru="", name_kk="")
    external_requests = []
    page.on(
        "request",
        lambda request: (
            external_requests.append(request.url)
            if not request.url.startswith(live_server.url)
            else None
        ),
    )
    log_in(page, live_server)

    page.goto(f"{live_server.url}/en/admin/members/organisation/{organisation.pk}/change/")
    # jQuery UI (vendored, not from a CDN) turns the fields into tabs.
    page.get_by_role("tab", name="ru").first.click()
    page.fill("#id_name_ru", "Маленькая Земля")
    page.click("input[name=_save]")

    # Saving lands on the changelist; expect() waits for it, is_visible() would not.
    expect(page.locator(".messagelist .success")).to_be_visible()
    organisation.refresh_from_db()
    assert organisation.name_ru == "Маленькая Земля"
    assert external_requests == []


def test_admin_in_kazakh_reads_kazakh(page, live_server):
    log_in(page, live_server, language="kk")

    page.goto(f"{live_server.url}/kk/admin/")

    assert page.locator("html").get_attribute("lang") == "kk"
    assert (
        page.get_by_role("link", name="Шығу").count()
        + page.get_by_role("button", name="Шығу").count()
        >= 1
    )


def test_admin_history_compare_and_restore_in_russian_tabs(page, live_server):
    organisation = OrganisationFactory(name_en="Little Earth", name_ru="Маленькая Земля")
    log_in(page, live_server, language="ru")
    change = f"{live_server.url}/ru/admin/members/organisation/{organisation.pk}/change/"
    for name in ["Малая Земля", "Земля"]:
        page.goto(change)
        page.get_by_role("tab", name="ru").first.click()
        page.fill("#id_name_ru", name)
        page.click("input[name=_save]")
        expect(page.locator(".messagelist .success")).to_be_visible()

    # History: two versions, the newest two ticked; "compare" shows the Russian name's change.
    page.goto(change)
    page.get_by_role("link", name="История").click()
    page.get_by_role("button", name="сравнить").click()
    expect(page.locator("#content")).to_contain_text("Назад к истории")
    expect(page.locator("ins").first).to_contain_text("Земля")
    expect(page.locator("del").first).to_contain_text("Малая")

    # Restore the first version: its page is the tabbed form, holding that version's text.
    page.get_by_role("link", name="Назад к истории").first.click()
    page.locator("#change-history tbody tr").last.locator("th a").click()
    page.get_by_role("tab", name="ru").first.click()
    expect(page.locator("#id_name_ru")).to_have_value("Малая Земля")
    page.click("input[name=_save]")

    expect(page.locator(".messagelist .success")).to_be_visible()
    organisation.refresh_from_db()
    assert (organisation.name_en, organisation.name_ru) == ("Little Earth", "Малая Земля")

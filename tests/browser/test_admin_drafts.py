"""Staff prepare an event as a draft in the Russian admin, preview it, then publish it."""

import pytest
from playwright.sync_api import expect

from events.models import Event
from tests.browser.test_admin_browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Весенний форум 2027"


def test_draft_event_previewed_then_published_in_russian_admin(page, browser, live_server):
    log_in(page, live_server, language="ru")
    reader = browser.new_context(locale="ru-RU").new_page()

    # A new event, written in Russian, kept a draft.
    page.goto(f"{live_server.url}/ru/admin/events/event/add/")
    page.select_option("#id_source_language", "ru")
    page.get_by_role("tab", name="ru").first.click()
    page.fill("#id_title_ru", TITLE)
    page.fill("#id_start_date", "15.04.2027")
    page.get_by_label("Опубликовано").uncheck()
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist .success")).to_be_visible()
    event = Event.objects.get(title_ru=TITLE)
    assert not event.is_published

    # Preview: the public page, as readers will see it, under the draft banner.
    page.get_by_role("link", name="Предпросмотр").click()
    page.wait_for_url(f"{live_server.url}/ru/events/{event.slug}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.locator(".draft-banner")).to_contain_text("Черновик — не опубликовано.")

    # Readers: not found, and not on the list.
    assert reader.goto(f"{live_server.url}/ru/events/{event.slug}/").status == 404
    reader.goto(f"{live_server.url}/ru/events/")
    expect(reader.locator("main")).not_to_contain_text(TITLE)

    # The list of drafts, "Publish now", confirmed.
    page.goto(f"{live_server.url}/ru/admin/events/event/?publication=draft")
    expect(page.locator("#result_list")).to_contain_text("Черновик")
    page.locator(f"input.action-select[value='{event.pk}']").check()
    page.select_option("select[name=action]", "publish_now")
    page.get_by_role("button", name="Выполнить").click()
    expect(page.locator("#content")).to_contain_text("Опубликовать выбранные записи сейчас?")
    page.get_by_role("button", name="Опубликовать сейчас").click()
    expect(page.locator(".messagelist .success")).to_contain_text("Изменена 1 запись.")

    # Public now: on the list and at its address, without the banner.
    reader.goto(f"{live_server.url}/ru/events/")
    expect(reader.locator("main")).to_contain_text(TITLE)
    assert reader.goto(f"{live_server.url}/ru/events/{event.slug}/").status == 200
    expect(reader.locator(".draft-banner")).to_have_count(0)
    reader.context.close()

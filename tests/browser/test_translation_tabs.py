"""The edit form in a real browser: tabs marked with each translation's state, one switcher.

Set TRANSLATION_SCREENSHOTS=docs to save the pictures the README shows.
"""

import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from tests.factories import InitiativeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, language):
    get_user_model().objects.create_superuser("staff", "staff@example.org", "a-long-password")
    page.goto(f"{live_server.url}/{language}/admin/login/")
    page.fill("#id_username", "staff")
    page.fill("#id_password", "a-long-password")
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/{language}/admin/")


def screenshot(page, name):
    folder = os.environ.get("TRANSLATION_SCREENSHOTS")
    if folder:
        path = Path(settings.BASE_DIR) / folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(path), full_page=False)


def test_tabs_show_states_and_the_switcher_follows_them(page, live_server):
    initiative = InitiativeFactory(
        title_en="Restoring the steppe",
        title_ru="Восстановление степи",
        title_kk="Даланы қалпына келтіру",
        summary_en="Grasslands for herders.",
        summary_ru="Пастбища для скотоводов.",
        summary_kk="",
    )
    initiative.title_en = "Restoring the northern steppe"
    initiative.save()
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, live_server, "kk")

    page.goto(f"{live_server.url}/kk/admin/initiatives/initiative/{initiative.pk}/change/")

    # The tabs open on Kazakh, and so does the one switcher beside the heading.
    switcher = page.locator("#modeltranslation-main-switch")
    expect(switcher.locator("option:checked")).to_have_text("KK – Қазақ тілі")
    kk_title_tab = page.locator("li:has(> a[href='#tab_id_title_kk'])")
    expect(kk_title_tab).to_have_class(has_class("translation-outdated"))
    expect(page.locator("li:has(> a[href='#tab_id_summary_kk'])")).to_have_class(
        has_class("translation-missing")
    )
    expect(page.locator("li:has(> a[href='#tab_id_title_en'])")).to_have_class(
        has_class("translation-source")
    )
    expect(page.locator("#tab_id_title_kk .translation-diff ins")).to_have_text("northern")
    screenshot(page, "translation-tabs-kk.png")

    # Choosing English shows every English tab (it did nothing when it already said "en").
    expect(switcher.locator("option").first).to_contain_text("EN – ")
    switcher.select_option(index=0)
    expect(page.locator("#tab_id_title_en")).to_be_visible()
    expect(page.locator("#tab_id_title_kk")).to_be_hidden()
    screenshot(page, "translation-tabs-en.png")

    page.goto(f"{live_server.url}/kk/admin/initiatives/initiative/")
    expect(page.locator("td.field-translation_state").first).to_be_visible()
    box = page.locator("td.field-translation_state").first.bounding_box()
    assert box["x"] + box["width"] <= 1366
    screenshot(page, "translation-changelist-kk.png")


def has_class(name):
    return re.compile(rf"(^|\s){name}(\s|$)")

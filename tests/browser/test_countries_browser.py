"""The map and the country pages in a real browser, on a phone (375 px) and a laptop (1366 px).

With SCREENSHOTS=1 the test also saves the README's pictures into docs/screenshots/.
"""

import os
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
WIDTHS = {"phone": 375, "laptop": 1366}


def save(page, name):
    if os.environ.get("SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)


def fits_the_screen(page):
    """Nothing wider than the viewport: no sideways scrolling."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("device", WIDTHS)
def test_map_links_lead_to_the_country_pages(page, live_server, seeded, device):
    page.set_viewport_size({"width": WIDTHS[device], "height": 800})
    page.goto(f"{live_server.url}/en/")

    kyrgyzstan = page.get_by_role("link", name="Kyrgyzstan: 4 members")
    assert kyrgyzstan.count() == 1  # the map's link, named with its figures
    map_figure = page.locator("figure.map")
    map_figure.scroll_into_view_if_needed()
    assert map_figure.locator("svg").bounding_box()["width"] <= WIDTHS[device]
    save(page, f"home-map-{device}")
    # A click on the country's shape (its label lets clicks through).
    kyrgyzstan.click()
    page.wait_for_url("**/en/countries/kg/")
    assert page.locator("h1").inner_text() == "Kyrgyzstan"
    assert fits_the_screen(page)


@pytest.mark.parametrize("device", WIDTHS)
def test_country_page_shows_its_sections_and_chart_tables(page, live_server, seeded, device):
    page.set_viewport_size({"width": WIDTHS[device], "height": 800})
    page.goto(f"{live_server.url}/ru/countries/kz/")

    assert page.locator("h1").inner_text() == "Казахстан"
    assert fits_the_screen(page)
    save(page, f"country-{device}")
    for heading in ["Члены", "Инициативы", "Финансирование", "Мероприятия"]:
        assert page.get_by_role("heading", name=heading, exact=True).is_visible()
    # The charts: a drawing named by its title, its figures in a visible table.
    chart = page.get_by_role("img", name="Бюджеты по году начала, EUR")
    chart.scroll_into_view_if_needed()
    assert chart.is_visible()
    table = page.locator("#funding-year-eur-caption ~ .table-scroll table")
    assert table.is_visible()
    assert "1\u00a0300\u00a0000\u00a0€ (1 инициатива)" in table.inner_text()
    save(page, f"country-funding-{device}")
    # The map on the page marks this country; the way back to all countries.
    assert page.locator("svg a.current").get_attribute("href") == "/ru/countries/kz/"
    page.get_by_role("link", name="Страны", exact=True).first.click()
    page.wait_for_url("**/ru/countries/")
    assert page.get_by_role("link", name="Узбекистан", exact=True).is_visible()

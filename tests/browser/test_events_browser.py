"""The RES 2026 summit's timeline and a consultation's place in it, on a phone and a laptop.

With SCREENSHOTS=1 the test also saves the pictures into docs/screenshots/.
"""

import pytest

from tests.browser.test_countries_browser import WIDTHS, fits_the_screen, save

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("device", WIDTHS)
def test_summit_timeline_reads_on_the_screen(page, live_server, seeded, device):
    page.set_viewport_size({"width": WIDTHS[device], "height": 800})
    page.goto(f"{live_server.url}/en/events/res-2026/")

    assert page.locator("article > p.meta strong.state-past").inner_text() == "Past"
    assert page.get_by_role("link", name="Add to your calendar (iCalendar)").count() == 0
    heading = page.get_by_role("heading", name="Timeline of the consultations")
    heading.scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, -8)")
    assert heading.is_visible()
    assert fits_the_screen(page)
    save(page, f"summit-timeline-{device}")
    steps = page.locator("section.series ol.timeline > li")
    assert steps.count() == 10
    # Each step's line fits beside the timeline's rule.
    for index in range(steps.count()):
        box = steps.nth(index).bounding_box()
        assert box["x"] + box["width"] <= WIDTHS[device]


@pytest.mark.parametrize("device", WIDTHS)
def test_consultation_leads_to_the_next_one(page, live_server, seeded, device):
    page.set_viewport_size({"width": WIDTHS[device], "height": 800})
    page.goto(f"{live_server.url}/en/events/samarkand-climate-forum-2025/")

    assert page.get_by_role("heading", name="Consultation 2 of 9").is_visible()
    current = page.locator("nav.series a[aria-current='page']")
    assert current.inner_text() == "Samarkand Climate Forum"
    assert fits_the_screen(page)
    save(page, f"consultation-series-{device}")
    page.locator("nav.series a[rel='next']").click()
    page.wait_for_url("**/en/events/caccc-2025/")
    assert page.get_by_role("heading", name="Consultation 3 of 9").is_visible()

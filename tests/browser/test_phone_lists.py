"""The public lists on a phone (375 px) and a laptop (1366 px), in a real browser.

On a phone the filters wait behind a summary of what they ask ("Kazakhstan,
Water cooperation · 4 results"), so the first result shows on the first
screen; applying them or removing one lands at the results (#results). On a
laptop the form is open beside the results without a tap. Every control and
link is a target of at least 24 × 24 px (WCAG 2.2, 2.5.8).

With SCREENSHOTS=1 the test also saves the README's phone pictures into docs/screenshots/.
"""

import os
import re
from pathlib import Path

import pytest

from tests.public_pages import LANGUAGES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PHONES = [{"width": 375, "height": 667}, {"width": 375, "height": 812}]
PHONE = PHONES[0]
LAPTOP = {"width": 1366, "height": 768}

# Each list, bare and with two filters that leave results in the seed.
LISTS = [
    ("initiatives/", "initiatives/?country=KZ&theme=water-cooperation"),
    ("events/", "events/?country=KZ&theme=supporting-the-climate-transition"),
    ("members/", "members/?country=KZ&kind=ngo"),
]

# What a person can click or tap: links, form controls, the summary that opens the filters.
TARGETS = (
    "a[href], button, input:not([type=hidden]), select, textarea, summary,"
    ' [tabindex]:not([tabindex="-1"])'
)

# Targets smaller than 24 × 24 px. WCAG 2.5.8 would excuse a link inline in a sentence, or one
# with 24 px of room around it; every target here has the size itself, so none is excused.
UNDERSIZED = """
selector => [...document.querySelectorAll(selector)]
  .map(target => [target, target.getBoundingClientRect()])
  .filter(([target, box]) => box.width > 0 && box.height > 0 && (box.width < 24 || box.height < 24))
  .map(([target, box]) => {
    const name = (target.getAttribute("aria-label") || target.textContent || target.name || "")
      .trim().slice(0, 40);
    const size = `${Math.round(box.width)}×${Math.round(box.height)}`;
    return `<${target.tagName.toLowerCase()}> "${name}" ${size}`;
  })
"""


def save(page, name):
    if os.environ.get("SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)


def in_view(page, locator):
    """Whether the element's top line is on the screen, as the page was scrolled."""
    box = locator.bounding_box()
    height = page.viewport_size["height"]
    return box is not None and box["y"] >= 0 and box["y"] + 24 <= height


def words(locator):
    """The element's text as one line: "Filters Kazakhstan · 4 results"."""
    return " ".join(locator.inner_text().split())


def first_title(page):
    return page.locator("main .cards > .card h3").first


@pytest.mark.parametrize("language", LANGUAGES)
def test_first_result_shows_on_a_phone_with_and_without_filters(
    page, live_server, seeded, language
):
    for viewport in PHONES:
        page.set_viewport_size(viewport)
        for bare, filtered in LISTS:
            for path in (bare, filtered):
                page.goto(f"{live_server.url}/{language}/{path}")
                summary = page.locator("details.filter-panel > summary")
                assert summary.is_visible(), path
                # The form waits behind the summary: its controls are not shown.
                assert not page.locator("form.filters button[type=submit]").is_visible(), path
                assert page.evaluate("window.scrollY") == 0
                assert in_view(page, first_title(page)), (viewport, path)


def test_applying_filters_on_a_phone_lands_at_the_results(page, live_server, seeded):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/en/initiatives/")
    summary = page.locator("details.filter-panel > summary")
    assert words(summary) == "Filters none chosen · 10 results"

    summary.click()
    page.get_by_role("checkbox", name="Kazakhstan").check()
    page.get_by_role("checkbox", name="Kyrgyzstan").check()
    summary.evaluate("summary => summary.scrollIntoView()")
    save(page, "initiatives-phone-filters")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(r"country=KZ&country=KG.*#results$"))

    heading = page.locator("#results")
    assert page.evaluate("window.scrollY") > 0
    assert in_view(page, heading)
    assert heading.inner_text() == "8 initiatives"
    # The address took the reader to the heading, where a screen reader starts.
    assert page.evaluate("document.activeElement.id") == "results"
    # The panel is closed again, and says what it asks.
    assert not page.locator("form.filters").is_visible()
    assert words(page.locator("details.filter-panel > summary")) == (
        "Filters Kazakhstan, Kyrgyzstan · 8 results"
    )
    chips = page.get_by_role("list", name="Active filters")
    assert [words(link) for link in chips.get_by_role("link").all()] == [
        "Kazakhstan ×",
        "Kyrgyzstan ×",
        "Clear filters",
    ]
    assert chips.get_by_role("link", name="Remove filter: Kyrgyzstan").count() == 1
    assert in_view(page, chips)
    assert in_view(page, first_title(page))

    # One tap removes one value and keeps the other, landing at the results again.
    page.evaluate("window.scrollTo(0, 0)")
    assert in_view(page, first_title(page))
    save(page, "initiatives-phone")
    page.get_by_role("link", name="Remove filter: Kazakhstan").click()
    page.wait_for_url(re.compile(r"\?country=KG#results$"))
    assert page.evaluate("window.scrollY") > 0
    assert in_view(page, page.locator("#results"))
    assert [words(link) for link in chips.get_by_role("link").all()] == [
        "Kyrgyzstan ×",
        "Clear filters",
    ]
    page.get_by_role("link", name="Clear filters", exact=True).first.click()
    page.wait_for_url(re.compile(r"/en/initiatives/#results$"))
    assert page.locator("#results").inner_text() == "10 initiatives"
    assert chips.count() == 0


@pytest.mark.parametrize("language", ["en", "kk"])
def test_a_laptop_shows_the_filters_without_opening_them(page, live_server, seeded, language):
    page.set_viewport_size(LAPTOP)
    for bare, filtered in LISTS:
        page.goto(f"{live_server.url}/{language}/{filtered}")
        assert not page.locator("details.filter-panel > summary").is_visible()
        form = page.locator("form.filters")
        assert form.locator("button[type=submit]").is_visible(), bare
        assert form.locator("input[name=q]").is_visible(), bare
        # Usable as it is: a tick and the button, no summary to open first.
        box = form.get_by_role("checkbox").nth(1)
        box.check()
        assert box.is_checked()
        form.locator("button[type=submit]").click()
        page.wait_for_url(re.compile(r"#results$"))
        assert in_view(page, page.locator("#results"))


def test_a_wrong_filter_opens_the_panel_on_a_phone(page, live_server, seeded):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/ru/initiatives/?country=XX")
    assert page.locator("details.filter-panel").get_attribute("open") is not None
    assert page.locator("form.filters .errors").first.is_visible()
    assert words(page.locator("details.filter-panel > summary")) == (
        "Фильтры некоторые указаны неверно"
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_target_is_at_least_24_px(page, live_server, seeded, language):
    found = {}
    for path in ["", *[filtered for _bare, filtered in LISTS], "events/"]:
        for viewport in (PHONE, LAPTOP):
            page.set_viewport_size(viewport)
            page.goto(f"{live_server.url}/{language}/{path}")
            # Open the panel (on a phone) and show the skip link, as a keyboard would.
            for summary in page.locator("details.filter-panel > summary").all():
                if summary.is_visible():
                    summary.click()
            page.locator(".skip-link").focus()
            if small := page.evaluate(UNDERSIZED, TARGETS):
                found[f"{path} at {viewport['width']} px"] = small
    assert not found, "Targets under 24 × 24 px:\n" + "\n".join(
        f"{where}: {', '.join(small)}" for where, small in found.items()
    )

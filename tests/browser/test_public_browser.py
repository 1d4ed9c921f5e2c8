"""What a visitor does on the public pages, in a real browser, on the seeded content.

Every test also watches the browser: no request may leave the live server, and
the console must stay free of errors, Content-Security-Policy violations included.
"""

import csv
import io
import re

import pytest
from django.db.models import Count
from django.utils import translation

from common.models import Theme
from initiatives.exports import COLUMNS
from initiatives.models import Initiative
from members.models import Organisation, Relation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Chromium reports a blocked inline style or script as a console error; this
# also reports the violation event itself, in case a future Chromium goes quiet.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI}`);
});
"""

# What the policy forbids: a style attribute, added after the page loaded.
INLINE_STYLE = """document.body.insertAdjacentHTML("beforeend", '<p style="color: red">x</p>')"""


class Watcher:
    """Records what a page asks for and complains about, across navigations."""

    def __init__(self, page, live_server):
        self.origin = live_server.url
        self.requests = []
        self.errors = []
        page.add_init_script(REPORT_CSP_VIOLATIONS)
        page.on("request", lambda request: self.requests.append(request.url))
        page.on(
            "console",
            lambda message: (
                self.errors.append(message.text) if message.type in {"error", "warning"} else None
            ),
        )
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    def assert_clean(self):
        assert self.requests, "no request was recorded"
        assert [url for url in self.requests if not url.startswith(self.origin + "/")] == []
        assert self.errors == []


@pytest.fixture
def watched(page, live_server):
    return Watcher(page, live_server)


def checked_boxes(page, name):
    return page.locator(f"input[name={name}]:checked").evaluate_all(
        "boxes => boxes.map(box => box.value)"
    )


def test_directory_filtered_by_country_in_russian_keeps_filter_in_kazakh(
    page, live_server, seeded, watched
):
    kazakh_members = sorted(
        Organisation.objects.filter(relation=Relation.MEMBER, country__code="KZ").values_list(
            "slug", flat=True
        )
    )
    assert len(kazakh_members) == 7  # the seed's Kazakh members

    response = page.goto(f"{live_server.url}/ru/members/")
    page.get_by_role("checkbox", name=re.compile(r"^Казахстан")).check()
    page.get_by_role("button", name="Применить фильтры").click()
    page.wait_for_url(re.compile(r"country=KZ"))

    # A strict policy came with the page: nothing inline, nothing from elsewhere.
    policy = response.headers["content-security-policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert page.locator("html").get_attribute("lang") == "ru"
    cards = page.locator("main .cards > .card")
    assert cards.count() == len(kazakh_members)
    for meta in cards.locator("> p.meta").all_inner_texts():
        assert "Казахстан" in meta
    for other in ("Кыргызстан", "Таджикистан", "Узбекистан"):
        assert other not in page.locator("main .cards").inner_text()
    links = cards.locator("h3 a").evaluate_all("links => links.map(a => a.pathname)")
    assert sorted(link.split("/")[-2] for link in links) == kazakh_members
    assert re.match(r"^7\b", page.locator("#results").inner_text())

    # The language switcher keeps the query: same filter, now in Kazakh.
    languages = page.get_by_role("navigation", name="Язык")
    languages.get_by_role("link", name="Қазақша", exact=True).click()
    page.wait_for_url(re.compile(r"/kk/members/"))

    assert "country=KZ" in page.url
    assert page.locator("html").get_attribute("lang") == "kk"
    assert page.get_by_role("heading", level=1).inner_text() == "Мүшелер анықтамалығы"
    assert page.get_by_role("checkbox", name=re.compile(r"^Қазақстан")).is_checked()
    assert checked_boxes(page, "country") == ["KZ"]
    assert page.locator("main .cards > .card").count() == len(kazakh_members)
    assert re.match(r"^7\b", page.locator("#results").inner_text())
    watched.assert_clean()


def test_initiatives_filtered_by_two_countries_download_as_russian_csv(
    page, live_server, seeded, watched
):
    country_specific = sorted(
        Initiative.objects.filter(country_shares__country__code__in=["TJ", "UZ"])
        .distinct()
        .values_list("title_ru", flat=True)
    )
    assert len(country_specific) == 3  # Blue Peace 2.0, FOLUR Uzbekistan, Western Tien-Shan
    # And the five that cover Central Asia as a whole, which includes both.
    regional = sorted(Initiative.objects.regional().values_list("title_ru", flat=True))
    assert len(regional) == 5
    expected = sorted(country_specific + regional)

    page.goto(f"{live_server.url}/ru/initiatives/")
    # Each country with its count: "Таджикистан (4)".
    page.get_by_role("checkbox", name=re.compile(r"^Таджикистан \(\d+\)$")).check()
    page.get_by_role("checkbox", name=re.compile(r"^Узбекистан \(\d+\)$")).check()
    page.get_by_role("button", name="Применить фильтры").click()
    page.wait_for_url(re.compile(r"country=TJ.*country=UZ|country=UZ.*country=TJ"))

    titles = page.locator("main .cards > .card h3 a").all_inner_texts()
    assert sorted(titles) == expected
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Скачать эти инициативы в CSV").click()
    download = download_info.value

    assert download.suggested_filename.startswith("tsako-initiatives-ru-")
    assert download.suggested_filename.endswith(".csv")
    with open(download.path(), encoding="utf-8-sig", newline="") as file:
        text = file.read()
    header, *rows = list(csv.reader(io.StringIO(text)))
    with translation.override("ru"):
        assert header == [str(label) for label in COLUMNS]
    assert header[0] == "Название"
    assert sorted(row[0] for row in rows) == expected
    countries, regions = header.index("Страны"), header.index("Регионы")
    for row in rows:
        assert re.search("Таджикистан|Узбекистан", row[countries]) or (
            row[regions] == "Центральная Азия"
        ), row
    # UTF-8 Cyrillic survived the round trip, byte for byte.
    assert "Голубой мир в Центральной Азии 2.0" in text

    # The region-wide ones are marked, and can be left out.
    assert page.locator("main .cards > .card .badge").count() == len(regional)
    assert page.locator("main .cards > .card .badge").first.inner_text() == (
        "Региональная (Центральная Азия)"
    )
    page.get_by_label("Региональные инициативы").select_option("exclude")
    page.get_by_role("button", name="Применить фильтры").click()
    page.wait_for_url(re.compile(r"regional=exclude"))
    titles = page.locator("main .cards > .card h3 a").all_inner_texts()
    assert sorted(titles) == country_specific
    watched.assert_clean()


def facet_counts(page, name):
    """{value: count} of a facet's checkboxes as the reader sees them ("Water cooperation (3)")."""
    counts = {}
    for box in page.locator(f"input[type=checkbox][name={name}]").all():
        label = page.locator(f"label[for='{box.get_attribute('id')}']").inner_text()
        counts[box.get_attribute("value")] = int(re.search(r"\((\d+)\)$", label.strip())[1])
    return counts


def test_ticking_two_themes_lists_either_and_counts_follow(page, live_server, seeded, watched):
    page.set_viewport_size({"width": 1366, "height": 900})
    themes = list(
        Theme.objects.annotate(n=Count("initiatives")).filter(n__gt=0).order_by("-n", "slug")[:2]
    )
    expected = sorted(
        Initiative.objects.filter(themes__in=themes).distinct().values_list("title_en", flat=True)
    )
    assert 1 < len(expected) < Initiative.objects.count()

    page.goto(f"{live_server.url}/en/initiatives/")
    before = {name: facet_counts(page, name) for name in ("theme", "status", "country")}
    assert sum(before["status"].values()) == Initiative.objects.exclude(start_date=None).count()
    for theme in themes:
        page.get_by_role("checkbox", name=re.compile(rf"^{re.escape(theme.name)} \(\d+\)$")).check()
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(r"theme=.*theme="))

    titles = sorted(page.locator("main .cards > .card h3 a").all_inner_texts())
    assert titles == expected
    assert re.match(rf"^{len(expected)} initiatives", page.locator("#results").inner_text())
    assert sorted(checked_boxes(page, "theme")) == sorted(theme.slug for theme in themes)
    after = {name: facet_counts(page, name) for name in ("theme", "status", "country")}
    # A facet's own choice leaves its counts alone; the others count the two themes' initiatives.
    assert after["theme"] == before["theme"]
    assert after["status"] != before["status"]
    assert sum(after["status"].values()) == len(
        [title for title in expected if Initiative.objects.get(title_en=title).start_date]
    )
    assert after["country"] != before["country"]
    # A zero is greyed, never disabled.
    for value, count in after["country"].items():
        box = page.locator(f"input[name=country][value={value}]")
        assert box.is_enabled()
        assert ("none" in (box.locator("xpath=../..").get_attribute("class") or "")) == (count == 0)
    watched.assert_clean()


def test_summit_leads_to_a_consultation_and_back(page, live_server, seeded, watched):
    summit = "Regional Ecological Summit 2026: Shared Vision for Resilient Future"
    consultation = "First regional consultation on RES 2026"

    page.goto(f"{live_server.url}/en/events/")
    page.get_by_role("link", name=summit, exact=True).click()
    page.wait_for_url(f"{live_server.url}/en/events/res-2026/")

    assert page.get_by_role("heading", level=1).inner_text() == summit
    timeline = page.get_by_role("region", name="Timeline of the consultations")
    assert timeline.get_by_role("listitem").count() >= 10
    timeline.get_by_role("link", name=consultation).click()
    page.wait_for_url(f"{live_server.url}/en/events/res-2026-consultation-almaty/")

    assert page.get_by_role("heading", level=1).inner_text() == consultation
    # "Part of:" the summit (which the series on the page also links).
    page.locator("article > p.meta").get_by_role("link", name=summit).click()
    page.wait_for_url(f"{live_server.url}/en/events/res-2026/")
    assert page.get_by_role("heading", level=1).inner_text() == summit
    watched.assert_clean()


def focused(page):
    return page.evaluate(
        """() => {
          const element = document.activeElement;
          return {tag: element.tagName.toLowerCase(), id: element.id,
                  name: element.name || "", value: element.value || "",
                  text: element.textContent.trim(), href: element.getAttribute("href")};
        }"""
    )


def tab_to(page, matches, limit=80):
    """Press Tab until the focused element matches; fail if it never does."""
    for _press in range(limit):
        page.keyboard.press("Tab")
        if matches(focused(page)):
            return
    pytest.fail(f"Tab never reached the element; focus ended on {focused(page)}")


def test_keyboard_reaches_skip_link_first_and_submits_the_filters(
    page, live_server, seeded, watched
):
    page.goto(f"{live_server.url}/en/members/")

    page.keyboard.press("Tab")
    first = focused(page)
    assert first["href"] == "#main"
    assert first["text"] == "Skip to main content"
    box = page.locator(".skip-link").bounding_box()
    assert box["x"] >= 0 and box["y"] >= 0, "the focused skip link is off screen"
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "main"

    # From main, the keyboard alone fills in the filters and submits them.
    tab_to(page, lambda element: element["name"] == "q")
    page.keyboard.type("eco")
    tab_to(page, lambda element: element["name"] == "country" and element["value"] == "KZ")
    page.keyboard.press("Space")
    tab_to(page, lambda element: element["tag"] == "button")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"q=eco"))

    assert "country=KZ" in page.url
    assert page.get_by_role("searchbox", name="Search").input_value() == "eco"
    assert checked_boxes(page, "country") == ["KZ"]
    cards = page.locator("main .cards > .card")
    assert cards.count() >= 2
    for meta in cards.locator("> p.meta").all_inner_texts():
        assert "Kazakhstan" in meta
    assert "ECOCENTER (Karagandy oblast ecology center)" in cards.locator("h3").all_inner_texts()
    watched.assert_clean()


def test_watcher_reports_a_csp_violation(page, live_server, watched):
    """The guard above is real: an inline style the policy blocks is reported."""
    page.goto(f"{live_server.url}/en/")
    with page.expect_console_message(lambda message: message.type == "error") as message:
        page.evaluate(INLINE_STYLE)

    assert "style" in message.value.text
    assert any("style" in error for error in watched.errors), watched.errors

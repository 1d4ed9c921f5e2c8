"""axe-core finds no WCAG 2.1 A/AA violation on any public page, in en, ru and kk,
and no page scrolls sideways on a 360px-wide phone.

axe-core is vendored in tests/browser/vendor/ (see its README): it is injected
into the page under test and never served to the public.
"""

import json
from pathlib import Path

import pytest

from tests.public_pages import LANGUAGES, NOT_FOUND, PAGES, url

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PHONE = {"width": 360, "height": 740}

RUN_AXE = """
tags => axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]})
  .then(results => results.violations.map(violation => ({
    id: violation.id,
    impact: violation.impact,
    help: violation.help,
    nodes: violation.nodes.map(node => ({
      target: node.target.join(" "),
      summary: node.failureSummary,
      html: node.html.slice(0, 200),
    })),
  })))
"""

# What sticks out past the right edge of the window, for the failure message.
OVERFLOW = """
() => {
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= width) return [];
  return [...document.body.querySelectorAll("*")]
    .filter(element => element.getBoundingClientRect().right > width + 1)
    .slice(0, 10)
    .map(element => `${element.tagName.toLowerCase()}.${element.className}`
      + ` right=${Math.round(element.getBoundingClientRect().right)}`);
}
"""


@pytest.fixture
def axe_page(browser):
    # The pages' strict CSP ("script-src 'self'") blocks the inline <script>
    # that add_script_tag() injects axe-core with; this test's context alone
    # bypasses the policy. test_public_browser.py checks the policy itself.
    context = browser.new_context(bypass_csp=True, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def readable(violations):
    lines = []
    for page_url, found in violations.items():
        for violation in found:
            rule = f"{violation['id']} ({violation['impact']})"
            lines.append(f"{page_url}: {rule} {violation['help']}")
            lines += [
                f"    {node['target']}\n      {node['html']}\n      "
                + node["summary"].replace("\n", "\n      ")
                for node in violation["nodes"]
            ]
    return "\n".join(lines)


@pytest.mark.parametrize("language", LANGUAGES)
def test_public_pages_pass_axe_and_fit_a_phone(axe_page, live_server, seeded, language):
    """One seeded database per language; every public page is checked on it."""
    violations = {}
    overflowing = {}
    for name, path in PAGES:
        page_url = url(language, path)
        axe_page.set_viewport_size({"width": 1280, "height": 900})
        response = axe_page.goto(live_server.url + page_url)
        assert response.status == (404 if name in NOT_FOUND else 200), page_url
        axe_page.add_script_tag(path=AXE)
        if found := axe_page.evaluate(RUN_AXE, WCAG_21_AA):
            violations[page_url] = found

        axe_page.set_viewport_size(PHONE)
        if wide := axe_page.evaluate(OVERFLOW):
            overflowing[page_url] = wide

    assert not violations, "axe-core found WCAG 2.1 A/AA violations:\n" + readable(violations)
    assert not overflowing, "Pages scroll sideways at 360px:\n" + json.dumps(
        overflowing, indent=2, ensure_ascii=False
    )

"""Links that apps above add to a lower app's page: "E-mail me new initiatives like these".

A content app's list page shows the links added for its URL name, each with
the list's current filters; an app above calls `add_page_link()` in its
AppConfig.ready(). So the list can offer what those apps do without knowing them.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class PageLink:
    text: str  # lazily translated
    url_name: str  # the page the link leads to; it is given the list's filters


PAGE_LINKS: dict[str, list[PageLink]] = {}


def add_page_link(page, link):
    """Show `link` on the page named `page` ("initiatives:list")."""
    PAGE_LINKS.setdefault(page, []).append(link)


def page_links(page):
    return PAGE_LINKS.get(page, [])

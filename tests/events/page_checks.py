"""Reading the events' pages in tests: a line of a list, the marker of a past event, calendars."""

from lxml import html as lxml_html

LANGUAGES = ["en", "ru", "kk"]
# The marker of a past event, in each language (msgctxt "event state").
PAST = {"en": "Past", "ru": "Прошло", "kk": "Өтті"}
MARKER = '<strong class="state state-past">'


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def main(content):
    """The page without its footer (which links the whole events calendar)."""
    return content.split("<footer")[0]


def tree(content):
    return lxml_html.fromstring(content)


def text(element):
    return " ".join(element.text_content().split())


def line_of(content, slug, language="en"):
    """The text of the list item (a card, a country page's line, a profile's card) of an event."""
    href = f'@href="/{language}/events/{slug}/"'
    items = tree(content).xpath(f"//main//li[a[{href}] or h3/a[{href}]]")
    assert items, f"no line for {slug}"
    return text(items[-1])


def calendar_offered(content, slug):
    """Whether the page (its footer aside) offers the event's own calendar file."""
    body = main(content)
    return f"/events/{slug}/calendar.ics" in body or "Add to your calendar" in body

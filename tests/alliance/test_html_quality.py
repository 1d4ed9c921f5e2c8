"""Every public page, in every language, is valid, labelled, CSP-ready HTML of a modest size.

The seed content is loaded once for the module and every page is fetched once
inside a transaction that is rolled back afterwards; the tests then read the
stored responses. No browser: html5lib (strict) parses each page as a browser
would, once for all the tests that read it, and fails on the first HTML5 parse
error.
"""

import gzip
from collections import Counter
from pathlib import Path

import html5lib
import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.db import transaction
from django.test import Client

from tests.public_pages import NOT_FOUND, all_pages, url

# pytest-django creates the test database only for tests marked as using it.
pytestmark = pytest.mark.django_db

PAGES = all_pages()
PAGE_IDS = [page_id for page_id, *_rest in PAGES]

# gzip level 6: what nginx and WhiteNoise's compressors use by default.
GZIP_LEVEL = 6
HTML_BUDGET = 50 * 1024  # per page, gzipped
ASSETS_BUDGET = 30 * 1024  # all CSS and JS the public pages load, gzipped

# Form controls that need no label of their own.
UNLABELLED_INPUT_TYPES = {"hidden", "submit", "button", "reset", "image"}


@pytest.fixture(scope="module")
def responses(django_db_setup, django_db_blocker):
    """{page id: response} for every public page, fetched on the seeded content."""
    fetched = {}
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed", verbosity=0)
        client = Client()
        for page_id, language, _name, path in PAGES:
            fetched[page_id] = client.get(url(language, path))
        transaction.set_rollback(True)
    return fetched


def gzipped_size(data):
    return len(gzip.compress(data, compresslevel=GZIP_LEVEL))


def parse_strict(content):
    """The page as an element tree; a parse error fails the test with its place and line."""
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    try:
        return parser.parse(content)
    except html5lib.html5parser.ParseError:
        lines = content.decode().splitlines()
        (line, column), code, data = parser.errors[-1]
        source = lines[line - 1] if 0 < line <= len(lines) else ""
        pytest.fail(f"HTML5 parse error {code} {data} at line {line}, column {column}:\n{source}")


def elements(tree, *tags):
    return [element for element in tree.iter() if element.tag in tags]


def parents(tree):
    return {child: parent for parent in tree.iter() for child in parent}


def describe(element):
    attributes = " ".join(f'{key}="{value}"' for key, value in element.attrib.items())
    return f"<{element.tag} {attributes}>".replace(" >", ">")


def text(element):
    return "".join(element.itertext()).strip()


@pytest.fixture(scope="module")
def trees():
    """{page id: element tree}: each page parsed once for the six tests that read it."""
    return {}


@pytest.fixture(params=PAGES, ids=PAGE_IDS)
def page(request, responses, trees):
    page_id, language, name, _path = request.param
    response = responses[page_id]
    expected_status = 404 if name in NOT_FOUND else 200
    assert response.status_code == expected_status, response.content[:500]
    assert response["Content-Type"] == "text/html; charset=utf-8"
    if page_id not in trees:
        # A parse error fails every test of the page, as before: nothing is stored.
        trees[page_id] = parse_strict(response.content)
    return {
        "language": language,
        "content": response.content,
        "tree": trees[page_id],
    }


def test_page_is_valid_html5_with_one_h1_and_one_main(page):
    tree = page["tree"]

    assert page["content"].lstrip().lower().startswith(b"<!doctype html>")
    assert len(tree.findall(".//h1")) == 1
    assert text(tree.find(".//h1"))
    assert len(tree.findall(".//main")) == 1


def test_page_declares_its_language(page):
    assert page["tree"].get("lang") == page["language"]


def test_page_ids_are_unique_and_references_resolve(page):
    tree = page["tree"]
    ids = [element.get("id") for element in tree.iter() if element.get("id") is not None]
    duplicates = [value for value, count in Counter(ids).items() if count > 1]
    assert duplicates == []
    assert "" not in ids

    known = set(ids)
    dangling = []
    for element in tree.iter():
        for attribute in ("aria-labelledby", "aria-describedby", "aria-controls"):
            dangling += [
                f"{describe(element)} -> #{target}"
                for target in (element.get(attribute) or "").split()
                if target not in known
            ]
        if element.tag == "label" and element.get("for") and element.get("for") not in known:
            dangling.append(f"{describe(element)} -> #{element.get('for')}")
        href = element.get("href") or ""
        if element.tag == "a" and href.startswith("#") and href[1:] and href[1:] not in known:
            dangling.append(f"{describe(element)} -> {href}")
    assert dangling == []


def test_page_form_controls_are_labelled(page):
    tree = page["tree"]
    parent_of = parents(tree)
    labelled_ids = {label.get("for") for label in tree.iter("label") if label.get("for")}

    def inside_label(element):
        while element in parent_of:
            element = parent_of[element]
            if element.tag == "label":
                return True
        return False

    unlabelled = []
    for element in elements(tree, "input", "select", "textarea"):
        if element.tag == "input" and element.get("type", "text") in UNLABELLED_INPUT_TYPES:
            continue
        if (
            element.get("id") in labelled_ids
            or (element.get("aria-label") or "").strip()
            or element.get("aria-labelledby")
            or inside_label(element)
        ):
            continue
        unlabelled.append(describe(element))
    assert unlabelled == []

    for button in tree.iter("button"):
        assert text(button) or button.get("aria-label"), describe(button)


def test_page_nesting_follows_the_content_models(page):
    """What the parser accepts but the HTML standard forbids, and screen readers trip on."""
    tree = page["tree"]
    parent_of = parents(tree)
    wrong = []
    for element in elements(tree, "ul", "ol", "menu"):
        wrong += [
            f"{describe(child)} in <{element.tag}>"
            for child in element
            if child.tag not in {"li", "script", "template"}
        ]
    for element in tree.iter("dl"):
        for child in element:
            if child.tag == "div":
                wrong += [
                    f"{describe(grandchild)} in <dl><div>"
                    for grandchild in child
                    if grandchild.tag not in {"dt", "dd"}
                ]
            elif child.tag not in {"dt", "dd", "script", "template"}:
                wrong.append(f"{describe(child)} in <dl>")
    for element in tree.iter("li"):
        if parent_of.get(element) is None or parent_of[element].tag not in {"ul", "ol", "menu"}:
            wrong.append(f"{describe(element)} outside a list")
    for element in elements(tree, "a", "button"):
        ancestor = parent_of.get(element)
        while ancestor is not None:
            if ancestor.tag in {"a", "button"}:
                wrong.append(f"{describe(element)} inside <{ancestor.tag}>")
            ancestor = parent_of.get(ancestor)
    assert wrong == []


def test_page_has_nothing_inline_for_a_strict_csp(page):
    tree = page["tree"]

    styled = [describe(element) for element in tree.iter() if "style" in element.attrib]
    handlers = [
        describe(element)
        for element in tree.iter()
        if any(attribute.startswith("on") for attribute in element.attrib)
    ]
    assert styled == []
    assert handlers == []
    assert tree.findall(".//style") == []
    assert [describe(script) for script in tree.iter("script") if not script.get("src")] == []
    assert not [a for a in tree.iter("a") if (a.get("href") or "").startswith("javascript:")]


def test_pages_are_light(responses):
    """Each page's HTML is under 50 KB gzipped; the table shows with `pytest -s`."""
    sizes = {
        page_id: (len(response.content), gzipped_size(response.content))
        for page_id, response in responses.items()
    }
    print("\nPage weight (HTML): bytes, gzipped bytes")
    for page_id, (raw, compressed) in sizes.items():
        print(f"  {page_id:32} {raw:>8} {compressed:>8}")
    too_heavy = {page_id: size for page_id, size in sizes.items() if size[1] >= HTML_BUDGET}
    assert too_heavy == {}


def test_css_and_js_the_pages_load_are_light(responses):
    """The stylesheets and scripts the public pages load come to under 30 KB gzipped."""
    assets = set()
    for response in responses.values():
        tree = html5lib.parse(response.content, namespaceHTMLElements=False)
        assets |= {
            link.get("href") for link in tree.iter("link") if link.get("rel") == "stylesheet"
        }
        assets |= {script.get("src") for script in tree.iter("script") if script.get("src")}
    assert "/static/css/portal.css" in assets
    assert all(asset.startswith("/static/") for asset in assets), assets

    sizes = {}
    for asset in sorted(assets):
        path = finders.find(asset.removeprefix("/static/").split("?")[0])
        assert path, f"{asset} is not a static file"
        data = Path(path).read_bytes()
        sizes[asset] = (len(data), gzipped_size(data))
    print("\nPage weight (CSS and JS): bytes, gzipped bytes")
    for asset, (raw, compressed) in sizes.items():
        print(f"  {asset:32} {raw:>8} {compressed:>8}")
    assert sum(compressed for _raw, compressed in sizes.values()) < ASSETS_BUDGET

"""Every kind of page, in every language, passes the Nu HTML checker (vnu) with no error.

Which pages: tests/public_pages.py's list, every address the sitemaps give, every
page their links lead to (one per URL pattern and set of query keys, so a new
page linked from anywhere is checked without being listed here), and the forms'
other states (errors, thanks, confirmations, cancelling), on the seeded content.
All of them go to the checker in one run (a JVM start costs seconds).

The checker is vnu-jar from npm, run with the system Java; `.ci/run` installs it
into .local/vnu/ (or set VNU_JAR). Without Java or the jar the test skips, saying
why; with REQUIRE_VNU set (CI) it fails instead.
"""

import datetime
import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from urllib.parse import parse_qsl, urljoin, urlsplit

import html5lib
import pytest
from django.core.management import call_command
from django.db import transaction
from django.template.loader import render_to_string
from django.test import Client, override_settings
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve
from django.utils import timezone, translation

from alerts import services as alerts
from alerts.models import Subscription, Topic
from events.models import Event, EventKind
from registrations import services
from tests.factories import EventFactory
from tests.public_pages import LANGUAGES, PAGES, url
from toolkit.tokens import record_token

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_JAR = ROOT / ".local" / "vnu" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# Where links are not followed: Django's admin (only its login page is public) and
# what is not a page of ours (static files, the API's JSON, the sitemaps).
NOT_CRAWLED = re.compile(r"^/(static|media|api|i18n|sitemap|robots)|^/[a-z]{2}/admin/")
# Each list's search and filters, with and without results.
QUERIES = [
    "initiatives/?q=water",
    "initiatives/?q=zzzzzz",
    "initiatives/?country=KZ&theme=zzz&year=2025",
    # Region-wide initiatives included and marked, the totals split.
    "initiatives/?country=KZ",
    "initiatives/?country=KZ&regional=exclude",
    "events/?q=summit",
    "events/?q=zzzzzz",
    "members/?q=zzzzzz",
]
SITE_PATHS = ["admin/login/"]
# Pages outside the language prefix: the API's documentation, which partners read.
UNPREFIXED = ["/api/v1/docs/"]
# A file's address (export.csv, calendar.ics, feed.atom), not a page's.
FILE = re.compile(r"/[^/]+\.[a-z]+$")


def find_checker():
    """(java, jar) or a reason the checker cannot run."""
    java = shutil.which("java")
    jar = Path(os.environ.get("VNU_JAR") or DEFAULT_JAR)
    if not java:
        return None, "Java is not installed (apt-get install default-jre-headless)"
    if not jar.is_file():
        return None, f"vnu.jar not found at {jar} (see the README, Development: Valid HTML)"
    return (java, jar), None


@pytest.fixture(scope="module")
def checker():
    found, reason = find_checker()
    if reason:
        if os.environ.get("REQUIRE_VNU"):
            pytest.fail(f"REQUIRE_VNU is set but {reason}")
        pytest.skip(reason)
    return found


def route_of(path):
    """A page's kind: its language, URL pattern and query keys; None if it is not ours."""
    parts = urlsplit(path)
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    keys = tuple(sorted({key for key, _value in parse_qsl(parts.query, keep_blank_values=True)}))
    return parts.path.split("/")[1], match.route, keys


def links(response):
    """The local addresses a page links to (hrefs of a and link elements)."""
    tree = html5lib.parse(response.content, namespaceHTMLElements=False)
    found = []
    for element in tree.iter():
        if element.tag in {"a", "link"} and element.get("href"):
            absolute = urljoin(response.wsgi_request.path, element.get("href"))
            parts = urlsplit(absolute)
            if parts.netloc in ("", "testserver") and parts.scheme in ("", "http"):
                found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def sitemap_paths(client):
    """Every address in /sitemap.xml's files (each file's every page)."""
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    index = ElementTree.fromstring(client.get("/sitemap.xml").content)
    paths = []
    for section in index.findall("s:sitemap/s:loc", ns):
        tree = ElementTree.fromstring(
            client.get(urlsplit(section.text).path + "?" + urlsplit(section.text).query).content
        )
        paths += [urlsplit(loc.text).path for loc in tree.findall("s:url/s:loc", ns)]
    return paths


def form_states(client):
    """The pages a visitor reaches by sending forms: [(id, response)]."""
    pages = []
    # An upcoming event that takes registrations (the seeded ones may all be over), and a past one.
    today = timezone.localdate()
    event = EventFactory(
        start_date=today + datetime.timedelta(days=30), registration_open=True, capacity=1
    )
    past = Event.objects.filter(start_date__lt=today).first()
    registration = services.add_registration(
        event, name="Aigerim", email="aigerim@example.org", organisation="", language="en"
    )
    token = services.cancel_token(registration)
    for language in LANGUAGES:
        pages += [
            (f"{language}-join-errors", client.post(url(language, "join/"), {})),
            (f"{language}-join-thanks", client.get(url(language, "join/thanks/"))),
            (f"{language}-register", client.get(url(language, f"events/{event.slug}/register/"))),
            (
                f"{language}-register-errors",
                client.post(url(language, f"events/{event.slug}/register/"), {"email": "x"}),
            ),
            (
                f"{language}-registered",
                client.get(url(language, f"events/{event.slug}/register/done/")),
            ),
            (
                f"{language}-cancel-confirm",
                client.get(url(language, f"events/{event.slug}/cancel/{token}/")),
            ),
            (
                f"{language}-cancel-invalid",
                client.get(url(language, f"events/{event.slug}/cancel/nonsense/")),
            ),
        ]
        if past:
            pages.append(
                (
                    f"{language}-cancel-over",
                    client.get(url(language, f"events/{past.slug}/cancel/nonsense/")),
                )
            )
    # Registered at last: the event is full, and one place is taken by the waiting list.
    client.post(
        url("en", f"events/{event.slug}/register/"),
        {"name": "Dana", "email": "dana@example.org", "language": "en", "consent": "on"},
    )
    for language in LANGUAGES:
        pages.append(
            (
                f"{language}-register-full",
                client.get(url(language, f"events/{event.slug}/register/")),
            )
        )
        pages.append(
            (
                f"{language}-cancelled",
                client.post(url(language, f"events/{event.slug}/cancel/{token}/")),
            )
        )
    # An alert asked for: its confirmation and unsubscribe pages, before and after.
    subscription = Subscription.objects.create(
        email="alerts@example.org", topic=Topic.INITIATIVES, query="country=KZ", language="en"
    )
    confirm = record_token(subscription, salt=alerts.CONFIRM_SALT)
    leave = record_token(subscription, salt=alerts.UNSUBSCRIBE_SALT)
    for language in LANGUAGES:
        pages += [
            (f"{language}-alert-confirm", client.get(url(language, f"alerts/confirm/{confirm}/"))),
            (f"{language}-alert-bad-link", client.get(url(language, "alerts/confirm/nonsense/"))),
            (
                f"{language}-alert-unsubscribe",
                client.get(url(language, f"alerts/unsubscribe/{leave}/")),
            ),
        ]
    pages.append(("en-alert-confirmed", client.post(url("en", f"alerts/confirm/{confirm}/"))))
    pages.append(("en-alert-left", client.post(url("en", f"alerts/unsubscribe/{leave}/"))))
    with override_settings(FORM_RATE_LIMIT=0):
        pages.append(("en-rate-limited", client.post(url("en", "join/"), {})))
    return pages


@pytest.fixture(scope="module")
def pages(django_db_setup, django_db_blocker):
    """{page id: (address, response)} for every page kind, fetched on the seeded content."""
    fetched = {}
    downloads = set()
    seen_paths = set()
    seen_routes = set()
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed", verbosity=0)
        # An upcoming event, as a consultation of the seeded summit: the seeded events
        # are all over by now, and only an event to come offers its calendar file.
        EventFactory(
            slug="upcoming-consultation",
            kind=EventKind.CONSULTATION,
            parent=Event.objects.get(slug="res-2026"),
            start_date=timezone.localdate() + datetime.timedelta(days=30),
        )
        client = Client()

        def fetch(page_id, path):
            seen_paths.add(path)
            seen_routes.add(route_of(path))
            fetched[page_id] = (path, client.get(path))

        for language in LANGUAGES:
            for name, path in PAGES:
                fetch(f"{language}-{name}", url(language, path))
            for path in QUERIES + SITE_PATHS:
                fetch(f"{language}-{path}", url(language, path))
        for path in UNPREFIXED:
            fetch(path, path)
        for path in sitemap_paths(client):
            if path not in seen_paths:
                fetch(path, path)
        # Follow the links of every page fetched so far, and of those it finds.
        queue = list(fetched.values())
        while queue:
            _path, response = queue.pop()
            if not response["Content-Type"].startswith("text/html"):
                continue
            for path in links(response):
                if path in seen_paths or NOT_CRAWLED.match(path):
                    continue
                route = route_of(path)
                if route is None or route in seen_routes:
                    continue
                if FILE.search(urlsplit(path).path):
                    # A download (CSV, calendar, feed), not a page: noted as linked, not fetched.
                    seen_routes.add(route)
                    downloads.add(resolve(urlsplit(path).path).view_name)
                    continue
                fetch(path, path)
                queue.append(fetched[path])
        for page_id, response in form_states(client):
            fetched[page_id] = (response.wsgi_request.get_full_path(), response)
        with translation.override("en"):
            fetched["en-500"] = ("500.html", render_to_string("500.html"))
        transaction.set_rollback(True)
    return fetched, downloads


def html_of(response):
    if isinstance(response, str):
        return response.encode()
    if not response["Content-Type"].startswith("text/html"):
        return None
    return response.content


def run_checker(checker, files):
    """vnu's messages for these files: [{type, subType, url, lastLine, message, extract}]."""
    java, jar = checker
    # --exit-zero-always: the messages say what failed; a non-zero exit would only repeat it.
    result = subprocess.run(
        [
            java,
            "-jar",
            str(jar),
            "--format",
            "json",
            "--stdout",
            "--exit-zero-always",
            *map(str, files),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0 or not result.stdout.strip():
        pytest.fail(f"vnu did not run ({result.returncode}): {result.stderr[-2000:]}")
    return json.loads(result.stdout)["messages"]


def test_every_page_kind_has_no_nu_checker_error(checker, pages, tmp_path):
    files = {}
    fetched, _downloads = pages
    for index, (page_id, (_path, response)) in enumerate(sorted(fetched.items())):
        content = html_of(response)
        if content is not None:
            files[page_id] = tmp_path / f"{index:04}.html"
            files[page_id].write_bytes(content)
    messages = run_checker(checker, files.values())

    page_of = {path.name: page_id for page_id, path in files.items()}
    errors, warnings = {}, {}
    for message in messages:
        name = message.get("url", "").rsplit("/", 1)[-1]
        extract = " ".join(message.get("extract", "").split())
        where = f"{page_of.get(name, name)}, line {message.get('lastLine')}: {extract}"
        if message["type"] in ("error", "non-document-error"):
            errors.setdefault(message["message"], []).append(where)
        elif message.get("subType") == "warning":
            warnings.setdefault(message["message"], []).append(where)
    kinds = f"{len(errors)} kinds of error, {len(warnings)} of warning"
    print(f"\nNu checker: {len(files)} pages, {kinds}")
    for text, places in warnings.items():
        print(f"  warning ({len(places)}x): {text}\n    e.g. {places[0]}")
    if errors:
        pytest.fail(
            "\n".join(
                f"{text} ({len(places)}x)\n    e.g. {places[0]}" for text, places in errors.items()
            ),
            pytrace=False,
        )


def public_routes(resolver=None, prefix=""):
    """Every named URL pattern as "namespace:name", Django's admin excepted."""
    found = []
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            namespace = pattern.namespace
            if namespace == "admin" or (namespace is None and "admin" in str(pattern.pattern)):
                continue
            inner = f"{prefix}{namespace}:" if namespace else prefix
            found += public_routes(pattern, inner) if pattern.url_patterns else []
        elif isinstance(pattern, URLPattern) and pattern.name:
            found.append(f"{prefix}{pattern.name}")
    return found


def test_every_page_kind_is_visited(pages):
    """Each named page of the site is among those checked: a new one must be reachable."""
    fetched, downloads = pages
    visited = set(downloads)
    for _path, response in fetched.values():
        if not isinstance(response, str) and response.wsgi_request.resolver_match:
            visited.add(response.wsgi_request.resolver_match.view_name)
    with translation.override("en"):
        named = {
            name
            for name in public_routes()
            if not name.startswith(("api:", "sitemap", "robots", "set_language"))
        }
    assert named - visited == set(), "add these pages to tests/public_pages.py or to this test"

"""Browser tests: Playwright drives Debian's Chromium at /usr/bin/chromium.

Playwright's own browser download cannot work here, so it is pointed at the
system browser. Without one the tests skip and say why; CI installs it and
sets REQUIRE_BROWSER=1, so there a missing browser fails instead.
"""

import os
import sqlite3
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
# Flags for a headless root run on a closed network (no sandbox, no
# background requests that would fail against the firewall).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


# The in-memory SQLite database as the seed left it, in this process (see `seeded`).
_seeded_copy = None


def pytest_collection_modifyitems(config, items):
    """Every test in this folder is a browser test (`-m "not browser"` leaves them out)."""
    here = Path(__file__).parent
    for item in items:
        if item.path.is_relative_to(here):
            item.add_marker(pytest.mark.browser)


def _browser_missing_reason():
    if not CHROMIUM.exists():
        return f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed"
    return None


@pytest.fixture(scope="session")
def browser():
    reason = _browser_missing_reason()
    if reason and os.environ.get("REQUIRE_BROWSER"):
        pytest.fail(f"REQUIRE_BROWSER is set but {reason}")
    if reason:
        pytest.skip(f"browser test skipped: {reason}")
    # Playwright's sync API runs an event loop in this thread; Django refuses
    # ORM calls from such a thread unless told the test knows what it does.
    # Only while the browser runs: other tests must not inherit it.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser, tmp_path):
    context = browser.new_context(accept_downloads=True, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def seeded(transactional_db):
    """The real seed content, as a visitor would find it.

    The live server reads through its own connection, so browser tests commit and
    the database is flushed after each one: the seed must be loaded again for the
    next. On the in-memory SQLite test database it is loaded once per process and
    copied aside (sqlite3's backup); later tests get that copy back over their
    freshly flushed database, in milliseconds instead of a second. Elsewhere, or
    when the database already holds users or organisations, the seed runs again.
    """
    global _seeded_copy
    from django.contrib.auth import get_user_model
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.db import connection

    from members.models import Organisation

    flushed = not (get_user_model().objects.exists() or Organisation.objects.exists())
    if connection.vendor != "sqlite" or not connection.is_in_memory_db() or not flushed:
        call_command("seed", verbosity=0)
    elif _seeded_copy is None:
        call_command("seed", verbosity=0)
        _seeded_copy = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(_seeded_copy)
    else:
        _seeded_copy.backup(connection.connection)
        # The copy's content types may carry other ids than the flush just made.
        ContentType.objects.clear_cache()

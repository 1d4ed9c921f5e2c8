"""Settings every test needs, a clean slate around each test, and the seed loaded once a module.

The portal keeps pages, cards, choices, the API's throttle counts and the
form rate limits in Django's cache, which outlives a test and its rolled-back
transaction: a test must never be answered from what another test stored.
Likewise the language a request activated (LocaleMiddleware leaves it active
in the thread): each test starts in the default language, whatever test ran
before it in this process (pytest-xdist hands each process a different share).
"""

import sys
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.utils import translation

# The API tests' fixtures (kazakhstan, kyrgyzstan, one_health), for every app's test_api.py;
# a Redis of the test's own (redis_server, redis_cache) for the cache's outage tests.
pytest_plugins = ["tests.api_helpers", "tests.redis_server"]


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings):
    # Only what tests must change: a fast hasher and plain static storage.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    cache.clear()
    translation.deactivate()
    yield
    cache.clear()
    translation.deactivate()


@pytest.fixture(scope="module")
def seeded_module(django_db_setup, django_db_blocker):
    """`manage.py seed` run once for the module that asks for it; its output.

    The seed is loaded inside a transaction that is rolled back when the module
    is done. A test that also asks for `db` runs in a savepoint inside it, so
    what one test changes is gone for the next, as with a fresh seed each time.
    A module that asks for this must not hold tests that need an empty database.
    """
    output = StringIO()
    outer = transaction.atomic()
    with django_db_blocker.unblock():
        outer.__enter__()
        try:
            call_command("seed", stdout=output)
        except BaseException:
            outer.__exit__(*sys.exc_info())
            raise
    try:
        yield output.getvalue()
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)

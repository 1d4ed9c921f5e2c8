"""Settings every test needs, and an empty cache at the start and end of each test.

The portal keeps pages, cards, choices, the API's throttle counts and the
form rate limits in Django's cache, which outlives a test and its rolled-back
transaction: a test must never be answered from what another test stored.
"""

import pytest
from django.core.cache import cache

# The API tests' fixtures (kazakhstan, kyrgyzstan, one_health), for every app's test_api.py.
pytest_plugins = ["tests.api_helpers"]


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    # Only what tests must change: a fast hasher and plain static storage.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    cache.clear()
    yield
    cache.clear()

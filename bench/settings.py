"""Settings for the benchmark only (bench/run.py): production-like, on a throwaway database.

DEBUG is off (as in production) unless BENCH_DEBUG=1, which the data
generator needs. Never used by the portal itself.
"""

import os

os.environ["DEBUG"] = os.environ.get("BENCH_DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret-" + "x" * 40)
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("SECURE_HSTS_SECONDS", "0")
# The benchmark hammers the API from one address.
os.environ.setdefault("API_THROTTLE_RATE", "100000000/second")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]

from alliance.settings import *  # noqa: F403
from alliance.settings import STORAGES

ROOT_URLCONF = "bench.urls"
# Templates resolve {% static %} without collectstatic's manifest.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False

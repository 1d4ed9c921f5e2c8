"""A redis-server of a test's own, on a free loopback port, that the test may stop and start.

Tests that take the cache's Redis away must never touch the shared one at
127.0.0.1:6379 (other tests and engineers use it), so each starts its own,
keeps nothing on disk, and stops only that one. bench/faults.py uses it too.
The fixtures below (a pytest plugin of tests/conftest.py) skip where
redis-server is not installed (fail, with REQUIRE_REDIS_SERVER set, as in CI).
"""

import os
import shutil
import socket
import subprocess
import time

import pytest
import redis

BINARY = shutil.which("redis-server")
MISSING = "redis-server is not installed (apt-get install redis-server)"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisServer:
    """`start()`, `stop()`, `start()` again on the same port; `client` to look inside."""

    def __init__(self, *arguments):
        self.port = free_port()
        self.arguments = arguments
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    @property
    def client(self):
        return redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=5)

    def start(self):
        self.process = subprocess.Popen(
            [
                BINARY,
                *("--port", str(self.port), "--bind", "127.0.0.1"),
                *("--save", "", "--appendonly", "no"),
                *self.arguments,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while True:
            try:
                with self.client as client:
                    client.ping()
                return self
            except redis.ConnectionError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"redis-server did not start on port {self.port}") from None
                time.sleep(0.02)

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None


# The settings' defaults (0.5 s, 5 s), but a short retry, so that tests wait
# little. Not shorter a timeout: a busy CI machine (the suite runs on every
# core) must not take a slow answer for an outage in the tests of a working Redis.
TEST_TIMEOUT = 0.5
TEST_RETRY = 0.3


def resilient_cache(location):
    """CACHES with the default cache on `location`, as production's (alliance/settings.py)."""
    return {
        "default": {
            "BACKEND": "toolkit.cache_backend.ResilientRedisCache",
            "LOCATION": location,
            "OPTIONS": {
                "socket_connect_timeout": TEST_TIMEOUT,
                "socket_timeout": TEST_TIMEOUT,
                "retry_seconds": TEST_RETRY,
            },
        }
    }


def wait_for_retry():
    """Past the breaker's pause: the next cache call asks Redis again."""
    time.sleep(TEST_RETRY + 0.05)


@pytest.fixture
def redis_server():
    """A started redis-server of the test's own; stopped (if still running) after it."""
    if BINARY is None:
        if os.environ.get("REQUIRE_REDIS_SERVER"):
            pytest.fail(MISSING)
        pytest.skip(MISSING)
    from toolkit import cache_backend

    server = RedisServer().start()
    yield server
    server.stop()
    # A later test may get the same port: it starts with no outage on record.
    cache_backend._outages.pop(server.url, None)


@pytest.fixture
def redis_cache(settings, redis_server):
    """The default cache on the test's own Redis (changing CACHES resets Django's caches)."""
    original = settings.CACHES
    settings.CACHES = resilient_cache(redis_server.url)
    yield redis_server
    # Back before the suite's own clean-up clears the cache: not a stopped Redis's.
    settings.CACHES = original

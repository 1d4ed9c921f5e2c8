"""The cache's Redis is an accelerator: stopped, full or slow, the cache misses and counts on.

Each test runs its own redis-server on a free port and points the default
cache at it (tests/redis_server.py); it skips where redis-server is missing.
"""

import logging
import threading
import time

import pytest
from django.core.cache import cache
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from tests.redis_server import TEST_TIMEOUT, free_port, resilient_cache, wait_for_retry
from toolkit import cache_backend
from toolkit.api.throttling import AnonymousRateThrottle
from toolkit.cache_backend import cache_recovered, count


@pytest.fixture
def outage_log(caplog):
    caplog.set_level(logging.INFO, logger="toolkit.cache_backend")

    def records(level):
        return [record for record in caplog.records if record.levelno == level]

    return records


@pytest.fixture
def recoveries():
    announced = []

    def receiver(location, **kwargs):
        announced.append(location)

    cache_recovered.connect(receiver)
    yield announced
    cache_recovered.disconnect(receiver)


def in_threads(work, threads):
    """Run `work()` in that many threads at once; every result, in no order."""
    results, start = [], threading.Barrier(threads)
    lock = threading.Lock()

    def run():
        start.wait()
        done = work()
        with lock:
            results.extend(done)

    workers = [threading.Thread(target=run) for _thread in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    return results


# --- Counters ----------------------------------------------------------------


def test_count_loses_no_increment_under_concurrency(redis_cache):
    results = in_threads(lambda: [count("hits", 60) for _hit in range(200)], threads=8)

    # Each increment saw its own value: none was lost or counted twice.
    assert sorted(results) == list(range(1, 1601))
    assert int(redis_cache.client.get(":1:hits")) == 1600


def test_a_counter_expires_with_its_window(redis_cache):
    count("hits", 30)
    count("hits", 30)

    assert 0 < redis_cache.client.ttl(":1:hits") <= 30


def test_the_api_throttle_allows_exactly_its_rate_under_concurrency(redis_cache, settings):
    settings.API_THROTTLE_RATE = "100/hour"
    factory = APIRequestFactory()

    def requests():
        return [
            AnonymousRateThrottle().allow_request(
                Request(factory.get("/api/v1/themes/", REMOTE_ADDR="192.0.2.7")), None
            )
            for _request in range(30)
        ]

    allowed = in_threads(requests, threads=10)

    assert len(allowed) == 300
    assert allowed.count(True) == 100


# --- Redis stopped -----------------------------------------------------------


def test_a_stopped_redis_is_a_miss_and_logged_once(redis_cache, outage_log):
    cache.set("greeting", "hello")
    redis_cache.stop()

    assert cache.get("greeting") is None
    assert cache.get("greeting", "default") == "default"
    cache.set("greeting", "bye")  # no error
    assert cache.get_many(["greeting"]) == {}
    assert cache.add("other", 1) is False
    assert cache.set_many({"a": 1, "b": 2}) == ["a", "b"]
    with pytest.raises(ValueError):
        cache.incr("greeting")
    for _request in range(10):
        cache.get("greeting")
    wait_for_retry()  # tried again: still stopped, the same outage
    for _request in range(10):
        cache.get("greeting")

    warnings = outage_log(logging.WARNING)
    assert len(warnings) == 1
    assert "Cache unavailable" in warnings[0].getMessage()
    assert "ConnectionError" in warnings[0].getMessage()


def test_counters_count_in_memory_while_redis_is_stopped(redis_cache):
    count("hits", 60)
    redis_cache.stop()

    assert [count("form", 60) for _hit in range(3)] == [1, 2, 3]
    wait_for_retry()  # tried again, still stopped: still counted
    assert count("form", 60) == 4


def test_redis_coming_back_is_used_again_without_a_restart(redis_cache, outage_log, recoveries):
    cache.set("before", 1)
    redis_cache.stop()
    assert cache.get("before") is None
    redis_cache.start()  # empty: nothing was kept on disk

    assert cache.get("during") is None  # still left alone for TEST_RETRY seconds
    wait_for_retry()
    cache.set("after", 2)

    assert cache.get("after") == 2
    assert int(redis_cache.client.exists(":1:after")) == 1
    infos = [r for r in outage_log(logging.INFO) if "available again" in r.getMessage()]
    assert len(infos) == 1
    assert recoveries == [redis_cache.url]


# --- Redis full (maxmemory with noeviction) ----------------------------------


def test_a_full_redis_is_a_miss_until_it_has_room_again(redis_cache, outage_log, recoveries):
    cache.set("kept", "from before")
    redis_cache.client.config_set("maxmemory-policy", "noeviction")
    redis_cache.client.config_set("maxmemory", 1)  # every write is refused: OOM

    key = "form-rate:join:192.0.2.7"
    assert [count(key, 60) for _hit in range(2)] == [1, 2]  # counted in memory
    cache.set("page", "x" * 10_000)  # no error
    assert cache.get("page") is None
    warnings = outage_log(logging.WARNING)
    assert len(warnings) == 1
    assert "OutOfMemoryError" in warnings[0].getMessage()
    assert "maxmemory" in warnings[0].getMessage()
    assert "192.0.2.7" not in warnings[0].getMessage()  # no client's address in the log

    wait_for_retry()
    assert cache.get("kept") is None  # reads answer, but the probe write is refused
    assert recoveries == []
    assert len(outage_log(logging.WARNING)) == 1  # the same outage

    redis_cache.client.config_set("maxmemory", 0)
    wait_for_retry()
    cache.set("page", "drawn")
    assert cache.get("page") == "drawn"
    assert cache.get("kept") == "from before"
    assert recoveries == [redis_cache.url]


# --- Redis slow --------------------------------------------------------------


def test_a_slow_redis_costs_one_timeout_then_is_left_alone(redis_cache, outage_log):
    cache.set("greeting", "hello")
    redis_cache.client.execute_command("CLIENT", "PAUSE", 3000, "ALL")

    started = time.monotonic()
    assert cache.get("greeting") is None
    first = time.monotonic() - started
    started = time.monotonic()
    for _request in range(50):
        assert cache.get("greeting") is None
    then = time.monotonic() - started

    assert first < TEST_TIMEOUT + 1  # not the 3 s pause
    assert then < 1  # no call waits while Redis is left alone (50 timeouts would be 10 s)
    assert "TimeoutError" in outage_log(logging.WARNING)[0].getMessage()


def test_the_outage_warning_shows_no_password(settings, outage_log):
    address = f"redis://:s3cret@127.0.0.1:{free_port()}/0"  # nothing listens there
    settings.CACHES = resilient_cache(address)

    assert cache.get("greeting") is None

    message = outage_log(logging.WARNING)[0].getMessage()
    assert "s3cret" not in message
    assert "redis://127.0.0.1:" in message
    cache_backend._outages.pop(address)

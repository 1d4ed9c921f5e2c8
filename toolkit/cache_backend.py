"""The cache's Redis as an accelerator, never a dependency: when it fails, the portal goes on.

`ResilientRedisCache` is Django's own RedisCache, except that a Redis that is
stopped, full (maxmemory with noeviction: OOM errors) or slow (past the short
socket timeouts in settings.CACHES) turns reads into misses and writes into
no-ops instead of raising. After a failure the process skips Redis for
`retry_seconds` (a circuit breaker: no request waits on a dead server), then
tries again, so Redis coming back is picked up without a restart. The outage
is logged once when it starts (a warning) and once when it ends (info), per
process, not once per request; its end is announced by `cache_recovered`.

Counters (the forms' rate limit, the API throttle) go through `count()`: one
atomic Redis transaction (SET NX EX, INCR), so concurrent workers never lose
an increment and a counter never outlives its window. While Redis is out they
count in the process's own memory: the limits still hold, per process (with
three gunicorn workers a client may get up to three times the limit), rather
than refusing every submission (a lost application) or letting everything
through (no protection at all).

Why not django-redis with IGNORE_EXCEPTIONS: it ignores each error as it comes
(no breaker, so an unreachable server costs every cache call a timeout), logs
every ignored error (DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS: thousands of lines
per outage, or none), and its incr() then returns None, so counters would
still need the fallback below; it would replace Django's backend for nothing
the portal needs. Why not pybreaker: its closed/open/half-open states cannot
tell a read that works from a write that a full Redis refuses, so "logged once
per outage" needs the state below anyway, and the rest is one timestamp.
"""

import logging
import re
import threading
import time

from django.core.cache import cache as default_cache
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from django.dispatch import Signal
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# Sent (with `location`) when the cache's Redis answers again after an outage.
cache_recovered = Signal()

# How long a process leaves Redis alone after a failure, unless OPTIONS say otherwise.
RETRY_SECONDS = 5

# The counters kept in the process's memory while Redis is out (per client
# address and scope); LocMemCache drops a third of them when this is reached.
FALLBACK_COUNTERS = 10_000


class Outage:
    """Whether one Redis is failing, for every thread of the process (hand-written: see above).

    Django makes a cache backend per thread; the outage, like the fallback
    counters, is one per process and server, so it is logged once.
    """

    def __init__(self, location, retry_seconds):
        self.location = location
        # What the log says: the address without a password (redis://:secret@host).
        self.shown_location = re.sub(r"//[^/@]*@", "//", location)
        self.retry_seconds = retry_seconds
        self.lock = threading.Lock()
        self.skip_until = 0.0
        self.since = None  # when the outage began (time.monotonic()), or None

    @property
    def ongoing(self):
        return self.since is not None

    def skipping(self):
        return time.monotonic() < self.skip_until

    def failed(self, error):
        with self.lock:
            now = time.monotonic()
            self.skip_until = now + self.retry_seconds
            began = self.since is None
            if began:
                self.since = now
        if began:
            logger.warning(
                "Cache unavailable (Redis at %s): %s: %s -- serving pages uncached and "
                "counting rate limits per process; retrying every %s s.",
                self.shown_location,
                type(error).__name__,
                without_command(error),
                self.retry_seconds,
            )

    def ended(self):
        with self.lock:
            if self.since is None:
                return
            lasted, self.since = time.monotonic() - self.since, None
        logger.info(
            "Cache available again (Redis at %s) after %.1f s.", self.shown_location, lasted
        )
        cache_recovered.send(sender=Outage, location=self.location)


def without_command(error):
    """Redis's message without the command it quotes (a pipeline's keys hold client addresses)."""
    return str(error).rpartition(" of pipeline caused error: ")[2]


_outages = {}
_outages_lock = threading.Lock()


def outage_of(location, retry_seconds):
    with _outages_lock:
        return _outages.setdefault(location, Outage(location, retry_seconds))


class ResilientRedisCache(RedisCache):
    """Django's RedisCache whose failures are misses and no-ops, with a short circuit breaker.

    OPTIONS: `retry_seconds` (how long to leave a failing Redis alone); the
    rest go to redis-py's connection pool as with Django's RedisCache
    (`socket_connect_timeout`, `socket_timeout`).
    """

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        retry_seconds = options.pop("retry_seconds", RETRY_SECONDS)
        super().__init__(server, {**params, "OPTIONS": options})
        location = server if isinstance(server, str) else ",".join(server)
        self.outage = outage_of(location, retry_seconds)
        # One per process and server: LocMemCache instances of one name share their memory.
        self.fallback_counters = LocMemCache(
            f"counters-while-redis-is-out:{location}",
            {"OPTIONS": {"MAX_ENTRIES": FALLBACK_COUNTERS}},
        )

    def attempt(self, operation, *args, fallback=None):
        """`operation(*args)` on Redis; `fallback` if Redis fails or is being left alone."""
        if self.outage.skipping():
            return fallback
        try:
            if self.outage.ongoing:
                self.confirm_recovery()
            return operation(*args)
        except RedisError as error:
            self.outage.failed(error)
            return fallback

    def confirm_recovery(self):
        """Whether Redis is back, asked before anything else is read after an outage.

        A write (a short-lived probe key) is the test: a full Redis still
        answers reads. Its end is announced first, so that what was owed
        (a content version bump) is paid before the next read.
        """
        self._cache.set(self.make_and_validate_key("cache-probe"), 1, 10)
        self.outage.ended()

    # --- Django's cache API ---------------------------------------------------

    def get(self, key, default=None, version=None):
        return self.attempt(super().get, key, default, version, fallback=default)

    def get_many(self, keys, version=None):
        return self.attempt(super().get_many, keys, version, fallback={})

    def has_key(self, key, version=None):
        return self.attempt(super().has_key, key, version, fallback=False)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self.attempt(super().add, key, value, timeout, version, fallback=False)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self.attempt(super().set, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        # Django's contract: the keys that could not be stored.
        return self.attempt(super().set_many, data, timeout, version, fallback=list(data))

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self.attempt(super().touch, key, timeout, version, fallback=False)

    def delete(self, key, version=None):
        return self.attempt(super().delete, key, version, fallback=False)

    def delete_many(self, keys, version=None):
        self.attempt(super().delete_many, keys, version)

    def clear(self):
        return self.attempt(super().clear, fallback=False)

    def incr(self, key, delta=1, version=None):
        """As Django's; a ValueError (no such key) also when Redis cannot be asked."""
        missing = object()
        value = self.attempt(super().incr, key, delta, version, fallback=missing)
        if value is missing:
            raise ValueError(f"Key '{key}' not found (the cache is unavailable).")
        return value

    # --- Counters -------------------------------------------------------------

    def count(self, key, window):
        """Add one to the counter `key`, which lives `window` seconds from its first count."""
        value = self.attempt(self.count_in_redis, key, window)
        return count_in(self.fallback_counters, key, window) if value is None else value

    def count_in_redis(self, key, window):
        key = self.make_and_validate_key(key)
        client = self._cache.get_client(key, write=True)
        # MULTI/EXEC: the counter is created with its expiry and incremented in
        # one step, so no increment is lost and none lands on an expired key
        # (which INCR would recreate without an expiry).
        with client.pipeline(transaction=True) as pipeline:
            pipeline.set(key, 0, ex=window, nx=True)
            pipeline.incr(key)
            _created, value = pipeline.execute()
        return value


def count_in(cache, key, window):
    """add() then incr(): atomic in LocMemCache (one lock) and in any cache whose incr() is."""
    cache.add(key, 0, timeout=window)
    try:
        return cache.incr(key)
    except ValueError:  # expired (or culled) between add() and incr(): a new window
        cache.add(key, 1, timeout=window)
        return 1


def count(key, window):
    """One more hit on the counter `key` in the default cache; the hits in its window so far.

    The window is fixed: it starts with the first hit and lasts `window`
    seconds (so a client may make up to twice the limit across a boundary).
    """
    counting = getattr(default_cache, "count", None)
    if counting is not None:
        return counting(key, window)
    return count_in(default_cache, key, window)

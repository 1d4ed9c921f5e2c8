"""The portal with its cache's Redis taken away: figures printed, nothing asserted.

    python bench/faults.py                  # 5 s per phase, 3 gunicorn workers
    python bench/faults.py --seconds 10 --flood 2000 --keep

Creates a throwaway PostgreSQL database (tsako_bench_faults), migrates and
seeds it, opens registration on one event, starts a redis-server of its own
on a free loopback port (tests/redis_server.py) and gunicorn on 127.0.0.1
(sync workers, as in the README's Production section) with CACHE_URL on that
Redis. Then, phase by phase (Redis up, stopped, back, full, slow), client
threads request the public pages and the API for a few seconds and post the
join form and an event registration; it prints the share of 200s, the
latency, and how many posts stored their row. Last, it sends random utm_*
parameters to two lists and counts the page-cache keys in Redis.

Only ever talks to 127.0.0.1; every loop is bounded in time or count; it
stops the servers it started, and drops the database unless --keep.
"""

import argparse
import http.client
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.redis_server import BINARY, MISSING, RedisServer, free_port  # noqa: E402

PYTHON = sys.executable
DATABASE = "tsako_bench_faults"
# Seconds after a failure before a worker asks Redis again (the setting's default).
RETRY_SECONDS = 5
PAGES = [
    "/en/",
    "/en/members/",
    "/ru/members/?country=KZ",
    "/en/events/",
    "/en/initiatives/",
    "/kk/initiatives/?status=ongoing",
    "/en/members/biom/",
    "/en/events/res-2026/",
    "/en/initiatives/western-tien-shan-cooperation/",
    "/api/v1/initiatives/",
    "/api/v1/organisations/",
]
FLOODED = ["/en/initiatives/", "/en/events/"]


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=5, help="load per phase, seconds")
    parser.add_argument("--clients", type=int, default=3, help="client threads")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn (sync) workers")
    parser.add_argument("--posts", type=int, default=5, help="posts of each form per phase")
    parser.add_argument("--flood", type=int, default=500, help="random-utm requests per list")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5432)
    parser.add_argument("--user", default="postgres")
    return parser.parse_args()


def psql(args, sql):
    subprocess.run(
        ["psql", "-q", "-h", args.host, "-p", str(args.port), "-U", args.user, "-c", sql],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def environment(args, redis):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "BENCH_DATABASE_URL": f"postgres://{args.user}@{args.host}:{args.port}/{DATABASE}",
        "BENCH_DEBUG": "0",
        "CACHE_URL": redis.url,
        "CACHE_RETRY_SECONDS": str(RETRY_SECONDS),
        "PAGE_CACHE_SECONDS": "300",
        # The bench posts from one address: the rate limit is not what it measures.
        "FORM_RATE_LIMIT": "1000000",
        "LOG_LEVEL": "INFO",
        # The e-mails the posts send would fill the server's log.
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }


def prepare_database(args, env):
    psql(args, f"DROP DATABASE IF EXISTS {DATABASE}")
    psql(args, f"CREATE DATABASE {DATABASE}")
    for command in (["migrate", "--no-input", "-v0"], ["seed"]):
        subprocess.run(
            [PYTHON, "manage.py", *command],
            cwd=ROOT,
            env={**env, "BENCH_DEBUG": "1"},
            check=True,
            stdout=subprocess.DEVNULL,
        )


def start_gunicorn(args, env, log):
    port = free_port()
    server = subprocess.Popen(
        [
            PYTHON, "-m", "gunicorn", "alliance.wsgi:application",
            "--bind", f"127.0.0.1:{port}", "--workers", str(args.workers),
            "--timeout", "30", "--log-level", "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=log,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            status, _body, _headers = request(port, "GET", "/en/")
            if status == 200:
                return server, port
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def request(port, method, path, body=None, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(
            method, path, body=body, headers={"Host": "127.0.0.1", **(headers or {})}
        )
        response = connection.getresponse()
        return response.status, response.read(), response.headers
    finally:
        connection.close()


def load(port, seconds, clients):
    """Clients cycle through PAGES for `seconds`: (statuses, latencies in ms)."""
    statuses, latencies, lock = [], [], threading.Lock()
    deadline = time.monotonic() + seconds

    def client(offset):
        index = offset
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                status = request(port, "GET", PAGES[index % len(PAGES)])[0]
            except (OSError, http.client.HTTPException):
                status = "error"
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                statuses.append(status)
                latencies.append(elapsed)
            index += 1

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses, latencies


def post_form(port, path, fields):
    """GET the form (its CSRF cookie and token), then POST it; the POST's status."""
    status, page, headers = request(port, "GET", path)
    if status != 200:
        return status
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
    cookie = re.search(r"csrftoken=([^;]+)", headers.get("Set-Cookie", "")).group(1)
    body = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": token}, doseq=True)
    return request(
        port,
        "POST",
        path,
        body=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={cookie}",
        },
    )[0]


def posts(port, count, forms):
    """Each form posted `count` times: (posted, answered with a redirect, rows stored)."""
    from applications.models import MembershipApplication
    from registrations.models import Registration

    before = MembershipApplication.objects.count() + Registration.objects.count()
    redirected = 0
    for _post in range(count):
        for path, fields in forms:
            unique = uuid.uuid4().hex[:8]
            values = {key: value.format(unique=unique) for key, value in fields.items()}
            if post_form(port, path, values) == 302:
                redirected += 1
    stored = MembershipApplication.objects.count() + Registration.objects.count() - before
    return count * len(forms), redirected, stored


def forms_to_post():
    """The join form and one event's registration form, with what a person would type."""
    from django.utils import timezone

    from common.models import Country, Theme
    from events.models import Event

    event = Event.objects.filter(parent=None).order_by("pk").first()
    event.registration_open = True
    event.start_date = timezone.localdate() + timedelta(days=30)
    event.end_date = None
    event.capacity = None
    event.registration_deadline = None
    event.save()
    join = {
        "name": "Eco Club {unique}",
        "kind": "ngo",
        "country": str(Country.objects.get(code="KZ").pk),
        "city": "Almaty",
        "website": "eco-club-{unique}.kz",
        "description": "Eco clubs in schools.",
        "themes": str(Theme.objects.order_by("pk").first().pk),
        "contact_name": "Aliya Nurlanovna",
        "contact_email": "aliya-{unique}@example.kz",
        "consent": "on",
    }
    register = {
        "name": "Dana Seitkali",
        "email": "dana-{unique}@example.kz",
        "organisation": "Eco School 12",
        "language": "en",
        "consent": "on",
    }
    return [("/en/join/", join), (f"/en/events/{event.slug}/register/", register)]


def page_keys(redis):
    with redis.client as client:
        return len(client.keys("*page:*"))


def phase(name, args, port, forms):
    statuses, latencies = load(port, args.seconds, args.clients)
    posted, redirected, stored = posts(port, args.posts, forms)
    ok = statuses.count(200)
    latencies.sort()
    p95 = latencies[int(0.95 * (len(latencies) - 1))] if latencies else 0
    others = sorted({str(status) for status in statuses if status != 200})
    print(
        f"{name:28} | {len(statuses):>8} | {100 * ok / max(len(statuses), 1):>6.1f}% "
        f"| {statistics.median(latencies) if latencies else 0:>7.1f} | {p95:>7.1f} "
        f"| {redirected:>3}/{posted:<3} | {stored:>6} | {', '.join(others) or '-'}",
        flush=True,
    )


def main():
    args = arguments()
    if BINARY is None:
        raise SystemExit(MISSING)
    redis = RedisServer("--maxmemory", "256mb", "--maxmemory-policy", "allkeys-lru").start()
    env = environment(args, redis)
    log_path = Path(tempfile.mkdtemp(prefix="tsako-faults-")) / "gunicorn.log"
    server = None
    try:
        print(f"Preparing {DATABASE} (migrate, seed)...", flush=True)
        prepare_database(args, env)
        os.environ.update(env)
        import django

        django.setup()
        forms = forms_to_post()
        with open(log_path, "w") as log:
            server, port = start_gunicorn(args, env, log)
            load(port, 2, args.clients)  # warm the workers and the cache
            print(
                f"\ngunicorn: {args.workers} sync workers; Redis on port {redis.port}; "
                f"{args.clients} client threads, {args.seconds:g} s per phase\n"
            )
            header = (
                f"{'phase':28} | {'requests':>8} | {'200s':>7} | {'p50 ms':>7} | {'p95 ms':>7} "
                f"| {'posts':>7} | {'stored':>6} | other answers"
            )
            print(header)
            print("-" * len(header))
            phase("Redis up", args, port, forms)

            redis.stop()
            phase("Redis stopped", args, port, forms)

            redis.start()
            time.sleep(RETRY_SECONDS + 1)
            phase("Redis back (empty)", args, port, forms)
            print(f"{'':28}   page-cache keys in Redis again: {page_keys(redis)}")

            with redis.client as client:
                client.config_set("maxmemory-policy", "noeviction")
                client.config_set("maxmemory", 1)  # every write refused: OOM
            phase("Redis full (OOM)", args, port, forms)
            with redis.client as client:
                client.config_set("maxmemory", "256mb")
                client.config_set("maxmemory-policy", "allkeys-lru")

            time.sleep(RETRY_SECONDS + 1)
            load(port, 1, args.clients)  # each worker finds Redis usable again
            pause = args.seconds + 3 * args.posts + 5  # past the phase: UNPAUSE would wait too
            with redis.client as client:
                client.execute_command("CLIENT", "PAUSE", int(pause * 1000), "ALL")
            started = time.monotonic()
            phase("Redis slow (paused)", args, port, forms)
            time.sleep(max(0, pause - (time.monotonic() - started)) + RETRY_SECONDS + 1)

            with redis.client as client:
                client.flushdb()
            print(f"\nFlooding: {args.flood} requests with random utm_* to each of {FLOODED}")
            bodies = {path: set() for path in FLOODED}
            for path in FLOODED:
                for _request in range(args.flood):
                    junk = f"utm_source={uuid.uuid4().hex}&utm_campaign={uuid.uuid4().hex[:6]}"
                    bodies[path].add(request(port, "GET", f"{path}?{junk}")[1])
            with redis.client as client:
                memory = client.info("memory")["used_memory_human"]
            print(
                f"page-cache keys in Redis: {page_keys(redis)}; distinct HTML answers per list: "
                f"{ {path: len(found) for path, found in bodies.items()} }; "
                f"Redis used_memory: {memory}"
            )
    finally:
        if server is not None:
            server.terminate()  # our own gunicorn, by its process
            server.wait(30)
        redis.stop()
        if not args.keep:
            from django.db import connections

            connections.close_all()
            psql(args, f"DROP DATABASE IF EXISTS {DATABASE}")
    text = log_path.read_text()
    print(
        f"\nLogged by the {args.workers} workers: {text.count('Cache unavailable')} "
        f"'Cache unavailable' warnings, {text.count('Cache available again')} "
        f"'available again' lines, {text.count('Traceback')} tracebacks ({log_path})"
    )


if __name__ == "__main__":
    main()

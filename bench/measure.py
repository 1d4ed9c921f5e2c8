"""One database's figures: queries and server time in-process, throughput through gunicorn.

Run by bench/run.py with BENCH_DATABASE_URL set; prints one JSON object.
Only ever talks to 127.0.0.1.
"""

import argparse
import gc
import gzip
import http.client
import json
import multiprocessing
import os
import re
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"

import django  # noqa: E402

django.setup()
# As alliance/wsgi.py does in the server's processes: what is loaded stays.
gc.freeze()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.staticfiles import finders  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from common.models import Theme  # noqa: E402
from events.models import Event  # noqa: E402
from initiatives.models import Initiative  # noqa: E402
from members.models import Organisation  # noqa: E402


def targets():
    """(group, label, url, admin?) for every page the issue names."""
    theme = Theme.objects.annotate(n=Count("initiatives")).order_by("-n").first()
    org = (
        Organisation.objects.annotate(n=Count("initiative_participations"))
        .order_by("-n", "pk")
        .first()
    )
    event = Event.objects.annotate(n=Count("children")).order_by("-n", "pk").first()
    initiative = Initiative.objects.annotate(n=Count("participations")).order_by("-n", "pk").first()
    filtered = f"/en/initiatives/?country=KZ&country=KG&theme={theme.slug}&status=ongoing"
    return [
        ("page", "home", "/en/", False),
        ("page", "members list", "/en/members/", False),
        ("page", "members list (all)", "/en/members/?relation=all", False),
        ("page", "events list", "/en/events/", False),
        ("page", "initiatives list", "/en/initiatives/", False),
        ("page", "initiatives filtered", filtered, False),
        ("page", "initiatives page 100", "/en/initiatives/?page=100", False),
        ("search", "initiatives q en", "/en/initiatives/?q=water", False),
        ("search", "initiatives q ru", "/ru/initiatives/?q=%D0%B2%D0%BE%D0%B4", False),
        ("search", "initiatives q kk", "/kk/initiatives/?q=%D0%BC%D2%B1%D0%B7", False),
        ("search", "members q ru", "/ru/members/?relation=all&q=%D1%84%D0%BE%D0%BD%D0%B4", False),
        ("search", "events q en", "/en/events/?q=forum", False),
        ("detail", "organisation", org.get_absolute_url(), False),
        ("detail", "event", event.get_absolute_url(), False),
        ("detail", "initiative", initiative.get_absolute_url(), False),
        ("export", "initiatives.csv (all)", "/en/initiatives/export.csv", False),
        ("export", "initiatives.csv (filtered)", filtered.replace("/?", "/export.csv?"), False),
        ("api", "api organisations", "/api/v1/organisations/", False),
        ("api", "api events", "/api/v1/events/", False),
        ("api", "api initiatives", "/api/v1/initiatives/", False),
        ("api", "api initiatives filtered", "/api/v1/initiatives/?country=KZ&country=KG", False),
        ("api", "api countries", "/api/v1/countries/", False),
        ("api", "api themes", "/api/v1/themes/", False),
        ("api", "api initiatives.xml", "/api/v1/initiatives.xml?country=TM&year=2020", False),
        ("admin", "admin organisations", "/en/admin/members/organisation/", True),
        ("admin", "admin events", "/en/admin/events/event/", True),
        ("admin", "admin initiatives", "/en/admin/initiatives/initiative/", True),
        ("admin", "admin initiatives q", "/en/admin/initiatives/initiative/?q=water", True),
    ]


def body(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def in_process(repeat, warmup, heavy_repeat):
    anonymous, staff = Client(), Client()
    user, _created = get_user_model().objects.get_or_create(
        username="bench-admin", defaults={"is_staff": True, "is_superuser": True}
    )
    staff.force_login(user)
    results = []
    # Server time without the page cache: what a reader meets on a miss. Data
    # cached per content version (list cards, the lead and funder choices) is
    # shared by every page and stays warm; "cold" empties the cache first.
    with override_settings(PAGE_CACHE_SECONDS=0):
        for group, label, url, admin in targets():
            client = staff if admin else anonymous
            heavy = group == "export" or ".xml" in url
            runs = heavy_repeat if heavy else repeat
            for _ in range(0 if heavy else warmup):
                client.get(url)
            times, queries, size, gz = [], 0, 0, 0
            for _ in range(runs):
                with CaptureQueriesContext(connection) as captured:
                    started = time.perf_counter()
                    response = client.get(url)
                    content = body(response)
                    times.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, (url, response.status_code)
                queries = len(captured.captured_queries)
                size, gz = len(content), len(gzip.compress(content))
            # Cold: the cache emptied before each request (no cards, no choices).
            cold = []
            for _ in range(0 if heavy else runs):
                cache.clear()
                started = time.perf_counter()
                response = client.get(url)
                body(response)
                cold.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, (url, response.status_code)
            results.append(
                {
                    "group": group,
                    "label": label,
                    "url": url,
                    "queries": queries,
                    "p50": statistics.median(times),
                    "p95": percentile(times, 0.95),
                    "cold_p95": percentile(cold, 0.95) if cold else None,
                    "bytes": size,
                    "gzip": gz,
                }
            )
    return results


def assets():
    """CSS and JS a public page loads, raw and gzipped."""
    html = Client().get("/en/").content.decode()
    names = re.findall(r'(?:href|src)="/static/([^"]+\.(?:css|js))"', html)
    raw = packed = 0
    for name in names:
        data = Path(finders.find(name)).read_bytes()
        raw += len(data)
        packed += len(gzip.compress(data))
    return {"files": names, "bytes": raw, "gzip": packed}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def hammer(port, path, seconds, counter):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    done = errors = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            connection.request("GET", path, headers={"Host": "127.0.0.1"})
            response = connection.getresponse()
            response.read()
            if response.status == 200:
                done += 1
            else:
                errors += 1
            if response.getheader("Connection", "").lower() == "close":
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        except (OSError, http.client.HTTPException):
            errors += 1
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    counter.put((done, errors))


def throughput(port, path, seconds, clients):
    queue = multiprocessing.Queue()
    processes = [
        multiprocessing.Process(target=hammer, args=(port, path, seconds, queue))
        for _ in range(clients)
    ]
    for process in processes:
        process.start()
    totals = [queue.get() for _ in processes]
    for process in processes:
        process.join()
    return sum(done for done, _ in totals) / seconds, sum(errors for _, errors in totals)


def under_load(seconds, clients, workers):
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable, "-m", "gunicorn", "alliance.wsgi:application",
            "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
            "--worker-class", "gthread", "--threads", "4", "--log-level", "warning",
        ],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings"},
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                http.client.HTTPConnection("127.0.0.1", port, timeout=1).request("GET", "/")
                break
            except OSError:
                time.sleep(0.1)
        pages = [("trivial view", "/bench/trivial/")] + [
            (label, url)
            for group, label, url, _admin in targets()
            if group in ("page", "search", "api") and "page 100" not in label
        ]
        results = []
        for label, path in pages:
            throughput(port, path, 0.5, clients)  # warm the workers and the cache
            rps, errors = throughput(port, path, seconds, clients)
            results.append({"label": label, "url": path, "rps": rps, "errors": errors})
        # The trivial view again, last: measured first, it can catch a worker
        # still starting. The better of the two is the reference (ratios err low).
        rps, errors = throughput(port, pages[0][1], seconds, clients)
        results[0]["rps"] = max(results[0]["rps"], rps)
        results[0]["errors"] += errors
        return results
    finally:
        server.terminate()  # our own gunicorn, by its process
        try:
            server.wait(35)  # gthread workers finish their keep-alive connections first
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=2)
    # The whole CSV and the IATI file stream every initiative: measured once.
    parser.add_argument("--heavy-repeat", type=int, default=1)
    parser.add_argument("--seconds", type=float, default=3)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--no-load", action="store_true")
    args = parser.parse_args()
    report = {
        "counts": {
            "organisations": Organisation.objects.count(),
            "events": Event.objects.count(),
            "initiatives": Initiative.objects.count(),
        },
        "debug": settings.DEBUG,
        "requests": in_process(args.repeat, args.warmup, args.heavy_repeat),
        "assets": assets(),
    }
    if not args.no_load:
        report["load"] = under_load(args.seconds, args.clients, args.workers)
    print(json.dumps(report))


if __name__ == "__main__":
    main()

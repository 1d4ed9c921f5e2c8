"""One database's figures: queries and server time in-process, throughput through gunicorn,
and the heavy downloads (the full exports: build, download time and worker memory, and the
pages' times while clients download them in a loop).

Run by bench/run.py with BENCH_DATABASE_URL set; prints one JSON object.
Only ever talks to 127.0.0.1.
"""

import argparse
import contextlib
import gc
import gzip
import http.client
import json
import multiprocessing
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
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
from toolkit.sitemaps import PortalSitemap  # noqa: E402


def targets():
    """(group, label, url, admin?) for every page the issue names."""
    theme, other_theme = Theme.objects.annotate(n=Count("initiatives")).order_by("-n")[:2]
    leads = list(
        Organisation.objects.filter(initiative_participations__role="lead")
        .annotate(n=Count("initiative_participations"))
        .order_by("-n", "pk")
        .values_list("slug", flat=True)[:2]
    )
    org = (
        Organisation.objects.annotate(n=Count("initiative_participations"))
        .order_by("-n", "pk")
        .first()
    )
    event = Event.objects.annotate(n=Count("children")).order_by("-n", "pk").first()
    initiative = Initiative.objects.annotate(n=Count("participations")).order_by("-n", "pk").first()
    filtered = f"/en/initiatives/?country=KZ&country=KG&theme={theme.slug}&status=ongoing"
    middle_page = f"page={max(1, Initiative.objects.count() // 400)}&page_size=200"
    # Page 2 of the initiatives' sitemap where there is one (a file holds `limit` entries,
    # a record in each language), else its only page: the seed has ten initiatives.
    per_file = PortalSitemap.limit // 3
    sitemap_page = (
        ("sitemap initiatives p2", "/sitemap-initiatives.xml?p=2")
        if Initiative.objects.count() > per_file
        else ("sitemap initiatives", "/sitemap-initiatives.xml")
    )
    return [
        ("page", "home", "/en/", False),
        ("page", "members list", "/en/members/", False),
        ("page", "members list (all)", "/en/members/?relation=all", False),
        ("page", "events list", "/en/events/", False),
        ("page", "initiatives list", "/en/initiatives/", False),
        ("page", "initiatives filtered", filtered, False),
        # Several values of a facet (OR) and several facets (AND), each counted.
        (
            "page",
            "initiatives 2 themes, 2 statuses",
            f"/en/initiatives/?theme={theme.slug}&theme={other_theme.slug}"
            "&status=ongoing&status=planned",
            False,
        ),
        (
            "page",
            "initiatives 2 leads, 2 countries",
            f"/en/initiatives/?lead={leads[0]}&lead={leads[1]}&country=KZ&country=UZ",
            False,
        ),
        ("page", "initiatives list (ru)", "/ru/initiatives/", False),
        ("page", "initiatives list (kk)", "/kk/initiatives/", False),
        ("page", "initiatives page 100", "/en/initiatives/?page=100", False),
        ("page", "countries", "/en/countries/", False),
        ("page", "country KZ", "/en/countries/kz/", False),
        ("page", "country KZ (ru)", "/ru/countries/kz/", False),
        ("page", "country TM (kk)", "/kk/countries/tm/", False),
        ("page", "about (ru)", "/ru/about/", False),
        ("page", "privacy (kk)", "/kk/privacy/", False),
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
        # A nightly sync reads every page: one half-way through, 200 at a time.
        ("api", "api initiatives mid page x200", f"/api/v1/initiatives/?{middle_page}", False),
        ("api", "api countries", "/api/v1/countries/", False),
        ("api", "api themes", "/api/v1/themes/", False),
        ("api", "api initiatives.xml", "/api/v1/initiatives.xml?country=TM&year=2020", False),
        ("sitemap", "sitemap index", "/sitemap.xml", False),
        ("sitemap", sitemap_page[0], sitemap_page[1], False),
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


def chosen(match):
    """targets(), or those whose label contains one of the comma-separated words of `match`."""
    words = [word.strip() for word in (match or "").split(",") if word.strip()]
    return [target for target in targets() if not words or any(w in target[1] for w in words)]


def in_process(repeat, warmup, heavy_repeat, match=None):
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
        for group, label, url, admin in chosen(match):
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


@contextlib.contextmanager
def gunicorn(options, env=None):
    """Our own gunicorn on a free loopback port, stopped (by its process) afterwards."""
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable, "-m", "gunicorn", "alliance.wsgi:application",
            "--bind", f"127.0.0.1:{port}", "--log-level", "warning", *options,
        ],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings", **(env or {})},
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                http.client.HTTPConnection("127.0.0.1", port, timeout=1).request("GET", "/")
                break
            except OSError:
                time.sleep(0.1)
        yield port, server.pid
    finally:
        server.terminate()  # our own gunicorn, by its process
        try:
            server.wait(35)  # gthread workers finish their keep-alive connections first
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def under_load(seconds, clients, workers, match=None):
    options = ["--workers", str(workers), "--worker-class", "gthread", "--threads", "4"]
    with gunicorn(options) as (port, _pid):
        pages = [("trivial view", "/bench/trivial/")] + [
            (label, url)
            for group, label, url, _admin in chosen(match)
            # The IATI file is a download: measured with the others (heavy_downloads),
            # where the per-client limit does not turn 4 clients on one address into 429s.
            if group in ("page", "search", "api") and "page 100" not in label and ".xml" not in url
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


# --- Heavy downloads: the full exports, built ahead and streamed ----------------

# Built ahead (the plain URLs) and streamed: ?sort=-start is the default order,
# so the same rows, but a filter, so the view streams them.
FULL_CSV = "/en/initiatives/export.csv"
FULL_IATI = "/api/v1/initiatives.xml"
STREAMED = "?sort=-start"

BUILD_ONE = """
import json, sys, time
from pathlib import Path
import django
django.setup()
from initiatives import services
started = time.perf_counter()
published = services.build_csv(sys.argv[1]) if sys.argv[1] != "iati" else services.build_iati()
# VmHWM: this process's peak resident memory (ru_maxrss would also count the
# parent's, which it inherits through fork and exec).
peak = next(line for line in Path("/proc/self/status").read_text().splitlines()
            if line.startswith("VmHWM:"))
print(json.dumps({
    "seconds": time.perf_counter() - started,
    "peak_rss_mb": int(peak.split()[1]) / 1024,
    "bytes": published.path.stat().st_size,
}))
"""


def build_each(env):
    """Each full export built in a process of its own (as the Celery worker does): time, memory."""
    builds = {}
    for name in ["en", "ru", "kk", "iati"]:
        output = subprocess.run(
            [sys.executable, "-c", BUILD_ONE, name],
            cwd=ROOT,
            env={**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings", **env},
            check=True,
            stdout=subprocess.PIPE,
            text=True,
        )
        builds[name] = json.loads(output.stdout.strip().splitlines()[-1])
    return builds


def worker_pids(master):
    return [int(pid) for pid in Path(f"/proc/{master}/task/{master}/children").read_text().split()]


def memory_kb(pid, field):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    return 0


def download(port, path, address=None, timeout=600):
    """(status, bytes, seconds) of one GET read to its end. Raises if the body breaks off."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    headers = {"Host": "127.0.0.1", **({"X-Forwarded-For": address} if address else {})}
    started = time.perf_counter()
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        size = 0
        while chunk := response.read(1 << 16):
            size += len(chunk)
        return response.status, size, time.perf_counter() - started
    finally:
        connection.close()


def one_download(port, master, path):
    """One download on an idle server: its time, size, and the serving worker's peak memory."""
    workers = worker_pids(master)
    for pid in workers:  # resets VmHWM, the peak resident set, to the current one
        Path(f"/proc/{pid}/clear_refs").write_text("5")
    before = max(memory_kb(pid, "VmRSS") for pid in workers)
    status, size, seconds = download(port, path)
    peak = max(memory_kb(pid, "VmHWM") for pid in workers)
    return {
        "url": path,
        "status": status,
        "bytes": size,
        "seconds": seconds,
        "rss_before_mb": before / 1024,
        "peak_rss_mb": peak / 1024,
    }


def downloader(port, paths, address, deadline, results):
    """Download `paths` in turn until the deadline; counts of finished, refused and broken."""
    done = refused = broken = 0
    while time.monotonic() < deadline:
        for path in paths:
            try:
                status, _size, _seconds = download(port, path, address)
            except (OSError, http.client.HTTPException):
                broken += 1
                continue
            if status == 200:
                done += 1
            elif status == 429:
                refused += 1
                time.sleep(1)
            else:
                broken += 1
    results.put((done, refused, broken))


# A page that takes longer than this counts as this long, and as timed out.
PROBE_TIMEOUT = 60


def probe(port, paths, deadline):
    """Ordinary pages read one after another until the deadline: their times in ms, per page."""
    times = {path: [] for path in paths}
    timeouts = 0
    while time.monotonic() < deadline:
        for path in paths:
            started = time.perf_counter()
            try:
                status, _size, _seconds = download(port, path, timeout=PROBE_TIMEOUT)
                assert status == 200, (path, status)
            except TimeoutError:
                timeouts += 1
            times[path].append((time.perf_counter() - started) * 1000)
    return times, timeouts


def pages_while_downloading(port, clients, paths, seconds, shared_address=False):
    """The home page and a filtered list, read while `clients` download `paths` in a loop."""
    results = multiprocessing.Queue()
    deadline = time.monotonic() + seconds
    addresses = [f"10.9.0.{1 if shared_address else n + 1}" for n in range(clients)]
    processes = [
        multiprocessing.Process(target=downloader, args=(port, paths, address, deadline, results))
        for address in addresses
    ]
    for process in processes:
        process.start()
    time.sleep(min(2, seconds / 4) if clients else 0)  # the downloads under way
    filtered = next(url for _g, label, url, _a in targets() if label == "initiatives filtered")
    times, timeouts = probe(port, ["/en/", filtered], deadline)
    counts = [results.get() for _ in processes]
    for process in processes:
        process.join()
    return {
        "clients": clients,
        "paths": paths,
        "one_address": shared_address,
        "downloads": sum(count[0] for count in counts),
        "refused": sum(count[1] for count in counts),
        "broken": sum(count[2] for count in counts),
        "page_timeouts": timeouts,
        "home": summary(times["/en/"]),
        "filtered": summary(times[filtered]),
    }


def summary(times):
    return {
        "n": len(times),
        "p50": statistics.median(times) if times else None,
        "p95": percentile(times, 0.95) if times else None,
        "max": max(times, default=None),
    }


@contextlib.contextmanager
def own_redis():
    """A Redis of our own (no persistence) for the shared cache, or None where there is none."""
    if not shutil.which("redis-server"):
        yield None
        return
    port = free_port()
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        for _ in range(50):
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.1)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()  # our own Redis, by its process
        server.wait(10)


def heavy_downloads(seconds, clients, workers):
    """The full exports: built ahead and streamed, alone and while ordinary pages are read.

    gunicorn as in production (README): sync workers. Its --timeout is raised
    from 30 s so that the whole IATI file, streamed, can be timed at all.
    Clients other than the probe claim their own address (X-Forwarded-For,
    one proxy trusted), as distinct readers would; the shared cache is a Redis
    of our own, so the per-client limit counts across workers.
    """
    with (
        tempfile.TemporaryDirectory(prefix="tsako-bench-exports-") as directory,
        own_redis() as redis,
    ):
        env = {"PREBUILT_EXPORTS": "1", "EXPORTS_DIR": directory, "NUM_PROXIES": "1"}
        if redis:
            env["CACHE_URL"] = redis
        report = {"builds": build_each(env), "workers": workers, "shared_cache": bool(redis)}
        options = ["--workers", str(workers), "--timeout", "300"]
        with gunicorn(options, env) as (port, master):
            download(port, "/en/")  # every worker loads its code on the first request
            print("heavy downloads: one at a time", file=sys.stderr, flush=True)
            report["single"] = {
                label: one_download(port, master, path)
                for label, path in [
                    ("csv built ahead", FULL_CSV),
                    ("csv streamed", FULL_CSV + STREAMED),
                    ("iati built ahead", FULL_IATI),
                    ("iati streamed", FULL_IATI + STREAMED),
                ]
            }
            built = [FULL_CSV, "/ru/initiatives/export.csv", FULL_IATI]
            streamed = [FULL_CSV + STREAMED, FULL_IATI + STREAMED]
            print("heavy downloads: pages while clients download", file=sys.stderr, flush=True)
            report["load"] = {
                "no downloads": pages_while_downloading(port, 0, [], seconds),
                "built ahead": pages_while_downloading(port, clients, built, seconds),
                "built ahead, one address": pages_while_downloading(
                    port, clients, built, seconds, shared_address=True
                ),
                "streamed": pages_while_downloading(port, clients, streamed, seconds),
            }
        return report


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
    # Heavy downloads: how long each load lasts, the downloading clients, sync workers.
    parser.add_argument("--export-seconds", type=float, default=20)
    parser.add_argument("--export-clients", type=int, default=5)
    parser.add_argument("--export-workers", type=int, default=3)
    parser.add_argument("--no-exports", action="store_true")
    parser.add_argument("--exports-only", action="store_true")
    parser.add_argument("--match")
    args = parser.parse_args()
    report = {
        "counts": {
            "organisations": Organisation.objects.count(),
            "events": Event.objects.count(),
            "initiatives": Initiative.objects.count(),
        },
        "debug": settings.DEBUG,
    }
    if not args.exports_only:
        report["requests"] = in_process(args.repeat, args.warmup, args.heavy_repeat, args.match)
        report["assets"] = assets()
        if not args.no_load:
            report["load"] = under_load(args.seconds, args.clients, args.workers, args.match)
    if not args.no_exports:
        report["heavy"] = heavy_downloads(
            args.export_seconds, args.export_clients, args.export_workers
        )
    print(json.dumps(report))


if __name__ == "__main__":
    main()

"""Lighthouse marks of the public pages, phone and desktop, in three languages.

    python bench/lighthouse.py                     # serves a seeded SQLite copy itself
    python bench/lighthouse.py --base http://127.0.0.1:8000   # a running portal

Lighthouse is Google's own audit (performance, accessibility with axe-core,
best practices, SEO); partners and the alliance's funders read its marks, so
the bench prints them rather than a number of our own. It needs Node.js and
the system Chromium; install the pinned version once with

    npm install --prefix .local/lighthouse --no-save --no-package-lock lighthouse@12.8.2

Without --base it migrates and seeds a throwaway SQLite database and serves it
with gunicorn (no DEBUG, compressed static files), as production would.
Performance marks move with the machine's load; the others should not.
Nothing is asserted.
"""

import argparse
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
LIGHTHOUSE = ROOT / ".local" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
ATTEMPTS = 3
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]

# One page of each kind, spread over the three languages.
PAGES = [
    "/en/",
    "/ru/",
    "/kk/",
    "/en/initiatives/",
    "/ru/initiatives/?country=KZ&country=KG",
    "/kk/events/",
    "/en/events/?when=past",
    "/ru/members/",
    "/en/countries/",
    "/kk/countries/kz/",
    "/en/data/",
]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve_seeded_copy(workdir):
    """Migrate and seed a SQLite database in `workdir`, serve it; (base URL, process)."""
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{workdir}/lighthouse.sqlite3",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        # Plain HTTP on loopback: no redirect to HTTPS, no HSTS.
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_HSTS_SECONDS": "0",
    }
    for command in (["migrate", "--no-input", "-v0"], ["seed"], ["collectstatic", "--no-input"]):
        subprocess.run(
            [PYTHON, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    server = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "alliance.wsgi", "-b", f"127.0.0.1:{port}", "-w", "2"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _attempt in range(100):
        try:
            urllib.request.urlopen(base + "/en/", timeout=2)
            return base, server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("the portal did not answer on " + base)


def audit(base, page, preset, chrome):
    with tempfile.NamedTemporaryFile(suffix=".json") as report:
        command = [
            str(LIGHTHOUSE),
            base + page,
            "--quiet",
            "--output=json",
            f"--output-path={report.name}",
            "--chrome-flags=--headless=new --no-sandbox",
        ]
        if preset == "desktop":
            command.append("--preset=desktop")
        # Lighthouse's trace recording fails now and then on a loaded machine
        # (NO_NAVSTART): it says to run it again, so it is run again.
        for attempt in range(ATTEMPTS):
            done = subprocess.run(command, env={**os.environ, "CHROME_PATH": chrome})
            if done.returncode == 0:
                break
            if attempt == ATTEMPTS - 1:
                done.check_returncode()
        result = json.loads(Path(report.name).read_text())
    scores = {key: result["categories"][key]["score"] for key in CATEGORIES}
    failing = sorted(
        audit_id
        for audit_id in (ref["id"] for ref in result["categories"]["accessibility"]["auditRefs"])
        if result["audits"][audit_id]["score"] == 0
    )
    return scores, failing


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", help="a running portal (default: serve a seeded copy)")
    parser.add_argument("--preset", choices=["mobile", "desktop", "both"], default="both")
    parser.add_argument("--chrome", default=shutil.which("chromium") or "/usr/bin/chromium")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        raise SystemExit(f"Lighthouse is not installed: see {Path(__file__).name}'s docstring")
    presets = ["mobile", "desktop"] if args.preset == "both" else [args.preset]
    with tempfile.TemporaryDirectory() as workdir:
        server = None
        base = args.base
        if base is None:
            base, server = serve_seeded_copy(workdir)
        try:
            header = f"{'page':44} {'preset':8} " + " ".join(f"{c[:13]:>13}" for c in CATEGORIES)
            print(header)
            for page in PAGES:
                for preset in presets:
                    scores, failing = audit(base, page, preset, args.chrome)
                    marks = " ".join(
                        f"{'-' if scores[c] is None else round(scores[c] * 100):>13}"
                        for c in CATEGORIES
                    )
                    print(f"{page:44} {preset:8} {marks}", flush=True)
                    if failing:
                        print(f"{'':44} failing accessibility audits: {', '.join(failing)}")
        finally:
            if server is not None:
                server.terminate()
                server.wait()


if __name__ == "__main__":
    main()

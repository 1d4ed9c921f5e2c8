#!/usr/bin/env python3
"""The README's two commands, for a fresh machine with Python 3.11+ and nothing else.

    python3 dev.py run    # environment, database, seed data, admin account, server
    python3 dev.py test   # environment, then the whole test suite (extra args go to pytest)
    python3 dev.py lint   # ruff, and the layer contracts (import-linter)

Both create `.venv/` and install the pinned dependencies from pyproject.toml
(again only when pyproject.toml has changed). Configuration comes from the
environment (see README); the defaults need no database server and no broker.
"""

import hashlib
import os
import secrets
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
PYTHON = VENV / "bin" / "python"
STAMP = VENV / ".pyproject-sha256"
ADMIN_USERNAME = "admin"


def say(message):
    print(f"==> {message}", flush=True)


def run(*args, **kwargs):
    subprocess.run([str(a) for a in args], check=True, cwd=ROOT, **kwargs)


def ensure_environment():
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py may be run by an older python3
        sys.exit("Python 3.11 or newer is needed.")
    if not PYTHON.exists():
        say("Creating the virtual environment in .venv/")
        venv.create(VENV, with_pip=True)
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    say("Installing the pinned dependencies (pyproject.toml, group 'dev')")
    # Dependency groups (PEP 735) need pip 25.1 or newer.
    run(PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip>=25.1")
    run(PYTHON, "-m", "pip", "install", "--quiet", "--group", "dev")
    STAMP.write_text(wanted)


def manage(*args, **kwargs):
    run(PYTHON, "manage.py", *args, **kwargs)


def ensure_admin():
    """A local superuser with a generated password, printed once when created."""
    password = secrets.token_urlsafe(12)
    script = (
        "from django.contrib.auth import get_user_model\n"
        "User = get_user_model()\n"
        f"if User.objects.filter(username={ADMIN_USERNAME!r}).exists():\n"
        "    print('exists')\n"
        "else:\n"
        f"    User.objects.create_superuser({ADMIN_USERNAME!r}, '', {password!r})\n"
        "    print('created')\n"
    )
    result = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", script],
        check=True,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if result.stdout.strip().endswith("created"):
        say(f"Admin account: user '{ADMIN_USERNAME}', password '{password}' (shown only now)")
    else:
        say(
            f"Admin account '{ADMIN_USERNAME}' already exists; "
            f"new password: .venv/bin/python manage.py changepassword {ADMIN_USERNAME}"
        )


def command_run(args):
    ensure_environment()
    say("Migrating the database")
    manage("migrate", "--no-input", "-v", "0")
    say("Loading the seed content (fixtures/)")
    manage("seed")
    ensure_admin()
    address = args[0] if args else "127.0.0.1:8000"
    say(f"Portal on http://{address}/en/  (admin: http://{address}/en/admin/)")
    os.execv(PYTHON, [str(PYTHON), "manage.py", "runserver", address])


def command_test(args):
    ensure_environment()
    result = subprocess.run([str(PYTHON), "-m", "pytest", *args], cwd=ROOT)
    sys.exit(result.returncode)


def command_lint(args):
    """ruff (lint and format) and the layer contracts (import-linter, pyproject.toml)."""
    ensure_environment()
    checks = [
        [PYTHON, "-m", "ruff", "check", "."],
        [PYTHON, "-m", "ruff", "format", "--check", "."],
        [VENV / "bin" / "lint-imports", "--no-cache"],
    ]
    failed = [
        check for check in checks if subprocess.run([str(a) for a in check], cwd=ROOT).returncode
    ]
    sys.exit(1 if failed else 0)


COMMANDS = {"run": command_run, "test": command_test, "lint": command_lint}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        sys.exit(__doc__)
    COMMANDS[sys.argv[1]](sys.argv[2:])

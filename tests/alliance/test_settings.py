"""Settings read from the environment; production is safe; migrations are complete."""

import os
import re
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]

# The README's production environment (Production), less what only reaches other services.
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "a-production-secret-that-is-long-and-random-enough-3f9c1e7a5b2d4068",
    "ALLOWED_HOSTS": "tsako.example.org",
    "NUM_PROXIES": "1",
    "CACHE_URL": "redis://127.0.0.1:6379/1",
}


def run_manage(*args, env):
    # A clean slate: the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE for
    # themselves, and no deployment would have it.
    leave_out = {"DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE", "NUM_PROXIES", "CACHE_URL"}
    environment = {k: v for k, v in os.environ.items() if k not in leave_out}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )


def test_production_refuses_to_start_without_secret_key():
    result = run_manage("check", env={"DEBUG": "0", "ALLOWED_HOSTS": "tsako.example.org"})

    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_check_deploy_is_clean_with_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("left_out", "warning"), [("NUM_PROXIES", "tsako.W001"), ("CACHE_URL", "tsako.W002")]
)
def test_check_deploy_warns_of_unsafe_client_counting(left_out, warning):
    production = {name: value for name, value in PRODUCTION.items() if name != left_out}

    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=production)

    assert result.returncode != 0
    # That one, and no other of ours.
    assert set(re.findall(r"tsako\.W\d+", result.stderr)) == {warning}


def test_num_proxies_zero_is_a_valid_answer_for_check_deploy():
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING", env={**PRODUCTION, "NUM_PROXIES": "0"}
    )

    assert result.returncode == 0, result.stdout + result.stderr


def test_settings_reject_a_negative_num_proxies():
    result = run_manage("check", env={"NUM_PROXIES": "-1"})

    assert result.returncode != 0
    assert "NUM_PROXIES must be 0 or more" in result.stderr


def test_proxy_headers_are_believed_only_with_declared_proxies():
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'alliance.settings'; "
        "django.setup(); from django.conf import settings; "
        "print(settings.NUM_PROXIES, settings.SECURE_PROXY_SSL_HEADER)"
    )
    outputs = {}
    for declared in ["", "0", "1"]:
        environment = {k: v for k, v in os.environ.items() if k != "NUM_PROXIES"}
        environment.update({**PRODUCTION, "NUM_PROXIES": declared})
        result = subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True
        )
        assert result.returncode == 0, result.stderr
        outputs[declared] = result.stdout.strip()

    assert outputs == {
        "": "None None",
        "0": "0 None",
        "1": "1 ('HTTP_X_FORWARDED_PROTO', 'https')",
    }


@pytest.mark.parametrize("variable", ["AXES_FAILURE_LIMIT", "AXES_COOLOFF_MINUTES"])
def test_settings_reject_a_lockout_that_never_locks_or_never_ends(variable):
    result = run_manage("check", env={variable: "0"})

    assert result.returncode != 0
    assert "AXES_FAILURE_LIMIT and AXES_COOLOFF_MINUTES must be 1 or more" in result.stderr


def test_lockout_limit_and_cool_off_come_from_the_environment():
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'alliance.settings'; "
        "django.setup(); from django.conf import settings; "
        "print(settings.AXES_FAILURE_LIMIT, settings.AXES_COOLOFF_TIME.total_seconds())"
    )
    environment = {**os.environ, "AXES_FAILURE_LIMIT": "7", "AXES_COOLOFF_MINUTES": "90"}

    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True
    )

    assert result.stdout.split() == ["7", "5400.0"], result.stderr


def test_settings_reject_a_malformed_boolean():
    result = run_manage("check", env={"DEBUG": "perhaps"})

    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr


def test_embedded_default_runs_celery_in_process(settings):
    # A fresh clone sets no broker: tasks run in the request's process.
    if os.environ.get("CELERY_BROKER_URL"):
        pytest.skip("CELERY_BROKER_URL is set in this environment")
    assert settings.CELERY_TASK_ALWAYS_EAGER is True


@pytest.mark.django_db
def test_migrations_are_complete():
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit:
        pytest.fail(f"Pending model changes have no migration:\n{out.getvalue()}")


def test_the_wsgi_application_loads_in_production_and_freezes_what_it_loaded():
    # In a process of its own, as gunicorn's workers load it.
    environment = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    environment.update(PRODUCTION)
    code = (
        "import gc, alliance.wsgi; "
        "print(gc.get_freeze_count() > 0, callable(alliance.wsgi.application))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True"]

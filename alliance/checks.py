"""Our own `manage.py check --deploy` warnings: settings under which per-client counts are unsafe.

The form rate limit, the API throttle and the admin login lockout count each
client by its address (toolkit.client_address). What the settings alone can tell about that:

- tsako.W001: NUM_PROXIES is not set. Clients are then counted by REMOTE_ADDR,
  which behind a proxy is the proxy's own address: every visitor shares one
  count (one bot exhausts the forms for all, one guesser locks a staff
  account out for everyone), and X-Forwarded-Proto is not believed either.
  Production must say how many proxies are in front, 0 included.
- tsako.W002: each process keeps its own cache (no CACHE_URL). Every gunicorn
  worker then counts alone, so a client gets the form rate limit and the API
  throttle once per worker.

Whether gunicorn is reachable without the proxy (the README binds it to
127.0.0.1) is not in the settings; no check can tell it.
"""

from django.conf import settings
from django.core.checks import Tags, Warning, register

PROCESS_LOCAL_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@register(Tags.security, deploy=True)
def check_client_address_settings(app_configs, **kwargs):
    warnings = []
    if settings.NUM_PROXIES is None:
        warnings.append(
            Warning(
                "NUM_PROXIES is not set: clients are counted by REMOTE_ADDR, which behind a "
                "proxy is the proxy's address, so all visitors share one rate limit and one "
                "login lockout.",
                hint=(
                    "Set NUM_PROXIES to the number of proxies in front of gunicorn that append "
                    "to X-Forwarded-For (1 behind one nginx), or 0 if clients reach it directly."
                ),
                id="tsako.W001",
            )
        )
    if settings.CACHES["default"]["BACKEND"] in PROCESS_LOCAL_CACHES:
        warnings.append(
            Warning(
                "The default cache is each process's own memory: every gunicorn worker counts "
                "the form rate limit and the API throttle alone.",
                hint="Set CACHE_URL to a Redis database that all workers share.",
                id="tsako.W002",
            )
        )
    return warnings

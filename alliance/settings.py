"""Settings of the TsAKO portal: one module, read from the environment.

The defaults make a fresh clone run (SQLite, in-process Celery, e-mail to the
console). Production sets DEBUG=0 and must then provide SECRET_KEY.
"""

import datetime
import re
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from alerts import schedule as alerts_schedule
from applications import schedule as applications_schedule
from initiatives import schedule as initiatives_schedule
from registrations import schedule as registrations_schedule
from toolkit import schedule as toolkit_schedule
from translations import schedule as translations_schedule

BASE_DIR = Path(__file__).resolve().parent.parent


class StrictEnv(environ.Env):
    """django-environ, except that a value it cannot read fails loudly instead of meaning False.

    (django-environ reads DEBUG=maybe as False; a typo must not turn a setting off.)
    """

    TRUE = {"1", "true", "yes", "on"}
    FALSE = {"0", "false", "no", "off"}

    def bool(self, var, default=environ.Env.NOTSET):
        value = self.str(var, default="")
        if value == "":
            if default is environ.Env.NOTSET:
                raise ImproperlyConfigured(f"Set the {var} environment variable")
            return default
        if value.lower() in self.TRUE:
            return True
        if value.lower() in self.FALSE:
            return False
        raise ImproperlyConfigured(f"{var} must be a boolean (1/0, true/false), not {value!r}")

    def int(self, var, default=environ.Env.NOTSET):
        value = self.str(var, default="")
        if value == "":
            if default is environ.Env.NOTSET:
                raise ImproperlyConfigured(f"Set the {var} environment variable")
            return default
        try:
            return int(value)
        except ValueError:
            raise ImproperlyConfigured(f"{var} must be an integer, not {value!r}") from None

    def list(self, var, default=""):
        return [item.strip() for item in self.str(var, default=default).split(",") if item.strip()]


env = StrictEnv()


DEBUG = env.bool("DEBUG", default=True)

SECRET_KEY = env.str("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    # Only ever used for local development, where DEBUG is on.
    SECRET_KEY = "django-insecure-local-development-only"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env.str("SITE_URL", "http://localhost:8000").rstrip("/")

INSTALLED_APPS = [
    # modeltranslation must come before the admin so it can patch it.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # django-axes: admin logins lock after repeated failures (see "Admin logins" below).
    "alliance.apps.LoginLockoutConfig",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_filters",
    "csp",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    # Content history: every admin edit is a version staff can compare and restore.
    "reversion",
    "reversion_compare",
    # Spreadsheet import and export in the admin (toolkit/imports.py).
    "import_export",
    # Top: the project package (pages and API that combine apps, seed commands).
    "alliance",
    # Middle: the apps, each workflow with its personal data in its own app.
    "applications",
    "registrations",
    "alerts",
    "events",
    "initiatives",
    "members",
    # Bottom: the shared domain, translation states, and the toolkit that knows no app.
    "common",
    "translations",
    "toolkit",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before anything that can answer on its own (WhiteNoise, CommonMiddleware),
    # so those answers carry the CORS headers too. It acts on /api/ only.
    "corsheaders.middleware.CorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: turns a locked-out login into its page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "alliance.urls"
WSGI_APPLICATION = "alliance.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "alliance.context_processors.portal",
            ],
        },
    },
]

DATABASES = {
    "default": {
        **env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        "CONN_MAX_AGE": env.int("DATABASE_CONN_MAX_AGE", 60),
        "CONN_HEALTH_CHECKS": True,
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Covering indexes (INCLUDE) are for PostgreSQL, where the data lives; SQLite,
# for development, builds the same index without the extra columns.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

# django-axes first: it refuses a locked-out login before a password is checked.
# It needs the request, so authenticate() must be given one (the admin's login
# does; tests log in with force_login or through the login page).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Languages -------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("ru", _("Russian")),
    ("kk", _("Kazakh")),
]
# Our catalogues first; `locale_django` completes Django's own admin strings
# (its Kazakh catalogue is about half translated). It holds no source files,
# so makemessages never rewrites it.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_django"]
# Django ships no Kazakh date and number formats.
FORMAT_MODULE_PATH = ["alliance.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Almaty"

MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
# Any of the three may be a record's only language (its source language). A Kazakh
# reader with no Kazakh text sees Russian before English, a Russian reader Kazakh
# before English (both read Cyrillic), an English reader Russian, then Kazakh.
MODELTRANSLATION_FALLBACK_LANGUAGES = {
    "default": ("en",),
    "kk": ("ru", "en"),
    "ru": ("kk", "en"),
    "en": ("ru", "kk"),
}
MODELTRANSLATION_PREPOPULATE_LANGUAGE = "en"

# --- Content history (toolkit/history.py) ---------------------------------------
# The compare view tells a changed link (country, "part of") by the linked record's id; by
# default it compares the whole version, so every link looked changed whenever anything did.
REVERSION_COMPARE_FOREIGN_OBJECTS_AS_ID = True

# --- Spreadsheet import and export (django-import-export, toolkit/imports.py) ---
# Importing adds and changes records: toolkit.imports.ImportExportAdmin asks for both
# permissions (this setting names one); exporting shows them: the view permission.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "change"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
# The whole file in one transaction: a row that fails rolls the others back.
IMPORT_EXPORT_USE_TRANSACTIONS = True

# --- Static files ----------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# The icons (tools/make_icons.py) are also served at the site's root, where
# browsers and phones ask for them unprompted (/favicon.ico,
# /apple-touch-icon.png): WhiteNoise answers them, in production as in
# development, before the language redirect.
WHITENOISE_ROOT = BASE_DIR / "static" / "icons"
# The web app manifest's own type (WhiteNoise would send application/octet-stream).
WHITENOISE_MIMETYPES = {".webmanifest": "application/manifest+json"}
# modeltranslation's tabbed admin loads jQuery UI from a CDN by default; ours
# is vendored under static/ so the admin works without internet.
JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"

# --- Celery ----------------------------------------------------------------
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", "")
# Without a broker, tasks run in-process: a fresh clone needs no Redis.
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE

# --- E-mail ----------------------------------------------------------------
EMAIL_BACKEND = env.str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", "localhost")
EMAIL_PORT = env.int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", "TsAKO <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Background work -------------------------------------------------------
# Membership applications and event registrations are stored first; their
# e-mails go out from Celery tasks after the request commits. Each record knows
# which of its e-mails were sent, so a task run twice sends nothing twice, and
# the sweeps below send whatever a broker or mail server outage left unsent.

# The Django group whose members are told of new membership applications
# (created by a migration; add the staff who handle membership to it).
MEMBERSHIP_STAFF_GROUP = env.str("MEMBERSHIP_STAFF_GROUP", "Membership")
# Registered people get a reminder this many hours before their event starts.
EVENT_REMINDER_HOURS = env.int("EVENT_REMINDER_HOURS", 48)
# Registrations (names, e-mail addresses) are deleted this many days after the event.
REGISTRATION_RETENTION_DAYS = env.int("REGISTRATION_RETENTION_DAYS", 30)
# E-mail still unsent after this many minutes (broker or mail server down) is
# sent by a sweep that runs as often.
MAIL_SWEEP_MINUTES = env.int("MAIL_SWEEP_MINUTES", 15)
# The public forms (join, register) accept this many submissions per client
# address per window (seconds), counted in the default cache.
FORM_RATE_LIMIT = env.int("FORM_RATE_LIMIT", 10)
FORM_RATE_LIMIT_WINDOW = env.int("FORM_RATE_LIMIT_WINDOW", 3600)
# E-mail alerts: a subscription not confirmed within this many days is deleted
# (and its link stops working); a confirmed one is sent what was added every
# ALERT_DIGEST_DAYS days, when anything was.
ALERT_CONFIRMATION_DAYS = env.int("ALERT_CONFIRMATION_DAYS", 7)
ALERT_DIGEST_DAYS = env.int("ALERT_DIGEST_DAYS", 7)
if ALERT_CONFIRMATION_DAYS < 1 or ALERT_DIGEST_DAYS < 1:
    raise ImproperlyConfigured("ALERT_CONFIRMATION_DAYS and ALERT_DIGEST_DAYS must be 1 or more")
# Proxies in front of gunicorn that append to X-Forwarded-For. Unset (None)
# counts as 0: REMOTE_ADDR, whatever the client sends. Every per-client count
# (form rate limit, API throttle) reads it through toolkit.client_address;
# `check --deploy` warns while production leaves it unset (alliance/checks.py).
NUM_PROXIES = env.int("NUM_PROXIES", None)
if NUM_PROXIES is not None and NUM_PROXIES < 0:
    raise ImproperlyConfigured(f"NUM_PROXIES must be 0 or more, not {NUM_PROXIES}")

# A broker that cannot be reached must not hold a visitor's request for long:
# publishing gives up after one quick retry (the record is stored; the sweep
# sends its mail later).
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}

# Celery beat (production only: without a broker nothing is scheduled). Each
# workflow says when its own periodic tasks run.
CELERY_BEAT_SCHEDULE = {
    **applications_schedule.periodic_tasks(sweep_minutes=MAIL_SWEEP_MINUTES),
    **registrations_schedule.periodic_tasks(sweep_minutes=MAIL_SWEEP_MINUTES),
    **alerts_schedule.periodic_tasks(sweep_minutes=MAIL_SWEEP_MINUTES),
    **initiatives_schedule.periodic_tasks(),
    **translations_schedule.periodic_tasks(),
    **toolkit_schedule.periodic_tasks(),
}

# --- Admin logins (django-axes) -------------------------------------------
# After AXES_FAILURE_LIMIT wrong passwords for one username from one client
# address, that pair is locked out for AXES_COOLOFF_MINUTES; each further try
# while locked starts the wait again. Another address, or another username, is
# not locked, so nobody can lock staff out from afar. The address is the one
# the rate limits count (toolkit.client_address), so X-Forwarded-For cannot
# dodge it. Staff unlock sooner in the admin's "Access attempts" or with
# `manage.py axes_reset_username <username>`.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_MINUTES = env.int("AXES_COOLOFF_MINUTES", 30)
if AXES_FAILURE_LIMIT < 1 or AXES_COOLOFF_MINUTES < 1:
    raise ImproperlyConfigured("AXES_FAILURE_LIMIT and AXES_COOLOFF_MINUTES must be 1 or more")
AXES_COOLOFF_TIME = datetime.timedelta(minutes=AXES_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "toolkit.client_address.client_ip"
AXES_LOCKOUT_CALLABLE = "alliance.admin.locked_out"
# A right password clears that pair's failures.
AXES_RESET_ON_SUCCESS = True
# Only failures are kept (they are what locks); successful logins are not logged.
AXES_DISABLE_ACCESS_LOG = True
# No banner at every start; failures and lockouts are still logged (warnings).
AXES_VERBOSE = False

# --- Security (production) -------------------------------------------------
# X-Forwarded-Proto is believed only when the deployment says a proxy is in
# front to set it (NUM_PROXIES), as X-Forwarded-For is: otherwise any client
# reaching gunicorn could claim HTTPS.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if NUM_PROXIES else None
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# A strict Content-Security-Policy on public pages: nothing inline and nothing
# from another origin. The admin (staff only) keeps Django's own markup, which
# still carries a few inline style attributes.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": [f"/{code}/admin/" for code, _name in LANGUAGES],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# --- Partner API (/api/v1/) ---------------------------------------------
# Read-only JSON for partners' systems (Django REST framework), its OpenAPI
# schema (drf-spectacular) and an IATI XML export of the initiatives.

# Requests an anonymous client may make, as DRF writes a rate: "1000/hour",
# "60/minute". Counted per client address in the cache below.
API_THROTTLE_RATE = env.str("API_THROTTLE_RATE", "1000/hour")
if not re.fullmatch(r"\d+/(s|sec|second|m|min|minute|h|hour|d|day)", API_THROTTLE_RATE):
    raise ImproperlyConfigured(
        f"API_THROTTLE_RATE must look like 1000/hour or 60/minute, not {API_THROTTLE_RATE!r}"
    )

# The throttle's counters, the forms' rate limits, cached pages, cards and
# choices. Without CACHE_URL each process keeps them alone in its own memory
# (fine for one process and for tests); with several gunicorn workers set
# CACHE_URL=redis://redis:6379/1 so they share them. The cache is an
# accelerator (toolkit/cache_backend.py): if its Redis stops, fills up or
# stalls past these timeouts, pages are drawn uncached and counters are kept
# per process; Redis is tried again CACHE_RETRY_SECONDS after a failure.
CACHE_URL = env.str("CACHE_URL", "")
CACHE_TIMEOUT_SECONDS = env.float("CACHE_TIMEOUT_SECONDS", 0.5)
CACHE_RETRY_SECONDS = env.float("CACHE_RETRY_SECONDS", 5)
CACHES = {
    "default": (
        {
            "BACKEND": "toolkit.cache_backend.ResilientRedisCache",
            "LOCATION": CACHE_URL,
            "OPTIONS": {
                "socket_connect_timeout": CACHE_TIMEOUT_SECONDS,
                "socket_timeout": CACHE_TIMEOUT_SECONDS,
                "retry_seconds": CACHE_RETRY_SECONDS,
            },
        }
        if CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# --- Performance -----------------------------------------------------------
# Public pages (home, lists, details) are cached whole for anonymous readers,
# per language and address, in the cache above (toolkit/cache.py). Any staff
# save or delete of content makes them all stale at once (a version number in
# the cache); they also expire after this many seconds, which bounds how long
# "upcoming" stays upcoming and how stale a worker's own memory can be when
# CACHE_URL is not set. 0 turns the page cache off.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", 300)

# Heavy downloads (README, "Exports"). The full initiative exports (the CSV in
# each language, the IATI file) are built by the Celery worker after content
# changes, into this directory, and served as files. The worker and the web
# server must share it. Without a broker they are streamed per request instead.
EXPORTS_DIR = Path(env.str("EXPORTS_DIR", str(BASE_DIR / "exports")))
PREBUILT_EXPORTS = env.bool("PREBUILT_EXPORTS", default=bool(CELERY_BROKER_URL))
# Seconds between a change and the build it asks for: a burst of edits makes one build.
EXPORTS_BUILD_DELAY = env.int("EXPORTS_BUILD_DELAY", 60)
# Exports (CSV, IATI) one client address may download at once, and all clients
# together (keep it below gunicorn's workers, so that pages always find one);
# over that, 429. A slot whose request died is freed after DOWNLOAD_SLOT_SECONDS.
DOWNLOADS_PER_CLIENT = env.int("DOWNLOADS_PER_CLIENT", 2)
DOWNLOADS_AT_ONCE = env.int("DOWNLOADS_AT_ONCE", 2)
DOWNLOAD_SLOT_SECONDS = env.int("DOWNLOAD_SLOT_SECONDS", 600)

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    # Public data only: no logins, so no session or CSRF in play.
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_THROTTLE_CLASSES": ["toolkit.api.throttling.AnonymousRateThrottle"],
    # Our throttle counts clients by toolkit.client_address (NUM_PROXIES
    # above); DRF's own reading of the header gets the same number, never its
    # None (which would believe the whole header).
    "NUM_PROXIES": NUM_PROXIES or 0,
    "DEFAULT_FILTER_BACKENDS": ["toolkit.api.filtering.FilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "toolkit.api.pagination.Pagination",
    "DEFAULT_SCHEMA_CLASS": "toolkit.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "toolkit.api.errors.exception_handler",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "TsAKO partner API",
    "DESCRIPTION": "",  # toolkit.api.schema.describe() writes it, translatable
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "PREPROCESSING_HOOKS": [],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "toolkit.api.schema.describe",
    ],
    "ENUM_NAME_OVERRIDES": {
        "DatePrecisionEnum": "common.dates.DatePrecision",
        "OrganisationKindEnum": "members.models.OrganisationKind",
        "RelationEnum": "members.models.Relation",
        "EventKindEnum": "events.models.EventKind",
        "EventRoleKindEnum": "events.models.EventParticipationRole",
        "EventLanguageEnum": "events.models.EventLanguage",
        "EventDateStatusEnum": "events.models.DateStatus",
        "EventAttendanceEnum": "events.models.AttendanceMode",
        "InitiativeStatusEnum": "initiatives.models.InitiativeStatus",
        "ParticipationRoleEnum": "initiatives.models.ParticipationRole",
    },
    # The docs page loads Swagger UI from our own static files, not a CDN,
    # and never asks an outside validator about the schema.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SWAGGER_UI_SETTINGS": {"validatorUrl": None, "deepLinking": True},
}

# Partners' web pages may read the API from the browser: any origin, read
# only, no cookies. The rest of the site sends no CORS headers at all.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = ["accept", "accept-language", "if-modified-since", "if-none-match"]
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Retry-After"]

# IATI export: the identifier and type of the reporting organisation (the
# alliance). Register an identifier (https://org-id.guide) and set it here;
# the default only keeps the file well-formed.
IATI_REPORTING_ORG_REF = env.str("IATI_REPORTING_ORG_REF", "TSAKO")
# IATI OrganisationType: 23 is "Regional NGO".
IATI_REPORTING_ORG_TYPE = env.str("IATI_REPORTING_ORG_TYPE", "23")
# The DAC 5-digit sector of an initiative none of whose themes has one (staff map
# themes to sectors in the admin): 99810 is "Sectors not specified".
IATI_DEFAULT_SECTOR = env.str("IATI_DEFAULT_SECTOR", "99810")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", "INFO")},
    # The compare view logs at INFO, on every page, that registrations and applications
    # have no history: they are personal data, never versioned by design.
    "loggers": {"reversion_compare": {"level": "WARNING"}},
}

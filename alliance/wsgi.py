"""The WSGI application for gunicorn; it freezes what start-up loaded (see below)."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alliance.settings")

application = get_wsgi_application()

# Everything loaded so far (modules, settings, URL patterns) lives as long as
# the process: take it out of the garbage collector's sight. Otherwise every
# full collection walks it, and a request that triggers one pays for it
# (README, Performance: garbage collection).
gc.freeze()

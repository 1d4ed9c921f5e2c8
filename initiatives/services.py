"""The full exports built ahead: the CSV in each language and the IATI file, served as files.

A whole export reads every initiative (about 20 s and 26 MB for the CSV at
50,000 initiatives); built per request, a few downloads held every worker.
With settings.PREBUILT_EXPORTS on (the default when Celery has a broker):

- a change to what the exports show (an initiative, its participations,
  countries, regions and themes, an organisation, a country, a region, a
  theme or its IATI sector, the alliance's profile) asks for a build once the
  transaction commits. The build runs in the Celery worker
  settings.EXPORTS_BUILD_DELAY seconds later, so a burst of edits makes one
  build: while one is pending, further changes queue none.
- the build writes each file into settings.EXPORTS_DIR (toolkit.downloads:
  temporary file, then renamed), and the unfiltered export URLs serve the
  latest file. Until the first file exists they stream, and ask for a build.
- beat rebuilds them every night (initiatives/schedule.py): statuses follow
  the date, and bulk changes (generate_demo_data, a migration) send no signal.

Without a broker (development) builds would run in the request that saved,
making every staff edit wait for all four files: PREBUILT_EXPORTS is off then,
and every export streams as it did. `manage.py build_exports` builds them now.
"""

import logging

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from common.models import AllianceProfile, Country, Region, Theme
from members.models import Organisation
from toolkit.background import enqueue_on_commit
from toolkit.downloads import PublishedFile
from toolkit.publication import publication_changed

from . import iati
from .exports import csv_lines
from .filters import InitiativeFilter
from .models import CountryShare, Initiative, Participation, RegionShare, ThemeSector

logger = logging.getLogger(__name__)

BUILD_TASK = "initiatives.tasks.build_exports"
# Set while a build is queued and not yet started; it expires on its own
# (after the delay and this grace) should the task be lost.
PENDING_KEY = "initiatives:exports-build-pending"
PENDING_GRACE = 300

# What the exports show: a change to any of these asks for a build.
SHOWN_IN_EXPORTS = [
    Initiative,
    Participation,
    CountryShare,
    RegionShare,
    Initiative.themes.through,
    Organisation,
    Country,
    Region,
    Region.countries.through,
    Theme,
    ThemeSector,
    AllianceProfile,
]


def published_csv(language):
    return PublishedFile(settings.EXPORTS_DIR, f"initiatives-{language}.csv")


def published_iati():
    return PublishedFile(settings.EXPORTS_DIR, "initiatives.xml")


def absolute(path):
    """A full URL without a request: the site's address (the CSV's links use it too)."""
    return settings.SITE_URL + path


def build_csv(language):
    lines = csv_lines(InitiativeFilter(None).qs, language)
    return published_csv(language).publish(b"", (line.encode() for line in lines))


def build_iati():
    initiatives = InitiativeFilter(None, queryset=iati.reportable(Initiative.objects.all()))
    pieces = iati.document(
        initiatives.qs, iati.reporter(absolute), absolute, generated_at=timezone.now()
    )
    # The head holds the generation time: left out of the ETag (toolkit.downloads).
    head = next(pieces)
    return published_iati().publish(head, pieces)


def build_exports():
    """Build every full export now: the CSV in each language, then the IATI file."""
    # Changes from now on are not in this build: they queue the next one.
    cache.delete(PENDING_KEY)
    for language, _name in settings.LANGUAGES:
        build_csv(language)
    build_iati()
    logger.info("Built the full initiative exports in %s.", settings.EXPORTS_DIR)


def request_build():
    """Queue a build once the transaction commits, unless one is already pending."""
    if not settings.PREBUILT_EXPORTS:
        return
    delay = settings.EXPORTS_BUILD_DELAY
    if cache.add(PENDING_KEY, True, timeout=delay + PENDING_GRACE):
        enqueue_on_commit(BUILD_TASK, countdown=delay)


def content_changed(sender, **kwargs):
    request_build()


def links_changed(sender, action, **kwargs):
    if action.startswith("post_"):
        request_build()


def publication_flipped(sender, **kwargs):
    # Published or made drafts in bulk (no save()): an initiative joins or leaves the
    # exports, an organisation is named in them or no longer.
    if sender in SHOWN_IN_EXPORTS:
        request_build()


def connect_signals():
    publication_changed.connect(publication_flipped, dispatch_uid="initiatives-exports-publication")
    for model in SHOWN_IN_EXPORTS:
        uid = f"initiatives-exports-{model._meta.label_lower}"
        if model._meta.auto_created:
            m2m_changed.connect(links_changed, sender=model, dispatch_uid=uid)
        else:
            post_save.connect(content_changed, sender=model, dispatch_uid=f"{uid}-save")
            post_delete.connect(content_changed, sender=model, dispatch_uid=f"{uid}-delete")

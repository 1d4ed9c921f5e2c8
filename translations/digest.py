"""The weekly digest to each language's translators: what became missing or outdated since.

Sent by Celery beat (translations.schedule) through translations.tasks. Each
language's translators (members of "Translators (kk)" with an e-mail address)
get one e-mail, in that language, listing what became missing or outdated in
it since their last digest; nothing is sent when nothing is new.
"""

import logging

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.urls import reverse
from django.utils import timezone, translation

from toolkit.mail import absolute_url, compose

from .admin import STATE_LABELS, TRANSLATOR_GROUP, prefetch_parents, record_link
from .models import DigestSent, Status, TranslationState
from .registry import LANGUAGES

logger = logging.getLogger(__name__)

# The e-mail lists this many texts; the dashboard has them all.
LISTED = 50


def translator_emails(language):
    users = get_user_model().objects.filter(
        groups__name=TRANSLATOR_GROUP.format(language=language), is_active=True, is_staff=True
    )
    return sorted({email for email in users.values_list("email", flat=True) if email})


def send_digests(now=None):
    """One digest per language with something new and someone to tell; returns the languages."""
    return [code for code in LANGUAGES if send_digest(code, now=now)]


def send_digest(language, now=None):
    now = now or timezone.now()
    recipients = translator_emails(language)
    if not recipients:
        return False  # kept for when someone joins the group: the next digest covers it
    with transaction.atomic():
        last = (
            DigestSent.objects.select_for_update()
            .filter(language=language)
            .order_by("-sent_at")
            .first()
        )
        new = TranslationState.objects.pending().filter(language=language, changed_at__lte=now)
        if last is not None:
            new = new.filter(changed_at__gt=last.sent_at)
        count = new.count()
        if not count:
            return False
        rows = list(new.select_related("content_type").order_by("-changed_at", "pk")[:LISTED])
        prefetch_related_objects(rows, "record")
        prefetch_parents([row.record for row in rows if row.record is not None])
        with translation.override(language):
            items = [describe(row) for row in rows if row.record is not None]
            dashboard = absolute_url(reverse("admin:translations_dashboard", args=[language]))
        compose(
            "translations/email/digest",
            {
                "count": count,
                "items": items,
                "more": max(count - len(items), 0),
                "missing": new.filter(status=Status.MISSING).count(),
                "outdated": new.filter(status=Status.OUTDATED).count(),
                "dashboard": dashboard,
            },
            to=recipients,
            language=language,
        ).send()
        DigestSent.objects.create(language=language, sent_at=now, items=count)
    logger.info(
        "Translation digest (%s): %s texts to %s translators.", language, count, len(recipients)
    )
    return True


def describe(row):
    label, url = record_link(row.record)
    return {
        "record": label,
        "field": row.record._meta.get_field(row.field).verbose_name,
        "state": STATE_LABELS[row.status],
        "url": absolute_url(url) if url else "",
    }

"""Alert subscriptions: asked for, confirmed, told weekly, ended; the writes that send e-mail.

Nothing but the confirmation is sent to an address until its owner follows
the signed link in it (double opt-in). Every e-mail carries the one-click
unsubscribe link, in its text and in the List-Unsubscribe headers (RFC 8058).
"""

import datetime
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone, translation

from toolkit.background import ask_again, enqueue_on_commit, queue, send_once
from toolkit.mail import absolute_url, compose
from toolkit.tokens import record_for_token, record_token

from .models import Subscription
from .topics import LISTINGS

logger = logging.getLogger(__name__)

CONFIRM_SALT = "alerts.subscription.confirm"
UNSUBSCRIBE_SALT = "alerts.subscription.unsubscribe"

# A digest lists at most this many records, and says how many more there are.
DIGEST_LIMIT = 20
# A record saved a moment before a digest is read may not be committed yet: it
# waits for the next digest rather than be missed.
DIGEST_MARGIN = datetime.timedelta(minutes=10)


def subscribe(topic, query, *, email, language):
    """Ask for an alert: the address is sent a link to confirm it.

    An address already subscribed to the same filter is answered like a new
    one (the page cannot tell who subscribed); its owner is e-mailed instead:
    the confirmation again while unconfirmed, else "already subscribed" with
    the unsubscribe link, at most once an hour (toolkit.background.ask_again).
    The language sent again is not stored.
    """
    existing = Subscription.objects.filter(email__iexact=email, topic=topic, query=query)
    if not existing.exists():
        try:
            with transaction.atomic():
                subscription = Subscription.objects.create(
                    email=email, topic=topic, query=query, language=language
                )
                enqueue_on_commit("alerts.tasks.send_confirmation", subscription.pk)
            return
        except IntegrityError:
            pass  # the same address and filter at the same moment: answered as a known one
    tell_again(existing.first())


def tell_again(subscription):
    if subscription is None:
        return
    if subscription.confirmed_at is None:
        # A confirmation still unsent is the answer already on its way.
        ask_again(
            Subscription.objects.unconfirmed().filter(confirmation_sent_at__isnull=False),
            subscription.pk,
            asked_at="asked_again_at",
            sent_at="confirmation_sent_at",
            task_name="alerts.tasks.send_confirmation",
        )
    else:
        ask_again(
            Subscription.objects.confirmed(),
            subscription.pk,
            asked_at="asked_again_at",
            sent_at="already_subscribed_sent_at",
            task_name="alerts.tasks.send_already_subscribed",
        )


def confirm(subscription):
    """Start the alert: what is added from now on is told. False if it was already confirmed."""
    now = timezone.now()
    confirmed = Subscription.objects.unconfirmed().filter(pk=subscription.pk)
    return bool(confirmed.update(confirmed_at=now, covered_until=now))


def unsubscribe(subscription):
    """End the alert: the subscription and its address are deleted."""
    Subscription.objects.filter(pk=subscription.pk).delete()


# --- Signed links --------------------------------------------------------------


def confirmation_for_token(token):
    """The subscription a confirmation link is for; raises BadLink or LinkExpired."""
    max_age = datetime.timedelta(days=settings.ALERT_CONFIRMATION_DAYS)
    return record_for_token(Subscription.objects, token, salt=CONFIRM_SALT, max_age=max_age)


def subscription_for_unsubscribe_token(token):
    """The subscription an unsubscribe link is for (None: gone already); raises BadLink."""
    return record_for_token(Subscription.objects, token, salt=UNSUBSCRIBE_SALT)


def link(subscription, name, salt):
    with translation.override(subscription.language):
        token = record_token(subscription, salt=salt)
        return absolute_url(reverse(name, kwargs={"token": token}))


def with_query(url, query):
    return f"{url}?{query}" if query else url


# --- E-mail (called by alerts.tasks) ------------------------------------------------


def message(subscription, template, **context):
    """An alert's e-mail in its language, with the one-click unsubscribe (RFC 8058)."""
    listing = LISTINGS[subscription.topic]
    unsubscribe_url = link(subscription, "alerts:unsubscribe", UNSUBSCRIBE_SALT)
    with translation.override(subscription.language):
        filterset = listing.filterset(QueryDict(subscription.query))
        context = {
            "subscription": subscription,
            "filters": filterset.described(),
            "list_url": absolute_url(
                with_query(reverse(listing.list_url_name), subscription.query)
            ),
            "unsubscribe_url": unsubscribe_url,
            "site_url": settings.SITE_URL,
            **context,
        }
    return compose(
        f"alerts/email/{template}",
        context,
        to=[subscription.email],
        language=subscription.language,
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def send_confirmation(subscription_id):
    """'Confirm your alert': the signed link, valid settings.ALERT_CONFIRMATION_DAYS."""

    def compose_confirmation(subscription):
        return message(
            subscription,
            "confirm",
            confirm_url=link(subscription, "alerts:confirm", CONFIRM_SALT),
            days=settings.ALERT_CONFIRMATION_DAYS,
        )

    return send_once(
        Subscription.objects.unconfirmed(),
        subscription_id,
        "confirmation_sent_at",
        compose_confirmation,
    )


def send_already_subscribed(subscription_id):
    """'This address already has this alert': after the form was sent again with it."""

    def compose_notice(subscription):
        if subscription.asked_again_at is None:
            return None
        return message(subscription, "already_subscribed")

    return send_once(
        Subscription.objects.confirmed(),
        subscription_id,
        "already_subscribed_sent_at",
        compose_notice,
    )


def send_digest(subscription_id, now=None):
    """The week's digest: what was added to the filtered list since the last one.

    Nothing is sent when nothing was added; either way the next digest starts
    from here. The row is locked while it is sent, so a task run twice sends
    once. Returns whether a digest was sent.
    """
    until = (now or timezone.now()) - DIGEST_MARGIN
    with transaction.atomic():
        due = Subscription.objects.digest_due(now).select_for_update()
        subscription = due.filter(pk=subscription_id).first()
        if subscription is None:
            return False
        listing = LISTINGS[subscription.topic]
        with translation.override(subscription.language):
            filterset = listing.filterset(QueryDict(subscription.query))
            if filterset.is_valid():
                added = listing.new_records(
                    filterset, since=subscription.covered_until, until=until
                )
                records = list(added[:DIGEST_LIMIT])
                count = len(records) if len(records) < DIGEST_LIMIT else added.count()
            else:
                # A theme or organisation deleted since: the filter matches nothing.
                logger.warning("Alert %s: its filters are no longer valid.", subscription.pk)
                records, count = [], 0
        if records:
            message(
                subscription,
                "digest",
                records=records,
                more=count - len(records),
                count=count,
            ).send()
            subscription.digest_sent_at = timezone.now()
        subscription.covered_until = until
        subscription.save(update_fields=["covered_until", "digest_sent_at"])
    return bool(records)


def queue_due_digests(now=None):
    """Queue the digest of every subscription whose week is over; how many."""
    due = Subscription.objects.digest_due(now).values_list("pk", flat=True)
    queued = 0
    for pk in due.order_by("pk").iterator():
        queue("alerts.tasks.send_digest", pk)
        queued += 1
    return queued


def send_unsent_mail():
    """Queue again the confirmations and notices an outage left unsent; how many."""
    older_than = timezone.now() - datetime.timedelta(minutes=settings.MAIL_SWEEP_MINUTES)
    unsent = [
        (
            Subscription.objects.unconfirmed().filter(
                confirmation_sent_at__isnull=True, created_at__lt=older_than
            ),
            "alerts.tasks.send_confirmation",
        ),
        (
            Subscription.objects.already_subscribed_due().filter(asked_again_at__lt=older_than),
            "alerts.tasks.send_already_subscribed",
        ),
    ]
    queued = 0
    for due, task in unsent:
        for pk in due.values_list("pk", flat=True):
            queue(task, pk)
            queued += 1
    return queued


def delete_expired():
    """Delete the subscriptions never confirmed within settings.ALERT_CONFIRMATION_DAYS."""
    deleted, _by_model = Subscription.objects.expired().delete()
    if deleted:
        logger.info("Deleted %d alert subscriptions never confirmed.", deleted)
    return deleted

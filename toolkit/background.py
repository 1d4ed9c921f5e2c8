"""Background work: tasks queued once a transaction commits, e-mail sent exactly once per record.

A request stores its record first and queues the task that e-mails about it
after the commit. The record carries a "sent at" column for each of its
e-mails, so:

- a broker that is down loses nothing: the request still succeeds, the record
  is stored unsent, and the periodic sweep (settings.CELERY_BEAT_SCHEDULE)
  queues it again once the broker is back;
- a mail server that is down loses nothing: the task retries with backoff, and
  after its last retry the sweep picks the record up;
- a task that runs twice (a retry, the sweep, a redelivery after a worker
  died) sends nothing twice: the row is locked while its message is sent.

A public form answers a known address exactly as a new one (nobody learns
who registered or applied); its owner is told by e-mail instead
(`ask_again`), at most once per REPEAT_NOTICE_INTERVAL.
"""

import datetime
import logging
from smtplib import SMTPException

from celery import current_app
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)

# Options of every task that sends e-mail. A mail server that refuses or cannot
# be reached (SMTPException and socket errors are OSErrors) is retried after
# about 1, 2, 4 ... minutes, at most an hour apart, 8 times (about 4 hours in
# all); what is still unsent after that is the sweep's.
MAIL_TASK_OPTIONS = {
    "autoretry_for": (SMTPException, OSError),
    "retry_backoff": 60,
    "retry_backoff_max": 3600,
    "retry_jitter": True,
    "max_retries": 8,
}


def queue(task_name, *args, countdown=None):
    """Queue the task registered as `task_name` now (to run `countdown` seconds from now).

    By name, so that a workflow's services never import its tasks module (the
    tasks call the services, never the reverse). Each app imports its tasks in
    its AppConfig.ready(), so the name is known in every process.
    """
    current_app.tasks[task_name].apply_async(args, countdown=countdown)


def enqueue_on_commit(task_name, *args, countdown=None):
    """Queue the task `task_name` with `args` once the current transaction commits.

    A broker that cannot be reached is logged, not raised: the record is
    stored and the sweep will queue its e-mail again. Any other failure of the
    callback (in-process tasks whose mail server is down) is logged too
    (robust=True): the visitor's request has already succeeded.
    """

    def publish():
        try:
            queue(task_name, *args, countdown=countdown)
        except OperationalError:
            logger.warning(
                "Broker unreachable: %s%r was not queued; the sweep will send it.", task_name, args
            )

    transaction.on_commit(publish, robust=True)


def send_once(queryset, pk, marker, compose):
    """Send the message `compose(record)` makes, unless the record's `marker` says it was sent.

    The row is locked while the message is sent, so two runs of the same task
    cannot both send it, and `marker` is set in the same transaction: a send
    that fails leaves it empty for the next try. `compose` returns None when
    there is nothing to send (a cancelled registration, say), and the marker
    then stays empty. A crash after the mail server accepted the message but
    before the commit would send it again on the next try: at least once,
    never lost. Returns whether a message was sent.
    """
    with transaction.atomic():
        record = queryset.select_for_update(of=("self",)).filter(pk=pk).first()
        if record is None or getattr(record, marker) is not None:
            return False
        message = compose(record)
        if message is None:
            return False
        message.send()
        setattr(record, marker, timezone.now())
        record.save(update_fields=[marker])
    return True


# However often a known address is sent through a form again, its owner gets
# at most one e-mail about it in this time (the form's rate limit counts per
# sender, not per recipient).
REPEAT_NOTICE_INTERVAL = datetime.timedelta(hours=1)


def ask_again(queryset, pk, *, asked_at, sent_at, task_name):
    """Record that the form was sent again for record `pk`; queue the e-mail that tells its owner.

    `asked_at` is when that happened, `sent_at` the "sent at" column of the
    e-mail about it: asking again empties it, so send_once sends anew. Nothing
    is queued while an earlier notice is still unsent (one is on its way) or
    was sent less than REPEAT_NOTICE_INTERVAL ago, nor for a record that
    `queryset` leaves out (say, one whose first e-mail has not gone yet, which
    already answers). One conditional UPDATE, so two requests at the same
    moment queue one notice. Returns whether one was queued.
    """
    now = timezone.now()
    due = Q(**{f"{asked_at}__isnull": True}) | Q(**{f"{sent_at}__lt": now - REPEAT_NOTICE_INTERVAL})
    marked = queryset.filter(due, pk=pk).update(**{asked_at: now, sent_at: None})
    if marked:
        enqueue_on_commit(task_name, pk)
    return bool(marked)

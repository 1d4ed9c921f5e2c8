"""Event registration: places, the waiting list, cancellation; the writes that send e-mail.

Places are given out with the event's row locked (SELECT ... FOR UPDATE), so
two people taking the last place at the same moment cannot both get it: the
second waits for the first to commit, then counts again. (SQLite has no row
locks; it runs one write transaction at a time. Production runs PostgreSQL.)
"""

import datetime
import logging

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare

from events.calendars import build_calendar, event_datetimes, venue_zone
from events.models import Event, RegistrationWindow
from toolkit.background import ask_again, enqueue_on_commit, queue, send_once
from toolkit.mail import absolute_url, compose

from .models import Registration, RegistrationStatus, new_cancel_secret

logger = logging.getLogger(__name__)

CANCEL_SALT = "events.registration.cancel"


class RegistrationClosed(Exception):
    def __init__(self, state):
        super().__init__(state)
        self.state = state


class AlreadyRegistered(Exception):
    def __init__(self, registration):
        super().__init__(registration.pk)
        self.registration = registration


def register(event, *, name, email, organisation="", language):
    """Register a person: a place if one is left, else the waiting list.

    Raises RegistrationClosed (with the reason) or AlreadyRegistered (the same
    address, in any case, is registered or waiting). A cancelled registration
    of the same address is taken up again.

    The page must answer AlreadyRegistered as it answers a new registration,
    so that nobody learns who registered: the address's owner is e-mailed
    instead, with their current status and cancel link (send_already_registered).
    The name, organisation and language sent again are not stored: whoever
    knows an address cannot change that person's registration.
    """
    try:
        return add_registration(
            event, name=name, email=email, organisation=organisation, language=language
        )
    except AlreadyRegistered as already:
        ask_again(
            # A confirmation still unsent is the answer already on its way.
            Registration.objects.active().filter(confirmation_sent_at__isnull=False),
            already.registration.pk,
            asked_at="asked_again_at",
            sent_at="already_registered_sent_at",
            task_name="registrations.tasks.send_already_registered",
        )
        raise


def add_registration(event, *, name, email, organisation, language):
    try:
        with transaction.atomic():
            event = Event.objects.select_for_update().get(pk=event.pk)
            state = event.registration_state()
            if state != RegistrationWindow.OPEN:
                raise RegistrationClosed(state)
            registration = event.registrations.filter(email__iexact=email).first()
            if registration and registration.status != RegistrationStatus.CANCELLED:
                raise AlreadyRegistered(registration)
            if registration is None:
                registration = Registration(event=event)
            else:
                # Taken up again after cancelling: the old links must not cancel it.
                registration.cancel_secret = new_cancel_secret()
            registration.name = name
            registration.email = email
            registration.organisation = organisation
            registration.language = language
            registration.status = (
                RegistrationStatus.CONFIRMED if has_place(event) else RegistrationStatus.WAITING
            )
            registration.created_at = timezone.now()
            registration.promoted_at = registration.cancelled_at = None
            registration.confirmation_sent_at = registration.promotion_sent_at = None
            registration.reminder_sent_at = None
            registration.asked_again_at = registration.already_registered_sent_at = None
            registration.save()
            enqueue_on_commit("registrations.tasks.send_confirmation", registration.pk)
    except IntegrityError:
        # The same address registered by another request at the same moment.
        raise AlreadyRegistered(
            Registration.objects.get(event=event, email__iexact=email)
        ) from None
    return registration


def has_place(event):
    return event.capacity is None or event.registrations.confirmed().count() < event.capacity


def cancel(registration, *, by=None, message=""):
    """Cancel a registration and give its place to the next on the waiting list.

    Staff cancelling (`by`) have the person told, with their `message`; a
    person cancelling by their own link is not written to. Returns False if it
    was already cancelled.
    """
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=registration.event_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == RegistrationStatus.CANCELLED:
            return False
        registration.status = RegistrationStatus.CANCELLED
        registration.cancelled_at = timezone.now()
        registration.cancelled_by = by
        registration.cancellation_message = message.strip()
        registration.save(
            update_fields=["status", "cancelled_at", "cancelled_by", "cancellation_message"]
        )
        if by is not None:
            enqueue_on_commit("registrations.tasks.send_cancellation", registration.pk)
        fill_places(event)
    return True


class CannotReinstate(Exception):
    """Not cancelled, or its event is over."""


def reinstate(registration):
    """Undo a cancellation: a place if one is free, else the waiting list in its old turn.

    The person gets the e-mail a new registration gets (a place with the
    calendar file, or the waiting list). Returns the new status.
    """
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=registration.event_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status != RegistrationStatus.CANCELLED or event.is_over:
            raise CannotReinstate
        registration.status = (
            RegistrationStatus.CONFIRMED if has_place(event) else RegistrationStatus.WAITING
        )
        registration.cancelled_at = registration.cancelled_by = None
        registration.cancellation_message = ""
        registration.cancellation_sent_at = registration.confirmation_sent_at = None
        registration.promoted_at = registration.promotion_sent_at = None
        registration.save()
        enqueue_on_commit("registrations.tasks.send_confirmation", registration.pk)
    return registration.status


def fill_places(event):
    """Give free places to the waiting list in order and tell them; the promoted registrations.

    Called with the event's row locked (cancel), or locks it itself (after
    staff raise the capacity). Nobody is promoted once the event is over.
    """
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        if event.is_over:
            return []
        waiting = event.registrations.waiting()
        if event.capacity is not None:
            free = event.capacity - event.registrations.confirmed().count()
            waiting = waiting[: max(free, 0)]
        promoted = list(waiting)
        now = timezone.now()
        for registration in promoted:
            registration.status = RegistrationStatus.CONFIRMED
            registration.promoted_at = now
            registration.save(update_fields=["status", "promoted_at"])
            enqueue_on_commit("registrations.tasks.send_promotion", registration.pk)
    return promoted


# --- Signed cancellation links ---------------------------------------------


def cancel_token(registration):
    """The token of a registration's cancel link: its id and its secret, signed."""
    return signing.dumps([registration.pk, registration.cancel_secret], salt=CANCEL_SALT)


def registration_for_token(event, token):
    """The registration a cancellation link is for, or None if the link is not (or no longer) its.

    The link carries the registration's secret, compared in constant time; a
    registration taken up again after cancelling has a new one, so a link
    from before does not cancel it. Links e-mailed before secrets existed carry
    the id alone: they still work for the registration they were sent about,
    not for one made anew after they were signed (the same second counts as
    before). They end with their events, and this branch with them.
    """
    try:
        payload = signing.loads(token, salt=CANCEL_SALT)
    except signing.BadSignature:
        return None
    if isinstance(payload, list) and len(payload) == 2:
        pk, secret = payload
    elif isinstance(payload, int):
        pk, secret = payload, None
    else:
        return None
    if not isinstance(pk, int) or isinstance(pk, bool):
        return None
    registration = Registration.objects.filter(event=event, pk=pk).first()
    if registration is None:
        return None
    if secret is None:
        signed_at = signing.b62_decode(token.rsplit(":", 2)[1])
        return registration if signed_at >= int(registration.created_at.timestamp()) else None
    if isinstance(secret, str) and constant_time_compare(secret, registration.cancel_secret):
        return registration
    return None


def cancel_url(registration):
    with translation.override(registration.language):
        return absolute_url(
            reverse(
                "registrations:cancel",
                kwargs={"slug": registration.event.slug, "token": cancel_token(registration)},
            )
        )


# --- Times -----------------------------------------------------------------


def starts_at(event):
    """When the event starts, aware: its start time in the venue's zone, else its first day's start.

    A day without a time starts at midnight in the venue's zone, or the
    portal's when the venue's is unknown. None for an undated event.
    """
    times = event_datetimes(event)
    if times:
        return times[0]
    if event.start_date is None:
        return None
    zone = venue_zone(event) or timezone.get_default_timezone()
    return datetime.datetime.combine(event.start_date, datetime.time(), tzinfo=zone)


# --- E-mail (called by registrations.tasks) ---------------------------------------


def context_for(registration):
    event = registration.event
    with translation.override(registration.language):
        event_url = absolute_url(event.get_absolute_url())
    return {
        "registration": registration,
        "event": event,
        "event_url": event_url,
        "cancel_url": cancel_url(registration),
        "starts_at": starts_at(event),
    }


def calendar_attachment(registration):
    event = registration.event
    if not event.in_calendars:  # undated, or known only to the month or year
        return []
    with translation.override(registration.language):
        content = build_calendar([event], name=event.title)
    return [(f"{event.slug}.ics", content, "text/calendar")]


def registrations():
    return Registration.objects.select_related("event", "event__country")


def send_confirmation(registration_id):
    """'You are registered', with the event's iCalendar file, or 'you are on the waiting list'."""

    def message(registration):
        if registration.status == RegistrationStatus.CONFIRMED:
            return compose(
                "registrations/email/registration_confirmed",
                context_for(registration),
                to=[registration.email],
                language=registration.language,
                attachments=calendar_attachment(registration),
            )
        if registration.status == RegistrationStatus.WAITING:
            return compose(
                "registrations/email/registration_waiting",
                context_for(registration),
                to=[registration.email],
                language=registration.language,
            )
        return None  # cancelled before we wrote

    return send_once(registrations(), registration_id, "confirmation_sent_at", message)


def send_already_registered(registration_id):
    """'This address was already registered': after the form was sent again with it.

    Their status now (a place, or the waiting list) and the cancel link, in
    the language of their registration. Not sent once cancelled.
    """

    def message(registration):
        if registration.asked_again_at is None:
            return None
        if registration.status == RegistrationStatus.CANCELLED:
            return None
        confirmed = registration.status == RegistrationStatus.CONFIRMED
        return compose(
            "registrations/email/already_registered",
            context_for(registration),
            to=[registration.email],
            language=registration.language,
            attachments=calendar_attachment(registration) if confirmed else (),
        )

    return send_once(registrations(), registration_id, "already_registered_sent_at", message)


def send_promotion(registration_id):
    """'A place has become free, and it is yours', to someone told earlier they were waiting."""

    def message(registration):
        if not Registration.objects.promotion_due().filter(pk=registration.pk).exists():
            # Cancelled since, or the confirmation went out after the promotion
            # and already said they have a place.
            return None
        return compose(
            "registrations/email/registration_promoted",
            context_for(registration),
            to=[registration.email],
            language=registration.language,
            attachments=calendar_attachment(registration),
        )

    return send_once(registrations(), registration_id, "promotion_sent_at", message)


def send_cancellation(registration_id):
    """'Your registration is cancelled', when staff cancelled it, with their message."""

    def message(registration):
        if not Registration.objects.cancellation_due().filter(pk=registration.pk).exists():
            return None  # reinstated since
        return compose(
            "registrations/email/registration_cancelled",
            context_for(registration),
            to=[registration.email],
            language=registration.language,
        )

    return send_once(registrations(), registration_id, "cancellation_sent_at", message)


def send_reminder(registration_id):
    def message(registration):
        start = starts_at(registration.event)
        if registration.status != RegistrationStatus.CONFIRMED or not start:
            return None
        if start <= timezone.now():
            return None
        return compose(
            "registrations/email/registration_reminder",
            context_for(registration),
            to=[registration.email],
            language=registration.language,
            attachments=calendar_attachment(registration),
        )

    return send_once(registrations(), registration_id, "reminder_sent_at", message)


def due_reminders(now=None):
    """Confirmed registrations not yet reminded whose event starts within the reminder window."""
    now = now or timezone.now()
    horizon = now + datetime.timedelta(hours=settings.EVENT_REMINDER_HOURS)
    # Dates narrow it in the database; each start is then placed in its own zone.
    candidates = (
        Registration.objects.confirmed()
        .filter(
            reminder_sent_at__isnull=True,
            event__start_date__gte=now.date() - datetime.timedelta(days=1),
            event__start_date__lte=horizon.date() + datetime.timedelta(days=1),
        )
        .select_related("event")
        .order_by("pk")
    )
    return [
        registration
        for registration in candidates
        if (start := starts_at(registration.event)) and now < start <= horizon
    ]


def queue_due_reminders():
    due = due_reminders()
    for registration in due:
        queue("registrations.tasks.send_reminder", registration.pk)
    return len(due)


def send_unsent_mail():
    """Queue again the e-mails a broker or mail server outage left unsent; how many."""
    older_than = timezone.now() - datetime.timedelta(minutes=settings.MAIL_SWEEP_MINUTES)
    # (what is due, since when it was due, the task that sends it)
    sweeps = [
        (Registration.objects.confirmation_due(), "created_at", "send_confirmation"),
        (Registration.objects.promotion_due(), "promoted_at", "send_promotion"),
        (Registration.objects.cancellation_due(), "cancelled_at", "send_cancellation"),
        (
            Registration.objects.already_registered_due(),
            "asked_again_at",
            "send_already_registered",
        ),
    ]
    queued = 0
    for due, since, task in sweeps:
        for pk in due.filter(**{f"{since}__lt": older_than}).values_list("pk", flat=True):
            queue(f"registrations.tasks.{task}", pk)
            queued += 1
    return queued


def delete_old_registrations(today=None):
    """Delete the registrations of events over for more than the retention period; how many."""
    today = today or timezone.localdate()
    cutoff = today - datetime.timedelta(days=settings.REGISTRATION_RETENTION_DAYS)
    deleted, _by_model = Registration.objects.filter(event__end_date__lt=cutoff).delete()
    if deleted:
        logger.info("Deleted %d registrations of events over before %s.", deleted, cutoff)
    return deleted

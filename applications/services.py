"""Membership applications: stored, acknowledged, decided; the writes that send e-mail.

Accepting an application creates the member Organisation from the applicant's
text, in the language it was written in (`name_ru` for a Russian application).
English is the portal's required and last-fallback language, so an
application written in Russian or Kazakh also fills the English fields with
the same text: every page then shows the organisation (nothing blank in the
English directory), the slug and the admin's required English name are there,
and the admin's "Missing Russian/Kazakh" filter, which looks for English text
without a translation, lists the organisation until staff translate it. Staff
are told which English fields hold untranslated text (the accept messages, and
the application's page in the admin).
"""

import logging
from datetime import timedelta

import reversion
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from members.models import ContactPerson, Organisation, Relation
from toolkit import slugs
from toolkit.background import ask_again, enqueue_on_commit, queue, send_once
from toolkit.mail import absolute_url, compose

from .models import ApplicationStatus, MembershipApplication

logger = logging.getLogger(__name__)

# The application's texts that become the organisation's translated fields.
TRANSLATED_TEXTS = ("name", "city", "description", "mission")


class DuplicateApplication(Exception):
    """The same organisation, from the same person, is already waiting for a decision.

    The page answers it as it answers a new application (nobody learns who
    applied); submit() has the applicant e-mailed that we already have it.
    """


class ApplicationClosed(Exception):
    """The application was already accepted or declined."""


class ApplicationOpen(Exception):
    """The application waits for a decision: there is none to take back."""


def submit(form, language):
    """Store the application a valid form holds, then e-mail staff and the applicant.

    Raises DuplicateApplication for a double submit, whether it comes after the
    first one or at the same moment (the database's unique constraint); the
    applicant is then told by e-mail that we already have it (the text sent
    again is not stored).
    """
    application = form.save(commit=False)
    open_one = MembershipApplication.objects.open().filter(
        name__iexact=application.name, contact_email__iexact=application.contact_email
    )
    if open_one.exists():
        tell_already_received(open_one)
        raise DuplicateApplication
    application.language = language
    try:
        with transaction.atomic():
            application.save()
            form.save_m2m()
            enqueue_on_commit("applications.tasks.notify_staff", application.pk)
            enqueue_on_commit("applications.tasks.acknowledge", application.pk)
    except IntegrityError:
        tell_already_received(open_one)
        raise DuplicateApplication from None
    return application


def tell_already_received(open_one):
    """Queue 'we already have your application' for the open one the form was sent again for.

    Not while its acknowledgement is still unsent: that e-mail is the answer already on its way.
    """
    existing = open_one.filter(acknowledged_at__isnull=False).first()
    if existing is None:
        return
    ask_again(
        MembershipApplication.objects.open().filter(acknowledged_at__isnull=False),
        existing.pk,
        asked_at="asked_again_at",
        sent_at="already_received_sent_at",
        task_name="applications.tasks.send_already_received",
    )


def start_review(application):
    """Mark an application as being looked at; the applicant is not e-mailed."""
    changed = MembershipApplication.objects.filter(
        pk=application.pk, status=ApplicationStatus.RECEIVED
    ).update(status=ApplicationStatus.UNDER_REVIEW, updated_at=timezone.now())
    return bool(changed)


def accept(application, *, by=None, message="", member=None):
    """Accept an open application and e-mail the applicant; returns the member Organisation.

    Creates the organisation from the application, or, given `member` (an
    organisation that already exists, found by members.duplicates), makes that
    one the member and adds the applicant as its contact. Raises
    ApplicationClosed if it was already decided.
    """
    # The organisation's version in the content history, with who accepted it.
    with transaction.atomic(), reversion.create_revision():
        reversion.set_user(by)
        application = lock_open(application)
        if member is None:
            reversion.set_comment(gettext("Created by accepting a membership application."))
            organisation = new_member(application)
        else:
            reversion.set_comment(gettext("Made a member by accepting a membership application."))
            organisation = existing_member(application, member)
        decide(application, ApplicationStatus.ACCEPTED, by, message, organisation=organisation)
    return organisation


def new_member(application):
    organisation = Organisation(
        slug=unique_slug(application.name, fallback=f"member-{application.pk}"),
        kind=application.kind,
        relation=Relation.MEMBER,
        country=application.country,
        website=application.website,
        # Written in the applicant's language; the others are translated from it, and
        # readers of another language see it until then (their fallback).
        source_language=application.language,
    )
    for field in TRANSLATED_TEXTS:
        setattr(organisation, f"{field}_{application.language}", getattr(application, field))
    organisation.save()
    organisation.themes.set(application.themes.all())
    add_contact(organisation, application)
    return organisation


def existing_member(application, organisation):
    """The organisation staff chose keeps its own texts: it only becomes a member."""
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if organisation.relation != Relation.MEMBER:
        organisation.relation = Relation.MEMBER
        organisation.save(update_fields=["relation", "updated_at"])
    add_contact(organisation, application)
    return organisation


def add_contact(organisation, application):
    """The applicant becomes a private contact of the member (one per name)."""
    contact, created = ContactPerson.objects.get_or_create(
        organisation=organisation,
        name=application.contact_name,
        defaults={
            "email": application.contact_email,
            "phone": application.contact_phone,
            "is_public": False,
        },
    )
    if not created and not contact.email:
        contact.email = application.contact_email
        contact.save(update_fields=["email"])


def decline(application, *, by=None, message=""):
    """Decline an open application and e-mail the applicant. Raises ApplicationClosed."""
    with transaction.atomic():
        application = lock_open(application)
        decide(application, ApplicationStatus.DECLINED, by, message)
    return application


def reopen(application):
    """Take a decision back: the application is under review again. Raises ApplicationOpen.

    A member the acceptance created stays (staff change or delete it, with its
    history); the next decision sends its own e-mail.
    """
    with transaction.atomic():
        application = MembershipApplication.objects.select_for_update().get(pk=application.pk)
        if application.is_open:
            raise ApplicationOpen
        application.status = ApplicationStatus.UNDER_REVIEW
        application.decided_at = application.decided_by = application.organisation = None
        application.decision_message = ""
        application.decision_sent_at = None
        application.save()
    return application


def lock_open(application):
    application = MembershipApplication.objects.select_for_update().get(pk=application.pk)
    if not application.is_open:
        raise ApplicationClosed
    return application


def decide(application, status, by, message, organisation=None):
    application.status = status
    application.decided_at = timezone.now()
    application.decided_by = by
    application.decision_message = message.strip()
    application.organisation = organisation
    application.save()
    enqueue_on_commit("applications.tasks.send_decision", application.pk)


def english_copied_fields(application):
    """The member's English fields that still hold the applicant's Russian or Kazakh text.

    Members accepted before a record could be written in Russian or Kazakh alone
    had the application's text copied into English; new ones are not.
    """
    organisation = application.organisation
    if application.language == "en" or organisation is None:
        return []
    return [
        field
        for field in TRANSLATED_TEXTS
        if getattr(application, field)
        and getattr(organisation, f"{field}_en") == getattr(application, field)
    ]


def unique_slug(name, fallback):
    return slugs.unique_slug(Organisation, name, fallback)


# --- E-mail (called by applications.tasks) --------------------------------------


def membership_staff_emails():
    """The addresses of the active staff in the membership group, who are told of applications."""
    users = get_user_model().objects.filter(
        groups__name=settings.MEMBERSHIP_STAFF_GROUP, is_active=True, is_staff=True
    )
    return sorted({email for email in users.values_list("email", flat=True) if email})


def staff_recipients():
    """Active staff in the membership group with an address; the ADMINS if there are none."""
    return membership_staff_emails() or [email for _name, email in settings.ADMINS]


def notify_staff(application_id):
    def message(application):
        recipients = staff_recipients()
        if not recipients:
            # Left unsent: the sweep tries again, so adding staff to the group
            # is enough for them to hear of it.
            logger.warning(
                "Nobody to tell of membership application %s: add staff with an e-mail "
                "address to the %s group.",
                application.pk,
                settings.MEMBERSHIP_STAFF_GROUP,
            )
            return None
        with translation.override(settings.LANGUAGE_CODE):
            admin_path = reverse(
                "admin:applications_membershipapplication_change", args=[application.pk]
            )
        return compose(
            "applications/email/application_staff",
            {"application": application, "admin_url": absolute_url(admin_path)},
            to=recipients,
            language=settings.LANGUAGE_CODE,
        )

    return send_once(
        MembershipApplication.objects.select_related("country"),
        application_id,
        "staff_notified_at",
        message,
    )


def acknowledge(application_id):
    def message(application):
        with translation.override(application.language):
            home_url = absolute_url(reverse("home"))
        return compose(
            "applications/email/application_received",
            {"application": application, "home_url": home_url},
            to=[application.contact_email],
            language=application.language,
        )

    return send_once(MembershipApplication.objects, application_id, "acknowledged_at", message)


def send_already_received(application_id):
    """'We already have your application': after the form was sent again for an open one.

    In the language of the application; not sent once it is decided (the decision is).
    """

    def message(application):
        if application.asked_again_at is None or not application.is_open:
            return None
        with translation.override(application.language):
            home_url = absolute_url(reverse("home"))
        return compose(
            "applications/email/application_already_received",
            {"application": application, "home_url": home_url},
            to=[application.contact_email],
            language=application.language,
        )

    return send_once(
        MembershipApplication.objects, application_id, "already_received_sent_at", message
    )


def send_decision(application_id):
    def message(application):
        if application.status == ApplicationStatus.ACCEPTED:
            template = "applications/email/application_accepted"
        elif application.status == ApplicationStatus.DECLINED:
            template = "applications/email/application_declined"
        else:
            return None
        with translation.override(application.language):
            home_url = absolute_url(reverse("home"))
            organisation_url = (
                absolute_url(application.organisation.get_absolute_url())
                if application.organisation
                else ""
            )
        return compose(
            template,
            {
                "application": application,
                "organisation_url": organisation_url,
                "home_url": home_url,
            },
            to=[application.contact_email],
            language=application.language,
        )

    return send_once(
        MembershipApplication.objects.select_related("organisation"),
        application_id,
        "decision_sent_at",
        message,
    )


def send_unsent_mail():
    """Queue again the e-mails a broker or mail server outage left unsent; how many."""
    older_than = timezone.now() - timedelta(minutes=settings.MAIL_SWEEP_MINUTES)
    queued = 0
    for application in MembershipApplication.objects.unsent(older_than).order_by("pk"):
        due = {
            "applications.tasks.notify_staff": application.staff_notified_at is None,
            "applications.tasks.acknowledge": application.acknowledged_at is None,
            "applications.tasks.send_decision": (
                application.decision_sent_at is None and not application.is_open
            ),
            "applications.tasks.send_already_received": (
                application.asked_again_at is not None
                and application.already_received_sent_at is None
                and application.is_open
            ),
        }
        for task, is_due in due.items():
            if is_due:
                queue(task, application.pk)
                queued += 1
    return queued

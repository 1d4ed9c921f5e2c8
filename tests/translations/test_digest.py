"""The weekly digest: each language's translators hear what became missing or outdated."""

import datetime

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.utils import timezone

from tests.factories import InitiativeFactory, OrganisationFactory
from translations import tasks
from translations.digest import send_digest, send_digests
from translations.models import DigestSent

pytestmark = pytest.mark.django_db


def translator(language, email):
    user = User.objects.create_user(email.split("@")[0], email, "pw", is_staff=True)
    user.groups.add(Group.objects.get(name=f"Translators ({language})"))
    return user


def test_digest_tells_each_language_translators_in_their_language(mailoutbox):
    translator("kk", "aigerim@example.kz")
    translator("ru", "timur@example.kz")
    User.objects.create_user("nobody", "", "pw", is_staff=True).groups.add(
        Group.objects.get(name="Translators (kk)")
    )
    initiative = InitiativeFactory(
        title_en="Steppe", title_ru="Степь", title_kk="Дала", summary_en=""
    )
    initiative.title_en = "Northern steppe"
    initiative.save()
    OrganisationFactory(
        name_en="Green", name_ru="Зелёные", name_kk="", description_en="", mission_en=""
    )

    tasks.send_digests()  # in-process Celery: each language's task runs at once

    kazakh, russian = sorted(mailoutbox, key=lambda message: message.to[0])
    assert kazakh.to == ["aigerim@example.kz"]
    assert "Northern steppe" not in kazakh.body  # the record in the reader's language
    assert "Дала" in kazakh.body and "ескірген" in kazakh.body
    assert "Зелёные" in kazakh.body and "аудармасы жоқ" in kazakh.body
    assert "/kk/admin/translations/translationstate/dashboard/kk/" in kazakh.body
    assert kazakh.subject.startswith("ЦАКО")
    assert russian.to == ["timur@example.kz"]
    assert "Степь" in russian.body and "устарел" in russian.body


def test_digest_sends_nothing_when_nothing_is_new(mailoutbox):
    translator("kk", "aigerim@example.kz")
    OrganisationFactory(name_kk="")
    assert send_digest("kk")
    mailoutbox.clear()

    assert not send_digest("kk", now=timezone.now() + datetime.timedelta(days=7))
    assert mailoutbox == []


def test_digest_next_week_lists_only_what_is_new(mailoutbox):
    translator("kk", "aigerim@example.kz")
    OrganisationFactory(name_en="Old one", name_kk="")
    send_digest("kk")
    mailoutbox.clear()
    OrganisationFactory(name_en="New one", name_ru="Новая", name_kk="")

    assert send_digest("kk", now=timezone.now() + datetime.timedelta(days=1))

    (message,) = mailoutbox
    assert "Новая" in message.body
    assert "Old one" not in message.body
    assert DigestSent.objects.filter(language="kk").count() == 2


def test_digest_without_translators_waits_for_them(mailoutbox):
    OrganisationFactory(name_kk="")

    assert send_digests() == []
    assert not DigestSent.objects.exists()


def test_digest_is_in_the_beat_schedule():
    entry = settings.CELERY_BEAT_SCHEDULE["translation-digests"]
    assert entry["task"] == "translations.tasks.send_digests"
    assert entry["schedule"].day_of_week == {1}

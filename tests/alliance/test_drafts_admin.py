"""Drafts for staff: the list's column, filter and actions, Preview, the front page's counts."""

import datetime

import pytest
from django.contrib.auth.models import Permission, User
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from events.models import Event
from initiatives import services
from initiatives.models import Initiative
from members.models import Organisation
from tests.admin_actions import messages_of, run_action
from tests.admin_helpers import admin_url, submitted_form, url_in
from tests.factories import EventFactory, InitiativeFactory, OrganisationFactory
from tests.import_helpers import confirm, csv_file, exported, preview
from toolkit.cache import content_version

pytestmark = pytest.mark.django_db

LATER = timezone.now() + datetime.timedelta(days=40)


def staff(client, *permissions):
    user = User.objects.create_user("dana", "dana@example.kz", "pw", is_staff=True)
    for codename in permissions:
        user.user_permissions.add(Permission.objects.get(codename=codename))
    client.force_login(user)
    return user


# --- The list ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "published", "draft", "scheduled"),
    [
        ("ru", "Опубликовано", "Черновик", "Запланировано на"),
        ("kk", "Жарияланған", "Жоба", "Жариялау уақыты:"),
    ],
)
def test_changelist_shows_each_records_state(admin_client, language, published, draft, scheduled):
    EventFactory(title_en="Public one")
    EventFactory(title_en="Plain draft", is_published=False)
    EventFactory(title_en="Next summit", is_published=False, publish_at=LATER)

    page = admin_client.get(admin_url(Event, "changelist", language)).content.decode()

    assert published in page
    assert draft in page
    assert scheduled in page
    assert 'href="?publication=draft"' in page  # the filter


@pytest.mark.parametrize(
    ("choice", "expected"),
    [("draft", {"Plain draft", "Next summit"}), ("scheduled", {"Next summit"}),
     ("published", {"Public one"})],
)  # fmt: skip
def test_changelist_filters_by_publication(admin_client, choice, expected):
    InitiativeFactory(title_en="Public one")
    InitiativeFactory(title_en="Plain draft", is_published=False)
    InitiativeFactory(title_en="Next summit", is_published=False, publish_at=LATER)

    changelist = admin_url(Initiative, "changelist", "en")
    response = admin_client.get(f"{changelist}?publication={choice}")

    assert {str(record) for record in response.context["cl"].result_list} == expected


# --- Bulk actions ---------------------------------------------------------------------------


def test_publish_now_asks_first_then_publishes_in_russian_admin(admin_client, settings):
    settings.PREBUILT_EXPORTS = True
    drafts = [InitiativeFactory(is_published=False, publish_at=LATER) for _ in range(2)]
    public = InitiativeFactory()

    page = run_action(admin_client, Initiative, "publish_now", [*drafts, public], language="ru")
    assert 'name="confirmed"' in page.text
    assert Initiative.objects.drafts().count() == 2
    version = content_version()

    run_action(
        admin_client, Initiative, "publish_now", [*drafts, public], language="ru", confirmed="yes"
    )

    assert not Initiative.objects.drafts().exists()
    assert "Изменены 2 записи." in messages_of(admin_client, Initiative, "ru")
    assert Version.objects.get_for_model(Initiative).count() == 2  # one each, the drafts only
    assert content_version() != version
    # The full exports are built again: an initiative joined them.
    assert cache.get(services.PENDING_KEY)
    assert admin_client.get(drafts[0].get_absolute_url()).status_code == 200


def test_make_draft_takes_records_off_at_once(client, admin_client):
    organisation = OrganisationFactory(slug="steppe", publish_at=timezone.now())
    assert client.get("/en/members/steppe/").status_code == 200

    run_action(admin_client, Organisation, "make_draft", [organisation], language="kk")
    assert Organisation.objects.get().is_published
    run_action(admin_client, Organisation, "make_draft", [organisation], confirmed="yes")

    organisation.refresh_from_db()
    assert not organisation.is_published
    assert organisation.publish_at is None  # not published again by the task
    assert client.get("/en/members/steppe/").status_code == 404
    (version,) = Version.objects.get_for_object(organisation)
    assert version.revision.comment == "Make draft"


def test_staff_who_may_only_view_get_no_publication_action(client):
    staff(client, "view_event")
    EventFactory()

    page = client.get(admin_url(Event, "changelist", "en")).content.decode()

    assert "publish_now" not in page
    assert "make_draft" not in page


# --- The form and Preview -------------------------------------------------------------------


def test_change_form_has_publication_first_and_preview_for_a_draft(admin_client):
    draft = EventFactory(slug="next-summit", is_published=False)
    public = EventFactory(slug="last-summit")

    page = admin_client.get(admin_url(Event, "change", "kk", draft.pk))
    form = page.content.decode()
    assert page.context["adminform"].form.fields.keys() >= {"is_published", "publish_at"}
    assert form.index('name="is_published"') < form.index('name="title_en"')
    assert 'href="/kk/events/next-summit/"' in form
    assert "Алдын ала қарау" in form  # "Preview"
    # A published record's form keeps Django's "View on site".
    published_form = admin_client.get(admin_url(Event, "change", "kk", public.pk)).content.decode()
    assert "Алдын ала қарау" not in published_form
    assert "viewsitelink" in published_form


def test_saving_a_draft_with_a_moment_past_is_refused(admin_client):
    event = EventFactory(is_published=False)
    page = admin_client.get(admin_url(Event, "change", "en", event.pk))
    yesterday = timezone.localtime() - datetime.timedelta(days=1)
    data = submitted_form(page, publish_at_0=yesterday.date().isoformat(), publish_at_1="10:00:00")
    data.pop("is_published", None)

    response = admin_client.post(admin_url(Event, "change", "en", event.pk), data)

    assert response.status_code == 200
    assert "publish_at" in response.context["adminform"].form.errors


def test_saving_a_draft_scheduled_for_later(admin_client):
    event = EventFactory(is_published=False)
    page = admin_client.get(admin_url(Event, "change", "en", event.pk))
    data = submitted_form(page, publish_at_0="2099-01-15", publish_at_1="10:00:00")
    data.pop("is_published", None)

    response = admin_client.post(admin_url(Event, "change", "en", event.pk), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    event.refresh_from_db()
    assert not event.is_published
    assert timezone.localtime(event.publish_at).hour == 10


@pytest.mark.parametrize("model", ["events", "initiatives", "members"])
def test_preview_shows_staff_the_draft_under_a_banner_and_never_caches_it(client, settings, model):
    settings.PAGE_CACHE_SECONDS = 300
    factory = {"events": EventFactory, "initiatives": InitiativeFactory,
               "members": OrganisationFactory}[model]  # fmt: skip
    record = factory(slug="in-the-making", is_published=False)
    opts = record._meta
    path = record.get_absolute_url()

    assert client.get(path).status_code == 404
    staff(client, f"view_{opts.model_name}")
    preview = client.get(path)
    assert preview.status_code == 200
    assert "draft-banner" in preview.content.decode()
    assert "no-store" in preview["Cache-Control"]
    assert "private" in preview["Cache-Control"]

    client.logout()
    assert client.get(path).status_code == 404  # the preview was served to no one else


def test_preview_needs_the_view_permission(client):
    EventFactory(slug="in-the-making", is_published=False)
    staff(client, "view_initiative")

    assert client.get("/en/events/in-the-making/").status_code == 404


def test_staff_see_no_banner_on_a_published_page(admin_client):
    EventFactory(slug="public-one")

    page = admin_client.get("/en/events/public-one/").content.decode()

    assert "draft-banner" not in page


def test_preview_banner_in_kazakh_and_russian(admin_client):
    EventFactory(slug="in-the-making", is_published=False)

    kazakh = admin_client.get("/kk/events/in-the-making/").content.decode()
    russian = admin_client.get("/ru/events/in-the-making/").content.decode()

    assert "Жоба — жарияланбаған." in kazakh
    assert "Черновик — не опубликовано." in russian


# --- The front page ------------------------------------------------------------------------


def test_front_page_counts_drafts_and_pending_translations_with_links(admin_client):
    EventFactory(is_published=False)
    EventFactory(is_published=False, publish_at=LATER)
    InitiativeFactory(is_published=False)
    OrganisationFactory(name_kk="")  # a Kazakh name to translate

    page = admin_client.get(url_in("en", "admin:index")).content.decode()

    assert "Events: 2 drafts, not public (1 of them scheduled)" in page
    assert "Initiatives: 1 draft, not public" in page
    assert "Organisations:" not in page
    assert admin_url(Event, "changelist", "en") + "?publication=draft" in page
    assert admin_url(Initiative, "changelist", "en") + "?publication=draft" in page
    assert "wait for their Kazakh translation" in page or "waits for its Kazakh" in page
    assert reverse("admin:translations_dashboard", args=["kk"]) in page


def test_front_page_in_russian(admin_client):
    EventFactory(is_published=False)

    page = admin_client.get(url_in("ru", "admin:index")).content.decode()

    assert "Мероприятия: 1 черновик, не опубликован" in page


def test_front_page_counts_only_what_the_user_may_see(client):
    EventFactory(is_published=False)
    InitiativeFactory(is_published=False)
    staff(client, "view_initiative")

    page = client.get(url_in("en", "admin:index")).content.decode()

    assert "Initiatives: 1 draft" in page
    assert "Events:" not in page
    assert "translation" not in page  # no right to the translation dashboard


def test_front_page_queries_do_not_grow_with_drafts(admin_client, django_assert_max_num_queries):
    for _index in range(5):
        EventFactory(is_published=False)
        InitiativeFactory(is_published=False)
        OrganisationFactory(is_published=False)
    admin_client.get(url_in("en", "admin:index"))

    # The session and user, the open applications (and the recipients' check), one count of
    # pending translations, one of the drafts per kind of record (3), the app list.
    with django_assert_max_num_queries(12):
        admin_client.get(url_in("en", "admin:index"))


# --- Spreadsheets -------------------------------------------------------------------------


def test_a_spreadsheet_says_which_rows_are_drafts_and_imports_them_as_drafts(admin_client):
    EventFactory(slug="public-one")
    EventFactory(slug="next-summit", is_published=False, publish_at=LATER)

    rows = {row["slug"]: row for row in exported(admin_client, Event)}
    assert rows["public-one"]["is_published"] == "1"
    assert rows["next-summit"]["is_published"] == "0"
    assert rows["next-summit"]["publish_at"].startswith(
        timezone.localtime(LATER).date().isoformat()
    )

    # A new row written as a draft: imported as a draft.
    new = {**rows["public-one"], "slug": "spring-forum", "is_published": "0", "publish_at": ""}
    upload = csv_file([new])
    previewed = preview(admin_client, Event, upload)
    assert [line.import_type for line in previewed.context["result"].rows] == ["new"]
    confirm(admin_client, Event, previewed)

    draft = Event.objects.get(slug="spring-forum")
    assert not draft.is_published
    assert Client().get("/en/events/spring-forum/").status_code == 404

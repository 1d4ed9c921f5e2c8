"""Events imported and exported as spreadsheets in the admin (toolkit.imports)."""

import datetime

import pytest
from reversion.models import Version

from events.models import Event
from tests.factories import (
    CountryFactory,
    EventFactory,
    EventParticipationFactory,
    OrganisationFactory,
    ThemeFactory,
)
from tests.import_helpers import confirm, csv_file, exported, preview

pytestmark = pytest.mark.django_db


def test_event_export_then_import_in_kazakh_admin_round_trips(admin_client):
    kz = CountryFactory(code="KZ")
    summit = EventFactory(slug="res-2026", kind="summit", title_en="RES 2026", country=kz)
    consultation = EventFactory(
        slug="consultation-1",
        kind="consultation",
        parent=summit,
        title_en="First consultation",
        title_ru="Первая консультация",
        title_kk="Бірінші консультация",
        start_date=datetime.date(2026, 2, 10),
        country=kz,
        registration_open=True,
        capacity=40,
    )
    consultation.themes.set([ThemeFactory(slug="youth"), ThemeFactory(slug="climate")])
    EventParticipationFactory(
        event=consultation, organisation=OrganisationFactory(slug="tsako"), role="organiser"
    )
    EventParticipationFactory(
        event=consultation, organisation=OrganisationFactory(slug="unicef"), role="partner"
    )

    rows = {row["slug"]: row for row in exported(admin_client, Event, language="kk")}

    row = rows["consultation-1"]
    assert (row["title_en"], row["title_ru"], row["title_kk"]) == (
        "First consultation",
        "Первая консультация",
        "Бірінші консультация",
    )
    assert row["parent"] == "res-2026"
    assert sorted(row["themes"].split(",")) == ["climate", "youth"]
    assert (row["organiser"], row["partner"], row["host"]) == ("tsako", "unicef", "")
    assert (row["registration_open"], row["capacity"]) == ("1", "40")

    # Unchanged, the file changes nothing; a new partner and a new title change one row.
    row.update(partner="unicef,tsako", title_kk="Бірінші кеңес")
    previewed = preview(admin_client, Event, csv_file(list(rows.values())), language="kk")
    assert sorted(line.import_type for line in previewed.context["result"].rows) == [
        "skip",
        "update",
    ]
    confirm(admin_client, Event, previewed, language="kk")

    consultation.refresh_from_db()
    assert consultation.title_kk == "Бірінші кеңес"
    assert consultation.title_ru == "Первая консультация"
    partners = consultation.participations.filter(role="partner")
    assert sorted(p.organisation.slug for p in partners) == ["tsako", "unicef"]
    assert Version.objects.get_for_object(consultation).count() == 1


def test_event_import_with_unknown_organisation_saves_no_row(admin_client):
    CountryFactory(code="KZ")
    rows = [
        {
            "slug": "forum",
            "title_en": "Forum",
            "kind": "forum",
            "country": "KZ",
            "organiser": "",
            "start_date": "2026-05-01",
        },
        {
            "slug": "side",
            "title_en": "Side",
            "kind": "side_event",
            "country": "KZ",
            "organiser": "nobody-by-this-slug",
            "start_date": "2026-05-01",
        },
    ]

    previewed = preview(admin_client, Event, csv_file(rows))

    invalid = previewed.context["result"].invalid_rows
    [invalid] = invalid
    assert invalid.number == 2
    assert "nobody-by-this-slug" in previewed.text
    assert not Event.objects.exists()

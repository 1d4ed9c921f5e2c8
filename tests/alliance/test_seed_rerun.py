"""The seed run again: it never brings back what staff deleted, never overwrites their edits.

The seed is loaded once for the module (tests/conftest.py, seeded_module) and
each test runs in a savepoint, rolled back after it. What a re-run does to
records staff edited in place is in test_fixtures.py (leaves staff edits alone).
"""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from alliance.models import SeedRecord
from common.models import Theme
from events.models import Event
from members.models import ContactPerson, Organisation
from tests.alliance.test_fixtures import FIXTURES, seed, seeded_objects


@pytest.fixture
def seeded(seeded_module, db):
    return seeded_module


def seed_from(fixtures_dir):
    out = StringIO()
    call_command("seed", fixtures_dir=fixtures_dir, stdout=out)
    return out.getvalue()


def fixtures_with(folder, name, record):
    """A copy of the fixtures in `folder`, with `record` added at the end of the file `name`."""
    for path in FIXTURES:
        (folder / path.name).write_bytes(path.read_bytes())
    path = folder / name
    path.write_text(json.dumps([*json.loads(path.read_text("utf-8")), record]), "utf-8")
    return folder


def test_seed_run_again_creates_nothing(seeded):
    output = seed()

    loaded = len(list(seeded_objects()))
    assert output == (
        f"Seed: 0 created, {loaded} already loaded (left as they are), "
        "0 deleted by staff (not brought back).\n"
    )


def test_seed_never_brings_back_an_organisation_staff_deleted(seeded):
    Organisation.objects.get(slug="eu-delegation-kazakhstan").delete()  # with its contact person

    output = seed()

    assert not Organisation.objects.filter(slug="eu-delegation-kazakhstan").exists()
    assert not ContactPerson.objects.filter(name="Yerkezhan Amriyeva").exists()
    assert "Seed: 0 created" in output
    assert "1 deleted by staff (not brought back)" in output
    # Its contact person's natural key names the organisation: it cannot even be looked up.
    assert "1 skipped as parts of records staff deleted" in output


def test_seed_never_recreates_an_event_whose_slug_staff_changed(seeded):
    Event.objects.filter(slug="res-2026").update(slug="res-2026-astana")

    output = seed()

    assert not Event.objects.filter(slug="res-2026").exists()
    assert Event.objects.get(slug="res-2026-astana").outcomes.count() == 3
    assert "Seed: 0 created" in output


def test_seed_loads_a_record_added_to_the_fixtures_later(seeded, tmp_path):
    Organisation.objects.get(slug="biom").delete()
    fixtures = fixtures_with(
        tmp_path,
        "05_events.json",
        {
            "model": "events.expectedoutcome",
            "fields": {"event": ["res-2026"], "position": 3, "text_en": "A youth declaration"},
        },
    )

    output = seed_from(fixtures)

    assert "Seed: 1 created" in output
    assert "1 deleted by staff (not brought back)" in output
    outcomes = Event.objects.get(slug="res-2026").outcomes
    assert outcomes.get(position=3).text_en == "A youth declaration"
    assert not Organisation.objects.filter(slug="biom").exists()
    # Loaded once: from then on it is the staff's too.
    outcomes.filter(position=3).delete()
    seed_from(fixtures)
    assert not outcomes.filter(position=3).exists()


def test_seed_on_a_database_seeded_before_takes_every_record_as_loaded(seeded):
    # As the seed of before left it: it kept no record of what it loaded.
    loaded = SeedRecord.objects.count()
    SeedRecord.objects.all().delete()
    Organisation.objects.get(slug="biom").delete()
    Theme.objects.filter(slug="one-health").update(name_en="One Health (edited)")

    output = seed()

    assert "seeded before the seed remembered what it loaded" in output
    assert "Seed: 0 created" in output
    assert "1 deleted by staff (not brought back)" in output
    assert not Organisation.objects.filter(slug="biom").exists()
    assert Theme.objects.get(slug="one-health").name_en == "One Health (edited)"
    assert SeedRecord.objects.count() == loaded
    # From then on, as on any database the seed remembers.
    assert "seeded before" not in seed()


def test_seed_adopts_a_record_staff_made_before_the_fixtures_had_it(seeded):
    # Staff made BIOM by hand; later the fixtures gained a record with the same slug.
    SeedRecord.objects.filter(model="members.organisation", natural_key='["biom"]').delete()
    Organisation.objects.filter(slug="biom").update(name_en="BIOM, as staff wrote it")

    output = seed()

    assert Organisation.objects.get(slug="biom").name_en == "BIOM, as staff wrote it"
    assert "Seed: 0 created" in output
    assert SeedRecord.objects.filter(model="members.organisation", natural_key='["biom"]').exists()


def test_seed_new_record_linked_to_a_deleted_one_is_loaded_without_the_link(seeded, tmp_path):
    Theme.objects.get(slug="one-health").delete()
    fixtures = fixtures_with(
        tmp_path,
        "04_organisations.json",
        {
            "model": "members.organisation",
            "fields": {
                "name_en": "Green Steppe",
                "slug": "green-steppe",
                "kind": "ngo",
                "relation": "member",
                "country": ["KZ"],
                "themes": [["one-health"]],
            },
        },
    )
    errors = StringIO()

    call_command("seed", fixtures_dir=fixtures, stdout=StringIO(), stderr=errors)

    assert not Organisation.objects.get(slug="green-steppe").themes.exists()
    assert "members.organisation Green Steppe: loaded without a link" in errors.getvalue()

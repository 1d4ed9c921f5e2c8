"""The seed on an empty database: it loads everything once, and remembers what it loaded.

These need a database without the seed, so they cannot share the module-wide
seeded database of test_fixtures.py and test_seed_rerun.py.
"""

from collections import Counter

import pytest
from django.db import IntegrityError

from alliance.models import SeedRecord
from common.models import AllianceProfile
from events.models import Event
from tests.alliance.test_fixtures import seed, seeded_objects
from tests.factories import AllianceProfileFactory

pytestmark = pytest.mark.django_db


def test_seed_remembers_every_record_it_loaded():
    output = seed()

    loaded = Counter(obj._meta.label_lower for obj in seeded_objects()).total()
    assert output == (
        f"Seed: {loaded} created, 0 already loaded (left as they are), "
        "0 deleted by staff (not brought back).\n"
    )
    assert SeedRecord.objects.count() == loaded
    assert SeedRecord.objects.filter(model="events.event", natural_key='["res-2026"]').exists()
    assert SeedRecord.objects.filter(
        model="events.expectedoutcome", natural_key='["res-2026", 0]'
    ).exists()
    # The profile has no natural key: its fixture's pk stands for it.
    assert SeedRecord.objects.filter(model="common.allianceprofile", natural_key="[1]").exists()


def test_seed_keeps_an_existing_alliance_profile():
    AllianceProfileFactory(name_en="Our own profile")

    output = seed()

    assert AllianceProfile.objects.get().name_en == "Our own profile"
    # A profile alone is no sign of a seeded database: the rest is loaded.
    assert Event.objects.filter(slug="res-2026").exists()
    created = Counter(obj._meta.label_lower for obj in seeded_objects()).total() - 1
    assert output.startswith(f"Seed: {created} created, 1 already loaded")


def test_seed_record_is_kept_once_per_key():
    SeedRecord.objects.create(model="events.event", natural_key='["res-2026"]')

    with pytest.raises(IntegrityError):
        SeedRecord.objects.create(model="events.event", natural_key='["res-2026"]')

"""The seed command on an empty database: a second run creates nothing, a profile is kept.

These need a database without the seed, so they cannot share test_fixtures.py's
module-wide seeded database.
"""

from collections import Counter

import pytest

from common.models import AllianceProfile
from tests.alliance.test_fixtures import seed, seeded_objects
from tests.factories import AllianceProfileFactory


@pytest.mark.django_db
def test_seed_run_twice_creates_nothing_the_second_time():
    seed()
    before = Counter(obj._meta.label_lower for obj in seeded_objects())

    output = seed()

    assert f"0 created, {sum(before.values())} already existed" in output
    assert Counter(obj._meta.label_lower for obj in seeded_objects()) == before


@pytest.mark.django_db
def test_seed_keeps_an_existing_alliance_profile():
    AllianceProfileFactory(name_en="Our own profile")

    seed()

    assert AllianceProfile.objects.get().name_en == "Our own profile"

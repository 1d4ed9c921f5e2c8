"""The seed's records get their translation states as they load (the seed saves them)."""

import pytest

from members.models import Organisation
from translations import tracking
from translations.models import Status, TranslationState

pytestmark = pytest.mark.django_db


def test_seed_leaves_nothing_outdated_and_a_state_per_translation(seeded_module):
    assert TranslationState.objects.exists()
    assert not TranslationState.objects.filter(status=Status.OUTDATED).exists()
    organisation = Organisation.objects.get(slug="biom")
    states = tracking.field_states(organisation)["name"]
    assert states == {"en": "source", "ru": "current", "kk": "current"}


def test_seed_then_a_shell_edit_outdates_the_translations(seeded_module):
    organisation = Organisation.objects.get(slug="biom")
    organisation.description_en = organisation.description_en + " Updated."
    organisation.save()

    states = tracking.field_states(Organisation.objects.get(slug="biom"))["description"]
    assert states == {"en": "source", "ru": "outdated", "kk": "outdated"}

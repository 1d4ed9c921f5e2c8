"""toolkit.clock: a version per content model, changed with its data, in the same transaction."""

import pytest
from django.db import transaction

from common.models import Country, Theme
from initiatives.models import Initiative
from tests.factories import CountryFactory, InitiativeFactory, ThemeFactory
from toolkit import clock
from toolkit.models import ContentClock

pytestmark = pytest.mark.django_db

INITIATIVE = Initiative._meta.label_lower
THEME = Theme._meta.label_lower
COUNTRY = Country._meta.label_lower


def versions():
    return {label: entry[0] for label, entry in clock.read_row().items()}


def test_a_save_a_deletion_and_a_link_each_give_a_new_version():
    initiative = InitiativeFactory()
    theme = ThemeFactory()
    seen = [versions()[INITIATIVE]]

    initiative.save()
    seen.append(versions()[INITIATIVE])
    theme_before = versions()[THEME]
    initiative.themes.add(theme)  # a link: both sides change
    seen.append(versions()[INITIATIVE])
    assert versions()[THEME] != theme_before
    Initiative.objects.filter(pk=initiative.pk).delete()
    seen.append(versions()[INITIATIVE])

    assert len(set(seen)) == 4


def test_a_rolled_back_change_leaves_the_version():
    country = CountryFactory(code="KZ")
    before = versions()

    with pytest.raises(RuntimeError), transaction.atomic():
        country.name_en = "Changed"
        country.save()
        assert versions()[COUNTRY] != before[COUNTRY]
        raise RuntimeError("rolled back")

    assert versions() == before


def test_only_the_changed_models_get_a_new_version():
    ThemeFactory()
    before = versions()

    CountryFactory(code="KG")

    after = versions()
    assert after[COUNTRY] != before.get(COUNTRY)
    assert after[THEME] == before[THEME]


def test_the_time_of_a_change_is_its_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        Theme.objects.create(slug="water", name_en="Water", position=1)
    # As if the transaction had started a minute before it committed.
    row = ContentClock.objects.get(pk=1)
    row.versions[THEME][1] -= 60
    row.save()
    started = row.versions[THEME][1]

    for callback in callbacks:
        callback()

    assert clock.read_row()[THEME][1] >= started + 59


def test_tick_all_covers_every_content_model():
    clock.tick_all()

    assert {"initiatives.initiative", "members.organisation", "events.event"} <= set(versions())
    assert "registrations.registration" not in versions()
    assert Country._meta.label_lower in versions()

"""Bulk actions on initiatives: themes and regions for many at once, confirmed first."""

import pytest
from reversion.models import Version

from initiatives.models import Initiative
from tests.admin_actions import messages_of, run_action
from tests.factories import (
    CountryFactory,
    CountryShareFactory,
    InitiativeFactory,
    ParticipationFactory,
    RegionFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


def test_add_theme_asks_first_in_russian_then_adds_to_those_without(admin_client):
    theme = ThemeFactory(name_ru="Климатическое образование")
    initiatives = [InitiativeFactory() for _ in range(3)]
    initiatives[0].themes.add(theme)

    page = run_action(admin_client, Initiative, "add_theme", initiatives, language="ru")

    assert page.status_code == 200
    assert "Климатическое образование" in page.text  # the choice, in the admin's language
    assert all(initiative.title_ru in page.text for initiative in initiatives)
    assert theme.initiatives.count() == 1  # nothing yet

    done = run_action(
        admin_client, Initiative, "add_theme", initiatives, language="ru", choice=theme.pk
    )

    assert done.status_code == 302
    assert set(theme.initiatives.all()) == set(initiatives)
    assert "Изменены 2 записи." in messages_of(admin_client, Initiative, "ru")
    # Each changed initiative is a version of its own; the one that had the theme is not.
    assert Version.objects.get_for_object(initiatives[0]).count() == 0
    version = Version.objects.get_for_object(initiatives[1]).get()
    assert "Климатическое образование" in version.revision.comment


def test_remove_theme_in_kazakh_admin(admin_client):
    theme = ThemeFactory()
    initiatives = [InitiativeFactory() for _ in range(2)]
    for initiative in initiatives:
        initiative.themes.add(theme)

    run_action(
        admin_client, Initiative, "remove_theme", initiatives[:1], language="kk", choice=theme.pk
    )

    assert list(theme.initiatives.all()) == [initiatives[1]]
    assert "1 жазба өзгертілді." in messages_of(admin_client, Initiative, "kk")


def test_add_theme_with_no_choice_asks_again(admin_client):
    initiative = InitiativeFactory()

    page = run_action(admin_client, Initiative, "add_theme", [initiative], choice="")

    assert page.status_code == 200
    assert page.context["form"].errors
    assert not initiative.themes.exists()


def test_add_region_makes_initiatives_regional_and_found_by_its_countries(admin_client):
    kz = CountryFactory(code="KZ")
    region = RegionFactory(code="619")
    region.countries.set([kz])
    initiatives = [InitiativeFactory() for _ in range(2)]

    run_action(admin_client, Initiative, "add_region", initiatives, choice=region.pk)

    assert set(Initiative.objects.regional()) == set(initiatives)
    assert set(Initiative.objects.in_countries("KZ")) == set(initiatives)
    # The history holds the region share: restoring the version brings it back.
    version = Version.objects.get_for_object(initiatives[0]).get()
    assert len(version.revision.version_set.all()) == 2


@pytest.mark.parametrize("count", [5, 100])
def test_bulk_actions_take_the_same_queries_for_5_or_100(
    admin_client, count, django_assert_max_num_queries
):
    theme, region = ThemeFactory(), RegionFactory(code="619")
    kz = CountryFactory(code="KZ")
    initiatives = [InitiativeFactory() for _ in range(count)]
    for initiative in initiatives:
        ParticipationFactory(initiative=initiative)
        CountryShareFactory(initiative=initiative, country=kz)

    # Session, user, the changelist's filter choices and count (10); the selected ids,
    # those already linked, the insert (3 to 4); the records again with their themes,
    # participations, shares (5); revisions, content types, versions (4).
    with django_assert_max_num_queries(30):
        run_action(admin_client, Initiative, "add_theme", initiatives, choice=theme.pk)
    with django_assert_max_num_queries(34):
        run_action(admin_client, Initiative, "add_region", initiatives, choice=region.pk)

    assert theme.initiatives.count() == count
    assert Version.objects.get_for_model(Initiative).count() == 2 * count

"""Organisations imported and exported as spreadsheets in the admin (toolkit.imports)."""

import pytest
from django.contrib.auth.models import Permission, User
from reversion.models import Version

from members.models import Organisation
from tests.admin_helpers import admin_url
from tests.factories import CountryFactory, OrganisationFactory, ThemeFactory
from tests.import_helpers import XLSX, confirm, csv_file, exported, preview, xlsx_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def kazakhstan():
    return CountryFactory(code="KZ", name_en="Kazakhstan")


def row(**values):
    return {
        "slug": "eco-schools",
        "name_en": "Eco Schools Network",
        "name_ru": "Сеть экошкол",
        "name_kk": "Экомектептер желісі",
        "kind": "ngo",
        "relation": "member",
        "country": "KZ",
        "themes": "",
        "parent": "",
        **values,
    }


def test_import_in_russian_admin_previews_then_creates(admin_client, kazakhstan):
    ThemeFactory(slug="climate-education")
    upload = csv_file([row(themes="climate-education")], name="members.csv")

    previewed = preview(admin_client, Organisation, upload, language="ru")

    assert previewed.status_code == 200
    assert "Предпросмотр" in previewed.text or "Предварительный просмотр" in previewed.text
    assert "Сеть экошкол" in previewed.text
    assert not Organisation.objects.exists()  # the dry run saved nothing

    done = confirm(admin_client, Organisation, previewed, language="ru")

    assert done.status_code == 302
    organisation = Organisation.objects.get(slug="eco-schools")
    assert organisation.name_kk == "Экомектептер желісі"
    assert organisation.country == kazakhstan
    assert [theme.slug for theme in organisation.themes.all()] == ["climate-education"]


def test_import_updates_the_organisation_whose_slug_a_row_gives(admin_client, kazakhstan):
    existing = OrganisationFactory(slug="eco-schools", name_en="Old name", country=kazakhstan)

    previewed = preview(admin_client, Organisation, csv_file([row()]))
    confirm(admin_client, Organisation, previewed)

    existing.refresh_from_db()
    assert existing.name_en == "Eco Schools Network"
    assert Organisation.objects.count() == 1


def test_import_unknown_country_is_an_error_of_its_row(admin_client, kazakhstan):
    upload = csv_file([row(), row(slug="second", name_en="Second", country="XX")])

    previewed = preview(admin_client, Organisation, upload)

    assert "confirm_form" not in previewed.context
    invalid = previewed.context["result"].invalid_rows
    assert [line.number for line in invalid] == [2]
    assert "“XX”" in previewed.text
    assert not Organisation.objects.exists()


def test_import_row_failing_full_clean_shows_its_field_and_saves_nothing(admin_client, kazakhstan):
    # A year out of range and an organisation that is part of itself: the model's own checks.
    upload = csv_file(
        [row(), row(slug="looping", name_en="Loop", parent="looping"), row(slug="x", kind="bank")]
    )

    previewed = preview(admin_client, Organisation, upload)

    errors = {
        line.number: line.field_specific_errors for line in previewed.context["result"].invalid_rows
    }
    assert set(errors) == {2, 3}
    assert "kind" in errors[3]
    assert not Organisation.objects.exists()


def test_import_rolls_back_every_row_when_one_fails_at_confirmation(admin_client, kazakhstan):
    """A row valid in the preview but not any more (its parent deleted meanwhile): nothing saved."""
    parent = OrganisationFactory(slug="parent-body", country=kazakhstan)
    upload = csv_file([row(), row(slug="unit", name_en="Unit", parent="parent-body")])
    previewed = preview(admin_client, Organisation, upload)
    assert "confirm_form" in previewed.context
    parent.delete()

    done = confirm(admin_client, Organisation, previewed)

    assert done.status_code == 302
    assert done["Location"].endswith("/import/")
    assert not Organisation.objects.filter(slug__in=["eco-schools", "unit"]).exists()
    assert not Version.objects.exists()


def test_import_is_recorded_in_history_with_user_and_file(admin_client, admin_user, kazakhstan):
    previewed = preview(admin_client, Organisation, csv_file([row()], name="partners-2026.csv"))
    confirm(admin_client, Organisation, previewed)

    organisation = Organisation.objects.get()
    version = Version.objects.get_for_object(organisation).get()
    assert version.revision.user == admin_user
    assert version.revision.comment == "Imported from partners-2026.csv"
    history = admin_client.get(admin_url(Organisation, "history", "en", organisation.pk))
    assert "Imported from partners-2026.csv" in history.text


def test_import_of_unchanged_rows_is_skipped_and_not_recorded(admin_client, kazakhstan):
    previewed = preview(admin_client, Organisation, csv_file([row()]))
    confirm(admin_client, Organisation, previewed)

    again = preview(admin_client, Organisation, csv_file([row()]))

    assert [line.import_type for line in again.context["result"].rows] == ["skip"]
    confirm(admin_client, Organisation, again)
    assert Version.objects.count() == 1


def test_import_preview_names_possible_duplicates_of_new_rows(admin_client, kazakhstan):
    existing = OrganisationFactory(
        slug="teachers-lab", name_en="Teachers Lab LLP", country=kazakhstan
    )
    upload = csv_file(
        [row(slug="teachers-lab-llp", name_en="ТОО Teachers Lab", name_ru="", name_kk="")]
    )

    previewed = preview(admin_client, Organisation, upload)

    [line] = previewed.context["result"].rows
    assert line.candidates[0][0] == admin_url(Organisation, "change", "en", existing.pk)
    assert "Teachers Lab LLP (teachers-lab)" in previewed.text
    assert "put its slug in the row" in previewed.text


def test_translated_fields_round_trip_through_xlsx(admin_client, kazakhstan):
    """Export, change the Kazakh name in the file, import: every language kept, one changed."""
    OrganisationFactory(
        slug="eco-schools",
        name_en="Eco Schools",
        name_ru="Экошколы",
        name_kk="Экомектептер",
        country=kazakhstan,
    )
    rows = exported(admin_client, Organisation, file_format=XLSX)
    assert rows[0]["name_ru"] == "Экошколы"
    rows[0]["name_kk"] = "Экомектептер желісі"

    previewed = preview(admin_client, Organisation, xlsx_file(rows), file_format=XLSX)
    assert [line.import_type for line in previewed.context["result"].rows] == ["update"]
    confirm(admin_client, Organisation, previewed)

    organisation = Organisation.objects.get()
    assert (organisation.name_en, organisation.name_ru, organisation.name_kk) == (
        "Eco Schools",
        "Экошколы",
        "Экомектептер желісі",
    )


def test_export_respects_the_changelist_filters(admin_client, kazakhstan):
    OrganisationFactory(slug="member-one", relation="member", country=kazakhstan)
    OrganisationFactory(slug="partner-one", relation="partner", country=kazakhstan)

    rows = exported(admin_client, Organisation, query="?relation__exact=partner")

    assert [line["slug"] for line in rows] == ["partner-one"]


@pytest.mark.parametrize("file_format", ["0", XLSX], ids=["csv", "xlsx"])
def test_export_neutralises_formulas_and_imports_them_back(admin_client, kazakhstan, file_format):
    OrganisationFactory(
        slug="formula",
        name_en='=HYPERLINK("http://evil.example","x")',
        short_name="@SUM(1)",
        city_en="-1+2",
        country=kazakhstan,
    )

    [line] = exported(admin_client, Organisation, file_format=file_format)

    assert line["name_en"] == '\'=HYPERLINK("http://evil.example","x")'
    assert line["short_name_en"] == "'@SUM(1)"
    assert line["city_en"] == "'-1+2"
    upload = csv_file([line]) if file_format == "0" else xlsx_file([line])
    again = preview(admin_client, Organisation, upload, file_format=file_format)
    assert [r.import_type for r in again.context["result"].rows] == ["skip"]  # as it was


def test_export_csv_starts_with_a_byte_order_mark(admin_client, kazakhstan):
    OrganisationFactory(slug="eco", name_ru="Экошколы", country=kazakhstan)
    page = admin_client.get(admin_url(Organisation, "export", "en"))
    form = page.context["form"]
    data = {name: "on" for name in form.fields if name.startswith("organisationresource_")}

    response = admin_client.post(
        admin_url(Organisation, "export", "en"), {"resource": "0", "format": "0", **data}
    )

    assert response.content.startswith("\ufeff".encode())
    assert "Экошколы" in response.content.decode("utf-8-sig")


def staff(client, *codenames):
    user = User.objects.create_user("staff", "staff@example.org", "secret", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("codenames", "may_import", "may_export"),
    [
        (["view_organisation"], False, True),
        (["view_organisation", "change_organisation"], False, True),
        (["view_organisation", "add_organisation", "change_organisation"], True, True),
    ],
    ids=["view", "view-change", "add-change"],
)
def test_import_needs_add_and_change_export_needs_view(client, codenames, may_import, may_export):
    staff(client, *codenames)

    imports = client.get(admin_url(Organisation, "import", "en"))
    exports = client.get(admin_url(Organisation, "export", "en"))
    changelist = client.get(admin_url(Organisation, "changelist", "en"))

    assert (imports.status_code == 200) is may_import
    assert (exports.status_code == 200) is may_export
    assert (admin_url(Organisation, "import", "en") in changelist.text) is may_import
    assert admin_url(Organisation, "export", "en") in changelist.text


def test_export_refused_without_view_permission(client):
    staff(client, "add_organisation")

    assert client.get(admin_url(Organisation, "export", "en")).status_code == 403


def test_import_of_a_file_that_is_no_spreadsheet_is_refused_without_error(admin_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("members.xlsx", b"not a spreadsheet at all")

    response = preview(admin_client, Organisation, upload, file_format=XLSX)

    assert response.status_code == 200
    assert response.context["form"].errors

"""XLIFF 1.2 for CAT tools: export, import, round trip, and a second parser's reading.

`manage.py export_translations --language kk [--only-pending] --output FILE.xlf`
and `manage.py import_translations FILE.xlf`; the admin offers the same with a
preview. A file whose units' sources changed since the export is refused whole.
"""

import pytest
from django.core.management import CommandError, call_command
from lxml import etree
from translate.storage import xliff as tt_xliff

from initiatives.models import Initiative
from members.models import Organisation
from tests.factories import InitiativeFactory, OrganisationFactory
from translations import tracking
from translations.xliff import NS, XliffError, apply, export, plan

pytestmark = pytest.mark.django_db


def units(document):
    root = etree.fromstring(document)
    return {unit.get("id"): unit for unit in root.iter(f"{{{NS}}}trans-unit")}


def tt_id(unit):
    """The unit's own id (translate-toolkit prefixes it with its file's "original")."""
    return unit.getid().rpartition("\x04")[2]


def target(unit):
    return unit.find(f"{{{NS}}}target")


@pytest.fixture
def records():
    steppe = OrganisationFactory(
        name_en="Green Steppe",
        name_ru="Зелёная степь",
        name_kk="",
        description_en="Teaches children.",
        description_kk="Балаларды оқытады.",
        mission_en="",
    )
    initiative = InitiativeFactory(
        title_en="Restoring the steppe",
        title_ru="Восстановление степи",
        title_kk="Дала",
        summary_en="",
    )
    initiative.title_en = "Restoring the northern steppe"
    initiative.save()
    russian = OrganisationFactory(
        source_language="ru",
        name_en="",
        name_ru="Экоцентр",
        name_kk="",
        description_en="",
        mission_en="",
    )
    return steppe, initiative, russian


def test_export_units_with_source_target_and_state(records):
    steppe, initiative, russian = records

    document = export("kk")

    found = units(document)
    name = found[f"members.organisation:{steppe.pk}:name"]
    assert name.find(f"{{{NS}}}source").text == "Green Steppe"
    assert target(name).get("state") == "needs-translation"
    title = found[f"initiatives.initiative:{initiative.pk}:title"]
    assert (target(title).text, target(title).get("state")) == ("Дала", "needs-review-translation")
    description = found[f"members.organisation:{steppe.pk}:description"]
    assert target(description).get("state") == "translated"
    # A record written in Russian is in a file whose source language is Russian.
    unit = found[f"members.organisation:{russian.pk}:name"]
    assert unit.getparent().getparent().get("source-language") == "ru"
    assert unit.find(f"{{{NS}}}source").text == "Экоцентр"


def test_export_only_pending_leaves_up_to_date_out(records):
    steppe, _initiative, _russian = records

    found = units(export("kk", only_pending=True))

    assert f"members.organisation:{steppe.pk}:name" in found
    assert f"members.organisation:{steppe.pk}:description" not in found


def test_export_file_reads_in_translate_toolkit(records, tmp_path):
    steppe, initiative, _russian = records
    path = tmp_path / "kk.xlf"
    call_command("export_translations", language="kk", output=path, verbosity=0)

    store = tt_xliff.xlifffile.parsefile(str(path))

    by_id = {tt_id(unit): unit for unit in store.units if unit.istranslatable()}
    title = by_id[f"initiatives.initiative:{initiative.pk}:title"]
    assert (title.source, title.target) == ("Restoring the northern steppe", "Дала")
    assert title.get_state_id() is not None and title.isfuzzy()
    assert not by_id[f"members.organisation:{steppe.pk}:name"].istranslated()
    assert store.gettargetlanguage() == "kk"


def test_round_trip_through_a_cat_tool(records, tmp_path):
    steppe, initiative, _russian = records
    exported = tmp_path / "kk.xlf"
    call_command(
        "export_translations", language="kk", only_pending=True, output=exported, verbosity=0
    )
    # The translator's CAT tool (translate-toolkit here) fills the targets and saves.
    store = tt_xliff.xlifffile.parsefile(str(exported))
    for unit in store.units:
        if tt_id(unit) == f"members.organisation:{steppe.pk}:name":
            unit.target = "Жасыл дала"
            unit.markfuzzy(False)
        if tt_id(unit) == f"initiatives.initiative:{initiative.pk}:title":
            unit.target = "Солтүстік даланы қалпына келтіру"
            unit.markfuzzy(False)
    translated = tmp_path / "kk-done.xlf"
    translated.write_bytes(bytes(store))

    call_command("import_translations", str(translated), verbosity=0)

    steppe.refresh_from_db()
    initiative.refresh_from_db()
    assert steppe.name_kk == "Жасыл дала"
    assert initiative.title_kk == "Солтүстік даланы қалпына келтіру"
    assert tracking.field_states(initiative)["title"]["kk"] == "current"
    assert tracking.field_states(steppe)["name"]["kk"] == "current"
    # Exported again, both are translated.
    found = units(export("kk"))
    assert target(found[f"members.organisation:{steppe.pk}:name"]).get("state") == "translated"


def test_import_refuses_a_file_whose_source_changed_and_writes_nothing(records, tmp_path):
    steppe, initiative, _russian = records
    document = export("kk")
    root = etree.fromstring(document)
    for unit in root.iter(f"{{{NS}}}trans-unit"):
        unit.find(f"{{{NS}}}target").text = "Аударма " + unit.get("id")
    path = tmp_path / "kk.xlf"
    path.write_bytes(etree.tostring(root))
    # Meanwhile, staff change an English title.
    steppe.name_en = "Green Steppe Foundation"
    steppe.save()

    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_translations", str(path), verbosity=0)

    initiative.refresh_from_db()
    assert initiative.title_kk == "Дала"  # not half-written
    result = plan(path.read_bytes())
    assert [refusal.unit_id for refusal in result.refused] == [
        f"members.organisation:{steppe.pk}:name"
    ]
    with pytest.raises(XliffError):
        apply(result)


def test_import_confirms_an_unchanged_target_marked_translated(records):
    _steppe, initiative, _russian = records
    root = etree.fromstring(export("kk"))
    unit = next(
        unit
        for unit in root.iter(f"{{{NS}}}trans-unit")
        if unit.get("id") == f"initiatives.initiative:{initiative.pk}:title"
    )
    target(unit).set("state", "translated")

    result = plan(etree.tostring(root))
    apply(result)

    assert len(result.confirmations) == 1
    assert (
        tracking.field_states(Initiative.objects.get(pk=initiative.pk))["title"]["kk"] == "current"
    )


@pytest.mark.parametrize(
    "data",
    [
        b"not xml",
        b'<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0"/>',
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
    ],
)
def test_import_bad_files_are_refused_with_a_message(data, tmp_path):
    path = tmp_path / "bad.xlf"
    path.write_bytes(data)

    with pytest.raises(CommandError):
        call_command("import_translations", str(path), verbosity=0)


def test_import_refuses_unknown_units():
    document = (
        f'<xliff version="1.2" xmlns="{NS}"><file original="x" source-language="en" '
        'target-language="kk" datatype="plaintext"><body>'
        '<trans-unit id="auth.user:1:password"><source>a</source><target>b</target></trans-unit>'
        "</body></file></xliff>"
    ).encode()

    result = plan(document)

    assert [refusal.reason for refusal in result.refused] == ["Not a text of this portal."]
    assert Organisation.objects.count() == 0


# --- In the admin ----------------------------------------------------------------------


def test_admin_export_downloads_the_language_file(admin_client, records):
    from django.urls import reverse

    response = admin_client.get(reverse("admin:translations_export", args=["kk"]) + "?pending=1")

    assert response["Content-Disposition"] == 'attachment; filename="tsako-kk-pending.xlf"'
    assert units(response.content)


def test_admin_import_previews_then_writes_on_confirm(admin_client, records):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    steppe, _initiative, _russian = records
    root = etree.fromstring(export("kk", only_pending=True))
    for unit in root.iter(f"{{{NS}}}trans-unit"):
        if unit.get("id") == f"members.organisation:{steppe.pk}:name":
            target(unit).text = "Жасыл дала"
    url = reverse("admin:translations_import")
    upload = SimpleUploadedFile("kk.xlf", etree.tostring(root), "application/x-xliff+xml")

    preview = admin_client.post(url, {"file": upload})

    assert preview.status_code == 200
    assert "<ins>Жасыл дала</ins>" in preview.text
    steppe.refresh_from_db()
    assert steppe.name_kk == ""  # nothing written before confirming

    done = admin_client.post(url, {"confirm": "1"})

    assert done.status_code == 302
    steppe.refresh_from_db()
    assert steppe.name_kk == "Жасыл дала"


def test_admin_import_of_a_bad_file_says_why(admin_client):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    upload = SimpleUploadedFile("kk.xlf", b"<html>", "text/html")
    response = admin_client.post(reverse("admin:translations_import"), {"file": upload})

    assert response.status_code == 200
    assert "Not well-formed XML" in response.text or "Not an XLIFF" in response.text


def test_admin_import_refuses_a_translator_another_language(client, records):
    from django.contrib.auth.models import Group, User
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    user = User.objects.create_user("timur", "t@example.kz", "pw", is_staff=True)
    user.groups.add(Group.objects.get(name="Translators (ru)"))
    client.force_login(user)
    root = etree.fromstring(export("kk", models=[Organisation]))
    for unit in root.iter(f"{{{NS}}}trans-unit"):
        target(unit).text = "Аударма"
    upload = SimpleUploadedFile("kk.xlf", etree.tostring(root), "application/x-xliff+xml")

    response = client.post(reverse("admin:translations_import"), {"file": upload})

    assert "You may not change this text in this language." in response.text
    assert not Organisation.objects.filter(name_kk="Аударма").exists()

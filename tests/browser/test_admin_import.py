"""Staff import a spreadsheet of organisations in the Russian admin: preview, then confirm."""

import pytest
from playwright.sync_api import expect
from reversion.models import Version

from members.models import Organisation
from tests.browser.test_admin_browser import log_in
from tests.factories import CountryFactory, OrganisationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CSV = (
    "\ufeffslug,name_en,name_ru,name_kk,kind,relation,country\n"
    "eco-schools,Eco Schools Network,Сеть экошкол,Экомектептер желісі,ngo,member,KZ\n"
    "teachers-lab-kz,Teachers Lab,,,ngo,partner,KZ\n"
)


def test_import_preview_then_confirm_in_russian_admin(page, live_server, tmp_path):
    CountryFactory(code="KZ")
    existing = OrganisationFactory(slug="teachers-lab", name_en="Teachers Lab LLP")
    upload = tmp_path / "партнёры.csv"
    upload.write_bytes(CSV.encode())
    log_in(page, live_server, language="ru")

    page.goto(f"{live_server.url}/ru/admin/members/organisation/")
    page.get_by_role("link", name="Импорт").click()
    page.set_input_files("#id_import_file", str(upload))
    page.select_option("#id_format", label="csv")
    page.get_by_role("button", name="Отправить").click()

    # The preview: both rows new, the second with the organisation it may duplicate.
    expect(page.get_by_role("heading", name="Предпросмотр")).to_be_visible()
    expect(page.locator("tr.new")).to_have_count(2)
    duplicate = page.locator("tr.new").nth(1).locator("td.possible-duplicates a")
    expect(duplicate).to_contain_text("(teachers-lab)")
    expect(duplicate).to_have_attribute(
        "href", f"/ru/admin/members/organisation/{existing.pk}/change/"
    )
    assert not Organisation.objects.filter(slug="eco-schools").exists()

    page.get_by_role("button", name="Подтвердить импорт").click()

    expect(page.locator(".messagelist")).to_contain_text("Импорт завершён")
    imported = Organisation.objects.get(slug="eco-schools")
    assert imported.name_kk == "Экомектептер желісі"
    comment = Version.objects.get_for_object(imported).get().revision.comment
    assert comment == "Импортировано из партнёры.csv"

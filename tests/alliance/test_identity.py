"""The portal's identity: the logo in the header, the favicon files, the footer's links."""

import json
import re
import struct
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import translation

from tests.factories import AllianceProfileFactory, CountryFactory, EventFactory

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)
LANGUAGES = ["en", "ru", "kk"]
PNG = b"\x89PNG\r\n\x1a\n"
NAMES = {
    "en": "Central Asian Climate Education Alliance",
    "ru": "Центрально-Азиатский альянс климатического образования",
    "kk": "Орталық Азиялық климаттық білім беру альянсы",
}


def url_in(language, name, **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def png_size(data):
    """(width, height) from a PNG's IHDR chunk."""
    assert data.startswith(PNG)
    return struct.unpack(">II", data[16:24])


# --- Favicon files -----------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "content_type", "start"),
    [
        ("/favicon.ico", ("image/x-icon", "image/vnd.microsoft.icon"), b"\x00\x00\x01\x00"),
        ("/favicon.svg", ("image/svg+xml",), b"<svg"),
        ("/apple-touch-icon.png", ("image/png",), PNG),
        ("/icon-192.png", ("image/png",), PNG),
        ("/site.webmanifest", ("application/manifest+json",), b"{"),
    ],
)
def test_icons_answer_at_the_root_with_their_content_type(client, path, content_type, start):
    # Browsers ask for /favicon.ico and phones for /apple-touch-icon.png unprompted:
    # WhiteNoise answers them before the language redirect (settings.WHITENOISE_ROOT).
    response = client.get(path)

    assert response.status_code == 200
    assert response["Content-Type"] in content_type
    assert b"".join(response.streaming_content).startswith(start)


def test_favicon_ico_holds_the_mark_at_16_32_and_48_pixels():
    data = (ROOT / "static" / "icons" / "favicon.ico").read_bytes()

    reserved, kind, count = struct.unpack("<HHH", data[:6])
    sizes = []
    for number in range(count):
        width, height, *_rest, length, offset = struct.unpack(
            "<BBBBHHII", data[6 + 16 * number : 22 + 16 * number]
        )
        image = data[offset : offset + length]
        assert png_size(image) == (width, height)
        sizes.append(width)
    assert (reserved, kind) == (0, 1)
    assert sizes == [16, 32, 48]


@pytest.mark.parametrize(
    ("name", "size"),
    [("apple-touch-icon.png", 180), ("icon-192.png", 192), ("icon-512.png", 512)],
)
def test_png_icons_have_their_size(name, size):
    assert png_size((ROOT / "static" / "icons" / name).read_bytes()) == (size, size)


def test_manifest_names_the_alliance_and_icons_that_exist():
    manifest = json.loads((ROOT / "static" / "icons" / "site.webmanifest").read_text("utf-8"))

    assert manifest["name"] == "Central Asian Climate Education Alliance"
    assert manifest["short_name"] == "TsAKO"
    for icon in manifest["icons"]:
        assert (ROOT / "static" / "icons" / icon["src"]).is_file(), icon


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_links_the_icon_files_not_a_data_url(client, language):
    content = client.get(url_in(language, "home")).content.decode()

    assert '<link rel="icon" href="/static/icons/favicon.ico" sizes="32x32">' in content
    assert '<link rel="icon" href="/static/icons/favicon.svg" type="image/svg+xml">' in content
    assert '<link rel="apple-touch-icon" href="/static/icons/apple-touch-icon.png">' in content
    assert '<link rel="manifest" href="/static/icons/site.webmanifest">' in content
    assert "data:image" not in content
    for asset in ("favicon.ico", "favicon.svg", "apple-touch-icon.png", "site.webmanifest"):
        assert finders.find(f"icons/{asset}"), asset


# --- The logo ----------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_header_shows_the_logo_of_the_readers_language_named_by_the_alliance(client, language):
    content = client.get(url_in(language, "members:list")).content.decode()

    header = content[content.index("<header") : content.index("</header>")]
    assert (
        f'<a class="brand" href="/{language}/"><img class="logo" '
        f'src="/static/img/logo-{language}.svg" width="160" height="40" '
        f'alt="{NAMES[language]}">'
    ) in header
    # The name under the logo is for the eye: screen readers have it from the alt text.
    assert f'<span class="brand-sub" aria-hidden="true">{NAMES[language]}</span>' in header


@pytest.mark.parametrize("language", LANGUAGES)
def test_logo_says_the_profiles_acronym_in_its_language(language):
    seeded = json.loads((ROOT / "fixtures" / "03_alliance.json").read_text("utf-8"))[0]["fields"]
    logo = (ROOT / "static" / "img" / f"logo-{language}.svg").read_text("utf-8")

    assert f"<title>{seeded[f'acronym_{language}']}</title>" in logo
    # Drawn as outlines: the page loads no font, and the shapes are the same everywhere.
    assert "<text" not in logo and "font-family" not in logo
    # The box the header's width="160" height="40" promises (no shift as it loads).
    width, height = map(int, re.search(r'viewBox="0 0 (\d+) (\d+)"', logo).groups())
    assert width * 40 == height * 160


# --- The footer --------------------------------------------------------------


@pytest.mark.parametrize("path", ["/en/", "/ru/initiatives/", "/kk/events/", "/en/no-such-page/"])
def test_footer_links_about_contact_and_privacy_on_every_page(client, path):
    AllianceProfileFactory()
    language = path.split("/")[1]

    content = client.get(path).content.decode()

    footer = content[content.index('<footer class="site-footer">') :]
    for page in ("about", "contact", "privacy", "data"):
        assert f'href="/{language}/{page}/"' in footer, page


def test_sitemap_lists_about_contact_and_privacy_in_three_languages(client):
    content = client.get("/sitemap-sections.xml").content.decode()

    for language in LANGUAGES:
        for page in ("about", "contact", "privacy"):
            assert f"<loc>http://testserver/{language}/{page}/</loc>" in content


# --- The privacy note on every form that collects personal data ---------------


def personal_data_forms(language):
    CountryFactory(code="KZ", name_en="Kazakhstan")
    event = EventFactory(slug="forum", registration_open=True, start_date="2030-05-20")
    return {
        "join": url_in(language, "join:apply"),
        "register": url_in(language, "registrations:register", slug=event.slug),
        "alert": url_in(language, "alerts:initiatives") + "?country=KZ",
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_personal_data_form_links_the_privacy_page(client, language):
    sentence = {
        "en": "How we handle your data:",
        "ru": "Как мы обращаемся с вашими данными:",
        "kk": "Деректеріңізбен қалай жұмыс істейміз:",
    }[language]

    for name, address in personal_data_forms(language).items():
        content = client.get(address).content.decode()
        form = content[content.index('<form class="form"') : content.index("</form>")]
        note = form[form.index('<p class="privacy-note">') :]
        link = f'<a href="/{language}/privacy/">'
        assert note.startswith(f'<p class="privacy-note">{sentence} {link}'), name
        # Before the button that sends the data.
        assert note.index("privacy/") < note.index('<button type="submit">'), name


def test_reading_sets_no_cookie_and_a_form_only_csrftoken(client):
    # What the privacy page says about cookies.
    home = client.get("/en/")
    form = client.get(url_in("en", "join:apply"))

    assert dict(home.cookies) == {}
    assert set(form.cookies) == {"csrftoken"}

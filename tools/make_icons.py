"""Draw the portal's logo and icons once: SVG from a typeface's outlines, PNG and ICO from the SVG.

    pip install --target /tmp/fonttools fonttools
    PYTHONPATH=/tmp/fonttools python tools/make_icons.py

writes, from the alliance's acronyms in fixtures/03_alliance.json (the
profile's acronym_en "TsAKO", acronym_ru and acronym_kk "ЦАКО"):

- static/img/logo-<language>.svg: the mark and the acronym in that language,
  white, for the green header. The letters are DejaVu Sans Condensed Bold's outlines
  (its licence allows it), so the page loads no font and every browser draws
  the same shapes. All three share one size, so the header's <img> has fixed
  width and height attributes (templates/base.html) and nothing moves as it
  loads; a longer acronym is narrowed to fit.
- static/icons/favicon.svg: the mark alone, a leaf on the alliance's green.
- static/icons/favicon.ico: the mark at 16, 32 and 48 px, as PNGs in an ICO
  container (which every browser since 2007 reads).
- static/icons/apple-touch-icon.png (180 px, opaque: iOS rounds the corners
  itself), icon-192.png and icon-512.png, and site.webmanifest naming them.

The PNGs are screenshots of the SVG in the system Chromium (Playwright, as the
browser tests use it): no image library is a dependency of the portal. fontTools
is installed in a scratch folder for this run only, never committed.
"""

import base64
import json
import os
import struct
import sys
from pathlib import Path

from fontTools.pens.svgPathPen import SVGPathPen
from fontTools.pens.transformPen import TransformPen
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parent.parent
PROFILE = ROOT / "fixtures" / "03_alliance.json"
IMAGES = ROOT / "static" / "img"
ICONS = ROOT / "static" / "icons"
# Debian's fonts-dejavu-core.
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSansCondensed-Bold.ttf")
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
LANGUAGES = ["en", "ru", "kk"]

GREEN = "#0b5d3b"  # static/css/portal.css --accent
WHITE = "#ffffff"

# The logo's box: the mark is a 48-unit square; the acronym's capitals are
# CAP units tall on the mark's middle, GAP units after it, in a box WIDTH wide.
HEIGHT = 48
CAP = 28
GAP = 12
WIDTH = 192
TRACKING = 40  # font units added between letters: a wordmark reads better a little open


def mark(square, leaf, rounded=True):
    """The mark: a leaf across a square (48 units), its vein in the square's colour."""
    corner = ' rx="10"' if rounded else ""
    return (
        f'<rect width="48" height="48"{corner} fill="{square}"/>'
        f'<path d="M10 38C10 19 19 10 38 10C38 29 29 38 10 38Z" fill="{leaf}"/>'
        f'<path d="M15 33L31 17" stroke="{square}" stroke-width="2.5" stroke-linecap="round"/>'
    )


def svg(width, height, body, title=None):
    heading = f"<title>{title}</title>" if title else ""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}">{heading}{body}</svg>\n'
    )


def acronyms():
    fields = json.loads(PROFILE.read_text("utf-8"))[0]["fields"]
    return {language: fields[f"acronym_{language}"] for language in LANGUAGES}


def set_in_outlines(font, text):
    """(SVG path data, width in font units) of `text` set on a baseline at 0, y pointing down."""
    glyphs = font.getGlyphSet()
    cmap = font.getBestCmap()
    x = 0
    paths = []
    for position, character in enumerate(text):
        name = cmap[ord(character)]
        pen = SVGPathPen(glyphs)
        glyphs[name].draw(TransformPen(pen, (1, 0, 0, -1, x, 0)))
        paths.append(pen.getCommands())
        x += glyphs[name].width + (TRACKING if position < len(text) - 1 else 0)
    return " ".join(paths), x


def logo(font, acronym):
    # DejaVu's OS/2 table is too old to state its cap height: the H's top is it.
    cap_height = font["glyf"]["H"].yMax
    scale = CAP / cap_height
    path, width = set_in_outlines(font, acronym)
    room = WIDTH - HEIGHT - GAP
    # Narrowed, never enlarged, when an acronym is longer than the box.
    squeeze = min(1.0, room / (width * scale))
    baseline = (HEIGHT + CAP) / 2
    letters = (
        f'<path transform="translate({HEIGHT + GAP} {baseline:g}) '
        f'scale({scale * squeeze:.6f} {scale:.6f})" d="{path}" fill="{WHITE}"/>'
    )
    return svg(WIDTH, HEIGHT, mark(WHITE, GREEN) + letters, title=acronym)


def render_pngs(sizes, source):
    """{size: PNG bytes} of the SVG `source` drawn at each size by Chromium."""
    from playwright.sync_api import sync_playwright

    url = "data:image/svg+xml;base64," + base64.b64encode(source.encode()).decode()
    images = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox"]
        )
        for size in sizes:
            page = browser.new_page(viewport={"width": size, "height": size})
            page.set_content(
                f'<body style="margin:0;background:transparent">'
                f'<img src="{url}" width="{size}" height="{size}" style="display:block">'
            )
            page.wait_for_load_state("load")
            images[size] = page.screenshot(
                omit_background=True, clip={"x": 0, "y": 0, "width": size, "height": size}
            )
            page.close()
        browser.close()
    return images


def ico(pngs):
    """An ICO file holding each PNG as is (the PNG-in-ICO form)."""
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = len(header) + 16 * len(pngs)
    entries, data = b"", b""
    for size, png in sorted(pngs.items()):
        side = 0 if size >= 256 else size  # 0 means 256
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset)
        offset += len(png)
        data += png
    return header + entries + data


def manifest(profile):
    return {
        "name": profile["name_en"],
        "short_name": profile["acronym_en"],
        "start_url": "/",
        "display": "browser",
        "background_color": WHITE,
        "theme_color": GREEN,
        "icons": [
            {"src": "icon-192.png", "sizes": "192x192", "type": "image/png"},
            {"src": "icon-512.png", "sizes": "512x512", "type": "image/png"},
            {"src": "favicon.svg", "sizes": "any", "type": "image/svg+xml"},
        ],
    }


def main():
    if not FONT.is_file():
        sys.exit(f"{FONT} is missing: apt-get install fonts-dejavu-core")
    font = TTFont(FONT)
    IMAGES.mkdir(parents=True, exist_ok=True)
    ICONS.mkdir(parents=True, exist_ok=True)
    for language, acronym in acronyms().items():
        (IMAGES / f"logo-{language}.svg").write_text(logo(font, acronym), "utf-8")

    favicon = svg(48, 48, mark(GREEN, WHITE))
    (ICONS / "favicon.svg").write_text(favicon, "utf-8")
    (ICONS / "favicon.ico").write_bytes(ico(render_pngs([16, 32, 48], favicon)))
    # Opaque and square to the edge: iOS and the launchers cut their own shape.
    full = svg(48, 48, mark(GREEN, WHITE, rounded=False))
    for size, png in render_pngs([180, 192, 512], full).items():
        name = "apple-touch-icon.png" if size == 180 else f"icon-{size}.png"
        (ICONS / name).write_bytes(png)
    profile = json.loads(PROFILE.read_text("utf-8"))[0]["fields"]
    (ICONS / "site.webmanifest").write_text(
        json.dumps(manifest(profile), indent=2, ensure_ascii=False) + "\n", "utf-8"
    )


if __name__ == "__main__":
    main()

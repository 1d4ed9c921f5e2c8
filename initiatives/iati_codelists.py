"""IATI's codelists for version 2.03 (vendored in `iati_codelists/2.03/`, see its README).

The admin checks a theme's sector code against them, and the test suite checks
every code the IATI export writes. The files are read once per process.
"""

import functools
from pathlib import Path

from lxml import etree

DIRECTORY = Path(__file__).resolve().parent / "iati_codelists" / "2.03"


@functools.cache
def codelist(name):
    """{code: English name} of the codelist `name` ("Sector"); withdrawn codes left out."""
    tree = etree.parse(str(DIRECTORY / f"{name}.xml"))
    return {
        item.findtext("code"): item.xpath("string(name/narrative[not(@xml:lang)])")
        for item in tree.iter("codelist-item")
        if item.get("status") != "withdrawn"
    }


def has_code(name, code):
    return code in codelist(name)

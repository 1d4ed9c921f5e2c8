"""The layer picture, checked where import-linter cannot look: names in strings and templates.

import-linter (pyproject.toml, run by CI) checks imports. A lower floor could
still reach a higher one, or a sibling, by name: `apps.get_model("events", ...)`,
a lazy "events.Event" in a field, a template path "events/..." or a URL name
"events:detail". These tests read every module and template for such names.

The frame every page shares is not an app's: the root templates (base.html,
includes/), the unnamespaced "home", "about", "contact", "privacy" and
"partners_data" (linked from every page's footer; "privacy" also from every
form that collects personal data) and the API's "api:" route names, which
the top floor's router gives every app's endpoints by convention.
"""

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
# Top to bottom; packages on one floor are independent of each other.
FLOORS = [
    ["alliance"],
    ["alerts", "applications", "registrations"],
    ["events", "initiatives"],
    ["members"],
    ["common"],
    ["translations"],
    ["toolkit"],
]
FLOOR = {package: level for level, packages in enumerate(FLOORS) for package in packages}
# URL namespaces and the package that defines them.
NAMESPACES = {**{package: package for package in FLOOR}, "join": "applications"}
# A model label, template path or URL name that starts with a package's name.
NAMED = re.compile(r"^(?P<name>[a-z]+)(?P<sep>[./:])[A-Za-z_]")


def may_name(source, target):
    """Whether code of `source` may name `target`: itself, or any package on a lower floor."""
    return target == source or FLOOR[target] > FLOOR[source]


def referenced_package(text):
    match = NAMED.match(text)
    if not match:
        return None
    name, separator = match["name"], match["sep"]
    if separator == ":":
        return NAMESPACES.get(name)
    return name if name in FLOOR else None


def python_strings(package):
    """(module path, line, string) for every string constant in a package's code."""
    for path in sorted((ROOT / package).rglob("*.py")):
        if "migrations" in path.parts:
            continue  # history: a migration names the apps as they were
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                yield path.relative_to(ROOT), node.lineno, node.value


TEMPLATE_NAMES = re.compile(
    r"""\{%\s*(?:include|extends)\s+["'](?P<path>[^"']+)["']|\{%\s*url\s+["'](?P<url>[^"']+)["']"""
)


def template_references(package):
    """(template, name) for each include, extends and url in a package's templates."""
    folder = ROOT / "templates" / package
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            for match in TEMPLATE_NAMES.finditer(path.read_text("utf-8")):
                yield path.relative_to(ROOT), match["path"] or match["url"]


@pytest.mark.parametrize("package", [p for p in FLOOR if p != "alliance"])
def test_layers_no_code_below_the_top_names_a_higher_or_sibling_package(package):
    wrong = [
        f"{path}:{line}: {text!r}"
        for path, line, text in python_strings(package)
        if (target := referenced_package(text)) and not may_name(package, target)
    ]
    assert wrong == []


@pytest.mark.parametrize("package", [p for p in FLOOR if p != "alliance"])
def test_layers_no_template_below_the_top_names_a_higher_or_sibling_package(package):
    wrong = [
        f"{path}: {name}"
        for path, name in template_references(package)
        if (target := referenced_package(name)) and not may_name(package, target)
    ]
    assert wrong == []


def test_layers_the_checks_see_a_lookup_by_name():
    # The checks themselves: what the code once did in members/api.py is caught.
    assert referenced_package("events") is None  # a bare word is no reference
    assert referenced_package("events.EventParticipation") == "events"
    assert referenced_package("events/registration.html") == "events"
    assert referenced_package("join:apply") == "applications"
    assert not may_name("members", "events")
    assert not may_name("events", "initiatives")
    assert may_name("registrations", "events")


def test_layers_get_model_is_used_only_on_the_top_floor_or_downwards():
    calls = []
    for package in FLOOR:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text("utf-8"))):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "get_model"
                    and node.args
                    and isinstance(node.args[0], ast.Constant)
                ):
                    target = str(node.args[0].value).split(".")[0]
                    if target in FLOOR and not may_name(package, target):
                        calls.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert calls == []
